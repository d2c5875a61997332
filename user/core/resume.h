/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --resume: the state of an interrupted scan (its command line, seed and position) in a file. */
#ifndef XDPMAP_RESUME_H
#define XDPMAP_RESUME_H

#include <stddef.h>
#include <stdint.h>

/* The layout of resume files this version writes and reads ("format N" line). */
#define XM_RESUME_FORMAT 1

/* Where an interrupted -sS scan stood: its order's seed and the first index not sent. */
struct xm_resume_state {
	uint64_t seed;
	uint64_t index;
};

/*
 * Write the command line and state to a new file in $TMPDIR (or /tmp; the
 * scanner runs unprivileged by then) and put its path in 'path'. Returns 0,
 * or -1 with a reason in err.
 */
int xm_resume_write(int argc, char *const *argv, const struct xm_resume_state *st,
		    char *path, size_t pathlen, char *err, size_t errlen);

/*
 * Read a resume file: a new argv (argv[0] included, NULL-terminated, to be
 * freed with xm_resume_free_argv) and the state. Returns 0 or -1 with err.
 */
int xm_resume_load(const char *path, int *argc, char ***argv, struct xm_resume_state *st,
		   char *err, size_t errlen);

void xm_resume_free_argv(char **argv);

struct xm_config;

/*
 * An interrupted scan of cfg (its argv), whose walk with 'seed' sent every
 * index below 'index': write the resume file and print how to go on, or a
 * warning naming what failed. Nothing for -sn or without a command line.
 */
void xm_resume_save(const struct xm_config *cfg, uint64_t seed, uint64_t index);

#endif /* XDPMAP_RESUME_H */

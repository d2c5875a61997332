/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --resume: the state of an interrupted scan (its command line, seed and position) in a file. */
#ifndef XDPMAP_RESUME_H
#define XDPMAP_RESUME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The layout of resume files this version writes and reads ("format N" line). */
#define XM_RESUME_FORMAT 1

/* Where an interrupted -sS scan stood: its order's seed and the first index not sent. */
struct xm_resume_state {
	uint64_t seed;
	uint64_t index;
};

/*
 * Before the privilege drop: create this run's resume file, empty, mode 0600,
 * owned by the invoking user, in a new private directory (mkdtemp under
 * $TMPDIR or /tmp) given to uid/gid, the user the scan becomes ((uid_t)-1:
 * keep), so that it can remove the file when the scan needs none. Returns 0,
 * or -1 with one line in err.
 */
int xm_resume_prepare(uid_t uid, gid_t gid, char *err, size_t errlen);

/*
 * Write the command line and state into the prepared file (through the
 * descriptor kept open since before the drop) and put its path in 'path'.
 * Returns 0, or -1 with a reason in err.
 */
int xm_resume_write(int argc, char *const *argv, const struct xm_resume_state *st,
		    char *path, size_t pathlen, char *err, size_t errlen);

/*
 * The end of a run: remove the prepared file unless it was written, and the
 * file that --resume read (this run finished it or wrote its successor).
 */
void xm_resume_finish(void);

/*
 * Read a resume file (not a symlink, owned by the effective user, writable
 * by no one else): a new argv (argv[0] included, NULL-terminated, to be
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

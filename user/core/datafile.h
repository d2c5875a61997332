/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* xdpmap's data files: where a shipped file is found, and reading a whole file into memory. */
#ifndef XDPMAP_DATAFILE_H
#define XDPMAP_DATAFILE_H

#include <stddef.h>

/*
 * The path of the shipped data file 'file' (e.g. "service-probes"), into buf:
 * the environment variable 'env' when set and not empty; else the first
 * readable of data/FILE next to the binary's directory or in it (a build
 * tree), share/xdpmap/FILE beside it (an installed prefix); else
 * /usr/local/share/xdpmap/FILE when readable, else /usr/share/xdpmap/FILE.
 * Returns buf, or the environment's string.
 */
const char *xm_data_path(const char *file, const char *env, char *buf, size_t len);

/*
 * Read the file at 'path' whole into a malloc()ed buffer (*text, not
 * NUL-terminated, *len bytes; free() it). Returns 0, or -1 with *text NULL and
 * one line in err: "fopen(PATH) failed: REASON", "read(PATH) failed: REASON" or
 * "PATH: larger than MAX bytes or out of memory".
 */
int xm_read_file(const char *path, size_t max, char **text, size_t *len, char *err,
		 size_t errlen);

#endif /* XDPMAP_DATAFILE_H */

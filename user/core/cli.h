/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Command-line parsing with nmap's option names and meanings. */
#ifndef XDPMAP_CLI_H
#define XDPMAP_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "config.h"

/* What main() should do after parsing. */
enum xm_cli_action {
	XM_CLI_SCAN,
	XM_CLI_EXIT_OK, /* --help or --version was printed */
	XM_CLI_ERROR,	/* err holds the one-line reason */
};

/*
 * Parse argv into cfg (targets finalized, ports set, defaults filled).
 * On XM_CLI_ERROR, 'err' says what was wrong.
 */
enum xm_cli_action xm_cli_parse(int argc, char **argv, struct xm_config *cfg,
				char *err, size_t errlen);

void xm_cli_usage(FILE *f);

/*
 * The words of argv[1..argc) that say which scan it is: all but the shard
 * options (--shard, --shards) and the output files (-oN, -oX, -oG, -oJ,
 * -oA), each with its value; after "--" every word is kept. Pointers into
 * argv are written to out (room for argc entries). Returns how many.
 */
size_t xm_cli_scan_words(int argc, char *const *argv, const char **out);

/*
 * The scan's identity for --merge: a 64-bit hash (16 hex digits) of
 * xm_cli_scan_words(), so that the shards of one command line share it.
 */
void xm_cli_scan_id(int argc, char *const *argv, char *buf, size_t len);

/* nmap's time specification ("500ms", "5s", "2m", "1h", "3" = seconds). Returns 0 or -1. */
int xm_parse_duration(const char *s, double *out);

/* Release what parsing allocated. */
void xm_config_free(struct xm_config *cfg);

#endif /* XDPMAP_CLI_H */

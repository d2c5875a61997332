/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* xdpmap --merge: the shards' files in, one report of the whole scan out, no packet sent. */
#ifndef XDPMAP_MERGE_CLI_H
#define XDPMAP_MERGE_CLI_H

#include <stddef.h>
#include "cli.h"
#include "config.h"
#include "merge.h"
#include "output.h"

/*
 * argv = { prog, "--merge", FILE..., [-oN|-oX|-oG|-oJ FILE], [-oA BASE],
 * [--merge-partial], ["--" FILE...] }: read the shards into m (merge.h) and
 * parse their scan's command line, its shard and output-file options
 * replaced by the merge's output options, with xm_cli_parse() into cfg.
 * Returns XM_CLI_SCAN (free m and cfg), or XM_CLI_ERROR with one line in
 * err (m freed; free cfg).
 */
enum xm_cli_action xm_merge_parse(int argc, char **argv, struct xm_merge *m,
				  struct xm_config *cfg, char *err, size_t errlen);

/* The merged report of m through the opened outputs, as the scan's own would be written. */
void xm_merge_report(struct xm_merge *m, const struct xm_config *cfg, struct xm_output *outs,
		     size_t nouts);

#endif /* XDPMAP_MERGE_CLI_H */

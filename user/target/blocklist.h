/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* zmap's blocklist and allowlist, -iR's random public targets, and the default blocklist. */
#ifndef XDPMAP_BLOCKLIST_H
#define XDPMAP_BLOCKLIST_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "targets.h"

/* Above this many target addresses (or with -iR) data/blocklist.conf applies by default. */
#define XM_BLOCKLIST_THRESHOLD (1ULL << 24)

/* -iR: at most this many random targets. */
#define XM_RANDOM_TARGETS_MAX (1ULL << 24)

/*
 * Read a list of networks, zmap's format: one address or CIDR a.b.c.d/n per
 * line, '#' starting a comment, blank lines ignored. The ranges are appended
 * to 'out' (not normalized). Returns 0, or -1 with a one-line reason naming
 * the file and line in 'err'.
 */
int xm_cidr_file_read(const char *path, struct xm_ranges *out, char *err, size_t errlen);

/*
 * The shipped default blocklist's path (data/blocklist.conf next to the
 * binary's source tree, or share/xdpmap/blocklist.conf of the install;
 * XDPMAP_BLOCKLIST overrides), written into buf. Returns buf.
 */
const char *xm_blocklist_default_path(char *buf, size_t len);

/*
 * Build cfg->targets from what parsing collected: -iR's random addresses
 * (outside the excludes and the blocklist), --allowlist (the targets, or
 * their intersection with it), the excludes, then the blocklist (--blocklist
 * always; data/blocklist.conf when more than XM_BLOCKLIST_THRESHOLD addresses
 * are targets or with -iR, unless --no-blocklist). Sets cfg->blocklisted and
 * cfg->blocklist_used. Replaces xm_targets_finalize() for the command line.
 * Returns 0, or -1 with a one-line reason in 'err'.
 */
int xm_targets_build(struct xm_config *cfg, char *err, size_t errlen);

#endif /* XDPMAP_BLOCKLIST_H */

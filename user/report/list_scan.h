/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sL: list the targets in every output format, with reverse DNS unless -n; send nothing. */
#ifndef XDPMAP_LIST_SCAN_H
#define XDPMAP_LIST_SCAN_H

#include "config.h"

/*
 * Write every target of cfg, in address order, to stdout (nmap's normal
 * output, unless a format goes to '-') and to each -oN/-oX/-oG/-oJ file:
 * nmap's -sL report (hosts of state "unknown", reason "user-set"). No packet
 * is sent other than reverse DNS queries (none with -n).
 * Returns 0, or -1 after printing one error line (an output file).
 */
int xm_list_scan(const struct xm_config *cfg);

#endif /* XDPMAP_LIST_SCAN_H */

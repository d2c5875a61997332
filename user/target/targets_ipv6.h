/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* IPv6 target specs: addresses, prefixes, ranges and names resolving to AAAA records. */
#ifndef XDPMAP_TARGETS_IPV6_H
#define XDPMAP_TARGETS_IPV6_H

#include <stddef.h>
#include "targets.h"

/* Addresses one IPv6 prefix or range may hold at most (a /96). */
#define XM_IPV6_SPAN_MAX (1ULL << 32)

/*
 * Append the addresses of one IPv6 spec to 'out': "fd00::1", "fd00::/120",
 * "name/120", "fd00::1-fd00::ff" or a host name (resolved to its first AAAA
 * record). A prefix or range of more than XM_IPV6_SPAN_MAX addresses, a
 * malformed address or prefix length, a reversed range and IPv4-mapped
 * addresses are refused. Returns 0, or -1 with a one-line reason in 'err'.
 */
int xm_parse_target6(const char *spec, struct xm_ranges *out, char *err, size_t errlen);

#endif /* XDPMAP_TARGETS_IPV6_H */

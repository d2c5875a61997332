/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Target specifications (nmap syntax) parsed into sorted, disjoint IPv4 or IPv6 ranges. */
#ifndef XDPMAP_TARGETS_H
#define XDPMAP_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common_kern_user.h"

/*
 * An inclusive range of addresses. IPv4: lo and hi are the addresses in host
 * byte order, net is zero. IPv6: net holds the upper 96 bits (three host-order
 * words) shared by the range, lo and hi its lowest 32 bits (a range never
 * crosses a /96 boundary: longer ones are cut).
 */
struct xm_range {
	uint32_t lo;
	uint32_t hi;
	uint32_t net[3];
};

/* Room for the first spec of each family kept for messages, NUL included. */
#define XM_SPEC_NOTE 64

/*
 * A growable list of ranges; normalized means sorted (by net, then lo),
 * merged and disjoint. has_ipv4/has_ipv6 say which families were pushed;
 * ipv4_spec/ipv6_spec keep the first spec of each (cut to fit) for
 * messages. resolve_family: host names resolve to AAAA records when it is
 * XM_FAMILY_IPV6 (-6), else to A records.
 */
struct xm_ranges {
	struct xm_range *v;
	size_t n;
	size_t cap;
	bool has_ipv4;
	bool has_ipv6;
	uint8_t resolve_family;
	char ipv4_spec[XM_SPEC_NOTE];
	char ipv6_spec[XM_SPEC_NOTE];
};

/* The final target set: included ranges minus excluded ones, indexable. */
struct xm_targets {
	struct xm_ranges include;
	struct xm_ranges exclude;
	uint64_t *prefix; /* prefix[i] = addresses in include.v[0..i-1] */
	uint64_t count;
	uint8_t family; /* enum xm_family of every target, set by xm_targets_finalize() */
};

/*
 * Append the addresses of one nmap-style spec to 'out': an address, CIDR
 * (a.b.c.d/n or name/n), octet ranges (198.18.1-3.1-254, *, lists with ','),
 * a full range (198.18.0.1-198.18.2.7) or a host name. IPv6: an address, a
 * prefix addr/n or name/n of at most 2^32 addresses (n >= 96), a range
 * addr-addr of at most 2^32 addresses; names resolve as out->resolve_family
 * says. IPv4-mapped IPv6 addresses are refused (give the IPv4 form).
 * Returns 0, or -1 with a one-line reason in 'err'.
 */
int xm_parse_target(const char *spec, struct xm_ranges *out, char *err,
		    size_t errlen);

/* The longest line a target file may have, newline excluded. */
#define XM_TARGET_LINE_MAX 65536

/*
 * Parse every whitespace-separated spec of a file ("-" = stdin); '#' starts a
 * comment. Returns 0, or -1 with a one-line reason naming the file in 'err':
 * a bad spec, a line longer than XM_TARGET_LINE_MAX bytes or holding a NUL
 * byte (both name the line), or a read error (never taken for end of file).
 */
int xm_parse_target_file(const char *path, struct xm_ranges *out, char *err,
			 size_t errlen);

/* Append [lo, hi] (host order, lo <= hi) to a list. Returns 0, or -1 on ENOMEM. */
int xm_ranges_push(struct xm_ranges *r, uint32_t lo, uint32_t hi);

/* Append the IPv6 range net:lo - net:hi (lo <= hi) to a list. Returns 0, or -1 on ENOMEM. */
int xm_ranges_push6(struct xm_ranges *r, const uint32_t net[3], uint32_t lo, uint32_t hi);

/* Sort and merge a list in place. */
void xm_ranges_normalize(struct xm_ranges *r);

/*
 * Subtract the excludes, index the result and set t->family. Returns -1 with
 * 'err' if nothing is left, or if IPv4 and IPv6 specs were mixed (in the
 * targets, or between targets and exclusions).
 */
int xm_targets_finalize(struct xm_targets *t, char *err, size_t errlen);

/* The idx-th target address (host order), 0 <= idx < t->count; IPv6: its lowest 32 bits. */
uint32_t xm_targets_addr(const struct xm_targets *t, uint64_t idx);

/* The idx-th target as a neutral address (either family), 0 <= idx < t->count. */
struct xm_addr xm_targets_at(const struct xm_targets *t, uint64_t idx);

/* The index of a neutral address among the targets, or -1 if it is none (or of the other family). */
int64_t xm_targets_index_of(const struct xm_targets *t, const struct xm_addr *a);

/* The index of a host-order address among the targets, or -1 if it is none. */
int64_t xm_targets_index(const struct xm_targets *t, uint32_t addr);

/* Whether a host-order address is a target. */
bool xm_targets_contains(const struct xm_targets *t, uint32_t addr);

void xm_targets_free(struct xm_targets *t);

#endif /* XDPMAP_TARGETS_H */

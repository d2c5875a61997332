/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Target specifications (nmap syntax) parsed into sorted, disjoint IPv4 ranges. */
#ifndef XDPMAP_TARGETS_H
#define XDPMAP_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An inclusive range of IPv4 addresses in host byte order. */
struct xm_range {
	uint32_t lo;
	uint32_t hi;
};

/* A growable list of ranges; normalized means sorted, merged and disjoint. */
struct xm_ranges {
	struct xm_range *v;
	size_t n;
	size_t cap;
};

/* The final target set: included ranges minus excluded ones, indexable. */
struct xm_targets {
	struct xm_ranges include;
	struct xm_ranges exclude;
	uint64_t *prefix; /* prefix[i] = addresses in include.v[0..i-1] */
	uint64_t count;
};

/*
 * Append the addresses of one nmap-style spec to 'out': an address, CIDR
 * (a.b.c.d/n or name/n), octet ranges (198.18.1-3.1-254, *, lists with ','),
 * a full range (198.18.0.1-198.18.2.7) or a host name. Returns 0, or -1 with
 * a one-line reason in 'err'.
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

/* Sort and merge a list in place. */
void xm_ranges_normalize(struct xm_ranges *r);

/* Subtract the excludes, index the result. Returns -1 with 'err' if nothing is left. */
int xm_targets_finalize(struct xm_targets *t, char *err, size_t errlen);

/* The idx-th target address (host order), 0 <= idx < t->count. */
uint32_t xm_targets_addr(const struct xm_targets *t, uint64_t idx);

/* The index of a host-order address among the targets, or -1 if it is none. */
int64_t xm_targets_index(const struct xm_targets *t, uint32_t addr);

/* Whether a host-order address is a target. */
bool xm_targets_contains(const struct xm_targets *t, uint32_t addr);

void xm_targets_free(struct xm_targets *t);

#endif /* XDPMAP_TARGETS_H */

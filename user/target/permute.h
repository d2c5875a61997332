/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A keyed pseudo-random permutation of [0, N) with O(1) memory. */
#ifndef XDPMAP_PERMUTE_H
#define XDPMAP_PERMUTE_H

#include <stdint.h>

#define XM_PERM_ROUNDS 6

struct xm_perm {
	uint64_t n;	    /* domain size */
	unsigned half_bits; /* bits in each Feistel half */
	uint64_t half_mask;
	uint64_t keys[XM_PERM_ROUNDS];
};

/* Prepare the permutation of [0, n) for 'seed'. n may be 0 (empty) up to 2^63. */
void xm_perm_init(struct xm_perm *p, uint64_t n, uint64_t seed);

/* The image of i (i < n): a bijection of [0, n) onto itself. */
uint64_t xm_perm_map(const struct xm_perm *p, uint64_t i);

/* The inverse of xm_perm_map: the i < n with xm_perm_map(p, i) == v (v < n). */
uint64_t xm_perm_unmap(const struct xm_perm *p, uint64_t v);

#endif /* XDPMAP_PERMUTE_H */

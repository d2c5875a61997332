// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The scan order: a keyed permutation of the index space hosts x ports.
 *
 * The math. Let N be the number of probes and choose the smallest h >= 1 with
 * 4^h >= N. An index x < 4^h is split into two h-bit halves (L, R). One
 * Feistel round maps (L, R) -> (R, L xor F_k(R)) where F_k is any function of
 * R and a round key k. Each round is invertible whatever F is (given R, L is
 * recovered as L' xor F_k(R)), so the composition of rounds, E, is a
 * bijection of [0, 4^h). With a few rounds of a well-mixing F, E behaves like
 * a random permutation keyed by the seed.
 *
 * E permutes [0, 4^h), but we need a permutation of [0, N). Cycle walking
 * (Black and Rogaway) restricts it: map(i) = the first of E(i), E(E(i)), ...
 * that is < N. Because E is a permutation, the orbit of i returns to i < N,
 * so the walk ends; and two different i cannot reach the same value, since
 * walking backwards from a value < N with E^-1 stops at exactly one i. So map
 * is a bijection of [0, N). As 4^h < 4N, a walk takes fewer than 4 steps on
 * average.
 *
 * Memory is O(1): only h, the mask and the round keys. The i-th probe of the
 * scan is map(i), decoded as host = map(i) / ports, port = map(i) % ports;
 * shard s of S takes the i with i mod S == s, so shards partition the scan.
 *
 * The inverse, unmap(v), walks backwards: E^-1 runs the rounds in reverse,
 * (L', R') -> (R' xor F_k(L'), L'), repeated until the value is < N. A report
 * uses it to tell which (host, port) pairs a shard or an interrupted scan sent.
 */
#include "permute.h"

/* splitmix64's finalizer: a cheap, well-distributed 64-bit mixer. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

void xm_perm_init(struct xm_perm *p, uint64_t n, uint64_t seed)
{
	unsigned h = 1;
	int r;

	while (h < 32 && ((uint64_t)1 << (2 * h)) < n)
		h++;
	p->n = n;
	p->half_bits = h;
	p->half_mask = ((uint64_t)1 << h) - 1;
	for (r = 0; r < XM_PERM_ROUNDS; r++)
		p->keys[r] = mix64(seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(r + 1));
}

static uint64_t feistel(const struct xm_perm *p, uint64_t x)
{
	uint64_t l = x >> p->half_bits, r = x & p->half_mask;
	int i;

	for (i = 0; i < XM_PERM_ROUNDS; i++) {
		uint64_t t = l ^ (mix64(r ^ p->keys[i]) & p->half_mask);

		l = r;
		r = t;
	}
	return (l << p->half_bits) | r;
}

uint64_t xm_perm_map(const struct xm_perm *p, uint64_t i)
{
	uint64_t x = feistel(p, i);

	while (x >= p->n)
		x = feistel(p, x);
	return x;
}

static uint64_t feistel_inverse(const struct xm_perm *p, uint64_t x)
{
	uint64_t l = x >> p->half_bits, r = x & p->half_mask;
	int i;

	for (i = XM_PERM_ROUNDS - 1; i >= 0; i--) {
		uint64_t t = r ^ (mix64(l ^ p->keys[i]) & p->half_mask);

		r = l;
		l = t;
	}
	return (l << p->half_bits) | r;
}

uint64_t xm_perm_unmap(const struct xm_perm *p, uint64_t v)
{
	uint64_t x = feistel_inverse(p, v);

	while (x >= p->n)
		x = feistel_inverse(p, x);
	return x;
}

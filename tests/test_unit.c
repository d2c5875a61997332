// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of xdpmap's userspace code, from SipHash cookies to the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "addr.h"
#include "cli.h"
#include "cookie.h"
#include "output.h"
#include "permute.h"
#include "ports.h"
#include "probe.h"
#include "results.h"
#include "targets.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define IP4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* Fail with both strings shown when 'hay' does not contain 'needle'. */
#define assert_substr(hay, needle)                                             \
	do {                                                                   \
		if (!strstr((hay), (needle)))                                  \
			fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
	} while (0)

/* ------------------------------------------------------------------ */
/* Independent reference code                                          */
/* ------------------------------------------------------------------ */

static uint64_t ref_rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

static uint64_t ref_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void ref_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ref_rotl(v[1], 13) ^ v[0];
	v[0] = ref_rotl(v[0], 32);
	v[2] += v[3];
	v[3] = ref_rotl(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = ref_rotl(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = ref_rotl(v[1], 17) ^ v[2];
	v[2] = ref_rotl(v[2], 32);
}

static void ref_compress(uint64_t v[4], uint64_t m, int rounds)
{
	int i;

	v[3] ^= m;
	for (i = 0; i < rounds; i++)
		ref_round(v);
	v[0] ^= m;
}

/* SipHash-2-4 as in the paper: bytes in, one byte at a time into the last block. */
static uint64_t ref_siphash(const uint8_t key[16], const uint8_t *msg, size_t len)
{
	uint64_t k0 = ref_le64(key), k1 = ref_le64(key + 8);
	uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
			  k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL };
	uint64_t last = (uint64_t)(len & 0xff) << 56;
	size_t i, full = len - len % 8;

	for (i = 0; i < full; i += 8)
		ref_compress(v, ref_le64(msg + i), 2);
	for (i = full; i < len; i++)
		last |= (uint64_t)msg[i] << (8 * (i - full));
	ref_compress(v, last, 2);
	v[2] ^= 0xff;
	for (i = 0; i < 4; i++)
		ref_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* Run the code under test on a byte message, assembling words as documented. */
static uint64_t xm_siphash_bytes(const uint8_t key[16], const uint8_t *msg, size_t len)
{
	struct xm_siphash_key k = { ref_le64(key), ref_le64(key + 8) };
	__u64 words[16], tail = 0;
	size_t i, nwords = len / 8;

	assert_true(nwords <= ARRAY_LEN(words));
	for (i = 0; i < nwords; i++)
		words[i] = ref_le64(msg + 8 * i);
	for (i = 0; i < len % 8; i++)
		tail |= (uint64_t)msg[8 * nwords + i] << (8 * i);
	return xm_siphash24_words(&k, words, (int)nwords, tail, (int)(len % 8));
}

/* RFC 1071 checksum over several buffers: even bytes are high, odd bytes low. */
static uint16_t ref_csum(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint64_t hi = 0, lo = 0, sum;
	size_t i;

	for (i = 0; i < alen + blen; i++) {
		uint8_t byte = i < alen ? a[i] : b[i - alen];

		if (i % 2)
			lo += byte;
		else
			hi += byte;
	}
	sum = (hi << 8) + lo;
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

/* A small deterministic generator for test data. */
static uint64_t rng_next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 16;
}

/* ------------------------------------------------------------------ */
/* 1. SipHash and the cookie                                           */
/* ------------------------------------------------------------------ */

static const uint8_t ref_key[16] = { 0, 1, 2, 3, 4, 5, 6, 7,
				     8, 9, 10, 11, 12, 13, 14, 15 };

/* SipHash-2-4 reference vectors.h (vectors_sip64), message 00..n-1. */
static const uint64_t sip_vectors[] = {
	0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
	0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
	0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL,
	0x9e0082df0ba9e4b0ULL, 0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
	0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
	0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
	0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL, 0xbed65cf21aa2ee98ULL,
	0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
};

static void test_siphash_reference_vectors(void **state)
{
	uint8_t msg[32];
	size_t n;

	for (n = 0; n < sizeof(msg); n++)
		msg[n] = (uint8_t)n;
	/* The values quoted by the paper, spelled out independently of the table. */
	assert_true(sip_vectors[0] == 0x726fdb47dd0e0e31ULL);
	assert_true(sip_vectors[1] == 0x74f839c593dc67fdULL);
	assert_true(sip_vectors[7] == 0xab0200f58b01d137ULL);
	assert_true(sip_vectors[8] == 0x93f5f5799a932462ULL);
	assert_true(sip_vectors[15] == 0xa129ca6149be45e5ULL);
	for (n = 0; n < ARRAY_LEN(sip_vectors); n++) {
		assert_true(ref_siphash(ref_key, msg, n) == sip_vectors[n]);
		assert_true(xm_siphash_bytes(ref_key, msg, n) == sip_vectors[n]);
	}
}

static void test_siphash_matches_reference_random(void **state)
{
	uint64_t seed = 42;
	uint8_t key[16], msg[100];
	size_t len, i;

	for (len = 0; len < sizeof(msg); len++) {
		for (i = 0; i < sizeof(key); i++)
			key[i] = (uint8_t)rng_next(&seed);
		for (i = 0; i < len; i++)
			msg[i] = (uint8_t)rng_next(&seed);
		assert_true(xm_siphash_bytes(key, msg, len) == ref_siphash(key, msg, len));
	}
}

struct flow {
	uint32_t saddr, daddr; /* host order */
	uint16_t sport, dport;
};

/* Store 'v' as 'n' big-endian bytes at p. */
static void put_be(uint8_t *p, uint32_t v, int n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

static uint32_t ref_cookie(const uint8_t key[16], const struct flow *f)
{
	uint8_t b[12];

	put_be(b, f->saddr, 4);
	put_be(b + 4, f->daddr, 4);
	put_be(b + 8, f->sport, 2);
	put_be(b + 10, f->dport, 2);
	return (uint32_t)ref_siphash(key, b, sizeof(b));
}

static uint32_t cookie_of(const uint8_t key[16], const struct flow *f)
{
	struct xm_siphash_key k = { ref_le64(key), ref_le64(key + 8) };

	return xm_cookie(&k, htonl(f->saddr), htonl(f->daddr), htons(f->sport),
			 htons(f->dport));
}

static const struct flow flows[] = {
	{ IP4(198, 18, 0, 1), IP4(198, 18, 0, 2), 61000, 80 },
	{ IP4(10, 0, 0, 1), IP4(192, 168, 1, 254), 40000, 443 },
	{ 0, 0, 0, 0 },
	{ 0xffffffff, 0xffffffff, 0xffff, 0xffff },
	{ IP4(1, 2, 3, 4), IP4(5, 6, 7, 8), 0x0102, 0x0304 },
};

static void test_cookie_matches_reference(void **state)
{
	uint8_t key2[16];
	size_t i;

	for (i = 0; i < sizeof(key2); i++)
		key2[i] = (uint8_t)(0xa5 ^ (i * 37));
	for (i = 0; i < ARRAY_LEN(flows); i++) {
		assert_int_equal(cookie_of(ref_key, &flows[i]), ref_cookie(ref_key, &flows[i]));
		assert_int_equal(cookie_of(key2, &flows[i]), ref_cookie(key2, &flows[i]));
	}
}

/* The cookie of flows[0] with one field changed by 'fn' must differ. */
static void check_cookie_differs(void (*fn)(struct flow *f))
{
	struct flow f = flows[0];

	fn(&f);
	assert_int_not_equal(cookie_of(ref_key, &f), cookie_of(ref_key, &flows[0]));
}

static void bump_saddr(struct flow *f)
{
	f->saddr++;
}

static void bump_daddr(struct flow *f)
{
	f->daddr++;
}

static void bump_sport(struct flow *f)
{
	f->sport++;
}

static void bump_dport(struct flow *f)
{
	f->dport++;
}

static void swap_ports(struct flow *f)
{
	f->sport = flows[0].dport;
	f->dport = flows[0].sport;
}

static void test_cookie_changes_with_every_input(void **state)
{
	uint8_t key2[16];

	check_cookie_differs(bump_saddr);
	check_cookie_differs(bump_daddr);
	check_cookie_differs(bump_sport);
	check_cookie_differs(bump_dport);
	check_cookie_differs(swap_ports);
	memcpy(key2, ref_key, sizeof(key2));
	key2[15] ^= 1;
	assert_int_not_equal(cookie_of(key2, &flows[0]), cookie_of(ref_key, &flows[0]));
	/* The same inputs give the same cookie. */
	assert_int_equal(cookie_of(ref_key, &flows[0]), cookie_of(ref_key, &flows[0]));
}

/* ------------------------------------------------------------------ */
/* 2. Permutation                                                      */
/* ------------------------------------------------------------------ */

static uint64_t *bitmap_new(uint64_t n)
{
	uint64_t *b = calloc((size_t)(n / 64 + 1), sizeof(*b));

	assert_non_null(b);
	return b;
}

/* Set bit v; fail if it was already set. */
static void bitmap_claim(uint64_t *b, uint64_t v)
{
	uint64_t bit = 1ULL << (v % 64);

	if (b[v / 64] & bit)
		fail_msg("value %llu produced twice", (unsigned long long)v);
	b[v / 64] |= bit;
}

static void check_bijection(uint64_t n, uint64_t seed)
{
	struct xm_perm p;
	uint64_t *seen = bitmap_new(n), i, v;

	xm_perm_init(&p, n, seed);
	for (i = 0; i < n; i++) {
		v = xm_perm_map(&p, i);
		if (v >= n)
			fail_msg("n=%llu: map(%llu)=%llu out of range",
				 (unsigned long long)n, (unsigned long long)i,
				 (unsigned long long)v);
		bitmap_claim(seen, v);
	}
	free(seen);
}

static void test_perm_bijection(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 255, 256, 65537, 1048583 };
	static const uint64_t seeds[] = { 0, 0x0123456789abcdefULL };
	size_t i, j;

	for (i = 0; i < ARRAY_LEN(sizes); i++)
		for (j = 0; j < ARRAY_LEN(seeds); j++)
			check_bijection(sizes[i], seeds[j]);
}

static void test_perm_seeds_differ(void **state)
{
	struct xm_perm a, b;
	uint64_t i, n = 65537, differ = 0;

	xm_perm_init(&a, n, 1);
	xm_perm_init(&b, n, 2);
	for (i = 0; i < n; i++)
		differ += xm_perm_map(&a, i) != xm_perm_map(&b, i);
	/* Two random permutations agree on about one position. */
	assert_true(differ > n - 100);
}

static void test_perm_deterministic(void **state)
{
	struct xm_perm a, b;
	uint64_t i, n = 65537, fixed = 0;

	xm_perm_init(&a, n, 7);
	xm_perm_init(&b, n, 7);
	for (i = 0; i < n; i++) {
		assert_true(xm_perm_map(&a, i) == xm_perm_map(&b, i));
		fixed += xm_perm_map(&a, i) == i;
	}
	assert_true(fixed < 100); /* not the identity */
}

static void test_perm_shards_partition(void **state)
{
	static const uint64_t shard_counts[] = { 2, 3, 7 };
	const uint64_t n = 100003;
	struct xm_perm p;
	size_t k;

	xm_perm_init(&p, n, 99);
	for (k = 0; k < ARRAY_LEN(shard_counts); k++) {
		uint64_t S = shard_counts[k], s, i, total = 0;
		uint64_t *seen = bitmap_new(n);

		for (s = 0; s < S; s++) {
			for (i = s; i < n; i += S) {
				uint64_t v = xm_perm_map(&p, i);

				assert_true(v < n);
				bitmap_claim(seen, v);
				total++;
			}
		}
		assert_true(total == n);
		free(seen);
	}
}

/* ------------------------------------------------------------------ */
/* 3. Targets                                                          */
/* ------------------------------------------------------------------ */

static uint64_t ranges_count(const struct xm_ranges *r)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		c += (uint64_t)(r->v[i].hi - r->v[i].lo) + 1;
	return c;
}

/* Parse one spec that must succeed; return the normalized address count. */
static uint64_t parse_ok(const char *spec, struct xm_ranges *r)
{
	char err[256] = "";

	if (xm_parse_target(spec, r, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", spec, err);
	xm_ranges_normalize(r);
	return ranges_count(r);
}

static void ranges_free(struct xm_ranges *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static void assert_range(const struct xm_ranges *r, size_t i, uint32_t lo, uint32_t hi)
{
	assert_true(i < r->n);
	assert_int_equal(r->v[i].lo, lo);
	assert_int_equal(r->v[i].hi, hi);
}

static void test_target_single(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.0.1", &r) == 1);
	assert_int_equal(r.n, 1);
	assert_range(&r, 0, IP4(198, 18, 0, 1), IP4(198, 18, 0, 1));
	ranges_free(&r);
}

static void test_target_cidr(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.0.77/24", &r) == 256);
	assert_range(&r, 0, IP4(198, 18, 0, 0), IP4(198, 18, 0, 255));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.77/32", &r) == 1);
	assert_range(&r, 0, IP4(198, 18, 0, 77), IP4(198, 18, 0, 77));
	ranges_free(&r);
	assert_true(parse_ok("10.1.2.3/0", &r) == (1ULL << 32));
	assert_int_equal(r.n, 1);
	assert_range(&r, 0, 0, 0xffffffff);
	ranges_free(&r);
	assert_true(parse_ok("localhost/30", &r) == 4);
	assert_range(&r, 0, IP4(127, 0, 0, 0), IP4(127, 0, 0, 3));
	ranges_free(&r);
}

static void test_target_octet_ranges(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.1-3.1-254", &r) == 3 * 254);
	assert_int_equal(r.n, 3);
	assert_range(&r, 0, IP4(198, 18, 1, 1), IP4(198, 18, 1, 254));
	assert_range(&r, 2, IP4(198, 18, 3, 1), IP4(198, 18, 3, 254));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.*", &r) == 256);
	assert_range(&r, 0, IP4(198, 18, 0, 0), IP4(198, 18, 0, 255));
	ranges_free(&r);
	assert_true(parse_ok("198.18.*.1", &r) == 256);
	assert_range(&r, 255, IP4(198, 18, 255, 1), IP4(198, 18, 255, 1));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.1,3,5", &r) == 3);
	assert_int_equal(r.n, 3);
	assert_range(&r, 1, IP4(198, 18, 0, 3), IP4(198, 18, 0, 3));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.-3", &r) == 4);
	assert_range(&r, 0, IP4(198, 18, 0, 0), IP4(198, 18, 0, 3));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.250-", &r) == 6);
	assert_range(&r, 0, IP4(198, 18, 0, 250), IP4(198, 18, 0, 255));
	ranges_free(&r);
}

static void test_target_full_range(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("198.18.0.1-198.18.2.7", &r) == 2 * 256 + 7);
	assert_range(&r, 0, IP4(198, 18, 0, 1), IP4(198, 18, 2, 7));
	ranges_free(&r);
	assert_true(parse_ok("198.18.0.5-198.18.0.5", &r) == 1);
	ranges_free(&r);
}

static void test_target_localhost(void **state)
{
	struct xm_ranges r = { 0 };

	assert_true(parse_ok("localhost", &r) == 1);
	assert_range(&r, 0, IP4(127, 0, 0, 1), IP4(127, 0, 0, 1));
	ranges_free(&r);
}

struct bad_case {
	const char *spec;
	const char *why; /* a substring of the error */
};

static void check_bad_targets(const struct bad_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct xm_ranges r = { 0 };
		char err[256] = "";

		if (!xm_parse_target(c[i].spec, &r, err, sizeof(err)))
			fail_msg("'%s' accepted", c[i].spec);
		assert_substr(err, c[i].why);
		ranges_free(&r);
	}
}

static void test_target_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "198.18.0.0/33", "CIDR prefix" },
		{ "198.18.0.0/", "CIDR prefix" },
		{ "198.18.0.300", "0-255" },
		{ "198.18.2.7-198.18.0.1", "reversed" },
		{ "198.18.0.9-3", "reversed" },
		{ "", "empty" },
		{ "1.2.3", "1.2.3" },
		{ "1.2.3.4.5", "1.2.3.4.5" },
		{ "198.18.0.1,", "198.18.0.1," },
		{ "::1", "IPv6" },
	};

	check_bad_targets(cases, ARRAY_LEN(cases));
}

static void test_target_unresolvable(void **state)
{
	static const struct bad_case cases[] = {
		{ "no-such-host.invalid", "no-such-host.invalid" },
		{ "no-such-host.invalid/24", "cannot resolve" },
	};

	check_bad_targets(cases, ARRAY_LEN(cases));
}

/* Build a finalized target set from include and exclude spec lists. */
static int targets_build(struct xm_targets *t, const char *const *inc, size_t ninc,
			 const char *const *exc, size_t nexc, char *err, size_t errlen)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < ninc; i++)
		assert_int_equal(xm_parse_target(inc[i], &t->include, err, errlen), 0);
	for (i = 0; i < nexc; i++)
		assert_int_equal(xm_parse_target(exc[i], &t->exclude, err, errlen), 0);
	return xm_targets_finalize(t, err, errlen);
}

static void test_targets_exclude(void **state)
{
	static const char *const inc[] = { "198.18.0.0/24" };
	static const char *const one[] = { "198.18.0.7" };
	static const char *const sub[] = { "198.18.0.10-19", "198.18.0.250-198.18.1.5" };
	struct xm_targets t;
	char err[256];

	assert_int_equal(targets_build(&t, inc, 1, one, 1, err, sizeof(err)), 0);
	assert_true(t.count == 255);
	assert_false(xm_targets_contains(&t, IP4(198, 18, 0, 7)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 6)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 8)));
	assert_int_equal(xm_targets_addr(&t, 7), IP4(198, 18, 0, 8));
	xm_targets_free(&t);

	assert_int_equal(targets_build(&t, inc, 1, sub, 2, err, sizeof(err)), 0);
	assert_true(t.count == 256 - 10 - 6);
	assert_int_equal(xm_targets_addr(&t, 10), IP4(198, 18, 0, 20));
	assert_int_equal(xm_targets_addr(&t, t.count - 1), IP4(198, 18, 0, 249));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 0, 15)));
	xm_targets_free(&t);
}

static void test_targets_all_excluded(void **state)
{
	static const char *const inc[] = { "198.18.0.0/24" };
	static const char *const exc[] = { "198.18.0.0-128", "198.18.0.130/25" };
	struct xm_targets t;
	char err[256] = "";

	assert_int_equal(targets_build(&t, inc, 1, exc, 2, err, sizeof(err)), -1);
	assert_substr(err, "no targets");
	xm_targets_free(&t);
}

static void test_targets_addr_order(void **state)
{
	static const char *const inc[] = { "10.0.0.5-10.0.0.7", "0.0.0.0",
					   "255.255.255.254-255.255.255.255",
					   "10.0.0.8", "192.168.1.1,3" };
	static const uint32_t want[] = {
		0, IP4(10, 0, 0, 5), IP4(10, 0, 0, 6), IP4(10, 0, 0, 7),
		IP4(10, 0, 0, 8), IP4(192, 168, 1, 1), IP4(192, 168, 1, 3),
		0xfffffffe, 0xffffffff,
	};
	struct xm_targets t;
	char err[256];
	size_t i;

	assert_int_equal(targets_build(&t, inc, ARRAY_LEN(inc), NULL, 0, err, sizeof(err)), 0);
	assert_true(t.count == ARRAY_LEN(want));
	assert_int_equal(t.include.n, 5); /* 10.0.0.5-7 and .8 merged */
	for (i = 0; i < ARRAY_LEN(want); i++)
		assert_int_equal(xm_targets_addr(&t, i), want[i]);
	xm_targets_free(&t);
}

static void test_targets_contains(void **state)
{
	static const char *const inc[] = { "198.18.0.0/30", "198.18.5.1-9", "255.255.255.255" };
	static const char *const exc[] = { "198.18.5.5" };
	struct xm_targets t;
	char err[256];

	assert_int_equal(targets_build(&t, inc, 3, exc, 1, err, sizeof(err)), 0);
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 0)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 0, 3)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 0, 4)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 5, 0)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 5, 1)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 5, 5)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 5, 9)));
	assert_false(xm_targets_contains(&t, IP4(198, 18, 5, 10)));
	assert_false(xm_targets_contains(&t, 0));
	assert_true(xm_targets_contains(&t, 0xffffffff));
	assert_false(xm_targets_contains(&t, 0xfffffffe));
	xm_targets_free(&t);
}

/* Write 'text' to a new temporary file; the path goes to 'path' (>= 32 bytes). */
static void temp_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/xm-unit-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Parse (then remove) a target file that must succeed into a finalized set. */
static void targets_from_path(struct xm_targets *t, const char *path)
{
	char err[256] = "";
	int rc;

	memset(t, 0, sizeof(*t));
	rc = xm_parse_target_file(path, &t->include, err, sizeof(err));
	unlink(path);
	if (rc) {
		xm_targets_free(t);
		fail_msg("target file rejected: %s", err);
	}
	assert_int_equal(xm_targets_finalize(t, err, sizeof(err)), 0);
}

static void targets_from_file(struct xm_targets *t, const char *text)
{
	char path[32];

	temp_file(path, text);
	targets_from_path(t, path);
}

static void test_target_file(void **state)
{
	struct xm_targets t;

	targets_from_file(&t, "# a comment 10.0.0.1\n"
			      "198.18.0.1 198.18.0.2   # trailing 10.0.0.2\n"
			      "\n"
			      "\t198.18.1.0/30\r\n"
			      "198.18.2.1-3#no space before the comment\n"
			      "198.18.3.3");
	assert_true(t.count == 2 + 4 + 3 + 1);
	assert_true(xm_targets_contains(&t, IP4(198, 18, 1, 3)));
	assert_true(xm_targets_contains(&t, IP4(198, 18, 3, 3)));
	assert_false(xm_targets_contains(&t, IP4(10, 0, 0, 1)));
	assert_false(xm_targets_contains(&t, IP4(10, 0, 0, 2)));
	xm_targets_free(&t);
}

static void test_target_file_bad_spec(void **state)
{
	struct xm_ranges r = { 0 };
	char path[32], err[256] = "";

	temp_file(path, "198.18.0.1\n198.18.0.256\n");
	assert_int_equal(xm_parse_target_file(path, &r, err, sizeof(err)), -1);
	unlink(path);
	assert_substr(err, "198.18.0.256");
	ranges_free(&r);
}

static void test_target_file_missing(void **state)
{
	const char *path = "/nonexistent-xm-dir/targets.txt";
	struct xm_ranges r = { 0 };
	char err[256] = "";

	assert_int_equal(xm_parse_target_file(path, &r, err, sizeof(err)), -1);
	assert_substr(err, path);
	ranges_free(&r);
}

/* One line of 'n' specs 10.0.X.Y, longer than any small line buffer. */
static char *long_line(const char *prefix, unsigned n)
{
	char *s = malloc(strlen(prefix) + 16 * (size_t)n + 2);
	size_t pos;
	unsigned i;

	assert_non_null(s);
	pos = (size_t)sprintf(s, "%s", prefix);
	for (i = 0; i < n; i++)
		pos += (size_t)sprintf(s + pos, "10.0.%u.%u ", i / 256, i % 256);
	strcpy(s + pos, "\n");
	return s;
}

static void test_target_file_long_line(void **state)
{
	char *text = long_line("", 1000); /* about 11 KB on one line */
	struct xm_targets t;
	char path[32];

	temp_file(path, text);
	free(text);
	targets_from_path(&t, path);
	assert_true(t.count == 1000);
	assert_int_equal(xm_targets_addr(&t, 999), IP4(10, 0, 3, 231));
	xm_targets_free(&t);
}

static void test_target_file_long_comment(void **state)
{
	char *line = long_line("# commented out: ", 1000);
	char *text = malloc(strlen(line) + 32);
	struct xm_targets t;
	char path[32];

	assert_non_null(text);
	sprintf(text, "%s198.18.0.1\n", line);
	free(line);
	temp_file(path, text);
	free(text);
	targets_from_path(&t, path);
	assert_true(t.count == 1);
	assert_false(xm_targets_contains(&t, IP4(10, 0, 3, 231)));
	xm_targets_free(&t);
}

/* ------------------------------------------------------------------ */
/* 4. Ports                                                            */
/* ------------------------------------------------------------------ */

static void ports_ok(const char *spec, struct xm_ports *p)
{
	char err[256] = "";

	if (xm_parse_ports(spec, p, err, sizeof(err)))
		fail_msg("port spec '%s' rejected: %s", spec, err);
}

static void assert_sorted_unique(const struct xm_ports *p)
{
	size_t i;

	for (i = 1; i < p->n; i++)
		assert_true(p->v[i - 1] < p->v[i]);
}

static void test_ports_list(void **state)
{
	struct xm_ports p = { 0 };

	ports_ok("1000-2000,80,22", &p);
	assert_int_equal(p.n, 1003);
	assert_sorted_unique(&p);
	assert_int_equal(p.v[0], 22);
	assert_int_equal(p.v[1], 80);
	assert_int_equal(p.v[2], 1000);
	assert_int_equal(p.v[1002], 2000);
	xm_ports_free(&p);
}

static void test_ports_open_ranges(void **state)
{
	struct xm_ports p = { 0 };

	ports_ok("-", &p);
	assert_int_equal(p.n, 65535);
	assert_int_equal(p.v[0], 1);
	assert_int_equal(p.v[65534], 65535);
	assert_sorted_unique(&p);
	xm_ports_free(&p);
	ports_ok("-100", &p);
	assert_int_equal(p.n, 100);
	assert_int_equal(p.v[0], 1);
	assert_int_equal(p.v[99], 100);
	xm_ports_free(&p);
	ports_ok("65000-", &p);
	assert_int_equal(p.n, 536);
	assert_int_equal(p.v[0], 65000);
	assert_int_equal(p.v[535], 65535);
	xm_ports_free(&p);
}

static void test_ports_prefix_dupes_names(void **state)
{
	struct xm_ports p = { 0 };

	ports_ok("T:80", &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0], 80);
	xm_ports_free(&p);
	ports_ok("80,80,79-81", &p);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.v[0], 79);
	assert_int_equal(p.v[2], 81);
	xm_ports_free(&p);
	ports_ok("http", &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0], 80);
	xm_ports_free(&p);
	ports_ok("ssh,http,22", &p);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.v[0], 22);
	xm_ports_free(&p);
	ports_ok("0", &p); /* port 0 when named explicitly */
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0], 0);
	xm_ports_free(&p);
	ports_ok("65535", &p);
	assert_int_equal(p.v[0], 65535);
	xm_ports_free(&p);
}

static void test_ports_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "70000", "70000" },
		{ "65536", "65536" },
		{ "100-10", "reversed" },
		{ "1,,2", "invalid port" },
		{ "", "empty" },
		{ "T:", "empty" },
		{ "abc-", "abc-" },
		{ "nosuchservice", "nosuchservice" },
		{ "80,", "80," },
		{ "-1-5", "1-5" },
		{ ",80", "invalid port" },
		{ "1-2-3", "1-2-3" },
		{ "U:53", "U:53" },
		{ "8 0", "8 0" },
		{ "000080", "000080" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct xm_ports p = { 0 };
		char err[256] = "";

		if (!xm_parse_ports(cases[i].spec, &p, err, sizeof(err)))
			fail_msg("port spec '%s' accepted", cases[i].spec);
		assert_substr(err, cases[i].why);
		xm_ports_free(&p);
	}
}

static void test_port_range(void **state)
{
	static const char *const bad[] = { "0-5", "10-5", "5", "-5", "5-", "1-65536",
					   "a-b", "", "-", "1-2-3", "70000-70001" };
	uint16_t lo = 0, hi = 0;
	size_t i;

	assert_int_equal(xm_parse_port_range("1024-2048", &lo, &hi), 0);
	assert_int_equal(lo, 1024);
	assert_int_equal(hi, 2048);
	assert_int_equal(xm_parse_port_range("1-65535", &lo, &hi), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 65535);
	assert_int_equal(xm_parse_port_range("7-7", &lo, &hi), 0);
	assert_int_equal(lo, 7);
	assert_int_equal(hi, 7);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		lo = hi = 4242;
		if (xm_parse_port_range(bad[i], &lo, &hi) != -1)
			fail_msg("port range '%s' accepted", bad[i]);
		assert_int_equal(lo, 4242); /* untouched on error */
		assert_int_equal(hi, 4242);
	}
}

static bool ports_has(const struct xm_ports *p, uint16_t port)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i] == port)
			return true;
	return false;
}

static void test_ports_default(void **state)
{
	struct xm_ports p = { 0 };

	assert_int_equal(xm_ports_default(&p), 0);
	assert_true(p.n >= 1000 && p.n < 5000);
	assert_int_equal(p.n, xm_default_ports_count);
	assert_sorted_unique(&p);
	assert_false(ports_has(&p, 0));
	assert_true(ports_has(&p, 22));
	assert_true(ports_has(&p, 80));
	assert_true(ports_has(&p, 443));
	xm_ports_free(&p);
	assert_null(p.v);
	assert_int_equal(p.n, 0);
}

/* ------------------------------------------------------------------ */
/* 5. Packet template                                                  */
/* ------------------------------------------------------------------ */

static const uint8_t src_mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t dst_mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

static void check_eth_ip(const uint8_t *f, uint32_t saddr, const struct xm_probe *p)
{
	const uint8_t *ip = f + XM_ETH_LEN;

	assert_memory_equal(f, dst_mac, 6);
	assert_memory_equal(f + 6, src_mac, 6);
	assert_int_equal(be16(f + 12), 0x0800);
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(ip[1], 0);
	assert_int_equal(be16(ip + 2), 44);
	assert_int_equal(be16(ip + 4), p->ip_id);
	assert_int_equal(ip[8], 64);
	assert_int_equal(ip[9], 6);
	assert_int_equal(be32(ip + 12), saddr);
	assert_int_equal(be32(ip + 16), p->daddr);
	assert_int_equal(be16(ip + 10), ref_csum(ip, 10, ip + 12, 8));
	assert_int_equal(ref_csum(ip, 20, NULL, 0), 0); /* whole header verifies */
}

static void check_tcp(const uint8_t *f, uint32_t saddr, const struct xm_probe *p)
{
	const uint8_t *ip = f + XM_ETH_LEN, *tcp = ip + XM_IP_LEN;
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	uint8_t pseudo[12 + XM_TCP_LEN];

	assert_int_equal(be16(tcp), p->sport);
	assert_int_equal(be16(tcp + 2), p->dport);
	assert_int_equal(be32(tcp + 4), p->seq);
	assert_int_equal(be32(tcp + 8), 0);
	assert_int_equal(tcp[12] >> 4, 6);
	assert_int_equal(tcp[13], 0x02);
	assert_int_equal(be16(tcp + 14), 1024);
	assert_int_equal(be16(tcp + 18), 0);
	assert_memory_equal(tcp + 20, mss, 4);
	/* Pseudo-header saddr, daddr, 0, proto, TCP length, then the segment. */
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = 0;
	pseudo[11] = XM_TCP_LEN;
	memcpy(pseudo + 12, tcp, XM_TCP_LEN);
	assert_int_equal(ref_csum(pseudo, sizeof(pseudo), NULL, 0), 0);
	pseudo[12 + 16] = pseudo[12 + 17] = 0;
	assert_int_equal(be16(tcp + 16), ref_csum(pseudo, sizeof(pseudo), NULL, 0));
}

/* The port scan SYN module's template from the test addresses. */
static void syn_prepare(struct xm_probe_tmpl *t, uint32_t saddr)
{
	struct xm_probe_src src = { .saddr = saddr };

	memcpy(src.src_mac, src_mac, 6);
	memcpy(src.dst_mac, dst_mac, 6);
	xm_probe_modules[XM_PROBE_TCP_SYN]->prepare(t, &src);
}

static void patch_and_check(const struct xm_probe_tmpl *t, uint8_t *frame,
			    uint32_t saddr, const struct xm_probe *p)
{
	assert_int_equal(xm_probe_modules[XM_PROBE_TCP_SYN]->patch(t, frame, p), XM_PROBE_LEN);
	check_eth_ip(frame, saddr, p);
	check_tcp(frame, saddr, p);
}

static void test_packet_template(void **state)
{
	static const struct xm_probe probes[] = {
		{ IP4(198, 18, 0, 2), 80, 61000, 0x12345678, 1 },
		{ IP4(10, 9, 8, 7), 443, 40000, 0xdeadbeef, 0xbeef },
		{ IP4(192, 168, 255, 1), 22, 1, 1, 0x8000 },
	};
	const uint32_t saddr = IP4(198, 18, 0, 1);
	struct xm_probe_tmpl t;
	uint8_t frame[XM_PROBE_LEN + 4];
	size_t i;

	syn_prepare(&t, saddr);
	for (i = 0; i < ARRAY_LEN(probes); i++) {
		memset(frame, 0xee, sizeof(frame));
		memcpy(frame, t.bytes, XM_PROBE_LEN);
		patch_and_check(&t, frame, saddr, &probes[i]);
		assert_int_equal(frame[XM_PROBE_LEN], 0xee); /* nothing past the probe */
	}
}

static void test_packet_repatch(void **state)
{
	const uint32_t saddr = IP4(203, 0, 113, 9);
	struct xm_probe_tmpl t;
	uint8_t frame[XM_PROBE_LEN];
	uint64_t seed = 5;
	int i;

	syn_prepare(&t, saddr);
	memcpy(frame, t.bytes, sizeof(frame));
	for (i = 0; i < 2000; i++) {
		struct xm_probe p = {
			.daddr = (uint32_t)rng_next(&seed),
			.dport = (uint16_t)rng_next(&seed),
			.sport = (uint16_t)rng_next(&seed),
			.seq = (uint32_t)rng_next(&seed),
			.ip_id = (uint16_t)rng_next(&seed),
		};

		patch_and_check(&t, frame, saddr, &p);
	}
}

static void test_packet_edge_values(void **state)
{
	static const struct xm_probe probes[] = {
		{ 0xffffffff, 0xffff, 0xffff, 0xffffffff, 0xffff },
		{ 0, 0, 0, 0, 0 },
		{ 0xffffffff, 0, 0xffff, 0, 0xffff },
		{ 0, 0xffff, 0, 0xffffffff, 0 },
		{ 0xffffffff, 0xffff, 0xffff, 0xffffffff, 0xffff },
	};
	static const uint32_t saddrs[] = { 0, 0xffffffff, IP4(198, 18, 0, 1) };
	struct xm_probe_tmpl t;
	uint8_t frame[XM_PROBE_LEN];
	size_t i, j;

	for (j = 0; j < ARRAY_LEN(saddrs); j++) {
		syn_prepare(&t, saddrs[j]);
		memcpy(frame, t.bytes, sizeof(frame));
		for (i = 0; i < ARRAY_LEN(probes); i++)
			patch_and_check(&t, frame, saddrs[j], &probes[i]);
	}
}

/* ------------------------------------------------------------------ */
/* 6. JSON escaping                                                    */
/* ------------------------------------------------------------------ */

/* Escape 'in' (inlen bytes) and compare with 'want'. */
static void check_escape_n(const char *in, size_t inlen, const char *want)
{
	char out[256];
	size_t n = xm_json_escape(in, inlen, out, sizeof(out));

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

#define check_escape(in, want) check_escape_n((in), sizeof(in) - 1, (want))

static void test_json_plain_and_quotes(void **state)
{
	check_escape("", "");
	check_escape("hello, world 123 /~{}", "hello, world 123 /~{}");
	check_escape("say \"hi\"", "say \\\"hi\\\"");
	check_escape("C:\\dir\\", "C:\\\\dir\\\\");
	check_escape("\"\\\"", "\\\"\\\\\\\"");
}

static void test_json_controls(void **state)
{
	check_escape("a\nb", "a\\u000ab");
	check_escape("\t", "\\u0009");
	check_escape("\x01", "\\u0001");
	check_escape("\x1f\x20", "\\u001f ");
	check_escape("x\x7fy", "x\\u007fy");
	check_escape("a\0b", "a\\u0000b"); /* an embedded NUL within inlen */
	check_escape_n("abc", 2, "ab");	   /* only inlen bytes are read */
}

static void test_json_utf8_valid(void **state)
{
	check_escape("caf\xc3\xa9", "caf\xc3\xa9");		/* é */
	check_escape("\xe2\x82\xac 5", "\xe2\x82\xac 5");		/* € */
	check_escape("\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!");	/* U+1F600 */
	check_escape("\xc2\x80\xdf\xbf", "\xc2\x80\xdf\xbf");	/* 2-byte bounds */
	check_escape("\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\xef\xbf\xbf\xf4\x8f\xbf\xbf");
}

static void test_json_utf8_invalid(void **state)
{
	check_escape("a\xff" "b", "a\\u00ffb");
	check_escape("\xe2\x82", "\\u00e2\\u0082");		/* truncated € */
	check_escape("\xe2\x82x", "\\u00e2\\u0082x");
	check_escape("\xc0\xaf", "\\u00c0\\u00af");		/* overlong '/' */
	check_escape("\xe0\x80\xaf", "\\u00e0\\u0080\\u00af");	/* overlong, 3 bytes */
	check_escape("\xed\xa0\x80", "\\u00ed\\u00a0\\u0080");	/* surrogate D800 */
	check_escape("\xf4\x90\x80\x80", "\\u00f4\\u0090\\u0080\\u0080"); /* > U+10FFFF */
	check_escape("\x80", "\\u0080");			/* lone continuation */
	check_escape("\xf8\x88\x80\x80\x80", "\\u00f8\\u0088\\u0080\\u0080\\u0080");
}

static void test_json_small_buffer(void **state)
{
	char out[16];

	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_json_escape("abcdef", 6, out, 4), 6);
	assert_string_equal(out, "abc");
	assert_int_equal(out[4], 'X'); /* nothing written past outlen */
	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_json_escape("abcdef", 6, out, 0), 6);
	assert_int_equal(out[0], 'X');
	assert_int_equal(xm_json_escape("abcdef", 6, out, 1), 6);
	assert_string_equal(out, "");
	assert_int_equal(xm_json_escape("a\"b", 3, out, 4), 4);
	assert_int_equal(xm_json_escape("abc", 3, out, 4), 3);
	assert_string_equal(out, "abc");
}

/* A truncated result must be a prefix of the full escape, with no stale bytes. */
static void check_truncated_prefix(const char *in, size_t inlen, size_t outlen)
{
	char full[128], out[128];
	size_t need = xm_json_escape(in, inlen, full, sizeof(full));

	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_json_escape(in, inlen, out, outlen), need);
	assert_non_null(memchr(out, '\0', outlen));
	if (strncmp(full, out, strlen(out)))
		fail_msg("outlen %zu: '%s' is not a prefix of '%s'", outlen, out, full);
}

static void test_json_truncation_is_prefix(void **state)
{
	static const char in1[] = "a\x01" "b";
	static const char in2[] = "ab\xe2\x82\xac";
	size_t outlen;

	for (outlen = 1; outlen <= 10; outlen++) {
		check_truncated_prefix(in1, sizeof(in1) - 1, outlen);
		check_truncated_prefix(in2, sizeof(in2) - 1, outlen);
	}
}

/* ------------------------------------------------------------------ */
/* 7. Results set                                                      */
/* ------------------------------------------------------------------ */

#define NFIND 10000

/* The k-th finding: 2500 addresses (with gaps) x 4 ports. */
static struct xm_finding finding_of(unsigned k)
{
	struct xm_finding f = {
		.addr = xm_addr4(IP4(198, 18, 0, 0) + (k / 4) * 3),
		.family = XM_FAMILY_IPV4,
		.proto = IPPROTO_TCP,
		.port = (uint16_t)(1 + (k % 4) * 16384),
		.state = (uint8_t)(1 + k % 3),
		.reason = (uint8_t)(1 + k % 2),
		.ttl = (uint8_t)k,
		.window = (uint16_t)k,
		.when = k,
	};

	return f;
}

static void results_fill(struct xm_results *r)
{
	unsigned j;

	memset(r, 0, sizeof(*r));
	for (j = 0; j < NFIND; j++) { /* a scrambled order: 7919 is prime to 10000 */
		struct xm_finding f = finding_of((j * 7919u) % NFIND);

		assert_int_equal(xm_results_add(r, &f), 1);
	}
	assert_int_equal(r->n, NFIND);
}

static void test_results_insert_and_dupes(void **state)
{
	struct xm_results r;
	unsigned k;

	results_fill(&r);
	for (k = 0; k < NFIND; k++) {
		struct xm_finding f = finding_of(k), g = f, h = f;

		g.port = (uint16_t)(f.port + 1);
		h.addr = xm_addr4(xm_addr4_host(&f.addr) + 1);
		assert_true(xm_results_has(&r, &f));
		assert_false(xm_results_has(&r, &g));
		assert_false(xm_results_has(&r, &h));
		f.state = 3;
		f.window = 0xffff;
		assert_int_equal(xm_results_add(&r, &f), 0);
	}
	assert_int_equal(r.n, NFIND);
	xm_results_free(&r);
	assert_false(xm_results_has(&r, &(struct xm_finding){ .addr = xm_addr4(IP4(198, 18, 0, 0)),
							      .family = XM_FAMILY_IPV4,
							      .proto = IPPROTO_TCP, .port = 1 }));
}

static void test_results_sorted(void **state)
{
	struct xm_results r;
	struct xm_finding *all;
	unsigned k;

	results_fill(&r);
	all = xm_results_sorted(&r);
	assert_non_null(all);
	for (k = 0; k < NFIND; k++) {
		struct xm_finding want = finding_of(k); /* k order is sorted order */

		assert_memory_equal(&all[k].addr, &want.addr, sizeof(want.addr));
		assert_int_equal(all[k].family, want.family);
		assert_int_equal(all[k].proto, want.proto);
		assert_int_equal(all[k].port, want.port);
		assert_int_equal(all[k].state, want.state);
		assert_int_equal(all[k].window, want.window); /* first insert kept */
		assert_true(all[k].when == want.when);
	}
	free(all);
	xm_results_free(&r);
}

static void test_results_empty(void **state)
{
	struct xm_results r = { 0 };
	struct xm_finding *all;

	assert_false(xm_results_has(&r, &(struct xm_finding){ 0 }));
	all = xm_results_sorted(&r);
	assert_non_null(all);
	free(all);
	xm_results_free(&r);
}

/* ------------------------------------------------------------------ */
/* 8. Command line                                                     */
/* ------------------------------------------------------------------ */

#include "test_cli.h"

static void test_cli_basic(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p", "80", "198.18.0.2", NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n, 1);
	assert_int_equal(cfg.ports.v[0], 80);
	assert_true(cfg.targets.count == 1);
	assert_int_equal(xm_targets_addr(&cfg.targets, 0), IP4(198, 18, 0, 2));
	assert_true(cfg.max_rate == 100000);
	assert_int_equal(cfg.shard_count, 1);
	assert_false(cfg.have_router_mac);
	assert_string_equal(cfg.argv_line, "xdpmap -p 80 198.18.0.2");
	xm_config_free(&cfg);
}

static void test_cli_values(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--max-rate=2500", "--shard", "2/3",
			     "--seed", "77", "-n", "198.18.0.0/30", NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.max_rate == 2500);
	assert_int_equal(cfg.shard_index, 1);
	assert_int_equal(cfg.shard_count, 3);
	assert_true(cfg.seed_set);
	assert_true(cfg.seed == 77);
	assert_true(cfg.no_dns);
	assert_true(cfg.targets.count == 4);
	assert_int_equal(cfg.ports.n, xm_default_ports_count); /* no -p: defaults */
	xm_config_free(&cfg);
}

static void test_cli_bad_rate(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--max-rate", "abc", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--max-rate");
	assert_substr(err, "abc");
	xm_config_free(&cfg);
}

static void test_cli_bad_shard(void **state)
{
	static const char *const bad[] = { "3/2", "0/2", "1/0", "1/2x", "-1/2", "1", "" };
	struct xm_config cfg;
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		if (cli(&cfg, err, sizeof(err), "--shard", bad[i], "198.18.0.2", NULL) !=
		    XM_CLI_ERROR)
			fail_msg("--shard '%s' accepted", bad[i]);
		assert_substr(err, "--shard");
		xm_config_free(&cfg);
	}
}

static void test_cli_router_mac(void **state)
{
	static const uint8_t want[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--router-mac", "00:11:22:33:44:55",
			     "198.18.0.2", NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.have_router_mac);
	assert_memory_equal(cfg.router_mac, want, 6);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--router-mac", "00:11:22:33:44",
			     "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--router-mac");
	xm_config_free(&cfg);
}

static void test_cli_all_ports(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p-", "198.18.0.2", NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n, 65535);
	assert_int_equal(cfg.ports.v[0], 1);
	assert_int_equal(cfg.ports.v[65534], 65535);
	xm_config_free(&cfg);
}

static void test_cli_no_target(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p", "80", NULL), XM_CLI_ERROR);
	assert_substr(err, "no targets");
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "198.18.0.2", "-p", NULL), XM_CLI_ERROR);
	assert_substr(err, "needs a value");
	xm_config_free(&cfg);
}

static void test_cli_unknown_option(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--frobnicate", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--frobnicate");
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "198.18.0.2", "--bogus=1", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--bogus");
	xm_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_reference_vectors),
		cmocka_unit_test(test_siphash_matches_reference_random),
		cmocka_unit_test(test_cookie_matches_reference),
		cmocka_unit_test(test_cookie_changes_with_every_input),
		cmocka_unit_test(test_perm_bijection),
		cmocka_unit_test(test_perm_seeds_differ),
		cmocka_unit_test(test_perm_deterministic),
		cmocka_unit_test(test_perm_shards_partition),
		cmocka_unit_test(test_target_single),
		cmocka_unit_test(test_target_cidr),
		cmocka_unit_test(test_target_octet_ranges),
		cmocka_unit_test(test_target_full_range),
		cmocka_unit_test(test_target_localhost),
		cmocka_unit_test(test_target_bad),
		cmocka_unit_test(test_target_unresolvable),
		cmocka_unit_test(test_targets_exclude),
		cmocka_unit_test(test_targets_all_excluded),
		cmocka_unit_test(test_targets_addr_order),
		cmocka_unit_test(test_targets_contains),
		cmocka_unit_test(test_target_file),
		cmocka_unit_test(test_target_file_bad_spec),
		cmocka_unit_test(test_target_file_missing),
		cmocka_unit_test(test_target_file_long_line),
		cmocka_unit_test(test_target_file_long_comment),
		cmocka_unit_test(test_ports_list),
		cmocka_unit_test(test_ports_open_ranges),
		cmocka_unit_test(test_ports_prefix_dupes_names),
		cmocka_unit_test(test_ports_bad),
		cmocka_unit_test(test_port_range),
		cmocka_unit_test(test_ports_default),
		cmocka_unit_test(test_packet_template),
		cmocka_unit_test(test_packet_repatch),
		cmocka_unit_test(test_packet_edge_values),
		cmocka_unit_test(test_json_plain_and_quotes),
		cmocka_unit_test(test_json_controls),
		cmocka_unit_test(test_json_utf8_valid),
		cmocka_unit_test(test_json_utf8_invalid),
		cmocka_unit_test(test_json_small_buffer),
		cmocka_unit_test(test_json_truncation_is_prefix),
		cmocka_unit_test(test_results_insert_and_dupes),
		cmocka_unit_test(test_results_sorted),
		cmocka_unit_test(test_results_empty),
		cmocka_unit_test(test_cli_basic),
		cmocka_unit_test(test_cli_values),
		cmocka_unit_test(test_cli_bad_rate),
		cmocka_unit_test(test_cli_bad_shard),
		cmocka_unit_test(test_cli_router_mac),
		cmocka_unit_test(test_cli_all_ports),
		cmocka_unit_test(test_cli_no_target),
		cmocka_unit_test(test_cli_unknown_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

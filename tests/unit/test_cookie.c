// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of SipHash-2-4 against a reference, and the SYN cookie built on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "cookie.h"
#include "unit.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_reference_vectors),
		cmocka_unit_test(test_siphash_matches_reference_random),
		cmocka_unit_test(test_cookie_matches_reference),
		cmocka_unit_test(test_cookie_changes_with_every_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

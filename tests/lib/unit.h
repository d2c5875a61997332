/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Helpers shared by the cmocka unit tests of tests/unit; include after <cmocka.h>. */
#ifndef XDPMAP_TEST_UNIT_H
#define XDPMAP_TEST_UNIT_H

#include <stdint.h>
#include <string.h>

/* The number of elements of array 'a'. */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The IPv4 address a.b.c.d in host order. */
#define IP4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* Fail with both strings shown when 'hay' does not contain 'needle'. */
#define assert_substr(hay, needle)                                             \
	do {                                                                   \
		if (!strstr((hay), (needle)))                                  \
			fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
	} while (0)

/* An input that must be rejected, and what its error message must contain. */
struct bad_case {
	const char *spec;
	const char *why; /* a substring of the error */
};

/* A small deterministic generator for test data: the next value of the sequence in *s. */
static inline uint64_t rng_next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 16;
}

#endif /* XDPMAP_TEST_UNIT_H */

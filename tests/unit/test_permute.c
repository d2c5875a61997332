// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the scan order permutation: bijective, seeded, deterministic, sharded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "permute.h"
#include "unit.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perm_bijection),
		cmocka_unit_test(test_perm_seeds_differ),
		cmocka_unit_test(test_perm_deterministic),
		cmocka_unit_test(test_perm_shards_partition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

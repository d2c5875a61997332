// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests of the paged answered set: index spaces over 2^32 pairs, memory set by replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "answered.h"
#include "unit.h"

static uint16_t mixed_v[] = { 22, 80, 443, 53, 80 };
static struct xm_ports mixed = { mixed_v, 5, IPPROTO_TCP, 2 }; /* T:22,80,443 U:53,80 */

static void range_targets(struct xm_targets *t, uint32_t lo, uint32_t hi)
{
	char err[128];

	*t = (struct xm_targets){ 0 };
	assert_int_equal(xm_ranges_push(&t->include, lo, hi), 0);
	assert_int_equal(xm_targets_finalize(t, err, sizeof(err)), 0);
}

/* The paged set answers every query as the flat bitmap does, after the same marks. */
static void test_paged_same_as_flat(void **state)
{
	struct xm_answered flat, paged;
	struct xm_targets t;
	uint64_t seed = 7, i, h;
	int k;

	range_targets(&t, IP4(198, 18, 0, 0), IP4(198, 18, 3, 255)); /* 1024 hosts x 5 */
	assert_int_equal(xm_answered_init(&flat, &t, &mixed), 0);
	assert_int_equal(xm_answered_init_paged(&paged, &t, &mixed), 0);
	assert_true(xm_answered_on(&flat) && xm_answered_on(&paged) && !paged.bits);
	assert_null(flat.paged);
	assert_non_null(paged.paged);
	for (k = 0; k < 3000; k++) {
		uint64_t pair = rng_next(&seed) % flat.npairs;
		uint8_t st = (uint8_t)(1 + rng_next(&seed) % 3);

		assert_int_equal(xm_answered_mark(&flat, pair, st),
				 xm_answered_mark(&paged, pair, st));
	}
	assert_false(xm_answered_mark(&paged, paged.npairs, 1)); /* out of the space */
	assert_int_equal(flat.n, paged.n);
	assert_memory_equal(flat.state, paged.state, sizeof(flat.state));
	for (i = 0; i < flat.npairs; i++) {
		assert_int_equal(xm_answered_test(&flat, i), xm_answered_test(&paged, i));
		assert_int_equal(xm_answered_next(&flat, i, i + 1 + i % 700),
				 xm_answered_next(&paged, i, i + 1 + i % 700));
	}
	for (h = 0; h <= t.count; h++) {
		assert_int_equal(xm_answered_host(&flat, h), xm_answered_host(&paged, h));
		assert_int_equal(xm_answered_next_host(&flat, h), xm_answered_next_host(&paged, h));
	}
	assert_int_equal(xm_answered_pair(&paged, IP4(198, 18, 1, 2), IPPROTO_UDP, 80),
			 (256 + 2) * 5 + 4);
	assert_true(xm_answered_port(&paged, 3, IPPROTO_UDP, 53) ==
		    xm_answered_test(&flat, 3 * 5 + 3));
	xm_answered_free(&flat);
	xm_answered_free(&paged);
	xm_targets_free(&t);
	(void)state;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A /8 x 512 ports is 2^33 pairs, over the flat limit: the set is paged and
 * holds memory for the pages replies touched (not the 1 GiB a flat bitmap
 * would take); every mark is found, duplicates are refused, and the answering
 * hosts come back in order.
 */
#define SCATTERED 100000
static void test_paged_large_space(void **state)
{
	static uint16_t many_v[512];
	struct xm_ports many = { many_v, 512, IPPROTO_TCP };
	uint64_t *pairs = calloc(SCATTERED, sizeof(*pairs)), seed = 42, h, prev = 0;
	struct xm_answered a;
	struct xm_targets t;
	size_t k, distinct = 0, hosts = 0;

	assert_non_null(pairs);
	for (k = 0; k < 512; k++)
		many_v[k] = (uint16_t)(k + 1);
	range_targets(&t, IP4(10, 0, 0, 0), IP4(10, 255, 255, 255));
	assert_int_equal(xm_answered_init(&a, &t, &many), 0);
	assert_non_null(a.paged);
	assert_int_equal(a.npairs, 1ULL << 33);
	assert_int_equal(xm_answered_pair(&a, IP4(10, 200, 3, 4), IPPROTO_TCP, 300),
			 (int64_t)((200ULL << 16 | 3 << 8 | 4) * 512 + 299));
	for (k = 0; k < SCATTERED; k++) {
		pairs[k] = rng_next(&seed) % a.npairs;
		xm_answered_mark(&a, pairs[k], XM_STATE_CLOSED);
	}
	qsort(pairs, SCATTERED, sizeof(*pairs), cmp_u64);
	for (k = 0; k < SCATTERED; k++) {
		assert_true(xm_answered_test(&a, pairs[k]));
		assert_false(xm_answered_mark(&a, pairs[k], XM_STATE_OPEN));
		assert_false(xm_answered_test(&a, pairs[k] + 1) && k + 1 < SCATTERED &&
			     pairs[k + 1] != pairs[k] + 1);
		distinct += !k || pairs[k] != pairs[k - 1];
	}
	assert_int_equal(a.n, distinct);
	/* scattered: about a page each; 32 bytes of page and at most 128 of tables per page */
	assert_true(xm_answered_bytes(&a) < distinct * 160 + (1 << 20));
	for (h = xm_answered_next_host(&a, 0); h < t.count; h = xm_answered_next_host(&a, h + 1)) {
		assert_true(!hosts || h > prev);
		assert_true(xm_answered_host(&a, h));
		prev = h;
		hosts++;
	}
	for (k = 0, distinct = 0; k < SCATTERED; k++)
		distinct += !k || pairs[k] / 512 != pairs[k - 1] / 512;
	assert_int_equal(hosts, distinct);
	xm_answered_free(&a);
	xm_targets_free(&t);
	free(pairs);
	(void)state;
}

/* A reader thread (a sender's retry check) while the reply reader marks and the table grows. */
struct reader {
	const struct xm_answered *a;
	const bool *stop;
	uint64_t misses, reads;
};

static void *read_marked(void *arg)
{
	struct reader *r = arg;
	uint64_t i = 0;

	while (!__atomic_load_n(r->stop, __ATOMIC_ACQUIRE)) {
		r->misses += !xm_answered_test(r->a, i * 1024); /* marked before the thread began */
		r->reads++;
		i = (i + 1) % 1000;
	}
	return NULL;
}

static void test_paged_concurrent_reader(void **state)
{
	static uint16_t many_v[512];
	struct xm_ports many = { many_v, 512, IPPROTO_TCP };
	struct xm_answered a;
	struct xm_targets t;
	struct reader r = { 0 };
	bool stop = false;
	pthread_t th;
	uint64_t k;

	for (k = 0; k < 512; k++)
		many_v[k] = (uint16_t)(k + 1);
	range_targets(&t, IP4(10, 0, 0, 0), IP4(10, 255, 255, 255));
	assert_int_equal(xm_answered_init(&a, &t, &many), 0);
	for (k = 0; k < 1000; k++)
		assert_true(xm_answered_mark(&a, k * 1024, XM_STATE_OPEN));
	r.a = &a;
	r.stop = &stop;
	assert_int_equal(pthread_create(&th, NULL, read_marked, &r), 0);
	for (k = 0; k < 200000; k++) /* about 200000 new pages: the table grows 8 times */
		xm_answered_mark(&a, (1ULL << 30) + k * 4099, XM_STATE_CLOSED);
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(r.misses, 0);
	assert_true(r.reads > 0);
	xm_answered_free(&a);
	xm_targets_free(&t);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paged_same_as_flat),
		cmocka_unit_test(test_paged_large_space),
		cmocka_unit_test(test_paged_concurrent_reader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

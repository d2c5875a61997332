// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the results set: insertion, duplicates, sorted order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "addr.h"
#include "results.h"
#include "unit.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results_insert_and_dupes),
		cmocka_unit_test(test_results_sorted),
		cmocka_unit_test(test_results_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

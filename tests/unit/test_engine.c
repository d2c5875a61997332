// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of the engine's pure parts: the permutation's inverse, walks, RTT timing, route matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>
#include "config.h"
#include "netlink.h"
#include "permute.h"
#include "rtt.h"
#include "walk.h"

/* unmap(map(i)) == i over several sizes and seeds, cycle walking included. */
static void test_perm_unmap_inverts(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 255, 1000, 65537 };
	struct xm_perm p;
	size_t k;
	uint64_t i;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		xm_perm_init(&p, sizes[k], 0x5eed + k);
		for (i = 0; i < sizes[k]; i++)
			if (xm_perm_unmap(&p, xm_perm_map(&p, i)) != i)
				fail_msg("n=%llu: unmap(map(%llu)) != %llu",
					 (unsigned long long)sizes[k], (unsigned long long)i,
					 (unsigned long long)i);
	}
}

static void ranges(struct xm_targets *t, uint32_t lo, uint32_t hi)
{
	char err[128];

	*t = (struct xm_targets){ 0 };
	assert_int_equal(xm_ranges_push(&t->include, lo, hi), 0);
	assert_int_equal(xm_targets_finalize(t, err, sizeof(err)), 0);
}

/* Three shards of one walk send every pair exactly once. */
static void test_walk_shards_partition(void **state)
{
	uint16_t pv[] = { 22, 80, 443, 8080, 9000 };
	struct xm_ports ports = { pv, 5 };
	struct xm_targets t;
	struct xm_walk w[3];
	uint64_t h;
	size_t j;
	int s, owners;

	ranges(&t, 0xc6120000, 0xc612003f);
	for (s = 0; s < 3; s++)
		xm_walk_init(&w[s], &t, &ports, 42, (uint32_t)s, 3);
	for (h = 0; h < t.count; h++)
		for (j = 0; j < ports.n; j++) {
			for (owners = 0, s = 0; s < 3; s++)
				owners += xm_walk_sent(&w[s], h, j);
			assert_int_equal(owners, 1);
		}
	assert_false(xm_walk_full(&w[1]));
	xm_targets_free(&t);
}

/* A walk stopped at index k sent exactly the pairs map(0..k-1); a resume from k sends the rest. */
static void test_walk_interrupted_and_resumed(void **state)
{
	uint16_t pv[] = { 1, 2, 3, 4, 5, 6, 7 };
	struct xm_ports ports = { pv, 7 };
	struct xm_targets t;
	struct xm_walk first, rest;
	uint64_t i, v, total;

	ranges(&t, 10, 19);
	xm_walk_init(&first, &t, &ports, 9, 0, 1);
	xm_walk_init(&rest, &t, &ports, 9, 0, 1);
	assert_true(xm_walk_full(&first));
	total = t.count * ports.n;
	first.hi = rest.lo = 31;
	for (i = 0; i < total; i++) {
		v = xm_perm_map(&first.perm, i);
		assert_int_equal(xm_walk_sent(&first, v / ports.n, v % ports.n), i < 31);
		assert_int_equal(xm_walk_sent(&rest, v / ports.n, v % ports.n), i >= 31);
	}
	xm_targets_free(&t);
}

/* RFC 6298: the first sample sets SRTT=R, RTTVAR=R/2; later ones smooth; bounds clamp. */
static void test_rtt_estimator(void **state)
{
	struct xm_rtt r;

	xm_rtt_init(&r, 1.0, 0.1, 10.0);
	assert_float_equal(xm_rtt_timeout(&r), 1.0, 1e-9);
	xm_rtt_sample(&r, 0.2);
	assert_float_equal(r.srtt, 0.2, 1e-9);
	assert_float_equal(r.rttvar, 0.1, 1e-9);
	assert_float_equal(xm_rtt_timeout(&r), 0.6, 1e-9);
	xm_rtt_sample(&r, 0.6);
	assert_float_equal(r.rttvar, 0.75 * 0.1 + 0.25 * 0.4, 1e-9);
	assert_float_equal(r.srtt, 0.875 * 0.2 + 0.125 * 0.6, 1e-9);
	xm_rtt_init(&r, 1.0, 0.1, 10.0);
	xm_rtt_sample(&r, 0.0001); /* a link this fast still waits min-rtt-timeout */
	assert_float_equal(xm_rtt_timeout(&r), 0.1, 1e-9);
	xm_rtt_sample(&r, -1);	   /* nonsense is ignored */
	assert_int_equal(r.samples, 1);
	xm_rtt_init(&r, 1.0, 0.1, 0.3);
	xm_rtt_sample(&r, 5);
	assert_float_equal(xm_rtt_timeout(&r), 0.3, 1e-9);
}

/* The local table wins (own and loopback addresses), then main's longest prefix, then metric. */
static void test_route_match(void **state)
{
	struct xm_route_entry v[] = {
		{ .dst = 0, .plen = 0, .type = RTN_UNICAST, .table = RT_TABLE_MAIN, .oif = 2,
		  .has_gw = 1, .gateway = 0xc6120001, .priority = 100 },
		{ .dst = 0xc6120000, .plen = 24, .type = RTN_UNICAST, .table = RT_TABLE_MAIN,
		  .oif = 2, .priority = 0 },
		{ .dst = 0xc6120000, .plen = 24, .type = RTN_UNICAST, .table = RT_TABLE_MAIN,
		  .oif = 3, .priority = 50 },
		{ .dst = 0xc6120001, .plen = 32, .type = RTN_LOCAL, .table = RT_TABLE_LOCAL, .oif = 2 },
		{ .dst = 0xc61200ff, .plen = 32, .type = RTN_BROADCAST, .table = RT_TABLE_LOCAL },
		{ .dst = 0x7f000000, .plen = 8, .type = RTN_LOCAL, .table = RT_TABLE_LOCAL, .oif = 1 },
	};
	struct xm_route_table t = { v, 6, 6 };

	assert_ptr_equal(xm_route_table_match(&t, 0xc6120001), &v[3]);
	assert_ptr_equal(xm_route_table_match(&t, 0x7f000001), &v[5]);
	assert_ptr_equal(xm_route_table_match(&t, 0xc6120002), &v[1]);
	assert_ptr_equal(xm_route_table_match(&t, 0xc61200ff), &v[1]); /* broadcast: main decides */
	assert_ptr_equal(xm_route_table_match(&t, 0xc6130001), &v[0]);
	t.n = 3; /* no default route left: 203.0.113.1 has none */
	v[0].plen = 16, v[0].dst = 0xc6130000;
	assert_null(xm_route_table_match(&t, 0xcb007101));
}

/* --scan-delay lowers the rate to one probe per delay; --min-rate wins over it. */
static void test_send_rate(void **state)
{
	struct xm_config cfg = { .max_rate = 100000 };

	assert_float_equal(xm_send_rate(&cfg), 100000, 1e-9);
	cfg.scan_delay = 0.4; /* -T2 */
	assert_float_equal(xm_send_rate(&cfg), 2.5, 1e-9);
	cfg.min_rate = 50;
	assert_float_equal(xm_send_rate(&cfg), 50, 1e-9);
	cfg.scan_delay = 0;
	assert_float_equal(xm_send_rate(&cfg), 100000, 1e-9);
}

/* Per-host estimators stay apart, survive growth, and the worst bounds a pass's wait. */
static void test_host_rtts(void **state)
{
	struct xm_host_rtts t;
	const struct xm_host_rtt *h;
	uint32_t a;

	xm_host_rtts_init(&t, 0.1, 10.0);
	assert_null(xm_host_rtts_find(&t, 0xc6120002));
	assert_float_equal(xm_host_rtts_worst(&t), 0, 1e-9);
	for (a = 0; a < 5000; a++) /* several growths */
		assert_int_equal(xm_host_rtts_sample(&t, 0xc6120000 + a, 0.001), 0);
	assert_int_equal(xm_host_rtts_sample(&t, 0xc6120007, 0.5), 0);
	assert_int_equal(t.n, 5000);
	h = xm_host_rtts_find(&t, 0xc6120007);
	assert_non_null(h);
	assert_int_equal(h->samples, 2);
	assert_float_equal(h->srtt, 0.875 * 0.001 + 0.125 * 0.5, 1e-6);
	h = xm_host_rtts_find(&t, 0xc6120008);
	assert_float_equal(h->srtt, 0.001, 1e-7);
	assert_float_equal(xm_host_rtt_timeout(&t, h), 0.1, 1e-9); /* clamped up */
	assert_true(xm_host_rtts_worst(&t) > 0.3); /* the slow host decides */
	assert_null(xm_host_rtts_find(&t, 0xc6130000));
	xm_host_rtts_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perm_unmap_inverts),
		cmocka_unit_test(test_walk_shards_partition),
		cmocka_unit_test(test_walk_interrupted_and_resumed),
		cmocka_unit_test(test_rtt_estimator),
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_send_rate),
		cmocka_unit_test(test_host_rtts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

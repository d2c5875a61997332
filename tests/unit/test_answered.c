// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the answered-pairs bitmap, the streamed report's hosts, the reply log. */
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
#include "answered.h"
#include "reply_log.h"
#include "report_stream.h"
#include "unit.h"

static uint16_t pv[] = { 22, 80, 443 };
static struct xm_ports ports = { pv, 3, IPPROTO_TCP };
/* -sS -sU -p T:22,80,U:53,80: TCP entries first, then the UDP ones (n_udp). */
static uint16_t mixed_v[] = { 22, 80, 53, 80 };
static struct xm_ports mixed = { mixed_v, 4, IPPROTO_TCP, 2 };

/* Two ranges with a gap: 198.18.0.0-198.18.0.99 and 198.18.1.0-198.18.1.99 (200 hosts). */
static void two_ranges(struct xm_targets *t)
{
	char err[128];

	*t = (struct xm_targets){ 0 };
	assert_int_equal(xm_ranges_push(&t->include, IP4(198, 18, 0, 0), IP4(198, 18, 0, 99)), 0);
	assert_int_equal(xm_ranges_push(&t->include, IP4(198, 18, 1, 0), IP4(198, 18, 1, 99)), 0);
	assert_int_equal(xm_targets_finalize(t, err, sizeof(err)), 0);
}

/* Pair indices follow the walk's numbering; a second mark is a duplicate; states are counted. */
/* A port number scanned over TCP and UDP has two pairs; a protocol's part is searched alone. */
static void test_answered_pairs_by_protocol(void **state)
{
	struct xm_targets t;
	struct xm_answered a;
	int64_t tcp80, udp80;

	two_ranges(&t);
	assert_int_equal(xm_answered_init(&a, &t, &mixed), 0);
	assert_int_equal(a.npairs, 800);
	tcp80 = xm_answered_pair(&a, IP4(198, 18, 0, 1), IPPROTO_TCP, 80);
	udp80 = xm_answered_pair(&a, IP4(198, 18, 0, 1), IPPROTO_UDP, 80);
	assert_int_equal(tcp80, 4 + 1);
	assert_int_equal(udp80, 4 + 3);
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 0, 1), IPPROTO_UDP, 53), 4 + 2);
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 0, 1), IPPROTO_TCP, 53), -1);
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 0, 1), IPPROTO_UDP, 22), -1);
	assert_true(xm_answered_mark(&a, (uint64_t)tcp80, XM_STATE_OPEN));
	assert_true(xm_answered_mark(&a, (uint64_t)udp80, XM_STATE_OPEN)); /* not a duplicate */
	xm_answered_free(&a);
	xm_targets_free(&t);
	(void)state;
}

static void test_answered_pairs_and_dupes(void **state)
{
	struct xm_targets t;
	struct xm_answered a;
	int64_t i;

	two_ranges(&t);
	assert_int_equal(xm_answered_init(&a, &t, &ports), 0);
	assert_int_equal(a.npairs, 600);
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 0, 0), IPPROTO_TCP, 22), 0);
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 1, 5), IPPROTO_TCP, 443), (100 + 5) * 3 + 2);
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 0, 100), IPPROTO_TCP, 22), -1); /* the gap */
	assert_int_equal(xm_answered_pair(&a, IP4(198, 18, 0, 1), IPPROTO_TCP, 23), -1);   /* not scanned */
	i = xm_answered_pair(&a, IP4(198, 18, 1, 99), IPPROTO_TCP, 80);
	assert_false(xm_answered_test(&a, (uint64_t)i));
	assert_true(xm_answered_mark(&a, (uint64_t)i, XM_STATE_OPEN));
	assert_false(xm_answered_mark(&a, (uint64_t)i, XM_STATE_CLOSED));
	assert_true(xm_answered_test(&a, (uint64_t)i));
	assert_true(xm_answered_mark(&a, 0, XM_STATE_CLOSED));
	assert_false(xm_answered_mark(&a, 600, XM_STATE_CLOSED)); /* out of the space */
	assert_int_equal(a.n, 2);
	assert_int_equal(a.state[XM_STATE_OPEN], 1);
	assert_int_equal(a.state[XM_STATE_CLOSED], 1);
	assert_true(xm_answered_host(&a, 199));
	assert_false(xm_answered_host(&a, 198));
	assert_int_equal(xm_answered_next_host(&a, 0), 0);
	assert_int_equal(xm_answered_next_host(&a, 1), 199);
	assert_int_equal(xm_answered_next_host(&a, 200), 200);
	xm_answered_free(&a);
	xm_targets_free(&t);
}

/* More targets than the limit get no set (the paged one's host index would not fit), and every
 * query says "not here". */
static void test_answered_too_large(void **state)
{
	struct xm_targets t = { .count = XM_ANSWERED_MAX_HOSTS + 1 };
	struct xm_answered a;

	assert_int_equal(xm_answered_init(&a, &t, &ports), -1);
	assert_null(a.bits);
	assert_false(xm_answered_on(&a));
	assert_int_equal(xm_answered_pair(&a, 1, IPPROTO_TCP, 22), -1);
	assert_false(xm_answered_mark(&a, 0, XM_STATE_OPEN));
	assert_int_equal(xm_answered_next_host(&a, 0), t.count);
}

/* Hosts: discovery's and the answering ones merged by address; scanned = sent and unanswered. */
static void test_stream_hosts(void **state)
{
	struct xm_finding up[2] = {
		{ .addr = xm_addr4(IP4(198, 18, 0, 7)), .family = XM_FAMILY_IPV4,
		  .state = XM_STATE_UP },
		{ .addr = xm_addr4(IP4(198, 18, 1, 0)), .family = XM_FAMILY_IPV4,
		  .state = XM_STATE_UP },
	};
	struct xm_host_report *hosts;
	struct xm_targets t;
	struct xm_answered a;
	struct xm_walk w;
	size_t k, total = 0;
	ssize_t n;

	two_ranges(&t);
	xm_walk_init(&w, &t, &ports, 5, 0, 1);
	assert_int_equal(xm_answered_init(&a, &t, &ports), 0);
	xm_answered_mark(&a, (uint64_t)xm_answered_pair(&a, IP4(198, 18, 0, 3), IPPROTO_TCP, 80), 1);
	xm_answered_mark(&a, (uint64_t)xm_answered_pair(&a, IP4(198, 18, 1, 0), IPPROTO_TCP, 22), 2);
	xm_answered_mark(&a, (uint64_t)xm_answered_pair(&a, IP4(198, 18, 1, 0), IPPROTO_TCP, 80), 2);
	xm_answered_mark(&a, (uint64_t)xm_answered_pair(&a, IP4(198, 18, 1, 0), IPPROTO_TCP, 443), 2);
	n = xm_stream_hosts(&a, &w, up, 2, &hosts);
	assert_int_equal(n, 3);
	assert_int_equal(xm_addr4_host(&hosts[0].addr), IP4(198, 18, 0, 3));
	assert_null(hosts[0].up);
	assert_int_equal(hosts[0].nports, 0);
	assert_int_equal(hosts[0].scanned.n, 2);
	assert_int_equal(hosts[0].scanned.v[0], 22);
	assert_int_equal(hosts[0].scanned.v[1], 443);
	assert_int_equal(xm_addr4_host(&hosts[1].addr), IP4(198, 18, 0, 7));
	assert_ptr_equal(hosts[1].up, &up[0]);
	assert_int_equal(hosts[1].scanned.n, 3);
	assert_ptr_equal(hosts[2].up, &up[1]);
	assert_non_null(hosts[2].scanned.v); /* every port answered: none, not "all" */
	assert_int_equal(hosts[2].scanned.n, 0);
	xm_stream_hosts_free(hosts, (size_t)n);
	/* a walk stopped half-way lists only what it sent */
	w.hi = w.perm.n / 2;
	n = xm_stream_hosts(&a, &w, up, 2, &hosts);
	assert_int_equal(n, 3);
	for (k = 0; k < 3; k++) {
		int64_t h = xm_targets_index(&t, xm_addr4_host(&hosts[k].addr));
		size_t j, want = 0;

		for (j = 0; j < ports.n; j++)
			want += xm_walk_sent(&w, (uint64_t)h, j) &&
				!xm_answered_test(&a, (uint64_t)h * ports.n + j);
		assert_int_equal(hosts[k].scanned.n, want);
		total += hosts[k].scanned.n;
	}
	assert_true(total < 5); /* some of the 5 unanswered pairs were not sent */
	xm_stream_hosts_free(hosts, (size_t)n);
	xm_answered_free(&a);
	xm_targets_free(&t);
}

/* The compact log comes back as findings in address and port order, merged with the others. */
static void test_reply_log_sorted(void **state)
{
	struct xm_finding r = { .family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP,
				.state = XM_STATE_CLOSED, .reason = 2, .ttl = 60 };
	struct xm_results others = { 0 };
	struct xm_reply_log log;
	struct xm_answered a;
	struct xm_finding *all;
	struct xm_targets t;
	size_t n;

	two_ranges(&t);
	a = (struct xm_answered){ .targets = &t, .ports = &ports }; /* no bitmap: all stored */
	xm_reply_log_init(&log, &a);
	r.port = 443;
	assert_int_equal(xm_reply_log_add(&log, 150, &r), 0); /* 198.18.1.50 */
	r.port = 22;
	r.state = XM_STATE_OPEN;
	assert_int_equal(xm_reply_log_add(&log, 150, &r), 0);
	r.port = 80;
	assert_int_equal(xm_reply_log_add(&log, 3, &r), 0); /* 198.18.0.3 */
	r.addr = xm_addr4(IP4(198, 18, 0, 200)); /* not a target here: the connect path's */
	r.port = 8080;
	assert_int_equal(xm_results_add(&others, &r), 1);
	all = xm_reply_log_sorted(&log, &others, &n);
	assert_non_null(all);
	assert_int_equal(n, 4);
	assert_int_equal(xm_addr4_host(&all[0].addr), IP4(198, 18, 0, 3));
	assert_int_equal(all[0].port, 80);
	assert_int_equal(xm_addr4_host(&all[1].addr), IP4(198, 18, 0, 200));
	assert_int_equal(xm_addr4_host(&all[2].addr), IP4(198, 18, 1, 50));
	assert_int_equal(all[2].port, 22);
	assert_int_equal(all[2].state, XM_STATE_OPEN);
	assert_int_equal(all[3].port, 443);
	assert_int_equal(all[3].state, XM_STATE_CLOSED);
	assert_int_equal(all[3].ttl, 60);
	assert_int_equal(all[3].family, XM_FAMILY_IPV4);
	assert_int_equal(log.n, 0); /* emptied */
	free(all);
	xm_reply_log_free(&log);
	xm_results_free(&others);
	xm_targets_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answered_pairs_and_dupes),
		cmocka_unit_test(test_answered_pairs_by_protocol),
		cmocka_unit_test(test_answered_too_large),
		cmocka_unit_test(test_stream_hosts),
		cmocka_unit_test(test_reply_log_sorted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the reply log with IPv6 targets: findings keep the targets' family. */
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
#include "unit.h"

/* fd00:5::c612:0/126 and fd00:5::1:0/127: six IPv6 targets in two ranges. */
static void six_targets(struct xm_targets *t)
{
	static const char *const specs[] = { "fd00:5::c612:0/126", "fd00:5::1:0/127" };
	char err[128] = "";
	size_t i;

	*t = (struct xm_targets){ 0 };
	t->include.resolve_family = XM_FAMILY_IPV6;
	for (i = 0; i < ARRAY_LEN(specs); i++)
		if (xm_parse_target(specs[i], &t->include, err, sizeof(err)))
			fail_msg("%s", err);
	if (xm_targets_finalize(t, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(t->family, XM_FAMILY_IPV6);
}

/* The text of finding f's address. */
static const char *text(const struct xm_finding *f, char *buf)
{
	xm_addr_str(f->family, &f->addr, buf, XM_ADDR_STRLEN);
	return buf;
}

/* Entries come back as IPv6 findings with the targets' 128-bit addresses, in address order. */
static void test_reply_log_ipv6(void **state)
{
	struct xm_finding r = { .family = XM_FAMILY_IPV6, .proto = IPPROTO_TCP,
				.state = XM_STATE_OPEN, .reason = 1, .ttl = 64 };
	struct xm_results others = { 0 };
	char buf[XM_ADDR_STRLEN];
	struct xm_reply_log log;
	struct xm_answered a;
	struct xm_finding *all;
	struct xm_targets t;
	size_t n;

	(void)state;
	six_targets(&t);
	a = (struct xm_answered){ .targets = &t }; /* no bitmap: every reply is stored */
	xm_reply_log_init(&log, &a);
	r.port = 80;
	assert_int_equal(xm_reply_log_add(&log, 5, &r), 0); /* the last target */
	r.port = 22;
	assert_int_equal(xm_reply_log_add(&log, 1, &r), 0);
	all = xm_reply_log_sorted(&log, &others, &n);
	assert_non_null(all);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].family, XM_FAMILY_IPV6);
	assert_int_equal(all[1].family, XM_FAMILY_IPV6);
	assert_string_equal(text(&all[0], buf), "fd00:5::1:1");
	assert_int_equal(all[0].port, 22);
	assert_string_equal(text(&all[1], buf), "fd00:5::c612:3");
	assert_int_equal(all[1].port, 80);
	free(all);
	xm_results_free(&others);
	xm_targets_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_log_ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

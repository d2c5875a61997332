// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of IPv6 route matching (engine/route6.c): tables, prefixes, metrics. */
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "route6.h"
#include "unit.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static struct xm_route6_entry route(const char *dst, uint8_t plen, uint8_t type, uint32_t table,
				    uint32_t metric, int oif)
{
	return (struct xm_route6_entry){ .dst = a6(dst), .plen = plen, .type = type,
					 .table = table, .priority = metric, .oif = oif };
}

/* Which entry of v the table gives for dst: its index, or -1 for none. */
static int match(const struct xm_route6_table *t, const char *dst)
{
	struct in6_addr d = a6(dst);
	const struct xm_route6_entry *e = xm_route6_table_match(t, &d);

	return e ? (int)(e - t->v) : -1;
}

static void test_route6_match(void **state)
{
	struct xm_route6_entry v[] = {
		route("::", 0, RTN_UNICAST, RT_TABLE_MAIN, 1024, 2),	    /* 0: default */
		route("fd00::", 64, RTN_UNICAST, RT_TABLE_MAIN, 256, 3),   /* 1 */
		route("fd00::", 64, RTN_UNICAST, RT_TABLE_MAIN, 100, 4),   /* 2: lower metric */
		route("fd00::1", 128, RTN_LOCAL, RT_TABLE_LOCAL, 0, 3),	    /* 3: ours */
		route("ff00::", 8, RTN_MULTICAST, RT_TABLE_LOCAL, 0, 3),   /* 4: not local */
		route("fd00::8:0", 125, RTN_UNREACHABLE, RT_TABLE_MAIN, 0, 0), /* 5 */
		route("::1", 128, RTN_LOCAL, RT_TABLE_LOCAL, 0, 1),	    /* 6: loopback */
		route("fd01::", 48, RTN_UNICAST, RT_TABLE_DEFAULT, 0, 5),  /* 7 */
	};
	struct xm_route6_table t = { .v = v, .n = ARRAY_LEN(v), .cap = ARRAY_LEN(v) };

	assert_int_equal(match(&t, "fd00::1"), 3);
	assert_int_equal(match(&t, "::1"), 6);
	assert_int_equal(match(&t, "fd00::2"), 2);
	assert_int_equal(match(&t, "fd00::8:7"), 5);
	assert_int_equal(match(&t, "fd00::8:8"), 2);
	assert_int_equal(match(&t, "fd00:0:0:1::2"), 0);
	assert_int_equal(match(&t, "ff02::1"), 0); /* multicast: the main table decides */
	assert_int_equal(match(&t, "2001:db8::1"), 0);
	t.n = 1 + 3; /* without the default route, and entries after 3 */
	v[0] = route("fd01::", 48, RTN_UNICAST, RT_TABLE_DEFAULT, 0, 5);
	assert_int_equal(match(&t, "fd01::9"), 0); /* the default table comes last */
	assert_int_equal(match(&t, "2001:db8::1"), -1);
}

/* Prefix lengths that do not end on a byte: /61 holds fd00:0:0:0-7::, not fd00:0:0:8::. */
static void test_route6_odd_prefix(void **state)
{
	struct xm_route6_entry v[] = {
		route("fd00::", 61, RTN_UNICAST, RT_TABLE_MAIN, 0, 2),
	};
	struct xm_route6_table t = { .v = v, .n = 1, .cap = 1 };

	assert_int_equal(match(&t, "fd00:0:0:7:ffff::1"), 0);
	assert_int_equal(match(&t, "fd00:0:0:8::1"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route6_match),
		cmocka_unit_test(test_route6_odd_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

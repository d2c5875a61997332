// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of port lists: ranges, open ranges, names, duplicates, the default list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "ports.h"
#include "unit.h"

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

/* -p with T: and U: prefixes: unprefixed items belong to every protocol asked for. */
static void test_ports_udp_prefixes(void **state)
{
	struct xm_ports p = { 0 };
	char err[256] = "";

	assert_int_equal(xm_parse_ports_for("U:53,161,T:22", XM_PORTS_BOTH, &p, err,
					    sizeof(err)), 0);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.n_udp, 2);
	assert_int_equal(p.proto, IPPROTO_TCP);
	assert_int_equal(p.v[0], 22);
	assert_int_equal(xm_ports_proto(&p, 0), IPPROTO_TCP);
	assert_int_equal(p.v[1], 53);
	assert_int_equal(p.v[2], 161);
	assert_int_equal(xm_ports_proto(&p, 2), IPPROTO_UDP);
	xm_ports_free(&p);
	/* no prefix: each protocol asked for */
	assert_int_equal(xm_parse_ports_for("80,53", XM_PORTS_BOTH, &p, err, sizeof(err)), 0);
	assert_int_equal(p.n, 4);
	assert_int_equal(p.n_udp, 2);
	assert_int_equal(p.v[0], 53);
	assert_int_equal(p.v[2], 53);
	xm_ports_free(&p);
	assert_int_equal(xm_parse_ports_for("22,U:53", XM_PORTS_UDP, &p, err, sizeof(err)), 0);
	assert_int_equal(p.n, 2); /* 22 is for every protocol asked: UDP here */
	assert_int_equal(p.proto, IPPROTO_UDP);
	assert_int_equal(p.n_udp, 2);
	assert_int_equal(xm_ports_proto(&p, 0), IPPROTO_UDP);
	xm_ports_free(&p);
	/* T: items with -sU only are checked, then left out */
	assert_int_equal(xm_parse_ports_for("T:22,U:53", XM_PORTS_UDP, &p, err, sizeof(err)), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0], 53);
	xm_ports_free(&p);
	assert_int_equal(xm_parse_ports_for("U:1-5", XM_PORTS_TCP, &p, err, sizeof(err)), -1);
	assert_substr(err, "no TCP port");
}

static void test_ports_udp_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "U:", "empty port list after 'U:'" },
		{ "U:,T:22", "empty port list after 'U:'" },
		{ "T:22,U:", "empty port list after 'U:'" },
		{ "U:70000", "invalid port '70000'" },
		{ "U:53,T:70000", "invalid port '70000'" },
		{ "T:80", "no UDP port" },
		{ "X:80", "X:80" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct xm_ports p = { 0 };
		char err[256] = "";

		if (!xm_parse_ports_for(cases[i].spec, XM_PORTS_UDP, &p, err, sizeof(err)))
			fail_msg("port spec '%s' accepted", cases[i].spec);
		assert_substr(err, cases[i].why);
		xm_ports_free(&p);
	}
}

/* The default set per protocol: the same list for each, TCP first. */
static void test_ports_default_for(void **state)
{
	struct xm_ports t = { 0 }, b = { 0 };

	assert_int_equal(xm_ports_default(&t), 0);
	assert_int_equal(xm_ports_default_for(XM_PORTS_BOTH, &b), 0);
	assert_int_equal(b.n, 2 * t.n);
	assert_int_equal(b.n_udp, t.n);
	assert_memory_equal(b.v, t.v, t.n * sizeof(*t.v));
	assert_memory_equal(b.v + t.n, t.v, t.n * sizeof(*t.v));
	xm_ports_free(&b);
	assert_int_equal(xm_ports_default_for(XM_PORTS_UDP, &b), 0);
	assert_int_equal(b.proto, IPPROTO_UDP);
	assert_int_equal(xm_ports_proto(&b, 0), IPPROTO_UDP);
	xm_ports_free(&b);
	xm_ports_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ports_list),
		cmocka_unit_test(test_ports_open_ranges),
		cmocka_unit_test(test_ports_prefix_dupes_names),
		cmocka_unit_test(test_ports_bad),
		cmocka_unit_test(test_port_range),
		cmocka_unit_test(test_ports_default),
		cmocka_unit_test(test_ports_udp_prefixes),
		cmocka_unit_test(test_ports_udp_bad),
		cmocka_unit_test(test_ports_default_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

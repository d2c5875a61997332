// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of IPv6 targets: specs, bad input, exclusions, indexing, -6 (command line). */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "addr.h"
#include "targets.h"
#include "unit.h"
#include "test_cli.h"

/* The text of the idx-th target. */
static const char *nth(const struct xm_targets *t, uint64_t idx, char *buf)
{
	struct xm_addr a = xm_targets_at(t, idx);

	xm_addr_str(t->family, &a, buf, XM_ADDR_STRLEN);
	return buf;
}

/* Targets from specs and exclusions (NULL-terminated lists); finalize's status. */
static int build(struct xm_targets *t, const char *const *inc, const char *const *exc, char *err,
		 size_t errlen)
{
	*t = (struct xm_targets){ 0 };
	t->include.resolve_family = t->exclude.resolve_family = XM_FAMILY_IPV6;
	for (; *inc; inc++)
		if (xm_parse_target(*inc, &t->include, err, errlen))
			return -2;
	for (; exc && *exc; exc++)
		if (xm_parse_target(*exc, &t->exclude, err, errlen))
			return -2;
	return xm_targets_finalize(t, err, errlen);
}

static void test_ipv6_forms(void **state)
{
	static const char *const inc[] = { "fd00::1", "fd00::10/126", "fd00::ffff:fffe-fd00::1:0:1",
					   "FD00:0:0:0:0:0:0:2", NULL };
	static const char *const want[] = { "fd00::1", "fd00::2", "fd00::10", "fd00::11",
					    "fd00::12", "fd00::13", "fd00::ffff:fffe",
					    "fd00::ffff:ffff", "fd00::1:0:0", "fd00::1:0:1" };
	struct xm_targets t;
	char err[256] = "", buf[XM_ADDR_STRLEN];
	size_t i;

	if (build(&t, inc, NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(t.family, XM_FAMILY_IPV6);
	assert_true(t.count == ARRAY_LEN(want));
	for (i = 0; i < ARRAY_LEN(want); i++) {
		struct xm_addr a = xm_targets_at(&t, i);

		assert_string_equal(nth(&t, i, buf), want[i]);
		assert_true(xm_targets_index_of(&t, &a) == (int64_t)i);
	}
	xm_targets_free(&t);
}

/* A /96 is the largest prefix: 2^32 addresses, indexable end to end. */
static void test_ipv6_largest_prefix(void **state)
{
	static const char *const inc[] = { "fd00:1::/96", NULL };
	struct xm_targets t;
	char err[256] = "", buf[XM_ADDR_STRLEN];

	assert_int_equal(build(&t, inc, NULL, err, sizeof(err)), 0);
	assert_true(t.count == 1ULL << 32);
	assert_string_equal(nth(&t, 0, buf), "fd00:1::");
	assert_string_equal(nth(&t, t.count - 1, buf), "fd00:1::ffff:ffff");
	assert_string_equal(nth(&t, 0x10203, buf), "fd00:1::1:203");
	xm_targets_free(&t);
}

static void test_ipv6_exclude(void **state)
{
	static const char *const inc[] = { "fd00::/120", "fd00::1:0/127", NULL };
	static const char *const exc[] = { "fd00::0-fd00::f", "fd00::80/121", "fd00::1:1", NULL };
	struct xm_targets t;
	struct xm_addr a;
	char err[256] = "", buf[XM_ADDR_STRLEN];

	assert_int_equal(build(&t, inc, exc, err, sizeof(err)), 0);
	assert_true(t.count == 256 - 16 - 128 + 1);
	assert_string_equal(nth(&t, 0, buf), "fd00::10");
	assert_string_equal(nth(&t, 111, buf), "fd00::7f");
	assert_string_equal(nth(&t, 112, buf), "fd00::1:0");
	assert_int_equal(inet_pton(AF_INET6, "fd00::80", &a), 1);
	assert_true(xm_targets_index_of(&t, &a) == -1);
	assert_int_equal(inet_pton(AF_INET6, "fd01::10", &a), 1);
	assert_true(xm_targets_index_of(&t, &a) == -1);
	a = xm_addr4(0x10); /* the IPv4 address 0.0.0.16 is no IPv6 target */
	assert_true(xm_targets_index_of(&t, &a) == -1);
	xm_targets_free(&t);
}

static void test_ipv6_bad(void **state)
{
	static const struct bad_case cases[] = {
		{ "fd00::/64", "2^64 addresses" },
		{ "fd00::/95", "at most 2^32" },
		{ "fd00::/129", "prefix length" },
		{ "fd00::/", "prefix length" },
		{ "fd00::/12a", "prefix length" },
		{ "fd00:::1", "invalid IPv6 address 'fd00:::1'" },
		{ "fd00::g", "invalid IPv6 address" },
		{ "1:2:3:4:5:6:7:8:9", "invalid IPv6 address" },
		{ "fd00::9-fd00::1", "reversed" },
		{ "fd00::-fd01::", "more than 2^32" },
		{ "fd00::1-fd00::zz", "invalid IPv6 address 'fd00::zz'" },
		{ "::ffff:198.18.0.1", "IPv4-mapped" },
		{ "no-such-host.invalid", "cannot resolve" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct xm_ranges r = { .resolve_family = XM_FAMILY_IPV6 };
		char err[256] = "";

		if (!xm_parse_target(cases[i].spec, &r, err, sizeof(err)))
			fail_msg("'%s' accepted", cases[i].spec);
		assert_substr(err, cases[i].why);
		assert_true(strchr(err, '\n') == NULL);
		free(r.v);
	}
}

static void test_ipv6_no_mixing(void **state)
{
	static const char *const mixed[] = { "fd00::1", "198.18.0.1", NULL };
	static const char *const v6[] = { "fd00::1", NULL };
	static const char *const v4_ex[] = { "198.18.0.1", NULL };
	struct xm_targets t;
	char err[256] = "";

	assert_int_equal(build(&t, mixed, NULL, err, sizeof(err)), -1);
	assert_substr(err, "IPv4 ('198.18.0.1') and IPv6 ('fd00::1') targets cannot be mixed");
	xm_targets_free(&t);
	assert_int_equal(build(&t, v6, v4_ex, err, sizeof(err)), -1);
	assert_substr(err, "IPv4 exclusion '198.18.0.1'");
	xm_targets_free(&t);
}

/* A target file with both families is refused as nmap does; one family only is fine. */
static void test_ipv6_file(void **state)
{
	char path[] = "/tmp/xm_t6_XXXXXX", err[256] = "";
	struct xm_targets t = { 0 };
	FILE *f;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# v6 only\nfd00::1 fd00::2\nfd00::8/125\n", f);
	fclose(f);
	assert_int_equal(xm_parse_target_file(path, &t.include, err, sizeof(err)), 0);
	assert_int_equal(xm_targets_finalize(&t, err, sizeof(err)), 0);
	assert_true(t.count == 10);
	xm_targets_free(&t);
	f = fopen(path, "a");
	fputs("198.18.0.1\n", f);
	fclose(f);
	assert_int_equal(xm_parse_target_file(path, &t.include, err, sizeof(err)), 0);
	assert_int_equal(xm_targets_finalize(&t, err, sizeof(err)), -1);
	assert_substr(err, "cannot be mixed");
	xm_targets_free(&t);
	unlink(path);
}

static void test_cli_ipv6(void **state)
{
	struct xm_config cfg;
	char err[256], buf[XM_ADDR_STRLEN];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-6", "-p", "22", "fd00::1/127", NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.ipv6);
	assert_int_equal(cfg.targets.family, XM_FAMILY_IPV6);
	assert_true(cfg.targets.count == 2);
	assert_string_equal(nth(&cfg.targets, 1, buf), "fd00::1");
	xm_config_free(&cfg);
	/* the XDP path's IPv6 discovery probes: echo, SYN, ACK and Neighbor Discovery */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-6", "-sn", "-PE", "-PS443", "-PA80", "-PR",
			     "fd00::1", NULL), XM_CLI_SCAN);
	assert_true(cfg.ping.echo && cfg.ping.nsyn == 1 && cfg.ping.nack == 1);
	xm_config_free(&cfg);
	/* -PU, --disable-arp-ping and --router-mac, once refused with -6, as IPv4's */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-6", "-sn", "-PU", "--disable-arp-ping",
			     "--router-mac", "02:00:c6:12:00:02", "fd00::1", NULL), XM_CLI_SCAN);
	assert_true(cfg.ping.nudp == 1 && cfg.ping.udp_ports[0] == 40125);
	assert_true(cfg.ping.disable_arp && cfg.have_router_mac && cfg.router_mac[5] == 2);
	xm_config_free(&cfg);
	/* -sU (refused with -6 before), with -sS and U:/T: prefixes, and the longest payload */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-6", "-sS", "-sU", "-p", "U:53,T:22",
			     "--data-length", "1452", "fd00::1", NULL), XM_CLI_SCAN);
	assert_true(cfg.udp_scan && cfg.ports.n == 2 && cfg.ports.n_udp == 1);
	assert_int_equal(cfg.udp_data_len, 1452);
	xm_config_free(&cfg);
}

static void test_cli_ipv6_bad(void **state)
{
	static const struct {
		const char *args[4];
		const char *why;
	} cases[] = {
		{ { "::1" }, "IPv6 target '::1' needs -6" },
		{ { "-6", "198.18.0.1" }, "-6 given but target '198.18.0.1' is IPv4" },
		{ { "-6", "fd00::1", "198.18.0.0/24" }, "cannot be mixed" },
		{ { "198.18.0.1", "--exclude", "fd00::1" }, "IPv6 exclusion 'fd00::1'" },
		{ { "-6", "-e", "no-such-if0", "fd00::1" }, "unknown interface 'no-such-if0'" },
		{ { "-6", "-S", "198.18.0.1", "fd00::1" }, "-6 cannot be combined with -S" },
		{ { "-6", "-PP", "fd00::1" }, "-6 cannot be combined with -PP" },
		{ { "-6", "--data-length", "1453", "fd00::1" }, "a UDP payload is at most 1452" },
		{ { "-6", "fd00::/64" }, "2^64" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const char *const *a = cases[i].args;
		struct xm_config cfg;
		char err[256];

		assert_int_equal(cli(&cfg, err, sizeof(err), a[0], a[1], a[2], a[3], NULL),
				 XM_CLI_ERROR);
		assert_substr(err, cases[i].why);
		xm_config_free(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6_forms),
		cmocka_unit_test(test_ipv6_largest_prefix),
		cmocka_unit_test(test_ipv6_exclude),
		cmocka_unit_test(test_ipv6_bad),
		cmocka_unit_test(test_ipv6_no_mixing),
		cmocka_unit_test(test_ipv6_file),
		cmocka_unit_test(test_cli_ipv6),
		cmocka_unit_test(test_cli_ipv6_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

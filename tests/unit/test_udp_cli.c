// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests of the UDP scan's command line: -sU, -p prefixes per scan type, -PU, --data*. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <cmocka.h>
#include "cli.h"
#include "ports.h"
#include "test_cli.h"

#define T "198.18.0.2"

/* Parse an argument list that must fail; its one line must contain 'want'. */
#define assert_bad(want, ...)                                                          \
	do {                                                                           \
		struct xm_config c_;                                                   \
		char e_[256];                                                          \
		if (cli(&c_, e_, sizeof(e_), __VA_ARGS__, NULL) != XM_CLI_ERROR)      \
			fail_msg("accepted: %s", #__VA_ARGS__);                        \
		if (!strstr(e_, want))                                                 \
			fail_msg("'%s' lacks '%s'", e_, want);                         \
		assert_null(strchr(e_, '\n'));                                         \
		xm_config_free(&c_);                                                   \
	} while (0)

/* -p is read for the scan types asked, whatever the order of -p and -sU. */
static void test_scan_types_and_ports(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p", "53,T:22", "-sU", "-sS", T, NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.udp_scan && cfg.syn_scan);
	assert_int_equal(cfg.ports.n, 3); /* TCP 22, 53; UDP 53 */
	assert_int_equal(cfg.ports.n_udp, 1);
	assert_int_equal(cfg.ports.v[2], 53);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "-p", "53,T:22", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n, 1);
	assert_int_equal(cfg.ports.proto, IPPROTO_UDP);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "-sS", T, NULL), XM_CLI_SCAN);
	/* the default set (the first 1000 of the ranked list) for each protocol */
	assert_int_equal(cfg.ports.n_udp, xm_default_ports_count);
	assert_int_equal(cfg.ports.n, 2 * cfg.ports.n_udp);
	xm_config_free(&cfg);
	/* --top-ports and -F choose the head of the same list for each protocol asked */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "-sS", "--top-ports", "10", T, NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n_udp, 10);
	assert_int_equal(cfg.ports.n, 20);
	assert_int_equal(cfg.ports.v[0], cfg.ports.v[10]);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "-F", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n, 100);
	assert_int_equal(cfg.ports.proto, IPPROTO_UDP);
	xm_config_free(&cfg);
	assert_bad("no TCP port", "-p", "U:53", T);
	assert_bad("empty port list after 'U:'", "-sU", "-p", "U:", T);
	assert_bad("invalid port '70000'", "-sU", "-p", "U:70000", T);
	/* -sT -sU: TCP by connect(), UDP over AF_XDP; -p gives each its part */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "-sT", "-p", "53,T:22", T, NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.udp_scan && cfg.connect_scan && !cfg.syn_scan);
	assert_int_equal(cfg.ports.n, 3);
	assert_int_equal(cfg.ports.n_udp, 1);
	xm_config_free(&cfg);
	assert_bad("-sS and -sT cannot be combined", "-sU", "-sT", "-sS", T);
	assert_bad("-sn (no port scan) cannot be combined with -sU", "-sn", "-sU", T);
}

/* -PU: port 40125 bare, a list when given; at most 32. */
static void test_udp_ping(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-PU", "-p", "80", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.ping.nudp, 1);
	assert_int_equal(cfg.ping.udp_ports[0], 40125);
	assert_true(cfg.ping.chosen);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-PU53,161", "-p", "80", T, NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.ping.nudp, 2);
	assert_int_equal(cfg.ping.udp_ports[1], 161);
	xm_config_free(&cfg);
	assert_bad("-PU", "-PU70000", T);
	assert_bad("at most 32", "-PU1-33", T);
}

/* --data in its three spellings, --data-string, --data-length; the last one wins. */
static void test_udp_data(void **state)
{
	static const struct { const char *opt, *arg, *want; size_t len; } ok[] = {
		{ "--data", "0x4142", "AB", 2 },
		{ "--data", "\\x41\\x42\\x43", "ABC", 3 },
		{ "--data", "00ff", "\x00\xff", 2 },
		{ "--data-string", "hello", "hello", 5 },
		{ "--data-length", "0", "", 0 },
	};
	struct xm_config cfg;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", ok[i].opt, ok[i].arg, T, NULL),
				 XM_CLI_SCAN);
		assert_int_equal(cfg.udp_data_len, ok[i].len);
		assert_memory_equal(cfg.udp_data, ok[i].want, ok[i].len);
		xm_config_free(&cfg);
	}
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "--data-length", "1472",
			     "--data-string", "x", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.udp_data_len, 1);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sU", "--data-length", "1472", T, NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.udp_data_len, 1472);
	xm_config_free(&cfg);
	assert_bad("not a hex byte at '0g'", "-sU", "--data", "0g", T);
	assert_bad("not a hex byte at '1'", "-sU", "--data", "001", T);
	assert_bad("--data-length '1473'", "-sU", "--data-length", "1473", T);
	assert_bad("--data-length '-1'", "-sU", "--data-length", "-1", T);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_types_and_ports),
		cmocka_unit_test(test_udp_ping),
		cmocka_unit_test(test_udp_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

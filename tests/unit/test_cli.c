// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the command line parser: values, defaults and the errors it reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ports.h"
#include "targets.h"
#include "unit.h"
#include "test_cli.h"


static void test_cli_basic(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p", "80", "198.18.0.2", NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n, 1);
	assert_int_equal(cfg.ports.v[0], 80);
	assert_true(cfg.targets.count == 1);
	assert_int_equal(xm_targets_addr(&cfg.targets, 0), IP4(198, 18, 0, 2));
	assert_true(cfg.max_rate == 100000);
	assert_int_equal(cfg.shard_count, 1);
	assert_false(cfg.have_router_mac);
	assert_string_equal(cfg.argv_line, "xdpmap -p 80 198.18.0.2");
	xm_config_free(&cfg);
}

static void test_cli_values(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--max-rate=2500", "--shard", "2/3",
			     "--seed", "77", "-n", "198.18.0.0/30", NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.max_rate == 2500);
	assert_int_equal(cfg.shard_index, 1);
	assert_int_equal(cfg.shard_count, 3);
	assert_true(cfg.seed_set);
	assert_true(cfg.seed == 77);
	assert_true(cfg.no_dns);
	assert_true(cfg.targets.count == 4);
	assert_int_equal(cfg.ports.n, xm_default_ports_count); /* no -p: defaults */
	xm_config_free(&cfg);
}

static void test_cli_bad_rate(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--max-rate", "abc", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--max-rate");
	assert_substr(err, "abc");
	xm_config_free(&cfg);
}

static void test_cli_bad_shard(void **state)
{
	static const char *const bad[] = { "3/2", "0/2", "1/0", "1/2x", "-1/2", "1", "" };
	struct xm_config cfg;
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		if (cli(&cfg, err, sizeof(err), "--shard", bad[i], "198.18.0.2", NULL) !=
		    XM_CLI_ERROR)
			fail_msg("--shard '%s' accepted", bad[i]);
		assert_substr(err, "--shard");
		xm_config_free(&cfg);
	}
}

static void test_cli_router_mac(void **state)
{
	static const uint8_t want[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--router-mac", "00:11:22:33:44:55",
			     "198.18.0.2", NULL),
			 XM_CLI_SCAN);
	assert_true(cfg.have_router_mac);
	assert_memory_equal(cfg.router_mac, want, 6);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--router-mac", "00:11:22:33:44",
			     "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--router-mac");
	xm_config_free(&cfg);
}

static void test_cli_all_ports(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p-", "198.18.0.2", NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.ports.n, 65535);
	assert_int_equal(cfg.ports.v[0], 1);
	assert_int_equal(cfg.ports.v[65534], 65535);
	xm_config_free(&cfg);
}

static void test_cli_no_target(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p", "80", NULL), XM_CLI_ERROR);
	assert_substr(err, "no targets");
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "198.18.0.2", "-p", NULL), XM_CLI_ERROR);
	assert_substr(err, "needs a value");
	xm_config_free(&cfg);
}

static void test_cli_unknown_option(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--frobnicate", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--frobnicate");
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "198.18.0.2", "--bogus=1", NULL),
			 XM_CLI_ERROR);
	assert_substr(err, "--bogus");
	xm_config_free(&cfg);
}

/* --merge's scan identity: shard and output-file options (with their values) do not count. */
static void test_cli_scan_words(void **state)
{
	char *a[] = { "xdpmap", "-n", "-p", "22,80", "--shard", "1/4", "-oJ", "s1.json",
		      "--seed=9", "--shards=4", "-oA", "base", "-oX", "-", "198.18.0.2",
		      "--", "-oN" };
	char *b[] = { "/usr/bin/xdpmap", "-n", "-p", "22,80", "--shards", "4", "--shard", "3",
		      "--seed=9", "-oN", "x.nmap", "198.18.0.2", "--", "-oN" };
	char *c[] = { "xdpmap", "-n", "-p", "22,81", "--seed=9", "198.18.0.2", "--", "-oN" };
	const char *w[20];
	char ida[40], idb[40], idc[40];
	size_t n;

	n = xm_cli_scan_words(17, a, w);
	assert_int_equal(n, 7);
	assert_string_equal(w[0], "-n");
	assert_string_equal(w[2], "22,80");
	assert_string_equal(w[3], "--seed=9");
	assert_string_equal(w[4], "198.18.0.2");
	assert_string_equal(w[5], "--");
	assert_string_equal(w[6], "-oN"); /* a target after "--" */
	xm_cli_scan_id(17, a, ida, sizeof(ida));
	xm_cli_scan_id(14, b, idb, sizeof(idb));
	xm_cli_scan_id(8, c, idc, sizeof(idc));
	assert_int_equal(strlen(ida), 16);
	assert_string_equal(ida, idb);
	assert_string_not_equal(ida, idc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_basic),
		cmocka_unit_test(test_cli_values),
		cmocka_unit_test(test_cli_bad_rate),
		cmocka_unit_test(test_cli_bad_shard),
		cmocka_unit_test(test_cli_router_mac),
		cmocka_unit_test(test_cli_all_ports),
		cmocka_unit_test(test_cli_no_target),
		cmocka_unit_test(test_cli_unknown_option),
		cmocka_unit_test(test_cli_scan_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

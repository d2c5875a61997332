// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests of the command line: timing templates and options, shards, help, formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cli.h"
#include "output.h"
#include "test_cli.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define T "198.18.0.2"

/* Doubles written as exact binary fractions or decimal constants compare within 1e-9. */
#define assert_near(a, b) assert_true((a) > (b) - 1e-9 && (a) < (b) + 1e-9)

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

static void test_timing_defaults(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-p", "80", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.timing, 3);
	assert_int_equal(cfg.max_retries, 1); /* this scanner's default, not T3's 10 */
	assert_near(cfg.initial_rtt_timeout, 1);
	assert_near(cfg.min_rtt_timeout, 0.1);
	assert_near(cfg.max_rtt_timeout, 10);
	assert_near(cfg.scan_delay, 0);
	assert_near(cfg.max_scan_delay, 1);
	assert_near(cfg.host_timeout, 0);
	assert_near(cfg.min_rate, 0);
	assert_near(cfg.max_rate, 100000);
	assert_int_equal(cfg.max_parallelism, 0);
	assert_false(cfg.wait_set);
	xm_config_free(&cfg);
}

static void test_timing_templates(void **state)
{
	static const struct {
		const char *arg;
		int level, retries, par;
		double initial, min, max, delay, max_delay, host;
	} want[] = {
		{ "-T0", 0, 10, 1, 300, 0.1, 300, 300, 300, 0 },
		{ "-Tsneaky", 1, 10, 1, 15, 0.1, 15, 15, 15, 0 },
		{ "-T2", 2, 10, 1, 1, 0.1, 10, 0.4, 1, 0 },
		{ "-TNormal", 3, 10, 0, 1, 0.1, 10, 0, 1, 0 },
		{ "-T4", 4, 6, 0, 0.5, 0.1, 1.25, 0, 0.010, 0 },
		{ "-Tinsane", 5, 2, 0, 0.25, 0.05, 0.3, 0, 0.005, 900 },
	};
	struct xm_config cfg;
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_LEN(want); i++) {
		assert_int_equal(cli(&cfg, err, sizeof(err), want[i].arg, "-p", "80", T, NULL),
				 XM_CLI_SCAN);
		assert_int_equal(cfg.timing, want[i].level);
		assert_int_equal(cfg.max_retries, want[i].retries);
		assert_int_equal(cfg.max_parallelism, want[i].par);
		assert_near(cfg.initial_rtt_timeout, want[i].initial);
		assert_near(cfg.min_rtt_timeout, want[i].min);
		assert_near(cfg.max_rtt_timeout, want[i].max);
		assert_near(cfg.scan_delay, want[i].delay);
		assert_near(cfg.max_scan_delay, want[i].max_delay);
		assert_near(cfg.host_timeout, want[i].host);
		xm_config_free(&cfg);
	}
	/* "-T 4": the level as a separate argument */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-T", "4", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.timing, 4);
	xm_config_free(&cfg);
}

/* An option given explicitly wins over -T, before or after it. */
static void test_timing_explicit_wins(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--max-retries", "3", "--host-timeout", "2m",
			     "--max-rtt-timeout", "800ms", "-T5", "--max-parallelism", "7",
			     "--scan-delay", "1ms", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.max_retries, 3);
	assert_near(cfg.host_timeout, 120);
	assert_near(cfg.max_rtt_timeout, 0.8);
	assert_near(cfg.min_rtt_timeout, 0.05);		/* from T5 */
	assert_near(cfg.initial_rtt_timeout, 0.25);	/* from T5 */
	assert_near(cfg.scan_delay, 0.001);
	assert_near(cfg.max_scan_delay, 0.005);
	assert_int_equal(cfg.max_parallelism, 7);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-T1", "--max-parallelism", "9",
			     "--scan-delay", "2s", "--initial-rtt-timeout", "3s", T, NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.max_parallelism, 9);
	assert_near(cfg.scan_delay, 2);
	assert_near(cfg.initial_rtt_timeout, 3);
	assert_near(cfg.max_rtt_timeout, 10);
	xm_config_free(&cfg);
	/* an explicit bound moves a template value it contradicts */
	assert_int_equal(cli(&cfg, err, sizeof(err), "-T4", "--min-rtt-timeout", "2s", T, NULL),
			 XM_CLI_SCAN);
	assert_near(cfg.min_rtt_timeout, 2);
	assert_near(cfg.max_rtt_timeout, 2);
	assert_near(cfg.initial_rtt_timeout, 2);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-T0", "--max-rtt-timeout", "1s",
			     "--max-scan-delay", "500ms", T, NULL), XM_CLI_SCAN);
	assert_near(cfg.max_rtt_timeout, 1);
	assert_near(cfg.initial_rtt_timeout, 1);
	assert_near(cfg.scan_delay, 0.5);
	assert_near(cfg.max_scan_delay, 0.5);
	xm_config_free(&cfg);
}

static void test_timing_values(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--min-rate", "500", "--max-rate", "1000",
			     "--wait", "3", "--initial-rtt-timeout", "0.5", "--min-rtt-timeout",
			     "20ms", "--max-rtt-timeout", "1h", "--max-scan-delay", "0", T, NULL),
			 XM_CLI_SCAN);
	assert_near(cfg.min_rate, 500);
	assert_near(cfg.max_rate, 1000);
	assert_true(cfg.wait_set);
	assert_near(cfg.wait_s, 3);
	assert_near(cfg.initial_rtt_timeout, 0.5);
	assert_near(cfg.min_rtt_timeout, 0.02);
	assert_near(cfg.max_rtt_timeout, 3600);
	assert_near(cfg.max_scan_delay, 0);
	assert_int_equal(cfg.max_retries, 1);
	xm_config_free(&cfg);
	/* a --min-rate above the default --max-rate raises it */
	assert_int_equal(cli(&cfg, err, sizeof(err), "--min-rate", "250000", T, NULL),
			 XM_CLI_SCAN);
	assert_near(cfg.max_rate, 250000);
	xm_config_free(&cfg);
}

static void test_timing_bad(void **state)
{
	assert_bad("-T", "-T6", T);
	assert_bad("'foo'", "-Tfoo", T);
	assert_bad("-T", "-T", "-1", T);
	assert_bad("-T", "-T", "45", T);
	assert_bad("needs a value", T, "-T");
	assert_bad("--min-rate", "--min-rate", "2000", "--max-rate", "1000", T);
	assert_bad("--max-rate", "--max-rate", "1000", "--min-rate", "2000", T);
	assert_bad("--min-rate", "--min-rate", "0", T);
	assert_bad("--min-rtt-timeout", "--min-rtt-timeout", "2s", "--max-rtt-timeout", "1s", T);
	assert_bad("--initial-rtt-timeout", "--initial-rtt-timeout", "20s", "--max-rtt-timeout",
		   "10s", T);
	assert_bad("--initial-rtt-timeout", "--initial-rtt-timeout", "20ms",
		   "--min-rtt-timeout", "50ms", T);
	assert_bad("--initial-rtt-timeout", "--initial-rtt-timeout", "0", T);
	assert_bad("--max-rtt-timeout", "--max-rtt-timeout", "5x", T);
	assert_bad("--host-timeout", "--host-timeout", "soon", T);
	assert_bad("--host-timeout", "--host-timeout", "25h", T);
	assert_bad("--scan-delay", "--scan-delay", "-1", T);
	assert_bad("--scan-delay", "--scan-delay", "2s", "--max-scan-delay", "1s", T);
	assert_bad("--max-scan-delay", "--max-scan-delay", "1 s", T);
	assert_bad("--version-timeout", "--version-timeout", "soon", T);
	assert_bad("--version-timeout", "--version-timeout", "-1", T);
	assert_bad("--version-timeout", "--version-timeout", "25h", T);
}

/* -sV's overall cap: 5 minutes by default, nmap's time syntax, 0 = none. */
static void test_version_timeout(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-sV", T, NULL), XM_CLI_SCAN);
	assert_near(cfg.version_timeout, 300);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-sV", "--version-timeout", "90s", T, NULL),
			 XM_CLI_SCAN);
	assert_near(cfg.version_timeout, 90);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--version-timeout", "0", "-sV", T, NULL),
			 XM_CLI_SCAN);
	assert_near(cfg.version_timeout, 0);
	xm_config_free(&cfg);
}

static void test_shards(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--shards", "3", "--shard", "2", T, NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.shard_index, 2);
	assert_int_equal(cfg.shard_count, 3);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--shard", "0", "--shards", "5", T, NULL),
			 XM_CLI_SCAN);
	assert_int_equal(cfg.shard_index, 0);
	assert_int_equal(cfg.shard_count, 5);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--shards", "4", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.shard_index, 0);
	assert_int_equal(cfg.shard_count, 4);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--shard", "3/3", T, NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.shard_index, 2);
	assert_int_equal(cfg.shard_count, 3);
	xm_config_free(&cfg);
	assert_bad("--shard", "--shard", "0/3", T);
	assert_bad("--shard", "--shard", "4/3", T);
	assert_bad("--shards", "--shards", "0", T);
	assert_bad("--shards", "--shards", "x", T);
	assert_bad("--shards", "--shards", "-2", T);
	assert_bad("--shard 3", "--shards", "3", "--shard", "3", T);
	assert_bad("--shard 7", "--shard", "7", "--shards", "3", T);
	assert_bad("--shards", "--shard", "1", T);
	assert_bad("--shards", "--shard", "1/3", "--shards", "3", T);
	assert_bad("--shard", "--shard", "1x", T);
}

/* --help lists every option row: the new ones, --no-stylesheet, and every -o letter. */
static void test_help(void **state)
{
	static const char *const want[] = {
		"TARGET SPECIFICATION:", "HOST DISCOVERY:", "SCAN TECHNIQUES:",
		"PORT SPECIFICATION:", "SERVICE/VERSION DETECTION:", "TIMING AND PERFORMANCE:",
		"OUTPUT:", "MISC:", "EXIT STATUS", "-T<0-5>", "--min-rate <pps>",
		"--max-rtt-timeout", "--initial-rtt-timeout", "--host-timeout <time>",
		"--version-timeout <time>",
		"--max-scan-delay", "--shards <N> --shard <I>", "--no-stylesheet",
		"-oA <basename>", "--stats-every", "-h, --help",
	};
	char *text = NULL, line[128];
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	xm_cli_usage(f);
	fclose(f);
	for (i = 0; i < ARRAY_LEN(want); i++)
		if (!strstr(text, want[i]))
			fail_msg("--help lacks '%s'", want[i]);
	for (i = 0; i < xm_output_nformats; i++) {
		snprintf(line, sizeof(line), "-o%c", xm_output_formats[i].letter);
		assert_non_null(strstr(text, line));
		assert_non_null(strstr(text, xm_output_formats[i].name));
	}
	free(text);
}

/* Every -o letter of the table is an option; -oA fills the formats with an extension. */
static void test_format_table(void **state)
{
	struct xm_config cfg;
	char err[256], opt[4];
	size_t i;

	for (i = 0; i < xm_output_nformats; i++) {
		snprintf(opt, sizeof(opt), "-o%c", xm_output_formats[i].letter);
		assert_int_equal(xm_output_format_index(xm_output_formats[i].letter), (int)i);
		assert_int_equal(cli(&cfg, err, sizeof(err), opt, "out", T, NULL), XM_CLI_SCAN);
		assert_string_equal(cfg.out_path[i], "out");
		xm_config_free(&cfg);
	}
	assert_int_equal(cli(&cfg, err, sizeof(err), "-oA", "b", T, NULL), XM_CLI_SCAN);
	for (i = 0; i < xm_output_nformats; i++) {
		if (!xm_output_formats[i].ext) {
			assert_null(cfg.out_path[i]);
			continue;
		}
		assert_non_null(cfg.out_path[i]);
		assert_string_equal(cfg.out_path[i] + 1, xm_output_formats[i].ext);
	}
	xm_config_free(&cfg);
	assert_int_equal(xm_output_format_index('A'), -1);
	assert_bad("-oQ", "-oQ", "x", T);
	assert_bad("'-o'", "-o", "x", T);
	assert_bad("'-o=x'", "-o=x", T);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timing_defaults),
		cmocka_unit_test(test_timing_templates),
		cmocka_unit_test(test_timing_explicit_wins),
		cmocka_unit_test(test_timing_values),
		cmocka_unit_test(test_timing_bad),
		cmocka_unit_test(test_version_timeout),
		cmocka_unit_test(test_shards),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_format_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

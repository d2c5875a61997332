// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the everyday-user features: latency digits, -g, repeated options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "mac_vendor.h"
#include "sigdigits.h"
#include "unit.h"

/* nmap's latency: two significant digits, plain decimals. */
static void test_sigdigits(void **state)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 9.5e-05, "0.000095" }, { 0.00012, "0.00012" }, { 0.001, "0.0010" },
		{ 0.0999, "0.10" },	 { 1.5, "1.5" },	 { 12.34, "12" },
		{ 0, "0" },		 { 4.2e-07, "0.00000042" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++)
		assert_string_equal(xm_sigdigits(buf, sizeof(buf), cases[i].v, 2), cases[i].want);
}

static enum xm_cli_action parse(const char *const *args, struct xm_config *cfg, char *err,
				size_t len)
{
	char *argv[16];
	int argc = 0;

	while (args[argc] && argc < 15) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	return xm_cli_parse(argc, argv, cfg, err, len);
}

/* -g PORT: one source port, lo = hi. */
static void test_single_source_port(void **state)
{
	const char *args[] = { "xdpmap", "-g", "53", "-p", "80", "198.18.0.2", NULL };
	struct xm_config cfg;
	char err[256] = "";

	assert_int_equal(parse(args, &cfg, err, sizeof(err)), XM_CLI_SCAN);
	assert_int_equal(cfg.sport_lo, 53);
	assert_int_equal(cfg.sport_hi, 53);
	xm_config_free(&cfg);
}

/* The registry's "(hex)" lines give the vendor; other prefixes are "Unknown"; none: NULL. */
static void test_mac_vendor(void **state)
{
	static const uint8_t known[6] = { 0x08, 0x00, 0x27, 1, 2, 3 };
	static const uint8_t other[6] = { 2, 0, 0, 0, 0, 1 };
	char path[] = "/tmp/xdpmap-oui.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	assert_non_null(f);
	fputs("OUI/MA-L\t\t\tOrganization\n08-00-27   (hex)\t\tPCS Example GmbH\n"
	      "080027     (base 16)\t\tPCS Example GmbH\n\t\t\t\tSomewhere\n", f);
	fclose(f);
	setenv("XDPMAP_OUI", path, 1);
	xm_mac_vendors_free();
	assert_string_equal(xm_mac_vendor(known), "PCS Example GmbH");
	assert_string_equal(xm_mac_vendor(other), "Unknown");
	unlink(path);
	setenv("XDPMAP_OUI", "/nonexistent/oui.txt", 1);
	xm_mac_vendors_free();
	assert_null(xm_mac_vendor(known));
	xm_mac_vendors_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigdigits),
		cmocka_unit_test(test_single_source_port),
		cmocka_unit_test(test_mac_vendor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
#include "addr.h"
#include "mac_vendor.h"
#include "packet_trace.h"
#include "ports.h"
#include "results.h"
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

/* The RCVD line of one record, read back from stdout, "RCVD (..s) " cut off. */
static void rcvd_line(const struct xm_finding *f, char *buf, size_t len)
{
	char path[] = "/tmp/xdpmap-trace.XXXXXX";
	int fd = mkstemp(path), saved = dup(STDOUT_FILENO);
	FILE *in;
	char *rest;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	xm_trace_set(true);
	xm_trace_finding(f);
	xm_trace_set(false);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	in = fopen(path, "r");
	assert_non_null(in);
	assert_non_null(fgets(buf, (int)len, in));
	fclose(in);
	unlink(path);
	buf[strcspn(buf, "\n")] = '\0';
	rest = strstr(buf, "s) ");
	assert_non_null(rest);
	memmove(buf, rest + 3, strlen(rest + 3) + 1);
}

/* -sU's replies in --packet-trace: a UDP answer and nmap's words for ICMP unreachables. */
static void test_trace_udp(void **state)
{
	struct xm_finding f = { .addr = xm_addr4(0xc6120002), .family = XM_FAMILY_IPV4,
				.proto = IPPROTO_UDP, .port = 53, .state = XM_STATE_OPEN,
				.reason = XM_REASON_UDP_RESPONSE, .ttl = 64 };
	char buf[256];

	rcvd_line(&f, buf, sizeof(buf));
	assert_string_equal(buf, "UDP 198.18.0.2:53 > us ttl=64");
	f.port = 54;
	f.state = XM_STATE_CLOSED;
	f.reason = XM_REASON_PORT_UNREACH;
	rcvd_line(&f, buf, sizeof(buf));
	assert_string_equal(buf, "ICMP [198.18.0.2 > us Port unreachable (type=3/code=3) ] "
				 "IP [ttl=64 ] for udp port 54");
	f.reason = XM_REASON_ADMIN_PROHIBITED;
	rcvd_line(&f, buf, sizeof(buf));
	assert_string_equal(buf, "ICMP [198.18.0.2 > us Communication administratively "
				 "prohibited (type=3/code=13) ] IP [ttl=64 ] for udp port 54");
	f.proto = 0;
	f.port = 0;
	f.reason = XM_REASON_ECHO_REPLY;
	rcvd_line(&f, buf, sizeof(buf));
	assert_string_equal(buf, "ICMP [198.18.0.2 > us Echo reply (type=0/code=0) ] IP [ttl=64 ]");
}

/* The protocols a -p list names by prefix: what the notice about left-out ports reads. */
static void test_ports_prefixes(void **state)
{
	assert_int_equal(xm_ports_prefixes("22,80"), 0);
	assert_int_equal(xm_ports_prefixes("T:22,U:53"), XM_PORTS_BOTH);
	assert_int_equal(xm_ports_prefixes("22,U:53,161"), XM_PORTS_UDP);
	assert_int_equal(xm_ports_prefixes("T:1-1024"), XM_PORTS_TCP);
	assert_int_equal(xm_ports_prefixes("http,https"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigdigits),
		cmocka_unit_test(test_single_source_port),
		cmocka_unit_test(test_mac_vendor),
		cmocka_unit_test(test_trace_udp),
		cmocka_unit_test(test_ports_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

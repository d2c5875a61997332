// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of IPv6 hosts in every output format: RFC 5952, addrtype, nmap.dtd, -oJ read back. */
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
#include "cli.h"
#include "merge.h"
#include "output.h"
#include "unit.h"

#define NMAP_DTD "/usr/share/nmap/nmap.dtd"

static struct xm_addr v6(const char *text)
{
	struct xm_addr a;

	assert_int_equal(inet_pton(AF_INET6, text, a.b), 1);
	return a;
}

/* fd00::2: 22 open, 23 closed; fd00:0:0:1::a (written long below): 80 filtered. */
static size_t findings(struct xm_finding *all)
{
	all[0] = (struct xm_finding){ .addr = v6("fd00:0000:0000:0000:0000:0000:0000:0002"),
				      .family = XM_FAMILY_IPV6, .proto = IPPROTO_TCP, .port = 22,
				      .state = XM_STATE_OPEN, .reason = XM_REASON_SYN_ACK,
				      .ttl = 64, .when = 1e9 };
	all[1] = all[0];
	all[1].port = 23;
	all[1].state = XM_STATE_CLOSED;
	all[1].reason = XM_REASON_CONN_REFUSED;
	all[2] = (struct xm_finding){ .addr = v6("FD00:0:0:1:0:0:0:A"), .family = XM_FAMILY_IPV6,
				      .proto = IPPROTO_TCP, .port = 80,
				      .state = XM_STATE_FILTERED,
				      .reason = XM_REASON_ADMIN_PROHIBITED, .ttl = 63,
				      .when = 1e9 };
	return 3;
}

/* A -6 connect scan of the two hosts on ports 22, 23 and 80, without name look-ups. */
static void config(struct xm_config *cfg)
{
	static char *argv[] = { "xdpmap", "-6", "-sT", "-n", "-p", "22,23,80", "--shard", "1/1",
				"fd00::2", "fd00:0:0:1::a", NULL };
	char err[256];

	assert_int_equal(xm_cli_parse(10, argv, cfg, err, sizeof(err)), XM_CLI_SCAN);
	cfg->start_time = 1e9;
}

/* One format over the findings into a file: its text (malloc'd), and its path kept in 'keep'. */
static char *run_format(const struct xm_output_ops *ops, struct xm_config *cfg, char *keep)
{
	struct xm_finding all[3];
	size_t n = findings(all), i, len;
	struct xm_summary s = { .addrs = 2, .nports = 3, .probes = 6, .seconds = 1,
				.start_time = 1e9, .seed = 5 };
	char path[] = "/tmp/xdpmap-test-output6.XXXXXX", err[256], *text;
	struct xm_output o = { .ops = ops, .cfg = cfg };
	struct xm_host_report *hosts = NULL;
	ssize_t nhosts = xm_host_reports(NULL, 0, all, n, &hosts);
	FILE *f;
	int fd = mkstemp(path);

	assert_true(fd >= 0 && nhosts == 2);
	close(fd);
	s.hosts = hosts;
	s.nhosts = (size_t)nhosts;
	s.hosts_up = 2;
	assert_int_equal(ops->open(&o, path, err, sizeof(err)), 0);
	for (i = 0; i < n; i++)
		ops->finding(&o, &all[i]);
	ops->report(&o, all, n, &s);
	ops->close(&o);
	free(hosts);
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 1 << 16);
	assert_non_null(text);
	len = fread(text, 1, (1 << 16) - 1, f);
	text[len] = '\0';
	fclose(f);
	if (keep)
		strcpy(keep, path);
	else
		unlink(path);
	return text;
}

static void test_xml_ipv6(void **state)
{
	struct xm_config cfg;
	char path[64], cmd[256], *doc;

	config(&cfg);
	doc = run_format(&xm_output_xml, &cfg, path);
	assert_substr(doc, "<address addr=\"fd00::2\" addrtype=\"ipv6\"/>");
	assert_substr(doc, "<address addr=\"fd00:0:0:1::a\" addrtype=\"ipv6\"/>");
	assert_null(strstr(doc, "ipv4"));
	assert_substr(doc, "<port protocol=\"tcp\" portid=\"80\"><state state=\"filtered\" "
			   "reason=\"admin-prohibited\"");
	if (access(NMAP_DTD, R_OK) || system("command -v xmllint >/dev/null 2>&1")) {
		print_message("no xmllint or nmap.dtd: the document is not validated\n");
	} else {
		snprintf(cmd, sizeof(cmd), "xmllint --noout --dtdvalid %s %s", NMAP_DTD, path);
		assert_int_equal(system(cmd), 0);
	}
	unlink(path);
	free(doc);
	xm_config_free(&cfg);
}

static void test_text_formats_ipv6(void **state)
{
	static const struct {
		const struct xm_output_ops *ops;
		const char *want[2];
	} cases[] = {
		{ &xm_output_grep, { "Host: fd00::2 ()\tPorts: 22/open/tcp//ssh///, "
				     "23/closed/tcp//telnet///",
				     "Host: fd00:0:0:1::a ()\tPorts: 22/filtered/tcp//ssh///, "
				     "23/filtered/tcp//telnet///, 80/filtered/tcp//http///" } },
		{ &xm_output_nmap, { "xdpmap scan report for fd00::2\n",
				     "xdpmap scan report for fd00:0:0:1::a\n" } },
		{ &xm_output_json, { "{\"ip\":\"fd00::2\",\"port\":22,\"proto\":\"tcp\","
				     "\"state\":\"open\"",
				     "{\"ip\":\"fd00:0:0:1::a\",\"port\":80" } },
	};
	struct xm_config cfg;
	size_t i, k;

	config(&cfg);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		char *text = run_format(cases[i].ops, &cfg, NULL);

		for (k = 0; k < 2; k++)
			if (!strstr(text, cases[i].want[k]))
				fail_msg("%s: no '%s' in\n%s", cases[i].ops->name,
					 cases[i].want[k], text);
		assert_null(strstr(text, "fd00:0:0:0"));
		free(text);
	}
	xm_config_free(&cfg);
}

/* --merge reads IPv6 addresses back from -oJ. */
static void test_json_read_back_ipv6(void **state)
{
	struct xm_finding key = { .addr = v6("fd00:0:0:1::a"), .family = XM_FAMILY_IPV6,
				  .proto = IPPROTO_TCP, .port = 80 };
	const struct xm_finding *f;
	struct xm_merge m = { 0 };
	struct xm_config cfg;
	char err[256], *text;

	config(&cfg);
	text = run_format(&xm_output_json, &cfg, NULL);
	if (xm_merge_text(&m, "v6.json", text, strlen(text), err, sizeof(err)))
		fail_msg("%s\n%s", err, text);
	assert_int_equal(m.ports.n, 3);
	f = xm_results_find(&m.ports, &key);
	assert_non_null(f);
	assert_int_equal(f->state, XM_STATE_FILTERED);
	assert_int_equal(f->ttl, 63);
	key.addr = v6("fd00::2");
	key.port = 22;
	f = xm_results_find(&m.ports, &key);
	assert_non_null(f);
	assert_int_equal(f->state, XM_STATE_OPEN);
	xm_merge_free(&m);
	free(text);
	xm_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_ipv6),
		cmocka_unit_test(test_text_formats_ipv6),
		cmocka_unit_test(test_json_read_back_ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka tests: closed ports counted, not stored, give every per-host format the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "addr.h"
#include "answered.h"
#include "cli.h"
#include "output.h"
#include "reply_log.h"
#include "report_compact.h"
#include "unit.h"

#define MAX_FINDINGS 512

/* One scan's replies, and the config it ran with. */
struct scan_case {
	struct xm_config cfg;
	struct xm_finding f[MAX_FINDINGS]; /* sorted by host, then port */
	size_t n;
};

static void add(struct scan_case *c, uint32_t host, uint16_t port, uint8_t state, uint8_t reason,
		uint8_t ttl)
{
	assert_true(c->n < MAX_FINDINGS);
	c->f[c->n++] = (struct xm_finding){
		.addr = xm_addr4(host), .family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP,
		.port = port, .state = state, .reason = reason, .ttl = ttl, .when = 1e9,
	};
}

/*
 * 198.18.0.2-6, ports 1-100 (a few never answer everywhere):
 * .2: 22 open, 23 filtered, every other port closed, TTL 64 (extraports);
 * .3: 80 closed TTL 63 alone (listed; with -Pn the reason the host is up);
 * .4: 1-30 closed TTL 64 but 7 with TTL 50, 31 open, 32-40 closed (listed one by one);
 * .5: nothing; .6: 5 and 6 closed, TTL 61, then 90 open.
 */
static void make_case(struct scan_case *c, const char *extra)
{
	static char *argv[] = { "xdpmap", "-n", "-Pn", "-p", "1-100", "198.18.0.2-6", NULL, NULL };
	char err[256];
	uint16_t p;

	argv[6] = (char *)extra;
	memset(c, 0, sizeof(*c));
	assert_int_equal(xm_cli_parse(extra ? 7 : 6, argv, &c->cfg, err, sizeof(err)),
			 XM_CLI_SCAN);
	snprintf(c->cfg.argv_line, sizeof(c->cfg.argv_line), "xdpmap -p 1-100 198.18.0.2-6");
	c->cfg.start_time = 1e9;
	for (p = 1; p <= 100; p++)
		if (p == 22)
			add(c, IP4(198, 18, 0, 2), p, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64);
		else if (p == 23)
			add(c, IP4(198, 18, 0, 2), p, XM_STATE_FILTERED,
			    XM_REASON_ADMIN_PROHIBITED, 64);
		else if (p != 99 && p != 98)
			add(c, IP4(198, 18, 0, 2), p, XM_STATE_CLOSED, XM_REASON_RESET, 64);
	add(c, IP4(198, 18, 0, 3), 80, XM_STATE_CLOSED, XM_REASON_RESET, 63);
	for (p = 1; p <= 40; p++)
		add(c, IP4(198, 18, 0, 4), p, p == 31 ? XM_STATE_OPEN : XM_STATE_CLOSED,
		    p == 31 ? XM_REASON_SYN_ACK : XM_REASON_RESET, p == 7 ? 50 : 64);
	add(c, IP4(198, 18, 0, 6), 5, XM_STATE_CLOSED, XM_REASON_RESET, 61);
	add(c, IP4(198, 18, 0, 6), 6, XM_STATE_CLOSED, XM_REASON_RESET, 61);
	add(c, IP4(198, 18, 0, 6), 90, XM_STATE_OPEN, XM_REASON_SYN_ACK, 61);
}

/* Run one format's report over (all, n, hosts); return the file's text (free()). */
static char *render(const struct xm_output_ops *ops, struct xm_config *cfg,
		    const struct xm_finding *all, size_t n, struct xm_host_report *hosts,
		    size_t nhosts, const uint64_t *state_counts)
{
	struct xm_summary s = { .addrs = 5, .hosts_up = nhosts, .nports = 100, .probes = 500,
				.seconds = 1.5, .send_seconds = 0.5, .start_time = 1e9,
				.hosts = hosts, .nhosts = nhosts, .state_counts = state_counts };
	struct xm_output o = { .ops = ops, .cfg = cfg };
	char path[] = "/tmp/xdpmap-test-closed.XXXXXX", err[256], *text;
	int fd = mkstemp(path);
	size_t len;
	FILE *f;

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ops->open(&o, path, err, sizeof(err)), 0);
	ops->report(&o, all, n, &s);
	ops->close(&o);
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 1 << 20);
	assert_non_null(text);
	len = fread(text, 1, (1 << 20) - 1, f);
	text[len] = '\0';
	fclose(f);
	unlink(path);
	return text;
}

/* Every per-host format, and -oJ's summary, byte for byte the same both ways. */
static void compare_formats(const char *extra)
{
	static const struct xm_output_ops *const formats[] = {
		&xm_output_xml, &xm_output_nmap, &xm_output_normal, &xm_output_grep,
		&xm_output_json,
	};
	uint64_t counted[XM_STATE_FILTERED + 1] = { 0 };
	struct xm_host_report *full_hosts, *hosts;
	struct xm_closed_ports closed = { .answered = xm_compact_answered };
	struct xm_results others = { 0 };
	struct xm_finding *all;
	struct xm_reply_log log;
	struct xm_answered a;
	struct scan_case *c = calloc(1, sizeof(*c));
	ssize_t nfull, nhosts;
	size_t i, nall;

	assert_non_null(c);
	make_case(c, extra);
	assert_int_equal(xm_answered_init(&a, &c->cfg.targets, &c->cfg.ports), 0);
	xm_reply_log_init(&log, &a);
	for (i = 0; i < c->n; i++) {
		int64_t pair = xm_answered_pair(&a, xm_addr4_host(&c->f[i].addr), c->f[i].proto,
						c->f[i].port);

		assert_true(pair >= 0);
		assert_true(xm_answered_mark(&a, (uint64_t)pair, c->f[i].state));
		assert_int_equal(xm_reply_log_add(&log, (uint64_t)pair / c->cfg.ports.n,
						  &c->f[i]), 0);
	}
	/* stored: 22 open and 23 filtered (.2), 31 open and 7's other TTL (.4), 90 open (.6) */
	assert_int_equal(log.n, 5);
	assert_int_equal(log.closed, c->n - 5);
	assert_int_equal(xm_reply_log_closed_ttl(&log, 1), 63);
	assert_int_equal(xm_reply_log_closed_ttl(&log, 3), 0);
	all = xm_reply_log_sorted(&log, &others, &nall);
	assert_non_null(all);
	assert_int_equal(nall, 5);
	closed.ctx = &a;
	nhosts = xm_compact_hosts(&log, &closed, NULL, 0, all, nall, &hosts);
	nfull = xm_host_reports(NULL, 0, c->f, c->n, &full_hosts);
	assert_int_equal(nhosts, 4);
	assert_int_equal(nfull, 4);
	assert_int_equal(hosts[1].nports, 0); /* .3: its one closed port counted */
	assert_int_equal(hosts[1].nclosed[XM_PSLOT_TCP], 1);
	assert_int_equal(hosts[2].nclosed[XM_PSLOT_TCP], 38);
	counted[XM_STATE_CLOSED] = log.closed;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *want = render(formats[i], &c->cfg, c->f, c->n, full_hosts, 4, NULL);
		char *got = render(formats[i], &c->cfg, all, nall, hosts, 4, counted);

		if (strcmp(want, got))
			fail_msg("%s %s differs:\n--- stored\n%s\n--- counted\n%s",
				 formats[i]->name, extra ? extra : "", want, got);
		free(want);
		free(got);
	}
	free(hosts);
	free(full_hosts);
	free(all);
	xm_reply_log_free(&log);
	xm_answered_free(&a);
	xm_config_free(&c->cfg);
	free(c);
}

static void test_counted_closed_plain(void **state)
{
	compare_formats(NULL);
	(void)state;
}

static void test_counted_closed_reason(void **state)
{
	compare_formats("--reason");
	(void)state;
}

static void test_counted_closed_open_only(void **state)
{
	compare_formats("--open");
	(void)state;
}

static void test_counted_closed_verbose(void **state)
{
	compare_formats("-v");
	(void)state;
}

/* A closed reply is counted only with its protocol's usual reason and its host's first TTL. */
static void test_closed_counting_rule(void **state)
{
	struct xm_finding f = { .family = XM_FAMILY_IPV4, .proto = IPPROTO_UDP, .port = 53,
				.state = XM_STATE_CLOSED, .reason = XM_REASON_PORT_UNREACH,
				.ttl = 64 };
	struct xm_reply_log log;
	struct xm_answered a;
	struct scan_case *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	make_case(c, NULL);
	assert_int_equal(xm_answered_init(&a, &c->cfg.targets, &c->cfg.ports), 0);
	xm_reply_log_init(&log, &a);
	assert_int_equal(xm_reply_log_add(&log, 0, &f), 0); /* UDP port unreachable: counted */
	assert_int_equal(log.closed, 1);
	f.proto = IPPROTO_TCP;
	f.reason = XM_REASON_PORT_UNREACH; /* TCP closed by an ICMP: stored */
	assert_int_equal(xm_reply_log_add(&log, 0, &f), 0);
	f.reason = XM_REASON_RESET;
	f.ttl = 0; /* no TTL to share: stored */
	assert_int_equal(xm_reply_log_add(&log, 0, &f), 0);
	f.ttl = 65; /* another TTL than the host's first: stored */
	assert_int_equal(xm_reply_log_add(&log, 0, &f), 0);
	f.ttl = 64;
	assert_int_equal(xm_reply_log_add(&log, 0, &f), 0);
	f.ttl = 65; /* another host: its own first TTL */
	assert_int_equal(xm_reply_log_add(&log, 4, &f), 0);
	assert_int_equal(log.closed, 3);
	assert_int_equal(log.n, 3);
	assert_int_equal(xm_reply_log_closed_ttl(&log, 0), 64);
	assert_int_equal(xm_reply_log_closed_ttl(&log, 4), 65);
	assert_int_equal(xm_reply_log_closed_ttl(&log, 1), 0);
	xm_reply_log_free(&log);
	xm_answered_free(&a);
	xm_config_free(&c->cfg);
	free(c);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closed_counting_rule),
		cmocka_unit_test(test_counted_closed_plain),
		cmocka_unit_test(test_counted_closed_reason),
		cmocka_unit_test(test_counted_closed_open_only),
		cmocka_unit_test(test_counted_closed_verbose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

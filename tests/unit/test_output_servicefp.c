// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of unmatched services' fingerprints in -oX (servicefp, nmap.dtd), -oJ and -oN. */
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
#include "cli.h"
#include "config.h"
#include "fingerprint.h"
#include "output.h"
#include "service_record.h"

#define NMAP_DTD "/usr/share/nmap/nmap.dtd"
#define NPORTS 4

/* The answer of port 7005 to the NULL probe: binary, with '"', '<', '&' and '%'. */
static const uint8_t greeting[] = { 0x01, 'h', 'i', '"', '<', '&', '%', 0xfe };

/*
 * 198.18.0.2, all open: 22 named (ssh, OpenSSH), 7005 unnamed with a fingerprint, 7006
 * unnamed and silent (no fingerprint), 8080 unmatched with a table name and a fingerprint.
 */
static void services(struct xm_service *v)
{
	memset(v, 0, NPORTS * sizeof(*v));
	snprintf(v[0].name, sizeof(v[0].name), "ssh");
	snprintf(v[0].product, sizeof(v[0].product), "OpenSSH");
	v[0].method = "probed";
	v[0].conf = 10;
	v[0].answered = true;
	snprintf(v[1].name, sizeof(v[1].name), "unknown?");
	v[1].method = "table";
	v[1].conf = 3;
	v[1].answered = true;
	xm_svc_fp_add(v[1].fingerprint, sizeof(v[1].fingerprint), "NULL", greeting,
		      sizeof(greeting));
	v[2] = v[1];
	v[2].fingerprint[0] = '\0';
	v[2].answered = false;
	v[3] = v[1];
	snprintf(v[3].name, sizeof(v[3].name), "http-proxy?");
	v[3].fingerprint[0] = '\0';
	xm_svc_fp_add(v[3].fingerprint, sizeof(v[3].fingerprint), "GetRequest",
		      (const uint8_t *)"HTTP/1.0 418 Teapot\r\nServer: kettle/2\r\n"
		      "Content-Length: 0\r\n\r\n", 60);
}

static size_t findings(struct xm_finding *all, const struct xm_service *v)
{
	static const uint16_t ports[NPORTS] = { 22, 7005, 7006, 8080 };
	size_t i;

	for (i = 0; i < NPORTS; i++) {
		all[i] = (struct xm_finding){ .family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP,
					      .port = ports[i], .state = XM_STATE_OPEN,
					      .reason = XM_REASON_SYN_ACK, .ttl = 64,
					      .when = 1e9, .svc = &v[i] };
		assert_int_equal(inet_pton(AF_INET, "198.18.0.2", all[i].addr.b + 12), 1);
	}
	return NPORTS;
}

static void config(struct xm_config *cfg)
{
	static char *argv[] = { "xdpmap", "-sT", "-sV", "-n", "-p", "22,7005,7006,8080",
				"198.18.0.2", NULL };
	char err[256];

	assert_int_equal(xm_cli_parse(7, argv, cfg, err, sizeof(err)), XM_CLI_SCAN);
	cfg->start_time = 1e9;
}

/* One format over the findings into a file: its text (malloc'd), its path kept in 'keep'. */
static char *run_format(const struct xm_output_ops *ops, struct xm_config *cfg, char *keep)
{
	struct xm_service v[NPORTS];
	struct xm_finding all[NPORTS];
	size_t n, i, len;
	struct xm_summary s = { .addrs = 1, .nports = NPORTS, .probes = NPORTS, .seconds = 1,
				.start_time = 1e9, .seed = 5 };
	char path[] = "/tmp/xdpmap-test-servicefp.XXXXXX", err[256], *text;
	struct xm_output o = { .ops = ops, .cfg = cfg };
	struct xm_host_report *hosts = NULL;
	ssize_t nhosts;
	FILE *f;
	int fd = mkstemp(path);

	services(v);
	n = findings(all, v);
	nhosts = xm_host_reports(NULL, 0, all, n, &hosts);
	assert_true(fd >= 0 && nhosts == 1);
	close(fd);
	s.hosts = hosts;
	s.nhosts = 1;
	s.hosts_up = 1;
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

/* The text of port's <port> element in doc (static buffer). */
static const char *port_xml(const char *doc, unsigned port)
{
	static char el[4096];
	char head[64];
	const char *at, *end;

	snprintf(head, sizeof(head), "portid=\"%u\">", port);
	at = strstr(doc, head);
	assert_non_null(at);
	end = strstr(at, "</port>");
	assert_non_null(end);
	assert_true((size_t)(end - at) < sizeof(el));
	memcpy(el, at, (size_t)(end - at));
	el[end - at] = '\0';
	return el;
}

static void want(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("no '%s' in\n%s", part, text);
}

/* -oX: servicefp as nmap writes it, escaped for XML; no element for 7006; nmap.dtd valid. */
static void test_xml_servicefp(void **state)
{
	struct xm_config cfg;
	char path[64], cmd[256], *doc;

	config(&cfg);
	doc = run_format(&xm_output_xml, &cfg, path);
	want(port_xml(doc, 7005), "<service name=\"unknown\" servicefp=\"SF-Port7005-TCP:V="
				  XDPMAP_VERSION "%r(NULL,8,&quot;\\x01hi\\x22&lt;&amp;\\x25\\xfe"
				  "&quot;);\" method=\"table\" conf=\"0\"/>");
	assert_null(strstr(port_xml(doc, 7006), "<service"));
	want(port_xml(doc, 8080), "<service name=\"http-proxy\" servicefp=\"SF-Port8080-TCP:V="
				  XDPMAP_VERSION "%r(GetRequest,3C,&quot;HTTP/1.0 418 Teapot"
				  "\\r\\nServer: kettle/2\\r\\nContent-Length: 0\\r\\n\\r\\n"
				  "&quot;);\" method=\"table\" "
				  "conf=\"3\"/>");
	want(port_xml(doc, 22), "<service name=\"ssh\" product=\"OpenSSH\" method=\"probed\"");
	assert_null(strstr(port_xml(doc, 22), "servicefp"));
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

/* The -oJ service line of port (static buffer), without its newline. */
static const char *json_line(const char *text, unsigned port)
{
	static char line[4096];
	char head[96];
	const char *at, *end;

	snprintf(head, sizeof(head), "{\"ip\":\"198.18.0.2\",\"port\":%u,\"proto\":\"tcp\","
		 "\"service\":{", port);
	at = strstr(text, head);
	assert_non_null(at);
	end = strchr(at, '\n');
	assert_non_null(end);
	assert_true((size_t)(end - at) < sizeof(line));
	memcpy(line, at, (size_t)(end - at));
	line[end - at] = '\0';
	return line;
}

/* -oJ: "servicefp" in the service object of an unmatched port that answered, only there. */
static void test_json_servicefp(void **state)
{
	struct xm_config cfg;
	char *text;

	config(&cfg);
	text = run_format(&xm_output_json, &cfg, NULL);
	want(json_line(text, 7005), ",\"servicefp\":\"SF-Port7005-TCP:V=" XDPMAP_VERSION
				    "%r(NULL,8,\\\"\\\\x01hi\\\\x22<&\\\\x25\\\\xfe\\\");\"}}");
	want(json_line(text, 8080), ",\"servicefp\":\"SF-Port8080-TCP:V=");
	assert_null(strstr(json_line(text, 22), "servicefp"));
	assert_null(strstr(json_line(text, 7006), "servicefp"));
	free(text);
	xm_config_free(&cfg);
}

/* -oN: the block wraps the same line at 80 columns, continuation lines starting "SF:". */
static void test_normal_block(void **state)
{
	struct xm_config cfg;
	char *text, *at, *nl;
	int lines = 0;

	config(&cfg);
	text = run_format(&xm_output_nmap, &cfg, NULL);
	want(text, "2 services unrecognized despite returning data.");
	at = strstr(text, "==============NEXT SERVICE FINGERPRINT==============\nSF-Port7005-TCP:V=");
	assert_non_null(at);
	want(at, "SF-Port8080-TCP:V=" XDPMAP_VERSION "%r(GetRequest,3C,\"HTTP/1.0 418 Tea");
	want(at, "\nSF:");
	for (; !strncmp(at, "SF", 2) || !strncmp(at, "====", 4); at = nl + 1) {
		nl = strchr(at, '\n');
		assert_non_null(nl);
		assert_true(nl - at <= 80);
		lines++;
	}
	assert_true(lines >= 5);
	free(text);
	xm_config_free(&cfg);
}

/* The one-line text: UDP ports say UDP; a small buffer truncates and reports what it wrote. */
static void test_fp_text(void **state)
{
	struct xm_service v;
	struct xm_finding f = { .proto = IPPROTO_UDP, .port = 53, .svc = &v };
	char buf[XM_SVC_FP_TEXT_LEN];
	size_t n;

	memset(&v, 0, sizeof(v));
	xm_svc_fp_add(v.fingerprint, sizeof(v.fingerprint), "DNSVersionBindReq",
		      (const uint8_t *)"\0\x06\x81\x80", 4);
	n = xm_svc_fp_text(&f, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "SF-Port53-UDP:V=" XDPMAP_VERSION
			    "%r(DNSVersionBindReq,4,\"\\0\\x06\\x81\\x80\");");
	assert_int_equal(xm_svc_fp_text(&f, buf, 10), 9);
	assert_string_equal(buf, "SF-Port53");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_servicefp),
		cmocka_unit_test(test_json_servicefp),
		cmocka_unit_test(test_normal_block),
		cmocka_unit_test(test_fp_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the research measurements: -oC rows, --metadata-file, the status file. */
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
#include "cli.h"
#include "output.h"
#include "research.h"
#include "test_cli.h"
#include "unit.h"

/* A file under /tmp, its whole text read back with slurp(). */
static char *tmp_path(char *buf, size_t len)
{
	int fd;

	snprintf(buf, len, "/tmp/xdpmap-research.XXXXXX");
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	close(fd);
	return buf;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = calloc(1, 65536);

	assert_non_null(f);
	assert_non_null(text);
	assert_true(fread(text, 1, 65535, f) > 0);
	fclose(f);
	return text;
}

static void test_csv_fields_parse(void **state)
{
	enum xm_csv_field f[XM_CSV_NFIELDS];
	char err[256];
	size_t n;

	assert_int_equal(xm_csv_fields_parse("rtt,ip,port", f, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(f[0], XM_CSV_RTT);
	assert_int_equal(f[1], XM_CSV_IP);
	assert_string_equal(xm_csv_field_name(f[2]), "port");
	assert_int_equal(xm_csv_fields_parse(XM_CSV_DEFAULT_FIELDS, f, &n, err, sizeof(err)), 0);
	assert_int_equal(n, XM_CSV_NFIELDS);
	assert_int_equal(xm_csv_fields_parse("ip,saddr", f, &n, err, sizeof(err)), -1);
	assert_substr(err, "unknown field 'saddr'");
	assert_int_equal(xm_csv_fields_parse("ip,,port", f, &n, err, sizeof(err)), -1);
	assert_substr(err, "unknown field ''");
	assert_int_equal(xm_csv_fields_parse("port,ttl,port", f, &n, err, sizeof(err)), -1);
	assert_substr(err, "'port' given twice");
}

/* The command line refuses an unknown field in one line; a good list is kept. */
static void test_cli_research_options(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "--output-fields", "ip,window", "-oC", "x.csv",
			     "--metadata-file", "m.json", "--status-updates-file", "s.csv",
			     "198.18.0.2", NULL), XM_CLI_SCAN);
	assert_string_equal(cfg.csv_fields, "ip,window");
	assert_string_equal(cfg.metadata_path, "m.json");
	assert_string_equal(cfg.status_path, "s.csv");
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--output-fields", "ip,bogus", "198.18.0.2",
			     NULL), XM_CLI_ERROR);
	assert_substr(err, "unknown field 'bogus'");
	assert_null(strchr(err, '\n'));
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--metadata-file", "", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	xm_config_free(&cfg);
}

static const struct xm_finding reply = {
	.addr = { .w = { 0, 0, 0xffff0000u, 0 } }, .family = XM_FAMILY_IPV4,
	.proto = IPPROTO_TCP, .port = 443, .state = XM_STATE_CLOSED, .reason = XM_REASON_RESET,
	.ttl = 61, .window = 512, .rtt_us = 1500, .when = 1700000000.25,
};

static void test_csv_rows(void **state)
{
	struct xm_config cfg = { .csv_fields = XM_CSV_DEFAULT_FIELDS };
	struct xm_output o = { .ops = &xm_output_csv, .cfg = &cfg };
	struct xm_finding r = reply, no_rtt = reply;
	char path[64], err[256], *text;

	r.addr = xm_addr4(IP4(198, 18, 3, 4));
	no_rtt.addr = r.addr;
	no_rtt.rtt_us = 0;
	no_rtt.state = XM_STATE_OPEN;
	assert_int_equal(o.ops->open(&o, tmp_path(path, sizeof(path)), err, sizeof(err)), 0);
	o.ops->finding(&o, &r);
	o.ops->finding(&o, &no_rtt);
	o.ops->report(&o, NULL, 0, &(struct xm_summary){ 0 });
	o.ops->close(&o);
	text = slurp(path);
	assert_string_equal(text, "ip,port,proto,state,reason,ttl,window,rtt,timestamp\n"
			    "198.18.3.4,443,tcp,closed,reset,61,512,0.001500,1700000000.250000\n"
			    "198.18.3.4,443,tcp,open,reset,61,512,,1700000000.250000\n");
	free(text);
	/* --open: only open ports; a column subset in the order given */
	cfg.open_only = true;
	cfg.csv_fields = "state,ip";
	assert_int_equal(o.ops->open(&o, path, err, sizeof(err)), 0);
	o.ops->finding(&o, &r);
	o.ops->finding(&o, &no_rtt);
	o.ops->close(&o);
	text = slurp(path);
	assert_string_equal(text, "state,ip\nopen,198.18.3.4\n");
	free(text);
	unlink(path);
}

static void test_csv_open_fails(void **state)
{
	struct xm_config cfg = { 0 };
	struct xm_output o = { .ops = &xm_output_csv, .cfg = &cfg };
	char err[256];

	assert_int_equal(o.ops->open(&o, "/nonexistent/dir/x.csv", err, sizeof(err)), -1);
	assert_substr(err, "/nonexistent/dir/x.csv");
	o = (struct xm_output){ .ops = &xm_output_metadata, .cfg = &cfg };
	assert_int_equal(o.ops->open(&o, "/nonexistent/dir/m.json", err, sizeof(err)), -1);
	assert_substr(err, "--metadata-file");
	assert_substr(err, "/nonexistent/dir/m.json");
}

static void test_metadata_document(void **state)
{
	struct xm_config cfg = { .max_rate = 5000, .max_retries = 1, .wait_s = 2,
				 .shard_count = 1, .argv_line = "xdpmap -p 443 198.18.3.4" };
	struct xm_output o = { .ops = &xm_output_metadata, .cfg = &cfg };
	struct xm_run_info run = { .ifname = "veth0", .xdp_generic = true, .queues = 2 };
	uint64_t streamed[4] = { 0, 3, 1, 0 };
	struct xm_summary s = { .addrs = 1, .nports = 1, .probes = 8, .seconds = 2,
				.send_seconds = 0.5, .start_time = 100, .seed = 77, .hosts_up = 1,
				.state_counts = streamed, .run = &run };
	struct xm_finding r = reply;
	char path[64], err[256], *text;

	run.counters[XM_CNT_DUPLICATE] = 5;
	run.counters[XM_CNT_OPEN] = 4;
	assert_int_equal(o.ops->open(&o, tmp_path(path, sizeof(path)), err, sizeof(err)), 0);
	o.ops->report(&o, &r, 1, &s);
	o.ops->close(&o);
	text = slurp(path);
	assert_substr(text, "\"args\":\"xdpmap -p 443 198.18.3.4\",\"scan_type\":\"syn\"");
	assert_substr(text, "\"max_rate\":5000,\"max_retries\":1");
	assert_substr(text, "\"seed\":77,\"shard\":0,\"shards\":1,");
	assert_substr(text, "\"start\":100.000000,\"end\":102.000000");
	assert_substr(text, "\"probes_sent\":8,\"send_rate_pps\":16,");
	assert_substr(text, "\"replies\":{\"open\":3,\"closed\":2,\"filtered\":0}");
	assert_substr(text, "\"hit_rate\":0.375000");
	assert_substr(text, "\"xdp_mode\":\"generic\",\"af_xdp\":\"copy\",");
	assert_substr(text, "\"queue\":0,\"queues\":2");
	assert_substr(text, "\"duplicates\":5,");
	assert_substr(text, "\"counters\":{\"seen\":0,\"open\":4,");
	assert_substr(text, "\"exit\":\"success\"}\n");
	free(text);
	/* a run that never reported (it failed) still leaves a document saying so */
	o = (struct xm_output){ .ops = &xm_output_metadata, .cfg = &cfg };
	assert_int_equal(o.ops->open(&o, path, err, sizeof(err)), 0);
	o.ops->close(&o);
	text = slurp(path);
	assert_substr(text, "\"xdp\":null,");
	assert_substr(text, "\"exit\":\"error\"}\n");
	free(text);
	unlink(path);
}

static void test_status_file(void **state)
{
	struct xm_status st;
	char path[64], err[256], *text, *line;
	int lines = 0;

	assert_int_equal(xm_status_open(&st, "/nonexistent/dir/s.csv", err, sizeof(err)), -1);
	assert_substr(err, "--status-updates-file");
	assert_int_equal(xm_status_open(&st, tmp_path(path, sizeof(path)), err, sizeof(err)), 0);
	xm_status_tick(&st, 10, 2, 1); /* within the first second: no line */
	st.next = 0;		       /* a second has passed */
	xm_status_tick(&st, 100, 20, 5);
	xm_status_tick(&st, 150, 30, 6); /* too soon again */
	st.drops_seen = 4;
	xm_status_close(&st);
	text = slurp(path);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), lines++) {
		if (lines == 0)
			assert_string_equal(line, XM_STATUS_HEADER);
		if (lines == 1)
			assert_non_null(strstr(line, ",100,20,5,0,"));
		if (lines == 2) { /* the closing line: latest totals, the drops the scan left */
			assert_non_null(strstr(line, ",150,30,6,4,"));
			assert_non_null(strstr(line, ",0.040000"));
		}
	}
	assert_int_equal(lines, 3);
	free(text);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fields_parse),
		cmocka_unit_test(test_cli_research_options),
		cmocka_unit_test(test_csv_rows),
		cmocka_unit_test(test_csv_open_fails),
		cmocka_unit_test(test_metadata_document),
		cmocka_unit_test(test_status_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

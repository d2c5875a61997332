// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of --merge's reader: JSON lines good and bad, shard files and their checks. */
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

#include "json_line.h"
#include "merge.h"
#include "unit.h"

static void test_jline_good(void **state)
{
	static const char line[] =
		"{\"ip\":\"198.18.0.2\",\"n\":18446744073709551615,\"x\":-1.5e3,"
		"\"s\":\"a\\\"\\\\\\/\\n\\u00ff\\u00e9\\ud83d\\ude00\",\"e\":[],"
		"\"summary\":{\"seed\":7,\"argv\":[\"xdpmap\",\"-p\",\"22\"]} }";
	const struct xm_jfield *sum, *argv;
	struct xm_jline l;
	uint64_t u;
	double d;
	char err[128];

	assert_int_equal(xm_jline_parse(line, sizeof(line) - 1, &l, err, sizeof(err)), 0);
	assert_string_equal(xm_jline_str(&l, NULL, "ip"), "198.18.0.2");
	assert_int_equal(xm_jline_uint(&l, NULL, "n", UINT64_MAX, &u), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(xm_jline_uint(&l, NULL, "n", 10, &u), -1); /* over the cap */
	assert_int_equal(xm_jline_uint(&l, NULL, "x", UINT64_MAX, &u), -1);
	assert_int_equal(xm_jline_num(&l, NULL, "x", &d), 0);
	assert_true(d == -1500.0);
	/* \u00ff is the byte 0xff (how -oJ writes an invalid byte), \u00e9 too */
	assert_string_equal(xm_jline_str(&l, NULL, "s"),
			    "a\"\\/\n\xff\xe9\xf0\x9f\x98\x80");
	sum = xm_jline_get(&l, NULL, "summary");
	assert_non_null(sum);
	assert_int_equal(sum->type, XM_J_OBJ);
	assert_null(xm_jline_get(&l, NULL, "seed")); /* not at the top level */
	assert_int_equal(xm_jline_uint(&l, sum, "seed", UINT64_MAX, &u), 0);
	assert_true(u == 7);
	argv = xm_jline_get(&l, sum, "argv");
	assert_non_null(argv);
	assert_int_equal(argv->type, XM_J_ARR);
	assert_int_equal(argv->count, 3);
	assert_string_equal(l.items[argv->first + 2], "22");
	assert_int_equal(xm_jline_get(&l, NULL, "e")->count, 0);
	xm_jline_free(&l);
}

static void test_jline_bad(void **state)
{
	static const struct bad_case bad[] = {
		{ "", "expected '{'" },
		{ "{", "expected" },
		{ "[]", "expected '{'" },
		{ "{\"a\":}", "expected a value" },
		{ "{\"a\":1,}", "expected" },
		{ "{\"a\":1}x", "text after the object" },
		{ "{\"a\":01}", "expected ',' or '}'" },
		{ "{\"a\":1.}", "digits after '.'" },
		{ "{\"a\":1e}", "exponent" },
		{ "{\"a\":\"x", "unterminated" },
		{ "{\"a\":\"x\\", "cut after" },
		{ "{\"a\":\"\\q\"}", "unknown escape" },
		{ "{\"a\":\"\\u0000\"}", "\\u0000" },
		{ "{\"a\":\"\\u12\"}", "\\u escape" },
		{ "{\"a\":\"\\u12g4\"}", "bad \\u escape" },
		{ "{\"a\":\"\\ud800\"}", "lone high surrogate" },
		{ "{\"a\":\"\\ud800\\u0041\"}", "without its low one" },
		{ "{\"a\":\"\\udc00\"}", "lone low surrogate" },
		{ "{\"a\":\"\x01\"}", "control byte" },
		{ "{\"a\":[1]}", "not a string" },
		{ "{\"a\":[\"x\" \"y\"]}", "expected ',' or ']'" },
		{ "{\"a\":{\"b\":{\"c\":1}}}", "nested" },
		{ "{\"a\":tru}", "not true or false" },
		{ "{\"a\":null}", "expected a value" },
		{ "{\"a\":1111111111111111111111111111111111111111111111111111111111111111111}",
		  "a number of more than" },
		{ "{a:1}", "expected '\"'" },
	};
	struct xm_jline l;
	char err[128], many[64 * 8 + 16];
	size_t i, pos;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		err[0] = '\0';
		if (!xm_jline_parse(bad[i].spec, strlen(bad[i].spec), &l, err, sizeof(err)))
			fail_msg("accepted: %s", bad[i].spec);
		assert_substr(err, bad[i].why);
		assert_substr(err, "column ");
	}
	pos = (size_t)sprintf(many, "{");
	for (i = 0; i <= XM_JLINE_FIELDS; i++)
		pos += (size_t)sprintf(many + pos, "%s\"k\":%zu", i ? "," : "", i);
	sprintf(many + pos, "}");
	assert_int_equal(xm_jline_parse(many, strlen(many), &l, err, sizeof(err)), -1);
	assert_substr(err, "more than 64 fields");
}

#define SUMMARY(shard, shards, id, seed)                                                      \
	"{\"summary\":{\"scanner\":\"xdpmap\",\"args\":\"xdpmap -p 22,80 198.18.0.2\","        \
	"\"start\":10.5,\"end\":12.0,\"probes\":4,\"lost_replies\":0,\"seed\":" seed ","       \
	"\"shard\":" shard ",\"shards\":" shards ",\"sending\":0.25,\"scan_type\":\"syn\","    \
	"\"scan_id\":\"" id "\",\"argv\":[\"xdpmap\",\"-p\",\"22,80\",\"198.18.0.2\"],"          \
	"\"exit\":\"success\"}}\n"

#define PORT(ip, port, state, reason)                                                         \
	"{\"ip\":\"" ip "\",\"port\":" port ",\"proto\":\"tcp\",\"state\":\"" state "\","       \
	"\"reason\":\"" reason "\",\"ttl\":64,\"window\":0,\"timestamp\":11.0}\n"

#define HOST_UP(ip) \
	"{\"ip\":\"" ip "\",\"host\":\"up\",\"reason\":\"arp-response\",\"ttl\":0," \
	"\"rtt\":0.000120,\"timestamp\":10.6}\n"

static const char shard0[] = HOST_UP("198.18.0.2") PORT("198.18.0.2", "22", "open", "syn-ack")
	PORT("198.18.0.2", "81", "filtered", "no-response") SUMMARY("0", "2", "abc", "7");

static void test_merge_text(void **state)
{
	struct xm_merge m = { 0 };
	struct xm_finding key = { .family = 4, .proto = 6, .port = 22 };
	const struct xm_finding *f;
	char err[256];

	assert_int_equal(xm_merge_text(&m, "s0", shard0, sizeof(shard0) - 1, err,
				       sizeof(err)), 0);
	assert_int_equal(m.ports.n, 1); /* the no-response line is worked out again */
	assert_int_equal(m.up.n, 1);
	assert_true(m.any_up);
	assert_true(m.seed == 7);
	assert_int_equal(m.shards, 2);
	assert_int_equal(m.merged, 1);
	assert_true(m.have[0] && !m.have[1]);
	assert_int_equal(m.argc, 4);
	assert_string_equal(m.argv[2], "22,80");
	assert_true(m.probes == 4 && m.start == 10.5 && m.end == 12.0);
	key.addr = xm_addr_from_ipv4(htonl(IP4(198, 18, 0, 2)));
	f = xm_results_find(&m.ports, &key);
	assert_non_null(f);
	assert_int_equal(f->state, XM_STATE_OPEN);
	assert_int_equal(f->reason, XM_REASON_SYN_ACK);
	assert_int_equal(f->ttl, 64);
	xm_merge_free(&m);
}

#define ARP_HOST(ip, mac) \
	"{\"ip\":\"" ip "\",\"host\":\"up\",\"reason\":\"user-set\",\"ttl\":0," \
	"\"mac\":\"" mac "\",\"timestamp\":10.6}\n"

/* -Pn's host line carries the MAC of the ARP that framed probes: kept apart from discovery's. */
static void test_merge_pn_mac(void **state)
{
	static const char shard[] = ARP_HOST("198.18.0.2", "08:00:27:5a:17:01")
		PORT("198.18.0.2", "22", "open", "syn-ack") SUMMARY("0", "1", "abc", "7");
	static const char bad[] = ARP_HOST("198.18.0.2", "08:00:27") SUMMARY("0", "1", "abc", "7");
	static const uint8_t want[6] = { 0x08, 0x00, 0x27, 0x5a, 0x17, 0x01 };
	struct xm_merge m = { 0 };
	struct xm_finding key = { .family = XM_FAMILY_IPV4 };
	const struct xm_finding *f;
	char err[256];

	assert_int_equal(xm_merge_text(&m, "s0", shard, sizeof(shard) - 1, err, sizeof(err)), 0);
	assert_int_equal(m.up.n, 0);
	assert_false(m.any_up);
	assert_int_equal(m.macs.n, 1);
	key.addr = xm_addr_from_ipv4(htonl(IP4(198, 18, 0, 2)));
	f = xm_results_find(&m.macs, &key);
	assert_non_null(f);
	assert_memory_equal(f->mac, want, 6);
	xm_merge_free(&m);
	memset(&m, 0, sizeof(m));
	assert_int_equal(xm_merge_text(&m, "s0", bad, sizeof(bad) - 1, err, sizeof(err)), -1);
	assert_substr(err, "a user-set host line without a good \"mac\"");
	xm_merge_free(&m);
}

static void test_merge_text_bad(void **state)
{
	static const struct bad_case bad[] = {
		{ PORT("198.18.0.2", "22", "open", "syn-ack"), "no summary line" },
		{ SUMMARY("0", "2", "abc", "7") PORT("198.18.0.2", "22", "open", "syn-ack"),
		  "line 2: text after the summary" },
		{ "{\"ip\":\"198.18.0.2\",\"port\":22}", "line 1 is cut" },
		{ "{\"ip\":\"198.18.0.2\"\n", "line 1: column" },
		{ "\n", "line 1: column 1" },
		{ PORT("198.18.0.2", "70000", "open", "syn-ack"), "line 1: a port line" },
		{ PORT("198.18.0.2", "22", "opened", "syn-ack"), "line 1: a port line" },
		{ PORT("198.18.0.2", "22", "open", "because"), "line 1: an unknown \"reason\"" },
		{ PORT("198.18.0.999", "22", "open", "syn-ack"), "no IP address" },
		{ "{\"ip\":\"198.18.0.2\",\"port\":22,\"service\":{\"name\":\"ssh\"}}\n", "-sV" },
		{ "{\"x\":1}\n", "not an -oJ record" },
		{ "{\"summary\":{\"scanner\":\"xdpmap\",\"exit\":\"success\"}}\n",
		  "without good shard metadata" },
		{ SUMMARY("2", "2", "abc", "7"), "without good shard metadata" },
		{ SUMMARY("0", "0", "abc", "7"), "without good shard metadata" },
		{ SUMMARY("0", "16777217", "abc", "7"), "more shards than --merge takes (16777216)" },
		{ "", "an empty file" },
	};
	struct xm_merge m;
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		memset(&m, 0, sizeof(m));
		err[0] = '\0';
		if (!xm_merge_text(&m, "f.json", bad[i].spec, strlen(bad[i].spec), err,
				   sizeof(err)))
			fail_msg("accepted: %s", bad[i].spec);
		assert_substr(err, "f.json: ");
		assert_substr(err, bad[i].why);
		xm_merge_free(&m);
	}
}

/* A temporary file holding 'text'; its name in path (PATH_MAX). */
static void temp_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/xdpmap-test-merge.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static const char shard1[] = HOST_UP("198.18.0.2") PORT("198.18.0.2", "80", "closed", "reset")
	SUMMARY("1", "2", "abc", "7");
static const char other_id[] = SUMMARY("1", "2", "abd", "7");
static const char other_seed[] = SUMMARY("1", "2", "abc", "8");
static const char three[] = SUMMARY("1", "3", "abc", "7");

static void test_merge_load(void **state)
{
	char p0[64], p1[64], pid[64], pseed[64], p3[64], err[512];
	char *files[3];
	struct xm_merge m;

	temp_file(p0, shard0);
	temp_file(p1, shard1);
	temp_file(pid, other_id);
	temp_file(pseed, other_seed);
	temp_file(p3, three);
	files[0] = p1;
	files[1] = p0;
	assert_int_equal(xm_merge_load(&m, files, 2, false, err, sizeof(err)), 0);
	assert_int_equal(m.merged, 2);
	assert_int_equal(m.ports.n, 2);
	assert_int_equal(m.up.n, 1); /* each shard found it up: one host */
	assert_true(m.probes == 8 && m.sending == 0.5);
	assert_false(xm_merge_incomplete(&m));
	xm_merge_free(&m);

	assert_int_equal(xm_merge_load(&m, files, 1, false, err, sizeof(err)), -1);
	assert_substr(err, "shard 1/2 is missing");
	assert_int_equal(xm_merge_load(&m, files, 1, true, err, sizeof(err)), 0);
	assert_true(xm_merge_incomplete(&m));
	assert_int_equal(m.sent.n, 1);
	xm_merge_free(&m);

	files[1] = p1;
	assert_int_equal(xm_merge_load(&m, files, 2, true, err, sizeof(err)), -1);
	assert_substr(err, "shard 2/2 again");
	files[1] = pid;
	assert_int_equal(xm_merge_load(&m, files, 2, false, err, sizeof(err)), -1);
	assert_substr(err, pid);
	assert_substr(err, "scan_id differs");
	files[1] = pseed;
	assert_int_equal(xm_merge_load(&m, files, 2, true, err, sizeof(err)), -1);
	assert_substr(err, "the seed differs");
	files[1] = p3;
	assert_int_equal(xm_merge_load(&m, files, 2, true, err, sizeof(err)), -1);
	assert_substr(err, "in 3 shards");
	files[1] = "/nonexistent/shard.json";
	assert_int_equal(xm_merge_load(&m, files, 2, true, err, sizeof(err)), -1);
	assert_substr(err, "/nonexistent/shard.json: cannot read");
	assert_int_equal(xm_merge_load(&m, files, 0, true, err, sizeof(err)), -1);
	assert_substr(err, "needs the shards' -oJ files");
	unlink(p0);
	unlink(p1);
	unlink(pid);
	unlink(pseed);
	unlink(p3);
}

/* A shard stopped before it sent its share says "complete":false: refused unless partial. */
static void test_merge_interrupted(void **state)
{
	static const char stopped[] = PORT("198.18.0.2", "80", "closed", "reset")
		"{\"summary\":{\"scanner\":\"xdpmap\",\"start\":10.5,\"end\":12.0,\"probes\":1,"
		"\"lost_replies\":0,\"seed\":7,\"shard\":1,\"shards\":2,\"sending\":0.1,"
		"\"complete\":false,\"scan_type\":\"syn\",\"scan_id\":\"abc\","
		"\"argv\":[\"xdpmap\",\"-p\",\"22,80\",\"198.18.0.2\"],\"exit\":\"success\"}}\n";
	char p0[64], p1[64], err[512];
	char *files[2] = { p0, p1 };
	struct xm_merge m;

	temp_file(p0, shard0);
	temp_file(p1, stopped);
	assert_int_equal(xm_merge_load(&m, files, 2, false, err, sizeof(err)), -1);
	assert_substr(err, "was interrupted");
	assert_substr(err, p1);
	assert_int_equal(xm_merge_load(&m, files, 2, true, err, sizeof(err)), 0);
	xm_merge_free(&m);
	unlink(p0);
	unlink(p1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jline_good),
		cmocka_unit_test(test_jline_bad),
		cmocka_unit_test(test_merge_text),
		cmocka_unit_test(test_merge_text_bad),
		cmocka_unit_test(test_merge_pn_mac),
		cmocka_unit_test(test_merge_load),
		cmocka_unit_test(test_merge_interrupted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

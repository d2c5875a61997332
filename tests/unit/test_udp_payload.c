// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the UDP payload file parser: bodies, cookies, ports, errors by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "udp_payload.h"
#include "unit.h"

static void parse_ok(const char *text, struct xm_udp_payloads *db)
{
	char err[256] = "";

	if (xm_udp_payloads_parse(db, text, strlen(text), "t", err, sizeof(err)))
		fail_msg("rejected: %s", err);
}

/* Hex pairs, quoted text with escapes, zeros and comments make one payload's bytes. */
static void test_payload_bodies(void **state)
{
	static const uint8_t want[] = { 0x00, 0x01, 0xab, 'h', 'i', '\r', '\n', '"', 0x7f,
					0, 0, 0, '#' };
	struct xm_udp_payloads db;

	parse_ok("# a comment\n"
		 "payload one ports 7,9-10   # trailing comment\n"
		 "\t0001 ab  \"hi\\r\\n\\\"\\x7f\" # comment \"not text\"\n"
		 "  zeros 3 \"#\"\n"
		 "\n"
		 "payload two ports 11 source-port 68\n"
		 "  ff\n", &db);
	assert_int_equal(db.n, 2);
	assert_string_equal(db.v[0].name, "one");
	assert_int_equal(db.v[0].len, sizeof(want));
	assert_memory_equal(db.v[0].data, want, sizeof(want));
	assert_ptr_equal(xm_udp_payload_for(&db, 7, 0), &db.v[0]);
	assert_ptr_equal(xm_udp_payload_for(&db, 10, 1), &db.v[0]);
	assert_null(xm_udp_payload_for(&db, 8, 0));
	assert_int_equal(xm_udp_payload_for(&db, 11, 0)->sport, 68);
	assert_int_equal(db.v[1].sum, 0xff00);
	xm_udp_payloads_free(&db);
}

/* Cookies: echo offsets as written, ntp at 44, snmp found in the BER; their bytes zeroed. */
static void test_payload_cookies(void **state)
{
	struct xm_udp_payloads db;

	parse_ok("payload d ports 53 cookie echo16@0\n  1234 5678\n"
		 "payload x ports 67 cookie echo32@4\n  00 00 00 00 aa bb cc dd\n"
		 "payload n ports 123 cookie ntp\n  23 zeros 43 01 02 03 04\n"
		 "payload s ports 161 cookie snmp\n"
		 "  30 29 02 01 01 04 06 \"public\" a0 1c 02 04 11223344 02 01 00 02 01 00\n"
		 "  30 0e 30 0c 06 08 2b 06 01 02 01 01 01 00 05 00\n", &db);
	assert_int_equal(db.v[0].cookie, XM_UDP_COOKIE_ECHO16);
	assert_int_equal(db.v[0].data[0] | db.v[0].data[1], 0);
	assert_int_equal(db.v[0].data[2], 0x56);
	assert_int_equal(db.v[1].cookie_off, 4);
	assert_int_equal(db.v[1].data[4] | db.v[1].data[7], 0);
	assert_int_equal(db.v[2].cookie_off, 44);
	assert_int_equal(db.v[2].data[44] | db.v[2].data[47], 0);
	assert_int_equal(db.v[3].cookie, XM_UDP_COOKIE_SNMP);
	assert_int_equal(db.v[3].cookie_off, 17);
	assert_int_equal(db.v[3].data[17] | db.v[3].data[20], 0);
	xm_udp_payloads_free(&db);
}

/* A port of two payloads: the first on even passes, the second on retries. */
static void test_payload_alternates(void **state)
{
	struct xm_udp_payloads db;

	parse_ok("payload a ports 161\n  01\npayload b ports 161,162\n  02\n", &db);
	assert_string_equal(xm_udp_payload_for(&db, 161, 0)->name, "a");
	assert_string_equal(xm_udp_payload_for(&db, 161, 1)->name, "b");
	assert_string_equal(xm_udp_payload_for(&db, 161, 2)->name, "a");
	assert_string_equal(xm_udp_payload_for(&db, 162, 1)->name, "b");
	xm_udp_payloads_free(&db);
}

/* Each malformed file is refused with "file:line: reason". */
static void test_payload_errors(void **state)
{
	static const struct bad_case cases[] = {
		{ "payload a ports 1\n  0g\n", "t:2: '0g' is not a hex byte" },
		{ "payload a ports 1\n  012\n", "t:2: '2' is not a hex byte" },
		{ "  00\n", "t:1: payload bytes before the first 'payload' line" },
		{ "payload a ports 1\n\"x\n", "t:2: unknown line" },
		{ "payload a ports 1\n  \"abc\n", "t:2: quoted text has no closing" },
		{ "payload a ports 1\n  \"\\q\"\n", "t:2: bad escape '\\q'" },
		{ "payload a ports 70000\n  00\n", "t:1: bad port list '70000'" },
		{ "payload a\n  00\n", "t:1: 'payload a' needs 'ports LIST'" },
		{ "payload a ports 1\n\npayload b ports 2\n  00\n", "t:1: payload 'a' has no bytes" },
		{ "payload a ports 1 cookie md5\n  00\n", "t:1: unknown cookie 'md5'" },
		{ "payload a ports 1 cookie echo32@9\n  00 00\n", "t:1: payload 'a': its cookie" },
		{ "payload a ports 1 cookie ntp\n  00\n", "t:1: payload 'a': cookie ntp needs" },
		{ "payload a ports 1 cookie snmp\n  30 00\n", "t:1: payload 'a': cookie snmp" },
		{ "payload a ports 1 source-port 0\n  00\n", "t:1: bad source-port '0'" },
		{ "payload a ports 1 colour red\n  00\n", "t:1: unknown word 'colour'" },
		{ "payload a ports 1\n  00\npayload b ports 1\n  00\npayload c ports 1\n  00\n",
		  "t:5: port 1 already has two payloads" },
		{ "payload a ports 1\n  00\npayload b ports 1 source-port 5\n  00\n",
		  "t: payloads 'a' and 'b' of port 1 differ" },
		{ "payload a ports 1\n  zeros 1473\n", "t:2: 'zeros' needs a count" },
		{ "payload a ports 1\n  zeros 1472 00\n", "t:2: payload 'a' is longer than 1472" },
		{ "hello\n", "t:1: unknown line 'hello'" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct xm_udp_payloads db;
		char err[256] = "";

		if (!xm_udp_payloads_parse(&db, cases[i].spec, strlen(cases[i].spec), "t", err,
					   sizeof(err)))
			fail_msg("case %zu accepted", i);
		assert_substr(err, cases[i].why);
		assert_null(db.v);
		assert_null(db.by_port);
	}
}

/* The project's own file parses, and the ports the issue names each have a payload. */
static void test_payload_file(void **state)
{
	static const uint16_t ports[] = { 7, 13, 19, 53, 67, 69, 111, 123, 137, 161, 443,
					  500, 514, 1194, 1900, 5060, 5353, 5683, 11211 };
	struct xm_udp_payloads db;
	char err[256] = "";
	size_t i;

	if (xm_udp_payloads_load(&db, "data/udp-payloads", err, sizeof(err)))
		fail_msg("%s", err);
	for (i = 0; i < ARRAY_LEN(ports); i++)
		if (!xm_udp_payload_for(&db, ports[i], 0))
			fail_msg("port %u has no payload", ports[i]);
	assert_int_equal(xm_udp_payload_for(&db, 161, 0)->cookie, XM_UDP_COOKIE_SNMP);
	assert_int_equal(xm_udp_payload_for(&db, 67, 0)->sport, 68);
	xm_udp_payloads_free(&db);
	assert_int_equal(xm_udp_payloads_load(&db, "/nonexistent/p", err, sizeof(err)), -1);
	assert_substr(err, "/nonexistent/p");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_bodies),
		cmocka_unit_test(test_payload_cookies),
		cmocka_unit_test(test_payload_alternates),
		cmocka_unit_test(test_payload_errors),
		cmocka_unit_test(test_payload_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

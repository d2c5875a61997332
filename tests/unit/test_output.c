// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of the output formats: escapers under hostile input, port groups, every format's text, CLI options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "addr.h"
#include "cli.h"
#include "output.h"
#include "progress.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* Inputs nobody should be able to smuggle through: markup, quotes, controls, broken UTF-8. */
static const char *const hostile[] = {
	"plain",
	"\"quoted\" 'single'",
	"<script>alert(1)</script>",
	"a & b &amp; &#x41; &bogus;",
	"-- comment breaker --> <!-- -",
	"tab\there\nnewline\rcr",
	"\x01\x02\x1b[31mred\x1b[0m\x7f",
	"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	"bad \xff\xfe \xc0\xaf \xed\xa0\x80 \xe2\x82",
	"nonchar \xef\xbf\xbe \xef\xbf\xbf",
	"]]> <![CDATA[ x ]]>",
	"back\\slash \\u0000",
	"",
};

/* ------------------------------------------------------------------ */
/* Checkers: UTF-8, XML character data and documents, JSON values      */
/* ------------------------------------------------------------------ */

/* Code point of the UTF-8 sequence at s (len set), or -1 if invalid. */
static long utf8_cp(const unsigned char *s, size_t n, size_t *len)
{
	long cp;
	size_t i;

	if (s[0] < 0x80)
		return *len = 1, s[0];
	if ((s[0] & 0xe0) == 0xc0)
		*len = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		*len = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		*len = 4, cp = s[0] & 0x07;
	else
		return -1;
	if (*len > n)
		return -1;
	for (i = 1; i < *len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((*len == 2 && cp < 0x80) || (*len == 3 && cp < 0x800) ||
	    (*len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return cp;
}

static int xml_char_ok(long cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* A reference at s ('&...;'): its length, or 0 if malformed or naming an illegal char. */
static size_t xml_ref_len(const char *s)
{
	static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	size_t i;
	long cp;
	char *end;

	for (i = 0; i < ARRAY_LEN(ents); i++)
		if (!strncmp(s, ents[i], strlen(ents[i])))
			return strlen(ents[i]);
	if (s[1] != '#')
		return 0;
	cp = s[2] == 'x' ? strtol(s + 3, &end, 16) : strtol(s + 2, &end, 10);
	if (*end != ';' || end == s + 2 || !xml_char_ok(cp))
		return 0;
	return (size_t)(end - s) + 1;
}

/* Character data of n bytes (text or an attribute value quoted with '"'). NULL if fine. */
static const char *xml_chardata(const char *s, size_t n, int in_attr)
{
	size_t i = 0, len;

	while (i < n) {
		long cp = utf8_cp((const unsigned char *)s + i, n - i, &len);

		if (cp < 0)
			return "invalid UTF-8";
		if (!xml_char_ok(cp))
			return "a character XML 1.0 cannot carry";
		if (s[i] == '<' || (in_attr && s[i] == '"'))
			return "a raw '<' or '\"'";
		if (s[i] == '&') {
			len = xml_ref_len(s + i);
			if (!len)
				return "a malformed reference";
		}
		i += len;
	}
	return NULL;
}

struct xml_parser {
	const char *p;
	const char *stack[32];
	size_t stack_len[32];
	int depth, roots;
};

static size_t xml_name_len(const char *s)
{
	size_t n = 0;

	while (s[n] && (strchr("-_.:", s[n]) || (s[n] >= 'a' && s[n] <= 'z') ||
			(s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9')))
		n++;
	return n;
}

/* <name attr="v" ...> or <name .../>, p after '<'. */
static const char *xml_start_tag(struct xml_parser *x)
{
	size_t n = xml_name_len(x->p);
	const char *name = x->p, *err;

	if (!n)
		return "an element without a name";
	for (x->p += n;;) {
		x->p += strspn(x->p, " \t\n");
		if (*x->p == '>' || !strncmp(x->p, "/>", 2))
			break;
		n = xml_name_len(x->p);
		if (!n || x->p[n] != '=' || x->p[n + 1] != '"')
			return "a malformed attribute";
		x->p += n + 2;
		n = strcspn(x->p, "\"");
		if (!x->p[n])
			return "an unterminated attribute";
		if ((err = xml_chardata(x->p, n, 1)))
			return err;
		x->p += n + 1;
	}
	if (*x->p == '/') {
		x->p += 2;
		x->roots += x->depth == 0;
		return NULL;
	}
	x->p++;
	if (x->depth == 32)
		return "too deep";
	x->roots += x->depth == 0;
	x->stack[x->depth] = name;
	x->stack_len[x->depth++] = xml_name_len(name);
	return NULL;
}

/* Markup after '<': comment, PI, DOCTYPE, end tag or start tag. */
static const char *xml_markup(struct xml_parser *x)
{
	const char *end;

	if (!strncmp(x->p, "!--", 3)) {
		end = strstr(x->p + 3, "--");
		if (!end || end[2] != '>')
			return "a comment with '--' inside or no end";
		x->p = end + 3;
		return NULL;
	}
	if (*x->p == '?' || *x->p == '!') {
		end = strchr(x->p, '>');
		if (!end)
			return "unterminated markup";
		x->p = end + 1;
		return NULL;
	}
	if (*x->p != '/')
		return xml_start_tag(x);
	x->p++;
	if (!x->depth || strncmp(x->p, x->stack[x->depth - 1], x->stack_len[x->depth - 1]) ||
	    x->p[x->stack_len[x->depth - 1]] != '>')
		return "an end tag that does not match";
	x->p += x->stack_len[--x->depth] + 1;
	return NULL;
}

/* Well-formedness of a whole document: NULL, or what is wrong. */
static const char *xml_check(const char *doc)
{
	struct xml_parser x = { .p = doc };
	const char *err;

	while (*x.p) {
		size_t n = strcspn(x.p, "<");

		if ((err = xml_chardata(x.p, n, 0)))
			return err;
		if (n && x.depth == 0 && strspn(x.p, " \t\r\n") < n)
			return "text outside the root element";
		x.p += n;
		if (!*x.p)
			break;
		x.p++;
		if ((err = xml_markup(&x)))
			return err;
	}
	if (x.depth)
		return "unclosed elements";
	return x.roots == 1 ? NULL : "not exactly one root element";
}

/* JSON: a small recursive-descent validator (RFC 8259). */
static const char *json_value(const char **p, int depth);

static const char *json_string(const char **p)
{
	const char *s = *p + 1;
	size_t len;

	while (*s != '"') {
		if (!*s || (unsigned char)*s < 0x20)
			return "a raw control byte or an unterminated string";
		if (*s == '\\') {
			if (s[1] == 'u') {
				if (strspn(s + 2, "0123456789abcdefABCDEF") < 4)
					return "a bad \\u escape";
				s += 6;
				continue;
			}
			if (!s[1] || !strchr("\"\\/bfnrt", s[1]))
				return "a bad escape";
			s += 2;
			continue;
		}
		if (utf8_cp((const unsigned char *)s, strlen(s), &len) < 0)
			return "invalid UTF-8 in a string";
		s += len;
	}
	*p = s + 1;
	return NULL;
}

static const char *json_members(const char **p, int depth, char close, int object)
{
	const char *err;

	(*p)++;
	*p += strspn(*p, " ");
	if (**p == close)
		return (*p)++, NULL;
	for (;;) {
		if (object) {
			if (**p != '"' || (err = json_string(p)))
				return "a bad key";
			if (*(*p)++ != ':')
				return "a missing ':'";
		}
		if ((err = json_value(p, depth + 1)))
			return err;
		if (**p == close)
			return (*p)++, NULL;
		if (*(*p)++ != ',')
			return "a missing ','";
		*p += strspn(*p, " ");
	}
}

static const char *json_value(const char **p, int depth)
{
	char *end;

	*p += strspn(*p, " ");
	if (depth > 16)
		return "too deep";
	if (**p == '"')
		return json_string(p);
	if (**p == '{' || **p == '[')
		return json_members(p, depth, **p == '{' ? '}' : ']', **p == '{');
	if (!strncmp(*p, "true", 4) || !strncmp(*p, "null", 4))
		return *p += 4, NULL;
	if (!strncmp(*p, "false", 5))
		return *p += 5, NULL;
	if (**p != '-' && (**p < '0' || **p > '9'))
		return "an unexpected character";
	strtod(*p, &end);
	*p = end;
	return NULL;
}

/* One JSON text on a line (an object): NULL or what is wrong. */
static const char *json_check_line(const char *line)
{
	const char *p = line, *err;

	if (*p != '{')
		return "not an object";
	if ((err = json_value(&p, 0)))
		return err;
	return *p == '\0' || (*p == '\n' && p[1] == '\0') ? NULL : "trailing bytes";
}

/* ------------------------------------------------------------------ */
/* Escapers                                                            */
/* ------------------------------------------------------------------ */

static void check_xml_escape(const char *in, size_t inlen, const char *want)
{
	char out[512];
	size_t n = xm_xml_escape(in, inlen, out, sizeof(out));

	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
}

#define XE(in, want) check_xml_escape((in), sizeof(in) - 1, (want))

static void test_xml_escape_markup(void **state)
{
	XE("", "");
	XE("plain text 123", "plain text 123");
	XE("<a href=\"x\">'&'</a>",
	   "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
	XE("--reason", "-&#45;reason");
	XE("a---b", "a-&#45;&#45;b");
	XE("-x-", "-x-");
	XE("t\tn\nr\r", "t&#9;n&#10;r&#13;");
}

static void test_xml_escape_bytes(void **state)
{
	XE("\x01\x1f\x7f", "\\x01\\x1f\\x7f");
	XE("a\0b", "a\\x00b");
	XE("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	XE("\xff", "\\xff");
	XE("\xe2\x82", "\\xe2\\x82");			/* truncated sequence */
	XE("\xc0\xaf", "\\xc0\\xaf");			/* overlong */
	XE("\xed\xa0\x80", "\\xed\\xa0\\x80");		/* surrogate */
	XE("\xef\xbf\xbe\xef\xbf\xbf", "\\xef\\xbf\\xbe\\xef\\xbf\\xbf"); /* U+FFFE, U+FFFF */
	XE("\xef\xbf\xbd", "\xef\xbf\xbd");		/* U+FFFD is fine */
}

static void test_xml_escape_small_buffer(void **state)
{
	char out[16], full[64];
	size_t need, outlen;

	memset(out, 'X', sizeof(out));
	assert_int_equal(xm_xml_escape("a<b", 3, out, 4), 6);
	assert_string_equal(out, "a");		/* "&lt;" did not fit: stop there */
	assert_int_equal(out[4], 'X');
	assert_int_equal(xm_xml_escape("abc", 3, out, 0), 3);
	need = xm_xml_escape("x&\x01y", 4, full, sizeof(full));
	for (outlen = 1; outlen <= need + 1; outlen++) {
		assert_int_equal(xm_xml_escape("x&\x01y", 4, out, outlen), need);
		assert_int_equal(strncmp(full, out, strlen(out)), 0);
		assert_null(xml_chardata(out, strlen(out), 1));
	}
}

/* Pseudo-random hostile strings: every byte value, markup characters more often. */
static size_t random_hostile(uint32_t *seed, char *buf, size_t cap)
{
	static const char special[] = "<>&\"'-\\\t\n\r\x01\x7f\xc3\xa9\xe2\x82\xac\xff\xef\xbf\xbe";
	size_t n = *seed % cap, i;

	for (i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		buf[i] = (*seed >> 16) % 3 ? special[(*seed >> 8) % (sizeof(special) - 1)] :
					     (char)(*seed >> 20);
	}
	*seed = *seed * 1103515245u + 12345u;
	return n;
}

/* Sanitized text: valid UTF-8 without control bytes. */
static const char *text_check(const char *s)
{
	size_t len;

	for (; *s; s += len) {
		long cp = utf8_cp((const unsigned char *)s, strlen(s), &len);

		if (cp < 0)
			return "invalid UTF-8";
		if (cp < 0x20 || cp == 0x7f)
			return "a control byte";
	}
	return NULL;
}

static void test_escapers_fuzz(void **state)
{
	char in[64], out[512], line[600];
	uint32_t seed = 42;
	const char *err;
	int k;

	for (k = 0; k < 20000; k++) {
		size_t n = random_hostile(&seed, in, sizeof(in));

		xm_xml_escape(in, n, out, sizeof(out));
		if ((err = xml_chardata(out, strlen(out), 1)) || strstr(out, "--"))
			fail_msg("XML escape of case %d: %s", k, err ? err : "'--'");
		xm_json_escape(in, n, out, sizeof(out));
		snprintf(line, sizeof(line), "{\"k\":\"%s\"}", out);
		if ((err = json_check_line(line)))
			fail_msg("JSON escape of case %d: %s: %s", k, err, line);
		xm_text_sanitize(in, n, out, sizeof(out));
		if ((err = text_check(out)))
			fail_msg("text sanitize of case %d: %s", k, err);
	}
}

static void test_escapers_hostile(void **state)
{
	char out[512], line[600];
	const char *err;
	size_t i;

	for (i = 0; i < ARRAY_LEN(hostile); i++) {
		xm_xml_escape(hostile[i], strlen(hostile[i]), out, sizeof(out));
		if ((err = xml_chardata(out, strlen(out), 1)) || strstr(out, "--") ||
		    strchr(out, '>'))
			fail_msg("XML escape of '%s': %s", hostile[i], err ? err : "'--' or '>'");
		xm_json_escape(hostile[i], strlen(hostile[i]), out, sizeof(out));
		snprintf(line, sizeof(line), "{\"k\":\"%s\"}", out);
		if ((err = json_check_line(line)))
			fail_msg("JSON escape of '%s': %s: %s", hostile[i], err, line);
		xm_text_sanitize(hostile[i], strlen(hostile[i]), out, sizeof(out));
		if ((err = text_check(out)))
			fail_msg("text sanitize of '%s': %s", hostile[i], err);
	}
}

static void test_text_sanitize(void **state)
{
	char out[64];

	static const char in[] = "a\tb\nc\x1b[0m\xff\xc3\xa9";

	xm_text_sanitize(in, sizeof(in) - 1, out, sizeof(out));
	assert_string_equal(out, "a?b?c?[0m?\xc3\xa9");
	assert_int_equal(xm_text_sanitize("abc", 3, out, 2), 3);
	assert_string_equal(out, "a");
}

static void test_fputs_long(void **state)
{
	char *big = malloc(5000), *got = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&got, &len);

	assert_non_null(big);
	assert_non_null(f);
	for (i = 0; i < 4999; i++)
		big[i] = "<&a"[i % 3];
	big[4999] = '\0';
	xm_xml_fputs(f, big);
	fclose(f);
	assert_int_equal(len, 1666 * 10 + 4);	/* "&lt;&amp;a" x 1666, then "&lt;" */
	assert_null(xml_chardata(got, len, 1));
	free(got);
	free(big);
}

/* ------------------------------------------------------------------ */
/* Port groups, ranges, iteration                                      */
/* ------------------------------------------------------------------ */

static void test_ranges(void **state)
{
	static const uint16_t v[] = { 1, 2, 3, 5, 7, 8, 65535 };
	char *got = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&got, &len);
	struct xm_range_writer w = { .f = f };

	for (i = 0; i < ARRAY_LEN(v); i++)
		xm_ranges_add(&w, v[i]);
	xm_ranges_end(&w);
	fclose(f);
	assert_string_equal(got, "1-3,5,7-8,65535");
	free(got);
}

static void test_port_iter_and_groups(void **state)
{
	uint16_t pv[] = { 20, 21, 22, 23, 80 };
	struct xm_ports ports = { .v = pv, .n = 5, .proto = IPPROTO_TCP };
	struct xm_finding h[] = {
		{ .addr = xm_addr4(1), .family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP, .port = 21,
		  .state = XM_STATE_CLOSED, .reason = XM_REASON_RESET },
		{ .addr = xm_addr4(1), .family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP, .port = 22,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_SYN_ACK },
	};
	struct xm_config cfg = { .ports = ports };
	struct xm_host_groups g;
	struct xm_port_iter it;
	struct xm_finding p;
	uint16_t seen[8];
	int n = 0;

	xm_port_iter_init(&it, h, 2, &ports);
	while (xm_port_iter_next(&it, &p)) {
		assert_true(n < 8);
		seen[n++] = p.port;
		if (p.port != 21 && p.port != 22)
			assert_int_equal(p.reason, XM_REASON_NO_RESPONSE);
		/* unanswered ports too: the host's address, the port list's protocol */
		assert_int_equal(p.family, XM_FAMILY_IPV4);
		assert_true(xm_addr_eq(&p.addr, &h[0].addr));
		assert_int_equal(p.proto, IPPROTO_TCP);
	}
	assert_int_equal(n, 5);
	assert_int_equal(seen[0], 20);
	assert_int_equal(seen[4], 80);
	xm_host_groups(h, 2, &ports, &g);
	assert_int_equal(g.count[XM_PSLOT_TCP][XM_STATE_FILTERED][XM_REASON_NO_RESPONSE], 3);
	assert_true(xm_port_shown(&cfg, &g, IPPROTO_TCP, XM_STATE_CLOSED, XM_REASON_RESET));
	cfg.open_only = true;
	assert_false(xm_port_shown(&cfg, &g, IPPROTO_TCP, XM_STATE_CLOSED, XM_REASON_RESET));
	assert_true(xm_port_shown(&cfg, &g, IPPROTO_TCP, XM_STATE_OPEN, XM_REASON_SYN_ACK));
	assert_int_equal(xm_hidden_in_state(&cfg, &g, IPPROTO_TCP, XM_STATE_FILTERED), 3);
	assert_int_equal(xm_hidden_states(&cfg, &g), 2);
	assert_true(xm_host_reported(&cfg, h, 2));
	assert_false(xm_host_reported(&cfg, h, 1));
}

/*
 * A -sS -sU list (TCP 22, 80 then UDP 53, 80, 161): findings and unanswered
 * ports in (protocol, port) order, UDP's unanswered open|filtered, groups by
 * protocol, --open keeping open|filtered.
 */
static void test_port_iter_mixed(void **state)
{
	uint16_t pv[] = { 22, 80, 53, 80, 161 };
	struct xm_ports ports = { .v = pv, .n = 5, .proto = IPPROTO_TCP, .n_udp = 3 };
	struct xm_finding h[] = {
		{ .addr = xm_addr4(1), .family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP, .port = 80,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_SYN_ACK },
		{ .addr = xm_addr4(1), .family = XM_FAMILY_IPV4, .proto = IPPROTO_UDP, .port = 53,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE },
		{ .addr = xm_addr4(1), .family = XM_FAMILY_IPV4, .proto = IPPROTO_UDP, .port = 80,
		  .state = XM_STATE_CLOSED, .reason = XM_REASON_PORT_UNREACH },
	};
	static const struct { uint8_t proto; uint16_t port; uint8_t state; } want[] = {
		{ IPPROTO_TCP, 22, XM_STATE_FILTERED }, { IPPROTO_TCP, 80, XM_STATE_OPEN },
		{ IPPROTO_UDP, 53, XM_STATE_OPEN }, { IPPROTO_UDP, 80, XM_STATE_CLOSED },
		{ IPPROTO_UDP, 161, XM_STATE_OPEN_FILTERED },
	};
	struct xm_config cfg = { .ports = ports, .open_only = true };
	struct xm_host_groups g;
	struct xm_port_iter it;
	struct xm_finding p;
	size_t n = 0;

	xm_port_iter_init(&it, h, 3, &ports);
	while (xm_port_iter_next(&it, &p)) {
		assert_true(n < ARRAY_LEN(want));
		assert_int_equal(p.proto, want[n].proto);
		assert_int_equal(p.port, want[n].port);
		assert_int_equal(p.state, want[n].state);
		n++;
	}
	assert_int_equal(n, ARRAY_LEN(want));
	assert_string_equal(xm_state_name(XM_STATE_OPEN_FILTERED), "open|filtered");
	assert_string_equal(xm_reason_name(XM_REASON_UDP_RESPONSE), "udp-response");
	xm_host_groups(h, 3, &ports, &g);
	assert_int_equal(g.count[XM_PSLOT_TCP][XM_STATE_FILTERED][XM_REASON_NO_RESPONSE], 1);
	assert_int_equal(g.count[XM_PSLOT_UDP][XM_STATE_OPEN_FILTERED][XM_REASON_NO_RESPONSE], 1);
	assert_int_equal(g.count[XM_PSLOT_UDP][XM_STATE_CLOSED][XM_REASON_PORT_UNREACH], 1);
	assert_true(xm_port_shown(&cfg, &g, IPPROTO_UDP, XM_STATE_OPEN_FILTERED,
				  XM_REASON_NO_RESPONSE));
	assert_false(xm_port_shown(&cfg, &g, IPPROTO_UDP, XM_STATE_CLOSED,
				   XM_REASON_PORT_UNREACH));
	assert_int_equal(xm_hidden_all(&cfg, &g), 2);
}

/* ------------------------------------------------------------------ */
/* Every format on one synthetic scan                                  */
/* ------------------------------------------------------------------ */

/* 198.18.0.2: 22 open, 23 filtered (ICMP), 1-100 otherwise closed but 99 unanswered;
 * 198.18.0.3: only closed ports (a host reported but hidden under --open). */
static size_t synthetic(struct xm_finding *all, size_t cap)
{
	size_t n = 0;
	uint16_t p;

	for (p = 1; p <= 100 && n < cap; p++) {
		if (p == 99)
			continue;
		all[n++] = (struct xm_finding){
			.addr = xm_addr4(IP4(198, 18, 0, 2)), .family = XM_FAMILY_IPV4,
			.proto = IPPROTO_TCP, .port = p, .ttl = 64, .when = 1e9,
			.state = p == 22 ? XM_STATE_OPEN : p == 23 ? XM_STATE_FILTERED :
								     XM_STATE_CLOSED,
			.reason = p == 22 ? XM_REASON_SYN_ACK : p == 23 ?
					    XM_REASON_ADMIN_PROHIBITED : XM_REASON_RESET,
		};
	}
	all[n++] = (struct xm_finding){ .addr = xm_addr4(IP4(198, 18, 0, 3)),
					.family = XM_FAMILY_IPV4, .proto = IPPROTO_TCP, .port = 80,
					.ttl = 63, .state = XM_STATE_CLOSED,
					.reason = XM_REASON_RESET };
	return n;
}

/* The summary's 'failed' flag in the next run_format() calls. */
static bool run_failed;

/* Run one format over the synthetic scan into a file; return the file's text (malloc'd). */
static char *run_format(const struct xm_output_ops *ops, struct xm_config *cfg, bool report)
{
	struct xm_finding all[128];
	size_t n = synthetic(all, ARRAY_LEN(all)), i, len;
	struct xm_summary s = { .addrs = 4, .hosts_up = 2, .nports = 100, .probes = 400,
				.seconds = 1.5, .send_seconds = 0.5, .start_time = 1e9,
				.failed = run_failed };
	char path[] = "/tmp/xdpmap-test-output.XXXXXX", err[256], *text;
	struct xm_output o = { .ops = ops, .cfg = cfg };
	struct xm_host_report *hosts = NULL;
	ssize_t nhosts = xm_host_reports(NULL, 0, all, n, &hosts);
	FILE *f;
	int fd = mkstemp(path);

	assert_true(fd >= 0 && nhosts >= 0);
	close(fd);
	s.hosts = hosts; /* -Pn: the hosts that answered, as the engines report them */
	s.nhosts = (size_t)nhosts;
	assert_int_equal(ops->open(&o, path, err, sizeof(err)), 0);
	for (i = 0; i < n; i++)
		ops->finding(&o, &all[i]);
	if (report)
		ops->report(&o, all, n, &s);
	ops->close(&o);
	free(hosts);
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

/* A config for 198.18.0.2-5, ports 1-100, and a command line full of hostile bytes. */
static void synthetic_cfg(struct xm_config *cfg, const char *extra)
{
	/* static: cfg->argv points here until the report (-oJ writes it) */
	static char *argv[] = { "xdpmap", "-n", "-p", "1-100", "198.18.0.2-5", NULL, NULL };
	char err[256];

	argv[5] = (char *)extra;

	assert_int_equal(xm_cli_parse(extra ? 6 : 5, argv, cfg, err, sizeof(err)), XM_CLI_SCAN);
	snprintf(cfg->argv_line, sizeof(cfg->argv_line),
		 "xdpmap -oX ev\"<&>'--il\x01\xff\t\n.xml -p 1-100 198.18.0.2-5");
	cfg->start_time = 1e9;
}

static void test_format_xml(void **state)
{
	struct xm_config cfg;
	char *doc, *failed;
	const char *err;

	synthetic_cfg(&cfg, NULL);
	doc = run_format(&xm_output_xml, &cfg, true);
	if ((err = xml_check(doc)))
		fail_msg("XML not well-formed: %s\n%s", err, doc);
	assert_non_null(strstr(doc, "<nmaprun scanner=\"nmap\" args=\"xdpmap -oX ev&quot;&lt;&amp;&gt;&apos;-&#45;il\\x01\\xff&#9;&#10;.xml"));
	assert_non_null(strstr(doc, "<scaninfo type=\"syn\" protocol=\"tcp\" numservices=\"100\" services=\"1-100\"/>"));
	assert_non_null(strstr(doc, "<extraports state=\"closed\" count=\"97\">"));
	assert_non_null(strstr(doc, "<extrareasons reason=\"reset\" count=\"97\" proto=\"tcp\" ports=\"1-21,24-98,100\"/>"));
	assert_non_null(strstr(doc, "<port protocol=\"tcp\" portid=\"22\"><state state=\"open\" reason=\"syn-ack\" reason_ttl=\"64\"/><service name=\"ssh\" method=\"table\" conf=\"3\"/></port>"));
	assert_non_null(strstr(doc, "portid=\"23\"><state state=\"filtered\" reason=\"admin-prohibited\""));
	assert_non_null(strstr(doc, "portid=\"99\"><state state=\"filtered\" reason=\"no-response\" reason_ttl=\"0\"/>"));
	assert_non_null(strstr(doc, "<hosts up=\"2\" down=\"2\" total=\"4\"/>"));
	assert_non_null(strstr(doc, "exit=\"success\""));
	free(doc);
	/* A scan that never reported still leaves a well-formed document. */
	failed = run_format(&xm_output_xml, &cfg, false);
	if ((err = xml_check(failed)))
		fail_msg("XML of a failed scan not well-formed: %s\n%s", err, failed);
	assert_non_null(strstr(failed, "exit=\"error\""));
	free(failed);
	xm_config_free(&cfg);
}

/* A run that failed after finding something: every format reports it and says it failed. */
static void test_format_failed_report(void **state)
{
	static const struct {
		const struct xm_output_ops *ops;
		const char *says;
	} want[] = {
		{ &xm_output_xml, "exit=\"error\" errormsg=\"the scan failed\"" },
		{ &xm_output_json, "\"exit\":\"error\"" },
		{ &xm_output_normal, "xdpmap done: the scan failed; 4 IP addresses (2 hosts up)" },
		{ &xm_output_nmap, "-- the scan failed; 4 IP addresses" },
		{ &xm_output_grep, "-- the scan failed; 4 IP addresses" },
	};
	struct xm_config cfg;
	const char *err;
	char *doc;
	size_t i;

	synthetic_cfg(&cfg, NULL);
	run_failed = true;
	for (i = 0; i < ARRAY_LEN(want); i++) {
		doc = run_format(want[i].ops, &cfg, true);
		if (!strstr(doc, want[i].says) || strstr(doc, "success"))
			fail_msg("%s: no '%s' in\n%s", want[i].ops->name, want[i].says, doc);
		assert_non_null(strstr(doc, "198.18.0.2")); /* what it found is still there */
		if (want[i].ops == &xm_output_xml && (err = xml_check(doc)))
			fail_msg("XML not well-formed: %s\n%s", err, doc);
		free(doc);
	}
	run_failed = false;
	/* Failed before its report: stdout's format still says so. */
	doc = run_format(&xm_output_normal, &cfg, false);
	assert_non_null(strstr(doc, "xdpmap done: the scan failed\n"));
	free(doc);
	xm_config_free(&cfg);
}

static void test_format_xml_open_only(void **state)
{
	struct xm_config cfg;
	char *doc;

	synthetic_cfg(&cfg, "--open");
	doc = run_format(&xm_output_xml, &cfg, true);
	assert_null(xml_check(doc));
	assert_null(strstr(doc, "198.18.0.3"));	/* no open port: not reported */
	assert_null(strstr(doc, "portid=\"23\""));	/* not open: counted, not listed */
	assert_non_null(strstr(doc, "<extraports state=\"filtered\" count=\"2\">"));
	free(doc);
	xm_config_free(&cfg);
}

static void test_format_grep(void **state)
{
	struct xm_config cfg;
	char *text, *line;
	int lines = 0;

	synthetic_cfg(&cfg, NULL);
	text = run_format(&xm_output_grep, &cfg, true);
	assert_non_null(strstr(text, "Host: 198.18.0.2 ()\tStatus: Up\n"));
	assert_non_null(strstr(text, "Host: 198.18.0.2 ()\tPorts: 22/open/tcp//ssh///, 23/filtered/tcp//telnet///, 99/filtered/tcp/////\tIgnored State: closed (97)\n"));
	assert_non_null(strstr(text, "Host: 198.18.0.3 ()\tPorts: 80/closed/tcp//http///\tIgnored State: filtered (99)\n"));
	assert_non_null(strstr(text, "# xdpmap done at "));
	assert_non_null(strstr(text, " -- 4 IP addresses (2 hosts up) scanned in 1.50 seconds\n"));
	for (line = text; (line = strchr(line, '\n')); line++)
		lines++;
	assert_int_equal(lines, 6);	/* the hostile command line stays on one line */
	free(text);
	xm_config_free(&cfg);
}

static void test_format_normal(void **state)
{
	struct xm_config cfg;
	char *text;

	synthetic_cfg(&cfg, "--reason");
	text = run_format(&xm_output_nmap, &cfg, true);
	assert_non_null(strstr(text, "# xdpmap " XDPMAP_VERSION " scan initiated "));
	assert_null(strstr(text, "\x01"));
	assert_non_null(strstr(text, "xdpmap scan report for 198.18.0.2\n"));
	assert_non_null(strstr(text, "Not shown: 97 closed tcp ports (reset)\n"));
	assert_non_null(strstr(text, "PORT      STATE    SERVICE REASON\n"));
	assert_non_null(strstr(text, "22/tcp    open     ssh     syn-ack ttl 64\n"));
	assert_non_null(strstr(text, "23/tcp    filtered telnet  admin-prohibited ttl 64\n"));
	assert_non_null(strstr(text, "99/tcp    filtered unknown no-response\n"));
	assert_non_null(strstr(text, "80/tcp    closed   http    reset ttl 63\n"));
	assert_non_null(strstr(text, "# xdpmap done at "));
	free(text);
	xm_config_free(&cfg);
}

static void test_format_json(void **state)
{
	struct xm_config cfg;
	char *text, *line, *next, *last = NULL;
	const char *err;
	int n = 0;

	synthetic_cfg(&cfg, NULL);
	text = run_format(&xm_output_json, &cfg, true);
	assert_non_null(strstr(text, "{\"ip\":\"198.18.0.2\",\"port\":22,\"proto\":\"tcp\",\"state\":\"open\",\"reason\":\"syn-ack\",\"ttl\":64,"));
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		assert_non_null(next);
		*next++ = '\0';
		if ((err = json_check_line(line)))
			fail_msg("line %d: %s: %s", n + 1, err, line);
		last = line;
		n++;
	}
	/* 100 replies, 1 unanswered port of .2 and 99 of .3, the summary */
	assert_int_equal(n, 100 + 1 + 99 + 1);
	assert_non_null(last);
	assert_int_equal(strncmp(last, "{\"summary\":{\"scanner\":\"xdpmap\"", 30), 0);
	assert_non_null(strstr(last, "\"args\":\"xdpmap -oX ev\\\"<&>'--il\\u0001\\u00ff\\u0009\\u000a.xml"));
	assert_non_null(strstr(last, "\"open\":1,\"closed\":98,\"filtered\":1,\"no_response\":100,"));
	free(text);
	xm_config_free(&cfg);
}

static void test_format_json_failed(void **state)
{
	struct xm_config cfg;
	char *text;

	synthetic_cfg(&cfg, "--open");
	text = run_format(&xm_output_json, &cfg, false);
	assert_null(strstr(text, "\"state\":\"closed\""));	/* --open: open ones only */
	assert_non_null(strstr(text, "\"exit\":\"error\"}}\n"));
	free(text);
	xm_config_free(&cfg);
}

/* ------------------------------------------------------------------ */
/* Command line and progress                                           */
/* ------------------------------------------------------------------ */

#include "test_cli.h"

static void test_cli_outputs(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-oA", "scan", "-oJ", "-", "--open",
			     "--reason", "--stats-every", "500ms", "-vv", "-dd", "198.18.0.2",
			     NULL), XM_CLI_SCAN);
	assert_string_equal(cfg.out_path[xm_output_format_index('N')], "scan.nmap");
	assert_string_equal(cfg.out_path[xm_output_format_index('X')], "scan.xml");
	assert_string_equal(cfg.out_path[xm_output_format_index('G')], "scan.gnmap");
	assert_string_equal(cfg.out_path[xm_output_format_index('J')], "-");
	assert_true(cfg.open_only && cfg.reason);
	assert_true(cfg.stats_every == 0.5);
	assert_int_equal(cfg.verbose, 2);
	assert_int_equal(cfg.debug, 2);
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-d3", "-v2", "-oX", "x.xml", "198.18.0.2",
			     NULL), XM_CLI_SCAN);
	assert_int_equal(cfg.debug, 3);
	assert_int_equal(cfg.verbose, 2);
	assert_true(cfg.reason);	/* -d implies --reason */
	assert_string_equal(cfg.out_path[xm_output_format_index('X')], "x.xml");
	xm_config_free(&cfg);
}

static void test_cli_output_errors(void **state)
{
	struct xm_config cfg;
	char err[256];

	assert_int_equal(cli(&cfg, err, sizeof(err), "-oA", "-", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_non_null(strstr(err, "-oA"));
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-oX", "-", "-oG", "-", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_non_null(strstr(err, "stdout"));
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "--stats-every", "5x", "198.18.0.2", NULL),
			 XM_CLI_ERROR);
	assert_non_null(strstr(err, "--stats-every"));
	xm_config_free(&cfg);
	assert_int_equal(cli(&cfg, err, sizeof(err), "-dx", "198.18.0.2", NULL), XM_CLI_ERROR);
	xm_config_free(&cfg);
}

static void test_parse_duration(void **state)
{
	static const struct { const char *s; double v; } good[] = {
		{ "5", 5 }, { "5s", 5 }, { "500ms", 0.5 }, { "2m", 120 }, { "1h", 3600 },
		{ "0.25", 0.25 },
	};
	static const char *const bad[] = { "", "s", "5x", "-1", "+1", "5 s", "1e", "nan" };
	double v;
	size_t i;

	for (i = 0; i < ARRAY_LEN(good); i++) {
		assert_int_equal(xm_parse_duration(good[i].s, &v), 0);
		assert_true(v == good[i].v);
	}
	for (i = 0; i < ARRAY_LEN(bad); i++)
		if (!xm_parse_duration(bad[i], &v))
			fail_msg("'%s' accepted", bad[i]);
}

static void test_progress_text(void **state)
{
	struct xm_progress p;
	char line[256], *got = NULL;
	size_t len = 0;
	FILE *f;

	xm_progress_init(&p, false, 0, stdout, 1000, 2);
	xm_progress_tick(&p, 500, 0, 7);	/* neither drawing nor stats: only counts */
	xm_progress_finding(&p, XM_STATE_OPEN);
	xm_progress_finding(&p, XM_STATE_CLOSED);
	assert_false(p.shown);
	p.rate = 100;
	xm_progress_format(&p, p.start + 5, line, sizeof(line));
	assert_string_equal(line, "Progress: 50.00% done, 500/1000 probes, 100/s, ETA 0:00:07, 1 open");
	f = open_memstream(&got, &len);
	xm_progress_stats(&p, p.start + 5, f);
	fclose(f);
	assert_non_null(strstr(got, "Stats: 0:00:05 elapsed; 500 of 1000 probes sent (100/s); 1 open port found\n"));
	assert_non_null(strstr(got, "SYN Stealth Scan Timing: About 50.00% done; ETC: "));
	assert_non_null(strstr(got, " (0:00:07 remaining)\n"));
	free(got);
	xm_progress_tick(NULL, 1, 1, 1);	/* no progress: nothing happens */
	xm_hms(3725, line, sizeof(line));
	assert_string_equal(line, "1:02:05");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_escape_markup),
		cmocka_unit_test(test_xml_escape_bytes),
		cmocka_unit_test(test_xml_escape_small_buffer),
		cmocka_unit_test(test_escapers_fuzz),
		cmocka_unit_test(test_escapers_hostile),
		cmocka_unit_test(test_text_sanitize),
		cmocka_unit_test(test_fputs_long),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_port_iter_and_groups),
		cmocka_unit_test(test_port_iter_mixed),
		cmocka_unit_test(test_format_xml),
		cmocka_unit_test(test_format_xml_open_only),
		cmocka_unit_test(test_format_grep),
		cmocka_unit_test(test_format_normal),
		cmocka_unit_test(test_format_json),
		cmocka_unit_test(test_format_json_failed),
		cmocka_unit_test(test_format_failed_report),
		cmocka_unit_test(test_cli_outputs),
		cmocka_unit_test(test_cli_output_errors),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_progress_text),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}

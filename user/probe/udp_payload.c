// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Parser of the UDP payload database: "payload" lines, hex and quoted-text bodies. */
#include <ctype.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common_kern_user.h"
#include "csum.h"
#include "datafile.h"
#include "ports.h"
#include "udp_payload.h"

/* Where the parser is: the file, its line, the payload being filled. */
struct pl_parse {
	struct xm_udp_payloads *db;
	const char *path;
	size_t line;
	struct xm_udp_payload *cur; /* NULL before the first "payload" line */
	uint8_t buf[XM_UDP_PAYLOAD_BYTES];
	size_t n;		/* bytes of cur so far (in buf) */
	size_t cur_line;	/* the line of cur's "payload" */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int pl_fail(struct pl_parse *ps, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errlen, "%s:%zu: %s", ps->path, ps->line, why);
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int put_byte(struct pl_parse *ps, int b)
{
	if (ps->n == sizeof(ps->buf))
		return pl_fail(ps, "payload '%s' is longer than %d bytes", ps->cur->name,
			       XM_UDP_PAYLOAD_BYTES);
	ps->buf[ps->n++] = (uint8_t)b;
	return 0;
}

/* One escape after a backslash in quoted text; returns the characters it took, or -1. */
static int put_escape(struct pl_parse *ps, const char *s, const char *end)
{
	static const char from[] = "rnt0\\\"", to[] = "\r\n\t\0\\\"";
	const char *k = s < end && *s ? strchr(from, *s) : NULL;

	if (k)
		return put_byte(ps, to[k - from]) ? -1 : 1;
	if (end - s >= 3 && s[0] == 'x' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0)
		return put_byte(ps, hexval(s[1]) << 4 | hexval(s[2])) ? -1 : 3;
	return pl_fail(ps, "bad escape '\\%.1s' in quoted text (\\r \\n \\t \\0 \\\\ \\\" \\xHH)",
		       s < end ? s : "");
}

/* Quoted text from s (just past the opening quote); returns the position past the closing one. */
static const char *body_text(struct pl_parse *ps, const char *s, const char *end)
{
	while (s < end && *s != '"') {
		int k = 1;

		if (*s == '\\')
			k = put_escape(ps, s + 1, end) + 1;
		else if (put_byte(ps, (unsigned char)*s))
			k = 0;
		if (k <= 0)
			return NULL;
		s += k;
	}
	if (s >= end) {
		pl_fail(ps, "quoted text has no closing '\"'");
		return NULL;
	}
	return s + 1;
}

/* "zeros N": N zero bytes (1-1472); returns the position past N. */
static const char *body_zeros(struct pl_parse *ps, const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (end == s || !n || n > XM_UDP_PAYLOAD_BYTES || (*end && !isspace((unsigned char)*end) &&
							    *end != '#')) {
		pl_fail(ps, "'zeros' needs a count of 1-%d", XM_UDP_PAYLOAD_BYTES);
		return NULL;
	}
	while (n--)
		if (put_byte(ps, 0))
			return NULL;
	return end;
}

/* A body line: hex byte pairs, quoted text and "zeros N", until a '#' comment. */
static int body_line(struct pl_parse *ps, const char *s, const char *end)
{
	if (!ps->cur)
		return pl_fail(ps, "payload bytes before the first 'payload' line");
	while (s < end && *s != '#') {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (*s == '"') {
			s = body_text(ps, s + 1, end);
			if (!s)
				return -1;
		} else if (!strncmp(s, "zeros", 5) && isspace((unsigned char)s[5])) {
			s = body_zeros(ps, s + 5);
			if (!s)
				return -1;
		} else if (hexval(s[0]) >= 0 && s + 1 < end && hexval(s[1]) >= 0) {
			if (put_byte(ps, hexval(s[0]) << 4 | hexval(s[1])))
				return -1;
			s += 2;
		} else {
			return pl_fail(ps, "'%.*s' is not a hex byte (two hex digits) or quoted text",
				       (int)strcspn(s, " \t#"), s);
		}
	}
	return 0;
}

static const char *const cookie_names[XM_UDP_COOKIE_MAX] = {
	[XM_UDP_COOKIE_NONE] = "none", [XM_UDP_COOKIE_ECHO16] = "echo16",
	[XM_UDP_COOKIE_ECHO32] = "echo32", [XM_UDP_COOKIE_NTP] = "ntp",
	[XM_UDP_COOKIE_SNMP] = "snmp",
};

/* The cookie's width in the payload, in bytes. */
static size_t cookie_width(uint8_t kind)
{
	return kind == XM_UDP_COOKIE_NONE ? 0 : kind == XM_UDP_COOKIE_ECHO16 ? 2 : 4;
}

/* A BER length at p[*i] (short form, or long form of 1-2 bytes); -1 when malformed. */
static long ber_len(const uint8_t *p, size_t n, size_t *i)
{
	long v = 0;
	size_t k, nb;

	if (*i >= n)
		return -1;
	if (!(p[*i] & 0x80))
		return p[(*i)++];
	nb = p[(*i)++] & 0x7f;
	if (nb < 1 || nb > 2 || *i + nb > n)
		return -1;
	for (k = 0; k < nb; k++)
		v = v << 8 | p[(*i)++];
	return v;
}

/* Skip one BER element of tag 'tag' at p[*i] (its tag, length and content). */
static int ber_skip(const uint8_t *p, size_t n, size_t *i, uint8_t tag)
{
	long len;

	if (*i >= n || p[(*i)++] != tag || (len = ber_len(p, n, i)) < 0 || *i + (size_t)len > n)
		return -1;
	*i += (size_t)len;
	return 0;
}

/*
 * The offset of an SNMP v1/v2c message's request-id content: SEQUENCE {
 * INTEGER version, OCTET STRING community, PDU { INTEGER request-id ... } },
 * the request-id 4 bytes long. -1 when the message is not so.
 */
static long snmp_request_id(const uint8_t *p, size_t n)
{
	size_t i = 0;

	if (n < 2 || p[i++] != 0x30 || ber_len(p, n, &i) < 0)
		return -1;
	if (ber_skip(p, n, &i, 0x02) || ber_skip(p, n, &i, 0x04))
		return -1;
	if (i >= n || (p[i] & 0xe0) != 0xa0 || (++i, ber_len(p, n, &i)) < 0)
		return -1;
	if (i + 6 > n || p[i] != 0x02 || p[i + 1] != 4)
		return -1;
	return (long)i + 2;
}

/* Where payload p carries its cookie; -1 (with the reason in ps) when it cannot. */
static int place_cookie(struct pl_parse *ps, struct xm_udp_payload *p)
{
	long at;

	if (p->cookie == XM_UDP_COOKIE_NTP) {
		if (ps->n < 48)
			return pl_fail(ps, "payload '%s': cookie ntp needs a 48-byte NTP packet, it "
				       "has %zu bytes", p->name, ps->n);
		p->cookie_off = 44;
	}
	if (p->cookie == XM_UDP_COOKIE_SNMP) {
		at = snmp_request_id(ps->buf, ps->n);
		if (at < 0 || at > 255)
			return pl_fail(ps, "payload '%s': cookie snmp needs an SNMP v1/v2c message "
				       "whose request-id is a 4-byte INTEGER (02 04 ...)", p->name);
		p->cookie_off = (uint16_t)at;
	}
	if (p->cookie_off + cookie_width(p->cookie) > ps->n)
		return pl_fail(ps, "payload '%s': its cookie at byte %u lies past its %zu bytes",
			       p->name, p->cookie_off, ps->n);
	return 0;
}

/* The payload being filled is complete: cookie bytes zeroed, copied out, summed. */
static int close_payload(struct pl_parse *ps)
{
	struct xm_udp_payload *p = ps->cur;
	size_t line = ps->line;

	if (!p)
		return 0;
	ps->line = ps->cur_line;
	if (!ps->n)
		return pl_fail(ps, "payload '%s' has no bytes", p->name);
	if (place_cookie(ps, p))
		return -1;
	ps->line = line;
	memset(ps->buf + p->cookie_off, 0, cookie_width(p->cookie));
	p->data = malloc(ps->n);
	if (!p->data)
		return pl_fail(ps, "out of memory");
	memcpy(p->data, ps->buf, ps->n);
	p->len = (uint16_t)ps->n;
	p->sum = xm_csum_add(0, p->data, p->len);
	ps->cur = NULL;
	return 0;
}

/* The next space-separated word of *s into w (at most wlen - 1 bytes); 0 when none is left. */
static size_t next_word(const char **s, char *w, size_t wlen)
{
	size_t n;

	*s += strspn(*s, " \t");
	n = strcspn(*s, " \t#");
	if (n >= wlen)
		n = wlen - 1;
	memcpy(w, *s, n);
	w[n] = '\0';
	*s += strcspn(*s, " \t#");
	return n;
}

/* Give each port of 'list' payload number idx (1-based); a port taken twice is an error. */
static int assign_ports(struct pl_parse *ps, const char *list, uint16_t idx)
{
	struct xm_ports ports = { 0 };
	char why[200];
	size_t i;

	if (xm_parse_ports(list, &ports, why, sizeof(why)))
		return pl_fail(ps, "bad port list '%s': %s", list, why);
	for (i = 0; i < ports.n; i++) {
		uint16_t *slot = &ps->db->by_port[ports.v[i]];

		if (*slot)
			slot = &ps->db->alt_by_port[ports.v[i]];
		if (*slot) {
			pl_fail(ps, "port %u already has two payloads ('%s' and '%s')", ports.v[i],
				ps->db->v[ps->db->by_port[ports.v[i]] - 1].name,
				ps->db->v[*slot - 1].name);
			xm_ports_free(&ports);
			return -1;
		}
		*slot = idx;
	}
	xm_ports_free(&ports);
	return 0;
}

/* "source-port N" or "cookie KIND" after the port list. */
static int payload_option(struct pl_parse *ps, struct xm_udp_payload *p, const char *key,
			  const char *val)
{
	char *end;
	unsigned long v;
	int k;

	if (!strcmp(key, "source-port")) {
		v = strtoul(val, &end, 10);
		if (!*val || *end || !v || v > 65535)
			return pl_fail(ps, "bad source-port '%s' (1-65535)", val);
		p->sport = (uint16_t)v;
		return 0;
	}
	if (strcmp(key, "cookie"))
		return pl_fail(ps, "unknown word '%s' (source-port N, cookie KIND)", key);
	for (k = 1; k < XM_UDP_COOKIE_MAX; k++) {
		size_t n = strlen(cookie_names[k]);
		bool at = k == XM_UDP_COOKIE_ECHO16 || k == XM_UDP_COOKIE_ECHO32;

		if (strncmp(val, cookie_names[k], n) || (at ? val[n] != '@' : val[n] != '\0'))
			continue;
		p->cookie = (uint8_t)k;
		if (!at)
			return 0;
		v = strtoul(val + n + 1, &end, 10);
		if (!val[n + 1] || *end || v > 255)
			return pl_fail(ps, "bad cookie offset in '%s' (0-255)", val);
		p->cookie_off = (uint16_t)v;
		return 0;
	}
	return pl_fail(ps, "unknown cookie '%s' (echo16@OFFSET, echo32@OFFSET, ntp, snmp)", val);
}

/* "payload NAME ports LIST [source-port N] [cookie KIND]": a new payload starts. */
static int payload_line(struct pl_parse *ps, const char *s)
{
	char name[64], key[32], list[512], val[32];
	struct xm_udp_payload *p, *v;

	if (close_payload(ps))
		return -1;
	if (!next_word(&s, name, sizeof(name)) || strlen(name) >= sizeof(p->name))
		return pl_fail(ps, "'payload' needs a name of 1-%zu characters",
			       sizeof(p->name) - 1);
	if (!next_word(&s, key, sizeof(key)) || strcmp(key, "ports") ||
	    !next_word(&s, list, sizeof(list)))
		return pl_fail(ps, "'payload %s' needs 'ports LIST' next", name);
	v = realloc(ps->db->v, (ps->db->n + 1) * sizeof(*v));
	if (!v)
		return pl_fail(ps, "out of memory");
	ps->db->v = v;
	p = &v[ps->db->n++];
	*p = (struct xm_udp_payload){ 0 };
	snprintf(p->name, sizeof(p->name), "%s", name);
	ps->cur = p;
	ps->n = 0;
	ps->cur_line = ps->line;
	if (assign_ports(ps, list, (uint16_t)ps->db->n))
		return -1;
	while (next_word(&s, key, sizeof(key))) {
		if (!next_word(&s, val, sizeof(val)))
			return pl_fail(ps, "'%s' needs a value", key);
		if (payload_option(ps, p, key, val))
			return -1;
	}
	return 0;
}

/* One line (NUL-terminated, no newline). */
static int one_line(struct pl_parse *ps, const char *s)
{
	const char *t = s + strspn(s, " \t");

	if (!*t || *t == '#')
		return 0;
	if (t != s)
		return body_line(ps, t, t + strlen(t));
	if (!strncmp(s, "payload", 7) && (s[7] == ' ' || s[7] == '\t'))
		return payload_line(ps, s + 8);
	return pl_fail(ps, "unknown line '%.20s' ('payload ...', an indented body, or '#')", s);
}

/*
 * The XDP program knows one source port and cookie per port: a port's two
 * payloads must agree on both.
 */
static int check_alternates(struct pl_parse *ps)
{
	const struct xm_udp_payloads *db = ps->db;
	uint32_t port;

	for (port = 0; port < XM_UDP_PORTS; port++) {
		const struct xm_udp_payload *a, *b;

		if (!db->alt_by_port[port])
			continue;
		a = &db->v[db->by_port[port] - 1];
		b = &db->v[db->alt_by_port[port] - 1];
		if (a->cookie != b->cookie || a->cookie_off != b->cookie_off ||
		    a->sport != b->sport) {
			snprintf(ps->err, ps->errlen, "%s: payloads '%s' and '%s' of port %u differ "
				 "in cookie or source-port", ps->path, a->name, b->name, port);
			return -1;
		}
	}
	return 0;
}

int xm_udp_payloads_parse(struct xm_udp_payloads *db, const char *text, size_t len,
			  const char *path, char *err, size_t errlen)
{
	struct pl_parse *ps = calloc(1, sizeof(*ps));
	const char *s = text, *end = text + len;
	char line[4096];
	int rc = -1;

	*db = (struct xm_udp_payloads){ .by_port = calloc(XM_UDP_PORTS, sizeof(uint16_t)),
					.alt_by_port = calloc(XM_UDP_PORTS, sizeof(uint16_t)) };
	if (!ps || !db->by_port || !db->alt_by_port) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(ps);
		return -1;
	}
	*ps = (struct pl_parse){ .db = db, .path = path, .err = err, .errlen = errlen };
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);

		ps->line++;
		if (n >= sizeof(line)) {
			pl_fail(ps, "line longer than %zu bytes", sizeof(line) - 1);
			goto out;
		}
		if (memchr(s, '\0', n)) {
			pl_fail(ps, "a NUL byte in the line");
			goto out;
		}
		memcpy(line, s, n);
		line[n - (n && line[n - 1] == '\r')] = '\0';
		if (one_line(ps, line))
			goto out;
		s = nl ? nl + 1 : end;
	}
	rc = close_payload(ps) || check_alternates(ps) ? -1 : 0;
out:
	if (rc)
		xm_udp_payloads_free(db);
	free(ps);
	return rc;
}

/* The largest payload file read (the shipped one is a few KiB). */
#define XM_UDP_PAYLOADS_MAX (16u << 20)

int xm_udp_payloads_load(struct xm_udp_payloads *db, const char *path, char *err,
			 size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	*db = (struct xm_udp_payloads){ 0 };
	if (xm_read_file(path, XM_UDP_PAYLOADS_MAX, &text, &len, err, errlen))
		return -1;
	rc = xm_udp_payloads_parse(db, text, len, path, err, errlen);
	free(text);
	return rc;
}

const char *xm_udp_payloads_default_path(char *buf, size_t len)
{
	return xm_data_path("udp-payloads", "XDPMAP_UDP_PAYLOADS", buf, len);
}

void xm_udp_payloads_free(struct xm_udp_payloads *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		free(db->v[i].data);
	free(db->v);
	free(db->by_port);
	free(db->alt_by_port);
	*db = (struct xm_udp_payloads){ 0 };
}

void xm_udp_payload_raw(struct xm_udp_payload *p, const uint8_t *data, size_t len)
{
	*p = (struct xm_udp_payload){ .data = (uint8_t *)data, .len = (uint16_t)len };
	snprintf(p->name, sizeof(p->name), "%s", "data");
	p->sum = xm_csum_add(0, data, len);
}

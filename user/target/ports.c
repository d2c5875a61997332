// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Port list parsing (nmap -p syntax). */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ports.h"

/* Parse a decimal port 0-65535 of exactly 'len' characters. */
static int parse_port(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v > 65535)
		return -1;
	*out = v;
	return 0;
}

static int is_name(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return len && !isdigit((unsigned char)s[0]) && s[0] != '-';
}

static int item_by_name(const char *s, size_t len, uint8_t *bits)
{
	char name[64];
	struct servent *se;

	if (len >= sizeof(name))
		return -1;
	memcpy(name, s, len);
	name[len] = '\0';
	se = getservbyname(name, "tcp");
	if (!se)
		return -1;
	bits[ntohs((uint16_t)se->s_port) / 8] |= (uint8_t)(1u << (ntohs((uint16_t)se->s_port) % 8));
	return 0;
}

/* One item: N, N-M, -M, N-, -, or a service name. Returns -2 for a reversed range. */
static int parse_item(const char *s, size_t len, uint8_t *bits)
{
	const char *dash = memchr(s, '-', len);
	uint32_t lo = 1, hi = 65535, v;

	if (is_name(s, len))
		return item_by_name(s, len, bits);
	if (!dash) {
		if (parse_port(s, len, &lo))
			return -1;
		hi = lo;
	} else {
		if (dash > s && parse_port(s, (size_t)(dash - s), &lo))
			return -1;
		if ((size_t)(dash - s) + 1 < len &&
		    parse_port(dash + 1, len - (size_t)(dash - s) - 1, &hi))
			return -1;
		if (lo > hi)
			return -2;
	}
	for (v = lo; v <= hi; v++)
		bits[v / 8] |= (uint8_t)(1u << (v % 8));
	return 0;
}

static void item_error(int rc, const char *s, size_t len, char *err, size_t errlen)
{
	if (rc == -2)
		snprintf(err, errlen, "reversed port range '%.*s'", (int)len, s);
	else if (is_name(s, len))
		snprintf(err, errlen, "unknown service name '%.*s' in port list",
			 (int)len, s);
	else
		snprintf(err, errlen, "invalid port '%.*s' (ports are 0-65535)",
			 (int)len, s);
}

/* The protocol part a prefix at s starts ("T:" or "U:"), or -1 when none. */
static int prefix_at(const char *s, const char *end)
{
	if (end - s < 2 || s[1] != ':')
		return -1;
	if (s[0] == 'T')
		return XM_PORTS_TCP;
	if (s[0] == 'U')
		return XM_PORTS_UDP;
	return -1;
}

int xm_ports_prefixes(const char *spec)
{
	const char *s = spec, *end = spec + strlen(spec);
	int got = 0;

	while (s < end) {
		const char *comma;
		int pre = prefix_at(s, end);

		got |= pre > 0 ? pre : 0;
		comma = memchr(s, ',', (size_t)(end - s));
		s = comma ? comma + 1 : end;
	}
	return got;
}

/* Both bitmaps of a -p list: [0] TCP, [1] UDP. */
struct port_bits {
	uint8_t b[2][8192];
};

/* One comma-separated item (after any prefix) into the bitmaps 'into' names. */
static int parse_one(const char *s, size_t len, int into, struct port_bits *pb, char *err,
		     size_t errlen)
{
	uint8_t tmp[8192] = { 0 };
	int rc = parse_item(s, len, tmp), k;
	size_t i;

	if (rc) {
		item_error(rc, s, len, err, errlen);
		return -1;
	}
	for (k = 0; k < 2; k++)
		if (into & (1 << k))
			for (i = 0; i < sizeof(tmp); i++)
				pb->b[k][i] |= tmp[i];
	return 0;
}

static int parse_spec(const char *spec, int want, struct port_bits *pb, char *err,
		      size_t errlen)
{
	const char *s = spec, *end = spec + strlen(spec);
	int into = want;

	if (s == end) {
		snprintf(err, errlen, "empty port list");
		return -1;
	}
	while (s < end) {
		const char *comma;
		int pre = prefix_at(s, end);
		size_t len;

		if (pre > 0) {
			into = pre;
			s += 2;
		}
		comma = memchr(s, ',', (size_t)(end - s));
		len = (size_t)((comma ? comma : end) - s);
		if (pre > 0 && !len) {
			snprintf(err, errlen, "empty port list after '%c:' in '%s'", s[-2],
				 spec);
			return -1;
		}
		if (parse_one(s, len, into, pb, err, errlen))
			return -1;
		if (comma && comma + 1 == end) {
			item_error(-1, s, (size_t)(end - s), err, errlen);
			return -1;
		}
		s = comma ? comma + 1 : end;
	}
	return 0;
}

/* Append the ports set in bits to out->v[out->n ...]; returns how many. */
static size_t append_bits(const uint8_t *bits, struct xm_ports *out)
{
	size_t before = out->n;
	uint32_t v;

	for (v = 0; v < 65536; v++)
		if ((bits[v / 8] >> (v % 8)) & 1)
			out->v[out->n++] = (uint16_t)v;
	return out->n - before;
}

static size_t count_bits(const uint8_t *bits)
{
	size_t n = 0, i;

	for (i = 0; i < 8192; i++)
		n += (size_t)__builtin_popcount(bits[i]);
	return n;
}

/* The TCP part, then the UDP part, of the protocols wanted. */
static int bits_to_ports(struct port_bits *pb, int want, struct xm_ports *out)
{
	size_t n = 0;

	if (!(want & XM_PORTS_TCP))
		memset(pb->b[0], 0, sizeof(pb->b[0]));
	if (!(want & XM_PORTS_UDP))
		memset(pb->b[1], 0, sizeof(pb->b[1]));
	n = count_bits(pb->b[0]) + count_bits(pb->b[1]);
	out->v = malloc((n ? n : 1) * sizeof(*out->v));
	if (!out->v)
		return -1;
	out->n = 0;
	out->proto = want == XM_PORTS_UDP ? IPPROTO_UDP : IPPROTO_TCP;
	append_bits(pb->b[0], out);
	out->n_udp = append_bits(pb->b[1], out);
	return 0;
}

int xm_parse_ports_for(const char *spec, enum xm_ports_want want, struct xm_ports *out,
		       char *err, size_t errlen)
{
	struct port_bits *pb = calloc(1, sizeof(*pb));
	int rc = -1;

	if (!pb) {
		snprintf(err, errlen, "out of memory for the port list");
		return -1;
	}
	if (!parse_spec(spec, (int)want, pb, err, errlen)) {
		rc = bits_to_ports(pb, (int)want, out);
		if (rc)
			snprintf(err, errlen, "out of memory for the port list");
	}
	if (!rc && !out->n) {
		snprintf(err, errlen, "port list '%s' has no %s port (%s)", spec,
			 want == XM_PORTS_UDP ? "UDP" : "TCP",
			 want == XM_PORTS_UDP ? "T: ports need -sS or -sT" : "U: ports need -sU");
		xm_ports_free(out);
		rc = -1;
	}
	free(pb);
	return rc;
}

int xm_parse_ports(const char *spec, struct xm_ports *out, char *err,
		   size_t errlen)
{
	return xm_parse_ports_for(spec, XM_PORTS_TCP, out, err, errlen);
}

int xm_ports_default(struct xm_ports *out)
{
	out->v = malloc(xm_default_ports_count * sizeof(*out->v));
	if (!out->v)
		return -1;
	memcpy(out->v, xm_default_ports, xm_default_ports_count * sizeof(*out->v));
	out->n = xm_default_ports_count;
	out->proto = IPPROTO_TCP;
	out->n_udp = 0;
	return 0;
}

int xm_ports_copy_for(const uint16_t *v, size_t n, enum xm_ports_want want, struct xm_ports *out)
{
	size_t k = want == XM_PORTS_BOTH ? 2 : 1;

	out->v = malloc(k * n * sizeof(*out->v));
	if (!out->v)
		return -1;
	memcpy(out->v, v, n * sizeof(*out->v));
	if (k == 2)
		memcpy(out->v + n, v, n * sizeof(*out->v));
	out->n = k * n;
	out->proto = want == XM_PORTS_UDP ? IPPROTO_UDP : IPPROTO_TCP;
	out->n_udp = want == XM_PORTS_TCP ? 0 : n;
	return 0;
}

int xm_ports_default_for(enum xm_ports_want want, struct xm_ports *out)
{
	return xm_ports_copy_for(xm_default_ports, xm_default_ports_count, want, out);
}

int xm_parse_port_range(const char *spec, uint16_t *lo, uint16_t *hi)
{
	const char *dash = strchr(spec, '-');
	uint32_t a, b;

	if (!dash || parse_port(spec, (size_t)(dash - spec), &a) ||
	    parse_port(dash + 1, strlen(dash + 1), &b) || a == 0 || a > b)
		return -1;
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
}

void xm_ports_free(struct xm_ports *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
	p->n_udp = 0;
}

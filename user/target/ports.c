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

static int bits_to_list(const uint8_t *bits, struct xm_ports *out)
{
	size_t n = 0;
	uint32_t v;

	for (v = 0; v < 65536; v++)
		n += (bits[v / 8] >> (v % 8)) & 1;
	out->v = malloc((n ? n : 1) * sizeof(*out->v));
	if (!out->v)
		return -1;
	out->n = 0;
	for (v = 0; v < 65536; v++)
		if ((bits[v / 8] >> (v % 8)) & 1)
			out->v[out->n++] = (uint16_t)v;
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

int xm_parse_ports(const char *spec, struct xm_ports *out, char *err,
		   size_t errlen)
{
	uint8_t bits[8192] = { 0 };
	const char *s = spec, *end;

	if (!strncmp(s, "T:", 2))
		s += 2;
	end = s + strlen(s);
	if (s == end) {
		snprintf(err, errlen, "empty port list");
		return -1;
	}
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t len = (size_t)((comma ? comma : end) - s);
		int rc = parse_item(s, len, bits);

		if (rc || (comma && comma + 1 == end)) {
			item_error(rc ? rc : -1, s, rc ? len : (size_t)(end - s), err, errlen);
			return -1;
		}
		s = comma ? comma + 1 : end;
	}
	if (bits_to_list(bits, out)) {
		snprintf(err, errlen, "out of memory for the port list");
		return -1;
	}
	out->proto = IPPROTO_TCP;
	return 0;
}

int xm_ports_default(struct xm_ports *out)
{
	out->v = malloc(xm_default_ports_count * sizeof(*out->v));
	if (!out->v)
		return -1;
	memcpy(out->v, xm_default_ports, xm_default_ports_count * sizeof(*out->v));
	out->n = xm_default_ports_count;
	out->proto = IPPROTO_TCP;
	return 0;
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
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* IPv6 target specs into ranges under one /96 each (the upper 96 bits shared). */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include "targets_ipv6.h"

typedef unsigned __int128 u128;

static u128 addr_u128(const struct in6_addr *a)
{
	u128 v = 0;
	int i;

	for (i = 0; i < 16; i++)
		v = v << 8 | a->s6_addr[i];
	return v;
}

/* Push [lo, hi] (hi - lo < 2^32), cut where the upper 96 bits change. */
static int push_span(struct xm_ranges *out, u128 lo, u128 hi, const char *spec, char *err,
		     size_t errlen)
{
	while (lo <= hi) {
		u128 block_end = lo | 0xffffffffu;
		u128 end = hi < block_end ? hi : block_end;
		uint32_t net[3] = { (uint32_t)(lo >> 96), (uint32_t)(lo >> 64),
				    (uint32_t)(lo >> 32) };

		if (xm_ranges_push6(out, net, (uint32_t)lo, (uint32_t)end)) {
			snprintf(err, errlen, "out of memory for target '%s'", spec);
			return -1;
		}
		if (end == hi)
			break;
		lo = end + 1;
	}
	return 0;
}

static int literal(const char *s, struct in6_addr *a, const char *spec, char *err, size_t errlen)
{
	if (inet_pton(AF_INET6, s, a) != 1) {
		snprintf(err, errlen, "invalid IPv6 address '%s' in '%s'", s, spec);
		return -1;
	}
	if (IN6_IS_ADDR_V4MAPPED(a)) {
		snprintf(err, errlen, "IPv4-mapped address '%s': give it in IPv4 form (without -6)",
			 s);
		return -1;
	}
	return 0;
}

/* A literal, or a name's first AAAA record. */
static int address(const char *s, struct in6_addr *a, const char *spec, char *err,
		   size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_INET6 }, *res;
	int rc;

	if (strchr(s, ':'))
		return literal(s, a, spec, err, errlen);
	rc = getaddrinfo(s, NULL, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "cannot resolve host name '%s' to an IPv6 address: %s", s,
			 gai_strerror(rc));
		return -1;
	}
	*a = ((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
	freeaddrinfo(res);
	return 0;
}

static int prefix(const char *spec, const char *slash, struct xm_ranges *out, char *err,
		  size_t errlen)
{
	char base[256];
	size_t blen = (size_t)(slash - spec), dlen = strlen(slash + 1);
	unsigned plen = 0;
	struct in6_addr a;
	u128 mask, v;
	size_t i;

	for (i = 0; i < dlen && i < 4 && isdigit((unsigned char)slash[1 + i]); i++)
		plen = plen * 10 + (unsigned)(slash[1 + i] - '0');
	if (!dlen || i != dlen || plen > 128) {
		snprintf(err, errlen, "invalid IPv6 prefix length '%s' in '%s' (0-128)", slash,
			 spec);
		return -1;
	}
	if (plen < 96) {
		snprintf(err, errlen, "IPv6 prefix '%s' holds 2^%u addresses: at most 2^32 (/96 or "
			 "longer) can be scanned", spec, 128 - plen);
		return -1;
	}
	if (!blen || blen >= sizeof(base)) {
		snprintf(err, errlen, "invalid target '%s'", spec);
		return -1;
	}
	memcpy(base, spec, blen);
	base[blen] = '\0';
	if (address(base, &a, spec, err, errlen))
		return -1;
	mask = plen == 128 ? ~(u128)0 : ~(((u128)1 << (128 - plen)) - 1);
	v = addr_u128(&a) & mask;
	return push_span(out, v, v | ~mask, spec, err, errlen);
}

/* "A-B" with two IPv6 literals: 1 if it is one (pushed), 0 if not, -1 on error. */
static int range(const char *spec, struct xm_ranges *out, char *err, size_t errlen)
{
	const char *dash = strchr(spec, '-');
	char left[INET6_ADDRSTRLEN];
	struct in6_addr a, b;
	u128 lo, hi;

	if (!dash || (size_t)(dash - spec) >= sizeof(left))
		return 0;
	memcpy(left, spec, (size_t)(dash - spec));
	left[dash - spec] = '\0';
	if (!strchr(left, ':') || !strchr(dash + 1, ':'))
		return 0;
	if (literal(left, &a, spec, err, errlen) || literal(dash + 1, &b, spec, err, errlen))
		return -1;
	lo = addr_u128(&a);
	hi = addr_u128(&b);
	if (lo > hi) {
		snprintf(err, errlen, "reversed address range '%s'", spec);
		return -1;
	}
	if (hi - lo >= XM_IPV6_SPAN_MAX) {
		snprintf(err, errlen, "IPv6 range '%s' holds more than 2^32 addresses", spec);
		return -1;
	}
	return push_span(out, lo, hi, spec, err, errlen) ? -1 : 1;
}

int xm_parse_target6(const char *spec, struct xm_ranges *out, char *err, size_t errlen)
{
	const char *slash = strchr(spec, '/');
	struct in6_addr a;
	int rc;

	if (slash)
		return prefix(spec, slash, out, err, errlen);
	rc = range(spec, out, err, errlen);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (address(spec, &a, spec, err, errlen))
		return -1;
	return push_span(out, addr_u128(&a), addr_u128(&a), spec, err, errlen);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Neutral addresses and L4 protocols: the one place that turns them into text and sockets. */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include "addr.h"

int xm_family_af(uint8_t family)
{
	switch (family) {
	case XM_FAMILY_IPV4: return AF_INET;
	case XM_FAMILY_IPV6: return AF_INET6;
	}
	return AF_UNSPEC;
}

const char *xm_family_name(uint8_t family)
{
	switch (family) {
	case XM_FAMILY_IPV4: return "ipv4";
	case XM_FAMILY_IPV6: return "ipv6";
	}
	return "unknown";
}

void xm_addr_str(uint8_t family, const struct xm_addr *a, char *buf, size_t len)
{
	const void *src = family == XM_FAMILY_IPV4 ? (const void *)&a->w[3] : a->b;
	int af = xm_family_af(family);

	if (!len)
		return;
	if (af == AF_UNSPEC || !inet_ntop(af, src, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

int xm_addr_cmp(uint8_t fa, const struct xm_addr *a, uint8_t fb, const struct xm_addr *b)
{
	if (fa != fb)
		return fa < fb ? -1 : 1;
	return memcmp(a->b, b->b, sizeof(a->b));
}

socklen_t xm_addr_sockaddr(uint8_t family, const struct xm_addr *a, uint16_t port,
			   struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == XM_FAMILY_IPV4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = xm_addr_ipv4(a);
		return sizeof(*sin);
	}
	if (family == XM_FAMILY_IPV6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->b, sizeof(a->b));
		return sizeof(*sin6);
	}
	return 0;
}

const char *xm_proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_SCTP: return "sctp";
	}
	return "ip";
}

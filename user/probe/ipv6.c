// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Ethernet, IPv6, TCP and ICMPv6 template headers for the IPv6 probe modules. */
#include <netinet/in.h>
#include <string.h>
#include "ipv6.h"

void xm_ipv6_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t nexthdr,
		  size_t l4_len, uint8_t hop_limit)
{
	uint8_t *ip = t->bytes + XM_ETH_LEN;

	memset(t, 0, sizeof(*t));
	memcpy(t->bytes, src->dst_mac, 6);
	memcpy(t->bytes + 6, src->src_mac, 6);
	xm_put16(t->bytes + 12, ETHERTYPE_IPV6);
	ip[0] = 0x60;
	xm_put16(ip + 4, (uint16_t)l4_len);
	ip[6] = nexthdr;
	ip[7] = hop_limit;
	memcpy(ip + 8, src->saddr6, 16);
	/* the pseudo-header (RFC 8200 8.1) but for the destination: source, length, next header */
	t->l4_base_sum = xm_csum_addr6(src->saddr6) + (uint32_t)l4_len + nexthdr;
	t->len = (uint16_t)(XM_L4_OFF6 + l4_len);
}

void xm_tcp6_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t flags,
		  bool mss)
{
	size_t len = mss ? XM_TCP_LEN : 20;
	uint8_t *tcp = t->bytes + XM_L4_OFF6;

	xm_ipv6_tmpl(t, src, IPPROTO_TCP, len, 64);
	tcp[12] = (uint8_t)((len / 4) << 4);
	tcp[13] = flags;
	xm_put16(tcp + 14, 1024); /* window */
	if (mss) {
		tcp[20] = 2; /* kind MSS, length 4, 1440 (1500 less 60 bytes of headers) */
		tcp[21] = 4;
		xm_put16(tcp + 22, 1440);
	}
	t->l4_base_sum = xm_csum_add(t->l4_base_sum, tcp, len);
}

void xm_icmp6_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t type,
		   size_t l4_len)
{
	uint8_t *icmp = t->bytes + XM_L4_OFF6;

	xm_ipv6_tmpl(t, src, IPPROTO_ICMPV6, l4_len, 64);
	icmp[0] = type;
	t->l4_base_sum = xm_csum_add(t->l4_base_sum, icmp, l4_len);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Ethernet, IPv4, TCP and ICMP template headers for the IPv4 probe modules. */
#include <net/ethernet.h>
#include <netinet/in.h>
#include <string.h>
#include "ipv4.h"

void xm_ipv4_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t proto,
		  size_t l4_len)
{
	uint8_t *ip = t->bytes + XM_ETH_LEN;

	memset(t, 0, sizeof(*t));
	memcpy(t->bytes, src->dst_mac, 6);
	memcpy(t->bytes + 6, src->src_mac, 6);
	xm_put16(t->bytes + 12, ETHERTYPE_IP);
	ip[0] = 0x45;
	xm_put16(ip + 2, (uint16_t)(XM_IP_LEN + l4_len));
	ip[8] = 64; /* TTL */
	ip[9] = proto;
	xm_put32(ip + 12, src->saddr);
	t->ip_base_sum = xm_csum_add(0, ip, XM_IP_LEN);
	t->len = (uint16_t)(XM_L4_OFF + l4_len);
}

void xm_tcp4_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t flags,
		  bool mss)
{
	size_t len = mss ? XM_TCP_LEN : 20;
	uint8_t *tcp = t->bytes + XM_L4_OFF, pseudo[12] = { 0 };

	xm_ipv4_tmpl(t, src, IPPROTO_TCP, len);
	tcp[12] = (uint8_t)((len / 4) << 4);
	tcp[13] = flags;
	xm_put16(tcp + 14, 1024); /* window */
	if (mss) {
		tcp[20] = 2; /* kind MSS, length 4, 1460 */
		tcp[21] = 4;
		xm_put16(tcp + 22, 1460);
	}
	xm_put32(pseudo, src->saddr);
	pseudo[9] = IPPROTO_TCP;
	xm_put16(pseudo + 10, (uint16_t)len);
	t->l4_base_sum = xm_csum_add(xm_csum_add(0, pseudo, sizeof(pseudo)), tcp, len);
}

void xm_icmp4_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t type,
		   size_t l4_len)
{
	uint8_t *icmp = t->bytes + XM_L4_OFF;

	xm_ipv4_tmpl(t, src, IPPROTO_ICMP, l4_len);
	icmp[0] = type;
	t->l4_base_sum = xm_csum_add(0, icmp, l4_len);
}

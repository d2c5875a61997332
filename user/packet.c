// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* SYN probe template and per-probe patching (masscan's template idea). */
#include <string.h>
#include "packet.h"

#define IP_OFF XM_ETH_LEN
#define TCP_OFF (XM_ETH_LEN + XM_IP_LEN)

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

uint32_t xm_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)data[i] << 8 | data[i + 1];
	if (len & 1)
		sum += (uint32_t)data[len - 1] << 8;
	return sum;
}

uint16_t xm_csum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void build_ip(uint8_t *ip, uint32_t saddr)
{
	ip[0] = 0x45;
	put16(ip + 2, XM_IP_LEN + XM_TCP_LEN);
	ip[8] = 64; /* TTL */
	ip[9] = 6;  /* TCP */
	put32(ip + 12, saddr);
}

static void build_tcp(uint8_t *tcp)
{
	tcp[12] = (XM_TCP_LEN / 4) << 4;
	tcp[13] = 0x02; /* SYN */
	put16(tcp + 14, 1024);
	tcp[20] = 2; /* MSS option, length 4, 1460 */
	tcp[21] = 4;
	put16(tcp + 22, 1460);
}

void xm_tmpl_init(struct xm_probe_tmpl *t, const uint8_t src_mac[6],
		  const uint8_t dst_mac[6], uint32_t saddr)
{
	uint8_t pseudo[12] = { 0 };

	memset(t, 0, sizeof(*t));
	memcpy(t->bytes, dst_mac, 6);
	memcpy(t->bytes + 6, src_mac, 6);
	put16(t->bytes + 12, 0x0800);
	build_ip(t->bytes + IP_OFF, saddr);
	build_tcp(t->bytes + TCP_OFF);
	t->ip_base_sum = xm_csum_add(0, t->bytes + IP_OFF, XM_IP_LEN);
	put32(pseudo, saddr);
	pseudo[9] = 6;
	put16(pseudo + 10, XM_TCP_LEN);
	t->tcp_base_sum = xm_csum_add(xm_csum_add(0, pseudo, sizeof(pseudo)),
				      t->bytes + TCP_OFF, XM_TCP_LEN);
}

void xm_tmpl_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
		   const struct xm_probe *p)
{
	uint8_t *ip = frame + IP_OFF, *tcp = frame + TCP_OFF;
	uint32_t daddr_sum = (p->daddr >> 16) + (p->daddr & 0xffff);
	uint32_t ip_sum = t->ip_base_sum + daddr_sum + p->ip_id;
	uint32_t tcp_sum = t->tcp_base_sum + daddr_sum + p->sport + p->dport +
			   (p->seq >> 16) + (p->seq & 0xffff);

	put16(ip + 4, p->ip_id);
	put32(ip + 16, p->daddr);
	put16(ip + 10, xm_csum_finish(ip_sum));
	put16(tcp, p->sport);
	put16(tcp + 2, p->dport);
	put32(tcp + 4, p->seq);
	put16(tcp + 16, xm_csum_finish(tcp_sum));
}

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
	memcpy(t->src_mac, src_mac, 6);
	memcpy(t->dst_mac, dst_mac, 6);
	t->saddr = saddr;
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

static size_t build_eth(const struct xm_probe_tmpl *t, uint8_t *f,
			const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, t->src_mac, 6);
	put16(f + 12, type);
	return XM_ETH_LEN;
}

/* IPv4 header for 'payload' bytes of protocol 'proto', checksum included. */
static void build_ipv4(const struct xm_probe_tmpl *t, uint8_t *ip,
		       const struct xm_probe *p, uint8_t proto, size_t payload)
{
	memset(ip, 0, XM_IP_LEN);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(XM_IP_LEN + payload));
	put16(ip + 4, p->ip_id);
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, t->saddr);
	put32(ip + 16, p->daddr);
	put16(ip + 10, xm_csum_finish(xm_csum_add(0, ip, XM_IP_LEN)));
}

/* Discovery SYN (with MSS, as the port scan's) or ACK (seq = ack = cookie). */
static size_t build_tcp_probe(const struct xm_probe_tmpl *t, uint8_t *f,
			      const struct xm_probe *p)
{
	uint8_t *tcp = f + XM_ETH_LEN + XM_IP_LEN, pseudo[12] = { 0 };
	int syn = p->kind == XM_PROBE_DSYN;
	size_t len = syn ? XM_TCP_LEN : 20;

	build_eth(t, f, t->dst_mac, 0x0800);
	build_ipv4(t, f + XM_ETH_LEN, p, 6, len);
	memset(tcp, 0, len);
	put16(tcp, p->sport);
	put16(tcp + 2, p->dport);
	put32(tcp + 4, p->seq);
	put32(tcp + 8, syn ? 0 : p->seq);
	tcp[12] = (uint8_t)((len / 4) << 4);
	tcp[13] = syn ? 0x02 : 0x10;
	put16(tcp + 14, 1024);
	if (syn) {
		tcp[20] = 2;
		tcp[21] = 4;
		put16(tcp + 22, 1460);
	}
	put32(pseudo, t->saddr);
	put32(pseudo + 4, p->daddr);
	pseudo[9] = 6;
	put16(pseudo + 10, (uint16_t)len);
	put16(tcp + 16, xm_csum_finish(xm_csum_add(xm_csum_add(0, pseudo, 12), tcp, len)));
	return XM_ETH_LEN + XM_IP_LEN + len;
}

/* ICMP echo (8 bytes, no data, as nmap's) or timestamp request (20 bytes). */
static size_t build_icmp_probe(const struct xm_probe_tmpl *t, uint8_t *f,
			       const struct xm_probe *p)
{
	uint8_t *icmp = f + XM_ETH_LEN + XM_IP_LEN;
	int echo = p->kind == XM_PROBE_ECHO;
	size_t len = echo ? 8 : 20;

	build_eth(t, f, t->dst_mac, 0x0800);
	build_ipv4(t, f + XM_ETH_LEN, p, 1, len);
	memset(icmp, 0, len);
	icmp[0] = echo ? 8 : 13;
	put32(icmp + 4, p->seq);
	put16(icmp + 2, xm_csum_finish(xm_csum_add(0, icmp, len)));
	return XM_ETH_LEN + XM_IP_LEN + len;
}

/* ARP who-has daddr, tell saddr; Ethernet broadcast. */
static size_t build_arp_probe(const struct xm_probe_tmpl *t, uint8_t *f,
			      const struct xm_probe *p)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t *arp = f + XM_ETH_LEN;

	build_eth(t, f, bcast, 0x0806);
	put16(arp, 1);
	put16(arp + 2, 0x0800);
	arp[4] = 6;
	arp[5] = 4;
	put16(arp + 6, 1);
	memcpy(arp + 8, t->src_mac, 6);
	put32(arp + 14, t->saddr);
	memset(arp + 18, 0, 6);
	put32(arp + 24, p->daddr);
	return XM_ETH_LEN + 28;
}

size_t xm_build_discovery(const struct xm_probe_tmpl *t, uint8_t *frame,
			  const struct xm_probe *p)
{
	switch (p->kind) {
	case XM_PROBE_DSYN:
	case XM_PROBE_DACK:
		return build_tcp_probe(t, frame, p);
	case XM_PROBE_ECHO:
	case XM_PROBE_TIMESTAMP:
		return build_icmp_probe(t, frame, p);
	case XM_PROBE_ARP:
		return build_arp_probe(t, frame, p);
	}
	return 0;
}

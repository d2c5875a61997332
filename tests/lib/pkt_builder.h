/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Tiny Ethernet/IPv4/TCP/ICMP/IPv6/ARP frame builder with real checksums, for tests/test_bpf.c. */
#ifndef XDPMAP_PKT_BUILDER_H
#define XDPMAP_PKT_BUILDER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

#define PB_ETH_LEN 14
#define PB_IP_LEN 20
#define PB_TCP_LEN 20
#define PB_ICMP_LEN 8
#define PB_IP6_LEN 40
#define PB_ARP_LEN 28

#define PB_ETH_P_IP 0x0800
#define PB_ETH_P_ARP 0x0806
#define PB_ETH_P_IPV6 0x86dd

#define PB_FIN 0x01
#define PB_SYN 0x02
#define PB_RST 0x04
#define PB_PSH 0x08
#define PB_ACK 0x10

#define PB_IP_MF 0x2000

/* IPv4 header fields; addresses in network order, the rest in host order. */
struct pb_ip {
	__u32 saddr;
	__u32 daddr;
	__u8 proto;
	__u8 ttl;
	__u8 opt_words;	/* 32-bit option words: ihl = 5 + opt_words */
	__u16 frag;	/* flags and fragment offset */
	__u16 id;
};

/* TCP header fields, host order (no options). */
struct pb_tcp {
	__u16 sport;
	__u16 dport;
	__u32 seq;
	__u32 ack;
	__u8 flags;
	__u16 window;
};

static const __u8 pb_mac_us[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const __u8 pb_mac_gw[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

static inline void pb_put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void pb_put32(__u8 *p, __u32 v)
{
	pb_put16(p, v >> 16);
	pb_put16(p + 2, v);
}

/* Ones' complement sum of 16-bit big-endian words, not yet folded. */
static inline __u32 pb_sum(const __u8 *p, size_t len, __u32 sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (__u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (__u32)p[len - 1] << 8;
	return sum;
}

static inline __u16 pb_fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

static inline size_t pb_eth(__u8 *p, __u16 proto)
{
	memcpy(p, pb_mac_us, 6);
	memcpy(p + 6, pb_mac_gw, 6);
	pb_put16(p + 12, proto);
	return PB_ETH_LEN;
}

/* IPv4 header (options: Router Alert, then NOPs) for 'payload' bytes; returns its length. */
static inline size_t pb_ipv4(__u8 *p, const struct pb_ip *ip, size_t payload)
{
	size_t hlen = PB_IP_LEN + 4 * (size_t)ip->opt_words;

	memset(p, 0, hlen);
	p[0] = 0x40 | (__u8)(hlen / 4);
	pb_put16(p + 2, (__u16)(hlen + payload));
	pb_put16(p + 4, ip->id);
	pb_put16(p + 6, ip->frag);
	p[8] = ip->ttl;
	p[9] = ip->proto;
	memcpy(p + 12, &ip->saddr, 4);
	memcpy(p + 16, &ip->daddr, 4);
	if (ip->opt_words) {
		memset(p + PB_IP_LEN, 0x01, hlen - PB_IP_LEN);
		pb_put32(p + PB_IP_LEN, 0x94040000);
	}
	pb_put16(p + 10, pb_fold(pb_sum(p, hlen, 0)));
	return hlen;
}

/* A 20-byte TCP header of t's fields, its checksum zero (the caller's); returns its length. */
static inline size_t pb_tcp_fields(__u8 *p, const struct pb_tcp *t)
{
	memset(p, 0, PB_TCP_LEN);
	pb_put16(p, t->sport);
	pb_put16(p + 2, t->dport);
	pb_put32(p + 4, t->seq);
	pb_put32(p + 8, t->ack);
	p[12] = (PB_TCP_LEN / 4) << 4;
	p[13] = t->flags;
	pb_put16(p + 14, t->window);
	return PB_TCP_LEN;
}

/* TCP header with the checksum over the IPv4 pseudo-header; returns its length. */
static inline size_t pb_tcphdr(__u8 *p, const struct pb_ip *ip,
			       const struct pb_tcp *t)
{
	__u8 pseudo[12] = { 0 };

	pb_tcp_fields(p, t);
	memcpy(pseudo, &ip->saddr, 4);
	memcpy(pseudo + 4, &ip->daddr, 4);
	pseudo[9] = ip->proto;
	pb_put16(pseudo + 10, PB_TCP_LEN);
	pb_put16(p + 16, pb_fold(pb_sum(p, PB_TCP_LEN,
					 pb_sum(pseudo, sizeof(pseudo), 0))));
	return PB_TCP_LEN;
}

/* Ethernet + IPv4 + TCP frame; returns the frame length. */
static inline size_t pb_tcp_frame(__u8 *buf, const struct pb_ip *ip,
				  const struct pb_tcp *t)
{
	size_t n = pb_eth(buf, PB_ETH_P_IP);

	n += pb_ipv4(buf + n, ip, PB_TCP_LEN);
	return n + pb_tcphdr(buf + n, ip, t);
}

/*
 * Ethernet + IPv4 + ICMP error quoting the IPv4 header and first 8 bytes of
 * the TCP segment described by qip/qt (as RFC 792 routers do); returns the
 * frame length. 'rest' is the ICMP header's second word (e.g. next-hop MTU).
 */
static inline size_t pb_icmp_frame(__u8 *buf, const struct pb_ip *ip,
				   __u8 type, __u8 code, __u32 rest,
				   const struct pb_ip *qip,
				   const struct pb_tcp *qt)
{
	__u8 orig[PB_IP_LEN + 40 + PB_TCP_LEN];
	size_t qlen = pb_ipv4(orig, qip, PB_TCP_LEN);
	size_t n = pb_eth(buf, PB_ETH_P_IP);
	__u8 *icmp;

	pb_tcphdr(orig + qlen, qip, qt);
	qlen += 8;
	n += pb_ipv4(buf + n, ip, PB_ICMP_LEN + qlen);
	icmp = buf + n;
	memset(icmp, 0, PB_ICMP_LEN);
	icmp[0] = type;
	icmp[1] = code;
	pb_put32(icmp + 4, rest);
	memcpy(icmp + PB_ICMP_LEN, orig, qlen);
	pb_put16(icmp + 2, pb_fold(pb_sum(icmp, PB_ICMP_LEN + qlen, 0)));
	return n + PB_ICMP_LEN + qlen;
}

/* Ethernet + IPv6 + TCP SYN-ACK-shaped payload (fe80::2 -> fe80::1); returns the frame length. */
static inline size_t pb_ipv6_frame(__u8 *buf)
{
	size_t n = pb_eth(buf, PB_ETH_P_IPV6);
	__u8 *ip6 = buf + n;
	__u8 *tcp = ip6 + PB_IP6_LEN;
	__u32 sum;

	memset(ip6, 0, PB_IP6_LEN + PB_TCP_LEN);
	ip6[0] = 0x60;
	pb_put16(ip6 + 4, PB_TCP_LEN);
	ip6[6] = 6;	/* next header: TCP */
	ip6[7] = 64;
	pb_put16(ip6 + 8, 0xfe80);
	ip6[23] = 2;
	pb_put16(ip6 + 24, 0xfe80);
	ip6[39] = 1;
	pb_put16(tcp, 80);
	pb_put16(tcp + 2, 61000);
	tcp[12] = (PB_TCP_LEN / 4) << 4;
	tcp[13] = PB_SYN | PB_ACK;
	pb_put16(tcp + 14, 64240);
	sum = pb_sum(ip6 + 8, 32, PB_TCP_LEN + 6);
	pb_put16(tcp + 16, pb_fold(pb_sum(tcp, PB_TCP_LEN, sum)));
	return n + PB_IP6_LEN + PB_TCP_LEN;
}

/* Ethernet + ARP request "who has tpa? tell spa" (addresses network order). */
static inline size_t pb_arp_frame(__u8 *buf, __u32 spa, __u32 tpa)
{
	size_t n = pb_eth(buf, PB_ETH_P_ARP);
	__u8 *a = buf + n;

	memset(buf, 0xff, 6);	/* broadcast */
	memset(a, 0, PB_ARP_LEN);
	pb_put16(a, 1);		/* Ethernet */
	pb_put16(a + 2, PB_ETH_P_IP);
	a[4] = 6;
	a[5] = 4;
	pb_put16(a + 6, 1);	/* request */
	memcpy(a + 8, pb_mac_gw, 6);
	memcpy(a + 14, &spa, 4);
	memcpy(a + 24, &tpa, 4);
	return n + PB_ARP_LEN;
}

#endif /* XDPMAP_PKT_BUILDER_H */

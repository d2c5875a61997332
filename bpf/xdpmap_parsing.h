/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Bounds-checked header parsers for the reply catcher; each returns NULL on a short frame. */
#ifndef XDPMAP_PARSING_H
#define XDPMAP_PARSING_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define XM_IP_MF 0x2000
#define XM_IP_OFFSET 0x1fff
#define XM_ICMP_ECHO_REPLY 0
#define XM_ICMP_DEST_UNREACH 3
#define XM_ICMP_ECHO 8
#define XM_ICMP_TIMESTAMP 13
#define XM_ICMP_TIMESTAMP_REPLY 14
#define XM_ARP_REPLY 2

/* ICMP header, declared here: linux/icmp.h drags in libc's socket headers. */
struct xm_icmphdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be32 rest;
};

/* Where the next header starts, and where the frame ends. */
struct hdr_cursor {
	void *pos;
	void *end;
};

/* Ethernet header; advances the cursor past it. */
static __always_inline struct ethhdr *parse_ethhdr(struct hdr_cursor *c)
{
	struct ethhdr *eth = c->pos;

	if ((void *)(eth + 1) > c->end)
		return NULL;
	c->pos = eth + 1;
	return eth;
}

/* An 802.1Q or 802.1ad tag: priority and VLAN id, then the EtherType it wraps. */
struct xm_vlanhdr {
	__be16 tci;
	__be16 proto;
};

#define XM_VLAN_MAX 2
#define XM_ETH_P_8021Q 0x8100
#define XM_ETH_P_8021AD 0x88a8

static __always_inline int proto_is_vlan(__be16 proto)
{
	return proto == bpf_htons(XM_ETH_P_8021Q) || proto == bpf_htons(XM_ETH_P_8021AD);
}

/*
 * Ethernet header and at most XM_VLAN_MAX VLAN tags (802.1Q, or an 802.1ad
 * outer tag over an 802.1Q one); advances the cursor past them and stores
 * the EtherType they carry in *proto. A third tag is not parsed: *proto is
 * then that tag's EtherType, which no caller takes for IPv4 or ARP.
 */
static __always_inline struct ethhdr *parse_eth_vlan(struct hdr_cursor *c, __be16 *proto)
{
	struct ethhdr *eth = parse_ethhdr(c);
	struct xm_vlanhdr *vlan;
	int i;

	if (!eth)
		return NULL;
	*proto = eth->h_proto;
#pragma unroll
	for (i = 0; i < XM_VLAN_MAX; i++) {
		if (!proto_is_vlan(*proto))
			break;
		vlan = c->pos;
		if ((void *)(vlan + 1) > c->end)
			return NULL;
		*proto = vlan->proto;
		c->pos = vlan + 1;
	}
	return eth;
}

/*
 * IPv4 header including its options; advances the cursor past it. Rejects
 * version != 4, ihl < 5 and any fragment (a reply we want is never one).
 */
static __always_inline struct iphdr *parse_iphdr(struct hdr_cursor *c)
{
	struct iphdr *ip = c->pos;
	__u32 len;

	if ((void *)(ip + 1) > c->end)
		return NULL;
	if (ip->version != 4 || ip->ihl < 5)
		return NULL;
	len = ip->ihl * 4;
	if (c->pos + len > c->end)
		return NULL;
	if (ip->frag_off & bpf_htons(XM_IP_MF | XM_IP_OFFSET))
		return NULL;
	c->pos += len;
	return ip;
}

/* Fixed part of the TCP header (options are not needed). */
static __always_inline struct tcphdr *parse_tcphdr(struct hdr_cursor *c)
{
	struct tcphdr *tcp = c->pos;

	if ((void *)(tcp + 1) > c->end)
		return NULL;
	c->pos = tcp + 1;
	return tcp;
}

/* ICMP header (8 bytes); the quoted datagram follows. */
static __always_inline struct xm_icmphdr *parse_icmphdr(struct hdr_cursor *c)
{
	struct xm_icmphdr *icmp = c->pos;

	if ((void *)(icmp + 1) > c->end)
		return NULL;
	c->pos = icmp + 1;
	return icmp;
}

/* The fixed IPv6 header (RFC 8200). */
struct xm_ipv6hdr {
	__be32 ver_tc_flow;
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u8 saddr[16];
	__u8 daddr[16];
};

/* An ARP packet for IPv4 over Ethernet (RFC 826). */
struct xm_arp {
	__be16 htype;
	__be16 ptype;
	__u8 hlen;
	__u8 plen;
	__be16 op;
	__u8 sha[6];
	__be32 spa;
	__u8 tha[6];
	__be32 tpa;
} __attribute__((packed));

static __always_inline struct xm_arp *parse_arp(struct hdr_cursor *c)
{
	struct xm_arp *arp = c->pos;

	if ((void *)(arp + 1) > c->end)
		return NULL;
	c->pos = arp + 1;
	return arp;
}

/* The first 8 bytes of a TCP header quoted in an ICMP error. */
struct quoted_tcp {
	__be16 source;
	__be16 dest;
	__be32 seq;
};

static __always_inline struct quoted_tcp *parse_quoted_tcp(struct hdr_cursor *c)
{
	struct quoted_tcp *q = c->pos;

	if ((void *)(q + 1) > c->end)
		return NULL;
	c->pos = q + 1;
	return q;
}

#endif /* XDPMAP_PARSING_H */

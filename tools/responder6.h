/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The XDP responder's IPv6 range: SYNs and bare ACKs answered as for the IPv4 range. */
#ifndef XDPMAP_RESPONDER6_H
#define XDPMAP_RESPONDER6_H

/*
 * Included by responder.bpf.c after its helpers (count(), tcp_truth(), tcp_rewrite(),
 * swap_mac()). An address cfg.net6::/96 + low is simulated when cfg.has_net6 and low is
 * in the IPv4 range (simnet_in_range): its truth is that of the IPv4 address 'low'.
 */

#define PROTO_IPV6_TCP 6
#define REPLY_HLIM 64

/* The low 32 bits of an address in the packet, host order. */
static __always_inline __u32 low32(const __u8 *a)
{
	return (__u32)a[12] << 24 | (__u32)a[13] << 16 | (__u32)a[14] << 8 | a[15];
}

/* Three 32-bit compares (x86 and arm64 load unaligned words from a packet and the rodata). */
static __always_inline int in_net6(const __u8 *a)
{
	const volatile __u32 *n = (const volatile __u32 *)cfg.net6; /* read, never folded */
	const __u32 *w = (const __u32 *)a;

	return w[0] == n[0] && w[1] == n[1] && w[2] == n[2];
}

/* Addresses swapped, hop limit and payload length set, the TCP checksum whole (20 bytes). */
static __always_inline void ip6_tcp_reply(struct xm_ipv6hdr *ip6, struct tcphdr *tcp)
{
	__u32 *a = (__u32 *)ip6->saddr, *w = (__u32 *)tcp;
	__u64 sum = bpf_htons(PROTO_IPV6_TCP) + bpf_htons(20);
	__u8 tmp[16];
	int i;

	__builtin_memcpy(tmp, ip6->saddr, 16);
	__builtin_memcpy(ip6->saddr, ip6->daddr, 16);
	__builtin_memcpy(ip6->daddr, tmp, 16);
	ip6->ver_tc_flow = bpf_htonl(0x60000000);
	ip6->payload_len = bpf_htons(20);
	ip6->hop_limit = REPLY_HLIM;
	tcp->check = 0;
#pragma unroll
	for (i = 0; i < 8; i++) /* 32-bit words: the 64-bit sum folds to the same 16 bits */
		sum += a[i];
#pragma unroll
	for (i = 0; i < 5; i++)
		sum += w[i];
	sum = (sum & 0xffffffff) + (sum >> 32);
	tcp->check = csum_fold((__u32)sum + (__u32)(sum >> 32));
}

/* SYN -> SYN-ACK / RST-ACK / nothing; bare ACK -> RST unless filtered: tcp_truth(). */
static __always_inline int handle_ip6(struct xdp_md *ctx, struct ethhdr *eth,
				      struct hdr_cursor *c)
{
	struct xm_ipv6hdr *ip6 = c->pos;
	struct tcphdr *tcp = (void *)(ip6 + 1);
	__u32 daddr, peer;
	int verdict, kind, delta;

	if (!cfg.has_net6 || (void *)(ip6 + 1) > c->end || !in_net6(ip6->daddr))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	daddr = low32(ip6->daddr);
	if (!simnet_in_range(&cfg, daddr))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	if (ip6->nexthdr != PROTO_IPV6_TCP || (void *)(tcp + 1) > c->end)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	verdict = tcp_truth(tcp, daddr, &kind);
	if (verdict != SIMNET_REPLY)
		return count(verdict, XDP_DROP);
	peer = low32(ip6->saddr);
	tcp_rewrite(tcp, kind, 20, simnet_isn(&cfg, daddr, bpf_ntohs(tcp->dest), peer,
					      bpf_ntohs(tcp->source)));
	swap_mac(eth);
	ip6_tcp_reply(ip6, tcp);
	delta = (int)(sizeof(*eth) + sizeof(*ip6) + 20) - (int)(c->end - (void *)eth);
	if (delta < 0 && bpf_xdp_adjust_tail(ctx, delta))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	return count(kind == REPLY_SYNACK ? SIMNET_CNT_SYNACK :
		     kind == REPLY_RSTACK ? SIMNET_CNT_RST : SIMNET_CNT_ACK_RST, XDP_TX);
}

#endif /* XDPMAP_RESPONDER6_H */

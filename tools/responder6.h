/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The XDP responder's IPv6 range: TCP and UDP probes answered as for the IPv4 range. */
#ifndef XDPMAP_RESPONDER6_H
#define XDPMAP_RESPONDER6_H

/*
 * Included by responder.bpf.c after its helpers (count(), tcp_truth(), tcp_rewrite(),
 * udp_truth(), udp_make_answer(), swap_mac(), csum_fold()). An address cfg.net6::/96 + low
 * is simulated when cfg.has_net6 and low is in the IPv4 range (simnet_in_range): its truth is
 * that of the IPv4 address 'low'.
 */

#define PROTO_IPV6_TCP 6
#define PROTO_IPV6_UDP 17
#define PROTO_ICMPV6 58
#define ICMPV6_DEST_UNREACH 1
#define ICMPV6_PORT_UNREACH 4
#define REPLY_HLIM 64
/* RFC 4443 2.4 (c): an ICMPv6 error, the quote included, fits the minimum MTU. */
#define IPV6_MIN_MTU 1280
#define UNREACH6_HLEN (40 + 8)
/* Longest UDP datagram answered: a 1500-byte MTU's; sum_to_end() covers it whole. */
#define UDP6_MAX_LEN (1500 - 40)
#define SUM6_MAX_WORDS (UDP6_MAX_LEN / 4)

/* The ICMPv6 header (RFC 4443 2.1) with the error messages' unused word. */
struct simnet_icmp6 {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__be32 unused;
};

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

/* The reply's IPv6 header: addresses swapped, hop limit, payload length and next header set. */
static __always_inline void ip6_reply(struct xm_ipv6hdr *ip6, __u16 payload_len, __u8 nexthdr)
{
	__u8 tmp[16];

	__builtin_memcpy(tmp, ip6->saddr, 16);
	__builtin_memcpy(ip6->saddr, ip6->daddr, 16);
	__builtin_memcpy(ip6->daddr, tmp, 16);
	ip6->ver_tc_flow = bpf_htonl(0x60000000);
	ip6->payload_len = bpf_htons(payload_len);
	ip6->nexthdr = nexthdr;
	ip6->hop_limit = REPLY_HLIM;
}

/* Addresses swapped, hop limit and payload length set, the TCP checksum whole (20 bytes). */
static __always_inline void ip6_tcp_reply(struct xm_ipv6hdr *ip6, struct tcphdr *tcp)
{
	__u32 *a = (__u32 *)ip6->saddr, *w = (__u32 *)tcp;
	__u64 sum = bpf_htons(PROTO_IPV6_TCP) + bpf_htons(20);
	int i;

	ip6_reply(ip6, 20, PROTO_IPV6_TCP);
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

/* Fold a 64-bit sum of 32-bit words into the 16-bit one's complement checksum. */
static __always_inline __u16 csum_fold64(__u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return csum_fold((__u32)sum);
}

/* The IPv6 pseudo-header's sum (RFC 8200 8.1): both addresses, the length, the next header. */
static __always_inline __u64 ip6_pseudo_sum(const struct xm_ipv6hdr *ip6, __u32 len, __u8 proto)
{
	const __u32 *a = (const __u32 *)ip6->saddr;
	__u64 sum = (__u64)bpf_htonl(len) + bpf_htonl(proto); /* two words: no u32 carry lost */
	int i;

#pragma unroll
	for (i = 0; i < 8; i++)
		sum += a[i];
	return sum;
}

/*
 * The sum of the bytes from p to the frame's end as 32-bit words, the last 1-3 bytes as
 * 16-bit words padded with zero (RFC 1071); to be folded by csum_fold64(). The caller made
 * sure that there are at most SUM6_MAX_WORDS * 4 bytes.
 */
static __always_inline __u64 sum_to_end(const __u8 *p, const void *end)
{
	__u64 sum = 0;
	int i;

	for (i = 0; i < SUM6_MAX_WORDS; i++) {
		if ((void *)(p + 4) > end)
			break;
		sum += *(const __u32 *)p;
		p += 4;
	}
	if ((void *)(p + 2) <= end) {
		sum += *(const __u16 *)p;
		p += 2;
	}
	if ((void *)(p + 1) <= end)
		sum += bpf_htons((__u16)(p[0] << 8));
	return sum;
}

/* Cut the frame to 'len' bytes (it has at least as many); 0, or -1 if the kernel refused. */
static __always_inline int trim_to(struct xdp_md *ctx, __u32 len)
{
	int delta = (int)len - (int)(ctx->data_end - ctx->data);

	return delta < 0 && bpf_xdp_adjust_tail(ctx, delta) ? -1 : 0;
}

/*
 * Open UDP port: the datagram of 'len' bytes goes back with addresses and ports swapped
 * (udp_make_answer() as over IPv4), its checksum whole over the pseudo-header (RFC 8200
 * 8.1: never 0; a kernel socket's probe may carry only a partial sum, so none is reused).
 */
static __always_inline int udp6_echo(struct xdp_md *ctx, __u32 len)
{
	struct xm_ipv6hdr *ip6;
	struct ethhdr *eth;
	struct udphdr *udp;
	void *end;
	__be16 port;
	__u16 check;

	if (trim_to(ctx, ETH_HLEN + sizeof(*ip6) + len))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	eth = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	ip6 = (void *)(eth + 1);
	udp = (void *)(ip6 + 1);
	if ((void *)(udp + 1) > end)
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	udp_make_answer(udp, end);
	port = udp->source;
	udp->source = udp->dest;
	udp->dest = port;
	udp->check = 0;
	swap_mac(eth);
	ip6_reply(ip6, len, PROTO_IPV6_UDP);
	check = csum_fold64(ip6_pseudo_sum(ip6, len, PROTO_IPV6_UDP) + sum_to_end((void *)udp, end));
	udp->check = check ? check : 0xffff;
	return count(SIMNET_CNT_UDP_REPLY, XDP_TX);
}

/*
 * Closed UDP port: ICMPv6 destination unreachable, port unreachable (type 1 code 4), quoting
 * the probe's IPv6 header and its 'len'-byte datagram as far as the whole fits in 1280 bytes
 * (RFC 4443 3.1). A new IPv6 and ICMPv6 header go in front of the probe's IPv6 header.
 */
static __always_inline int udp6_unreach(struct xdp_md *ctx, __u32 len)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	__u32 quote = sizeof(struct xm_ipv6hdr) + len;
	struct xm_ipv6hdr *nip, *probe;
	__u8 dst[ETH_ALEN], src[ETH_ALEN];
	struct simnet_icmp6 *icmp;
	void *end;

	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	__builtin_memcpy(dst, eth->h_source, ETH_ALEN);
	__builtin_memcpy(src, eth->h_dest, ETH_ALEN);
	if (quote > IPV6_MIN_MTU - UNREACH6_HLEN)
		quote = IPV6_MIN_MTU - UNREACH6_HLEN;
	if (bpf_xdp_adjust_head(ctx, -UNREACH6_HLEN) ||
	    trim_to(ctx, ETH_HLEN + UNREACH6_HLEN + quote))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	eth = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	nip = (void *)(eth + 1);
	icmp = (void *)(nip + 1);
	probe = (void *)(icmp + 1);
	if ((void *)(probe + 1) > end)
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	__builtin_memcpy(eth->h_dest, dst, ETH_ALEN);
	__builtin_memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IPV6);
	/* as the probe had them: ip6_reply() swaps them */
	__builtin_memcpy(nip->saddr, probe->saddr, 16);
	__builtin_memcpy(nip->daddr, probe->daddr, 16);
	ip6_reply(nip, sizeof(*icmp) + quote, PROTO_ICMPV6);
	icmp->type = ICMPV6_DEST_UNREACH;
	icmp->code = ICMPV6_PORT_UNREACH;
	icmp->checksum = 0;
	icmp->unused = 0;
	icmp->checksum = csum_fold64(ip6_pseudo_sum(nip, sizeof(*icmp) + quote, PROTO_ICMPV6) +
				     sum_to_end((void *)icmp, end));
	return count(SIMNET_CNT_PORT_UNREACH, XDP_TX);
}

/*
 * UDP to a simulated address (udp_truth()): open -> udp6_echo(), closed -> udp6_unreach(),
 * else dropped. The datagram must follow the IPv6 header, whole, its length that of the
 * payload and at most UDP6_MAX_LEN.
 */
static __always_inline int handle_udp6(struct xdp_md *ctx, struct xm_ipv6hdr *ip6,
				       void *end, __u32 daddr)
{
	struct udphdr *udp = (void *)(ip6 + 1);
	__u32 len;
	int verdict, state;

	if ((void *)(udp + 1) > end)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	len = bpf_ntohs(udp->len);
	if (len < sizeof(*udp) || len > UDP6_MAX_LEN || len != bpf_ntohs(ip6->payload_len) ||
	    (void *)udp + len > end)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	verdict = udp_truth(udp, daddr, &state);
	if (verdict != SIMNET_REPLY)
		return count(verdict, XDP_DROP);
	return state == SIMNET_OPEN ? udp6_echo(ctx, len) : udp6_unreach(ctx, len);
}

/* SYN -> SYN-ACK / RST-ACK / nothing; bare ACK -> RST unless filtered: tcp_truth(). */
static __always_inline int handle_tcp6(struct xdp_md *ctx, struct ethhdr *eth,
				       struct xm_ipv6hdr *ip6, void *end, __u32 daddr)
{
	struct tcphdr *tcp = (void *)(ip6 + 1);
	int verdict, kind, delta;
	__u32 peer;

	if ((void *)(tcp + 1) > end)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	verdict = tcp_truth(tcp, daddr, &kind);
	if (verdict != SIMNET_REPLY)
		return count(verdict, XDP_DROP);
	peer = low32(ip6->saddr);
	tcp_rewrite(tcp, kind, 20, simnet_isn(&cfg, daddr, bpf_ntohs(tcp->dest), peer,
					      bpf_ntohs(tcp->source)));
	swap_mac(eth);
	ip6_tcp_reply(ip6, tcp);
	delta = (int)(sizeof(*eth) + sizeof(*ip6) + 20) - (int)(end - (void *)eth);
	if (delta < 0 && bpf_xdp_adjust_tail(ctx, delta))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	return count(kind == REPLY_SYNACK ? SIMNET_CNT_SYNACK :
		     kind == REPLY_RSTACK ? SIMNET_CNT_RST : SIMNET_CNT_ACK_RST, XDP_TX);
}

/* TCP and UDP to a simulated address, answered as the IPv4 range's; the rest dropped. */
static __always_inline int handle_ip6(struct xdp_md *ctx, struct ethhdr *eth,
				      struct hdr_cursor *c)
{
	struct xm_ipv6hdr *ip6 = c->pos;
	__u32 daddr;

	if (!cfg.has_net6 || (void *)(ip6 + 1) > c->end || !in_net6(ip6->daddr))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	daddr = low32(ip6->daddr);
	if (!simnet_in_range(&cfg, daddr))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	if (ip6->nexthdr == PROTO_IPV6_TCP)
		return handle_tcp6(ctx, eth, ip6, c->end, daddr);
	if (ip6->nexthdr == PROTO_IPV6_UDP)
		return handle_udp6(ctx, ip6, c->end, daddr);
	return count(SIMNET_CNT_OTHER, XDP_DROP);
}

#endif /* XDPMAP_RESPONDER6_H */

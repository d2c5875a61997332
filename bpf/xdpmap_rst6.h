/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --send-rst over IPv6: a SYN-ACK of ours turned in place into the RST that frees its port. */
#ifndef XDPMAP_RST6_H
#define XDPMAP_RST6_H

/*
 * Included by xdpmap_ipv6.h; uses count(), turn_frame() and csum_fold32() of
 * xdpmap.bpf.c and xdpmap_csum.h. As reply_rst() for IPv4: MACs, addresses
 * and ports swapped, seq = the SYN-ACK's ack, RST only, window 0, hop limit
 * 64; a bare IPv6 header (no extension header) and a 20-byte TCP header, the
 * frame cut there, the checksum computed whole.
 */

/* What the RST takes from the SYN-ACK, read before the frame is cut. */
struct xm_rst6_from {
	__u8 mac_src[ETH_ALEN];
	__u8 mac_dst[ETH_ALEN];
	__u8 saddr[16], daddr[16];
	__be16 sport, dport;
	__be32 ack_seq;
};

/* The TCP checksum of a bare 20-byte header after ip6, over the IPv6 pseudo-header. */
static __always_inline void xm_tcp6_csum_bare(const struct xm_ipv6hdr *ip6, __u16 *w)
{
	const __u16 *a = (const __u16 *)ip6->saddr; /* saddr and daddr: 16 words */
	__u32 sum = bpf_htons(IPPROTO_TCP) + bpf_htons(20);
	int i;

	w[8] = 0;
#pragma unroll
	for (i = 0; i < 16; i++)
		sum += a[i];
#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	w[8] = (__u16)~csum_fold32(sum);
}

static __always_inline void xm_write_rst6(struct xm_ipv6hdr *ip6, struct tcphdr *tcp,
					  const struct xm_rst6_from *f)
{
	ip6->ver_tc_flow = bpf_htonl(0x60000000);
	ip6->payload_len = bpf_htons(sizeof(*tcp));
	ip6->nexthdr = IPPROTO_TCP;
	ip6->hop_limit = 64;
	__builtin_memcpy(ip6->saddr, f->daddr, 16);
	__builtin_memcpy(ip6->daddr, f->saddr, 16);
	tcp->source = f->dport;
	tcp->dest = f->sport;
	tcp->seq = f->ack_seq;
	tcp->ack_seq = 0;
	*((__u8 *)tcp + 12) = 5 << 4; /* data offset 5: no options */
	*((__u8 *)tcp + 13) = 0x04;   /* RST only */
	tcp->window = 0;
	tcp->urg_ptr = 0;
	xm_tcp6_csum_bare(ip6, (__u16 *)tcp);
}

/* Answer the SYN-ACK (ip6, tcp in the frame after eth) with a RST: XDP_TX, or XDP_DROP. */
static __always_inline int xm_reply_rst6(struct xdp_md *ctx, const struct ethhdr *eth,
					 const struct xm_ipv6hdr *ip6, const struct tcphdr *tcp)
{
	__u64 l2len = (void *)ip6 - (void *)eth;
	struct xm_rst6_from f = { .sport = tcp->source, .dport = tcp->dest,
				  .ack_seq = tcp->ack_seq };
	struct xm_ipv6hdr *nip;

	__builtin_memcpy(f.mac_src, eth->h_source, ETH_ALEN);
	__builtin_memcpy(f.mac_dst, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(f.saddr, ip6->saddr, 16);
	__builtin_memcpy(f.daddr, ip6->daddr, 16);
	nip = turn_frame(ctx, l2len, sizeof(*nip) + sizeof(*tcp), f.mac_src, f.mac_dst);
	if (!nip)
		return XDP_DROP;
	xm_write_rst6(nip, (struct tcphdr *)(nip + 1), &f);
	count(XM_CNT_RST_SENT);
	return XDP_TX;
}

#endif /* XDPMAP_RST6_H */

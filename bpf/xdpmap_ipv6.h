/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* IPv6 replies: extension headers walked; SYN-ACK/RST, UDP, ICMPv6 errors, echo replies caught. */
#ifndef XDPMAP_IPV6_H
#define XDPMAP_IPV6_H

/*
 * Included by xdpmap.bpf.c after its rodata and its count(), emit() and
 * discovery_key(), which these handlers share with IPv4. Nothing here
 * matches while cfg_src_addr6 is the unspecified address (::).
 */

#include <linux/if_ether.h>
#include "cookie.h"
#include "xdpmap_parsing.h"

/* Our IPv6 source address (network order), set through the skeleton's rodata; :: = none. */
const volatile __u8 cfg_src_addr6[16] __attribute__((aligned(4))) = {}; /* read as 4 words */

/* Extension headers walked at most; a longer chain is passed (XM_CNT_IPV6_EXT_LONG). */
#define XM_IPV6_EXT_MAX 6

#define XM_NEXTHDR_HOP 0
#define XM_NEXTHDR_ROUTING 43
#define XM_NEXTHDR_FRAGMENT 44
#define XM_NEXTHDR_DEST 60
#define XM_NEXTHDR_ICMPV6 58
#define XM_IP6_FRAG_OFFSET 0xfff8
#define XM_IP6_FRAG_MORE 0x0001
#define XM_ICMPV6_DEST_UNREACH 1
#define XM_ICMPV6_ECHO 128
#define XM_ICMPV6_ECHO_REPLY 129

/* What hop-by-hop, routing and destination options headers start with. */
struct xm_ipv6_opt {
	__u8 nexthdr;
	__u8 hdrlen; /* in 8-byte units, not counting the first 8 bytes */
};

struct xm_ipv6_frag {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off; /* offset << 3 | M */
	__be32 id;
};

/* Where the extension header walk ended. */
enum xm_ext_walk {
	XM_EXT_UPPER = 0, /* at the upper-layer header, its number in *nexthdr */
	XM_EXT_BAD,	  /* truncated, or a fragment other than an atomic one */
	XM_EXT_LONG,	  /* more than XM_IPV6_EXT_MAX extension headers */
};

static __always_inline int xm_ipv6_is_ext(__u8 nh)
{
	return nh == XM_NEXTHDR_HOP || nh == XM_NEXTHDR_ROUTING || nh == XM_NEXTHDR_DEST ||
	       nh == XM_NEXTHDR_FRAGMENT;
}

/* One extension header at the cursor: advance past it, *nh becomes its next header. */
static __always_inline enum xm_ext_walk xm_ipv6_ext_one(struct hdr_cursor *c, __u8 *nh)
{
	struct xm_ipv6_frag *f = c->pos;
	struct xm_ipv6_opt *o = c->pos;
	__u32 len;

	if ((void *)(f + 1) > c->end) /* every extension header is 8 bytes or more */
		return XM_EXT_BAD;
	if (*nh == XM_NEXTHDR_FRAGMENT) {
		/* a reply we want is never fragmented: only an atomic fragment goes on */
		if (f->frag_off & bpf_htons(XM_IP6_FRAG_OFFSET | XM_IP6_FRAG_MORE))
			return XM_EXT_BAD;
		*nh = f->nexthdr;
		c->pos = f + 1;
		return XM_EXT_UPPER;
	}
	len = ((__u32)o->hdrlen + 1) * 8;
	if (c->pos + len > c->end)
		return XM_EXT_BAD;
	*nh = o->nexthdr;
	c->pos += len;
	return XM_EXT_UPPER;
}

/* How far into the frame the walk may start (a quoted header included): a whole page. */
#define XM_IPV6_WALK_OFF_MAX 4096
/* What xm_ipv6_walk() returns when the walk fails (an offset otherwise). */
#define XM_IPV6_WALK_BAD (-1)
#define XM_IPV6_WALK_LONG (-2)

/*
 * The walk over the IPv6 header at offset 'off' of the frame and its extension
 * headers (at most XM_IPV6_EXT_MAX, a bounded loop). Returns the upper-layer
 * header's offset << 8 | its protocol number, or XM_IPV6_WALK_BAD or _LONG.
 * A global function: the verifier checks it once, on its own, instead of once
 * for every path into each of its call sites (the reply, then the reply's
 * ICMPv6 quote), whose states multiplied.
 */
__attribute__((noinline)) int xm_ipv6_walk(struct xdp_md *ctx, __u32 off)
{
	void *data = (void *)(long)ctx->data;
	struct hdr_cursor c = { .end = (void *)(long)ctx->data_end };
	struct xm_ipv6hdr *h;
	__u8 nh;
	int i;

	if (off > XM_IPV6_WALK_OFF_MAX)
		return XM_IPV6_WALK_BAD;
	h = data + off;
	if ((void *)(h + 1) > c.end || (bpf_ntohl(h->ver_tc_flow) >> 28) != 6)
		return XM_IPV6_WALK_BAD;
	nh = h->nexthdr;
	c.pos = h + 1;
#pragma unroll
	for (i = 0; i < XM_IPV6_EXT_MAX; i++) {
		if (!xm_ipv6_is_ext(nh))
			break;
		if (xm_ipv6_ext_one(&c, &nh) != XM_EXT_UPPER)
			return XM_IPV6_WALK_BAD;
	}
	if (xm_ipv6_is_ext(nh))
		return XM_IPV6_WALK_LONG;
	return (int)((__u32)(c.pos - data) << 8 | nh);
}

/*
 * The IPv6 header at the cursor and its extension headers (xm_ipv6_walk());
 * the cursor ends at the upper-layer header, whose protocol number is stored
 * in *nh.
 */
static __always_inline enum xm_ext_walk xm_parse_ipv6(struct xdp_md *ctx, struct hdr_cursor *c,
						       struct xm_ipv6hdr **ip6, __u8 *nh)
{
	void *data = (void *)(long)ctx->data;
	struct xm_ipv6hdr *h = c->pos;
	__u32 upper;
	int r;

	if ((void *)(h + 1) > c->end)
		return XM_EXT_BAD;
	r = xm_ipv6_walk(ctx, (__u32)((void *)h - data));
	if (r == XM_IPV6_WALK_LONG)
		return XM_EXT_LONG;
	if (r < 0)
		return XM_EXT_BAD;
	upper = (__u32)r >> 8;
	asm volatile("" : "+r"(upper)); /* the bound below is the verifier's: the compiler keeps it */
	if (upper > XM_IPV6_WALK_OFF_MAX + sizeof(*h) + XM_IPV6_EXT_MAX * 2048)
		return XM_EXT_BAD;
	*ip6 = h;
	*nh = (__u8)r;
	c->pos = data + upper;
	return XM_EXT_UPPER;
}

/* Whether a 16-byte address in the packet is ours (never when ours is ::). */
static __always_inline int xm_ours6(const __u8 *a)
{
	/* four 32-bit words, not 16 bytes: byte by byte, the loads' spills took ~250 bytes of stack */
	const volatile __u32 *us = (const volatile __u32 *)cfg_src_addr6;
	const __u32 *w = (const __u32 *)a;
	__u32 any = us[0] | us[1] | us[2] | us[3];

	return any && !((w[0] ^ us[0]) | (w[1] ^ us[1]) | (w[2] ^ us[2]) | (w[3] ^ us[3]));
}

static __always_inline int xm_our_port(__be16 port_be)
{
	__u16 port = bpf_ntohs(port_be);

	return port >= cfg_sport_lo && port <= cfg_sport_hi;
}

static __always_inline struct xm_result xm_rec6(const __u8 *addr, __u8 hop_limit)
{
	struct xm_result rec = { .family = XM_FAMILY_IPV6, .ttl = hop_limit };

	__builtin_memcpy(rec.addr.b, addr, 16);
	return rec;
}

static __always_inline int xm_record6(const struct xm_ipv6hdr *ip6, __u16 port, __u8 state,
				      __u8 reason, __u16 window)
{
	struct xm_result rec = xm_rec6(ip6->saddr, ip6->hop_limit);

	rec.proto = IPPROTO_TCP;
	rec.port = port;
	rec.state = state;
	rec.reason = reason;
	rec.kind = XM_KIND_PORT;
	rec.window = window;
	return emit(&rec);
}

static __always_inline int xm_record_host6(const struct xm_ipv6hdr *ip6, __u16 port,
					   __u8 reason)
{
	struct xm_result rec = xm_rec6(ip6->saddr, ip6->hop_limit);

	rec.port = port;
	rec.state = XM_STATE_UP;
	rec.reason = reason;
	rec.kind = XM_KIND_HOST;
	return emit(&rec);
}

/* A port of target 'addr' (the quoted destination) filtered by an ICMPv6 error. */
static __always_inline int xm_record_filtered6(const __u8 *addr, __u16 port, __u8 reason,
					       __u8 hop_limit)
{
	struct xm_result rec = xm_rec6(addr, hop_limit);

	rec.proto = IPPROTO_TCP;
	rec.port = port;
	rec.state = XM_STATE_FILTERED;
	rec.reason = reason;
	rec.kind = XM_KIND_PORT;
	return emit(&rec);
}

#include "xdpmap_rst6.h"
#include "xdpmap_udp6.h"

/*
 * SYN-ACK acks cookie+1 (answered with a RST under --send-rst); a RST carries
 * cookie+1 in ack (RST-ACK) or in seq. Else discovery's: its SYN's answer
 * acks dcookie+1, its ACK's RST has seq dcookie.
 */
static __always_inline int xm_handle_tcp6(struct xdp_md *ctx, struct hdr_cursor *c,
					  const struct ethhdr *eth, const struct xm_ipv6hdr *ip6)
{
	struct xm_siphash_key key = { .k0 = cfg_key0, .k1 = cfg_key1 }, dkey;
	struct tcphdr *tcp = parse_tcphdr(c);
	__u32 cookie, ack, seq;

	if (!tcp || !xm_our_port(tcp->dest) || !(tcp->rst || (tcp->syn && tcp->ack)))
		return XDP_PASS;
	cookie = xm_cookie6(&key, ip6->daddr, ip6->saddr, tcp->dest, tcp->source);
	ack = bpf_ntohl(tcp->ack_seq);
	seq = bpf_ntohl(tcp->seq);
	if (tcp->rst && ((tcp->ack && ack == cookie + 1) || seq == cookie + 1))
		return xm_record6(ip6, bpf_ntohs(tcp->source), XM_STATE_CLOSED, XM_REASON_RESET,
				  bpf_ntohs(tcp->window));
	if (!tcp->rst && ack == cookie + 1) {
		xm_record6(ip6, bpf_ntohs(tcp->source), XM_STATE_OPEN, XM_REASON_SYN_ACK,
			   bpf_ntohs(tcp->window));
		return cfg_send_rst ? xm_reply_rst6(ctx, eth, ip6, tcp) : XDP_DROP;
	}
	dkey = discovery_key();
	cookie = xm_cookie6(&dkey, ip6->daddr, ip6->saddr, tcp->dest, tcp->source);
	if (tcp->ack && ack == cookie + 1)
		return xm_record_host6(ip6, bpf_ntohs(tcp->source),
				       tcp->rst ? XM_REASON_RESET : XM_REASON_SYN_ACK);
	if (tcp->rst && seq == cookie) /* the ACK probe's answer */
		return xm_record_host6(ip6, bpf_ntohs(tcp->source), XM_REASON_RESET);
	count(XM_CNT_BAD_COOKIE);
	return XDP_PASS;
}

/*
 * The quoted datagram of an ICMPv6 error: our SYN (its seq is the cookie) ->
 * filtered; our UDP probe: xm_udp6_catch().
 */
static __always_inline int xm_handle_unreach6(struct xdp_md *ctx, struct hdr_cursor *c,
					      const void *base, const struct xm_ipv6hdr *ip6,
					      __u8 code)
{
	struct xm_siphash_key key = { .k0 = cfg_key0, .k1 = cfg_key1 };
	struct xm_ipv6hdr *inner;
	struct quoted_tcp *q;
	__u8 reason, nh;

	/* codes 0-6 only (RFC 4443 3.1); the reason is taken after the walk, which all share */
	if (code > 6 || xm_parse_ipv6(ctx, c, &inner, &nh) != XM_EXT_UPPER)
		return XDP_PASS;
	if (nh == IPPROTO_UDP)
		return xm_udp6_hand(ctx, c, base, inner, ip6, ip6->hop_limit, code);
	reason = code ? xm_unreach6_reason(code) : XM_REASON_NONE;
	if (reason == XM_REASON_NONE || nh != IPPROTO_TCP)
		return XDP_PASS;
	q = parse_quoted_tcp(c);
	if (!q || !xm_ours6(inner->saddr) || !xm_our_port(q->source))
		return XDP_PASS;
	if (bpf_ntohl(q->seq) != xm_cookie6(&key, inner->saddr, inner->daddr, q->source,
					     q->dest)) {
		count(XM_CNT_BAD_COOKIE);
		return XDP_PASS;
	}
	return xm_record_filtered6(inner->daddr, bpf_ntohs(q->dest), reason, ip6->hop_limit);
}

/* Echo reply: identifier and sequence hold the discovery cookie of (us, target, echo). */
static __always_inline int xm_handle_echo6(const struct xm_icmphdr *icmp,
					   const struct xm_ipv6hdr *ip6)
{
	struct xm_siphash_key dkey = discovery_key();
	__u32 cookie = xm_cookie6(&dkey, ip6->daddr, ip6->saddr, 0, XM_ICMPV6_ECHO);

	if (bpf_ntohl(icmp->rest) != cookie) {
		count(XM_CNT_BAD_COOKIE);
		return XDP_PASS;
	}
	return xm_record_host6(ip6, 0, XM_REASON_ECHO_REPLY);
}

#include "xdpmap_ndp.h"

/*
 * An IPv6 frame after its Ethernet/VLAN header 'eth': replies to our probes
 * are recorded and dropped; Neighbor Advertisements answering our
 * Solicitations are recorded and passed; anything else, and a chain of
 * extension headers longer than we walk (counted), is passed untouched.
 */
static __always_inline int xm_handle_ipv6(struct xdp_md *ctx, struct hdr_cursor *c,
					  const struct ethhdr *eth)
{
	struct xm_ipv6hdr *ip6 = c->pos;
	struct xm_icmphdr *icmp;
	__u8 nh;

	if ((void *)(ip6 + 1) > c->end || !xm_ours6(ip6->daddr))
		return XDP_PASS;
	switch (xm_parse_ipv6(ctx, c, &ip6, &nh)) {
	case XM_EXT_UPPER:
		break;
	case XM_EXT_LONG:
		count(XM_CNT_IPV6_EXT_LONG);
		return XDP_PASS;
	default:
		return XDP_PASS;
	}
	if (nh == IPPROTO_TCP)
		return xm_handle_tcp6(ctx, c, eth, ip6);
	if (nh == IPPROTO_UDP)
		return xm_udp6_hand(ctx, c, eth, ip6, ip6, ip6->hop_limit, XM_UDP6_REPLY);
	if (nh != XM_NEXTHDR_ICMPV6 || !(icmp = parse_icmphdr(c)))
		return XDP_PASS;
	if (icmp->type == XM_ICMPV6_ECHO_REPLY)
		return xm_handle_echo6(icmp, ip6);
	if (icmp->type == XM_ICMPV6_DEST_UNREACH)
		return xm_handle_unreach6(ctx, c, eth, ip6, icmp->code);
	if (icmp->type == XM_ICMPV6_NA)
		return xm_handle_na(c, ip6, eth->h_source);
	return XDP_PASS;
}

#endif /* XDPMAP_IPV6_H */

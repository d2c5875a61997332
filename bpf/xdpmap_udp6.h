/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* UDP over IPv6: replies to our UDP probes and ICMPv6 unreachables quoting them, as over IPv4. */
#ifndef XDPMAP_UDP6_H
#define XDPMAP_UDP6_H

/*
 * Included by xdpmap_ipv6.h: uses its xm_rec6() and xdpmap.bpf.c's emit(),
 * count() and udp_keys(); the payload table and the cookie parsing are
 * xdpmap_udp.h's, shared with IPv4. The source-port hash takes the target's
 * low 32 bits, as the sender's.
 */

#include "xdpmap_udp.h"

/* Furthest a UDP header may start in a frame we look at; farther ones are passed. */
#define XM_UDP6_OFF_MAX 0x3ff

/* xm_udp6_at.code of a UDP reply (not an ICMPv6 error quoting our probe). */
#define XM_UDP6_REPLY 0xff

/*
 * A UDP datagram between us and a target: our address and the target's, the
 * hop limit of the packet that reached us, the ICMPv6 unreachable's code
 * (XM_UDP6_REPLY for a reply) and whether the target itself sent it (always
 * for a reply; a router on the way may send an unreachable too).
 */
struct xm_udp6_at {
	__u8 us[16];
	__u8 them[16];
	__u8 hop_limit;
	__u8 code;
	__u8 from_target;
};

/* Whether two 16-byte addresses are the same (four 32-bit words, as xm_ours6()). */
static __always_inline int xm_same6(const __u8 *a, const __u8 *b)
{
	const __u32 *x = (const __u32 *)a, *y = (const __u32 *)b;

	return !((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]));
}

/* The low 32 bits of a 16-byte address, host order. */
static __always_inline __u32 xm_low32_6(const __u8 *a)
{
	return (__u32)a[12] << 24 | (__u32)a[13] << 16 | (__u32)a[14] << 8 | a[15];
}

/*
 * Whether a UDP datagram between us and them (ports in network order: ours
 * 'sport', theirs 'tport') is the probe a key pair sent, or its reply: the
 * source port (the port's fixed one, else the keyed hash of the target's low
 * 32 bits), then the cookie where the port's payload carries one. 1 match,
 * 0 no, -1 the cookie's bytes are cut off (udp_cookie_match()).
 */
static __always_inline int xm_udp_match6(struct xdp_md *ctx, const struct xm_udp_port *pc,
					 const struct xm_siphash_key *skey,
					 const struct xm_siphash_key *ckey,
					 const struct xm_udp6_at *at, __be16 sport, __be16 tport,
					 const __u8 *p, const void *end, int reply)
{
	__u16 port = bpf_ntohs(tport);
	__u16 want = pc->sport ? pc->sport :
		     xm_probe_sport(skey, xm_low32_6(at->them), port, cfg_sport_lo, cfg_sport_hi);
	__u32 cookie;

	if (bpf_ntohs(sport) != want)
		return 0;
	if (pc->cookie == XM_UDP_COOKIE_NONE)
		return 1;
	cookie = xm_cookie6(ckey, at->us, at->them, sport, tport);
	return xm_udp_cookie_at(ctx, frame_off(ctx, p), XM_UDP_COOKIE_HOW(pc, reply),
				xm_udp_cookie_value(pc->cookie, cookie));
}

/* A record about at->them: a UDP port's state, or (state XM_STATE_UP) a live host. */
static __always_inline int xm_record_udp6(const struct xm_udp6_at *at, __u16 port, __u8 state,
					  __u8 reason)
{
	struct xm_result rec = xm_rec6(at->them, at->hop_limit);

	rec.proto = state == XM_STATE_UP ? 0 : IPPROTO_UDP;
	rec.port = port;
	rec.state = state;
	rec.reason = reason;
	rec.kind = state == XM_STATE_UP ? XM_KIND_HOST : XM_KIND_PORT;
	return emit(&rec);
}

/*
 * A UDP datagram to us: a reply to our probe of its source port when it comes
 * to the port that probe left from and gives its cookie back: open
 * (udp-response), or with -PU a live host. Anything else is the kernel's; to
 * one of our probe ports it is counted as spoofed.
 */
static __always_inline int xm_udp6_reply(struct xdp_md *ctx, const struct xm_udp6_at *at,
					 const struct xm_siphash_key k[4], struct udphdr *udp,
					 const void *end)
{
	struct xm_udp_port *pc = udp_port_cfg(bpf_ntohs(udp->source));
	const __u8 *pl = (const __u8 *)(udp + 1);
	__u16 port = bpf_ntohs(udp->source);

	if (!pc)
		return XDP_PASS;
	if (cfg_udp_scan &&
	    xm_udp_match6(ctx, pc, &k[0], &k[1], at, udp->dest, udp->source, pl, end, 1) == 1)
		return xm_record_udp6(at, port, XM_STATE_OPEN, XM_REASON_UDP_RESPONSE);
	if (cfg_udp_ping &&
	    xm_udp_match6(ctx, pc, &k[2], &k[3], at, udp->dest, udp->source, pl, end, 1) == 1)
		return xm_record_udp6(at, port, XM_STATE_UP, XM_REASON_UDP_RESPONSE);
	if (pc->sport ? bpf_ntohs(udp->dest) == pc->sport : xm_our_port(udp->dest))
		count(XM_CNT_UDP_SPOOFED);
	return XDP_PASS;
}

/*
 * An ICMPv6 unreachable of code at->code quoting our UDP probe 'q': its
 * source port, and its cookie when the quote holds the payload's bytes (a
 * quote may stop after the UDP header). Port unreachable (code 4) from the
 * target is closed; from anyone else, and codes 0/1/2/3/5/6, filtered
 * (nmap's -sU). Quoting a -PU probe, only the target's port unreachable
 * means the host is up (nmap's ping: a router's says nothing of the host).
 */
static __always_inline int xm_udp6_quote(struct xdp_md *ctx, const struct xm_udp6_at *at,
					 const struct xm_siphash_key k[4], struct udphdr *q,
					 const void *end)
{
	struct xm_udp_port *pc = udp_port_cfg(bpf_ntohs(q->dest));
	__u8 reason = xm_unreach6_reason(at->code);
	const __u8 *pl = (const __u8 *)(q + 1);
	__u16 port = bpf_ntohs(q->dest);
	int closed = at->code == 4 && at->from_target;

	if (!pc || reason == XM_REASON_NONE)
		return XDP_PASS;
	if (cfg_udp_scan && xm_udp_match6(ctx, pc, &k[0], &k[1], at, q->source, q->dest, pl, end, 0))
		return xm_record_udp6(at, port, closed ? XM_STATE_CLOSED : XM_STATE_FILTERED,
				      reason);
	if (cfg_udp_ping && closed &&
	    xm_udp_match6(ctx, pc, &k[2], &k[3], at, q->source, q->dest, pl, end, 0))
		return xm_record_udp6(at, port, XM_STATE_UP, XM_REASON_PORT_UNREACH);
	count(XM_CNT_BAD_COOKIE);
	return XDP_PASS;
}

/*
 * This CPU's scratch for a UDP6 datagram, in a map rather than on the stack
 * (the program's stack is nearly all taken): the datagram's addresses and
 * keys, and where it is in the frame. xm_udp6_hand() stores the offsets and
 * xm_udp6_catch() reads them back: read from a map they are values the
 * verifier does not know, so every path of the extension-header walks
 * reaches the cookie checks in one state and they are verified once.
 */
struct xm_udp6_scratch {
	struct xm_udp6_at at;
	struct xm_siphash_key k[4];
	__u16 ip6_off;	/* the IPv6 header whose addresses the datagram carries */
	__u16 udp_off;	/* the UDP header */
	__u16 from_off;	/* the received packet's IPv6 header (an unreachable's) */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xm_udp6_scratch);
} udp6_scratch SEC(".maps");

/*
 * The datagram sc points to in ctx's frame: a reply (sc->at.code
 * XM_UDP6_REPLY) or our probe quoted by an ICMPv6 unreachable. XDP_DROP
 * when recorded, else XDP_PASS.
 */
static __always_inline int xm_udp6_catch(struct xdp_md *ctx, struct xm_udp6_scratch *sc)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 ip_off = *(volatile __u16 *)&sc->ip6_off, udp_off = *(volatile __u16 *)&sc->udp_off;
	__u32 from_off = *(volatile __u16 *)&sc->from_off;
	struct xm_ipv6hdr *ip6, *from;
	struct udphdr *udp;
	int reply;

	if (ip_off > XM_UDP6_OFF_MAX || udp_off > XM_UDP6_OFF_MAX || from_off > XM_UDP6_OFF_MAX)
		return XDP_PASS;
	ip6 = data + (ip_off & XM_UDP6_OFF_MAX);
	udp = data + (udp_off & XM_UDP6_OFF_MAX);
	from = data + (from_off & XM_UDP6_OFF_MAX);
	if ((void *)(ip6 + 1) > end || (void *)(udp + 1) > end || (void *)(from + 1) > end)
		return XDP_PASS;
	reply = *(volatile __u8 *)&sc->at.code == XM_UDP6_REPLY;
	/* a reply goes from the target to us; a quoted probe from us to the target */
	if (!xm_ours6(reply ? ip6->daddr : ip6->saddr))
		return XDP_PASS;
	__builtin_memcpy(sc->at.us, reply ? ip6->daddr : ip6->saddr, 16);
	__builtin_memcpy(sc->at.them, reply ? ip6->saddr : ip6->daddr, 16);
	sc->at.from_target = xm_same6(from->saddr, sc->at.them);
	udp_keys(sc->k);
	return reply ? xm_udp6_reply(ctx, &sc->at, sc->k, udp, end) :
		       xm_udp6_quote(ctx, &sc->at, sc->k, udp, end);
}

/*
 * Hand the UDP header at the cursor, of the datagram whose IPv6 header is
 * 'ip6' ('base' the frame's start), to xm_udp6_catch(); 'from' is the IPv6
 * header of the received packet ('ip6' itself for a reply), 'code' the
 * ICMPv6 unreachable's (XM_UDP6_REPLY for a reply), 'hop_limit' the
 * received packet's.
 */
static __always_inline int xm_udp6_hand(struct xdp_md *ctx, const struct hdr_cursor *c,
					const void *base, const void *ip6, const void *from,
					__u8 hop_limit, __u8 code)
{
	struct xm_udp6_scratch *sc;
	__u32 zero = 0;

	if (!(cfg_udp_scan || cfg_udp_ping))
		return XDP_PASS;
	sc = bpf_map_lookup_elem(&udp6_scratch, &zero);
	if (!sc)
		return XDP_PASS;
	sc->ip6_off = (__u16)(ip6 - base);
	sc->udp_off = (__u16)(c->pos - base);
	sc->from_off = (__u16)(from - base);
	sc->at.hop_limit = hop_limit;
	sc->at.code = code;
	return xm_udp6_catch(ctx, sc);
}

#endif /* XDPMAP_UDP6_H */

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The reply catcher: records SYN-ACK, RST, UDP and ICMP unreachable replies to our probes, drops them. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "common_kern_user.h"
#include "cookie.h"
#include "xdpmap_csum.h"
#include "xdpmap_maps.h"
#include "xdpmap_parsing.h"
#include "xdpmap_pcap.h"
#include "xdpmap_udp.h"

/* Set by userspace through the skeleton's rodata before load. */
const volatile __u32 cfg_src_addr = 0; /* our source address, network order */
const volatile __u16 cfg_sport_lo = 0; /* probe source ports, host order */
const volatile __u16 cfg_sport_hi = 0;
const volatile __u64 cfg_key0 = 0; /* SipHash key of the probe cookie */
const volatile __u64 cfg_key1 = 0;
const volatile __u8 cfg_send_rst = 0; /* answer SYN-ACKs with a RST (--send-rst) */
const volatile __u8 cfg_src_mac[ETH_ALEN] = {}; /* our interface's MAC: ARP replies' target */
const volatile __u8 cfg_udp_scan = 0; /* -sU: UDP replies and ICMP errors quoting UDP count */
const volatile __u64 cfg_skey0 = 0; /* the source-port key, xm_sport_key() of the cookie key */
const volatile __u64 cfg_skey1 = 0;
const volatile __u8 cfg_udp_ping = 0; /* -PU: UDP replies and port unreachables make hosts up */
const volatile __u64 cfg_dskey0 = 0; /* discovery's source-port key: xm_sport_key() of the */
const volatile __u64 cfg_dskey1 = 0; /* discovery key */

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		*v += 1;
}

static __always_inline __u32 cookie_of(__u32 saddr, __u32 daddr, __u16 sport,
				       __u16 dport)
{
	struct xm_siphash_key key = { .k0 = cfg_key0, .k1 = cfg_key1 };

	return xm_cookie(&key, saddr, daddr, sport, dport);
}

static __always_inline int ours(__u32 daddr, __u16 dport_be)
{
	__u16 port = bpf_ntohs(dport_be);

	return daddr == cfg_src_addr && port >= cfg_sport_lo &&
	       port <= cfg_sport_hi;
}

/* Write rec to the ring buffer; -1 (counted) when the ring is full. */
static __always_inline int submit(const struct xm_result *rec)
{
	struct xm_result *r = bpf_ringbuf_reserve(&results, sizeof(*r), 0);

	if (!r) {
		count(XM_CNT_RINGBUF_FULL);
		return -1;
	}
	*r = *rec;
	r->ts_ns = bpf_ktime_get_ns();
	bpf_ringbuf_submit(r, 0);
	pcap_mark();
	count(rec->kind == XM_KIND_HOST      ? XM_CNT_HOST_UP :
	      rec->state == XM_STATE_OPEN   ? XM_CNT_OPEN :
	      rec->state == XM_STATE_CLOSED ? XM_CNT_CLOSED :
					      XM_CNT_FILTERED);
	return 0;
}

/*
 * Record a new result once per dedup key (xm_dedup_key_of). The dedup entry
 * is taken first and given back when the ring is full, so a retransmitted
 * reply can still be recorded later. Always ends in XDP_DROP: the packet was
 * a reply of ours.
 */
static __always_inline int emit(const struct xm_result *rec)
{
	struct xm_dedup_key key = xm_dedup_key_of(rec);
	__u8 one = 1;

	if (bpf_map_update_elem(&dedup, &key, &one, BPF_NOEXIST)) {
		count(XM_CNT_DUPLICATE);
		return XDP_DROP;
	}
	if (submit(rec))
		bpf_map_delete_elem(&dedup, &key);
	return XDP_DROP;
}

/* A port's state from an IPv4 reply; proto is the probe's protocol (IPPROTO_TCP). */
static __always_inline int record(__u8 proto, __u32 addr, __u16 port, __u8 state,
				  __u8 reason, __u8 ttl, __u16 window)
{
	struct xm_result rec = { .addr = xm_addr_from_ipv4(addr),
				 .family = XM_FAMILY_IPV4, .proto = proto,
				 .port = port, .state = state, .reason = reason,
				 .ttl = ttl, .kind = XM_KIND_PORT, .window = window };

	return emit(&rec);
}

/* An IPv4 host answered a discovery probe: one record per host, proto 0. */
static __always_inline int record_host(__u32 addr, __u16 port, __u8 reason, __u8 ttl)
{
	struct xm_result rec = { .addr = xm_addr_from_ipv4(addr),
				 .family = XM_FAMILY_IPV4, .port = port,
				 .state = XM_STATE_UP, .reason = reason, .ttl = ttl,
				 .kind = XM_KIND_HOST };

	return emit(&rec);
}

static __always_inline struct xm_siphash_key discovery_key(void)
{
	struct xm_siphash_key key = { .k0 = cfg_key0, .k1 = cfg_key1 };

	return xm_discovery_key(&key);
}

/* What the RST takes from the SYN-ACK, read before the frame is cut. */
struct rst_from {
	__u8 mac_src[ETH_ALEN];
	__u8 mac_dst[ETH_ALEN];
	__be32 saddr, daddr;
	__be16 sport, dport;
	__be32 ack_seq;
};

#define XM_L2_MAX (ETH_HLEN + XM_VLAN_MAX * 4)
#define XM_IP_DF 0x4000

/* A bare IPv4 header (ihl 5: no options; id 0, DF, TTL 64) and a bare RST after it. */
static __always_inline void write_rst(struct iphdr *ip, struct tcphdr *tcp,
				      const struct rst_from *f)
{
	*(__u8 *)ip = 0x45; /* version 4, ihl 5 */
	ip->tos = 0;
	ip->tot_len = bpf_htons(sizeof(*ip) + sizeof(*tcp));
	ip->id = 0;
	ip->frag_off = bpf_htons(XM_IP_DF);
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->saddr = f->daddr;
	ip->daddr = f->saddr;
	ip_csum_bare((__u16 *)ip);
	tcp->source = f->dport;
	tcp->dest = f->sport;
	tcp->seq = f->ack_seq;
	tcp->ack_seq = 0;
	*((__u8 *)tcp + 12) = 5 << 4; /* data offset 5: no options */
	*((__u8 *)tcp + 13) = 0x04;   /* RST only */
	tcp->window = 0;
	tcp->urg_ptr = 0;
	tcp_csum_bare(ip->saddr, ip->daddr, (__u16 *)tcp);
}

/*
 * Cut the frame after its l2len-byte link header and 'l3' more bytes (the
 * reply's IP and TCP headers), and address it back to where it came from:
 * 'from' (the received frame's source MAC) becomes its destination, 'to'
 * its source. The MACs are copies: the frame's old pointers die with the
 * cut. Returns the reply's IP header, or NULL (drop the frame) when it
 * cannot be cut. Shared by the IPv4 and IPv6 RSTs of --send-rst.
 */
static __always_inline void *turn_frame(struct xdp_md *ctx, __u64 l2len, __u32 l3,
					 const __u8 *from, const __u8 *to)
{
	struct ethhdr *eth;
	void *data, *end, *l3_start;

	if (l2len > XM_L2_MAX ||
	    bpf_xdp_adjust_tail(ctx, (int)(l2len + l3) - (int)bpf_xdp_get_buff_len(ctx)))
		return NULL;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	l3_start = data + l2len;
	if ((void *)(eth + 1) > end || l3_start + l3 > end)
		return NULL;
	__builtin_memcpy(eth->h_dest, from, ETH_ALEN);
	__builtin_memcpy(eth->h_source, to, ETH_ALEN);
	return l3_start;
}

/*
 * Turn a SYN-ACK of ours into the RST that tells the target to free its
 * half-open connection: MACs, addresses and ports swapped, seq = the
 * SYN-ACK's ack, no ACK, window 0, TTL 64. The frame keeps its Ethernet
 * header and VLAN tags; a bare IPv4 header follows (the SYN-ACK's options
 * are not copied), then the 20-byte RST, and the frame is cut there
 * (bpf_xdp_adjust_tail): nothing of the SYN-ACK past its TCP header is sent
 * back. Both checksums are computed whole: the SYN-ACK's TCP one may be a
 * partial one (veth). A frame that cannot be cut is dropped.
 */
static __always_inline int reply_rst(struct xdp_md *ctx, struct ethhdr *eth,
				     struct iphdr *ip, struct tcphdr *tcp)
{
	__u64 l2len = (void *)ip - (void *)eth;
	struct rst_from f = { .saddr = ip->saddr, .daddr = ip->daddr, .sport = tcp->source,
			      .dport = tcp->dest, .ack_seq = tcp->ack_seq };

	__builtin_memcpy(f.mac_src, eth->h_source, ETH_ALEN);
	__builtin_memcpy(f.mac_dst, eth->h_dest, ETH_ALEN);
	ip = turn_frame(ctx, l2len, sizeof(*ip) + sizeof(*tcp), f.mac_src, f.mac_dst);
	if (!ip)
		return XDP_DROP;
	write_rst(ip, (struct tcphdr *)(ip + 1), &f);
	count(XM_CNT_RST_SENT);
	return XDP_TX;
}

/*
 * Replies to discovery's TCP probes: the SYN's answer acks dcookie+1 (SYN-ACK
 * or RST-ACK); the ACK probe's answer is a RST whose seq is our ack, dcookie.
 */
static __always_inline int handle_tcp_discovery(struct iphdr *ip,
						struct tcphdr *tcp)
{
	struct xm_siphash_key dkey = discovery_key();
	__u32 cookie = xm_cookie(&dkey, ip->daddr, ip->saddr, tcp->dest,
				 tcp->source);
	__u32 ack = bpf_ntohl(tcp->ack_seq), seq = bpf_ntohl(tcp->seq);

	if (tcp->ack && ack == cookie + 1)
		return record_host(ip->saddr, bpf_ntohs(tcp->source),
				   tcp->rst ? XM_REASON_RESET : XM_REASON_SYN_ACK,
				   ip->ttl);
	if (tcp->rst && seq == cookie)
		return record_host(ip->saddr, bpf_ntohs(tcp->source),
				   XM_REASON_RESET, ip->ttl);
	count(XM_CNT_BAD_COOKIE);
	return XDP_PASS;
}

/* SYN-ACK acks cookie+1; a RST carries cookie+1 in ack (RST-ACK) or in seq. */
static __always_inline int handle_tcp(struct xdp_md *ctx, struct hdr_cursor *c,
				      struct ethhdr *eth, struct iphdr *ip)
{
	struct tcphdr *tcp = parse_tcphdr(c);
	__u32 cookie, ack, seq;

	if (!tcp || !ours(ip->daddr, tcp->dest))
		return XDP_PASS;
	if (!(tcp->rst || (tcp->syn && tcp->ack)))
		return XDP_PASS;
	cookie = cookie_of(ip->daddr, ip->saddr, tcp->dest, tcp->source);
	ack = bpf_ntohl(tcp->ack_seq);
	seq = bpf_ntohl(tcp->seq);
	if (tcp->rst) {
		if ((tcp->ack && ack == cookie + 1) || seq == cookie + 1)
			return record(IPPROTO_TCP, ip->saddr, bpf_ntohs(tcp->source),
				      XM_STATE_CLOSED, XM_REASON_RESET, ip->ttl,
				      bpf_ntohs(tcp->window));
	} else if (ack == cookie + 1) {
		record(IPPROTO_TCP, ip->saddr, bpf_ntohs(tcp->source), XM_STATE_OPEN,
		       XM_REASON_SYN_ACK, ip->ttl, bpf_ntohs(tcp->window));
		return cfg_send_rst ? reply_rst(ctx, eth, ip, tcp) : XDP_DROP;
	}
	return handle_tcp_discovery(ip, tcp);
}

/*
 * Destination-unreachable codes the catcher records; 0 when not one. Code 0
 * (net unreachable) is not recorded, as before; -sT still reports it.
 */
static __always_inline __u8 unreach_reason(__u8 code)
{
	return code ? xm_unreach_reason(code) : XM_REASON_NONE;
}

/* Echo or timestamp reply: identifier and sequence hold the discovery cookie. */
static __always_inline int handle_icmp_query_reply(struct xm_icmphdr *icmp,
						   struct iphdr *ip)
{
	struct xm_siphash_key dkey = discovery_key();
	__u8 request = icmp->type == XM_ICMP_ECHO_REPLY ? XM_ICMP_ECHO :
							   XM_ICMP_TIMESTAMP;
	__u32 cookie = xm_icmp_cookie(&dkey, ip->daddr, ip->saddr, request);

	if (bpf_ntohl(icmp->rest) != cookie) {
		count(XM_CNT_BAD_COOKIE);
		return XDP_PASS;
	}
	return record_host(ip->saddr, 0,
			   request == XM_ICMP_ECHO ? XM_REASON_ECHO_REPLY :
						     XM_REASON_TIMESTAMP_REPLY,
			   ip->ttl);
}

static __always_inline int mac_eq(const __u8 *a, const volatile __u8 *b)
{
	int i;

#pragma unroll
	for (i = 0; i < ETH_ALEN; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The host record of an ARP answer: written to the ring without a dedup entry. */
static __always_inline int record_arp(__be32 addr, const __u8 *mac)
{
	struct xm_result rec = { .addr = xm_addr_from_ipv4(addr),
				 .family = XM_FAMILY_IPV4, .state = XM_STATE_UP,
				 .reason = XM_REASON_ARP_RESPONSE, .kind = XM_KIND_HOST };

	__builtin_memcpy(rec.mac, mac, ETH_ALEN);
	return submit(&rec);
}

/*
 * An answer from another MAC for an address already answered: recorded once
 * (userspace warns), by whoever deletes the ANSWERED entry first.
 */
static __always_inline void arp_conflict(struct xm_arp_key *key, const __u8 *sha)
{
	struct xm_arp_val *seen = bpf_map_lookup_elem(&arp_asked, key);
	struct xm_arp_val old;

	if (!seen) {
		count(XM_CNT_ARP_UNASKED);
		return;
	}
	if (mac_eq(sha, seen->mac)) {
		count(XM_CNT_DUPLICATE);
		return;
	}
	old = *seen;
	if (bpf_map_delete_elem(&arp_asked, key)) {
		count(XM_CNT_DUPLICATE); /* another CPU took it */
		return;
	}
	if (record_arp(key->addr, sha))
		bpf_map_update_elem(&arp_asked, key, &old, BPF_NOEXIST);
}

/*
 * ARP reply to our address and our MAC (discovery's ARP ping): the sender is
 * up, if we asked about it and have not had its answer yet (the question in
 * arp_asked is consumed by a delete, which only one CPU wins). Unsolicited
 * replies give no record and take no ring or dedup space. Passed on to the
 * kernel all the same: it does not answer replies, and may learn.
 */
static __always_inline int handle_arp(struct hdr_cursor *c)
{
	struct xm_arp *arp = parse_arp(c);
	struct xm_arp_key key = { .stage = XM_ARP_ASKED };
	struct xm_arp_val ans = {};

	if (!arp || arp->htype != bpf_htons(1) || arp->ptype != bpf_htons(ETH_P_IP) ||
	    arp->hlen != 6 || arp->plen != 4 || arp->op != bpf_htons(XM_ARP_REPLY) ||
	    arp->tpa != cfg_src_addr)
		return XDP_PASS;
	if (!mac_eq(arp->tha, cfg_src_mac)) {
		count(XM_CNT_ARP_UNASKED);
		return XDP_PASS;
	}
	key.addr = arp->spa;
	__builtin_memcpy(ans.mac, arp->sha, ETH_ALEN);
	if (bpf_map_delete_elem(&arp_asked, &key)) {
		key.stage = XM_ARP_ANSWERED;
		arp_conflict(&key, ans.mac);
		return XDP_PASS;
	}
	if (record_arp(key.addr, ans.mac)) { /* ring full: the question stays open */
		bpf_map_update_elem(&arp_asked, &key, &ans, BPF_NOEXIST);
		return XDP_PASS;
	}
	key.stage = XM_ARP_ANSWERED;
	bpf_map_update_elem(&arp_asked, &key, &ans, BPF_ANY);
	return XDP_PASS;
}

/* The UDP keys in the order UDP over IPv6 takes them: scan source port, scan cookie, discovery's. */
static __always_inline void udp_keys(struct xm_siphash_key k[4])
{
	k[0] = (struct xm_siphash_key){ .k0 = cfg_skey0, .k1 = cfg_skey1 };
	k[1] = (struct xm_siphash_key){ .k0 = cfg_key0, .k1 = cfg_key1 };
	k[2] = (struct xm_siphash_key){ .k0 = cfg_dskey0, .k1 = cfg_dskey1 };
	k[3] = discovery_key();
}

/* xm_udp_match()'s 'how': a reply's payload (else a quoted probe's); discovery's keys (-PU). */
#define XM_UDP_MATCH_REPLY 1
#define XM_UDP_MATCH_PING 2

/*
 * Whether a UDP datagram between us and 'them' (network order; 'ports' is
 * ours << 16 | theirs, each in network order) matches the probe the port
 * scan's keys (discovery's with XM_UDP_MATCH_PING) would have sent: the
 * source port (the port's fixed one, or the keyed hash of (them, port) in our
 * range), then the cookie in the payload at offset 'off' of the frame where
 * the port's payload carries one (XM_UDP_MATCH_REPLY: the payload is their
 * reply, else our probe quoted by an ICMP error). 1 match, 0 no (or no
 * payload table entry), -1 the cookie's bytes are cut off. A global function:
 * the verifier checks its hashes once, not at each of its four call sites.
 */
__attribute__((noinline)) int xm_udp_match(struct xdp_md *ctx, __u32 off, __u32 them, __u32 ports,
					   __u32 how)
{
	__be16 sport = (__be16)(ports >> 16), tport = (__be16)ports;
	__u16 port = bpf_ntohs(tport), want;
	struct xm_udp_port *pc = udp_port_cfg(port);
	struct xm_siphash_key key; /* the source port's, then the cookie's */
	__u32 cookie;

	if (!pc)
		return 0;
	if (how & XM_UDP_MATCH_PING)
		key = (struct xm_siphash_key){ .k0 = cfg_dskey0, .k1 = cfg_dskey1 };
	else
		key = (struct xm_siphash_key){ .k0 = cfg_skey0, .k1 = cfg_skey1 };
	want = pc->sport ? pc->sport :
	       xm_probe_sport(&key, bpf_ntohl(them), port, cfg_sport_lo, cfg_sport_hi);
	if (bpf_ntohs(sport) != want)
		return 0;
	if (pc->cookie == XM_UDP_COOKIE_NONE)
		return 1;
	if (how & XM_UDP_MATCH_PING)
		key = discovery_key();
	else
		key = (struct xm_siphash_key){ .k0 = cfg_key0, .k1 = cfg_key1 };
	cookie = xm_cookie(&key, cfg_src_addr, them, sport, tport);
	return xm_udp_cookie_at(ctx, off, XM_UDP_COOKIE_HOW(pc, how & XM_UDP_MATCH_REPLY),
				xm_udp_cookie_value(pc->cookie, cookie));
}

/* The frame offset of packet pointer p, for the global functions. */
static __always_inline __u32 frame_off(struct xdp_md *ctx, const void *p)
{
	return (__u32)(p - (void *)(long)ctx->data);
}

/*
 * A UDP datagram to us is a reply to our probe of its source port when it
 * comes to the source port that probe used and, where the port's payload
 * carries a cookie, gives the cookie back: open (udp-response), or with -PU
 * a live host. Anything else is the kernel's; to one of our probe ports it
 * is counted as spoofed.
 */
static __always_inline int handle_udp(struct xdp_md *ctx, struct hdr_cursor *c, struct iphdr *ip)
{
	struct udphdr *udp = parse_udphdr(c);
	__u32 ports, off;
	struct xm_udp_port *pc;
	__u16 port;

	if (!udp || !(cfg_udp_scan || cfg_udp_ping) || ip->daddr != cfg_src_addr)
		return XDP_PASS;
	port = bpf_ntohs(udp->source);
	pc = udp_port_cfg(port);
	if (!pc)
		return XDP_PASS;
	ports = (__u32)udp->dest << 16 | udp->source;
	off = frame_off(ctx, c->pos);
	if (cfg_udp_scan && xm_udp_match(ctx, off, ip->saddr, ports, XM_UDP_MATCH_REPLY) == 1)
		return record(IPPROTO_UDP, ip->saddr, port, XM_STATE_OPEN,
			      XM_REASON_UDP_RESPONSE, ip->ttl, 0);
	if (cfg_udp_ping &&
	    xm_udp_match(ctx, off, ip->saddr, ports, XM_UDP_MATCH_REPLY | XM_UDP_MATCH_PING) == 1)
		return record_host(ip->saddr, port, XM_REASON_UDP_RESPONSE, ip->ttl);
	if (pc->sport ? bpf_ntohs(udp->dest) == pc->sport : ours(ip->daddr, udp->dest))
		count(XM_CNT_UDP_SPOOFED);
	return XDP_PASS;
}

/*
 * An ICMP unreachable quoting our UDP probe (its source port, and its
 * cookie when the quote holds the payload bytes: routers may quote only 8):
 * port unreachable from the target is closed; from anyone else (a router on the
 * way), and codes 0/1/2/9/10/13, filtered (nmap's -sU). Quoting a -PU probe,
 * only the target's port unreachable means the host is up.
 */
static __always_inline int handle_icmp_udp(struct xdp_md *ctx, struct hdr_cursor *c,
					   struct iphdr *ip, struct iphdr *inner, __u8 code)
{
	struct udphdr *q = parse_udphdr(c);
	__u8 reason = xm_unreach_reason(code);
	int closed = code == 3 && ip->saddr == inner->daddr;
	struct xm_udp_port *pc;
	__u32 ports, off;
	__u16 port;

	if (!q || !(cfg_udp_scan || cfg_udp_ping) || inner->saddr != cfg_src_addr ||
	    reason == XM_REASON_NONE)
		return XDP_PASS;
	port = bpf_ntohs(q->dest);
	pc = udp_port_cfg(port);
	if (!pc)
		return XDP_PASS;
	ports = (__u32)q->source << 16 | q->dest;
	off = frame_off(ctx, c->pos);
	if (cfg_udp_scan && xm_udp_match(ctx, off, inner->daddr, ports, 0))
		return record(IPPROTO_UDP, inner->daddr, port,
			      closed ? XM_STATE_CLOSED : XM_STATE_FILTERED, reason, ip->ttl, 0);
	if (cfg_udp_ping && closed &&
	    xm_udp_match(ctx, off, inner->daddr, ports, XM_UDP_MATCH_PING))
		return record_host(inner->daddr, port, XM_REASON_PORT_UNREACH, ip->ttl);
	count(XM_CNT_BAD_COOKIE);
	return XDP_PASS;
}

/*
 * ICMP unreachable quoting one of our SYNs (its seq is the cookie) -> filtered;
 * quoting one of our UDP probes: handle_icmp_udp().
 */
static __always_inline int handle_icmp(struct xdp_md *ctx, struct hdr_cursor *c, struct iphdr *ip)
{
	struct xm_icmphdr *icmp = parse_icmphdr(c);
	struct quoted_tcp *q;
	struct iphdr *inner;
	__u8 reason;

	if (!icmp || ip->daddr != cfg_src_addr)
		return XDP_PASS;
	if (icmp->type == XM_ICMP_ECHO_REPLY || icmp->type == XM_ICMP_TIMESTAMP_REPLY)
		return handle_icmp_query_reply(icmp, ip);
	if (icmp->type != XM_ICMP_DEST_UNREACH)
		return XDP_PASS;
	inner = parse_iphdr(c);
	if (inner && inner->protocol == IPPROTO_UDP)
		return handle_icmp_udp(ctx, c, ip, inner, icmp->code);
	reason = unreach_reason(icmp->code);
	if (reason == XM_REASON_NONE)
		return XDP_PASS;
	if (!inner || inner->protocol != IPPROTO_TCP)
		return XDP_PASS;
	q = parse_quoted_tcp(c);
	if (!q || !ours(inner->saddr, q->source))
		return XDP_PASS;
	if (bpf_ntohl(q->seq) !=
	    cookie_of(inner->saddr, inner->daddr, q->source, q->dest)) {
		count(XM_CNT_BAD_COOKIE);
		return XDP_PASS;
	}
	return record(inner->protocol, inner->daddr, bpf_ntohs(q->dest),
		      XM_STATE_FILTERED, reason, ip->ttl, 0);
}

/* IPv6 (uses the rodata, count(), emit() and discovery_key() above). */
#include "xdpmap_ipv6.h"

static __always_inline int classify(struct xdp_md *ctx)
{
	struct hdr_cursor c = { .pos = (void *)(long)ctx->data,
				.end = (void *)(long)ctx->data_end };
	struct ethhdr *eth;
	struct iphdr *ip;
	__be16 proto;

	eth = parse_eth_vlan(&c, &proto);
	if (!eth)
		return XDP_PASS;
	if (proto == bpf_htons(ETH_P_ARP))
		return handle_arp(&c);
	if (proto == bpf_htons(ETH_P_IPV6))
		return xm_handle_ipv6(ctx, &c, eth);
	if (proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_iphdr(&c);
	if (!ip)
		return XDP_PASS;
	if (ip->protocol == IPPROTO_TCP)
		return handle_tcp(ctx, &c, eth, ip);
	if (ip->protocol == IPPROTO_ICMP)
		return handle_icmp(ctx, &c, ip);
	if (ip->protocol == IPPROTO_UDP)
		return handle_udp(ctx, &c, ip);
	return XDP_PASS;
}

SEC("xdp")
int xdpmap_catch(struct xdp_md *ctx)
{
	int action;

	count(XM_CNT_SEEN);
	pcap_begin(ctx);
	action = classify(ctx);
	if (action == XDP_PASS)
		count(XM_CNT_PASSED);
	pcap_end();
	return action;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The reply catcher: records SYN-ACK, RST and ICMP unreachable replies to our probes, drops them. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "common_kern_user.h"
#include "cookie.h"
#include "xdpmap_csum.h"
#include "xdpmap_maps.h"
#include "xdpmap_parsing.h"

/* Set by userspace through the skeleton's rodata before load. */
const volatile __u32 cfg_src_addr = 0; /* our source address, network order */
const volatile __u16 cfg_sport_lo = 0; /* probe source ports, host order */
const volatile __u16 cfg_sport_hi = 0;
const volatile __u64 cfg_key0 = 0; /* SipHash key of the probe cookie */
const volatile __u64 cfg_key1 = 0;
const volatile __u8 cfg_send_rst = 0; /* answer SYN-ACKs with a RST (--send-rst) */

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

/*
 * Record a new result once per dedup key (xm_dedup_key_of). The dedup entry
 * is taken first and given back when the ring is full, so a retransmitted
 * reply can still be recorded later. Always ends in XDP_DROP: the packet was
 * a reply of ours.
 */
static __always_inline int emit(const struct xm_result *rec)
{
	struct xm_dedup_key key = xm_dedup_key_of(rec);
	struct xm_result *r;
	__u8 one = 1;

	if (bpf_map_update_elem(&dedup, &key, &one, BPF_NOEXIST)) {
		count(XM_CNT_DUPLICATE);
		return XDP_DROP;
	}
	r = bpf_ringbuf_reserve(&results, sizeof(*r), 0);
	if (!r) {
		bpf_map_delete_elem(&dedup, &key);
		count(XM_CNT_RINGBUF_FULL);
		return XDP_DROP;
	}
	*r = *rec;
	r->ts_ns = bpf_ktime_get_ns();
	bpf_ringbuf_submit(r, 0);
	count(rec->kind == XM_KIND_HOST      ? XM_CNT_HOST_UP :
	      rec->state == XM_STATE_OPEN   ? XM_CNT_OPEN :
	      rec->state == XM_STATE_CLOSED ? XM_CNT_CLOSED :
					      XM_CNT_FILTERED);
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
static __always_inline int record_host(__u32 addr, __u16 port, __u8 reason,
				       __u8 ttl, const __u8 *mac)
{
	struct xm_result rec = { .addr = xm_addr_from_ipv4(addr),
				 .family = XM_FAMILY_IPV4, .port = port,
				 .state = XM_STATE_UP, .reason = reason, .ttl = ttl,
				 .kind = XM_KIND_HOST };

	if (mac)
		__builtin_memcpy(rec.mac, mac, 6);
	return emit(&rec);
}

static __always_inline struct xm_siphash_key discovery_key(void)
{
	struct xm_siphash_key key = { .k0 = cfg_key0, .k1 = cfg_key1 };

	return xm_discovery_key(&key);
}

/*
 * Turn a SYN-ACK of ours into the RST that tells the target to free its
 * half-open connection: addresses and ports swapped, seq = the SYN-ACK's ack,
 * no ACK, window 0, TTL 64, no options, no payload (the IP length ends the
 * segment after 20 bytes; what follows in the frame is padding). The TCP
 * checksum is computed whole: the SYN-ACK's may be a partial one (veth).
 */
static __always_inline int reply_rst(struct ethhdr *eth, struct iphdr *ip,
				     struct tcphdr *tcp)
{
	__u8 mac[ETH_ALEN];
	__be32 addr = ip->saddr;
	__be16 port = tcp->source, old_ttl = *(__be16 *)&ip->ttl;
	__be16 tot_len = bpf_htons((__u16)(ip->ihl * 4 + 20));

	__builtin_memcpy(mac, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	ip->ttl = 64;
	csum_replace2(&ip->check, old_ttl, *(__be16 *)&ip->ttl);
	csum_replace2(&ip->check, ip->tot_len, tot_len);
	ip->tot_len = tot_len;
	tcp->source = tcp->dest;
	tcp->dest = port;
	tcp->seq = tcp->ack_seq;
	tcp->ack_seq = 0;
	*((__u8 *)tcp + 12) = 5 << 4; /* data offset 5: no options */
	*((__u8 *)tcp + 13) = 0x04;   /* RST only */
	tcp->window = 0;
	tcp->urg_ptr = 0;
	tcp_csum_bare(ip->saddr, ip->daddr, (__u16 *)tcp);
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
				   ip->ttl, NULL);
	if (tcp->rst && seq == cookie)
		return record_host(ip->saddr, bpf_ntohs(tcp->source),
				   XM_REASON_RESET, ip->ttl, NULL);
	count(XM_CNT_BAD_COOKIE);
	return XDP_PASS;
}

/* SYN-ACK acks cookie+1; a RST carries cookie+1 in ack (RST-ACK) or in seq. */
static __always_inline int handle_tcp(struct hdr_cursor *c, struct ethhdr *eth,
				      struct iphdr *ip)
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
		return cfg_send_rst ? reply_rst(eth, ip, tcp) : XDP_DROP;
	}
	return handle_tcp_discovery(ip, tcp);
}

/* Destination-unreachable codes nmap reads as "filtered"; 0 when not one. */
static __always_inline __u8 unreach_reason(__u8 code)
{
	switch (code) {
	case 1: return XM_REASON_HOST_UNREACH;
	case 2: return XM_REASON_PROTO_UNREACH;
	case 3: return XM_REASON_PORT_UNREACH;
	case 9: return XM_REASON_NET_PROHIBITED;
	case 10: return XM_REASON_HOST_PROHIBITED;
	case 13: return XM_REASON_ADMIN_PROHIBITED;
	}
	return XM_REASON_NONE;
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
			   ip->ttl, NULL);
}

/*
 * ARP reply to our address (discovery's ARP ping): the sender is up. Passed
 * on to the kernel all the same: it does not answer replies, and may learn.
 */
static __always_inline int handle_arp(struct hdr_cursor *c)
{
	struct xm_arp *arp = parse_arp(c);

	if (!arp || arp->htype != bpf_htons(1) || arp->ptype != bpf_htons(ETH_P_IP) ||
	    arp->hlen != 6 || arp->plen != 4 || arp->op != bpf_htons(XM_ARP_REPLY) ||
	    arp->tpa != cfg_src_addr)
		return XDP_PASS;
	record_host(arp->spa, 0, XM_REASON_ARP_RESPONSE, 0, arp->sha);
	return XDP_PASS;
}

/* ICMP unreachable quoting one of our SYNs (its seq is the cookie) -> filtered. */
static __always_inline int handle_icmp(struct hdr_cursor *c, struct iphdr *ip)
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
	reason = unreach_reason(icmp->code);
	if (reason == XM_REASON_NONE)
		return XDP_PASS;
	inner = parse_iphdr(c);
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

static __always_inline int classify(struct xdp_md *ctx)
{
	struct hdr_cursor c = { .pos = (void *)(long)ctx->data,
				.end = (void *)(long)ctx->data_end };
	struct ethhdr *eth = parse_ethhdr(&c);
	struct iphdr *ip;

	if (!eth)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_ARP))
		return handle_arp(&c);
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_iphdr(&c);
	if (!ip)
		return XDP_PASS;
	if (ip->protocol == IPPROTO_TCP)
		return handle_tcp(&c, eth, ip);
	if (ip->protocol == IPPROTO_ICMP)
		return handle_icmp(&c, ip);
	return XDP_PASS;
}

SEC("xdp")
int xdpmap_catch(struct xdp_md *ctx)
{
	int action;

	count(XM_CNT_SEEN);
	action = classify(ctx);
	if (action == XDP_PASS)
		count(XM_CNT_PASSED);
	return action;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

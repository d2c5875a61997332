// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* XDP responder: answers SYN, ACK, UDP, ICMP echo/timestamp and ARP for a simulated range. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "xdpmap_parsing.h"
#include "simnet.h"

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define ICMP_DEST_UNREACH 3
#define ICMP_PORT_UNREACH 3
/* RFC 792: the unreachable message quotes the probe's IP header and its first 64 bits. */
#define UNREACH_QUOTE (20 + 8)
#define UNREACH_LEN (ETH_HLEN + 20 + 8 + UNREACH_QUOTE)
#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_ACK 0x10
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8
#define ICMP_TIMESTAMP 13
#define ICMP_TIMESTAMPREPLY 14
#define REPLY_TTL 64
#define SYNACK_WINDOW 64240
#define SYNACK_MSS 1460
#define MS_PER_DAY 86400000ULL

/* Set by the loader through the skeleton's rodata before load. */
const volatile struct simnet_cfg cfg = SIMNET_CFG_INIT;
/* CLOCK_REALTIME - CLOCK_MONOTONIC at load time: ICMP timestamps in ms since midnight UT. */
const volatile __u64 realtime_offset_ns = 0;

/* What the program did, indexed by enum simnet_counter, summed over CPUs by the loader. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SIMNET_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* ARP for IPv4 over Ethernet; addresses as bytes (they are only 2-byte aligned). */
struct simnet_arp {
	__be16 htype;
	__be16 ptype;
	__u8 hlen;
	__u8 plen;
	__be16 oper;
	__u8 sha[ETH_ALEN];
	__u8 spa[4];
	__u8 tha[ETH_ALEN];
	__u8 tpa[4];
} __attribute__((packed));

/* ICMP timestamp message: the common header, then three ms-since-midnight stamps. */
struct simnet_icmp_ts {
	struct xm_icmphdr hdr;
	__be32 orig;
	__be32 recv;
	__be32 xmit;
};

/* How a TCP probe is answered. */
enum reply_kind {
	REPLY_SYNACK,	/* SYN to an open port */
	REPLY_RSTACK,	/* SYN to a closed port: seq 0, ack = seq + 1 */
	REPLY_RST,	/* bare ACK: seq = its ack, no ACK flag */
};

static __always_inline int count(__u32 idx, int action)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		*v += 1;
	return action;
}

/* Fold a 32-bit one's complement sum and complement it. */
static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for one 16-bit word m -> m'. */
static __always_inline __u16 csum_replace16(__u16 check, __u16 old, __u16 new)
{
	return csum_fold((__u32)(__u16)~check + (__u16)~old + new);
}

static __always_inline __u16 csum_replace32(__u16 check, __u32 old, __u32 new)
{
	check = csum_replace16(check, (__u16)(old >> 16), (__u16)(new >> 16));
	return csum_replace16(check, (__u16)old, (__u16)new);
}

/* Full IPv4 header checksum; the caller made sure ihl == 5. */
static __always_inline void ip_csum(struct iphdr *ip)
{
	__u16 *w = (__u16 *)ip;
	__u32 sum = 0;
	int i;

	ip->check = 0;
#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	ip->check = csum_fold(sum);
}

/* Full TCP checksum over a 20- or 24-byte header without payload. Returns -1 if short. */
static __always_inline int tcp_csum(struct iphdr *ip, struct tcphdr *tcp, __u32 len, void *end)
{
	__u16 *w = (__u16 *)tcp;
	__u32 sum;
	int i;

	if ((void *)(w + 10) > end)
		return -1;
	sum = (ip->saddr >> 16) + (ip->saddr & 0xffff) + (ip->daddr >> 16) +
	      (ip->daddr & 0xffff) + bpf_htons(PROTO_TCP) + bpf_htons(len);
	tcp->check = 0;
#pragma unroll
	for (i = 0; i < 10; i++)
		sum += w[i];
	if (len > 20) {
		if ((void *)(w + 12) > end)
			return -1;
		sum += w[10] + w[11];
	}
	tcp->check = csum_fold(sum);
	return 0;
}

static __always_inline void swap_mac(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

/* Swap addresses, reset TTL and the total length; recompute the header checksum. */
static __always_inline void ip_reply(struct iphdr *ip, __u32 tot_len)
{
	__be32 a = ip->saddr;

	ip->saddr = ip->daddr;
	ip->daddr = a;
	ip->ttl = REPLY_TTL;
	ip->tos = 0;
	ip->frag_off = bpf_htons(0x4000); /* DF */
	ip->tot_len = bpf_htons(tot_len);
	ip_csum(ip);
}

/* Header length of the reply: a SYN-ACK carries MSS when the SYN had options room. */
static __always_inline __u32 tcp_reply_len(struct tcphdr *tcp, enum reply_kind kind, void *end)
{
	if (kind == REPLY_SYNACK && tcp->doff >= 6 && (void *)tcp + 24 <= end)
		return 24;
	return 20;
}

/* Turn the TCP header of the probe into the reply's, in place (checksum not included). */
static __always_inline void tcp_rewrite(struct tcphdr *tcp, enum reply_kind kind, __u32 hlen,
					__u32 isn)
{
	__be16 port = tcp->source;
	__u8 *b = (__u8 *)tcp;
	__u32 seq = bpf_ntohl(tcp->seq);

	tcp->source = tcp->dest;
	tcp->dest = port;
	if (kind == REPLY_RST) {
		tcp->seq = tcp->ack_seq;
		tcp->ack_seq = 0;
	} else {
		tcp->seq = bpf_htonl(kind == REPLY_SYNACK ? isn : 0);
		tcp->ack_seq = bpf_htonl(seq + 1);
	}
	b[12] = (__u8)(hlen / 4) << 4;
	b[13] = kind == REPLY_SYNACK ? TCPF_SYN | TCPF_ACK :
		kind == REPLY_RSTACK ? TCPF_RST | TCPF_ACK : TCPF_RST;
	tcp->window = bpf_htons(kind == REPLY_SYNACK ? SYNACK_WINDOW : 0);
	tcp->urg_ptr = 0;
}

/* Rewrite the probe into its reply, trim the frame to the reply's length, XDP_TX it. */
static __always_inline int tcp_reply(struct xdp_md *ctx, struct ethhdr *eth, struct iphdr *ip,
				     struct tcphdr *tcp, enum reply_kind kind, void *end)
{
	__u32 hlen = tcp_reply_len(tcp, kind, end);
	__u32 isn = simnet_isn(&cfg, bpf_ntohl(ip->daddr), bpf_ntohs(tcp->dest),
			       bpf_ntohl(ip->saddr), bpf_ntohs(tcp->source));
	__u8 *opt = (__u8 *)(tcp + 1);
	int delta;

	tcp_rewrite(tcp, kind, hlen, isn);
	if (hlen == 24 && (void *)(opt + 4) <= end) {
		opt[0] = 2; /* MSS, length 4 */
		opt[1] = 4;
		opt[2] = SYNACK_MSS >> 8;
		opt[3] = SYNACK_MSS & 0xff;
	}
	swap_mac(eth);
	ip_reply(ip, sizeof(*ip) + hlen);
	if (tcp_csum(ip, tcp, hlen, end))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	delta = (int)(sizeof(*eth) + sizeof(*ip) + hlen) - (int)(end - (void *)eth);
	if (delta < 0 && bpf_xdp_adjust_tail(ctx, delta))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	return count(kind == REPLY_SYNACK ? SIMNET_CNT_SYNACK :
		     kind == REPLY_RSTACK ? SIMNET_CNT_RST : SIMNET_CNT_ACK_RST, XDP_TX);
}

/* Drop a probe to a live host with the configured probability. */
static __always_inline int lost(void)
{
	return cfg.loss_ppm && simnet_lost(bpf_get_prandom_u32(), cfg.loss_ppm);
}

/*
 * The simulated truth's answer to TCP segment 'tcp' for address 'daddr' (IPv4,
 * or the low 32 bits of a simulated IPv6 address): SIMNET_REPLY with *kind the
 * reply to send (SYN -> SYN-ACK or RST-ACK; bare ACK -> RST), else the counter
 * of the drop (not SYN or ACK, dead host, filtered port, simulated loss).
 */
#define SIMNET_REPLY (-1)
static __always_inline int tcp_truth(const struct tcphdr *tcp, __u32 daddr, int *kind)
{
	__u8 flags = ((const __u8 *)tcp)[13] & (TCPF_FIN | TCPF_SYN | TCPF_RST | TCPF_ACK);
	int state;

	if (flags != TCPF_SYN && flags != TCPF_ACK)
		return SIMNET_CNT_OTHER;
	if (!simnet_host_alive(&cfg, daddr))
		return SIMNET_CNT_DEAD;
	state = simnet_port_state(&cfg, daddr, bpf_ntohs(tcp->dest));
	if (state == SIMNET_FILTERED)
		return SIMNET_CNT_FILTERED;
	if (lost())
		return SIMNET_CNT_LOST;
	*kind = flags == TCPF_ACK ? REPLY_RST : state == SIMNET_OPEN ? REPLY_SYNACK : REPLY_RSTACK;
	return SIMNET_REPLY;
}

/* SYN -> SYN-ACK / RST-ACK / nothing; bare ACK -> RST unless the port is filtered. */
static __always_inline int handle_tcp(struct xdp_md *ctx, struct ethhdr *eth, struct iphdr *ip,
				      struct hdr_cursor *c, __u32 daddr)
{
	struct tcphdr *tcp = parse_tcphdr(c);
	int verdict, kind;

	if (!tcp)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	verdict = tcp_truth(tcp, daddr, &kind);
	if (verdict != SIMNET_REPLY)
		return count(verdict, XDP_DROP);
	return tcp_reply(ctx, eth, ip, tcp, kind, c->end);
}

/*
 * The echo made an answer where the protocol tells one from a query: a DNS query
 * (port 53) gets the QR bit (RFC 1035 4.1.1); an NTP client request (port 123, mode 3)
 * becomes a mode 4 server reply whose origin stamp is the request's transmit stamp
 * (RFC 5905 8), which scanners check.
 */
static __always_inline void udp_make_answer(struct udphdr *udp, void *end)
{
	__u16 *w = (__u16 *)(udp + 1);
	__u8 *b = (__u8 *)w;
	int i;

	if (udp->dest == bpf_htons(53) && (void *)(w + 6) <= end) {
		w[1] |= bpf_htons(0x8000);
	} else if (udp->dest == bpf_htons(123) && (void *)(w + 24) <= end && (b[0] & 7) == 3) {
		w[0] = bpf_htons((__u16)((b[0] & 0xf8) | 4) << 8 | 2);
#pragma unroll
		for (i = 0; i < 4; i++)
			w[12 + i] = w[20 + i];
	}
}

/* Open UDP port: the datagram goes back with addresses and ports swapped (RFC 862's echo). */
static __always_inline int udp_echo(struct ethhdr *eth, struct iphdr *ip, struct udphdr *udp,
				    void *end)
{
	__be16 port = udp->source;

	udp_make_answer(udp, end);
	/*
	 * No checksum (0, allowed over IPv4 by RFC 768): a probe sent through a kernel
	 * socket on a veth carries only the pseudo-header's partial sum (checksum
	 * offload), which an echo would send back wrong for the kernel to drop.
	 */
	udp->check = 0;
	udp->source = udp->dest;
	udp->dest = port;
	swap_mac(eth);
	ip_reply(ip, bpf_ntohs(ip->tot_len));
	return count(SIMNET_CNT_UDP_REPLY, XDP_TX);
}

/* Internet checksum of the ICMP message: its 8-byte header and the 28-byte quote. */
static __always_inline __u16 unreach_csum(__u16 *w)
{
	__u32 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < (8 + UNREACH_QUOTE) / 2; i++)
		sum += w[i];
	return csum_fold(sum);
}

/*
 * Closed UDP port: ICMP destination unreachable, port unreachable (type 3 code 3),
 * quoting the probe's IP header and first 8 bytes (RFC 792). The frame grows by a new
 * IP and ICMP header in front; the probe's IP header is already where the quote goes.
 */
static __always_inline int udp_unreach(struct xdp_md *ctx, struct ethhdr *eth,
				       struct iphdr *ip)
{
	__u8 dst[ETH_ALEN], src[ETH_ALEN];
	__be32 saddr = ip->saddr, daddr = ip->daddr;
	struct xm_icmphdr *icmp;
	void *data, *end;
	struct iphdr *nip;
	int delta;

	__builtin_memcpy(dst, eth->h_source, ETH_ALEN);
	__builtin_memcpy(src, eth->h_dest, ETH_ALEN);
	if (bpf_xdp_adjust_head(ctx, -(int)(sizeof(*nip) + sizeof(*icmp))))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + UNREACH_LEN > end)
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	eth = data;
	nip = data + ETH_HLEN;
	icmp = (void *)(nip + 1);
	__builtin_memcpy(eth->h_dest, dst, ETH_ALEN);
	__builtin_memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IP);
	*(__u16 *)nip = bpf_htons(0x4500); /* version 4, IHL 5, TOS 0 */
	nip->id = 0;
	nip->protocol = PROTO_ICMP;
	nip->saddr = saddr; /* as the probe had them: ip_reply() swaps them and sums */
	nip->daddr = daddr;
	ip_reply(nip, UNREACH_LEN - ETH_HLEN);
	icmp->type = ICMP_DEST_UNREACH;
	icmp->code = ICMP_PORT_UNREACH;
	icmp->checksum = 0;
	icmp->rest = 0;
	icmp->checksum = unreach_csum((__u16 *)icmp);
	delta = UNREACH_LEN - (int)(end - data);
	if (delta < 0 && bpf_xdp_adjust_tail(ctx, delta))
		return count(SIMNET_CNT_ERROR, XDP_DROP);
	return count(SIMNET_CNT_PORT_UNREACH, XDP_TX);
}

/*
 * The simulated truth's answer to UDP datagram 'udp' for address 'daddr' (IPv4, or the low
 * 32 bits of a simulated IPv6 address): SIMNET_REPLY with *state SIMNET_OPEN (a datagram
 * back) or SIMNET_CLOSED (port unreachable), else the counter of the drop (dead host,
 * filtered port, simulated loss).
 */
static __always_inline int udp_truth(const struct udphdr *udp, __u32 daddr, int *state)
{
	if (!simnet_host_alive(&cfg, daddr))
		return SIMNET_CNT_DEAD;
	*state = simnet_udp_state(&cfg, daddr, bpf_ntohs(udp->dest));
	if (*state == SIMNET_FILTERED)
		return SIMNET_CNT_FILTERED;
	if (lost())
		return SIMNET_CNT_LOST;
	return SIMNET_REPLY;
}

/* UDP -> a datagram back (open), ICMP port unreachable (closed) or nothing (filtered). */
static __always_inline int handle_udp(struct xdp_md *ctx, struct ethhdr *eth, struct iphdr *ip,
				      struct hdr_cursor *c, __u32 daddr)
{
	struct udphdr *udp = c->pos;
	int verdict, state;

	if ((void *)(udp + 1) > c->end)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	verdict = udp_truth(udp, daddr, &state);
	if (verdict != SIMNET_REPLY)
		return count(verdict, XDP_DROP);
	if (state == SIMNET_OPEN)
		return udp_echo(eth, ip, udp, c->end);
	return udp_unreach(ctx, eth, ip);
}

/* The ICMP timestamp reply's stamps: ms since midnight UT. */
static __always_inline __u32 ms_since_midnight(void)
{
	return (__u32)(((bpf_ktime_get_ns() + realtime_offset_ns) / 1000000ULL) % MS_PER_DAY);
}

/* Echo request -> echo reply, timestamp request -> timestamp reply, in place. */
static __always_inline int handle_icmp(struct ethhdr *eth, struct iphdr *ip,
				       struct hdr_cursor *c, __u32 daddr)
{
	struct simnet_icmp_ts *ts = c->pos;
	struct xm_icmphdr *icmp = parse_icmphdr(c);
	__u16 old, new;
	__u32 now;

	if (!icmp || icmp->code != 0 ||
	    (icmp->type != ICMP_ECHO && icmp->type != ICMP_TIMESTAMP))
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	if (!simnet_host_alive(&cfg, daddr))
		return count(SIMNET_CNT_DEAD, XDP_DROP);
	if (lost())
		return count(SIMNET_CNT_LOST, XDP_DROP);
	old = bpf_htons(icmp->type << 8);
	if (icmp->type == ICMP_ECHO) {
		new = bpf_htons(ICMP_ECHOREPLY << 8);
	} else {
		if ((void *)(ts + 1) > c->end)
			return count(SIMNET_CNT_OTHER, XDP_DROP);
		now = bpf_htonl(ms_since_midnight());
		ts->hdr.checksum = csum_replace32(ts->hdr.checksum, ts->recv, now);
		ts->hdr.checksum = csum_replace32(ts->hdr.checksum, ts->xmit, now);
		ts->recv = now;
		ts->xmit = now;
		new = bpf_htons(ICMP_TIMESTAMPREPLY << 8);
	}
	icmp->type = bpf_ntohs(new) >> 8;
	icmp->checksum = csum_replace16(icmp->checksum, old, new);
	swap_mac(eth);
	ip_reply(ip, bpf_ntohs(ip->tot_len));
	return count(new == bpf_htons(ICMP_ECHOREPLY << 8) ? SIMNET_CNT_ECHO : SIMNET_CNT_TSTAMP,
		     XDP_TX);
}

/* IPv4 to a simulated address: TCP, UDP and ICMP probes; anything else to it is dropped. */
static __always_inline int handle_ip(struct xdp_md *ctx, struct ethhdr *eth,
				     struct hdr_cursor *c)
{
	struct iphdr *ip = parse_iphdr(c);
	__u32 daddr;

	if (!ip)
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	daddr = bpf_ntohl(ip->daddr);
	if (!simnet_in_range(&cfg, daddr))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	if (ip->ihl != 5)
		return count(SIMNET_CNT_OTHER, XDP_DROP);
	if (ip->protocol == PROTO_TCP)
		return handle_tcp(ctx, eth, ip, c, daddr);
	if (ip->protocol == PROTO_ICMP)
		return handle_icmp(eth, ip, c, daddr);
	if (ip->protocol == PROTO_UDP)
		return handle_udp(ctx, eth, ip, c, daddr);
	return count(SIMNET_CNT_OTHER, XDP_DROP);
}

/* ARP request for any simulated address (alive or not): reply with its derived MAC. */
static __always_inline int handle_arp(struct ethhdr *eth, struct hdr_cursor *c)
{
	struct simnet_arp *arp = c->pos;
	__u8 mac[ETH_ALEN], spa[4];
	__u32 tpa;

	if ((void *)(arp + 1) > c->end || arp->htype != bpf_htons(1) ||
	    arp->ptype != bpf_htons(ETH_P_IP) || arp->hlen != ETH_ALEN || arp->plen != 4 ||
	    arp->oper != bpf_htons(1))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	tpa = (__u32)arp->tpa[0] << 24 | (__u32)arp->tpa[1] << 16 |
	      (__u32)arp->tpa[2] << 8 | arp->tpa[3];
	if (!simnet_in_range(&cfg, tpa))
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	if (!simnet_host_alive(&cfg, tpa)) /* a dead host answers nothing, ARP included */
		return count(SIMNET_CNT_DEAD, XDP_DROP);
	simnet_mac(tpa, mac);
	__builtin_memcpy(spa, arp->spa, 4);
	arp->oper = bpf_htons(2);
	__builtin_memcpy(arp->tha, arp->sha, ETH_ALEN);
	__builtin_memcpy(arp->spa, arp->tpa, 4);
	__builtin_memcpy(arp->tpa, spa, 4);
	__builtin_memcpy(arp->sha, mac, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	return count(SIMNET_CNT_ARP, XDP_TX);
}

#include "responder6.h"

SEC("xdp")
int xdp_responder(struct xdp_md *ctx)
{
	struct hdr_cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	struct ethhdr *eth;

	count(SIMNET_CNT_SEEN, 0);
	eth = parse_ethhdr(&c);
	if (!eth)
		return count(SIMNET_CNT_PASSED, XDP_PASS);
	if (eth->h_proto == bpf_htons(ETH_P_ARP))
		return handle_arp(eth, &c);
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return handle_ip(ctx, eth, &c);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return handle_ip6(ctx, eth, &c);
	return count(SIMNET_CNT_PASSED, XDP_PASS);
}

/* Attached alone (--pass-only) to the scanner's veth so that XDP_TX frames arrive there. */
SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/*
 * Attached alone (--drop-tcp) to a target veth for TX-only benchmarks: TCP of either family
 * is dropped before the kernel sees it, the same cost for IPv4 and IPv6; the rest passes
 * (ARP and Neighbor Discovery still resolve).
 */
SEC("xdp")
int xdp_drop_tcp(struct xdp_md *ctx)
{
	struct hdr_cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	struct ethhdr *eth = parse_ethhdr(&c);
	__u8 *l3 = c.pos;

	if (!eth || (void *)(l3 + 40) > c.end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP) && l3[9] == PROTO_TCP)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IPV6) && l3[6] == PROTO_TCP)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

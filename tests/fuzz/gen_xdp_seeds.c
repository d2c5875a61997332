// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Writes the seed corpus of fuzz_xdp: replies to scan and discovery probes, near misses, others. */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include "cookie.h"
#include "pkt_builder.h"
#include "seed_writer.h"
#include "xdp_harness.h"

/* Our address, as fuzz_xdp.c loads the program (xdp_harness.h), and our probe's source port. */
#define OUR_ADDR XH_OUR_ADDR
#define SPORT 61007

/* One seed file: control byte, split byte, frame. */
static void put(const char *name, __u8 ctl, __u8 split, const __u8 *frame, size_t len)
{
	const __u8 head[] = { ctl, split };

	seed_put(name, head, sizeof(head), frame, len);
}

static __u32 cookie(__u32 target, __u16 tport)
{
	return xm_cookie(&xh_key, inet_addr(OUR_ADDR), target, htons(SPORT),
			 htons(tport));
}

/* A TCP reply from target:tport to our probe port. */
static size_t tcp_reply(__u8 *buf, const char *target, __u16 tport, __u8 flags,
			__u32 seq, __u32 ack, __u8 opt_words, __u16 frag)
{
	struct pb_ip ip = { .saddr = inet_addr(target), .daddr = inet_addr(OUR_ADDR),
			    .proto = IPPROTO_TCP, .ttl = 61, .opt_words = opt_words,
			    .frag = frag, .id = 0x1234 };
	struct pb_tcp t = { .sport = tport, .dport = SPORT, .seq = seq,
			    .ack = ack, .flags = flags, .window = 64240 };

	return pb_tcp_frame(buf, &ip, &t);
}

/* An ICMP error from 'from' quoting our SYN to target:tport with the given seq. */
static size_t icmp_reply(__u8 *buf, const char *from, const char *target,
			 __u16 tport, __u8 type, __u8 code, __u32 seq)
{
	struct pb_ip ip = { .saddr = inet_addr(from), .daddr = inet_addr(OUR_ADDR),
			    .proto = IPPROTO_ICMP, .ttl = 250, .id = 7 };
	struct pb_ip qip = { .saddr = inet_addr(OUR_ADDR), .daddr = inet_addr(target),
			     .proto = IPPROTO_TCP, .ttl = 64, .id = 0x4d2 };
	struct pb_tcp qt = { .sport = SPORT, .dport = tport, .seq = seq,
			     .flags = PB_SYN, .window = 1024 };

	return pb_icmp_frame(buf, &ip, type, code, 0, &qip, &qt);
}

static void tcp_seeds(void)
{
	__u8 b[256];
	__u32 c = cookie(inet_addr("198.18.1.1"), 80);

	put("synack", 0, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 0, 0));
	put("synack-send-rst", 0x08, 0, b,
	    tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 0, 0));
	put("synack-twice", 0x18, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 0, 0));
	put("synack-split", 0x20, 40, b, tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 0, 0));
	put("synack-ipopts", 0, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 3, 0));
	put("synack-fragment", 0, 0, b,
	    tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 0, PB_IP_MF));
	put("synack-bad-cookie", 0, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c, 0, 0));
	put("synack-fixup", 0x07, 0, b, tcp_reply(b, "203.0.113.9", 443, PB_SYN | PB_ACK, 0, 0, 0, 0));
	put("rstack", 0, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_RST | PB_ACK, 0, c + 1, 0, 0));
	put("rst-seq", 0, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_RST, c + 1, 0, 0, 0));
	put("ack-only", 0, 0, b, tcp_reply(b, "198.18.1.1", 80, PB_ACK, 7, c + 1, 0, 0));
}

static void icmp_seeds(void)
{
	static const __u8 codes[] = { 0, 1, 2, 3, 4, 9, 10, 13 };
	__u32 c = cookie(inet_addr("198.18.2.1"), 25);
	char name[32];
	__u8 b[256];
	size_t i;

	for (i = 0; i < sizeof(codes); i++) {
		snprintf(name, sizeof(name), "icmp-3-%u", codes[i]);
		put(name, 0, 0, b, icmp_reply(b, "198.18.9.1", "198.18.2.1", 25, 3, codes[i], c));
	}
	put("icmp-bad-cookie", 0, 0, b, icmp_reply(b, "198.18.9.1", "198.18.2.1", 25, 3, 13, c ^ 1));
	put("icmp-time-exceeded", 0, 0, b, icmp_reply(b, "198.18.9.1", "198.18.2.1", 25, 11, 0, c));
}

/* Replies to host discovery: cookies of the discovery key. */
static void discovery_seeds(void)
{
	struct xm_siphash_key dkey = xm_discovery_key(&xh_key);
	__u32 us = inet_addr(OUR_ADDR), t = inet_addr("198.18.5.1");
	__u32 dc = xm_cookie(&dkey, us, t, htons(SPORT), htons(443));
	struct pb_ip ip = { .saddr = t, .daddr = us, .proto = IPPROTO_ICMP, .ttl = 63 };
	__u8 b[256];
	size_t n;

	put("disc-synack", 0, 0, b, tcp_reply(b, "198.18.5.1", 443, PB_SYN | PB_ACK, 9, dc + 1, 0, 0));
	put("disc-rstack", 0, 0, b, tcp_reply(b, "198.18.5.1", 443, PB_RST | PB_ACK, 0, dc + 1, 0, 0));
	put("disc-rst-seq", 0, 0, b, tcp_reply(b, "198.18.5.1", 443, PB_RST, dc, 0, 0, 0));
	put("disc-fixup", 0x47, 0, b, tcp_reply(b, "203.0.113.7", 80, PB_RST, 0, 0, 0, 0));
	n = pb_eth(b, PB_ETH_P_IP);
	n += pb_ipv4(b + n, &ip, PB_ICMP_LEN);
	memset(b + n, 0, PB_ICMP_LEN);
	pb_put32(b + n + 4, xm_icmp_cookie(&dkey, us, t, 8));
	put("disc-echo-reply", 0, 0, b, n + PB_ICMP_LEN);
	b[n] = 14;
	pb_put32(b + n + 4, xm_icmp_cookie(&dkey, us, t, 13));
	put("disc-timestamp-reply", 0, 0, b, n + PB_ICMP_LEN);
	b[n] = 0;
	put("disc-echo-fixup", 0x45, 0, b, n + PB_ICMP_LEN);
}

/*
 * ARP: a reply to us and our MAC, asked about (the sender is up, yet passed),
 * asked and repeated, not asked; a request; a reply to another host.
 */
static void arp_seeds(void)
{
	__u8 b[256];
	size_t n = pb_arp_frame(b, inet_addr("198.18.0.254"), inet_addr(OUR_ADDR));

	put("arp-request", 0, 0, b, n);
	pb_put16(b + PB_ETH_LEN + 6, 2);
	memcpy(b + PB_ETH_LEN + 18, pb_mac_us, 6);
	put("arp-reply", 0, 0, b, n);
	put("arp-reply-asked", 0x80, 0, b, n);
	put("arp-reply-asked-twice", 0x90, 0, b, n);
	memcpy(b + PB_ETH_LEN + 24, "\xc6\x12\x00\x09", 4);
	put("arp-reply-other", 0, 0, b, n);
}

/* VLAN-tagged replies, and --send-rst on SYN-ACKs with IP options and trailing bytes. */
static void vlan_seeds(void)
{
	__u32 c = cookie(inet_addr("198.18.1.1"), 80);
	__u8 b[256];
	size_t n;

	n = tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 0, 0);
	put("synack-vlan", 0, 0, b, seed_vlan_tag(b, n, 1));
	n = tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 2, 0);
	put("synack-qinq-send-rst", 0x08, 0, b, seed_vlan_tag(b, n, 2));
	n = tcp_reply(b, "198.18.1.1", 80, PB_SYN | PB_ACK, 7, c + 1, 3, 0);
	memset(b + n, 0, 16);
	put("synack-ipopts-padded-send-rst", 0x08, 0, b, n + 16);
	n = tcp_reply(b, "198.18.1.1", 80, PB_RST | PB_ACK, 0, c + 1, 0, 0);
	put("rstack-qinq", 0, 0, b, seed_vlan_tag(b, n, 2));
	n = pb_arp_frame(b, inet_addr("198.18.0.254"), inet_addr(OUR_ADDR));
	pb_put16(b + PB_ETH_LEN + 6, 2);
	memcpy(b + PB_ETH_LEN + 18, pb_mac_us, 6);
	put("arp-reply-asked-vlan", 0x80, 0, b, seed_vlan_tag(b, n, 1));
}

static void other_seeds(void)
{
	__u8 b[256];

	put("ipv6", 0, 0, b, pb_ipv6_frame(b));
	pb_eth(b, PB_ETH_P_IP);
	put("short", 0, 0, b, 10);
}

int main(int argc, char **argv)
{
	seed_open_dir(argc, argv);
	tcp_seeds();
	icmp_seeds();
	discovery_seeds();
	arp_seeds();
	vlan_seeds();
	other_seeds();
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Writes the seed corpus of fuzz_xdp6: IPv6 replies of each kind, near misses, others. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include "cookie.h"
#include "probe.h"
#include "pkt_builder.h"
#include "seed_writer.h"
#include "xdp_harness.h"

/* The rodata fuzz_xdp6.c loads the program with (besides xdp_harness.h's), our probe's port. */
#define OUR6 "fd00::1"
#define SPORT 61007

/* fuzz_xdp6.c's control bits (the first byte) and aux bits (the second). */
#define CTL_FIX_ACK 0x01
#define CTL_FIX_SEQ 0x02
#define CTL_OURS 0x04
#define CTL_SEND_RST 0x08
#define CTL_TWICE 0x10
#define CTL_SPLIT 0x20
#define CTL_DISCOVERY 0x40
#define CTL_ASK 0x80
#define AUX_UDP 0x01
#define AUX_PING 0x02
#define AUX_ANSWERED 0x04

static const __u8 mac_na[6] = { 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x01 };
static const __u8 mac_other[6] = { 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e };

/* One seed file: control byte, aux byte, split byte, frame. */
static void put(const char *name, __u8 ctl, __u8 aux, __u8 split, const __u8 *frame, size_t len)
{
	const __u8 head[] = { ctl, aux, split };

	seed_put(name, head, sizeof(head), frame, len);
}

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
	return a;
}

/*
 * Ethernet and an IPv6 header from src to dst, then 'next' extension headers
 * (their numbers in ext[]: destination options of 16 bytes, the others of 8;
 * a fragment header with frag_off 'frag'), the last naming 'upper'. The
 * payload length is set by finish().
 */
static size_t outer(__u8 *b, const char *src, const char *dst, __u8 hop, const __u8 *ext,
		    int next, __u16 frag, __u8 upper)
{
	struct in6_addr s = a6(src), d = a6(dst);
	size_t n = pb_eth(b, PB_ETH_P_IPV6), len;
	__u8 *ip = b + n;
	int i;

	memset(ip, 0, PB_IP6_LEN);
	ip[0] = 0x60;
	ip[6] = next ? ext[0] : upper;
	ip[7] = hop;
	memcpy(ip + 8, &s, 16);
	memcpy(ip + 24, &d, 16);
	n += PB_IP6_LEN;
	for (i = 0; i < next; i++) {
		len = ext[i] == 60 ? 16 : 8;
		memset(b + n, 0, len);
		b[n] = i + 1 < next ? ext[i + 1] : upper;
		if (ext[i] == 60)
			b[n + 1] = 1;
		if (ext[i] == 44)
			pb_put16(b + n + 2, frag);
		n += len;
	}
	return n;
}

/* Sets the payload length of the IPv6 header after an untagged Ethernet header. */
static size_t finish(__u8 *b, size_t len)
{
	pb_put16(b + PB_ETH_LEN + 4, (__u16)(len - PB_ETH_LEN - PB_IP6_LEN));
	return len;
}

static __u32 cookie(const char *target, __u16 tport, bool disc)
{
	struct xm_siphash_key dk = xm_discovery_key(&xh_key);
	struct in6_addr us = a6(OUR6), t = a6(target);

	return xm_cookie6(disc ? &dk : &xh_key, us.s6_addr, t.s6_addr, htons(SPORT), htons(tport));
}

/* A TCP segment from target:tport to our probe port, behind the given extension headers. */
static size_t tcp_reply(__u8 *b, const char *target, __u16 tport, __u8 flags, __u32 seq,
			__u32 ack, const __u8 *ext, int next, __u16 frag)
{
	size_t n = outer(b, target, OUR6, 64, ext, next, frag, IPPROTO_TCP);

	return finish(b, n + pb_tcp_fields(b + n, &(struct pb_tcp){ tport, SPORT, seq, ack, flags,
								  64800 }));
}

static void tcp_seeds(void)
{
	const char *t = "fd00::a1";
	__u32 c = cookie(t, 80, false), dc = cookie(t, 443, true);
	__u8 b[256];

	put("synack", 0, 0, 0, b, tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, NULL, 0, 0));
	put("synack-send-rst", CTL_SEND_RST, 0, 0, b, tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7,
								  c + 1, NULL, 0, 0));
	put("synack-twice-send-rst", CTL_TWICE | CTL_SEND_RST, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, NULL, 0, 0));
	put("synack-split", CTL_SPLIT, 0, 74, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, NULL, 0, 0));
	put("synack-bad-cookie", 0, 0, 0, b, tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c, NULL, 0, 0));
	put("synack-fixup", CTL_OURS | CTL_FIX_ACK | CTL_FIX_SEQ, 0, 0, b,
	    tcp_reply(b, "fd00:9::7", 443, PB_SYN | PB_ACK, 0, 0, NULL, 0, 0));
	put("rstack", 0, 0, 0, b, tcp_reply(b, t, 80, PB_RST | PB_ACK, 0, c + 1, NULL, 0, 0));
	put("rst-seq", 0, 0, 0, b, tcp_reply(b, t, 80, PB_RST, c + 1, 0, NULL, 0, 0));
	put("ack-only", 0, 0, 0, b, tcp_reply(b, t, 80, PB_ACK, 7, c + 1, NULL, 0, 0));
	put("disc-synack", 0, 0, 0, b, tcp_reply(b, t, 443, PB_SYN | PB_ACK, 9, dc + 1, NULL, 0, 0));
	put("disc-rstack", 0, 0, 0, b, tcp_reply(b, t, 443, PB_RST | PB_ACK, 0, dc + 1, NULL, 0, 0));
	put("disc-rst-seq", 0, 0, 0, b, tcp_reply(b, t, 443, PB_RST, dc, 0, NULL, 0, 0));
	put("disc-fixup", CTL_DISCOVERY | CTL_OURS | CTL_FIX_SEQ, 0, 0, b,
	    tcp_reply(b, "fd00:9::8", 80, PB_RST, 0, 0, NULL, 0, 0));
}

/* SYN-ACKs behind extension header chains: walked, too long, fragments, cut short. */
static void ext_seeds(void)
{
	static const __u8 three[] = { 0, 60, 43 }, six[] = { 0, 60, 43, 60, 43, 60 };
	static const __u8 seven[] = { 0, 60, 43, 60, 43, 60, 60 }, frag[] = { 0, 44 };
	static const __u8 eight[] = { 60, 60, 60, 60, 60, 60, 60, 60 }, one[] = { 60 };
	const char *t = "fd00::b1";
	__u32 c = cookie(t, 80, false);
	__u8 b[512];
	size_t n;

	put("ext-three", 0, 0, 0, b, tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, three, 3, 0));
	put("ext-six", 0, 0, 0, b, tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, six, 6, 0));
	put("ext-six-send-rst", CTL_SEND_RST, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, six, 6, 0));
	put("ext-seven-long", 0, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, seven, 7, 0));
	put("ext-eight-long", 0, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, eight, 8, 0));
	put("ext-atomic-fragment", 0, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, frag, 2, 0));
	put("ext-first-fragment", 0, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, frag, 2, 1));
	put("ext-later-fragment", 0, 0, 0, b,
	    tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, frag, 2, 8 << 3));
	n = tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, one, 1, 0);
	put("ext-cut", 0, 0, 0, b, PB_ETH_LEN + PB_IP6_LEN + 12);
	put("ext-split", CTL_SPLIT, 0, (__u8)(n - 8), b, n);
}

/*
 * At b + n: an ICMPv6 destination unreachable of 'code', then the quoted
 * IPv6 header of a probe from prober to target (hop limit 64, next header
 * qnext, payload length 0); returns where the quoted header starts.
 */
static size_t unreach_head(__u8 *b, size_t n, __u8 code, const char *prober,
			   const char *target, __u8 qnext)
{
	struct in6_addr p = a6(prober), t = a6(target);
	__u8 *q;

	memset(b + n, 0, PB_ICMP_LEN);
	b[n] = 1;
	b[n + 1] = code;
	n += PB_ICMP_LEN;
	q = b + n;
	memset(q, 0, PB_IP6_LEN);
	q[0] = 0x60;
	q[6] = qnext;
	q[7] = 64;
	memcpy(q + 8, &p, 16);
	memcpy(q + 24, &t, 16);
	return n;
}

/* An ICMPv6 unreachable from a router quoting the probe us:SPORT -> target:tport (TCP or UDP). */
static size_t unreach(__u8 *b, const char *prober, const char *target, __u16 tport, __u8 code,
		      __u8 qnext, __u32 seq, const __u8 *ext, int next)
{
	size_t n = outer(b, "fd00::fe", OUR6, 63, ext, next, 0, 58);

	n = unreach_head(b, n, code, prober, target, qnext);
	pb_put16(b + n + 4, PB_TCP_LEN);
	n += PB_IP6_LEN;
	return finish(b, n + pb_tcp_fields(b + n, &(struct pb_tcp){ SPORT, tport, seq, 0, PB_SYN,
								  64800 }));
}

static void unreach_seeds(void)
{
	static const __u8 hbh[] = { 0 };
	const char *t = "fd00::c1";
	__u32 c = cookie(t, 25, false);
	char name[32];
	__u8 b[256];
	int code;

	for (code = 0; code <= 7; code++) {
		snprintf(name, sizeof(name), "unreach-%d", code);
		put(name, 0, 0, 0, b, unreach(b, OUR6, t, 25, (__u8)code, IPPROTO_TCP, c, NULL, 0));
	}
	put("unreach-bad-cookie", 0, 0, 0, b,
	    unreach(b, OUR6, t, 25, 1, IPPROTO_TCP, c ^ 1, NULL, 0));
	put("unreach-foreign", 0, 0, 0, b,
	    unreach(b, "fd00::77", t, 25, 1, IPPROTO_TCP, c, NULL, 0));
	put("unreach-hbh", 0, 0, 0, b, unreach(b, OUR6, t, 25, 3, IPPROTO_TCP, c, hbh, 1));
	put("unreach-cut-quote", 0, 0, 0, b,
	    unreach(b, OUR6, t, 25, 1, IPPROTO_TCP, c, NULL, 0) - PB_TCP_LEN + 6);
	put("unreach-fixup", CTL_OURS | CTL_FIX_ACK, 0, 0, b,
	    unreach(b, "fd00::77", t, 25, 9, IPPROTO_TCP, 0, NULL, 0));
}

/* Echo replies to discovery, an echo request, a stray ICMPv6 message. */
static void echo_seeds(void)
{
	struct xm_siphash_key dk = xm_discovery_key(&xh_key);
	struct in6_addr us = a6(OUR6), t = a6("fd00::d1");
	__u8 b[256];
	size_t n = outer(b, "fd00::d1", OUR6, 64, NULL, 0, 0, 58);

	memset(b + n, 0, PB_ICMP_LEN);
	b[n] = 129;
	pb_put32(b + n + 4, xm_cookie6(&dk, us.s6_addr, t.s6_addr, 0, 128));
	finish(b, n + PB_ICMP_LEN);
	put("echo-reply", 0, 0, 0, b, n + PB_ICMP_LEN);
	put("echo-reply-twice", CTL_TWICE, 0, 0, b, n + PB_ICMP_LEN);
	b[n] = 128;
	put("echo-request", 0, 0, 0, b, n + PB_ICMP_LEN);
	b[n] = 129;
	b[n + 7] ^= 1;
	put("echo-bad-cookie", 0, 0, 0, b, n + PB_ICMP_LEN);
	put("echo-fixup", CTL_DISCOVERY | CTL_OURS | CTL_FIX_ACK, 0, 0, b, n + PB_ICMP_LEN);
	b[n] = 3;
	put("time-exceeded", 0, 0, 0, b, n + PB_ICMP_LEN);
}

/* A Neighbor Advertisement from target about itself (S and O flags unless 'flags' given). */
static size_t na(__u8 *b, const char *target, __u8 hop, __u32 flags, const __u8 *mac)
{
	size_t n = outer(b, target, OUR6, hop, NULL, 0, 0, 58);
	struct in6_addr t = a6(target);
	__u8 *p = b + n;

	memset(p, 0, 32);
	p[0] = 136;
	pb_put32(p + 4, flags);
	memcpy(p + 8, &t, 16);
	if (!mac)
		return finish(b, n + 24);
	p[24] = 2;
	p[25] = 1;
	memcpy(p + 26, mac, 6);
	return finish(b, n + 32);
}

/*
 * Advertisements: answering our question (once, twice), without the option,
 * for an address not asked, unsolicited, forwarded (hop limit 64), a second
 * MAC for an answered address, the same MAC again, steered by the fixes.
 */
static void na_seeds(void)
{
	const char *t = "fd00::c1";
	__u8 b[256];

	put("na-asked", CTL_ASK, 0, 0, b, na(b, t, 255, 0x60000000, mac_na));
	put("na-asked-twice", CTL_ASK | CTL_TWICE, 0, 0, b, na(b, t, 255, 0x60000000, mac_na));
	put("na-asked-no-option", CTL_ASK, 0, 0, b, na(b, t, 255, 0x60000000, NULL));
	put("na-not-asked", 0, 0, 0, b, na(b, t, 255, 0x60000000, mac_na));
	put("na-unsolicited-asked", CTL_ASK, 0, 0, b, na(b, t, 255, 0x20000000, mac_na));
	put("na-forwarded-asked", CTL_ASK, 0, 0, b, na(b, t, 64, 0x60000000, mac_na));
	put("na-conflict", CTL_TWICE, AUX_ANSWERED, 0, b, na(b, t, 255, 0x60000000, mac_na));
	put("na-same-answer", 0, AUX_ANSWERED, 0, b, na(b, t, 255, 0x60000000, mac_other));
	put("na-asked-and-answered", CTL_ASK, AUX_ANSWERED, 0, b,
	    na(b, t, 255, 0x60000000, mac_na));
	put("na-fixup", CTL_ASK | CTL_OURS, 0, 0, b, na(b, t, 64, 0x20000000, mac_na));
	put("na-cut", CTL_ASK, 0, 0, b, na(b, t, 255, 0x60000000, mac_na) - 12);
}

/* Our UDP probe's source port to target:port and its cookie (-sU's keys, or -PU's). */
static __u16 udp_sport(const char *target, __u16 port, bool ping)
{
	struct xm_siphash_key ck = ping ? xm_discovery_key(&xh_key) : xh_key;
	struct xm_siphash_key sk = xm_sport_key(&ck);
	struct in6_addr t = a6(target);

	if (port == 67)
		return 68;
	if (port == 137)
		return 137;
	return xm_probe_sport(&sk, (__u32)t.s6_addr[12] << 24 | (__u32)t.s6_addr[13] << 16 |
				   (__u32)t.s6_addr[14] << 8 | t.s6_addr[15],
			      port, XH_SPORT_LO, XH_SPORT_HI);
}

static __u32 udp_cookie(const char *target, __u16 port, bool ping)
{
	struct xm_siphash_key ck = ping ? xm_discovery_key(&xh_key) : xh_key;
	struct in6_addr us = a6(OUR6), t = a6(target);

	return xm_cookie6(&ck, us.s6_addr, t.s6_addr, htons(udp_sport(target, port, ping)),
			  htons(port));
}

/*
 * An SNMP v1 message (community "public"): a GetRequest whose request-id is at
 * byte 17, or the GetResponse to it; the request-id is 'id'.
 */
static size_t snmp_payload(__u8 *p, __u32 id, bool reply)
{
	static const __u8 msg[] = { 0x30, 27, 0x02, 1, 0, 0x04, 6, 'p', 'u', 'b', 'l', 'i', 'c',
				    0xa0, 14, 0x02, 4, 0, 0, 0, 0, 0x02, 1, 0, 0x02, 1, 0,
				    0x30, 0 };

	memcpy(p, msg, sizeof(msg));
	if (reply)
		p[13] = 0xa2;
	pb_put32(p + 17, id);
	return sizeof(msg);
}

/*
 * The payload of fuzz_xdp6.c's port table for 'port' (a probe's, or its
 * reply's) carrying the cookie c: DNS id at 0 (53), BOOTP xid at 4 (67),
 * NTP origin or transmit timestamp (123), NetBIOS id at 0 (137), SNMP
 * request-id (161), else text.
 */
static size_t udp_payload(__u8 *p, __u16 port, __u32 c, bool reply)
{
	memset(p, 0, 64);
	switch (port) {
	case 53:
	case 137:
		pb_put16(p, (__u16)c);
		return 12;
	case 67:
		pb_put32(p + 4, c);
		return 48;
	case 123:
		pb_put32(p + (reply ? 28 : 44), c);
		return 48;
	case 161:
		return snmp_payload(p, c & 0x7fffffff, reply);
	}
	memcpy(p, "reply", 5);
	return 5;
}

static size_t udp_at(__u8 *p, __u16 sport, __u16 dport, const __u8 *payload, size_t len)
{
	pb_put16(p, sport);
	pb_put16(p + 2, dport);
	pb_put16(p + 4, (__u16)(8 + len));
	pb_put16(p + 6, 0);
	memcpy(p + 8, payload, len);
	return 8 + len;
}

/* A UDP reply from target:port to our probe's source port (bad: its cookie off by one). */
static size_t udp_reply(__u8 *b, const char *target, __u16 port, bool ping, bool bad,
			const __u8 *ext, int next)
{
	size_t n = outer(b, target, OUR6, 63, ext, next, 0, IPPROTO_UDP), plen;
	__u8 payload[64];

	plen = udp_payload(payload, port, udp_cookie(target, port, ping) + bad, true);
	return finish(b, n + udp_at(b + n, port, udp_sport(target, port, ping), payload, plen));
}

/*
 * An ICMPv6 unreachable quoting our UDP probe to target:port, 'quote' bytes of it (0: all):
 * port unreachable (code 4) from the target, as a host sends it; the other codes from the
 * router fd00::fe.
 */
static size_t udp_unreach(__u8 *b, const char *prober, const char *target, __u16 port,
			  __u8 code, bool ping, size_t quote)
{
	size_t n = outer(b, code == 4 ? target : "fd00::fe", OUR6, 62, NULL, 0, 0, 58), plen, qlen;
	__u8 payload[64], *q;

	n = unreach_head(b, n, code, prober, target, IPPROTO_UDP);
	q = b + n;
	plen = udp_payload(payload, port, udp_cookie(target, port, ping), false);
	qlen = udp_at(q + PB_IP6_LEN, udp_sport(target, port, ping), port, payload, plen);
	pb_put16(q + 4, (__u16)qlen);
	qlen += PB_IP6_LEN;
	return finish(b, n + (quote ? quote : qlen));
}

/* udp_unreach()'s port unreachable as the router fd00::fe sends it: filtered, host not up. */
static size_t udp_unreach_by_router(__u8 *b, const char *target, __u16 port, bool ping)
{
	struct in6_addr r = a6("fd00::fe");
	size_t n = udp_unreach(b, OUR6, target, port, 4, ping, 0);

	memcpy(b + PB_ETH_LEN + 8, &r, 16);
	return n;
}

/* UDP over IPv6 (the aux byte's UDP load): replies, spoofs, unreachables, -PU's answers. */
static void udp_seeds(void)
{
	static const __u16 ports[] = { 7, 53, 67, 123, 137, 161 };
	static const __u8 hbh[] = { 0 };
	const char *t = "fd00::5:1";
	char name[48];
	__u8 b[256];
	size_t i, n;
	int code;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		snprintf(name, sizeof(name), "udp-reply-%u", ports[i]);
		put(name, 0, AUX_UDP, 0, b, udp_reply(b, t, ports[i], false, false, NULL, 0));
		snprintf(name, sizeof(name), "udp-spoofed-%u", ports[i]);
		put(name, 0, AUX_UDP, 0, b, udp_reply(b, t, ports[i], false, true, NULL, 0));
		snprintf(name, sizeof(name), "udp-unreach-4-%u", ports[i]);
		put(name, 0, AUX_UDP, 0, b, udp_unreach(b, OUR6, t, ports[i], 4, false, 0));
	}
	for (code = 0; code <= 7; code += 1 + (code == 4)) {
		snprintf(name, sizeof(name), "udp-unreach-%d", code);
		put(name, 0, AUX_UDP, 0, b, udp_unreach(b, OUR6, t, 53, (__u8)code, false, 0));
	}
	put("udp-reply-twice", CTL_TWICE, AUX_UDP, 0, b, udp_reply(b, t, 53, false, false, NULL, 0));
	put("udp-reply-hbh", 0, AUX_UDP, 0, b, udp_reply(b, t, 123, false, false, hbh, 1));
	n = udp_reply(b, t, 123, false, false, NULL, 0);
	put("udp-reply-cut", 0, AUX_UDP, 0, b, n - 20);
	put("udp-reply-no-udp-load", 0, 0, 0, b, n);
	put("udp-unreach-header-only", 0, AUX_UDP, 0, b,
	    udp_unreach(b, OUR6, t, 53, 4, false, PB_IP6_LEN + 8));
	put("udp-unreach-cut-header", 0, AUX_UDP, 0, b,
	    udp_unreach(b, OUR6, t, 53, 4, false, PB_IP6_LEN + 4));
	put("udp-unreach-foreign", 0, AUX_UDP, 0, b,
	    udp_unreach(b, "fd00::77", t, 53, 4, false, 0));
	put("udp-ping-reply", 0, AUX_UDP, 0, b, udp_reply(b, t, 40125, true, false, NULL, 0));
	put("udp-ping-unreach", 0, AUX_UDP, 0, b, udp_unreach(b, OUR6, t, 40125, 4, true, 0));
	put("udp-ping-prohibited", 0, AUX_UDP, 0, b, udp_unreach(b, OUR6, t, 40125, 1, true, 0));
	put("udp-unreach-4-router", 0, AUX_UDP, 0, b, udp_unreach_by_router(b, t, 9, false));
	put("udp-ping-unreach-router", 0, AUX_UDP, 0, b, udp_unreach_by_router(b, t, 40125, true));
	put("udp-fixup", CTL_OURS | CTL_FIX_ACK, AUX_UDP, 0, b,
	    udp_reply(b, "fd00::5:9", 53, false, true, NULL, 0));
	put("udp-ping-fixup", CTL_OURS | CTL_FIX_ACK, AUX_UDP | AUX_PING, 0, b,
	    udp_reply(b, "fd00::5:9", 123, false, true, NULL, 0));
	put("udp-unreach-fixup", CTL_OURS | CTL_FIX_ACK, AUX_UDP, 0, b,
	    udp_unreach(b, "fd00::77", "fd00::5:9", 67, 4, true, 0));
}

/*
 * The first extension header (right after the IPv6 header) of a len-byte
 * frame grown by 'units' 8-byte units of padding (Pad1 options): what follows
 * it moves that far into the frame.
 */
static size_t widen(__u8 *b, size_t len, unsigned int units)
{
	size_t at = PB_ETH_LEN + PB_IP6_LEN + 8, extra = 8 * (size_t)units;

	memmove(b + at + extra, b + at, len - at);
	memset(b + at, 0, extra);
	b[PB_ETH_LEN + PB_IP6_LEN + 1] += (__u8)units;
	return finish(b, len + extra);
}

/*
 * Replies far into the frame, behind a large destination options header: TCP
 * near its end; UDP as far as it is read (a header starting at 1022, its
 * cookie past where payloads are read), and farther (passed).
 */
static void far_seeds(void)
{
	static const __u8 dst[] = { 60 };
	const char *t = "fd00::e2";
	__u32 c = cookie(t, 80, false);
	__u8 b[XH_FRAME_MAX];
	size_t n;

	n = tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, dst, 1, 0);
	put("synack-far", 0, 0, 0, b, widen(b, n, 175));
	n = tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, dst, 1, 0);
	put("synack-far-send-rst", CTL_SEND_RST, 0, 0, b, widen(b, n, 175));
	n = udp_reply(b, t, 7, false, false, dst, 1);
	put("udp-reply-far", 0, AUX_UDP, 0, b, widen(b, n, 110));
	n = udp_reply(b, t, 7, false, false, dst, 1);
	put("udp-reply-edge", 0, AUX_UDP, 0, b, widen(b, n, 119));
	n = udp_reply(b, t, 53, false, false, dst, 1);
	put("udp-reply-dns-edge", 0, AUX_UDP, 0, b, widen(b, n, 119));
	n = udp_reply(b, t, 53, false, false, dst, 1);
	put("udp-reply-dns-far", 0, AUX_UDP, 0, b, widen(b, n, 118));
	n = udp_reply(b, t, 7, false, false, dst, 1);
	put("udp-reply-too-far", 0, AUX_UDP, 0, b, widen(b, n, 120));
}

/* VLAN-tagged replies; frames to others, of another version or family, cut short. */
static void other_seeds(void)
{
	const char *t = "fd00::e1";
	__u32 c = cookie(t, 80, false);
	__u8 b[256];
	size_t n;

	n = tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, NULL, 0, 0);
	put("synack-vlan", 0, 0, 0, b, seed_vlan_tag(b, n, 1));
	n = tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, NULL, 0, 0);
	put("synack-qinq-send-rst", CTL_SEND_RST, 0, 0, b, seed_vlan_tag(b, n, 2));
	n = na(b, "fd00::c2", 255, 0x60000000, NULL);
	put("na-vlan-asked", CTL_ASK, 0, 0, b, seed_vlan_tag(b, n, 1));
	n = tcp_reply(b, t, 80, PB_SYN | PB_ACK, 7, c + 1, NULL, 0, 0);
	b[PB_ETH_LEN] = 0x40;
	put("version-4", 0, 0, 0, b, n);
	b[PB_ETH_LEN] = 0x60;
	b[PB_ETH_LEN + 39] ^= 1;
	put("to-another-address", 0, 0, 0, b, n);
	put("short", 0, 0, 0, b, PB_ETH_LEN + PB_IP6_LEN - 1);
	pb_eth(b, PB_ETH_P_IP);
	put("ipv4-frame", 0, 0, 0, b, n);
}

int main(int argc, char **argv)
{
	seed_open_dir(argc, argv);
	tcp_seeds();
	ext_seeds();
	unreach_seeds();
	echo_seeds();
	na_seeds();
	udp_seeds();
	far_seeds();
	other_seeds();
	return 0;
}

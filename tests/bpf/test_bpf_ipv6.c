// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Table-driven BPF_PROG_TEST_RUN tests of the XDP catcher's IPv6 path (bpf/xdpmap_ipv6.h). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cmocka.h>

#include "common_kern_user.h"
/* cookie.h carries a clang-only "#pragma unroll" for the BPF build. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#include "cookie.h"
#pragma GCC diagnostic pop
#include "xdpmap.skel.h"
#include "pkt_builder.h"

#define OUR6 "fd00::1"
#define SPORT_LO 61000
#define SPORT_HI 61999
#define PKT_MAX 512
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EXT_MAX 8
/* The program walks 6 extension headers (XM_IPV6_EXT_MAX in bpf/xdpmap_ipv6.h). */
#define WALKED 6

static const struct xm_siphash_key test_key = {
	.k0 = 0x0706050403020100ULL,
	.k1 = 0x0f0e0d0c0b0a0908ULL,
};

enum frame6 { F6_TCP, F6_UNREACH, F6_ECHO, F6_ICMP_OTHER, F6_NA };

/* What a seq/ack (or an echo's id|seq) holds: the port cookie (the default), +1, or discovery's. */
enum val6 { V_COOKIE = 0, V_COOKIE1, V_ZERO, V_WRONG, V_DCOOKIE, V_DCOOKIE1 };

/*
 * TCP: a reply from src:tport to dst:oport. UNREACH: an ICMPv6 error from src
 * quoting the SYN prober:oport -> target:tport whose seq is 'seq'. ECHO: an
 * echo reply from src whose id|seq is 'seq'. ext: the next-header numbers of
 * the extension headers before the upper layer (0 hop-by-hop, 43 routing, 44
 * fragment with frag_off 'frag', 60 destination options of 16 bytes). NA: a
 * Neighbor Advertisement from src for src (solicited unless 'unsolicited',
 * with the target link-layer option 'mac' unless 'no_opt'); 'asked' puts the
 * question (src, asked) in nd_asked first.
 */
struct spec6 {
	enum frame6 frame;
	const char *src;
	const char *dst;	/* NULL: OUR6 */
	const char *target;	/* UNREACH */
	const char *prober;	/* UNREACH; NULL: OUR6 */
	__u16 tport, oport;
	__u8 flags;
	enum val6 seq, ack;
	__u16 window;
	__u8 hop;
	__u8 ext[EXT_MAX];
	__u8 next;		/* extension headers in ext */
	__u16 frag;
	__u8 type, code;	/* ICMPv6 */
	__u8 version;		/* 0: 6 */
	__u8 qnext;		/* UNREACH: the quoted next header; 0: TCP */
	size_t cut;		/* frame cut to this many bytes; 0: whole */
	bool vlan;		/* one 802.1Q tag */
	bool asked, unsolicited, no_opt; /* NA */
	const __u8 *mac;	/* NA: the option's MAC */
};

struct expect6 {
	const char *addr;	/* NULL: no record */
	__u16 port;
	__u8 state, reason, ttl;
	__u16 window;
	__u8 proto;
	const __u8 *mac;	/* NA: the record's MAC */
};

/* What nd_asked holds for a NA's target after the case. */
enum nd_after { ND_UNCHECKED = 0, ND_ANSWERED, ND_OPEN, ND_NONE };

struct case6 {
	const char *name;
	struct spec6 s;
	int action;
	struct expect6 rec;
	__s64 delta[XM_CNT_MAX];	/* besides seen +1 and, on PASS, passed +1 */
	enum nd_after after;
	const __u8 *answered;	/* ND_ANSWERED: the MAC the entry keeps */
	__u8 pkt[PKT_MAX];
	size_t len;
};

#define SYNACK (PB_SYN | PB_ACK)
#define RSTACK (PB_RST | PB_ACK)
#define TCP6(src_, tport_, oport_, flags_, ack_) \
	.frame = F6_TCP, .src = src_, .tport = tport_, .oport = oport_, .flags = flags_, \
	.seq = V_WRONG, .ack = ack_, .window = 64800, .hop = 64
#define UNREACH6(target_, tport_, oport_, code_) \
	.frame = F6_UNREACH, .src = "fd00::fe", .target = target_, .tport = tport_, \
	.oport = oport_, .type = 1, .code = code_, .hop = 63

static const __u8 mac_na[6] = { 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x01 };
static const __u8 mac_na2[6] = { 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x02 };

#define NA6(src_, mac_, hop_) .frame = F6_NA, .src = src_, .hop = hop_, .mac = mac_
#define ND_REC(addr_, mac_) { addr_, 0, XM_STATE_UP, XM_REASON_ND_RESPONSE, 0, 0, 0, mac_ }

/* Every row its own (target, port): the dedup LRU keeps entries across rows. */
static struct case6 cases[] = {
	{ .name = "v6 open: SYN-ACK acking cookie+1",
	  .s = { TCP6("fd00::a1", 80, SPORT_LO, SYNACK, V_COOKIE1) }, .action = XDP_DROP,
	  .rec = { "fd00::a1", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64800, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "v6 duplicate: the same SYN-ACK again",
	  .s = { TCP6("fd00::a1", 80, SPORT_LO, SYNACK, V_COOKIE1) }, .action = XDP_DROP,
	  .delta = { [XM_CNT_DUPLICATE] = 1 } },
	{ .name = "v6 closed: RST-ACK acking cookie+1",
	  .s = { TCP6("fd00::a2", 23, 61001, RSTACK, V_COOKIE1) }, .action = XDP_DROP,
	  .rec = { "fd00::a2", 23, XM_STATE_CLOSED, XM_REASON_RESET, 64, 64800, IPPROTO_TCP },
	  .delta = { [XM_CNT_CLOSED] = 1 } },
	{ .name = "v6 bad cookie: SYN-ACK acking something else",
	  .s = { TCP6("fd00::a3", 80, 61002, SYNACK, V_WRONG) }, .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "v6 pass: SYN-ACK to another address",
	  .s = { TCP6("fd00::a4", 80, 61003, SYNACK, V_COOKIE1), .dst = "fd00::9" },
	  .action = XDP_PASS },
	{ .name = "v6 pass: SYN-ACK to a port outside ours",
	  .s = { TCP6("fd00::a5", 80, 1234, SYNACK, V_COOKIE1) }, .action = XDP_PASS },
	{ .name = "v6 pass: plain ACK acking cookie+1",
	  .s = { TCP6("fd00::a6", 80, 61004, PB_ACK, V_COOKIE1) }, .action = XDP_PASS },
	{ .name = "v6 discovery: SYN-ACK acking the discovery cookie+1 is a live host",
	  .s = { TCP6("fd00::a7", 443, 61005, SYNACK, V_DCOOKIE1) }, .action = XDP_DROP,
	  .rec = { "fd00::a7", 443, XM_STATE_UP, XM_REASON_SYN_ACK, 64, 0, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },

	/* Extension headers. */
	{ .name = "v6 open behind hop-by-hop, destination options and routing headers",
	  .s = { TCP6("fd00::b1", 80, 61010, SYNACK, V_COOKIE1), .ext = { 0, 60, 43 },
		 .next = 3 }, .action = XDP_DROP,
	  .rec = { "fd00::b1", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64800, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "v6 open behind as many extension headers as are walked",
	  .s = { TCP6("fd00::b2", 80, 61011, SYNACK, V_COOKIE1), .ext = { 0, 60, 43, 60, 43, 60 },
		 .next = WALKED }, .action = XDP_DROP,
	  .rec = { "fd00::b2", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64800, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "v6 pass: one extension header more than walked, counted",
	  .s = { TCP6("fd00::b3", 80, 61012, SYNACK, V_COOKIE1),
		 .ext = { 0, 60, 43, 60, 43, 60, 60 }, .next = WALKED + 1 },
	  .action = XDP_PASS, .delta = { [XM_CNT_IPV6_EXT_LONG] = 1 } },
	{ .name = "v6 pass: eight extension headers, counted",
	  .s = { TCP6("fd00::b4", 80, 61013, SYNACK, V_COOKIE1),
		 .ext = { 60, 60, 60, 60, 60, 60, 60, 60 }, .next = 8 },
	  .action = XDP_PASS, .delta = { [XM_CNT_IPV6_EXT_LONG] = 1 } },
	{ .name = "v6 pass: extension header cut short",
	  .s = { TCP6("fd00::b5", 80, 61014, SYNACK, V_COOKIE1), .ext = { 60 }, .next = 1,
		 .cut = PB_ETH_LEN + PB_IP6_LEN + 12 }, .action = XDP_PASS },
	{ .name = "v6 open behind an atomic fragment header (offset 0, no more fragments)",
	  .s = { TCP6("fd00::b6", 80, 61015, SYNACK, V_COOKIE1), .ext = { 44 }, .next = 1 },
	  .action = XDP_DROP,
	  .rec = { "fd00::b6", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64800, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "v6 pass: first fragment (more fragments)",
	  .s = { TCP6("fd00::b7", 80, 61016, SYNACK, V_COOKIE1), .ext = { 44 }, .next = 1,
		 .frag = 0x0001 }, .action = XDP_PASS },
	{ .name = "v6 pass: later fragment (offset 8)",
	  .s = { TCP6("fd00::b8", 80, 61017, SYNACK, V_COOKIE1), .ext = { 44 }, .next = 1,
		 .frag = 8 << 3 }, .action = XDP_PASS },
	{ .name = "v6 pass: fragment header behind hop-by-hop, offset 16",
	  .s = { TCP6("fd00::b9", 80, 61018, SYNACK, V_COOKIE1), .ext = { 0, 44 }, .next = 2,
		 .frag = 16 << 3 }, .action = XDP_PASS },

	/* ICMPv6 destination unreachable quoting our SYN. */
	{ .name = "v6 filtered: admin-prohibited quoting our SYN",
	  .s = { UNREACH6("fd00::c1", 9998, 61020, 1) }, .action = XDP_DROP,
	  .rec = { "fd00::c1", 9998, XM_STATE_FILTERED, XM_REASON_ADMIN_PROHIBITED, 63, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "v6 filtered: port unreachable",
	  .s = { UNREACH6("fd00::c2", 9997, 61021, 4) }, .action = XDP_DROP,
	  .rec = { "fd00::c2", 9997, XM_STATE_FILTERED, XM_REASON_PORT_UNREACH, 63, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "v6 filtered: address unreachable behind a hop-by-hop header",
	  .s = { UNREACH6("fd00::c3", 9996, 61022, 3), .ext = { 0 }, .next = 1 },
	  .action = XDP_DROP,
	  .rec = { "fd00::c3", 9996, XM_STATE_FILTERED, XM_REASON_HOST_UNREACH, 63, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "v6 pass: no route (code 0) is not recorded",
	  .s = { UNREACH6("fd00::c4", 9995, 61023, 0) }, .action = XDP_PASS },
	{ .name = "v6 pass: quote cut inside the quoted IPv6 header",
	  .s = { UNREACH6("fd00::c5", 9994, 61024, 1),
		 .cut = PB_ETH_LEN + PB_IP6_LEN + PB_ICMP_LEN + 30 }, .action = XDP_PASS },
	{ .name = "v6 pass: quote cut inside the quoted TCP ports and seq",
	  .s = { UNREACH6("fd00::c6", 9993, 61025, 1),
		 .cut = PB_ETH_LEN + 2 * PB_IP6_LEN + PB_ICMP_LEN + 6 }, .action = XDP_PASS },
	{ .name = "v6 pass: foreign quote (another prober's SYN)",
	  .s = { UNREACH6("fd00::c7", 9992, 61026, 1), .prober = "fd00::77" },
	  .action = XDP_PASS },
	{ .name = "v6 pass: quote from a port outside ours",
	  .s = { UNREACH6("fd00::c8", 9991, 4000, 1) }, .action = XDP_PASS },
	{ .name = "v6 bad cookie: quoted SYN with another seq",
	  .s = { UNREACH6("fd00::c9", 9990, 61027, 1), .seq = V_WRONG }, .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "v6 pass: quoted UDP datagram",
	  .s = { UNREACH6("fd00::ca", 9989, 61028, 4), .qnext = IPPROTO_UDP },
	  .action = XDP_PASS },

	/* Echo replies and other ICMPv6. */
	{ .name = "v6 up: echo reply carrying the discovery cookie",
	  .s = { .frame = F6_ECHO, .src = "fd00::d1", .type = 129, .seq = V_DCOOKIE, .hop = 64 },
	  .action = XDP_DROP,
	  .rec = { "fd00::d1", 0, XM_STATE_UP, XM_REASON_ECHO_REPLY, 64, 0, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "v6 bad cookie: echo reply with another id and seq",
	  .s = { .frame = F6_ECHO, .src = "fd00::d2", .type = 129, .seq = V_WRONG, .hop = 64 },
	  .action = XDP_PASS, .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "v6 pass: echo request",
	  .s = { .frame = F6_ECHO, .src = "fd00::d3", .type = 128, .seq = V_DCOOKIE, .hop = 64 },
	  .action = XDP_PASS },
	{ .name = "v6 pass: neighbour advertisement",
	  .s = { .frame = F6_ICMP_OTHER, .src = "fd00::d4", .type = 136, .hop = 255 },
	  .action = XDP_PASS },

	/* Neighbor Advertisements: recorded only when they answer an open question. */
	{ .name = "v6 nd: solicited NA for an asked address: up, its MAC (passed on)",
	  .s = { NA6("fd00::c1", mac_na, 255), .asked = true }, .action = XDP_PASS,
	  .rec = ND_REC("fd00::c1", mac_na), .delta = { [XM_CNT_HOST_UP] = 1 },
	  .after = ND_ANSWERED, .answered = mac_na },
	{ .name = "v6 nd: the same NA again: one record",
	  .s = { NA6("fd00::c1", mac_na, 255) }, .action = XDP_PASS,
	  .delta = { [XM_CNT_DUPLICATE] = 1 }, .after = ND_ANSWERED, .answered = mac_na },
	{ .name = "v6 nd: unsolicited NA with another MAC: no record, the MAC kept",
	  .s = { NA6("fd00::c1", mac_na2, 255), .unsolicited = true }, .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 }, .after = ND_ANSWERED, .answered = mac_na },
	{ .name = "v6 nd: unsolicited NA for an asked address: no host, the question open",
	  .s = { NA6("fd00::c2", mac_na, 255), .asked = true, .unsolicited = true },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 }, .after = ND_OPEN },
	{ .name = "v6 nd: solicited NA for an address not asked: no record, no entry",
	  .s = { NA6("fd00::c3", mac_na, 255) }, .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 }, .after = ND_NONE },
	{ .name = "v6 nd: NA with hop limit 64 (forwarded, RFC 4861 7.1.2): ignored",
	  .s = { NA6("fd00::c4", mac_na, 64), .asked = true }, .action = XDP_PASS,
	  .after = ND_OPEN },
	{ .name = "v6 nd: NA without the target link-layer option: the Ethernet source",
	  .s = { NA6("fd00::c4", mac_na, 255), .no_opt = true }, .action = XDP_PASS,
	  .rec = ND_REC("fd00::c4", pb_mac_gw), .delta = { [XM_CNT_HOST_UP] = 1 },
	  .after = ND_ANSWERED, .answered = pb_mac_gw },
	{ .name = "v6 nd: NA to another address: passed, nothing",
	  .s = { NA6("fd00::c5", mac_na, 255), .asked = true, .dst = "fd00::9" },
	  .action = XDP_PASS,
	  .after = ND_OPEN },
	{ .name = "v6 nd: NA cut before its target: passed, nothing",
	  .s = { NA6("fd00::c5", mac_na, 255), .cut = PB_ETH_LEN + PB_IP6_LEN + 20 },
	  .action = XDP_PASS,
	  .after = ND_OPEN },
	{ .name = "v6 nd: another MAC answers solicited for the answered address: one conflict",
	  .s = { NA6("fd00::c1", mac_na2, 255) }, .action = XDP_PASS,
	  .rec = ND_REC("fd00::c1", mac_na2), .delta = { [XM_CNT_HOST_UP] = 1 } },

	/* Malformed. */
	{ .name = "v6 pass: header cut short",
	  .s = { TCP6("fd00::e1", 80, 61030, SYNACK, V_COOKIE1),
		 .cut = PB_ETH_LEN + PB_IP6_LEN - 1 }, .action = XDP_PASS },
	{ .name = "v6 pass: version 4 in an IPv6 EtherType",
	  .s = { TCP6("fd00::e2", 80, 61031, SYNACK, V_COOKIE1), .version = 4 },
	  .action = XDP_PASS },
	{ .name = "v6 pass: TCP header cut short",
	  .s = { TCP6("fd00::e3", 80, 61032, SYNACK, V_COOKIE1),
		 .cut = PB_ETH_LEN + PB_IP6_LEN + 19 }, .action = XDP_PASS },
	{ .name = "v6 open: SYN-ACK under an 802.1Q tag",
	  .s = { TCP6("fd00::e4", 80, 61033, SYNACK, V_COOKIE1), .vlan = true },
	  .action = XDP_DROP,
	  .rec = { "fd00::e4", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64800, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
};

static struct {
	struct xdpmap_bpf *skel;
	struct ring_buffer *rb;
	struct xm_result recs[4];
	int nrecs, ncpus;
} fx;

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s ? s : OUR6, &a), 1);
	return a;
}

/* The probe prober:oport -> target:tport's cookies: the port scan's and discovery's. */
static __u32 cookie_of(const char *prober, const char *target, __u16 oport, __u16 tport,
		       bool disc)
{
	struct xm_siphash_key k = disc ? xm_discovery_key(&test_key) : test_key;
	struct in6_addr p = a6(prober), t = a6(target);

	return xm_cookie6(&k, p.s6_addr, t.s6_addr, htons(oport), htons(tport));
}

static __u32 value(enum val6 v, __u32 cookie, __u32 dcookie)
{
	switch (v) {
	case V_ZERO: return 0;
	case V_COOKIE: return cookie;
	case V_COOKIE1: return cookie + 1;
	case V_WRONG: return cookie ^ 0x5a5a5a5a;
	case V_DCOOKIE: return dcookie;
	case V_DCOOKIE1: return dcookie + 1;
	}
	return 0;
}

/* The fixed header (payload length filled later) from src to dst. */
static size_t ip6_header(__u8 *p, const char *src, const char *dst, __u8 nh, __u8 hop,
			 __u8 version)
{
	struct in6_addr s = a6(src), d = a6(dst);

	memset(p, 0, PB_IP6_LEN);
	p[0] = (__u8)((version ? version : 6) << 4);
	p[6] = nh;
	p[7] = hop;
	memcpy(p + 8, &s, 16);
	memcpy(p + 24, &d, 16);
	return PB_IP6_LEN;
}

/* The extension headers of spec at p, the last one naming 'upper'; their length. */
static size_t ext_chain(__u8 *p, const struct spec6 *s, __u8 upper)
{
	size_t n = 0;
	int i;

	for (i = 0; i < s->next; i++) {
		__u8 nh = i + 1 < s->next ? s->ext[i + 1] : upper;
		size_t len = s->ext[i] == 60 ? 16 : 8;

		memset(p + n, 0, len);
		p[n] = nh;
		if (s->ext[i] == 60)
			p[n + 1] = 1;	/* 16 bytes: one 8-byte unit more */
		else if (s->ext[i] == 44)
			pb_put16(p + n + 2, s->frag);
		n += len;
	}
	return n;
}

/* Ethernet, IPv6 with the spec's extension headers before 'upper'; the offset after them. */
static size_t outer(__u8 *buf, const struct spec6 *s, __u8 upper)
{
	size_t n = pb_eth(buf, PB_ETH_P_IPV6);

	n += ip6_header(buf + n, s->src, s->dst, s->next ? s->ext[0] : upper, s->hop,
			s->version);
	return n + ext_chain(buf + n, s, upper);
}

/* A Neighbor Advertisement from src about src (RFC 4861 4.4); its length. */
static size_t na_bytes(__u8 *p, const struct spec6 *s)
{
	struct in6_addr t = a6(s->src);

	memset(p, 0, 32);
	p[0] = 136;
	p[1] = s->code;
	pb_put32(p + 4, s->unsolicited ? 0x20000000 : 0x60000000); /* O, or S|O */
	memcpy(p + 8, &t, 16);
	if (s->no_opt)
		return 24;
	p[24] = 2; /* target link-layer address */
	p[25] = 1;
	memcpy(p + 26, s->mac, 6);
	return 32;
}

static size_t build(__u8 *buf, const struct spec6 *s)
{
	const char *tgt = s->frame == F6_UNREACH ? s->target : s->src;
	const char *prober = s->frame == F6_UNREACH ? s->prober : NULL;
	__u32 c = cookie_of(prober, tgt, s->oport, s->tport, false);
	__u32 dc = cookie_of(prober, tgt, s->oport, s->tport, true);
	struct xm_siphash_key dk = xm_discovery_key(&test_key);
	struct in6_addr us = a6(NULL), t = a6(tgt);
	size_t n, l3;

	if (s->frame == F6_NA) {
		n = outer(buf, s, 58);
		n += na_bytes(buf + n, s);
	} else if (s->frame == F6_TCP) {
		n = outer(buf, s, IPPROTO_TCP);
		n += pb_tcp_fields(buf + n, &(struct pb_tcp){ s->tport, s->oport,
			value(s->seq, c, dc), value(s->ack, c, dc), s->flags, s->window });
	} else {
		n = outer(buf, s, 58);
		memset(buf + n, 0, PB_ICMP_LEN);
		buf[n] = s->type;
		buf[n + 1] = s->code;
		if (s->frame == F6_ECHO)
			pb_put32(buf + n + 4, value(s->seq, 0,
					xm_cookie6(&dk, us.s6_addr, t.s6_addr, 0, 128)));
		n += PB_ICMP_LEN;
		if (s->frame == F6_UNREACH) {
			n += ip6_header(buf + n, prober, s->target,
					s->qnext ? s->qnext : IPPROTO_TCP, 64, 6);
			n += pb_tcp_fields(buf + n, &(struct pb_tcp){ s->oport, s->tport,
				value(s->seq, c, dc), 0, PB_SYN, 1024 });
		}
	}
	l3 = PB_ETH_LEN + PB_IP6_LEN;
	pb_put16(buf + PB_ETH_LEN + 4, (__u16)(n - l3));
	return n;
}

static int build_case(struct case6 *tc)
{
	size_t len = build(tc->pkt, &tc->s);

	if (tc->s.vlan) {
		memmove(tc->pkt + 16, tc->pkt + 12, len - 12);
		pb_put16(tc->pkt + 12, 0x8100);
		pb_put16(tc->pkt + 14, 100);
		len += 4;
	}
	if (len > PKT_MAX || tc->s.cut > len)
		return -1;
	tc->len = tc->s.cut ? tc->s.cut : len;
	return 0;
}

static int on_result(void *ctx, void *data, size_t size)
{
	if (size != sizeof(struct xm_result) || fx.nrecs >= (int)ARRAY_LEN(fx.recs))
		return -E2BIG;
	memcpy(&fx.recs[fx.nrecs++], data, size);
	return 0;
}

static int group_setup(void **state)
{
	struct in6_addr us = a6(NULL);
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++)
		if (build_case(&cases[i])) {
			print_message("# cannot build case '%s'\n", cases[i].name);
			return -1;
		}
	fx.skel = xdpmap_bpf__open();
	if (!fx.skel)
		return -1;
	fx.skel->rodata->cfg_src_addr = inet_addr("198.18.0.1");
	memcpy((void *)fx.skel->rodata->cfg_src_addr6, &us, 16);
	fx.skel->rodata->cfg_sport_lo = SPORT_LO;
	fx.skel->rodata->cfg_sport_hi = SPORT_HI;
	fx.skel->rodata->cfg_key0 = test_key.k0;
	fx.skel->rodata->cfg_key1 = test_key.k1;
	memcpy((void *)fx.skel->rodata->cfg_src_mac, pb_mac_us, 6);
	if (xdpmap_bpf__load(fx.skel)) {
		print_message("# cannot load the XDP program: %s\n", strerror(errno));
		return -1;
	}
	fx.rb = ring_buffer__new(bpf_map__fd(fx.skel->maps.results), on_result, NULL, NULL);
	fx.ncpus = libbpf_num_possible_cpus();
	return fx.rb && fx.ncpus > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	ring_buffer__free(fx.rb);
	xdpmap_bpf__destroy(fx.skel);
	return 0;
}

static void read_counters(__u64 out[XM_CNT_MAX])
{
	int fd = bpf_map__fd(fx.skel->maps.counters);
	__u64 vals[fx.ncpus];
	__u32 i;
	int c;

	for (i = 0; i < XM_CNT_MAX; i++) {
		assert_int_equal(bpf_map_lookup_elem(fd, &i, vals), 0);
		out[i] = 0;
		for (c = 0; c < fx.ncpus; c++)
			out[i] += vals[c];
	}
}

static void check_record(const struct expect6 *e)
{
	const struct xm_result *r = &fx.recs[0];
	struct in6_addr want = a6(e->addr);
	__u8 kind = e->state == XM_STATE_UP ? XM_KIND_HOST : XM_KIND_PORT;
	char got[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, r->addr.b, got, sizeof(got));
	if (!memcmp(r->addr.b, &want, 16) && r->family == XM_FAMILY_IPV6 &&
	    r->proto == e->proto && r->kind == kind && r->port == e->port &&
	    r->state == e->state && r->reason == e->reason && r->ttl == e->ttl &&
	    r->window == e->window && r->ts_ns && (!e->mac || !memcmp(r->mac, e->mac, 6)))
		return;
	fail_msg("record {%s, family %u, proto %u, kind %u, port %u, state %u, reason %u, "
		 "ttl %u, win %u}, want {%s, 6, %u, %u, %u, %u, %u, %u, %u}", got, r->family,
		 r->proto, r->kind, r->port, r->state, r->reason, r->ttl, r->window, e->addr,
		 e->proto, kind, e->port, e->state, e->reason, e->ttl, e->window);
}

/* The nd_asked key of address s at 'stage'. */
static struct xm_nd_key nd_key(const char *s, __u32 stage)
{
	struct xm_nd_key k = { .stage = stage };
	struct in6_addr a = a6(s);

	memcpy(k.addr, &a, 16);
	return k;
}

/* What the engine does before it sends a Solicitation. */
static void nd_ask(const char *s)
{
	struct xm_nd_key k = nd_key(s, XM_ARP_ASKED);
	struct xm_arp_val v = {};

	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.skel->maps.nd_asked), &k, &v,
					     BPF_ANY), 0);
}

static void check_nd_after(const struct case6 *tc)
{
	int fd = bpf_map__fd(fx.skel->maps.nd_asked);
	struct xm_nd_key asked = nd_key(tc->s.src, XM_ARP_ASKED);
	struct xm_nd_key answered = nd_key(tc->s.src, XM_ARP_ANSWERED);
	struct xm_arp_val v;
	bool open_q = !bpf_map_lookup_elem(fd, &asked, &v);
	bool has_answer = !bpf_map_lookup_elem(fd, &answered, &v);

	switch (tc->after) {
	case ND_UNCHECKED:
		return;
	case ND_ANSWERED:
		assert_false(open_q);
		assert_true(has_answer);
		assert_memory_equal(v.mac, tc->answered, 6);
		return;
	case ND_OPEN:
		assert_true(open_q);
		assert_false(has_answer);
		return;
	case ND_NONE:
		assert_false(open_q);
		assert_false(has_answer);
		return;
	}
}

static void run_case(void **state)
{
	const struct case6 *tc = *state;
	__u8 out[PKT_MAX + 64];
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = tc->pkt, .data_size_in = tc->len,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
	int i;

	if (tc->s.asked)
		nd_ask(tc->s.src);
	fx.nrecs = 0;
	read_counters(before);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(fx.skel->progs.xdpmap_catch),
						&opts), 0);
	ring_buffer__consume(fx.rb);
	read_counters(after);
	if ((int)opts.retval != tc->action)
		fail_msg("action %u, want %d", opts.retval, tc->action);
	assert_true(opts.data_size_out == tc->len && !memcmp(out, tc->pkt, tc->len));
	assert_int_equal(fx.nrecs, tc->rec.addr ? 1 : 0);
	if (tc->rec.addr)
		check_record(&tc->rec);
	for (i = 0; i < XM_CNT_MAX; i++) {
		__s64 want = tc->delta[i] + (i == XM_CNT_SEEN) +
			     (i == XM_CNT_PASSED && tc->action == XDP_PASS);

		if ((__s64)(after[i] - before[i]) != want)
			fail_msg("counter %d moved by %lld, want %lld", i,
				 (long long)(after[i] - before[i]), (long long)want);
	}
	check_nd_after(tc);
}

/* With no IPv6 source configured (::), nothing IPv6 is ever caught. */
static void unconfigured_catches_nothing(void **state)
{
	struct xdpmap_bpf *skel = xdpmap_bpf__open();
	const struct case6 *tc = &cases[0];
	__u8 out[PKT_MAX + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = tc->pkt, .data_size_in = tc->len,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);

	assert_non_null(skel);
	skel->rodata->cfg_sport_lo = SPORT_LO;
	skel->rodata->cfg_sport_hi = SPORT_HI;
	skel->rodata->cfg_key0 = test_key.k0;
	skel->rodata->cfg_key1 = test_key.k1;
	assert_int_equal(xdpmap_bpf__load(skel), 0);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xdpmap_catch),
						&opts), 0);
	assert_int_equal(opts.retval, XDP_PASS);
	xdpmap_bpf__destroy(skel);
}

static __u16 rd16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

static __u32 rd32(const __u8 *p)
{
	return (__u32)rd16(p) << 16 | rd16(p + 2);
}

/*
 * --send-rst: a SYN-ACK of ours (behind a hop-by-hop header, with payload
 * bytes after its TCP header) is recorded, then answered in place with a RST
 * (XDP_TX): MACs, addresses and ports swapped, seq = the SYN-ACK's ack, RST
 * only, a bare IPv6 header, the frame cut after the 20-byte TCP header, the
 * checksum verifying over the pseudo-header (summed here independently).
 */
static void send_rst6_answers_synack(void **state)
{
	static struct case6 tc = { .s = { TCP6("fd00::f1", 443, 61500, SYNACK, V_COOKIE1),
					  .ext = { 0 }, .next = 1 } };
	struct xdpmap_bpf *skel = xdpmap_bpf__open();
	struct in6_addr us = a6(NULL), them = a6("fd00::f1");
	__u8 in[PKT_MAX], out[PKT_MAX + 64];
	const __u8 *ip, *tcp;
	__u32 sum = 0, synack_ack;
	size_t len, i;

	assert_non_null(skel);
	assert_int_equal(build_case(&tc), 0);
	memcpy(in, tc.pkt, tc.len);
	memset(in + tc.len, 0xab, 8); /* bytes past the TCP header: not sent back */
	len = tc.len + 8;
	pb_put16(in + PB_ETH_LEN + 4, (__u16)(len - PB_ETH_LEN - PB_IP6_LEN));
	synack_ack = rd32(in + len - 8 - PB_TCP_LEN + 8);
	skel->rodata->cfg_sport_lo = SPORT_LO;
	skel->rodata->cfg_sport_hi = SPORT_HI;
	skel->rodata->cfg_key0 = test_key.k0;
	skel->rodata->cfg_key1 = test_key.k1;
	skel->rodata->cfg_send_rst = 1;
	memcpy((void *)skel->rodata->cfg_src_addr6, &us, 16);
	assert_int_equal(xdpmap_bpf__load(skel), 0);
	{
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = (__u32)len,
			    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);

		assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xdpmap_catch),
							&opts), 0);
		assert_int_equal(opts.retval, XDP_TX);
		assert_int_equal(opts.data_size_out, PB_ETH_LEN + PB_IP6_LEN + 20);
	}
	ip = out + PB_ETH_LEN;
	tcp = ip + PB_IP6_LEN;
	assert_memory_equal(out, pb_mac_gw, 6);
	assert_memory_equal(out + 6, pb_mac_us, 6);
	assert_int_equal(rd16(out + 12), 0x86dd);
	assert_int_equal(rd32(ip), 0x60000000);
	assert_int_equal(rd16(ip + 4), 20);
	assert_int_equal(ip[6], IPPROTO_TCP);
	assert_int_equal(ip[7], 64);
	assert_memory_equal(ip + 8, &us, 16);
	assert_memory_equal(ip + 24, &them, 16);
	assert_int_equal(rd16(tcp), 61500);
	assert_int_equal(rd16(tcp + 2), 443);
	assert_int_equal(rd32(tcp + 4), synack_ack);
	assert_int_equal(rd32(tcp + 8), 0);
	assert_int_equal(tcp[12], 5 << 4);
	assert_int_equal(tcp[13], 0x04);
	assert_int_equal(rd16(tcp + 14), 0);
	for (i = 0; i < 32; i += 2)
		sum += rd16(ip + 8 + i);
	sum += 20 + IPPROTO_TCP;
	for (i = 0; i < 20; i += 2)
		sum += rd16(tcp + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	xdpmap_bpf__destroy(skel);
}

/*
 * UDP over IPv6 (-6 -sU, -6 -PU): a load of its own with cfg_udp_scan and
 * cfg_udp_ping and a port table as the payload file gives one: 53 with the
 * DNS id at byte 0, 123 NTP; other ports carry no cookie.
 */
static const struct { __u16 port; struct xm_udp_port cfg; } udp6_table[] = {
	{ 53, { XM_UDP_COOKIE_ECHO16, 0, 0 } },
	{ 123, { XM_UDP_COOKIE_NTP, 44, 0 } },
};

/* The UDP load, and the group's load that it stands in for while the UDP test runs. */
static struct xdpmap_bpf *udp6_skel;
static struct xdpmap_bpf *group_skel;
static struct ring_buffer *group_rb;

/* The source-port key of cookie key ck, derived here as the scanner does (xm_sport_key). */
static struct xm_siphash_key sport_key_of(const struct xm_siphash_key *ck)
{
	static const __u64 labels[2] = { 0x30747270732d6d78ULL, 0x31747270732d6d78ULL };
	struct xm_siphash_key k = { xm_siphash24_words(ck, &labels[0], 1, 0, 0),
				    xm_siphash24_words(ck, &labels[1], 1, 0, 0) };

	return k;
}

static int udp6_teardown(void **state);

static int udp6_setup(void **state)
{
	struct xm_siphash_key dkey = xm_discovery_key(&test_key);
	struct xm_siphash_key sk = sport_key_of(&test_key), dsk = sport_key_of(&dkey);
	struct in6_addr us = a6(NULL);
	size_t i;
	int err;

	(void)state;
	group_skel = fx.skel;
	group_rb = fx.rb;
	fx.rb = NULL;
	udp6_skel = xdpmap_bpf__open();
	if (!udp6_skel) {
		fx.rb = group_rb;
		return -1;
	}
	memcpy((void *)udp6_skel->rodata->cfg_src_addr6, &us, 16);
	udp6_skel->rodata->cfg_sport_lo = SPORT_LO;
	udp6_skel->rodata->cfg_sport_hi = SPORT_HI;
	udp6_skel->rodata->cfg_key0 = test_key.k0;
	udp6_skel->rodata->cfg_key1 = test_key.k1;
	udp6_skel->rodata->cfg_skey0 = sk.k0;
	udp6_skel->rodata->cfg_skey1 = sk.k1;
	udp6_skel->rodata->cfg_dskey0 = dsk.k0;
	udp6_skel->rodata->cfg_dskey1 = dsk.k1;
	udp6_skel->rodata->cfg_udp_scan = 1;
	udp6_skel->rodata->cfg_udp_ping = 1;
	err = xdpmap_bpf__load(udp6_skel);
	for (i = 0; !err && i < ARRAY_LEN(udp6_table); i++) {
		__u32 key = udp6_table[i].port;

		err = bpf_map_update_elem(bpf_map__fd(udp6_skel->maps.udp_ports), &key,
					  &udp6_table[i].cfg, BPF_ANY) ? -errno : 0;
	}
	if (!err) {
		fx.skel = udp6_skel; /* read_counters() and on_result() read fx */
		fx.rb = ring_buffer__new(bpf_map__fd(udp6_skel->maps.results), on_result, NULL,
					 NULL);
		fx.ncpus = libbpf_num_possible_cpus();
	}
	if (err || !fx.rb) {
		print_message("# cannot load the XDP program for UDP: %s\n", strerror(-err));
		udp6_teardown(state);
		return -1;
	}
	return 0;
}

static int udp6_teardown(void **state)
{
	(void)state;
	ring_buffer__free(fx.rb);
	xdpmap_bpf__destroy(udp6_skel);
	fx.skel = group_skel;
	fx.rb = group_rb;
	return 0;
}

/* What a UDP row sends: a reply from target:port, or an ICMPv6 error quoting our probe. */
enum udp6_kind { U6_REPLY, U6_UNREACH };

/* How the row's packet deviates from a good one. */
enum udp6_bad {
	U6_GOOD = 0,
	U6_WRONG_COOKIE, /* the cookie is off by one */
	U6_WRONG_SPORT,	 /* to (or quoting) the source port next to ours */
	U6_FOREIGN,	 /* the quoted probe left from another address */
};

struct udp6_row {
	const char *name;
	enum udp6_kind kind;
	const char *target;
	__u16 port;
	__u8 code;	/* U6_UNREACH */
	size_t quote;	/* U6_UNREACH: bytes of the probe quoted from its IPv6 header; 0 all */
	enum udp6_bad bad;
	bool disc;	/* the probe was -PU's (discovery keys) */
	bool by_target;	/* U6_UNREACH: the target sends it (else the router fd00::fe) */
	bool hop_by_hop; /* U6_REPLY: a hop-by-hop header before UDP */
	int action;
	__u8 state, reason; /* 0: no record; XM_STATE_UP: a host record */
	int counter;	/* the enum xm_counter that moves by one besides seen/passed */
};

/* Our probe's source port to target:port, and its cookie (port scan's or -PU's keys). */
static __u16 udp6_sport(const struct udp6_row *r)
{
	struct xm_siphash_key ck = r->disc ? xm_discovery_key(&test_key) : test_key;
	struct xm_siphash_key sk = sport_key_of(&ck);
	struct in6_addr t = a6(r->target);

	return xm_probe_sport(&sk, rd32(t.s6_addr + 12), r->port, SPORT_LO, SPORT_HI);
}

static __u32 udp6_cookie(const struct udp6_row *r, __u16 sport)
{
	struct xm_siphash_key ck = r->disc ? xm_discovery_key(&test_key) : test_key;
	struct in6_addr us = a6(NULL), t = a6(r->target);

	return xm_cookie6(&ck, us.s6_addr, t.s6_addr, htons(sport), htons(r->port));
}

/* A probe's payload (reply 0) or its reply's (1) for port, carrying cookie value c. */
static size_t udp6_payload(__u8 *p, __u16 port, __u32 c, int reply)
{
	memset(p, 0, 64);
	if (port == 53) {
		pb_put16(p, (__u16)c);
		return 12;
	}
	if (port == 123) {
		pb_put32(p + (reply ? 28 : 44), c);
		return 48;
	}
	memcpy(p, "reply", 5);
	return 5;
}

/* IPv6 (hop limit 'hop', next header nh) + UDP with its sum from src:sport to dst:dport. */
static size_t udp6_packet(__u8 *p, const char *src, const char *dst, __u16 sport, __u16 dport,
			  const __u8 *payload, size_t len, bool hbh)
{
	size_t n = ip6_header(p, src, dst, hbh ? 0 : IPPROTO_UDP, 63, 6), ulen = 8 + len;
	__u8 *u, pseudo[40] = { 0 };

	if (hbh) {
		memset(p + n, 0, 8);
		p[n] = IPPROTO_UDP;
		n += 8;
	}
	u = p + n;
	pb_put16(u, sport);
	pb_put16(u + 2, dport);
	pb_put16(u + 4, (__u16)ulen);
	pb_put16(u + 6, 0);
	memcpy(u + 8, payload, len);
	memcpy(pseudo, p + 8, 32);
	pb_put16(pseudo + 34, (__u16)ulen);
	pseudo[39] = IPPROTO_UDP;
	pb_put16(u + 6, pb_fold(pb_sum(u, ulen, pb_sum(pseudo, 40, 0))));
	pb_put16(p + 4, (__u16)(n - PB_IP6_LEN + ulen));
	return n + ulen;
}

static size_t udp6_row_frame(__u8 *buf, const struct udp6_row *r)
{
	__u16 sport = (__u16)(udp6_sport(r) + (r->bad == U6_WRONG_SPORT));
	__u8 kind = r->port == 53 ? XM_UDP_COOKIE_ECHO16 : XM_UDP_COOKIE_NTP;
	__u32 c = xm_udp_cookie_value(kind, udp6_cookie(r, udp6_sport(r)));
	__u8 payload[64], probe[200], *icmp;
	size_t plen, n = pb_eth(buf, PB_ETH_P_IPV6), qlen;

	plen = udp6_payload(payload, r->port, c + (r->bad == U6_WRONG_COOKIE),
			    r->kind == U6_REPLY);
	if (r->kind == U6_REPLY)
		return n + udp6_packet(buf + n, r->target, OUR6, r->port, sport, payload, plen,
				       r->hop_by_hop);
	qlen = udp6_packet(probe, r->bad == U6_FOREIGN ? "fd00::77" : OUR6, r->target, sport,
			   r->port, payload, plen, false);
	qlen = r->quote ? r->quote : qlen;
	n += ip6_header(buf + n, r->by_target ? r->target : "fd00::fe", OUR6, 58, 62, 6);
	icmp = buf + n;
	memset(icmp, 0, PB_ICMP_LEN);
	icmp[0] = 1;
	icmp[1] = r->code;
	memcpy(icmp + PB_ICMP_LEN, probe, qlen);
	pb_put16(buf + PB_ETH_LEN + 4, (__u16)(PB_ICMP_LEN + qlen));
	return n + PB_ICMP_LEN + qlen;
}

/* One UDP row through the program: its action, record and counters; the frame untouched. */
static void udp6_row_run(const struct udp6_row *r)
{
	__u8 pkt[PKT_MAX], out[PKT_MAX + 64];
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	size_t len = udp6_row_frame(pkt, r);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = (__u32)len,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
	struct expect6 e = { .addr = r->state ? r->target : NULL, .port = r->port,
			     .state = r->state, .reason = r->reason,
			     .ttl = r->kind == U6_REPLY ? 63 : 62,
			     .proto = r->state == XM_STATE_UP ? 0 : IPPROTO_UDP };
	int i;

	assert_true(len <= PKT_MAX);
	fx.nrecs = 0;
	read_counters(before);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(fx.skel->progs.xdpmap_catch),
						&opts), 0);
	ring_buffer__consume(fx.rb);
	read_counters(after);
	if ((int)opts.retval != r->action || fx.nrecs != (r->state ? 1 : 0))
		fail_msg("UDP row '%s': action %u, %d records", r->name, opts.retval, fx.nrecs);
	assert_true(opts.data_size_out == len && !memcmp(out, pkt, len));
	if (r->state)
		check_record(&e);
	for (i = 1; i < XM_CNT_MAX; i++) {
		__s64 want = (i == r->counter) + (i == XM_CNT_PASSED && r->action == XDP_PASS);

		if ((__s64)(after[i] - before[i]) != want)
			fail_msg("UDP row '%s': counter %d moved by %lld, want %lld", r->name, i,
				 (long long)(after[i] - before[i]), (long long)want);
	}
}

#define Q_UDP4 (PB_IP6_LEN + 4) /* a quote that stops inside the UDP header */

/*
 * Replies and ICMPv6 errors about our UDP probes over IPv6: recorded once and
 * dropped when they match the probe's source port and cookie; passed on
 * otherwise. nmap's states and reasons per ICMPv6 unreachable code.
 */
static void udp6_replies(void **state)
{
	static const struct udp6_row rows[] = {
		{ "v6 udp reply, no cookie: open", U6_REPLY, "fd00::5:1", 7, .action = XDP_DROP,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE,
		  .counter = XM_CNT_OPEN },
		{ "v6 udp reply again: one record", U6_REPLY, "fd00::5:1", 7,
		  .action = XDP_DROP, .counter = XM_CNT_DUPLICATE },
		{ "v6 dns reply giving the id back: open", U6_REPLY, "fd00::5:2", 53,
		  .action = XDP_DROP, .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE,
		  .counter = XM_CNT_OPEN },
		{ "v6 ntp reply behind a hop-by-hop header: open", U6_REPLY, "fd00::5:3", 123,
		  .hop_by_hop = true, .action = XDP_DROP, .state = XM_STATE_OPEN,
		  .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_OPEN },
		{ "v6 spoofed dns reply without the cookie (wrong id)", U6_REPLY, "fd00::5:4", 53,
		  .bad = U6_WRONG_COOKIE, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "v6 spoofed ntp reply without the cookie", U6_REPLY, "fd00::5:5", 123,
		  .bad = U6_WRONG_COOKIE, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "v6 spoofed reply to the wrong source port", U6_REPLY, "fd00::5:6", 9,
		  .bad = U6_WRONG_SPORT, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "v6 port unreachable (code 4) quoting our probe: closed", U6_UNREACH,
		  "fd00::5:10", 9, .code = 4, .by_target = true, .action = XDP_DROP,
		  .state = XM_STATE_CLOSED, .reason = XM_REASON_PORT_UNREACH,
		  .counter = XM_CNT_CLOSED },
		{ "v6 port unreachable from a router, not the target: filtered", U6_UNREACH,
		  "fd00::5:1d", 9, .code = 4, .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_PORT_UNREACH, .counter = XM_CNT_FILTERED },
		{ "v6 no route (code 0): filtered", U6_UNREACH, "fd00::5:11", 9, .code = 0,
		  .action = XDP_DROP, .state = XM_STATE_FILTERED, .reason = XM_REASON_NO_ROUTE,
		  .counter = XM_CNT_FILTERED },
		{ "v6 admin prohibited (code 1), dns quote with its id: filtered", U6_UNREACH,
		  "fd00::5:12", 53, .code = 1, .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_ADMIN_PROHIBITED, .counter = XM_CNT_FILTERED },
		{ "v6 beyond scope (code 2): filtered", U6_UNREACH, "fd00::5:13", 9, .code = 2,
		  .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_BEYOND_SCOPE, .counter = XM_CNT_FILTERED },
		{ "v6 address unreachable (code 3): filtered", U6_UNREACH, "fd00::5:14", 9,
		  .code = 3, .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_HOST_UNREACH, .counter = XM_CNT_FILTERED },
		{ "v6 failed policy (code 5): filtered", U6_UNREACH, "fd00::5:15", 9, .code = 5,
		  .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_ADMIN_PROHIBITED, .counter = XM_CNT_FILTERED },
		{ "v6 reject route (code 6): filtered", U6_UNREACH, "fd00::5:16", 9, .code = 6,
		  .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_REJECT_ROUTE, .counter = XM_CNT_FILTERED },
		{ "v6 code 7: no state", U6_UNREACH, "fd00::5:17", 9, .code = 7,
		  .action = XDP_PASS },
		{ "v6 unreachable quoting a foreign probe (address)", U6_UNREACH, "fd00::5:18", 9,
		  .code = 4, .bad = U6_FOREIGN, .action = XDP_PASS },
		{ "v6 unreachable quoting a foreign probe (source port)", U6_UNREACH,
		  "fd00::5:19", 9, .code = 4, .bad = U6_WRONG_SPORT, .action = XDP_PASS,
		  .counter = XM_CNT_BAD_COOKIE },
		{ "v6 unreachable quoting a dns probe with another id", U6_UNREACH, "fd00::5:1a",
		  53, .code = 4, .bad = U6_WRONG_COOKIE, .action = XDP_PASS,
		  .counter = XM_CNT_BAD_COOKIE },
		{ "v6 unreachable with a truncated quote (4 bytes of UDP)", U6_UNREACH,
		  "fd00::5:1b", 9, .code = 4, .quote = Q_UDP4, .action = XDP_PASS },
		{ "v6 unreachable quoting only the UDP header of a dns probe: closed",
		  U6_UNREACH, "fd00::5:1c", 53, .code = 4, .quote = PB_IP6_LEN + 8,
		  .by_target = true, .action = XDP_DROP, .state = XM_STATE_CLOSED,
		  .reason = XM_REASON_PORT_UNREACH, .counter = XM_CNT_CLOSED },
		{ "v6 -PU: udp reply to the discovery port: host up", U6_REPLY, "fd00::5:40",
		  40125, .disc = true, .action = XDP_DROP, .state = XM_STATE_UP,
		  .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_HOST_UP },
		{ "v6 -PU: port unreachable quoting the probe: host up", U6_UNREACH, "fd00::5:41",
		  40125, .disc = true, .code = 4, .by_target = true, .action = XDP_DROP,
		  .state = XM_STATE_UP, .reason = XM_REASON_PORT_UNREACH,
		  .counter = XM_CNT_HOST_UP },
		{ "v6 -PU: port unreachable from a router, not the target: not up", U6_UNREACH,
		  "fd00::5:44", 40125, .disc = true, .code = 4, .action = XDP_PASS,
		  .counter = XM_CNT_BAD_COOKIE },
		{ "v6 -PU: admin prohibited quoting the probe: not up", U6_UNREACH, "fd00::5:42",
		  40125, .disc = true, .code = 1, .action = XDP_PASS,
		  .counter = XM_CNT_BAD_COOKIE },
		{ "v6 -PU: dns reply with a wrong id", U6_REPLY, "fd00::5:43", 53, .disc = true,
		  .bad = U6_WRONG_COOKIE, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(rows); i++)
		udp6_row_run(&rows[i]);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_LEN(cases) + 3];
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++)
		tests[i] = (struct CMUnitTest){ .name = cases[i].name, .test_func = run_case,
						.initial_state = &cases[i] };
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(unconfigured_catches_nothing);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(send_rst6_answers_synack);
	tests[i] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(udp6_replies, udp6_setup,
								       udp6_teardown);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

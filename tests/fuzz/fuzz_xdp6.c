// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the XDP reply catcher's IPv6 path via BPF_PROG_TEST_RUN, judged by a model. */
#include <errno.h>
#include <stdbool.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "common_kern_user.h"
#include "cookie.h"
#include "probe.h"
#include "pkt_builder.h"
#include "xdpmap.skel.h"
#include "fuzz_util.h"
#include "xdp_harness.h"

/*
 * Input: a control byte, an aux byte, a split byte, then the Ethernet frame.
 * The program is loaded four times (with and without --send-rst, with and
 * without UDP) with the IPv6 rodata of tests/bpf/test_bpf_ipv6.c: fd00::1,
 * source ports 61000-61999, the reference SipHash key; the UDP loads also
 * with -sU and -PU on, their source-port keys and a small payload table.
 * A reference classifier written from README.md ("IPv6", "UDP over IPv6")
 * and the comments of include/ and the BPF headers' contracts decides what
 * an IPv6 frame to fd00::1 is, after at most 6 extension headers
 * (hop-by-hop, routing, destination options, atomic fragments):
 * - a port-scan reply: SYN-ACK acking cookie6+1; RST acking cookie6+1 or
 *   with seq cookie6+1; ICMPv6 unreachable (codes 1-6) quoting our SYN;
 * - a discovery reply: TCP acking dcookie6+1, RST with seq dcookie6; an
 *   echo reply whose identifier:sequence is the discovery cookie;
 * - a Neighbor Advertisement (hop limit 255, code 0, solicited, a unicast
 *   target): recorded when it answers an open question in nd_asked, or
 *   when a second MAC answers an answered one; passed on either way;
 * - UDP: a reply from the port we probed to the source port the probe
 *   left from, giving its cookie back; an ICMPv6 unreachable (codes 0-6)
 *   quoting our probe;
 * - a longer extension-header chain (passed, counted), a near miss with a
 *   wrong cookie (passed, counted), anything else (passed).
 * Only replies may be dropped (or answered with a RST), only replies give a
 * record, every counter moves exactly as the classification says, the
 * dedup and nd_asked maps hold what the model says afterwards, and anything
 * passed or dropped keeps its bytes. The maps are emptied after each input.
 */
#define OUR6 "fd00::1"
#define SPORT_LO XH_SPORT_LO
#define SPORT_HI XH_SPORT_HI
#define FRAME_MAX XH_FRAME_MAX
#define EXT_WALKED 6		/* extension headers the program walks (README "IPv6") */
#define UDP_OFF_MAX 0x3ff	/* farthest UDP (or quoted IPv6) header looked at */
#define COOKIE_AT_MAX 1024	/* farthest payload whose cookie is read */

#define IP6_NEXT 6
#define IP6_HOP 7
#define IP6_SRC 8
#define IP6_DST 24

/* Bits of the control byte: ways to steer a mutated frame towards our probes. */
enum {
	CTL_FIX_ACK = 1 << 0,	/* TCP ack, echo id:seq, quoted seq, UDP cookie := the right one */
	CTL_FIX_SEQ = 1 << 1,	/* TCP seq := cookie+1 (discovery: dcookie) */
	CTL_OURS = 1 << 2,	/* to us, our ports; ICMPv6 type 1 (echo reply, NA: see below) */
	CTL_SEND_RST = 1 << 3,	/* the program loaded with cfg_send_rst */
	CTL_TWICE = 1 << 4,	/* run it again: retransmission, repeated Advertisement */
	CTL_SPLIT = 1 << 5,	/* only 'split' bytes in the linear area, the rest in a fragment */
	CTL_DISCOVERY = 1 << 6,	/* the fixes use discovery's cookies; OURS: an echo reply */
	CTL_ASK = 1 << 7,	/* the NA's target is asked about (nd_asked); OURS: an NA */
};

/* Bits of the aux byte. */
enum {
	AUX_UDP = 1 << 0,	/* the program loaded with -sU and -PU and the payload table */
	AUX_PING = 1 << 1,	/* UDP fixes use -PU's keys */
	AUX_ANSWERED = 1 << 2,	/* the NA's target was answered before, by mac_other */
};

static const __u8 mac_other[6] = { 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e };

/* The payload table of the UDP loads (ports absent here carry no payload, no cookie). */
static const struct { __u16 port; struct xm_udp_port cfg; } udp_table[] = {
	{ 53, { XM_UDP_COOKIE_ECHO16, 0, 0 } },
	{ 67, { XM_UDP_COOKIE_ECHO32, 4, 68 } },
	{ 123, { XM_UDP_COOKIE_NTP, 44, 0 } },
	{ 137, { XM_UDP_COOKIE_ECHO16, 0, 137 } },
	{ 161, { XM_UDP_COOKIE_SNMP, 17, 0 } },	/* v1 GetRequest, community "public" */
};

/* One loaded program, its maps, and nd_asked. */
struct prog {
	struct xh_prog h;
	int nd_fd;
};

static struct prog progs[4];	/* [send_rst | udp << 1] */
static __u8 our6[16];
static struct xm_siphash_key dkey, skey, dskey;
static bool trace;	/* FUZZ_XDP6_TRACE set: one line per input on stderr */

/* What the reference classifier says about a frame. */
enum kind {
	K_OTHER,	/* passed, nothing counted */
	K_BAD_COOKIE,	/* passed, bad_cookie */
	K_REPLY,	/* recorded; dropped (an NA: passed) */
	K_DUPLICATE,	/* a reply already recorded: duplicate; dropped (an NA: passed) */
	K_ND_UNASKED,	/* an NA answering no open question: arp_unasked, passed */
	K_EXT_LONG,	/* more extension headers than walked: ipv6_ext_long, passed */
	K_UDP_SPOOFED,	/* UDP to a probe port of ours that is no reply: udp_spoofed, passed */
};

/* What nd_asked holds about one target (the only one an input can touch). */
struct nd_state {
	bool has_target;
	__u8 target[16];
	bool asked, answered;
	__u8 mac[6];		/* answered: the MAC kept */
};

/* The model's view of the maps across the runs of one input. */
struct model {
	bool udp;		/* the program was loaded with -sU and -PU */
	struct nd_state nd;
	bool recorded;		/* a deduplicated record was made: its key is in dedup */
	struct xm_dedup_key dedup_key;
};

struct judgement {
	enum kind kind;
	bool passes;		/* XDP_PASS, unchanged */
	bool nd;		/* an Advertisement (no dedup entry) */
	struct xm_result rec;	/* K_REPLY, K_DUPLICATE: the record (ts_ns aside) */
	size_t l2;		/* where the IPv6 header starts */
	size_t upper;		/* where its upper-layer header starts */
};

static __u16 raw16(const __u8 *p)
{
	__u16 v;

	memcpy(&v, p, 2);
	return v;
}

/* The port cookie (or with disc the discovery cookie) of our probe us:uport -> them:tport. */
static __u32 cookie6_of(const __u8 *us, const __u8 *them, const __u8 *uport, const __u8 *tport,
			bool disc)
{
	return xm_cookie6(disc ? &dkey : &xh_key, us, them, raw16(uport), raw16(tport));
}

/* The discovery cookie an echo reply from them to us carries (request type 128). */
static __u32 echo_cookie(const __u8 *us, const __u8 *them)
{
	return xm_cookie6(&dkey, us, them, 0, 128);
}

static bool ours6(const __u8 *a)
{
	return !memcmp(a, our6, 16);
}

static bool our_port(__u16 port)
{
	return port >= SPORT_LO && port <= SPORT_HI;
}

enum walk { W_UPPER, W_BAD, W_LONG };

static bool is_ext(__u8 nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 60;
}

/*
 * The IPv6 header at 'off' and its extension headers, in the first 'vis'
 * bytes (RFC 8200 4): each is (hdr ext len + 1) * 8 bytes long, a fragment
 * header 8; only an atomic fragment (offset 0, M clear) is read past. The
 * upper layer's offset in *upper, its number in *nh.
 */
static enum walk walk6(const __u8 *p, size_t off, size_t vis, size_t *upper, __u8 *nh)
{
	size_t pos = off + PB_IP6_LEN, len;
	int n;

	if (vis < pos || p[off] >> 4 != 6)
		return W_BAD;
	*nh = p[off + IP6_NEXT];
	for (n = 0; is_ext(*nh); n++) {
		if (n == EXT_WALKED)
			return W_LONG;
		if (vis - pos < 8)
			return W_BAD;
		if (*nh == 44 && (get16(p + pos + 2) & 0xfff9))
			return W_BAD;
		len = *nh == 44 ? 8 : ((size_t)p[pos + 1] + 1) * 8;
		if (vis - pos < len)
			return W_BAD;
		*nh = p[pos];
		pos += len;
	}
	*upper = pos;
	return W_UPPER;
}

static struct xm_result rec6(const __u8 *addr, __u8 proto, __u16 port, __u8 state,
			     __u8 reason, __u8 ttl)
{
	struct xm_result r = { .family = XM_FAMILY_IPV6, .proto = proto, .port = port,
			       .state = state, .reason = reason, .ttl = ttl,
			       .kind = state == XM_STATE_UP ? XM_KIND_HOST : XM_KIND_PORT };

	memcpy(r.addr.b, addr, 16);
	return r;
}

/* The dedup entry of a record: one per (family, address, protocol, port, kind); hosts: address. */
static struct xm_dedup_key dedup_of(const struct xm_result *r)
{
	struct xm_dedup_key k = { .family = r->family, .kind = r->kind };

	memcpy(k.addr.b, r->addr.b, 16);
	if (r->kind == XM_KIND_PORT) {
		k.proto = r->proto;
		k.port = r->port;
	}
	return k;
}

/* A reply of ours: recorded, unless the model's dedup entry says it was already. */
static void reply(struct judgement *j, const struct model *m, struct xm_result r)
{
	struct xm_dedup_key k = dedup_of(&r);

	j->rec = r;
	j->kind = m->recorded && !memcmp(&m->dedup_key, &k, sizeof(k)) ? K_DUPLICATE : K_REPLY;
}

/* A TCP reply to discovery's SYN (acks dcookie+1) or ACK probe (RST, seq dcookie). */
static void judge_tcp_discovery(const __u8 *ip, const __u8 *tcp, const struct model *m,
				struct judgement *j)
{
	__u32 dc = cookie6_of(ip + IP6_DST, ip + IP6_SRC, tcp + 2, tcp, true);
	bool rst = tcp[13] & PB_RST;

	if (((tcp[13] & PB_ACK) && get32(tcp + 8) == dc + 1) || (rst && get32(tcp + 4) == dc))
		reply(j, m, rec6(ip + IP6_SRC, 0, get16(tcp),
				 XM_STATE_UP, rst ? XM_REASON_RESET : XM_REASON_SYN_ACK,
				 ip[IP6_HOP]));
	else
		j->kind = K_BAD_COOKIE;
}

/* TCP to us: SYN-ACK or RST to one of our ports, judged by the cookie (DESIGN.md). */
static void judge_tcp(const __u8 *ip, const __u8 *tcp, size_t avail, const struct model *m,
		      struct judgement *j)
{
	__u8 fl = tcp[13];
	bool rst = fl & PB_RST, ack = fl & PB_ACK, ok;
	__u32 c;

	if (avail < PB_TCP_LEN || !our_port(get16(tcp + 2)) || !(rst || (ack && (fl & PB_SYN))))
		return;
	c = cookie6_of(ip + IP6_DST, ip + IP6_SRC, tcp + 2, tcp, false);
	if (rst)
		ok = (ack && get32(tcp + 8) == c + 1) || get32(tcp + 4) == c + 1;
	else
		ok = get32(tcp + 8) == c + 1;
	if (!ok) {
		judge_tcp_discovery(ip, tcp, m, j);
		return;
	}
	reply(j, m, rec6(ip + IP6_SRC, IPPROTO_TCP, get16(tcp),
			 rst ? XM_STATE_CLOSED : XM_STATE_OPEN,
			 rst ? XM_REASON_RESET : XM_REASON_SYN_ACK, ip[IP6_HOP]));
	j->rec.window = get16(tcp + 14);
}

/* nmap's reason for an ICMPv6 unreachable code (RFC 4443 3.1); NONE past code 6. */
static __u8 reason6(__u8 code)
{
	static const __u8 reasons[7] = {
		XM_REASON_NO_ROUTE, XM_REASON_ADMIN_PROHIBITED, XM_REASON_BEYOND_SCOPE,
		XM_REASON_HOST_UNREACH, XM_REASON_PORT_UNREACH, XM_REASON_ADMIN_PROHIBITED,
		XM_REASON_REJECT_ROUTE,
	};

	return code < 7 ? reasons[code] : XM_REASON_NONE;
}

/* Where a UDP port's payload carries its cookie, and what a reply must come to. */
static struct xm_udp_port udp_cfg(__u16 port)
{
	size_t i;

	for (i = 0; i < sizeof(udp_table) / sizeof(udp_table[0]); i++)
		if (udp_table[i].port == port)
			return udp_table[i].cfg;
	return (struct xm_udp_port){ 0 };
}

/* The big-endian value of n bytes at off of the first vis bytes; -1 when they are not there. */
static long long be_at(const __u8 *p, size_t vis, size_t off, int n)
{
	long long v = 0;
	int i;

	if (off + (size_t)n > vis)
		return -1;
	for (i = 0; i < n; i++)
		v = v << 8 | p[off + i];
	return v;
}

/* A BER length at *i (short form, or 0x81/0x82 and one or two bytes); -1 when cut or other. */
static long long ber_len(const __u8 *p, size_t vis, size_t *i)
{
	long long b = be_at(p, vis, *i, 1), v;

	if (b < 0)
		return -1;
	*i += 1;
	if (b < 0x80)
		return b;
	if (b != 0x81 && b != 0x82)
		return -1;
	v = be_at(p, vis, *i, (int)(b - 0x80));
	*i += (size_t)(b - 0x80);
	return v;
}

/* The BER tag at *i is 'tag' (advancing past it and its length) and its length at most 'max'. */
static long long ber_tlv(const __u8 *p, size_t vis, size_t *i, __u8 tag, long long max)
{
	long long len;

	if (be_at(p, vis, *i, 1) != tag)
		return -1;
	*i += 1;
	len = ber_len(p, vis, i);
	return len > max ? -1 : len;
}

/*
 * The request-id of the SNMP v1/v2c message at 'pl' (RFC 3416): SEQUENCE {
 * version INTEGER (up to 4 bytes), community OCTET STRING (up to 128 bytes),
 * a PDU (context-specific, constructed) { request-id INTEGER (1-4 bytes),
 * ... } }: its place in *at, its width in *n; false when the message is not so.
 */
static bool snmp_request_id(const __u8 *p, size_t vis, size_t pl, size_t *at, int *n)
{
	size_t i = pl;
	long long len, tag;

	if (ber_tlv(p, vis, &i, 0x30, 0xffff) < 0)
		return false;
	len = ber_tlv(p, vis, &i, 0x02, 4);
	if (len < 0)
		return false;
	i += (size_t)len;
	len = ber_tlv(p, vis, &i, 0x04, 128);
	if (len < 0)
		return false;
	i += (size_t)len;
	tag = be_at(p, vis, i, 1);
	if (tag < 0xa0 || tag > 0xbf)
		return false;
	i += 1;
	if (ber_len(p, vis, &i) < 0)
		return false;
	len = ber_tlv(p, vis, &i, 0x02, 4);
	if (len < 1)
		return false;
	*at = i;
	*n = (int)len;
	return true;
}

/*
 * Where a UDP payload at 'pl' (a reply's, or our probe's quoted) carries the
 * cookie of port configuration pc, and in how many bytes; false when an
 * SNMP reply is no message whose request-id can be read.
 */
static bool cookie_place(const __u8 *p, size_t vis, size_t pl, const struct xm_udp_port *pc,
			 bool is_reply, size_t *at, int *n)
{
	*n = pc->cookie == XM_UDP_COOKIE_ECHO16 ? 2 : 4;
	switch (pc->cookie) {
	case XM_UDP_COOKIE_NTP:
		*at = pl + (is_reply ? 28 : 44);
		return true;
	case XM_UDP_COOKIE_SNMP:
		if (is_reply)
			return snmp_request_id(p, vis, pl, at, n);
		/* fall through: the probe's request-id is where the payload file puts it */
	default:
		*at = pl + pc->cookie_off;
		return true;
	}
}

/* The value the payload of a port of cookie kind 'kind' carries for probe cookie c. */
static __u32 cookie_value(__u8 kind, __u32 c)
{
	return kind == XM_UDP_COOKIE_ECHO16 ? c & 0xffff :
	       kind == XM_UDP_COOKIE_SNMP ? c & 0x7fffffff : c;
}

/* The 4-byte tail of 16-byte address a, host order (what the source port is hashed from). */
static __u32 low32(const __u8 *a)
{
	return get32(a + 12);
}

/*
 * Whether the UDP datagram at 'udp' of frame p, between us and them (ours
 * 'uport', theirs 'tport', host order) is the probe the keys of 'ping' (-PU)
 * or the port scan's sent, or its reply ('is_reply'): the source port (the
 * port's fixed one, else the keyed hash of them's low 32 bits and tport),
 * then the cookie where the port's payload carries one. 1 yes, 0 no, -1 the
 * cookie's bytes are cut off.
 */
static int udp_match(const __u8 *p, size_t vis, size_t udp, const __u8 *us, const __u8 *them,
		     __u16 uport, __u16 tport, bool ping, bool is_reply)
{
	struct xm_udp_port pc = udp_cfg(tport);
	__u16 want = pc.sport ? pc.sport :
		     xm_probe_sport(ping ? &dskey : &skey, low32(them), tport, SPORT_LO, SPORT_HI);
	size_t pl = udp + 8, at;
	long long got;
	__u32 c;
	int n;

	if (uport != want)
		return 0;
	if (pc.cookie == XM_UDP_COOKIE_NONE)
		return 1;
	if (pl > COOKIE_AT_MAX || !cookie_place(p, vis, pl, &pc, is_reply, &at, &n))
		return 0;
	c = xm_cookie6(ping ? &dkey : &xh_key, us, them, htons(uport), htons(tport));
	got = be_at(p, vis, at, n);
	if (got < 0)
		return -1;
	return got == cookie_value(pc.cookie, c);
}

/* A UDP datagram to us at 'udp': our probe's reply (open, or -PU: up), spoofed, or other. */
static void judge_udp(const __u8 *p, size_t vis, const __u8 *ip, size_t udp,
		      const struct model *m, struct judgement *j)
{
	__u16 tport, uport;
	struct xm_udp_port pc;

	if (vis < udp + 8 || udp > UDP_OFF_MAX)
		return;
	tport = get16(p + udp);
	uport = get16(p + udp + 2);
	pc = udp_cfg(tport);
	if (udp_match(p, vis, udp, ip + IP6_DST, ip + IP6_SRC, uport, tport, false, true) == 1)
		reply(j, m, rec6(ip + IP6_SRC, IPPROTO_UDP, tport, XM_STATE_OPEN,
				 XM_REASON_UDP_RESPONSE, ip[IP6_HOP]));
	else if (udp_match(p, vis, udp, ip + IP6_DST, ip + IP6_SRC, uport, tport, true, true) == 1)
		reply(j, m, rec6(ip + IP6_SRC, 0, tport, XM_STATE_UP, XM_REASON_UDP_RESPONSE,
				 ip[IP6_HOP]));
	else if (pc.sport ? uport == pc.sport : our_port(uport))
		j->kind = K_UDP_SPOOFED;
}

/*
 * An ICMPv6 unreachable of 'code' quoting the UDP datagram at 'udp' whose
 * IPv6 header is at 'inner': our probe's -> closed (code 4 sent by the target
 * itself) or filtered (other codes; a router's code 4); our -PU probe's port
 * unreachable from the target -> up; someone else's -> passed.
 */
static void judge_udp_quote(const __u8 *p, size_t vis, const __u8 *ip, size_t inner,
			    size_t udp, __u8 code, const struct model *m, struct judgement *j)
{
	const __u8 *q = p + inner;
	__u16 uport, tport;
	bool closed;

	if (vis < udp + 8 || udp > UDP_OFF_MAX || inner > UDP_OFF_MAX || !ours6(q + IP6_SRC))
		return;
	uport = get16(p + udp);
	tport = get16(p + udp + 2);
	closed = code == 4 && !memcmp(ip + IP6_SRC, q + IP6_DST, 16);
	if (udp_match(p, vis, udp, q + IP6_SRC, q + IP6_DST, uport, tport, false, false))
		reply(j, m, rec6(q + IP6_DST, IPPROTO_UDP, tport,
				 closed ? XM_STATE_CLOSED : XM_STATE_FILTERED, reason6(code),
				 ip[IP6_HOP]));
	else if (closed &&
		 udp_match(p, vis, udp, q + IP6_SRC, q + IP6_DST, uport, tport, true, false))
		reply(j, m, rec6(q + IP6_DST, 0, tport, XM_STATE_UP, XM_REASON_PORT_UNREACH,
				 ip[IP6_HOP]));
	else
		j->kind = K_BAD_COOKIE;
}

/*
 * An ICMPv6 destination unreachable (at 'icmp') quoting our probe: the quoted
 * IPv6 header walked as the outer one; our SYN (from us and our port, its seq
 * the cookie) with codes 1-6 -> filtered, our UDP probe: judge_udp_quote().
 */
static void judge_unreach(const __u8 *p, size_t vis, const __u8 *ip, size_t icmp,
			  const struct model *m, struct judgement *j)
{
	size_t inner = icmp + PB_ICMP_LEN, upper;
	__u8 code = p[icmp + 1], nh;
	const __u8 *q, *t;

	if (code > 6 || walk6(p, inner, vis, &upper, &nh) != W_UPPER)
		return;
	if (nh == IPPROTO_UDP) {
		if (m->udp)
			judge_udp_quote(p, vis, ip, inner, upper, code, m, j);
		return;
	}
	q = p + inner;
	t = p + upper;
	if (nh != IPPROTO_TCP || !code || vis - upper < 8 || !ours6(q + IP6_SRC) ||
	    !our_port(get16(t)))
		return;
	if (get32(t + 4) != cookie6_of(q + IP6_SRC, q + IP6_DST, t, t + 2, false)) {
		j->kind = K_BAD_COOKIE;
		return;
	}
	reply(j, m, rec6(q + IP6_DST, IPPROTO_TCP, get16(t + 2), XM_STATE_FILTERED,
			 reason6(code), ip[IP6_HOP]));
}

/* The MAC an Advertisement gives: its target link-layer option when first, else the source. */
static void na_mac(const __u8 *p, size_t vis, size_t icmp, __u8 mac[6])
{
	const __u8 *opt = p + icmp + 24;

	if (vis - icmp >= 32 && opt[0] == 2 && opt[1] == 1)
		memcpy(mac, opt + 2, 6);
	else
		memcpy(mac, p + 6, 6);
}

/*
 * A Neighbor Advertisement to us (RFC 4861 4.4, 7.1.2): an invalid one (hop
 * limit not 255, code not 0) is ignored; an unsolicited one or one about a
 * multicast target answers nothing; else it answers the open question about
 * its target (a record, the MAC kept), repeats the answer (duplicate), or
 * gives a second MAC for an answered address (one record, the answer taken
 * out); about an address never asked, it answers nothing. Passed on always.
 */
static void judge_na(const __u8 *p, size_t vis, const __u8 *ip, size_t icmp, struct model *m,
		     struct judgement *j)
{
	const __u8 *na = p + icmp, *target = na + 8;
	struct nd_state *s = &m->nd;
	__u8 mac[6];

	if (vis - icmp < 24 || na[1] || ip[IP6_HOP] != 255)
		return;
	j->kind = K_ND_UNASKED;
	if (!(get32(na + 4) & 0x40000000) || target[0] == 0xff ||
	    !s->has_target || memcmp(s->target, target, 16))
		return;
	na_mac(p, vis, icmp, mac);
	if (!s->asked && !s->answered)
		return;
	j->nd = true;
	j->rec = rec6(target, 0, 0, XM_STATE_UP, XM_REASON_ND_RESPONSE, 0);
	memcpy(j->rec.mac, mac, 6);
	if (s->asked) {
		j->kind = K_REPLY;
		s->asked = false;
		s->answered = true;
		memcpy(s->mac, mac, 6);
	} else if (!memcmp(s->mac, mac, 6)) {
		j->kind = K_DUPLICATE;
	} else {
		j->kind = K_REPLY;
		s->answered = false;
	}
}

static void judge_icmp(const __u8 *p, size_t vis, const __u8 *ip, size_t icmp, struct model *m,
		       struct judgement *j)
{
	const __u8 *h = p + icmp;

	if (vis - icmp < PB_ICMP_LEN)
		return;
	if (h[0] == 129) {
		if (get32(h + 4) == echo_cookie(ip + IP6_DST, ip + IP6_SRC))
			reply(j, m, rec6(ip + IP6_SRC, 0, 0, XM_STATE_UP, XM_REASON_ECHO_REPLY,
					 ip[IP6_HOP]));
		else
			j->kind = K_BAD_COOKIE;
	} else if (h[0] == 1) {
		judge_unreach(p, vis, ip, icmp, m, j);
	} else if (h[0] == 136) {
		judge_na(p, vis, ip, icmp, m, j);
	}
}

/*
 * Classifies the first 'vis' bytes of the frame (what the program can see),
 * updating the model's nd_asked for an Advertisement.
 */
static void judge(const __u8 *p, size_t vis, struct model *m, struct judgement *j)
{
	const __u8 *ip;
	size_t l2, upper;
	__u16 proto;
	__u8 nh;

	memset(j, 0, sizeof(*j));
	l2 = xh_l2_len(p, vis, &proto);
	j->l2 = l2;
	if (l2 && proto == PB_ETH_P_IPV6 && vis - l2 >= PB_IP6_LEN && ours6(p + l2 + IP6_DST)) {
		ip = p + l2;
		switch (walk6(p, l2, vis, &upper, &nh)) {
		case W_LONG:
			j->kind = K_EXT_LONG;
			break;
		case W_BAD:
			break;
		case W_UPPER:
			j->upper = upper;
			if (nh == IPPROTO_TCP)
				judge_tcp(ip, p + upper, vis - upper, m, j);
			else if (nh == IPPROTO_UDP && m->udp)
				judge_udp(p, vis, ip, upper, m, j);
			else if (nh == 58)
				judge_icmp(p, vis, ip, upper, m, j);
			break;
		}
	}
	j->passes = j->nd || (j->kind != K_REPLY && j->kind != K_DUPLICATE);
	if (j->kind == K_REPLY && !j->nd) {
		m->recorded = true;
		m->dedup_key = dedup_of(&j->rec);
	}
}

static __u16 into_range(__u16 port)
{
	return SPORT_LO + port % (SPORT_HI - SPORT_LO + 1);
}

static void fix_tcp(const __u8 *ip, __u8 *tcp, __u8 ctl)
{
	bool disc = ctl & CTL_DISCOVERY;
	__u32 c;

	if (ctl & CTL_OURS)
		pb_put16(tcp + 2, into_range(get16(tcp + 2)));
	c = cookie6_of(ip + IP6_DST, ip + IP6_SRC, tcp + 2, tcp, disc);
	if (ctl & CTL_FIX_ACK)
		pb_put32(tcp + 8, c + 1);
	if (ctl & CTL_FIX_SEQ)
		pb_put32(tcp + 4, disc ? c : c + 1);
}

/*
 * The UDP datagram at 'udp' between us and them: OURS makes our port the one
 * the probe to tport left from, FIX_ACK writes the cookie where the payload
 * (a reply's, or our probe's when quoted) carries it, if the bytes are there.
 */
static void fix_udp(__u8 *p, size_t len, size_t udp, const __u8 *us, const __u8 *them,
		    bool is_reply, __u8 ctl, __u8 aux)
{
	__u8 *uport = p + udp + (is_reply ? 2 : 0), *tport = p + udp + (is_reply ? 0 : 2);
	bool ping = aux & AUX_PING;
	struct xm_udp_port pc;
	size_t at;
	__u32 c;
	int n;

	if (len < udp + 8)
		return;
	pc = udp_cfg(get16(tport));
	if (ctl & CTL_OURS)
		pb_put16(uport, pc.sport ? pc.sport :
			 xm_probe_sport(ping ? &dskey : &skey, low32(them), get16(tport),
					SPORT_LO, SPORT_HI));
	if (!(ctl & CTL_FIX_ACK) || pc.cookie == XM_UDP_COOKIE_NONE)
		return;
	c = cookie_value(pc.cookie,
			 xm_cookie6(ping ? &dkey : &xh_key, us, them, raw16(uport), raw16(tport)));
	if (!cookie_place(p, len, udp + 8, &pc, is_reply, &at, &n) || at + (size_t)n > len)
		return;
	if (n == 2)
		pb_put16(p + at, (__u16)c);
	else if (n == 4)
		pb_put32(p + at, c);
}

/* The quote of an unreachable at 'icmp': our probe (TCP or UDP), its seq or cookie. */
static void fix_quote(__u8 *p, size_t len, size_t icmp, __u8 ctl, __u8 aux)
{
	size_t inner = icmp + PB_ICMP_LEN, upper;
	__u8 *q = p + inner, *t, nh;

	if (ctl & CTL_OURS) {
		p[icmp + 1] %= 7;
		if (len - inner >= PB_IP6_LEN) {
			q[0] = 0x60 | (q[0] & 0x0f);
			memcpy(q + IP6_SRC, our6, 16);
		}
	}
	if (walk6(p, inner, len, &upper, &nh) != W_UPPER || len - upper < 8)
		return;
	t = p + upper;
	if (nh == IPPROTO_UDP) {
		fix_udp(p, len, upper, q + IP6_SRC, q + IP6_DST, false, ctl, aux);
		return;
	}
	if (nh != IPPROTO_TCP)
		return;
	if (ctl & CTL_OURS)
		pb_put16(t, into_range(get16(t)));
	if (ctl & CTL_FIX_ACK)
		pb_put32(t + 4, cookie6_of(q + IP6_SRC, q + IP6_DST, t, t + 2, false));
}

/*
 * OURS: an echo reply (DISCOVERY), a valid solicited Advertisement (ASK), else
 * an unreachable; FIX_ACK: the echo cookie, or the quote's.
 */
static void fix_icmp(__u8 *p, size_t len, __u8 *ip, size_t icmp, __u8 ctl, __u8 aux)
{
	__u8 *h = p + icmp;

	if (ctl & CTL_OURS)
		h[0] = ctl & CTL_DISCOVERY ? 129 : ctl & CTL_ASK ? 136 : 1;
	if (h[0] == 129 && (ctl & CTL_FIX_ACK))
		pb_put32(h + 4, echo_cookie(ip + IP6_DST, ip + IP6_SRC));
	if (h[0] == 136 && (ctl & CTL_OURS) && len - icmp >= 24) {
		h[1] = 0;
		ip[IP6_HOP] = 255;
		h[4] |= 0x40;
		if (h[8] == 0xff)
			h[8] = 0xfd;
	}
	if (h[0] == 1)
		fix_quote(p, len, icmp, ctl, aux);
}

/* Steers the frame as the control bytes ask (checksums are left as they are). */
static void fixup(__u8 *p, size_t len, __u8 ctl, __u8 aux)
{
	size_t l2, upper;
	__u16 proto;
	__u8 *ip, nh;

	l2 = xh_l2_len(p, len, &proto);
	if (!l2 || proto != PB_ETH_P_IPV6 || len - l2 < PB_IP6_LEN)
		return;
	ip = p + l2;
	if (ctl & CTL_OURS) {
		ip[0] = 0x60 | (ip[0] & 0x0f);
		memcpy(ip + IP6_DST, our6, 16);
	}
	if (walk6(p, l2, len, &upper, &nh) != W_UPPER)
		return;
	if (nh == IPPROTO_TCP && len - upper >= PB_TCP_LEN)
		fix_tcp(ip, p + upper, ctl);
	else if (nh == IPPROTO_UDP)
		fix_udp(p, len, upper, ip + IP6_DST, ip + IP6_SRC, true, ctl, aux);
	else if (nh == 58 && len - upper >= PB_ICMP_LEN)
		fix_icmp(p, len, ip, upper, ctl, aux);
}

/* The UDP loads: -sU and -PU on, the source-port keys (the payload table: fill_udp_table). */
static void set_udp(struct xdpmap_bpf *skel)
{
	skel->rodata->cfg_udp_scan = 1;
	skel->rodata->cfg_udp_ping = 1;
	skel->rodata->cfg_skey0 = skey.k0;
	skel->rodata->cfg_skey1 = skey.k1;
	skel->rodata->cfg_dskey0 = dskey.k0;
	skel->rodata->cfg_dskey1 = dskey.k1;
}

static void fill_udp_table(const struct prog *pg)
{
	int fd = bpf_map__fd(pg->h.skel->maps.udp_ports);
	size_t i;

	for (i = 0; i < sizeof(udp_table) / sizeof(udp_table[0]); i++) {
		__u32 k = udp_table[i].port;

		FUZZ_CHECK(!bpf_map_update_elem(fd, &k, &udp_table[i].cfg, BPF_ANY),
			   "udp_ports update: %s", strerror(errno));
	}
}

/* The rodata of load *arg: [send_rst | udp << 1], as progs[] is indexed. */
static void set_rodata(struct xdpmap_bpf *skel, const void *arg)
{
	int i = *(const int *)arg;

	memcpy((void *)skel->rodata->cfg_src_addr6, our6, 16);
	skel->rodata->cfg_send_rst = i & 1;
	if (i & 2)
		set_udp(skel);
}

static void load(struct prog *pg, int i)
{
	xh_load(&pg->h, set_rodata, &i);
	if (i & 2)
		fill_udp_table(pg);
	pg->nd_fd = bpf_map__fd(pg->h.skel->maps.nd_asked);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	(void)argv;
	FUZZ_CHECK(inet_pton(AF_INET6, OUR6, our6) == 1, "bad address %s", OUR6);
	dkey = xm_discovery_key(&xh_key);
	skey = xm_sport_key(&xh_key);
	dskey = xm_sport_key(&dkey);
	for (i = 0; i < 4; i++)
		load(&progs[i], i);
	trace = getenv("FUZZ_XDP6_TRACE") != NULL;
	return 0;
}

/* The counter moves the classification implies for one run. */
static void expected_delta(const struct judgement *j, __u32 action, __u64 want[XM_CNT_MAX])
{
	memset(want, 0, sizeof(__u64) * XM_CNT_MAX);
	want[XM_CNT_SEEN] = 1;
	want[XM_CNT_PASSED] = j->passes;
	want[XM_CNT_BAD_COOKIE] = j->kind == K_BAD_COOKIE;
	want[XM_CNT_ARP_UNASKED] = j->kind == K_ND_UNASKED;
	want[XM_CNT_IPV6_EXT_LONG] = j->kind == K_EXT_LONG;
	want[XM_CNT_UDP_SPOOFED] = j->kind == K_UDP_SPOOFED;
	want[XM_CNT_DUPLICATE] = j->kind == K_DUPLICATE;
	want[XM_CNT_RST_SENT] = action == XDP_TX;
	if (j->kind == K_REPLY)
		want[j->rec.kind == XM_KIND_HOST ? XM_CNT_HOST_UP :
		     j->rec.state == XM_STATE_OPEN ? XM_CNT_OPEN :
		     j->rec.state == XM_STATE_CLOSED ? XM_CNT_CLOSED :
						       XM_CNT_FILTERED] = 1;
}

static void check_counters(const struct judgement *j, const struct xh_run_out *o)
{
	__u64 want[XM_CNT_MAX];

	expected_delta(j, o->action, want);
	xh_check_counters(o, want, j->kind);
}

/* The checksum of a 20-byte TCP header after IPv6 header ip verifies (RFC 8200 8.1). */
static bool tcp6_csum_ok(const __u8 *ip, const __u8 *tcp)
{
	__u8 pseudo[40] = { 0 };

	memcpy(pseudo, ip + IP6_SRC, 32);
	pb_put32(pseudo + 32, PB_TCP_LEN);
	pseudo[39] = IPPROTO_TCP;
	return xh_tcp_csum_ok(pseudo, sizeof(pseudo), tcp);
}

/*
 * The RST that --send-rst makes of the SYN-ACK 'in' (README "IPv6" and
 * bpf/xdpmap_rst6.h's contract): the layer 2 header with the MACs swapped,
 * a bare IPv6 header (version 6, class and flow 0, payload 20, TCP, hop
 * limit 64, addresses swapped), a bare RST (ports swapped, seq = the
 * SYN-ACK's ack, no ACK, window and urgent pointer 0) whose checksum
 * verifies, and nothing after it.
 */
static void check_rst(const __u8 *in, const struct judgement *j, const __u8 *out,
		      size_t out_len)
{
	size_t l2 = j->l2, n = l2 + PB_IP6_LEN + PB_TCP_LEN;
	const __u8 *in_ip = in + l2, *in_tcp = in + j->upper;
	__u8 want[FRAME_MAX];
	__u8 *ip = want + l2, *tcp = ip + PB_IP6_LEN;

	FUZZ_CHECK(out_len == n, "the RST is %zu bytes, want %zu", out_len, n);
	xh_rst_l2(want, in, l2);
	memset(ip, 0, PB_IP6_LEN);
	ip[0] = 0x60;
	pb_put16(ip + 4, PB_TCP_LEN);
	ip[IP6_NEXT] = IPPROTO_TCP;
	ip[IP6_HOP] = 64;
	memcpy(ip + IP6_SRC, in_ip + IP6_DST, 16);
	memcpy(ip + IP6_DST, in_ip + IP6_SRC, 16);
	xh_rst_tcp(tcp, in_tcp);
	memcpy(tcp + 16, out + l2 + PB_IP6_LEN + 16, 2); /* the checksum: checked below */
	FUZZ_CHECK(!memcmp(want, out, n), "the RST differs from the expected bytes, first at %zu",
		   xh_first_diff(want, out, n));
	FUZZ_CHECK(tcp6_csum_ok(out + l2, out + l2 + PB_IP6_LEN), "bad TCP checksum in the RST");
}

static void check_action(const struct judgement *j, bool send_rst, const __u8 *in, size_t len,
			 const struct xh_run_out *o)
{
	bool rst = send_rst && !j->passes && j->rec.kind == XM_KIND_PORT &&
		   j->rec.proto == IPPROTO_TCP && j->rec.state == XM_STATE_OPEN;

	if (!rst)
		FUZZ_CHECK(o->len == len, "%u bytes out for %zu in", o->len, len);
	if (j->passes) {
		FUZZ_CHECK(o->action == XDP_PASS, "action %u for a frame to pass (kind %d)",
			   o->action, j->kind);
		FUZZ_CHECK(!memcmp(o->data, in, len), "a passed frame was changed at %zu",
			   xh_first_diff(o->data, in, len));
	} else if (rst) {
		FUZZ_CHECK(o->action == XDP_TX, "action %u for our SYN-ACK with --send-rst",
			   o->action);
		check_rst(in, j, o->data, o->len);
	} else {
		FUZZ_CHECK(o->action == XDP_DROP, "action %u for a reply of ours (kind %d)",
			   o->action, j->kind);
		FUZZ_CHECK(!memcmp(o->data, in, len), "a dropped reply was changed at %zu",
			   xh_first_diff(o->data, in, len));
	}
}

/*
 * dedup holds the model's entry after a recorded reply (any other entry would
 * have come with a record or a duplicate, which the counters rule out; the
 * map is too large to scan per input), nd_asked what the model says about
 * the target and nothing else.
 */
static void check_maps(const struct prog *pg, const struct model *m)
{
	struct xm_nd_key k = { .stage = XM_ARP_ASKED };
	struct xm_arp_val v;
	__u8 one;
	bool found;

	if (m->recorded)
		FUZZ_CHECK(!bpf_map_lookup_elem(pg->h.dedup_fd, &m->dedup_key, &one),
			   "the reply's dedup entry is missing");
	FUZZ_CHECK(xh_map_entries(pg->nd_fd, sizeof(k), false) == m->nd.asked + m->nd.answered,
		   "nd_asked entries besides the model's %d", m->nd.asked + m->nd.answered);
	if (!m->nd.has_target)
		return;
	memcpy(k.addr, m->nd.target, 16);
	found = !bpf_map_lookup_elem(pg->nd_fd, &k, &v);
	FUZZ_CHECK(found == m->nd.asked, "the question is %s, want %d", found ? "open" : "closed",
		   m->nd.asked);
	k.stage = XM_ARP_ANSWERED;
	found = !bpf_map_lookup_elem(pg->nd_fd, &k, &v);
	FUZZ_CHECK(found == m->nd.answered && (!found || !memcmp(v.mac, m->nd.mac, 6)),
		   "the answer is %s (MAC %s the model's)", found ? "kept" : "missing",
		   found && !memcmp(v.mac, m->nd.mac, 6) ? "as" : "not");
}

static void check_run(const struct prog *pg, const struct judgement *j, const struct model *m,
		      bool send_rst, const __u8 *in, size_t len, const struct xh_run_out *o)
{
	check_action(j, send_rst, in, len, o);
	FUZZ_CHECK(o->nrecs == (j->kind == K_REPLY), "%d records, want %d (kind %d)", o->nrecs,
		   j->kind == K_REPLY, j->kind);
	if (o->nrecs == 1)
		xh_check_record(&o->recs[0], &j->rec);
	check_counters(j, o);
	check_maps(pg, m);
}

/* The target field of the ICMPv6 message the frame carries, if it has 24 bytes of one. */
static bool icmp6_target(const __u8 *p, size_t len, __u8 target[16])
{
	size_t l2, upper;
	__u16 proto;
	__u8 nh;

	l2 = xh_l2_len(p, len, &proto);
	if (!l2 || proto != PB_ETH_P_IPV6 || walk6(p, l2, len, &upper, &nh) != W_UPPER ||
	    nh != 58 || len - upper < 24)
		return false;
	memcpy(target, p + upper + 8, 16);
	return true;
}

/*
 * CTL_ASK: the question about the target, as the engine opens it before it
 * sends the Solicitation; AUX_ANSWERED: an answer from mac_other already in.
 */
static void nd_setup(const struct prog *pg, const __u8 *p, size_t len, __u8 ctl, __u8 aux,
		     struct nd_state *s)
{
	struct xm_nd_key k = { .stage = XM_ARP_ASKED };
	struct xm_arp_val v = { { 0 } };

	memset(s, 0, sizeof(*s));
	if (!(ctl & CTL_ASK) && !(aux & AUX_ANSWERED))
		return;
	if (!icmp6_target(p, len, s->target))
		return;
	s->has_target = true;
	memcpy(k.addr, s->target, 16);
	if (ctl & CTL_ASK) {
		FUZZ_CHECK(!bpf_map_update_elem(pg->nd_fd, &k, &v, BPF_ANY),
			   "nd_asked update: %s", strerror(errno));
		s->asked = true;
	}
	if (aux & AUX_ANSWERED) {
		k.stage = XM_ARP_ANSWERED;
		memcpy(v.mac, mac_other, 6);
		FUZZ_CHECK(!bpf_map_update_elem(pg->nd_fd, &k, &v, BPF_ANY),
			   "nd_asked update: %s", strerror(errno));
		s->answered = true;
		memcpy(s->mac, mac_other, 6);
	}
}

/* Leaves dedup and nd_asked as they were before this input: empty. */
static void cleanup(const struct prog *pg, const struct model *m, const struct xh_run_out *o)
{
	if (m->recorded)
		bpf_map_delete_elem(pg->h.dedup_fd, &m->dedup_key);
	xh_forget_records(&pg->h, o);
	xh_map_entries(pg->nd_fd, sizeof(struct xm_nd_key), true);
}

static void run_checked(const struct prog *pg, const __u8 *frame, size_t len, __u32 linear,
			struct model *m, __u8 ctl, struct xh_run_out *o)
{
	struct judgement j;

	judge(frame, linear ? linear : len, m, &j);
	xh_run(&pg->h, frame, len, linear, o);
	if (o->err) {
		xh_check_refused(o, len, linear);
		return;
	}
	if (trace)
		fprintf(stderr, "fuzz_xdp6: kind %d, passes %d, action %u, %d records, reason %u\n",
			j.kind, j.passes, o->action, o->nrecs, j.rec.reason);
	check_run(pg, &j, m, ctl & CTL_SEND_RST, frame, len, o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct xh_run_out o;
	__u8 frame[FRAME_MAX], ctl, aux;
	const struct prog *pg;
	struct model m = { 0 };
	__u32 linear = 0;
	size_t len;

	if (size < 3 || size - 3 > FRAME_MAX)
		return -1;
	ctl = data[0];
	aux = data[1];
	len = size - 3;
	memcpy(frame, data + 3, len);
	fixup(frame, len, ctl, aux);
	if (ctl & CTL_SPLIT)
		linear = data[2] % (len + 1);
	pg = &progs[!!(ctl & CTL_SEND_RST) | (aux & AUX_UDP ? 2 : 0)];
	m.udp = aux & AUX_UDP;
	nd_setup(pg, frame, len, ctl, aux, &m.nd);
	run_checked(pg, frame, len, linear, &m, ctl, &o);
	if (!o.err && (ctl & CTL_TWICE))
		run_checked(pg, frame, len, linear, &m, ctl, &o);
	cleanup(pg, &m, &o);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the XDP reply catcher via BPF_PROG_TEST_RUN, judged by a reference model. */
#include <errno.h>
#include <stdbool.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "common_kern_user.h"
#include "cookie.h"
#include "pkt_builder.h"
#include "xdpmap.skel.h"
#include "fuzz_util.h"
#include "xdp_harness.h"

/*
 * Input: a control byte, a split byte, then the Ethernet frame. The
 * program is loaded once per --send-rst setting with the rodata of
 * tests/bpf/test_bpf.c (198.18.0.1, source ports 61000-61999, the reference
 * SipHash key). A reference classifier written from DESIGN.md and the
 * comments of include/ (not from the BPF source) decides what the frame is,
 * always from IPv4 to our address and our source port range:
 * - a port-scan reply: SYN-ACK acking cookie+1; RST with ACK acking
 *   cookie+1 or with seq cookie+1; ICMP unreachable of code 1, 2, 3, 9, 10
 *   or 13 quoting our SYN, whose seq is the cookie;
 * - a discovery reply (cookie of the discovery key): TCP with ACK acking
 *   dcookie+1, RST with seq dcookie; ICMP echo or timestamp reply whose
 *   identifier:sequence is the ICMP cookie; an ARP reply to our address
 *   and our MAC about an address asked about (recorded, yet passed to the
 *   kernel; once per question, a repeat is a duplicate, an unasked one is
 *   counted as such);
 * - a near miss with a wrong cookie, or anything else.
 * Up to two VLAN tags (802.1Q, 802.1ad) may come before IPv4 or ARP.
 * Only replies may be dropped (or answered with a RST), only replies give a
 * record, and every counter moves exactly as the classification says;
 * anything else passes with its bytes unchanged. The dedup map is emptied
 * after each input, so each run is deterministic.
 */
#define SPORT_LO XH_SPORT_LO
#define SPORT_HI XH_SPORT_HI
#define FRAME_MAX XH_FRAME_MAX

/* Bits of the control byte: ways to steer a mutated frame towards our probes. */
enum {
	CTL_FIX_ACK = 1 << 0,	/* TCP ack := cookie+1; ICMP quoted seq := cookie */
	CTL_FIX_SEQ = 1 << 1,	/* TCP seq := cookie+1 */
	CTL_OURS = 1 << 2,	/* our address and source port range, ICMP type 3 */
	CTL_SEND_RST = 1 << 3,	/* the program loaded with cfg_send_rst */
	CTL_TWICE = 1 << 4,	/* run it again: the retransmission path */
	CTL_SPLIT = 1 << 5,	/* only 'split' bytes in the linear area, the rest in a fragment */
	CTL_DISCOVERY = 1 << 6,	/* the fixes use the discovery cookies */
	CTL_ASK = 1 << 7,	/* ARP: the sender's address was asked about (arp_asked) */
};

/* One loaded program, its maps, and arp_asked. */
struct prog {
	struct xh_prog h;
	int arp_fd;
};

static struct prog progs[2];	/* [0]: plain, [1]: --send-rst */
static __u32 our_addr;
static bool trace;	/* FUZZ_XDP_TRACE set: one line per input on stderr */

/* What the reference classifier says about a frame. */
enum kind { K_OTHER, K_BAD_COOKIE, K_REPLY, K_ARP_UNASKED };

struct judgement {
	enum kind kind;
	bool passes;		/* XDP_PASS, unchanged (an ARP reply is recorded and passed) */
	struct xm_result rec;	/* K_REPLY: the record it must give (ts_ns aside) */
	size_t l2;		/* where the IPv4 header starts (after any VLAN tags) */
	size_t tcp_off;		/* K_REPLY over TCP: where the TCP header starts */
};

static __u32 get_addr(const __u8 *p)
{
	__u32 a;

	memcpy(&a, p, 4);
	return a;
}

/*
 * The IPv4 address at p as include/ documents the record's address: IPv4-mapped,
 * ten zero bytes, two 0xff bytes, then the four address bytes as in the packet.
 */
static struct xm_addr mapped_addr(const __u8 *p)
{
	struct xm_addr a = { .b = { [10] = 0xff, [11] = 0xff } };

	memcpy(&a.b[12], p, 4);
	return a;
}

/* The cookie of our SYN saddr:sport -> daddr:dport, fields as they stand in packets. */
static __u32 cookie_at(const __u8 *saddr, const __u8 *daddr, const __u8 *sport,
		       const __u8 *dport)
{
	__u16 sp, dp;

	memcpy(&sp, sport, 2);
	memcpy(&dp, dport, 2);
	return xm_cookie(&xh_key, get_addr(saddr), get_addr(daddr), sp, dp);
}

static __u32 dcookie_at(const __u8 *saddr, const __u8 *daddr, const __u8 *sport,
			const __u8 *dport)
{
	struct xm_siphash_key dkey = xm_discovery_key(&xh_key);
	__u16 sp, dp;

	memcpy(&sp, sport, 2);
	memcpy(&dp, dport, 2);
	return xm_cookie(&dkey, get_addr(saddr), get_addr(daddr), sp, dp);
}

/* The cookie an echo (0) or timestamp (14) reply from saddr to daddr must carry. */
static __u32 icmp_cookie_at(const __u8 *saddr, const __u8 *daddr, __u8 reply_type)
{
	struct xm_siphash_key dkey = xm_discovery_key(&xh_key);

	return xm_icmp_cookie(&dkey, get_addr(saddr), get_addr(daddr),
			      reply_type == 0 ? 8 : 13);
}

static struct xm_result host_rec(const __u8 *addr, __u16 port, __u8 reason,
				 __u8 ttl)
{
	return (struct xm_result){ .addr = mapped_addr(addr), .family = XM_FAMILY_IPV4,
				   .proto = 0, .port = port,
				   .state = XM_STATE_UP, .reason = reason,
				   .ttl = ttl, .kind = XM_KIND_HOST };
}

static bool ours(const __u8 *addr, __u16 port)
{
	return get_addr(addr) == our_addr && port >= SPORT_LO && port <= SPORT_HI;
}

/* Length of the IPv4 header at p; 0 if the catcher must not read it (short, not v4, fragment). */
static size_t ipv4_hlen(const __u8 *p, size_t avail)
{
	size_t hl;

	if (avail < PB_IP_LEN || p[0] >> 4 != 4 || (p[0] & 15) < 5)
		return 0;
	hl = (size_t)(p[0] & 15) * 4;
	if (hl > avail || (get16(p + 6) & 0x3fff))
		return 0;
	return hl;
}

/* A TCP reply to discovery's SYN (ack dcookie+1) or ACK probe (RST, seq dcookie). */
static void judge_tcp_discovery(const __u8 *ip, const __u8 *tcp,
				struct judgement *j)
{
	__u32 c = dcookie_at(ip + 16, ip + 12, tcp + 2, tcp);
	bool rst = tcp[13] & PB_RST;

	if (((tcp[13] & PB_ACK) && get32(tcp + 8) == c + 1) ||
	    (rst && get32(tcp + 4) == c)) {
		j->kind = K_REPLY;
		j->rec = host_rec(ip + 12, get16(tcp),
				  rst ? XM_REASON_RESET : XM_REASON_SYN_ACK, ip[8]);
	} else {
		j->kind = K_BAD_COOKIE;
	}
}

static void judge_tcp(const __u8 *ip, const __u8 *tcp, size_t avail,
		      struct judgement *j)
{
	__u8 fl = tcp[13];
	bool rst = fl & PB_RST, ack = fl & PB_ACK, syn = fl & PB_SYN, ok;
	__u32 c;

	if (avail < PB_TCP_LEN || !ours(ip + 16, get16(tcp + 2)) ||
	    !(rst || (syn && ack)))
		return;
	c = cookie_at(ip + 16, ip + 12, tcp + 2, tcp);
	if (rst)
		ok = (ack && get32(tcp + 8) == c + 1) || get32(tcp + 4) == c + 1;
	else
		ok = get32(tcp + 8) == c + 1;
	if (!ok) {
		judge_tcp_discovery(ip, tcp, j);
		return;
	}
	j->kind = K_REPLY;
	j->rec = (struct xm_result){
		.addr = mapped_addr(ip + 12), .family = XM_FAMILY_IPV4,
		.proto = IPPROTO_TCP, .port = get16(tcp),
		.state = rst ? XM_STATE_CLOSED : XM_STATE_OPEN,
		.reason = rst ? XM_REASON_RESET : XM_REASON_SYN_ACK,
		.ttl = ip[8], .window = get16(tcp + 14), .kind = XM_KIND_PORT,
	};
}

static __u8 unreach_reason(__u8 code)
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

/* Echo or timestamp reply to discovery: identifier and sequence hold the ICMP cookie. */
static void judge_icmp_query(const __u8 *ip, const __u8 *icmp, struct judgement *j)
{
	if (get32(icmp + 4) != icmp_cookie_at(ip + 16, ip + 12, icmp[0])) {
		j->kind = K_BAD_COOKIE;
		return;
	}
	j->kind = K_REPLY;
	j->rec = host_rec(ip + 12, 0, icmp[0] == 0 ? XM_REASON_ECHO_REPLY :
						       XM_REASON_TIMESTAMP_REPLY,
			  ip[8]);
}

static void judge_icmp(const __u8 *ip, const __u8 *icmp, size_t avail,
		       struct judgement *j)
{
	const __u8 *inner = icmp + PB_ICMP_LEN, *q;
	__u8 reason;
	size_t ihl;

	if (avail < PB_ICMP_LEN || get_addr(ip + 16) != our_addr)
		return;
	if (icmp[0] == 0 || icmp[0] == 14) {
		judge_icmp_query(ip, icmp, j);
		return;
	}
	if (icmp[0] != 3)
		return;
	reason = unreach_reason(icmp[1]);
	ihl = ipv4_hlen(inner, avail - PB_ICMP_LEN);
	if (!reason || !ihl || inner[9] != IPPROTO_TCP ||
	    avail - PB_ICMP_LEN - ihl < 8)
		return;
	q = inner + ihl;
	if (!ours(inner + 12, get16(q)))
		return;
	j->kind = get32(q + 4) == cookie_at(inner + 12, inner + 16, q, q + 2) ?
			  K_REPLY : K_BAD_COOKIE;
	j->rec = (struct xm_result){
		.addr = mapped_addr(inner + 16), .family = XM_FAMILY_IPV4,
		.proto = inner[9], .port = get16(q + 2),
		.state = XM_STATE_FILTERED, .reason = reason, .ttl = ip[8],
		.kind = XM_KIND_PORT,
	};
}

/*
 * An ARP reply (Ethernet/IPv4) to our address: the sender is up if we asked
 * about it and the reply is sent to our MAC; no cookie to check.
 */
static void judge_arp(const __u8 *a, size_t avail, bool asked, struct judgement *j)
{
	if (avail < PB_ARP_LEN || get16(a) != 1 || get16(a + 2) != PB_ETH_P_IP ||
	    a[4] != 6 || a[5] != 4 || get16(a + 6) != 2 ||
	    get_addr(a + 24) != our_addr)
		return;
	if (!asked || memcmp(a + 18, pb_mac_us, 6)) {
		j->kind = K_ARP_UNASKED;
		return;
	}
	j->kind = K_REPLY;
	j->rec = host_rec(a + 14, 0, XM_REASON_ARP_RESPONSE, 0);
	memcpy(j->rec.mac, a + 8, 6);
}

/* Classifies the first 'vis' bytes of the frame (what the program can see). */
static void judge(const __u8 *p, size_t vis, bool asked, struct judgement *j)
{
	const __u8 *ip;
	size_t ihl, l2;
	__u16 proto;

	memset(j, 0, sizeof(*j));
	j->passes = true;
	l2 = xh_l2_len(p, vis, &proto);
	if (l2 && proto == PB_ETH_P_ARP)
		judge_arp(p + l2, vis - l2, asked, j);
	if (!l2 || proto != PB_ETH_P_IP)
		return;
	ip = p + l2;
	ihl = ipv4_hlen(ip, vis - l2);
	if (!ihl)
		return;
	j->l2 = l2;
	j->tcp_off = l2 + ihl;
	if (ip[9] == IPPROTO_TCP)
		judge_tcp(ip, ip + ihl, vis - l2 - ihl, j);
	else if (ip[9] == IPPROTO_ICMP)
		judge_icmp(ip, ip + ihl, vis - l2 - ihl, j);
	j->passes = j->kind != K_REPLY;
}

static __u16 our_port(__u16 port)
{
	return SPORT_LO + port % (SPORT_HI - SPORT_LO + 1);
}

static void fix_tcp(__u8 *ip, __u8 *tcp, __u8 ctl)
{
	bool disc = ctl & CTL_DISCOVERY;
	__u32 c;

	if (ctl & CTL_OURS) {
		memcpy(ip + 16, &our_addr, 4);
		pb_put16(tcp + 2, our_port(get16(tcp + 2)));
	}
	c = disc ? dcookie_at(ip + 16, ip + 12, tcp + 2, tcp) :
		   cookie_at(ip + 16, ip + 12, tcp + 2, tcp);
	if (ctl & CTL_FIX_ACK)
		pb_put32(tcp + 8, c + 1);
	if (ctl & CTL_FIX_SEQ)
		pb_put32(tcp + 4, disc ? c : c + 1);
}

static void fix_icmp_query(__u8 *ip, __u8 *icmp, __u8 ctl)
{
	if (ctl & CTL_OURS)
		icmp[0] = icmp[0] & 1 ? 14 : 0;
	if (ctl & CTL_FIX_ACK)
		pb_put32(icmp + 4, icmp_cookie_at(ip + 16, ip + 12, icmp[0]));
}

static void fix_icmp(__u8 *ip, __u8 *icmp, size_t avail, __u8 ctl)
{
	__u8 *inner = icmp + PB_ICMP_LEN, *q;
	size_t ihl;

	if (ctl & CTL_OURS)
		memcpy(ip + 16, &our_addr, 4);
	if (ctl & CTL_DISCOVERY) {
		fix_icmp_query(ip, icmp, ctl);
		return;
	}
	if (ctl & CTL_OURS)
		icmp[0] = 3;
	ihl = ipv4_hlen(inner, avail - PB_ICMP_LEN);
	if (!ihl || avail - PB_ICMP_LEN - ihl < 8)
		return;
	q = inner + ihl;
	if (ctl & CTL_OURS) {
		memcpy(inner + 12, &our_addr, 4);
		pb_put16(q, our_port(get16(q)));
	}
	if (ctl & CTL_FIX_ACK)
		pb_put32(q + 4, cookie_at(inner + 12, inner + 16, q, q + 2));
}

/* An ARP reply to us: the fields a reply must have, our address and MAC as target. */
static void fix_arp(__u8 *a, size_t avail, __u8 ctl)
{
	if (!(ctl & CTL_OURS) || avail < PB_ARP_LEN)
		return;
	pb_put16(a, 1);
	pb_put16(a + 2, PB_ETH_P_IP);
	a[4] = 6;
	a[5] = 4;
	pb_put16(a + 6, 2);
	memcpy(a + 18, pb_mac_us, 6);
	memcpy(a + 24, &our_addr, 4);
}

/* Steers the frame as the control byte asks (checksums are left as they are). */
static void fixup(__u8 *p, size_t len, __u8 ctl)
{
	size_t ihl, avail, l2;
	__u16 proto;
	__u8 *ip;

	l2 = xh_l2_len(p, len, &proto);
	if (l2 && proto == PB_ETH_P_ARP)
		fix_arp(p + l2, len - l2, ctl);
	if (!l2 || proto != PB_ETH_P_IP)
		return;
	ip = p + l2;
	ihl = ipv4_hlen(ip, len - l2);
	if (!ihl)
		return;
	avail = len - l2 - ihl;
	if (ip[9] == IPPROTO_TCP && avail >= PB_TCP_LEN)
		fix_tcp(ip, ip + ihl, ctl);
	else if (ip[9] == IPPROTO_ICMP && avail >= PB_ICMP_LEN)
		fix_icmp(ip, ip + ihl, avail, ctl);
}

/* The rodata of one load: --send-rst as *arg says. */
static void set_send_rst(struct xdpmap_bpf *skel, const void *arg)
{
	skel->rodata->cfg_send_rst = *(const __u8 *)arg;
}

static void load(struct prog *pg, __u8 send_rst)
{
	xh_load(&pg->h, set_send_rst, &send_rst);
	pg->arp_fd = bpf_map__fd(pg->h.skel->maps.arp_asked);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	our_addr = inet_addr(XH_OUR_ADDR);
	load(&progs[0], 0);
	load(&progs[1], 1);
	trace = getenv("FUZZ_XDP_TRACE") != NULL;
	return 0;
}

/* The counter moves the classification implies for one run. */
static void expected_delta(const struct judgement *j, bool again, __u32 action,
			   __u64 want[XM_CNT_MAX])
{
	memset(want, 0, sizeof(__u64) * XM_CNT_MAX);
	want[XM_CNT_SEEN] = 1;
	want[XM_CNT_PASSED] = j->passes;
	want[XM_CNT_BAD_COOKIE] = j->kind == K_BAD_COOKIE;
	want[XM_CNT_ARP_UNASKED] = j->kind == K_ARP_UNASKED;
	if (j->kind != K_REPLY)
		return;
	if (again)
		want[XM_CNT_DUPLICATE] = 1;
	else
		want[j->rec.kind == XM_KIND_HOST ? XM_CNT_HOST_UP :
		     j->rec.state == XM_STATE_OPEN ? XM_CNT_OPEN :
		     j->rec.state == XM_STATE_CLOSED ? XM_CNT_CLOSED :
						       XM_CNT_FILTERED] = 1;
	want[XM_CNT_RST_SENT] = action == XDP_TX;
}

static void check_counters(const struct judgement *j, bool again,
			   const struct xh_run_out *o)
{
	__u64 want[XM_CNT_MAX];

	expected_delta(j, again, o->action, want);
	xh_check_counters(o, want, j->kind);
}

/* A TCP header whose checksum is right for a 20-byte segment between the given addresses. */
static bool tcp_csum_ok(const __u8 *ip, const __u8 *tcp)
{
	__u8 pseudo[12] = { 0 };

	memcpy(pseudo, ip + 12, 8);
	pseudo[9] = IPPROTO_TCP;
	pb_put16(pseudo + 10, PB_TCP_LEN);
	return xh_tcp_csum_ok(pseudo, sizeof(pseudo), tcp);
}

/*
 * The RST that --send-rst makes of the SYN-ACK 'in', every byte as the
 * comments of reply_rst() and write_rst() say: the layer 2 header (MACs
 * swapped, VLAN tags and EtherType kept), a bare IPv4 header (ihl 5, length
 * 40, id 0, DF, TTL 64, addresses swapped), then a bare RST (ports swapped,
 * seq = the SYN-ACK's ack, no ACK, window and urgent pointer 0), both
 * checksums whole, and nothing after it: the frame is cut to that length.
 */
static void check_rst(const __u8 *in, size_t l2, size_t tcp_off, const __u8 *out,
		      size_t out_len)
{
	__u8 want[FRAME_MAX];
	__u8 *ip = want + l2, *tcp = ip + PB_IP_LEN;
	const __u8 *in_ip = in + l2, *in_tcp = in + tcp_off;
	size_t n = l2 + PB_IP_LEN + PB_TCP_LEN;

	FUZZ_CHECK(out_len == n, "the RST is %zu bytes, want %zu", out_len, n);
	xh_rst_l2(want, in, l2);
	memset(ip, 0, PB_IP_LEN);
	ip[0] = 0x45;
	pb_put16(ip + 2, PB_IP_LEN + PB_TCP_LEN);
	pb_put16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	memcpy(ip + 12, in_ip + 16, 4);
	memcpy(ip + 16, in_ip + 12, 4);
	xh_rst_tcp(tcp, in_tcp);
	memcpy(ip + 10, out + l2 + 10, 2);	/* checksums: checked below */
	memcpy(tcp + 16, out + l2 + PB_IP_LEN + 16, 2);
	FUZZ_CHECK(!memcmp(want, out, n),
		   "the RST differs from the expected bytes, first at offset %zu",
		   xh_first_diff(want, out, n));
	FUZZ_CHECK(pb_fold(pb_sum(out + l2, PB_IP_LEN, 0)) == 0, "bad IPv4 checksum in the RST");
	FUZZ_CHECK(tcp_csum_ok(out + l2, out + l2 + PB_IP_LEN), "bad TCP checksum in the RST");
}

static void check_action(const struct judgement *j, bool send_rst,
			 const __u8 *in, size_t len, const struct xh_run_out *o)
{
	if (!send_rst || j->passes || j->rec.state != XM_STATE_OPEN)
		FUZZ_CHECK(o->len == len, "%u bytes out for %zu in", o->len, len);
	if (j->passes) {
		FUZZ_CHECK(o->action == XDP_PASS, "action %u for a frame to pass (kind %d)",
			   o->action, j->kind);
		FUZZ_CHECK(!memcmp(o->data, in, len), "a passed frame was changed");
	} else if (send_rst && j->rec.state == XM_STATE_OPEN) {
		FUZZ_CHECK(o->action == XDP_TX, "action %u for our SYN-ACK with --send-rst",
			   o->action);
		check_rst(in, j->l2, j->tcp_off, o->data, o->len);
	} else {
		FUZZ_CHECK(o->action == XDP_DROP, "action %u for a reply of ours", o->action);
	}
}

static void check_run(const struct judgement *j, bool send_rst, bool again,
		      const __u8 *in, size_t len, const struct xh_run_out *o)
{
	check_action(j, send_rst, in, len, o);
	FUZZ_CHECK(o->nrecs == (j->kind == K_REPLY && !again),
		   "%d records, want %d (kind %d)", o->nrecs,
		   j->kind == K_REPLY && !again, j->kind);
	if (o->nrecs == 1)
		xh_check_record(&o->recs[0], &j->rec);
	check_counters(j, again, o);
}

static void forget(const struct prog *pg, const struct xm_result *r)
{
	struct xm_dedup_key k = xm_dedup_key_of(r);

	bpf_map_delete_elem(pg->h.dedup_fd, &k);
}

/* The sender address of the ARP packet in the frame, if there is a whole one. */
static bool arp_sender(const __u8 *p, size_t len, __u32 *spa)
{
	__u16 proto;
	size_t l2 = xh_l2_len(p, len, &proto);

	if (!l2 || proto != PB_ETH_P_ARP || len - l2 < PB_ARP_LEN)
		return false;
	*spa = get_addr(p + l2 + 14);
	return true;
}

/* CTL_ASK: the question about the ARP sender, as the scanner opens it before asking. */
static void ask(const struct prog *pg, const __u8 *p, size_t len)
{
	struct xm_arp_key k = { .stage = XM_ARP_ASKED };
	struct xm_arp_val v = { { 0 } };

	if (arp_sender(p, len, &k.addr))
		FUZZ_CHECK(!bpf_map_update_elem(pg->arp_fd, &k, &v, BPF_ANY),
			   "arp_asked update: %s", strerror(errno));
}

/* Leaves the dedup and arp_asked maps as they were before this input: empty. */
static void cleanup(const struct prog *pg, const struct judgement *j,
		    const struct xh_run_out *o, const __u8 *p, size_t len)
{
	struct xm_arp_key k = { .stage = XM_ARP_ASKED };

	if (arp_sender(p, len, &k.addr)) {
		bpf_map_delete_elem(pg->arp_fd, &k);
		k.stage = XM_ARP_ANSWERED;
		bpf_map_delete_elem(pg->arp_fd, &k);
	}
	if (j->kind == K_REPLY)
		forget(pg, &j->rec);
	xh_forget_records(&pg->h, o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct xh_run_out o;
	__u8 frame[FRAME_MAX], ctl;
	struct judgement j;
	const struct prog *pg;
	size_t len;
	__u32 linear = 0;

	if (size < 2 || size - 2 > FRAME_MAX)
		return -1;
	ctl = data[0];
	len = size - 2;
	memcpy(frame, data + 2, len);
	fixup(frame, len, ctl);
	if (ctl & CTL_SPLIT)
		linear = data[1] % (len + 1);
	pg = &progs[!!(ctl & CTL_SEND_RST)];
	judge(frame, linear ? linear : len, ctl & CTL_ASK, &j);
	if (ctl & CTL_ASK)
		ask(pg, frame, len);
	xh_run(&pg->h, frame, len, linear, &o);
	if (o.err) {
		xh_check_refused(&o, len, linear);
		cleanup(pg, &j, &o, frame, len);
		return 0;
	}
	if (trace)
		fprintf(stderr, "fuzz_xdp: kind %d, passes %d, action %u, %d records, reason %u\n",
			j.kind, j.passes, o.action, o.nrecs, j.rec.reason);
	check_run(&j, ctl & CTL_SEND_RST, false, frame, len, &o);
	if (ctl & CTL_TWICE) {
		xh_run(&pg->h, frame, len, linear, &o);
		check_run(&j, ctl & CTL_SEND_RST, j.kind == K_REPLY, frame, len, &o);
	}
	cleanup(pg, &j, &o, frame, len);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Table-driven BPF_PROG_TEST_RUN tests of the XDP reply catcher (cmocka, TAP-capable). */
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
#include "xdp_counters.h"

#define OUR_ADDR "198.18.0.1"
#define SPORT_LO 61000
#define SPORT_HI 61999
#define PKT_MAX 256
#define MAX_RECS 8
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Offsets at which the truncation rows cut their frames. */
#define OFF_IP PB_ETH_LEN
#define OFF_L4 (PB_ETH_LEN + PB_IP_LEN)
#define OFF_QIP (OFF_L4 + PB_ICMP_LEN)

/* The reference SipHash test key (bytes 00..0f). */
static const struct xm_siphash_key test_key = {
	.k0 = 0x0706050403020100ULL,
	.k1 = 0x0f0e0d0c0b0a0908ULL,
};

enum frame { F_TCP, F_ICMP, F_UDP, F_IPV6, F_ARP, F_ICMPQ, F_ARPREPLY };

/* What a TCP seq/ack (or a quoted seq) holds, relative to the probe's cookie. */
enum seqval { V_ZERO, V_COOKIE, V_COOKIE1, V_WRONG };

/*
 * A frame, described rather than spelled out because the cookie is computed.
 * TCP: a reply from src:tport to dst:oport. ICMP: an error from src to dst
 * quoting the SYN prober:oport -> target:tport whose seq is 'seq'.
 */
struct pkt_spec {
	enum frame frame;
	const char *src;
	const char *dst;	/* NULL: OUR_ADDR */
	const char *target;	/* ICMP only */
	const char *prober;	/* ICMP only; NULL: OUR_ADDR */
	__u16 tport;
	__u16 oport;
	__u8 flags;
	enum seqval seq;
	enum seqval ack;
	__u16 window;
	__u8 ttl;
	__u8 opt_words;
	__u16 frag;
	__u8 type;
	__u8 code;
	__u8 disc;	/* TCP: the cookie is the discovery probe's */
	__u16 ethertype;	/* overrides the frame's EtherType if set */
	size_t cut;	/* frame truncated to this many bytes; 0: whole */
	__u32 linear;	/* bytes in the linear area (ctx_in data_end); 0: all */
	__u8 vlans;	/* VLAN tags after the MACs: 1 802.1Q, 2 802.1ad + 802.1Q, 3 */
	__u8 ask;	/* ARP: put the question about src in arp_asked first */
	const __u8 *sha;	/* ARP reply: the sender's MAC; NULL: pb_mac_gw */
	const __u8 *tha;	/* ARP reply: the target MAC; NULL: ours (pb_mac_us) */
};

struct expect_rec {
	const char *addr;	/* NULL: no record expected; always IPv4 (XM_FAMILY_IPV4) */
	__u16 port;
	__u8 state;
	__u8 reason;
	__u8 ttl;
	__u16 window;
	__u8 proto;	/* the probe's protocol; 0 in host records (state UP) */
	const __u8 *mac;	/* ARP records: the MAC the record must carry */
};

struct test_case {
	const char *name;
	struct pkt_spec spec;
	int err;		/* expected bpf_prog_test_run_opts() error */
	int action;
	struct expect_rec rec;
	__s64 delta[XM_CNT_MAX];	/* besides seen +1 and, on PASS, passed +1 */
	__u8 pkt[PKT_MAX];	/* built from spec by the group setup */
	size_t len;
};

#define SYNACK (PB_SYN | PB_ACK)
#define RSTACK (PB_RST | PB_ACK)

/* Other hosts' MACs in ARP replies. */
static const __u8 mac_other[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x66 };
static const __u8 mac_third[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x77 };

/*
 * Rows run in order against one loaded program. The dedup LRU keeps its
 * entries across runs, so every row gets its own (target, port) except the
 * duplicate row, which repeats the first on purpose.
 */
static struct test_case cases[] = {
	/* Replies that are ours: recorded once, dropped. */
	{ .name = "open: SYN-ACK acking cookie+1, lowest sport",
	  .spec = { F_TCP, "198.18.1.1", .tport = 80, .oport = SPORT_LO,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
		    .window = 64240, .ttl = 64 },
	  .action = XDP_DROP,
	  .rec = { "198.18.1.1", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64240, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "open: SYN-ACK, highest sport",
	  .spec = { F_TCP, "198.18.1.2", .tport = 443, .oport = SPORT_HI,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
		    .window = 65535, .ttl = 128 },
	  .action = XDP_DROP,
	  .rec = { "198.18.1.2", 443, XM_STATE_OPEN, XM_REASON_SYN_ACK, 128, 65535, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "closed: RST-ACK acking cookie+1",
	  .spec = { F_TCP, "198.18.1.3", .tport = 22, .oport = 61010,
		    .flags = RSTACK, .seq = V_ZERO, .ack = V_COOKIE1, .ttl = 63 },
	  .action = XDP_DROP,
	  .rec = { "198.18.1.3", 22, XM_STATE_CLOSED, XM_REASON_RESET, 63, 0, IPPROTO_TCP },
	  .delta = { [XM_CNT_CLOSED] = 1 } },
	{ .name = "closed: bare RST with seq cookie+1",
	  .spec = { F_TCP, "198.18.1.4", .tport = 23, .oport = 61011,
		    .flags = PB_RST, .seq = V_COOKIE1, .ack = V_ZERO, .ttl = 255 },
	  .action = XDP_DROP,
	  .rec = { "198.18.1.4", 23, XM_STATE_CLOSED, XM_REASON_RESET, 255, 0, IPPROTO_TCP },
	  .delta = { [XM_CNT_CLOSED] = 1 } },
	{ .name = "filtered: ICMP host unreachable (3/1) from a router",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.1", .tport = 25,
		    .oport = 61020, .seq = V_COOKIE, .ttl = 250, .type = 3, .code = 1 },
	  .action = XDP_DROP,
	  .rec = { "198.18.2.1", 25, XM_STATE_FILTERED, XM_REASON_HOST_UNREACH, 250, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "filtered: ICMP protocol unreachable (3/2) from the target",
	  .spec = { F_ICMP, "198.18.2.2", .target = "198.18.2.2", .tport = 53,
		    .oport = 61021, .seq = V_COOKIE, .ttl = 61, .type = 3, .code = 2 },
	  .action = XDP_DROP,
	  .rec = { "198.18.2.2", 53, XM_STATE_FILTERED, XM_REASON_PROTO_UNREACH, 61, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "filtered: ICMP port unreachable (3/3) from the target",
	  .spec = { F_ICMP, "198.18.2.3", .target = "198.18.2.3", .tport = 110,
		    .oport = 61022, .seq = V_COOKIE, .ttl = 60, .type = 3, .code = 3 },
	  .action = XDP_DROP,
	  .rec = { "198.18.2.3", 110, XM_STATE_FILTERED, XM_REASON_PORT_UNREACH, 60, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "filtered: ICMP net prohibited (3/9)",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.4", .tport = 139,
		    .oport = 61023, .seq = V_COOKIE, .ttl = 249, .type = 3, .code = 9 },
	  .action = XDP_DROP,
	  .rec = { "198.18.2.4", 139, XM_STATE_FILTERED, XM_REASON_NET_PROHIBITED, 249, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "filtered: ICMP host prohibited (3/10)",
	  .spec = { F_ICMP, "198.18.9.2", .target = "198.18.2.5", .tport = 445,
		    .oport = 61024, .seq = V_COOKIE, .ttl = 248, .type = 3, .code = 10 },
	  .action = XDP_DROP,
	  .rec = { "198.18.2.5", 445, XM_STATE_FILTERED, XM_REASON_HOST_PROHIBITED, 248, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "filtered: ICMP admin prohibited (3/13)",
	  .spec = { F_ICMP, "198.18.9.3", .target = "198.18.2.6", .tport = 3389,
		    .oport = 61025, .seq = V_COOKIE, .ttl = 247, .type = 3, .code = 13 },
	  .action = XDP_DROP,
	  .rec = { "198.18.2.6", 3389, XM_STATE_FILTERED, XM_REASON_ADMIN_PROHIBITED, 247, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "duplicate: SYN-ACK retransmission of the first row",
	  .spec = { F_TCP, "198.18.1.1", .tport = 80, .oport = SPORT_LO,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
		    .window = 64240, .ttl = 64 },
	  .action = XDP_DROP,
	  .delta = { [XM_CNT_DUPLICATE] = 1 } },

	/* ICMP that is not a "filtered" answer to one of our probes. */
	{ .name = "pass: ICMP net unreachable (3/0) quoting our SYN",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.7", .tport = 80,
		    .oport = 61026, .seq = V_COOKIE, .ttl = 250, .type = 3, .code = 0 },
	  .action = XDP_PASS },
	{ .name = "pass: ICMP frag needed (3/4) quoting our SYN",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.8", .tport = 80,
		    .oport = 61027, .seq = V_COOKIE, .ttl = 250, .type = 3, .code = 4 },
	  .action = XDP_PASS },
	{ .name = "pass: ICMP reassembly time exceeded (11/1) quoting our SYN",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.9", .tport = 80,
		    .oport = 61028, .seq = V_COOKIE, .ttl = 250, .type = 11, .code = 1 },
	  .action = XDP_PASS },
	{ .name = "bad cookie: ICMP admin prohibited quoting a wrong seq",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.10", .tport = 80,
		    .oport = 61029, .seq = V_WRONG, .ttl = 250, .type = 3, .code = 13 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "pass: ICMP quoting a SYN from another source address",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.2.11", .tport = 80,
		    .prober = "198.18.0.9", .oport = 61030, .seq = V_COOKIE,
		    .ttl = 250, .type = 3, .code = 13 },
	  .action = XDP_PASS },
	{ .name = "pass: ICMP unreachable to another destination address",
	  .spec = { F_ICMP, "198.18.9.1", .dst = "198.18.0.2", .target = "198.18.2.12",
		    .tport = 80, .oport = 61031, .seq = V_COOKIE, .ttl = 250,
		    .type = 3, .code = 13 },
	  .action = XDP_PASS },

	/* TCP that is not a reply to one of our probes. */
	{ .name = "bad cookie: SYN-ACK acking a wrong number",
	  .spec = { F_TCP, "198.18.1.20", .tport = 80, .oport = 61040,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_WRONG, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "bad cookie: SYN-ACK acking the cookie itself (off by one)",
	  .spec = { F_TCP, "198.18.1.21", .tport = 80, .oport = 61041,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "bad cookie: RST-ACK acking a wrong number",
	  .spec = { F_TCP, "198.18.1.22", .tport = 80, .oport = 61042,
		    .flags = RSTACK, .seq = V_ZERO, .ack = V_WRONG, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "bad cookie: RST without ACK, ack field cookie+1 but seq wrong",
	  .spec = { F_TCP, "198.18.1.23", .tport = 80, .oport = 61043,
		    .flags = PB_RST, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "pass: SYN-ACK to sport below our range",
	  .spec = { F_TCP, "198.18.1.24", .tport = 80, .oport = SPORT_LO - 1,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_PASS },
	{ .name = "pass: SYN-ACK to sport above our range",
	  .spec = { F_TCP, "198.18.1.25", .tport = 80, .oport = SPORT_HI + 1,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_PASS },
	{ .name = "pass: SYN-ACK to another destination address",
	  .spec = { F_TCP, "198.18.1.26", .dst = "198.18.0.2", .tport = 80,
		    .oport = 61044, .flags = SYNACK, .seq = V_WRONG,
		    .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_PASS },
	{ .name = "pass: plain ACK acking cookie+1",
	  .spec = { F_TCP, "198.18.1.27", .tport = 80, .oport = 61045,
		    .flags = PB_ACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_PASS },
	{ .name = "pass: UDP to our port range",
	  .spec = { F_UDP, "198.18.1.28", .tport = 53, .oport = 61046, .ttl = 64 },
	  .action = XDP_PASS },
	{ .name = "pass: IPv6 frame",
	  .spec = { F_IPV6 },
	  .action = XDP_PASS },
	{ .name = "pass: ARP request",
	  .spec = { F_ARP, "198.18.0.254" },
	  .action = XDP_PASS },
	{ .name = "pass: valid SYN-ACK bytes under a non-IPv4 EtherType",
	  .spec = { F_TCP, "198.18.1.29", .tport = 80, .oport = 61047,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64,
		    .ethertype = 0x88b5 },
	  .action = XDP_PASS },

	/* IPv4 options and fragments. */
	{ .name = "open: SYN-ACK with IPv4 options (ihl 6)",
	  .spec = { F_TCP, "198.18.3.1", .tport = 8080, .oport = 61050,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
		    .window = 29200, .ttl = 54, .opt_words = 1 },
	  .action = XDP_DROP,
	  .rec = { "198.18.3.1", 8080, XM_STATE_OPEN, XM_REASON_SYN_ACK, 54, 29200, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "filtered: ICMP with IPv4 options (ihl 15)",
	  .spec = { F_ICMP, "198.18.9.4", .target = "198.18.3.2", .tport = 8443,
		    .oport = 61051, .seq = V_COOKIE, .ttl = 246, .opt_words = 10,
		    .type = 3, .code = 13 },
	  .action = XDP_DROP,
	  .rec = { "198.18.3.2", 8443, XM_STATE_FILTERED, XM_REASON_ADMIN_PROHIBITED, 246, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "pass: valid SYN-ACK in a first fragment (MF set)",
	  .spec = { F_TCP, "198.18.3.3", .tport = 80, .oport = 61052,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64,
		    .frag = PB_IP_MF },
	  .action = XDP_PASS },
	{ .name = "pass: valid SYN-ACK in a non-first fragment (offset 8)",
	  .spec = { F_TCP, "198.18.3.4", .tport = 80, .oport = 61053,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64,
		    .frag = 1 },
	  .action = XDP_PASS },

	/* Truncated frames, each whole one a valid reply (see the controls). */
	/*
	 * BPF_PROG_TEST_RUN refuses an XDP frame shorter than ETH_HLEN with
	 * -EINVAL (net/bpf/test_run.c: data_size_in - meta < ETH_HLEN), so a
	 * 10-byte frame never reaches the program: assert exactly that. Since
	 * 6.18 ctx_in->data_end may be smaller than data_size_in, the rest
	 * going to a fragment; that gives the program a 10-byte linear area,
	 * which is all it can see, so its Ethernet bounds check does run.
	 * Older kernels refuse that too: the row is then skipped.
	 */
	{ .name = "truncated in Ethernet header: kernel refuses (EINVAL)",
	  .spec = { F_TCP, "198.18.4.1", .tport = 80, .oport = 61060,
		    .flags = SYNACK, .ack = V_COOKIE1, .ttl = 64, .cut = 10 },
	  .err = -EINVAL },
	{ .name = "truncated in Ethernet header: 10-byte linear area",
	  .spec = { F_TCP, "198.18.4.1", .tport = 80, .oport = 61060,
		    .flags = SYNACK, .ack = V_COOKIE1, .ttl = 64,
		    .cut = PB_ETH_LEN, .linear = 10 },
	  .action = XDP_PASS },
	{ .name = "truncated in IPv4 header",
	  .spec = { F_TCP, "198.18.4.2", .tport = 80, .oport = 61061,
		    .flags = SYNACK, .ack = V_COOKIE1, .ttl = 64, .cut = OFF_IP + 12 },
	  .action = XDP_PASS },
	{ .name = "truncated in IPv4 options",
	  .spec = { F_TCP, "198.18.4.3", .tport = 80, .oport = 61062,
		    .flags = SYNACK, .ack = V_COOKIE1, .ttl = 64, .opt_words = 2,
		    .cut = OFF_L4 + 4 },
	  .action = XDP_PASS },
	{ .name = "truncated in TCP header (one byte short)",
	  .spec = { F_TCP, "198.18.4.4", .tport = 80, .oport = 61063,
		    .flags = SYNACK, .ack = V_COOKIE1, .ttl = 64,
		    .cut = OFF_L4 + PB_TCP_LEN - 1 },
	  .action = XDP_PASS },
	{ .name = "truncated in ICMP header",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.4.5", .tport = 80,
		    .oport = 61064, .seq = V_COOKIE, .ttl = 250, .type = 3,
		    .code = 13, .cut = OFF_L4 + 4 },
	  .action = XDP_PASS },
	{ .name = "truncated in quoted IPv4 header",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.4.6", .tport = 80,
		    .oport = 61065, .seq = V_COOKIE, .ttl = 250, .type = 3,
		    .code = 13, .cut = OFF_QIP + 12 },
	  .action = XDP_PASS },
	{ .name = "truncated in quoted TCP ports/seq (one byte short)",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.4.7", .tport = 80,
		    .oport = 61066, .seq = V_COOKIE, .ttl = 250, .type = 3,
		    .code = 13, .cut = OFF_QIP + PB_IP_LEN + 7 },
	  .action = XDP_PASS },
	{ .name = "control: the TCP frame cut one byte short, whole",
	  .spec = { F_TCP, "198.18.4.4", .tport = 80, .oport = 61063,
		    .flags = SYNACK, .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_DROP,
	  .rec = { "198.18.4.4", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 0, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "control: the ICMP frame cut one byte short, whole",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.4.7", .tport = 80,
		    .oport = 61066, .seq = V_COOKIE, .ttl = 250, .type = 3,
		    .code = 13 },
	  .action = XDP_DROP,
	  .rec = { "198.18.4.7", 80, XM_STATE_FILTERED, XM_REASON_ADMIN_PROHIBITED, 250, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },

	/* Host discovery replies: one host record per host, cookies of the discovery key. */
	{ .name = "host: echo reply carrying the discovery cookie",
	  .spec = { F_ICMPQ, "198.18.7.1", .type = 0, .seq = V_COOKIE, .ttl = 64 },
	  .action = XDP_DROP,
	  .rec = { "198.18.7.1", 0, XM_STATE_UP, XM_REASON_ECHO_REPLY, 64, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "host: timestamp reply carrying the discovery cookie",
	  .spec = { F_ICMPQ, "198.18.7.2", .type = 14, .seq = V_COOKIE, .ttl = 60 },
	  .action = XDP_DROP,
	  .rec = { "198.18.7.2", 0, XM_STATE_UP, XM_REASON_TIMESTAMP_REPLY, 60, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "host: the same echo reply again (one record per host)",
	  .spec = { F_ICMPQ, "198.18.7.1", .type = 0, .seq = V_COOKIE, .ttl = 64 },
	  .action = XDP_DROP,
	  .delta = { [XM_CNT_DUPLICATE] = 1 } },
	{ .name = "pass: echo reply with a wrong cookie",
	  .spec = { F_ICMPQ, "198.18.7.3", .type = 0, .seq = V_WRONG, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "pass: echo reply from an address we did not probe",
	  .spec = { F_ICMPQ, "198.18.7.5", .target = "198.18.7.4", .type = 0,
		    .seq = V_COOKIE, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "pass: echo request (not a reply) to us",
	  .spec = { F_ICMPQ, "198.18.7.9", .type = 8, .seq = V_COOKIE, .ttl = 64 },
	  .action = XDP_PASS },
	{ .name = "host: SYN-ACK to the discovery SYN (-PS443)",
	  .spec = { F_TCP, "198.18.7.6", .tport = 443, .oport = 61100, .disc = 1,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64 },
	  .action = XDP_DROP,
	  .rec = { "198.18.7.6", 443, XM_STATE_UP, XM_REASON_SYN_ACK, 64, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "host: RST to the discovery ACK (-PA80), seq = our ack",
	  .spec = { F_TCP, "198.18.7.7", .tport = 80, .oport = 61101, .disc = 1,
		    .flags = PB_RST, .seq = V_COOKIE, .ack = V_ZERO, .ttl = 64 },
	  .action = XDP_DROP,
	  .rec = { "198.18.7.7", 80, XM_STATE_UP, XM_REASON_RESET, 64, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "pass: discovery SYN-ACK with a wrong cookie",
	  .spec = { F_TCP, "198.18.7.8", .tport = 443, .oport = 61102, .disc = 1,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_WRONG, .ttl = 64 },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_BAD_COOKIE] = 1 } },
	{ .name = "host: ARP reply to our address (passed on to the kernel)",
	  .spec = { F_ARPREPLY, "198.18.0.77", .ask = 1 },
	  .action = XDP_PASS,
	  .rec = { "198.18.0.77", 0, XM_STATE_UP, XM_REASON_ARP_RESPONSE, 0, 0, .mac = pb_mac_gw },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "pass: ARP reply to another address",
	  .spec = { F_ARPREPLY, "198.18.0.78", .dst = "198.18.0.9" },
	  .action = XDP_PASS },

	/* ARP replies we did not ask for, or already had (issue 16, item 2). */
	{ .name = "pass: ARP reply for an address not asked about: no record",
	  .spec = { F_ARPREPLY, "198.18.0.79" },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 } },
	{ .name = "pass: ARP reply to our address but another target MAC: no record",
	  .spec = { F_ARPREPLY, "198.18.0.80", .ask = 1, .tha = mac_other },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 } },
	{ .name = "host: ARP reply, asked, after one to another target MAC",
	  .spec = { F_ARPREPLY, "198.18.0.80" },
	  .action = XDP_PASS,
	  .rec = { "198.18.0.80", 0, XM_STATE_UP, XM_REASON_ARP_RESPONSE, 0, 0, .mac = pb_mac_gw },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "pass: the same ARP reply repeated: one record",
	  .spec = { F_ARPREPLY, "198.18.0.80" },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_DUPLICATE] = 1 } },
	{ .name = "host: another MAC claims the answered address: one conflict record",
	  .spec = { F_ARPREPLY, "198.18.0.80", .sha = mac_other },
	  .action = XDP_PASS,
	  .rec = { "198.18.0.80", 0, XM_STATE_UP, XM_REASON_ARP_RESPONSE, 0, 0, .mac = mac_other },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "pass: a third MAC for the address: no record",
	  .spec = { F_ARPREPLY, "198.18.0.80", .sha = mac_third },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 } },
	{ .name = "pass: the conflicting MAC again: no record",
	  .spec = { F_ARPREPLY, "198.18.0.80", .sha = mac_other },
	  .action = XDP_PASS,
	  .delta = { [XM_CNT_ARP_UNASKED] = 1 } },

	/* VLAN-tagged replies (802.1Q, and 802.1ad over 802.1Q) are read as untagged ones. */
	{ .name = "open: SYN-ACK under an 802.1Q tag",
	  .spec = { F_TCP, "198.18.5.1", .tport = 80, .oport = 61070,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
		    .window = 64240, .ttl = 64, .vlans = 1 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.1", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 64, 64240, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "open: SYN-ACK under 802.1ad and 802.1Q tags",
	  .spec = { F_TCP, "198.18.5.2", .tport = 80, .oport = 61071,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
		    .window = 64240, .ttl = 63, .vlans = 2 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.2", 80, XM_STATE_OPEN, XM_REASON_SYN_ACK, 63, 64240, IPPROTO_TCP },
	  .delta = { [XM_CNT_OPEN] = 1 } },
	{ .name = "closed: RST-ACK under an 802.1Q tag",
	  .spec = { F_TCP, "198.18.5.3", .tport = 22, .oport = 61072,
		    .flags = RSTACK, .seq = V_ZERO, .ack = V_COOKIE1, .ttl = 64, .vlans = 1 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.3", 22, XM_STATE_CLOSED, XM_REASON_RESET, 64, 0, IPPROTO_TCP },
	  .delta = { [XM_CNT_CLOSED] = 1 } },
	{ .name = "closed: RST-ACK under 802.1ad and 802.1Q tags",
	  .spec = { F_TCP, "198.18.5.4", .tport = 22, .oport = 61073,
		    .flags = RSTACK, .seq = V_ZERO, .ack = V_COOKIE1, .ttl = 64, .vlans = 2 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.4", 22, XM_STATE_CLOSED, XM_REASON_RESET, 64, 0, IPPROTO_TCP },
	  .delta = { [XM_CNT_CLOSED] = 1 } },
	{ .name = "filtered: ICMP admin prohibited under an 802.1Q tag",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.5.5", .tport = 80,
		    .oport = 61074, .seq = V_COOKIE, .ttl = 250, .type = 3, .code = 13,
		    .vlans = 1 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.5", 80, XM_STATE_FILTERED, XM_REASON_ADMIN_PROHIBITED, 250, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "filtered: ICMP admin prohibited under 802.1ad and 802.1Q tags",
	  .spec = { F_ICMP, "198.18.9.1", .target = "198.18.5.6", .tport = 80,
		    .oport = 61075, .seq = V_COOKIE, .ttl = 250, .type = 3, .code = 13,
		    .vlans = 2 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.6", 80, XM_STATE_FILTERED, XM_REASON_ADMIN_PROHIBITED, 250, 0,
		   IPPROTO_TCP },
	  .delta = { [XM_CNT_FILTERED] = 1 } },
	{ .name = "host: echo reply under 802.1ad and 802.1Q tags",
	  .spec = { F_ICMPQ, "198.18.5.7", .type = 0, .seq = V_COOKIE, .ttl = 64, .vlans = 2 },
	  .action = XDP_DROP,
	  .rec = { "198.18.5.7", 0, XM_STATE_UP, XM_REASON_ECHO_REPLY, 64, 0 },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "host: ARP reply under an 802.1Q tag",
	  .spec = { F_ARPREPLY, "198.18.0.81", .ask = 1, .vlans = 1 },
	  .action = XDP_PASS,
	  .rec = { "198.18.0.81", 0, XM_STATE_UP, XM_REASON_ARP_RESPONSE, 0, 0, .mac = pb_mac_gw },
	  .delta = { [XM_CNT_HOST_UP] = 1 } },
	{ .name = "pass: valid SYN-ACK under three tags (two are parsed)",
	  .spec = { F_TCP, "198.18.5.8", .tport = 80, .oport = 61076,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64, .vlans = 3 },
	  .action = XDP_PASS },
	{ .name = "pass: valid SYN-ACK with its tag cut short",
	  .spec = { F_TCP, "198.18.5.9", .tport = 80, .oport = 61077,
		    .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1, .ttl = 64, .vlans = 1,
		    .cut = PB_ETH_LEN + 2 },
	  .action = XDP_PASS },
};

/* The loaded program and what the ring buffer delivered for the current case. */
static struct {
	struct xdpmap_bpf *skel;
	struct ring_buffer *rb;
	int ncpus;
	struct xm_result recs[MAX_RECS];
	int nrecs;
	__u8 send_rst;	/* load with cfg_send_rst */
	__u8 udp_scan;	/* load with cfg_udp_scan, cfg_udp_ping and the UDP port table of udp_table[] */
	__u32 ring_bytes; /* non-zero: the ring buffer's size */
} fx;

/* The cookie key of the port scan (disc 0) or of discovery (1). */
static struct xm_siphash_key udp_ckey(int disc)
{
	return disc ? xm_discovery_key(&test_key) : test_key;
}

/* The source-port key of udp_ckey(disc), as the scanner derives it (xm_sport_key). */
static struct xm_siphash_key udp_skey(int disc)
{
	static const __u64 labels[2] = { 0x30747270732d6d78ULL, 0x31747270732d6d78ULL };
	struct xm_siphash_key ck = udp_ckey(disc);
	struct xm_siphash_key k = { xm_siphash24_words(&ck, &labels[0], 1, 0, 0),
				    xm_siphash24_words(&ck, &labels[1], 1, 0, 0) };

	return k;
}

static __u32 addr_be(const char *s)
{
	return s ? inet_addr(s) : inet_addr(OUR_ADDR);
}

/* The cookie of the SYN prober:oport -> target:tport. */
static __u32 probe_cookie(__u32 prober, __u32 target, __u16 oport, __u16 tport)
{
	return xm_cookie(&test_key, prober, target, htons(oport), htons(tport));
}

static __u32 seq_value(enum seqval v, __u32 cookie)
{
	switch (v) {
	case V_COOKIE: return cookie;
	case V_COOKIE1: return cookie + 1;
	case V_WRONG: return cookie ^ 0x5a5a5a5a;
	default: return 0;
	}
}

static struct pb_ip outer_ip(const struct pkt_spec *s, __u8 proto)
{
	return (struct pb_ip){ .saddr = addr_be(s->src), .daddr = addr_be(s->dst),
			       .proto = proto, .ttl = s->ttl,
			       .opt_words = s->opt_words, .frag = s->frag,
			       .id = 0x1234 };
}

static size_t build_tcp(__u8 *buf, const struct pkt_spec *s)
{
	struct pb_ip ip = outer_ip(s, IPPROTO_TCP);
	struct xm_siphash_key dkey = xm_discovery_key(&test_key);
	__u32 c = s->disc ? xm_cookie(&dkey, ip.daddr, ip.saddr, htons(s->oport),
				      htons(s->tport)) :
			    probe_cookie(ip.daddr, ip.saddr, s->oport, s->tport);
	struct pb_tcp t = { .sport = s->tport, .dport = s->oport,
			    .seq = seq_value(s->seq, c),
			    .ack = seq_value(s->ack, c), .flags = s->flags,
			    .window = s->window };

	return pb_tcp_frame(buf, &ip, &t);
}

/* The quoted probe is our SYN as the sender built it: ttl 64, window 1024. */
static size_t build_icmp(__u8 *buf, const struct pkt_spec *s)
{
	struct pb_ip ip = outer_ip(s, IPPROTO_ICMP);
	struct pb_ip qip = { .saddr = addr_be(s->prober),
			     .daddr = addr_be(s->target),
			     .proto = IPPROTO_TCP, .ttl = 64, .id = 0x4d2 };
	__u32 c = probe_cookie(qip.saddr, qip.daddr, s->oport, s->tport);
	struct pb_tcp qt = { .sport = s->oport, .dport = s->tport,
			     .seq = seq_value(s->seq, c), .flags = PB_SYN,
			     .window = 1024 };
	__u32 rest = s->code == 4 ? 1400 : 0;	/* next-hop MTU */

	return pb_icmp_frame(buf, &ip, s->type, s->code, rest, &qip, &qt);
}

/* UDP datagram with checksum: 8-byte header and 4 bytes of payload. */
static size_t build_udp(__u8 *buf, const struct pkt_spec *s)
{
	struct pb_ip ip = outer_ip(s, IPPROTO_UDP);
	size_t n = pb_eth(buf, PB_ETH_P_IP);
	__u8 pseudo[12] = { 0 };
	__u8 *u;

	n += pb_ipv4(buf + n, &ip, 12);
	u = buf + n;
	memset(u, 0, 12);
	pb_put16(u, s->tport);
	pb_put16(u + 2, s->oport);
	pb_put16(u + 4, 12);
	memcpy(u + 8, "ping", 4);
	memcpy(pseudo, &ip.saddr, 4);
	memcpy(pseudo + 4, &ip.daddr, 4);
	pseudo[9] = IPPROTO_UDP;
	pb_put16(pseudo + 10, 12);
	pb_put16(u + 6, pb_fold(pb_sum(u, 12, pb_sum(pseudo, 12, 0))));
	return n + 12;
}

/* ICMP echo (type 0/8: 8 bytes) or timestamp (type 13/14: 20 bytes) whose id|seq is the cookie. */
static size_t build_icmpq(__u8 *buf, const struct pkt_spec *s)
{
	struct pb_ip ip = outer_ip(s, IPPROTO_ICMP);
	struct xm_siphash_key dkey = xm_discovery_key(&test_key);
	__u8 request = s->type == 14 || s->type == 13 ? 13 : 8;
	__u32 c = xm_icmp_cookie(&dkey, ip.daddr, addr_be(s->target ? s->target : s->src),
				 request);
	size_t len = request == 8 ? 8 : 20, n = pb_eth(buf, PB_ETH_P_IP);
	__u8 *icmp;

	n += pb_ipv4(buf + n, &ip, len);
	icmp = buf + n;
	memset(icmp, 0, len);
	icmp[0] = s->type;
	pb_put32(icmp + 4, seq_value(s->seq, c));
	pb_put16(icmp + 2, pb_fold(pb_sum(icmp, len, 0)));
	return n + len;
}

/* ARP reply from src (MAC sha) to dst (default: us) at MAC tha (default: ours). */
static size_t build_arp_reply(__u8 *buf, const struct pkt_spec *s)
{
	size_t n = pb_arp_frame(buf, addr_be(s->src), addr_be(s->dst));
	__u8 *a = buf + PB_ETH_LEN;

	memcpy(buf, pb_mac_us, 6);
	memcpy(buf + 6, s->sha ? s->sha : pb_mac_gw, 6);
	pb_put16(a + 6, 2);
	memcpy(a + 8, s->sha ? s->sha : pb_mac_gw, 6);
	memcpy(a + 18, s->tha ? s->tha : pb_mac_us, 6);
	return n;
}

/* Inserts n VLAN tags after the MACs (802.1ad outermost when two or more). */
static size_t add_vlans(__u8 *buf, size_t len, unsigned n)
{
	unsigned i;

	if (!n || len + 4 * n > PKT_MAX)
		return n ? 0 : len;
	memmove(buf + 12 + 4 * n, buf + 12, len - 12);
	for (i = 0; i < n; i++) {
		pb_put16(buf + 12 + 4 * i, n > 1 && i == 0 ? 0x88a8 : 0x8100);
		pb_put16(buf + 14 + 4 * i, (__u16)(100 + i));	/* VLAN id */
	}
	return len + 4 * n;
}

static size_t build_frame(__u8 *buf, const struct pkt_spec *s)
{
	switch (s->frame) {
	case F_TCP: return build_tcp(buf, s);
	case F_ICMP: return build_icmp(buf, s);
	case F_UDP: return build_udp(buf, s);
	case F_IPV6: return pb_ipv6_frame(buf);
	case F_ARP: return pb_arp_frame(buf, addr_be(s->src), addr_be(NULL));
	case F_ICMPQ: return build_icmpq(buf, s);
	case F_ARPREPLY: return build_arp_reply(buf, s);
	}
	return 0;
}

/* Fills tc->pkt with the frame (EtherType overridden, cut) as spec asks. */
static int build_case(struct test_case *tc)
{
	size_t len = build_frame(tc->pkt, &tc->spec);

	if (!len || len > PKT_MAX || tc->spec.cut > len ||
	    tc->spec.linear > len)
		return -1;
	if (tc->spec.ethertype)
		pb_put16(tc->pkt + 12, tc->spec.ethertype);
	len = add_vlans(tc->pkt, len, tc->spec.vlans);
	if (!len || tc->spec.cut > len)
		return -1;
	tc->len = tc->spec.cut ? tc->spec.cut : len;
	return 0;
}

static int on_result(void *ctx, void *data, size_t size)
{
	(void)ctx;
	if (size != sizeof(struct xm_result) || fx.nrecs >= MAX_RECS)
		return -E2BIG;
	memcpy(&fx.recs[fx.nrecs++], data, size);
	return 0;
}

/* Opens, configures and loads the skeleton; a negative errno on failure. */
static int load_prog(void)
{
	int err;

	fx.skel = xdpmap_bpf__open();
	if (!fx.skel)
		return -errno;
	fx.skel->rodata->cfg_src_addr = inet_addr(OUR_ADDR);
	fx.skel->rodata->cfg_sport_lo = SPORT_LO;
	fx.skel->rodata->cfg_sport_hi = SPORT_HI;
	fx.skel->rodata->cfg_key0 = test_key.k0;
	fx.skel->rodata->cfg_key1 = test_key.k1;
	fx.skel->rodata->cfg_send_rst = fx.send_rst;
	memcpy((void *)fx.skel->rodata->cfg_src_mac, pb_mac_us, 6);
	fx.skel->rodata->cfg_udp_scan = fx.udp_scan;
	fx.skel->rodata->cfg_skey0 = udp_skey(0).k0;
	fx.skel->rodata->cfg_skey1 = udp_skey(0).k1;
	fx.skel->rodata->cfg_udp_ping = fx.udp_scan;
	fx.skel->rodata->cfg_dskey0 = udp_skey(1).k0;
	fx.skel->rodata->cfg_dskey1 = udp_skey(1).k1;
	if (fx.ring_bytes &&
	    bpf_map__set_max_entries(fx.skel->maps.results, fx.ring_bytes))
		return -EINVAL;
	err = xdpmap_bpf__load(fx.skel);
	if (err)
		return err;
	fx.rb = ring_buffer__new(bpf_map__fd(fx.skel->maps.results), on_result,
				 NULL, NULL);
	if (!fx.rb)
		return -errno;
	fx.ncpus = libbpf_num_possible_cpus();
	return fx.ncpus > 0 ? 0 : fx.ncpus;
}

static int group_setup(void **state)
{
	size_t i;
	int err;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		if (build_case(&cases[i])) {
			print_message("# cannot build case '%s'\n", cases[i].name);
			return -1;
		}
	}
	err = load_prog();
	if (err) {
		print_message("# cannot load the XDP program: %s\n",
			      strerror(-err));
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	ring_buffer__free(fx.rb);
	xdpmap_bpf__destroy(fx.skel);
	return 0;
}

/* Sums the per-CPU counter array into out[]. */
static int read_counters(__u64 out[XM_CNT_MAX])
{
	int fd = bpf_map__fd(fx.skel->maps.counters);
	__u64 vals[fx.ncpus];
	__u32 i;
	int c;

	for (i = 0; i < XM_CNT_MAX; i++) {
		if (bpf_map_lookup_elem(fd, &i, vals))
			return -1;
		out[i] = 0;
		for (c = 0; c < fx.ncpus; c++)
			out[i] += vals[c];
	}
	return 0;
}

/* Opens the ARP question about addr in arp_asked, as the scanner does before it asks. */
static int arp_ask(const char *addr)
{
	struct xm_arp_key k = { .addr = addr_be(addr), .stage = XM_ARP_ASKED };
	struct xm_arp_val v = { { 0 } };

	return bpf_map_update_elem(bpf_map__fd(fx.skel->maps.arp_asked), &k, &v, BPF_ANY);
}

/* What one run produced. */
struct run_out {
	int err;
	__u32 retval;
	__u8 data[PKT_MAX + 64];
	__u32 data_len;
};

static void run_prog(const struct test_case *tc, struct run_out *o)
{
	struct xdp_md ctx = { .data_end = tc->spec.linear };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = tc->pkt,
		    .data_size_in = tc->len, .data_out = o->data,
		    .data_size_out = sizeof(o->data), .repeat = 1);

	if (tc->spec.linear) {
		opts.ctx_in = &ctx;
		opts.ctx_size_in = sizeof(ctx);
	}
	o->err = bpf_prog_test_run_opts(
		bpf_program__fd(fx.skel->progs.xdpmap_catch), &opts);
	o->retval = opts.retval;
	o->data_len = opts.data_size_out;
}

static const char *action_name(int a)
{
	static const char *const names[] = { "ABORTED", "DROP", "PASS", "TX",
					     "REDIRECT" };

	return a >= 0 && a < (int)ARRAY_LEN(names) ? names[a] : "?";
}

static bool check_run(const struct test_case *tc, const struct run_out *o)
{
	if (o->err != tc->err) {
		print_message("# test run returned %d (%s), want %d\n", o->err,
			      strerror(-o->err), tc->err);
		return false;
	}
	if (tc->err)
		return true;
	if ((int)o->retval != tc->action) {
		print_message("# action XDP_%s, want XDP_%s\n",
			      action_name(o->retval), action_name(tc->action));
		return false;
	}
	if (o->data_len != tc->len || memcmp(o->data, tc->pkt, tc->len)) {
		print_message("# the program changed the frame (%u bytes out)\n",
			      o->data_len);
		return false;
	}
	return true;
}

/*
 * The record's fields as the row wants them: the IPv4 address IPv4-mapped
 * (family IPv4), the probe's protocol (TCP for SYN-ACK, RST and ICMP rows, 0
 * for host records) and the kind that goes with the state.
 */
static bool check_record(const struct expect_rec *e)
{
	const struct xm_result *r = &fx.recs[0];
	struct xm_addr want = xm_addr_from_ipv4(addr_be(e->addr));
	__u8 kind = e->state == XM_STATE_UP ? XM_KIND_HOST : XM_KIND_PORT;
	char got[INET6_ADDRSTRLEN];

	if (xm_addr_eq(&r->addr, &want) && r->family == XM_FAMILY_IPV4 &&
	    r->proto == e->proto && r->kind == kind && r->port == e->port &&
	    r->state == e->state && r->reason == e->reason &&
	    r->ttl == e->ttl && r->window == e->window && r->ts_ns &&
	    (!e->mac || !memcmp(r->mac, e->mac, 6)))
		return true;
	inet_ntop(AF_INET6, r->addr.b, got, sizeof(got));
	print_message("# record {%s, family %u, proto %u, kind %u, %u, state %u, reason %u, "
		      "ttl %u, win %u, ts %llu}\n"
		      "# want   {::ffff:%s, family %u, proto %u, kind %u, %u, state %u, reason %u, "
		      "ttl %u, win %u, ts > 0}\n",
		      got, r->family, r->proto, r->kind, r->port, r->state, r->reason, r->ttl,
		      r->window, (unsigned long long)r->ts_ns, e->addr, XM_FAMILY_IPV4, e->proto,
		      kind, e->port, e->state, e->reason, e->ttl, e->window);
	if (e->mac)
		print_message("# mac ..%02x:%02x, want ..%02x:%02x\n", r->mac[4], r->mac[5],
			      e->mac[4], e->mac[5]);
	return false;
}

static bool check_records(const struct test_case *tc)
{
	int want = tc->rec.addr ? 1 : 0;

	if (fx.nrecs != want) {
		print_message("# %d records in the ring buffer, want %d\n",
			      fx.nrecs, want);
		return false;
	}
	return !want || check_record(&tc->rec);
}

static bool check_counters(const struct test_case *tc, const __u64 *before,
			   const __u64 *after)
{
	bool ok = true;
	int i;

	for (i = 0; i < XM_CNT_MAX; i++) {
		__s64 want = tc->delta[i];
		__s64 got = (__s64)(after[i] - before[i]);

		if (!tc->err && i == XM_CNT_SEEN)
			want += 1;
		if (!tc->err && i == XM_CNT_PASSED && tc->action == XDP_PASS)
			want += 1;
		if (got != want) {
			print_message("# counter %s moved by %lld, want %lld\n",
				      xm_counter_name(i), (long long)got,
				      (long long)want);
			ok = false;
		}
	}
	return ok;
}

/* Hex dump of the packet that failed, 16 bytes a line, katran style. */
static void dump_packet(const struct test_case *tc)
{
	size_t i;

	print_message("# failed case: %s\n# packet (%zu bytes):", tc->name,
		      tc->len);
	for (i = 0; i < tc->len; i++) {
		if (i % 16 == 0)
			print_message("\n# %04zx:", i);
		print_message(" %02x", tc->pkt[i]);
	}
	print_message("\n");
}

static void run_case(void **state)
{
	const struct test_case *tc = *state;
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	struct run_out out;
	bool ok;

	if (tc->spec.ask)
		assert_int_equal(arp_ask(tc->spec.src), 0);
	assert_int_equal(read_counters(before), 0);
	fx.nrecs = 0;
	run_prog(tc, &out);
	if (tc->spec.linear && out.err == -EINVAL && !tc->err)
		skip();	/* kernel older than 6.18: no short linear area */
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(read_counters(after), 0);
	ok = check_run(tc, &out);
	ok &= check_records(tc);
	ok &= check_counters(tc, before, after);
	if (!ok) {
		dump_packet(tc);
		fail_msg("case '%s' failed", tc->name);
	}
}

/* Ones' complement sum over a checksummed region is 0xffff when the checksum is right. */
static bool csum_ok(const __u8 *p, size_t len, __u32 seed)
{
	return pb_fold(pb_sum(p, len, seed)) == 0;
}

static __u32 get32(const __u8 *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

/*
 * Checks the RST that --send-rst builds from 'in' (a SYN-ACK whose IPv4
 * header starts at l2, after the MACs, any VLAN tags and the EtherType) in
 * 'out' of out_len bytes: the same layer 2 with the MACs swapped, a bare
 * IPv4 header (ihl 5, length 40) and a bare RST, nothing after it, both
 * checksums right.
 */
static void check_rst(const __u8 *in, size_t l2, const __u8 *out, size_t out_len)
{
	const __u8 *ip = out + l2, *tcp = ip + PB_IP_LEN;
	const __u8 *in_ip = in + l2, *in_tcp = in_ip + (in_ip[0] & 15) * 4;
	__u8 pseudo[12] = { 0 };

	assert_int_equal(out_len, l2 + PB_IP_LEN + PB_TCP_LEN);
	assert_memory_equal(out, in + 6, 6);	/* MACs swapped */
	assert_memory_equal(out + 6, in, 6);
	assert_memory_equal(out + 12, in + 12, l2 - 12); /* tags and EtherType kept */
	assert_int_equal(ip[0], 0x45);		/* IPv4, ihl 5: no options */
	assert_int_equal(get32(ip) & 0xffff, PB_IP_LEN + PB_TCP_LEN);
	assert_int_equal(ip[9], IPPROTO_TCP);
	assert_memory_equal(ip + 12, in_ip + 16, 4); /* addresses swapped */
	assert_memory_equal(ip + 16, in_ip + 12, 4);
	assert_int_equal(ip[8], 64);
	assert_true(csum_ok(ip, PB_IP_LEN, 0));
	assert_memory_equal(tcp, in_tcp + 2, 2); /* ports swapped */
	assert_memory_equal(tcp + 2, in_tcp, 2);
	assert_int_equal(get32(tcp + 4), get32(in_tcp + 8));
	assert_int_equal(get32(tcp + 8), 0);
	assert_int_equal(tcp[12], 5 << 4);
	assert_int_equal(tcp[13], PB_RST);
	assert_int_equal(tcp[14] | tcp[15], 0);
	assert_int_equal(tcp[18] | tcp[19], 0);
	memcpy(pseudo, ip + 12, 8);
	pseudo[9] = IPPROTO_TCP;
	pb_put16(pseudo + 10, PB_TCP_LEN);
	assert_true(csum_ok(tcp, PB_TCP_LEN, pb_sum(pseudo, sizeof(pseudo), 0)));
}

/* --send-rst: a valid SYN-ACK is recorded and answered in place with a RST (XDP_TX). */
static void send_rst_answers_synack(void **state)
{
	struct test_case tc = {
		.spec = { F_TCP, "198.18.9.9", .tport = 443, .oport = SPORT_LO + 7,
			  .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
			  .window = 64240, .ttl = 61 },
	};
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	struct run_out out;

	(void)state;
	assert_int_equal(build_case(&tc), 0);
	/* a veth peer hands over a partial checksum: the RST must not inherit it */
	pb_put16(tc.pkt + PB_ETH_LEN + PB_IP_LEN + 16, 0x1234);
	assert_int_equal(read_counters(before), 0);
	fx.nrecs = 0;
	run_prog(&tc, &out);
	assert_int_equal(out.err, 0);
	assert_int_equal(out.retval, XDP_TX);
	assert_int_equal(out.data_len, tc.len);
	check_rst(tc.pkt, PB_ETH_LEN, out.data, out.data_len);
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(fx.nrecs, 1);
	assert_int_equal(fx.recs[0].state, XM_STATE_OPEN);
	assert_int_equal(read_counters(after), 0);
	assert_int_equal(after[XM_CNT_RST_SENT] - before[XM_CNT_RST_SENT], 1);
	/* the retransmitted SYN-ACK is answered again, but not recorded again */
	run_prog(&tc, &out);
	assert_int_equal(out.retval, XDP_TX);
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(fx.nrecs, 1);
}

/*
 * --send-rst on a SYN-ACK with IPv4 options, VLAN tags and bytes past the IP
 * length (Ethernet padding, or anything a target appends): the RST carries
 * none of them but the tags, and the frame ends after its TCP header.
 */
static void rst_of(const char *src, __u8 opt_words, __u8 vlans)
{
	struct test_case tc = {
		.spec = { F_TCP, src, .tport = 8443, .oport = SPORT_LO + 9,
			  .flags = SYNACK, .seq = V_WRONG, .ack = V_COOKIE1,
			  .window = 29200, .ttl = 60, .opt_words = opt_words, .vlans = vlans },
	};
	size_t l2 = PB_ETH_LEN + 4 * (size_t)vlans;
	struct run_out out;

	assert_int_equal(build_case(&tc), 0);
	memset(tc.pkt + tc.len, 0xa5, 18);	/* trailing bytes past the IP length */
	tc.len += 18;
	fx.nrecs = 0;
	run_prog(&tc, &out);
	assert_int_equal(out.err, 0);
	assert_int_equal(out.retval, XDP_TX);
	check_rst(tc.pkt, l2, out.data, out.data_len);
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(fx.nrecs, 1);
	assert_int_equal(fx.recs[0].window, 29200);
}

static void send_rst_bare_header(void **state)
{
	(void)state;
	rst_of("198.18.9.10", 3, 0);	/* ihl 8 in, ihl 5 out */
	rst_of("198.18.9.11", 0, 1);	/* one tag, padding only */
	rst_of("198.18.9.12", 10, 2);	/* two tags, ihl 15 */
}

/* The --send-rst row runs against its own load of the program; the table's is kept aside. */
static typeof(fx) table_fx;

static int send_rst_setup(void **state)
{
	int err;

	(void)state;
	table_fx = fx;
	fx.send_rst = 1;
	err = load_prog();
	if (err)
		print_message("# cannot load the XDP program: %s\n", strerror(-err));
	return err ? -1 : 0;
}

static int send_rst_teardown(void **state)
{
	group_teardown(state);
	fx = table_fx;
	return 0;
}

/* A small ring, filled without being read: the overflow is counted, never silent. */
static int ring_full_setup(void **state)
{
	int err;

	(void)state;
	table_fx = fx;
	fx.send_rst = 0;
	fx.ring_bytes = 4096;
	err = load_prog();
	if (err)
		print_message("# cannot load the XDP program: %s\n", strerror(-err));
	return err ? -1 : 0;
}

/*
 * The UDP scan: its own load (cfg_udp_scan) with a port table as the
 * payload file gives one: 53 DNS id, 67 BOOTP xid from port 68, 123 NTP,
 * 161 SNMP request-id at byte 17; other ports carry no cookie.
 */
static const struct { __u16 port; struct xm_udp_port cfg; } udp_table[] = {
	{ 53, { XM_UDP_COOKIE_ECHO16, 0, 0 } },
	{ 67, { XM_UDP_COOKIE_ECHO32, 4, 68 } },
	{ 123, { XM_UDP_COOKIE_NTP, 44, 0 } },
	{ 161, { XM_UDP_COOKIE_SNMP, 17, 0 } },
};

static int udp_setup(void **state)
{
	size_t i;
	int err;

	(void)state;
	table_fx = fx;
	fx.send_rst = 0;
	fx.ring_bytes = 0;
	fx.udp_scan = 1;
	err = load_prog();
	for (i = 0; !err && i < ARRAY_LEN(udp_table); i++) {
		__u32 key = udp_table[i].port;

		err = bpf_map_update_elem(bpf_map__fd(fx.skel->maps.udp_ports), &key,
					  &udp_table[i].cfg, BPF_ANY) ? -errno : 0;
	}
	if (err)
		print_message("# cannot load the XDP program: %s\n", strerror(-err));
	return err ? -1 : 0;
}

/* The source port our probe to target:port used (the table's fixed one, else the hash). */
static __u16 udp_sport(const char *target, __u16 port, int disc)
{
	struct xm_siphash_key skey = udp_skey(disc);

	if (port == 67)
		return 68;
	return xm_probe_sport(&skey, ntohl(addr_be(target)), port, SPORT_LO, SPORT_HI);
}

/* The probe cookie of our UDP probe (port scan or -PU) to target:port. */
static __u32 udp_cookie(const char *target, __u16 port, int disc)
{
	struct xm_siphash_key ck = udp_ckey(disc);

	return xm_cookie(&ck, addr_be(NULL), addr_be(target),
			 htons(udp_sport(target, port, disc)), htons(port));
}

/* Ethernet + IPv4 + UDP from src:sport to dst:dport with 'len' payload bytes. */
static size_t udp_frame(__u8 *buf, __u32 src, __u32 dst, __u16 sport, __u16 dport,
			const __u8 *payload, size_t len)
{
	struct pb_ip ip = { .saddr = src, .daddr = dst, .proto = IPPROTO_UDP, .ttl = 63,
			    .id = 7 };
	size_t n = pb_eth(buf, PB_ETH_P_IP);
	__u8 pseudo[12] = { 0 }, *u;

	n += pb_ipv4(buf + n, &ip, 8 + len);
	u = buf + n;
	pb_put16(u, sport);
	pb_put16(u + 2, dport);
	pb_put16(u + 4, (__u16)(8 + len));
	pb_put16(u + 6, 0);
	memcpy(u + 8, payload, len);
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[9] = IPPROTO_UDP;
	pb_put16(pseudo + 10, (__u16)(8 + len));
	pb_put16(u + 6, pb_fold(pb_sum(u, 8 + len, pb_sum(pseudo, 12, 0))));
	return n + 8 + len;
}

/*
 * An ICMP unreachable (code) from 'router' quoting the UDP datagram 'q'
 * (q_len bytes from its IP header on) as the quote holds it: 'quote' bytes.
 */
static size_t icmp_quote_frame(__u8 *buf, const char *router, __u8 code, const __u8 *q,
			       size_t quote)
{
	struct pb_ip ip = { .saddr = addr_be(router), .daddr = addr_be(NULL),
			    .proto = IPPROTO_ICMP, .ttl = 62, .id = 9 };
	size_t n = pb_eth(buf, PB_ETH_P_IP);
	__u8 *icmp;

	n += pb_ipv4(buf + n, &ip, PB_ICMP_LEN + quote);
	icmp = buf + n;
	memset(icmp, 0, PB_ICMP_LEN);
	icmp[0] = 3;
	icmp[1] = code;
	memcpy(icmp + PB_ICMP_LEN, q, quote);
	pb_put16(icmp + 2, pb_fold(pb_sum(icmp, PB_ICMP_LEN + quote, 0)));
	return n + PB_ICMP_LEN + quote;
}

/* What a UDP row sends: a reply from target:port, or an ICMP error quoting our probe. */
enum udp_row_kind { U_REPLY, U_ICMP };

/* How the row's packet deviates from a good one. */
enum udp_bad {
	U_GOOD = 0,
	U_WRONG_COOKIE,	/* the cookie's bytes are off by one */
	U_WRONG_SPORT,	/* to (or quoting) the source port next to ours */
	U_NO_COOKIE,	/* the payload stops before the cookie */
	U_FOREIGN,	/* ICMP: the quoted probe left from another address */
};

struct udp_row {
	const char *name;
	enum udp_row_kind kind;
	const char *target;
	__u16 port;
	__u8 code;	/* ICMP */
	size_t quote;	/* ICMP: bytes of the probe quoted (0: all of it) */
	enum udp_bad bad;
	int action;
	__u8 state, reason; /* 0: no record; XM_STATE_UP: a host record (-PU) */
	int counter; /* enum xm_counter that moves by one besides seen/passed; 0: none */
	__u8 disc;	/* the probe was -PU's (discovery keys), not the port scan's */
	__u8 by_target;	/* ICMP: the target sends it (else the router 198.18.0.254) */
};

/* The payload of a probe (reply 0) or of its reply (reply 1) to port, carrying cookie c. */
static size_t udp_payload(__u8 *p, __u16 port, __u32 c, int reply, enum udp_bad bad)
{
	static const __u8 snmp_resp[] = { 0x30, 0x2f, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u',
					  'b', 'l', 'i', 'c', 0xa2, 0x22, 0x02 };
	size_t n;
	int w;

	memset(p, 0, 64);
	switch (port) {
	case 53:
		pb_put16(p, (__u16)(c + (bad == U_WRONG_COOKIE)));
		return bad == U_NO_COOKIE ? 1 : 12;
	case 67:
		pb_put32(p + 4, c + (bad == U_WRONG_COOKIE));
		return 16; /* the BOOTP header's start: the xid is what is checked */
	case 123:
		pb_put32(p + (reply ? 28 : 44), c + (bad == U_WRONG_COOKIE));
		return bad == U_NO_COOKIE ? 30 : 48;
	case 161: /* reply: the request-id re-encoded in as few bytes as BER allows */
		if (!reply) {
			memcpy(p, snmp_resp, 15);
			p[13] = 0xa0;
			p[15] = 0x02;
			p[16] = 0x04;
			pb_put32(p + 17, c & 0x7fffffff);
			return 43;
		}
		memcpy(p, snmp_resp, sizeof(snmp_resp));
		n = sizeof(snmp_resp);
		c += bad == U_WRONG_COOKIE;
		w = c < 0x80 ? 1 : c < 0x8000 ? 2 : c < 0x800000 ? 3 : 4;
		p[n++] = (__u8)w;
		while (w--)
			p[n++] = (__u8)(c >> (8 * w));
		return n + 20;
	}
	memcpy(p, "reply", 5);
	return 5;
}

static size_t udp_row_frame(__u8 *buf, const struct udp_row *r)
{
	__u32 us = addr_be(NULL), them = addr_be(r->target);
	__u8 kind = r->port == 53 ? XM_UDP_COOKIE_ECHO16 : r->port == 161 ? XM_UDP_COOKIE_SNMP :
		    XM_UDP_COOKIE_ECHO32;
	__u32 c = xm_udp_cookie_value(kind, udp_cookie(r->target, r->port, r->disc));
	__u16 sport = (__u16)(udp_sport(r->target, r->port, r->disc) + (r->bad == U_WRONG_SPORT));
	__u8 payload[300], probe[400];
	size_t plen, qlen;

	plen = udp_payload(payload, r->port, c, r->kind == U_REPLY, r->bad);
	if (r->kind == U_REPLY)
		return udp_frame(buf, them, us, r->port, sport, payload, plen);
	if (r->bad == U_FOREIGN)
		us = addr_be("198.18.0.99");
	qlen = udp_frame(probe, us, them, sport, r->port, payload, plen) - PB_ETH_LEN;
	return icmp_quote_frame(buf, r->by_target ? r->target : "198.18.0.254", r->code,
				probe + PB_ETH_LEN, r->quote ? r->quote : qlen);
}

/* One UDP row through the program: its action, record and counter. */
static void udp_row_run(const struct udp_row *r)
{
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	struct test_case tc = { .action = r->action };
	struct run_out out;
	int i;

	tc.len = udp_row_frame(tc.pkt, r);
	assert_true(tc.len <= PKT_MAX);
	assert_int_equal(read_counters(before), 0);
	fx.nrecs = 0;
	run_prog(&tc, &out);
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(read_counters(after), 0);
	if (out.err || (int)out.retval != r->action || fx.nrecs != (r->state ? 1 : 0)) {
		dump_packet(&tc);
		fail_msg("UDP row '%s': err %d, XDP_%s, %d records", r->name, out.err,
			 action_name(out.retval), fx.nrecs);
	}
	if (r->state) {
		const struct xm_result *rec = &fx.recs[0];
		struct xm_addr want = xm_addr_from_ipv4(addr_be(r->target));

		assert_true(xm_addr_eq(&rec->addr, &want));
		assert_int_equal(rec->proto, r->state == XM_STATE_UP ? 0 : IPPROTO_UDP);
		assert_int_equal(rec->kind, r->state == XM_STATE_UP ? XM_KIND_HOST : XM_KIND_PORT);
		assert_int_equal(rec->port, r->port);
		assert_int_equal(rec->state, r->state);
		assert_int_equal(rec->reason, r->reason);
	}
	for (i = 1; i < XM_CNT_MAX; i++) {
		__s64 want = (i == (int)r->counter) +
			     (i == XM_CNT_PASSED && r->action == XDP_PASS);

		if ((__s64)(after[i] - before[i]) != want)
			fail_msg("UDP row '%s': counter %s moved by %lld, want %lld", r->name,
				 xm_counter_name(i), (long long)(after[i] - before[i]),
				 (long long)want);
	}
}

/*
 * Replies and ICMP errors about our UDP probes: recorded once and dropped
 * when they match the probe's source port and cookie, passed on otherwise.
 */
static void udp_replies(void **state)
{
	static const struct udp_row rows[] = {
		{ "udp reply, no cookie", U_REPLY, "198.18.5.1", 7, .action = XDP_DROP,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_OPEN },
		{ "udp reply again: duplicate", U_REPLY, "198.18.5.1", 7, .action = XDP_DROP,
		  .counter = XM_CNT_DUPLICATE },
		{ "dns reply giving the id back", U_REPLY, "198.18.5.2", 53, .action = XDP_DROP,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_OPEN },
		{ "spoofed dns reply: wrong id", U_REPLY, "198.18.5.3", 53, .bad = U_WRONG_COOKIE,
		  .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "spoofed dns reply: cut before the id", U_REPLY, "198.18.5.3", 53,
		  .bad = U_NO_COOKIE, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "spoofed reply: wrong source port", U_REPLY, "198.18.5.4", 9,
		  .bad = U_WRONG_SPORT, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "ntp reply: origin timestamp", U_REPLY, "198.18.5.5", 123, .action = XDP_DROP,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_OPEN },
		{ "spoofed ntp reply", U_REPLY, "198.18.5.6", 123, .bad = U_WRONG_COOKIE,
		  .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "snmp reply: request-id re-encoded", U_REPLY, "198.18.5.7", 161,
		  .action = XDP_DROP, .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE,
		  .counter = XM_CNT_OPEN },
		{ "spoofed snmp reply", U_REPLY, "198.18.5.8", 161, .bad = U_WRONG_COOKIE,
		  .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "bootp reply to the fixed port 68", U_REPLY, "198.18.5.9", 67, .action = XDP_DROP,
		  .state = XM_STATE_OPEN, .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_OPEN },
		{ "icmp port unreachable, 8-byte quote", U_ICMP, "198.18.5.10", 9, .code = 3,
		  .quote = 28, .by_target = 1, .action = XDP_DROP, .state = XM_STATE_CLOSED,
		  .reason = XM_REASON_PORT_UNREACH, .counter = XM_CNT_CLOSED },
		{ "icmp port unreachable from a router, not the target: filtered", U_ICMP,
		  "198.18.5.18", 9, .code = 3, .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_PORT_UNREACH, .counter = XM_CNT_FILTERED },
		{ "icmp admin prohibited, dns quote with id", U_ICMP, "198.18.5.11", 53, .code = 13,
		  .action = XDP_DROP, .state = XM_STATE_FILTERED,
		  .reason = XM_REASON_ADMIN_PROHIBITED, .counter = XM_CNT_FILTERED },
		{ "icmp net unreachable", U_ICMP, "198.18.5.12", 9, .code = 0, .action = XDP_DROP,
		  .state = XM_STATE_FILTERED, .reason = XM_REASON_NET_UNREACH,
		  .counter = XM_CNT_FILTERED },
		{ "icmp quoting a dns probe with a wrong id", U_ICMP, "198.18.5.13", 53, .code = 3,
		  .bad = U_WRONG_COOKIE, .action = XDP_PASS, .counter = XM_CNT_BAD_COOKIE },
		{ "icmp quoting a foreign probe (port)", U_ICMP, "198.18.5.14", 9, .code = 3,
		  .bad = U_WRONG_SPORT, .action = XDP_PASS, .counter = XM_CNT_BAD_COOKIE },
		{ "icmp quoting a foreign probe (address)", U_ICMP, "198.18.5.15", 9, .code = 3,
		  .bad = U_FOREIGN, .action = XDP_PASS },
		{ "icmp with a truncated quote (4 bytes of UDP)", U_ICMP, "198.18.5.16", 9,
		  .code = 3, .quote = 24, .action = XDP_PASS },
		{ "icmp code 4 (frag needed): no state", U_ICMP, "198.18.5.17", 9, .code = 4,
		  .action = XDP_PASS },
		{ "-PU: udp reply to the discovery port: host up", U_REPLY, "198.18.5.40", 40125,
		  .disc = 1, .action = XDP_DROP, .state = XM_STATE_UP,
		  .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_HOST_UP },
		{ "-PU: dns reply with discovery's id: host up", U_REPLY, "198.18.5.41", 53,
		  .disc = 1, .action = XDP_DROP, .state = XM_STATE_UP,
		  .reason = XM_REASON_UDP_RESPONSE, .counter = XM_CNT_HOST_UP },
		{ "-PU: dns reply with a wrong id", U_REPLY, "198.18.5.42", 53, .disc = 1,
		  .bad = U_WRONG_COOKIE, .action = XDP_PASS, .counter = XM_CNT_UDP_SPOOFED },
		{ "-PU: port unreachable quoting the probe: host up", U_ICMP, "198.18.5.43", 40125,
		  .disc = 1, .code = 3, .by_target = 1, .action = XDP_DROP, .state = XM_STATE_UP,
		  .reason = XM_REASON_PORT_UNREACH, .counter = XM_CNT_HOST_UP },
		{ "-PU: port unreachable from a router, not the target: not up", U_ICMP,
		  "198.18.5.45", 40125, .disc = 1, .code = 3, .action = XDP_PASS,
		  .counter = XM_CNT_BAD_COOKIE },
		{ "-PU: admin prohibited quoting the probe: not up", U_ICMP, "198.18.5.44", 40125,
		  .disc = 1, .code = 13, .action = XDP_PASS, .counter = XM_CNT_BAD_COOKIE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(rows); i++)
		udp_row_run(&rows[i]);
}

/* The main table's load does not take UDP at all (no -sU): a reply of the form passes. */
static void udp_off_passes(void **state)
{
	static const struct udp_row row = { "udp reply without -sU", U_REPLY, "198.18.5.30", 7,
					    .action = XDP_PASS };

	(void)state;
	udp_row_run(&row);
}

/* A SYN-ACK of ours from 198.18.20.x:80. */
static void synack_from(struct test_case *tc, int x)
{
	static char addr[32];

	snprintf(addr, sizeof(addr), "198.18.20.%d", x);
	*tc = (struct test_case){ .spec = { F_TCP, addr, .tport = 80, .oport = 61500,
					    .flags = SYNACK, .seq = V_WRONG,
					    .ack = V_COOKIE1, .ttl = 64 } };
	assert_int_equal(build_case(tc), 0);
}

/*
 * 200 new replies into a 4 KiB ring (about 100 records) with nobody reading:
 * the rest are counted as ringbuf_full and their dedup entries given back, so
 * a retransmission after the ring drained is recorded after all.
 */
static void ring_full_is_counted(void **state)
{
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	struct test_case tc;
	struct run_out out;
	int x, lost;

	(void)state;
	assert_int_equal(read_counters(before), 0);
	for (x = 1; x <= 200; x++) {
		synack_from(&tc, x);
		run_prog(&tc, &out);
		assert_int_equal(out.retval, XDP_DROP);
	}
	assert_int_equal(read_counters(after), 0);
	lost = (int)(after[XM_CNT_RINGBUF_FULL] - before[XM_CNT_RINGBUF_FULL]);
	assert_true(lost > 50);
	assert_int_equal(after[XM_CNT_OPEN] - before[XM_CNT_OPEN], 200 - lost);
	do { /* drain: on_result takes MAX_RECS at a time */
		fx.nrecs = 0;
	} while (ring_buffer__consume(fx.rb) != 0);
	fx.nrecs = 0;
	synack_from(&tc, 200); /* the last one was lost: its retransmission counts */
	run_prog(&tc, &out);
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(fx.nrecs, 1);
}

/* One ARP reply to us from addr (MAC mac) through the program: it must pass. */
static void arp_reply_from(const char *addr, const __u8 *mac)
{
	struct test_case tc = { .spec = { F_ARPREPLY, addr, .sha = mac } };
	struct run_out out;

	assert_int_equal(build_case(&tc), 0);
	run_prog(&tc, &out);
	assert_int_equal(out.err, 0);
	assert_int_equal(out.retval, XDP_PASS);
}

/*
 * A 4 KiB ring (about 85 records) nobody reads during an ARP flood: 1000
 * replies for addresses never asked about and 200 from as many MACs for the
 * one address asked about give two records (the answer and one conflict),
 * so a SYN-ACK after the flood is still recorded.
 */
static void arp_flood_leaves_room(void **state)
{
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	__u8 mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x00 };
	struct test_case tc;
	struct run_out out;
	char addr[32];
	int i, arp = 0, open = 0;

	(void)state;
	assert_int_equal(read_counters(before), 0);
	assert_int_equal(arp_ask("198.18.0.90"), 0);
	for (i = 0; i < 1000; i++) {
		snprintf(addr, sizeof(addr), "198.18.%d.%d", 32 + i / 250, 1 + i % 250);
		arp_reply_from(addr, NULL);
	}
	for (i = 0; i < 200; i++) {
		mac[5] = (__u8)i;
		arp_reply_from("198.18.0.90", mac);
	}
	synack_from(&tc, 201);
	fx.nrecs = 0;
	run_prog(&tc, &out);
	assert_int_equal(out.retval, XDP_DROP);
	assert_true(ring_buffer__consume(fx.rb) >= 0);
	assert_int_equal(read_counters(after), 0);
	for (i = 0; i < fx.nrecs; i++) {
		arp += fx.recs[i].reason == XM_REASON_ARP_RESPONSE;
		open += fx.recs[i].state == XM_STATE_OPEN;
	}
	assert_int_equal(fx.nrecs, 3);
	assert_int_equal(arp, 2);
	assert_int_equal(open, 1);
	assert_int_equal(after[XM_CNT_RINGBUF_FULL] - before[XM_CNT_RINGBUF_FULL], 0);
	assert_int_equal(after[XM_CNT_ARP_UNASKED] - before[XM_CNT_ARP_UNASKED], 1000 + 198);
}

int main(void)
{
	struct CMUnitTest xdpmap_catch[ARRAY_LEN(cases) + 6];
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++)
		xdpmap_catch[i] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = run_case,
			.initial_state = &cases[i],
		};
	xdpmap_catch[i++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
		send_rst_answers_synack, send_rst_setup, send_rst_teardown);
	xdpmap_catch[i++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
		send_rst_bare_header, send_rst_setup, send_rst_teardown);
	xdpmap_catch[i++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
		ring_full_is_counted, ring_full_setup, send_rst_teardown);
	xdpmap_catch[i++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
		arp_flood_leaves_room, ring_full_setup, send_rst_teardown);
	xdpmap_catch[i++] = (struct CMUnitTest)cmocka_unit_test(udp_off_passes);
	xdpmap_catch[i] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
		udp_replies, udp_setup, send_rst_teardown);
	return cmocka_run_group_tests(xdpmap_catch, group_setup,
				      group_teardown);
}

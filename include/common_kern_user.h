/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Types shared by the XDP reply catcher and the userspace scanner. */
#ifndef XDPMAP_COMMON_KERN_USER_H
#define XDPMAP_COMMON_KERN_USER_H

#include <linux/types.h>

/* Port states, numbered so that 0 means "no answer yet". */
enum xm_state {
	XM_STATE_NONE = 0,
	XM_STATE_OPEN = 1,
	XM_STATE_CLOSED = 2,
	XM_STATE_FILTERED = 3,
	XM_STATE_UP = 4,	/* a host record: the host answered discovery */
	XM_STATE_OPEN_FILTERED = 5, /* UDP: no answer after the retries (nmap's open|filtered) */
};

/* What a ring-buffer record is about. */
enum xm_kind {
	XM_KIND_PORT = 0,	/* a port's state (port scan) */
	XM_KIND_HOST = 1,	/* a host that answered a discovery probe */
};

/* Why a state was given, named as nmap's --reason names it. */
enum xm_reason {
	XM_REASON_NONE = 0,
	XM_REASON_SYN_ACK,
	XM_REASON_RESET,
	XM_REASON_NET_UNREACH,	/* ICMP type 3 code 0 (not matched, kept for output) */
	XM_REASON_HOST_UNREACH, /* ICMP type 3 code 1 */
	XM_REASON_PROTO_UNREACH, /* ICMP type 3 code 2 */
	XM_REASON_PORT_UNREACH, /* ICMP type 3 code 3 */
	XM_REASON_NET_PROHIBITED, /* ICMP type 3 code 9 */
	XM_REASON_HOST_PROHIBITED, /* ICMP type 3 code 10 */
	XM_REASON_ADMIN_PROHIBITED, /* ICMP type 3 code 13 */
	XM_REASON_NO_RESPONSE,
	XM_REASON_ECHO_REPLY,	/* ICMP echo reply to a discovery probe */
	XM_REASON_TIMESTAMP_REPLY, /* ICMP timestamp reply */
	XM_REASON_ARP_RESPONSE,	/* ARP reply to our request */
	XM_REASON_CONN_REFUSED,	/* -sT: connect() refused (the kernel saw a RST) */
	XM_REASON_LOCALHOST,	/* -sn: one of our own addresses (nmap's localhost-response) */
	XM_REASON_UDP_RESPONSE,	/* a UDP reply to our UDP probe (open) */
	XM_REASON_ND_RESPONSE,	/* a Neighbor Advertisement answering our Solicitation */
	XM_REASON_NO_ROUTE,	/* ICMPv6 unreachable code 0 (no route to destination) */
	XM_REASON_BEYOND_SCOPE,	/* ICMPv6 unreachable code 2 (beyond the source's scope) */
	XM_REASON_REJECT_ROUTE,	/* ICMPv6 unreachable code 6 (reject route to destination) */
	XM_REASON_MAX,
};

/* Outcome counters, one slot each in the per-CPU counter array. */
enum xm_counter {
	XM_CNT_SEEN = 0,	/* every frame the program looked at */
	XM_CNT_OPEN,		/* new SYN-ACK records */
	XM_CNT_CLOSED,		/* new RST records */
	XM_CNT_FILTERED,	/* new ICMP unreachable records */
	XM_CNT_BAD_COOKIE,	/* our port range, but not a reply to our probe */
	XM_CNT_DUPLICATE,	/* a reply already recorded (retransmission) */
	XM_CNT_PASSED,		/* handed to the kernel untouched */
	XM_CNT_RINGBUF_FULL,	/* a new reply lost because the ring was full */
	XM_CNT_RST_SENT,	/* SYN-ACKs answered with a RST (--send-rst) */
	XM_CNT_HOST_UP,		/* new host records (discovery replies) */
	XM_CNT_ARP_UNASKED,	/* ARP replies (or Neighbor Advertisements) to us
			 * answering no open question: no record */
	XM_CNT_UDP_SPOOFED,	/* UDP to a probe port of ours from the wrong port or without
				 * the cookie its payload carries: passed on, no record */
	XM_CNT_IPV6_EXT_LONG,	/* IPv6 to us, more extension headers than walked: passed */
	XM_CNT_MAX,
};

/* Address family of a record, key or finding: the project's own numbers, not AF_*. */
enum xm_family {
	XM_FAMILY_NONE = 0,
	XM_FAMILY_IPV4 = 4,
	XM_FAMILY_IPV6 = 6,
};

/*
 * An address of either family in 16 bytes, network byte order, as katran's
 * flow keys hold one. IPv6 fills all 16. IPv4 is stored IPv4-mapped
 * (::ffff:a.b.c.d, RFC 4291 2.5.5.2): bytes 0-9 zero, bytes 10-11 0xff,
 * bytes 12-15 the address, so w[3] is the IPv4 address as it stands in the
 * packet. Byte order is numeric order, and within a family memcmp() sorts.
 */
struct xm_addr {
	union {
		__u8 b[16];
		__be32 w[4];
	};
};

/* w[2] of an IPv4-mapped address: the bytes 00 00 ff ff, read in host order. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define XM_ADDR_V4MAPPED_W2 0xffff0000U
#else
#define XM_ADDR_V4MAPPED_W2 0x0000ffffU
#endif

/* The IPv4 address v4 (network byte order) as a neutral address. */
static inline struct xm_addr xm_addr_from_ipv4(__be32 v4)
{
	struct xm_addr a = { .w = { 0, 0, XM_ADDR_V4MAPPED_W2, v4 } };

	return a;
}

/* Whether a holds an IPv4 address (IPv4-mapped). */
static inline int xm_addr_is_ipv4(const struct xm_addr *a)
{
	return !a->w[0] && !a->w[1] && a->w[2] == XM_ADDR_V4MAPPED_W2;
}

/* The IPv4 address in a, network byte order; meaningful when xm_addr_is_ipv4(a). */
static inline __be32 xm_addr_ipv4(const struct xm_addr *a)
{
	return a->w[3];
}

/* Whether a and b are the same 16 bytes. */
static inline int xm_addr_eq(const struct xm_addr *a, const struct xm_addr *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] &&
	       a->w[3] == b->w[3];
}

/*
 * One new result, written by the XDP program into the ring buffer. What it
 * is about: (family, addr, proto, port). proto is the L4 protocol of the
 * probe the reply answers (IPPROTO_TCP for a SYN-ACK or RST, and for an ICMP
 * error quoting our TCP probe: the quoted protocol); 0 in host records.
 * Every byte is a named field: no implicit padding (asserted below).
 */
struct xm_result {
	struct xm_addr addr;	/* the target's address */
	__u8 family;	/* enum xm_family */
	__u8 proto;	/* IPPROTO_TCP, ...; 0 for XM_KIND_HOST */
	__u16 port;	/* target port, host byte order; host records: the probed port or 0 */
	__u8 state;	/* enum xm_state */
	__u8 reason;	/* enum xm_reason */
	__u8 ttl;	/* IP TTL of the reply (0 for ARP) */
	__u8 kind;	/* enum xm_kind */
	__u16 window;	/* TCP window of the reply (0 for ICMP) */
	__u8 mac[6];	/* ARP replies: the host's hardware address; else zero */
	__u64 ts_ns;	/* bpf_ktime_get_ns() when the reply arrived */
};

_Static_assert(sizeof(struct xm_result) == 16 + 1 + 1 + 2 + 4 * 1 + 2 + 6 + 8,
	       "struct xm_result: 40 bytes, the sum of its fields (no implicit padding)");
_Static_assert(__builtin_offsetof(struct xm_result, ts_ns) == 32,
	       "struct xm_result: ts_ns 8-byte aligned at 32");

/*
 * Key of the de-duplication LRU hash: one entry per (family, addr, proto,
 * port, kind). Host records use proto 0 and port 0: one record per host.
 */
struct xm_dedup_key {
	struct xm_addr addr;
	__u8 family;	/* enum xm_family */
	__u8 proto;	/* IPPROTO_*; 0 for host records */
	__u16 port;	/* host byte order; 0 for host records */
	__u8 kind;	/* enum xm_kind */
	__u8 pad[3];	/* zero */
};

_Static_assert(sizeof(struct xm_dedup_key) == 16 + 1 + 1 + 2 + 1 + 3,
	       "struct xm_dedup_key: 24 bytes, the sum of its fields (no implicit padding)");

/*
 * nmap's reason for an ICMP destination-unreachable (type 3) code: what the
 * XDP program records and what -sT reads from a socket's error queue alike.
 * XM_REASON_NONE for a code nmap does not read as "filtered".
 */
static inline __u8 xm_unreach_reason(__u8 code)
{
	switch (code) {
	case 0: return XM_REASON_NET_UNREACH;
	case 1: return XM_REASON_HOST_UNREACH;
	case 2: return XM_REASON_PROTO_UNREACH;
	case 3: return XM_REASON_PORT_UNREACH;
	case 9: return XM_REASON_NET_PROHIBITED;
	case 10: return XM_REASON_HOST_PROHIBITED;
	case 13: return XM_REASON_ADMIN_PROHIBITED;
	}
	return XM_REASON_NONE;
}

/*
 * nmap's reason for an ICMPv6 destination-unreachable (type 1) code (RFC
 * 4443 3.1), for the XDP program and -sT alike; XM_REASON_NONE for other
 * codes. nmap names address unreachable host-unreach, and a source address
 * that failed ingress/egress policy admin-prohibited.
 */
static inline __u8 xm_unreach6_reason(__u8 code)
{
	switch (code) {
	case 0: return XM_REASON_NO_ROUTE;
	case 1: return XM_REASON_ADMIN_PROHIBITED;
	case 2: return XM_REASON_BEYOND_SCOPE;
	case 3: return XM_REASON_HOST_UNREACH;	/* address unreachable */
	case 4: return XM_REASON_PORT_UNREACH;
	case 5: return XM_REASON_ADMIN_PROHIBITED; /* failed ingress/egress policy */
	case 6: return XM_REASON_REJECT_ROUTE;
	}
	return XM_REASON_NONE;
}

/* The de-duplication key of a record (BPF before recording, tests to forget one). */
static inline struct xm_dedup_key xm_dedup_key_of(const struct xm_result *r)
{
	struct xm_dedup_key k = {
		.addr = r->addr,
		.family = r->family,
		.proto = r->kind == XM_KIND_HOST ? 0 : r->proto,
		.port = r->kind == XM_KIND_HOST ? 0 : r->port,
		.kind = r->kind,
	};

	return k;
}

/*
 * Where a UDP probe's payload carries the probe cookie (xm_cookie() of the
 * probe's addresses and ports), and where a reply or the payload quoted in an
 * ICMP error gives it back. The XDP program checks it when the bytes are there.
 */
enum xm_udp_cookie {
	XM_UDP_COOKIE_NONE = 0,	/* no cookie: (address, port, source port) alone */
	XM_UDP_COOKIE_ECHO16,	/* 2 bytes at cookie_off, echoed at the same offset (DNS id,
				 * NetBIOS transaction id, memcached request id, CoAP id) */
	XM_UDP_COOKIE_ECHO32,	/* 4 bytes at cookie_off, echoed there (BOOTP/RPC xid) */
	XM_UDP_COOKIE_NTP,	/* the transmit timestamp's fraction, bytes 44-47; the reply's
				 * origin timestamp holds it at bytes 28-31 */
	XM_UDP_COOKIE_SNMP,	/* the request-id, a 4-byte INTEGER at cookie_off; the reply's
				 * request-id (found by parsing it) holds the same */
	XM_UDP_COOKIE_MAX,
};

/* The UDP destination ports of the port table of the XDP program (one entry per port). */
#define XM_UDP_PORTS 65536

/*
 * An entry of the udp_ports map, indexed by the probed UDP port: what its
 * payload carries. Zero: no payload of its own (no cookie, the scan's ports).
 */
struct xm_udp_port {
	__u8 cookie;	/* enum xm_udp_cookie */
	__u8 cookie_off; /* ECHO16, ECHO32, SNMP: where the cookie's bytes are in the probe */
	__u16 sport;	/* a fixed source port the protocol needs (host order), 0 = none */
};

_Static_assert(sizeof(struct xm_udp_port) == 4, "struct xm_udp_port: 4 bytes, no padding");

/* The cookie value a UDP payload of kind 'kind' carries, from the probe cookie. */
static inline __u32 xm_udp_cookie_value(__u8 kind, __u32 cookie)
{
	if (kind == XM_UDP_COOKIE_ECHO16)
		return cookie & 0xffff;
	if (kind == XM_UDP_COOKIE_SNMP)
		return cookie & 0x7fffffff;
	return cookie;
}

/* What an entry of the arp_asked map stands for. */
enum xm_arp_stage {
	XM_ARP_ASKED = 0,	/* userspace sent "who-has addr" and awaits the answer */
	XM_ARP_ANSWERED = 1,	/* the XDP program recorded the answer; value: its MAC */
};

/*
 * Key of the arp_asked map. Userspace inserts (addr, XM_ARP_ASKED) before
 * it sends the request; the first answer deletes it (one record) and leaves
 * (addr, XM_ARP_ANSWERED) with the sender's MAC; one later answer from
 * another MAC deletes that in turn (one more record: the conflict).
 */
struct xm_arp_key {
	__be32 addr;	/* the IPv4 address asked about, network order */
	__u32 stage;	/* enum xm_arp_stage */
};

/* Value of the arp_asked map: the answering MAC (zero while asked). */
struct xm_arp_val {
	__u8 mac[6];
	__u8 pad[2];	/* zero */
};

_Static_assert(sizeof(struct xm_arp_key) == 8 && sizeof(struct xm_arp_val) == 8,
	       "struct xm_arp_key and xm_arp_val: 8 bytes each, no implicit padding");

/*
 * Key of the nd_asked map, the IPv6 counterpart of arp_asked with the same
 * stages and value (struct xm_arp_val): userspace inserts (addr, XM_ARP_ASKED)
 * before it sends the Neighbor Solicitation; only an Advertisement that
 * answers an open question makes a record.
 */
struct xm_nd_key {
	__u8 addr[16];	/* the IPv6 target asked about, network order */
	__u32 stage;	/* enum xm_arp_stage */
};

_Static_assert(sizeof(struct xm_nd_key) == 20, "struct xm_nd_key: 20 bytes, no implicit padding");

#endif /* XDPMAP_COMMON_KERN_USER_H */

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
	XM_CNT_MAX,
};

/* One new result, written by the XDP program into the ring buffer. */
struct xm_result {
	__u32 addr;	/* target IPv4 address, network byte order */
	__u16 port;	/* target port, host byte order */
	__u8 state;	/* enum xm_state */
	__u8 reason;	/* enum xm_reason */
	__u8 ttl;	/* IP TTL of the reply (0 for ARP) */
	__u8 kind;	/* enum xm_kind */
	__u8 pad[2];
	__u16 window;	/* TCP window of the reply (0 for ICMP) */
	__u16 pad2;
	__u8 mac[6];	/* ARP replies: the host's hardware address; else zero */
	__u16 pad3;
	__u64 ts_ns;	/* bpf_ktime_get_ns() when the reply arrived */
};

/* Key of the de-duplication LRU hash: one entry per (target, port). */
struct xm_dedup_key {
	__u32 addr;	/* network byte order */
	__u16 port;	/* host byte order; 0 for host records */
	__u16 kind;	/* enum xm_kind */
};

#endif /* XDPMAP_COMMON_KERN_USER_H */

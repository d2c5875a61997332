/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The BPF maps the reply catcher writes and userspace reads. */
#ifndef XDPMAP_MAPS_H
#define XDPMAP_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "common_kern_user.h"

/* New results for userspace, one struct xm_result each. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 23);
} results SEC(".maps");

/* (family, address, protocol, port) already reported: drops the target's retransmissions. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1 << 18);
	__type(key, struct xm_dedup_key);
	__type(value, __u8);
} dedup SEC(".maps");

/*
 * ARP questions in flight and their answers (struct xm_arp_key): ARP replies
 * are recorded only through this map, never through dedup. Userspace sizes it
 * before load (bpf_map__set_max_entries) to the on-link targets it may ask.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1 << 10);
	__type(key, struct xm_arp_key);
	__type(value, struct xm_arp_val);
} arp_asked SEC(".maps");

/*
 * Neighbor Solicitations in flight and their answers (struct xm_nd_key), as
 * arp_asked for IPv6: Neighbor Advertisements are recorded only through it.
 * Sized by userspace before load.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1 << 10);
	__type(key, struct xm_nd_key);
	__type(value, struct xm_arp_val);
} nd_asked SEC(".maps");

/*
 * What the payload of a UDP probe to each port carries (struct xm_udp_port,
 * indexed by the probed port): filled by userspace before the scan; all zero
 * (no cookie, the scan's source ports) for ports without a payload of their own.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XM_UDP_PORTS);
	__type(key, __u32);
	__type(value, struct xm_udp_port);
} udp_ports SEC(".maps");

/* Outcome counters indexed by enum xm_counter, summed over CPUs by userspace. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XM_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

#endif /* XDPMAP_MAPS_H */

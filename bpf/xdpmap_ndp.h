/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Neighbor Advertisements answering our Solicitations: the IPv6 counterpart of handle_arp(). */
#ifndef XDPMAP_NDP_H
#define XDPMAP_NDP_H

/*
 * Included by xdpmap_ipv6.h; uses submit(), count(), mac_eq() and the
 * nd_asked map. An Advertisement makes a record only when it is solicited
 * (the S flag, to our unicast address), valid (hop limit 255, code 0, RFC
 * 4861 7.1.2) and answers a question still open in nd_asked. An invalid one
 * is ignored, uncounted; any other valid one is counted (XM_CNT_ARP_UNASKED,
 * or XM_CNT_DUPLICATE for a repeated answer) and neither creates a host nor
 * changes a MAC. Every Advertisement is passed on to the kernel, which may learn.
 */

#define XM_ICMPV6_NA 136
#define XM_ND_FLAG_SOLICITED 0x40000000
#define XM_ND_OPT_TARGET_LLADDR 2

/* The Advertisement after its ICMPv6 type, code and checksum; the option may be absent. */
struct xm_nd_na {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be32 flags;
	__u8 target[16];
	__u8 opt_type;
	__u8 opt_len; /* in units of 8 bytes */
	__u8 opt_mac[ETH_ALEN];
};

/* The host record of an Advertisement: written to the ring without a dedup entry. */
static __always_inline int xm_record_nd(const __u8 *addr, const __u8 *mac)
{
	struct xm_result rec = { .family = XM_FAMILY_IPV6, .state = XM_STATE_UP,
				 .reason = XM_REASON_ND_RESPONSE, .kind = XM_KIND_HOST };

	__builtin_memcpy(rec.addr.b, addr, 16);
	__builtin_memcpy(rec.mac, mac, ETH_ALEN);
	return submit(&rec);
}

/* Another MAC for an address already answered: recorded once, as arp_conflict(). */
static __always_inline void xm_nd_conflict(struct xm_nd_key *key, const __u8 *mac)
{
	struct xm_arp_val *seen = bpf_map_lookup_elem(&nd_asked, key);
	struct xm_arp_val old;

	if (!seen) {
		count(XM_CNT_ARP_UNASKED);
		return;
	}
	if (mac_eq(mac, seen->mac)) {
		count(XM_CNT_DUPLICATE);
		return;
	}
	old = *seen;
	if (bpf_map_delete_elem(&nd_asked, key)) {
		count(XM_CNT_DUPLICATE);
		return;
	}
	if (xm_record_nd(key->addr, mac))
		bpf_map_update_elem(&nd_asked, key, &old, BPF_NOEXIST);
}

/*
 * The ICMPv6 message at 'icmp' (cursor c past its first 8 bytes) is an
 * Advertisement to us (ip6's destination already checked); eth_src is the
 * frame's source, the MAC when the target link-layer option is missing.
 */
static __always_inline int xm_handle_na(struct hdr_cursor *c, const struct xm_ipv6hdr *ip6,
					const __u8 *eth_src)
{
	struct xm_nd_na *na = (void *)((__u8 *)c->pos - 8);
	struct xm_nd_key key = { .stage = XM_ARP_ASKED };
	struct xm_arp_val ans = {};

	if ((void *)&na->opt_type > c->end || na->code || ip6->hop_limit != 255)
		return XDP_PASS;
	if (!(na->flags & bpf_htonl(XM_ND_FLAG_SOLICITED)) || na->target[0] == 0xff) {
		count(XM_CNT_ARP_UNASKED);
		return XDP_PASS;
	}
	__builtin_memcpy(key.addr, na->target, 16);
	if ((void *)(na + 1) <= c->end && na->opt_type == XM_ND_OPT_TARGET_LLADDR &&
	    na->opt_len == 1)
		__builtin_memcpy(ans.mac, na->opt_mac, ETH_ALEN);
	else
		__builtin_memcpy(ans.mac, eth_src, ETH_ALEN);
	if (bpf_map_delete_elem(&nd_asked, &key)) {
		key.stage = XM_ARP_ANSWERED;
		xm_nd_conflict(&key, ans.mac);
		return XDP_PASS;
	}
	if (xm_record_nd(key.addr, ans.mac)) { /* ring full: the question stays open */
		bpf_map_update_elem(&nd_asked, &key, &ans, BPF_NOEXIST);
		return XDP_PASS;
	}
	key.stage = XM_ARP_ANSWERED;
	bpf_map_update_elem(&nd_asked, &key, &ans, BPF_ANY);
	return XDP_PASS;
}

#endif /* XDPMAP_NDP_H */

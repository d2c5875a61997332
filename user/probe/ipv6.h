/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Ethernet + IPv6 framing shared by the IPv6 probe modules: template builders, inline patches. */
#ifndef XDPMAP_IPV6_PROBE_H
#define XDPMAP_IPV6_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include "csum.h"
#include "probe.h"

#define XM_IP6_LEN 40
#define XM_L4_OFF6 (XM_ETH_LEN + XM_IP6_LEN)
#define XM_PROBE6_LEN (XM_L4_OFF6 + XM_TCP_LEN) /* the IPv6 port scan's SYN frame */

/*
 * Ethernet (to src->dst_mac, type IPv6) and an IPv6 header (traffic class and
 * flow label 0, 'hop_limit', source src->saddr6, destination zero) for l4_len
 * bytes of 'nexthdr' into t; sets t->len and t->l4_base_sum to the
 * pseudo-header's constant part (source, length, next header). Clears the rest.
 */
void xm_ipv6_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t nexthdr,
		  size_t l4_len, uint8_t hop_limit);

/*
 * An IPv6 + TCP template: 'flags', window 1024, the MSS 1440 option when 'mss'
 * (data offset 6, else 5), hop limit 64. Ports, seq, ack, destination and
 * checksum are patched.
 */
void xm_tcp6_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t flags,
		  bool mss);

/* An IPv6 + ICMPv6 template of 'type', l4_len bytes, hop limit 64; the rest is patched. */
void xm_icmp6_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t type,
		   size_t l4_len);

/* The checksum share of a 16-byte address: its eight big-endian words, summed. */
static inline uint32_t xm_csum_addr6(const uint8_t *a)
{
	uint32_t w[4], sum = 0;
	int i;

	memcpy(w, a, sizeof(w));
	for (i = 0; i < 4; i++)
		sum += xm_csum32(ntohl(w[i]));
	return sum;
}

/* Write p's destination address, and p->dst_mac when set; returns the address' sum share. */
static inline uint32_t xm_ipv6_patch(uint8_t *frame, const struct xm_probe *p)
{
	uint32_t sum = xm_csum_addr6(p->daddr6);

	memcpy(frame + XM_ETH_LEN + 24, p->daddr6, 16);
	if (p->dst_mac)
		memcpy(frame, p->dst_mac, 6);
	return sum;
}

/*
 * Write p's destination, ports and seq (and ack = seq when 'ack') and the TCP
 * checksum into a frame holding an xm_tcp6_tmpl() template whose Ethernet
 * destination t->bytes holds when p->dst_mac is NULL.
 */
static inline void xm_tcp6_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				 const struct xm_probe *p, bool ack)
{
	uint8_t *tcp = frame + XM_L4_OFF6;
	uint32_t seq_sum = xm_csum32(p->seq);
	uint32_t sum = t->l4_base_sum + p->sport + p->dport + (ack ? 2 * seq_sum : seq_sum);

	if (!p->dst_mac)
		memcpy(frame, t->bytes, 6);
	sum += xm_ipv6_patch(frame, p);
	xm_put16(tcp, p->sport);
	xm_put16(tcp + 2, p->dport);
	xm_put32(tcp + 4, p->seq);
	if (ack)
		xm_put32(tcp + 8, p->seq);
	xm_put16(tcp + 16, xm_csum_finish(sum));
}

/* Write p's destination, p->seq as ICMPv6 identifier and sequence, and the ICMPv6 checksum. */
static inline size_t xm_icmp6_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				    const struct xm_probe *p)
{
	uint8_t *icmp = frame + XM_L4_OFF6;
	uint32_t sum = t->l4_base_sum + xm_csum32(p->seq);

	if (!p->dst_mac)
		memcpy(frame, t->bytes, 6);
	sum += xm_ipv6_patch(frame, p);
	xm_put32(icmp + 4, p->seq);
	xm_put16(icmp + 2, xm_csum_finish(sum));
	return t->len;
}

#endif /* XDPMAP_IPV6_PROBE_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Ethernet + IPv4 framing shared by the IPv4 probe modules: template builders, inline patches. */
#ifndef XDPMAP_IPV4_H
#define XDPMAP_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csum.h"
#include "probe.h"

#define XM_L4_OFF (XM_ETH_LEN + XM_IP_LEN)

/*
 * Ethernet (to src->dst_mac, type IPv4) and an IPv4 header (TTL 64, no
 * options, id and daddr zero) for l4_len bytes of 'proto' into t; sets t->len
 * and t->ip_base_sum. Clears the rest of t.
 */
void xm_ipv4_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t proto,
		  size_t l4_len);

/*
 * An IPv4 + TCP template: 'flags', window 1024, and the MSS 1460 option when
 * 'mss' (data offset 6, else 5). Ports, seq, ack and checksum are patched.
 */
void xm_tcp4_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t flags,
		  bool mss);

/* An IPv4 + ICMP query template of 'type', l4_len bytes; identifier, sequence, checksum patched. */
void xm_icmp4_tmpl(struct xm_probe_tmpl *t, const struct xm_probe_src *src, uint8_t type,
		   size_t l4_len);

/* Write the IPv4 id, daddr and header checksum of p; returns daddr's checksum share. */
static inline uint32_t xm_ipv4_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				     const struct xm_probe *p)
{
	uint8_t *ip = frame + XM_ETH_LEN;
	uint32_t daddr_sum = xm_csum32(p->daddr);

	xm_put16(ip + 4, p->ip_id);
	xm_put32(ip + 16, p->daddr);
	xm_put16(ip + 10, xm_csum_finish(t->ip_base_sum + daddr_sum + p->ip_id));
	return daddr_sum;
}

/*
 * Write p's ports and seq (and ack = seq when 'ack') and the TCP checksum of
 * a frame holding an xm_tcp4_tmpl() template; daddr_sum from xm_ipv4_patch().
 */
static inline void xm_tcp4_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				 const struct xm_probe *p, uint32_t daddr_sum, bool ack)
{
	uint8_t *tcp = frame + XM_L4_OFF;
	uint32_t seq_sum = xm_csum32(p->seq);
	uint32_t sum = t->l4_base_sum + daddr_sum + p->sport + p->dport + seq_sum;

	xm_put16(tcp, p->sport);
	xm_put16(tcp + 2, p->dport);
	xm_put32(tcp + 4, p->seq);
	if (ack) {
		xm_put32(tcp + 8, p->seq);
		sum += seq_sum;
	}
	xm_put16(tcp + 16, xm_csum_finish(sum));
}

/* Write p's IPv4 fields, p->seq as ICMP identifier and sequence, and the ICMP checksum. */
static inline size_t xm_icmp4_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				    const struct xm_probe *p)
{
	uint8_t *icmp = frame + XM_L4_OFF;

	xm_ipv4_patch(t, frame, p);
	xm_put32(icmp + 4, p->seq);
	xm_put16(icmp + 2, xm_csum_finish(t->l4_base_sum + xm_csum32(p->seq)));
	return t->len;
}

#endif /* XDPMAP_IPV4_H */

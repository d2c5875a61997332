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

/* Store the IPv4 fields a probe varies. */
static inline void xm_ipv4_put(uint8_t *frame, uint32_t daddr, uint16_t id, uint16_t csum)
{
	uint8_t *ip = frame + XM_ETH_LEN;

	xm_put16(ip + 4, id);
	xm_put32(ip + 16, daddr);
	xm_put16(ip + 10, csum);
}

/* Write the IPv4 id, daddr and header checksum of p; returns daddr's checksum share. */
static inline uint32_t xm_ipv4_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				     const struct xm_probe *p)
{
	uint32_t daddr = p->daddr, daddr_sum = xm_csum32(daddr);
	uint16_t id = p->ip_id;

	xm_ipv4_put(frame, daddr, id, xm_csum_finish(t->ip_base_sum + daddr_sum + id));
	return daddr_sum;
}

/*
 * Write p's IPv4 fields, ports and seq (and ack = seq when 'ack') and both
 * checksums into a frame holding an xm_tcp4_tmpl() template. Both sums are
 * complete before the first store, as the stores may alias p for the compiler.
 */
static inline void xm_tcp4_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				 const struct xm_probe *p, bool ack)
{
	uint8_t *tcp = frame + XM_L4_OFF;
	uint32_t daddr_sum = xm_csum32(p->daddr), seq_sum = xm_csum32(p->seq);
	uint32_t ip_sum = t->ip_base_sum + daddr_sum + p->ip_id;
	uint32_t tcp_sum = t->l4_base_sum + daddr_sum + p->sport + p->dport +
			   (ack ? 2 * seq_sum : seq_sum);

	xm_ipv4_put(frame, p->daddr, p->ip_id, xm_csum_finish(ip_sum));
	xm_put16(tcp, p->sport);
	xm_put16(tcp + 2, p->dport);
	xm_put32(tcp + 4, p->seq);
	if (ack)
		xm_put32(tcp + 8, p->seq);
	xm_put16(tcp + 16, xm_csum_finish(tcp_sum));
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

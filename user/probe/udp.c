// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The UDP probe (-sU): the port's payload from data/udp-payloads, its cookie and both sums. */
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv4.h"
#include "udp_hdr.h"

/*
 * Replies: handle_udp() in the XDP program takes a UDP datagram from the
 * probed port to the source port this probe used (and, where the payload
 * carries one, giving back the cookie): open. handle_icmp() takes an ICMP
 * unreachable quoting the probe: port unreachable is closed, the other codes
 * filtered. Both make a port record (XM_KIND_PORT, proto IPPROTO_UDP).
 */


/* Ethernet, IPv4 (TTL 64) and a UDP header of length 8: the payload is the patch's. */
static void udp_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	uint8_t *udp = t->bytes + XM_L4_OFF, pseudo[12] = { 0 };

	xm_ipv4_tmpl(t, src, IPPROTO_UDP, XM_UDP_HDR);
	xm_put16(udp + 4, XM_UDP_HDR);
	xm_put32(pseudo, src->saddr);
	pseudo[9] = IPPROTO_UDP;
	xm_put16(pseudo + 10, XM_UDP_HDR);
	t->l4_base_sum = xm_csum_add(xm_csum_add(0, pseudo, sizeof(pseudo)), udp, XM_UDP_HDR);
}

/*
 * The payload's length enters the IP total length once and the UDP sum twice
 * (pseudo-header and header); its bytes' sum is the payload's, plus the cookie.
 */
static size_t udp_patch(const struct xm_probe_tmpl *t, uint8_t *frame, const struct xm_probe *p)
{
	const struct xm_udp_payload *pl = p->payload;
	uint16_t plen = pl ? pl->len : 0;
	uint8_t *ip = frame + XM_ETH_LEN, *udp = frame + XM_L4_OFF;
	uint32_t daddr_sum = xm_csum32(p->daddr);
	uint32_t sum = t->l4_base_sum + daddr_sum + p->sport + p->dport + 2u * plen;

	xm_udp_put(udp, p, pl, plen, sum);
	xm_ipv4_put(frame, p->daddr, p->ip_id,
		    xm_csum_finish(t->ip_base_sum + daddr_sum + p->ip_id + plen));
	xm_put16(ip + 2, (uint16_t)(XM_IP_LEN + XM_UDP_HDR + plen));
	memcpy(frame, p->dst_mac ? p->dst_mac : t->bytes, 6);
	return (size_t)t->len + plen;
}

const struct xm_probe_module xm_probe_udp = {
	.name = "udp",
	.family = AF_INET,
	.proto = IPPROTO_UDP,
	.ethertype = ETHERTYPE_IP,
	.prepare = udp_prepare,
	.patch = udp_patch,
};

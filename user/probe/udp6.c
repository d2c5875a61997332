// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The UDP probe over IPv6 (-6 -sU, -6 -PU): udp.c's payloads and cookies, IPv6's pseudo-header. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv6.h"
#include "udp_hdr.h"

/*
 * The payload and its cookie are udp.c's (data/udp-payloads), the cookie from
 * xm_cookie6() of (source, destination, ports). Replies: xm_udp6_reply() in
 * the XDP program (bpf/xdpmap_udp6.h) takes a datagram from the probed port to
 * this probe's source port that gives the cookie back (open, or a live host
 * for -PU); xm_udp6_quote() an ICMPv6 unreachable quoting the probe
 * (code 4 closed, 0/1/2/3/5/6 filtered). Records: XM_KIND_PORT (proto
 * IPPROTO_UDP) or XM_KIND_HOST, family XM_FAMILY_IPV6.
 */


/* Ethernet, IPv6 (hop limit 64) and a UDP header of length 8: the payload is the patch's. */
static void udp6_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_ipv6_tmpl(t, src, IPPROTO_UDP, XM_UDP_HDR, 64);
	/* the UDP length field holds 8 here; the patch adds the payload's length */
	t->l4_base_sum += XM_UDP_HDR;
}

/*
 * The payload's length enters the IPv6 payload length once and the UDP sum
 * twice (pseudo-header and header), as over IPv4. A payload longer than an
 * IPv6 frame holds (XM_UDP6_PAYLOAD_MAX) is not sent: the datagram goes empty.
 */
static size_t udp6_patch(const struct xm_probe_tmpl *t, uint8_t *frame, const struct xm_probe *p)
{
	const struct xm_udp_payload *pl = p->payload;
	uint16_t plen = pl && pl->len <= XM_UDP6_PAYLOAD_MAX ? pl->len : 0;
	uint8_t *ip = frame + XM_ETH_LEN, *udp = frame + XM_L4_OFF6;
	uint32_t sum = t->l4_base_sum + p->sport + p->dport + 2u * plen;

	if (!p->dst_mac)
		memcpy(frame, t->bytes, 6);
	sum += xm_ipv6_patch(frame, p);
	xm_udp_put(udp, p, pl, plen, sum);
	xm_put16(ip + 4, (uint16_t)(XM_UDP_HDR + plen));
	return (size_t)t->len + plen;
}

const struct xm_probe_module xm_probe_udp6 = {
	.name = "udp6",
	.family = AF_INET6,
	.proto = IPPROTO_UDP,
	.ethertype = ETHERTYPE_IPV6,
	.prepare = udp6_prepare,
	.patch = udp6_patch,
};

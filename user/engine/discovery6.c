// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's IPv6 probes: Neighbor Solicitation on the link, ICMPv6 echo, TCP, UDP beyond. */
#include <arpa/inet.h>
#include <string.h>
#include "addr6_ring.h"
#include "discovery.h"
#include "udp_payload.h"

/* The low 32 bits of an IPv6 address, host order: what the source-port hash takes. */
static uint32_t low32(const struct xm_addr *a)
{
	return ntohl(a->w[3]);
}

/* A probe of 'module' to dport from the keyed discovery source port; cookie over both addresses. */
static void port_ping6(const struct xm_discovery *d, const struct xm_addr *a,
		       const uint8_t *daddr6, uint16_t dport, uint8_t module, struct xm_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->module = module;
	p->daddr6 = daddr6;
	p->dport = dport;
	p->sport = xm_probe_sport(&d->sport_key, low32(a), dport, d->sport_lo, d->sport_hi);
	p->seq = xm_cookie6(&d->dkey, d->src6, daddr6, htons(p->sport), htons(dport));
}

/*
 * -PU: a UDP probe from the discovery source port, with the port's payload
 * (its cookie from the discovery key), else --data's, or none; its fixed
 * source port if any.
 */
static void udp_probe6(const struct xm_discovery *d, const struct xm_addr *a,
		       const uint8_t *daddr6, uint16_t dport, struct xm_probe *p)
{
	const struct xm_udp_payload *pl = d->udp_payloads ?
		xm_udp_payload_for(d->udp_payloads, dport, 0) : NULL;

	port_ping6(d, a, daddr6, dport, XM_PROBE_UDP6, p);
	p->payload = pl ? pl : d->udp_data;
	if (pl && pl->sport) {
		p->sport = pl->sport;
		p->seq = xm_cookie6(&d->dkey, d->src6, daddr6, htons(p->sport), htons(dport));
	}
}

size_t xm_disc_probes6(struct xm_discovery *d, uint64_t h, struct xm_probe *out)
{
	const struct xm_ping_opts *o = &d->opts;
	struct xm_addr *a = xm_addr6_ring_slot(d->ring6);
	const uint8_t *daddr6;
	size_t n = 0, i;

	*a = xm_targets_at(d->targets, h);
	daddr6 = xm_addr6_ring_take(d->ring6);
	if (d->paths && xm_paths_onlink6(d->paths, a)) {
		memset(out, 0, sizeof(*out));
		out->module = XM_PROBE_NDP_NS;
		out->daddr6 = daddr6;
		return 1;
	}
	if (o->echo) {
		memset(&out[n], 0, sizeof(out[n]));
		out[n].module = XM_PROBE_ICMP6_ECHO;
		out[n].daddr6 = daddr6;
		out[n++].seq = xm_cookie6(&d->dkey, d->src6, daddr6, 0, 128);
	}
	for (i = 0; i < o->nsyn; i++)
		port_ping6(d, a, daddr6, o->syn_ports[i], XM_PROBE_TCP_SYN_PING6, &out[n++]);
	for (i = 0; i < o->nack; i++)
		port_ping6(d, a, daddr6, o->ack_ports[i], XM_PROBE_TCP_ACK_PING6, &out[n++]);
	for (i = 0; i < o->nudp; i++)
		udp_probe6(d, a, daddr6, o->udp_ports[i], &out[n++]);
	return n;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery: nmap's default probe set over AF_XDP, replies validated statelessly in XDP. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "discovery.h"
#include "udp_payload.h"

/* nmap's default set as root: ICMP echo, SYN to 443, ACK to 80, ICMP timestamp. */
static void apply_defaults(struct xm_ping_opts *o)
{
	if (o->chosen)
		return;
	o->echo = true;
	o->timestamp = true;
	o->syn_ports[0] = 443;
	o->nsyn = 1;
	o->ack_ports[0] = 80;
	o->nack = 1;
}

int xm_disc_init(struct xm_discovery *d, const struct xm_ping_opts *opts,
		 const struct xm_targets *targets, const struct xm_siphash_key *key,
		 uint64_t seed, uint32_t src, uint16_t sport_lo, uint16_t sport_hi,
		 const struct xm_paths *paths)
{
	memset(d, 0, sizeof(*d));
	d->opts = *opts;
	apply_defaults(&d->opts);
	d->targets = targets;
	xm_perm_init(&d->perm, targets->count, seed ^ 0x686f737473ULL);
	d->alive = calloc((size_t)(targets->count + 63) / 64, sizeof(*d->alive));
	d->rtt = calloc(XM_RTT_SLOTS, sizeof(*d->rtt));
	if (!d->alive || !d->rtt) {
		xm_disc_free(d);
		return -1;
	}
	d->dkey = xm_discovery_key(key);
	d->sport_key = xm_sport_key(&d->dkey);
	d->src = src;
	d->sport_lo = sport_lo;
	d->sport_hi = sport_hi;
	if (!d->opts.disable_arp)
		d->paths = paths;
	return 0;
}

static void tcp_probe(const struct xm_discovery *d, uint32_t daddr, uint16_t dport,
		      uint8_t module, struct xm_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->module = module;
	p->daddr = daddr;
	p->dport = dport;
	p->sport = xm_probe_sport(&d->sport_key, daddr, dport, d->sport_lo, d->sport_hi);
	p->seq = xm_cookie(&d->dkey, htonl(d->src), htonl(daddr), htons(p->sport),
			   htons(dport));
	p->ip_id = (uint16_t)(p->seq >> 16);
}

static void icmp_probe(const struct xm_discovery *d, uint32_t daddr, uint8_t module,
		       struct xm_probe *p)
{
	uint8_t type = module == XM_PROBE_ICMP_ECHO ? 8 : 13;

	memset(p, 0, sizeof(*p));
	p->module = module;
	p->daddr = daddr;
	p->seq = xm_icmp_cookie(&d->dkey, htonl(d->src), htonl(daddr), type);
	p->ip_id = (uint16_t)p->seq;
}

/*
 * -PU: a UDP probe from the discovery source port, with the port's payload
 * (its cookie from the discovery key), else --data's, or none; its fixed
 * source port if any.
 */
static void udp_probe(const struct xm_discovery *d, uint32_t daddr, uint16_t dport,
		      struct xm_probe *p)
{
	const struct xm_udp_payload *pl = d->udp_payloads ?
		xm_udp_payload_for(d->udp_payloads, dport, 0) : NULL;

	tcp_probe(d, daddr, dport, XM_PROBE_UDP, p);
	p->payload = pl ? pl : d->udp_data;
	if (pl && pl->sport) {
		p->sport = pl->sport;
		p->seq = xm_cookie(&d->dkey, htonl(d->src), htonl(daddr), htons(p->sport),
				   htons(dport));
	}
}

/* IP probes in nmap's order: echo, SYN, ACK, UDP, timestamp. */
static size_t ip_probes(const struct xm_discovery *d, uint32_t daddr,
			struct xm_probe *out)
{
	const struct xm_ping_opts *o = &d->opts;
	size_t n = 0, i;

	if (o->echo)
		icmp_probe(d, daddr, XM_PROBE_ICMP_ECHO, &out[n++]);
	for (i = 0; i < o->nsyn; i++)
		tcp_probe(d, daddr, o->syn_ports[i], XM_PROBE_TCP_SYN_PING, &out[n++]);
	for (i = 0; i < o->nack; i++)
		tcp_probe(d, daddr, o->ack_ports[i], XM_PROBE_TCP_ACK_PING, &out[n++]);
	for (i = 0; i < o->nudp; i++)
		udp_probe(d, daddr, o->udp_ports[i], &out[n++]);
	if (o->timestamp)
		icmp_probe(d, daddr, XM_PROBE_ICMP_TIMESTAMP, &out[n++]);
	return n;
}

size_t xm_disc_probes(struct xm_discovery *d, uint64_t i, bool retry,
		      uint64_t now_ns, struct xm_probe *out)
{
	uint64_t h = xm_perm_map(&d->perm, i);
	uint32_t daddr;
	struct xm_rtt_slot *slot = &d->rtt[h & (XM_RTT_SLOTS - 1)];

	if (retry && xm_disc_alive(d, h))
		return 0;
	if (slot->tag != h + 1) { /* the first probe's time, kept over retries */
		slot->tag = h + 1;
		slot->sent_ns = now_ns;
	}
	if (d->targets->family == XM_FAMILY_IPV6)
		return xm_disc_probes6(d, h, out);
	daddr = xm_targets_addr(d->targets, h);
	if (d->paths && xm_paths_onlink(d->paths, daddr)) {
		memset(out, 0, sizeof(*out));
		out->module = XM_PROBE_ARP;
		out->daddr = daddr;
		return 1;
	}
	return ip_probes(d, daddr, out);
}

int xm_disc_host_up(struct xm_discovery *d, const struct xm_finding *f,
		    uint64_t ts_ns)
{
	int64_t idx = xm_targets_index_of(d->targets, &f->addr);
	struct xm_finding host = *f;
	const struct xm_rtt_slot *slot;
	int rc;

	if (idx < 0) {
		d->stray++;
		return 0;
	}
	slot = &d->rtt[(uint64_t)idx & (XM_RTT_SLOTS - 1)];
	if (slot->tag == (uint64_t)idx + 1 && ts_ns > slot->sent_ns)
		host.rtt_us = (uint32_t)((ts_ns - slot->sent_ns + 999) / 1000);
	host.proto = 0; /* one host record per address: (family, addr, 0, 0) */
	host.port = 0;
	rc = xm_results_add(&d->hosts, &host);
	if (rc == 1) {
		d->alive[idx / 64] |= 1ULL << (idx % 64);
		d->nalive++;
	}
	return rc;
}

void xm_disc_free(struct xm_discovery *d)
{
	free(d->alive);
	free(d->rtt);
	xm_results_free(&d->hosts);
	d->alive = NULL;
	d->rtt = NULL;
}

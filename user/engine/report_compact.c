// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Hosts of a report whose closed ports were counted: the log's findings and the bitmap's hosts. */
#include <stdlib.h>
#include "addr.h"
#include "report_compact.h"

bool xm_compact_answered(const void *ctx, uint64_t host, uint8_t proto, uint16_t port)
{
	return xm_answered_port(ctx, host, proto, port);
}

/*
 * The k hosts of 'base' and those with an answered pair in 'a', merged by
 * address into out (entries of hosts only answered have no finding); with
 * out NULL, only counted. Returns how many.
 */
static size_t merge(const struct xm_answered *a, const struct xm_host_report *base, size_t k,
		    struct xm_host_report *out)
{
	const struct xm_targets *t = a->targets;
	uint64_t h = xm_answered_next_host(a, 0);
	size_t i = 0, m = 0;

	while (i < k || h < t->count) {
		struct xm_addr addr = h < t->count ? xm_targets_at(t, h) : (struct xm_addr){ 0 };
		int c = h >= t->count ? -1 : i == k ? 1 :
			xm_addr_cmp(base[i].family, &base[i].addr, t->family, &addr);

		if (out && c <= 0)
			out[m] = base[i];
		else if (out)
			out[m] = (struct xm_host_report){ .addr = addr, .family = t->family };
		m++;
		i += c <= 0;
		if (c >= 0)
			h = xm_answered_next_host(a, h + 1);
	}
	return m;
}

/* A finding's place in its host's order, the ports list's too: protocol, then number. */
static uint32_t port_key(uint8_t proto, uint16_t port)
{
	return (uint32_t)proto << 16 | port;
}

/* The closed ports of hr counted in the log: its answered pairs without a finding. */
static void count_closed(const struct xm_reply_log *log, const struct xm_closed_ports *closed,
			 struct xm_host_report *hr)
{
	const struct xm_answered *a = log->pairs;
	const struct xm_ports *p = a->ports;
	int64_t host = hr->family == a->targets->family ?
		xm_targets_index_of(a->targets, &hr->addr) : -1;
	uint64_t first = (uint64_t)host * p->n, end = first + p->n, i;
	size_t f = 0;

	if (host < 0)
		return;
	for (i = xm_answered_next(a, first, end); i < end; i = xm_answered_next(a, i + 1, end)) {
		uint8_t proto = xm_ports_proto(p, (size_t)(i - first));
		uint32_t key = port_key(proto, p->v[i - first]);

		while (f < hr->nports && port_key(hr->ports[f].proto, hr->ports[f].port) < key)
			f++;
		if (f < hr->nports && port_key(hr->ports[f].proto, hr->ports[f].port) == key)
			continue;
		if (!hr->nclosed[XM_PSLOT_TCP] && !hr->nclosed[XM_PSLOT_UDP])
			hr->closed_first = key;
		hr->nclosed[xm_pslot(proto)]++;
	}
	if (hr->nclosed[XM_PSLOT_TCP] + hr->nclosed[XM_PSLOT_UDP]) {
		hr->closed = closed;
		hr->index = (uint64_t)host;
		hr->closed_ttl = xm_reply_log_closed_ttl(log, (uint64_t)host);
	}
}

ssize_t xm_compact_hosts(const struct xm_reply_log *log, const struct xm_closed_ports *closed,
			 const struct xm_finding *up, size_t nup, const struct xm_finding *all,
			 size_t n, struct xm_host_report **out)
{
	struct xm_host_report *base, *r;
	ssize_t k = xm_host_reports(up, nup, all, n, &base);
	size_t m, i;

	if (k < 0)
		return -1;
	m = merge(log->pairs, base, (size_t)k, NULL);
	r = calloc(m + 1, sizeof(*r));
	if (!r) {
		free(base);
		return -1;
	}
	merge(log->pairs, base, (size_t)k, r);
	free(base);
	for (i = 0; i < m; i++)
		count_closed(log, closed, &r[i]);
	*out = r;
	return (ssize_t)m;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -sU -sV: open|filtered UDP ports submitted to -sV after the retries, promoted when answered. */
#include <netinet/in.h>
#include <stdlib.h>
#include "addr.h"
#include "clock.h"
#include "service_record.h"
#include "svc_box.h"
#include "udp_sv.h"

/* The live hosts, sorted: discovery's, else every host with a port finding (one each). */
static struct xm_finding *live_hosts(const struct xm_udp_sv_scope *sc,
				     const struct xm_results *results, size_t *n)
{
	struct xm_finding *v;
	size_t i, k = 0;

	if (sc->up) {
		*n = sc->up->n;
		return xm_results_sorted(sc->up);
	}
	v = xm_results_sorted(results);
	for (i = 0; v && i < results->n; i++)
		if (!k || !xm_addr_eq(&v[i].addr, &v[k - 1].addr) ||
		    v[i].family != v[k - 1].family)
			v[k++] = v[i];
	*n = k;
	return v;
}

/* Submit host h's unanswered UDP ports; how many, or -1 when out of memory. */
static long host_ports(struct xm_svcbox *svc, const struct xm_udp_sv_scope *sc,
		       const struct xm_finding *h, size_t budget, struct xm_results *results)
{
	const struct xm_ports *ports = sc->walk->ports;
	int64_t host = xm_targets_index_of(sc->walk->targets, &h->addr);
	size_t j;
	long n = 0;

	if (host < 0 || (sc->skip && xm_targets_index_of(sc->skip, &h->addr) >= 0))
		return 0;
	for (j = ports->n - ports->n_udp; j < ports->n && (size_t)n < budget; j++) {
		struct xm_finding f = { .addr = h->addr, .family = h->family,
					.proto = IPPROTO_UDP, .port = ports->v[j],
					.state = XM_STATE_OPEN_FILTERED,
					.reason = XM_REASON_NO_RESPONSE, .when = xm_now_wall() };

		if (!xm_walk_sent(sc->walk, (uint64_t)host, j) || xm_results_has(results, &f))
			continue;
		if (xm_results_add(results, &f) < 0)
			return -1;
		xm_svcbox_submit(svc, &f);
		n++;
	}
	return n;
}

long xm_udp_sv_submit(struct xm_svcbox *svc, const struct xm_udp_sv_scope *sc,
		      struct xm_results *results)
{
	struct xm_finding *hosts;
	size_t i, nhosts = 0;
	long n = 0, got = 0;

	if (!svc || !sc->walk->ports->n_udp || !sc->cap)
		return 0;
	hosts = live_hosts(sc, results, &nhosts);
	if (!hosts)
		return nhosts ? -1 : 0;
	for (i = 0; i < nhosts && got >= 0 && (size_t)n < sc->cap; i++) {
		got = host_ports(svc, sc, &hosts[i], sc->cap - (size_t)n, results);
		n += got > 0 ? got : 0;
	}
	free(hosts);
	return got < 0 ? -1 : n;
}

size_t xm_udp_sv_promote(struct xm_results *results, struct xm_output *outs, size_t nouts)
{
	size_t i, k, n = 0;

	for (i = 0; i < results->cap; i++) {
		struct xm_finding *f = &results->slots[i];

		if (f->state != XM_STATE_OPEN_FILTERED || f->proto != IPPROTO_UDP || !f->svc ||
		    !f->svc->answered)
			continue;
		f->state = XM_STATE_OPEN;
		f->reason = XM_REASON_UDP_RESPONSE;
		for (k = 0; k < nouts; k++)
			outs[k].ops->finding(&outs[k], f);
		n++;
	}
	return n;
}

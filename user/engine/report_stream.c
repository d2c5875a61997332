// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Hosts of a streamed scan's report, rebuilt from the answered bitmap and discovery's hosts. */
#include <stdlib.h>
#include "addr.h"
#include "report_stream.h"

/* The ports of host index 'host' that the walk sent and that never answered. */
static int unanswered(const struct xm_answered *a, const struct xm_walk *w, uint64_t host,
		      struct xm_ports *out)
{
	const struct xm_ports *ports = a->ports;
	uint64_t first = host * ports->n, end = first + ports->n;
	uint64_t next = xm_answered_next(a, first, end);
	bool full = xm_walk_full(w);
	size_t j;

	out->v = malloc((ports->n ? ports->n : 1) * sizeof(*out->v));
	if (!out->v)
		return -1;
	out->n = 0;
	out->proto = ports->proto;
	for (j = 0; j < ports->n; j++) {
		if (first + j == next) { /* answered */
			next = xm_answered_next(a, next + 1, end);
			continue;
		}
		if (full || xm_walk_sent(w, host, j))
			out->v[out->n++] = ports->v[j];
	}
	return 0;
}

/*
 * The target index of discovery's next live host at or after *i (moved past
 * hosts that are not targets of this walk), or targets->count past the end.
 */
static uint64_t up_next(const struct xm_answered *a, const struct xm_finding *up, size_t nup,
			size_t *i)
{
	for (; *i < nup; (*i)++) {
		int64_t h = xm_targets_index_of(a->targets, &up[*i].addr);

		if (h >= 0)
			return (uint64_t)h;
	}
	return a->targets->count;
}

static int grow(struct xm_host_report **r, size_t *cap, size_t k)
{
	struct xm_host_report *bigger;

	if (k < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 256;
	bigger = realloc(*r, *cap * sizeof(**r));
	if (!bigger)
		return -1;
	*r = bigger;
	return 0;
}

ssize_t xm_stream_hosts(const struct xm_answered *a, const struct xm_walk *w,
			const struct xm_finding *up, size_t nup, struct xm_host_report **out)
{
	uint64_t count = a->targets->count, next = xm_answered_next_host(a, 0);
	size_t i = 0, k = 0, cap = 0;
	struct xm_host_report *r = NULL;

	for (;;) {
		uint64_t u = up_next(a, up, nup, &i), host = u < next ? u : next;

		if (host >= count)
			break;
		if (grow(&r, &cap, k))
			goto fail;
		r[k] = (struct xm_host_report){
			.addr = xm_targets_at(a->targets, host),
			.family = a->targets->family == XM_FAMILY_IPV6 ? XM_FAMILY_IPV6 :
									 XM_FAMILY_IPV4,
			.up = u == host ? &up[i++] : NULL,
		};
		if (unanswered(a, w, host, &r[k++].scanned))
			goto fail;
		if (next == host)
			next = xm_answered_next_host(a, host + 1);
	}
	*out = r ? r : calloc(1, sizeof(*r));
	return *out ? (ssize_t)k : -1;
fail:
	xm_stream_hosts_free(r, k);
	return -1;
}

void xm_stream_hosts_free(struct xm_host_report *hosts, size_t n)
{
	size_t k;

	for (k = 0; hosts && k < n; k++)
		free(hosts[k].scanned.v);
	free(hosts);
}

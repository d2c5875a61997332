// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What a walk sent, worked out backwards through the permutation's inverse. */
#include <netinet/in.h>
#include <stdlib.h>
#include "addr.h"
#include "walk.h"

void xm_walk_init(struct xm_walk *w, const struct xm_targets *targets,
		  const struct xm_ports *ports, uint64_t seed, uint32_t shard_index,
		  uint32_t shard_count)
{
	*w = (struct xm_walk){ .targets = targets, .ports = ports,
			       .shard_index = shard_index,
			       .shard_count = shard_count ? shard_count : 1,
			       .hi = targets->count * ports->n };
	xm_perm_init(&w->perm, w->hi, seed);
}

uint64_t xm_walk_first(const struct xm_config *cfg)
{
	uint64_t i = cfg->resume_index;

	if (i < cfg->shard_index)
		return cfg->shard_index;
	return i - (i - cfg->shard_index) % cfg->shard_count;
}

bool xm_walk_full(const struct xm_walk *w)
{
	return w->shard_count == 1 && w->lo == 0 && w->hi >= w->perm.n;
}

bool xm_walk_sent(const struct xm_walk *w, uint64_t host, size_t port)
{
	uint64_t i = xm_perm_unmap(&w->perm, host * w->ports->n + port);

	return i % w->shard_count == w->shard_index && i >= w->lo && i < w->hi;
}

static const struct xm_walk *walk_of(const struct xm_walk *const *walks, size_t nwalks,
				     const struct xm_host_report *h, int64_t *host)
{
	size_t k;

	for (k = 0; k < nwalks; k++)
		if (walks[k] && walks[k]->targets->family == h->family &&
		    (*host = xm_targets_index_of(walks[k]->targets, &h->addr)) >= 0)
			return walks[k];
	return NULL;
}

/* The ports of one host that its walk sent, in port order. */
static int host_scope(const struct xm_walk *w, uint64_t host, struct xm_ports *out)
{
	size_t j;

	out->v = malloc((w->ports->n ? w->ports->n : 1) * sizeof(*out->v));
	if (!out->v)
		return -1;
	out->n = 0;
	out->n_udp = 0;
	out->proto = w->ports->proto;
	for (j = 0; j < w->ports->n; j++)
		if (xm_walk_sent(w, host, j)) {
			out->v[out->n++] = w->ports->v[j];
			out->n_udp += xm_ports_proto(w->ports, j) == IPPROTO_UDP;
		}
	return 0;
}

int xm_walk_scope(const struct xm_walk *const *walks, size_t nwalks,
		  struct xm_host_report *hosts, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		int64_t host = -1;
		const struct xm_walk *w = walk_of(walks, nwalks, &hosts[k], &host);

		if (!w || xm_walk_full(w))
			continue;
		if (host_scope(w, (uint64_t)host, &hosts[k].scanned))
			return -1;
	}
	return 0;
}

void xm_walk_scope_free(struct xm_host_report *hosts, size_t n)
{
	size_t k;

	for (k = 0; hosts && k < n; k++) {
		free(hosts[k].scanned.v);
		hosts[k].scanned = (struct xm_ports){ 0 };
	}
}

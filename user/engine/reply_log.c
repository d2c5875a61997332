// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The compact log of port replies behind the per-host report. */
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "output.h"
#include "reply_log.h"

/* Above this many targets closed replies are stored, not counted (the page table stays small). */
#define TTL_HOSTS_MAX (1ULL << 32)

void xm_reply_log_init(struct xm_reply_log *log, const struct xm_answered *pairs)
{
	const struct xm_targets *t = pairs->targets;

	*log = (struct xm_reply_log){ .targets = t, .pairs = pairs };
	if (!xm_answered_on(pairs) || !t->count || t->count > TTL_HOSTS_MAX)
		return;
	log->npages = (size_t)((t->count + XM_REPLY_TTL_PAGE - 1) / XM_REPLY_TTL_PAGE);
	log->ttl = calloc(log->npages, sizeof(*log->ttl));
	if (!log->ttl)
		log->npages = 0; /* closed replies are stored then */
}

/* The closed-TTL slot of host index 'host', its page allocated now; NULL when out of memory. */
static uint8_t *ttl_slot(struct xm_reply_log *log, uint64_t host)
{
	uint8_t **page = &log->ttl[host / XM_REPLY_TTL_PAGE];

	if (!*page)
		*page = calloc(XM_REPLY_TTL_PAGE, 1);
	return *page ? &(*page)[host % XM_REPLY_TTL_PAGE] : NULL;
}

/* Whether reply f of host index 'host' is counted rather than stored (see xm_reply_log). */
static bool counted(struct xm_reply_log *log, uint64_t host, const struct xm_finding *f)
{
	uint8_t *ttl;

	if (!log->ttl || host >= log->targets->count || f->state != XM_STATE_CLOSED ||
	    f->reason != xm_closed_reason(f->proto) || !f->ttl)
		return false;
	ttl = ttl_slot(log, host);
	if (!ttl)
		return false;
	if (!*ttl)
		*ttl = f->ttl;
	if (*ttl != f->ttl)
		return false;
	log->closed++;
	return true;
}

uint8_t xm_reply_log_closed_ttl(const struct xm_reply_log *log, uint64_t host)
{
	const uint8_t *page;

	if (!log->ttl || host >= log->targets->count)
		return 0;
	page = log->ttl[host / XM_REPLY_TTL_PAGE];
	return page ? page[host % XM_REPLY_TTL_PAGE] : 0;
}

int xm_reply_log_add(struct xm_reply_log *log, uint64_t host, const struct xm_finding *f)
{
	if (counted(log, host, f))
		return 0;
	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap + log->cap / 2 : 4096;
		struct xm_reply_entry *v = realloc(log->v, cap * sizeof(*v));

		if (!v)
			return -1;
		log->v = v;
		log->cap = cap;
	}
	log->v[log->n++] = (struct xm_reply_entry){
		.host = (uint32_t)host, .port = f->port, .proto = f->proto,
		.state = f->state, .reason = f->reason, .ttl = f->ttl,
	};
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct xm_reply_entry *x = a, *y = b;

	if (x->host != y->host)
		return x->host < y->host ? -1 : 1;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	return (int)x->port - (int)y->port;
}

static int cmp_finding(const struct xm_finding *x, const struct xm_finding *y)
{
	int c = xm_addr_cmp(x->family, &x->addr, y->family, &y->addr);

	if (c)
		return c;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	return (int)x->port - (int)y->port;
}

static struct xm_finding entry_finding(const struct xm_reply_log *log,
				       const struct xm_reply_entry *e)
{
	return (struct xm_finding){
		.addr = xm_targets_at(log->targets, e->host),
		.family = log->targets->family == XM_FAMILY_IPV6 ? XM_FAMILY_IPV6 : XM_FAMILY_IPV4,
		.proto = e->proto, .port = e->port,
		.state = e->state, .reason = e->reason, .ttl = e->ttl,
	};
}

struct xm_finding *xm_reply_log_sorted(struct xm_reply_log *log, const struct xm_results *others,
				       size_t *n)
{
	struct xm_finding *rest = xm_results_sorted(others), *out;
	size_t i = 0, j = 0, k = 0;

	out = rest ? malloc((log->n + others->n + 1) * sizeof(*out)) : NULL;
	if (!out) {
		free(rest);
		return NULL;
	}
	qsort(log->v, log->n, sizeof(*log->v), cmp_entry);
	while (i < log->n || j < others->n) {
		struct xm_finding f = i < log->n ? entry_finding(log, &log->v[i]) :
						   (struct xm_finding){ 0 };

		if (i < log->n && (j == others->n || cmp_finding(&f, &rest[j]) <= 0)) {
			out[k++] = f;
			i++;
		} else {
			out[k++] = rest[j++];
		}
	}
	free(rest);
	free(log->v);
	log->v = NULL;
	log->n = log->cap = 0;
	*n = k;
	return out;
}

void xm_reply_log_free(struct xm_reply_log *log)
{
	size_t i;

	for (i = 0; log->ttl && i < log->npages; i++)
		free(log->ttl[i]);
	free(log->ttl);
	free(log->v);
	log->v = NULL;
	log->ttl = NULL;
	log->n = log->cap = log->npages = 0;
}

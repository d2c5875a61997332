// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* RFC 6298 round-trip estimation for retry spacing and the final wait. */
#include <math.h>
#include <stdlib.h>
#include "config.h"
#include "rtt.h"

void xm_rtt_init(struct xm_rtt *r, double initial, double min, double max)
{
	*r = (struct xm_rtt){ .initial = initial, .min = min, .max = max };
}

/* A measurement worth keeping: positive and below an hour. */
static bool rtt_usable(double rtt)
{
	return rtt > 0 && rtt <= 3600;
}

/* RFC 6298 section 2: one sample into (srtt, rttvar); 'first' when none was taken yet. */
static void rfc6298(double *srtt, double *rttvar, bool first, double r)
{
	if (first) {
		*srtt = r;
		*rttvar = r / 2;
		return;
	}
	*rttvar = 0.75 * *rttvar + 0.25 * fabs(*srtt - r);
	*srtt = 0.875 * *srtt + 0.125 * r;
}

/* SRTT + 4 RTTVAR within [min, max]. */
static double rto(double srtt, double rttvar, double min, double max)
{
	return fmin(max, fmax(min, srtt + 4 * rttvar));
}

void xm_rtt_sample(struct xm_rtt *r, double rtt)
{
	if (!rtt_usable(rtt))
		return;
	rfc6298(&r->srtt, &r->rttvar, !r->samples, rtt);
	r->samples++;
}

double xm_rtt_timeout(const struct xm_rtt *r)
{
	if (!r->samples)
		return fmin(r->max, fmax(r->min, r->initial));
	return rto(r->srtt, r->rttvar, r->min, r->max);
}

double xm_send_rate(const struct xm_config *cfg)
{
	double rate = cfg->max_rate;

	if (cfg->scan_delay > 0)
		rate = fmin(rate, 1.0 / cfg->scan_delay);
	return fmax(rate, cfg->min_rate);
}

void xm_host_rtts_init(struct xm_host_rtts *t, double min, double max)
{
	*t = (struct xm_host_rtts){ .min = min, .max = max };
}

static struct xm_host_rtt *slot_of(struct xm_host_rtt *v, size_t cap, uint64_t tag)
{
	size_t i = (size_t)(tag * 0x9e3779b97f4a7c15ULL >> 20) & (cap - 1);

	while (v[i].tag && v[i].tag != tag)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static int grow(struct xm_host_rtts *t)
{
	size_t cap = t->cap ? 2 * t->cap : 256, i;
	struct xm_host_rtt *v = calloc(cap, sizeof(*v));

	if (!v)
		return -1;
	for (i = 0; i < t->cap; i++)
		if (t->v[i].tag)
			*slot_of(v, cap, t->v[i].tag) = t->v[i];
	free(t->v);
	t->v = v;
	t->cap = cap;
	return 0;
}

int xm_host_rtts_sample(struct xm_host_rtts *t, uint32_t addr, double rtt)
{
	struct xm_host_rtt *h;

	if (!rtt_usable(rtt))
		return 0;
	if ((t->n + 1) * 2 > t->cap && grow(t))
		return -1;
	h = slot_of(t->v, t->cap, (uint64_t)addr + 1);
	if (!h->tag) {
		h->tag = (uint64_t)addr + 1;
		t->n++;
	}
	rfc6298(&h->srtt, &h->rttvar, !h->samples, rtt);
	h->samples++;
	return 0;
}

const struct xm_host_rtt *xm_host_rtts_find(const struct xm_host_rtts *t, uint32_t addr)
{
	const struct xm_host_rtt *h;

	if (!t->cap)
		return NULL;
	h = slot_of(t->v, t->cap, (uint64_t)addr + 1);
	return h->tag ? h : NULL;
}

double xm_host_rtt_timeout(const struct xm_host_rtts *t, const struct xm_host_rtt *h)
{
	return rto(h->srtt, h->rttvar, t->min, t->max);
}

double xm_host_rtts_worst(const struct xm_host_rtts *t)
{
	double worst = 0;
	size_t i;

	for (i = 0; i < t->cap; i++)
		if (t->v[i].tag)
			worst = fmax(worst, xm_host_rtt_timeout(t, &t->v[i]));
	return worst;
}

void xm_host_rtts_free(struct xm_host_rtts *t)
{
	free(t->v);
	t->v = NULL;
	t->cap = t->n = 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Per-target paths: the routing table cut into runs of targets that share a route. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netlink.h"
#include "paths.h"

/* What one route means for the targets under it. */
struct verdict {
	enum xm_path_kind kind;
	enum xm_slow_reason why; /* XM_PATH_CONNECT only */
	uint32_t gateway;	 /* XM_PATH_GATEWAY only */
};

struct planner {
	struct xm_paths *p;
	struct xm_route_table rt;
	bool forced; /* -e given: every non-local target leaves through it */
	char *err;
	size_t errlen;
};

static struct verdict slow(enum xm_slow_reason why)
{
	return (struct verdict){ .kind = XM_PATH_CONNECT, .why = why };
}

/* The first Ethernet interface seen becomes the XDP interface. */
static bool take_iface(struct planner *pl, int oif)
{
	struct xm_paths *p = pl->p;

	if (p->ifindex)
		return p->ifindex == oif;
	if (!xm_iface_is_ethernet(oif) || !if_indextoname((unsigned)oif, p->ifname))
		return false;
	p->ifindex = oif;
	return true;
}

/* -e: targets the table routes elsewhere go through the kernel's choice on that interface. */
static struct verdict forced_verdict(struct planner *pl, uint32_t addr)
{
	struct xm_route rt;
	char err[256];

	if (xm_route_lookup(addr, pl->p->ifname, &rt, err, sizeof(err)))
		return slow(XM_SLOW_NO_ROUTE);
	if (rt.nexthop == addr)
		return (struct verdict){ .kind = XM_PATH_ONLINK };
	return (struct verdict){ .kind = XM_PATH_GATEWAY, .gateway = rt.nexthop };
}

static struct verdict classify(struct planner *pl, uint32_t addr)
{
	const struct xm_route_entry *e = xm_route_table_match(&pl->rt, addr);

	if (e && e->type == RTN_LOCAL)
		return slow(XM_SLOW_LOCAL);
	if (pl->forced && (!e || e->oif != pl->p->ifindex))
		return forced_verdict(pl, addr);
	if (!e || e->type != RTN_UNICAST || !e->oif)
		return slow(XM_SLOW_NO_ROUTE);
	if (!take_iface(pl, e->oif)) {
		bool other = pl->p->ifindex || xm_iface_is_ethernet(e->oif);

		return slow(other ? XM_SLOW_OTHER_IFACE : XM_SLOW_NOT_ETHERNET);
	}
	if (!pl->p->src && e->prefsrc)
		pl->p->src = e->prefsrc;
	if (!e->has_gw)
		return (struct verdict){ .kind = XM_PATH_ONLINK };
	return (struct verdict){ .kind = XM_PATH_GATEWAY, .gateway = e->gateway };
}

static int gateway_index(struct xm_paths *p, uint32_t addr)
{
	size_t i;

	for (i = 0; i < p->ngw; i++)
		if (p->gw[i].addr == addr)
			return (int)i;
	if (p->ngw == XM_MAX_GATEWAYS)
		return -1;
	p->gw[p->ngw].addr = addr;
	return (int)p->ngw++;
}

static int seg_push(struct xm_paths *p, uint32_t lo, uint32_t hi, uint8_t kind, uint8_t gw,
		    uint8_t why)
{
	struct xm_path_seg *last = p->nsegs ? &p->segs[p->nsegs - 1] : NULL;

	if (last && last->hi + 1 == lo && last->kind == kind && last->gw == gw &&
	    last->why == why && kind != XM_PATH_GATEWAY) {
		last->hi = hi;
		return 0;
	}
	if (p->nsegs == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct xm_path_seg *v = realloc(p->segs, cap * sizeof(*v));

		if (!v)
			return -1;
		p->segs = v;
		p->cap = cap;
	}
	p->segs[p->nsegs++] = (struct xm_path_seg){ lo, hi, kind, gw, why };
	return 0;
}

/* Record [lo, hi], all under one route, in the segments and the fast or slow target list. */
static int plan_run(struct planner *pl, uint32_t lo, uint32_t hi)
{
	struct xm_paths *p = pl->p;
	struct verdict v = classify(pl, lo);
	int gw = 0;

	if (v.kind == XM_PATH_GATEWAY && (gw = gateway_index(p, v.gateway)) < 0)
		v = slow(XM_SLOW_OTHER_IFACE);
	if (v.kind == XM_PATH_CONNECT)
		p->nslow[v.why] += (uint64_t)(hi - lo) + 1;
	if (seg_push(p, lo, hi, (uint8_t)v.kind, (uint8_t)gw, (uint8_t)v.why) ||
	    xm_ranges_push(v.kind == XM_PATH_CONNECT ? &p->slow.include : &p->fast.include,
			   lo, hi))
		return -1;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Cut [lo, hi] where any route's prefix starts or ends: between two cuts the
 * longest-prefix match cannot change, so one look-up per run decides it.
 */
static int plan_range(struct planner *pl, uint32_t lo, uint32_t hi)
{
	uint64_t *cuts = malloc((2 * pl->rt.n + 2) * sizeof(*cuts));
	size_t n = 0, i;
	int rc = 0;

	if (!cuts)
		return -1;
	cuts[n++] = lo;
	cuts[n++] = (uint64_t)hi + 1;
	for (i = 0; i < pl->rt.n; i++) {
		const struct xm_route_entry *e = &pl->rt.v[i];
		uint64_t start = e->dst, end = start + (e->plen ? 1ull << (32 - e->plen) : 1ull << 32);

		if (start > lo && start <= hi)
			cuts[n++] = start;
		if (end > lo && end <= hi)
			cuts[n++] = end;
	}
	qsort(cuts, n, sizeof(*cuts), cmp_u64);
	for (i = 0; i + 1 < n && !rc; i++)
		if (cuts[i + 1] > cuts[i])
			rc = plan_run(pl, (uint32_t)cuts[i], (uint32_t)(cuts[i + 1] - 1));
	free(cuts);
	return rc;
}

static int finish_lists(struct xm_paths *p, char *err, size_t errlen)
{
	if (p->fast.include.n && xm_targets_finalize(&p->fast, err, errlen))
		return -1;
	if (p->slow.include.n && xm_targets_finalize(&p->slow, err, errlen))
		return -1;
	if (!p->ifindex || p->src)
		return 0;
	return xm_iface_ipv4(p->ifindex, &p->src, err, errlen);
}

static int force_iface(struct planner *pl, const char *iface)
{
	struct xm_paths *p = pl->p;

	p->ifindex = (int)if_nametoindex(iface);
	if (!p->ifindex) {
		snprintf(pl->err, pl->errlen, "unknown interface '%s' (-e): %s", iface,
			 strerror(errno));
		return -1;
	}
	snprintf(p->ifname, sizeof(p->ifname), "%s", iface);
	if (!xm_iface_is_ethernet(p->ifindex)) {
		snprintf(pl->err, pl->errlen, "interface %s (-e) is not Ethernet", iface);
		return -1;
	}
	pl->forced = true;
	return 0;
}

int xm_paths_plan(struct xm_paths *p, const struct xm_targets *targets, const char *iface,
		  uint32_t src, char *err, size_t errlen)
{
	struct planner pl = { .p = p, .err = err, .errlen = errlen };
	size_t i;
	int rc = -1;

	*p = (struct xm_paths){ .src = src };
	if (targets->family == XM_FAMILY_IPV6)
		return xm_paths_plan6(p, targets, iface, err, errlen);
	if (xm_route_table_load(&pl.rt, err, errlen))
		return -1;
	if (iface && force_iface(&pl, iface))
		goto out;
	for (i = 0; i < targets->include.n; i++)
		if (plan_range(&pl, targets->include.v[i].lo, targets->include.v[i].hi)) {
			snprintf(err, errlen, "out of memory planning target paths");
			goto out;
		}
	rc = finish_lists(p, err, errlen);
out:
	xm_route_table_free(&pl.rt);
	return rc;
}

const struct xm_path_seg *xm_paths_find(const struct xm_paths *p, uint32_t addr)
{
	size_t lo = 0, hi = p->nsegs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->segs[mid].hi < addr)
			lo = mid + 1;
		else if (p->segs[mid].lo > addr)
			hi = mid;
		else
			return &p->segs[mid];
	}
	return NULL;
}

bool xm_paths_onlink(const struct xm_paths *p, uint32_t addr)
{
	const struct xm_path_seg *s = xm_paths_find(p, addr);

	return s && s->kind == XM_PATH_ONLINK;
}

void xm_paths_describe_slow(const struct xm_paths *p, char *buf, size_t len)
{
	static const char *const why[XM_SLOW_MAX] = {
		"loopback or own address", "interface not Ethernet",
		"routed through another interface", "no route",
		"IPv6: more gateways than handled",
	};
	size_t used = 0;
	int k;

	buf[0] = 0;
	for (k = 0; k < XM_SLOW_MAX && used < len; k++)
		if (p->nslow[k])
			used += (size_t)snprintf(buf + used, len - used, "%s%llu %s",
						 used ? ", " : "",
						 (unsigned long long)p->nslow[k], why[k]);
}

int xm_paths_onlink_by_kernel(struct xm_paths *p)
{
	struct xm_path_seg *old = p->segs;
	size_t n = p->nsegs, i, need = 0;
	uint64_t a;

	for (i = 0; i < n; i++)
		if (old[i].kind == XM_PATH_ONLINK)
			need += (size_t)(old[i].hi - old[i].lo) + 1;
	if (!need)
		return 0;
	if (need > XM_MAX_GATEWAYS - p->ngw)
		return -1;
	p->segs = NULL;
	p->nsegs = p->cap = 0;
	for (i = 0; i < n; i++) {
		if (old[i].kind != XM_PATH_ONLINK) {
			seg_push(p, old[i].lo, old[i].hi, old[i].kind, old[i].gw, old[i].why);
			continue;
		}
		for (a = old[i].lo; a <= old[i].hi; a++)
			seg_push(p, (uint32_t)a, (uint32_t)a, XM_PATH_GATEWAY,
				 (uint8_t)gateway_index(p, (uint32_t)a), 0);
	}
	free(old);
	return p->segs ? 0 : -1;
}

void xm_paths_free(struct xm_paths *p)
{
	free(p->segs);
	free(p->segs6);
	xm_targets_free(&p->fast);
	xm_targets_free(&p->slow);
	*p = (struct xm_paths){ 0 };
}

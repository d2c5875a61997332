// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* IPv6 target paths: the IPv6 routing table cut into runs, each on the XDP path or connect(). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "log.h"
#include "netlink.h"
#include "paths.h"
#include "route6.h"

/* Segments described one by one at -v at most; the rest are counted. */
#define XM_SEG6_SHOWN 8

static struct in6_addr addr_of(const uint32_t net[3], uint32_t low)
{
	struct in6_addr a;
	uint32_t w[4] = { htonl(net[0]), htonl(net[1]), htonl(net[2]), htonl(low) };

	memcpy(&a, w, sizeof(a));
	return a;
}

/* The XDP interface: -e's, else the first Ethernet interface a route names. */
static bool take_iface6(struct xm_paths *p, int oif, bool forced)
{
	if (p->ifindex || forced)
		return p->ifindex == oif;
	if (!xm_iface_is_ethernet(oif) || !if_indextoname((unsigned)oif, p->ifname))
		return false;
	p->ifindex = oif;
	return true;
}

static int gateway6_index(struct xm_paths *p, const struct in6_addr *gw)
{
	size_t i;

	for (i = 0; i < p->ngw6; i++)
		if (!memcmp(&p->gw6[i].addr, gw, sizeof(*gw)))
			return (int)i;
	if (p->ngw6 == XM_MAX_GATEWAYS)
		return -1;
	p->gw6[p->ngw6].addr = *gw;
	return (int)p->ngw6++;
}

/* The path of a run whose first address matched route e. */
static void verdict(struct xm_paths *p, const struct xm_route6_entry *e, bool forced,
		    struct xm_path_seg6 *g)
{
	int gw;

	g->kind = XM_PATH_CONNECT;
	if (e && e->type == RTN_LOCAL) {
		g->why = XM_SLOW_LOCAL;
		return;
	}
	if (!e || e->type != RTN_UNICAST || !e->oif) {
		g->why = XM_SLOW_NO_ROUTE;
		return;
	}
	if (!take_iface6(p, e->oif, forced)) {
		g->why = p->ifindex || xm_iface_is_ethernet(e->oif) ? XM_SLOW_OTHER_IFACE :
								       XM_SLOW_NOT_ETHERNET;
		return;
	}
	gw = e->has_gw ? gateway6_index(p, &e->gateway) : 0;
	if (gw < 0) {
		g->why = XM_SLOW_IPV6; /* more gateways than the table holds */
		return;
	}
	g->kind = e->has_gw ? XM_PATH_GATEWAY : XM_PATH_ONLINK;
	g->gw = (uint8_t)gw;
}

static int seg6_push(struct xm_paths *p, const struct xm_path_seg6 *g)
{
	if (p->nsegs6 == p->cap6) {
		size_t cap = p->cap6 ? 2 * p->cap6 : 16;
		struct xm_path_seg6 *v = realloc(p->segs6, cap * sizeof(*v));

		if (!v)
			return -1;
		p->segs6 = v;
		p->cap6 = cap;
	}
	p->segs6[p->nsegs6++] = *g;
	return 0;
}

/* [lo, hi] under net, all under one route: its segment, in the XDP path's or connect()'s list. */
static int plan_run(struct xm_paths *p, const struct xm_route6_table *rt, bool forced,
		    const uint32_t net[3], uint32_t lo, uint32_t hi)
{
	struct in6_addr first = addr_of(net, lo);
	const struct xm_route6_entry *e = xm_route6_table_match(rt, &first);
	struct xm_path_seg6 g = { .net = { net[0], net[1], net[2] }, .lo = lo, .hi = hi,
				  .oif = e ? e->oif : 0 };
	struct xm_ranges *list = &p->slow.include;

	verdict(p, e, forced, &g);
	g.has_src = !(g.kind == XM_PATH_CONNECT && g.why == XM_SLOW_NO_ROUTE) &&
		    !xm_route6_source(&first, &g.src);
	if (g.kind == XM_PATH_CONNECT) {
		p->nslow[g.why] += (uint64_t)(hi - lo) + 1;
	} else {
		if (!p->fast.include.n && g.has_src)
			p->src6 = g.src;
		list = &p->fast.include;
	}
	if (seg6_push(p, &g) || xm_ranges_push6(list, net, lo, hi))
		return -1;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Cut one range where a route longer than /96 under its net starts or ends
 * (shorter routes hold the whole /96): between cuts the match cannot change.
 */
static int plan_range(struct xm_paths *p, const struct xm_route6_table *rt, bool forced,
		      const struct xm_range *r)
{
	uint64_t *cuts = malloc((2 * rt->n + 2) * sizeof(*cuts));
	struct in6_addr base = addr_of(r->net, 0);
	size_t n = 0, i;
	int rc = 0;

	if (!cuts)
		return -1;
	cuts[n++] = r->lo;
	cuts[n++] = (uint64_t)r->hi + 1;
	for (i = 0; i < rt->n; i++) {
		const struct xm_route6_entry *e = &rt->v[i];
		uint64_t start, end;

		if (e->plen <= 96 || memcmp(&e->dst, &base, 12))
			continue;
		start = ntohl(((const uint32_t *)&e->dst)[3]);
		end = start + (1ull << (128 - e->plen));
		if (start > r->lo && start <= r->hi)
			cuts[n++] = start;
		if (end > r->lo && end <= r->hi)
			cuts[n++] = end;
	}
	qsort(cuts, n, sizeof(*cuts), cmp_u64);
	for (i = 0; i + 1 < n && !rc; i++)
		if (cuts[i + 1] > cuts[i])
			rc = plan_run(p, rt, forced, r->net, (uint32_t)cuts[i],
				      (uint32_t)(cuts[i + 1] - 1));
	free(cuts);
	return rc;
}

/* -v: where the first segments go and from which source address. */
static void describe(const struct xm_paths *p)
{
	size_t i;

	for (i = 0; i < p->nsegs6 && i < XM_SEG6_SHOWN; i++) {
		const struct xm_path_seg6 *g = &p->segs6[i];
		struct in6_addr lo = addr_of(g->net, g->lo), hi = addr_of(g->net, g->hi);
		char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN] = "none";
		char dev[IF_NAMESIZE] = "none";

		inet_ntop(AF_INET6, &lo, a, sizeof(a));
		inet_ntop(AF_INET6, &hi, b, sizeof(b));
		if (g->has_src)
			inet_ntop(AF_INET6, &g->src, src, sizeof(src));
		if (g->oif && !if_indextoname((unsigned)g->oif, dev))
			snprintf(dev, sizeof(dev), "%d", g->oif);
		pr_info("IPv6 targets %s-%s: %s, dev %s, source %s\n", a, b,
			g->kind == XM_PATH_ONLINK ? "on-link" : g->kind == XM_PATH_GATEWAY ?
			"routed" : g->why == XM_SLOW_LOCAL ? "local" : g->why == XM_SLOW_NO_ROUTE ?
			"no route" : "routed, connect()", dev, src);
	}
	if (p->nsegs6 > XM_SEG6_SHOWN)
		pr_info("... and %zu more IPv6 target runs\n", p->nsegs6 - XM_SEG6_SHOWN);
}

/* -e: the XDP interface, which must be Ethernet. */
static int force_iface6(struct xm_paths *p, const char *iface, char *err, size_t errlen)
{
	p->ifindex = (int)if_nametoindex(iface);
	if (!p->ifindex) {
		snprintf(err, errlen, "unknown interface '%s' (-e): %s", iface, strerror(errno));
		return -1;
	}
	snprintf(p->ifname, sizeof(p->ifname), "%s", iface);
	if (!xm_iface_is_ethernet(p->ifindex)) {
		snprintf(err, errlen, "interface %s (-e) is not Ethernet", iface);
		return -1;
	}
	return 0;
}

int xm_paths_plan6(struct xm_paths *p, const struct xm_targets *targets, const char *iface,
		   char *err, size_t errlen)
{
	struct xm_route6_table rt;
	size_t i;
	int rc = -1;

	if (iface && force_iface6(p, iface, err, errlen))
		return -1;
	if (xm_route6_table_load(&rt, err, errlen))
		return -1;
	for (i = 0; i < targets->include.n; i++)
		if (plan_range(p, &rt, iface != NULL, &targets->include.v[i])) {
			snprintf(err, errlen, "out of memory planning target paths");
			goto out;
		}
	rc = 0;
	if (p->fast.include.n)
		rc = xm_targets_finalize(&p->fast, err, errlen);
	if (!rc && p->slow.include.n)
		rc = xm_targets_finalize(&p->slow, err, errlen);
	if (!rc)
		describe(p);
out:
	xm_route6_table_free(&rt);
	return rc;
}

/* Order of (net, low) against segment g: <0 before it, 0 inside, >0 after it. */
static int seg6_cmp(const uint32_t net[3], uint32_t low, const struct xm_path_seg6 *g)
{
	int i;

	for (i = 0; i < 3; i++)
		if (net[i] != g->net[i])
			return net[i] < g->net[i] ? -1 : 1;
	return low < g->lo ? -1 : low > g->hi;
}

/* A binary search: segs6 are sorted and disjoint (ranges in order, each cut in order). */
const struct xm_path_seg6 *xm_paths_find6(const struct xm_paths *p, const struct xm_addr *a)
{
	uint32_t net[3] = { ntohl(a->w[0]), ntohl(a->w[1]), ntohl(a->w[2]) };
	uint32_t low = ntohl(a->w[3]);
	size_t lo = 0, hi = p->nsegs6;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = seg6_cmp(net, low, &p->segs6[mid]);

		if (!c)
			return &p->segs6[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool xm_paths_onlink6(const struct xm_paths *p, const struct xm_addr *a)
{
	const struct xm_path_seg6 *g = xm_paths_find6(p, a);

	return g && g->kind == XM_PATH_ONLINK;
}

int xm_paths_onlink_by_kernel6(struct xm_paths *p)
{
	struct xm_path_seg6 *old = p->segs6;
	size_t n = p->nsegs6, i, need = 0;
	int rc = 0;
	uint64_t a;

	for (i = 0; i < n; i++)
		if (old[i].kind == XM_PATH_ONLINK)
			need += (size_t)(old[i].hi - old[i].lo) + 1;
	if (!need)
		return 0;
	if (need > XM_MAX_GATEWAYS - p->ngw6)
		return -1;
	p->segs6 = NULL;
	p->nsegs6 = p->cap6 = 0;
	for (i = 0; i < n && !rc; i++) {
		struct xm_path_seg6 g = old[i];

		if (g.kind != XM_PATH_ONLINK) {
			rc = seg6_push(p, &g);
			continue;
		}
		for (a = old[i].lo; a <= old[i].hi && !rc; a++) {
			struct in6_addr host = addr_of(g.net, (uint32_t)a);

			g.lo = g.hi = (uint32_t)a;
			g.kind = XM_PATH_GATEWAY;
			g.gw = (uint8_t)gateway6_index(p, &host);
			rc = seg6_push(p, &g);
		}
	}
	free(old);
	return rc;
}

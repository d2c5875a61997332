// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The IPv6 parts of the XDP scan engine: next hops, Neighbor Discovery's answers, local hosts. */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "clock.h"
#include "log.h"
#include "scan6.h"

int xm_scan6_resolve_gateways(struct xm_paths *p, struct xm_route *route,
			      const uint8_t *router_mac)
{
	double deadline = xm_now_mono() + 3;
	size_t i;

	for (i = 0; i < p->ngw6; i++) {
		struct xm_gateway6 *g = &p->gw6[i];
		int left = (int)fmax(0, (deadline - xm_now_mono()) * 1000);
		char err[512];

		if (router_mac) {
			memcpy(g->mac, router_mac, 6);
		} else if (xm_neigh_resolve6(p->ifindex, p->ifname, &g->addr, g->mac, left, err,
					     sizeof(err))) {
			pr_warn("%s: the targets behind it are down\n", err);
			continue;
		}
		g->resolved = true;
		if (!route->nexthop) {
			route->nexthop = 1; /* a next hop is known: its MAC frames the templates */
			memcpy(route->dst_mac, g->mac, 6);
		}
	}
	return 0;
}

const uint8_t *xm_scan6_mac(const struct xm_paths *p, struct xm_results *hosts,
			    const struct xm_addr *a)
{
	static const uint8_t zero[6];
	const struct xm_path_seg6 *g = xm_paths_find6(p, a);
	const struct xm_finding *h;

	if (!g || g->kind == XM_PATH_CONNECT)
		return NULL;
	if (g->kind == XM_PATH_GATEWAY)
		return p->gw6[g->gw].resolved ? p->gw6[g->gw].mac : NULL;
	h = xm_results_find(hosts, &(struct xm_finding){ .addr = *a,
							 .family = XM_FAMILY_IPV6 });
	return h && memcmp(h->mac, zero, 6) ? h->mac : NULL;
}

int xm_scan6_open_nd_asks(int fd, struct xm_nd_key *asks, uint32_t *n, char *err,
			  size_t errlen)
{
	static const struct xm_arp_val none[XM_ND_ASKS_MAX];
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = BPF_ANY);
	__u32 count = *n;

	if (count > XM_ND_ASKS_MAX)
		count = XM_ND_ASKS_MAX;
	if (bpf_map_update_batch(fd, asks, none, &count, &opts)) {
		snprintf(err, errlen, "bpf_map_update_batch(nd_asked) failed: %s",
			 strerror(errno));
		return -1;
	}
	*n = 0;
	return 0;
}

int xm_scan6_local_hosts(const struct xm_paths *p, struct xm_results *hosts, uint64_t *added,
			 uint64_t max)
{
	size_t i;
	uint64_t a;

	for (i = 0; i < p->nsegs6; i++) {
		const struct xm_path_seg6 *g = &p->segs6[i];

		if (g->kind != XM_PATH_CONNECT || g->why != XM_SLOW_LOCAL)
			continue;
		for (a = g->lo; a <= g->hi && *added < max; a++, (*added)++) {
			struct xm_finding h = { .family = XM_FAMILY_IPV6, .state = XM_STATE_UP,
						.reason = XM_REASON_LOCALHOST,
						.when = xm_now_wall() };

			h.addr.w[0] = htonl(g->net[0]);
			h.addr.w[1] = htonl(g->net[1]);
			h.addr.w[2] = htonl(g->net[2]);
			h.addr.w[3] = htonl((uint32_t)a);
			if (xm_results_add(hosts, &h) < 0)
				return -1;
		}
	}
	return 0;
}

const char *xm_scan_source_str(bool v6, uint32_t src4, const struct in6_addr *src6, char *buf,
			       size_t len)
{
	struct in_addr a4 = { htonl(src4) };

	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, v6 ? (const void *)src6 : (const void *)&a4, buf,
		       (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

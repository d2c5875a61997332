// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The MAC of a target that is its own next hop: what nmap prints for on-link hosts. */
#include <string.h>
#include "addr.h"
#include "paths.h"

static const uint8_t *own_mac6(const struct xm_paths *p, const struct xm_addr *a)
{
	const struct xm_path_seg6 *seg = xm_paths_find6(p, a);
	const struct xm_gateway6 *g;

	if (!seg || seg->kind != XM_PATH_GATEWAY)
		return NULL;
	g = &p->gw6[seg->gw];
	return g->resolved && !memcmp(&g->addr, a->b, 16) ? g->mac : NULL;
}

static const uint8_t *own_mac4(const struct xm_paths *p, uint32_t host)
{
	const struct xm_path_seg *seg = xm_paths_find(p, host);
	const struct xm_gateway *g;

	if (!seg || seg->kind != XM_PATH_GATEWAY)
		return NULL;
	g = &p->gw[seg->gw];
	return g->resolved && g->addr == host ? g->mac : NULL;
}

const uint8_t *xm_paths_own_mac(const struct xm_paths *p, const struct xm_addr *a,
				uint8_t family)
{
	return family == XM_FAMILY_IPV6 ? own_mac6(p, a) : own_mac4(p, xm_addr4_host(a));
}

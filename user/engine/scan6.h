/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The IPv6 parts of the XDP scan engine: next hops, Neighbor Discovery's answers, local hosts. */
#ifndef XDPMAP_SCAN6_H
#define XDPMAP_SCAN6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include "common_kern_user.h"
#include "netlink.h"
#include "paths.h"
#include "results.h"

/* Most Neighbor Solicitation questions opened in one call (a send batch's worth). */
#define XM_ND_ASKS_MAX 256

/*
 * The MAC of every IPv6 gateway of p: 'router_mac' (--router-mac) when not
 * NULL, else the neighbour table's, the kernel asked to resolve those
 * missing (3 s in all); the first one resolved becomes route->nexthop's MAC
 * (route->dst_mac), the probe templates' destination. A gateway left
 * unresolved is named in a warning: the targets behind it are down. Returns 0.
 */
int xm_scan6_resolve_gateways(struct xm_paths *p, struct xm_route *route,
			      const uint8_t *router_mac);

/*
 * The MAC to frame a probe to IPv6 target a for: an on-link host's own, from
 * its Neighbor Advertisement (its host record in 'hosts'), else its gateway's.
 * NULL when neither is known: the host is down.
 */
const uint8_t *xm_scan6_mac(const struct xm_paths *p, struct xm_results *hosts,
			    const struct xm_addr *a);

/*
 * Put the *n questions asks[] of the Neighbor Solicitations just generated
 * into the nd_asked map (fd) in one call, before any is sent; *n becomes 0.
 * Returns 0, or -1 with the failing call in err.
 */
int xm_scan6_open_nd_asks(int fd, struct xm_nd_key *asks, uint32_t *n, char *err,
			  size_t errlen);

/*
 * -sn: the IPv6 targets that are our own addresses or ::1 are up without a
 * probe (localhost-response), added to 'hosts' while *added < max (counted).
 * Returns 0, or -1 when out of memory.
 */
int xm_scan6_local_hosts(const struct xm_paths *p, struct xm_results *hosts, uint64_t *added,
			 uint64_t max);

/* The scan's source address as text: src6 when v6, else src4 (host order). Returns buf. */
const char *xm_scan_source_str(bool v6, uint32_t src4, const struct in6_addr *src6, char *buf,
			       size_t len);

#endif /* XDPMAP_SCAN6_H */

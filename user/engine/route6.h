/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The kernel's IPv6 routing tables (rtnetlink dump) and the route and source address of a target. */
#ifndef XDPMAP_ROUTE6_H
#define XDPMAP_ROUTE6_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One IPv6 route of the kernel's tables. */
struct xm_route6_entry {
	struct in6_addr dst;	 /* prefix, host bits cleared */
	struct in6_addr gateway; /* with has_gw */
	struct in6_addr prefsrc; /* with has_src */
	uint8_t plen;		 /* prefix length, 0-128 */
	uint8_t type;		 /* RTN_UNICAST, RTN_LOCAL, RTN_UNREACHABLE, ... */
	bool has_gw;
	bool has_src;
	uint32_t table;		 /* RT_TABLE_LOCAL, RT_TABLE_MAIN, ... */
	uint32_t priority;	 /* metric: lower wins among equal prefixes */
	int oif;		 /* output interface, 0 when the route has none */
};

/* A snapshot of every IPv6 route of every table, as `ip -6 route show table all`. */
struct xm_route6_table {
	struct xm_route6_entry *v;
	size_t n, cap;
};

/*
 * Dump the IPv6 routes of all tables (RTM_GETROUTE AF_INET6, NLM_F_DUMP)
 * into t. Returns 0, or -1 with a line naming the failing call in err.
 */
int xm_route6_table_load(struct xm_route6_table *t, char *err, size_t errlen);

/*
 * The route the kernel takes to 'dst' under the default rules: the local
 * table first (own addresses, ::1), then main, then default; longest prefix,
 * lowest metric among equals. NULL when none matches.
 */
const struct xm_route6_entry *xm_route6_table_match(const struct xm_route6_table *t,
						    const struct in6_addr *dst);

void xm_route6_table_free(struct xm_route6_table *t);

/*
 * The source address the kernel would pick for 'dst' (a UDP socket
 * connected to it, nothing sent). Returns 0, or -1 with errno set.
 */
int xm_route6_source(const struct in6_addr *dst, struct in6_addr *src);

#endif /* XDPMAP_ROUTE6_H */

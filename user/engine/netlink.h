/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Egress interface, source address, next hop and its MAC from the kernel (rtnetlink). */
#ifndef XDPMAP_NETLINK_H
#define XDPMAP_NETLINK_H

#include <libmnl/libmnl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct xm_results;

/* Where probes to a target leave and whom they are framed for. Addresses in host order. */
struct xm_route {
	int ifindex;
	char ifname[IF_NAMESIZE];
	uint32_t src;
	uint32_t nexthop; /* the gateway, or the target itself when on-link */
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
};

/*
 * Ask the kernel's routing table how 'dst' is reached, optionally through
 * interface 'ifname' only. Fills ifindex, ifname, src and nexthop.
 * Returns 0, or -1 with a one-line reason in 'err'.
 */
int xm_route_lookup(uint32_t dst, const char *ifname, struct xm_route *rt,
		    char *err, size_t errlen);

/* One IPv4 route of the kernel's tables (addresses in host order). */
struct xm_route_entry {
	uint32_t dst;	   /* prefix, host order */
	uint8_t plen;	   /* prefix length */
	uint8_t type;	   /* RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_UNREACHABLE, ... */
	uint8_t has_gw;
	uint32_t table;	   /* RT_TABLE_LOCAL, RT_TABLE_MAIN, ... */
	uint32_t priority; /* metric: lower wins among equal prefixes */
	int oif;	   /* output interface, 0 when the route has none */
	uint32_t gateway;  /* with has_gw */
	uint32_t prefsrc;  /* 0 = none */
};

/* A snapshot of every IPv4 route of every table, as `ip -4 route show table all`. */
struct xm_route_table {
	struct xm_route_entry *v;
	size_t n, cap;
};

/*
 * Dump the IPv4 routes of all tables (RTM_GETROUTE, NLM_F_DUMP) into t.
 * Returns 0, or -1 with a line naming the failing call in err.
 */
int xm_route_table_load(struct xm_route_table *t, char *err, size_t errlen);

/*
 * The route the kernel takes to 'dst' (host order) under the default rules:
 * the local table first (own and loopback addresses), then main, then default,
 * longest prefix first, lowest metric among equals. Policy rules beyond those
 * three are not consulted. NULL when no route matches.
 */
const struct xm_route_entry *xm_route_table_match(const struct xm_route_table *t, uint32_t dst);

void xm_route_table_free(struct xm_route_table *t);

/* Whether an interface carries Ethernet frames (ARPHRD_ETHER), the XDP path's requirement. */
int xm_iface_is_ethernet(int ifindex);

/* The first IPv4 address of an interface (host order). */
int xm_iface_ipv4(int ifindex, uint32_t *addr, char *err, size_t errlen);

/* The hardware address of an interface. */
int xm_iface_mac(const char *ifname, uint8_t mac[6], char *err, size_t errlen);

/* Ask the kernel to resolve 'addr' on 'ifindex' (RTM_NEWNEIGH with NTF_USE); no wait. */
void xm_neigh_ask(int ifindex, uint32_t addr);

/*
 * The MAC of 'addr' on 'ifindex' from the neighbour table; when it is missing
 * ask the kernel to resolve it and wait up to timeout_ms.
 */
int xm_neigh_resolve(int ifindex, const char *ifname, uint32_t addr,
		     uint8_t mac[6], int timeout_ms, char *err, size_t errlen);

/*
 * The kernel's IPv6 neighbours that have a MAC (reachable, stale, ...): one
 * host record each (family, addr, mac) added to 'out', for the MAC lines of
 * on-link IPv6 hosts that connect() reached. Returns 0, or -1 (netlink or
 * out of memory; 'out' may hold some).
 */
int xm_neigh6_macs(struct xm_results *out);

/*
 * xm_neigh_resolve() for an IPv6 next hop: the neighbour table (AF_INET6),
 * the kernel asked to resolve it (Neighbor Discovery) when it is missing.
 */
int xm_neigh_resolve6(int ifindex, const char *ifname, const struct in6_addr *addr,
		      uint8_t mac[6], int timeout_ms, char *err, size_t errlen);

/*
 * Send one rtnetlink request (NETLINK_ROUTE) and run 'cb' over every answer
 * (all parts of an NLM_F_DUMP, else the one answer). Returns 0 or -errno.
 */
int xm_nl_talk(struct nlmsghdr *req, mnl_cb_t cb, void *data);

#endif /* XDPMAP_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Per-target paths from the routing table: on-link or via a gateway on the XDP interface, or connect(). */
#ifndef XDPMAP_PATHS_H
#define XDPMAP_PATHS_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "targets.h"

/* How probes reach a target. */
enum xm_path_kind {
	XM_PATH_ONLINK = 0, /* on the XDP interface's link: framed for the target's own MAC (ARP) */
	XM_PATH_GATEWAY,    /* routed through a gateway on the XDP interface */
	XM_PATH_CONNECT,    /* no Ethernet path from here: loopback, own address, other link */
};

/* Why a target takes the connect path, for the notice. */
enum xm_slow_reason {
	XM_SLOW_LOCAL = 0, /* loopback or one of our own addresses */
	XM_SLOW_NOT_ETHERNET,
	XM_SLOW_OTHER_IFACE,
	XM_SLOW_NO_ROUTE,
	XM_SLOW_IPV6,	   /* IPv6, routed, but more gateways than the table holds */
	XM_SLOW_MAX,
};

#define XM_MAX_GATEWAYS 64

/* A run of consecutive target addresses that share one path. */
struct xm_path_seg {
	uint32_t lo, hi; /* inclusive, host order */
	uint8_t kind;	 /* enum xm_path_kind */
	uint8_t gw;	 /* XM_PATH_GATEWAY: index in xm_paths.gw */
	uint8_t why;	 /* XM_PATH_CONNECT: enum xm_slow_reason */
};

/* A run of IPv6 targets (one /96: net, low 32 bits lo-hi) that share one route. */
struct xm_path_seg6 {
	uint32_t net[3];	/* the upper 96 bits, host-order words (as struct xm_range) */
	uint32_t lo, hi;	/* inclusive */
	uint8_t kind;		/* enum xm_path_kind */
	uint8_t gw;		/* XM_PATH_GATEWAY: index in xm_paths.gw6 */
	uint8_t why;		/* XM_PATH_CONNECT: enum xm_slow_reason */
	int oif;		/* the route's interface, 0 when none */
	bool has_src;
	struct in6_addr src;	/* the source address the kernel picks for lo */
};

struct xm_gateway {
	uint32_t addr; /* host order */
	uint8_t mac[6];
	bool resolved; /* mac is valid */
};

/* An IPv6 gateway on the XDP interface and its MAC (neighbour table). */
struct xm_gateway6 {
	struct in6_addr addr;
	uint8_t mac[6];
	bool resolved; /* mac is valid */
};

struct xm_paths {
	struct xm_path_seg *segs; /* sorted by address, disjoint */
	size_t nsegs, cap;
	struct xm_gateway gw[XM_MAX_GATEWAYS];
	size_t ngw;
	int ifindex; /* the XDP interface, 0 when no target takes it */
	char ifname[IF_NAMESIZE];
	uint32_t src; /* source address on it, host order */
	struct xm_targets fast;	 /* targets of the XDP path (count 0: none) */
	struct xm_targets slow;	 /* targets of the connect path (count 0: none) */
	uint64_t nslow[XM_SLOW_MAX];
	struct xm_path_seg6 *segs6; /* IPv6 targets: sorted, disjoint */
	size_t nsegs6, cap6;
	struct xm_gateway6 gw6[XM_MAX_GATEWAYS];
	size_t ngw6;
	struct in6_addr src6; /* IPv6: the source on the XDP interface (the kernel's choice) */
};

/*
 * Decide every target's path from the kernel's routing tables. The XDP
 * interface is 'iface' (-e) when given, else the first target's Ethernet
 * egress interface; targets routed elsewhere, local ones and those with no
 * route take the connect path. 'src' (-S, host order, 0 = none) overrides the
 * source address. Returns 0, or -1 with one line in err.
 */
int xm_paths_plan(struct xm_paths *p, const struct xm_targets *targets, const char *iface,
		  uint32_t src, char *err, size_t errlen);

/*
 * IPv6 targets (targets->family): the IPv6 routing table gives each run of
 * targets its route and the source address the kernel picks (segs6). Runs
 * routed through the XDP interface ('iface', -e, when given, else the first
 * Ethernet interface a route names) take the XDP path (fast): on-link ones
 * get Neighbor Discovery, the others their gateway (gw6); local ones (own
 * addresses, ::1), those with no route and those routed elsewhere take the
 * connect path (slow). src6 is the XDP interface's source. Returns 0, or -1
 * with one line in err.
 */
int xm_paths_plan6(struct xm_paths *p, const struct xm_targets *targets, const char *iface,
		   char *err, size_t errlen);

/* Whether a (an IPv6 target) is on the XDP interface's link (gets Neighbor Discovery). */
bool xm_paths_onlink6(const struct xm_paths *p, const struct xm_addr *a);

/* The IPv6 segment holding a (an IPv6 target), NULL when none. */
const struct xm_path_seg6 *xm_paths_find6(const struct xm_paths *p, const struct xm_addr *a);

/* The segment holding addr (a target), NULL when none. */
const struct xm_path_seg *xm_paths_find(const struct xm_paths *p, uint32_t addr);

/* Whether addr is on the XDP interface's link (gets ARP and its own MAC). */
bool xm_paths_onlink(const struct xm_paths *p, uint32_t addr);

/* One line for the notice: "2 targets (loopback or own address) ...". */
void xm_paths_describe_slow(const struct xm_paths *p, char *buf, size_t len);

/*
 * --disable-arp-ping: frame on-link targets for the MACs the kernel's
 * neighbour table gives, by turning each into its own gateway entry.
 * Returns 0, or -1 (nothing changed) when they are more than the free
 * gateway slots.
 */
int xm_paths_onlink_by_kernel(struct xm_paths *p);

/* xm_paths_onlink_by_kernel() of the IPv6 targets: on-link ones become gw6 entries. */
int xm_paths_onlink_by_kernel6(struct xm_paths *p);

/*
 * The MAC of target a (either family, a's own) when a is its own next hop,
 * resolved: an on-link target framed for the kernel's neighbour entry
 * (xm_paths_onlink_by_kernel*()), or a gateway scanned itself. NULL otherwise.
 */
const uint8_t *xm_paths_own_mac(const struct xm_paths *p, const struct xm_addr *a,
				uint8_t family);

void xm_paths_free(struct xm_paths *p);

#endif /* XDPMAP_PATHS_H */

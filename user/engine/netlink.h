/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Egress interface, source address, next hop and its MAC from the kernel (rtnetlink). */
#ifndef XDPMAP_NETLINK_H
#define XDPMAP_NETLINK_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

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

/* The first IPv4 address of an interface (host order). */
int xm_iface_ipv4(int ifindex, uint32_t *addr, char *err, size_t errlen);

/*
 * The connected prefix of 'ifindex' that holds 'dst' (targets there are on
 * the link: ARP reaches them). Returns 0 with net/mask (host order), or -1.
 */
int xm_iface_onlink(int ifindex, uint32_t dst, uint32_t *net, uint32_t *mask);

/* The hardware address of an interface. */
int xm_iface_mac(const char *ifname, uint8_t mac[6], char *err, size_t errlen);

/*
 * The MAC of 'addr' on 'ifindex' from the neighbour table; when it is missing
 * ask the kernel to resolve it and wait up to timeout_ms.
 */
int xm_neigh_resolve(int ifindex, const char *ifname, uint32_t addr,
		     uint8_t mac[6], int timeout_ms, char *err, size_t errlen);

#endif /* XDPMAP_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Neutral addresses and L4 protocols in userspace: text, order, socket addresses, names. */
#ifndef XDPMAP_ADDR_H
#define XDPMAP_ADDR_H

#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "common_kern_user.h"

/* Room for the text of any address xm_addr_str() writes, NUL included. */
#define XM_ADDR_STRLEN INET6_ADDRSTRLEN

/* An IPv4 address in host byte order (as targets hold them) as a neutral address. */
static inline struct xm_addr xm_addr4(uint32_t host)
{
	return xm_addr_from_ipv4(htonl(host));
}

/* The IPv4 address held by 'a' in host byte order; meaningful when xm_addr_is_ipv4(a). */
static inline uint32_t xm_addr4_host(const struct xm_addr *a)
{
	return ntohl(xm_addr_ipv4(a));
}

/*
 * The text of (family, a), as inet_ntop() writes it for that family:
 * "198.18.0.2", "2001:db8::1"; "?" for an unknown family. Always
 * NUL-terminates when len > 0; XM_ADDR_STRLEN bytes are always enough.
 */
void xm_addr_str(uint8_t family, const struct xm_addr *a, char *buf, size_t len);

/* Order of addresses: by family, then numerically. Negative, 0 or positive. */
int xm_addr_cmp(uint8_t fa, const struct xm_addr *a, uint8_t fb, const struct xm_addr *b);

/* The AF_* of a family; AF_UNSPEC for an unknown one. */
int xm_family_af(uint8_t family);

/* nmap's name of a family ("ipv4", "ipv6", as XML's addrtype); "unknown" otherwise. */
const char *xm_family_name(uint8_t family);

/*
 * The socket address of (family, a, port) in *ss. Returns its length for
 * connect()/getnameinfo(), or 0 for an unknown family.
 */
socklen_t xm_addr_sockaddr(uint8_t family, const struct xm_addr *a, uint16_t port,
			   struct sockaddr_storage *ss);

/*
 * The name of an L4 protocol as outputs and /etc/services spell it: "tcp",
 * "udp", "sctp"; "ip" for any other number (0 included).
 */
const char *xm_proto_name(uint8_t proto);

#endif /* XDPMAP_ADDR_H */

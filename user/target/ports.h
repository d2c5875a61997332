/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Port lists (nmap -p syntax) as sorted, unique arrays. */
#ifndef XDPMAP_PORTS_H
#define XDPMAP_PORTS_H

#include <stddef.h>
#include <stdint.h>

/*
 * A port list of one or two protocols. v[0 .. n - n_udp) are ports of
 * 'proto' and v[n - n_udp .. n) UDP ports, each part sorted and unique. A
 * list of one protocol has n_udp 0 (proto TCP) or n (proto IPPROTO_UDP).
 */
struct xm_ports {
	uint16_t *v;
	size_t n;
	uint8_t proto; /* the L4 protocol of the first part: IPPROTO_TCP or IPPROTO_UDP */
	size_t n_udp;  /* how many of the last entries are UDP ports */
};

/* Which protocols a -p list is for: the scan types asked for (-sS/-sT, -sU). */
enum xm_ports_want {
	XM_PORTS_TCP = 1,
	XM_PORTS_UDP = 2,
	XM_PORTS_BOTH = 3,
};

/* The L4 protocol (IPPROTO_TCP or IPPROTO_UDP) of entry j of p. */
static inline uint8_t xm_ports_proto(const struct xm_ports *p, size_t j)
{
	return j >= p->n - p->n_udp ? 17 /* IPPROTO_UDP */ : p->proto;
}

/* The built-in default set, generated from data/default-ports.txt. */
extern const uint16_t xm_default_ports[];
extern const size_t xm_default_ports_count;

/*
 * Parse "22,80,1000-2000", "-" (1-65535), "-100", "60000-", service names
 * ("http") and an optional "T:" prefix (proto IPPROTO_TCP). Port 0 only when named explicitly.
 * Returns 0, or -1 with a one-line reason in 'err'. The same as
 * xm_parse_ports_for(spec, XM_PORTS_TCP, ...).
 */
int xm_parse_ports(const char *spec, struct xm_ports *out, char *err,
		   size_t errlen);

/*
 * Parse a -p list as nmap does for the protocols in 'want': "T:" and "U:"
 * prefixes switch the protocol of the items after them ("U:53,161,T:22");
 * items before any prefix belong to every protocol wanted. Items of a
 * protocol not wanted are checked, then left out. A prefix with no item
 * ("U:", "U:,T:22") is an error. The result lists TCP ports first, then UDP
 * (struct xm_ports). Returns 0, or -1 with a one-line reason in 'err'.
 */
int xm_parse_ports_for(const char *spec, enum xm_ports_want want, struct xm_ports *out,
		       char *err, size_t errlen);

/*
 * The protocols a -p list names by prefix ("U:53,T:22" gives XM_PORTS_BOTH,
 * "22" gives 0), as enum xm_ports_want bits.
 */
int xm_ports_prefixes(const char *spec);

/* Fill 'out' with the default set (TCP). Returns -1 on allocation failure. */
int xm_ports_default(struct xm_ports *out);

/*
 * The default set for the protocols in 'want': the TCP default list for TCP
 * and the same list for UDP (nmap's top ports differ by protocol; ours are one
 * list). Returns -1 on allocation failure.
 */
int xm_ports_default_for(enum xm_ports_want want, struct xm_ports *out);

/*
 * The ports v[0..n) (sorted, distinct) for each protocol in 'want', as
 * xm_ports_default_for() lays them out (TCP first, then UDP). Returns -1 on
 * allocation failure.
 */
int xm_ports_copy_for(const uint16_t *v, size_t n, enum xm_ports_want want, struct xm_ports *out);

/* Parse "LO-HI" into an inclusive range of 1-65535 with LO <= HI. */
int xm_parse_port_range(const char *spec, uint16_t *lo, uint16_t *hi);

void xm_ports_free(struct xm_ports *p);

#endif /* XDPMAP_PORTS_H */

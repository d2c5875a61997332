/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Port lists (nmap -p syntax) as sorted, unique arrays. */
#ifndef XDPMAP_PORTS_H
#define XDPMAP_PORTS_H

#include <stddef.h>
#include <stdint.h>

struct xm_ports {
	uint16_t *v; /* sorted, unique */
	size_t n;
	uint8_t proto; /* the L4 protocol of these ports: IPPROTO_TCP ("T:" or no prefix) */
};

/* The built-in default set, generated from data/default-ports.txt. */
extern const uint16_t xm_default_ports[];
extern const size_t xm_default_ports_count;

/*
 * Parse "22,80,1000-2000", "-" (1-65535), "-100", "60000-", service names
 * ("http") and an optional "T:" prefix (proto IPPROTO_TCP). Port 0 only when named explicitly.
 * Returns 0, or -1 with a one-line reason in 'err'.
 */
int xm_parse_ports(const char *spec, struct xm_ports *out, char *err,
		   size_t errlen);

/* Fill 'out' with the default set (TCP). Returns -1 on allocation failure. */
int xm_ports_default(struct xm_ports *out);

/* Parse "LO-HI" into an inclusive range of 1-65535 with LO <= HI. */
int xm_parse_port_range(const char *spec, uint16_t *lo, uint16_t *hi);

void xm_ports_free(struct xm_ports *p);

#endif /* XDPMAP_PORTS_H */

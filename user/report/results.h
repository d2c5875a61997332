/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The set of replies found so far, keyed by (address, port); grows with replies, not targets. */
#ifndef XDPMAP_RESULTS_H
#define XDPMAP_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xm_service;

/* One port's finding; addr in host order. */
struct xm_finding {
	uint32_t addr;
	uint16_t port;
	uint8_t state;	/* enum xm_state */
	uint8_t reason; /* enum xm_reason */
	uint8_t ttl;
	uint16_t window;
	uint32_t rtt_us; /* host records: round trip of the first reply; 0 = unknown */
	uint8_t mac[6];	 /* host records from ARP: the host's MAC; zero = unknown */
	double when;	/* wall-clock seconds since the epoch */
	/* -sV's record (service.h), NULL when not probed; owned by the service engine. */
	const struct xm_service *svc;
};

struct xm_results {
	struct xm_finding *slots; /* open addressing; state 0 = empty */
	size_t cap;		  /* power of two */
	size_t n;
};

/* Insert if (addr, port) is new. Returns 1 if inserted, 0 if known, -1 on ENOMEM. */
int xm_results_add(struct xm_results *r, const struct xm_finding *f);

/* The stored finding of (addr, port), NULL if none (valid until the next add). */
struct xm_finding *xm_results_find(struct xm_results *r, uint32_t addr, uint16_t port);

/* Whether (addr, port) has any finding. */
bool xm_results_has(const struct xm_results *r, uint32_t addr, uint16_t port);

/* All findings sorted by address then port, in a new array of r->n entries. */
struct xm_finding *xm_results_sorted(const struct xm_results *r);

void xm_results_free(struct xm_results *r);

#endif /* XDPMAP_RESULTS_H */

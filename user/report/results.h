/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The set of replies found so far, keyed by (family, address, protocol, port). */
#ifndef XDPMAP_RESULTS_H
#define XDPMAP_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common_kern_user.h"

struct xm_service;

/*
 * One finding: a port's state, or (discovery) a host that is up. What it is
 * about is (family, addr, proto, port), as in the XDP record; host records
 * have proto 0 and port 0.
 */
struct xm_finding {
	struct xm_addr addr;
	uint8_t family; /* enum xm_family */
	uint8_t proto;	/* IPPROTO_TCP, ...; 0 for a host */
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

/* Whether a and b are about the same (family, addr, proto, port). */
bool xm_finding_same(const struct xm_finding *a, const struct xm_finding *b);

/* Insert f if its (family, addr, proto, port) is new: 1 if inserted, 0 if known, -1 on ENOMEM. */
int xm_results_add(struct xm_results *r, const struct xm_finding *f);

/*
 * The stored finding about key's (family, addr, proto, port), the other
 * fields of key being ignored; NULL if none (valid until the next add).
 */
struct xm_finding *xm_results_find(struct xm_results *r, const struct xm_finding *key);

/* Whether key's (family, addr, proto, port) has a finding. */
bool xm_results_has(const struct xm_results *r, const struct xm_finding *key);

/* All findings sorted by family, address, protocol, port, in a new array of r->n entries. */
struct xm_finding *xm_results_sorted(const struct xm_results *r);

void xm_results_free(struct xm_results *r);

#endif /* XDPMAP_RESULTS_H */

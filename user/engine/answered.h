/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Which (host, port) pairs of the port scan answered: one bit per index, as zmap's dedup bitmap. */
#ifndef XDPMAP_ANSWERED_H
#define XDPMAP_ANSWERED_H

#include <stdbool.h>
#include <stdint.h>
#include "answered_pages.h"
#include "common_kern_user.h"
#include "ports.h"
#include "targets.h"

/*
 * Index spaces up to this many pairs get a flat bitmap (512 MiB at most);
 * larger ones a paged set (struct xm_pages): the 256-pair pages replies
 * touched, so that memory follows the replies, not the index space.
 */
#define XM_ANSWERED_MAX_PAIRS (1ULL << 32)

/* Scans of more targets than this get no set at all: findings are then kept instead. */
#define XM_ANSWERED_MAX_HOSTS (1ULL << 32)

/*
 * Pair index = host index * ports->n + port index, the walk's numbering
 * before the permutation. The flat bitmap is calloc()ed: pages no reply
 * touched stay unallocated.
 */
struct xm_answered {
	const struct xm_targets *targets;
	const struct xm_ports *ports;
	uint64_t *bits;		/* the flat bitmap, NULL when paged or none */
	struct xm_pages *paged; /* the paged set, NULL when flat or none */
	uint64_t npairs;
	uint64_t n;	 /* pairs marked */
	uint64_t state[XM_STATE_FILTERED + 1]; /* pairs marked, by their first reply's state */
};

/* Whether the set is kept, flat or paged (not when its set-up failed). */
static inline bool xm_answered_on(const struct xm_answered *a)
{
	return a->bits || a->paged;
}

/*
 * Set up an empty set over targets x ports (both must outlive it): flat up
 * to XM_ANSWERED_MAX_PAIRS pairs, else paged. Returns 0, or -1 when there
 * are more than XM_ANSWERED_MAX_HOSTS targets, no port, or memory is short;
 * xm_answered_on() is then false and every call below answers -1/false.
 */
int xm_answered_init(struct xm_answered *a, const struct xm_targets *targets,
		     const struct xm_ports *ports);

/* xm_answered_init() with the paged set whatever the size (to test it on small spaces). */
int xm_answered_init_paged(struct xm_answered *a, const struct xm_targets *targets,
			   const struct xm_ports *ports);

/*
 * The pair index of an IPv4 address (host order) and a port of protocol
 * 'proto' (IPPROTO_TCP or IPPROTO_UDP: the ports list holds TCP entries, then
 * UDP ones), or -1 when not a scanned pair.
 */
int64_t xm_answered_pair(const struct xm_answered *a, uint32_t addr, uint8_t proto,
			 uint16_t port);

/* xm_answered_pair() of an address of either family (an IPv6 scan's). */
int64_t xm_answered_pair6(const struct xm_answered *a, const struct xm_addr *addr, uint8_t proto,
			  uint16_t port);

/* Whether pair i answered (sender threads may ask while the reply reader marks). */
bool xm_answered_test(const struct xm_answered *a, uint64_t i);

/*
 * Mark pair i answered with 'state': true if it was new, false if already
 * marked. A paged set short of memory answers true without marking (a later
 * duplicate is then reported again rather than a reply lost).
 */
bool xm_answered_mark(struct xm_answered *a, uint64_t i, uint8_t state);

/* Memory the set holds, in bytes (the flat bitmap's whole size, touched or not). */
size_t xm_answered_bytes(const struct xm_answered *a);

/* Whether the pair of host index 'host' and 'port' of 'proto' (as xm_answered_pair) answered. */
bool xm_answered_port(const struct xm_answered *a, uint64_t host, uint8_t proto, uint16_t port);

/* The first answered pair in [i, end), or end when none (not while another thread marks). */
uint64_t xm_answered_next(const struct xm_answered *a, uint64_t i, uint64_t end);

/* Whether any port of host index 'host' answered. */
bool xm_answered_host(const struct xm_answered *a, uint64_t host);

/* The first host index >= 'host' with an answered pair, or targets->count when none. */
uint64_t xm_answered_next_host(const struct xm_answered *a, uint64_t host);

void xm_answered_free(struct xm_answered *a);

#endif /* XDPMAP_ANSWERED_H */

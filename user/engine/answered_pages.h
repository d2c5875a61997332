/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A set of pair indices kept as the 256-bit pages replies touched: for index spaces over 2^32. */
#ifndef XDPMAP_ANSWERED_PAGES_H
#define XDPMAP_ANSWERED_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Pairs per page. */
#define XM_PAGE_BITS 256

struct xm_page_chunk;
struct xm_page_table;

/*
 * Pages are found through an open-addressing table of page numbers. One
 * thread adds; others may test at the same time: pages never move, and a
 * table outgrown is kept (not freed) until xm_pages_free, so a reader holding
 * it still finds every page it had (a bit set meanwhile may read as unset).
 * Memory: 32 bytes per page touched, plus 32 to 128 bytes of tables per page.
 */
struct xm_pages {
	struct xm_page_table *table; /* the current table (replaced when half full) */
	struct xm_page_chunk *chunks; /* pages, allocated 4096 at a time */
	size_t npages;
	uint64_t *sorted; /* page numbers in order, for xm_pages_next; rebuilt when stale */
	size_t nsorted;
	size_t bytes; /* memory held */
};

/* An empty set. Returns 0, or -1 when out of memory. */
int xm_pages_init(struct xm_pages *p);

/* Whether index i is in the set (safe while another thread adds). */
bool xm_pages_test(const struct xm_pages *p, uint64_t i);

/* Add index i: 1 if new, 0 if it was there, -1 when out of memory (not added). */
int xm_pages_add(struct xm_pages *p, uint64_t i);

/* Whether any index in [lo, hi) is in the set. */
bool xm_pages_any(const struct xm_pages *p, uint64_t lo, uint64_t hi);

/* The first index >= i in the set, or UINT64_MAX when none (not while another thread adds). */
uint64_t xm_pages_next(struct xm_pages *p, uint64_t i);

void xm_pages_free(struct xm_pages *p);

#endif /* XDPMAP_ANSWERED_PAGES_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Where IPv6 probes' 16-byte destinations live between their generation and their send. */
#ifndef XDPMAP_ADDR6_RING_H
#define XDPMAP_ADDR6_RING_H

#include <stdint.h>
#include "common_kern_user.h"

/*
 * Slots handed out in turn: a slot is reused XM_ADDR6_RING probes later, more
 * than the send loop ever holds unsent (XM_TX_BATCH + XM_PING_MAX_PROBES), so
 * each pending probe's daddr6 stays valid until its frame is written.
 */
#define XM_ADDR6_RING 1024

struct xm_addr6_ring {
	struct xm_addr a[XM_ADDR6_RING];
	uint32_t next;
};

/*
 * The next slot, written in place (no 16-byte copy through the stack); it is
 * handed out again only after xm_addr6_ring_take(), so a caller that drops
 * its probe just leaves it.
 */
static inline struct xm_addr *xm_addr6_ring_slot(struct xm_addr6_ring *r)
{
	return &r->a[r->next % XM_ADDR6_RING];
}

/* Keeps xm_addr6_ring_slot()'s slot: valid for the next XM_ADDR6_RING - 1 takes. */
static inline const uint8_t *xm_addr6_ring_take(struct xm_addr6_ring *r)
{
	return r->a[r->next++ % XM_ADDR6_RING].b;
}

#endif /* XDPMAP_ADDR6_RING_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Where IPv6 probes' 16-byte destinations live between their generation and their send. */
#ifndef XDPMAP_ADDR6_RING_H
#define XDPMAP_ADDR6_RING_H

#include <stdint.h>
#include <string.h>
#include "common_kern_user.h"

/*
 * Slots handed out in turn: a slot is reused XM_ADDR6_RING probes later, more
 * than the send loop ever holds unsent (XM_TX_BATCH + XM_PING_MAX_PROBES), so
 * each pending probe's daddr6 stays valid until its frame is written.
 */
#define XM_ADDR6_RING 1024

struct xm_addr6_ring {
	uint8_t a[XM_ADDR6_RING][16];
	uint32_t next;
};

/* A copy of a's 16 bytes that stays valid for the next XM_ADDR6_RING - 1 calls. */
static inline const uint8_t *xm_addr6_ring_put(struct xm_addr6_ring *r, const struct xm_addr *a)
{
	uint8_t *slot = r->a[r->next++ % XM_ADDR6_RING];

	memcpy(slot, a->b, 16);
	return slot;
}

#endif /* XDPMAP_ADDR6_RING_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Batched AF_XDP transmit of frames the probe modules write, with completion recycling. */
#ifndef XDPMAP_TX_H
#define XDPMAP_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xdp/xsk.h>
#include "probe.h"

#define XM_TX_FRAMES 4096
#define XM_TX_FRAME_SIZE 2048
#define XM_TX_RING 2048
#define XM_TX_BATCH 64

struct xm_tx {
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fq;
	struct xsk_ring_cons cq;
	struct xsk_ring_prod tx;
	void *area;
	uint64_t free_addrs[XM_TX_FRAMES]; /* frames we own */
	uint32_t nfree;
	bool zerocopy;
	const struct xm_probe_set *probes; /* the modules and their templates */
	uint8_t held[XM_TX_FRAMES]; /* per frame: the module whose template it holds */
	uint64_t sent;	/* descriptors submitted */
	uint64_t kicks; /* sendto() wakeups */
};

/*
 * Create the UMEM and an AF_XDP socket on ifname/queue, TX only, without
 * loading libxdp's program. Tries zero-copy first and falls back to copy mode
 * with a notice. Frames are written through 'probes' (xm_probe_frame()),
 * which must stay unchanged until xm_tx_close().
 */
int xm_tx_open(struct xm_tx *tx, const char *ifname, uint32_t queue,
	       const struct xm_probe_set *probes, char *err, size_t errlen);

/*
 * Queue up to n probes; returns how many were queued (fewer when the ring or
 * the free frames run out), or -1 with errno when the kernel refused the kick.
 */
int xm_tx_send(struct xm_tx *tx, const struct xm_probe *probes, uint32_t n);

/* Wait until every submitted frame has completed, at most timeout_ms. */
void xm_tx_drain(struct xm_tx *tx, int timeout_ms);

void xm_tx_close(struct xm_tx *tx);

#endif /* XDPMAP_TX_H */

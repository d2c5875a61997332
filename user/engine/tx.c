// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* AF_XDP transmit path: UMEM of pre-filled frames, batched TX ring, completion recycling. */
#include <errno.h>
#include <linux/if_xdp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "log.h"
#include "packet_trace.h"
#include "tx.h"

static int create_umem(struct xm_tx *tx, char *err, size_t errlen)
{
	struct xsk_umem_config cfg = {
		.fill_size = XSK_RING_PROD__DEFAULT_NUM_DESCS,
		.comp_size = XM_TX_RING,
		.frame_size = XM_TX_FRAME_SIZE,
	};
	int rc;

	rc = xsk_umem__create(&tx->umem, tx->area,
			      (uint64_t)XM_TX_FRAMES * XM_TX_FRAME_SIZE, &tx->fq,
			      &tx->cq, &cfg);
	if (rc) {
		snprintf(err, errlen, "xsk_umem__create failed: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

static int create_socket(struct xm_tx *tx, const char *ifname, uint32_t queue,
			 uint16_t bind_flags)
{
	struct xsk_socket_config cfg = {
		.rx_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
		.tx_size = XM_TX_RING,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = bind_flags | XDP_USE_NEED_WAKEUP,
	};

	return xsk_socket__create(&tx->xsk, ifname, queue, tx->umem, NULL,
				  &tx->tx, &cfg);
}

/* Zero-copy first; on failure rebuild the UMEM and bind in copy mode. */
static int open_socket(struct xm_tx *tx, const char *ifname, uint32_t queue,
		       char *err, size_t errlen)
{
	int rc;

	if (create_umem(tx, err, errlen))
		return -1;
	rc = create_socket(tx, ifname, queue, XDP_ZEROCOPY);
	if (!rc) {
		tx->zerocopy = true;
		return 0;
	}
	xsk_umem__delete(tx->umem);
	tx->umem = NULL;
	if (create_umem(tx, err, errlen))
		return -1;
	rc = create_socket(tx, ifname, queue, XDP_COPY);
	if (rc) {
		snprintf(err, errlen, "xsk_socket__create on interface %s queue %u failed: %s",
			 ifname, queue, strerror(-rc));
		return -1;
	}
	pr_info("AF_XDP zero-copy not available on %s; using copy mode\n", ifname);
	return 0;
}

/* Every frame is ours and holds no template yet: its first probe's module writes one. */
static void fill_frames(struct xm_tx *tx)
{
	uint32_t i;

	for (i = 0; i < XM_TX_FRAMES; i++)
		tx->free_addrs[i] = (uint64_t)i * XM_TX_FRAME_SIZE;
	memset(tx->held, XM_PROBE_NONE, sizeof(tx->held));
	tx->nfree = XM_TX_FRAMES;
}

int xm_tx_open(struct xm_tx *tx, const char *ifname, uint32_t queue,
	       const struct xm_probe_set *probes, char *err, size_t errlen)
{
	size_t len = (size_t)XM_TX_FRAMES * XM_TX_FRAME_SIZE;
	memset(tx, 0, sizeof(*tx));
	tx->probes = probes;
	tx->area = mmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (tx->area == MAP_FAILED) {
		tx->area = NULL;
		snprintf(err, errlen, "mmap of %zu byte UMEM failed: %s", len,
			 strerror(errno));
		return -1;
	}
	fill_frames(tx);
	if (open_socket(tx, ifname, queue, err, errlen)) {
		xm_tx_close(tx);
		return -1;
	}
	return 0;
}

/* Take completed frames back into the free list. */
static void reclaim(struct xm_tx *tx)
{
	uint32_t idx, n, i;

	n = xsk_ring_cons__peek(&tx->cq, XM_TX_RING, &idx);
	for (i = 0; i < n; i++)
		tx->free_addrs[tx->nfree++] = *xsk_ring_cons__comp_addr(&tx->cq, idx + i);
	if (n)
		xsk_ring_cons__release(&tx->cq, n);
}

/* Wake the kernel when it asks for it; transient refusals are not errors. */
static int kick(struct xm_tx *tx)
{
	if (!xsk_ring_prod__needs_wakeup(&tx->tx))
		return 0;
	tx->kicks++;
	if (sendto(xsk_socket__fd(tx->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0)
		return 0;
	if (errno == EAGAIN || errno == EBUSY || errno == ENOBUFS || errno == EINTR)
		return 0;
	return -1;
}

int xm_tx_send(struct xm_tx *tx, const struct xm_probe *probes, uint32_t n)
{
	uint32_t idx, i;

	reclaim(tx);
	if (n > tx->nfree)
		n = tx->nfree;
	n = xsk_ring_prod__reserve(&tx->tx, n, &idx);
	for (i = 0; i < n; i++) {
		uint64_t addr = tx->free_addrs[--tx->nfree];
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&tx->tx, idx + i);
		uint8_t *frame = xsk_umem__get_data(tx->area, addr);

		d->addr = addr;
		d->len = (uint32_t)xm_probe_frame(tx->probes, frame,
						  &tx->held[addr / XM_TX_FRAME_SIZE], &probes[i]);
		xm_trace_sent(frame, d->len);
	}
	if (n) {
		xsk_ring_prod__submit(&tx->tx, n);
		tx->sent += n;
	}
	if (kick(tx))
		return -1;
	return (int)n;
}

void xm_tx_drain(struct xm_tx *tx, int timeout_ms)
{
	struct timespec pause = { 0, 100 * 1000 };
	int waited_us = 0;

	while (tx->nfree < XM_TX_FRAMES && waited_us < timeout_ms * 1000) {
		if (kick(tx))
			break;
		reclaim(tx);
		nanosleep(&pause, NULL);
		waited_us += 100;
	}
}

void xm_tx_close(struct xm_tx *tx)
{
	if (tx->xsk)
		xsk_socket__delete(tx->xsk);
	if (tx->umem)
		xsk_umem__delete(tx->umem);
	if (tx->area)
		munmap(tx->area, (size_t)XM_TX_FRAMES * XM_TX_FRAME_SIZE);
	tx->xsk = NULL;
	tx->umem = NULL;
	tx->area = NULL;
}

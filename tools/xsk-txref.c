// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The reference limit of a link: the plainest AF_XDP TX loop, one fixed frame sent N times,
 * on each of Q queues by a thread of its own. */
#include <errno.h>
#include <pthread.h>
#include <linux/if_xdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <xdp/xsk.h>

#define FRAMES 4096
#define FRAME_SIZE 2048
#define RING 2048
#define BATCH 64
#define FRAME_LEN 58

/* One queue's state, on a cache line of its own: each thread writes its own every batch. */
struct ref {
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fq, tx;
	struct xsk_ring_cons cq;
	void *area;
	uint32_t outstanding;
	uint32_t queue;
	uint64_t total, sent; /* frames to send, frames sent */
	int rc;
} __attribute__((aligned(64)));

#define MAX_QUEUES 64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int open_ref(struct ref *r, const char *ifname, uint32_t queue)
{
	struct xsk_umem_config ucfg = { .fill_size = XSK_RING_PROD__DEFAULT_NUM_DESCS,
					.comp_size = RING, .frame_size = FRAME_SIZE };
	struct xsk_socket_config scfg = { .rx_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
					  .tx_size = RING,
					  .libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
					  .bind_flags = XDP_USE_NEED_WAKEUP | XDP_COPY };
	int rc;

	r->area = mmap(NULL, (size_t)FRAMES * FRAME_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r->area == MAP_FAILED) {
		fprintf(stderr, "xsk-txref: mmap failed: %s\n", strerror(errno));
		return -1;
	}
	rc = xsk_umem__create(&r->umem, r->area, (uint64_t)FRAMES * FRAME_SIZE,
			      &r->fq, &r->cq, &ucfg);
	if (!rc)
		rc = xsk_socket__create(&r->xsk, ifname, queue, r->umem, NULL, &r->tx, &scfg);
	if (rc) {
		fprintf(stderr, "xsk-txref: AF_XDP socket on %s queue %u failed: %s\n", ifname,
			queue, strerror(-rc));
		return -1;
	}
	return 0;
}

/* A SYN from 198.18.0.1 to 198.18.255.254:9 (no one answers), Ethernet broadcast. */
static void fill_frames(struct ref *r)
{
	static const uint8_t frame[FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
		0x45, 0, 0, 44, 0, 0, 0, 0, 64, 6, 0, 0, 198, 18, 0, 1, 198, 18, 255, 254,
		0xee, 0x48, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0x04, 0, 0, 0, 0, 0,
		2, 4, 5, 0xb4,
	};
	uint32_t i;

	for (i = 0; i < FRAMES; i++)
		memcpy((uint8_t *)r->area + (size_t)i * FRAME_SIZE, frame, FRAME_LEN);
}

static void complete(struct ref *r)
{
	uint32_t idx, n = xsk_ring_cons__peek(&r->cq, RING, &idx);

	if (n) {
		xsk_ring_cons__release(&r->cq, n);
		r->outstanding -= n;
	}
}

/* Send 'total' frames; returns how many were submitted. Bounded by count and by 60 s. */
static uint64_t send_loop(struct ref *r, uint64_t total)
{
	uint64_t sent = 0, next_frame = 0;
	double deadline = now() + 60;

	while (sent < total && now() < deadline) {
		uint32_t idx, i, n = BATCH;

		complete(r);
		if (n > FRAMES - r->outstanding)
			n = FRAMES - r->outstanding;
		if (n > total - sent)
			n = (uint32_t)(total - sent);
		n = xsk_ring_prod__reserve(&r->tx, n, &idx);
		for (i = 0; i < n; i++) {
			struct xdp_desc *d = xsk_ring_prod__tx_desc(&r->tx, idx + i);

			d->addr = (next_frame++ % FRAMES) * FRAME_SIZE;
			d->len = FRAME_LEN;
		}
		xsk_ring_prod__submit(&r->tx, n);
		r->outstanding += n;
		sent += n;
		if (xsk_ring_prod__needs_wakeup(&r->tx))
			sendto(xsk_socket__fd(r->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0);
	}
	return sent;
}

/* One queue's thread: its share of the frames, then every completion (at most 65 s in all). */
static void *queue_main(void *arg)
{
	struct ref *r = arg;
	double t0 = now();

	fill_frames(r);
	r->sent = send_loop(r, r->total);
	while (r->outstanding && now() < t0 + 65) {
		sendto(xsk_socket__fd(r->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0);
		complete(r);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static struct ref r[MAX_QUEUES];
	pthread_t tid[MAX_QUEUES];
	uint64_t total, sent = 0;
	uint32_t q, nq = argc == 4 ? (uint32_t)strtoul(argv[3], NULL, 10) : 1;
	double t0, t1;

	if (argc < 3 || argc > 4 || !(total = strtoull(argv[2], NULL, 10)) || !nq ||
	    nq > MAX_QUEUES) {
		fprintf(stderr, "usage: xsk-txref IFACE COUNT [QUEUES]\n");
		return 2;
	}
	for (q = 0; q < nq; q++) {
		r[q].queue = q;
		r[q].total = total / nq + (q < total % nq);
		if (open_ref(&r[q], argv[1], q))
			return 1;
	}
	t0 = now();
	for (q = 0; q < nq; q++)
		if (pthread_create(&tid[q], NULL, queue_main, &r[q])) {
			fprintf(stderr, "xsk-txref: pthread_create failed\n");
			return 1;
		}
	for (q = 0; q < nq; q++) {
		pthread_join(tid[q], NULL);
		sent += r[q].sent;
	}
	t1 = now();
	printf("xsk-txref: %llu frames on %u queue%s in %.3f s: %.0f pps\n",
	       (unsigned long long)sent, nq, nq == 1 ? "" : "s", t1 - t0, (double)sent / (t1 - t0));
	for (q = 0; q < nq; q++) {
		xsk_socket__delete(r[q].xsk);
		xsk_umem__delete(r[q].umem);
	}
	return 0;
}

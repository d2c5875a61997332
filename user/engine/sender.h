/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Sender threads of the XDP path: how many (one per TX queue), and running them. */
#ifndef XDPMAP_SENDER_H
#define XDPMAP_SENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The queues an AF_XDP socket can bind on 'ifname': the smaller of its RX
 * and TX queue counts (/sys/class/net/IF/queues), 0 when unknown.
 */
uint32_t xm_iface_queues(const char *ifname);

/*
 * The interface's channels as the driver reports them (ETHTOOL_GCHANNELS:
 * combined, else the smaller of RX and TX), else xm_iface_queues(); 0 when
 * neither is known.
 */
uint32_t xm_iface_channels(const char *ifname);

/*
 * How many sender threads a scan on 'ifname' runs: 'asked' (--sender-threads,
 * 0 = not given), else the interface's channels, at most the online CPUs and
 * XM_SENDERS_MAX, at least 1. Returns the count, or 0 with a one-line reason
 * in 'err' when 'asked' is more than the interface's queues (bad input).
 */
uint32_t xm_senders_count(uint32_t asked, const char *ifname, char *err, size_t errlen);

/*
 * Run send(ctx, t) for t = 0 .. n-1, each on a thread of its own, while the
 * calling thread runs consume(consume_ctx) over and over until every sender
 * has returned. A sender or consume() that fails (non-zero) sets *halt, which
 * the senders are to check and stop at. Returns 0, or -1 when a thread could
 * not be created (err says why: *halt is set and the others joined), a sender
 * or consume() failed.
 */
int xm_senders_run(uint32_t n, int (*send)(void *ctx, uint32_t t), void *ctx,
		   int (*consume)(void *consume_ctx), void *consume_ctx, bool *halt,
		   char *err, size_t errlen);

#endif /* XDPMAP_SENDER_H */

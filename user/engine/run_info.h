/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The SYN scan's description of its own run for --metadata-file (research.h: xm_run_info). */
#ifndef XDPMAP_RUN_INFO_H
#define XDPMAP_RUN_INFO_H

#include <stdbool.h>
#include <stdint.h>
#include "research.h"

/*
 * Fill everything but the counters: the interface, the XDP and AF_XDP modes,
 * the socket's queue and the interface's TX queue count (from sysfs; 0 when
 * it cannot be read).
 */
void xm_run_info_fill(struct xm_run_info *r, const char *ifname, bool xdp_generic,
		      bool xsk_zerocopy, uint32_t queue);

/* TX queues of an interface (its /sys/class/net/IF/queues/tx-N), 0 when unknown. */
uint32_t xm_iface_tx_queues(const char *ifname);

#endif /* XDPMAP_RUN_INFO_H */

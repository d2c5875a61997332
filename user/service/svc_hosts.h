/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sV's per-host budgets (--host-timeout): when each host's first port entered -sV. */
#ifndef XDPMAP_SVC_HOSTS_H
#define XDPMAP_SVC_HOSTS_H

#include <stddef.h>
#include <stdint.h>
#include "common_kern_user.h"

struct svc_host;

/* Hosts seen by -sV, an open-addressing table; zero-initialised is empty. */
struct xm_svc_hosts {
	struct svc_host *slot;
	size_t cap, n;
};

/*
 * The end of the budget of host (family, addr): now + timeout the first time the host is
 * asked for, the same end afterwards. The table keeps one entry (32 bytes, at most half the
 * slots filled) per host, and the caller asks only for hosts of ports it probes, so its
 * memory is bounded by the -sV record cap. When memory runs out the host is not remembered: it gets
 * now + timeout again (each port still has its own deadline and the overall cap).
 */
double xm_svc_host_end(struct xm_svc_hosts *h, uint8_t family, const struct xm_addr *addr,
		       double now, double timeout);

/* Free the table; it is empty (and reusable) afterwards. */
void xm_svc_hosts_free(struct xm_svc_hosts *h);

#endif /* XDPMAP_SVC_HOSTS_H */

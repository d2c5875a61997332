/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Round-trip estimation as RFC 6298 (smoothed RTT and variance) and the timeouts nmap derives from it. */
#ifndef XDPMAP_RTT_H
#define XDPMAP_RTT_H

#include <stdbool.h>
#include <stdint.h>

/* The estimator of one scan; all times in seconds. */
struct xm_rtt {
	double srtt, rttvar; /* valid once 'samples' > 0 */
	uint64_t samples;
	double initial, min, max; /* --initial/--min/--max-rtt-timeout */
};

/* Start with no sample: the timeout is 'initial' until the first one. */
void xm_rtt_init(struct xm_rtt *r, double initial, double min, double max);

/*
 * Add one measured round trip (seconds, > 0): the first sets SRTT = R and
 * RTTVAR = R/2; later ones RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|, then
 * SRTT = 7/8 SRTT + 1/8 R (RFC 6298 section 2).
 */
void xm_rtt_sample(struct xm_rtt *r, double rtt);

/* SRTT + 4 RTTVAR clamped to [min, max]; 'initial' (clamped too) before any sample. */
double xm_rtt_timeout(const struct xm_rtt *r);

/* One host's estimator in a table of those that answered; 'tag' = IPv4 address + 1. */
struct xm_host_rtt {
	uint64_t tag;
	double srtt, rttvar; /* seconds */
	uint32_t samples;
};

/*
 * Per-host round trips, as nmap keeps them: open addressing keyed by IPv4
 * address, growing with the hosts that answer (never with the targets).
 */
struct xm_host_rtts {
	struct xm_host_rtt *v;
	size_t cap, n;	 /* cap: a power of two, or 0 */
	double min, max; /* the timeouts' bounds, as struct xm_rtt's */
};

/* An empty table whose timeouts are clamped to [min, max]. */
void xm_host_rtts_init(struct xm_host_rtts *t, double min, double max);

/* One round trip of host addr (seconds), RFC 6298 as above. Returns -1 on ENOMEM. */
int xm_host_rtts_sample(struct xm_host_rtts *t, uint32_t addr, double rtt);

/* The host's estimator, NULL when it never answered. */
const struct xm_host_rtt *xm_host_rtts_find(const struct xm_host_rtts *t, uint32_t addr);

/* A host's timeout: SRTT + 4 RTTVAR clamped to the table's bounds. */
double xm_host_rtt_timeout(const struct xm_host_rtts *t, const struct xm_host_rtt *h);

/*
 * The largest timeout of the hosts that answered (0 when none did): a pass
 * of the pipelined scan waits for its slowest host.
 */
double xm_host_rtts_worst(const struct xm_host_rtts *t);

void xm_host_rtts_free(struct xm_host_rtts *t);

struct xm_config;

/*
 * Probes per second for the send loop: --max-rate, lowered to one probe per
 * --scan-delay when that is set, but never below --min-rate (as nmap, the
 * minimum rate wins over the delay).
 */
double xm_send_rate(const struct xm_config *cfg);

#endif /* XDPMAP_RTT_H */

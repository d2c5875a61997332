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

struct xm_config;

/*
 * Probes per second for the send loop: --max-rate, lowered to one probe per
 * --scan-delay when that is set, but never below --min-rate (as nmap, the
 * minimum rate wins over the delay).
 */
double xm_send_rate(const struct xm_config *cfg);

#endif /* XDPMAP_RTT_H */

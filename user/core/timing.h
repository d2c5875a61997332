/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* nmap's timing templates (-T0..-T5) and the checks between the timing options. */
#ifndef XDPMAP_TIMING_H
#define XDPMAP_TIMING_H

#include <stddef.h>

struct xm_config;

/* Timing options the command line gave explicitly: a template never overrides them. */
enum xm_timing_set {
	XM_SET_RETRIES = 1u << 0,	 /* --max-retries */
	XM_SET_INITIAL_RTT = 1u << 1,	 /* --initial-rtt-timeout */
	XM_SET_MIN_RTT = 1u << 2,	 /* --min-rtt-timeout */
	XM_SET_MAX_RTT = 1u << 3,	 /* --max-rtt-timeout */
	XM_SET_HOST_TIMEOUT = 1u << 4,	 /* --host-timeout */
	XM_SET_SCAN_DELAY = 1u << 5,	 /* --scan-delay */
	XM_SET_MAX_SCAN_DELAY = 1u << 6, /* --max-scan-delay */
	XM_SET_MAX_RATE = 1u << 7,	 /* --max-rate */
	XM_SET_MIN_RATE = 1u << 8,	 /* --min-rate */
	XM_SET_PARALLELISM = 1u << 9,	 /* --max-parallelism */
	XM_SET_TIMING = 1u << 10,	 /* -T */
};

/* The level of "0".."5" or of a template name (paranoid .. insane, any case); -1 if neither. */
int xm_timing_level(const char *s);

/*
 * Fill every timing field of cfg that 'set' (enum xm_timing_set bits) does
 * not name with the values of template cfg->timing, then reconcile the
 * bounds: an explicit value wins over a template value it contradicts
 * (--min-rtt-timeout above the template's maximum raises the maximum, and so
 * on). The retries follow the template only when -T was given. Returns 0, or
 * -1 with one line in err when two explicit values contradict each other.
 */
int xm_timing_resolve(struct xm_config *cfg, unsigned set, char *err, size_t errlen);

#endif /* XDPMAP_TIMING_H */

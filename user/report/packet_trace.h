/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --packet-trace: nmap's SENT/RCVD/CONN lines on stdout, rate-limited with a notice. */
#ifndef XDPMAP_PACKET_TRACE_H
#define XDPMAP_PACKET_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "results.h"

/* Above this many lines in one second, the rest of that second's lines are left out. */
#define XM_TRACE_MAX_PER_SEC 5000

/* Whether lines are written now (--packet-trace, or the 'p'/'P' keys). */
extern bool xm_trace_enabled;

/* Turn tracing on or off; times in the lines count from the first call. */
void xm_trace_set(bool on);

/* "SENT (0.0410s) TCP a:sp > b:dp S ttl=64 id=.. iplen=44  seq=.. win=1024": an Ethernet frame. */
void xm_trace_frame(const char *dir, const uint8_t *frame, size_t len);

/* "RCVD (0.0412s) TCP b:dp > a SA ttl=64 win=..": a reply the XDP program recorded. */
void xm_trace_finding(const struct xm_finding *f);

/* "CONN (0.0400s) TCP localhost > b:dp => Operation now in progress": a connect() (-sT). */
void xm_trace_connect(uint8_t family, const struct xm_addr *daddr, uint16_t dport, int err);

/* One call per probe sent: its frame when tracing, else nothing. */
static inline void xm_trace_sent(const uint8_t *frame, size_t len)
{
	if (xm_trace_enabled)
		xm_trace_frame("SENT", frame, len);
}

/* One call per reply recorded. */
static inline void xm_trace_rcvd(const struct xm_finding *f)
{
	if (xm_trace_enabled)
		xm_trace_finding(f);
}

#endif /* XDPMAP_PACKET_TRACE_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The report's hosts when findings were streamed rather than kept: from the answered bitmap. */
#ifndef XDPMAP_REPORT_STREAM_H
#define XDPMAP_REPORT_STREAM_H

#include <stddef.h>
#include <sys/types.h>
#include "answered.h"
#include "output.h"
#include "walk.h"

/*
 * One report entry per host, by address: discovery's live hosts ('up',
 * sorted, nup of them; their records are pointed to) and every host with an
 * answered pair in 'a'. No port finding is kept ('ports' is empty): each
 * host's 'scanned' lists only the ports that walk 'w' sent it and that never
 * answered, so a format lists them as filtered/no-response and counts
 * scanned.n of them. Returns how many in *out (free with
 * xm_stream_hosts_free), or -1 when out of memory.
 */
ssize_t xm_stream_hosts(const struct xm_answered *a, const struct xm_walk *w,
			const struct xm_finding *up, size_t nup, struct xm_host_report **out);

void xm_stream_hosts_free(struct xm_host_report *hosts, size_t n);

#endif /* XDPMAP_REPORT_STREAM_H */

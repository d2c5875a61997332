/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The report's hosts when closed ports were counted, not stored: from the reply log and bitmap. */
#ifndef XDPMAP_REPORT_COMPACT_H
#define XDPMAP_REPORT_COMPACT_H

#include <stddef.h>
#include <sys/types.h>
#include "output.h"
#include "reply_log.h"

/*
 * One report entry per host, by address: discovery's live hosts ('up',
 * sorted, nup of them), the hosts of the findings 'all' (sorted, n of them:
 * the log's entries and the others) and every host with an answered pair in
 * log->pairs. A host with counted closed ports gets hr->closed = 'closed'
 * (whose ctx must be log->pairs), its target index, their count by protocol
 * (answered pairs without a finding) and the log's TTL for them. Returns how
 * many in *out (free()), or -1 when out of memory.
 */
ssize_t xm_compact_hosts(const struct xm_reply_log *log, const struct xm_closed_ports *closed,
			 const struct xm_finding *up, size_t nup, const struct xm_finding *all,
			 size_t n, struct xm_host_report **out);

/* The answered() of struct xm_closed_ports over a struct xm_answered (ctx). */
bool xm_compact_answered(const void *ctx, uint64_t host, uint8_t proto, uint16_t port);

#endif /* XDPMAP_REPORT_COMPACT_H */

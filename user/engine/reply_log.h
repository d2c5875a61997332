/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The port replies a per-host report needs, 12 bytes each, de-duplicated by the answered bitmap. */
#ifndef XDPMAP_REPLY_LOG_H
#define XDPMAP_REPLY_LOG_H

#include <stddef.h>
#include <stdint.h>
#include "results.h"
#include "targets.h"

/* What -oN, -oX, -oG and stdout's report read of a port reply (not its time or window). */
struct xm_reply_entry {
	uint32_t host;	/* index among the targets */
	uint16_t port;
	uint8_t proto, state, reason, ttl;
	uint16_t pad;
};

/* An append-only array of entries, each (host, port) once (the caller de-duplicates). */
struct xm_reply_log {
	const struct xm_targets *targets;
	struct xm_reply_entry *v;
	size_t n, cap;
};

/* An empty log of replies from 'targets' (which must outlive it). */
void xm_reply_log_init(struct xm_reply_log *log, const struct xm_targets *targets);

/* Append the reply f from target index 'host'. Returns 0, or -1 on ENOMEM. */
int xm_reply_log_add(struct xm_reply_log *log, uint64_t host, const struct xm_finding *f);

/*
 * Every entry of the log as a finding, merged with the findings of 'others'
 * (replies outside the log, e.g. the connect path's), all sorted as
 * xm_results_sorted() sorts them, in a new array of *n entries (free()).
 * The log is emptied. NULL when out of memory.
 */
struct xm_finding *xm_reply_log_sorted(struct xm_reply_log *log, const struct xm_results *others,
				       size_t *n);

void xm_reply_log_free(struct xm_reply_log *log);

#endif /* XDPMAP_REPLY_LOG_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The port replies a per-host report needs (closed ones mostly counted), de-duplicated elsewhere. */
#ifndef XDPMAP_REPLY_LOG_H
#define XDPMAP_REPLY_LOG_H

#include <stddef.h>
#include <stdint.h>
#include "answered.h"
#include "results.h"
#include "targets.h"

/* What -oN, -oX, -oG and stdout's report read of a port reply (not its time or window). */
struct xm_reply_entry {
	uint32_t host;	/* index among the targets */
	uint16_t port;
	uint8_t proto, state, reason, ttl;
	uint16_t pad;
};

/* Hosts per page of the closed-TTL table: a page is allocated when one of them answers closed. */
#define XM_REPLY_TTL_PAGE 4096

/*
 * An append-only array of entries, each (host, port) once (the caller
 * de-duplicates in 'pairs'). A closed reply with its protocol's usual reason
 * (xm_closed_reason()) and the TTL of its host's first such reply is counted,
 * not stored: the report finds it as an answered pair of 'pairs' without an
 * entry. Any other reply is an entry.
 */
struct xm_reply_log {
	const struct xm_targets *targets;
	const struct xm_answered *pairs;
	struct xm_reply_entry *v;
	size_t n, cap;
	uint8_t **ttl;	/* each host's closed TTL (0: none yet), paged; NULL: not counting */
	size_t npages;
	uint64_t closed; /* closed replies counted, not stored */
};

/*
 * An empty log of replies to the pairs of 'pairs' (which must outlive it,
 * its targets too). Closed replies are counted only when xm_answered_on(pairs).
 */
void xm_reply_log_init(struct xm_reply_log *log, const struct xm_answered *pairs);

/*
 * Note the reply f from target index 'host', newly marked in 'pairs':
 * counted or appended. Returns 0, or -1 on ENOMEM.
 */
int xm_reply_log_add(struct xm_reply_log *log, uint64_t host, const struct xm_finding *f);

/* The TTL of host index 'host''s counted closed replies, 0 when none was counted. */
uint8_t xm_reply_log_closed_ttl(const struct xm_reply_log *log, uint64_t host);

/*
 * Every entry of the log as a finding, merged with the findings of 'others'
 * (replies outside the log, e.g. the connect path's), all sorted as
 * xm_results_sorted() sorts them, in a new array of *n entries (free()).
 * The entries are freed; the counted closed replies stay. NULL when out of
 * memory.
 */
struct xm_finding *xm_reply_log_sorted(struct xm_reply_log *log, const struct xm_results *others,
				       size_t *n);

void xm_reply_log_free(struct xm_reply_log *log);

#endif /* XDPMAP_REPLY_LOG_H */

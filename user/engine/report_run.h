/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The end of every scan, whichever back end ran it: findings sorted, hosts merged, outputs written. */
#ifndef XDPMAP_REPORT_RUN_H
#define XDPMAP_REPORT_RUN_H

#include <stddef.h>
#include "answered.h"
#include "output.h"
#include "reply_log.h"
#include "results.h"
#include "rtt.h"
#include "walk.h"

struct xm_svcbox;

/* What a back end hands to the report. */
struct xm_report_input {
	struct xm_results *results;	/* port findings (-sV records are attached to them) */
	const struct xm_results *up;	/* live hosts from discovery; NULL: up = answered */
	/*
	 * -Pn: the ARP replies that framed probes to on-link hosts, whose MACs
	 * the report shows for the hosts it lists (xm_host_report.arp); may be NULL.
	 */
	struct xm_results *macs;
	const struct xm_walk *const *walks; /* what was sent, for each host's scanned ports */
	size_t nwalks;
	struct xm_svcbox *svc;		/* -sV process to finish first, may be NULL */
	double start_mono;		/* CLOCK_MONOTONIC seconds at start: sum->seconds */
	const struct xm_host_rtts *rtts; /* per-host round trips for <times>, may be NULL */
	/*
	 * --merge-partial: each host's scanned ports are those of 'ports' that
	 * 'sent' holds, not what the walks say. NULL: the walks.
	 */
	const struct xm_results *sent;
	const struct xm_ports *ports;
	/*
	 * Port findings were streamed, not kept: each host and its unanswered
	 * ports come from this bitmap and walks[0]. NULL: 'results' holds them.
	 */
	const struct xm_answered *streamed;
	/*
	 * Port findings kept compactly here (its entries freed by the report),
	 * 'results' holding the rest; closed ports it counted are found in its
	 * answered pairs.
	 */
	struct xm_reply_log *log;
};

/*
 * Finish -sV, sort the findings, merge them with the live hosts into one
 * entry per host, list each host's scanned ports from the walks, and call
 * every output's report with 'sum' (its hosts fields and the elapsed
 * seconds, -sV included, are filled here).
 * Out of memory: one warning, no report.
 */
void xm_report_run(const struct xm_report_input *in, struct xm_summary *sum,
		   struct xm_output *outs, size_t nouts);

#endif /* XDPMAP_REPORT_RUN_H */

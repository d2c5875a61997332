/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The connect scan (-sT): non-blocking connect() with epoll, thousands in flight. */
#ifndef XDPMAP_CONNECT_SCAN_H
#define XDPMAP_CONNECT_SCAN_H

#include <stddef.h>
#include "config.h"
#include "output.h"

struct xm_svcbox;
struct xm_results;

/* Tunables that the command line may set. */
struct xm_connect_opts {
	int parallelism;	/* connects in flight, default 1024 (capped by RLIMIT_NOFILE) */
	double timeout;		/* seconds before an unanswered connect is filtered */
	struct xm_svcbox *svc;	/* -sV process fed with every open port, NULL = none */
};

/* Defaults for cfg: parallelism 1024, timeout max(0.5, --wait) capped at 10 s. */
void xm_connect_opts_default(const struct xm_config *cfg, struct xm_connect_opts *o);

/*
 * Run a whole -sT scan as configured, writing to the given outputs: open
 * (syn-ack), closed (conn-refused), filtered (ICMP reasons; no answer =
 * no-response, left out as with -sS). --max-retries and --max-rate apply.
 * Returns 0, or -1 after printing one error line.
 */
int xm_connect_scan(const struct xm_config *cfg, struct xm_output *outs, size_t nouts);

/* The same with explicit options (tests, -sV). */
int xm_connect_scan_opts(const struct xm_config *cfg, struct xm_output *outs, size_t nouts,
			 const struct xm_connect_opts *o);

/*
 * The connect path of a SYN scan (targets with no Ethernet path): scan
 * cfg's targets, add the findings to 'results' (and stream them to the
 * outputs), submit open ports to 'svc' (may be NULL), add to *probes; no
 * report. *stop becomes the first walk index not launched (the walk's size
 * when all were; left alone when nothing could start). Returns 0, or -1
 * after printing one error line.
 */
int xm_connect_scan_into(const struct xm_config *cfg, struct xm_output *outs, size_t nouts,
			 struct xm_svcbox *svc, struct xm_results *results, uint64_t *probes,
			 uint64_t *stop);

#endif /* XDPMAP_CONNECT_SCAN_H */

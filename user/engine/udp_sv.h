/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sU -sV: the open|filtered UDP ports go to -sV too, and those that answer it become open. */
#ifndef XDPMAP_UDP_SV_H
#define XDPMAP_UDP_SV_H

#include <stddef.h>
#include "output.h"
#include "results.h"
#include "targets.h"
#include "walk.h"

struct xm_svcbox;

/* Which ports of the XDP walk may go to -sV as open|filtered. */
struct xm_udp_sv_scope {
	const struct xm_walk *walk;	/* what the port scan sent */
	const struct xm_results *up;	/* live hosts from discovery; NULL: hosts that answered */
	const struct xm_targets *skip;	/* targets the walk did not send to (connect path) */
	size_t cap;			/* open|filtered ports submitted at most */
};

/*
 * Submit to svc each UDP port that the walk sent to a live host and that
 * has no finding in 'results' (open|filtered, no-response), in host and
 * port order, at most sc->cap of them; each gets an open|filtered finding in
 * 'results' for -sV's record to attach to. Does nothing when svc is NULL.
 * Returns how many were submitted, or -1 when out of memory (those before stay).
 */
long xm_udp_sv_submit(struct xm_svcbox *svc, const struct xm_udp_sv_scope *sc,
		      struct xm_results *results);

/*
 * After -sV's records are attached: each open|filtered UDP finding whose
 * record says a probe was answered becomes open, reason udp-response
 * (nmap's), and goes to each output's finding() (it was never streamed).
 * Returns how many changed.
 */
size_t xm_udp_sv_promote(struct xm_results *results, struct xm_output *outs, size_t nouts);

#endif /* XDPMAP_UDP_SV_H */

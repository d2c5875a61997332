// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* One report path for the SYN and connect back ends. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "clock.h"
#include "log.h"
#include "merge.h"
#include "report_compact.h"
#include "report_run.h"
#include "report_stream.h"
#include "svc_box.h"
#include "udp_sv.h"

/* Each host's RFC 6298 estimate, where it answered often enough to have one. */
static void host_times(const struct xm_host_rtts *t, struct xm_host_report *hosts, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++) {
		const struct xm_host_rtt *h = hosts[i].family == XM_FAMILY_IPV4 ?
			xm_host_rtts_find(t, xm_addr4_host(&hosts[i].addr)) : NULL;

		if (!h)
			continue;
		hosts[i].srtt_us = (uint32_t)fmax(1.0, h->srtt * 1e6); /* 0 means none */
		hosts[i].rttvar_us = (uint32_t)(h->rttvar * 1e6);
		hosts[i].to_us = (uint32_t)(xm_host_rtt_timeout(t, h) * 1e6);
	}
}

/* -Pn: each host without discovery's record gets the ARP reply that gave its MAC, if any. */
static void host_macs(struct xm_results *macs, struct xm_host_report *hosts, size_t n)
{
	static const uint8_t zero[6];
	size_t i;

	for (i = 0; macs && macs->n && i < n; i++) {
		const struct xm_finding key = { .addr = hosts[i].addr, .family = hosts[i].family };
		const struct xm_finding *a = hosts[i].up ? NULL : xm_results_find(macs, &key);

		if (a && memcmp(a->mac, zero, 6))
			hosts[i].arp = a;
	}
}

/* Each host's scanned ports: from the walks, or from the pairs merged shards reported. */
static int scope(const struct xm_report_input *in, struct xm_host_report *hosts, size_t n)
{
	if (in->sent)
		return xm_merge_scope(in->sent, in->ports, hosts, n);
	return xm_walk_scope(in->walks, in->nwalks, hosts, n);
}

void xm_report_run(const struct xm_report_input *in, struct xm_summary *sum,
		   struct xm_output *outs, size_t nouts)
{
	struct xm_closed_ports closed = { .answered = xm_compact_answered };
	uint64_t counted[XM_STATE_FILTERED + 1] = { 0 };
	struct xm_finding *all, *up = NULL;
	struct xm_host_report *hosts = NULL;
	ssize_t nhosts = -1;
	size_t i, nall = in->results->n;

	xm_svcbox_finish(in->svc);
	xm_svcbox_attach(in->svc, in->results);
	xm_udp_sv_promote(in->results, outs, nouts);
	sum->seconds = xm_now_mono() - in->start_mono;
	all = in->log ? xm_reply_log_sorted(in->log, in->results, &nall) :
			xm_results_sorted(in->results);
	if (in->up)
		up = xm_results_sorted(in->up);
	if (all && (up || !in->up) && in->streamed) {
		nhosts = xm_stream_hosts(in->streamed, in->walks[0], up, up ? in->up->n : 0,
					 &hosts);
		sum->state_counts = in->streamed->state;
	} else if (all && (up || !in->up) && in->log) {
		closed.ctx = in->log->pairs;
		nhosts = xm_compact_hosts(in->log, &closed, up, up ? in->up->n : 0, all, nall,
					  &hosts);
		counted[XM_STATE_CLOSED] = in->log->closed;
		sum->state_counts = counted;
	} else if (all && (up || !in->up)) {
		nhosts = xm_host_reports(up, up ? in->up->n : 0, all, nall, &hosts);
	}
	if (nhosts < 0 ||
	    (!sum->ping_only && !in->streamed && scope(in, hosts, (size_t)nhosts))) {
		pr_warn("out of memory sorting %zu results\n", nall);
		goto out;
	}
	host_times(in->rtts, hosts, (size_t)nhosts);
	host_macs(in->macs, hosts, (size_t)nhosts);
	sum->hosts = hosts;
	sum->nhosts = (size_t)nhosts;
	sum->hosts_up = (uint64_t)nhosts;
	for (i = 0; i < nouts; i++)
		outs[i].ops->report(&outs[i], all, nall, sum);
out:
	if (in->streamed) {
		xm_stream_hosts_free(hosts, nhosts > 0 ? (size_t)nhosts : 0);
		hosts = NULL;
	} else if (nhosts > 0) {
		xm_walk_scope_free(hosts, (size_t)nhosts);
	}
	free(hosts);
	free(up);
	free(all);
}

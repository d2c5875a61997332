// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -sn through the connect back end: ports 80 and 443 probed, an answer on either: host up. */
#include <netinet/in.h>
#include <stdlib.h>
#include "clock.h"
#include "connect_ping.h"
#include "connect_scan.h"
#include "log.h"
#include "progress.h"
#include "report_run.h"
#include "results.h"
#include "runtime.h"

/* The answered ports as one host record each (the first answer in order). */
static int hosts_up(const struct xm_results *ports, struct xm_results *up)
{
	struct xm_finding *all = xm_results_sorted(ports);
	size_t i;

	if (!all)
		return -1;
	for (i = 0; i < ports->n; i++) {
		struct xm_finding h = all[i];

		if (h.state != XM_STATE_OPEN && h.state != XM_STATE_CLOSED)
			continue; /* an ICMP error or nothing: no sign of life from the host */
		h.proto = 0;
		h.port = 0;
		h.state = XM_STATE_UP;
		if (xm_results_add(up, &h) < 0)
			break;
	}
	free(all);
	return i < ports->n ? -1 : 0;
}

int xm_connect_ping(const struct xm_config *cfg, struct xm_output *outs, size_t nouts)
{
	static uint16_t ping_ports[] = { 80, 443 };
	struct xm_config pcfg = *cfg;
	struct xm_results ports = { 0 }, up = { 0 }, none = { 0 };
	struct xm_report_input in = { .results = &none, .up = &up, .start_mono = xm_now_mono() };
	struct xm_summary sum = { .addrs = cfg->targets.count, .ping_only = true,
				  .start_time = xm_now_wall(), .seed = cfg->seed };
	uint64_t stop = 0;
	char err[512] = "";
	int rc = -1;

	pcfg.ports = (struct xm_ports){ .v = ping_ports, .n = 2, .proto = IPPROTO_TCP };
	pcfg.version_detect = false;
	if (cfg->progress)
		cfg->progress->phase = "Ping Scan";
	if (xm_drop_privileges(cfg, err, sizeof(err))) {
		pr_warn("%s\n", err);
		return -1;
	}
	rc = xm_connect_scan_into(&pcfg, NULL, 0, NULL, &ports, &sum.probes, &stop);
	sum.send_seconds = xm_now_mono() - in.start_mono;
	sum.failed = rc != 0;
	sum.interrupted = xm_stop_requested;
	if (hosts_up(&ports, &up))
		pr_warn("out of memory storing live hosts\n");
	else
		xm_report_run(&in, &sum, outs, nouts);
	xm_results_free(&ports);
	xm_results_free(&up);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -sn without privileges: connect() to 80 and 443, a host answering either is up. */
#include <netinet/in.h>
#include <string.h>
#include "clock.h"
#include "connect_ping.h"
#include "connect_scan.h"
#include "log.h"
#include "report_run.h"
#include "results.h"

/* The ports nmap's unprivileged discovery connects to. */
static const uint16_t ping_ports[] = { 80, 443 };

/* One host record per target that answered on a ping port (open or refused). */
static int hosts_up(const struct xm_results *found, struct xm_results *up)
{
	size_t i;

	for (i = 0; i < found->cap; i++) {
		const struct xm_finding *f = &found->slots[i];
		struct xm_finding h;

		if (f->state != XM_STATE_OPEN && f->state != XM_STATE_CLOSED)
			continue;
		h = *f;
		h.proto = 0;
		h.port = 0;
		h.state = XM_STATE_UP;
		h.svc = NULL;
		if (xm_results_add(up, &h) < 0)
			return -1;
	}
	return 0;
}

int xm_connect_ping(const struct xm_config *cfg, struct xm_output *outs, size_t nouts)
{
	struct xm_config pc = *cfg;
	struct xm_results found = { 0 }, up = { 0 }, none = { 0 };
	struct xm_report_input in = { .results = &none, .up = &up, .start_mono = xm_now_mono() };
	struct xm_summary sum = { .addrs = cfg->targets.count, .ping_only = true,
				  .start_time = xm_now_wall() };
	uint64_t stop = 0;
	int rc;

	pr_info("not privileged: host discovery connects to ports 80 and 443\n");
	pc.ports.v = (uint16_t *)ping_ports;
	pc.ports.n = sizeof(ping_ports) / sizeof(ping_ports[0]);
	pc.ports.proto = IPPROTO_TCP;
	pc.version_detect = false;
	pc.resume_index = 0;
	rc = xm_connect_scan_into(&pc, NULL, 0, NULL, &found, &sum.probes, &stop);
	sum.send_seconds = xm_now_mono() - in.start_mono;
	if (!rc && hosts_up(&found, &up)) {
		pr_warn("out of memory listing the hosts that are up\n");
		rc = -1;
	}
	sum.failed = rc != 0;
	xm_report_run(&in, &sum, outs, nouts);
	xm_results_free(&found);
	xm_results_free(&up);
	xm_results_free(&none);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -oJ: one JSON object per line per finding, written as replies arrive. */
#include <arpa/inet.h>
#include "output.h"

static int json_open(struct xm_output *o, const char *path, char *err,
		     size_t errlen)
{
	o->f = xm_output_fopen(path, err, errlen);
	return o->f ? 0 : -1;
}

static void json_finding(struct xm_output *o, const struct xm_finding *f)
{
	struct in_addr a = { .s_addr = htonl(f->addr) };
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	/* Every string here comes from fixed tables or inet_ntop: no escaping needed. */
	fprintf(o->f,
		"{\"ip\":\"%s\",\"port\":%u,\"proto\":\"tcp\",\"state\":\"%s\","
		"\"reason\":\"%s\",\"ttl\":%u,\"window\":%u,\"timestamp\":%.6f}\n",
		ip, f->port, xm_state_name(f->state), xm_reason_name(f->reason),
		f->ttl, f->window, f->when);
	fflush(o->f);
}

static void json_report(struct xm_output *o, const struct xm_finding *all,
			size_t n, const struct xm_summary *s)
{
}

const struct xm_output_ops xm_output_json = {
	.name = "json",
	.open = json_open,
	.finding = json_finding,
	.report = json_report,
	.close = xm_output_close_file,
};

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -oG: nmap's grepable output, one "Host:" line for the status and one for the ports. */
#include <string.h>
#include "addr.h"
#include "output.h"
#include "service_record.h"

/* "Host: 198.18.0.2 (name)" */
static void host_prefix(struct xm_output *o, const struct xm_host_report *hr)
{
	const char *name = xm_host_name(o->cfg, hr->family, &hr->addr);
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(hr->family, &hr->addr, ip, sizeof(ip));
	fprintf(o->f, "Host: %s (", ip);
	if (name)
		xm_text_fputs(o->f, name);
	fputc(')', o->f);
}

/* A field of a port entry: '/' (the separator) as '|' like nmap, ", " kept from ending it. */
static void put_field(FILE *f, char *s)
{
	char *c;

	for (c = s; (c = strchr(c, '/')); c++)
		*c = '|';
	for (c = s; (c = strstr(c, ", ")); c++)
		*c = ';';
	xm_text_fputs(f, s);
}

/* port/state/protocol/owner/service/rpc info/version/: -sV fills service and version. */
static void write_port(struct xm_output *o, const struct xm_finding *p)
{
	const char *svc = xm_service_lookup(p->proto, p->port);
	char name[64], version[4 * XM_SVC_FIELD_LEN] = "";

	if (p->svc) {
		xm_service_fullname(p->svc, name, sizeof(name));
		xm_service_version_str(p->svc, version, sizeof(version));
	} else {
		snprintf(name, sizeof(name), "%s", svc ? svc : "");
	}
	fprintf(o->f, "%u/%s/%s//", p->port, xm_state_name(p->state), xm_proto_name(p->proto));
	put_field(o->f, name);
	fputs("//", o->f);
	put_field(o->f, version);
	fputc('/', o->f);
}

static void write_host(struct xm_output *o, const struct xm_host_report *hr,
		       const struct xm_summary *s)
{
	const char *sep = "";
	struct xm_host_groups g;
	struct xm_port_iter it;
	struct xm_finding p;
	int st, k;

	host_prefix(o, hr);
	fputs("\tStatus: Up\n", o->f);
	if (s->ping_only)
		return;
	xm_host_report_groups(hr, xm_host_scanned(o->cfg, hr), &g);
	host_prefix(o, hr);
	fputs("\tPorts: ", o->f);
	xm_port_iter_host(&it, hr, xm_host_scanned(o->cfg, hr));
	while (xm_port_iter_next(&it, &p)) {
		if (!xm_port_shown(o->cfg, &g, p.proto, p.state, p.reason))
			continue;
		fputs(sep, o->f);
		write_port(o, &p);
		sep = ", ";
	}
	/* Like nmap, grepable output names the ignored state only when there is one. */
	for (k = 0; k < XM_PSLOTS && xm_hidden_states(o->cfg, &g) == 1; k++)
		for (st = XM_STATE_CLOSED; st < XM_STATE_SLOTS; st++)
			if (st != XM_STATE_UP && xm_hidden_in_state(o->cfg, &g, xm_pslot_proto(k), st))
				fprintf(o->f, "\tIgnored State: %s (%zu)", xm_state_name(st),
					xm_hidden_in_state(o->cfg, &g, xm_pslot_proto(k), st));
	fputc('\n', o->f);
}

static void grep_report(struct xm_output *o, const struct xm_finding *all, size_t n,
			const struct xm_summary *s)
{
	char done[160], when[64];
	size_t i;

	for (i = 0; i < s->nhosts; i++)
		if (xm_host_listed(o->cfg, &s->hosts[i]))
			write_host(o, &s->hosts[i], s);
	xm_done_words(s, done, sizeof(done));
	xm_ctime(s->start_time + s->seconds, when, sizeof(when));
	fprintf(o->f, "# xdpmap done at %s -- %s\n", when, done);
	fflush(o->f);
	o->reported = true;
}

static void grep_finding(struct xm_output *o, const struct xm_finding *f)
{
}

const struct xm_output_ops xm_output_grep = {
	.name = "grepable",
	.open = xm_output_open_commented,
	.finding = grep_finding,
	.report = grep_report,
	.close = xm_output_close_commented,
};

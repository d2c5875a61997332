// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nmap's normal output: stdout with live "Discovered" lines, or a file (-oN) between # comments. */
#include <arpa/inet.h>
#include <string.h>
#include <time.h>
#include "output.h"
#include "progress.h"

static int normal_open(struct xm_output *o, const char *path, char *err,
		       size_t errlen)
{
	char when[64];
	time_t now = (time_t)o->cfg->start_time;
	struct tm tm;

	o->f = xm_output_fopen(path, err, errlen);
	if (!o->f)
		return -1;
	if (!now)
		now = time(NULL);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z", localtime_r(&now, &tm));
	fprintf(o->f, "Starting xdpmap %s at %s\n", XDPMAP_VERSION, when);
	fflush(o->f);
	return 0;
}

/* -oN: nmap's first line, "# Nmap 7.93 scan initiated <date> as: <args>". */
static int nmap_open(struct xm_output *o, const char *path, char *err, size_t errlen)
{
	char when[64];

	o->f = xm_output_fopen(path, err, errlen);
	if (!o->f)
		return -1;
	xm_ctime(o->cfg->start_time, when, sizeof(when));
	fprintf(o->f, "# xdpmap %s scan initiated %s as: ", XDPMAP_VERSION, when);
	xm_text_fputs(o->f, o->cfg->argv_line);
	fputc('\n', o->f);
	fflush(o->f);
	return 0;
}

/* Live lines: open ports with -v, ICMP-filtered ones with -vv, closed ones with -dd. */
static void normal_finding(struct xm_output *o, const struct xm_finding *f)
{
	const struct xm_config *cfg = o->cfg;
	char ip[INET_ADDRSTRLEN];

	if (!((f->state == XM_STATE_OPEN && cfg->verbose >= 1) ||
	      (f->state == XM_STATE_FILTERED && cfg->verbose >= 2 && !cfg->open_only) ||
	      (f->state == XM_STATE_CLOSED && cfg->debug >= 2 && !cfg->open_only)))
		return;
	xm_progress_clear(cfg->progress);
	xm_addr_str(f->addr, ip, sizeof(ip));
	fprintf(o->f, "Discovered %s port %u/tcp on %s\n", xm_state_name(f->state), f->port,
		ip);
	fflush(o->f);
}

/* "Not shown: 1995 closed tcp ports (reset), 3 filtered tcp ports (no-response)" */
static void print_not_shown(struct xm_output *o, const struct xm_host_groups *g)
{
	const char *sep = "Not shown: ";
	int st, rs;

	for (st = XM_STATE_CLOSED; st <= XM_STATE_FILTERED; st++)
		for (rs = 0; rs < XM_REASON_MAX; rs++) {
			size_t c = g->count[st][rs];

			if (!c || xm_port_shown(o->cfg, g, st, rs))
				continue;
			fprintf(o->f, "%s%zu %s tcp port%s (%s)", sep, c,
				xm_state_name(st), c == 1 ? "" : "s",
				xm_reason_name(rs));
			sep = ", ";
		}
	if (strcmp(sep, "Not shown: "))
		fputc('\n', o->f);
}

/* Width of the SERVICE column: only needed when a REASON column follows it. */
static int service_width(struct xm_output *o, const struct xm_finding *h, size_t n,
			 const struct xm_host_groups *g)
{
	struct xm_port_iter it;
	struct xm_finding p;
	int w = (int)strlen("SERVICE");

	xm_port_iter_init(&it, h, n, &o->cfg->ports);
	while (xm_port_iter_next(&it, &p)) {
		int len = (int)strlen(xm_service_name(p.port));

		if (xm_port_shown(o->cfg, g, p.state, p.reason) && len > w)
			w = len;
	}
	return w;
}

static void print_port(struct xm_output *o, const struct xm_finding *p, int svc_w)
{
	char port[16];

	snprintf(port, sizeof(port), "%u/tcp", p->port);
	if (!o->cfg->reason) {
		fprintf(o->f, "%-9s %-8s %s\n", port, xm_state_name(p->state),
			xm_service_name(p->port));
		return;
	}
	fprintf(o->f, "%-9s %-8s %-*s %s", port, xm_state_name(p->state), svc_w,
		xm_service_name(p->port), xm_reason_name(p->reason));
	if (p->ttl)
		fprintf(o->f, " ttl %u", p->ttl);
	fputc('\n', o->f);
}

static void print_ports(struct xm_output *o, const struct xm_finding *h, size_t n,
			const struct xm_host_groups *g)
{
	int svc_w = o->cfg->reason ? service_width(o, h, n, g) : 0;
	struct xm_port_iter it;
	struct xm_finding p;

	if (o->cfg->reason)
		fprintf(o->f, "%-9s %-8s %-*s %s\n", "PORT", "STATE", svc_w, "SERVICE",
			"REASON");
	else
		fprintf(o->f, "%-9s %-8s %s\n", "PORT", "STATE", "SERVICE");
	xm_port_iter_init(&it, h, n, &o->cfg->ports);
	while (xm_port_iter_next(&it, &p))
		if (xm_port_shown(o->cfg, g, p.state, p.reason))
			print_port(o, &p, svc_w);
}

static void print_host_name(struct xm_output *o, uint32_t addr)
{
	const char *name = xm_host_name(o->cfg, addr);
	char ip[INET_ADDRSTRLEN];

	xm_addr_str(addr, ip, sizeof(ip));
	fputs("xdpmap scan report for ", o->f);
	if (name) {
		xm_text_fputs(o->f, name);
		fprintf(o->f, " (%s)\n", ip);
	} else {
		fprintf(o->f, "%s\n", ip);
	}
}

/*
 * nmap's words: "Host is up (0.00012s latency)." after discovery (with
 * --reason: "received echo-reply ttl 64" too); with -Pn, the reply that showed it.
 */
static void print_host_up(struct xm_output *o, const struct xm_host_report *hr)
{
	const struct xm_finding *why = xm_host_why(hr);

	fputs("Host is up", o->f);
	if (!hr->up || o->cfg->reason)
		fprintf(o->f, ", received %s ttl %u", xm_reason_name(why->reason), why->ttl);
	if (hr->up && hr->up->rtt_us)
		fprintf(o->f, " (%.2gs latency)", hr->up->rtt_us / 1e6);
	fputs(".\n", o->f);
}

static void print_host(struct xm_output *o, const struct xm_host_report *hr,
		       const struct xm_summary *s)
{
	const struct xm_finding *h = hr->ports;
	size_t n = hr->nports, hidden;
	struct xm_host_groups g;
	char ip[INET_ADDRSTRLEN];

	print_host_name(o, hr->addr);
	print_host_up(o, hr);
	if (s->ping_only) {
		fputc('\n', o->f);
		return;
	}
	xm_host_groups(h, n, s->nports, &g);
	hidden = xm_hidden_in_state(o->cfg, &g, XM_STATE_CLOSED) +
		 xm_hidden_in_state(o->cfg, &g, XM_STATE_FILTERED);
	if (hidden == s->nports) {
		xm_addr_str(hr->addr, ip, sizeof(ip));
		fprintf(o->f, "All %zu scanned ports on %s are in ignored states.\n",
			s->nports, ip);
	}
	print_not_shown(o, &g);
	if (hidden < s->nports)
		print_ports(o, h, n, &g);
	fputc('\n', o->f);
}

static void print_hosts(struct xm_output *o, const struct xm_summary *s)
{
	size_t i;

	for (i = 0; i < s->nhosts; i++)
		if (xm_host_listed(o->cfg, &s->hosts[i]))
			print_host(o, &s->hosts[i], s);
	if (s->ring_full)
		fprintf(o->f, "WARNING: %llu replies were lost because the ring buffer was full\n",
			(unsigned long long)s->ring_full);
}

static void normal_report(struct xm_output *o, const struct xm_finding *all,
			  size_t n, const struct xm_summary *s)
{
	char done[160];

	print_hosts(o, s);
	xm_done_words(s, done, sizeof(done));
	fprintf(o->f, "xdpmap done: %s\n", done);
	if (s->ping_only)
		fprintf(o->f, "Probes sent: %llu for host discovery", (unsigned long long)s->probes);
	else
		fprintf(o->f, "Probes sent: %llu to %zu port%s per host", (unsigned long long)s->probes,
			s->nports, s->nports == 1 ? "" : "s");
	fprintf(o->f, " in %.2f s of sending (%.0f probes/s)\n", s->send_seconds,
		s->send_seconds > 0 ? (double)s->probes / s->send_seconds : 0.0);
	fflush(o->f);
	o->reported = true;
}

/* -oN: the same report, closed by nmap's "# Nmap done at <date> -- <summary>". */
static void nmap_report(struct xm_output *o, const struct xm_finding *all, size_t n,
			const struct xm_summary *s)
{
	char done[160], when[64];

	print_hosts(o, s);
	xm_done_words(s, done, sizeof(done));
	xm_ctime(s->start_time + s->seconds, when, sizeof(when));
	fprintf(o->f, "# xdpmap done at %s -- %s\n", when, done);
	fflush(o->f);
	o->reported = true;
}

static void nmap_close(struct xm_output *o)
{
	char when[64];

	if (o->f && !o->reported) {
		xm_ctime(xm_now_wall(), when, sizeof(when));
		fprintf(o->f, "# xdpmap done at %s -- the scan failed\n", when);
	}
	xm_output_close_file(o);
}

const struct xm_output_ops xm_output_normal = {
	.name = "normal",
	.open = normal_open,
	.finding = normal_finding,
	.report = normal_report,
	.close = xm_output_close_file,
};

static void no_finding(struct xm_output *o, const struct xm_finding *f)
{
}

const struct xm_output_ops xm_output_nmap = {
	.name = "nmap",
	.open = nmap_open,
	.finding = no_finding,
	.report = nmap_report,
	.close = nmap_close,
};

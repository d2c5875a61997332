// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nmap's normal output: stdout with live "Discovered" lines, or a file (-oN) between # comments. */
#include <string.h>
#include <time.h>
#include "addr.h"
#include "fingerprint.h"
#include "mac_vendor.h"
#include "output.h"
#include "progress.h"
#include "service_record.h"
#include "sigdigits.h"

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

/* Live lines: open ports with -v, ICMP-filtered ones with -vv, closed ones with -dd. */
static void normal_finding(struct xm_output *o, const struct xm_finding *f)
{
	const struct xm_config *cfg = o->cfg;
	char ip[XM_ADDR_STRLEN];

	if (!((f->state == XM_STATE_OPEN && cfg->verbose >= 1) ||
	      (f->state == XM_STATE_FILTERED && cfg->verbose >= 2 && !cfg->open_only) ||
	      (f->state == XM_STATE_CLOSED && cfg->debug >= 2 && !cfg->open_only)))
		return;
	xm_progress_clear(cfg->progress);
	xm_addr_str(f->family, &f->addr, ip, sizeof(ip));
	fprintf(o->f, "Discovered %s port %u/%s on %s\n", xm_state_name(f->state), f->port,
		xm_proto_name(f->proto), ip);
	fflush(o->f);
}

/*
 * "Not shown: 1995 closed tcp ports (reset), 3 filtered tcp ports (no-response),
 * 998 open|filtered udp ports (no-response)"
 */
static void print_not_shown(struct xm_output *o, const struct xm_host_groups *g)
{
	const char *sep = "Not shown: ";
	int st, rs, k;

	for (k = 0; k < XM_PSLOTS; k++)
		for (st = XM_STATE_CLOSED; st < XM_STATE_SLOTS; st++)
			for (rs = 0; rs < XM_REASON_MAX; rs++) {
				size_t c = g->count[k][st][rs];

				if (!c || xm_port_shown(o->cfg, g, xm_pslot_proto(k), st, rs))
					continue;
				fprintf(o->f, "%s%zu %s %s port%s (%s)", sep, c, xm_state_name(st),
					xm_proto_name(xm_pslot_proto(k)), c == 1 ? "" : "s",
					xm_reason_name(rs));
				sep = ", ";
			}
	if (strcmp(sep, "Not shown: "))
		fputc('\n', o->f);
}

/* The SERVICE column: -sV's name ("ssl/http", "http?") when probed, else the services table's. */
static void service_text(const struct xm_finding *p, char *buf, size_t len)
{
	char raw[64];

	if (!p->svc) {
		snprintf(buf, len, "%s", xm_service_name(p->proto, p->port));
		return;
	}
	xm_service_fullname(p->svc, raw, sizeof(raw));
	xm_text_sanitize(raw, strlen(raw), buf, len);
}

/* The REASON column: "syn-ack ttl 64". */
static void reason_text(const struct xm_finding *p, char *buf, size_t len)
{
	if (p->ttl)
		snprintf(buf, len, "%s ttl %u", xm_reason_name(p->reason), p->ttl);
	else
		snprintf(buf, len, "%s", xm_reason_name(p->reason));
}

/* Column widths of a host's port table; a column is padded only when another follows. */
struct columns {
	int state_w, svc_w, reason_w;
	bool reason, version;
};

static void column_widths(struct xm_output *o, const struct xm_host_report *hr,
			  const struct xm_host_groups *g, struct columns *c)
{
	struct xm_port_iter it;
	struct xm_finding p;
	char buf[128];

	*c = (struct columns){ .state_w = 8, .svc_w = (int)strlen("SERVICE"),
			       .reason_w = (int)strlen("REASON"),
			       .reason = o->cfg->reason, .version = o->cfg->version_detect };
	xm_port_iter_host(&it, hr, xm_host_scanned(o->cfg, hr));
	while (xm_port_iter_next(&it, &p)) {
		if (!xm_port_shown(o->cfg, g, p.proto, p.state, p.reason))
			continue;
		if ((int)strlen(xm_state_name(p.state)) > c->state_w)
			c->state_w = (int)strlen(xm_state_name(p.state));
		service_text(&p, buf, sizeof(buf));
		if ((int)strlen(buf) > c->svc_w)
			c->svc_w = (int)strlen(buf);
		reason_text(&p, buf, sizeof(buf));
		if ((int)strlen(buf) > c->reason_w)
			c->reason_w = (int)strlen(buf);
	}
}

/* One row: PORT STATE SERVICE [REASON] [VERSION], without trailing blanks. */
static void print_row(struct xm_output *o, const struct columns *c, const char *port,
		      const char *state, const char *svc, const char *reason, const char *version)
{
	char line[1024];
	int len;

	len = snprintf(line, sizeof(line), "%-9s %-*s %-*s", port, c->state_w, state,
		       c->reason || c->version ? c->svc_w : 0, svc);
	if (c->reason && len > 0 && (size_t)len < sizeof(line))
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %-*s",
				c->version ? c->reason_w : 0, reason);
	if (c->version && len > 0 && (size_t)len < sizeof(line))
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %s", version);
	len = (int)strnlen(line, sizeof(line));
	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	fprintf(o->f, "%s\n", line);
}

static void print_port(struct xm_output *o, const struct xm_finding *p, const struct columns *c)
{
	char port[16], svc[128], reason[64], raw[4 * XM_SVC_FIELD_LEN], version[4 * XM_SVC_FIELD_LEN];

	snprintf(port, sizeof(port), "%u/%s", p->port, xm_proto_name(p->proto));
	service_text(p, svc, sizeof(svc));
	reason_text(p, reason, sizeof(reason));
	version[0] = '\0';
	if (p->svc) {
		xm_service_version_str(p->svc, raw, sizeof(raw));
		xm_text_sanitize(raw, strlen(raw), version, sizeof(version));
	}
	print_row(o, c, port, xm_state_name(p->state), svc, reason, version);
}

static void print_ports(struct xm_output *o, const struct xm_host_report *hr,
			const struct xm_host_groups *g)
{
	struct xm_port_iter it;
	struct xm_finding p;
	struct columns c;

	column_widths(o, hr, g, &c);
	print_row(o, &c, "PORT", "STATE", "SERVICE", "REASON", "VERSION");
	xm_port_iter_host(&it, hr, xm_host_scanned(o->cfg, hr));
	while (xm_port_iter_next(&it, &p))
		if (xm_port_shown(o->cfg, g, p.proto, p.state, p.reason))
			print_port(o, &p, &c);
}

static void info_item(struct xm_output *o, const char **sep, const char *label, const char *v)
{
	if (!v)
		return;
	fprintf(o->f, "%s%s: ", *sep, label);
	xm_text_fputs(o->f, v);
	*sep = "; ";
}

/* nmap's "Service Info: Host: x; OS: Linux; Device: router", first value of each found. */
static void print_service_info(struct xm_output *o, const struct xm_finding *h, size_t n)
{
	const char *host = NULL, *os = NULL, *dev = NULL, *sep = "Service Info: ";
	size_t i;

	for (i = 0; i < n; i++) {
		const struct xm_service *v = h[i].svc;

		if (!v)
			continue;
		if (!host && v->hostname[0])
			host = v->hostname;
		if (!os && v->ostype[0])
			os = v->ostype;
		if (!dev && v->devicetype[0])
			dev = v->devicetype;
	}
	info_item(o, &sep, "Host", host);
	info_item(o, &sep, "OS", os);
	info_item(o, &sep, "Device", dev);
	if (host || os || dev)
		fputc('\n', o->f);
}

static void print_host_name(struct xm_output *o, const struct xm_host_report *hr)
{
	const char *name = xm_host_name(o->cfg, hr->family, &hr->addr);
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(hr->family, &hr->addr, ip, sizeof(ip));
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
	char lat[32];

	fputs("Host is up", o->f);
	if (!hr->up || o->cfg->reason)
		fprintf(o->f, ", received %s", xm_reason_name(why->reason));
	if ((!hr->up || o->cfg->reason) && why->ttl) /* none for ARP and -sT */
		fprintf(o->f, " ttl %u", why->ttl);
	if (hr->up && hr->up->rtt_us)
		fprintf(o->f, " (%ss latency)",
			xm_sigdigits(lat, sizeof(lat), hr->up->rtt_us / 1e6, 2));
	fputs(".\n", o->f);
}

/*
 * --reason: a host whose port unreachables were rate-limited (the scan
 * waited for them): its open|filtered UDP ports may be closed ones.
 */
static void print_icmp_limited(struct xm_output *o, const struct xm_host_report *hr,
			       const struct xm_summary *s, const struct xm_host_groups *g)
{
	const struct xm_finding key = { .addr = hr->addr, .family = hr->family };
	size_t left = g->count[XM_PSLOT_UDP][XM_STATE_OPEN_FILTERED][XM_REASON_NO_RESPONSE];

	if (!o->cfg->reason || !s->icmp_limited || !xm_results_has(s->icmp_limited, &key))
		return;
	fprintf(o->f, "ICMP port unreachables from this host are rate-limited; the scan waited "
		"for them%s.\n", left ? ": its open|filtered UDP ports may be closed" : "");
}

static void print_host(struct xm_output *o, const struct xm_host_report *hr,
		       const struct xm_summary *s)
{
	const struct xm_finding *h = hr->ports;
	size_t n = hr->nports, hidden, scanned = xm_host_scanned(o->cfg, hr)->n;
	struct xm_host_groups g;
	char ip[XM_ADDR_STRLEN];

	print_host_name(o, hr);
	print_host_up(o, hr);
	if (s->ping_only) {
		xm_mac_write_normal(o->f, hr);
		fputc('\n', o->f);
		return;
	}
	xm_host_report_groups(hr, xm_host_scanned(o->cfg, hr), &g);
	hidden = xm_hidden_all(o->cfg, &g);
	if (hidden == scanned) {
		xm_addr_str(hr->family, &hr->addr, ip, sizeof(ip));
		fprintf(o->f, "All %zu scanned ports on %s are in ignored states.\n",
			scanned, ip);
	}
	print_not_shown(o, &g);
	if (hidden < scanned)
		print_ports(o, hr, &g);
	print_icmp_limited(o, hr, s, &g);
	xm_mac_write_normal(o->f, hr);
	print_service_info(o, h, n);
	xm_svc_fp_print(o->f, h, n);
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
	if (o->cfg->version_detect && !s->ping_only)
		fputs("Service detection performed with xdpmap's own signatures (data/service-probes).\n",
		      o->f);
}

static void normal_report(struct xm_output *o, const struct xm_finding *all,
			  size_t n, const struct xm_summary *s)
{
	char done[160];

	print_hosts(o, s);
	if (s->merged)
		fprintf(o->f, "Merged %u of %u shards (xdpmap --merge)\n", s->merged, s->merged_of);
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
	if (s->merged)
		fprintf(o->f, "# Merged %u of %u shards (xdpmap --merge)\n", s->merged,
			s->merged_of);
	xm_done_words(s, done, sizeof(done));
	xm_ctime(s->start_time + s->seconds, when, sizeof(when));
	fprintf(o->f, "# xdpmap done at %s -- %s\n", when, done);
	fflush(o->f);
	o->reported = true;
}

/* A scan that failed before its report still says so on stdout. */
static void normal_close(struct xm_output *o)
{
	if (o->f && !o->reported)
		fputs("xdpmap done: the scan failed\n", o->f);
	xm_output_close_file(o);
}

const struct xm_output_ops xm_output_normal = {
	.name = "normal",
	.open = normal_open,
	.finding = normal_finding,
	.report = normal_report,
	.close = normal_close,
};

static void no_finding(struct xm_output *o, const struct xm_finding *f)
{
}

const struct xm_output_ops xm_output_nmap = {
	.name = "nmap",
	.open = xm_output_open_commented,
	.finding = no_finding,
	.report = nmap_report,
	.close = xm_output_close_commented,
};

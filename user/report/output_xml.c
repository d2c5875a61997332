// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -oX: nmap's XML (valid against nmap.dtd): header at start, hosts and runstats at the end. */
#include <string.h>
#include "addr.h"
#include "mac_vendor.h"
#include "output.h"
#include "fingerprint.h"
#include "service_record.h"

/*
 * nmap.dtd declares <!ATTLIST nmaprun scanner (nmap) #REQUIRED>: any other
 * value makes the document invalid, so xdpmap names itself in the leading
 * comment and in args (which starts with its own argv[0]) instead.
 */
#define XM_XML_SCANNER "nmap"
#define XM_XML_VERSION "1.05"

/* name="escaped value", with the leading space. */
static void attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	xm_xml_fputs(f, value);
	fputc('"', f);
}

/* One <scaninfo> of the ports v[from, to) of protocol 'proto'. */
static void write_scaninfo_of(struct xm_output *o, uint8_t proto, size_t from, size_t to)
{
	const struct xm_ports *ports = &o->cfg->ports;
	struct xm_range_writer w = { .f = o->f };
	const char *type = xm_pslot(proto) == XM_PSLOT_UDP ? "udp" :
			   o->cfg->connect_scan ? "connect" : "syn";
	size_t i;

	fprintf(o->f, "<scaninfo type=\"%s\" protocol=\"%s\" numservices=\"%zu\" services=\"",
		type, xm_proto_name(proto), to - from);
	for (i = from; i < to; i++)
		xm_ranges_add(&w, ports->v[i]);
	xm_ranges_end(&w);
	fputs("\"/>\n", o->f);
}

/* One <scaninfo> per protocol scanned, TCP first, as nmap writes them for -sS -sU. */
static void write_scaninfo(struct xm_output *o)
{
	const struct xm_ports *ports = &o->cfg->ports;
	size_t split = ports->n - ports->n_udp;

	if (split || !ports->n)
		write_scaninfo_of(o, ports->proto, 0, split);
	if (ports->n_udp)
		write_scaninfo_of(o, IPPROTO_UDP, split, ports->n);
}

static int xml_open(struct xm_output *o, const char *path, char *err, size_t errlen)
{
	const struct xm_config *cfg = o->cfg;
	char when[64];

	o->f = xm_output_fopen(path, err, errlen);
	if (!o->f)
		return -1;
	/* --resume: one document, the interrupted run's hosts followed by this run's */
	if (xm_output_appending() && !xm_output_cut_at_last(o->f, "<runstats>")) {
		o->began = true;
		return 0;
	}
	xm_ctime(cfg->start_time, when, sizeof(when));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n", o->f);
	if (cfg->stylesheet) {
		fputs("<?xml-stylesheet", o->f);
		attr(o->f, "href", cfg->stylesheet);
		fputs(" type=\"text/xsl\"?>\n", o->f);
	}
	fprintf(o->f, "<!-- xdpmap %s scan initiated %s as: ", XDPMAP_VERSION, when);
	xm_xml_fputs(o->f, cfg->argv_line);
	fputs(" -->\n<nmaprun scanner=\"" XM_XML_SCANNER "\"", o->f);
	attr(o->f, "args", cfg->argv_line);
	fprintf(o->f, " start=\"%lld\"", (long long)cfg->start_time);
	attr(o->f, "startstr", when);
	fputs(" version=\"" XDPMAP_VERSION "\" xmloutputversion=\"" XM_XML_VERSION "\">\n",
	      o->f);
	fflush(o->f);
	return 0;
}

/*
 * scaninfo, verbose and debugging, written when the scan type is settled
 * (a -sS scan that cannot use XDP becomes -sT): before the first host.
 */
static void write_preamble(struct xm_output *o)
{
	if (o->began)
		return;
	o->began = true;
	if (!o->cfg->ping.only) /* nmap writes no scaninfo for -sn */
		write_scaninfo(o);
	fprintf(o->f, "<verbose level=\"%d\"/>\n<debugging level=\"%d\"/>\n", o->cfg->verbose,
		o->cfg->debug);
}

/* The <extrareasons> of one state and protocol: each reason whose ports are not listed. */
static void write_extrareasons(struct xm_output *o, const struct xm_host_report *hr,
			       const struct xm_host_groups *g, int k, int st)
{
	uint8_t proto = xm_pslot_proto(k);
	int rs;

	for (rs = 0; rs < XM_REASON_MAX; rs++) {
		if (!g->count[k][st][rs] || xm_port_shown(o->cfg, g, proto, st, rs))
			continue;
		fprintf(o->f, "<extrareasons reason=\"%s\" count=\"%zu\" proto=\"%s\" ports=\"",
			xm_reason_name(rs), g->count[k][st][rs], xm_proto_name(proto));
		xm_write_host_group_ports(o->f, hr, xm_host_scanned(o->cfg, hr), proto, st, rs);
		fputs("\"/>\n", o->f);
	}
}

static void write_extraports(struct xm_output *o, const struct xm_host_report *hr,
			     const struct xm_host_groups *g)
{
	int st, k;

	for (st = XM_STATE_CLOSED; st < XM_STATE_SLOTS; st++) {
		size_t hidden = 0;

		for (k = 0; k < XM_PSLOTS && st != XM_STATE_UP; k++)
			hidden += xm_hidden_in_state(o->cfg, g, xm_pslot_proto(k), st);
		if (!hidden)
			continue;
		fprintf(o->f, "<extraports state=\"%s\" count=\"%zu\">\n", xm_state_name(st),
			hidden);
		for (k = 0; k < XM_PSLOTS; k++)
			write_extrareasons(o, hr, g, k, st);
		fputs("</extraports>\n", o->f);
	}
}

/* An attribute only when it has a value, as nmap writes them. */
static void attr_opt(FILE *f, const char *name, const char *value)
{
	if (value && value[0])
		attr(f, name, value);
}

/* An unmatched name without a services-table entry ("unknown?"): nmap's conf is 0 then. */
static bool service_unnamed(const struct xm_service *v)
{
	return strcmp(v->method ? v->method : "table", "probed") &&
	       (!strcmp(v->name, "unknown") || !strcmp(v->name, "unknown?"));
}

/*
 * -sV's record of port p: nmap's attributes (servicefp: the fingerprint of a port no line
 * named, as one line), then one <cpe> per CPE. An unmatched name loses its '?'.
 */
static void write_service(struct xm_output *o, const struct xm_finding *p)
{
	const struct xm_service *v = p->svc;
	char name[sizeof(v->name)], fp[XM_SVC_FP_TEXT_LEN];
	int k, conf = v->conf < 0 ? 0 : v->conf > 10 ? 10 : v->conf;
	size_t len;

	snprintf(name, sizeof(name), "%s", v->name);
	len = strlen(name);
	if (len > 1 && name[len - 1] == '?')
		name[len - 1] = '\0';
	fputs("<service", o->f);
	attr(o->f, "name", name);
	attr_opt(o->f, "product", v->product);
	attr_opt(o->f, "version", v->version);
	attr_opt(o->f, "extrainfo", v->extrainfo);
	attr_opt(o->f, "hostname", v->hostname);
	attr_opt(o->f, "ostype", v->ostype);
	attr_opt(o->f, "devicetype", v->devicetype);
	if (v->fingerprint[0] && xm_svc_fp_text(p, fp, sizeof(fp)))
		attr(o->f, "servicefp", fp);
	attr_opt(o->f, "tunnel", v->tunnel);
	attr(o->f, "method", v->method && !strcmp(v->method, "probed") ? "probed" : "table");
	fprintf(o->f, " conf=\"%d\"", service_unnamed(v) ? 0 : conf);
	if (!v->ncpe) {
		fputs("/>", o->f);
		return;
	}
	fputc('>', o->f);
	for (k = 0; k < v->ncpe; k++) {
		fputs("<cpe>cpe:/", o->f);
		xm_xml_fputs(o->f, v->cpe[k]);
		fputs("</cpe>", o->f);
	}
	fputs("</service>", o->f);
}

/*
 * -sV named nothing, the services table has no name and no answer left a fingerprint:
 * nmap writes no service element.
 */
static bool service_unmatched(const struct xm_service *v)
{
	return service_unnamed(v) && !v->fingerprint[0];
}

/* Without -sV, service names come from the services table: nmap's method="table" conf="3". */
static void write_port(struct xm_output *o, const struct xm_finding *p)
{
	const char *svc = xm_service_lookup(p->proto, p->port);

	fprintf(o->f, "<port protocol=\"%s\" portid=\"%u\">", xm_proto_name(p->proto), p->port);
	fprintf(o->f, "<state state=\"%s\" reason=\"%s\" reason_ttl=\"%u\"/>",
		xm_state_name(p->state), xm_reason_name(p->reason), p->ttl);
	if (p->svc && !service_unmatched(p->svc)) {
		write_service(o, p);
	} else if (svc) {
		fputs("<service", o->f);
		attr(o->f, "name", svc);
		fputs(" method=\"table\" conf=\"3\"/>", o->f);
	}
	fputs("</port>\n", o->f);
}

static void write_ports(struct xm_output *o, const struct xm_host_report *hr)
{
	const struct xm_ports *scanned = xm_host_scanned(o->cfg, hr);
	struct xm_host_groups g;
	struct xm_port_iter it;
	struct xm_finding p;

	xm_host_report_groups(hr, scanned, &g);
	fputs("<ports>", o->f);
	write_extraports(o, hr, &g);
	xm_port_iter_host(&it, hr, scanned);
	while (xm_port_iter_next(&it, &p))
		if (xm_port_shown(o->cfg, &g, p.proto, p.state, p.reason))
			write_port(o, &p);
	fputs("</ports>\n", o->f);
}

static void write_host(struct xm_output *o, const struct xm_host_report *hr,
		       const struct xm_summary *s)
{
	const char *name = xm_host_name(o->cfg, hr->family, &hr->addr);
	const struct xm_finding *why = xm_host_why(hr);
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(hr->family, &hr->addr, ip, sizeof(ip));
	fprintf(o->f, "<host starttime=\"%lld\" endtime=\"%lld\">", (long long)s->start_time,
		(long long)(s->start_time + s->seconds));
	fprintf(o->f, "<status state=\"up\" reason=\"%s\" reason_ttl=\"%u\"/>\n",
		xm_reason_name(why->reason), why->ttl);
	fprintf(o->f, "<address addr=\"%s\" addrtype=\"%s\"/>\n", ip,
		xm_family_name(hr->family));
	xm_mac_write_xml(o->f, hr);
	fputs("<hostnames>\n", o->f);
	if (name) {
		fputs("<hostname", o->f);
		attr(o->f, "name", name);
		fputs(" type=\"PTR\"/>\n", o->f);
	}
	fputs("</hostnames>\n", o->f);
	if (!s->ping_only)
		write_ports(o, hr);
	if (hr->srtt_us) /* the host's estimate, microseconds, as nmap's */
		fprintf(o->f, "<times srtt=\"%u\" rttvar=\"%u\" to=\"%u\"/>\n",
			hr->srtt_us, hr->rttvar_us, hr->to_us);
	else if (hr->up && hr->up->rtt_us) /* one round trip only */
		fprintf(o->f, "<times srtt=\"%u\" rttvar=\"%u\" to=\"%u\"/>\n",
			hr->up->rtt_us, hr->up->rtt_us / 2, 100000 + 4 * hr->up->rtt_us);
	fputs("</host>\n", o->f);
}

static void write_runstats(struct xm_output *o, const struct xm_summary *s, bool ok)
{
	char when[64], done[160], summary[256];
	double end = s->start_time + s->seconds;

	xm_ctime(end, when, sizeof(when));
	xm_done_words(s, done, sizeof(done));
	snprintf(summary, sizeof(summary), "xdpmap done at %s; %s", when, done);
	fprintf(o->f, "<runstats><finished time=\"%lld\"", (long long)end);
	attr(o->f, "timestr", when);
	attr(o->f, "summary", summary);
	fprintf(o->f, " elapsed=\"%.2f\" exit=\"%s\"%s/>", s->seconds, ok ? "success" : "error",
		ok ? "" : " errormsg=\"the scan failed\"");
	fprintf(o->f, "<hosts up=\"%llu\" down=\"%llu\" total=\"%llu\"/>\n</runstats>\n</nmaprun>\n",
		(unsigned long long)s->hosts_up,
		(unsigned long long)(s->addrs - s->hosts_up), (unsigned long long)s->addrs);
}

static void xml_report(struct xm_output *o, const struct xm_finding *all, size_t n,
		       const struct xm_summary *s)
{
	size_t i;

	write_preamble(o);
	for (i = 0; i < s->nhosts; i++)
		if (xm_host_listed(o->cfg, &s->hosts[i]))
			write_host(o, &s->hosts[i], s);
	write_runstats(o, s, !s->failed);
	fflush(o->f);
	o->reported = true;
}

/* A scan that failed still leaves a well-formed, valid document. */
static void xml_close(struct xm_output *o)
{
	if (o->f && !o->reported) {
		struct xm_summary s = {
			.addrs = o->cfg->targets.count, .start_time = o->cfg->start_time,
			.seconds = xm_now_wall() - o->cfg->start_time,
		};

		write_preamble(o);
		write_runstats(o, &s, false);
	}
	xm_output_close_file(o);
}

static void xml_finding(struct xm_output *o, const struct xm_finding *f)
{
}

const struct xm_output_ops xm_output_xml = {
	.name = "xml",
	.open = xml_open,
	.finding = xml_finding,
	.report = xml_report,
	.close = xml_close,
};

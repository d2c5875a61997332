// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -oJ: one JSON object per line per reply as it arrives; unanswered ports and a summary at the end. */
#include "addr.h"
#include "cli.h"
#include "mac_vendor.h"
#include "output.h"
#include "fingerprint.h"
#include "service_record.h"

static int json_open(struct xm_output *o, const char *path, char *err,
		     size_t errlen)
{
	o->f = xm_output_fopen(path, err, errlen);
	if (o->f && xm_output_appending()) /* --resume: one stream with one summary */
		xm_output_cut_at_last(o->f, "{\"summary\":");
	return o->f ? 0 : -1;
}

/* "key":"escaped value" */
static void jstr(FILE *f, const char *key, const char *value)
{
	fprintf(f, "\"%s\":\"", key);
	xm_json_fputs(f, value);
	fputc('"', f);
}

static void write_finding(struct xm_output *o, const struct xm_finding *f)
{
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(f->family, &f->addr, ip, sizeof(ip));
	fputc('{', o->f);
	jstr(o->f, "ip", ip);
	fprintf(o->f, ",\"port\":%u,", f->port);
	jstr(o->f, "proto", xm_proto_name(f->proto));
	fputc(',', o->f);
	jstr(o->f, "state", xm_state_name(f->state));
	fputc(',', o->f);
	jstr(o->f, "reason", xm_reason_name(f->reason));
	fprintf(o->f, ",\"ttl\":%u,\"window\":%u,\"timestamp\":%.6f}\n", f->ttl, f->window,
		f->when);
}

/* A live host found by discovery: {"ip":..,"host":"up","reason":..,"ttl":..,"rtt":seconds,..}. */
static void write_live_host(struct xm_output *o, const struct xm_finding *up)
{
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(up->family, &up->addr, ip, sizeof(ip));
	fputc('{', o->f);
	jstr(o->f, "ip", ip);
	fputc(',', o->f);
	jstr(o->f, "host", "up");
	fputc(',', o->f);
	jstr(o->f, "reason", xm_reason_name(up->reason));
	fprintf(o->f, ",\"ttl\":%u,", up->ttl);
	if (up->rtt_us)
		fprintf(o->f, "\"rtt\":%.6f,", up->rtt_us / 1e6);
	xm_mac_write_json(o->f, up);
	fprintf(o->f, "\"timestamp\":%.6f}\n", up->when);
}

/*
 * -Pn: an on-link host's MAC, from the ARP reply that framed its probes:
 * {"ip":..,"host":"up","reason":"user-set","ttl":0,"mac":..,"vendor":..,"timestamp":..}.
 */
static void write_arp_host(struct xm_output *o, const struct xm_host_report *hr)
{
	char ip[XM_ADDR_STRLEN];

	xm_addr_str(hr->family, &hr->addr, ip, sizeof(ip));
	fputc('{', o->f);
	jstr(o->f, "ip", ip);
	fputs(",\"host\":\"up\",\"reason\":\"user-set\",\"ttl\":0,", o->f);
	xm_mac_write_json(o->f, hr->arp);
	fprintf(o->f, "\"timestamp\":%.6f}\n", hr->arp->when);
}

/*
 * -sV's answer for an open port, at report time (findings were written as
 * they came): {"ip":..,"port":..,"proto":"tcp"|..,"service":{"name":..,...}}; a port no
 * line named also has "servicefp", its fingerprint as -oX's servicefp writes it.
 */
static void write_service(struct xm_output *o, const struct xm_finding *f)
{
	static const char *const keys[] = { "product", "version", "extrainfo", "hostname",
					    "ostype", "devicetype" };
	const struct xm_service *v = f->svc;
	const char *vals[] = { v->product, v->version, v->extrainfo, v->hostname,
			       v->ostype, v->devicetype };
	char ip[XM_ADDR_STRLEN], fp[XM_SVC_FP_TEXT_LEN];
	size_t i;
	int k;

	xm_addr_str(f->family, &f->addr, ip, sizeof(ip));
	fputc('{', o->f);
	jstr(o->f, "ip", ip);
	fprintf(o->f, ",\"port\":%u,", f->port);
	jstr(o->f, "proto", xm_proto_name(f->proto));
	fputs(",\"service\":{", o->f);
	jstr(o->f, "name", v->name);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		fputc(',', o->f);
		jstr(o->f, keys[i], vals[i]);
	}
	fputc(',', o->f);
	jstr(o->f, "tunnel", v->tunnel ? v->tunnel : "");
	fputc(',', o->f);
	jstr(o->f, "method", v->method ? v->method : "table");
	fprintf(o->f, ",\"conf\":%d,\"cpe\":[", v->conf);
	for (k = 0; k < v->ncpe; k++) {
		fputs(k ? ",\"cpe:/" : "\"cpe:/", o->f);
		xm_json_fputs(o->f, v->cpe[k]);
		fputc('"', o->f);
	}
	fputc(']', o->f);
	if (v->fingerprint[0] && xm_svc_fp_text(f, fp, sizeof(fp))) {
		fputc(',', o->f);
		jstr(o->f, "servicefp", fp);
	}
	fputs("}}\n", o->f);
}

static void json_finding(struct xm_output *o, const struct xm_finding *f)
{
	if (o->cfg->open_only && f->state != XM_STATE_OPEN)
		return;
	write_finding(o, f); /* flushed by the engine after each read of replies */
}

/*
 * The ports of a host that never answered: filtered (TCP) or open|filtered
 * (UDP), reason no-response; --open keeps the open|filtered ones, as nmap's.
 */
static void write_unanswered(struct xm_output *o, const struct xm_host_report *hr, double when)
{
	struct xm_port_iter it;
	struct xm_finding p;

	xm_port_iter_host(&it, hr, xm_host_scanned(o->cfg, hr));
	while (xm_port_iter_next(&it, &p))
		if (p.reason == XM_REASON_NO_RESPONSE &&
		    (!o->cfg->open_only || p.state == XM_STATE_OPEN_FILTERED)) {
			p.addr = hr->addr; /* also when the host has no port finding */
			p.family = hr->family;
			p.when = when;
			write_finding(o, &p);
		}
}

static void count_states(const struct xm_finding *all, size_t n, uint64_t count[4])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].state <= XM_STATE_FILTERED)
			count[all[i].state]++;
}

/*
 * What --merge needs: the seed, this shard, the scan's identity and its
 * command line word by word ("args" is one string, cut at 1 KiB).
 */
static void write_shard_meta(struct xm_output *o, const struct xm_summary *s)
{
	const struct xm_config *cfg = o->cfg;
	char id[40];
	int i;

	xm_cli_scan_id(cfg->argc, cfg->argv, id, sizeof(id));
	fprintf(o->f, "\"seed\":%llu,\"shard\":%u,\"shards\":%u,\"sending\":%.6f,",
		(unsigned long long)s->seed, cfg->shard_index, cfg->shard_count, s->send_seconds);
	fprintf(o->f, "\"complete\":%s,", s->interrupted ? "false" : "true");
	if (s->merged)
		fprintf(o->f, "\"merged\":%u,\"merged_of\":%u,", s->merged, s->merged_of);
	jstr(o->f, "scan_type", cfg->ping.only ? "none" :
			       cfg->connect_scan ? (cfg->ports.n_udp ? "connect+udp" : "connect") :
			       !cfg->ports.n_udp ? "syn" : cfg->ports.n_udp < cfg->ports.n ? "syn+udp" :
			       "udp");
	fputc(',', o->f);
	jstr(o->f, "scan_id", id);
	fputs(",\"argv\":[", o->f);
	for (i = 0; i < cfg->argc; i++) {
		fputs(i ? ",\"" : "\"", o->f);
		xm_json_fputs(o->f, cfg->argv[i]);
		fputc('"', o->f);
	}
	fputs("],", o->f);
}

static void write_summary(struct xm_output *o, const struct xm_finding *all, size_t n,
			  const struct xm_summary *s, uint64_t unanswered, bool ok)
{
	uint64_t count[4] = { 0 };
	int st;

	count_states(all, n, count);
	for (st = 0; s->state_counts && st < 4; st++)
		count[st] += s->state_counts[st];
	fputs("{\"summary\":{", o->f);
	jstr(o->f, "scanner", "xdpmap");
	fputc(',', o->f);
	jstr(o->f, "version", XDPMAP_VERSION);
	fputc(',', o->f);
	jstr(o->f, "args", o->cfg->argv_line);
	fprintf(o->f, ",\"start\":%.6f,\"end\":%.6f,\"elapsed\":%.3f,", s->start_time,
		s->start_time + s->seconds, s->seconds);
	fprintf(o->f, "\"addresses\":%llu,\"hosts_up\":%llu,\"hosts_down\":%llu,",
		(unsigned long long)s->addrs, (unsigned long long)s->hosts_up,
		(unsigned long long)(s->addrs - s->hosts_up));
	fprintf(o->f, "\"ports_per_host\":%zu,\"probes\":%llu,", s->nports,
		(unsigned long long)s->probes);
	fprintf(o->f, "\"open\":%llu,\"closed\":%llu,\"filtered\":%llu,\"no_response\":%llu,",
		(unsigned long long)count[XM_STATE_OPEN],
		(unsigned long long)count[XM_STATE_CLOSED],
		(unsigned long long)count[XM_STATE_FILTERED], (unsigned long long)unanswered);
	fprintf(o->f, "\"lost_replies\":%llu,", (unsigned long long)s->ring_full);
	write_shard_meta(o, s);
	jstr(o->f, "exit", ok ? "success" : "error");
	fputs("}}\n", o->f);
}

static void json_report(struct xm_output *o, const struct xm_finding *all,
			size_t n, const struct xm_summary *s)
{
	double when = s->start_time + s->seconds;
	uint64_t unanswered = 0;
	size_t i, j, scanned, answered;

	for (i = 0; i < s->nhosts; i++) {
		const struct xm_host_report *hr = &s->hosts[i];

		if (hr->up && !o->cfg->open_only)
			write_live_host(o, hr->up);
		else if (hr->arp && !o->cfg->open_only)
			write_arp_host(o, hr);
		if (s->ping_only)
			continue;
		for (j = 0; j < hr->nports; j++) {
			if (hr->ports[j].svc)
				write_service(o, &hr->ports[j]);
			/* -sU -sV keeps its open|filtered ports as findings */
			unanswered += hr->ports[j].reason == XM_REASON_NO_RESPONSE;
		}
		scanned = xm_host_scanned(o->cfg, hr)->n;
		answered = hr->nports;
		if (hr->closed)
			answered += hr->nclosed[XM_PSLOT_TCP] + hr->nclosed[XM_PSLOT_UDP];
		unanswered += scanned > answered ? scanned - answered : 0;
		write_unanswered(o, hr, when);
	}
	write_summary(o, all, n, s, unanswered, !s->failed);
	fflush(o->f);
	o->reported = true;
}

/* A scan that failed still ends with a summary line, "exit":"error". */
static void json_close(struct xm_output *o)
{
	if (o->f && !o->reported) {
		struct xm_summary s = {
			.addrs = o->cfg->targets.count, .nports = o->cfg->ports.n,
			.start_time = o->cfg->start_time,
			.seconds = xm_now_wall() - o->cfg->start_time,
			.seed = o->cfg->seed_set ? o->cfg->seed : 0,
		};

		write_summary(o, NULL, 0, &s, 0, false);
	}
	xm_output_close_file(o);
}

const struct xm_output_ops xm_output_json = {
	.name = "json",
	.open = json_open,
	.finding = json_finding,
	.report = json_report,
	.close = json_close,
	.streams = true,
};

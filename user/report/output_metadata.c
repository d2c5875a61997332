// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* --metadata-file: one JSON document about the run (configuration, counts, XDP counters, modes). */
#include <sys/utsname.h>
#include "output.h"
#include "research.h"
#include "xdp_counters.h"


static int meta_open(struct xm_output *o, const char *path, char *err, size_t errlen)
{
	char why[400];

	o->f = xm_output_fopen(path, why, sizeof(why));
	if (!o->f)
		snprintf(err, errlen, "--metadata-file: %s", why);
	return o->f ? 0 : -1;
}

static void jstr(FILE *f, const char *key, const char *value)
{
	fprintf(f, "\"%s\":\"", key);
	xm_json_fputs(f, value);
	fputc('"', f);
}

static void write_config(struct xm_output *o, const struct xm_summary *s)
{
	const struct xm_config *cfg = o->cfg;

	fputs("\"config\":{", o->f);
	jstr(o->f, "args", cfg->argv_line);
	fputc(',', o->f);
	jstr(o->f, "scan_type", cfg->ping.only ? "none" : cfg->connect_scan ? "connect" : "syn");
	fprintf(o->f, ",\"addresses\":%llu,\"ports_per_host\":%zu,\"max_rate\":%.0f,"
		"\"max_retries\":%d,\"wait\":%.3f},",
		(unsigned long long)s->addrs, s->nports, cfg->max_rate, cfg->max_retries,
		cfg->wait_s);
	fprintf(o->f, "\"seed\":%llu,\"shard\":%u,\"shards\":%u,", (unsigned long long)s->seed,
		cfg->shard_index, cfg->shard_count);
}

static void write_counts(struct xm_output *o, const struct xm_finding *all, size_t n,
			 const struct xm_summary *s)
{
	uint64_t count[XM_STATE_FILTERED + 1] = { 0 };
	size_t i;
	int st;

	for (i = 0; i < n; i++)
		if (all[i].state <= XM_STATE_FILTERED)
			count[all[i].state]++;
	for (st = 0; s->state_counts && st <= XM_STATE_FILTERED; st++)
		count[st] += s->state_counts[st];
	fprintf(o->f, "\"start\":%.6f,\"end\":%.6f,\"elapsed\":%.3f,\"send_seconds\":%.3f,",
		s->start_time, s->start_time + s->seconds, s->seconds, s->send_seconds);
	fprintf(o->f, "\"probes_sent\":%llu,\"send_rate_pps\":%.0f,",
		(unsigned long long)s->probes,
		s->send_seconds > 0 ? (double)s->probes / s->send_seconds : 0.0);
	fprintf(o->f, "\"replies\":{\"open\":%llu,\"closed\":%llu,\"filtered\":%llu},"
		"\"hosts_up\":%llu,",
		(unsigned long long)count[XM_STATE_OPEN],
		(unsigned long long)count[XM_STATE_CLOSED],
		(unsigned long long)count[XM_STATE_FILTERED], (unsigned long long)s->hosts_up);
	fprintf(o->f, "\"hit_rate\":%.6f,\"lost_replies\":%llu,",
		s->probes ? (double)count[XM_STATE_OPEN] / (double)s->probes : 0.0,
		(unsigned long long)s->ring_full);
}

/* "senders":N,"sent_by_queue":[..], with the comma after. */
static void write_senders(struct xm_output *o, const struct xm_run_info *r)
{
	uint32_t i;

	fprintf(o->f, "\"senders\":%u,\"sent_by_queue\":[", r->senders);
	for (i = 0; i < r->senders && i < XM_RUN_QUEUES_MAX; i++)
		fprintf(o->f, "%s%llu", i ? "," : "", (unsigned long long)r->queue_sent[i]);
	fputs("],", o->f);
}

static void write_run(struct xm_output *o, const struct xm_run_info *r)
{
	uint32_t i;

	if (!r) {
		fputs("\"xdp\":null,", o->f);
		return;
	}
	fputs("\"xdp\":{", o->f);
	jstr(o->f, "interface", r->ifname ? r->ifname : "");
	fputc(',', o->f);
	jstr(o->f, "xdp_mode", r->xdp_generic ? "generic" : "native");
	fputc(',', o->f);
	jstr(o->f, "af_xdp", r->xsk_zerocopy ? "zero-copy" : "copy");
	fprintf(o->f, ",\"queue\":%u,\"queues\":%u,\"duplicates\":%llu,\"ringbuf_full\":%llu,",
		r->queue, r->queues, (unsigned long long)r->counters[XM_CNT_DUPLICATE],
		(unsigned long long)r->counters[XM_CNT_RINGBUF_FULL]);
	write_senders(o, r);
	fputs("\"counters\":{", o->f);
	for (i = 0; i < XM_CNT_MAX; i++)
		fprintf(o->f, "%s\"%s\":%llu", i ? "," : "", xm_counter_name(i),
			(unsigned long long)r->counters[i]);
	fputs("}},", o->f);
}

static void write_meta(struct xm_output *o, const struct xm_finding *all, size_t n,
		       const struct xm_summary *s)
{
	struct utsname u;

	fputc('{', o->f);
	jstr(o->f, "scanner", "xdpmap");
	fputc(',', o->f);
	jstr(o->f, "version", XDPMAP_VERSION);
	fputc(',', o->f);
	jstr(o->f, "kernel", uname(&u) ? "" : u.release);
	fputc(',', o->f);
	write_config(o, s);
	write_counts(o, all, n, s);
	write_run(o, s->run);
	fprintf(o->f, "\"complete\":%s,", s->interrupted ? "false" : "true");
	jstr(o->f, "exit", s->failed ? "error" : "success");
	fputs("}\n", o->f);
	fflush(o->f);
}

static void meta_report(struct xm_output *o, const struct xm_finding *all, size_t n,
			const struct xm_summary *s)
{
	write_meta(o, all, n, s);
	o->reported = true;
}

static void meta_finding(struct xm_output *o, const struct xm_finding *f)
{
}

/* A run that failed before its report still leaves a document, "exit":"error". */
static void meta_close(struct xm_output *o)
{
	if (o->f && !o->reported) {
		struct xm_summary s = {
			.addrs = o->cfg->targets.count, .nports = o->cfg->ports.n,
			.start_time = o->cfg->start_time,
			.seconds = xm_now_wall() - o->cfg->start_time,
			.seed = o->cfg->seed_set ? o->cfg->seed : 0, .failed = true,
		};

		write_meta(o, NULL, 0, &s);
	}
	xm_output_close_file(o);
}

const struct xm_output_ops xm_output_metadata = {
	.name = "metadata",
	.open = meta_open,
	.finding = meta_finding,
	.report = meta_report,
	.close = meta_close,
	.streams = true,
};

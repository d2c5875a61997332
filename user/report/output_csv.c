// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -oC: one CSV row per reply as it arrives, with the columns --output-fields names. */
#include <string.h>
#include "addr.h"
#include "output.h"
#include "research.h"

static const char *const field_names[XM_CSV_NFIELDS] = {
	[XM_CSV_IP] = "ip",	    [XM_CSV_PORT] = "port",	[XM_CSV_PROTO] = "proto",
	[XM_CSV_STATE] = "state",   [XM_CSV_REASON] = "reason", [XM_CSV_TTL] = "ttl",
	[XM_CSV_WINDOW] = "window", [XM_CSV_RTT] = "rtt",	[XM_CSV_TIMESTAMP] = "timestamp",
};

const char *xm_csv_field_name(enum xm_csv_field f)
{
	return f < XM_CSV_NFIELDS ? field_names[f] : "?";
}

static int field_of(const char *name, size_t len)
{
	int i;

	for (i = 0; i < XM_CSV_NFIELDS; i++)
		if (strlen(field_names[i]) == len && !strncmp(field_names[i], name, len))
			return i;
	return -1;
}

int xm_csv_fields_parse(const char *spec, enum xm_csv_field fields[XM_CSV_NFIELDS], size_t *n,
			char *err, size_t errlen)
{
	bool seen[XM_CSV_NFIELDS] = { false };
	const char *p = spec;

	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int f = field_of(p, len);

		if (f < 0) {
			snprintf(err, errlen, "--output-fields: unknown field '%.*s' (fields: %s)",
				 (int)(len > 64 ? 64 : len), p, XM_CSV_DEFAULT_FIELDS);
			return -1;
		}
		if (seen[f]) {
			snprintf(err, errlen, "--output-fields: field '%s' given twice",
				 field_names[f]);
			return -1;
		}
		seen[f] = true;
		fields[(*n)++] = (enum xm_csv_field)f;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

/* The columns of this run's -oC (one -oC per command line). */
static enum xm_csv_field columns[XM_CSV_NFIELDS];
static size_t ncolumns;

static int csv_open(struct xm_output *o, const char *path, char *err, size_t errlen)
{
	const char *spec = o->cfg->csv_fields ? o->cfg->csv_fields : XM_CSV_DEFAULT_FIELDS;
	size_t i;

	if (xm_csv_fields_parse(spec, columns, &ncolumns, err, errlen))
		return -1;
	o->f = xm_output_fopen(path, err, errlen);
	if (!o->f)
		return -1;
	if (xm_output_appending()) { /* --resume: the rows go on under the same header */
		fseek(o->f, 0, SEEK_END);
		if (ftell(o->f) > 0)
			return 0;
	}
	for (i = 0; i < ncolumns; i++)
		fprintf(o->f, "%s%s", i ? "," : "", field_names[columns[i]]);
	fputc('\n', o->f);
	return 0;
}

static void write_field(FILE *f, enum xm_csv_field c, const struct xm_finding *r)
{
	char ip[XM_ADDR_STRLEN];

	switch (c) {
	case XM_CSV_IP:
		xm_addr_str(r->family, &r->addr, ip, sizeof(ip));
		fputs(ip, f);
		break;
	case XM_CSV_PORT:
		fprintf(f, "%u", r->port);
		break;
	case XM_CSV_PROTO:
		fputs(xm_proto_name(r->proto), f);
		break;
	case XM_CSV_STATE:
		fputs(xm_state_name(r->state), f);
		break;
	case XM_CSV_REASON:
		fputs(xm_reason_name(r->reason), f);
		break;
	case XM_CSV_TTL:
		fprintf(f, "%u", r->ttl);
		break;
	case XM_CSV_WINDOW:
		fprintf(f, "%u", r->window);
		break;
	case XM_CSV_RTT:
		if (r->rtt_us)
			fprintf(f, "%.6f", r->rtt_us / 1e6);
		break;
	case XM_CSV_TIMESTAMP:
		fprintf(f, "%.6f", r->when);
		break;
	default:
		break;
	}
}

/* Names and words of the record never hold a comma or a quote: no quoting is needed. */
static void csv_finding(struct xm_output *o, const struct xm_finding *r)
{
	size_t i;

	if (o->cfg->open_only && r->state != XM_STATE_OPEN)
		return;
	for (i = 0; i < ncolumns; i++) {
		if (i)
			fputc(',', o->f);
		write_field(o->f, columns[i], r);
	}
	fputc('\n', o->f);
}

/* --merge: no finding arrives as it is found; the shards' findings are the rows. */
static void csv_report(struct xm_output *o, const struct xm_finding *all, size_t n,
		       const struct xm_summary *s)
{
	size_t i;

	for (i = 0; s->merged && i < n; i++)
		csv_finding(o, &all[i]);
	fflush(o->f);
	o->reported = true;
}

const struct xm_output_ops xm_output_csv = {
	.name = "csv",
	.open = csv_open,
	.finding = csv_finding,
	.report = csv_report,
	.close = xm_output_close_file,
	.streams = true,
};

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -sL: the target list in nmap's list-scan report, in each output format. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <time.h>
#include "addr.h"
#include "clock.h"
#include "list_scan.h"
#include "log.h"
#include "output.h"
#include "runtime.h"

/* One open output of the list: its format letter and file. */
struct list_out {
	char letter; /* 'N' (stdout's normal output is 'n'), 'X', 'G' or 'J' */
	FILE *f;
};

static void header(const struct xm_config *cfg, const struct list_out *o)
{
	time_t start = (time_t)cfg->start_time;
	char when[64];
	struct tm tm;

	xm_ctime(cfg->start_time, when, sizeof(when));
	switch (o->letter) {
	case 'n':
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z", localtime_r(&start, &tm));
		fprintf(o->f, "Starting xdpmap %s at %s\n", XDPMAP_VERSION, when);
		break;
	case 'N':
	case 'G':
		fprintf(o->f, "# xdpmap %s scan initiated %s as: ", XDPMAP_VERSION, when);
		xm_text_fputs(o->f, cfg->argv_line);
		fputc('\n', o->f);
		break;
	case 'X':
		fprintf(o->f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n"
			"<nmaprun scanner=\"nmap\" args=\"");
		xm_xml_fputs(o->f, cfg->argv_line);
		fprintf(o->f, "\" start=\"%lld\" startstr=\"", (long long)cfg->start_time);
		xm_xml_fputs(o->f, when);
		fprintf(o->f, "\" version=\"%s\" xmloutputversion=\"1.05\">\n<verbose level=\"%d\"/>"
			"\n<debugging level=\"%d\"/>\n", XDPMAP_VERSION, cfg->verbose, cfg->debug);
		break;
	}
}

static void host(const struct list_out *o, const char *ip, const char *name)
{
	switch (o->letter) {
	case 'n':
	case 'N':
		fputs("xdpmap scan report for ", o->f);
		if (name) {
			xm_text_fputs(o->f, name);
			fprintf(o->f, " (%s)\n", ip);
		} else {
			fprintf(o->f, "%s\n", ip);
		}
		break;
	case 'G':
		fprintf(o->f, "Host: %s (", ip);
		if (name)
			xm_text_fputs(o->f, name);
		fputs(")\tStatus: Unknown\n", o->f);
		break;
	case 'X':
		fprintf(o->f, "<host><status state=\"unknown\" reason=\"user-set\" reason_ttl=\"0\"/>"
			"\n<address addr=\"%s\" addrtype=\"ipv4\"/>\n<hostnames>\n", ip);
		if (name) {
			fputs("<hostname name=\"", o->f);
			xm_xml_fputs(o->f, name);
			fputs("\" type=\"PTR\"/>\n", o->f);
		}
		fputs("</hostnames>\n</host>\n", o->f);
		break;
	case 'J':
		fprintf(o->f, "{\"ip\":\"%s\",\"host\":\"unknown\",\"reason\":\"user-set\"", ip);
		if (name) {
			fputs(",\"hostname\":\"", o->f);
			xm_json_fputs(o->f, name);
			fputc('"', o->f);
		}
		fputs("}\n", o->f);
		break;
	}
}

static void trailer(const struct xm_config *cfg, const struct list_out *o, double end)
{
	struct xm_summary s = { .addrs = cfg->targets.count, .seconds = end - cfg->start_time };
	char done[160], when[64];

	xm_done_words(&s, done, sizeof(done));
	xm_ctime(end, when, sizeof(when));
	switch (o->letter) {
	case 'n':
		fprintf(o->f, "xdpmap done: %s\n", done);
		break;
	case 'N':
	case 'G':
		fprintf(o->f, "# xdpmap done at %s -- %s\n", when, done);
		break;
	case 'X':
		fprintf(o->f, "<runstats><finished time=\"%lld\" timestr=\"", (long long)end);
		xm_xml_fputs(o->f, when);
		fputs("\" summary=\"", o->f);
		xm_xml_fputs(o->f, done);
		fprintf(o->f, "\" elapsed=\"%.2f\" exit=\"success\"/><hosts up=\"0\" down=\"0\" "
			"total=\"%llu\"/>\n</runstats>\n</nmaprun>\n", s.seconds,
			(unsigned long long)s.addrs);
		break;
	case 'J':
		fprintf(o->f, "{\"summary\":{\"scanner\":\"xdpmap\",\"list_scan\":true,"
			"\"start\":%.6f,\"end\":%.6f,\"probes\":0,\"addresses\":%llu,\"args\":\"",
			cfg->start_time, end, (unsigned long long)s.addrs);
		xm_json_fputs(o->f, cfg->argv_line);
		fputs("\",\"exit\":\"success\"}}\n", o->f);
		break;
	}
}

/* The files of -oN/-oX/-oG/-oJ and stdout's normal output unless a format took '-'. */
static int open_all(const struct xm_config *cfg, struct list_out *outs, size_t *n)
{
	bool stdout_free = true;
	char err[512];
	size_t i;

	*n = 0;
	for (i = 0; i < xm_output_nformats; i++) {
		const char *path = cfg->out_path[i];
		char letter = xm_output_formats[i].letter;

		if (!path)
			continue;
		stdout_free &= strcmp(path, "-") != 0;
		if (!strchr("NXGJ", letter)) {
			pr_warn("-sL writes no -o%c output (only -oN, -oX, -oG and -oJ)\n", letter);
			return -1;
		}
		outs[*n] = (struct list_out){ .letter = letter, .f = xm_output_fopen(path, err,
										      sizeof(err)) };
		if (!outs[*n].f) {
			pr_warn("%s\n", err);
			return -1;
		}
		(*n)++;
	}
	if (stdout_free)
		outs[(*n)++] = (struct list_out){ .letter = 'n', .f = stdout };
	return 0;
}

/* The PTR name of a host (NULL with -n or none), not cached: a list may be long. */
static const char *ptr_name(const struct xm_config *cfg, uint32_t addr, char *buf, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(addr) };

	if (cfg->no_dns || getnameinfo((struct sockaddr *)&sin, sizeof(sin), buf, (socklen_t)len,
				       NULL, 0, NI_NAMEREQD))
		return NULL;
	return buf;
}

/* Whether a write to an output failed (a closed pipe, a full disk): the list stops. */
static bool write_failed(const struct list_out *outs, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ferror(outs[k].f) || (outs[k].f == stdout && fflush(stdout)))
			return true;
	return false;
}

int xm_list_scan(const struct xm_config *cfg)
{
	char name[NI_MAXHOST];
	struct list_out outs[XM_OUT_MAX + 1];
	char ip[XM_ADDR_STRLEN];
	size_t n = 0, k;
	uint64_t i;
	int rc = -1;

	if (open_all(cfg, outs, &n))
		goto out;
	for (k = 0; k < n; k++)
		header(cfg, &outs[k]);
	for (i = 0; i < cfg->targets.count && !xm_stop_signal; i++) {
		uint32_t addr = xm_targets_addr(&cfg->targets, i);
		struct xm_addr a = xm_addr4(addr);
		const char *ptr = ptr_name(cfg, addr, name, sizeof(name));

		xm_addr_str(XM_FAMILY_IPV4, &a, ip, sizeof(ip));
		for (k = 0; k < n; k++)
			host(&outs[k], ip, ptr);
		if ((i & 4095) == 4095 && write_failed(outs, n))
			break;
	}
	if (write_failed(outs, n)) {
		pr_warn("-sL: writing the list failed: %s\n", strerror(errno));
		goto out;
	}
	for (k = 0; k < n; k++)
		trailer(cfg, &outs[k], xm_now_wall());
	rc = 0;
out:
	for (k = 0; k < n; k++)
		if (outs[k].f != stdout)
			fclose(outs[k].f);
	fflush(stdout);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nmap's normal output on stdout: live "Discovered" lines with -v, a report per host, a summary. */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <time.h>
#include "common_kern_user.h"
#include "output.h"

/* A (state, reason) group with more ports than this goes into "Not shown". */
#define XM_MAX_SHOWN 25

static int normal_open(struct xm_output *o, const char *path, char *err,
		       size_t errlen)
{
	char when[64];
	time_t now = time(NULL);

	o->f = xm_output_fopen(path, err, errlen);
	if (!o->f)
		return -1;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z", localtime(&now));
	fprintf(o->f, "Starting xdpmap %s at %s\n", XDPMAP_VERSION, when);
	fflush(o->f);
	return 0;
}

static void addr_str(uint32_t addr, char *buf, size_t len)
{
	struct in_addr a = { .s_addr = htonl(addr) };

	inet_ntop(AF_INET, &a, buf, (socklen_t)len);
}

static void normal_finding(struct xm_output *o, const struct xm_finding *f)
{
	char ip[INET_ADDRSTRLEN];

	if (o->cfg->verbose < 1 || f->state != XM_STATE_OPEN)
		return;
	addr_str(f->addr, ip, sizeof(ip));
	fprintf(o->f, "Discovered open port %u/tcp on %s\n", f->port, ip);
	fflush(o->f);
}

/* Ports of one host grouped by (state, reason); no-response counts the unanswered. */
struct host_groups {
	size_t count[XM_STATE_FILTERED + 1][XM_REASON_MAX];
};

static void group_host(const struct xm_finding *h, size_t n, size_t nports,
		       struct host_groups *g)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < n; i++)
		g->count[h[i].state][h[i].reason]++;
	g->count[XM_STATE_FILTERED][XM_REASON_NO_RESPONSE] = nports - n;
}

static int shown(const struct host_groups *g, int state, int reason)
{
	return state == XM_STATE_OPEN || g->count[state][reason] <= XM_MAX_SHOWN;
}

static void print_not_shown(FILE *f, const struct host_groups *g)
{
	const char *sep = "Not shown: ";
	int st, rs;

	for (st = XM_STATE_CLOSED; st <= XM_STATE_FILTERED; st++)
		for (rs = 0; rs < XM_REASON_MAX; rs++) {
			size_t c = g->count[st][rs];

			if (!c || shown(g, st, rs))
				continue;
			fprintf(f, "%s%zu %s tcp port%s (%s)", sep, c,
				xm_state_name(st), c == 1 ? "" : "s",
				xm_reason_name(rs));
			sep = ", ";
		}
	if (strcmp(sep, "Not shown: "))
		fputc('\n', f);
}

static void print_port(FILE *f, uint16_t port, int state)
{
	char p[16];

	snprintf(p, sizeof(p), "%u/tcp", port);
	fprintf(f, "%-9s %-8s %s\n", p, xm_state_name(state), xm_service_name(port));
}

/* Unanswered ports are listed only when their group is small enough. */
static void print_no_response(FILE *f, const struct xm_finding *h, size_t n,
			      const struct xm_config *cfg)
{
	size_t i, j = 0;

	for (i = 0; i < cfg->ports.n; i++) {
		uint16_t port = cfg->ports.v[i];

		while (j < n && h[j].port < port)
			j++;
		if (j < n && h[j].port == port)
			continue;
		print_port(f, port, XM_STATE_FILTERED);
	}
}

static void host_name(const struct xm_config *cfg, uint32_t addr, char *out,
		      size_t len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(addr) };
	char ip[INET_ADDRSTRLEN], name[NI_MAXHOST];

	addr_str(addr, ip, sizeof(ip));
	if (!cfg->no_dns && !getnameinfo((struct sockaddr *)&sa, sizeof(sa), name,
					 sizeof(name), NULL, 0, NI_NAMEREQD))
		snprintf(out, len, "%s (%s)", name, ip);
	else
		snprintf(out, len, "%s", ip);
}

static void print_host(struct xm_output *o, const struct xm_finding *h,
		       size_t n, const struct xm_summary *s)
{
	struct host_groups g;
	char name[NI_MAXHOST + 32];
	size_t i;

	group_host(h, n, s->nports, &g);
	host_name(o->cfg, h[0].addr, name, sizeof(name));
	fprintf(o->f, "xdpmap scan report for %s\n", name);
	fprintf(o->f, "Host is up, received %s ttl %u.\n",
		xm_reason_name(h[0].reason), h[0].ttl);
	print_not_shown(o->f, &g);
	fprintf(o->f, "%-9s %-8s %s\n", "PORT", "STATE", "SERVICE");
	for (i = 0; i < n; i++)
		if (shown(&g, h[i].state, h[i].reason))
			print_port(o->f, h[i].port, h[i].state);
	if (shown(&g, XM_STATE_FILTERED, XM_REASON_NO_RESPONSE) &&
	    g.count[XM_STATE_FILTERED][XM_REASON_NO_RESPONSE])
		print_no_response(o->f, h, n, o->cfg);
	fputc('\n', o->f);
}

static void normal_report(struct xm_output *o, const struct xm_finding *all,
			  size_t n, const struct xm_summary *s)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && all[j].addr == all[i].addr)
			j++;
		print_host(o, all + i, j - i, s);
		i = j;
	}
	if (s->ring_full)
		fprintf(o->f, "WARNING: %llu replies were lost because the ring buffer was full\n",
			(unsigned long long)s->ring_full);
	fprintf(o->f, "xdpmap done: %llu IP address%s (%llu host%s up) scanned in %.2f seconds\n",
		(unsigned long long)s->addrs, s->addrs == 1 ? "" : "es",
		(unsigned long long)s->hosts_up, s->hosts_up == 1 ? "" : "s",
		s->seconds);
	fprintf(o->f, "Probes sent: %llu to %zu port%s per host in %.2f s of sending (%.0f probes/s)\n",
		(unsigned long long)s->probes, s->nports, s->nports == 1 ? "" : "s",
		s->send_seconds,
		s->send_seconds > 0 ? (double)s->probes / s->send_seconds : 0.0);
	fflush(o->f);
}

const struct xm_output_ops xm_output_normal = {
	.name = "normal",
	.open = normal_open,
	.finding = normal_finding,
	.report = normal_report,
	.close = xm_output_close_file,
};

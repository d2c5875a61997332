// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* --merge: each shard file parsed line by line, checked against the others, folded by shard. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "json_line.h"
#include "merge.h"
#include "output.h"

#define XM_STR2(x) #x
#define XM_STR(x) XM_STR2(x)

/* One file as read. */
struct shard {
	const char *name;
	struct xm_finding *ports, *ups, *macs;
	size_t nports, nups, capp, capu, nmacs, capm;
	char **argv;
	int argc;
	char scan_id[40];
	uint64_t seed, index, count;
	double start, end, sending;
	uint64_t probes, lost;
	bool failed, interrupted, connect, summary;
	size_t order; /* position on the command line */
};

static void shard_free(struct shard *sh)
{
	int i;

	free(sh->ports);
	free(sh->ups);
	free(sh->macs);
	for (i = 0; i < sh->argc; i++)
		free(sh->argv[i]);
	free(sh->argv);
	memset(sh, 0, sizeof(*sh));
}

static int push(struct xm_finding **v, size_t *n, size_t *cap, const struct xm_finding *f)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct xm_finding *p = reallocarray(*v, c, sizeof(**v));

		if (!p)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = *f;
	return 0;
}

/* The value of 'names' (by its name function) whose name is s; -1 if none. */
static int name_index(const char *s, int lo, int hi, const char *(*name)(int))
{
	int i;

	for (i = lo; s && i < hi; i++)
		if (!strcmp(name(i), s))
			return i;
	return -1;
}

static const char *proto_name(int p)
{
	return xm_proto_name((uint8_t)p);
}

static int parse_addr(const char *s, struct xm_finding *f)
{
	struct in_addr a4;

	if (s && inet_pton(AF_INET, s, &a4) == 1) {
		f->family = XM_FAMILY_IPV4;
		f->addr = xm_addr_from_ipv4(a4.s_addr);
		return 0;
	}
	if (s && inet_pton(AF_INET6, s, f->addr.b) == 1) {
		f->family = XM_FAMILY_IPV6;
		return 0;
	}
	return -1;
}

/* What port and host lines share: the address, reason, ttl and timestamp. */
static const char *common_fields(const struct xm_jline *l, struct xm_finding *f)
{
	uint64_t ttl;
	int reason;

	if (parse_addr(xm_jline_str(l, NULL, "ip"), f))
		return "no IP address in \"ip\"";
	reason = name_index(xm_jline_str(l, NULL, "reason"), 0, XM_REASON_MAX, xm_reason_name);
	if (reason < 0)
		return "an unknown \"reason\"";
	f->reason = (uint8_t)reason;
	if (xm_jline_uint(l, NULL, "ttl", 255, &ttl) ||
	    xm_jline_num(l, NULL, "timestamp", &f->when))
		return "no \"ttl\" or \"timestamp\"";
	f->ttl = (uint8_t)ttl;
	return NULL;
}

/* {"ip":..,"port":..,"proto":..,"state":..,"reason":..,"ttl":..,"window":..,"timestamp":..} */
static const char *port_line(struct shard *sh, const struct xm_jline *l)
{
	struct xm_finding f = { 0 };
	uint64_t port, win;
	int proto, state;
	const char *why = common_fields(l, &f);

	if (why)
		return why;
	proto = name_index(xm_jline_str(l, NULL, "proto"), 1, 256, proto_name);
	state = name_index(xm_jline_str(l, NULL, "state"), XM_STATE_OPEN,
			   XM_STATE_OPEN_FILTERED + 1, xm_state_name);
	if (proto < 0 || state < 0 || xm_jline_uint(l, NULL, "port", 65535, &port) ||
	    xm_jline_uint(l, NULL, "window", 65535, &win))
		return "a port line without a good \"proto\", \"state\", \"port\" or \"window\"";
	f.proto = (uint8_t)proto;
	f.state = (uint8_t)state;
	f.port = (uint16_t)port;
	f.window = (uint16_t)win;
	return push(&sh->ports, &sh->nports, &sh->capp, &f) ? "out of memory" : NULL;
}

/* "AA:BB:CC:DD:EE:FF" (either case) into mac: 0, or -1 for NULL or another form. */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned m[6];
	char tail;
	int i;

	if (!s || strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5],
		   &tail) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
	return 0;
}

/* -Pn's {"ip":..,"host":"up","reason":"user-set","ttl":0,"mac":..,"timestamp":..}: a MAC. */
static const char *arp_line(struct shard *sh, const struct xm_jline *l)
{
	struct xm_finding f = { .state = XM_STATE_UP };

	if (parse_addr(xm_jline_str(l, NULL, "ip"), &f))
		return "no IP address in \"ip\"";
	if (parse_mac(xm_jline_str(l, NULL, "mac"), f.mac))
		return "a user-set host line without a good \"mac\"";
	if (xm_jline_num(l, NULL, "timestamp", &f.when))
		return "no \"ttl\" or \"timestamp\"";
	return push(&sh->macs, &sh->nmacs, &sh->capm, &f) ? "out of memory" : NULL;
}

/* {"ip":..,"host":"up","reason":..,"ttl":..,"rtt":seconds,"mac":..,"timestamp":..} */
static const char *host_line(struct shard *sh, const struct xm_jline *l)
{
	struct xm_finding f = { .state = XM_STATE_UP };
	const char *reason = xm_jline_str(l, NULL, "reason");
	const char *host = xm_jline_str(l, NULL, "host");
	const char *why;
	double rtt = 0;

	if (reason && !strcmp(reason, "user-set") && host && !strcmp(host, "up"))
		return arp_line(sh, l);
	why = common_fields(l, &f);
	if (why)
		return why;
	if (!host || strcmp(host, "up"))
		return "a host line that is not \"host\":\"up\"";
	if (xm_jline_get(l, NULL, "rtt") && (xm_jline_num(l, NULL, "rtt", &rtt) || rtt < 0 ||
					     rtt > 4e3))
		return "a bad \"rtt\"";
	f.rtt_us = (uint32_t)(rtt * 1e6 + 0.5);
	if (xm_jline_get(l, NULL, "mac") && parse_mac(xm_jline_str(l, NULL, "mac"), f.mac))
		return "a bad \"mac\"";
	return push(&sh->ups, &sh->nups, &sh->capu, &f) ? "out of memory" : NULL;
}

/* The summary's "argv" array, copied. */
static const char *summary_argv(struct shard *sh, const struct xm_jline *l,
				const struct xm_jfield *sum)
{
	const struct xm_jfield *a = xm_jline_get(l, sum, "argv");
	size_t i;

	if (!a || a->type != XM_J_ARR || !a->count || a->count > 65536)
		return "a summary without the command line (\"argv\")";
	sh->argv = calloc(a->count + 1, sizeof(*sh->argv));
	if (!sh->argv)
		return "out of memory";
	for (i = 0; i < a->count; i++) {
		sh->argv[i] = strdup(l->items[a->first + i]);
		if (!sh->argv[i])
			return "out of memory";
		sh->argc++;
	}
	return NULL;
}

static const char *summary_line(struct shard *sh, const struct xm_jline *l,
				const struct xm_jfield *sum)
{
	const char *id = xm_jline_str(l, sum, "scan_id");
	const char *exit_word = xm_jline_str(l, sum, "exit");
	const char *type = xm_jline_str(l, sum, "scan_type");
	const struct xm_jfield *complete;

	if (sum->type != XM_J_OBJ)
		return "a \"summary\" that is not an object";
	if (!id || strlen(id) >= sizeof(sh->scan_id) ||
	    xm_jline_uint(l, sum, "seed", UINT64_MAX, &sh->seed) ||
	    xm_jline_uint(l, sum, "shards", UINT32_MAX, &sh->count) ||
	    xm_jline_uint(l, sum, "shard", sh->count ? sh->count - 1 : 0, &sh->index) ||
	    !sh->count)
		return "a summary without good shard metadata (seed, shard, shards, scan_id): "
		       "not written by this xdpmap's -oJ";
	if (!exit_word || xm_jline_num(l, sum, "start", &sh->start) ||
	    xm_jline_num(l, sum, "end", &sh->end) ||
	    xm_jline_uint(l, sum, "probes", UINT64_MAX, &sh->probes) ||
	    xm_jline_uint(l, sum, "lost_replies", UINT64_MAX, &sh->lost))
		return "a summary without start, end, probes, lost_replies or exit";
	if (sh->count > XM_MERGE_MAX_SHARDS)
		return "a scan in more shards than --merge takes (" XM_STR(XM_MERGE_MAX_SHARDS) ")";
	xm_jline_num(l, sum, "sending", &sh->sending);
	snprintf(sh->scan_id, sizeof(sh->scan_id), "%s", id);
	sh->failed = strcmp(exit_word, "success") != 0;
	complete = xm_jline_get(l, sum, "complete");
	sh->interrupted = complete && complete->type == XM_J_BOOL && !complete->num;
	sh->connect = type && !strncmp(type, "connect", 7); /* also "connect+udp" */
	sh->summary = true;
	return summary_argv(sh, l, sum);
}

/* One line: its kind by its keys. Returns NULL or why it is refused. */
static const char *one_line(struct shard *sh, const char *s, size_t len, char *why, size_t wlen)
{
	const struct xm_jfield *sum;
	struct xm_jline l;
	const char *bad;

	if (sh->summary)
		return "text after the summary line";
	if (xm_jline_parse(s, len, &l, why, wlen))
		return why;
	if ((sum = xm_jline_get(&l, NULL, "summary")))
		bad = summary_line(sh, &l, sum);
	else if (xm_jline_get(&l, NULL, "service"))
		bad = "-sV service records cannot be merged";
	else if (xm_jline_get(&l, NULL, "host"))
		bad = host_line(sh, &l);
	else if (xm_jline_get(&l, NULL, "port"))
		bad = port_line(sh, &l);
	else
		bad = "not an -oJ record (no \"port\", \"host\" or \"summary\")";
	if (bad && bad != why)
		snprintf(why, wlen, "%s", bad);
	xm_jline_free(&l);
	return bad ? why : NULL;
}

static int read_stream(struct shard *sh, FILE *f, char *err, size_t errlen)
{
	char *line = NULL, why[256];
	const char *bad;
	size_t cap = 0, no = 0;
	ssize_t n;
	int rc = 0;

	errno = 0;
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		no++;
		if (!n || line[n - 1] != '\n') {
			snprintf(err, errlen, "%s: line %zu is cut (no newline): a truncated file",
				 sh->name, no);
			rc = -1;
		} else if ((bad = one_line(sh, line, (size_t)n - 1, why, sizeof(why)))) {
			snprintf(err, errlen, "%s: line %zu: %s", sh->name, no, bad);
			rc = -1;
		}
	}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "%s: read failed: %s", sh->name, strerror(errno));
		rc = -1;
	}
	if (!rc && !sh->summary) {
		snprintf(err, errlen, "%s: no summary line: a truncated or unfinished -oJ file",
			 sh->name);
		rc = -1;
	}
	free(line);
	return rc;
}

static int read_shard(struct shard *sh, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	int rc;

	sh->name = path;
	if (!f) {
		snprintf(err, errlen, "%s: cannot read: fopen: %s", path, strerror(errno));
		return -1;
	}
	rc = read_stream(sh, f, err, errlen);
	fclose(f);
	return rc;
}

/* The first shard folded in gives the scan's identity (m->argv owns its argv from then on). */
static int fold(struct xm_merge *m, struct shard *sh)
{
	size_t i;

	if (!m->merged) {
		m->have = calloc(sh->count, sizeof(*m->have));
		if (!m->have)
			return -1;
		m->argv = sh->argv;
		m->argc = sh->argc;
		sh->argv = NULL;
		sh->argc = 0;
		m->seed = sh->seed;
		m->shards = (uint32_t)sh->count;
		m->connect_scan = sh->connect;
		m->start = sh->start;
		m->end = sh->end;
	}
	for (i = 0; i < sh->nports; i++) {
		/* unanswered ("no-response") pairs: the merged report works these out again */
		if (sh->ports[i].reason != XM_REASON_NO_RESPONSE &&
		    xm_results_add(&m->ports, &sh->ports[i]) < 0)
			return -1;
		if (m->partial && xm_results_add(&m->sent, &sh->ports[i]) < 0)
			return -1;
	}
	for (i = 0; i < sh->nups; i++)
		if (xm_results_add(&m->up, &sh->ups[i]) < 0)
			return -1;
	m->any_up |= sh->nups > 0;
	for (i = 0; i < sh->nmacs; i++)
		if (xm_results_add(&m->macs, &sh->macs[i]) < 0)
			return -1;
	if (sh->index < m->shards)
		m->have[sh->index] = true;
	m->merged++;
	m->start = sh->start < m->start ? sh->start : m->start;
	m->end = sh->end > m->end ? sh->end : m->end;
	m->sending += sh->sending;
	m->probes += sh->probes;
	m->lost += sh->lost;
	m->failed |= sh->failed;
	return 0;
}

int xm_merge_text(struct xm_merge *m, const char *name, const char *text, size_t len,
		  char *err, size_t errlen)
{
	struct shard sh = { .name = name };
	FILE *f = len ? fmemopen((void *)text, len, "r") : NULL;
	int rc = -1;

	if (!len)
		snprintf(err, errlen, "%s: no summary line: an empty file", name);
	else if (!f)
		snprintf(err, errlen, "%s: fmemopen: %s", name, strerror(errno));
	else if (!read_stream(&sh, f, err, errlen) && (rc = fold(m, &sh)))
		snprintf(err, errlen, "%s: out of memory", name);
	if (f)
		fclose(f);
	shard_free(&sh);
	return rc;
}

/* Another scan, another split, the same shard twice: the first file is the reference. */
static int check_shard(const struct shard *sh, const struct shard *ref,
		       const struct shard *prev, char *err, size_t errlen)
{
	if (strcmp(sh->scan_id, ref->scan_id) || sh->seed != ref->seed) {
		snprintf(err, errlen, "%s: not a shard of the same scan as %s (%s differs)",
			 sh->name, ref->name, sh->seed != ref->seed ? "the seed" : "scan_id");
		return -1;
	}
	if (sh->count != ref->count) {
		snprintf(err, errlen, "%s: a scan in %llu shards, but %s is in %llu", sh->name,
			 (unsigned long long)sh->count, ref->name, (unsigned long long)ref->count);
		return -1;
	}
	if (prev && prev->index == sh->index) {
		snprintf(err, errlen, "%s: shard %llu/%llu again (also in %s)", sh->name,
			 (unsigned long long)sh->index + 1, (unsigned long long)sh->count,
			 prev->name);
		return -1;
	}
	return 0;
}

static int by_index(const void *a, const void *b)
{
	const struct shard *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorted by shard: each checked, a gap refused unless partial, then folded in. */
static int check_and_fold(struct xm_merge *m, struct shard *sh, size_t n, const struct shard *ref,
			  bool partial, char *err, size_t errlen)
{
	uint64_t want = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (check_shard(&sh[i], ref, i ? &sh[i - 1] : NULL, err, errlen))
			return -1;
		if (sh[i].failed && !partial) {
			snprintf(err, errlen, "%s: that shard's scan failed (\"exit\":\"error\"); "
				 "--merge-partial merges it anyway", sh[i].name);
			return -1;
		}
		if (sh[i].interrupted && !partial) {
			snprintf(err, errlen, "%s: that shard's scan was interrupted "
				 "(\"complete\":false); finish it with --resume, or --merge-partial "
				 "merges what it sent", sh[i].name);
			return -1;
		}
	}
	for (i = 0; i < n && !partial; i++, want++)
		if (sh[i].index != want)
			break;
	if (!partial && want < ref->count) {
		snprintf(err, errlen, "shard %llu/%llu is missing from the %zu file%s given (%s "
			 "...); --merge-partial merges what is there", (unsigned long long)want + 1,
			 (unsigned long long)ref->count, n, n == 1 ? "" : "s", ref->name);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (fold(m, &sh[i])) {
			snprintf(err, errlen, "%s: out of memory", sh[i].name);
			return -1;
		}
	return 0;
}

int xm_merge_load(struct xm_merge *m, char *const *files, size_t nfiles, bool partial,
		  char *err, size_t errlen)
{
	struct shard *sh, ref;
	size_t i;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	m->partial = partial;
	if (!nfiles) {
		snprintf(err, errlen, "--merge needs the shards' -oJ files");
		return -1;
	}
	sh = calloc(nfiles, sizeof(*sh));
	if (!sh) {
		snprintf(err, errlen, "calloc failed: out of memory");
		return -1;
	}
	for (i = 0; i < nfiles; i++) {
		sh[i].order = i;
		if (read_shard(&sh[i], files[i], err, errlen))
			goto out;
	}
	ref = sh[0]; /* the identity the others must share (names and ids only) */
	qsort(sh, nfiles, sizeof(*sh), by_index);
	rc = check_and_fold(m, sh, nfiles, &ref, partial, err, errlen);
out:
	for (i = 0; i < nfiles; i++)
		shard_free(&sh[i]);
	free(sh);
	if (rc)
		xm_merge_free(m);
	return rc;
}

void xm_merge_free(struct xm_merge *m)
{
	int i;

	xm_results_free(&m->ports);
	xm_results_free(&m->up);
	xm_results_free(&m->macs);
	xm_results_free(&m->sent);
	for (i = 0; i < m->argc; i++)
		free(m->argv[i]);
	free(m->argv);
	free(m->have);
	free(m->run_argv);
	memset(m, 0, sizeof(*m));
}

bool xm_merge_incomplete(const struct xm_merge *m)
{
	return m->merged < m->shards || m->failed;
}

int xm_merge_scope(const struct xm_results *sent, const struct xm_ports *ports,
		   struct xm_host_report *hosts, size_t n)
{
	struct xm_finding key = { .proto = ports->proto };
	size_t k, j;

	for (k = 0; k < n; k++) {
		struct xm_ports *sc = &hosts[k].scanned;

		sc->v = malloc((ports->n ? ports->n : 1) * sizeof(*sc->v));
		if (!sc->v)
			return -1;
		sc->n = 0;
		sc->n_udp = 0;
		sc->proto = ports->proto;
		key.family = hosts[k].family;
		key.addr = hosts[k].addr;
		for (j = 0; j < ports->n; j++) {
			key.proto = xm_ports_proto(ports, j);
			key.port = ports->v[j];
			if (!xm_results_has(sent, &key))
				continue;
			sc->v[sc->n++] = ports->v[j];
			sc->n_udp += key.proto == IPPROTO_UDP;
		}
	}
	return 0;
}

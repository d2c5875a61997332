// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Helpers shared by the output formats: names, port groups, host names, times, files. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "output.h"

const char *xm_state_name(int state)
{
	switch (state) {
	case XM_STATE_OPEN: return "open";
	case XM_STATE_CLOSED: return "closed";
	case XM_STATE_FILTERED: return "filtered";
	case XM_STATE_OPEN_FILTERED: return "open|filtered";
	}
	return "unknown";
}

const char *xm_reason_name(int reason)
{
	static const char *const names[XM_REASON_MAX] = {
		[XM_REASON_NONE] = "unknown",
		[XM_REASON_SYN_ACK] = "syn-ack",
		[XM_REASON_RESET] = "reset",
		[XM_REASON_NET_UNREACH] = "net-unreach",
		[XM_REASON_HOST_UNREACH] = "host-unreach",
		[XM_REASON_PROTO_UNREACH] = "proto-unreach",
		[XM_REASON_PORT_UNREACH] = "port-unreach",
		[XM_REASON_NET_PROHIBITED] = "net-prohibited",
		[XM_REASON_HOST_PROHIBITED] = "host-prohibited",
		[XM_REASON_ADMIN_PROHIBITED] = "admin-prohibited",
		[XM_REASON_NO_RESPONSE] = "no-response",
		[XM_REASON_ECHO_REPLY] = "echo-reply",
		[XM_REASON_TIMESTAMP_REPLY] = "timestamp-reply",
		[XM_REASON_ARP_RESPONSE] = "arp-response",
		[XM_REASON_CONN_REFUSED] = "conn-refused",
		[XM_REASON_LOCALHOST] = "localhost-response",
		[XM_REASON_UDP_RESPONSE] = "udp-response",
		[XM_REASON_ND_RESPONSE] = "nd-response",
		[XM_REASON_NO_ROUTE] = "no-route",
		[XM_REASON_BEYOND_SCOPE] = "beyond-scope",
		[XM_REASON_REJECT_ROUTE] = "reject-route",
	};

	return reason >= 0 && reason < XM_REASON_MAX ? names[reason] : "unknown";
}

/*
 * /etc/services read once per protocol into a table by port: a report of
 * many hosts would otherwise read the whole file again for every port line.
 */
static const char **service_table(uint8_t proto)
{
	static const char **tables[256];
	const char *pname = xm_proto_name(proto), **names = tables[proto];
	struct servent *se;

	if (names)
		return names;
	names = calloc(65536, sizeof(*names));
	if (!names)
		return NULL;
	setservent(1);
	while ((se = getservent()))
		if (!strcmp(se->s_proto, pname) && !names[ntohs((uint16_t)se->s_port)])
			names[ntohs((uint16_t)se->s_port)] = strdup(se->s_name);
	endservent();
	tables[proto] = names;
	return names;
}

const char *xm_service_lookup(uint8_t proto, uint16_t port)
{
	const char **names = service_table(proto);

	return names ? names[port] : NULL;
}

const char *xm_service_name(uint8_t proto, uint16_t port)
{
	const char *name = xm_service_lookup(proto, port);

	return name ? name : "unknown";
}

/* --resume appends to the interrupted run's files, as nmap's --resume does. */
static bool output_append;
/* --append-output: files are appended to, each format starting a document of its own. */
static bool output_new_document;

void xm_output_set_append(bool append)
{
	output_append = append;
}

bool xm_output_appending(void)
{
	return output_append && !output_new_document;
}

void xm_output_set_append_new(bool append)
{
	output_new_document = append;
	if (append)
		output_append = true;
}

int xm_output_cut_at_last(FILE *f, const char *marker)
{
	size_t mlen = strlen(marker), len = 0, cap = 0;
	char *buf = NULL, *p, *hit = NULL;
	long off;
	int rc = -1;

	if (f == stdout || fseek(f, 0, SEEK_SET) ||
	    (len = (size_t)getdelim(&buf, &cap, '\0', f), ferror(f)) || !buf)
		goto out;
	for (p = buf; (p = memmem(p, len - (size_t)(p - buf), marker, mlen)); p++)
		hit = p;
	if (!hit)
		goto out;
	off = (long)(hit - buf);
	fflush(f);
	rc = ftruncate(fileno(f), off) ? -1 : 0;
out:
	free(buf);
	clearerr(f);
	fseek(f, 0, SEEK_END);
	return rc;
}

/*
 * The directory holding 'path' ("." when it names none) as an O_PATH fd;
 * *base: the last component. -1 with errno on failure.
 */
static int open_parent(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	*base = slash ? slash + 1 : path;
	if (!**base) {
		errno = EISDIR;
		return -1;
	}
	if (!slash)
		return open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
	if (!dir)
		return -1;
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return fd;
}

/*
 * As the kernel's protected_regular: in a sticky directory that others may
 * write to (/tmp), a file owned neither by us nor by the directory's owner
 * was put there by someone else, who could read what we write or swap it.
 */
static bool planted(const struct stat *dir, const struct stat *st)
{
	return (dir->st_mode & S_ISVTX) && (dir->st_mode & (S_IWGRP | S_IWOTH)) &&
	       st->st_uid != geteuid() && st->st_uid != dir->st_uid;
}

/*
 * Why 'base' in 'dfd' is not to be written: a symbolic link, or a planted
 * file. The kernel refuses those itself with EACCES (sticky directories,
 * protected_regular) or ELOOP (O_NOFOLLOW); then, and after a successful open
 * ('st' the file's status), this says which. Returns false for neither.
 */
static bool refused(int dfd, const char *base, const struct stat *st, char *why, size_t whylen)
{
	struct stat lst, dst;

	if (!st && !fstatat(dfd, base, &lst, AT_SYMLINK_NOFOLLOW))
		st = &lst;
	if (!st || fstat(dfd, &dst))
		return false;
	if (S_ISLNK(st->st_mode))
		snprintf(why, whylen, "it is a symbolic link, which is not followed "
			 "(name its target, or '-' for standard output)");
	else if (planted(&dst, st))
		snprintf(why, whylen, "it belongs to uid %u and lies in a sticky directory that "
			 "others can write to; left untouched", (unsigned)st->st_uid);
	else
		return false;
	return true;
}

/*
 * Open 'base' in 'dfd' for an output: created (mode 0666 less the umask, as
 * fopen), never through a symbolic link, not when refused(), then truncated
 * unless appending. Returns the fd, or -1 with the reason in 'why'.
 */
static int open_output_fd(int dfd, const char *base, char *why, size_t whylen)
{
	int mode = output_append ? O_RDWR | O_APPEND : O_WRONLY;
	int fd = openat(dfd, base, mode | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666), e = errno;
	struct stat st;

	if (fd < 0) {
		if ((e != EACCES && e != ELOOP) || !refused(dfd, base, NULL, why, whylen))
			snprintf(why, whylen, "%s", strerror(e));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(why, whylen, "fstat failed: %s", strerror(errno));
	} else if (!refused(dfd, base, &st, why, whylen)) {
		if (output_append || !S_ISREG(st.st_mode) || !ftruncate(fd, 0))
			return fd;
		snprintf(why, whylen, "ftruncate failed: %s", strerror(errno));
	}
	close(fd);
	return -1;
}

FILE *xm_output_fopen(const char *path, char *err, size_t errlen)
{
	const char *base;
	char why[160];
	int dfd, fd = -1;
	FILE *f = NULL;

	if (!strcmp(path, "-"))
		return stdout;
	dfd = open_parent(path, &base);
	if (dfd < 0)
		snprintf(why, sizeof(why), "%s", strerror(errno));
	else
		fd = open_output_fd(dfd, base, why, sizeof(why));
	if (fd >= 0 && !(f = fdopen(fd, output_append ? "a+" : "w"))) {
		snprintf(why, sizeof(why), "fdopen failed: %s", strerror(errno));
		close(fd);
	}
	if (dfd >= 0)
		close(dfd);
	if (!f)
		snprintf(err, errlen, "cannot open output file '%s': %s", path, why);
	return f;
}

void xm_output_close_file(struct xm_output *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	else if (o->f)
		fflush(o->f);
	o->f = NULL;
}

void xm_outputs_flush(struct xm_output *outs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (outs[i].f)
			fflush(outs[i].f);
}

int xm_output_open_commented(struct xm_output *o, const char *path, char *err,
			     size_t errlen)
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

void xm_output_close_commented(struct xm_output *o)
{
	char when[64];

	if (o->f && !o->reported) {
		xm_ctime(xm_now_wall(), when, sizeof(when));
		fprintf(o->f, "# xdpmap done at %s -- the scan failed\n", when);
	}
	xm_output_close_file(o);
}

const struct xm_ports *xm_host_scanned(const struct xm_config *cfg,
				       const struct xm_host_report *hr)
{
	return hr->scanned.v ? &hr->scanned : &cfg->ports;
}

void xm_host_groups(const struct xm_finding *h, size_t n, const struct xm_ports *scanned,
		    struct xm_host_groups *g)
{
	size_t i, answered[XM_PSLOTS] = { 0 }, ports[XM_PSLOTS] = { 0 };
	int k;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < n; i++) {
		k = xm_pslot(h[i].proto);

		if (h[i].state < XM_STATE_SLOTS && h[i].state != XM_STATE_UP &&
		    h[i].reason < XM_REASON_MAX) {
			g->count[k][h[i].state][h[i].reason]++;
			answered[k]++;
		}
	}
	ports[xm_pslot(scanned->proto)] = scanned->n - scanned->n_udp;
	ports[XM_PSLOT_UDP] += scanned->n_udp;
	for (k = 0; k < XM_PSLOTS; k++)
		g->count[k][xm_unanswered_state(xm_pslot_proto(k))][XM_REASON_NO_RESPONSE] +=
			ports[k] > answered[k] ? ports[k] - answered[k] : 0;
}

void xm_host_report_groups(const struct xm_host_report *hr, const struct xm_ports *scanned,
			   struct xm_host_groups *g)
{
	int k;

	xm_host_groups(hr->ports, hr->nports, scanned, g);
	for (k = 0; hr->closed && k < XM_PSLOTS; k++) {
		size_t *none = &g->count[k][xm_unanswered_state(xm_pslot_proto(k))]
					[XM_REASON_NO_RESPONSE];
		size_t c = hr->nclosed[k] < *none ? hr->nclosed[k] : *none;

		g->count[k][XM_STATE_CLOSED][xm_closed_reason(xm_pslot_proto(k))] += c;
		*none -= c;
	}
}

bool xm_port_shown(const struct xm_config *cfg, const struct xm_host_groups *g, uint8_t proto,
		   int state, int reason)
{
	size_t c = g->count[xm_pslot(proto)][state][reason];

	if (state == XM_STATE_OPEN)
		return true;
	if (state == XM_STATE_OPEN_FILTERED)
		return c <= XM_MAX_SHOWN;
	return !cfg->open_only && c <= XM_MAX_SHOWN;
}

size_t xm_hidden_in_state(const struct xm_config *cfg, const struct xm_host_groups *g,
			  uint8_t proto, int state)
{
	size_t sum = 0;
	int rs;

	for (rs = 0; rs < XM_REASON_MAX; rs++)
		if (!xm_port_shown(cfg, g, proto, state, rs))
			sum += g->count[xm_pslot(proto)][state][rs];
	return sum;
}

int xm_hidden_states(const struct xm_config *cfg, const struct xm_host_groups *g)
{
	int st, k, n = 0;

	for (k = 0; k < XM_PSLOTS; k++)
		for (st = XM_STATE_CLOSED; st < XM_STATE_SLOTS; st++)
			n += st != XM_STATE_UP &&
			     xm_hidden_in_state(cfg, g, xm_pslot_proto(k), st) > 0;
	return n;
}

size_t xm_hidden_all(const struct xm_config *cfg, const struct xm_host_groups *g)
{
	size_t sum = 0;
	int st, k;

	for (k = 0; k < XM_PSLOTS; k++)
		for (st = XM_STATE_CLOSED; st < XM_STATE_SLOTS; st++)
			if (st != XM_STATE_UP)
				sum += xm_hidden_in_state(cfg, g, xm_pslot_proto(k), st);
	return sum;
}

void xm_port_iter_init(struct xm_port_iter *it, const struct xm_finding *h, size_t n,
		       const struct xm_ports *ports)
{
	*it = (struct xm_port_iter){ .h = h, .n = n, .ports = ports };
}

void xm_port_iter_host(struct xm_port_iter *it, const struct xm_host_report *hr,
		       const struct xm_ports *ports)
{
	xm_port_iter_init(it, hr->ports, hr->nports, ports);
	it->hr = hr->closed ? hr : NULL;
}

/* A scanned port without a finding: closed when the host's counted closed ports hold it. */
static void unanswered_port(const struct xm_port_iter *it, uint8_t proto, uint16_t port,
			    struct xm_finding *out)
{
	const struct xm_host_report *hr = it->hr;

	if (hr && hr->closed->answered(hr->closed->ctx, hr->index, proto, port)) {
		*out = (struct xm_finding){ .addr = hr->addr, .family = hr->family,
					    .proto = proto, .port = port,
					    .state = XM_STATE_CLOSED, .ttl = hr->closed_ttl,
					    .reason = xm_closed_reason(proto) };
		return;
	}
	*out = (struct xm_finding){ .proto = proto, .port = port,
				    .state = xm_unanswered_state(proto),
				    .reason = XM_REASON_NO_RESPONSE };
	if (it->n) {
		out->addr = it->h[0].addr;
		out->family = it->h[0].family;
	}
}

/* A port's place in a host's order: protocol, then number. */
static uint32_t port_key(uint8_t proto, uint16_t port)
{
	return (uint32_t)proto << 16 | port;
}

/* Merge the host's findings with the scanned port list, both in (protocol, port) order. */
bool xm_port_iter_next(struct xm_port_iter *it, struct xm_finding *out)
{
	bool have_f = it->j < it->n, have_p = it->i < it->ports->n;
	uint8_t proto = have_p ? xm_ports_proto(it->ports, it->i) : 0;
	uint32_t pk = have_p ? port_key(proto, it->ports->v[it->i]) : 0;
	uint16_t port;

	if (!have_f && !have_p)
		return false;
	if (have_f && (!have_p || port_key(it->h[it->j].proto, it->h[it->j].port) <= pk)) {
		*out = it->h[it->j++];
		if (have_p && port_key(out->proto, out->port) == pk)
			it->i++;
		return true;
	}
	port = it->ports->v[it->i++];
	unanswered_port(it, proto, port, out);
	return true;
}

void xm_ranges_add(struct xm_range_writer *w, uint16_t port)
{
	if (w->open && port == w->hi + 1) {
		w->hi = port;
		return;
	}
	xm_ranges_end(w);
	w->open = true;
	w->lo = w->hi = port;
}

void xm_ranges_end(struct xm_range_writer *w)
{
	if (!w->open)
		return;
	fputs(w->any ? "," : "", w->f);
	if (w->lo == w->hi)
		fprintf(w->f, "%u", w->lo);
	else
		fprintf(w->f, "%u-%u", w->lo, w->hi);
	w->any = true;
	w->open = false;
}

void xm_write_group_ports(FILE *f, const struct xm_finding *h, size_t n,
			  const struct xm_ports *ports, uint8_t proto, int state, int reason)
{
	struct xm_range_writer w = { .f = f };
	struct xm_port_iter it;
	struct xm_finding p;

	xm_port_iter_init(&it, h, n, ports);
	while (xm_port_iter_next(&it, &p))
		if (p.proto == proto && p.state == state && p.reason == reason)
			xm_ranges_add(&w, p.port);
	xm_ranges_end(&w);
}

void xm_write_host_group_ports(FILE *f, const struct xm_host_report *hr,
			       const struct xm_ports *ports, uint8_t proto, int state, int reason)
{
	struct xm_range_writer w = { .f = f };
	struct xm_port_iter it;
	struct xm_finding p;

	xm_port_iter_host(&it, hr, ports);
	while (xm_port_iter_next(&it, &p))
		if (p.proto == proto && p.state == state && p.reason == reason)
			xm_ranges_add(&w, p.port);
	xm_ranges_end(&w);
}

/* Order of two findings' hosts: family, then address. */
static int host_order(const struct xm_finding *a, const struct xm_finding *b)
{
	return xm_addr_cmp(a->family, &a->addr, b->family, &b->addr);
}

size_t xm_host_end(const struct xm_finding *all, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && !host_order(&all[j], &all[i]))
		j++;
	return j;
}

const struct xm_finding *xm_host_reason(const struct xm_finding *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (h[i].state == XM_STATE_OPEN)
			return &h[i];
	return &h[0];
}

const struct xm_finding *xm_host_why(const struct xm_host_report *hr)
{
	static struct xm_finding first;
	const struct xm_finding *why;
	uint8_t proto = (uint8_t)(hr->closed_first >> 16);

	if (hr->up)
		return hr->up;
	why = hr->nports ? xm_host_reason(hr->ports, hr->nports) : NULL;
	if (!hr->closed || (why && why->state == XM_STATE_OPEN))
		return why;
	if (why && port_key(why->proto, why->port) < hr->closed_first)
		return why;
	first = (struct xm_finding){ .addr = hr->addr, .family = hr->family, .proto = proto,
				     .port = (uint16_t)hr->closed_first,
				     .state = XM_STATE_CLOSED, .reason = xm_closed_reason(proto),
				     .ttl = hr->closed_ttl };
	return &first;
}

ssize_t xm_host_reports(const struct xm_finding *up, size_t nup,
			const struct xm_finding *all, size_t n, struct xm_host_report **out)
{
	struct xm_host_report *r = calloc(nup + n + 1, sizeof(*r));
	size_t i = 0, j = 0, k = 0;

	if (!r)
		return -1;
	while (i < nup || j < n) {
		const struct xm_finding *first =
			j == n || (i < nup && host_order(&up[i], &all[j]) <= 0) ? &up[i] : &all[j];

		r[k].addr = first->addr;
		r[k].family = first->family;
		r[k].ports = &all[j];
		if (i < nup && !host_order(&up[i], first))
			r[k].up = &up[i++];
		while (j < n && !host_order(&all[j], first))
			j++;
		r[k].nports = (size_t)(&all[j] - r[k].ports);
		k++;
	}
	*out = r;
	return (ssize_t)k;
}

/* UDP ports of the host without a finding: open|filtered, which --open shows. */
static bool has_open_filtered(const struct xm_config *cfg, const struct xm_host_report *hr)
{
	const struct xm_ports *sc = xm_host_scanned(cfg, hr);
	size_t i, udp = 0;

	for (i = 0; i < hr->nports; i++)
		udp += xm_pslot(hr->ports[i].proto) == XM_PSLOT_UDP;
	if (hr->closed)
		udp += hr->nclosed[XM_PSLOT_UDP];
	return sc->n_udp > udp;
}

bool xm_host_listed(const struct xm_config *cfg, const struct xm_host_report *hr)
{
	if (hr->up && !cfg->open_only)
		return true;
	if (hr->up && has_open_filtered(cfg, hr))
		return true;
	if (!cfg->open_only && hr->closed && hr->nclosed[XM_PSLOT_TCP] + hr->nclosed[XM_PSLOT_UDP])
		return true;
	return xm_host_reported(cfg, hr->ports, hr->nports);
}

bool xm_host_reported(const struct xm_config *cfg, const struct xm_finding *h, size_t n)
{
	size_t i;

	if (!cfg->open_only)
		return n > 0;
	for (i = 0; i < n; i++)
		if (h[i].state == XM_STATE_OPEN)
			return true;
	return false;
}

/* Reverse DNS names, sorted by address; hosts are visited in order, so this mostly appends. */
static struct host_name {
	struct xm_addr addr;
	uint8_t family;
	char *name; /* NULL: no name */
} *names;
static size_t nnames, capnames;

static size_t name_slot(uint8_t family, const struct xm_addr *addr)
{
	size_t lo = 0, hi = nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (xm_addr_cmp(names[mid].family, &names[mid].addr, family, addr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static char *resolve(uint8_t family, const struct xm_addr *addr)
{
	struct sockaddr_storage ss;
	socklen_t len = xm_addr_sockaddr(family, addr, 0, &ss);
	char name[NI_MAXHOST];

	if (!len || getnameinfo((struct sockaddr *)&ss, len, name, sizeof(name), NULL, 0,
				NI_NAMEREQD))
		return NULL;
	return strdup(name);
}

const char *xm_host_name(const struct xm_config *cfg, uint8_t family, const struct xm_addr *addr)
{
	size_t i;
	char *name;

	if (cfg->no_dns)
		return NULL;
	i = name_slot(family, addr);
	if (i < nnames && !xm_addr_cmp(names[i].family, &names[i].addr, family, addr))
		return names[i].name;
	if (nnames == capnames) {
		size_t cap = capnames ? capnames * 2 : 64;
		struct host_name *bigger = realloc(names, cap * sizeof(*names));

		if (!bigger)
			return NULL;
		names = bigger;
		capnames = cap;
	}
	name = resolve(family, addr);
	memmove(names + i + 1, names + i, (nnames - i) * sizeof(*names));
	names[i] = (struct host_name){ .addr = *addr, .family = family, .name = name };
	nnames++;
	return name;
}

void xm_host_names_free(void)
{
	size_t i;

	for (i = 0; i < nnames; i++)
		free(names[i].name);
	free(names);
	names = NULL;
	nnames = capnames = 0;
}

void xm_ctime(double t, char *buf, size_t len)
{
	time_t secs = (time_t)t;
	struct tm tm;

	if (!localtime_r(&secs, &tm) || !strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(buf, len, "%lld", (long long)secs);
}

void xm_done_words(const struct xm_summary *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s%llu IP address%s (%llu host%s up) scanned in %.2f seconds",
		 s->failed ? "the scan failed; " : "", (unsigned long long)s->addrs,
		 s->addrs == 1 ? "" : "es",
		 (unsigned long long)s->hosts_up, s->hosts_up == 1 ? "" : "s", s->seconds);
}


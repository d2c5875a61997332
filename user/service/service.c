// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The -sV engine: a worker thread whose epoll loop runs probe sequences on many ports at once. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "clock.h"
#include "log.h"
#include "runtime.h"
#include "fingerprint.h"
#include "service.h"
#include "svc_hosts.h"
#include "svc_schedule.h"

#define XM_SVC_BUFSZ 16384	/* per-connection read cap */
#define XM_SVC_QUIET 0.5	/* seconds of silence after data that end a probe */
#define XM_SVC_SPREAD 0.25	/* seconds the NULL probe runs alone before the other lanes */

/* J_NOFD: no descriptor was free (EMFILE/ENFILE); the probe starts again shortly. */
enum jstate { J_CONNECT, J_HANDSHAKE, J_SEND, J_READ, J_NOFD, J_DONE };

#define XM_SVC_FD_RETRY 0.02	/* seconds between tries for a descriptor */

/* How a port's probing ended. */
enum jend { END_MATCH, END_WRAPPED, END_NONE, END_NOCONN };

struct job;

/*
 * One port being probed. Its NULL probe runs alone for XM_SVC_SPREAD seconds (a greeting
 * usually ends everything at once); then up to XM_SVC_LANES probes run at once, each lane
 * on its own connection, taking the next probe of the shared order when its own ends. The
 * first hard match, a cap or the last lane running out of probes ends the port.
 */
struct port_run {
	struct xm_finding at;	/* the port probed: its family, addr, proto and port */
	bool tls;		/* a TLS session was found: every later probe runs inside one */
	bool got_any;		/* some probe got data */
	int *order, norder, next; /* probes to try after NULL, the next one to hand out */
	double port_end, spread_at;
	double host_end;	/* the end of its host's --host-timeout budget (0 = none) */
	bool capped;		/* port_end is a cap's end, not the port's own timeout */
	bool spread;		/* the other lanes were started */
	bool ended;		/* the record is made: every lane stops */
	int gen;		/* bumped when TLS is found: older lanes' matches do not count */
	struct xm_svc_info held;	/* the hard match of the earliest probe in the order */
	int held_pos;		/* its position (-1: NULL), INT_MAX = none */
	struct xm_svc_info soft;
	bool have_soft;
	char cert[XM_SVC_FIELD_LEN];
	char fp[XM_SVC_FP_LEN];	/* the answers no line matched (fingerprint.h) */
	struct job *lane[XM_SVC_LANES];
	int nlanes;		/* lanes started */
	int alive;		/* lanes not done */
};

/* One lane: a connection running one probe of its port at a time. */
struct job {
	struct xm_svc *s;
	struct port_run *pr;
	int fd;
	SSL *ssl;
	enum jstate st;
	int cur;		/* index of the current probe in the database */
	int pos, gen;		/* its position in the order (-1: NULL), and generation */
	uint32_t events;	/* epoll interest */
	uint8_t *buf;
	size_t len, sent;
	double probe_end, quiet_end;
};

struct rec {
	struct xm_finding at;	/* family, addr, proto and port; the rest zero */
	struct xm_service v;
};

struct xm_svc {
	struct xm_svc_opts o;
	struct xm_svc_db db;
	SSL_CTX *ctx;
	pcre2_match_data *md;
	pthread_t thr;
	bool thr_started;
	int ep, evfd;
	pthread_mutex_t mu;	/* guards q*, finishing, recs */
	pthread_cond_t cv;
	struct xm_finding *q;	/* submitted ports: family, addr, proto and port */
	size_t qhead, qn, qcap;
	bool finishing, stopped;
	struct job **active;	/* lanes, worker only */
	size_t nactive, nports;	/* lanes, and ports being probed */
	struct rec **recs;
	size_t nrec, reccap;
	struct xm_svc_hosts hosts; /* each host's --host-timeout end (worker) */
	double total_end;	/* the overall cap's end, CLOCK_MONOTONIC (0 = none yet) */
	const char *cap_hit;	/* the first cap that stopped probing, NULL = none */
	size_t unprobed, cut;	/* ports not probed, and cut short, by a cap (worker) */
	size_t dropped;		/* submissions refused by a full queue (under mu) */
};

void xm_svc_opts_default(struct xm_svc_opts *o)
{
	*o = (struct xm_svc_opts){ .intensity = 7, .parallelism = 256, .port_timeout = 30,
				   .connect_timeout = 5, .wait_scale = 1,
				   .total_timeout = XM_SVC_TOTAL_TIMEOUT,
				   .max_records = XM_SVC_MAX_RECORDS };
}

static void table_name(uint8_t proto, uint16_t port, char *buf, size_t len)
{
	struct servent se, *res = NULL;
	char tmp[1024];

	if (!getservbyport_r(htons(port), xm_proto_name(proto), &se, tmp, sizeof(tmp), &res) &&
	    res)
		snprintf(buf, len, "%s", res->s_name);
	else
		snprintf(buf, len, "unknown");
}

/* Remove trailing blanks left by templates whose captures were empty. */
static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

static void fill_from_info(struct xm_service *v, const struct xm_svc_info *in)
{
	int k;

	snprintf(v->name, sizeof(v->name), "%s", in->service);
	snprintf(v->product, sizeof(v->product), "%s", in->f[XM_SVC_PRODUCT]);
	snprintf(v->version, sizeof(v->version), "%s", in->f[XM_SVC_VERSION]);
	snprintf(v->extrainfo, sizeof(v->extrainfo), "%s", in->f[XM_SVC_INFO]);
	snprintf(v->hostname, sizeof(v->hostname), "%s", in->f[XM_SVC_HOSTNAME]);
	snprintf(v->ostype, sizeof(v->ostype), "%s", in->f[XM_SVC_OSTYPE]);
	snprintf(v->devicetype, sizeof(v->devicetype), "%s", in->f[XM_SVC_DEVTYPE]);
	trim(v->product);
	trim(v->version);
	trim(v->extrainfo);
	for (k = 0; k < in->ncpe; k++)
		if (in->cpe[k][0])
			snprintf(v->cpe[v->ncpe++], XM_SVC_FIELD_LEN, "%s", in->cpe[k]);
	v->method = "probed";
	v->conf = 10;
}

static void make_record(const struct port_run *pr, enum jend how,
			const struct xm_svc_info *hard, struct xm_service *v)
{
	memset(v, 0, sizeof(*v));
	v->answered = pr->got_any;
	if (how == END_MATCH && hard) {
		fill_from_info(v, hard);
	} else if (pr->have_soft) {
		snprintf(v->name, sizeof(v->name), "%s", pr->soft.service);
		v->method = "probed";
		v->conf = 10;
	} else if (how == END_WRAPPED) {
		snprintf(v->name, sizeof(v->name), "tcpwrapped");
		v->method = "probed";
		v->conf = 8;
	} else {
		char name[32];

		table_name(pr->at.proto, pr->at.port, name, sizeof(name));
		snprintf(v->name, sizeof(v->name), "%s?", name);
		v->method = "table";
		v->conf = 3;
	}
	if (how != END_MATCH)
		snprintf(v->fingerprint, sizeof(v->fingerprint), "%s", pr->fp);
	if (pr->tls) {
		v->tunnel = "ssl";
		if (pr->cert[0]) {
			size_t n = strlen(v->extrainfo);

			snprintf(v->extrainfo + n, sizeof(v->extrainfo) - n, "%s%s",
				 n ? "; " : "", pr->cert);
		}
	}
}

static void close_conn(struct job *j)
{
	if (j->ssl) {
		SSL_free(j->ssl);
		j->ssl = NULL;
	}
	if (j->fd >= 0) {
		close(j->fd); /* also leaves the epoll set */
		j->fd = -1;
	}
	j->events = 0;
}

/* The port is done: every lane stops, and its record is kept (none for END_NOCONN). */
static void port_finish(struct xm_svc *s, struct port_run *pr, enum jend how,
			const struct xm_svc_info *hard)
{
	struct rec *r;
	int k;

	if (pr->ended)
		return;
	pr->ended = true;
	s->nports--;
	for (k = 0; k < pr->nlanes; k++) {
		if (!pr->lane[k])
			continue; /* freed already */
		close_conn(pr->lane[k]);
		pr->lane[k]->st = J_DONE;
	}
	pr->alive = 0;
	if (how == END_NOCONN)
		return;
	r = malloc(sizeof(*r));
	if (!r)
		return;
	r->at = pr->at;
	make_record(pr, how, hard, &r->v);
	pthread_mutex_lock(&s->mu);
	if (s->nrec == s->reccap) {
		size_t cap = s->reccap ? 2 * s->reccap : 64;
		struct rec **nr = realloc(s->recs, cap * sizeof(*nr));

		if (!nr) {
			pthread_mutex_unlock(&s->mu);
			free(r);
			return;
		}
		s->recs = nr;
		s->reccap = cap;
	}
	s->recs[s->nrec++] = r;
	pthread_mutex_unlock(&s->mu);
}

static void job_end(struct job *j, enum jend how, const struct xm_svc_info *hard)
{
	port_finish(j->s, j->pr, how, hard);
}

/*
 * Whether the held match is final: no lane of this generation still runs a probe that comes
 * before it in the order (probes are handed out in order, so none is waiting to start).
 * The port then gets the match the probes would give one after the other.
 */
static void held_check(struct xm_svc *s, struct port_run *pr)
{
	int k;

	if (pr->ended || pr->held_pos == INT_MAX)
		return;
	for (k = 0; k < pr->nlanes; k++) {
		const struct job *l = pr->lane[k];

		if (l && l->st != J_DONE && l->gen == pr->gen && l->pos < pr->held_pos)
			return;
	}
	port_finish(s, pr, END_MATCH, &pr->held);
}

static void lane_retire(struct job *j);

/* A hard match on lane j: kept if its probe is the earliest so far; the lane stops. */
static void hard_match(struct job *j, const struct xm_svc_info *info)
{
	struct port_run *pr = j->pr;

	if (j->gen == pr->gen && j->pos < pr->held_pos) {
		pr->held = *info;
		pr->held_pos = j->pos;
	}
	lane_retire(j);
	held_check(j->s, pr);
}

/* How a port ends when its connections fail: nothing to name unless something answered. */
static enum jend end_unanswered(const struct job *j)
{
	return j->pr->got_any || j->pr->have_soft ? END_NONE : END_NOCONN;
}

/*
 * How a port ends when no probe named it: a UDP port that never answered keeps no
 * record (open|filtered stays as the scan saw it, named from the table, as nmap does).
 */
static enum jend end_unnamed(const struct port_run *pr)
{
	return pr->at.proto == IPPROTO_UDP && !pr->got_any ? END_NOCONN : END_NONE;
}

/* A lane with no probe left: the port ends with its last lane (with the held match, if any). */
static void lane_retire(struct job *j)
{
	struct port_run *pr = j->pr;

	close_conn(j);
	if (j->st == J_DONE)
		return;
	j->st = J_DONE;
	if (--pr->alive <= 0)
		port_finish(j->s, pr, pr->held_pos == INT_MAX ? end_unnamed(pr) : END_MATCH,
			    &pr->held);
	else
		held_check(j->s, pr);
}

static int set_events(struct job *j, uint32_t ev)
{
	struct epoll_event e = { .events = ev, .data.ptr = j };
	int op = j->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;

	if (j->events == ev)
		return 0;
	j->events = ev;
	return epoll_ctl(j->s->ep, op, j->fd, &e);
}

/* The order of the probes after NULL, in or out of TLS (svc_schedule.h). */
static int build_order(struct port_run *pr, const struct xm_svc *s)
{
	if (!pr->order)
		pr->order = malloc(s->db.n * sizeof(*pr->order));
	if (!pr->order)
		return -1;
	pr->norder = xm_svc_order(&s->db, pr->at.proto, pr->at.port, pr->tls, s->o.intensity,
				  pr->order);
	pr->next = 0;
	return pr->norder < 0 ? -1 : 0;
}

static void next_probe(struct job *j);
static void end_probe(struct job *j, bool eof);

/* Start the reading (NULL) or sending phase of the current probe on a ready connection. */
static void begin_io(struct job *j)
{
	const struct xm_svc_probe *p = &j->s->db.p[j->cur];
	double wait = p->wait_ms / 1000.0 * j->s->o.wait_scale;

	j->len = j->sent = 0;
	j->quiet_end = 0;
	j->probe_end = xm_now_mono() + wait;
	j->st = p->len ? J_SEND : J_READ;
	if (set_events(j, p->len ? EPOLLOUT : EPOLLIN))
		end_probe(j, true);
}

static void cert_info(struct job *j)
{
	struct port_run *pr = j->pr;
	X509 *c = SSL_get1_peer_certificate(j->ssl);
	char cn[96] = "", raw[96] = "", when[32] = "";
	struct tm tm;
	int n;

	if (!c)
		return;
	n = X509_NAME_get_text_by_NID(X509_get_subject_name(c), NID_commonName, raw,
				      sizeof(raw));
	if (n > 0)
		xm_svc_printable((const uint8_t *)raw, (size_t)n, cn, sizeof(cn));
	if (ASN1_TIME_to_tm(X509_get0_notAfter(c), &tm))
		strftime(when, sizeof(when), "%Y-%m-%d", &tm);
	snprintf(pr->cert, sizeof(pr->cert), "cert CN=%s; valid until %s", cn[0] ? cn : "-",
		 when[0] ? when : "?");
	X509_free(c);
}

/*
 * The TLS probe's handshake succeeded: this lane goes on inside the session with the NULL
 * probe; every lane takes its next probes from the order inside TLS.
 */
static void tls_found(struct job *j)
{
	j->pr->tls = true;
	j->pr->gen++;
	j->pr->held_pos = INT_MAX; /* matches of plain-text answers no longer count */
	j->gen = j->pr->gen;
	j->pos = -1;
	cert_info(j);
	if (build_order(j->pr, j->s)) {
		job_end(j, END_NONE, NULL);
		return;
	}
	j->cur = 0;
	begin_io(j);
}

static void do_handshake(struct job *j)
{
	int rc = SSL_do_handshake(j->ssl);

	if (rc == 1) {
		if (j->s->db.p[j->cur].tls && !j->pr->tls)
			tls_found(j);
		else
			begin_io(j);
		return;
	}
	switch (SSL_get_error(j->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		if (!set_events(j, EPOLLIN))
			return;
		break;
	case SSL_ERROR_WANT_WRITE:
		if (!set_events(j, EPOLLOUT))
			return;
		break;
	}
	ERR_clear_error();
	next_probe(j); /* not TLS (or a broken session): the next probe */
}

static void connected(struct job *j)
{
	const struct xm_svc_probe *p = &j->s->db.p[j->cur];
	int err = 0;
	socklen_t el = sizeof(err);

	if (getsockopt(j->fd, SOL_SOCKET, SO_ERROR, &err, &el) || err) {
		/* The port closed since the scan saw it open: no service to name. */
		job_end(j, end_unanswered(j), NULL);
		return;
	}
	if (!j->pr->tls && !p->tls) {
		begin_io(j);
		return;
	}
	j->ssl = SSL_new(j->s->ctx);
	if (!j->ssl || !SSL_set_fd(j->ssl, j->fd)) {
		next_probe(j);
		return;
	}
	SSL_set_connect_state(j->ssl);
	j->st = J_HANDSHAKE;
	/* The TLS probe waits as its database entry says; handshakes inside TLS as connects. */
	j->probe_end = xm_now_mono() + (p->tls ? p->wait_ms / 1000.0 * j->s->o.wait_scale :
						j->s->o.connect_timeout);
	do_handshake(j);
}

static int start_conn(struct job *j)
{
	const struct xm_finding *at = &j->pr->at;
	struct sockaddr_storage sa;
	socklen_t salen = xm_addr_sockaddr(at->family, &at->addr, at->port, &sa);

	if (!salen)
		return 1; /* a family this host cannot connect to */
	/* UDP: a connected socket, so that only the port's answers (and its ICMP) arrive */
	j->fd = socket(sa.ss_family, (at->proto == IPPROTO_UDP ? SOCK_DGRAM : SOCK_STREAM) |
					     SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (j->fd < 0 && (errno == EMFILE || errno == ENFILE)) {
		j->st = J_NOFD; /* back-pressure: the port deadline still bounds the wait */
		j->probe_end = xm_now_mono() + XM_SVC_FD_RETRY;
		return 0;
	}
	if (j->fd < 0)
		return -1;
	j->events = 0;
	j->st = J_CONNECT;
	j->len = j->sent = 0;
	j->quiet_end = 0;
	j->probe_end = xm_now_mono() + j->s->o.connect_timeout;
	if (connect(j->fd, (struct sockaddr *)&sa, salen) && errno != EINPROGRESS)
		return 1; /* refused or unreachable at once */
	if (set_events(j, EPOLLOUT))
		return -1;
	return 0;
}

static bool skip_probe(const struct port_run *pr, const struct xm_svc *s, int pi)
{
	return pr->have_soft && !xm_svc_probe_knows(&s->db.p[pi], pr->soft.service);
}

/* Connect the lane for its current probe; on failure the port ends. */
static void start_probe(struct job *j)
{
	switch (start_conn(j)) {
	case 0:
		return;
	case 1:
		job_end(j, end_unanswered(j), NULL);
		return;
	default:
		job_end(j, END_NONE, NULL);
		return;
	}
}

static struct job *lane_new(struct xm_svc *s, struct port_run *pr);
static void spread_lanes(struct xm_svc *s, struct port_run *pr);

/* The lane's probe is over: it takes the next probe of its port, or retires. */
static void next_probe(struct job *j)
{
	struct port_run *pr = j->pr;

	close_conn(j);
	if (pr->ended || pr->held_pos != INT_MAX) { /* later probes cannot beat the held match */
		lane_retire(j);
		return;
	}
	if (!pr->spread)
		spread_lanes(j->s, pr);
	while (pr->next < pr->norder) {
		int pi = pr->order[pr->next++];

		if (skip_probe(pr, j->s, pi))
			continue;
		j->cur = pi;
		j->pos = pr->next - 1;
		j->gen = pr->gen;
		start_probe(j);
		return;
	}
	lane_retire(j);
}

static ssize_t io_write(struct job *j, const void *b, size_t n)
{
	int rc;

	if (!j->ssl)
		return send(j->fd, b, n, MSG_NOSIGNAL);
	rc = SSL_write(j->ssl, b, (int)n);
	if (rc > 0)
		return rc;
	switch (SSL_get_error(j->ssl, rc)) {
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_READ: /* renegotiation: wait for input */
		set_events(j, EPOLLIN | EPOLLOUT);
		errno = EAGAIN;
		return -1;
	}
	ERR_clear_error();
	errno = EPIPE;
	return -1;
}

/* Returns bytes read, 0 at end of stream, -1 with errno (EAGAIN: try later). */
static ssize_t io_read(struct job *j, void *b, size_t n)
{
	int rc;

	if (!j->ssl)
		return recv(j->fd, b, n, 0);
	rc = SSL_read(j->ssl, b, (int)n);
	if (rc > 0)
		return rc;
	switch (SSL_get_error(j->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	}
	ERR_clear_error();
	return 0; /* a broken session ends the answer like a close */
}

/* An ICMP port unreachable: the UDP port is closed now, no later probe would be answered. */
static void udp_refused(struct job *j)
{
	job_end(j, end_unanswered(j), NULL);
}

static void do_send(struct job *j)
{
	const struct xm_svc_probe *p = &j->s->db.p[j->cur];

	while (j->sent < p->len) {
		ssize_t n = io_write(j, p->payload + j->sent, p->len - j->sent);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (j->pr->at.proto == IPPROTO_UDP && errno == ECONNREFUSED) {
				udp_refused(j);
				return;
			}
			end_probe(j, true);
			return;
		}
		j->sent += (size_t)n;
	}
	j->st = J_READ;
	if (set_events(j, EPOLLIN))
		end_probe(j, true);
}

/* Hard match on what was read so far? Then the port is done. */
static bool try_match(struct job *j, struct xm_svc_info *info)
{
	struct xm_svc *s = j->s;

	return xm_svc_db_match(&s->db, (size_t)j->cur, j->buf, j->len, s->md, info) == 2;
}

/*
 * UDP: each datagram is an answer of its own, matched alone. A hard match ends
 * the lane's probe; else the probe waits for more until the quiet time or its
 * wait ends, and end_probe() matches the last datagram again (its soft match is
 * kept, its bytes go to the fingerprint).
 */
static void do_read_udp(struct job *j)
{
	struct xm_svc_info info;

	for (;;) {
		ssize_t n = recv(j->fd, j->buf, XM_SVC_BUFSZ, 0);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0 && errno == ECONNREFUSED) {
			udp_refused(j);
			return;
		}
		if (n < 0) {
			end_probe(j, true);
			return;
		}
		j->len = (size_t)n;
		j->pr->got_any = true;
		j->quiet_end = xm_now_mono() + XM_SVC_QUIET * j->s->o.wait_scale;
		if (!j->len)
			continue;
		switch (xm_svc_db_match(&j->s->db, (size_t)j->cur, j->buf, j->len, j->s->md,
					&info)) {
		case 2:
			hard_match(j, &info);
			return;
		case 1:
			if (!j->pr->have_soft) {
				j->pr->soft = info;
				j->pr->have_soft = true;
			}
			break;
		}
	}
}

static void do_read(struct job *j)
{
	struct xm_svc_info info;

	if (j->pr->at.proto == IPPROTO_UDP) {
		do_read_udp(j);
		return;
	}
	for (;;) {
		ssize_t n = io_read(j, j->buf + j->len, XM_SVC_BUFSZ - j->len);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			end_probe(j, true);
			return;
		}
		j->len += (size_t)n;
		j->pr->got_any = true;
		j->quiet_end = xm_now_mono() + XM_SVC_QUIET * j->s->o.wait_scale;
		if (j->len == XM_SVC_BUFSZ) {
			end_probe(j, false);
			return;
		}
	}
	if (j->len && try_match(j, &info))
		hard_match(j, &info);
}

static void end_probe(struct job *j, bool eof)
{
	struct xm_svc_info info;
	int rc = 0;

	if (j->len)
		rc = xm_svc_db_match(&j->s->db, (size_t)j->cur, j->buf, j->len, j->s->md, &info);
	if (rc == 2) {
		hard_match(j, &info);
		return;
	}
	if (j->len)
		xm_svc_fp_add(j->pr->fp, sizeof(j->pr->fp), j->s->db.p[j->cur].name, j->buf,
			      j->len);
	if (rc == 1 && !j->pr->have_soft) {
		j->pr->soft = info;
		j->pr->have_soft = true;
	}
	/* Accepted, then closed before saying or being asked anything: tcpwrapped. */
	if (j->cur == 0 && !j->pr->tls && eof && !j->pr->got_any) {
		job_end(j, END_WRAPPED, NULL);
		return;
	}
	next_probe(j);
}

static void job_event(struct job *j, uint32_t ev)
{
	switch (j->st) {
	case J_CONNECT:
		connected(j);
		break;
	case J_HANDSHAKE:
		do_handshake(j);
		break;
	case J_SEND:
		do_send(j);
		break;
	case J_READ:
		do_read(j);
		if (j->st == J_READ && (ev & (EPOLLHUP | EPOLLERR)) && !j->ssl &&
		    j->pr->at.proto == IPPROTO_TCP)
			end_probe(j, true);
		break;
	case J_NOFD:
	case J_DONE:
		break;
	}
}

static double cap_end(const struct xm_svc *s, double host_end, const char **what);

static double job_deadline(const struct job *j)
{
	const struct port_run *pr = j->pr;
	double d = j->probe_end;

	if (j->st == J_READ && j->quiet_end && j->quiet_end < d)
		d = j->quiet_end;
	if (!pr->spread && pr->spread_at < d)
		d = pr->spread_at;
	return d < pr->port_end ? d : pr->port_end;
}

static void job_timeout(struct job *j, double now)
{
	struct port_run *pr = j->pr;

	if (!pr->spread && now >= pr->spread_at && !pr->ended)
		spread_lanes(j->s, pr);
	if (now < j->probe_end && now < pr->port_end &&
	    !(j->st == J_READ && j->quiet_end && now >= j->quiet_end))
		return; /* only the spreading was due */
	if (now >= pr->port_end) {
		if (pr->capped && !pr->ended) {
			const char *what = "a cap";

			cap_end(j->s, pr->host_end, &what);
			j->s->cut++;
			if (!j->s->cap_hit)
				j->s->cap_hit = what;
		}
		job_end(j, end_unnamed(pr), NULL);
		return;
	}
	switch (j->st) {
	case J_CONNECT:
		job_end(j, end_unanswered(j), NULL);
		break;
	case J_HANDSHAKE:
		next_probe(j);
		break;
	case J_SEND:
	case J_READ:
		end_probe(j, false);
		break;
	case J_NOFD: /* the same probe again */
		start_probe(j);
		break;
	case J_DONE:
		break;
	}
}

/* Free a lane; its port goes with its last lane. */
static void job_free(struct job *j)
{
	struct port_run *pr = j->pr;
	int k, left = 0;

	close_conn(j);
	free(j->buf);
	for (k = 0; k < pr->nlanes; k++) {
		if (pr->lane[k] == j)
			pr->lane[k] = NULL;
		left += pr->lane[k] != NULL;
	}
	free(j);
	if (!left) {
		free(pr->order);
		free(pr);
	}
}

/*
 * The end of the earliest cap that applies to a port whose host's budget ends at host_end
 * (0 = none), and its name in *what.
 */
static double cap_end(const struct xm_svc *s, double host_end, const char **what)
{
	double end = 0;

	if (host_end > 0) {
		end = host_end;
		*what = "--host-timeout";
	}
	if (s->total_end > 0 && (!end || s->total_end < end)) {
		end = s->total_end;
		*what = "--version-timeout";
	}
	return end;
}

/*
 * Whether a cap forbids starting a port of a host whose budget ends at host_end now (then
 * it is counted as not probed).
 */
static bool capped(struct xm_svc *s, double now, double host_end)
{
	const char *what = NULL;
	double end = cap_end(s, host_end, &what);

	if (s->nrec + s->nports >= s->o.max_records)
		what = "the record cap", end = now;
	if (!end || now < end)
		return false;
	if (!s->cap_hit)
		s->cap_hit = what;
	s->unprobed++;
	return true;
}

/* A new lane of pr, in the active set (not connected yet); NULL when out of memory. */
static struct job *lane_new(struct xm_svc *s, struct port_run *pr)
{
	struct job *j;

	if (pr->nlanes >= XM_SVC_LANES || s->nactive >= (size_t)s->o.parallelism * XM_SVC_LANES)
		return NULL;
	j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	*j = (struct job){ .s = s, .pr = pr, .fd = -1, .st = J_NOFD };
	j->buf = malloc(XM_SVC_BUFSZ);
	if (!j->buf) {
		free(j);
		return NULL;
	}
	pr->lane[pr->nlanes++] = j;
	pr->alive++;
	s->active[s->nactive++] = j;
	return j;
}

/* The NULL probe had its time alone: the other lanes start, each with the next probe. */
static void spread_lanes(struct xm_svc *s, struct port_run *pr)
{
	pr->spread = true;
	while (pr->nlanes < XM_SVC_LANES && pr->next < pr->norder && !pr->ended) {
		struct job *j = lane_new(s, pr);

		if (!j)
			return;
		next_probe(j);
	}
}

static void job_start(struct xm_svc *s, const struct xm_finding *at)
{
	double now = xm_now_mono(), end, host_end = 0;
	const char *what = NULL;
	struct port_run *pr;
	struct job *j;

	/* The host's budget starts with its first port here; a new host enters the table only
	 * when the record cap and the overall cap let its port start, so the table holds at
	 * most one entry per port probed. */
	if (s->o.host_timeout > 0 && s->nrec + s->nports < s->o.max_records &&
	    !(s->total_end > 0 && now >= s->total_end))
		host_end = xm_svc_host_end(&s->hosts, at->family, &at->addr, now,
					   s->o.host_timeout);
	if (capped(s, now, host_end))
		return;
	pr = calloc(1, sizeof(*pr));
	if (!pr)
		return;
	*pr = (struct port_run){ .at = *at, .port_end = now + s->o.port_timeout,
				 .held_pos = INT_MAX, .host_end = host_end,
				 .spread_at = now + XM_SVC_SPREAD * s->o.wait_scale };
	end = cap_end(s, host_end, &what);
	if (end && end < pr->port_end) {
		pr->port_end = end;
		pr->capped = true;
	}
	if (build_order(pr, s) || !(j = lane_new(s, pr))) {
		free(pr->order);
		free(pr);
		return;
	}
	s->nports++;
	if (at->proto == IPPROTO_UDP) { /* UDP servers never speak first: no NULL probe */
		next_probe(j);
		return;
	}
	j->cur = 0; /* the NULL probe */
	j->pos = -1;
	start_probe(j);
}

/* Move queued submissions into the active set; true when finishing and none are left. */
static bool take_new(struct xm_svc *s)
{
	bool drained;

	pthread_mutex_lock(&s->mu);
	if (!s->total_end && s->o.total_timeout > 0 && s->qhead < s->qn)
		s->total_end = xm_now_mono() + s->o.total_timeout;
	while (s->qhead < s->qn && s->nports < (size_t)s->o.parallelism) {
		struct xm_finding m = s->q[s->qhead++];

		pthread_mutex_unlock(&s->mu);
		job_start(s, &m);
		pthread_mutex_lock(&s->mu);
	}
	if (s->qhead == s->qn)
		s->qhead = s->qn = 0;
	drained = s->finishing && s->qhead == s->qn;
	pthread_mutex_unlock(&s->mu);
	return drained;
}

/* Time out what is due, drop finished jobs; returns ms until the next deadline. */
static int sweep(struct xm_svc *s)
{
	double now = xm_now_mono(), next = now + 1.0;
	size_t i = 0;

	while (i < s->nactive) {
		struct job *j = s->active[i];

		if (j->st != J_DONE && xm_stop_requested >= 2) /* second interrupt: stop waiting */
			job_end(j, END_NONE, NULL);
		if (j->st != J_DONE && job_deadline(j) <= now)
			job_timeout(j, now);
		if (j->st == J_DONE) {
			job_free(j);
			s->active[i] = s->active[--s->nactive];
			continue;
		}
		if (job_deadline(j) < next)
			next = job_deadline(j);
		i++;
	}
	return next <= now ? 0 : (int)((next - now) * 1000) + 1;
}

static void *worker(void *arg)
{
	struct xm_svc *s = arg;
	struct epoll_event ev[64];
	sigset_t all;
	int n, i, ms;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL); /* SIGPIPE from SSL writes stays pending */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); /* per thread: this one parses the network's bytes */
	for (;;) {
		bool drained = take_new(s);

		ms = sweep(s);
		if (drained && !s->nactive)
			break;
		n = epoll_wait(s->ep, ev, 64, ms);
		for (i = 0; i < n; i++) {
			uint64_t v;

			if (!ev[i].data.ptr) {
				if (read(s->evfd, &v, sizeof(v)) < 0)
					continue;
				continue;
			}
			job_event(ev[i].data.ptr, ev[i].events);
		}
	}
	return NULL;
}

static SSL_CTX *make_ctx(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx)
		return NULL;
	/* A scanner talks to old and misconfigured servers too: accept anything. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, 0);
	SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	return ctx;
}

static int start_fail(struct xm_svc *s, char *err, size_t errlen, const char *call)
{
	if (call)
		snprintf(err, errlen, "%s failed: %s", call, strerror(errno));
	xm_svc_free(s);
	return -1;
}

static int set_up(struct xm_svc *s, char *err, size_t errlen)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = NULL };
	char path[4096];
	const char *p = s->o.db_path ? s->o.db_path : xm_svc_db_default_path(path, sizeof(path));

	if (xm_svc_db_load(&s->db, p, err, errlen) ||
	    (s->o.extra_db_path && xm_svc_db_load_extra(&s->db, s->o.extra_db_path, err, errlen)))
		return start_fail(s, err, errlen, NULL);
	s->md = pcre2_match_data_create(XM_SVC_OVECTOR, NULL);
	if (!s->md)
		return start_fail(s, err, errlen, "pcre2_match_data_create");
	s->ctx = make_ctx();
	if (!s->ctx) {
		snprintf(err, errlen, "SSL_CTX_new failed");
		return start_fail(s, err, errlen, NULL);
	}
	s->active = calloc((size_t)s->o.parallelism * XM_SVC_LANES, sizeof(*s->active));
	if (!s->active)
		return start_fail(s, err, errlen, "calloc");
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0)
		return start_fail(s, err, errlen, "epoll_create1");
	s->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->evfd < 0)
		return start_fail(s, err, errlen, "eventfd");
	if (epoll_ctl(s->ep, EPOLL_CTL_ADD, s->evfd, &e))
		return start_fail(s, err, errlen, "epoll_ctl");
	errno = pthread_create(&s->thr, NULL, worker, s);
	if (errno)
		return start_fail(s, err, errlen, "pthread_create");
	s->thr_started = true;
	return 0;
}

struct xm_svc *xm_svc_start(const struct xm_svc_opts *o, char *err, size_t errlen)
{
	struct xm_svc *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "calloc failed: out of memory");
		return NULL;
	}
	s->o = *o;
	if (s->o.parallelism < 1)
		s->o.parallelism = 1;
	if (s->o.wait_scale <= 0)
		s->o.wait_scale = 1;
	if (!s->o.max_records)
		s->o.max_records = XM_SVC_MAX_RECORDS;
	s->ep = s->evfd = -1;
	pthread_mutex_init(&s->mu, NULL);
	if (set_up(s, err, errlen))
		return NULL;
	return s;
}

void xm_svc_submit(struct xm_svc *s, const struct xm_finding *f)
{
	uint64_t one = 1;
	bool ok = true;

	if (!s || (f->proto != IPPROTO_TCP && f->proto != IPPROTO_UDP))
		return;
	pthread_mutex_lock(&s->mu);
	if (s->qn >= s->o.max_records) { /* no more would be probed: keep memory bounded */
		s->dropped++;
		ok = false;
	} else if (s->qn == s->qcap) {
		size_t cap = s->qcap ? 2 * s->qcap : 256;
		struct xm_finding *nq = realloc(s->q, cap * sizeof(*nq));

		if (nq) {
			s->q = nq;
			s->qcap = cap;
		} else {
			ok = false;
		}
	}
	if (ok)
		s->q[s->qn++] = (struct xm_finding){ .addr = f->addr, .family = f->family,
						     .proto = f->proto, .port = f->port };
	pthread_mutex_unlock(&s->mu);
	if (ok && write(s->evfd, &one, sizeof(one)) < 0)
		return; /* the counter is saturated: the worker is awake anyway */
}

void xm_svc_finish(struct xm_svc *s)
{
	uint64_t one = 1;

	if (!s || !s->thr_started || s->stopped)
		return;
	pthread_mutex_lock(&s->mu);
	s->finishing = true;
	pthread_mutex_unlock(&s->mu);
	if (write(s->evfd, &one, sizeof(one)) < 0) {
		/* the worker wakes up within a second anyway */
	}
	pthread_join(s->thr, NULL);
	s->stopped = true;
	if (s->unprobed || s->cut || s->dropped)
		pr_warn("service detection (-sV) stopped by %s: %zu open ports not probed, %zu "
			"cut short\n",
			s->cap_hit ? s->cap_hit : "the record cap", s->unprobed + s->dropped,
			s->cut);
}

const struct xm_service *xm_svc_get(const struct xm_svc *s, const struct xm_finding *key)
{
	size_t i;

	for (i = 0; s && i < s->nrec; i++)
		if (xm_finding_same(&s->recs[i]->at, key))
			return &s->recs[i]->v;
	return NULL;
}

void xm_svc_attach(const struct xm_svc *s, struct xm_results *r)
{
	size_t i;

	for (i = 0; s && i < s->nrec; i++) {
		struct xm_finding *f = xm_results_find(r, &s->recs[i]->at);

		if (f)
			f->svc = &s->recs[i]->v;
	}
}

size_t xm_svc_done_count(const struct xm_svc *s)
{
	size_t n;

	if (!s)
		return 0;
	pthread_mutex_lock((pthread_mutex_t *)&s->mu);
	n = s->nrec;
	pthread_mutex_unlock((pthread_mutex_t *)&s->mu);
	return n;
}

void xm_svc_free(struct xm_svc *s)
{
	size_t i;

	if (!s)
		return;
	xm_svc_finish(s);
	for (i = 0; i < s->nactive; i++)
		job_free(s->active[i]);
	for (i = 0; i < s->nrec; i++)
		free(s->recs[i]);
	free(s->recs);
	free(s->active);
	free(s->q);
	if (s->ep >= 0)
		close(s->ep);
	if (s->evfd >= 0)
		close(s->evfd);
	SSL_CTX_free(s->ctx);
	pcre2_match_data_free(s->md);
	xm_svc_db_free(&s->db);
	xm_svc_hosts_free(&s->hosts);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

void xm_service_fullname(const struct xm_service *v, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", v->tunnel ? v->tunnel : "", v->tunnel ? "/" : "", v->name);
}

void xm_service_version_str(const struct xm_service *v, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s", v->product, v->product[0] && v->version[0] ? " " : "",
		 v->version, (v->product[0] || v->version[0]) && v->extrainfo[0] ? " " : "",
		 v->extrainfo[0] ? "(" : "", v->extrainfo);
	if (v->extrainfo[0] && strlen(buf) + 1 < len)
		strcat(buf, ")");
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The -sT engine: permuted (address, port) order, non-blocking connects, epoll, FIFO deadlines. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/errqueue.h>
#include <math.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "clock.h"
#include "common_kern_user.h"
#include "connect_scan.h"
#include "log.h"
#include "netlink.h"
#include "packet_trace.h"
#include "permute.h"
#include "progress.h"
#include "results.h"
#include "report_run.h"
#include "resume.h"
#include "runtime.h"
#include "svc_box.h"
#include "rtt.h"
#include "walk.h"

struct slot {
	int fd;			/* -1 = free */
	uint32_t gen;
	struct xm_addr addr;	/* of the scan's family (cfg->targets.family) */
	uint16_t port;
	uint8_t tries;
	double started;		/* CLOCK_MONOTONIC seconds of connect() */
};

/* A launched connect in launch order: deadlines grow along the FIFO. */
struct pending {
	uint32_t slot, gen;
	double deadline;
};

struct retry {
	struct xm_addr addr;
	uint16_t port;
	uint8_t tries;
};

struct cscan {
	const struct xm_config *cfg;
	struct xm_output *outs;
	size_t nouts;
	struct xm_connect_opts o;
	int ep;
	struct slot *slots;
	uint32_t *freelist, nfree;
	struct pending *fifo;	/* ring of capacity fcap (power of two) */
	size_t fhead, fn, fcap;
	struct retry *retries;
	size_t nretry, retrycap;
	struct xm_walk walk;	/* the permuted (address, port) order, seeded */
	uint64_t next, total;
	double tokens, last_refill;
	uint64_t probes;
	uint64_t seed;		/* of the order, for --resume */
	struct xm_rtt rtt;	/* connect round trips: the timeout without --wait */
	double deadline;	/* --host-timeout: no new connect after this (0 = none) */
	bool failing;		/* an error stopped the launches: the connects in flight finish */
	bool fd_short;		/* socket() found no descriptor (EMFILE/ENFILE): wait a little */
	double starved_since;	/* since then nothing in flight and no descriptor (0 = not) */
	struct xm_results own;	/* the findings, unless the caller collects them */
	struct xm_results *res;	/* &own, or the caller's set */
	char err[256];
};

void xm_connect_opts_default(const struct xm_config *cfg, struct xm_connect_opts *o)
{
	*o = (struct xm_connect_opts){
		.parallelism = cfg->max_parallelism > 0 ? cfg->max_parallelism : 1024,
		.timeout = fmin(10, fmax(0.5, cfg->wait_s)),
	};
}

/* Descriptors kept free beside the connects and -sV: outputs, name lookups, the database. */
#define FD_MARGIN 32
/* Seconds with no descriptor to be had and nothing in flight before the scan gives up. */
#define FD_STARVED_S 60

/*
 * Connects in flight at most: 'want', or fewer so that they and a margin fit
 * under RLIMIT_NOFILE. -sV runs in its own process, with its own descriptor
 * table (svc_box.h). A descriptor still short at run time (EMFILE, or the
 * system-wide ENFILE) only delays a connect.
 */
static int fd_budget(int want)
{
	int spare = xm_fd_spare();

	if (spare == INT_MAX)
		return want;
	spare -= FD_MARGIN;
	return want > spare ? (spare > 8 ? spare : 8) : want;
}

static void record(struct cscan *c, const struct xm_addr *addr, uint16_t port, int state,
		   int reason)
{
	struct xm_finding f = { .addr = *addr, .family = c->cfg->targets.family,
				.proto = IPPROTO_TCP, .port = port, .state = (uint8_t)state,
				.reason = (uint8_t)reason, .when = xm_now_wall() };
	size_t i;
	int rc = xm_results_add(c->res, &f);

	if (rc <= 0)
		return;
	for (i = 0; i < c->nouts; i++)
		c->outs[i].ops->finding(&c->outs[i], &f);
	xm_outputs_flush(c->outs, c->nouts);
	if (state == XM_STATE_OPEN)
		xm_svcbox_submit(c->o.svc, &f);
}

/* The reason an ICMP error in the error queue gives, 0 when it is none of ours. */
static int queued_reason(const struct cmsghdr *cm)
{
	const struct sock_extended_err *ee = (const void *)CMSG_DATA(cm);

	if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_RECVERR &&
	    ee->ee_origin == SO_EE_ORIGIN_ICMP && ee->ee_type == 3)
		return xm_unreach_reason(ee->ee_code);
	if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_RECVERR &&
	    ee->ee_origin == SO_EE_ORIGIN_ICMP6 && ee->ee_type == 1)
		return xm_unreach6_reason(ee->ee_code);
	return XM_REASON_NONE;
}

/*
 * The ICMP error behind EHOSTUNREACH/ENETUNREACH (or EACCES: ICMPv6
 * administratively prohibited), read from the socket's error queue.
 */
static int icmp_reason(int fd, int err)
{
	char ctl[512];
	struct msghdr mh = { .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;

	if (recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT) >= 0)
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			int reason = queued_reason(cm);

			if (reason)
				return reason;
		}
	if (err == EACCES)
		return XM_REASON_ADMIN_PROHIBITED;
	return err == ENETUNREACH ? XM_REASON_NET_UNREACH : XM_REASON_HOST_UNREACH;
}

static void slot_free(struct cscan *c, uint32_t i)
{
	struct slot *s = &c->slots[i];

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->gen++;
	c->freelist[c->nfree++] = i;
}

static int fifo_push(struct cscan *c, uint32_t slot, double deadline)
{
	if (c->fn == c->fcap) {
		size_t cap = c->fcap ? 2 * c->fcap : 4096, k;
		struct pending *nf = malloc(cap * sizeof(*nf));

		if (!nf)
			return -1;
		for (k = 0; k < c->fn; k++)
			nf[k] = c->fifo[(c->fhead + k) & (c->fcap - 1)];
		free(c->fifo);
		c->fifo = nf;
		c->fcap = cap;
		c->fhead = 0;
	}
	c->fifo[(c->fhead + c->fn++) & (c->fcap - 1)] =
		(struct pending){ slot, c->slots[slot].gen, deadline };
	return 0;
}

/* --wait's timeout when given, else the RTT timeout of the connects so far (nmap's). */
static double connect_timeout(const struct cscan *c)
{
	return c->cfg->wait_set ? c->o.timeout : xm_rtt_timeout(&c->rtt);
}

/*
 * No descriptor to be had: back-pressure while our connects (EMFILE) or the
 * -sV process (the system-wide ENFILE) may free some. Fatal with nothing of
 * ours in flight at once without -sV, else after FD_STARVED_S seconds in
 * that state.
 */
static int fd_shortage(struct cscan *c, int err)
{
	double now = xm_now_mono();

	c->fd_short = true;
	if (c->nfree < (uint32_t)c->o.parallelism) {
		c->starved_since = 0;
		return 2;
	}
	if (!c->starved_since)
		c->starved_since = now;
	if (c->o.svc && now - c->starved_since < FD_STARVED_S)
		return 2;
	snprintf(c->err, sizeof(c->err), "socket failed: %s (none in use by the scan%s)",
		 strerror(err), c->o.svc ? " for a minute" : "");
	return -1;
}

/*
 * Start one connect; 1 if it finished at once (recorded), 0 in flight,
 * 2 not started for want of a descriptor (try again later), -1 fatal.
 */
/*
 * Whether a connect() error is an ICMP error that makes the port filtered;
 * EACCES: ICMPv6 administratively prohibited (IPv4 gives EHOSTUNREACH).
 */
static bool unreachable(const struct cscan *c, int err)
{
	return err == EHOSTUNREACH || err == ENETUNREACH ||
	       (err == EACCES && c->cfg->targets.family == XM_FAMILY_IPV6);
}

/* Ask for ICMP errors in the error queue (icmp_reason()) on a socket of family af. */
static void want_icmp_errors(int fd, int af)
{
	int one = 1;

	if (af == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
}

static int launch(struct cscan *c, const struct xm_addr *addr, uint16_t port, uint8_t tries)
{
	struct sockaddr_storage sa;
	socklen_t salen = xm_addr_sockaddr(c->cfg->targets.family, addr, port, &sa);
	uint32_t i = c->freelist[--c->nfree];
	struct slot *s = &c->slots[i];
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = i };
	int cerr;

	s->fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		int e = errno;

		c->nfree++;
		if (e == EMFILE || e == ENFILE)
			return fd_shortage(c, e);
		snprintf(c->err, sizeof(c->err), "socket failed: %s", strerror(e));
		return -1;
	}
	c->starved_since = 0;
	*s = (struct slot){ .fd = s->fd, .addr = *addr, .port = port, .tries = tries,
			    .gen = s->gen, .started = xm_now_mono() };
	want_icmp_errors(s->fd, sa.ss_family);
	c->probes++;
	cerr = connect(s->fd, (struct sockaddr *)&sa, salen) ? errno : 0;
	xm_trace_connect(c->cfg->targets.family, addr, port, cerr == EINPROGRESS ? 0 : cerr);
	if (cerr && cerr != EINPROGRESS) {
		int e = cerr;

		if (e == ECONNREFUSED)
			record(c, addr, port, XM_STATE_CLOSED, XM_REASON_CONN_REFUSED);
		else if (unreachable(c, e))
			record(c, addr, port, XM_STATE_FILTERED, icmp_reason(s->fd, e));
		slot_free(c, i);
		return 1;
	}
	if (epoll_ctl(c->ep, EPOLL_CTL_ADD, s->fd, &ev) ||
	    fifo_push(c, i, s->started + connect_timeout(c))) {
		snprintf(c->err, sizeof(c->err), "epoll_ctl failed: %s", strerror(errno));
		slot_free(c, i);
		return -1;
	}
	return 0;
}

/* A connect finished: the answer decides the state. */
static void complete(struct cscan *c, uint32_t i)
{
	struct slot *s = &c->slots[i];
	struct linger lg = { 1, 0 };
	socklen_t el = sizeof(int);
	int err = 0;

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &el))
		err = errno;
	if (!err || err == ECONNREFUSED) /* the target answered: one round trip */
		xm_rtt_sample(&c->rtt, xm_now_mono() - s->started);
	if (!err) {
		/* Open: reset at once rather than linger in TIME_WAIT. */
		setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		record(c, &s->addr, s->port, XM_STATE_OPEN, XM_REASON_SYN_ACK);
	} else if (err == ECONNREFUSED) {
		record(c, &s->addr, s->port, XM_STATE_CLOSED, XM_REASON_CONN_REFUSED);
	} else if (unreachable(c, err)) {
		record(c, &s->addr, s->port, XM_STATE_FILTERED, icmp_reason(s->fd, err));
	}
	/* ETIMEDOUT and the like: no answer, filtered (no-response) as with -sS. */
	slot_free(c, i);
}

static int queue_retry(struct cscan *c, const struct slot *s)
{
	if (c->nretry == c->retrycap) {
		size_t cap = c->retrycap ? 2 * c->retrycap : 256;
		struct retry *nr = realloc(c->retries, cap * sizeof(*nr));

		if (!nr)
			return -1;
		c->retries = nr;
		c->retrycap = cap;
	}
	c->retries[c->nretry++] = (struct retry){ s->addr, s->port, (uint8_t)(s->tries + 1) };
	return 0;
}

/* Expire connects whose deadline passed (the FIFO head); stale entries are skipped. */
static double expire(struct cscan *c, double now)
{
	while (c->fn) {
		struct pending *p = &c->fifo[c->fhead];
		struct slot *s = &c->slots[p->slot];

		if (s->gen == p->gen && s->fd >= 0) {
			if (p->deadline > now)
				return p->deadline;
			if (s->tries < c->cfg->max_retries && !xm_stop_requested)
				queue_retry(c, s);
			slot_free(c, p->slot);
		}
		c->fhead = (c->fhead + 1) & (c->fcap - 1);
		c->fn--;
	}
	return now + 0.1;
}

static void refill(struct cscan *c)
{
	double now = xm_now_mono(), rate = xm_send_rate(c->cfg);

	if (rate <= 0) {
		c->tokens = 1e9;
		return;
	}
	c->tokens = fmin(fmax(64, rate / 100), c->tokens + (now - c->last_refill) * rate);
	c->last_refill = now;
}

/* No new connect once stopped, failing or --host-timeout ran out. */
static bool halted(const struct cscan *c)
{
	return xm_stop_requested || c->failing ||
	       (c->deadline > 0 && xm_now_mono() > c->deadline);
}

/* Start connects while slots, tokens and targets last. */
static int launch_some(struct cscan *c)
{
	const struct xm_config *cfg = c->cfg;

	refill(c);
	c->fd_short = false;
	while (c->nfree && c->tokens >= 1 && !halted(c)) {
		struct xm_addr addr;
		uint16_t port;
		uint8_t tries = 0;
		bool retry = c->nretry != 0;
		int rc;

		if (c->nretry) {
			struct retry r = c->retries[--c->nretry];

			addr = r.addr, port = r.port, tries = r.tries;
		} else if (c->next < c->total) {
			uint64_t v = xm_perm_map(&c->walk.perm, c->next);

			c->next += cfg->shard_count;
			addr = xm_targets_at(&cfg->targets, v / cfg->ports.n);
			port = cfg->ports.v[v % cfg->ports.n];
		} else {
			break;
		}
		c->tokens -= 1;
		rc = launch(c, &addr, port, tries);
		if (rc < 0)
			return -1;
		if (rc == 2) { /* put it back: the same pair goes first next time */
			if (retry)
				c->nretry++;
			else
				c->next -= cfg->shard_count;
			c->tokens += 1;
			break;
		}
	}
	return 0;
}

static bool more_to_launch(const struct cscan *c)
{
	return !halted(c) && (c->nretry || c->next < c->total);
}

/*
 * Launch, wait, complete until every pair is done or the scan halts. After
 * an error the connects in flight still finish (their ports get a state),
 * then -1.
 */
static int run(struct cscan *c)
{
	struct epoll_event ev[256];
	int n, k;

	for (;;) {
		double now, next;
		int ms;

		if (!c->failing && launch_some(c))
			c->failing = true;
		now = xm_now_mono();
		next = expire(c, now);
		if (c->nfree == (uint32_t)c->o.parallelism && !more_to_launch(c))
			return c->failing ? -1 : 0;
		ms = (int)fmin(100, fmax(0, ceil((next - now) * 1000)));
		if (more_to_launch(c) && c->nfree && c->tokens < 1)
			ms = (int)fmin(ms, ceil(1000 / xm_send_rate(c->cfg)) + 1);
		if (c->fd_short) /* -sV frees descriptors without telling us */
			ms = (int)fmin(ms, 10);
		n = epoll_wait(c->ep, ev, 256, ms);
		if (n < 0 && errno != EINTR) {
			snprintf(c->err, sizeof(c->err), "epoll_wait failed: %s", strerror(errno));
			return -1;
		}
		for (k = 0; k < n; k++)
			complete(c, (uint32_t)ev[k].data.u64);
		xm_progress_tick(c->cfg->progress, c->probes, 0, c->res->n);
	}
}

/*
 * No host discovery: a host is up when any port answered (nmap -Pn -sT).
 * A stopped or failed run lists only the ports it launched.
 */
static void report(struct cscan *c, double start_mono, double start_wall, double send_s,
		   bool failed)
{
	const struct xm_walk *walks[1] = { &c->walk };
	struct xm_report_input in = { .results = c->res, .walks = walks, .nwalks = 1,
				      .svc = c->o.svc, .start_mono = start_mono };
	struct xm_summary sum = {
		.addrs = c->cfg->targets.count, .nports = c->cfg->ports.n,
		.probes = c->probes, .send_seconds = send_s, .start_time = start_wall,
		.failed = failed, .seed = c->seed,
	};

	struct xm_results macs = { 0 };

	/* -6: on-link hosts' MACs from the kernel's neighbours, which connect() made it learn */
	if (c->cfg->targets.family == XM_FAMILY_IPV6 && xm_neigh6_macs(&macs))
		pr_debug("could not read the IPv6 neighbour table: no MAC lines\n");
	in.macs = &macs;
	c->walk.hi = failed || halted(c) ? c->next : c->total;
	sum.interrupted = halted(c) && c->next < c->total;
	xm_report_run(&in, &sum, c->outs, c->nouts);
	xm_results_free(&macs);
}

static int set_up(struct cscan *c)
{
	const struct xm_config *cfg = c->cfg;
	uint64_t seed;
	int i;

	c->o.parallelism = fd_budget(c->o.parallelism < 1 ? 1 : c->o.parallelism);
	c->slots = calloc((size_t)c->o.parallelism, sizeof(*c->slots));
	c->freelist = calloc((size_t)c->o.parallelism, sizeof(*c->freelist));
	if (!c->slots || !c->freelist) {
		snprintf(c->err, sizeof(c->err), "calloc failed: out of memory");
		return -1;
	}
	for (i = c->o.parallelism - 1; i >= 0; i--) {
		c->slots[i].fd = -1;
		c->freelist[c->nfree++] = (uint32_t)i;
	}
	c->ep = epoll_create1(EPOLL_CLOEXEC);
	if (c->ep < 0) {
		snprintf(c->err, sizeof(c->err), "epoll_create1 failed: %s", strerror(errno));
		return -1;
	}
	if (cfg->seed_set)
		seed = cfg->seed;
	else if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed)) {
		snprintf(c->err, sizeof(c->err), "getrandom failed: %s", strerror(errno));
		return -1;
	}
	c->seed = seed;
	c->total = cfg->targets.count * cfg->ports.n;
	c->next = xm_walk_first(cfg);
	xm_walk_init(&c->walk, &cfg->targets, &cfg->ports, seed, cfg->shard_index,
		     cfg->shard_count);
	c->walk.lo = c->next;
	c->last_refill = xm_now_mono();
	xm_rtt_init(&c->rtt, cfg->initial_rtt_timeout, cfg->min_rtt_timeout,
		    cfg->max_rtt_timeout);
	if (cfg->host_timeout > 0)
		c->deadline = c->last_refill + cfg->host_timeout;
	return 0;
}

static void tear_down(struct cscan *c)
{
	int i;

	for (i = 0; c->slots && i < c->o.parallelism; i++)
		if (c->slots[i].fd >= 0)
			close(c->slots[i].fd);
	if (c->ep >= 0)
		close(c->ep);
	free(c->slots);
	free(c->freelist);
	free(c->fifo);
	free(c->retries);
	xm_results_free(&c->own);
}

int xm_connect_scan_opts(const struct xm_config *cfg, struct xm_output *outs, size_t nouts,
			 const struct xm_connect_opts *o)
{
	struct cscan *c = calloc(1, sizeof(*c));
	double start_mono = xm_now_mono(), start_wall = xm_now_wall(), send_s;
	int rc = -1;

	if (!c) {
		pr_warn("calloc failed: out of memory\n");
		return -1;
	}
	*c = (struct cscan){ .cfg = cfg, .outs = outs, .nouts = nouts, .o = *o, .ep = -1 };
	c->res = &c->own;
	if (set_up(c) == 0) {
		pr_info("connect scan: %d connects in flight at most, timeout %.2f s%s\n",
			c->o.parallelism, connect_timeout(c),
			cfg->wait_set ? "" : " at first, then from the measured round trips");
		rc = run(c);
		send_s = xm_now_mono() - start_mono;
		report(c, start_mono, start_wall, send_s, rc != 0);
		if (!rc && xm_stop_requested)
			xm_resume_save(cfg, c->seed, c->next);
	}
	if (rc)
		pr_warn("%s\n", c->err);
	tear_down(c);
	free(c);
	return rc;
}

int xm_connect_scan_into(const struct xm_config *cfg, struct xm_output *outs, size_t nouts,
			 struct xm_svcbox *svc, struct xm_results *results, uint64_t *probes,
			 uint64_t *stop)
{
	struct cscan *c = calloc(1, sizeof(*c));
	int rc = -1;

	if (!c) {
		pr_warn("calloc failed: out of memory\n");
		return -1;
	}
	*c = (struct cscan){ .cfg = cfg, .outs = outs, .nouts = nouts, .ep = -1, .res = results };
	xm_connect_opts_default(cfg, &c->o);
	c->o.svc = svc;
	if (set_up(c) == 0) {
		rc = run(c);
		*stop = rc || halted(c) ? c->next : c->total;
	}
	if (rc)
		pr_warn("%s\n", c->err);
	*probes += c->probes;
	tear_down(c);
	free(c);
	return rc;
}

/*
 * -sV's process first (it confines itself, svc_box.h), then no privilege at
 * all, then the scan.
 */
int xm_connect_scan(const struct xm_config *cfg, struct xm_output *outs, size_t nouts)
{
	struct xm_connect_opts o;
	char err[512] = "";
	int rc = -1;

	xm_connect_opts_default(cfg, &o);
	if (cfg->progress)
		cfg->progress->phase = "Connect Scan";
	o.svc = xm_svcbox_new(cfg, err, sizeof(err));
	if (!err[0])
		xm_drop_privileges(cfg, err, sizeof(err));
	if (!err[0])
		rc = xm_connect_scan_opts(cfg, outs, nouts, &o);
	else
		pr_warn("%s\n", err);
	xm_svcbox_free(o.svc);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The SYN scan engine: set-up of route, BPF program and AF_XDP socket, the send loop, reporting. */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/if_link.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "common_kern_user.h"
#include "cookie.h"
#include "discovery.h"
#include "log.h"
#include "netlink.h"
#include "permute.h"
#include "progress.h"
#include "resume.h"
#include "scan.h"
#include "service.h"
#include "tx.h"
#include "xdpmap.skel.h"

volatile sig_atomic_t xm_stop_requested;
volatile sig_atomic_t xm_stop_signal;

struct scan {
	const struct xm_config *cfg;
	struct xm_output *outs;
	size_t nouts;
	struct xm_route route;
	uint16_t sport_lo, sport_hi;
	struct xm_siphash_key key;
	struct xm_probe_set probe_set; /* every probe module's template */
	struct xdpmap_bpf *skel;
	int link_fd;
	struct ring_buffer *rb;
	struct xm_tx tx;
	struct xm_perm perm;
	struct xm_results results;
	struct xm_discovery disc;
	struct xm_svc *svc;  /* -sV, NULL when off */
	bool no_xdp;	     /* set-up failed because XDP/AF_XDP cannot run here */
	bool discovering;    /* phase 1 is running: host records count */
	bool disc_done;	     /* phase 1 ran */
	bool disc_filters;   /* ... and the port scan skips the hosts it found dead (not -Pn) */
	uint32_t link_net;   /* the egress interface's prefix holding the first target */
	uint32_t link_mask;  /* (0: routed): its hosts get frames for their own MACs */
	bool port_phase;     /* the port scan is running */
	uint64_t stop_index; /* port scan: the first index not sent when stopped */
	uint64_t probes;
	double send_seconds;
	double mono_to_wall; /* add to CLOCK_MONOTONIC seconds to get wall time */
	char err[512];
};

/* Probe source ports: --source-port, else a range above (or below) ip_local_port_range. */
static int choose_sports(struct scan *s)
{
	unsigned lo = 32768, hi = 60999;
	FILE *f;

	if (s->cfg->sport_lo) {
		s->sport_lo = s->cfg->sport_lo;
		s->sport_hi = s->cfg->sport_hi;
		return 0;
	}
	f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	if (f) {
		if (fscanf(f, "%u %u", &lo, &hi) != 2)
			lo = 32768, hi = 60999;
		fclose(f);
	}
	if (hi <= 64535) {
		s->sport_lo = (uint16_t)(hi + 1), s->sport_hi = 65535;
	} else if (lo > 2048) {
		s->sport_lo = (uint16_t)(lo - 1024), s->sport_hi = (uint16_t)(lo - 1);
	} else {
		snprintf(s->err, sizeof(s->err),
			 "ip_local_port_range %u-%u leaves no room for probe ports; use --source-port",
			 lo, hi);
		return -1;
	}
	return 0;
}

static int resolve_route(struct scan *s)
{
	const struct xm_config *cfg = s->cfg;
	uint32_t first = xm_targets_addr(&cfg->targets, 0);

	if (xm_route_lookup(first, cfg->iface, &s->route, s->err, sizeof(s->err)))
		return -1;
	if (cfg->src_addr)
		s->route.src = cfg->src_addr;
	return xm_iface_mac(s->route.ifname, s->route.src_mac, s->err, sizeof(s->err));
}

/*
 * The next hop's MAC. Asked after the XDP program is attached: on veth, a
 * peer that answers ARP with XDP_TX is only heard by an interface that runs
 * an XDP program itself.
 */
static int resolve_next_hop(struct scan *s)
{
	if (s->cfg->have_router_mac) {
		memcpy(s->route.dst_mac, s->cfg->router_mac, 6);
		return 0;
	}
	return xm_neigh_resolve(s->route.ifindex, s->route.ifname, s->route.nexthop,
				s->route.dst_mac, 3000, s->err, sizeof(s->err));
}

static int make_key(struct scan *s)
{
	if (getrandom(&s->key, sizeof(s->key), 0) != sizeof(s->key)) {
		snprintf(s->err, sizeof(s->err), "getrandom failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Native XDP first, generic (skb) mode as the fallback, each through a bpf_link. */
static int attach_xdp(struct scan *s)
{
	int prog_fd = bpf_program__fd(s->skel->progs.xdpmap_catch);
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);

	s->link_fd = bpf_link_create(prog_fd, s->route.ifindex, BPF_XDP, &opts);
	if (s->link_fd >= 0)
		return 0;
	opts.flags = XDP_FLAGS_SKB_MODE;
	s->link_fd = bpf_link_create(prog_fd, s->route.ifindex, BPF_XDP, &opts);
	if (s->link_fd >= 0) {
		pr_info("native XDP not available on %s; using generic mode\n",
			s->route.ifname);
		return 0;
	}
	snprintf(s->err, sizeof(s->err),
		 "bpf_link_create(XDP) failed in native and generic mode: %s%s", strerror(errno),
		 errno == EBUSY || errno == EEXIST ? " (another XDP program is attached)" : "");
	s->no_xdp = true;
	return -1;
}

static int on_reply(void *ctx, void *data, size_t len);

static int load_bpf(struct scan *s)
{
	int rc;

	s->skel = xdpmap_bpf__open();
	if (!s->skel) {
		snprintf(s->err, sizeof(s->err), "xdpmap_bpf__open failed: %s", strerror(errno));
		return -1;
	}
	s->skel->rodata->cfg_src_addr = htonl(s->route.src);
	s->skel->rodata->cfg_sport_lo = s->sport_lo;
	s->skel->rodata->cfg_sport_hi = s->sport_hi;
	s->skel->rodata->cfg_key0 = s->key.k0;
	s->skel->rodata->cfg_key1 = s->key.k1;
	s->skel->rodata->cfg_send_rst = s->cfg->send_rst;
	rc = xdpmap_bpf__load(s->skel);
	if (rc) {
		snprintf(s->err, sizeof(s->err), "xdpmap_bpf__load failed: %s", strerror(-rc));
		return -1;
	}
	if (attach_xdp(s))
		return -1;
	s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.results), on_reply, s, NULL);
	if (!s->rb) {
		snprintf(s->err, sizeof(s->err), "ring_buffer__new failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* A discovery reply: the host is up (late or stray ones are only counted). */
static int on_host_reply(struct scan *s, const struct xm_finding *f, uint64_t ts_ns)
{
	if (!s->discovering && !s->disc_done)
		return 0;
	if (xm_disc_host_up(&s->disc, f, ts_ns) < 0) {
		snprintf(s->err, sizeof(s->err), "out of memory storing live hosts");
		return -ENOMEM;
	}
	return 0;
}

/* Ring-buffer callback: one new reply from the XDP program. */
static int on_reply(void *ctx, void *data, size_t len)
{
	struct scan *s = ctx;
	const struct xm_result *r = data;
	struct xm_finding f;
	size_t i;
	int rc;

	if (len < sizeof(*r))
		return 0;
	f = (struct xm_finding){
		.addr = ntohl(r->addr), .port = r->port, .state = r->state,
		.reason = r->reason, .ttl = r->ttl, .window = r->window,
		.when = (double)r->ts_ns / 1e9 + s->mono_to_wall,
	};
	if (r->kind == XM_KIND_HOST) {
		memcpy(f.mac, r->mac, sizeof(f.mac));
		return on_host_reply(s, &f, r->ts_ns);
	}
	rc = xm_results_add(&s->results, &f);
	if (rc < 0) {
		snprintf(s->err, sizeof(s->err), "out of memory storing results");
		return -ENOMEM;
	}
	for (i = 0; rc && i < s->nouts; i++)
		s->outs[i].ops->finding(&s->outs[i], &f);
	if (rc == 1 && f.state == XM_STATE_OPEN)
		xm_svc_submit(s->svc, f.addr, f.port);
	return 0;
}

/*
 * The MAC to frame a probe for: an on-link host's own, learnt from its ARP
 * reply, else the next hop's (the gateway, or the first target).
 */
static const uint8_t *host_mac(struct scan *s, uint32_t daddr)
{
	static const uint8_t zero[6];
	const struct xm_finding *h;

	if ((daddr & s->link_mask) != s->link_net)
		return s->route.dst_mac;
	h = xm_results_find(&s->disc.hosts, daddr, 0);
	return h && memcmp(h->mac, zero, 6) ? h->mac : s->route.dst_mac;
}

/* The i-th probe of the permuted port scan: 0 probes for a host discovery found dead. */
static size_t port_probe(struct scan *s, uint64_t i, bool retry, struct xm_probe *p)
{
	const struct xm_config *cfg = s->cfg;
	uint64_t v = xm_perm_map(&s->perm, i), host = v / cfg->ports.n;

	if (s->disc_filters && !xm_disc_alive(&s->disc, host))
		return 0;
	p->module = XM_PROBE_TCP_SYN;
	p->daddr = xm_targets_addr(&cfg->targets, host);
	p->dst_mac = s->link_mask ? host_mac(s, p->daddr) : NULL;
	p->dport = cfg->ports.v[v % cfg->ports.n];
	if (retry && xm_results_has(&s->results, p->daddr, p->dport))
		return 0;
	p->sport = xm_probe_sport(p->daddr, p->dport, (uint32_t)s->key.k1, s->sport_lo,
				  s->sport_hi);
	p->seq = xm_cookie(&s->key, htonl(s->route.src), htonl(p->daddr),
			   htons(p->sport), htons(p->dport));
	p->ip_id = (uint16_t)(p->seq >> 16);
	return 1;
}

/* The probes of the i-th host of discovery. */
static size_t host_probes(struct scan *s, uint64_t i, bool retry, struct xm_probe *p)
{
	return xm_disc_probes(&s->disc, i, retry, xm_now_ns(), p);
}

/* Token bucket refilled at 'rate' per second, at most 'burst' tokens. */
struct bucket {
	double rate, tokens, burst, last;
};

static uint32_t bucket_take(struct bucket *b, uint32_t want)
{
	double now;
	uint32_t n;

	if (b->rate <= 0)
		return want;
	now = xm_now_mono();
	b->tokens = fmin(b->burst, b->tokens + (now - b->last) * b->rate);
	b->last = now;
	n = b->tokens < want ? (uint32_t)b->tokens : want;
	b->tokens -= n;
	return n;
}

static void bucket_wait(const struct bucket *b)
{
	double need = (1.0 - b->tokens) / b->rate;
	struct timespec ts = { 0, (long)(fmin(need, 0.001) * 1e9) };

	nanosleep(&ts, NULL);
}

/* Probes of one pass, generated lazily into a small pending queue. */
struct pass {
	uint64_t next, end, step;
	struct xm_probe pending[XM_TX_BATCH + XM_PING_MAX_PROBES];
	uint64_t pend_idx[XM_TX_BATCH + XM_PING_MAX_PROBES]; /* the index of each */
	uint32_t npending;
	bool retry; /* skip targets that already answered */
	/* the probes of index i into out[]; returns how many */
	size_t (*gen)(struct scan *s, uint64_t i, bool retry, struct xm_probe *out);
};

static void pass_fill(struct scan *s, struct pass *p)
{
	while (p->npending < XM_TX_BATCH && p->next < p->end) {
		uint32_t n = (uint32_t)p->gen(s, p->next, p->retry, &p->pending[p->npending]);
		uint32_t k;

		for (k = 0; k < n; k++)
			p->pend_idx[p->npending + k] = p->next;
		p->npending += n;
		p->next += p->step;
	}
}

static int poll_replies(struct scan *s, int timeout_ms)
{
	int rc = timeout_ms ? ring_buffer__poll(s->rb, timeout_ms) :
			      ring_buffer__consume(s->rb);

	if (rc < 0 && rc != -EINTR) {
		if (!s->err[0])
			snprintf(s->err, sizeof(s->err), "ring_buffer__poll failed: %s",
				 strerror(-rc));
		return -1;
	}
	return 0;
}

/* Send one pass over the shard's probes, rate-limited, reading replies between batches. */
static int send_pass(struct scan *s, struct pass *p, struct bucket *b)
{
	for (;;) {
		uint32_t want;
		int sent;

		pass_fill(s, p);
		if (!p->npending || xm_stop_requested) {
			s->stop_index = p->npending ? p->pend_idx[0] : p->next;
			return 0;
		}
		want = bucket_take(b, p->npending);
		if (!want) {
			bucket_wait(b);
			continue;
		}
		sent = xm_tx_send(&s->tx, p->pending, want);
		if (sent < 0) {
			snprintf(s->err, sizeof(s->err), "sendto(AF_XDP) on interface %s failed: %s",
				 s->route.ifname, strerror(errno));
			return -1;
		}
		b->tokens += want - (uint32_t)sent;
		s->probes += (uint64_t)sent;
		xm_progress_tick(s->cfg->progress, s->probes, 0, s->results.n);
		memmove(p->pending, p->pending + sent,
			(p->npending - (uint32_t)sent) * sizeof(p->pending[0]));
		memmove(p->pend_idx, p->pend_idx + sent,
			(p->npending - (uint32_t)sent) * sizeof(p->pend_idx[0]));
		p->npending -= (uint32_t)sent;
		if (poll_replies(s, 0))
			return -1;
	}
}

/* Read replies until 'deadline' (monotonic seconds) or a stop request. */
static int collect_until(struct scan *s, double deadline)
{
	double left;

	while (xm_stop_requested < 2 && (left = deadline - xm_now_mono()) > 0) {
		int ms = (int)fmin(100, ceil(left * 1000));

		if (poll_replies(s, ms))
			return -1;
		xm_progress_tick(s->cfg->progress, s->probes, 0, s->results.n);
	}
	return poll_replies(s, 0);
}

/* Discovery heard from every target: no retry or wait can add anything. */
static bool all_hosts_up(const struct scan *s)
{
	return s->discovering && s->disc.nalive == s->cfg->targets.count;
}

/*
 * Send 'total' indices of 'gen' (this shard's share) once and then again for
 * each retry, retries spaced by at least 'gap' seconds and skipping what
 * answered; then read replies for 'wait' seconds.
 */
static int run_passes(struct scan *s, uint64_t first, uint64_t total,
		      size_t (*gen)(struct scan *, uint64_t, bool, struct xm_probe *),
		      double wait)
{
	const struct xm_config *cfg = s->cfg;
	struct bucket b = { .rate = cfg->max_rate, .burst = 2 * XM_TX_BATCH,
			    .last = xm_now_mono() };
	double gap = fmin(1.0, fmax(0.25, cfg->wait_s)), pass_end = 0;
	struct pass p;
	int r, rc;

	for (r = 0; r <= cfg->max_retries && !xm_stop_requested; r++) {
		if (r && all_hosts_up(s))
			break; /* nothing left for a retry to find */
		if (r && collect_until(s, pass_end + gap))
			return -1;
		p = (struct pass){ .next = first, .end = total,
				   .step = cfg->shard_count, .retry = r > 0,
				   .gen = gen };
		pass_end = xm_now_mono();
		rc = send_pass(s, &p, &b);
		s->send_seconds += xm_now_mono() - pass_end;
		pass_end = xm_now_mono();
		if (rc)
			return -1;
	}
	xm_tx_drain(&s->tx, 1000);
	return collect_until(s, all_hosts_up(s) ? 0 : xm_now_mono() + wait);
}

/* Phase 1 over every target; the port scan then covers live hosts only. */
static int run_discovery(struct scan *s)
{
	const struct xm_config *cfg = s->cfg;
	double wait = cfg->ping.only ? cfg->wait_s : fmin(cfg->wait_s, 1.0);
	int rc;

	s->discovering = true;
	rc = run_passes(s, cfg->shard_index, cfg->targets.count, host_probes, wait);
	s->discovering = false;
	s->disc_done = true;
	s->disc_filters = !cfg->ping.skip;
	pr_info("host discovery: %llu of %llu hosts up\n",
		(unsigned long long)s->disc.nalive,
		(unsigned long long)cfg->targets.count);
	return rc;
}

/* Where the port scan starts: index 0 of this shard, or where --resume says. */
static uint64_t resume_first(const struct xm_config *cfg)
{
	uint64_t i = cfg->resume_index;

	if (i < cfg->shard_index)
		return cfg->shard_index;
	return i - (i - cfg->shard_index) % cfg->shard_count;
}

/*
 * After an interrupt: save what --resume needs to send the rest of the port
 * scan (stopped in discovery: all of it).
 */
static void save_resume(struct scan *s)
{
	struct xm_resume_state st = {
		.seed = s->cfg->seed_set ? s->cfg->seed : s->key.k0,
		.index = s->port_phase ? s->stop_index : 0,
	};
	char path[512], err[600];

	if (!s->cfg->argv || s->cfg->ping.only)
		return;
	if (xm_resume_write(s->cfg->argc, s->cfg->argv, &st, path, sizeof(path), err,
			    sizeof(err))) {
		pr_warn("%s\n", err);
		return;
	}
	pr_warn("interrupted; to finish the scan: xdpmap --resume %s\n", path);
}

static int run_scan(struct scan *s)
{
	const struct xm_config *cfg = s->cfg;

	/* with -Pn, on-link targets still get ARP: their MACs frame the probes */
	if ((!cfg->ping.skip || s->link_mask) && run_discovery(s))
		return -1;
	if (cfg->ping.only || xm_stop_requested || (s->disc_filters && !s->disc.nalive))
		return 0;
	s->port_phase = true;
	s->stop_index = cfg->resume_index;
	return run_passes(s, resume_first(cfg), cfg->targets.count * cfg->ports.n, port_probe,
			  cfg->wait_s);
}

static uint64_t read_counter(struct scan *s, uint32_t idx)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t sum = 0, *vals;
	int i;

	if (ncpu <= 0 || !(vals = calloc((size_t)ncpu, sizeof(*vals))))
		return 0;
	if (!bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.counters), &idx, vals))
		for (i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

static void log_counters(struct scan *s)
{
	static const char *const names[XM_CNT_MAX] = {
		"seen", "open", "closed", "filtered", "bad-cookie",
		"duplicate", "passed", "ringbuf-full", "rst-sent", "host-up",
	};
	uint32_t i;

	for (i = 0; i < XM_CNT_MAX; i++)
		pr_debug("xdp counter %s: %llu\n", names[i],
			 (unsigned long long)read_counter(s, i));
}

static void report(struct scan *s, double start_mono, double start_wall)
{
	struct xm_finding *all, *up;
	struct xm_host_report *hosts = NULL;
	struct xm_summary sum = {
		.addrs = s->cfg->targets.count, .nports = s->cfg->ports.n,
		.probes = s->probes, .seconds = xm_now_mono() - start_mono,
		.send_seconds = s->send_seconds, .ping_only = s->cfg->ping.only,
		.start_time = start_wall,
		.ring_full = read_counter(s, XM_CNT_RINGBUF_FULL),
	};
	ssize_t nhosts = -1;
	size_t i;

	xm_svc_finish(s->svc);
	xm_svc_attach(s->svc, &s->results);
	all = xm_results_sorted(&s->results);
	up = s->disc_filters ? xm_results_sorted(&s->disc.hosts) : NULL;
	sum.seconds = xm_now_mono() - start_mono;
	if (all && (up || !s->disc_filters))
		nhosts = xm_host_reports(up, up ? s->disc.hosts.n : 0, all, s->results.n, &hosts);
	if (nhosts < 0) {
		pr_warn("out of memory sorting %zu results\n", s->results.n);
		goto out;
	}
	sum.hosts = hosts;
	sum.nhosts = (size_t)nhosts;
	sum.hosts_up = (uint64_t)nhosts;
	log_counters(s);
	if (s->disc.stray)
		pr_info("%llu discovery replies from addresses not probed were ignored\n",
			(unsigned long long)s->disc.stray);
	for (i = 0; i < s->nouts; i++)
		s->outs[i].ops->report(&s->outs[i], all, s->results.n, &sum);
out:
	free(hosts);
	free(up);
	free(all);
}

/*
 * Targets in the egress interface's connected prefix get ARP (unless
 * --disable-arp-ping); with -Pn that is all discovery does, to learn MACs.
 */
static int init_discovery(struct scan *s)
{
	const struct xm_ping_opts arp_only = { .skip = true, .chosen = true, .arp = true };
	const struct xm_config *cfg = s->cfg;
	uint32_t first = xm_targets_addr(&cfg->targets, 0);

	if (s->route.nexthop == first && !cfg->ping.disable_arp &&
	    xm_iface_onlink(s->route.ifindex, first, &s->link_net, &s->link_mask))
		s->link_mask = 0;
	if (cfg->ping.skip && !s->link_mask)
		return 0;
	if (xm_disc_init(&s->disc, cfg->ping.skip ? &arp_only : &cfg->ping, &cfg->targets,
			 &s->key, cfg->seed_set ? cfg->seed : s->key.k1, s->route.src,
			 s->sport_lo, s->sport_hi, s->link_net, s->link_mask)) {
		snprintf(s->err, sizeof(s->err), "out of memory for host discovery");
		return -1;
	}
	return 0;
}

/*
 * -sV's engine (nothing when it is off). As root it starts before the
 * privilege drop, while its database can still be read: setuid() then takes
 * every capability from all threads, the worker's too (glibc applies it to
 * each). Without root it starts after the drop, as capset() only changes the
 * calling thread.
 */
static int start_svc(struct scan *s)
{
	if (s->svc)
		return 0;
	s->svc = xm_svc_new(s->cfg, s->err, sizeof(s->err));
	return !s->svc && s->err[0] ? -1 : 0;
}

/* Every probe module's template, from the route's addresses. */
static int init_probes(struct scan *s)
{
	struct xm_probe_src src = { .saddr = s->route.src };

	memcpy(src.src_mac, s->route.src_mac, 6);
	memcpy(src.dst_mac, s->route.dst_mac, 6);
	if (xm_probe_set_init(&s->probe_set, xm_probe_modules, XM_PROBE_NMODULES, &src)) {
		snprintf(s->err, sizeof(s->err), "xm_probe_set_init failed: over %d modules",
			 XM_PROBE_SET_MAX);
		return -1;
	}
	return 0;
}

static int set_up(struct scan *s)
{
	if (choose_sports(s) || resolve_route(s) || make_key(s) || load_bpf(s) ||
	    resolve_next_hop(s))
		return -1;
	if (init_probes(s))
		return -1;
	xm_perm_init(&s->perm, s->cfg->targets.count * s->cfg->ports.n,
		     s->cfg->seed_set ? s->cfg->seed : s->key.k0);
	if (init_discovery(s))
		return -1;
	if (xm_tx_open(&s->tx, s->route.ifname, 0, &s->probe_set, s->err, sizeof(s->err))) {
		s->no_xdp = true;
		return -1;
	}
	pr_info("scanning from %s on %s, probe source ports %u-%u\n",
		inet_ntoa((struct in_addr){ htonl(s->route.src) }), s->route.ifname,
		s->sport_lo, s->sport_hi);
	return geteuid() == 0 ? start_svc(s) : 0;
}

/* The effective capability set of this process (both 32-bit words). */
static uint64_t effective_caps(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return ~0ULL;
	return (uint64_t)data[1].effective << 32 | data[0].effective;
}

/* Not root: give up whatever capabilities the binary was given (setcap). */
static int drop_caps_only(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (!effective_caps())
		return 0;
	if (syscall(SYS_capset, &hdr, data) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		snprintf(err, errlen, "capset (dropping capabilities) failed: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

int xm_drop_privileges(const struct xm_config *cfg, char *err, size_t errlen)
{
	const char *user = cfg->run_user ? cfg->run_user : "nobody";
	struct passwd *pw;

	if (geteuid() != 0)
		return drop_caps_only(err, errlen);
	pw = getpwnam(user);
	if (!pw) {
		snprintf(err, errlen, "--user: no such user '%s'", user);
		return -1;
	}
	if (setgroups(0, NULL) || setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
		snprintf(err, errlen, "dropping privileges to %s failed: %s", user,
			 strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || effective_caps()) {
		snprintf(err, errlen, "capabilities still held after becoming %s", user);
		return -1;
	}
	pr_debug("running as %s (uid %u), no capabilities\n", user, pw->pw_uid);
	return 0;
}

static void tear_down(struct scan *s)
{
	xm_tx_close(&s->tx);
	ring_buffer__free(s->rb);
	if (s->link_fd >= 0)
		close(s->link_fd);
	xdpmap_bpf__destroy(s->skel);
	xm_svc_free(s->svc);
	xm_results_free(&s->results);
	xm_disc_free(&s->disc);
}

int xm_syn_scan(const struct xm_config *cfg, struct xm_output *outs, size_t nouts)
{
	struct scan *s = calloc(1, sizeof(*s));
	double start_mono = xm_now_mono(), start_wall = xm_now_wall();
	int rc = -1;

	if (!s) {
		pr_warn("out of memory\n");
		return -1;
	}
	*s = (struct scan){ .cfg = cfg, .outs = outs, .nouts = nouts, .link_fd = -1,
			    .mono_to_wall = start_wall - start_mono };
	if (set_up(s) == 0 && xm_drop_privileges(cfg, s->err, sizeof(s->err)) == 0 &&
	    start_svc(s) == 0) {
		rc = run_scan(s);
		report(s, start_mono, start_wall);
		if (!rc && xm_stop_requested)
			save_resume(s);
	} else if (s->no_xdp && !s->probes && !cfg->ping.only) {
		pr_warn("XDP/AF_XDP not available on %s (%s); falling back to the connect scan (-sT)\n",
			s->route.ifname, s->err);
		rc = -2;
	}
	if (rc == -1)
		pr_warn("%s\n", s->err);
	tear_down(s);
	free(s);
	return rc;
}

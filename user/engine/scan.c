// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The SYN scan engine over AF_XDP: its phases, counters and report (the rest: scan_priv.h). */
#include <bpf/bpf.h>
#include <math.h>
#include "addr.h"
#include "connect_scan.h"
#include "log.h"
#include "progress.h"
#include "resume.h"
#include "runtime.h"
#include "udp_sv.h"
#include "service.h"
#include "xdp_counters.h"
#include "xdpmap.skel.h"
#include "scan_priv.h"

/* Read replies until 'deadline' (monotonic seconds) or a stop request. */
static int collect_until(struct scan *s, double deadline)
{
	double left;

	while (xm_stop_requested < 2 && (left = deadline - xm_now_mono()) > 0) {
		int ms = (int)fmin(100, ceil(left * 1000));

		if (scan_poll_replies(s, ms))
			return -1;
		xm_progress_tick(s->cfg->progress, s->probes, 0, scan_port_replies(s));
	}
	return scan_poll_replies(s, 0);
}

/* Every probe of the phase was answered: no retry or wait can add anything. */
static bool all_answered(const struct scan *s)
{
	if (s->phase == SCAN_DISCOVERY)
		return s->disc.nalive == s->cfg->targets.count;
	return s->phase == SCAN_PORTS && scan_port_replies(s) >= s->first_pass;
}

/*
 * How long to read replies after a pass before the next one (retry) or the
 * end (last). --wait fixes the final wait (in discovery at most 1 s unless
 * -sn) and spaces retries by 0.25-1 s of it; otherwise both are the RTT
 * timeout as nmap derives it, and end early once every probe was answered.
 */
static double reply_wait(const struct scan *s, bool last)
{
	const struct xm_config *cfg = s->cfg;

	if (!cfg->wait_set) /* the slowest host that answered, or the scan's estimate */
		return fmax(xm_rtt_timeout(&s->rtt), xm_host_rtts_worst(&s->host_rtts));
	if (!last)
		return fmin(1.0, fmax(0.25, cfg->wait_s));
	if (s->phase == SCAN_DISCOVERY && !cfg->ping.only)
		return fmin(cfg->wait_s, 1.0);
	return cfg->wait_s;
}

/* Read replies for reply_wait() after 'from'; without --wait, stop once all answered. */
static int collect_rest(struct scan *s, double from, bool last)
{
	bool early = !s->cfg->wait_set || s->phase == SCAN_DISCOVERY;
	double deadline = from + reply_wait(s, last); /* the estimates as the pass ended */

	for (;;) {
		double now = xm_now_mono();

		if (now >= deadline || (early && all_answered(s)) || xm_stop_requested >= 2)
			break;
		if (collect_until(s, fmin(deadline, now + 0.05)))
			return -1;
	}
	return scan_poll_replies(s, 0);
}

/* The pause before a pass for rate-limited port unreachables: Linux refills one a second. */
#define XM_ICMP_LIMIT_WAIT 1.25
/* The slowest such a pass is sent, probes per second. */
#define XM_ICMP_LIMIT_MIN_RATE 1000.0
/* At most this many such passes after the retries. */
#define XM_ICMP_LIMIT_PASSES 10

/*
 * Whether pass r (past --max-retries) is sent, and the wait before it: in a
 * UDP port scan whose hosts answered some ports with port unreachables (a
 * host's bucket may be low from earlier traffic: no threshold) and left
 * others unanswered, passes spaced by XM_ICMP_LIMIT_WAIT after the last
 * one began, each at most twice as fast as port unreachables came back in the
 * one before, while each brings new port unreachables: what the hosts' ICMP
 * rate limits (Linux: net.ipv4.icmp_ratelimit, a burst of 6, then one a
 * second) held back; none with --max-retries 0. limit_candidate(): whether
 * the scan may want such a pass; limit_pass(): 1 (waited: send it), 0 (do
 * not) or -1.
 */
static bool limit_candidate(const struct scan *s)
{
	return s->phase == SCAN_PORTS && s->cfg->ports.n_udp && s->udp_unreach &&
	       s->cfg->max_retries > 0;
}

static int limit_pass(struct scan *s, int r, double pass_end, struct bucket *b)
{
	int extra = r - s->cfg->max_retries;
	double rate = (double)(s->udp_unreach - s->unreach_before) /
		      fmax(1e-3, xm_now_mono() - s->pass_start);

	if (extra > 1 && s->udp_unreach == s->unreach_before)
		return 0; /* the last wait brought nothing: no rate limit held them */
	if (extra > 1) /* twice what came back: the targets' limits, not ours, set the pace */
		b->rate = fmin(b->rate > 0 ? b->rate : INFINITY, fmax(XM_ICMP_LIMIT_MIN_RATE,
									 2 * rate));
	s->unreach_before = s->udp_unreach;
	return collect_until(s, pass_end + XM_ICMP_LIMIT_WAIT) ? -1 : 1;
}

/* After the last pass: every frame out, then late replies for reply_wait(). */
static int finish_passes(struct scan *s)
{
	uint32_t t;

	for (t = 0; t < s->nsenders; t++)
		xm_tx_drain(scan_lane_tx(s, t), 1000);
	return collect_rest(s, xm_now_mono(), true);
}

/*
 * Send the indices first, first + step, ... below 'total' of 'gen' once,
 * then again for each retry, skipping what answered; each retry waits
 * reply_wait() after the pass before it, and none is sent once everything
 * answered. Then read late replies for reply_wait().
 */
static int run_passes(struct scan *s, uint64_t first, uint64_t step, uint64_t total,
		      size_t (*gen)(struct scan *, uint64_t, bool, struct xm_probe *))
{
	const struct xm_config *cfg = s->cfg;
	struct bucket b = { .rate = xm_send_rate(cfg), .burst = 2 * XM_TX_BATCH,
			    .last = xm_now_mono() };
	double pass_end = 0;
	struct pass p;
	int r, rc;

	for (r = 0; r <= cfg->max_retries + XM_ICMP_LIMIT_PASSES && !xm_stop_requested &&
		    !scan_past_deadline(s); r++) {
		if (r > cfg->max_retries && !limit_candidate(s))
			break;
		if (r && collect_rest(s, pass_end, false))
			return -1;
		if (r && all_answered(s))
			break; /* nothing left for a retry to find */
		rc = r > cfg->max_retries ? limit_pass(s, r, pass_end, &b) : 1;
		if (rc < 0)
			return -1;
		if (!rc)
			break;
		p = (struct pass){ .next = first, .end = total,
				   .step = step, .retry = r > 0,
				   .gen = gen };
		s->pass = (unsigned)r;
		pass_end = xm_now_mono();
		s->pass_start = pass_end;
		rc = scan_use_lanes(s) ? scan_send_pass_lanes(s, &p, &b) : scan_send_pass(s, &p, &b);
		s->send_seconds += xm_now_mono() - pass_end;
		pass_end = xm_now_mono();
		if (rc)
			return -1;
	}
	return finish_passes(s);
}

/* Phase 1 over every target; the port scan then covers live hosts only. */
static int run_discovery(struct scan *s)
{
	const struct xm_config *cfg = s->cfg;
	int rc;

	s->phase = SCAN_DISCOVERY;
	/*
	 * Every shard discovers every host: its share of the port scan may hold
	 * pairs of any host, and needs to know which are up and their MACs.
	 */
	rc = run_passes(s, 0, 1, cfg->targets.count, scan_host_probes);
	s->disc_filters = !cfg->ping.skip;
	pr_info("host discovery: %llu of %llu hosts up\n",
		(unsigned long long)s->disc.nalive,
		(unsigned long long)cfg->targets.count);
	return rc;
}


/*
 * The seed of the scan order: --seed, else one derived from the per-scan key
 * (never a word of the key itself: the order is seen on the wire, and the
 * seed is written to the resume file).
 */
uint64_t scan_seed(const struct scan *s)
{
	return s->whole->seed_set ? s->whole->seed : xm_key_derive(&s->key, XM_KEY_LABEL_ORDER);
}

/* After an interrupt: what --resume needs to send the rest (stopped in discovery: all). */
static void save_resume(struct scan *s)
{
	xm_resume_save(s->whole, scan_seed(s), s->phase >= SCAN_PORTS ? s->stop_index : 0);
}

static int run_scan(struct scan *s)
{
	const struct xm_config *cfg = s->cfg;
	int rc;

	/* with -Pn, on-link targets still get ARP: their MACs frame the probes */
	if ((!cfg->ping.skip || s->arp_link) && run_discovery(s))
		return -1;
	if (cfg->ping.only || xm_stop_requested || (s->disc_filters && !s->disc.nalive))
		return 0;
	s->phase = SCAN_PORTS;
	s->stop_index = cfg->resume_index;
	if (cfg->host_timeout > 0)
		s->deadline = xm_now_mono() + cfg->host_timeout;
	s->sent = calloc(XM_RTT_SLOTS, sizeof(*s->sent));
	rc = run_passes(s, xm_walk_first(cfg), cfg->shard_count,
			cfg->targets.count * cfg->ports.n, scan_port_probe);
	if (scan_past_deadline(s))
		pr_warn("--host-timeout: %.0f s passed with probes left to send; the ports not "
			"probed are reported as not scanned\n", cfg->host_timeout);
	return rc;
}

uint64_t scan_read_counter(struct scan *s, uint32_t idx)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t sum = 0, *vals;
	int i;

	if (!s->skel || ncpu <= 0 || !(vals = calloc((size_t)ncpu, sizeof(*vals))))
		return 0;
	if (!bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.counters), &idx, vals))
		for (i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

static void log_counters(struct scan *s)
{
	uint32_t i;

	for (i = 0; i < XM_CNT_MAX; i++)
		pr_debug("xdp counter %s: %llu\n", xm_counter_name(i),
			 (unsigned long long)scan_read_counter(s, i));
}

/*
 * What connect() scans: the targets without an Ethernet path; with -sT -sU
 * (live_tcp_targets()) the live targets, whichever their path.
 */
const struct xm_targets *scan_tcp_targets(const struct scan *s)
{
	return s->whole->connect_scan ? &s->tcp_live : &s->paths.slow;
}

/*
 * What connect() scans of the targets without an Ethernet path: the TCP
 * part of the port list (a view of it, not a copy). Their UDP ports are not
 * scanned: UDP has no connect() form here.
 */
const struct xm_ports *scan_slow_ports(struct scan *s)
{
	const struct xm_ports *all = &s->whole->ports;

	s->slow_ports = (struct xm_ports){ .v = all->v, .n = all->n - all->n_udp,
					   .proto = IPPROTO_TCP };
	return &s->slow_ports;
}

/* Hosts whose port unreachables came only after rate-limit waits: one notice for all. */
static void warn_icmp_limited(struct scan *s)
{
	struct xm_finding *all;
	char addr[XM_ADDR_STRLEN];

	if (!s->icmp_limited.n || !(all = xm_results_sorted(&s->icmp_limited)))
		return;
	xm_addr_str(all[0].family, &all[0].addr, addr, sizeof(addr));
	pr_warn("%zu host%s (%s%s) rate-limit ICMP port unreachables: the UDP scan waited for "
		"them; open|filtered UDP ports there may be closed (--reason marks the hosts)\n",
		s->icmp_limited.n, s->icmp_limited.n == 1 ? "" : "s", addr,
		s->icmp_limited.n > 1 ? ", ..." : "");
	free(all);
}

/* --metadata-file: the XDP counters and modes, once the XDP path was set up. */
static void run_info(struct scan *s, struct xm_summary *sum)
{
	uint32_t i;

	if (!s->skel || !s->tx.xsk)
		return;
	xm_run_info_fill(&s->run, s->route.ifname, s->xdp_generic, s->tx.zerocopy, 0);
	s->run.senders = s->nsenders;
	for (i = 0; i < s->nsenders && i < XM_RUN_QUEUES_MAX; i++)
		s->run.queue_sent[i] = scan_lane_tx(s, i)->sent;
	for (i = 0; i < XM_CNT_MAX; i++)
		s->run.counters[i] = scan_read_counter(s, i);
	sum->run = &s->run;
}

/* --status-updates-file's drops: replies lost to a full ring buffer so far. */
uint64_t scan_ring_drops(void *ctx)
{
	return scan_read_counter(ctx, XM_CNT_RINGBUF_FULL);
}

/* -sU -sV: the open|filtered UDP ports of live hosts go to -sV too, as nmap's. */
static void udp_sv_submit(struct scan *s, bool failed)
{
	struct xm_udp_sv_scope sc = { .walk = &s->walk,
				      .up = s->disc_filters ? &s->disc.hosts : NULL,
				      .skip = &s->paths.slow, .cap = XM_SVC_MAX_RECORDS };

	if (failed || !s->svc || s->phase < SCAN_PORTS)
		return;
	if (sc.cap > s->results.n)
		sc.cap -= s->results.n; /* the open ports were submitted already */
	if (xm_udp_sv_submit(s->svc, &sc, &s->results) < 0)
		pr_warn("out of memory: some open|filtered UDP ports not probed by -sV\n");
}

static void report(struct scan *s, double start_mono, double start_wall, bool failed)
{
	const struct xm_walk *walks[2] = { &s->walk, NULL };
	struct xm_report_input in = { .results = &s->results, .walks = walks, .nwalks = 2,
				      .svc = s->svc, .start_mono = start_mono,
				      .rtts = &s->host_rtts,
				      .up = s->disc_filters ? &s->disc.hosts : NULL,
				      .macs = s->disc_filters ? NULL : &s->disc.hosts,
				      .streamed = s->stream_only ? &s->answered : NULL,
				      .log = s->compact ? &s->log : NULL };
	struct xm_summary sum = {
		.addrs = s->whole->targets.count, .nports = s->whole->ports.n,
		.probes = s->probes, .send_seconds = s->send_seconds,
		.ping_only = s->cfg->ping.only, .start_time = start_wall,
		.ring_full = scan_read_counter(s, XM_CNT_RINGBUF_FULL), .failed = failed,
		.seed = scan_seed(s),
		.interrupted = xm_stop_requested || scan_past_deadline(s),
		.icmp_limited = &s->icmp_limited,
	};
	struct xm_walk slow;

	/* a shard, an interrupted or a resumed scan lists only the pairs it sent */
	s->walk.lo = xm_walk_first(s->cfg);
	s->walk.hi = s->phase >= SCAN_PORTS ? s->stop_index : s->walk.lo;
	if (scan_tcp_targets(s)->count && scan_slow_ports(s)->n) {
		xm_walk_init(&slow, scan_tcp_targets(s), &s->slow_ports, scan_seed(s),
			     s->cfg->shard_index, s->cfg->shard_count);
		slow.hi = s->slow_stop; /* not run, stopped or failed: what it launched */
		walks[1] = &slow;
	}
	run_info(s, &sum);
	log_counters(s);
	warn_icmp_limited(s);
	if (s->disc.stray)
		pr_info("%llu discovery replies from addresses not probed were ignored\n",
			(unsigned long long)s->disc.stray);
	udp_sv_submit(s, failed);
	xm_report_run(&in, &sum, s->outs, s->nouts);
}

/* Append t's ranges to r. Returns 0, or -1 on ENOMEM. */
static int push_targets(struct xm_ranges *r, const struct xm_targets *t)
{
	size_t i;

	for (i = 0; i < t->include.n; i++) {
		const struct xm_range *g = &t->include.v[i];

		if (t->family == XM_FAMILY_IPV6 ? xm_ranges_push6(r, g->net, g->lo, g->hi) :
						   xm_ranges_push(r, g->lo, g->hi))
			return -1;
	}
	return 0;
}

/* Live host h (a finding of either family) as one address more of r. */
static int push_live_host(struct xm_ranges *r, const struct xm_finding *h)
{
	uint32_t net[3] = { ntohl(h->addr.w[0]), ntohl(h->addr.w[1]), ntohl(h->addr.w[2]) };
	uint32_t low = ntohl(h->addr.w[3]);

	if (h->family != XM_FAMILY_IPV6)
		return xm_ranges_push(r, low, low);
	return xm_ranges_push6(r, net, low, low);
}

/*
 * -sT -sU: the targets the TCP ports go to by connect(): the hosts discovery
 * found up and the targets it could not ping (no Ethernet path); every
 * target with -Pn. Returns 0 (count 0: none), or -1 on ENOMEM.
 */
static int live_tcp_targets(struct scan *s)
{
	struct xm_targets *t = &s->tcp_live;
	struct xm_finding *up = NULL;
	char err[128];
	size_t i;

	if (push_targets(&t->include, s->disc_filters ? &s->paths.slow : &s->whole->targets))
		return -1;
	if (s->disc_filters && s->disc.hosts.n && !(up = xm_results_sorted(&s->disc.hosts)))
		return -1;
	t->family = s->whole->targets.family;
	for (i = 0; up && i < s->disc.hosts.n; i++)
		if (up[i].family == (s->v6 ? XM_FAMILY_IPV6 : XM_FAMILY_IPV4) &&
		    push_live_host(&t->include, &up[i]))
			break;
	free(up);
	if (up && i < s->disc.hosts.n)
		return -1;
	return t->include.n && xm_targets_finalize(t, err, sizeof(err)) ? -1 : 0;
}

/* A connect-path host that answered is up, as discovery would have said. */
static int add_slow_hosts(struct scan *s)
{
	struct xm_finding *all = xm_results_sorted(&s->results);
	size_t i;

	if (!all)
		return s->results.n ? -1 : 0;
	for (i = 0; i < s->results.n; i++) {
		struct xm_finding h = all[i];

		h.proto = 0;
		h.port = 0;
		if (xm_targets_index_of(&s->paths.slow, &h.addr) < 0)
			continue;
		h.state = XM_STATE_UP; /* the host's first finding in order; add keeps the first */
		h.svc = NULL;
		if (xm_results_add(&s->disc.hosts, &h) < 0)
			break;
	}
	free(all);
	return i < s->results.n ? -1 : 0;
}

/*
 * The targets that no Ethernet path reaches (loopback, our own addresses,
 * other links): scanned with connect() in the same run, into the same
 * results and report. -sn: they are up only if local.
 */
/* Local targets of -sn at most listed (nmap lists 127.0.0.0/8 whole; we stop here, with a notice). */
#define XM_LOCAL_UP_MAX 65536

/*
 * -sn: the scanner's own addresses and loopback are up without a probe
 * (nmap's localhost-response); other targets with no Ethernet path are not
 * pinged (no raw ICMP outside the XDP path) and stay down.
 */
static int add_local_hosts(struct scan *s)
{
	uint64_t added = 0, a;
	size_t i;

	for (i = 0; i < s->paths.nsegs; i++) {
		const struct xm_path_seg *g = &s->paths.segs[i];

		if (g->kind != XM_PATH_CONNECT || g->why != XM_SLOW_LOCAL)
			continue;
		for (a = g->lo; a <= g->hi && added < XM_LOCAL_UP_MAX; a++, added++) {
			struct xm_finding h = { .addr = xm_addr4((uint32_t)a),
						.family = XM_FAMILY_IPV4, .state = XM_STATE_UP,
						.reason = XM_REASON_LOCALHOST,
						.when = xm_now_wall() };

			if (xm_results_add(&s->disc.hosts, &h) < 0)
				return -1;
		}
	}
	if (xm_scan6_local_hosts(&s->paths, &s->disc.hosts, &added, XM_LOCAL_UP_MAX))
		return -1;
	if (added == XM_LOCAL_UP_MAX)
		pr_warn("-sn: only the first %d local addresses are listed\n", XM_LOCAL_UP_MAX);
	return 0;
}

static int run_slow_targets(struct scan *s)
{
	struct xm_config slow_cfg;

	if (s->whole->connect_scan && !s->whole->ping.only && live_tcp_targets(s)) {
		snprintf(s->err, sizeof(s->err), "out of memory listing the live hosts for -sT");
		return -1;
	}
	if (!scan_tcp_targets(s)->count || xm_stop_requested)
		return 0;
	if (s->whole->ping.only)
		return add_local_hosts(s);
	if (s->whole->ports.n_udp && s->paths.slow.count)
		pr_warn("-sU: the UDP ports of the %llu targets without an Ethernet path are not "
			"scanned (UDP runs over AF_XDP only)\n",
			(unsigned long long)s->paths.slow.count);
	if (!scan_slow_ports(s)->n)
		return 0;
	slow_cfg = *s->whole;
	slow_cfg.ports = s->slow_ports;
	slow_cfg.targets = *scan_tcp_targets(s);
	slow_cfg.seed = scan_seed(s);
	slow_cfg.seed_set = true;
	slow_cfg.resume_index = 0; /* --resume's index is the XDP walk's */
	if (xm_connect_scan_into(&slow_cfg, s->outs, s->nouts, s->svc, &s->results, &s->probes,
				 &s->slow_stop))
		return -1;
	if (s->disc_filters && add_slow_hosts(s)) {
		snprintf(s->err, sizeof(s->err), "out of memory storing live hosts");
		return -1;
	}
	return 0;
}

/* -sn of targets that no Ethernet path reaches: the local ones are up, reported as such. */
static int local_only_discovery(struct scan *s, double start_mono, double start_wall)
{
	if (xm_drop_privileges(s->whole, s->err, sizeof(s->err)) || add_local_hosts(s))
		return -1;
	s->disc_filters = true;
	report(s, start_mono, start_wall, false);
	return 0;
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
	*s = (struct scan){ .cfg = cfg, .whole = cfg, .outs = outs, .nouts = nouts, .link_fd = -1,
			    .mono_to_wall = start_wall - start_mono };
	if (scan_set_up(s) == 0 && xm_drop_privileges(cfg, s->err, sizeof(s->err)) == 0) {
		xm_rtt_init(&s->rtt, cfg->initial_rtt_timeout, cfg->min_rtt_timeout,
			    cfg->max_rtt_timeout);
		xm_host_rtts_init(&s->host_rtts, cfg->min_rtt_timeout, cfg->max_rtt_timeout);
		rc = run_scan(s);
		s->phase = SCAN_DONE;
		if (!rc)
			rc = run_slow_targets(s);
		report(s, start_mono, start_wall, rc != 0);
		if (!rc && xm_stop_requested)
			save_resume(s);
	} else if (s->no_xdp && !s->paths.fast.count && s->paths.slow.count && cfg->ping.only) {
		rc = local_only_discovery(s, start_mono, start_wall);
	} else if (s->no_xdp && !s->probes && cfg->ping.only &&
		   cfg->targets.family == XM_FAMILY_IPV6) {
		pr_warn("XDP/AF_XDP not available (%s); -6 -sn connects to ports 80 and 443\n",
			s->err);
		rc = -2;
	} else if (s->no_xdp && !s->probes && !s->paths.fast.count && !cfg->ping.only) {
		pr_info("%s: using the connect scan (-sT)\n", s->err);
		rc = -2;
	} else if (s->no_xdp && !s->probes && !cfg->ping.only) {
		pr_warn("XDP/AF_XDP not available on %s (%s); falling back to the connect scan (-sT)\n",
			s->route.ifname, s->err);
		rc = -2;
	}
	if (rc == -1)
		pr_warn("%s\n", s->err);
	if (rc == -1 && s->bad_input)
		rc = -3;
	scan_tear_down(s);
	free(s);
	return rc;
}


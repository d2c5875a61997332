// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The SYN scan engine: set-up of route, BPF program and AF_XDP socket, the send loop, reporting. */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/if_link.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "addr.h"
#include "addr6_ring.h"
#include "answered.h"
#include "clock.h"
#include "connect_scan.h"
#include "common_kern_user.h"
#include "cookie.h"
#include "discovery.h"
#include "log.h"
#include "netlink.h"
#include "packet_trace.h"
#include "paths.h"
#include "pcap_kern_user.h"
#include "pcap_out.h"
#include "permute.h"
#include "progress.h"
#include "report_run.h"
#include "resume.h"
#include "runtime.h"
#include "sender.h"
#include "scan.h"
#include "scan6.h"
#include "rtt.h"
#include "run_info.h"
#include "svc_box.h"
#include "udp_sv.h"
#include "service.h"
#include "tx.h"
#include "udp_payload.h"
#include "walk.h"
#include "xdp_counters.h"
#include "xdpmap.skel.h"

/* ARP questions noted between two sends: one pass_fill()'s worth of probes. */
#define ARP_ASKS_MAX (XM_TX_BATCH + XM_PING_MAX_PROBES)
_Static_assert(ARP_ASKS_MAX <= XM_ND_ASKS_MAX, "a batch's Neighbor Solicitations fit nd_asks");
_Static_assert(ARP_ASKS_MAX < XM_ADDR6_RING, "pending IPv6 probes fit the address ring");

/* Where a scan is; replies are read in every phase, and counted by what it expects. */
enum scan_phase {
	SCAN_SETUP = 0,	 /* routes, BPF, socket */
	SCAN_DISCOVERY,	 /* phase 1: host records count */
	SCAN_PORTS,	 /* the SYN port scan */
	SCAN_DONE,	 /* late replies only */
};

struct scan {
	const struct xm_config *cfg;	 /* the scan of the XDP path: cfg->targets = paths.fast */
	const struct xm_config *whole;	 /* the command line's configuration, all targets */
	struct xm_config fast_cfg;	 /* what cfg points at */
	struct xm_paths paths;		 /* every target's path: on-link, gateway, connect() */
	struct xm_output *outs;
	size_t nouts;
	struct xm_route route;
	uint16_t sport_lo, sport_hi;
	struct xm_siphash_key key;
	struct xm_siphash_key sport_key; /* xm_sport_key(&key) */
	struct xm_probe_set probe_set; /* every probe module's template */
	struct xdpmap_bpf *skel;
	int link_fd;
	struct ring_buffer *rb;
	struct xm_tx tx;
	uint32_t nsenders;     /* AF_XDP sockets, one per TX queue: tx on queue 0, then more_tx */
	struct xm_tx *more_tx; /* queues 1 .. nsenders-1 */
	bool lane;	       /* a sender thread's copy of the scan (send_pass_lanes()) */
	bool lanes_busy;       /* sender threads run: host replies are not stored meanwhile */
	bool *halt;	       /* a lane: set when another lane or the reply reader failed */
	bool bad_input;	       /* set-up refused the command line (exit 2) */
	struct xm_walk walk;  /* the port scan's permuted walk over cfg->targets x ports */
	struct xm_udp_payload udp_default; /* --data and its kin: ports without a payload */
	struct xm_ports slow_ports; /* the TCP part of the ports: what connect() scans */
	struct xm_targets tcp_live; /* -sT -sU: the live targets connect() scans (tcp_targets()) */
	unsigned pass;	      /* the pass being sent: 0, then each retry */
	uint64_t udp_unreach; /* UDP port unreachables recorded so far */
	uint64_t unreach_before; /* udp_unreach when the last rate-limit pass was decided */
	double pass_start;	 /* when the last pass began (monotonic) */
	struct xm_results icmp_limited; /* hosts that answered port unreachables only after
					 * a rate-limit wait (limit_pass()) */
	struct xm_results results;
	struct xm_answered answered; /* the port scan's answered pairs: dedup and retries */
	bool stream_only;	     /* every output streams: port findings are not kept */
	bool compact;		     /* port findings are kept in 'log', not in 'results' */
	struct xm_reply_log log;     /* the per-host report's port findings, 12 bytes each */
	bool xdp_generic;	     /* native XDP failed: the program runs in generic mode */
	struct xm_run_info run;	     /* for --metadata-file */
	struct xm_discovery disc;
	struct xm_svcbox *svc; /* -sV in its own process, NULL when off */
	bool no_xdp;	     /* set-up failed because XDP/AF_XDP cannot run here */
	enum scan_phase phase;
	bool disc_filters;   /* discovery ran and the port scan skips the hosts it found dead */
	bool arp_link;	     /* some targets are on the link: ARP finds their MACs */
	struct xm_rtt rtt;   /* round trips of discovery and port replies (RFC 6298) */
	struct xm_host_rtts host_rtts; /* the same per host that answered */
	struct xm_rtt_slot *sent; /* port scan: last send time per address slot */
	/* ARP requests generated but whose questions are not in arp_asked yet */
	struct xm_arp_key arp_asks[ARP_ASKS_MAX];
	uint32_t narp_asks;
	struct xm_nd_key nd_asks[XM_ND_ASKS_MAX]; /* the same for Neighbor Solicitations */
	uint32_t nnd_asks;
	bool v6;			  /* the targets are IPv6 */
	struct xm_addr6_ring ring6;	  /* IPv6: the pending probes' destinations */
	struct xm_siphash_state cookie6;  /* IPv6: xm_cookie6_prefix() of key and our source */
	uint64_t batch_ns;   /* CLOCK_MONOTONIC when the current batch was built */
	uint64_t polled_ns;  /* when the send loop last read the ring buffer */
	uint64_t first_pass; /* probes generated by the port scan's first pass */
	double deadline;     /* --host-timeout: monotonic time the port scan stops sending */
	uint64_t stop_index; /* port scan: the first index not sent when stopped */
	uint64_t slow_stop;  /* the connect path's walk: its first index not launched */
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

/* -sT -sU: the XDP path sends the UDP ports only; connect() scans the TCP ones afterwards. */
static void xdp_ports_udp_only(struct xm_config *c)
{
	c->ports.v += c->ports.n - c->ports.n_udp;
	c->ports.n = c->ports.n_udp;
	c->ports.proto = IPPROTO_UDP;
}

/*
 * Every target's path from the routing table. The SYN scan covers the
 * targets with an Ethernet path (s->cfg points at a copy of the configuration
 * that holds only those); the others are scanned with connect() afterwards.
 */
static int plan_paths(struct scan *s)
{
	const struct xm_config *cfg = s->whole;
	char why[256];

	if (xm_paths_plan(&s->paths, &cfg->targets, cfg->iface, cfg->src_addr, s->err,
			  sizeof(s->err)))
		return -1;
	if (s->paths.slow.count) {
		xm_paths_describe_slow(&s->paths, why, sizeof(why));
		pr_warn("%llu of %llu targets have no Ethernet path from here (%s): %s\n",
			(unsigned long long)s->paths.slow.count,
			(unsigned long long)cfg->targets.count, why,
			cfg->ping.only ? "our own addresses are up, others are not pinged" :
					 "scanning them with connect()");
	}
	if (!s->paths.fast.count) {
		snprintf(s->err, sizeof(s->err), "no target is reachable over Ethernet");
		s->no_xdp = true;
		return -1;
	}
	s->v6 = cfg->targets.family == XM_FAMILY_IPV6;
	s->fast_cfg = *cfg;
	s->fast_cfg.targets = s->paths.fast;
	if (cfg->connect_scan)
		xdp_ports_udp_only(&s->fast_cfg);
	s->cfg = &s->fast_cfg;
	s->route.ifindex = s->paths.ifindex;
	snprintf(s->route.ifname, sizeof(s->route.ifname), "%s", s->paths.ifname);
	s->route.src = s->paths.src;
	return xm_iface_mac(s->route.ifname, s->route.src_mac, s->err, sizeof(s->err));
}

/*
 * The next hop's MAC. Asked after the XDP program is attached: on veth, a
 * peer that answers ARP with XDP_TX is only heard by an interface that runs
 * an XDP program itself.
 */
static int resolve_next_hop(struct scan *s)
{
	double deadline = xm_now_mono() + 3;
	size_t i;

	if (s->cfg->ping.disable_arp && (s->v6 ? xm_paths_onlink_by_kernel6(&s->paths) :
					     xm_paths_onlink_by_kernel(&s->paths)))
		pr_warn("--disable-arp-ping: more than %d on-link targets to ask the kernel for "
			"each MAC; they are framed for --router-mac if given, else left down\n",
			XM_MAX_GATEWAYS);
	if (s->v6)
		return xm_scan6_resolve_gateways(&s->paths, &s->route,
						 s->cfg->have_router_mac ? s->cfg->router_mac :
									   NULL);
	for (i = 0; i < s->paths.ngw && !s->cfg->have_router_mac; i++)
		xm_neigh_ask(s->route.ifindex, s->paths.gw[i].addr);
	for (i = 0; i < s->paths.ngw; i++) {
		struct xm_gateway *g = &s->paths.gw[i];
		int left = (int)fmax(0, (deadline - xm_now_mono()) * 1000);
		char err[512];

		if (s->cfg->have_router_mac)
			memcpy(g->mac, s->cfg->router_mac, 6);
		else if (xm_neigh_resolve(s->route.ifindex, s->route.ifname, g->addr, g->mac,
					  left, err, sizeof(err))) {
			pr_warn("%s: the targets behind it are down\n", err);
			continue;
		}
		g->resolved = true;
		if (!s->route.nexthop) {
			s->route.nexthop = g->addr;
			memcpy(s->route.dst_mac, g->mac, 6);
		}
	}
	return 0;
}

static int make_key(struct scan *s)
{
	if (getrandom(&s->key, sizeof(s->key), 0) != sizeof(s->key)) {
		snprintf(s->err, sizeof(s->err), "getrandom failed: %s", strerror(errno));
		return -1;
	}
	s->sport_key = xm_sport_key(&s->key);
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
		s->xdp_generic = true;
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

/*
 * Room for every ARP question and its answer: two entries per on-link target
 * (at most the addresses of the on-link segments), plus slack for the LRU's
 * per-CPU free lists, within 2^18 (the dedup map's size).
 */
static uint32_t arp_map_size(const struct scan *s)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->paths.nsegs; i++)
		if (s->paths.segs[i].kind == XM_PATH_ONLINK)
			n += (uint64_t)s->paths.segs[i].hi - s->paths.segs[i].lo + 1;
	for (i = 0; i < s->paths.nsegs6; i++)
		if (s->paths.segs6[i].kind == XM_PATH_ONLINK)
			n += (uint64_t)s->paths.segs6[i].hi - s->paths.segs6[i].lo + 1;
	if (n > s->paths.fast.count)
		n = s->paths.fast.count;
	n = 2 * n + 1024;
	return n > (1u << 18) ? 1u << 18 : (uint32_t)n;
}

/*
 * The XDP program's table of what each UDP port's payload carries (cookie,
 * fixed source port): one entry per port that has a payload of its own.
 */
static int fill_udp_ports(struct scan *s)
{
	const struct xm_udp_payloads *db = s->cfg->udp_payloads;
	int fd = bpf_map__fd(s->skel->maps.udp_ports);
	uint32_t port;

	for (port = 0; db && port < XM_UDP_PORTS; port++) {
		const struct xm_udp_payload *pl = xm_udp_payload_for(db, (uint16_t)port, 0);
		struct xm_udp_port v;

		if (!pl || (!pl->cookie && !pl->sport))
			continue;
		v = (struct xm_udp_port){ .cookie = pl->cookie, .cookie_off = (uint8_t)pl->cookie_off,
					  .sport = pl->sport };
		if (bpf_map_update_elem(fd, &port, &v, BPF_ANY)) {
			snprintf(s->err, sizeof(s->err), "bpf_map_update_elem(udp_ports) failed: %s",
				 strerror(errno));
			return -1;
		}
	}
	if (s->cfg->udp_data_len)
		xm_udp_payload_raw(&s->udp_default, s->cfg->udp_data, s->cfg->udp_data_len);
	return 0;
}

/* --pcap-replies: the XDP program copies each recorded frame; else its ring is one page. */
static int pcap_set_up(struct scan *s)
{
	int rc;

	s->skel->rodata->cfg_pcap_replies = s->cfg->pcap != NULL;
	if (s->cfg->pcap)
		return 0;
	rc = bpf_map__set_max_entries(s->skel->maps.pcap_frames, (__u32)getpagesize());
	if (rc)
		snprintf(s->err, sizeof(s->err), "bpf_map__set_max_entries(pcap_frames) failed: %s",
			 strerror(-rc));
	return rc ? -1 : 0;
}

/* A recorded reply's frame from the pcap_frames ring: into the --pcap-replies file. */
static int on_pcap_frame(void *ctx, void *data, size_t len)
{
	const struct scan *s = ctx;
	const struct xm_pcap_frame *r = data;
	double wall;

	if (len < sizeof(*r))
		return 0;
	wall = (double)r->ts_ns / 1e9 + s->mono_to_wall;
	xm_pcap_write(s->cfg->pcap, (uint64_t)(wall * 1e9), r->len, r->data, r->caplen);
	return 0;
}

/* The second ring of the same reader, read with the results (only with --pcap-replies). */
static int pcap_ring(struct scan *s)
{
	int rc;

	if (!s->cfg->pcap)
		return 0;
	rc = ring_buffer__add(s->rb, bpf_map__fd(s->skel->maps.pcap_frames), on_pcap_frame, s);
	if (rc)
		snprintf(s->err, sizeof(s->err), "ring_buffer__add(pcap_frames) failed: %s",
			 strerror(-rc));
	return rc ? -1 : 0;
}

static int load_bpf(struct scan *s)
{
	struct xm_siphash_key dkey, dskey;
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
	memcpy((void *)s->skel->rodata->cfg_src_mac, s->route.src_mac, 6);
	s->skel->rodata->cfg_udp_scan = s->cfg->ports.n_udp > 0;
	s->skel->rodata->cfg_skey0 = s->sport_key.k0;
	s->skel->rodata->cfg_skey1 = s->sport_key.k1;
	s->skel->rodata->cfg_udp_ping = s->cfg->ping.nudp > 0 && !s->cfg->ping.skip;
	dkey = xm_discovery_key(&s->key);
	dskey = xm_sport_key(&dkey); /* discovery's source ports, as xm_disc_init() derives them */
	s->skel->rodata->cfg_dskey0 = dskey.k0;
	s->skel->rodata->cfg_dskey1 = dskey.k1;
	if (s->v6)
		memcpy((void *)s->skel->rodata->cfg_src_addr6, &s->paths.src6, 16);
	if (pcap_set_up(s))
		return -1;
	rc = bpf_map__set_max_entries(s->skel->maps.arp_asked, arp_map_size(s));
	if (!rc)
		rc = bpf_map__set_max_entries(s->skel->maps.nd_asked, arp_map_size(s));
	if (rc) {
		snprintf(s->err, sizeof(s->err),
			 "bpf_map__set_max_entries(arp_asked, nd_asked) failed: %s",
			 strerror(-rc));
		return -1;
	}
	rc = xdpmap_bpf__load(s->skel);
	if (rc) {
		snprintf(s->err, sizeof(s->err), "xdpmap_bpf__load failed: %s", strerror(-rc));
		return -1;
	}
	if (fill_udp_ports(s) || attach_xdp(s))
		return -1;
	s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.results), on_reply, s, NULL);
	if (!s->rb) {
		snprintf(s->err, sizeof(s->err), "ring_buffer__new failed: %s", strerror(errno));
		return -1;
	}
	return pcap_ring(s);
}

/*
 * An ARP answer for an address that another MAC answered already: the first
 * MAC stays the host's, and the user is told (the XDP program passes on one
 * such answer per question).
 */
static void check_arp_claim(struct scan *s, const struct xm_finding *f)
{
	static const uint8_t zero[6];
	const struct xm_finding key = { .addr = f->addr, .family = f->family };
	const struct xm_finding *h = xm_results_find(&s->disc.hosts, &key);
	const uint8_t *a, *b = f->mac;
	char addr[XM_ADDR_STRLEN];

	if (!h || !memcmp(h->mac, zero, 6) || !memcmp(h->mac, f->mac, 6))
		return;
	a = h->mac;
	xm_addr_str(f->family, &f->addr, addr, sizeof(addr));
	pr_warn("%s is claimed by two MACs in ARP replies: %02x:%02x:%02x:%02x:%02x:%02x (kept) "
		"and %02x:%02x:%02x:%02x:%02x:%02x; is someone spoofing ARP?\n",
		addr, a[0], a[1], a[2], a[3], a[4], a[5], b[0], b[1], b[2], b[3], b[4], b[5]);
}

/* One round trip of host addr: the scan's estimator and the host's own. */
static void rtt_sample(struct scan *s, uint32_t addr, double rtt)
{
	xm_rtt_sample(&s->rtt, rtt);
	if (xm_host_rtts_sample(&s->host_rtts, addr, rtt))
		pr_debug("out of memory for per-host round trips\n");
}

/* A discovery reply: the host is up (late or stray ones are only counted). */
static int on_host_reply(struct scan *s, const struct xm_finding *f, uint64_t ts_ns)
{
	const struct xm_finding *h;
	int rc;

	if (f->reason == XM_REASON_ARP_RESPONSE) /* a late claim is news in any phase */
		check_arp_claim(s, f); /* reads the host table only, as the sender threads do */
	if (s->phase < SCAN_DISCOVERY || !s->disc.alive || s->lanes_busy)
		return 0; /* lanes_busy: the sender threads read the host table */
	rc = xm_disc_host_up(&s->disc, f, ts_ns);
	if (rc < 0) {
		snprintf(s->err, sizeof(s->err), "out of memory storing live hosts");
		return -ENOMEM;
	}
	h = rc ? xm_results_find(&s->disc.hosts, &(struct xm_finding){
				     .addr = f->addr, .family = f->family }) : NULL;
	if (h && h->rtt_us)
		rtt_sample(s, xm_addr4_host(&h->addr), h->rtt_us / 1e6);
	return 0;
}

/* The port scan's send times: one slot per address hash, the last probe's time. */
static struct xm_rtt_slot *sent_slot(struct scan *s, uint32_t addr)
{
	return &s->sent[(addr * 2654435761u) >> 14 & (XM_RTT_SLOTS - 1)];
}

/*
 * A reply to the port scan: its round trip from the last probe sent to that
 * address, in microseconds (0 when unknown).
 */
static uint32_t port_rtt_sample(struct scan *s, uint32_t addr, uint64_t ts_ns)
{
	const struct xm_rtt_slot *slot;

	if (!s->sent)
		return 0;
	slot = sent_slot(s, addr);
	if (slot->tag != (uint64_t)addr + 1 || ts_ns <= slot->sent_ns)
		return 0;
	rtt_sample(s, addr, (double)(ts_ns - slot->sent_ns) / 1e9);
	return (uint32_t)((ts_ns - slot->sent_ns + 999) / 1000);
}

/*
 * A port reply: marked in the answered bitmap (a pair already there is a
 * duplicate: 0), kept unless every output streams: in the compact log, or
 * with -sV (which attaches its records to them) in the results. Returns 1
 * when new, 0 when known, -1 when out of memory.
 */
static int note_port_reply(struct scan *s, const struct xm_finding *f)
{
	int64_t pair = -1;

	if (f->family == XM_FAMILY_IPV4)
		pair = xm_answered_pair(&s->answered, xm_addr4_host(&f->addr), f->proto, f->port);
	else if (s->answered.bits)
		pair = xm_answered_pair6(&s->answered, &f->addr, f->proto, f->port);
	if (pair >= 0 && !xm_answered_mark(&s->answered, (uint64_t)pair, f->state))
		return 0;
	if (pair >= 0 && s->stream_only)
		return 1;
	if (pair >= 0 && s->compact)
		return xm_reply_log_add(&s->log, (uint64_t)pair / s->cfg->ports.n, f) ? -1 : 1;
	return xm_results_add(&s->results, f);
}

/* Port replies so far: the bitmap's, and the findings kept outside it. */
static uint64_t port_replies(const struct scan *s)
{
	return s->stream_only || s->compact ? s->answered.n + s->results.n : s->results.n;
}

/*
 * A UDP port unreachable: counted, and its host noted as rate-limited when it
 * came in a pass sent after a rate-limit wait.
 */
static void note_udp_unreach(struct scan *s, const struct xm_finding *f)
{
	struct xm_finding host = { .addr = f->addr, .family = f->family, .state = XM_STATE_UP,
				   .when = f->when };

	s->udp_unreach++;
	if (s->pass > (unsigned)s->cfg->max_retries &&
	    xm_results_add(&s->icmp_limited, &host) < 0)
		pr_debug("out of memory noting a rate-limited host\n");
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
		.addr = r->addr, .family = r->family, .proto = r->proto,
		.port = r->port, .state = r->state,
		.reason = r->reason, .ttl = r->ttl, .window = r->window,
		.when = (double)r->ts_ns / 1e9 + s->mono_to_wall,
	};
	if (r->kind == XM_KIND_HOST)
		memcpy(f.mac, r->mac, sizeof(f.mac));
	xm_trace_rcvd(&f);
	if (r->kind == XM_KIND_HOST)
		return on_host_reply(s, &f, r->ts_ns);
	f.rtt_us = port_rtt_sample(s, xm_addr4_host(&f.addr), r->ts_ns);
	rc = note_port_reply(s, &f);
	if (rc < 0) {
		snprintf(s->err, sizeof(s->err), "out of memory storing results");
		return -ENOMEM;
	}
	if (rc == 1 && f.proto == IPPROTO_UDP && f.reason == XM_REASON_PORT_UNREACH)
		note_udp_unreach(s, &f);
	for (i = 0; rc && i < s->nouts; i++)
		s->outs[i].ops->finding(&s->outs[i], &f);
	if (rc == 1 && f.state == XM_STATE_OPEN)
		xm_svcbox_submit(s->svc, &f);
	return 0;
}

/*
 * The MAC to frame a probe for: an on-link host's own, learnt from its ARP
 * reply, else its gateway's. NULL when neither is known: the host is down.
 */
static const uint8_t *host_mac(struct scan *s, uint32_t daddr)
{
	static const uint8_t zero[6];
	const struct xm_path_seg *seg = xm_paths_find(&s->paths, daddr);
	const struct xm_finding *h;

	if (!seg)
		return NULL;
	if (seg->kind == XM_PATH_GATEWAY)
		return s->paths.gw[seg->gw].resolved ? s->paths.gw[seg->gw].mac : NULL;
	if (s->cfg->have_router_mac && !s->arp_link)
		return s->cfg->router_mac;
	h = xm_results_find(&s->disc.hosts, &(struct xm_finding){
				.addr = xm_addr4(daddr), .family = XM_FAMILY_IPV4 });
	return h && memcmp(h->mac, zero, 6) ? h->mac : NULL;
}

/*
 * A UDP probe's payload and source port: the port's payload for this pass
 * (data/udp-payloads; the fixed source port it may need), else --data's.
 */
static void udp_probe(struct scan *s, struct xm_probe *p)
{
	const struct xm_udp_payload *pl = s->cfg->udp_payloads ?
		xm_udp_payload_for(s->cfg->udp_payloads, p->dport, s->pass) : NULL;

	p->module = XM_PROBE_UDP;
	p->payload = pl ? pl : s->udp_default.len ? &s->udp_default : NULL;
	p->sport = pl && pl->sport ? pl->sport :
		   xm_probe_sport(&s->sport_key, p->daddr, p->dport, s->sport_lo, s->sport_hi);
}

/*
 * A rate-limit pass (past --max-retries, limit_pass()) resends only the UDP
 * ports of hosts that answered some probe: a host that stayed silent has no
 * ICMP limit to wait out, and TCP ports none at all. Whether the pair of
 * host index 'host' and protocol 'proto' is left out of the pass being sent.
 */
static bool limit_skip(const struct scan *s, uint64_t host, uint8_t proto)
{
	if (s->pass <= (unsigned)s->cfg->max_retries)
		return false;
	return proto != IPPROTO_UDP || (s->answered.bits && !xm_answered_host(&s->answered, host));
}

/*
 * port_probe() of pair v (host 'host', protocol 'proto') of an IPv6 scan: a
 * SYN or a UDP probe (udp_probe()'s payload and source port) to the host's
 * MAC (Neighbor Discovery's answer) or its gateway's, the cookie over the
 * 128-bit addresses; the source-port hash and the RTT slot are keyed by the
 * address' low 32 bits.
 */
static size_t port_probe6(struct scan *s, uint64_t v, uint64_t host, uint8_t proto, bool retry,
			  struct xm_probe *p)
{
	const struct xm_config *cfg = s->cfg;
	struct xm_addr a = xm_targets_at(&cfg->targets, host);
	uint32_t low = ntohl(a.w[3]);

	p->dport = cfg->ports.v[v % cfg->ports.n];
	if (s->sent) /* as for IPv4: the table's random line fetched while the cookie is made */
		__builtin_prefetch(sent_slot(s, low), 1);
	if (retry && (s->answered.bits ? xm_answered_test(&s->answered, v) :
		      xm_results_has(&s->results, &(struct xm_finding){
				.addr = a, .family = XM_FAMILY_IPV6,
				.proto = proto, .port = p->dport })))
		return 0;
	if (retry && limit_skip(s, host, proto))
		return 0;
	p->dst_mac = xm_scan6_mac(&s->paths, &s->disc.hosts, &a);
	if (!p->dst_mac && s->cfg->have_router_mac && !s->arp_link)
		p->dst_mac = s->cfg->router_mac; /* on-link, no Neighbor Discovery: as IPv4 */
	if (!p->dst_mac)
		return 0; /* no Neighbor Advertisement (or an unreachable gateway): down */
	p->daddr = low; /* what udp_probe()'s source-port hash takes */
	if (proto == IPPROTO_UDP) {
		udp_probe(s, p);
		p->module = XM_PROBE_UDP6;
	} else {
		p->module = XM_PROBE_TCP_SYN6;
		p->payload = NULL;
		p->sport = xm_probe_sport(&s->sport_key, low, p->dport, s->sport_lo, s->sport_hi);
	}
	p->daddr6 = xm_addr6_ring_put(&s->ring6, &a);
	p->seq = xm_cookie6_from(&s->cookie6, p->daddr6, htons(p->sport), htons(p->dport));
	if (s->sent)
		*sent_slot(s, low) = (struct xm_rtt_slot){ low + 1ull, s->batch_ns };
	if (!retry)
		s->first_pass++;
	return 1;
}

/* The i-th probe of the permuted port scan: 0 probes for a host discovery found dead. */
static size_t port_probe(struct scan *s, uint64_t i, bool retry, struct xm_probe *p)
{
	const struct xm_config *cfg = s->cfg;
	uint64_t v = xm_perm_map(&s->walk.perm, i), host = v / cfg->ports.n;
	uint8_t proto = xm_ports_proto(&cfg->ports, v % cfg->ports.n);

	if (s->disc_filters && !xm_disc_alive(&s->disc, host))
		return 0;
	if (s->v6)
		return port_probe6(s, v, host, proto, retry, p);
	p->module = XM_PROBE_TCP_SYN;
	p->payload = NULL;
	p->daddr = xm_targets_addr(&cfg->targets, host);
	p->dport = cfg->ports.v[v % cfg->ports.n];
	if (s->sent) /* a random line of a table larger than L2: fetched while the cookie is made */
		__builtin_prefetch(sent_slot(s, p->daddr), 1);
	if (retry && (s->answered.bits ? xm_answered_test(&s->answered, v) :
		      xm_results_has(&s->results, &(struct xm_finding){
				.addr = xm_addr4(p->daddr), .family = XM_FAMILY_IPV4,
				.proto = proto, .port = p->dport })))
		return 0; /* answered: no MAC look-up for it either */
	if (retry && limit_skip(s, host, proto))
		return 0;
	p->dst_mac = host_mac(s, p->daddr);
	if (!p->dst_mac)
		return 0; /* no ARP answer (or an unreachable gateway): down */
	if (proto == IPPROTO_UDP)
		udp_probe(s, p);
	else
		p->sport = xm_probe_sport(&s->sport_key, p->daddr, p->dport, s->sport_lo,
					  s->sport_hi);
	p->seq = xm_cookie(&s->key, htonl(s->route.src), htonl(p->daddr),
			   htons(p->sport), htons(p->dport));
	p->ip_id = (uint16_t)(p->seq >> 16);
	if (s->sent)
		*sent_slot(s, p->daddr) = (struct xm_rtt_slot){ p->daddr + 1ull, s->batch_ns };
	if (!retry)
		s->first_pass++;
	return 1;
}

/*
 * An IPv6 discovery probe other than a Solicitation goes to its target's
 * gateway (on-link targets are their own with --disable-arp-ping), else to
 * the templates' next hop.
 */
static void host_probe_mac6(struct scan *s, struct xm_probe *p)
{
	struct xm_addr a;

	memcpy(a.b, p->daddr6, 16);
	p->dst_mac = xm_scan6_mac(&s->paths, &s->disc.hosts, &a);
}

/* The probes of the i-th host of discovery; an ARP request's question is noted for arp_asked. */
static size_t host_probes(struct scan *s, uint64_t i, bool retry, struct xm_probe *p)
{
	size_t n = xm_disc_probes(&s->disc, i, retry, xm_now_ns(), p), k;

	for (k = 0; k < n; k++) {
		if (p[k].module == XM_PROBE_ARP && s->narp_asks < ARP_ASKS_MAX)
			s->arp_asks[s->narp_asks++] = (struct xm_arp_key){
				.addr = htonl(p[k].daddr), .stage = XM_ARP_ASKED };
		if (p[k].module == XM_PROBE_NDP_NS && s->nnd_asks < XM_ND_ASKS_MAX) {
			s->nd_asks[s->nnd_asks] = (struct xm_nd_key){ .stage = XM_ARP_ASKED };
			memcpy(s->nd_asks[s->nnd_asks++].addr, p[k].daddr6, 16);
		} else if (s->v6) {
			host_probe_mac6(s, &p[k]);
		}
	}
	return n;
}

/*
 * Put the questions of the ARP requests just generated into arp_asked, all
 * in one call, before any of them is sent: the XDP program records an ARP
 * reply only for an open question.
 */
static int open_arp_asks(struct scan *s)
{
	static const struct xm_arp_val none[ARP_ASKS_MAX];
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = BPF_ANY);
	__u32 n = s->narp_asks;

	if (s->nnd_asks && xm_scan6_open_nd_asks(bpf_map__fd(s->skel->maps.nd_asked), s->nd_asks,
						 &s->nnd_asks, s->err, sizeof(s->err)))
		return -1;
	if (!n)
		return 0;
	if (bpf_map_update_batch(bpf_map__fd(s->skel->maps.arp_asked), s->arp_asks, none, &n,
				 &opts)) {
		snprintf(s->err, sizeof(s->err), "bpf_map_update_batch(arp_asked) failed: %s",
			 strerror(errno));
		return -1;
	}
	s->narp_asks = 0;
	return 0;
}

/* Token bucket refilled at 'rate' per second, at most 'burst' tokens. */
struct bucket {
	double rate, tokens, burst, last;
};

/* Up to 'want' tokens at 'now' (CLOCK_MONOTONIC seconds: the batch's clock read, not another). */
static uint32_t bucket_take(struct bucket *b, uint32_t want, double now)
{
	uint32_t n;

	if (b->rate <= 0)
		return want;
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
	if (rc > 0)
		xm_outputs_flush(s->outs, s->nouts);
	return 0;
}

/* --host-timeout ran out during the port scan: stop sending, report what was found. */
static bool past_deadline(struct scan *s)
{
	return s->deadline > 0 && s->phase == SCAN_PORTS && xm_now_mono() > s->deadline;
}

/*
 * While sending, the ring buffer is read at most this often. Each read that
 * empties it makes the XDP program's next record wake the reader (an irq_work,
 * a self-IPI: 9% of a full scan's time when read after every batch).
 */
#define XM_SEND_POLL_NS 1000000ULL

/* Send one pass over the shard's probes, rate-limited, reading replies between batches. */
static int send_pass(struct scan *s, struct pass *p, struct bucket *b)
{
	for (;;) {
		uint32_t want;
		int sent;

		s->batch_ns = xm_now_ns();
		pass_fill(s, p);
		if (open_arp_asks(s))
			return -1;
		if (!p->npending || xm_stop_requested || past_deadline(s) ||
		    (s->halt && __atomic_load_n(s->halt, __ATOMIC_RELAXED))) {
			if (!p->retry) /* the first pass: where --resume goes on */
				s->stop_index = p->npending ? p->pend_idx[0] : p->next;
			return 0;
		}
		want = bucket_take(b, p->npending, (double)s->batch_ns / 1e9);
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
		/* a lane's count is read by the reply reader's thread */
		__atomic_store_n(&s->probes, s->probes + (uint64_t)sent, __ATOMIC_RELAXED);
		if (!s->lane)
			xm_progress_tick(s->cfg->progress, s->probes, 0, port_replies(s));
		memmove(p->pending, p->pending + sent,
			(p->npending - (uint32_t)sent) * sizeof(p->pending[0]));
		memmove(p->pend_idx, p->pend_idx + sent,
			(p->npending - (uint32_t)sent) * sizeof(p->pend_idx[0]));
		p->npending -= (uint32_t)sent;
		if (!s->lane && s->batch_ns - s->polled_ns >= XM_SEND_POLL_NS) {
			s->polled_ns = s->batch_ns;
			if (poll_replies(s, 0))
				return -1;
		}
	}
}

/* The socket of sender thread t: queue t's. */
static struct xm_tx *lane_tx(struct scan *s, uint32_t t)
{
	return t ? &s->more_tx[t - 1] : &s->tx;
}

/* A cache line: what two threads' hot fields must not share. */
#define XM_CACHE_LINE 64

/*
 * One sender thread's share of a pass: a private copy of the scan (its own
 * socket, clock, counters; the tables it reads are shared and not written
 * while the threads run), every n-th index of the pass from its own start,
 * and 1/n of the rate. Lanes start on a cache line of their own, so one
 * lane's bucket, written every batch, never shares a line with the next
 * lane's scan, read every probe.
 */
struct lane {
	struct scan s;
	struct pass p;
	struct bucket b;
} __attribute__((aligned(XM_CACHE_LINE)));

struct lanes {
	struct scan *s;
	struct lane *v;
	uint32_t n;
	bool halt;
};

static int lane_send(void *ctx, uint32_t t)
{
	struct lane *l = &((struct lanes *)ctx)->v[t];

	return send_pass(&l->s, &l->p, &l->b);
}

/* The reply reader while the lanes send: the ring buffer at most once a millisecond. */
static int lanes_consume(void *ctx)
{
	struct lanes *ls = ctx;
	struct timespec ms = { 0, 1000000 };
	uint64_t probes = ls->s->probes;
	uint32_t t;

	for (t = 0; t < ls->n; t++)
		probes += __atomic_load_n(&ls->v[t].s.probes, __ATOMIC_RELAXED);
	xm_progress_tick(ls->s->cfg->progress, probes, 0, port_replies(ls->s));
	if (poll_replies(ls->s, 0))
		return -1;
	nanosleep(&ms, NULL);
	return 0;
}

static void lane_init(struct lanes *ls, uint32_t t, const struct pass *p, const struct bucket *b)
{
	struct lane *l = &ls->v[t];

	l->s = *ls->s;
	l->s.tx = *lane_tx(ls->s, t);
	l->s.lane = true;
	l->s.halt = &ls->halt;
	l->s.probes = 0;
	l->s.first_pass = 0;
	l->s.polled_ns = 0;
	l->s.err[0] = 0;
	l->p = (struct pass){ .next = p->next + t * p->step, .end = p->end,
			      .step = p->step * ls->n, .retry = p->retry, .gen = p->gen };
	l->b = (struct bucket){ .rate = b->rate / ls->n, .burst = b->burst,
				.last = xm_now_mono() };
}

/* A lane's socket and counts back into the scan; the first pass stops at the lowest index. */
static void lane_done(struct lanes *ls, uint32_t t)
{
	struct lane *l = &ls->v[t];
	struct scan *s = ls->s;

	*lane_tx(s, t) = l->s.tx;
	s->probes += l->s.probes;
	s->first_pass += l->s.first_pass;
	if (!l->p.retry && (!t || l->s.stop_index < s->stop_index))
		s->stop_index = l->s.stop_index;
	if (l->s.err[0] && !s->err[0])
		memcpy(s->err, l->s.err, sizeof(s->err));
}

/* send_pass() on every sender thread, each on its own queue; this thread reads the replies. */
static int send_pass_lanes(struct scan *s, struct pass *p, struct bucket *b)
{
	struct lanes ls = { .s = s, .n = s->nsenders };
	uint32_t t;
	int rc;

	ls.v = aligned_alloc(XM_CACHE_LINE, ls.n * sizeof(*ls.v));
	if (!ls.v) {
		snprintf(s->err, sizeof(s->err), "out of memory for %u sender threads", ls.n);
		return -1;
	}
	for (t = 0; t < ls.n; t++)
		lane_init(&ls, t, p, b);
	s->lanes_busy = true;
	rc = xm_senders_run(ls.n, lane_send, &ls, lanes_consume, &ls, &ls.halt, s->err,
			    sizeof(s->err));
	s->lanes_busy = false;
	for (t = 0; t < ls.n; t++)
		lane_done(&ls, t);
	free(ls.v);
	return rc;
}

/*
 * Whether a pass runs on the sender threads: the port scan's, with the
 * answered bitmap (the findings hash is written while they would read it),
 * without --packet-trace (whose line budget is one thread's), IPv4 only (an
 * IPv6 probe's address lives in the scan's one ring of addresses, s->ring6).
 */
static bool use_lanes(const struct scan *s)
{
	return s->nsenders > 1 && s->phase == SCAN_PORTS && s->answered.bits &&
	       !xm_trace_enabled && !s->v6;
}

/* Read replies until 'deadline' (monotonic seconds) or a stop request. */
static int collect_until(struct scan *s, double deadline)
{
	double left;

	while (xm_stop_requested < 2 && (left = deadline - xm_now_mono()) > 0) {
		int ms = (int)fmin(100, ceil(left * 1000));

		if (poll_replies(s, ms))
			return -1;
		xm_progress_tick(s->cfg->progress, s->probes, 0, port_replies(s));
	}
	return poll_replies(s, 0);
}

/* Every probe of the phase was answered: no retry or wait can add anything. */
static bool all_answered(const struct scan *s)
{
	if (s->phase == SCAN_DISCOVERY)
		return s->disc.nalive == s->cfg->targets.count;
	return s->phase == SCAN_PORTS && port_replies(s) >= s->first_pass;
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
	return poll_replies(s, 0);
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
		xm_tx_drain(lane_tx(s, t), 1000);
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
		    !past_deadline(s); r++) {
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
		rc = use_lanes(s) ? send_pass_lanes(s, &p, &b) : send_pass(s, &p, &b);
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
	rc = run_passes(s, 0, 1, cfg->targets.count, host_probes);
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
static uint64_t scan_seed(const struct scan *s)
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
			cfg->targets.count * cfg->ports.n, port_probe);
	if (past_deadline(s))
		pr_warn("--host-timeout: %.0f s passed with probes left to send; the ports not "
			"probed are reported as not scanned\n", cfg->host_timeout);
	return rc;
}

static uint64_t read_counter(struct scan *s, uint32_t idx)
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
			 (unsigned long long)read_counter(s, i));
}

/*
 * What connect() scans: the targets without an Ethernet path; with -sT -sU
 * (live_tcp_targets()) the live targets, whichever their path.
 */
static const struct xm_targets *tcp_targets(const struct scan *s)
{
	return s->whole->connect_scan ? &s->tcp_live : &s->paths.slow;
}

/*
 * What connect() scans of the targets without an Ethernet path: the TCP
 * part of the port list (a view of it, not a copy). Their UDP ports are not
 * scanned: UDP has no connect() form here.
 */
static const struct xm_ports *slow_ports(struct scan *s)
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
		s->run.queue_sent[i] = lane_tx(s, i)->sent;
	for (i = 0; i < XM_CNT_MAX; i++)
		s->run.counters[i] = read_counter(s, i);
	sum->run = &s->run;
}

/* --status-updates-file's drops: replies lost to a full ring buffer so far. */
static uint64_t ring_drops(void *ctx)
{
	return read_counter(ctx, XM_CNT_RINGBUF_FULL);
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
		.ring_full = read_counter(s, XM_CNT_RINGBUF_FULL), .failed = failed,
		.seed = scan_seed(s),
		.interrupted = xm_stop_requested || past_deadline(s),
		.icmp_limited = &s->icmp_limited,
	};
	struct xm_walk slow;

	/* a shard, an interrupted or a resumed scan lists only the pairs it sent */
	s->walk.lo = xm_walk_first(s->cfg);
	s->walk.hi = s->phase >= SCAN_PORTS ? s->stop_index : s->walk.lo;
	if (tcp_targets(s)->count && slow_ports(s)->n) {
		xm_walk_init(&slow, tcp_targets(s), &s->slow_ports, scan_seed(s),
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

/*
 * Targets in the egress interface's connected prefix get ARP (unless
 * --disable-arp-ping); with -Pn that is all discovery does, to learn MACs.
 */
static int init_discovery(struct scan *s)
{
	const struct xm_ping_opts arp_only = { .skip = true, .chosen = true, .arp = true };
	const struct xm_config *cfg = s->cfg;
	uint64_t seed = cfg->seed_set ? cfg->seed : xm_key_derive(&s->key, XM_KEY_LABEL_HOSTS);
	size_t i;

	for (i = 0; i < s->paths.nsegs && !cfg->ping.disable_arp; i++)
		s->arp_link |= s->paths.segs[i].kind == XM_PATH_ONLINK;
	for (i = 0; i < s->paths.nsegs6 && !cfg->ping.disable_arp; i++)
		s->arp_link |= s->paths.segs6[i].kind == XM_PATH_ONLINK;
	if (cfg->ping.skip && !s->arp_link)
		return 0;
	if (xm_disc_init(&s->disc, cfg->ping.skip ? &arp_only : &cfg->ping, &cfg->targets,
			 &s->key, seed, s->route.src, s->sport_lo, s->sport_hi, &s->paths)) {
		snprintf(s->err, sizeof(s->err), "out of memory for host discovery");
		return -1;
	}
	s->disc.udp_payloads = cfg->udp_payloads;
	memcpy(s->disc.src6, &s->paths.src6, 16);
	s->disc.ring6 = &s->ring6;
	return 0;
}

/*
 * -sV's process (nothing when it is off), forked before this process drops
 * its privileges: it confines itself (svc_box.h).
 */
static int start_svc(struct scan *s)
{
	s->svc = xm_svcbox_new(s->cfg, s->err, sizeof(s->err));
	return !s->svc && s->err[0] ? -1 : 0;
}

/* Every probe module's template, from the route's addresses. */
static int init_probes(struct scan *s)
{
	struct xm_probe_src src = { .saddr = s->route.src };

	memcpy(src.src_mac, s->route.src_mac, 6);
	memcpy(src.dst_mac, s->route.dst_mac, 6);
	memcpy(src.saddr6, &s->paths.src6, 16);
	s->cookie6 = xm_cookie6_prefix(&s->key, s->paths.src6.s6_addr);
	if (xm_probe_set_init(&s->probe_set, xm_probe_modules, XM_PROBE_NMODULES, &src)) {
		snprintf(s->err, sizeof(s->err), "xm_probe_set_init failed: over %d modules",
			 XM_PROBE_SET_MAX);
		return -1;
	}
	return 0;
}

/* Whether every output writes findings as they come (output.h: streams). */
static bool outputs_stream(const struct xm_output *outs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!outs[i].ops->streams)
			return false;
	return true;
}

/* --sender-threads, or the interface's channels: more than its queues is bad input. */
static int count_senders(struct scan *s)
{
	s->nsenders = xm_senders_count(s->cfg->sender_threads, s->route.ifname, s->err,
				       sizeof(s->err));
	s->bad_input = !s->nsenders;
	return s->bad_input ? -1 : 0;
}

/* The sockets of queues 1 .. nsenders-1 (queue 0's is s->tx, which discovery uses too). */
static int open_more_tx(struct scan *s)
{
	uint32_t t;

	if (s->nsenders < 2)
		return 0;
	s->more_tx = calloc(s->nsenders - 1, sizeof(*s->more_tx));
	if (!s->more_tx) {
		snprintf(s->err, sizeof(s->err), "out of memory for %u AF_XDP sockets",
			 s->nsenders);
		return -1;
	}
	for (t = 1; t < s->nsenders; t++)
		if (xm_tx_open(&s->more_tx[t - 1], s->route.ifname, t, &s->probe_set, s->err,
			       sizeof(s->err)))
			return -1;
	pr_info("%u sender threads, one per TX queue of %s\n", s->nsenders, s->route.ifname);
	return 0;
}

static int set_up(struct scan *s)
{
	char src[INET6_ADDRSTRLEN];

	if (choose_sports(s) || plan_paths(s) || count_senders(s) || make_key(s) ||
	    load_bpf(s) || resolve_next_hop(s))
		return -1;
	if (init_probes(s))
		return -1;
	xm_walk_init(&s->walk, &s->cfg->targets, &s->cfg->ports, scan_seed(s),
		     s->cfg->shard_index, s->cfg->shard_count);
	if (init_discovery(s))
		return -1;
	if (xm_tx_open(&s->tx, s->route.ifname, 0, &s->probe_set, s->err, sizeof(s->err))) {
		s->no_xdp = true;
		return -1;
	}
	if (open_more_tx(s))
		return -1;
	/* without a set (over 2^32 targets) replies are kept and de-duplicated in the results */
	xm_answered_init(&s->answered, &s->cfg->targets, &s->cfg->ports);
	if (s->answered.paged)
		pr_info("%llu (host, port) pairs: the answered ones are kept in pages, not a bitmap\n",
			(unsigned long long)s->answered.npairs);
	pr_info("scanning from %s on %s, probe source ports %u-%u\n",
		xm_scan_source_str(s->v6, s->route.src, &s->paths.src6, src, sizeof(src)),
		s->route.ifname, s->sport_lo, s->sport_hi);
	if (start_svc(s))
		return -1;
	s->stream_only = s->answered.bits && !s->svc && !tcp_targets(s)->count &&
			 outputs_stream(s->outs, s->nouts);
	s->compact = s->answered.bits && !s->svc && !s->stream_only;
	xm_reply_log_init(&s->log, &s->answered);
	if (s->cfg->status) {
		s->cfg->status->drops = ring_drops;
		s->cfg->status->drops_ctx = s;
	}
	return 0;
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
	if (!tcp_targets(s)->count || xm_stop_requested)
		return 0;
	if (s->whole->ping.only)
		return add_local_hosts(s);
	if (s->whole->ports.n_udp && s->paths.slow.count)
		pr_warn("-sU: the UDP ports of the %llu targets without an Ethernet path are not "
			"scanned (UDP runs over AF_XDP only)\n",
			(unsigned long long)s->paths.slow.count);
	if (!slow_ports(s)->n)
		return 0;
	slow_cfg = *s->whole;
	slow_cfg.ports = s->slow_ports;
	slow_cfg.targets = *tcp_targets(s);
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

static void tear_down(struct scan *s)
{
	uint32_t t;

	if (s->cfg->status) { /* its last line comes after this scan is gone */
		s->cfg->status->drops_seen = read_counter(s, XM_CNT_RINGBUF_FULL);
		s->cfg->status->drops = NULL;
		s->cfg->status->drops_ctx = NULL;
	}
	xm_tx_close(&s->tx);
	for (t = 1; s->more_tx && t < s->nsenders; t++)
		xm_tx_close(&s->more_tx[t - 1]);
	free(s->more_tx);
	ring_buffer__free(s->rb);
	if (s->link_fd >= 0)
		close(s->link_fd);
	xdpmap_bpf__destroy(s->skel);
	xm_svcbox_free(s->svc);
	xm_results_free(&s->results);
	xm_results_free(&s->icmp_limited);
	xm_answered_free(&s->answered);
	xm_reply_log_free(&s->log);
	xm_targets_free(&s->tcp_live);
	xm_disc_free(&s->disc);
	xm_paths_free(&s->paths);
	xm_host_rtts_free(&s->host_rtts);
	free(s->sent);
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
	if (set_up(s) == 0 && xm_drop_privileges(cfg, s->err, sizeof(s->err)) == 0) {
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
	tear_down(s);
	free(s);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Set-up and tear-down of the XDP path: source ports, paths, key, BPF program, AF_XDP sockets. */
#include <bpf/bpf.h>
#include <linux/if_link.h>
#include <math.h>
#include <sys/random.h>
#include "log.h"
#include "pcap_kern_user.h"
#include "pcap_out.h"
#include "sender.h"
#include "svc_box.h"
#include "xdpmap.skel.h"
#include "scan_priv.h"

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
	s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.results), scan_on_reply, s, NULL);
	if (!s->rb) {
		snprintf(s->err, sizeof(s->err), "ring_buffer__new failed: %s", strerror(errno));
		return -1;
	}
	return pcap_ring(s);
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
	if (cfg->udp_data_len)
		s->disc.udp_data = &s->udp_default;
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

int scan_set_up(struct scan *s)
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
	s->stream_only = xm_answered_on(&s->answered) && !s->svc && !scan_tcp_targets(s)->count &&
			 outputs_stream(s->outs, s->nouts);
	s->compact = xm_answered_on(&s->answered) && !s->svc && !s->stream_only;
	xm_reply_log_init(&s->log, &s->answered);
	if (s->cfg->status) {
		s->cfg->status->drops = scan_ring_drops;
		s->cfg->status->drops_ctx = s;
	}
	return 0;
}

void scan_tear_down(struct scan *s)
{
	uint32_t t;

	if (s->cfg->status) { /* its last line comes after this scan is gone */
		s->cfg->status->drops_seen = scan_read_counter(s, XM_CNT_RINGBUF_FULL);
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


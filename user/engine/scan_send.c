// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The send loop: probes generated per index, the token bucket, passes, sender lanes. */
#include <bpf/bpf.h>
#include <math.h>
#include "addr.h"
#include "packet_trace.h"
#include "progress.h"
#include "runtime.h"
#include "sender.h"
#include "xdpmap.skel.h"
#include "scan_priv.h"

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
	return proto != IPPROTO_UDP || (xm_answered_on(&s->answered) && !xm_answered_host(&s->answered, host));
}

/*
 * Whether a retry leaves out pair v (host index 'host'; f: its address, family,
 * protocol and port): answered already (the answered set, else the findings), or
 * not in the rate-limit pass being sent (limit_skip()).
 */
static bool retry_skips(const struct scan *s, uint64_t v, uint64_t host,
			const struct xm_finding *f)
{
	if (xm_answered_on(&s->answered) ? xm_answered_test(&s->answered, v) :
	    xm_results_has(&s->results, f))
		return true; /* answered: no MAC look-up for it either */
	return limit_skip(s, host, f->proto);
}

/* A port probe is made: its send time in the RTT slot of 'low' (the address' low bits). */
static size_t probe_made(struct scan *s, uint32_t low, bool retry)
{
	if (s->sent)
		*scan_sent_slot(s, low) = (struct xm_rtt_slot){ low + 1ull, s->batch_ns };
	if (!retry)
		s->first_pass++;
	return 1;
}

/*
 * scan_port_probe() of pair v (host 'host', protocol 'proto') of an IPv6 scan: a
 * SYN or a UDP probe (udp_probe()'s payload and source port) to the host's
 * MAC (Neighbor Discovery's answer) or its gateway's, the cookie over the
 * 128-bit addresses; the source-port hash and the RTT slot are keyed by the
 * address' low 32 bits.
 */
static size_t port_probe6(struct scan *s, uint64_t v, uint64_t host, uint8_t proto, bool retry,
			  struct xm_probe *p)
{
	const struct xm_config *cfg = s->cfg;
	struct xm_addr *a = xm_addr6_ring_slot(&s->ring6);
	uint32_t low;

	*a = xm_targets_at(&cfg->targets, host);
	low = ntohl(a->w[3]);

	p->dport = cfg->ports.v[v % cfg->ports.n];
	if (s->sent) /* as for IPv4: the table's random line fetched while the cookie is made */
		__builtin_prefetch(scan_sent_slot(s, low), 1);
	if (retry && retry_skips(s, v, host, &(struct xm_finding){ .addr = *a,
			.family = XM_FAMILY_IPV6, .proto = proto, .port = p->dport }))
		return 0;
	p->dst_mac = xm_scan6_mac(&s->paths, &s->disc.hosts, a);
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
	p->daddr6 = xm_addr6_ring_take(&s->ring6);
	p->seq = xm_cookie6_from(&s->cookie6, p->daddr6, htons(p->sport), htons(p->dport));
	return probe_made(s, low, retry);
}

/* The i-th probe of the permuted port scan: 0 probes for a host discovery found dead. */
size_t scan_port_probe(struct scan *s, uint64_t i, bool retry, struct xm_probe *p)
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
		__builtin_prefetch(scan_sent_slot(s, p->daddr), 1);
	if (retry && retry_skips(s, v, host, &(struct xm_finding){ .addr = xm_addr4(p->daddr),
			.family = XM_FAMILY_IPV4, .proto = proto, .port = p->dport }))
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
	return probe_made(s, p->daddr, retry);
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
size_t scan_host_probes(struct scan *s, uint64_t i, bool retry, struct xm_probe *p)
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

/* --host-timeout ran out during the port scan: stop sending, report what was found. */
bool scan_past_deadline(struct scan *s)
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
int scan_send_pass(struct scan *s, struct pass *p, struct bucket *b)
{
	for (;;) {
		uint32_t want;
		int sent;

		s->batch_ns = xm_now_ns();
		pass_fill(s, p);
		if (open_arp_asks(s))
			return -1;
		if (!p->npending || xm_stop_requested || scan_past_deadline(s) ||
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
			xm_progress_tick(s->cfg->progress, s->probes, 0, scan_port_replies(s));
		memmove(p->pending, p->pending + sent,
			(p->npending - (uint32_t)sent) * sizeof(p->pending[0]));
		memmove(p->pend_idx, p->pend_idx + sent,
			(p->npending - (uint32_t)sent) * sizeof(p->pend_idx[0]));
		p->npending -= (uint32_t)sent;
		if (!s->lane && s->batch_ns - s->polled_ns >= XM_SEND_POLL_NS) {
			s->polled_ns = s->batch_ns;
			if (scan_poll_replies(s, 0))
				return -1;
		}
	}
}

/* The socket of sender thread t: queue t's. */
struct xm_tx *scan_lane_tx(struct scan *s, uint32_t t)
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

	return scan_send_pass(&l->s, &l->p, &l->b);
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
	xm_progress_tick(ls->s->cfg->progress, probes, 0, scan_port_replies(ls->s));
	if (scan_poll_replies(ls->s, 0))
		return -1;
	nanosleep(&ms, NULL);
	return 0;
}

static void lane_init(struct lanes *ls, uint32_t t, const struct pass *p, const struct bucket *b)
{
	struct lane *l = &ls->v[t];

	l->s = *ls->s;
	l->s.tx = *scan_lane_tx(ls->s, t);
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

	*scan_lane_tx(s, t) = l->s.tx;
	s->probes += l->s.probes;
	s->first_pass += l->s.first_pass;
	if (!l->p.retry && (!t || l->s.stop_index < s->stop_index))
		s->stop_index = l->s.stop_index;
	if (l->s.err[0] && !s->err[0])
		memcpy(s->err, l->s.err, sizeof(s->err));
}

/* scan_send_pass() on every sender thread, each on its own queue; this thread reads the replies. */
int scan_send_pass_lanes(struct scan *s, struct pass *p, struct bucket *b)
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
bool scan_use_lanes(const struct scan *s)
{
	return s->nsenders > 1 && s->phase == SCAN_PORTS && xm_answered_on(&s->answered) &&
	       !xm_trace_enabled && !s->v6;
}


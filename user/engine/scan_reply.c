// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The replies the XDP program recorded: read from the ring buffer, checked, noted, timed. */
#include "addr.h"
#include "log.h"
#include "packet_trace.h"
#include "svc_box.h"
#include "xdpmap.skel.h"
#include "scan_priv.h"

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

/*
 * A discovery reply: the host is up (late or stray ones are only counted).
 * An on-link host framed for the kernel's neighbour entry (--disable-arp-ping)
 * gets that MAC, as nmap prints it; a --router-mac is nobody's own.
 */
static int on_host_reply(struct scan *s, const struct xm_finding *f, uint64_t ts_ns)
{
	static const uint8_t zero[6];
	struct xm_finding up = *f;
	const struct xm_finding *h;
	const uint8_t *mac;
	int rc;

	if (f->reason == XM_REASON_ARP_RESPONSE) /* a late claim is news in any phase */
		check_arp_claim(s, f); /* reads the host table only, as the sender threads do */
	if (s->phase < SCAN_DISCOVERY || !s->disc.alive || s->lanes_busy)
		return 0; /* lanes_busy: the sender threads read the host table */
	mac = memcmp(f->mac, zero, 6) || s->cfg->have_router_mac ? NULL :
	      xm_paths_own_mac(&s->paths, &f->addr, f->family);
	if (mac)
		memcpy(up.mac, mac, 6);
	rc = xm_disc_host_up(&s->disc, &up, ts_ns);
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
struct xm_rtt_slot *scan_sent_slot(struct scan *s, uint32_t addr)
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
	slot = scan_sent_slot(s, addr);
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
	else if (xm_answered_on(&s->answered))
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
uint64_t scan_port_replies(const struct scan *s)
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
int scan_on_reply(void *ctx, void *data, size_t len)
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

int scan_poll_replies(struct scan *s, int timeout_ms)
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


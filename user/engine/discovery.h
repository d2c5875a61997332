/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Host discovery (nmap's phase 1): probe generation, the live-host bitmap, round-trip times. */
#ifndef XDPMAP_DISCOVERY_H
#define XDPMAP_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cookie.h"
#include "paths.h"
#include "probe.h"
#include "permute.h"
#include "ping_opts.h"
#include "results.h"
#include "targets.h"

struct xm_udp_payloads;
struct xm_addr6_ring;

/* Most probes one host can get: echo, timestamp, the -PS and -PA ports. */
#define XM_PING_MAX_PROBES (2 + 3 * XM_PING_MAX_PORTS)

/* Send times of the last hosts probed, to measure the round trip of the first reply. */
#define XM_RTT_SLOTS (1u << 18)

struct xm_rtt_slot {
	uint64_t tag;	  /* host index + 1 of the probe whose time this is */
	uint64_t sent_ns; /* CLOCK_MONOTONIC */
};

struct xm_discovery {
	struct xm_ping_opts opts;	/* after defaults */
	const struct xm_targets *targets;
	struct xm_perm perm;		/* order of the hosts */
	uint64_t *alive;		/* one bit per target index */
	uint64_t nalive;
	struct xm_results hosts;	/* one host record per live host */
	struct xm_rtt_slot *rtt;
	uint64_t stray;			/* replies from addresses not probed */
	const struct xm_paths *paths;	/* on-link targets get ARP instead of IP probes; NULL: none */
	struct xm_siphash_key dkey;	/* the discovery cookie key */
	struct xm_siphash_key sport_key; /* xm_sport_key(&dkey) */
	uint32_t src;			/* our address, host order */
	uint16_t sport_lo, sport_hi;
	const struct xm_udp_payloads *udp_payloads; /* -PU: each port's payload (NULL: none) */
	const struct xm_udp_payload *udp_data;	/* -PU: --data's (NULL: none) */
	uint8_t src6[16];		/* IPv6 targets: our address, network order */
	struct xm_addr6_ring *ring6;	/* IPv6 targets: where the probes' destinations live */
};

/*
 * Prepare discovery of 'targets': apply nmap's defaults to 'opts' (echo,
 * SYN 443, ACK 80, timestamp; ARP for on-link targets unless disabled).
 * 'paths' tells which targets are on the link (NULL: none). Returns -1 on ENOMEM.
 */
int xm_disc_init(struct xm_discovery *d, const struct xm_ping_opts *opts,
		 const struct xm_targets *targets, const struct xm_siphash_key *key,
		 uint64_t seed, uint32_t src, uint16_t sport_lo, uint16_t sport_hi,
		 const struct xm_paths *paths);

/*
 * The probes of the i-th host in discovery order into out[] (room for
 * XM_PING_MAX_PROBES); none for a host already known alive when 'retry'.
 * Notes the send time for the round trip. Returns how many.
 */
size_t xm_disc_probes(struct xm_discovery *d, uint64_t i, bool retry,
		      uint64_t now_ns, struct xm_probe *out);

/*
 * xm_disc_probes() of target h (not a permuted index) of an IPv6 scan: a
 * Neighbor Solicitation for on-link targets (d->paths), else ICMPv6 echo and
 * the -PS, -PA and -PU ports (-PP has no IPv6 form: ICMPv6 has no timestamp).
 * d->src6 and d->ring6 must be set. Returns how many.
 */
size_t xm_disc_probes6(struct xm_discovery *d, uint64_t h, struct xm_probe *out);

/*
 * A host record from the XDP program (arrival ts_ns); kept as (family, addr, 0, 0).
 * Returns 1 when the host is newly up, 0 when known or not a target
 * (counted in 'stray'), -1 on ENOMEM.
 */
int xm_disc_host_up(struct xm_discovery *d, const struct xm_finding *f,
		    uint64_t ts_ns);

/* Whether the target with index idx answered. */
static inline bool xm_disc_alive(const struct xm_discovery *d, uint64_t idx)
{
	return d->alive[idx / 64] >> (idx % 64) & 1;
}

void xm_disc_free(struct xm_discovery *d);

#endif /* XDPMAP_DISCOVERY_H */

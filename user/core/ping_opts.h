/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The host discovery options (-Pn, -sn, -P*), as the command line sets them. */
#ifndef XDPMAP_PING_OPTS_H
#define XDPMAP_PING_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XM_PING_MAX_PORTS 32

/* The -P options: which probes discovery sends. */
struct xm_ping_opts {
	bool skip;		/* -Pn */
	bool only;		/* -sn: discovery, no port scan */
	bool chosen;		/* some -P option was given: no default set */
	bool echo;		/* -PE */
	bool timestamp;		/* -PP */
	bool arp;		/* -PR (on-link targets get ARP by default anyway) */
	bool disable_arp;	/* --disable-arp-ping */
	uint16_t syn_ports[XM_PING_MAX_PORTS]; /* -PS */
	size_t nsyn;
	uint16_t ack_ports[XM_PING_MAX_PORTS]; /* -PA */
	size_t nack;
	uint16_t udp_ports[XM_PING_MAX_PORTS]; /* -PU */
	size_t nudp;
};

#endif /* XDPMAP_PING_OPTS_H */

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's TCP SYN ping (-PS): the port scan's SYN, to the next hop, keyed by discovery. */
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv4.h"

/*
 * Replies: handle_tcp_discovery() in the XDP program takes a SYN-ACK or
 * RST-ACK acking the discovery cookie + 1; it makes a host record (XM_KIND_HOST).
 */

/* The same SYN as the port scan's: MSS 1460, window 1024, TTL 64. */
static void tcp_syn_ping_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_tcp4_tmpl(t, src, 0x02, true);
}

static size_t tcp_syn_ping_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				 const struct xm_probe *p)
{
	xm_tcp4_patch(t, frame, p, false);
	return t->len;
}

const struct xm_probe_module xm_probe_tcp_syn_ping = {
	.name = "tcp_syn_ping",
	.family = AF_INET,
	.proto = IPPROTO_TCP,
	.ethertype = ETHERTYPE_IP,
	.prepare = tcp_syn_ping_prepare,
	.patch = tcp_syn_ping_patch,
};

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's TCP ACK ping (-PA): a bare ACK whose seq and ack are both the cookie. */
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv4.h"

/*
 * Replies: handle_tcp_discovery() in the XDP program takes the RST whose seq
 * is our ack (the discovery cookie); it makes a host record (XM_KIND_HOST).
 */

/* ACK without options, window 1024. */
static void tcp_ack_ping_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_tcp4_tmpl(t, src, 0x10, false);
}

static size_t tcp_ack_ping_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				 const struct xm_probe *p)
{
	xm_tcp4_patch(t, frame, p, true);
	return t->len;
}

const struct xm_probe_module xm_probe_tcp_ack_ping = {
	.name = "tcp_ack_ping",
	.family = AF_INET,
	.proto = IPPROTO_TCP,
	.ethertype = ETHERTYPE_IP,
	.prepare = tcp_ack_ping_prepare,
	.patch = tcp_ack_ping_patch,
};

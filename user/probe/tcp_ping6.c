// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's TCP SYN and ACK pings over IPv6 (-6 -PS, -6 -PA), keyed by discovery. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv6.h"

/*
 * The seq is xm_cookie6() of (source, destination, ports) under the
 * discovery key. Replies: xm_handle_tcp6() in the XDP program takes a SYN-ACK
 * or RST-ACK acking the cookie + 1 (the SYN's) and a RST whose seq is the
 * cookie (the ACK's, whose ack is the cookie); each makes a host record
 * (XM_KIND_HOST, family XM_FAMILY_IPV6).
 */

static void tcp_syn_ping6_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_tcp6_tmpl(t, src, 0x02, true);
}

static size_t tcp_syn_ping6_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				  const struct xm_probe *p)
{
	xm_tcp6_patch(t, frame, p, false);
	return t->len;
}

/* A bare ACK without options, window 1024. */
static void tcp_ack_ping6_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_tcp6_tmpl(t, src, 0x10, false);
}

static size_t tcp_ack_ping6_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
				  const struct xm_probe *p)
{
	xm_tcp6_patch(t, frame, p, true);
	return t->len;
}

const struct xm_probe_module xm_probe_tcp_syn_ping6 = {
	.name = "tcp_syn_ping6",
	.family = AF_INET6,
	.proto = IPPROTO_TCP,
	.ethertype = ETHERTYPE_IPV6,
	.prepare = tcp_syn_ping6_prepare,
	.patch = tcp_syn_ping6_patch,
};

const struct xm_probe_module xm_probe_tcp_ack_ping6 = {
	.name = "tcp_ack_ping6",
	.family = AF_INET6,
	.proto = IPPROTO_TCP,
	.ethertype = ETHERTYPE_IPV6,
	.prepare = tcp_ack_ping6_prepare,
	.patch = tcp_ack_ping6_patch,
};

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The port scan's TCP SYN over IPv6 (-6 -sS): the IPv4 module's template and patch, 128-bit. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv6.h"

/*
 * The seq is xm_cookie6() of (source, destination, ports). Replies:
 * xm_handle_tcp6() in the XDP program (bpf/xdpmap_ipv6.h) takes a SYN-ACK or
 * RST acking the cookie (open or closed), xm_handle_unreach6() an ICMPv6
 * unreachable quoting the SYN (filtered); both make a port record
 * (XM_KIND_PORT, family XM_FAMILY_IPV6).
 */

/* Ethernet, IPv6 (hop limit 64), TCP SYN with MSS 1440 and window 1024. */
static void tcp_syn6_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_tcp6_tmpl(t, src, 0x02, true);
}

static size_t tcp_syn6_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
			     const struct xm_probe *p)
{
	xm_tcp6_patch(t, frame, p, false);
	return XM_PROBE6_LEN;
}

const struct xm_probe_module xm_probe_tcp_syn6 = {
	.name = "tcp_syn6",
	.family = AF_INET6,
	.proto = IPPROTO_TCP,
	.ethertype = ETHERTYPE_IPV6,
	.prepare = tcp_syn6_prepare,
	.patch = tcp_syn6_patch,
};

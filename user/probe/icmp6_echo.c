// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's ICMPv6 echo request (-6 -PE): 8 bytes, no data, as nmap's. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv6.h"

/*
 * Identifier and sequence are xm_cookie6(discovery key, source, destination,
 * 0, 128). Replies: xm_handle_echo6() in the XDP program takes the echo reply
 * that carries them; it makes a host record (XM_KIND_HOST).
 */

static void icmp6_echo_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_icmp6_tmpl(t, src, 128, 8);
}

const struct xm_probe_module xm_probe_icmp6_echo = {
	.name = "icmp6_echo",
	.family = AF_INET6,
	.proto = IPPROTO_ICMPV6,
	.ethertype = ETHERTYPE_IPV6,
	.prepare = icmp6_echo_prepare,
	.patch = xm_icmp6_patch,
};

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The port scan's TCP SYN (-sS): masscan's template idea, patched with incremental checksums. */
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv4.h"

/*
 * Replies: handle_tcp() in the XDP program takes a SYN-ACK or RST acking the
 * port scan cookie (open or closed), handle_icmp() an ICMP unreachable that
 * quotes the SYN (filtered); both make a port record (XM_KIND_PORT).
 */

/* Ethernet, IPv4 (TTL 64), TCP SYN with MSS 1460 and window 1024. */
static void tcp_syn_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_tcp4_tmpl(t, src, 0x02, true);
}

static size_t tcp_syn_patch(const struct xm_probe_tmpl *t, uint8_t *frame,
			    const struct xm_probe *p)
{
	/* on-link targets get frames for their own MACs; the rest go to the next hop */
	const uint8_t *mac = p->dst_mac ? p->dst_mac : t->bytes;

	xm_tcp4_patch(t, frame, p, false);
	memcpy(frame, mac, 6);
	return XM_PROBE_LEN;
}

const struct xm_probe_module xm_probe_tcp_syn = {
	.name = "tcp_syn",
	.family = AF_INET,
	.proto = IPPROTO_TCP,
	.ethertype = ETHERTYPE_IP,
	.prepare = tcp_syn_prepare,
	.patch = tcp_syn_patch,
};

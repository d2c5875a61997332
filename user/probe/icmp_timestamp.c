// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host discovery's ICMP timestamp request (-PP): 20 bytes, the three timestamps zero. */
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "ipv4.h"

/*
 * Replies: handle_icmp_query_reply() in the XDP program takes the timestamp
 * reply whose identifier and sequence are the discovery cookie; it makes a
 * host record (XM_KIND_HOST).
 */

static void icmp_timestamp_prepare(struct xm_probe_tmpl *t, const struct xm_probe_src *src)
{
	xm_icmp4_tmpl(t, src, 13, 20);
}

const struct xm_probe_module xm_probe_icmp_timestamp = {
	.name = "icmp_timestamp",
	.family = AF_INET,
	.proto = IPPROTO_ICMP,
	.ethertype = ETHERTYPE_IP,
	.prepare = icmp_timestamp_prepare,
	.patch = xm_icmp4_patch,
};

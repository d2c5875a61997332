// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The names of the XDP program's counters (enum xm_counter): the one table of them. */
#include "common_kern_user.h"
#include "xdp_counters.h"

static const char *const names[] = {
	[XM_CNT_SEEN] = "seen",
	[XM_CNT_OPEN] = "open",
	[XM_CNT_CLOSED] = "closed",
	[XM_CNT_FILTERED] = "filtered",
	[XM_CNT_BAD_COOKIE] = "bad_cookie",
	[XM_CNT_DUPLICATE] = "duplicate",
	[XM_CNT_PASSED] = "passed",
	[XM_CNT_RINGBUF_FULL] = "ringbuf_full",
	[XM_CNT_RST_SENT] = "rst_sent",
	[XM_CNT_HOST_UP] = "host_up",
	[XM_CNT_ARP_UNASKED] = "arp_unasked",
	[XM_CNT_UDP_SPOOFED] = "udp_spoofed",
	[XM_CNT_IPV6_EXT_LONG] = "ipv6_ext_long",
};

/* A counter added to enum xm_counter without a name here stops the build. */
_Static_assert(sizeof(names) / sizeof(names[0]) == XM_CNT_MAX,
	       "every enum xm_counter value has a name in xdp_counters.c");

const char *xm_counter_name(unsigned int i)
{
	return i < XM_CNT_MAX && names[i] ? names[i] : "?";
}

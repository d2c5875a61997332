// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The probe module registry, one row per module, and the per-scan preparation of templates. */
#include "probe.h"

extern const struct xm_probe_module xm_probe_tcp_syn, xm_probe_tcp_syn_ping,
	xm_probe_tcp_ack_ping, xm_probe_icmp_echo, xm_probe_icmp_timestamp, xm_probe_arp,
	xm_probe_udp, xm_probe_tcp_syn6, xm_probe_tcp_syn_ping6, xm_probe_tcp_ack_ping6,
	xm_probe_icmp6_echo, xm_probe_ndp_ns, xm_probe_udp6;

const struct xm_probe_module *const xm_probe_modules[XM_PROBE_NMODULES] = {
	[XM_PROBE_TCP_SYN] = &xm_probe_tcp_syn,
	[XM_PROBE_TCP_SYN_PING] = &xm_probe_tcp_syn_ping,
	[XM_PROBE_TCP_ACK_PING] = &xm_probe_tcp_ack_ping,
	[XM_PROBE_ICMP_ECHO] = &xm_probe_icmp_echo,
	[XM_PROBE_ICMP_TIMESTAMP] = &xm_probe_icmp_timestamp,
	[XM_PROBE_ARP] = &xm_probe_arp,
	[XM_PROBE_UDP] = &xm_probe_udp,
	[XM_PROBE_TCP_SYN6] = &xm_probe_tcp_syn6,
	[XM_PROBE_TCP_SYN_PING6] = &xm_probe_tcp_syn_ping6,
	[XM_PROBE_TCP_ACK_PING6] = &xm_probe_tcp_ack_ping6,
	[XM_PROBE_ICMP6_ECHO] = &xm_probe_icmp6_echo,
	[XM_PROBE_NDP_NS] = &xm_probe_ndp_ns,
	[XM_PROBE_UDP6] = &xm_probe_udp6,
};

_Static_assert(XM_PROBE_NMODULES <= XM_PROBE_SET_MAX, "more modules than a probe set holds");
_Static_assert(XM_PROBE_NMODULES < XM_PROBE_NONE, "module ids must not reach XM_PROBE_NONE");

int xm_probe_set_init(struct xm_probe_set *set, const struct xm_probe_module *const *modules,
		      size_t n, const struct xm_probe_src *src)
{
	size_t i;

	if (n > XM_PROBE_SET_MAX)
		return -1;
	memset(set, 0, sizeof(*set));
	set->modules = modules;
	set->n = n;
	for (i = 0; i < n; i++) {
		set->slot[i].patch = modules[i]->patch;
		modules[i]->prepare(&set->slot[i].tmpl, src);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* -6 checked against the targets and the options that only the IPv4 path has. */
#include <errno.h>
#include <ifaddrs.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "cli_ipv6.h"
#include "udp_payload.h"

/* Whether interface 'name' has an IPv6 address: 1 yes, 0 no, -1 with err when unknown. */
static int iface_has_ipv6(const char *name, char *err, size_t errlen)
{
	struct ifaddrs *all, *i;
	bool seen = false, v6 = false;

	if (getifaddrs(&all)) {
		snprintf(err, errlen, "getifaddrs failed: %s", strerror(errno));
		return -1;
	}
	for (i = all; i; i = i->ifa_next) {
		if (strcmp(i->ifa_name, name))
			continue;
		seen = true;
		v6 |= i->ifa_addr && i->ifa_addr->sa_family == AF_INET6;
	}
	freeifaddrs(all);
	if (!seen) {
		snprintf(err, errlen, "unknown interface '%s' (-e)", name);
		return -1;
	}
	if (!v6)
		snprintf(err, errlen, "interface %s (-e) has no IPv6 address (-6)", name);
	return v6;
}

/* The options that have no IPv6 counterpart. */
static const char *ipv4_only_option(const struct xm_config *cfg)
{
	if (cfg->src_addr)
		return "-S (IPv4 source addresses only)";
	if (cfg->ping.timestamp)
		return "-PP (ICMPv6 has no timestamp request)";
	return NULL;
}

int xm_cli_check_family(const struct xm_config *cfg, char *err, size_t errlen)
{
	const char *opt;

	if (cfg->ipv6 && cfg->targets.family != XM_FAMILY_IPV6) {
		snprintf(err, errlen, "-6 given but target '%s' is IPv4",
			 cfg->targets.include.ipv4_spec);
		return -1;
	}
	if (!cfg->ipv6 && cfg->targets.family == XM_FAMILY_IPV6) {
		snprintf(err, errlen, "IPv6 target '%s' needs -6", cfg->targets.include.ipv6_spec);
		return -1;
	}
	if (!cfg->ipv6)
		return 0;
	opt = ipv4_only_option(cfg);
	if (opt) {
		snprintf(err, errlen, "-6 cannot be combined with %s", opt);
		return -1;
	}
	if (cfg->udp_data_len > XM_UDP6_PAYLOAD_MAX) {
		snprintf(err, errlen,
			 "--data/--data-string/--data-length: %zu bytes, over IPv6 (-6) a UDP "
			 "payload is at most %d", cfg->udp_data_len, XM_UDP6_PAYLOAD_MAX);
		return -1;
	}
	if (cfg->iface && iface_has_ipv6(cfg->iface, err, errlen) != 1)
		return -1;
	return 0;
}

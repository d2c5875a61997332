/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Everything the command line decides about a scan. */
#ifndef XDPMAP_CONFIG_H
#define XDPMAP_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "ports.h"
#include "targets.h"

#define XDPMAP_VERSION "0.1.0"

struct xm_config {
	struct xm_targets targets;
	struct xm_ports ports;
	const char *iface;	/* -e, NULL = from the routing table */
	uint32_t src_addr;	/* -S, host order, 0 = from the routing table */
	bool have_router_mac;	/* --router-mac */
	uint8_t router_mac[6];
	uint16_t sport_lo;	/* --source-port, 0 = outside ip_local_port_range */
	uint16_t sport_hi;
	double max_rate;	/* --max-rate, probes per second */
	int max_retries;	/* --max-retries */
	double wait_s;		/* --wait: late replies after the last probe */
	uint64_t seed;		/* --seed */
	bool seed_set;
	uint32_t shard_index;	/* --shard i/n, 0-based internally */
	uint32_t shard_count;
	bool no_dns;		/* -n */
	int verbose;		/* -v count */
	const char *json_path;	/* -oJ */
	char argv_line[1024];	/* the command line, for reports */
};

#endif /* XDPMAP_CONFIG_H */

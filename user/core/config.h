/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Everything the command line decides about a scan. */
#ifndef XDPMAP_CONFIG_H
#define XDPMAP_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "output_formats.h"
#include "ping_opts.h"
#include "ports.h"
#include "targets.h"

#define XDPMAP_VERSION "0.1.0"

struct xm_progress;
struct xm_udp_payloads;
struct xm_status;
struct xm_pcap;

struct xm_config {
	struct xm_ping_opts ping; /* host discovery: -Pn, -sn, -P* */
	bool send_rst;		/* --send-rst: the XDP program answers SYN-ACKs with RST */
	int argc;		/* the command line, written to a resume file on interrupt */
	char **argv;
	char **resume_argv;	/* --resume: the command line read back (owned) */
	uint64_t resume_index;	/* --resume: the port scan's first index not yet sent */
	bool syn_scan;		/* -sS given explicitly: no fallback to -sT */
	bool connect_scan;	/* -sT, or the fallback when -sS cannot run */
	bool udp_scan;		/* -sU: UDP ports over AF_XDP (cfg->ports' UDP part) */
	const char *ports_spec;	/* -p as given; parsed for the scan types once all are known */
	uint8_t *udp_data;	/* --data/--data-string/--data-length: the payload of UDP ports
				 * that have none of their own (owned), NULL = empty */
	size_t udp_data_len;
	const struct xm_udp_payloads *udp_payloads; /* -sU: data/udp-payloads, loaded by main() */
	bool connect_ping;	/* -sn without privileges: connect() to 80 and 443 */
	bool version_detect;	/* -sV: service and version detection on open ports */
	int version_intensity;	/* --version-intensity 0-9 (light 2, all 9), default 7 */
	double version_timeout;	/* --version-timeout: -sV's time in all, seconds, 0 = none */
	const char *version_db;	/* --versiondb: signatures added to data/service-probes */
	int max_parallelism;	/* --max-parallelism: -sT connects / -sV ports at once, 0 = auto */
	const char *run_user;	/* --user: drop to this user after set-up (NULL: nobody) */
	struct xm_targets targets;
	bool ipv6;		/* -6: every target is IPv6 (targets.family) */
	bool list_scan;		/* -sL: list the targets (names unless -n), send nothing */
	uint64_t random_targets; /* -iR N: N random public addresses, 0 = none */
	const char *blocklist;	/* --blocklist FILE (always applies) */
	const char *allowlist;	/* --allowlist FILE: only its addresses are targets */
	bool no_blocklist;	/* --no-blocklist: data/blocklist.conf never applies */
	uint64_t blocklisted;	/* addresses the blocklist removed (set while parsing) */
	char blocklist_used[256]; /* the file that removed them, "" = none applied */
	struct xm_ports ports;
	const char *iface;	/* -e, NULL = from the routing table */
	uint32_t src_addr;	/* -S, host order, 0 = from the routing table */
	bool have_router_mac;	/* --router-mac */
	uint8_t router_mac[6];
	uint16_t sport_lo;	/* --source-port, 0 = outside ip_local_port_range */
	uint16_t sport_hi;
	double max_rate;	/* --max-rate, probes per second */
#define XM_SENDERS_MAX 64
	uint32_t sender_threads; /* --sender-threads: AF_XDP sockets and threads, 0 = the
				  * interface's channels, at most the CPUs (sender.h) */
	int max_retries;	/* --max-retries (default 1; with -T, the template's) */
	int timing;		/* -T0..-T5 (also -T paranoid|sneaky|polite|normal|aggressive|
				 * insane), default 3 */
	double initial_rtt_timeout; /* --initial-rtt-timeout, seconds */
	double min_rtt_timeout;	/* --min-rtt-timeout */
	double max_rtt_timeout;	/* --max-rtt-timeout */
	double min_rate;	/* --min-rate, probes/s, 0 = none */
	double host_timeout;	/* --host-timeout, seconds, 0 = none */
	double scan_delay;	/* --scan-delay, seconds */
	double max_scan_delay;	/* --max-scan-delay, seconds */
	double wait_s;		/* --wait: late replies after the last probe */
	bool wait_set;		/* --wait was given: it fixes the final wait */
	uint64_t seed;		/* --seed */
	bool seed_set;
	uint32_t shard_index;	/* --shard i/n or --shards N --shard I, 0-based internally */
	uint32_t shard_count;
	bool no_dns;		/* -n */
	int verbose;		/* -v count */
	int debug;		/* -d count */
	bool open_only;		/* --open: only open ports, only hosts with one */
	bool packet_trace;	/* --packet-trace: SENT/RCVD lines (packet_trace.h) */
	bool append_output;	/* --append-output: output files are appended to */
	bool reason;		/* --reason (implied by -d): why each port has its state */
	double stats_every;	/* --stats-every, seconds; 0 = never */
	const char *stylesheet;	/* --stylesheet for -oX, NULL = none */
	/* Files by row of xm_output_formats[]: NULL = not written, "-" = stdout. */
	const char *out_path[XM_OUT_MAX];
	char *out_alloc[XM_OUT_MAX];	/* paths built from -oA BASE (freed) */
	char argv_line[1024];	/* the command line, for reports */
	double start_time;	/* wall clock when xdpmap started, set by main() */
	/*
	 * The progress line and --stats-every (NULL = neither). The scan engine
	 * calls xm_progress_tick() (progress.h) with it after every batch it sends
	 * and while it waits for replies.
	 */
	struct xm_progress *progress;
	/* Research measurements (research.h): NULL = not asked. */
	const char *csv_fields;	   /* --output-fields for -oC */
	const char *metadata_path; /* --metadata-file */
	const char *status_path;   /* --status-updates-file */
	struct xm_status *status;  /* its writer while the scan runs (fed by the progress ticks) */
	const char *pcap_path;	   /* --pcap-replies */
	struct xm_pcap *pcap;	   /* its writer, opened before the scan (pcap_out.h) */
};

#endif /* XDPMAP_CONFIG_H */

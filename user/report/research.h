/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Research measurements as zmap's: -oC CSV rows, --metadata-file, --status-updates-file. */
#ifndef XDPMAP_RESEARCH_H
#define XDPMAP_RESEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "common_kern_user.h"

/* A column of -oC, chosen by name with --output-fields. */
enum xm_csv_field {
	XM_CSV_IP = 0,
	XM_CSV_PORT,
	XM_CSV_PROTO,
	XM_CSV_STATE,
	XM_CSV_REASON,
	XM_CSV_TTL,
	XM_CSV_WINDOW,
	XM_CSV_RTT,	  /* seconds from the probe to the reply; empty when unknown */
	XM_CSV_TIMESTAMP, /* wall-clock seconds of the reply */
	XM_CSV_NFIELDS,
};

/* --output-fields when not given: every field, in enum order. */
#define XM_CSV_DEFAULT_FIELDS "ip,port,proto,state,reason,ttl,window,rtt,timestamp"

/*
 * Parse a comma-separated list of field names (each at most once) into
 * fields[], *n of them. Returns 0, or -1 with a one-line reason naming the
 * bad name and the valid ones in 'err'.
 */
int xm_csv_fields_parse(const char *spec, enum xm_csv_field fields[XM_CSV_NFIELDS], size_t *n,
			char *err, size_t errlen);

/* The name of a field ("ip", ...). */
const char *xm_csv_field_name(enum xm_csv_field f);

/* What the SYN scan knows of its own run for --metadata-file (the connect scan has none). */
struct xm_run_info {
	const char *ifname;
	bool xdp_generic;	/* the XDP program runs in generic (skb) mode, not native */
	bool xsk_zerocopy;	/* the AF_XDP socket is bound in zero-copy mode, not copy */
	uint32_t queue;		/* the TX queue of the AF_XDP socket */
	uint32_t queues;	/* TX queues of the interface (0 = unknown) */
	uint32_t senders;	/* sender threads, one AF_XDP socket each, on queues 0.. */
#define XM_RUN_QUEUES_MAX 64
	uint64_t queue_sent[XM_RUN_QUEUES_MAX]; /* frames each sender's socket sent */
	uint64_t counters[XM_CNT_MAX]; /* the XDP program's counters, summed over CPUs */
};

/* --status-updates-file: one CSV line per second while the scan runs. */
struct xm_status {
	FILE *f;
	double start;	   /* CLOCK_MONOTONIC seconds when opened */
	double next;	   /* when the next line is due */
	double last_t;	   /* the previous line's time */
	uint64_t last_sent;
	uint64_t sent, received, open; /* the latest totals given to a tick */
	/* replies lost so far (ring buffer full), read once per line; NULL = 'drops_seen' */
	uint64_t (*drops)(void *ctx);
	void *drops_ctx;
	uint64_t drops_seen; /* the latest count read (the scan leaves its final one here) */
};

/* The first line of the status file. */
#define XM_STATUS_HEADER "time,elapsed_s,sent,received,open,drops,send_rate_pps,hit_rate"

/*
 * Create or truncate 'path' and write the header. Returns 0, or -1 with a
 * one-line reason naming the file in 'err'.
 */
int xm_status_open(struct xm_status *st, const char *path, char *err, size_t errlen);

/*
 * Called with the probes sent, the replies received and the open ports found
 * so far (st == NULL, or not yet a second since the last line: nothing). A
 * line is: wall-clock time, seconds since the start, sent, received, open,
 * drops, probes per second over the last interval, and the hit rate as
 * zmap's: open / sent.
 */
void xm_status_tick(struct xm_status *st, uint64_t sent, uint64_t received, uint64_t open);

/* Write one last line with the latest totals and close the file (st == NULL: nothing). */
void xm_status_close(struct xm_status *st);

#endif /* XDPMAP_RESEARCH_H */

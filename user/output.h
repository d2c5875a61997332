/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Output formats as small tables of callbacks (zmap's output modules). */
#ifndef XDPMAP_OUTPUT_H
#define XDPMAP_OUTPUT_H

#include <stdio.h>
#include "config.h"
#include "results.h"

/* What the final report needs beyond the findings. */
struct xm_summary {
	uint64_t addrs;	    /* target addresses */
	uint64_t hosts_up;  /* addresses with at least one reply */
	size_t nports;	    /* ports per address */
	uint64_t probes;    /* probes sent, retries included */
	double seconds;	    /* wall time of the whole scan */
	double send_seconds; /* time spent in the send loops, retry gaps excluded */
	double start_time;  /* wall clock at start */
	uint64_t ring_full; /* replies lost to a full ring buffer */
};

struct xm_output;

struct xm_output_ops {
	const char *name;
	/* Open 'path' ("-" = stdout). Returns 0 or -1 with a reason in err. */
	int (*open)(struct xm_output *o, const char *path, char *err, size_t errlen);
	/* A new finding, as it arrives. */
	void (*finding)(struct xm_output *o, const struct xm_finding *f);
	/* The end of the scan: all findings sorted by address and port. */
	void (*report)(struct xm_output *o, const struct xm_finding *all, size_t n,
		       const struct xm_summary *s);
	void (*close)(struct xm_output *o);
};

struct xm_output {
	const struct xm_output_ops *ops;
	const struct xm_config *cfg;
	FILE *f;
};

extern const struct xm_output_ops xm_output_normal; /* stdout: live lines + nmap report */
extern const struct xm_output_ops xm_output_json;   /* -oJ: one JSON object per line */

/* Open a file for an output format, "-" meaning stdout. */
FILE *xm_output_fopen(const char *path, char *err, size_t errlen);

/* The close callback of formats that only own their FILE: flush, close unless stdout. */
void xm_output_close_file(struct xm_output *o);

/* nmap's names for states and reasons. */
const char *xm_state_name(int state);
const char *xm_reason_name(int reason);

/* The registered service name of a TCP port ("unknown" when none). */
const char *xm_service_name(uint16_t port);

/*
 * Write 'in' as the body of a JSON string into out (without quotes):
 * quotes, backslashes and control bytes escaped, invalid UTF-8 bytes as
 * \u00XX. Always NUL-terminates; returns the length that was needed.
 */
size_t xm_json_escape(const char *in, size_t inlen, char *out, size_t outlen);

#endif /* XDPMAP_OUTPUT_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Output formats as small tables of callbacks (zmap's output modules). */
#ifndef XDPMAP_OUTPUT_H
#define XDPMAP_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "common_kern_user.h"
#include "clock.h"
#include "config.h"
#include "results.h"

/* What the final report needs beyond the findings. */
/* One host of the report. */
struct xm_host_report {
	struct xm_addr addr;
	uint8_t family;			/* enum xm_family */
	const struct xm_finding *up;	/* discovery's record (reason, ttl, rtt); NULL with -Pn */
	/* -Pn: the ARP reply that framed its probes (an on-link host's MAC); else NULL */
	const struct xm_finding *arp;
	const struct xm_finding *ports; /* its port findings, sorted by port; maybe none */
	size_t nports;
	/*
	 * The ports this run probed on the host: a shard's share, what an
	 * interrupted or resumed scan sent. v == NULL: every port of the scan.
	 * Ports outside it are not scanned here, never "filtered".
	 */
	struct xm_ports scanned;
	/* The host's RFC 6298 estimate (microseconds, as nmap's <times>); srtt 0 = none. */
	uint32_t srtt_us, rttvar_us, to_us;
	/*
	 * Closed ports counted, not stored (NULL: none): a scanned port without
	 * a finding in 'ports' that closed->answered() reports answered is
	 * closed, reason xm_closed_reason() of its protocol, TTL closed_ttl.
	 */
	const struct xm_closed_ports *closed;
	uint64_t index; /* the host's index among the targets, for closed->answered() */
	size_t nclosed[2]; /* by xm_pslot(): TCP, UDP */
	uint32_t closed_first; /* the first of them in port order: protocol << 16 | port */
	uint8_t closed_ttl;
};

/* Where the closed ports of a report's hosts are looked up (the scan's answered pairs). */
struct xm_closed_ports {
	/* Whether the pair (host index 'host', proto, port) answered. */
	bool (*answered)(const void *ctx, uint64_t host, uint8_t proto, uint16_t port);
	const void *ctx;
};

/* The ports of the scan that a host of the report was probed on (see 'scanned'). */
const struct xm_ports *xm_host_scanned(const struct xm_config *cfg,
				       const struct xm_host_report *hr);

struct xm_summary {
	const struct xm_host_report *hosts; /* the hosts to report, by address */
	size_t nhosts;
	bool ping_only;	    /* -sn: no port scan ran */
	uint64_t addrs;	    /* target addresses */
	uint64_t hosts_up;  /* addresses with at least one reply */
	size_t nports;	    /* ports per address */
	uint64_t probes;    /* probes sent, retries included */
	double seconds;	    /* wall time of the whole scan */
	double send_seconds; /* time spent in the send loops, retry gaps excluded */
	double start_time;  /* wall clock at start */
	uint64_t ring_full; /* replies lost to a full ring buffer */
	/*
	 * Port findings by state (open, closed, filtered) that were streamed
	 * and are not in the report's array; NULL when every one is there.
	 */
	const uint64_t *state_counts;
	/* The SYN scan's XDP counters and modes for --metadata-file; NULL for others. */
	const struct xm_run_info *run;
	/*
	 * The run failed (an error, not an interrupt): every format says so
	 * (XML and JSON exit "error", the text formats "the scan failed").
	 */
	bool failed;
	/*
	 * The run stopped before it sent every pair of its share (a signal or
	 * --host-timeout): -oJ says "complete":false, and --merge refuses it
	 * unless --merge-partial (a --resume of it completes the same file).
	 */
	bool interrupted;
	uint64_t seed;	    /* the seed of the scan order, given or drawn */
	uint32_t merged;    /* --merge: shards merged into this report; 0 = a scan's own */
	uint32_t merged_of; /* --merge: shards of the scan */
	/*
	 * -sU: hosts (family, addr, proto 0, port 0) whose ICMP port
	 * unreachables came only after the scan waited for the host's rate
	 * limit; NULL or empty when none. -oN --reason says so under the host.
	 */
	const struct xm_results *icmp_limited;
};

struct xm_output;
struct xm_run_info;

struct xm_output_ops {
	const char *name;
	/* Open 'path' ("-" = stdout). Returns 0 or -1 with a reason in err. */
	int (*open)(struct xm_output *o, const char *path, char *err, size_t errlen);
	/* A new finding, as it arrives. */
	void (*finding)(struct xm_output *o, const struct xm_finding *f);
	/* The end of the scan: all findings sorted by address and port. */
	void (*report)(struct xm_output *o, const struct xm_finding *all, size_t n,
		       const struct xm_summary *s);
	/* Flush and close; a format whose report never ran ends its document here. */
	void (*close)(struct xm_output *o);
	/*
	 * finding() writes all a format says of a port and report() needs no
	 * kept finding (-oJ, the progress line): with only such outputs, the
	 * scan keeps nothing per reply.
	 */
	bool streams;
};

struct xm_output {
	const struct xm_output_ops *ops;
	const struct xm_config *cfg;
	FILE *f;
	bool reported; /* report() ran */
	bool began;    /* the format wrote what follows its header (XML: scaninfo) */
};

extern const struct xm_output_ops xm_output_normal; /* stdout: live lines + nmap report */
extern const struct xm_output_ops xm_output_nmap;   /* -oN: the report between # comments */
extern const struct xm_output_ops xm_output_xml;    /* -oX: nmap's XML (nmap.dtd) */
extern const struct xm_output_ops xm_output_grep;   /* -oG: nmap's grepable lines */
extern const struct xm_output_ops xm_output_json;   /* -oJ: one JSON object per line */
extern const struct xm_output_ops xm_output_csv;	    /* -oC: CSV rows, --output-fields */
extern const struct xm_output_ops xm_output_metadata; /* --metadata-file: one JSON document */
/* Feeds the progress line (cfg->progress) with findings and clears it at report time. */
extern const struct xm_output_ops xm_output_progress;

/* Output files are appended to (--resume) rather than truncated. */
void xm_output_set_append(bool append);

/* Whether outputs continue an interrupted run's files (--resume). */
bool xm_output_appending(void);

/*
 * --append-output, as nmap's: files are appended to, not truncated, and each
 * format starts a document of its own after what is there (an -oX file then
 * holds two documents, as with nmap). Overrides xm_output_set_append().
 */
void xm_output_set_append_new(bool append);

/*
 * --resume: cut an output file (opened by xm_output_fopen) at the last
 * occurrence of 'marker', the start of what closed the interrupted run's
 * document, so that this run continues it. Returns 0, or -1 (file left
 * whole) when the marker is absent or the file cannot be read.
 */
int xm_output_cut_at_last(FILE *f, const char *marker);

/*
 * Open a file for an output format, "-" meaning stdout: created or truncated
 * (opened for append and read with --resume), close-on-exec. Refused with a
 * one-line reason naming the file in 'err' (NULL returned): a path whose last
 * component is a symbolic link, and, in a sticky directory that others can
 * write to, a file owned neither by the caller's euid nor by the directory's
 * owner (the kernel's protected_regular rule); such a file is left untouched.
 */
FILE *xm_output_fopen(const char *path, char *err, size_t errlen);

/* The open callback of -oN and -oG: nmap's "# ... scan initiated <date> as: <args>" line. */
int xm_output_open_commented(struct xm_output *o, const char *path, char *err,
			     size_t errlen);

/* The close callback of -oN and -oG: a scan that never reported ends the file with a comment. */
void xm_output_close_commented(struct xm_output *o);

/* The close callback of formats that only own their FILE: flush, close unless stdout. */
void xm_output_close_file(struct xm_output *o);

/*
 * Write out what the n outputs hold in their buffers. Streaming formats do
 * not flush per line: the engines call this once per read of replies, so a
 * burst of findings costs one write() per file, not one per finding.
 */
void xm_outputs_flush(struct xm_output *outs, size_t n);

/* nmap's names for states and reasons. */
const char *xm_state_name(int state);
const char *xm_reason_name(int reason);

/* The registered service name of a port of protocol proto ("unknown" when none). */
const char *xm_service_name(uint8_t proto, uint16_t port);

/* The registered service name of a port of protocol proto (/etc/services), NULL when none. */
const char *xm_service_lookup(uint8_t proto, uint16_t port);

/*
 * Write 'in' as the body of a JSON string into out (without quotes):
 * quotes, backslashes and control bytes escaped, invalid UTF-8 bytes as
 * \u00XX. Always NUL-terminates; returns the length that was needed.
 */
size_t xm_json_escape(const char *in, size_t inlen, char *out, size_t outlen);

/*
 * Write 'in' as XML character data, good in attribute values, text and
 * comments alike: & < > " ' as entities, the second '-' of "--" as &#45;,
 * tab, LF and CR as character references, other control bytes, invalid
 * UTF-8 and U+FFFE/U+FFFF (which XML 1.0 cannot carry) as the text \xNN.
 * Same contract as xm_json_escape: NUL-terminated clean prefix, returns the
 * length needed.
 */
size_t xm_xml_escape(const char *in, size_t inlen, char *out, size_t outlen);

/* Text for a terminal or a line-based file: control bytes and invalid UTF-8 become '?'. */
size_t xm_text_sanitize(const char *in, size_t inlen, char *out, size_t outlen);

/* The three escapers above applied to a NUL-terminated string, written to f. */
void xm_json_fputs(FILE *f, const char *s);
void xm_xml_fputs(FILE *f, const char *s);
void xm_text_fputs(FILE *f, const char *s);

/* A (state, reason) group with more ports than this goes into "Not shown" (extraports). */
#define XM_MAX_SHOWN 25

/* The protocols ports are grouped by: a group is (protocol, state, reason). */
enum xm_pslot {
	XM_PSLOT_TCP = 0,
	XM_PSLOT_UDP,
	XM_PSLOTS,
};

/* The group slot of an IPPROTO_* (TCP for anything not UDP). */
static inline int xm_pslot(uint8_t proto)
{
	return proto == 17 /* IPPROTO_UDP */ ? XM_PSLOT_UDP : XM_PSLOT_TCP;
}

/* The IPPROTO_* of a group slot. */
static inline uint8_t xm_pslot_proto(int slot)
{
	return slot == XM_PSLOT_UDP ? 17 : 6;
}

/* The states a port can be reported in, in nmap's order of "Not shown". */
#define XM_STATE_SLOTS (XM_STATE_OPEN_FILTERED + 1)

/*
 * What an unanswered port of protocol 'proto' is: filtered for TCP,
 * open|filtered for UDP (nmap's), with reason no-response.
 */
static inline uint8_t xm_unanswered_state(uint8_t proto)
{
	return xm_pslot(proto) == XM_PSLOT_UDP ? XM_STATE_OPEN_FILTERED : XM_STATE_FILTERED;
}

/*
 * Ports of one host by (protocol, state, reason); the scanned ports without a
 * finding count as xm_unanswered_state()/no-response of their protocol.
 */
struct xm_host_groups {
	size_t count[XM_PSLOTS][XM_STATE_SLOTS][XM_REASON_MAX];
};

void xm_host_groups(const struct xm_finding *h, size_t n, const struct xm_ports *scanned,
		    struct xm_host_groups *g);

/* xm_host_groups() of a report's host: its findings and its counted closed ports (hr->closed). */
void xm_host_report_groups(const struct xm_host_report *hr, const struct xm_ports *scanned,
			   struct xm_host_groups *g);

/* The reason of a closed port of protocol 'proto' the scan counts rather than stores. */
static inline uint8_t xm_closed_reason(uint8_t proto)
{
	return xm_pslot(proto) == XM_PSLOT_UDP ? XM_REASON_PORT_UNREACH : XM_REASON_RESET;
}

/*
 * Whether ports of this group are listed one by one (else counted as not
 * shown). --open keeps open and open|filtered ports, as nmap's does.
 */
bool xm_port_shown(const struct xm_config *cfg, const struct xm_host_groups *g, uint8_t proto,
		   int state, int reason);

/* Ports of (proto, state) that are not shown, and how many (proto, state) pairs have any. */
size_t xm_hidden_in_state(const struct xm_config *cfg, const struct xm_host_groups *g,
			  uint8_t proto, int state);
int xm_hidden_states(const struct xm_config *cfg, const struct xm_host_groups *g);

/* Every port not shown, of all protocols and states. */
size_t xm_hidden_all(const struct xm_config *cfg, const struct xm_host_groups *g);

/*
 * Every scanned port of a host, in order (TCP, then UDP, each by port);
 * unanswered ones as xm_unanswered_state()/no-response of their protocol,
 * with the host's address.
 */
struct xm_port_iter {
	const struct xm_finding *h;
	size_t n, j;		/* the host's findings, next one */
	const struct xm_ports *ports;
	size_t i;		/* next scanned port */
	const struct xm_host_report *hr; /* its counted closed ports; NULL: none */
};

void xm_port_iter_init(struct xm_port_iter *it, const struct xm_finding *h, size_t n,
		       const struct xm_ports *ports);

/* The same over a report's host: its findings, then its counted closed ports as findings. */
void xm_port_iter_host(struct xm_port_iter *it, const struct xm_host_report *hr,
		       const struct xm_ports *ports);
bool xm_port_iter_next(struct xm_port_iter *it, struct xm_finding *out);

/* Port lists written as nmap compresses them: "1-21,23,25-30". */
struct xm_range_writer {
	FILE *f;
	bool open, any;
	uint16_t lo, hi;
};

void xm_ranges_add(struct xm_range_writer *w, uint16_t port);
void xm_ranges_end(struct xm_range_writer *w);

/* The ports of one host in a (proto, state, reason) group, compressed. */
void xm_write_group_ports(FILE *f, const struct xm_finding *h, size_t n,
			  const struct xm_ports *ports, uint8_t proto, int state, int reason);

/* The same of a report's host, its counted closed ports included. */
void xm_write_host_group_ports(FILE *f, const struct xm_host_report *hr,
			       const struct xm_ports *ports, uint8_t proto, int state, int reason);

/* The index past the last finding of the host that starts at all[i]. */
size_t xm_host_end(const struct xm_finding *all, size_t n, size_t i);

/* The finding that says why a host is up: its first open port, else its first reply. */
const struct xm_finding *xm_host_reason(const struct xm_finding *h, size_t n);

/*
 * Why a host of the report is up: discovery's reply, else as xm_host_reason
 * over its findings and counted closed ports (a closed one is returned in
 * storage valid until the next call).
 */
const struct xm_finding *xm_host_why(const struct xm_host_report *hr);

/*
 * Merge the live hosts ('up', sorted; none with -Pn or -sT) and the port
 * findings ('all', sorted) into one report entry per host, in *out (free()).
 * Returns how many, or -1 when out of memory.
 */
ssize_t xm_host_reports(const struct xm_finding *up, size_t nup,
			const struct xm_finding *all, size_t n, struct xm_host_report **out);

/* Whether a host is listed: every live host, but with --open only those with an open port. */
bool xm_host_listed(const struct xm_config *cfg, const struct xm_host_report *hr);

/* Whether a host is reported at all (--open: only hosts with an open port). */
bool xm_host_reported(const struct xm_config *cfg, const struct xm_finding *h, size_t n);

/* Reverse DNS name of a host (NULL with -n or when there is none), looked up once. */
const char *xm_host_name(const struct xm_config *cfg, uint8_t family, const struct xm_addr *addr);
void xm_host_names_free(void);

/* ctime() without the newline: "Sat Nov 28 07:12:07 2026". */
void xm_ctime(double t, char *buf, size_t len);

/* nmap's words: "1 IP address (1 host up) scanned in 0.05 seconds", after "the scan failed; ". */
void xm_done_words(const struct xm_summary *s, char *buf, size_t len);

#endif /* XDPMAP_OUTPUT_H */

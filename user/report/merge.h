/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --merge: shards' -oJ files read back and checked to be the shards of one scan. */
#ifndef XDPMAP_MERGE_H
#define XDPMAP_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "output.h"
#include "ports.h"
#include "results.h"

/* The most shards a merge takes (one flag each is kept). */
#define XM_MERGE_MAX_SHARDS 16777216

/* What the shards' files say, put together. */
struct xm_merge {
	struct xm_results ports;  /* port replies (unanswered "no-response" lines left out) */
	struct xm_results up;	  /* hosts found up by discovery, the lowest shard's record */
	struct xm_results macs;	  /* -Pn: on-link hosts' MACs, from the ARP framing probes */
	/*
	 * --merge-partial: every pair a shard reported, answered or not
	 * (no-response lines included): what the merged shards probed.
	 */
	struct xm_results sent;
	bool partial;
	bool any_up;		  /* a "host":"up" line was read: discovery ran */
	char **argv;		  /* the scan's command line (lowest shard's), owned */
	int argc;
	bool connect_scan;	  /* the shards ran the connect scan ("scan_type") */
	uint64_t seed;
	uint32_t shards;	  /* N: the scan's shard count */
	uint32_t merged;	  /* shards read */
	bool *have;		  /* have[i]: shard i (0-based) was read; 'shards' entries */
	double start, end;	  /* earliest start, latest end (wall clock) */
	double sending;		  /* the shards' seconds of sending, added */
	uint64_t probes, lost;	  /* added */
	bool failed;		  /* a shard's summary says "exit":"error" */
	char **run_argv;	  /* the merged report's command line (xm_merge_parse), freed */
};

/*
 * Read the -oJ files (at least one) of a sharded scan into m. Refused, with
 * one line naming the file in err: an unreadable file, a line that does not
 * parse or is cut (no newline), no summary line or text after it, a summary
 * without the shard metadata (seed, shard, shards, scan_id, argv), -sV
 * service lines, more than XM_MERGE_MAX_SHARDS shards, a file of another scan (scan_id or seed differ from the
 * first file's), a shard read twice, and, unless 'partial', a shard of
 * 0..N-1 missing. Returns 0, or -1 (m freed). Free with xm_merge_free().
 */
int xm_merge_load(struct xm_merge *m, char *const *files, size_t nfiles, bool partial,
		  char *err, size_t errlen);

/*
 * Read one -oJ file's lines from 'text' (text[len] need not be NUL) into
 * m as shard file 'name' (no cross-file checks; m zeroed first by the
 * caller, m->merged counts the files). For the fuzzer and unit tests;
 * same refusals as xm_merge_load for one file. Returns 0 or -1.
 */
int xm_merge_text(struct xm_merge *m, const char *name, const char *text, size_t len,
		  char *err, size_t errlen);

void xm_merge_free(struct xm_merge *m);

/* Whether the merged shards are not the whole scan (one missing, or failed). */
bool xm_merge_incomplete(const struct xm_merge *m);

/*
 * Fill hosts[k].scanned with the ports of 'ports' that 'sent' holds for the
 * host (walk.h's layout: free with xm_walk_scope_free). Returns 0 or -1 (ENOMEM).
 */
int xm_merge_scope(const struct xm_results *sent, const struct xm_ports *ports,
		   struct xm_host_report *hosts, size_t n);

#endif /* XDPMAP_MERGE_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The progress line on a terminal's stderr and nmap's --stats-every status lines. */
#ifndef XDPMAP_PROGRESS_H
#define XDPMAP_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct xm_status;

struct xm_progress {
	bool draw;		/* stderr is a terminal: keep one line refreshed with \r */
	double stats_every;	/* --stats-every, seconds; 0 = never */
	FILE *stats_out;	/* where the "Stats:" lines go */
	uint64_t total;		/* probes of the first pass (retries come on top) */
	double wait_s;		/* --wait, part of the time left once all is sent */
	double start;		/* CLOCK_MONOTONIC seconds at init */
	double next_draw, next_stats;
	double rate;		/* probes per second, smoothed */
	double rate_t;		/* when 'rate' was last updated; 0 = not yet */
	uint64_t rate_sent;	/* probes sent at rate_t */
	double sent_all_t;	/* when the first pass was all sent; 0 = not yet */
	uint64_t sent, found, open;
	bool shown;		/* a progress line is on the terminal now */
	bool finished;
	const char *phase;	/* nmap's name of the running phase ("SYN Stealth Scan") */
	struct xm_status *status; /* --status-updates-file, fed by every tick; NULL = none */
};

/* Minimum time between two redraws of the progress line. */
#define XM_PROGRESS_PERIOD 0.25

void xm_progress_init(struct xm_progress *p, bool draw, double stats_every,
		      FILE *stats_out, uint64_t total, double wait_s);

/*
 * Called by the scan engine after every batch it sends and while it waits
 * for replies: probes sent so far (retries included), the planned total of
 * the first pass (0 = the one given to init) and the replies recorded so far.
 * Cheap: it reads CLOCK_MONOTONIC and redraws at most 4 times a second.
 * p == NULL does nothing. Not thread-safe: call it from one thread.
 */
void xm_progress_tick(struct xm_progress *p, uint64_t probes_sent, uint64_t probes_total,
		      uint64_t found);

/* A new finding (enum xm_state): open ones are counted for the line. */
void xm_progress_finding(struct xm_progress *p, int state);

/* Erase the line before other output reaches the terminal; the next tick redraws it. */
void xm_progress_clear(struct xm_progress *p);

/* Erase the line for good: no more drawing or stats. */
void xm_progress_finish(struct xm_progress *p);

/* The progress line's text at monotonic time 'now' (for the terminal and for tests). */
void xm_progress_format(struct xm_progress *p, double now, char *buf, size_t len);

/* nmap's two --stats-every lines at monotonic time 'now'. */
void xm_progress_stats(struct xm_progress *p, double now, FILE *f);

/* "0:00:05" */
void xm_hms(double seconds, char *buf, size_t len);

#endif /* XDPMAP_PROGRESS_H */

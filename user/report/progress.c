// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The progress line (stderr, terminals only, refreshed in place) and --stats-every lines. */
#include <math.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "interactive.h"
#include "output.h"
#include "progress.h"
#include "research.h"

void xm_hms(double seconds, char *buf, size_t len)
{
	unsigned long s = seconds > 0 && seconds < 1e9 ? (unsigned long)(seconds + 0.5) : 0;

	snprintf(buf, len, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

void xm_progress_init(struct xm_progress *p, bool draw, double stats_every,
		      FILE *stats_out, uint64_t total, double wait_s)
{
	*p = (struct xm_progress){ .draw = draw, .stats_every = stats_every,
				   .stats_out = stats_out, .total = total, .wait_s = wait_s,
				   .start = xm_now_mono() };
	p->next_draw = p->start;
	p->next_stats = p->start + stats_every;
}

/* Probes per second over the last period, smoothed. */
static void update_rate(struct xm_progress *p, double now)
{
	double dt = now - p->rate_t, inst;

	if (!p->rate_t) {
		p->rate_t = now;
		p->rate_sent = p->sent;
		return;
	}
	/* Once everything is sent the rate stays that of the sending. */
	if (dt < 0.1 || p->sent <= p->rate_sent || p->sent_all_t > 0)
		return;
	inst = (double)(p->sent - p->rate_sent) / dt;
	p->rate = p->rate > 0 ? 0.6 * p->rate + 0.4 * inst : inst;
	p->rate_t = now;
	p->rate_sent = p->sent;
}

static double percent(const struct xm_progress *p)
{
	if (!p->total)
		return 0;
	return fmin(100.0, 100.0 * (double)p->sent / (double)p->total);
}

/* Seconds left, or -1 when unknown. */
static double remaining(const struct xm_progress *p, double now)
{
	if (p->sent_all_t > 0)
		return fmax(0, p->wait_s - (now - p->sent_all_t));
	if (p->rate <= 0 || p->sent > p->total)
		return -1;
	return (double)(p->total - p->sent) / p->rate + p->wait_s;
}

void xm_progress_format(struct xm_progress *p, double now, char *buf, size_t len)
{
	double left = remaining(p, now);
	char eta[32] = "?";

	if (left >= 0)
		xm_hms(left, eta, sizeof(eta));
	if (p->sent_all_t > 0) {
		snprintf(buf, len, "Progress: %.2f%% done, %llu probes, waiting %s for replies, %llu open",
			 percent(p), (unsigned long long)p->sent, eta,
			 (unsigned long long)p->open);
		return;
	}
	snprintf(buf, len, "Progress: %.2f%% done, %llu/%llu probes, %.0f/s, ETA %s, %llu open",
		 percent(p), (unsigned long long)p->sent, (unsigned long long)p->total, p->rate,
		 eta, (unsigned long long)p->open);
}

/* Columns of the terminal on stderr (80 when unknown). */
static size_t term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

static void draw(struct xm_progress *p, double now)
{
	char line[256];
	size_t cols = term_cols();

	xm_progress_format(p, now, line, sizeof(line));
	if (strlen(line) >= cols) /* a wrapped line could not be redrawn in place */
		line[cols - 1] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	p->shown = true;
}

static const char *phase_name(const struct xm_progress *p)
{
	return p->phase ? p->phase : "SYN Stealth Scan";
}

void xm_progress_stats(struct xm_progress *p, double now, FILE *f)
{
	double left = remaining(p, now);
	char elapsed[32], rem[32], etc[16] = "?";
	time_t at;
	struct tm tm;

	xm_hms(now - p->start, elapsed, sizeof(elapsed));
	fprintf(f, "Stats: %s elapsed; %llu of %llu probes sent (%.0f/s); %llu open port%s found\n",
		elapsed, (unsigned long long)p->sent, (unsigned long long)p->total, p->rate,
		(unsigned long long)p->open, p->open == 1 ? "" : "s");
	if (left < 0) {
		fprintf(f, "%s Timing: About %.2f%% done\n", phase_name(p), percent(p));
		return;
	}
	xm_hms(left, rem, sizeof(rem));
	at = (time_t)(xm_now_wall() + left);
	if (localtime_r(&at, &tm))
		strftime(etc, sizeof(etc), "%H:%M", &tm);
	fprintf(f, "%s Timing: About %.2f%% done; ETC: %s (%s remaining)\n", phase_name(p),
		percent(p), etc, rem);
}

void xm_progress_tick(struct xm_progress *p, uint64_t probes_sent, uint64_t probes_total,
		      uint64_t found)
{
	double now;

	if (!p || p->finished)
		return;
	p->sent = probes_sent;
	p->found = found;
	xm_keys_poll(p);
	if (probes_total)
		p->total = probes_total;
	xm_status_tick(p->status, probes_sent, found, p->open);
	if (!p->draw && p->stats_every <= 0)
		return;
	now = xm_now_mono();
	if (!p->sent_all_t && p->total && p->sent >= p->total)
		p->sent_all_t = now;
	if (p->draw && now >= p->next_draw) {
		update_rate(p, now);
		draw(p, now);
		p->next_draw = now + XM_PROGRESS_PERIOD;
	}
	if (p->stats_every > 0 && now >= p->next_stats) {
		update_rate(p, now);
		xm_progress_clear(p);
		xm_progress_stats(p, now, p->stats_out);
		fflush(p->stats_out);
		p->next_stats = now + p->stats_every;
	}
}

void xm_progress_finding(struct xm_progress *p, int state)
{
	if (p && state == XM_STATE_OPEN)
		p->open++;
}

void xm_progress_clear(struct xm_progress *p)
{
	if (!p || !p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = false;
	p->next_draw = 0; /* redraw at the next tick */
}

void xm_progress_finish(struct xm_progress *p)
{
	if (!p)
		return;
	xm_progress_clear(p);
	p->finished = true;
}

/* The progress line as an output: counts findings, erases the line before the report. */
static int progress_open(struct xm_output *o, const char *path, char *err, size_t errlen)
{
	return 0;
}

static void progress_finding(struct xm_output *o, const struct xm_finding *f)
{
	xm_progress_finding(o->cfg->progress, f->state);
}

static void progress_report(struct xm_output *o, const struct xm_finding *all, size_t n,
			    const struct xm_summary *s)
{
	xm_progress_finish(o->cfg->progress);
	o->reported = true;
}

static void progress_close(struct xm_output *o)
{
	xm_progress_finish(o->cfg->progress);
}

const struct xm_output_ops xm_output_progress = {
	.name = "progress",
	.open = progress_open,
	.finding = progress_finding,
	.report = progress_report,
	.close = progress_close,
	.streams = true,
};

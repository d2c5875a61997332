// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* --status-updates-file: a CSV line per second of probes sent, replies, drops and rates. */
#include <string.h>
#include "clock.h"
#include "output.h"
#include "research.h"

int xm_status_open(struct xm_status *st, const char *path, char *err, size_t errlen)
{
	char why[400];

	*st = (struct xm_status){ .start = xm_now_mono() };
	st->f = xm_output_fopen(path, why, sizeof(why));
	if (!st->f) {
		snprintf(err, errlen, "--status-updates-file: %s", why);
		return -1;
	}
	st->next = st->start + 1.0;
	st->last_t = st->start;
	fprintf(st->f, "%s\n", XM_STATUS_HEADER);
	fflush(st->f);
	return 0;
}

static void write_line(struct xm_status *st, double now)
{
	double dt = now - st->last_t;
	uint64_t drops = st->drops ? st->drops(st->drops_ctx) : st->drops_seen;

	fprintf(st->f, "%.3f,%.3f,%llu,%llu,%llu,%llu,%.0f,%.6f\n", xm_now_wall(),
		now - st->start, (unsigned long long)st->sent, (unsigned long long)st->received,
		(unsigned long long)st->open, (unsigned long long)drops,
		dt > 0 ? (double)(st->sent - st->last_sent) / dt : 0.0,
		st->sent ? (double)st->open / (double)st->sent : 0.0);
	fflush(st->f);
	st->drops_seen = drops;
	st->last_t = now;
	st->last_sent = st->sent;
}

void xm_status_tick(struct xm_status *st, uint64_t sent, uint64_t received, uint64_t open)
{
	double now;

	if (!st || !st->f)
		return;
	st->sent = sent;
	st->received = received;
	st->open = open;
	now = xm_now_mono();
	if (now < st->next)
		return;
	write_line(st, now);
	st->next = now + 1.0;
}

void xm_status_close(struct xm_status *st)
{
	if (!st || !st->f)
		return;
	write_line(st, xm_now_mono());
	if (st->f != stdout)
		fclose(st->f);
	else
		fflush(st->f);
	st->f = NULL;
}

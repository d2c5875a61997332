// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Keys typed during a scan (stdin a terminal): verbosity, debugging, packet trace, status. */
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include "clock.h"
#include "interactive.h"
#include "log.h"
#include "packet_trace.h"
#include "progress.h"

/* How often the terminal is read at most, seconds. */
#define XM_KEYS_PERIOD 0.1

static struct xm_config *keys_cfg;
static struct termios saved;
static bool active;
static double next_poll;

void xm_keys_start(struct xm_config *cfg)
{
	struct termios raw;

	if (active || !isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp() ||
	    tcgetattr(STDIN_FILENO, &saved))
		return;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw))
		return;
	keys_cfg = cfg;
	active = true;
	atexit(xm_keys_stop);
}

bool xm_keys_active(void)
{
	return active;
}

void xm_keys_stop(void)
{
	if (!active)
		return;
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	active = false;
}

/* The log level that -v and -d counts give (as cli.c sets them). */
static void set_log_level(const struct xm_config *cfg)
{
	xm_log_level = cfg->debug ? XM_LOG_DEBUG : cfg->verbose ? XM_LOG_INFO : XM_LOG_WARN;
}

static void on_key(struct xm_progress *p, char key, double now)
{
	struct xm_config *cfg = keys_cfg;

	xm_progress_clear(p);
	if (key == 'v' || (key == 'V' && cfg->verbose > 0)) {
		cfg->verbose += key == 'v' ? 1 : -1;
		printf("Verbosity %s to %d.\n", key == 'v' ? "Increased" : "Decreased",
		       cfg->verbose);
	} else if (key == 'd' || (key == 'D' && cfg->debug > 0)) {
		cfg->debug += key == 'd' ? 1 : -1;
		printf("Debugging %s to %d.\n", key == 'd' ? "Increased" : "Decreased",
		       cfg->debug);
	} else if (key == 'p' || key == 'P') {
		xm_trace_set(key == 'p');
		printf("Packet Tracing %s.\n", key == 'p' ? "enabled" : "disabled");
	} else if (key != 'V' && key != 'D') {
		if (p)
			xm_progress_stats(p, now, stdout);
		else
			printf("Stats: %.0f seconds elapsed\n", xm_now_wall() - cfg->start_time);
	}
	set_log_level(cfg);
	fflush(stdout);
}

void xm_keys_poll(struct xm_progress *p)
{
	double now;
	char buf[16];
	ssize_t n, i;

	if (!active)
		return;
	now = xm_now_mono();
	if (now < next_poll)
		return;
	next_poll = now + XM_KEYS_PERIOD;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	for (i = 0; i < n; i++)
		if (buf[i] != '\n' && buf[i] != '\r')
			on_key(p, buf[i], now);
}

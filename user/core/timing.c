// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nmap's timing templates (-T0..-T5) and the checks between the timing options. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "config.h"
#include "timing.h"

/* One -T level, as nmap's man page gives it ("Timing templates"); times in seconds. */
struct timing_template {
	const char *name;
	double initial_rtt, min_rtt, max_rtt;
	double scan_delay, max_scan_delay, host_timeout;
	int retries;
	int max_parallelism; /* 0 = as the engine decides */
};

static const struct timing_template templates[] = {
	{ "paranoid", 300, 0.1, 10, 300, 1, 0, 10, 1 },
	{ "sneaky", 15, 0.1, 10, 15, 1, 0, 10, 1 },
	{ "polite", 1, 0.1, 10, 0.4, 1, 0, 10, 1 },
	{ "normal", 1, 0.1, 10, 0, 1, 0, 10, 0 },
	{ "aggressive", 0.5, 0.1, 1.25, 0, 0.010, 0, 6, 0 },
	{ "insane", 0.25, 0.05, 0.3, 0, 0.005, 900, 2, 0 },
};

#define NTEMPLATES (int)(sizeof(templates) / sizeof(templates[0]))

int xm_timing_level(const char *s)
{
	int i;

	if (s[0] >= '0' && s[0] < '0' + NTEMPLATES && !s[1])
		return s[0] - '0';
	for (i = 0; i < NTEMPLATES; i++)
		if (!strcasecmp(s, templates[i].name))
			return i;
	return -1;
}

static void apply_template(struct xm_config *cfg, unsigned set)
{
	const struct timing_template *t = &templates[cfg->timing];

	if (!(set & XM_SET_INITIAL_RTT))
		cfg->initial_rtt_timeout = t->initial_rtt;
	if (!(set & XM_SET_MIN_RTT))
		cfg->min_rtt_timeout = t->min_rtt;
	if (!(set & XM_SET_MAX_RTT))
		cfg->max_rtt_timeout = t->max_rtt;
	if (!(set & XM_SET_SCAN_DELAY))
		cfg->scan_delay = t->scan_delay;
	if (!(set & XM_SET_MAX_SCAN_DELAY))
		cfg->max_scan_delay = t->max_scan_delay;
	if (!(set & XM_SET_HOST_TIMEOUT))
		cfg->host_timeout = t->host_timeout;
	/* Without -T the retries keep this scanner's default (1), not nmap's 10. */
	if ((set & XM_SET_TIMING) && !(set & XM_SET_RETRIES))
		cfg->max_retries = t->retries;
	if ((set & XM_SET_TIMING) && !(set & XM_SET_PARALLELISM) && t->max_parallelism)
		cfg->max_parallelism = t->max_parallelism;
}

/*
 * min <= initial <= max for the round-trip timeouts. Explicit values win;
 * a template's initial timeout widens the template's bounds, as nmap's
 * -T0 (initial 5 min) raises its 10 s maximum.
 */
static int resolve_rtt(struct xm_config *cfg, unsigned set, char *err, size_t errlen)
{
	bool min_set = set & XM_SET_MIN_RTT, max_set = set & XM_SET_MAX_RTT;
	double *init = &cfg->initial_rtt_timeout;

	if (cfg->min_rtt_timeout > cfg->max_rtt_timeout) {
		if (min_set && max_set) {
			snprintf(err, errlen,
				 "--min-rtt-timeout (%gs) is above --max-rtt-timeout (%gs)",
				 cfg->min_rtt_timeout, cfg->max_rtt_timeout);
			return -1;
		}
		if (min_set)
			cfg->max_rtt_timeout = cfg->min_rtt_timeout;
		else
			cfg->min_rtt_timeout = cfg->max_rtt_timeout;
	}
	if ((set & XM_SET_INITIAL_RTT) && min_set && *init < cfg->min_rtt_timeout) {
		snprintf(err, errlen,
			 "--initial-rtt-timeout (%gs) is below --min-rtt-timeout (%gs)",
			 *init, cfg->min_rtt_timeout);
		return -1;
	}
	if ((set & XM_SET_INITIAL_RTT) && max_set && *init > cfg->max_rtt_timeout) {
		snprintf(err, errlen,
			 "--initial-rtt-timeout (%gs) is above --max-rtt-timeout (%gs)",
			 *init, cfg->max_rtt_timeout);
		return -1;
	}
	if (min_set && *init < cfg->min_rtt_timeout)
		*init = cfg->min_rtt_timeout;
	if (max_set && *init > cfg->max_rtt_timeout)
		*init = cfg->max_rtt_timeout;
	if (*init < cfg->min_rtt_timeout)
		cfg->min_rtt_timeout = *init;
	if (*init > cfg->max_rtt_timeout)
		cfg->max_rtt_timeout = *init;
	return 0;
}

/* --scan-delay <= --max-scan-delay and --min-rate <= --max-rate. */
static int resolve_pace(struct xm_config *cfg, unsigned set, char *err, size_t errlen)
{
	const unsigned delays = XM_SET_SCAN_DELAY | XM_SET_MAX_SCAN_DELAY;
	const unsigned rates = XM_SET_MIN_RATE | XM_SET_MAX_RATE;

	if (cfg->scan_delay > cfg->max_scan_delay) {
		if ((set & delays) == delays) {
			snprintf(err, errlen, "--scan-delay (%gs) is above --max-scan-delay (%gs)",
				 cfg->scan_delay, cfg->max_scan_delay);
			return -1;
		}
		if (set & XM_SET_MAX_SCAN_DELAY)
			cfg->scan_delay = cfg->max_scan_delay;
		else
			cfg->max_scan_delay = cfg->scan_delay;
	}
	if (cfg->min_rate > cfg->max_rate) {
		if ((set & rates) == rates) {
			snprintf(err, errlen, "--min-rate (%g) is above --max-rate (%g)",
				 cfg->min_rate, cfg->max_rate);
			return -1;
		}
		cfg->max_rate = cfg->min_rate; /* only the default --max-rate was below */
	}
	return 0;
}

int xm_timing_resolve(struct xm_config *cfg, unsigned set, char *err, size_t errlen)
{
	apply_template(cfg, set);
	if (resolve_rtt(cfg, set, err, errlen) || resolve_pace(cfg, set, err, errlen))
		return -1;
	return 0;
}

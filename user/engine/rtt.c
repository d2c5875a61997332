// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* RFC 6298 round-trip estimation for retry spacing and the final wait. */
#include <math.h>
#include "config.h"
#include "rtt.h"

void xm_rtt_init(struct xm_rtt *r, double initial, double min, double max)
{
	*r = (struct xm_rtt){ .initial = initial, .min = min, .max = max };
}

void xm_rtt_sample(struct xm_rtt *r, double rtt)
{
	if (!(rtt > 0) || rtt > 3600)
		return;
	if (!r->samples) {
		r->srtt = rtt;
		r->rttvar = rtt / 2;
	} else {
		r->rttvar = 0.75 * r->rttvar + 0.25 * fabs(r->srtt - rtt);
		r->srtt = 0.875 * r->srtt + 0.125 * rtt;
	}
	r->samples++;
}

double xm_rtt_timeout(const struct xm_rtt *r)
{
	double t = r->samples ? r->srtt + 4 * r->rttvar : r->initial;

	return fmin(r->max, fmax(r->min, t));
}

double xm_send_rate(const struct xm_config *cfg)
{
	double rate = cfg->max_rate;

	if (cfg->scan_delay > 0)
		rate = fmin(rate, 1.0 / cfg->scan_delay);
	return fmax(rate, cfg->min_rate);
}

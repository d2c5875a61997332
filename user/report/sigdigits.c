// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Plain decimal with a fixed count of significant digits (nmap's latency format). */
#include <math.h>
#include <stdio.h>
#include "sigdigits.h"

char *xm_sigdigits(char *buf, size_t len, double v, int digits)
{
	int decimals;
	double rounded;

	if (!(v > 0) || !isfinite(v)) {
		snprintf(buf, len, "0");
		return buf;
	}
	/* Round first: 0.0999 at 2 digits is 0.10, whose exponent is one higher. */
	decimals = digits - 1 - (int)floor(log10(v));
	rounded = round(v * pow(10, decimals)) / pow(10, decimals);
	decimals = digits - 1 - (int)floor(log10(rounded));
	snprintf(buf, len, "%.*f", decimals > 0 ? decimals : 0, rounded);
	return buf;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Notices about what the command line chose, printed once before a scan starts. */
#include "cli_users.h"
#include "log.h"

void xm_cli_notices(const struct xm_config *cfg)
{
	if (cfg->sport_lo && cfg->sport_lo == cfg->sport_hi && !cfg->connect_scan)
		pr_warn("source port %u for every probe: retries reuse it, so a target that "
			"kept state from the first try may not answer again\n", cfg->sport_lo);
}

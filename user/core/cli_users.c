// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Notices about what the command line chose, printed once before a scan starts. */
#include "cli_users.h"
#include "log.h"

void xm_cli_notices(const struct xm_config *cfg)
{
	if (cfg->sport_lo && cfg->sport_lo == cfg->sport_hi && !cfg->connect_scan)
		pr_warn("source port %u for every probe: retries reuse it, so a target that "
			"kept state from the first try may not answer again\n", cfg->sport_lo);
	if (cfg->blocklist_used[0] && cfg->random_targets)
		pr_warn("blocklist %s: %llu random draws fell in it and were drawn again\n",
			cfg->blocklist_used, (unsigned long long)cfg->blocklisted);
	else if (cfg->blocklist_used[0])
		pr_warn("blocklist %s: removed %llu of %llu addresses%s\n", cfg->blocklist_used,
			(unsigned long long)cfg->blocklisted,
			(unsigned long long)(cfg->blocklisted + cfg->targets.count),
			cfg->blocklist ? "" : " (--no-blocklist keeps them)");
}

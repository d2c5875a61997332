// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Notices about what the command line chose, printed once before a scan starts. */
#include "cli_users.h"
#include "log.h"
#include "ports.h"

/* -p's T: or U: items that no scan type asked for are left out: say which option scans them. */
static void ports_left_out(const struct xm_config *cfg)
{
	int named = cfg->ports_spec ? xm_ports_prefixes(cfg->ports_spec) : 0;
	bool tcp = cfg->syn_scan || cfg->connect_scan || !cfg->udp_scan;

	if ((named & XM_PORTS_UDP) && !cfg->udp_scan)
		pr_warn("-p %s: the U: ports are left out: UDP needs -sU (with -sS for the "
			"T: ones)\n", cfg->ports_spec);
	if ((named & XM_PORTS_TCP) && !tcp)
		pr_warn("-p %s: the T: ports are left out: TCP needs -sS (with -sU)\n",
			cfg->ports_spec);
}

void xm_cli_notices(const struct xm_config *cfg)
{
	ports_left_out(cfg);
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

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Notices about what the command line chose, printed once before a scan starts. */
#ifndef XDPMAP_CLI_USERS_H
#define XDPMAP_CLI_USERS_H

#include "config.h"

/*
 * One line on stderr for each choice the user should know the effect of:
 * a single --source-port (-g) is reused by every retry; how many addresses
 * the blocklist removed; -p's T: or U: ports that no scan type asked for.
 */
void xm_cli_notices(const struct xm_config *cfg);

#endif /* XDPMAP_CLI_USERS_H */

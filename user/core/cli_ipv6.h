/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The command line's IPv6 rules: -6 and the targets' family agree, options that need IPv4. */
#ifndef XDPMAP_CLI_IPV6_H
#define XDPMAP_CLI_IPV6_H

#include <stddef.h>
#include "config.h"

/*
 * After the targets are finalized: -6 with IPv4 targets or IPv6 targets
 * without -6, -6 with options the IPv6 scan does not take (-S, -P*,
 * --send-rst), and -6 with an interface (-e) that has no IPv6 address are
 * refused. Returns 0, or -1 with one line in err.
 */
int xm_cli_check_family(const struct xm_config *cfg, char *err, size_t errlen);

#endif /* XDPMAP_CLI_IPV6_H */

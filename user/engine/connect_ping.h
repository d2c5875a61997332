/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sn without privileges: nmap's unprivileged host discovery, connect() to ports 80 and 443. */
#ifndef XDPMAP_CONNECT_PING_H
#define XDPMAP_CONNECT_PING_H

#include <stddef.h>
#include "config.h"
#include "output.h"

/*
 * Host discovery with connect(): a target is up when a connect() to port 80
 * or 443 succeeds (syn-ack) or is refused (conn-refused), as nmap -sn does
 * without privileges. Writes the -sn report to the outputs (no ports).
 * Returns 0, or -1 after printing one error line.
 */
int xm_connect_ping(const struct xm_config *cfg, struct xm_output *outs, size_t nouts);

#endif /* XDPMAP_CONNECT_PING_H */

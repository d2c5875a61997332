/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sn without privileges: nmap's unprivileged host discovery, connect() to ports 80 and 443. */
#ifndef XDPMAP_CONNECT_PING_H
#define XDPMAP_CONNECT_PING_H

#include <stddef.h>
#include "config.h"
#include "output.h"

/*
 * -sn by connect(): each target is tried on TCP 80 and 443; a host that
 * accepts or refuses either is up (reason syn-ack or conn-refused), the
 * others are down. Drops privileges first; writes the -sn report to the
 * outputs. Returns 0, or -1 after printing one error line.
 */
int xm_connect_ping(const struct xm_config *cfg, struct xm_output *outs, size_t nouts);

#endif /* XDPMAP_CONNECT_PING_H */

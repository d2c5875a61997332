/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The UDP scan's options: the default payload (--data, --data-string, --data-length). */
#ifndef XDPMAP_UDP_OPTS_H
#define XDPMAP_UDP_OPTS_H

#include <stddef.h>
#include "config.h"
#include "udp_payload.h"

/* The largest UDP payload a probe carries: an Ethernet frame of 1514 bytes. */
#define XM_UDP_PAYLOAD_MAX XM_UDP_PAYLOAD_BYTES

/*
 * --data <hex> (an even number of hex digits, optionally "0x"-prefixed or
 * with "\x" before each byte), --data-string <text> or --data-length <n>
 * (n random bytes): set cfg->udp_data, replacing an earlier one. Returns 0,
 * or -1 with a one-line reason naming the option in 'err'.
 */
int xm_udp_data_option(struct xm_config *cfg, const char *name, const char *arg, char *err,
		       size_t errlen);

#endif /* XDPMAP_UDP_OPTS_H */

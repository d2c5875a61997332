/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sV probe order for one port: its ports/sslports hints first, then the rarities. */
#ifndef XDPMAP_SVC_SCHEDULE_H
#define XDPMAP_SVC_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>
#include "service_db.h"

/* Probes run at once on separate connections for one port (the NULL probe's lane included). */
#define XM_SVC_LANES 5

/*
 * The probes of protocol 'proto' (IPPROTO_TCP or IPPROTO_UDP: a port gets only its own
 * protocol's probes) to try on 'port' after the NULL probe, most likely first, into out
 * (room for db->n entries); returns how many. 'in_tls': the port speaks TLS (a handshake succeeded),
 * so sslports hints count and the TLS probe is left out. Order: probes whose (ssl)ports list
 * the port, the TLS probe first among them (also when only some sslports line lists the
 * port); then the others allowed by 'intensity' (rarity <= intensity), by rarity; the file's
 * order breaks ties. NULL (index 0) is never in the list.
 */
int xm_svc_order(const struct xm_svc_db *db, uint8_t proto, uint16_t port, bool in_tls,
		 int intensity, int *out);

#endif /* XDPMAP_SVC_SCHEDULE_H */

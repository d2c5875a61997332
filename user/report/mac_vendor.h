/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* MAC addresses of on-link hosts and their vendors (the IEEE OUI registry of ieee-data). */
#ifndef XDPMAP_MAC_VENDOR_H
#define XDPMAP_MAC_VENDOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "output.h"

/* The IEEE registry as Debian's ieee-data installs it ($XDPMAP_OUI overrides). */
#define XM_OUI_PATH "/usr/share/ieee-data/oui.txt"

/*
 * The organisation the IEEE assigned the MAC's 24-bit prefix (OUI) to,
 * read once from XM_OUI_PATH: "Unknown" when the registry has none (a
 * locally administered address, say), NULL when the registry cannot be read.
 */
const char *xm_mac_vendor(const uint8_t mac[6]);

/*
 * Whether the host's MAC is known (an ARP reply); if so and buf is not NULL,
 * "AA:BB:CC:DD:EE:FF" into buf (18 bytes).
 */
bool xm_host_mac(const struct xm_host_report *hr, char *buf, size_t len);

/* -oN: nmap's "MAC Address: AA:BB:... (Vendor)" line, nothing when the MAC is unknown. */
void xm_mac_write_normal(FILE *f, const struct xm_host_report *hr);

/* -oX: <address addr=".." addrtype="mac" vendor=".."/> (vendor when known). */
void xm_mac_write_xml(FILE *f, const struct xm_host_report *hr);

/* -oJ: "mac":"..","vendor":"..", (each with its comma) inside a live host's object. */
void xm_mac_write_json(FILE *f, const struct xm_finding *up);

/* Release the registry read by xm_mac_vendor(). */
void xm_mac_vendors_free(void);

#endif /* XDPMAP_MAC_VENDOR_H */

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* MAC addresses in every format, with the vendor from the IEEE OUI registry (ieee-data). */
#include <stdlib.h>
#include <string.h>
#include "mac_vendor.h"

/* One registry entry: a 24-bit prefix and its organisation. */
struct oui {
	uint32_t prefix;
	char *name;
};

static struct oui *ouis;
static size_t nouis;
static bool loaded, readable;

static int cmp_oui(const void *a, const void *b)
{
	uint32_t x = ((const struct oui *)a)->prefix, y = ((const struct oui *)b)->prefix;

	return x < y ? -1 : x > y;
}

/* "00-22-72   (hex)\t\tAmerican Micro-Fuel Device Corp.": 1 with an entry, else 0. */
static int parse_oui_line(char *line, struct oui *out)
{
	unsigned a, b, c;
	char *name = strstr(line, "(hex)");

	if (!name || sscanf(line, "%2x-%2x-%2x", &a, &b, &c) != 3)
		return 0;
	name += strlen("(hex)");
	name += strspn(name, " \t");
	name[strcspn(name, "\r\n")] = '\0';
	if (!*name)
		return 0;
	out->prefix = a << 16 | b << 8 | c;
	out->name = strdup(name);
	return out->name != NULL;
}

static void load(void)
{
	const char *path = getenv("XDPMAP_OUI");
	char line[512];
	size_t cap = 0;
	struct oui e;
	FILE *f;

	loaded = true;
	f = fopen(path && *path ? path : XM_OUI_PATH, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!parse_oui_line(line, &e))
			continue;
		if (nouis == cap) {
			struct oui *bigger = realloc(ouis, (cap ? cap * 2 : 4096) * sizeof(*ouis));

			if (!bigger) {
				free(e.name);
				break;
			}
			ouis = bigger;
			cap = cap ? cap * 2 : 4096;
		}
		ouis[nouis++] = e;
	}
	fclose(f);
	qsort(ouis, nouis, sizeof(*ouis), cmp_oui);
	readable = nouis > 0;
}

const char *xm_mac_vendor(const uint8_t mac[6])
{
	struct oui key = { .prefix = (uint32_t)mac[0] << 16 | mac[1] << 8 | mac[2] }, *hit;

	if (!loaded)
		load();
	if (!readable)
		return NULL;
	hit = bsearch(&key, ouis, nouis, sizeof(*ouis), cmp_oui);
	return hit ? hit->name : "Unknown";
}

/* The record holding the host's MAC: discovery's ARP reply, else -Pn's; NULL if none. */
static const struct xm_finding *mac_record(const struct xm_host_report *hr)
{
	static const uint8_t zero[6];

	if (hr->up && memcmp(hr->up->mac, zero, 6))
		return hr->up;
	if (hr->arp && memcmp(hr->arp->mac, zero, 6))
		return hr->arp;
	return NULL;
}

bool xm_host_mac(const struct xm_host_report *hr, char *buf, size_t len)
{
	const struct xm_finding *r = mac_record(hr);
	const uint8_t *m;

	if (!r)
		return false;
	m = r->mac;
	if (buf)
		snprintf(buf, len, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2], m[3], m[4],
			 m[5]);
	return true;
}

void xm_mac_write_normal(FILE *f, const struct xm_host_report *hr)
{
	const char *vendor;
	char mac[18];

	if (!xm_host_mac(hr, mac, sizeof(mac)))
		return;
	vendor = xm_mac_vendor(mac_record(hr)->mac);
	fprintf(f, "MAC Address: %s", mac);
	if (vendor) {
		fputs(" (", f);
		xm_text_fputs(f, vendor);
		fputc(')', f);
	}
	fputc('\n', f);
}

void xm_mac_write_xml(FILE *f, const struct xm_host_report *hr)
{
	const char *vendor;
	char mac[18];

	if (!xm_host_mac(hr, mac, sizeof(mac)))
		return;
	vendor = xm_mac_vendor(mac_record(hr)->mac);
	fprintf(f, "<address addr=\"%s\" addrtype=\"mac\"", mac);
	if (vendor) {
		fputs(" vendor=\"", f);
		xm_xml_fputs(f, vendor);
		fputc('"', f);
	}
	fputs("/>\n", f);
}

void xm_mac_write_json(FILE *f, const struct xm_finding *up)
{
	struct xm_host_report hr = { .up = up };
	const char *vendor;
	char mac[18];

	if (!xm_host_mac(&hr, mac, sizeof(mac)))
		return;
	vendor = xm_mac_vendor(up->mac);
	fprintf(f, "\"mac\":\"%s\",", mac);
	if (vendor) {
		fputs("\"vendor\":\"", f);
		xm_json_fputs(f, vendor);
		fputs("\",", f);
	}
}

void xm_mac_vendors_free(void)
{
	size_t i;

	for (i = 0; i < nouis; i++)
		free(ouis[i].name);
	free(ouis);
	ouis = NULL;
	nouis = 0;
	loaded = readable = false;
}

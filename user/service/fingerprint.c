// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Fingerprints of unmatched services: built by the -sV engine, printed after the port table. */
#include <netinet/in.h>
#include <string.h>
#include "fingerprint.h"
#include "service_record.h"
#include "config.h"

/* One escaped byte into out (room for 5); returns its length. */
static size_t escape_byte(uint8_t c, char *out)
{
	static const char from[] = "\r\n\t", to[] = "rnt";
	const char *e = c ? memchr(from, c, 3) : NULL;

	if (!c)
		return (size_t)snprintf(out, 5, "\\0");
	if (e)
		return (size_t)snprintf(out, 5, "\\%c", to[e - from]);
	if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%')
		return (size_t)snprintf(out, 5, "\\x%02x", c);
	out[0] = (char)c;
	out[1] = '\0';
	return 1;
}

void xm_svc_fp_add(char *fp, size_t fplen, const char *probe, const uint8_t *answer,
		   size_t len)
{
	char entry[64 + 4 * XM_SVC_FP_BYTES + 8];
	size_t have = strlen(fp), o, i;

	o = (size_t)snprintf(entry, sizeof(entry), "%%r(%.40s,%zX,\"", probe, len);
	for (i = 0; i < len && i < XM_SVC_FP_BYTES; i++)
		o += escape_byte(answer[i], entry + o);
	o += (size_t)snprintf(entry + o, sizeof(entry) - o, "\")");
	if (have + o + 1 <= fplen)
		memcpy(fp + have, entry, o + 1);
}

size_t xm_svc_fp_text(const struct xm_finding *p, char *buf, size_t len)
{
	int n = snprintf(buf, len, "SF-Port%u-%s:V=%s%s;", (unsigned)p->port,
			 p->proto == IPPROTO_UDP ? "UDP" : "TCP", XDPMAP_VERSION,
			 p->svc->fingerprint);

	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len ? len - 1 : 0;
}

static void print_one(FILE *f, const struct xm_finding *p)
{
	char s[XM_SVC_FP_TEXT_LEN];
	size_t n = xm_svc_fp_text(p, s, sizeof(s)), at = 0, w = 0;

	fputs("==============NEXT SERVICE FINGERPRINT==============\n", f);
	while (at < n) { /* 80 columns; continuation lines start with "SF:" like nmap's */
		size_t take = 80 - w < n - at ? 80 - w : n - at;

		fwrite(s + at, 1, take, f);
		at += take;
		if (at < n) {
			fputs("\nSF:", f);
			w = 3;
		}
	}
	fputc('\n', f);
}

void xm_svc_fp_print(FILE *f, const struct xm_finding *ports, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ports[i].svc && ports[i].svc->fingerprint[0];
	if (!k)
		return;
	fprintf(f, "%zu service%s unrecognized despite returning data. To name %s, write a match "
		"line (xdpmap-service-probes(5)) from:\n", k, k > 1 ? "s" : "",
		k > 1 ? "them" : "it");
	for (i = 0; i < n; i++)
		if (ports[i].svc && ports[i].svc->fingerprint[0])
			print_one(f, &ports[i]);
}

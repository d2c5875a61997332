/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What -sV found on one port, as the outputs read it (no database or engine types). */
#ifndef XDPMAP_SERVICE_RECORD_H
#define XDPMAP_SERVICE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#define XM_SVC_MAX_CPE 4
#define XM_SVC_FIELD_LEN 128
#define XM_SVC_FP_LEN 640	/* an unmatched port's fingerprint, NUL included */

/* What -sV found on one port; every string printable ASCII, NUL-terminated. */
struct xm_service {
	char name[40];		/* "http", "tcpwrapped", "http?" (unmatched: table name + '?') */
	char product[XM_SVC_FIELD_LEN];
	char version[XM_SVC_FIELD_LEN];
	char extrainfo[2 * XM_SVC_FIELD_LEN]; /* with TLS: certificate CN and expiry appended */
	char hostname[XM_SVC_FIELD_LEN];
	char ostype[XM_SVC_FIELD_LEN];
	char devicetype[XM_SVC_FIELD_LEN];
	char cpe[XM_SVC_MAX_CPE][XM_SVC_FIELD_LEN];
	int ncpe;
	const char *tunnel;	/* "ssl" or NULL */
	const char *method;	/* "probed" or "table" */
	int conf;		/* nmap's confidence 0-10 */
	bool answered;		/* a probe got an answer: an open|filtered UDP port is open */
	/* No hard match but answers: %r(PROBE,LEN,"first bytes") per probe, printable ASCII
	 * (xm_svc_fp_add); "" otherwise. */
	char fingerprint[XM_SVC_FP_LEN];
};

/* "SERVICE" column text: "ssl/http", "tcpwrapped", "http?". */
void xm_service_fullname(const struct xm_service *v, char *buf, size_t len);

/* "VERSION" column text: "nginx 1.22.1 (Debian)" from product, version, extrainfo. */
void xm_service_version_str(const struct xm_service *v, char *buf, size_t len);

#endif /* XDPMAP_SERVICE_RECORD_H */

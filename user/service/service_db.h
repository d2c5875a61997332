/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The service-probe database: probes, match/softmatch signatures (PCRE2 JIT) and templates. */
#ifndef XDPMAP_SERVICE_DB_H
#define XDPMAP_SERVICE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "service_record.h"

/* Template fields of a match line, in this order: p v i h o d. */
enum xm_svc_field {
	XM_SVC_PRODUCT = 0,
	XM_SVC_VERSION,
	XM_SVC_INFO,
	XM_SVC_HOSTNAME,
	XM_SVC_OSTYPE,
	XM_SVC_DEVTYPE,
	XM_SVC_NFIELDS,
};


struct xm_svc_match {
	char *service;		/* e.g. "http", "ssh" */
	bool soft;		/* softmatch: the service only, keep probing */
	int line;		/* line number in the database */
	pcre2_code *re;
	char *tmpl[XM_SVC_NFIELDS];  /* NULL when absent */
	char *cpe[XM_SVC_MAX_CPE];
	int ncpe;
};

/* A sorted list of port ranges. */
struct xm_svc_ports {
	uint16_t (*r)[2];
	size_t n;
};

struct xm_svc_probe {
	char *name;
	uint8_t proto;		/* IPPROTO_TCP (connect, then send) or IPPROTO_UDP (one datagram) */
	uint8_t *payload;
	size_t len;
	struct xm_svc_ports ports, sslports;
	int rarity;		/* 1 (always tried) .. 9 (only with --version-all) */
	int wait_ms;		/* how long to wait for the answer */
	bool tls;		/* the TLS handshake probe (done by OpenSSL, payload unused) */
	struct xm_svc_match *m;
	size_t nm;
	int fallback;		/* index of a probe whose matches are tried next, -1 = none */
};

struct xm_svc_db {
	struct xm_svc_probe *p;
	size_t n;
	pcre2_match_context *mctx; /* match limits against pathological patterns */
};

/* What a signature says about a service; every field NUL-terminated, printable ASCII. */
struct xm_svc_info {
	char service[32];
	char f[XM_SVC_NFIELDS][XM_SVC_FIELD_LEN];
	char cpe[XM_SVC_MAX_CPE][XM_SVC_FIELD_LEN];
	int ncpe;
	bool soft;
	int line;		/* the database line that matched */
};

/*
 * Parse a database held in memory. Returns 0, or -1 with "file:line: reason" in err.
 * 'name' is used in error messages only.
 */
int xm_svc_db_parse(struct xm_svc_db *db, const char *text, size_t len, const char *name,
		    char *err, size_t errlen);

/* Read and parse a database file. */
int xm_svc_db_load(struct xm_svc_db *db, const char *path, char *err, size_t errlen);

/*
 * Add the directives of 'text' (named 'name' in errors) to a parsed database: new probes are
 * appended, "probe NAME" without a payload re-opens probe NAME so that the lines after it add
 * match lines to it. Returns 0, or -1 with "name:line: reason" in err (db stays freeable).
 */
int xm_svc_db_add(struct xm_svc_db *db, const char *text, size_t len, const char *name,
		  char *err, size_t errlen);

/* xm_svc_db_add() with the contents of the file 'path' (--versiondb). */
int xm_svc_db_load_extra(struct xm_svc_db *db, const char *path, char *err, size_t errlen);

/* The database path: $XDPMAP_SERVICE_PROBES, data/ next to the binary, or the install dir. */
const char *xm_svc_db_default_path(char *buf, size_t len);

void xm_svc_db_free(struct xm_svc_db *db);

/* Index of the probe called 'name', -1 if none. */
int xm_svc_db_find(const struct xm_svc_db *db, const char *name);

/* Whether 'port' is in the list. */
bool xm_svc_ports_has(const struct xm_svc_ports *p, uint16_t port);

/*
 * Match 'resp' against probe 'pi' (then its fallback, then the NULL probe for a TCP
 * probe: UDP servers never speak first, so NULL's lines do not apply to their answers).
 * Returns 2 for a hard match, 1 for a soft match, 0 for none; fills *out.
 * 'md' is scratch match data from pcre2_match_data_create(XM_SVC_OVECTOR, NULL).
 */
#define XM_SVC_OVECTOR 16
int xm_svc_db_match(const struct xm_svc_db *db, size_t pi, const uint8_t *resp, size_t len,
		    pcre2_match_data *md, struct xm_svc_info *out);

/* Whether any hard match of probe 'pi' names 'service'. */
bool xm_svc_probe_knows(const struct xm_svc_probe *p, const char *service);

/*
 * Expand a template: $1..$9 are the captures (non-printable bytes as \xNN),
 * $P(n) keeps only the printable bytes of capture n. Output always
 * NUL-terminated and printable ASCII. Returns 0, or -1 on a bad template.
 */
int xm_svc_subst(const char *tmpl, const uint8_t *subject, const PCRE2_SIZE *ovec,
		 int ncap, char *out, size_t outlen);

/* Copy bytes as printable ASCII, others as \xNN, truncating cleanly. */
void xm_svc_printable(const uint8_t *in, size_t len, char *out, size_t outlen);

/* Decode a payload with C escapes (\r \n \t \0 \\ \xHH, \" ). Returns length or -1. */
long xm_svc_unescape(const char *in, size_t inlen, uint8_t *out, size_t outlen);

#endif /* XDPMAP_SERVICE_DB_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Service and version detection (-sV): open ports in, probed service records out. */
#ifndef XDPMAP_SERVICE_H
#define XDPMAP_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "results.h"
#include "service_db.h"
#include "service_record.h"

/* Tunables; xm_svc_opts_default() fills nmap-like values. */
struct xm_svc_opts {
	int intensity;		/* --version-intensity 0-9 (light 2, all 9), default 7 */
	int parallelism;	/* ports probed at once, default 256 */
	double port_timeout;	/* seconds one port may take in all, default 30 */
	double connect_timeout; /* seconds for one connect() or TLS handshake, default 5 */
	double wait_scale;	/* multiplies every probe's wait (tests), default 1 */
	const char *db_path;	/* NULL: xm_svc_db_default_path() */
	double host_timeout;	/* --host-timeout: no probing of a host past this long after
				 * its first port started -sV */
	double total_timeout;	/* --version-timeout: no probing past this long after the
				 * first port was submitted (default 300 s) */
	size_t max_records;	/* ports probed at most (default XM_SVC_MAX_RECORDS) */
	const char *extra_db_path; /* --versiondb: added to the database, NULL = none */
};

/*
 * Ports probed at most by default: each keeps a record of about 1.5 KB,
 * so 65536 keep about 100 MB. Later ports are not probed (a notice says so).
 */
#define XM_SVC_MAX_RECORDS 65536

/* --version-timeout's default, seconds. */
#define XM_SVC_TOTAL_TIMEOUT 300

void xm_svc_opts_default(struct xm_svc_opts *o);

struct xm_svc;

/*
 * Load the database and start the worker thread. Returns NULL after
 * writing one line naming the failing call into err.
 */
struct xm_svc *xm_svc_start(const struct xm_svc_opts *o, char *err, size_t errlen);

/*
 * An open port to probe: f's family, addr, proto and port are copied (-sV
 * probes TCP and UDP ports; other protocols are ignored). A UDP port gets the
 * database's UDP probes only; submit open and open|filtered UDP ports alike (as
 * nmap does): one that never answers keeps no record, one that answers gets a
 * record with 'answered' set. Cheap and never blocks for
 * long: a short critical section and one eventfd write; may be called
 * from any thread (the ring-buffer callback). NULL svc does nothing.
 */
void xm_svc_submit(struct xm_svc *s, const struct xm_finding *f);

struct xm_config;

/*
 * The engine as the command line asks for it (-sV, --version-intensity,
 * --max-parallelism), or NULL with err empty when -sV is off. Returns NULL
 * with one line in err when it cannot start.
 */
struct xm_svc *xm_svc_new(const struct xm_config *cfg, char *err, size_t errlen);

/*
 * Load -sV's database and cfg->version_db (--versiondb) as the engine will, then drop them.
 * Returns 0, or -1 with "file:line: reason" (or the failing call) in err: a scan that would
 * fail this way is refused before it starts.
 */
int xm_svc_check_db(const struct xm_config *cfg, char *err, size_t errlen);

/*
 * Wait until every submitted port is done (each bounded by its deadline and
 * the caps), then print one notice if a cap left ports unprobed or cut short.
 */
void xm_svc_finish(struct xm_svc *s);

/* After finish: the record of key's (family, addr, proto, port), NULL if none. */
const struct xm_service *xm_svc_get(const struct xm_svc *s, const struct xm_finding *key);

/* After finish: point every finding that was probed at its record (f->svc). */
void xm_svc_attach(const struct xm_svc *s, struct xm_results *r);

/* Ports probed and finished so far (for progress lines; any thread). */
size_t xm_svc_done_count(const struct xm_svc *s);

/* Stop the thread (finishing first) and free everything; records die with it. NULL ok. */
void xm_svc_free(struct xm_svc *s);

#endif /* XDPMAP_SERVICE_H */

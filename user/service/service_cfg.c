// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The -sV engine configured from the command line: what both port scans call to get one. */
#include <limits.h>
#include <stdio.h>
#include "config.h"
#include "runtime.h"
#include "service.h"
#include "svc_schedule.h"

struct xm_svc *xm_svc_new(const struct xm_config *cfg, char *err, size_t errlen)
{
	struct xm_svc_opts o;
	struct xm_svc *s;
	char why[512];
	int spare;

	if (errlen)
		err[0] = '\0';
	if (!cfg->version_detect)
		return NULL;
	xm_svc_opts_default(&o);
	o.intensity = cfg->version_intensity;
	if (cfg->max_parallelism > 0 && cfg->max_parallelism < o.parallelism)
		o.parallelism = cfg->max_parallelism;
	/* -sV runs in a process of its own (svc_box.h): its descriptors are its own, up to
	 * XM_SVC_LANES connections per port */
	spare = xm_fd_spare();
	if (spare != INT_MAX && (spare - 16) / XM_SVC_LANES < o.parallelism)
		o.parallelism = (spare - 16) / XM_SVC_LANES > 1 ? (spare - 16) / XM_SVC_LANES : 1;
	o.host_timeout = cfg->host_timeout;
	o.extra_db_path = cfg->version_db;
	o.total_timeout = cfg->version_timeout;
	why[0] = '\0';
	s = xm_svc_start(&o, why, sizeof(why));
	if (!s)
		snprintf(err, errlen, "service detection (-sV): %s",
			 why[0] ? why : "cannot start");
	return s;
}

int xm_svc_check_db(const struct xm_config *cfg, char *err, size_t errlen)
{
	struct xm_svc_db db;
	char path[4096];
	int rc;

	rc = xm_svc_db_load(&db, xm_svc_db_default_path(path, sizeof(path)), err, errlen);
	if (!rc && cfg->version_db)
		rc = xm_svc_db_load_extra(&db, cfg->version_db, err, errlen);
	xm_svc_db_free(&db);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* --merge's command line, the scan's configuration read back through the normal parser, the report. */
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "log.h"
#include "merge_cli.h"
#include "output_formats.h"
#include "report_run.h"

/* -oN, -oX, -oG, -oJ or -oA: an output option of the merge. */
static bool output_word(const char *a)
{
	return !strncmp(a, "-o", 2) && strlen(a) == 3 &&
	       (a[2] == 'A' || xm_output_format_index(a[2]) >= 0);
}

/* Split argv[2..] into files and output options (in outs, word pairs). */
static int merge_words(int argc, char **argv, char **files, size_t *nfiles, char **outs,
		       size_t *nouts, bool *partial, char *err, size_t errlen)
{
	bool files_only = false;
	int i;

	*nfiles = *nouts = 0;
	*partial = false;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (files_only || a[0] != '-' || !a[1]) {
			files[(*nfiles)++] = argv[i];
		} else if (!strcmp(a, "--")) {
			files_only = true;
		} else if (!strcmp(a, "--merge-partial")) {
			*partial = true;
		} else if (output_word(a)) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "option %s needs a value", a);
				return -1;
			}
			outs[(*nouts)++] = argv[i];
			outs[(*nouts)++] = argv[++i];
		} else {
			snprintf(err, errlen, "--merge takes shard files (-oJ), -oN/-oX/-oG/-oJ "
				 "FILE, -oA BASE and --merge-partial, not '%s'", a);
			return -1;
		}
	}
	return 0;
}

/* { scan's argv[0], the merge's outputs, the scan's words } (words may end in "-- targets"). */
static int run_argv(struct xm_merge *m, char **outs, size_t nouts, int *argc)
{
	size_t n;

	m->run_argv = calloc((size_t)m->argc + nouts + 1, sizeof(*m->run_argv));
	if (!m->run_argv)
		return -1;
	m->run_argv[0] = m->argv[0];
	memcpy(m->run_argv + 1, outs, nouts * sizeof(*outs));
	n = xm_cli_scan_words(m->argc, m->argv, (const char **)(m->run_argv + 1 + nouts));
	*argc = (int)(1 + nouts + n);
	return 0;
}

enum xm_cli_action xm_merge_parse(int argc, char **argv, struct xm_merge *m,
				  struct xm_config *cfg, char *err, size_t errlen)
{
	char **files = calloc((size_t)argc, sizeof(*files)), **outs = calloc((size_t)argc,
									   sizeof(*outs));
	size_t nfiles, nouts;
	enum xm_cli_action rc = XM_CLI_ERROR;
	char why[512];
	bool partial;
	int rargc;

	memset(m, 0, sizeof(*m));
	memset(cfg, 0, sizeof(*cfg));
	if (!files || !outs) {
		snprintf(err, errlen, "calloc failed: out of memory");
		goto out;
	}
	if (merge_words(argc, argv, files, &nfiles, outs, &nouts, &partial, err, errlen) ||
	    xm_merge_load(m, files, nfiles, partial, err, errlen))
		goto out;
	if (run_argv(m, outs, nouts, &rargc)) {
		snprintf(err, errlen, "calloc failed: out of memory");
		goto bad;
	}
	rc = xm_cli_parse(rargc, m->run_argv, cfg, why, sizeof(why));
	if (rc != XM_CLI_SCAN) {
		snprintf(err, errlen, "the shards' command line (%s) does not parse here: %.300s",
			 files[0], rc == XM_CLI_ERROR ? why : "it asks for --help or --version");
		rc = XM_CLI_ERROR;
		goto bad;
	}
	cfg->seed = m->seed;
	cfg->seed_set = true;
	cfg->connect_scan |= m->connect_scan;
	cfg->start_time = m->start;
	goto out;
bad:
	xm_merge_free(m);
out:
	free(files);
	free(outs);
	return rc;
}

/* The replies as a scan streams them while it runs (-oJ lines, -v's "Discovered" lines), sorted. */
static void stream_findings(const struct xm_merge *m, struct xm_output *outs, size_t nouts)
{
	struct xm_finding *all = xm_results_sorted(&m->ports);
	size_t i, k;

	if (!all) {
		pr_warn("out of memory sorting %zu results\n", m->ports.n);
		return;
	}
	for (k = 0; k < nouts; k++)
		for (i = 0; i < m->ports.n; i++)
			outs[k].ops->finding(&outs[k], &all[i]);
	free(all);
}

void xm_merge_report(struct xm_merge *m, const struct xm_config *cfg, struct xm_output *outs,
		     size_t nouts)
{
	struct xm_report_input in = { .results = &m->ports, .up = m->any_up ? &m->up : NULL,
				      .macs = &m->macs,
				      .start_mono = xm_now_mono() - (m->end - m->start) };
	struct xm_summary sum = {
		.addrs = cfg->targets.count, .nports = cfg->ports.n, .probes = m->probes,
		.send_seconds = m->sending, .ping_only = cfg->ping.only,
		.start_time = m->start, .ring_full = m->lost, .failed = m->failed,
		.seed = m->seed, .merged = m->merged, .merged_of = m->shards,
	};

	/* a shard missing or failed: its pairs are not scanned, never "filtered" */
	if (xm_merge_incomplete(m)) {
		in.sent = &m->sent;
		in.ports = &cfg->ports;
	}
	stream_findings(m, outs, nouts);
	xm_report_run(&in, &sum, outs, nouts);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdpmap's entry point: parse the command line, check privileges, run the scan. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "cli_users.h"
#include "connect_ping.h"
#include "interactive.h"
#include "connect_scan.h"
#include "list_scan.h"
#include "log.h"
#include "merge_cli.h"
#include "packet_trace.h"
#include "pcap_out.h"
#include "progress.h"
#include "research.h"
#include "resume.h"
#include "runtime.h"
#include "scan.h"
#include "service.h"
#include "udp_payload.h"

/* Exit codes: 0 done, 1 runtime error, 2 bad command line. */
enum { XM_EXIT_OK = 0, XM_EXIT_FAIL = 1, XM_EXIT_USAGE = 2 };

/* The progress line's state; cfg.progress points here when it is used. */
static struct xm_progress progress;
/* --status-updates-file's writer; cfg.status points here when it is asked. */
static struct xm_status status;
static struct xm_pcap pcap; /* --pcap-replies */

/* Probes of the first pass that this shard sends. */
static uint64_t planned_probes(const struct xm_config *cfg)
{
	uint64_t total = cfg->targets.count * cfg->ports.n;

	if (total <= cfg->shard_index)
		return 0;
	return (total - cfg->shard_index + cfg->shard_count - 1) / cfg->shard_count;
}

/* The progress line when stderr is a terminal (not with -d: debug lines share stderr). */
static void set_up_progress(struct xm_config *cfg, struct xm_progress *prog, bool stdout_free)
{
	const char *term = getenv("TERM");
	bool draw = isatty(STDERR_FILENO) && !cfg->debug && !(term && !strcmp(term, "dumb"));

	if (!draw && cfg->stats_every <= 0 && !xm_keys_active() && !cfg->status)
		return;
	xm_progress_init(prog, draw, cfg->stats_every, stdout_free ? stdout : stderr,
			 planned_probes(cfg), cfg->wait_s);
	prog->status = cfg->status;
	cfg->progress = prog;
}

/* Why the last output could not be opened (errno), for the exit status. */
static int open_errno;

static int open_one(struct xm_output *o, const struct xm_output_ops *ops,
		    const struct xm_config *cfg, const char *path)
{
	char err[512];

	*o = (struct xm_output){ .ops = ops, .cfg = cfg };
	errno = 0;
	if (!ops->open(o, path, err, sizeof(err)))
		return 0;
	open_errno = errno;
	pr_warn("%s\n", err);
	return -1;
}

/*
 * An output that cannot be opened: a path that cannot be written is bad input
 * (2); running out of descriptors or memory is a run-time failure (1).
 */
static int open_failure_status(void)
{
	if (open_errno == EMFILE || open_errno == ENFILE || open_errno == ENOMEM)
		return XM_EXIT_FAIL;
	return XM_EXIT_USAGE;
}

/* --status-updates-file, created before any packet is sent. */
static int open_status(struct xm_config *cfg)
{
	char err[512];

	if (!cfg->status_path)
		return 0;
	errno = 0;
	if (xm_status_open(&status, cfg->status_path, err, sizeof(err))) {
		open_errno = errno;
		pr_warn("%s\n", err);
		return -1;
	}
	cfg->status = &status;
	return 0;
}

/* --pcap-replies, created before any packet is sent. */
static int open_pcap(struct xm_config *cfg)
{
	char err[512];

	if (!cfg->pcap_path)
		return 0;
	errno = 0;
	if (xm_pcap_open(&pcap, cfg->pcap_path, err, sizeof(err))) {
		open_errno = errno;
		pr_warn("%s\n", err);
		return -1;
	}
	cfg->pcap = &pcap;
	return 0;
}

/*
 * Whether stdout is /dev/null: nobody reads its report, so none is built
 * (with only streaming formats, the scan then keeps nothing per reply).
 */
static bool stdout_discarded(void)
{
	struct stat out, null;

	return !fstat(STDOUT_FILENO, &out) && S_ISCHR(out.st_mode) &&
	       !stat("/dev/null", &null) && S_ISCHR(null.st_mode) && out.st_rdev == null.st_rdev;
}

/*
 * In report order: the progress line (erased first), the files, then stdout's
 * normal output unless a format was sent to stdout with '-' or stdout is /dev/null.
 */
static int open_outputs(struct xm_config *cfg, struct xm_output *outs, size_t *n, bool scan)
{
	bool stdout_free = true;
	size_t i;

	*n = 0;
	for (i = 0; i < xm_output_nformats; i++)
		if (cfg->out_path[i] && !strcmp(cfg->out_path[i], "-"))
			stdout_free = false;
	if (scan && (open_status(cfg) || open_pcap(cfg)))
		return -1;
	if (scan)
		set_up_progress(cfg, &progress, stdout_free);
	if (cfg->progress && !open_one(&outs[*n], &xm_output_progress, cfg, NULL))
		(*n)++;
	for (i = 0; i < xm_output_nformats; i++) {
		if (!cfg->out_path[i])
			continue;
		if (open_one(&outs[*n], xm_output_formats[i].ops, cfg, cfg->out_path[i]))
			return -1;
		(*n)++;
	}
	if (cfg->metadata_path) {
		if (open_one(&outs[*n], &xm_output_metadata, cfg, cfg->metadata_path))
			return -1;
		(*n)++;
	}
	if (stdout_free && !stdout_discarded()) {
		if (open_one(&outs[*n], &xm_output_normal, cfg, "-"))
			return -1;
		(*n)++;
	}
	return 0;
}

/* -6 -sn without privileges: connect() to 80 and 443 (with them, the XDP path pings). */
static bool ipv6_ping(const struct xm_config *cfg)
{
	return cfg->ping.only && cfg->targets.family == XM_FAMILY_IPV6 && !xm_privileged();
}

/*
 * Without privileges the SYN scan cannot run: an explicit -sS or -sn is an
 * error, otherwise the connect scan is used, with a notice. Returns -1 to stop,
 * -2 to stop with the usage status (-sU, which has no unprivileged form).
 */
static int choose_scan(struct xm_config *cfg)
{
	if (cfg->udp_scan && !xm_privileged()) { /* as nmap: -sU has no unprivileged form */
		pr_warn("the UDP scan (-sU) needs root privileges (CAP_BPF, CAP_NET_ADMIN, "
			"CAP_NET_RAW)\n");
		return -2;
	}
	if (cfg->connect_scan || xm_privileged() || ipv6_ping(cfg))
		return 0;
	if (cfg->syn_scan) {
		pr_warn("the SYN scan (-sS) needs root privileges (CAP_BPF, CAP_NET_ADMIN, "
			"CAP_NET_RAW)\n");
		return -1;
	}
	if (cfg->ping.only) {
		if (cfg->ping.chosen) {
			pr_warn("-PS/-PA/-PE/-PP/-PR need root privileges (CAP_BPF, CAP_NET_ADMIN, "
				"CAP_NET_RAW); without them -sn connects to ports 80 and 443\n");
			return -1;
		}
		cfg->connect_ping = true;
		return 0;
	}
	pr_warn("not privileged (the SYN scan needs CAP_BPF, CAP_NET_ADMIN, CAP_NET_RAW); "
		"falling back to the connect scan (-sT)\n");
	cfg->connect_scan = true;
	return 0;
}

/*
 * -sU, -PU: the payload file, read before any packet is sent; a malformed line is
 * bad input (exit 2). Returns 0, or -1 after saying why.
 */
static int load_udp_payloads(struct xm_config *cfg, struct xm_udp_payloads *db)
{
	char path[PATH_MAX], err[512];

	if (!cfg->ports.n_udp && !cfg->ping.nudp)
		return 0;
	if (xm_udp_payloads_load(db, xm_udp_payloads_default_path(path, sizeof(path)), err,
				 sizeof(err))) {
		pr_warn("%s\n", err);
		return -1;
	}
	cfg->udp_payloads = db;
	return 0;
}

/* -sT, or -sS and the connect scan when XDP/AF_XDP turns out not to work. */
static int run_scan(struct xm_config *cfg, struct xm_output *outs, size_t nouts)
{
	int rc;

	if (cfg->connect_ping || ipv6_ping(cfg))
		return xm_connect_ping(cfg, outs, nouts);
	if (cfg->connect_scan && !cfg->udp_scan) /* -sT -sU: UDP on the XDP path, TCP by connect() */
		return xm_connect_scan(cfg, outs, nouts);
	rc = xm_syn_scan(cfg, outs, nouts);
	if (rc != -2)
		return rc;
	if (cfg->ping.only) /* -6 -sn where XDP cannot run */
		return xm_connect_ping(cfg, outs, nouts);
	if (cfg->udp_scan) {
		pr_warn("the UDP scan (-sU) needs XDP and AF_XDP on the targets' interface; "
			"it has no connect() form\n");
		return -1;
	}
	cfg->connect_scan = true; /* the outputs see it: XML scaninfo type="connect" */
	return xm_connect_scan(cfg, outs, nouts);
}

/*
 * The resume file is made while still privileged, so that the unprivileged
 * scan can only fill it in, never choose where it goes (-sn needs none).
 */
static int prepare_resume(const struct xm_config *cfg)
{
	char err[512];
	uid_t uid;
	gid_t gid;

	if (cfg->ping.only)
		return 0;
	xm_drop_target(cfg, &uid, &gid);
	if (!xm_resume_prepare(uid, gid, err, sizeof(err)))
		return 0;
	pr_warn("%s\n", err);
	return -1;
}

/* xdpmap --merge: the shards' -oJ files as one report; no packet, no privilege needed. */
static int merge_main(int argc, char **argv)
{
	struct xm_config cfg;
	struct xm_output outs[XM_OUT_MAX + 2];
	struct xm_merge m;
	size_t nouts = 0, i;
	char err[1024];
	int rc = XM_EXIT_FAIL;

	if (xm_merge_parse(argc, argv, &m, &cfg, err, sizeof(err)) != XM_CLI_SCAN) {
		pr_warn("%s\n", err);
		xm_config_free(&cfg);
		return XM_EXIT_USAGE;
	}
	if (!open_outputs(&cfg, outs, &nouts, false)) {
		xm_merge_report(&m, &cfg, outs, nouts);
		rc = XM_EXIT_OK;
	}
	for (i = 0; i < nouts; i++)
		outs[i].ops->close(&outs[i]);
	xm_host_names_free();
	xm_config_free(&cfg);
	xm_merge_free(&m);
	return rc;
}

int main(int argc, char **argv)
{
	struct xm_config cfg;
	struct xm_udp_payloads udp_db = { 0 };
	struct xm_output outs[XM_OUT_MAX + 2];
	size_t nouts = 0, i;
	char err[512];
	int rc = XM_EXIT_FAIL;

	xm_log_route_libbpf();
	if (argc >= 2 && !strcmp(argv[1], "--merge"))
		return merge_main(argc, argv);
	switch (xm_cli_parse(argc, argv, &cfg, err, sizeof(err))) {
	case XM_CLI_EXIT_OK:
		xm_config_free(&cfg);
		return XM_EXIT_OK;
	case XM_CLI_ERROR:
		pr_warn("%s\n", err);
		xm_config_free(&cfg);
		return XM_EXIT_USAGE;
	case XM_CLI_SCAN:
		break;
	}
	if (cfg.version_detect && xm_svc_check_db(&cfg, err, sizeof(err))) {
		pr_warn("%s\n", err); /* "file:line: reason": nothing was sent */
		xm_config_free(&cfg);
		return XM_EXIT_USAGE;
	}
	cfg.start_time = xm_now_wall();
	xm_output_set_append(cfg.resume_argv != NULL); /* --resume continues its files */
	xm_output_set_append_new(cfg.append_output && !cfg.resume_argv);
	if (cfg.list_scan) { /* -sL: nothing is sent, no privilege is needed */
		xm_cli_notices(&cfg);
		xm_install_signals();
		rc = xm_list_scan(&cfg) ? XM_EXIT_FAIL : XM_EXIT_OK;
		goto out;
	}
	rc = choose_scan(&cfg);
	if (rc) {
		rc = rc == -2 ? XM_EXIT_USAGE : XM_EXIT_FAIL;
		goto out;
	}
	rc = XM_EXIT_USAGE;
	if (load_udp_payloads(&cfg, &udp_db))
		goto out;
	rc = XM_EXIT_FAIL;
	xm_cli_notices(&cfg);
	xm_install_signals();
	xm_keys_start(&cfg);
	xm_trace_set(cfg.packet_trace);
	if (open_outputs(&cfg, outs, &nouts, true)) {
		rc = open_failure_status(); /* nothing was sent */
		goto out;
	}
	if (prepare_resume(&cfg))
		goto out;
	rc = run_scan(&cfg, outs, nouts);
	rc = rc == -3 ? XM_EXIT_USAGE : rc ? XM_EXIT_FAIL : XM_EXIT_OK; /* -3: xm_syn_scan's */
	if (rc == XM_EXIT_OK && xm_stop_signal)
		rc = 128 + xm_stop_signal; /* interrupted: what was found is reported */
out:
	xm_keys_stop();
	xm_status_close(cfg.status);
	if (xm_pcap_close(cfg.pcap))
		pr_warn("writing --pcap-replies file %s failed\n", cfg.pcap_path);
	xm_resume_finish();
	for (i = 0; i < nouts; i++)
		outs[i].ops->close(&outs[i]);
	xm_host_names_free();
	xm_config_free(&cfg);
	xm_udp_payloads_free(&udp_db);
	return rc;
}

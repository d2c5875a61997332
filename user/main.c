// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdpmap's entry point: parse the command line, check privileges, run the scan. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "log.h"
#include "scan.h"

/* Exit codes: 0 done, 1 runtime error, 2 bad command line. */
enum { XM_EXIT_OK = 0, XM_EXIT_FAIL = 1, XM_EXIT_USAGE = 2 };

static void on_signal(int sig)
{
	if (xm_stop_requested)
		_exit(130); /* second interrupt: leave now */
	xm_stop_requested = 1;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Root, or CAP_NET_ADMIN + CAP_NET_RAW + CAP_BPF in the effective set. */
static int privileged(void)
{
	unsigned long long eff = 0;
	char line[256];
	FILE *f;

	if (geteuid() == 0)
		return 1;
	f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff >> 12 & 1) && (eff >> 13 & 1) && (eff >> 39 & 1);
}

static int open_outputs(struct xm_config *cfg, struct xm_output *outs, size_t *n)
{
	char err[512];

	outs[0] = (struct xm_output){ .ops = &xm_output_normal, .cfg = cfg };
	*n = 1;
	if (outs[0].ops->open(&outs[0], "-", err, sizeof(err)))
		goto fail;
	if (!cfg->json_path)
		return 0;
	outs[1] = (struct xm_output){ .ops = &xm_output_json, .cfg = cfg };
	if (outs[1].ops->open(&outs[1], cfg->json_path, err, sizeof(err)))
		goto fail;
	*n = 2;
	return 0;
fail:
	pr_warn("%s\n", err);
	return -1;
}

int main(int argc, char **argv)
{
	struct xm_config cfg;
	struct xm_output outs[2];
	size_t nouts = 0, i;
	char err[512];
	int rc = XM_EXIT_FAIL;

	xm_log_route_libbpf();
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
	if (!privileged()) {
		pr_warn("the SYN scan (-sS) needs root privileges (CAP_BPF, CAP_NET_ADMIN, CAP_NET_RAW)\n");
		goto out;
	}
	install_signals();
	if (open_outputs(&cfg, outs, &nouts))
		goto out;
	rc = xm_syn_scan(&cfg, outs, nouts) ? XM_EXIT_FAIL : XM_EXIT_OK;
out:
	for (i = 0; i < nouts; i++)
		outs[i].ops->close(&outs[i]);
	xm_config_free(&cfg);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Command-line parsing: a table of nmap-named options, each with a small handler. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "log.h"

struct parse {
	struct xm_config *cfg;
	char *err;
	size_t errlen;
	int ports_set;
};

struct opt {
	const char *name;
	int has_arg;
	int (*fn)(struct parse *ps, const char *name, const char *arg);
};

static int fail(struct parse *ps, const char *fmt, const char *name,
		const char *arg)
{
	snprintf(ps->err, ps->errlen, fmt, name, arg);
	return -1;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v != v || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int opt_ports(struct parse *ps, const char *name, const char *arg)
{
	xm_ports_free(&ps->cfg->ports);
	if (xm_parse_ports(arg, &ps->cfg->ports, ps->err, ps->errlen))
		return -1;
	ps->ports_set = 1;
	return 0;
}

static int opt_iface(struct parse *ps, const char *name, const char *arg)
{
	if (!*arg || strlen(arg) >= 16)
		return fail(ps, "invalid interface name for %s: '%s'", name, arg);
	ps->cfg->iface = arg;
	return 0;
}

static int opt_source_addr(struct parse *ps, const char *name, const char *arg)
{
	struct in_addr a;

	if (inet_pton(AF_INET, arg, &a) != 1)
		return fail(ps, "invalid IPv4 address for %s: '%s'", name, arg);
	ps->cfg->src_addr = ntohl(a.s_addr);
	return 0;
}

static int opt_router_mac(struct parse *ps, const char *name, const char *arg)
{
	unsigned m[6];
	char tail;
	int i;

	if (sscanf(arg, "%2x%*1[:-]%2x%*1[:-]%2x%*1[:-]%2x%*1[:-]%2x%*1[:-]%2x%c",
		   &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &tail) != 6 ||
	    strlen(arg) != 17)
		return fail(ps, "invalid MAC address for %s: '%s' (aa:bb:cc:dd:ee:ff)",
			    name, arg);
	for (i = 0; i < 6; i++)
		ps->cfg->router_mac[i] = (uint8_t)m[i];
	ps->cfg->have_router_mac = true;
	return 0;
}

static int opt_source_port(struct parse *ps, const char *name, const char *arg)
{
	if (xm_parse_port_range(arg, &ps->cfg->sport_lo, &ps->cfg->sport_hi))
		return fail(ps, "invalid %s '%s' (expected LO-HI within 1-65535, LO <= HI)",
			    name, arg);
	return 0;
}

static int opt_rate(struct parse *ps, const char *name, const char *arg)
{
	if (parse_double(arg, 0.001, 1e9, &ps->cfg->max_rate))
		return fail(ps, "invalid %s '%s' (expected probes per second, > 0)",
			    name, arg);
	return 0;
}

static int opt_retries(struct parse *ps, const char *name, const char *arg)
{
	uint64_t v;

	if (parse_u64(arg, 50, &v))
		return fail(ps, "invalid %s '%s' (expected 0-50)", name, arg);
	ps->cfg->max_retries = (int)v;
	return 0;
}

static int opt_wait(struct parse *ps, const char *name, const char *arg)
{
	if (parse_double(arg, 0, 3600, &ps->cfg->wait_s))
		return fail(ps, "invalid %s '%s' (expected seconds, 0-3600)", name, arg);
	return 0;
}

static int opt_seed(struct parse *ps, const char *name, const char *arg)
{
	if (parse_u64(arg, UINT64_MAX, &ps->cfg->seed))
		return fail(ps, "invalid %s '%s' (expected an unsigned integer)", name, arg);
	ps->cfg->seed_set = true;
	return 0;
}

static int opt_shard(struct parse *ps, const char *name, const char *arg)
{
	unsigned i, n;
	char tail;

	if (sscanf(arg, "%u/%u%c", &i, &n, &tail) != 2 || n == 0 || i == 0 || i > n ||
	    strspn(arg, "0123456789/") != strlen(arg))
		return fail(ps, "invalid %s '%s' (expected i/n with 1 <= i <= n)", name, arg);
	ps->cfg->shard_index = i - 1;
	ps->cfg->shard_count = n;
	return 0;
}

static int opt_exclude(struct parse *ps, const char *name, const char *arg)
{
	char *copy = strdup(arg), *save, *tok;
	int rc = 0;

	if (!copy)
		return fail(ps, "out of memory in %s%s", name, "");
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save))
		rc = xm_parse_target(tok, &ps->cfg->targets.exclude, ps->err, ps->errlen);
	free(copy);
	return rc;
}

static int opt_excludefile(struct parse *ps, const char *name, const char *arg)
{
	return xm_parse_target_file(arg, &ps->cfg->targets.exclude, ps->err, ps->errlen);
}

static int opt_input_list(struct parse *ps, const char *name, const char *arg)
{
	return xm_parse_target_file(arg, &ps->cfg->targets.include, ps->err, ps->errlen);
}

static int opt_json(struct parse *ps, const char *name, const char *arg)
{
	ps->cfg->json_path = arg;
	return 0;
}

static int opt_flag(struct parse *ps, const char *name, const char *arg)
{
	if (!strcmp(name, "-n"))
		ps->cfg->no_dns = true;
	else if (!strcmp(name, "-d"))
		xm_log_level = XM_LOG_DEBUG;
	/* -sS is the only scan type and -Pn what it does: nothing more to set. */
	return 0;
}

static int opt_unsupported(struct parse *ps, const char *name, const char *arg)
{
	return fail(ps, "%s is not supported by this version of xdpmap%s", name, "");
}

static const struct opt options[] = {
	{ "-p", 1, opt_ports },
	{ "-e", 1, opt_iface },
	{ "-S", 1, opt_source_addr },
	{ "--router-mac", 1, opt_router_mac },
	{ "--source-port", 1, opt_source_port },
	{ "-g", 1, opt_source_port },
	{ "--max-rate", 1, opt_rate },
	{ "--rate", 1, opt_rate },
	{ "--max-retries", 1, opt_retries },
	{ "--wait", 1, opt_wait },
	{ "--seed", 1, opt_seed },
	{ "--shard", 1, opt_shard },
	{ "--exclude", 1, opt_exclude },
	{ "--excludefile", 1, opt_excludefile },
	{ "-iL", 1, opt_input_list },
	{ "-oJ", 1, opt_json },
	{ "-n", 0, opt_flag },
	{ "-d", 0, opt_flag },
	{ "-sS", 0, opt_flag },
	{ "-Pn", 0, opt_flag },
	{ "-sT", 0, opt_unsupported },
	{ "-sV", 0, opt_unsupported },
	{ "-sU", 0, opt_unsupported },
	{ "-sn", 0, opt_unsupported },
	{ "-6", 0, opt_unsupported },
};

static const struct opt *find_opt(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (!strcmp(options[i].name, name))
			return &options[i];
	return NULL;
}

/* -v, -vv, -vvv. Returns 1 if 'a' was one. */
static int verbosity(struct xm_config *cfg, const char *a)
{
	size_t n = strlen(a);

	if (n < 2 || a[0] != '-' || strspn(a + 1, "v") != n - 1)
		return 0;
	cfg->verbose += (int)(n - 1);
	if (xm_log_level < XM_LOG_INFO)
		xm_log_level = XM_LOG_INFO;
	return 1;
}

/* One option at argv[*i]; advances *i past its argument. */
static int parse_option(struct parse *ps, int argc, char **argv, int *i)
{
	char name[64];
	const char *a = argv[*i], *eq = strchr(a, '='), *val = NULL;
	const struct opt *o;

	snprintf(name, sizeof(name), "%.*s", eq && a[1] == '-' ? (int)(eq - a) : 63, a);
	o = find_opt(name);
	if (o && eq && a[1] == '-')
		val = eq + 1;
	if (!o && !strncmp(a, "-p", 2) && a[2]) { /* -p22, -p- */
		o = find_opt("-p");
		val = a + 2;
	}
	if (!o)
		return fail(ps, "unknown option '%s'%s (see --help)", name, "");
	if (o->has_arg && !val) {
		if (*i + 1 >= argc)
			return fail(ps, "option %s needs a value%s", o->name, "");
		val = argv[++*i];
	}
	return o->fn(ps, o->name, val);
}

static void set_defaults(struct xm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_rate = 100000;
	cfg->max_retries = 1;
	cfg->wait_s = 2;
	cfg->shard_count = 1;
}

static void record_argv(struct xm_config *cfg, int argc, char **argv)
{
	size_t pos = 0;
	int i;

	for (i = 0; i < argc && pos < sizeof(cfg->argv_line) - 1; i++)
		pos += (size_t)snprintf(cfg->argv_line + pos, sizeof(cfg->argv_line) - pos,
					"%s%s", i ? " " : "", argv[i]);
}

static enum xm_cli_action finish(struct parse *ps)
{
	if (!ps->cfg->targets.include.n) {
		snprintf(ps->err, ps->errlen, "no targets specified (see --help)");
		return XM_CLI_ERROR;
	}
	if (xm_targets_finalize(&ps->cfg->targets, ps->err, ps->errlen))
		return XM_CLI_ERROR;
	if (!ps->ports_set && xm_ports_default(&ps->cfg->ports)) {
		snprintf(ps->err, ps->errlen, "out of memory for the default ports");
		return XM_CLI_ERROR;
	}
	if (!ps->cfg->ports.n) {
		snprintf(ps->err, ps->errlen, "no ports to scan");
		return XM_CLI_ERROR;
	}
	return XM_CLI_SCAN;
}

enum xm_cli_action xm_cli_parse(int argc, char **argv, struct xm_config *cfg,
				char *err, size_t errlen)
{
	struct parse ps = { .cfg = cfg, .err = err, .errlen = errlen };
	int i, options_done = 0;

	set_defaults(cfg);
	record_argv(cfg, argc, argv);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!options_done && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			xm_cli_usage(stdout);
			return XM_CLI_EXIT_OK;
		}
		if (!options_done && (!strcmp(a, "-V") || !strcmp(a, "--version"))) {
			printf("xdpmap version %s\n", XDPMAP_VERSION);
			return XM_CLI_EXIT_OK;
		}
		if (!options_done && !strcmp(a, "--")) {
			options_done = 1;
		} else if (!options_done && a[0] == '-' && a[1]) {
			if (!verbosity(cfg, a) && parse_option(&ps, argc, argv, &i))
				return XM_CLI_ERROR;
		} else if (xm_parse_target(a, &cfg->targets.include, err, errlen)) {
			return XM_CLI_ERROR;
		}
	}
	return finish(&ps);
}

void xm_cli_usage(FILE *f)
{
	fputs("xdpmap " XDPMAP_VERSION " - a port scanner with an XDP fast path\n"
	      "Usage: xdpmap [Scan Type] [Options] {target specification}\n"
	      "TARGET SPECIFICATION:\n"
	      "  Addresses, CIDR (198.18.0.0/24), octet ranges (198.18.1-3.1-254),\n"
	      "  full ranges (198.18.0.1-198.18.2.7), host names\n"
	      "  -iL <file>: read targets from a file ('-' for stdin)\n"
	      "  --exclude <host1[,host2],...>: exclude hosts/networks\n"
	      "  --excludefile <file>: exclude the targets listed in a file\n"
	      "HOST DISCOVERY:\n"
	      "  -Pn: treat all hosts as online (the only mode in this version)\n"
	      "  -n: never do reverse DNS resolution\n"
	      "SCAN TECHNIQUES:\n"
	      "  -sS: TCP SYN scan over AF_XDP, replies caught in XDP (default)\n"
	      "PORT SPECIFICATION:\n"
	      "  -p <ranges>: e.g. -p22; -p1-65535; -p 80,443,8000-8100; -p- for all\n"
	      "TIMING AND PERFORMANCE:\n"
	      "  --max-rate <pps> (alias --rate): probes per second (default 100000)\n"
	      "  --max-retries <n>: resend unanswered probes n times (default 1)\n"
	      "  --wait <seconds>: wait for late replies after the last probe (default 2)\n"
	      "  --seed <n>: fix the pseudo-random scan order\n"
	      "  --shard <i/n>: scan only the i-th of n disjoint parts\n"
	      "FIREWALL/IDS EVASION AND SPOOFING:\n"
	      "  -e <iface>: use this interface\n"
	      "  -S <addr>: use this source address\n"
	      "  --source-port <lo-hi> (alias -g): probe source ports (default: above\n"
	      "    the kernel's ip_local_port_range)\n"
	      "  --router-mac <mac>: next-hop MAC address (skips the neighbour table)\n"
	      "OUTPUT:\n"
	      "  -oJ <file>: one JSON object per line per result ('-' for stdout)\n"
	      "  -v: verbose (repeat for more), -d: debug\n"
	      "MISC:\n"
	      "  -V, --version; -h, --help\n",
	      f);
}

void xm_config_free(struct xm_config *cfg)
{
	xm_targets_free(&cfg->targets);
	xm_ports_free(&cfg->ports);
}

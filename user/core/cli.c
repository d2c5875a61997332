// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Command-line parsing: a table of nmap-named options, each with a small handler. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "log.h"
#include "resume.h"

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
	ps->cfg->wait_set = true;
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

/* -oN, -oX, -oG, -oJ: the letter picks the format. */
static int opt_output(struct parse *ps, const char *name, const char *arg)
{
	static const char letters[XM_OUT_NFORMATS] = { 'N', 'X', 'G', 'J' };
	const char *l = memchr(letters, name[2], sizeof(letters));

	if (!*arg)
		return fail(ps, "empty file name for %s%s", name, "");
	ps->cfg->out_path[l - letters] = arg;
	return 0;
}

/* -oA BASE: BASE.nmap, BASE.xml and BASE.gnmap, as nmap names them. */
static int opt_output_all(struct parse *ps, const char *name, const char *arg)
{
	static const char *const ext[] = { ".nmap", ".xml", ".gnmap" };
	struct xm_config *cfg = ps->cfg;
	int i;

	if (!*arg || !strcmp(arg, "-"))
		return fail(ps, "%s needs a base file name, not '%s' (only one format can go to stdout)",
			    name, arg);
	for (i = 0; i < 3; i++) {
		free(cfg->out_alloc[i]);
		if (asprintf(&cfg->out_alloc[i], "%s%s", arg, ext[i]) < 0) {
			cfg->out_alloc[i] = NULL;
			return fail(ps, "out of memory in %s%s", name, "");
		}
		cfg->out_path[i] = cfg->out_alloc[i];
	}
	return 0;
}

/* nmap's time specification: 500ms, 5s, 2m, 1h; a bare number is seconds. */
int xm_parse_duration(const char *s, double *out)
{
	static const struct { const char *unit; double mult; } units[] = {
		{ "", 1 }, { "s", 1 }, { "ms", 0.001 }, { "m", 60 }, { "h", 3600 },
	};
	char *end;
	double v;
	size_t i;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v != v)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit)) {
			*out = v * units[i].mult;
			return 0;
		}
	return -1;
}

static int opt_stats_every(struct parse *ps, const char *name, const char *arg)
{
	double v;

	if (xm_parse_duration(arg, &v) || v < 0.01 || v > 86400)
		return fail(ps, "invalid %s '%s' (expected a time such as 500ms, 5s, 1m)",
			    name, arg);
	ps->cfg->stats_every = v;
	return 0;
}

static int opt_stylesheet(struct parse *ps, const char *name, const char *arg)
{
	ps->cfg->stylesheet = *arg ? arg : NULL;
	return 0;
}

static int opt_flag(struct parse *ps, const char *name, const char *arg)
{
	if (!strcmp(name, "-n"))
		ps->cfg->no_dns = true;
	else if (!strcmp(name, "--open"))
		ps->cfg->open_only = true;
	else if (!strcmp(name, "--reason"))
		ps->cfg->reason = true;
	else if (!strcmp(name, "--no-stylesheet"))
		ps->cfg->stylesheet = NULL;
	return 0;
}

/* -sS, -sT, -sV. */
static int opt_scan_type(struct parse *ps, const char *name, const char *arg)
{
	if (!strcmp(name, "-sS"))
		ps->cfg->syn_scan = true;
	else if (!strcmp(name, "-sT"))
		ps->cfg->connect_scan = true;
	else
		ps->cfg->version_detect = true;
	return 0;
}

/* --version-intensity N, --version-light (2), --version-all (9). */
static int opt_version_intensity(struct parse *ps, const char *name, const char *arg)
{
	uint64_t v;

	if (!strcmp(name, "--version-light")) {
		ps->cfg->version_intensity = 2;
		return 0;
	}
	if (!strcmp(name, "--version-all")) {
		ps->cfg->version_intensity = 9;
		return 0;
	}
	if (parse_u64(arg, 9, &v) || strspn(arg, "0123456789") != strlen(arg))
		return fail(ps, "invalid %s '%s' (expected 0-9)", name, arg);
	ps->cfg->version_intensity = (int)v;
	return 0;
}

static int opt_parallelism(struct parse *ps, const char *name, const char *arg)
{
	uint64_t v;

	if (parse_u64(arg, 100000, &v) || !v || strspn(arg, "0123456789") != strlen(arg))
		return fail(ps, "invalid %s '%s' (expected 1-100000)", name, arg);
	ps->cfg->max_parallelism = (int)v;
	return 0;
}

static int opt_user(struct parse *ps, const char *name, const char *arg)
{
	if (!*arg || strlen(arg) > 32)
		return fail(ps, "invalid user name for %s: '%s'", name, arg);
	ps->cfg->run_user = arg;
	return 0;
}

static int opt_send_rst(struct parse *ps, const char *name, const char *arg)
{
	ps->cfg->send_rst = true;
	return 0;
}

/* -PS[ports], -PA[ports]: TCP SYN or ACK discovery probes, port 80 when none given. */
static int opt_ping_tcp(struct parse *ps, const char *name, const char *arg)
{
	struct xm_ping_opts *po = &ps->cfg->ping;
	int syn = !strcmp(name, "-PS");
	uint16_t *dst = syn ? po->syn_ports : po->ack_ports;
	size_t *n = syn ? &po->nsyn : &po->nack, i;
	struct xm_ports ports = { 0 };
	char err[256];

	if (xm_parse_ports(*arg ? arg : "80", &ports, err, sizeof(err)))
		return fail(ps, "invalid port list for %s: %s", name, err);
	for (i = 0; i < ports.n && *n < XM_PING_MAX_PORTS; i++)
		dst[(*n)++] = ports.v[i];
	i = ports.n;
	xm_ports_free(&ports);
	if (i > XM_PING_MAX_PORTS)
		return fail(ps, "too many ports for %s (at most 32)%s", name, "");
	po->chosen = true;
	return 0;
}

/* -Pn, -sn, -PE, -PP, -PR, --disable-arp-ping. */
static int opt_ping(struct parse *ps, const char *name, const char *arg)
{
	struct xm_ping_opts *po = &ps->cfg->ping;

	if (!strcmp(name, "-Pn"))
		po->skip = true;
	else if (!strcmp(name, "-sn"))
		po->only = true;
	else if (!strcmp(name, "--disable-arp-ping"))
		po->disable_arp = true;
	else {
		po->chosen = true;
		po->echo |= !strcmp(name, "-PE");
		po->timestamp |= !strcmp(name, "-PP");
		po->arp |= !strcmp(name, "-PR");
	}
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
	{ "-oN", 1, opt_output },
	{ "-oX", 1, opt_output },
	{ "-oG", 1, opt_output },
	{ "-oJ", 1, opt_output },
	{ "-oA", 1, opt_output_all },
	{ "--stats-every", 1, opt_stats_every },
	{ "--stylesheet", 1, opt_stylesheet },
	{ "--no-stylesheet", 0, opt_flag },
	{ "--open", 0, opt_flag },
	{ "--reason", 0, opt_flag },
	{ "-n", 0, opt_flag },
	{ "-sS", 0, opt_scan_type },
	{ "-sT", 0, opt_scan_type },
	{ "-sV", 0, opt_scan_type },
	{ "--version-intensity", 1, opt_version_intensity },
	{ "--version-light", 0, opt_version_intensity },
	{ "--version-all", 0, opt_version_intensity },
	{ "--max-parallelism", 1, opt_parallelism },
	{ "-Pn", 0, opt_ping },
	{ "-sn", 0, opt_ping },
	{ "-PE", 0, opt_ping },
	{ "-PP", 0, opt_ping },
	{ "-PR", 0, opt_ping },
	{ "--disable-arp-ping", 0, opt_ping },
	{ "--user", 1, opt_user },
	{ "--send-rst", 0, opt_send_rst },
	{ "-PS", 1, opt_ping_tcp },
	{ "-PA", 1, opt_ping_tcp },
	{ "-sU", 0, opt_unsupported },
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

/* -v, -vv, -vvv, -v3 (letter 'v') or -d, -dd, -d2 (letter 'd'): the level it adds, 0 if none. */
static int level_flag(const char *a, char letter)
{
	size_t n = strlen(a);

	if (n < 2 || a[0] != '-' || a[1] != letter)
		return 0;
	if (strspn(a + 1, (char[]){ letter, '\0' }) == n - 1)
		return (int)(n - 1);
	if (n == 3 && a[2] >= '1' && a[2] <= '9')
		return a[2] - '0';
	return 0;
}

/* Verbosity and debugging options. Returns 1 if 'a' was one. */
static int verbosity(struct xm_config *cfg, const char *a)
{
	int v = level_flag(a, 'v'), d = level_flag(a, 'd');

	if (v) {
		cfg->verbose += v;
		if (xm_log_level < XM_LOG_INFO)
			xm_log_level = XM_LOG_INFO;
	}
	if (d) {
		cfg->debug += d;
		cfg->reason = true; /* as nmap: debugging shows reasons */
		xm_log_level = XM_LOG_DEBUG;
	}
	return v || d;
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
	if (o && (!strcmp(o->name, "-PS") || !strcmp(o->name, "-PA")))
		val = ""; /* bare -PS / -PA: the default port */
	if (!o && (!strncmp(a, "-PS", 3) || !strncmp(a, "-PA", 3))) { /* -PS22,443 */
		snprintf(name, sizeof(name), "%.3s", a);
		o = find_opt(name);
		val = a + 3;
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
	cfg->initial_rtt_timeout = 1.0;
	cfg->min_rtt_timeout = 0.1;
	cfg->max_rtt_timeout = 10.0;
	cfg->shard_count = 1;
	cfg->version_intensity = 7;
}

static void record_argv(struct xm_config *cfg, int argc, char **argv)
{
	size_t pos = 0;
	int i;

	for (i = 0; i < argc && pos < sizeof(cfg->argv_line) - 1; i++)
		pos += (size_t)snprintf(cfg->argv_line + pos, sizeof(cfg->argv_line) - pos,
					"%s%s", i ? " " : "", argv[i]);
}

static int stdout_outputs(const struct xm_config *cfg)
{
	int i, n = 0;

	for (i = 0; i < XM_OUT_NFORMATS; i++)
		n += cfg->out_path[i] && !strcmp(cfg->out_path[i], "-");
	return n;
}

/*
 * A safety rail, as masscan's: more than a /8 of addresses in total is only
 * scanned when the user has said what to leave out (--exclude/--excludefile).
 */
static int check_size(struct parse *ps)
{
	if (ps->cfg->targets.count > (1ULL << 24) && !ps->cfg->targets.exclude.n)
		return fail(ps, "%s%s", "refusing to scan more than a /8 of addresses without "
			    "--exclude or --excludefile (say what to leave out)", "");
	return 0;
}

/* Combinations of discovery options that nmap users could get wrong. */
static int check_ping(struct parse *ps)
{
	const struct xm_ping_opts *po = &ps->cfg->ping;

	if (po->only && ps->ports_set)
		return fail(ps, "-sn (host discovery only, no port scan) cannot be combined with -p%s%s",
			    "", "");
	if (po->only && po->skip)
		return fail(ps, "-sn with -Pn does nothing: no host discovery and no port scan%s%s",
			    "", "");
	if (po->skip && po->chosen)
		return fail(ps, "-Pn (no host discovery) cannot be combined with -PS/-PA/-PE/-PP/-PR%s%s",
			    "", "");
	return 0;
}

/* Scan types: one port scan at most, and none of them with -sn. */
static int check_scan_type(struct parse *ps)
{
	const struct xm_config *cfg = ps->cfg;

	if (cfg->syn_scan && cfg->connect_scan)
		return fail(ps, "-sS and -sT cannot be combined (one TCP scan type at a time)%s%s",
			    "", "");
	if (cfg->ping.only && (cfg->syn_scan || cfg->connect_scan))
		return fail(ps, "-sn (no port scan) cannot be combined with %s%s",
			    cfg->syn_scan ? "-sS" : "-sT", "");
	if (cfg->ping.only && cfg->version_detect)
		return fail(ps, "-sn (no port scan) cannot be combined with -sV (it probes open ports)%s%s",
			    "", "");
	if (cfg->connect_scan && cfg->ping.chosen)
		return fail(ps, "-sT does no host discovery: -PS/-PA/-PE/-PP/-PR need the SYN scan (-sS)%s%s",
			    "", "");
	if (cfg->connect_scan && cfg->send_rst)
		return fail(ps, "--send-rst needs the SYN scan (-sS): -sT closes its own connections%s%s",
			    "", "");
	return 0;
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
	if (check_ping(ps) || check_scan_type(ps) || check_size(ps))
		return XM_CLI_ERROR;
	if (stdout_outputs(ps->cfg) > 1) {
		snprintf(ps->err, ps->errlen,
			 "only one of -oN, -oX, -oG, -oJ can write to stdout ('-')");
		return XM_CLI_ERROR;
	}
	return XM_CLI_SCAN;
}

/* xdpmap --resume FILE: the interrupted scan's command line, its seed and position. */
static enum xm_cli_action parse_resume(const char *path, struct xm_config *cfg, char *err,
				       size_t errlen)
{
	struct xm_resume_state st;
	enum xm_cli_action rc;
	char **argv;
	int argc;

	if (xm_resume_load(path, &argc, &argv, &st, err, errlen)) {
		set_defaults(cfg);
		return XM_CLI_ERROR;
	}
	if (!strcmp(argv[1], "--resume")) {
		xm_resume_free_argv(argv);
		set_defaults(cfg);
		snprintf(err, errlen, "resume file '%s' names another resume file", path);
		return XM_CLI_ERROR;
	}
	rc = xm_cli_parse(argc, argv, cfg, err, errlen);
	cfg->resume_argv = argv;
	cfg->seed = st.seed;
	cfg->seed_set = true;
	cfg->resume_index = st.index;
	return rc;
}

enum xm_cli_action xm_cli_parse(int argc, char **argv, struct xm_config *cfg,
				char *err, size_t errlen)
{
	struct parse ps = { .cfg = cfg, .err = err, .errlen = errlen };
	int i, options_done = 0;

	if (argc >= 2 && !strcmp(argv[1], "--resume")) {
		if (argc != 3) {
			set_defaults(cfg);
			snprintf(err, errlen, "--resume takes a resume file and nothing else");
			return XM_CLI_ERROR;
		}
		return parse_resume(argv[2], cfg, err, errlen);
	}
	set_defaults(cfg);
	record_argv(cfg, argc, argv);
	cfg->argc = argc;
	cfg->argv = argv;
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
	      "  -sn: ping scan - disable port scan\n"
	      "  -Pn: treat all hosts as online - skip host discovery\n"
	      "  -PS/PA[portlist], -PE/PP, -PR: TCP SYN/ACK, ICMP echo/timestamp, ARP discovery\n"
	      "  --disable-arp-ping: no ARP discovery on the local link\n"
	      "  -n: never do reverse DNS resolution\n"
	      "SCAN TECHNIQUES:\n"
	      "  -sS: TCP SYN scan over AF_XDP, replies caught in XDP (default as root)\n"
	      "  -sT: TCP connect() scan (default without privileges, or when the\n"
	      "    interface cannot run XDP/AF_XDP; no host discovery)\n"
	      "PORT SPECIFICATION:\n"
	      "  -p <ranges>: e.g. -p22; -p1-65535; -p 80,443,8000-8100; -p- for all\n"
	      "SERVICE/VERSION DETECTION:\n"
	      "  -sV: probe open ports to determine service/version info\n"
	      "  --version-intensity <level>: set from 0 (light) to 9 (try all probes),\n"
	      "    default 7\n"
	      "  --version-light: limit to most likely probes (intensity 2)\n"
	      "  --version-all: try every single probe (intensity 9)\n"
	      "TIMING AND PERFORMANCE:\n"
	      "  --max-rate <pps> (alias --rate): probes per second (default 100000)\n"
	      "  --max-retries <n>: resend unanswered probes n times (default 1)\n"
	      "  --wait <seconds>: wait for late replies after the last probe (default 2)\n"
	      "  --seed <n>: fix the pseudo-random scan order\n"
	      "  --shard <i/n>: scan only the i-th of n disjoint parts\n"
	      "  --max-parallelism <n>: connects in flight for -sT (default 1024) and\n"
	      "    ports probed at once by -sV (default 256, at most n)\n"
	      "FIREWALL/IDS EVASION AND SPOOFING:\n"
	      "  -e <iface>: use this interface\n"
	      "  -S <addr>: use this source address\n"
	      "  --source-port <lo-hi> (alias -g): probe source ports (default: above\n"
	      "    the kernel's ip_local_port_range)\n"
	      "  --router-mac <mac>: next-hop MAC address (skips the neighbour table)\n"
	      "OUTPUT:\n"
	      "  -oN/-oX/-oG/-oJ <file>: scan in normal, XML, grepable or JSON-lines\n"
	      "    format to the given file ('-' for stdout)\n"
	      "  -oA <basename>: normal, XML and grepable at once (.nmap, .xml, .gnmap)\n"
	      "  -v: increase verbosity level (use -vv or more for greater effect)\n"
	      "  -d: increase debugging level (use -dd or more for greater effect)\n"
	      "  --reason: display the reason a port is in a particular state\n"
	      "  --open: only show open ports, and only hosts that have one\n"
	      "  --stats-every <time>: print scan status at this interval (e.g. 5s, 500ms)\n"
	      "  --stylesheet <path/URL>: XSL stylesheet referenced by the XML output\n"
	      "  (a progress line is shown on stderr when it is a terminal)\n"
	      "MISC:\n"
	      "  --resume <file>: finish a scan interrupted with Ctrl-C (it names the file)\n"
	      "  --send-rst: answer every SYN-ACK with a RST from XDP (no half-open connections)\n"
	      "  --user <name>: run as this user once set up (default nobody)\n"
	      "  -V, --version: print version number\n"
	      "  -h, --help: print this help summary page\n"
	      "EXIT STATUS:\n"
	      "  0 scan done, 1 run-time error, 2 bad command line, 128+N interrupted by signal N\n"
	      "EXAMPLES:\n"
	      "  xdpmap -p- --max-rate 500000 198.18.0.0/24\n"
	      "  xdpmap -v --reason --open -p 1-1024,8080 -oA scan 198.18.0.2\n"
	      "  xdpmap -n -p 22,80,443 -oJ - 198.18.0.0/16 | jq -c 'select(.state==\"open\")'\n"
	      "SEE THE MAN PAGE (man xdpmap) FOR MORE OPTIONS AND DESCRIPTIONS\n",
	      f);
}

void xm_config_free(struct xm_config *cfg)
{
	int i;

	xm_targets_free(&cfg->targets);
	xm_ports_free(&cfg->ports);
	xm_resume_free_argv(cfg->resume_argv);
	cfg->resume_argv = NULL;
	for (i = 0; i < XM_OUT_NFORMATS; i++) {
		free(cfg->out_alloc[i]);
		cfg->out_alloc[i] = NULL;
	}
}

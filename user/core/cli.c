// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Command-line parsing: a table of nmap-named options, each with a small handler. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blocklist.h"
#include "cli.h"
#include "cli_ipv6.h"
#include "log.h"
#include "research.h"
#include "resume.h"
#include "timing.h"
#include "udp_opts.h"
#include "top_ports.h"

struct parse {
	struct xm_config *cfg;
	char *err;
	size_t errlen;
	int ports_set;
	const char *ports_by;	/* the option that chose the ports: -p, --top-ports or -F */
	size_t top_n;		/* --top-ports N or -F: the head of the ranked list, 0 = not asked */
	unsigned set;		/* enum xm_timing_set: timing options given explicitly */
	bool shard_slash;	/* the last --shard was i/n (1-based) */
	bool shard_i_set;	/* zmap's form: --shard I (0-based) ... */
	bool shards_set;	/* ... and --shards N */
	uint64_t shard_i, shards;
};

/* The groups of --help, in nmap's order. */
enum section {
	SEC_TARGET,
	SEC_DISCOVERY,
	SEC_TECHNIQUES,
	SEC_PORTS,
	SEC_SERVICE,
	SEC_TIMING,
	SEC_EVASION,
	SEC_OUTPUT,
	SEC_MISC,
	SEC_COUNT,
};

/*
 * One option: its handler returns 0, -1 after writing ps->err, or 1 when
 * xdpmap should exit at once with status 0 (--help, --version).
 */
struct opt {
	const char *name;
	int has_arg;
	int (*fn)(struct parse *ps, const char *name, const char *arg);
	enum section sec;
	const char *label;	/* --help's left side; NULL = the name, then arg */
	const char *arg;	/* the argument's name in --help, e.g. "<file>" */
	const char *help;	/* NULL: not listed (an alias shown with its main option) */
};

/* Write the one-line reason into ps->err; returns -1 for the caller to return. */
__attribute__((format(printf, 2, 3)))
static int fail(struct parse *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
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

/* A decimal number of digits only (no sign, no 0x, no leading-zero octal), at most max. */
static int parse_dec(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (max - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* -p: checked now for every protocol, kept for finish() to parse for the scan types asked. */
static int opt_ports(struct parse *ps, const char *name, const char *arg)
{
	if (ps->ports_set && !strcmp(ps->ports_by, name))
		return fail(ps, "only 1 %s option allowed, separate multiple ranges with commas",
			    name);
	if (ps->ports_set)
		return fail(ps, "%s cannot be combined with %s", name, ps->ports_by);
	xm_ports_free(&ps->cfg->ports);
	if (xm_parse_ports_for(arg, XM_PORTS_BOTH, &ps->cfg->ports, ps->err, ps->errlen))
		return -1;
	ps->cfg->ports_spec = arg;
	ps->ports_set = 1;
	ps->ports_by = "-p";
	return 0;
}

/* --top-ports N, -F (the first 100): the head of the ranked list (data/top-ports). */
static int opt_top_ports(struct parse *ps, const char *name, const char *arg)
{
	uint64_t n = XM_FAST_PORTS;

	if (ps->ports_set)
		return fail(ps, "%s cannot be combined with %s (one port selection)", name,
			    ps->ports_by);
	if (arg && (parse_dec(arg, strlen(arg), 65536, &n) || !n))
		return fail(ps, "invalid %s '%s' (expected a number of ports, 1-65536)", name,
			    arg);
	ps->top_n = (size_t)n;
	ps->ports_set = 1;
	ps->ports_by = arg ? "--top-ports" : "-F";
	return 0;
}

/* --data, --data-string, --data-length: the payload of UDP ports without their own. */
static int opt_udp_data(struct parse *ps, const char *name, const char *arg)
{
	return xm_udp_data_option(ps->cfg, name, arg, ps->err, ps->errlen);
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

/* --source-port LO-HI, or one port as nmap's -g (xm_cli_notices() says retries reuse it). */
static int opt_source_port(struct parse *ps, const char *name, const char *arg)
{
	char range[16];

	if (!strchr(arg, '-') && strlen(arg) < 6)
		snprintf(range, sizeof(range), "%s-%s", arg, arg);
	else
		snprintf(range, sizeof(range), "%.15s", arg);
	if (xm_parse_port_range(range, &ps->cfg->sport_lo, &ps->cfg->sport_hi))
		return fail(ps, "invalid %s '%s' (expected a port or LO-HI within 1-65535, "
			    "LO <= HI)", name, arg);
	return 0;
}

/* --max-rate, --rate, --min-rate. */
static int opt_rate(struct parse *ps, const char *name, const char *arg)
{
	bool min = !strcmp(name, "--min-rate");

	if (parse_double(arg, 0.001, 1e9, min ? &ps->cfg->min_rate : &ps->cfg->max_rate))
		return fail(ps, "invalid %s '%s' (expected probes per second, > 0)",
			    name, arg);
	ps->set |= min ? XM_SET_MIN_RATE : XM_SET_MAX_RATE;
	return 0;
}

/* --sender-threads N: 1-XM_SENDERS_MAX here; more than the interface's queues is refused later. */
static int opt_sender_threads(struct parse *ps, const char *name, const char *arg)
{
	uint64_t v;

	if (parse_u64(arg, XM_SENDERS_MAX, &v) || !v || strspn(arg, "0123456789") != strlen(arg))
		return fail(ps, "invalid %s '%s' (expected 1-%d)", name, arg, XM_SENDERS_MAX);
	ps->cfg->sender_threads = (uint32_t)v;
	return 0;
}

static int opt_retries(struct parse *ps, const char *name, const char *arg)
{
	uint64_t v;

	if (parse_u64(arg, 50, &v))
		return fail(ps, "invalid %s '%s' (expected 0-50)", name, arg);
	ps->cfg->max_retries = (int)v;
	ps->set |= XM_SET_RETRIES;
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

/* --shard i/n (1-based), or zmap's --shard I (0-based, with --shards N: check_shard()). */
static int opt_shard(struct parse *ps, const char *name, const char *arg)
{
	const char *slash = strchr(arg, '/');
	uint64_t i, n;

	if (!slash) {
		if (parse_dec(arg, strlen(arg), UINT32_MAX - 1, &ps->shard_i))
			return fail(ps, "invalid %s '%s' (expected i/n with 1 <= i <= n, or I "
				    "with --shards N, 0 <= I < N)", name, arg);
		ps->shard_i_set = true;
		ps->shard_slash = false;
		return 0;
	}
	if (parse_dec(arg, (size_t)(slash - arg), UINT32_MAX, &i) ||
	    parse_dec(slash + 1, strlen(slash + 1), UINT32_MAX, &n) || !n || !i || i > n)
		return fail(ps, "invalid %s '%s' (expected i/n with 1 <= i <= n)", name, arg);
	ps->cfg->shard_index = (uint32_t)(i - 1);
	ps->cfg->shard_count = (uint32_t)n;
	ps->shard_slash = true;
	return 0;
}

/* zmap's --shards N: the scan is split in N parts, --shard I (0-based) picks one. */
static int opt_shards(struct parse *ps, const char *name, const char *arg)
{
	if (parse_dec(arg, strlen(arg), UINT32_MAX, &ps->shards) || !ps->shards)
		return fail(ps, "invalid %s '%s' (expected a number of shards, N >= 1)", name,
			    arg);
	ps->shards_set = true;
	return 0;
}

/* -T0..-T5, -T paranoid|sneaky|polite|normal|aggressive|insane. */
static int opt_timing(struct parse *ps, const char *name, const char *arg)
{
	int level = xm_timing_level(arg);

	if (level < 0)
		return fail(ps, "invalid %s '%s' (expected 0-5 or paranoid, sneaky, polite, "
			    "normal, aggressive, insane)", name, arg);
	ps->cfg->timing = level;
	ps->set |= XM_SET_TIMING;
	return 0;
}

/* The options that take nmap's time syntax, their fields and smallest values. */
static const struct {
	const char *name;
	size_t off;	/* offsetof(struct xm_config, ...) */
	unsigned bit;	/* enum xm_timing_set */
	bool positive;	/* 0 is refused */
} time_opts[] = {
	{ "--initial-rtt-timeout", offsetof(struct xm_config, initial_rtt_timeout),
	  XM_SET_INITIAL_RTT, true },
	{ "--min-rtt-timeout", offsetof(struct xm_config, min_rtt_timeout), XM_SET_MIN_RTT, true },
	{ "--max-rtt-timeout", offsetof(struct xm_config, max_rtt_timeout), XM_SET_MAX_RTT, true },
	{ "--host-timeout", offsetof(struct xm_config, host_timeout), XM_SET_HOST_TIMEOUT, false },
	{ "--scan-delay", offsetof(struct xm_config, scan_delay), XM_SET_SCAN_DELAY, false },
	{ "--max-scan-delay", offsetof(struct xm_config, max_scan_delay), XM_SET_MAX_SCAN_DELAY,
	  false },
	{ "--version-timeout", offsetof(struct xm_config, version_timeout), 0, false },
};

/* A time option of time_opts[]: 500ms, 5s, 2m, 1h, a bare number being seconds. */
static int opt_time(struct parse *ps, const char *name, const char *arg)
{
	size_t i;
	double v;

	for (i = 0; strcmp(time_opts[i].name, name); i++)
		;
	if (xm_parse_duration(arg, &v) || v > 86400 || (time_opts[i].positive && v <= 0))
		return fail(ps, "invalid %s '%s' (expected a time such as 500ms, 5s, 2m, 1h; "
			    "%s24h)", name, arg, time_opts[i].positive ? "above 0, at most " :
			    "at most ");
	*(double *)((char *)ps->cfg + time_opts[i].off) = v;
	ps->set |= time_opts[i].bit;
	return 0;
}

static int opt_exclude(struct parse *ps, const char *name, const char *arg)
{
	char *copy = strdup(arg), *save, *tok;
	int rc = 0;

	if (!copy)
		return fail(ps, "out of memory in %s", name);
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

/* -iR N: N random public addresses (blocklist.c draws them once the lists are read). */
static int opt_random_targets(struct parse *ps, const char *name, const char *arg)
{
	if (parse_dec(arg, strlen(arg), XM_RANDOM_TARGETS_MAX, &ps->cfg->random_targets) ||
	    !ps->cfg->random_targets)
		return fail(ps, "invalid %s '%s' (expected a number of hosts, 1-%llu)", name, arg,
			    (unsigned long long)XM_RANDOM_TARGETS_MAX);
	return 0;
}

/* --blocklist FILE, --allowlist FILE: zmap's CIDR-per-line files, read by blocklist.c. */
static int opt_cidr_file(struct parse *ps, const char *name, const char *arg)
{
	if (!*arg)
		return fail(ps, "empty file name for %s", name);
	if (!strcmp(name, "--blocklist"))
		ps->cfg->blocklist = arg;
	else
		ps->cfg->allowlist = arg;
	return 0;
}

/* -oN, -oX, -oG, -oJ: the letter picks a row of xm_output_formats[]. */
static int opt_output(struct parse *ps, const char *name, const char *arg)
{
	int i = name[2] ? xm_output_format_index(name[2]) : -1;

	if (i < 0) /* "-o" itself: the row stands for -o<letter> */
		return fail(ps, "unknown option '%s' (see --help)", name);
	if (!*arg)
		return fail(ps, "empty file name for %s", name);
	if (ps->cfg->out_path[i] && ps->cfg->out_path[i] != ps->cfg->out_alloc[i])
		return fail(ps, "only 1 %s option allowed ('%s' and '%s')", name,
			    ps->cfg->out_path[i], arg);
	ps->cfg->out_path[i] = arg;
	return 0;
}

/* -oA BASE: BASE.nmap, BASE.xml and BASE.gnmap (the formats with an extension), as nmap. */
static int opt_output_all(struct parse *ps, const char *name, const char *arg)
{
	struct xm_config *cfg = ps->cfg;
	size_t i;

	if (!*arg || !strcmp(arg, "-"))
		return fail(ps, "%s needs a base file name, not '%s' (only one format can go to stdout)",
			    name, arg);
	for (i = 0; i < xm_output_nformats; i++) {
		if (!xm_output_formats[i].ext)
			continue;
		free(cfg->out_alloc[i]);
		if (asprintf(&cfg->out_alloc[i], "%s%s", arg, xm_output_formats[i].ext) < 0) {
			cfg->out_alloc[i] = NULL;
			return fail(ps, "out of memory in %s", name);
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

/* --output-fields (checked here: an unknown name stops the command line), --metadata-file, ... */
static int opt_research(struct parse *ps, const char *name, const char *arg)
{
	enum xm_csv_field fields[XM_CSV_NFIELDS];
	size_t n;

	if (!*arg)
		return fail(ps, "empty value for %s", name);
	if (!strcmp(name, "--output-fields")) {
		if (xm_csv_fields_parse(arg, fields, &n, ps->err, ps->errlen))
			return -1;
		ps->cfg->csv_fields = arg;
	} else if (!strcmp(name, "--metadata-file")) {
		ps->cfg->metadata_path = arg;
	} else if (!strcmp(name, "--pcap-replies")) {
		ps->cfg->pcap_path = arg;
	} else {
		ps->cfg->status_path = arg;
	}
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
	else if (!strcmp(name, "--packet-trace"))
		ps->cfg->packet_trace = true;
	else if (!strcmp(name, "--append-output"))
		ps->cfg->append_output = true;
	else if (!strcmp(name, "--no-blocklist"))
		ps->cfg->no_blocklist = true;
	else if (!strcmp(name, "-sL"))
		ps->cfg->list_scan = true;
	return 0;
}

/* -6: the targets are IPv6 (host names were resolved to AAAA already: see wants_ipv6()). */
static int opt_ipv6(struct parse *ps, const char *name, const char *arg)
{
	ps->cfg->ipv6 = true;
	return 0;
}

/* -sS, -sT, -sU, -sV. */
static int opt_scan_type(struct parse *ps, const char *name, const char *arg)
{
	if (!strcmp(name, "-sS"))
		ps->cfg->syn_scan = true;
	else if (!strcmp(name, "-sT"))
		ps->cfg->connect_scan = true;
	else if (!strcmp(name, "-sU"))
		ps->cfg->udp_scan = true;
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

/* --versiondb FILE: read (and checked) when -sV starts, see check_versiondb(). */
static int opt_versiondb(struct parse *ps, const char *name, const char *arg)
{
	if (!*arg)
		return fail(ps, "%s needs a file name", name);
	ps->cfg->version_db = arg;
	return 0;
}

static int opt_parallelism(struct parse *ps, const char *name, const char *arg)
{
	uint64_t v;

	if (parse_u64(arg, 100000, &v) || !v || strspn(arg, "0123456789") != strlen(arg))
		return fail(ps, "invalid %s '%s' (expected 1-100000)", name, arg);
	ps->cfg->max_parallelism = (int)v;
	ps->set |= XM_SET_PARALLELISM;
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

/*
 * -PS[ports], -PA[ports]: TCP SYN or ACK discovery probes, port 80 when none
 * given; -PU[ports]: UDP probes, port 40125 when none given (as nmap's).
 */
static int opt_ping_tcp(struct parse *ps, const char *name, const char *arg)
{
	struct xm_ping_opts *po = &ps->cfg->ping;
	int syn = !strcmp(name, "-PS"), udp = !strcmp(name, "-PU");
	uint16_t *dst = udp ? po->udp_ports : syn ? po->syn_ports : po->ack_ports;
	size_t *n = udp ? &po->nudp : syn ? &po->nsyn : &po->nack, i;
	struct xm_ports ports = { 0 };
	char err[256];

	if (xm_parse_ports(*arg ? arg : udp ? "40125" : "80", &ports, err, sizeof(err)))
		return fail(ps, "invalid port list for %s: %s", name, err);
	for (i = 0; i < ports.n && *n < XM_PING_MAX_PORTS; i++)
		dst[(*n)++] = ports.v[i];
	i = ports.n;
	xm_ports_free(&ports);
	if (i > XM_PING_MAX_PORTS)
		return fail(ps, "too many ports for %s (at most 32)", name);
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

/* -v, -d; their repeated forms (-vv, -d3) are matched by verbosity() in parse_option(). */
static int opt_level(struct parse *ps, const char *name, const char *arg)
{
	verbosity(ps->cfg, name);
	return 0;
}

/* --resume is only read as the first argument (xm_cli_parse); anywhere else it is an error. */
static int opt_resume(struct parse *ps, const char *name, const char *arg)
{
	return fail(ps, "%s takes a resume file and nothing else", name);
}

/* --merge is only read as the first argument (main()); anywhere else it is an error. */
static int opt_merge(struct parse *ps, const char *name, const char *arg)
{
	return fail(ps, "%s must be the first argument: xdpmap --merge FILE... [-oN/-oX/-oG/-oJ "
		    "FILE] [--merge-partial]", name);
}

/* -h, --help, -V, --version: print, then exit with status 0. */
static int opt_exit(struct parse *ps, const char *name, const char *arg)
{
	if (!strcmp(name, "-h") || !strcmp(name, "--help"))
		xm_cli_usage(stdout);
	else
		printf("xdpmap version %s\n", XDPMAP_VERSION);
	return 1;
}

static int opt_list_options(struct parse *ps, const char *name, const char *arg);

/* Every option, in --help order within each section. */
static const struct opt options[] = {
	{ "-iL", 1, opt_input_list, SEC_TARGET, NULL, "<file>",
	  "read targets from a file ('-' for stdin)" },
	{ "--exclude", 1, opt_exclude, SEC_TARGET, NULL, "<host1[,host2],...>",
	  "exclude hosts/networks" },
	{ "--excludefile", 1, opt_excludefile, SEC_TARGET, NULL, "<file>",
	  "exclude the targets listed in a file" },
	{ "-iR", 1, opt_random_targets, SEC_TARGET, NULL, "<num hosts>",
	  "choose random public targets (outside the blocklist)" },
	{ "--blocklist", 1, opt_cidr_file, SEC_TARGET, NULL, "<file>",
	  "never scan the networks of this file (CIDR per line, # comments; zmap's -b)" },
	{ "--allowlist", 1, opt_cidr_file, SEC_TARGET, NULL, "<file>",
	  "scan only the networks of this file (the targets when none are given; zmap's -w)" },
	{ "--no-blocklist", 0, opt_flag, SEC_TARGET, NULL, NULL,
	  "do not apply data/blocklist.conf (IANA special-purpose networks), which applies "
	  "above 2^24 addresses and with -iR" },
	{ "-sL", 0, opt_flag, SEC_DISCOVERY, NULL, NULL,
	  "list scan - simply list targets to scan (reverse DNS unless -n; sends nothing)" },
	{ "-sn", 0, opt_ping, SEC_DISCOVERY, NULL, NULL, "ping scan - disable port scan" },
	{ "-Pn", 0, opt_ping, SEC_DISCOVERY, NULL, NULL,
	  "treat all hosts as online - skip host discovery" },
	{ "-PS", 1, opt_ping_tcp, SEC_DISCOVERY, "-PS/PA[portlist], -PE/PP, -PR", NULL,
	  "TCP SYN/ACK, ICMP echo/timestamp, ARP discovery" },
	{ "-PA", 1, opt_ping_tcp, SEC_DISCOVERY },
	{ "-PU", 1, opt_ping_tcp, SEC_DISCOVERY, "-PU[portlist]", NULL,
	  "UDP discovery to the given ports (default 40125)" },
	{ "-PE", 0, opt_ping, SEC_DISCOVERY },
	{ "-PP", 0, opt_ping, SEC_DISCOVERY },
	{ "-PR", 0, opt_ping, SEC_DISCOVERY },
	{ "--disable-arp-ping", 0, opt_ping, SEC_DISCOVERY, NULL, NULL,
	  "no ARP discovery on the local link" },
	{ "-n", 0, opt_flag, SEC_DISCOVERY, NULL, NULL, "never do reverse DNS resolution" },
	{ "-sS", 0, opt_scan_type, SEC_TECHNIQUES, NULL, NULL,
	  "TCP SYN scan over AF_XDP, replies caught in XDP (default as root)" },
	{ "-sT", 0, opt_scan_type, SEC_TECHNIQUES, NULL, NULL,
	  "TCP connect() scan (default without privileges, or when the interface cannot run "
	  "XDP/AF_XDP; no host discovery)" },
	{ "-sU", 0, opt_scan_type, SEC_TECHNIQUES, NULL, NULL,
	  "UDP scan over AF_XDP with per-port payloads (data/udp-payloads); with -sS or -sT" },
	{ "-6", 0, opt_ipv6, SEC_TECHNIQUES, NULL, NULL,
	  "scan IPv6 targets (names resolve to AAAA; no IPv4 targets in the same run)" },
	{ "-p", 1, opt_ports, SEC_PORTS, NULL, "<ranges>",
	  "e.g. -p22; -p1-65535; -p 80,443,8000-8100; -p- for all; -p U:53,161,T:22" },
	{ "--top-ports", 1, opt_top_ports, SEC_PORTS, NULL, "<number>",
	  "scan the <number> most common ports (the ranked list data/top-ports; the default "
	  "is its first 1000)" },
	{ "-F", 0, opt_top_ports, SEC_PORTS, NULL, NULL, "fast mode: the 100 most common ports" },
	{ "-sV", 0, opt_scan_type, SEC_SERVICE, NULL, NULL,
	  "probe open ports to determine service/version info" },
	{ "--version-intensity", 1, opt_version_intensity, SEC_SERVICE, NULL, "<level>",
	  "set from 0 (light) to 9 (try all probes), default 7" },
	{ "--version-light", 0, opt_version_intensity, SEC_SERVICE, NULL, NULL,
	  "limit to most likely probes (intensity 2)" },
	{ "--version-all", 0, opt_version_intensity, SEC_SERVICE, NULL, NULL,
	  "try every single probe (intensity 9)" },
	{ "--versiondb", 1, opt_versiondb, SEC_SERVICE, NULL, "<file>",
	  "add the probes and match lines of <file> (format: xdpmap-service-probes(5))" },
	{ "--version-timeout", 1, opt_time, SEC_SERVICE, NULL, "<time>",
	  "stop -sV this long after its first open port (default 5m, 0 = never); at most "
	  "65536 ports are probed" },
	{ "-T", 1, opt_timing, SEC_TIMING, "-T<0-5>", NULL,
	  "set timing template (higher is faster): paranoid, sneaky, polite, normal "
	  "(default), aggressive, insane; options given explicitly win" },
	{ "--min-rtt-timeout", 1, opt_time, SEC_TIMING,
	  "--min-rtt-timeout/--max-rtt-timeout/--initial-rtt-timeout <time>", NULL,
	  "bounds and start of the probe round-trip timeout (e.g. 100ms, 10s, 1s)" },
	{ "--max-rtt-timeout", 1, opt_time, SEC_TIMING },
	{ "--initial-rtt-timeout", 1, opt_time, SEC_TIMING },
	{ "--max-retries", 1, opt_retries, SEC_TIMING, NULL, "<n>",
	  "resend unanswered probes n times (default 1; with -T, the template's)" },
	{ "--host-timeout", 1, opt_time, SEC_TIMING, NULL, "<time>",
	  "give up on a target after this long (default none)" },
	{ "--scan-delay", 1, opt_time, SEC_TIMING, "--scan-delay/--max-scan-delay <time>", NULL,
	  "adjust delay between probes" },
	{ "--max-scan-delay", 1, opt_time, SEC_TIMING },
	{ "--min-rate", 1, opt_rate, SEC_TIMING, NULL, "<pps>",
	  "send no fewer than this many probes per second" },
	{ "--max-rate", 1, opt_rate, SEC_TIMING, "--max-rate <pps> (alias --rate)", NULL,
	  "probes per second (default 100000)" },
	{ "--rate", 1, opt_rate, SEC_TIMING },
	{ "--sender-threads", 1, opt_sender_threads, SEC_TIMING, NULL, "<n>",
	  "AF_XDP sockets and sending threads, one per TX queue (default: the interface's "
	  "channels, at most the CPUs)" },
	{ "--wait", 1, opt_wait, SEC_TIMING, NULL, "<seconds>",
	  "wait for late replies after the last probe (default 2)" },
	{ "--seed", 1, opt_seed, SEC_TIMING, NULL, "<n>", "fix the pseudo-random scan order" },
	{ "--shard", 1, opt_shard, SEC_TIMING, NULL, "<i/n>",
	  "scan only the i-th of n disjoint parts (1-based)" },
	{ "--shards", 1, opt_shards, SEC_TIMING, "--shards <N> --shard <I>", NULL,
	  "zmap's form of the same: part I of N, 0-based" },
	{ "--max-parallelism", 1, opt_parallelism, SEC_TIMING, NULL, "<n>",
	  "connects in flight for -sT (default 1024) and ports probed at once by -sV "
	  "(default 256, at most n)" },
	{ "-e", 1, opt_iface, SEC_EVASION, NULL, "<iface>", "use this interface" },
	{ "-S", 1, opt_source_addr, SEC_EVASION, NULL, "<addr>", "use this source address" },
	{ "--source-port", 1, opt_source_port, SEC_EVASION, "--source-port <lo-hi> (alias -g)",
	  NULL, "probe source ports (default: above the kernel's ip_local_port_range)" },
	{ "-g", 1, opt_source_port, SEC_EVASION },
	{ "--router-mac", 1, opt_router_mac, SEC_EVASION, NULL, "<mac>",
	  "next-hop MAC address (skips the neighbour table)" },
	{ "--data", 1, opt_udp_data, SEC_EVASION, NULL, "<hex string>",
	  "payload of UDP probes to ports without a payload of their own" },
	{ "--data-string", 1, opt_udp_data, SEC_EVASION, NULL, "<string>",
	  "the same as an ASCII string" },
	{ "--data-length", 1, opt_udp_data, SEC_EVASION, NULL, "<num>",
	  "the same as this many random bytes" },
	/* -oN, -oX, ...: any letter of xm_output_formats[]; its help is built from that table. */
	{ "-o", 1, opt_output, SEC_OUTPUT },
	{ "-oA", 1, opt_output_all, SEC_OUTPUT },
	{ "-v", 0, opt_level, SEC_OUTPUT, NULL, NULL,
	  "increase verbosity level (use -vv or more for greater effect)" },
	{ "-d", 0, opt_level, SEC_OUTPUT, NULL, NULL,
	  "increase debugging level (use -dd or more for greater effect)" },
	{ "--reason", 0, opt_flag, SEC_OUTPUT, NULL, NULL,
	  "display the reason a port is in a particular state" },
	{ "--open", 0, opt_flag, SEC_OUTPUT, NULL, NULL,
	  "only show open ports, and only hosts that have one" },
	{ "--packet-trace", 0, opt_flag, SEC_OUTPUT, NULL, NULL,
	  "show all packets sent and received (at most 5000 lines per second)" },
	{ "--append-output", 0, opt_flag, SEC_OUTPUT, NULL, NULL,
	  "append to rather than clobber specified output files" },
	{ "--stats-every", 1, opt_stats_every, SEC_OUTPUT, NULL, "<time>",
	  "print scan status at this interval (e.g. 5s, 500ms)" },
	{ "--output-fields", 1, opt_research, SEC_OUTPUT, NULL, "<f1,f2,...>",
	  "columns of -oC: ip, port, proto, state, reason, ttl, window, rtt, timestamp "
	  "(default all)" },
	{ "--metadata-file", 1, opt_research, SEC_OUTPUT, NULL, "<file>",
	  "write the run's configuration, counts, XDP counters and modes as JSON" },
	{ "--status-updates-file", 1, opt_research, SEC_OUTPUT, NULL, "<file>",
	  "one CSV line per second: sent, received, drops, rate, hit rate" },
	{ "--pcap-replies", 1, opt_research, SEC_OUTPUT, NULL, "<file>",
	  "write each reply the XDP program recorded as pcap (its first 128 bytes)" },
	{ "--stylesheet", 1, opt_stylesheet, SEC_OUTPUT, NULL, "<path/URL>",
	  "XSL stylesheet referenced by the XML output" },
	{ "--no-stylesheet", 0, opt_flag, SEC_OUTPUT, NULL, NULL,
	  "no XSL stylesheet in the XML output (the default)" },
	{ "--merge", 0, opt_merge, SEC_MISC, "--merge <file>...", NULL,
	  "write one report of a sharded scan from its shards' -oJ files (first argument; "
	  "with -oN/-oX/-oG/-oJ/-oA; --merge-partial: a shard may be missing)" },
	{ "--merge-partial", 0, opt_merge, SEC_MISC, NULL, NULL, NULL },
	{ "--resume", 1, opt_resume, SEC_MISC, NULL, "<file>",
	  "finish a scan interrupted with Ctrl-C (it names the file)" },
	{ "--send-rst", 0, opt_send_rst, SEC_MISC, NULL, NULL,
	  "answer every SYN-ACK with a RST from XDP (no half-open connections)" },
	{ "--user", 1, opt_user, SEC_MISC, NULL, "<name>",
	  "run as this user once set up (default nobody)" },
	{ "-V", 0, opt_exit, SEC_MISC, "-V, --version", NULL, "print version number" },
	{ "--version", 0, opt_exit, SEC_MISC },
	{ "-h", 0, opt_exit, SEC_MISC, "-h, --help", NULL, "print this help summary page" },
	{ "--help", 0, opt_exit, SEC_MISC },
	/* For the shell completion (tools/completion/xdpmap.bash): not in --help. */
	{ "--list-options", 0, opt_list_options, SEC_MISC },
};

static const size_t noptions = sizeof(options) / sizeof(options[0]);

/* What an option's value is, for the shell completion: a file, an interface or other. */
static const char *value_kind(const struct opt *o)
{
	if (!o->has_arg || o->fn == opt_ping_tcp)
		return "none";
	if (o->fn == opt_iface)
		return "iface";
	if (o->fn == opt_input_list || o->fn == opt_excludefile || o->fn == opt_cidr_file ||
	    o->fn == opt_resume || o->fn == opt_output || o->fn == opt_output_all ||
	    o->fn == opt_stylesheet)
		return "file";
	if (o->arg && (!strcmp(o->arg, "<file>") || !strcmp(o->arg, "<path/URL>")))
		return "file"; /* --versiondb, --metadata-file, ... and any later <file> option */
	return "value";
}

/* --list-options: "NAME KIND" per line (KIND: none, file, iface, value), -o<letter> spelt out. */
static int opt_list_options(struct parse *ps, const char *name, const char *arg)
{
	size_t i, k;

	for (i = 0; i < noptions; i++) {
		const struct opt *o = &options[i];

		if (o->fn == opt_list_options)
			continue;
		if (o->fn != opt_output) {
			printf("%s %s\n", o->name, value_kind(o));
			continue;
		}
		for (k = 0; k < xm_output_nformats; k++)
			printf("-o%c file\n", xm_output_formats[k].letter);
	}
	return 1;
}

static const struct opt *find_opt(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (!strcmp(options[i].name, name))
			return &options[i];
	return NULL;
}

/* Whether word w is itself an option (so not the value of the option before it). */
static bool is_option_word(const char *w)
{
	static const char *const prefixes[] = { "-p", "-T", "-PS", "-PA", "-o" };
	char name[64];
	size_t i;

	if (w[0] != '-' || !w[1])
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(w, "="), w);
	if (find_opt(name) || level_flag(w, 'v') || level_flag(w, 'd'))
		return true;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(w, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * One option at argv[*i]; advances *i past its argument. Returns what its
 * handler returns: 0, -1 (ps->err says why) or 1 (exit with status 0).
 */
static int parse_option(struct parse *ps, int argc, char **argv, int *i)
{
	char name[64];
	const char *a = argv[*i], *eq = strchr(a, '='), *val = NULL, *oname = NULL;
	const struct opt *o;

	snprintf(name, sizeof(name), "%.*s", eq && a[1] == '-' ? (int)(eq - a) : 63, a);
	o = find_opt(name);
	if (o && eq && a[1] == '-')
		val = eq + 1;
	if (!o && !strncmp(a, "-p", 2) && a[2]) { /* -p22, -p- */
		o = find_opt("-p");
		val = a + 2;
	}
	if (!o && !strncmp(a, "-T", 2) && a[2]) { /* -T4, -Taggressive */
		o = find_opt("-T");
		val = a + 2;
	}
	if (o && (!strcmp(o->name, "-PS") || !strcmp(o->name, "-PA") || !strcmp(o->name, "-PU")))
		val = ""; /* bare -PS / -PA / -PU: the default port */
	if (!o && (!strncmp(a, "-PS", 3) || !strncmp(a, "-PA", 3) ||
		   !strncmp(a, "-PU", 3))) { /* -PS22,443 */
		snprintf(name, sizeof(name), "%.3s", a);
		o = find_opt(name);
		val = a + 3;
	}
	if (!o && !strncmp(a, "-o", 2) && strlen(a) == 3 && xm_output_format_index(a[2]) >= 0) {
		o = find_opt("-o");
		oname = a;
	}
	if (!o && verbosity(ps->cfg, a)) /* -vv, -v3, -dd, -d2 */
		return 0;
	if (!o)
		return fail(ps, "unknown option '%s' (see --help)", name);
	if (!oname)
		oname = o->name;
	if (!o->has_arg && eq && a[1] == '-')
		return fail(ps, "option %s takes no value ('%s')", oname, a);
	if (o->has_arg && !val) {
		if (*i + 1 >= argc)
			return fail(ps, "option %s needs a value", oname);
		if (is_option_word(argv[*i + 1]))
			return fail(ps, "option %s needs a value (got the option '%s')", oname,
				    argv[*i + 1]);
		val = argv[++*i];
	}
	return o->fn(ps, oname, val);
}

static void set_defaults(struct xm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_rate = 100000;
	cfg->max_retries = 1;
	cfg->wait_s = 2;
	cfg->shard_count = 1;
	cfg->version_intensity = 7;
	cfg->version_timeout = 300; /* 5 minutes, as XM_SVC_TOTAL_TIMEOUT */
	cfg->timing = 3; /* the other timing fields: xm_timing_resolve() in finish() */
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
	size_t i;
	int n = 0;

	for (i = 0; i < xm_output_nformats; i++)
		n += cfg->out_path[i] && !strcmp(cfg->out_path[i], "-");
	return n;
}

/* "only one of -oN, -oX, -oG, -oJ can write to stdout ('-')", from the format table. */
static void stdout_error(struct parse *ps)
{
	size_t i, pos;

	pos = (size_t)snprintf(ps->err, ps->errlen, "only one of");
	for (i = 0; i < xm_output_nformats && pos < ps->errlen; i++)
		pos += (size_t)snprintf(ps->err + pos, ps->errlen - pos, "%s -o%c",
					i ? "," : "", xm_output_formats[i].letter);
	if (pos < ps->errlen)
		snprintf(ps->err + pos, ps->errlen - pos, " can write to stdout ('-')");
}

/*
 * A safety rail, as masscan's: more than a /8 of addresses in total is only
 * scanned when the user has said what to leave out (--exclude/--excludefile).
 */
static int check_size(struct parse *ps)
{
	if (ps->cfg->targets.count > (1ULL << 24) && !ps->cfg->targets.exclude.n &&
	    !ps->cfg->allowlist)
		return fail(ps, "refusing to scan more than a /8 of addresses without "
			    "--exclude or --excludefile (say what to leave out)");
	return 0;
}

/* zmap's --shards N --shard I (0-based) next to --shard i/n (1-based). */
static int check_shard(struct parse *ps)
{
	uint64_t n = ps->shards_set ? ps->shards : 1, i = ps->shard_i_set ? ps->shard_i : 0;

	if (ps->shard_slash && ps->shards_set)
		return fail(ps, "--shard i/n (1-based) cannot be combined with --shards N; use "
			    "--shards N --shard I (0-based) or --shard i/n alone");
	if (ps->shard_slash || (!ps->shard_i_set && !ps->shards_set))
		return 0;
	if (i && !ps->shards_set)
		return fail(ps, "--shard %llu needs --shards N (zmap's 0-based form), or use "
			    "--shard i/n (1-based)", (unsigned long long)i);
	if (i >= n)
		return fail(ps, "--shard %llu is out of range for --shards %llu (0-based: "
			    "0 <= I < N)", (unsigned long long)i, (unsigned long long)n);
	ps->cfg->shard_index = (uint32_t)i;
	ps->cfg->shard_count = (uint32_t)n;
	return 0;
}

/* The timing template and the explicit timing options (timing.c). */
static int check_timing(struct parse *ps)
{
	return xm_timing_resolve(ps->cfg, ps->set, ps->err, ps->errlen);
}

/* Combinations of discovery options that nmap users could get wrong. */
static int check_ping(struct parse *ps)
{
	const struct xm_ping_opts *po = &ps->cfg->ping;

	if (po->only && ps->ports_set)
		return fail(ps, "-sn (host discovery only, no port scan) cannot be combined "
			    "with -p");
	if (po->only && po->skip)
		return fail(ps, "-sn with -Pn does nothing: no host discovery and no port scan");
	if (po->skip && po->chosen)
		return fail(ps, "-Pn (no host discovery) cannot be combined with "
			    "-PS/-PA/-PE/-PP/-PR");
	return 0;
}

/* Scan types: one port scan at most, and none of them with -sn. */
static int check_scan_type(struct parse *ps)
{
	const struct xm_config *cfg = ps->cfg;

	if (cfg->syn_scan && cfg->connect_scan)
		return fail(ps, "-sS and -sT cannot be combined (one TCP scan type at a time)");
	if (cfg->ping.only && cfg->udp_scan)
		return fail(ps, "-sn (no port scan) cannot be combined with -sU");
	if (cfg->ping.only && (cfg->syn_scan || cfg->connect_scan))
		return fail(ps, "-sn (no port scan) cannot be combined with %s",
			    cfg->syn_scan ? "-sS" : "-sT");
	if (cfg->ping.only && cfg->version_detect)
		return fail(ps, "-sn (no port scan) cannot be combined with -sV "
			    "(it probes open ports)");
	if (cfg->connect_scan && cfg->ping.chosen)
		return fail(ps, "-sT does no host discovery: -PS/-PA/-PE/-PP/-PR need the "
			    "SYN scan (-sS)");
	if (cfg->connect_scan && cfg->send_rst)
		return fail(ps, "--send-rst needs the SYN scan (-sS): -sT closes its own "
			    "connections");
	return 0;
}

/* --top-ports N, -F: the head of the one ranked list, for each protocol asked. */
static int top_ports_for(struct parse *ps, enum xm_ports_want want)
{
	struct xm_ports top = { 0 };
	int rc;

	if (xm_ports_top(ps->top_n, &top))
		return fail(ps, "out of memory in %s", ps->ports_by);
	rc = xm_ports_copy_for(top.v, top.n, want, &ps->cfg->ports);
	xm_ports_free(&top);
	return rc ? fail(ps, "out of memory in %s", ps->ports_by) : 0;
}

/* The port list for the scan types asked: TCP unless -sU alone, UDP with -sU. */
static int scan_ports(struct parse *ps)
{
	struct xm_config *cfg = ps->cfg;
	int want = cfg->udp_scan ? XM_PORTS_UDP : 0;

	if (!cfg->udp_scan || cfg->syn_scan || cfg->connect_scan)
		want |= XM_PORTS_TCP;
	xm_ports_free(&cfg->ports);
	if (ps->top_n)
		return top_ports_for(ps, (enum xm_ports_want)want);
	if (ps->ports_set)
		return xm_parse_ports_for(cfg->ports_spec, (enum xm_ports_want)want, &cfg->ports,
					  ps->err, ps->errlen);
	if (xm_ports_default_for((enum xm_ports_want)want, &cfg->ports))
		return fail(ps, "out of memory for the default ports");
	return 0;
}

/* -sL lists and sends nothing; -iR picks the targets itself. */
static int check_list_scan(struct parse *ps)
{
	const struct xm_config *cfg = ps->cfg;

	if (cfg->random_targets && cfg->targets.include.n)
		return fail(ps, "-iR picks random targets: it cannot be combined with target "
			    "addresses or -iL");
	if (cfg->list_scan && (cfg->syn_scan || cfg->connect_scan || cfg->version_detect ||
			       cfg->ping.only))
		return fail(ps, "-sL (list targets, send nothing) cannot be combined with %s",
			    cfg->syn_scan ? "-sS" : cfg->connect_scan ? "-sT" :
			    cfg->version_detect ? "-sV" : "-sn");
	return 0;
}

/* --versiondb adds to -sV's signatures (main.c loads them before the scan starts). */
static int check_versiondb(struct parse *ps)
{
	if (ps->cfg->version_db && !ps->cfg->version_detect)
		return fail(ps, "--versiondb needs -sV");
	return 0;
}

static enum xm_cli_action finish(struct parse *ps)
{
	if (!ps->cfg->targets.include.n && !ps->cfg->random_targets && !ps->cfg->allowlist) {
		snprintf(ps->err, ps->errlen, "no targets specified (see --help)");
		return XM_CLI_ERROR;
	}
	if (check_list_scan(ps) || xm_targets_build(ps->cfg, ps->err, ps->errlen) ||
	    xm_cli_check_family(ps->cfg, ps->err, ps->errlen))
		return XM_CLI_ERROR;
	if (scan_ports(ps))
		return XM_CLI_ERROR;
	if (!ps->cfg->ports.n) {
		snprintf(ps->err, ps->errlen, "no ports to scan");
		return XM_CLI_ERROR;
	}
	if (check_ping(ps) || check_scan_type(ps) || check_size(ps) || check_shard(ps) ||
	    check_timing(ps) || check_versiondb(ps))
		return XM_CLI_ERROR;
	if (stdout_outputs(ps->cfg) > 1) {
		stdout_error(ps);
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

static bool takes_next(const char *a);

/* Whether -6 is among the options: names given before it resolve to AAAA as well. */
static bool wants_ipv6(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-6"))
			return true;
		if (argv[i][0] == '-' && takes_next(argv[i]))
			i++;
	}
	return false;
}

enum xm_cli_action xm_cli_parse(int argc, char **argv, struct xm_config *cfg,
				char *err, size_t errlen)
{
	struct parse ps = { .cfg = cfg, .err = err, .errlen = errlen };
	int i, rc, options_done = 0;

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
	if (wants_ipv6(argc, argv))
		cfg->targets.include.resolve_family = cfg->targets.exclude.resolve_family =
			XM_FAMILY_IPV6;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!options_done && !strcmp(a, "--")) {
			options_done = 1;
		} else if (!options_done && a[0] == '-' && a[1]) {
			rc = parse_option(&ps, argc, argv, &i);
			if (rc)
				return rc < 0 ? XM_CLI_ERROR : XM_CLI_EXIT_OK;
		} else if (xm_parse_target(a, &cfg->targets.include, err, errlen)) {
			return XM_CLI_ERROR;
		}
	}
	return finish(&ps);
}

/* --shard/--shards and the output files (-oN, -oX, -oG, -oJ, -oA), by name (no "=value"). */
static bool scan_word_dropped(const char *name)
{
	if (!strcmp(name, "--shard") || !strcmp(name, "--shards"))
		return true;
	return !strncmp(name, "-o", 2) && strlen(name) == 3 &&
	       (name[2] == 'A' || xm_output_format_index(name[2]) >= 0);
}

/* Whether the option word 'a' takes the next word as its value (as parse_option() reads it). */
static bool takes_next(const char *a)
{
	const struct opt *o;

	if (a[1] == '-' && strchr(a, '='))
		return false;
	if (!strncmp(a, "-o", 2) && strlen(a) == 3 && xm_output_format_index(a[2]) >= 0)
		return true;
	o = find_opt(a);
	return o && o->has_arg && strcmp(o->name, "-PS") && strcmp(o->name, "-PA") &&
	       strcmp(o->name, "-PU");
}

size_t xm_cli_scan_words(int argc, char *const *argv, const char **out)
{
	bool options_done = false;
	size_t n = 0;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		char name[64];

		if (options_done || a[0] != '-' || !a[1]) {
			out[n++] = a;
			continue;
		}
		options_done = !strcmp(a, "--");
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(a, "="), a);
		if (scan_word_dropped(a[1] == '-' ? name : a)) {
			i += takes_next(a);
			continue;
		}
		out[n++] = a;
		if (takes_next(a) && i + 1 < argc)
			out[n++] = argv[++i];
	}
	return n;
}

void xm_cli_scan_id(int argc, char *const *argv, char *buf, size_t len)
{
	const char **words = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*words));
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a 64 */
	size_t n, k;
	const char *p;

	n = words ? xm_cli_scan_words(argc, argv, words) : 0;
	for (k = 0; k < n; k++)
		for (p = words[k];; p++) {
			h = (h ^ (uint8_t)*p) * 0x100000001b3ULL;
			if (!*p)
				break;
		}
	snprintf(buf, len, "%016llx%s", (unsigned long long)h, words ? "" : "-nomem");
	free(words);
}

static const struct {
	const char *title;
	const char *intro; /* lines under the title, before the options */
	const char *outro; /* lines after the options */
} sections[SEC_COUNT] = {
	[SEC_TARGET] = { "TARGET SPECIFICATION",
			 "  Addresses, CIDR (198.18.0.0/24), octet ranges (198.18.1-3.1-254),\n"
			 "  full ranges (198.18.0.1-198.18.2.7), host names\n" },
	[SEC_DISCOVERY] = { "HOST DISCOVERY" },
	[SEC_TECHNIQUES] = { "SCAN TECHNIQUES" },
	[SEC_PORTS] = { "PORT SPECIFICATION" },
	[SEC_SERVICE] = { "SERVICE/VERSION DETECTION" },
	[SEC_TIMING] = { "TIMING AND PERFORMANCE" },
	[SEC_EVASION] = { "FIREWALL/IDS EVASION AND SPOOFING" },
	[SEC_OUTPUT] = { "OUTPUT", NULL,
			 "  (a progress line is shown on stderr when it is a terminal)\n" },
	[SEC_MISC] = { "MISC" },
};

#define HELP_WIDTH 78

/* "  LABEL: HELP", wrapped at HELP_WIDTH with continuation lines indented by 4. */
static void help_line(FILE *f, const char *label, const char *help)
{
	size_t col = (size_t)fprintf(f, "  %s:", label), w;
	const char *p = help;

	while (*p) {
		w = strcspn(p, " ");
		if (col + 1 + w > HELP_WIDTH && col > 4) {
			fputs("\n   ", f);
			col = 3;
		}
		col += (size_t)fprintf(f, " %.*s", (int)w, p);
		p += w;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

/* Items of the format table joined as "a, b or c": 'last' joins the last two. */
static void format_list(char *buf, size_t len, bool with_ext_only, bool exts, const char *last)
{
	size_t i, n = 0, k = 0, pos = 0;

	for (i = 0; i < xm_output_nformats; i++)
		n += !with_ext_only || xm_output_formats[i].ext;
	buf[0] = '\0';
	for (i = 0; i < xm_output_nformats && pos < len; i++) {
		const struct xm_output_format *of = &xm_output_formats[i];

		if (with_ext_only && !of->ext)
			continue;
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s",
					!k ? "" : k + 1 == n ? last : ", ",
					exts ? of->ext : of->name);
		k++;
	}
}

/* The -o<letter> and -oA lines, from the format table. */
static void output_help(FILE *f, const struct opt *o)
{
	char label[128], help[320], names[128], exts[128];
	size_t i, pos = 0;

	if (o->fn == opt_output_all) {
		format_list(names, sizeof(names), true, false, " and ");
		format_list(exts, sizeof(exts), true, true, ", ");
		snprintf(help, sizeof(help), "%s at once (%s)", names, exts);
		help_line(f, "-oA <basename>", help);
		return;
	}
	for (i = 0; i < xm_output_nformats && pos < sizeof(label); i++)
		pos += (size_t)snprintf(label + pos, sizeof(label) - pos, "%s-o%c",
					i ? "/" : "", xm_output_formats[i].letter);
	if (pos < sizeof(label))
		snprintf(label + pos, sizeof(label) - pos, " <file>");
	format_list(names, sizeof(names), false, false, " or ");
	snprintf(help, sizeof(help), "scan in %s format to the given file ('-' for stdout)",
		 names);
	help_line(f, label, help);
}

static void option_help(FILE *f, const struct opt *o)
{
	char label[128];

	if (o->fn == opt_output || o->fn == opt_output_all) {
		output_help(f, o);
		return;
	}
	if (!o->help)
		return;
	if (o->label)
		snprintf(label, sizeof(label), "%s", o->label);
	else
		snprintf(label, sizeof(label), "%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	help_line(f, label, o->help);
}

/* --help: the option table, section by section, then exit codes and examples. */
void xm_cli_usage(FILE *f)
{
	size_t i;
	int sec;

	fputs("xdpmap " XDPMAP_VERSION " - a port scanner with an XDP fast path\n"
	      "Usage: xdpmap [Scan Type] [Options] {target specification}\n", f);
	for (sec = 0; sec < SEC_COUNT; sec++) {
		fprintf(f, "%s:\n%s", sections[sec].title,
			sections[sec].intro ? sections[sec].intro : "");
		for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
			if (options[i].sec == (enum section)sec)
				option_help(f, &options[i]);
		fputs(sections[sec].outro ? sections[sec].outro : "", f);
	}
	fputs("EXIT STATUS:\n"
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
	free(cfg->udp_data);
	cfg->udp_data = NULL;
	xm_resume_free_argv(cfg->resume_argv);
	cfg->resume_argv = NULL;
	for (i = 0; i < XM_OUT_MAX; i++) {
		free(cfg->out_alloc[i]);
		cfg->out_alloc[i] = NULL;
	}
}

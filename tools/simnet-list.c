// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* simnet-list: prints the simulated network's ground truth (live hosts, open and closed ports). */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ports.h"
#include "simnet.h"

#define PROG "simnet-list"

struct opts {
	int hosts;		/* --hosts: live addresses only */
	int udp;		/* --udp: the ports' UDP answers instead of TCP's */
	int user_excl;
	const char *ports;	/* -p */
	struct simnet_cfg cfg;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " [--seed N] [--density N] [--range CIDR] [--exclude CIDR]...\n"
		"       [--ipv6 NET] (-p PORTS [--udp] | --hosts)\n"
		"Prints the ground truth of the simulated network that simnet-responder answers\n"
		"for with the same options: with --hosts one live address per line, otherwise\n"
		"'ADDR PORT open|closed' for every answering (host, port); filtered and dead\n"
		"ones are omitted; with --udp the states are those of UDP probes (open: a\n"
		"datagram comes back, closed: ICMP port unreachable).\n"
		"Defaults: seed %llu, density %u/65536, range 198.18.0.0/15, exclude the\n"
		"range's first /30 (replaced by any --exclude, at most %d).\n"
		"PORTS uses xdpmap's -p syntax (22,80,1000-2000, -). --ipv6 NET: the addresses\n"
		"NET's upper 96 bits + the range's, as the responder's --range6 NET answers.\n",
		SIMNET_DEFAULT_SEED, SIMNET_DEFAULT_DENSITY, SIMNET_MAX_EXCL);
}

static int parse_num(const char *name, const char *s, unsigned long long max,
		     unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || *out > max) {
		fprintf(stderr, PROG ": %s: '%s' is not a number in 0-%llu\n", name, s, max);
		return -1;
	}
	return 0;
}

static int parse_cidr_opt(const char *name, const char *s, __u32 *base, __u32 *mask)
{
	if (!simnet_parse_cidr(s, base, mask))
		return 0;
	fprintf(stderr, PROG ": %s: '%s' is not an IPv4 address or CIDR\n", name, s);
	return -1;
}

static int add_exclude(struct opts *o, const char *arg)
{
	struct simnet_cfg *c = &o->cfg;

	if (!o->user_excl)
		c->n_excl = 0;
	o->user_excl = 1;
	if (c->n_excl >= SIMNET_MAX_EXCL) {
		fprintf(stderr, PROG ": more than %d exclusions\n", SIMNET_MAX_EXCL);
		return -1;
	}
	if (parse_cidr_opt("--exclude", arg, &c->excl_base[c->n_excl], &c->excl_mask[c->n_excl]))
		return -1;
	c->n_excl++;
	return 0;
}

/* --ipv6 NET: an IPv6 address whose upper 96 bits the simulated addresses share. */
static int parse_net6(const char *arg, struct simnet_cfg *c)
{
	__u8 b[16];

	if (inet_pton(AF_INET6, arg, b) != 1) {
		fprintf(stderr, PROG ": --ipv6: '%s' is not an IPv6 address\n", arg);
		return -1;
	}
	memcpy(c->net6, b, 12);
	c->has_net6 = 1;
	return 0;
}

static int apply_opt(struct opts *o, int c, const char *arg)
{
	unsigned long long v;

	switch (c) {
	case 's':
		return parse_num("--seed", arg, ~0ULL, (unsigned long long *)&o->cfg.seed);
	case 'd':
		if (parse_num("--density", arg, SIMNET_SHARE_ONE, &v))
			return -1;
		o->cfg.density = (__u32)v;
		return 0;
	case 'l': /* accepted for symmetry with the responder; loss is not ground truth */
		return parse_num("--loss", arg, 1000000, &v);
	case 'r':
		return parse_cidr_opt("--range", arg, &o->cfg.range_base, &o->cfg.range_mask);
	case 'x':
		return add_exclude(o, arg);
	case 'p':
		o->ports = arg;
		return 0;
	case 'H':
		o->hosts = 1;
		return 0;
	case 'u':
		o->udp = 1;
		return 0;
	case '6':
		return parse_net6(arg, &o->cfg);
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "density", required_argument, NULL, 'd' },
		{ "loss", required_argument, NULL, 'l' },
		{ "range", required_argument, NULL, 'r' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "ports", required_argument, NULL, 'p' },
		{ "hosts", no_argument, NULL, 'H' },
		{ "udp", no_argument, NULL, 'u' },
		{ "ipv6", required_argument, NULL, '6' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (c == '?') {
			usage(stderr);
			return -1;
		}
		if (apply_opt(o, c, optarg))
			return -1;
	}
	if (optind != argc || (!o->hosts && !o->ports)) {
		fprintf(stderr, PROG ": %s\n", optind != argc ? "unexpected argument" :
			"-p PORTS or --hosts is required");
		usage(stderr);
		return -1;
	}
	if (!o->user_excl) {
		o->cfg.n_excl = 1;
		o->cfg.excl_base[0] = o->cfg.range_base;
		o->cfg.excl_mask[0] = SIMNET_LINK_MASK;
	}
	return 0;
}

/* The text of simulated address a: IPv4, or net6 + a with --ipv6 (RFC 5952, inet_ntop). */
static const char *addr_text(const struct opts *o, __u32 a, char *buf, size_t len)
{
	__u8 b[16];

	if (!o->cfg.has_net6) {
		snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
			 a & 0xff);
		return buf;
	}
	memcpy(b, o->cfg.net6, 12);
	b[12] = (__u8)(a >> 24);
	b[13] = (__u8)(a >> 16);
	b[14] = (__u8)(a >> 8);
	b[15] = (__u8)a;
	return inet_ntop(AF_INET6, b, buf, (socklen_t)len);
}

static void print_host(const struct opts *o, const struct xm_ports *ports, __u32 a)
{
	char text[INET6_ADDRSTRLEN];
	const char *name;
	size_t i;
	int st;

	addr_text(o, a, text, sizeof(text));
	if (o->hosts) {
		printf("%s\n", text);
		return;
	}
	for (i = 0; i < ports->n; i++) {
		st = o->udp ? simnet_udp_state(&o->cfg, a, ports->v[i]) :
			      simnet_port_state(&o->cfg, a, ports->v[i]);
		if (st == SIMNET_FILTERED)
			continue;
		name = st == SIMNET_OPEN ? "open" : "closed";
		printf("%s %u %s\n", text, ports->v[i], name);
	}
}

int main(int argc, char **argv)
{
	struct opts o = { .cfg = SIMNET_CFG_INIT };
	struct xm_ports ports = { 0 };
	__u64 i, size;
	__u32 a;
	char err[256];

	if (parse_args(argc, argv, &o))
		return 2;
	if (o.ports && xm_parse_ports(o.ports, &ports, err, sizeof(err))) {
		fprintf(stderr, PROG ": -p %s: %s\n", o.ports, err);
		return 2;
	}
	size = (__u64)(~o.cfg.range_mask) + 1;
	for (i = 0; i < size; i++) {
		a = o.cfg.range_base | (__u32)i;
		if (simnet_in_range(&o.cfg, a) && simnet_host_alive(&o.cfg, a))
			print_host(&o, &ports, a);
	}
	xm_ports_free(&ports);
	if (fflush(stdout) || ferror(stdout)) {
		perror(PROG ": writing stdout");
		return 1;
	}
	return 0;
}

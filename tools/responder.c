// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* simnet-responder: loads the simulated-network XDP responder onto an interface until signalled. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "simnet.h"
#include "responder.skel.h"

#define PROG "simnet-responder"

struct opts {
	const char *ifname;
	int pass_only;
	int drop_tcp;		/* --drop-tcp: the TCP-dropping program instead of XDP_PASS */
	int user_excl;		/* --exclude given: no default link /30 */
	int any_range;		/* --allow-any-range */
	struct simnet_cfg cfg;
};

static const char *const counter_names[SIMNET_CNT_MAX] = {
	[SIMNET_CNT_SEEN] = "seen",
	[SIMNET_CNT_SYNACK] = "syn_ack",
	[SIMNET_CNT_RST] = "rst_ack",
	[SIMNET_CNT_ACK_RST] = "ack_rst",
	[SIMNET_CNT_ECHO] = "echo_reply",
	[SIMNET_CNT_TSTAMP] = "timestamp_reply",
	[SIMNET_CNT_ARP] = "arp_reply",
	[SIMNET_CNT_FILTERED] = "drop_filtered",
	[SIMNET_CNT_DEAD] = "drop_dead",
	[SIMNET_CNT_LOST] = "drop_lost",
	[SIMNET_CNT_OTHER] = "drop_other",
	[SIMNET_CNT_PASSED] = "passed",
	[SIMNET_CNT_ERROR] = "error",
	[SIMNET_CNT_UDP_REPLY] = "udp_reply",
	[SIMNET_CNT_PORT_UNREACH] = "port_unreach",
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " -i IFACE [--seed N] [--density N] [--loss PPM]\n"
		"       [--range CIDR] [--exclude CIDR]... [--range6 NET]\n"
		"       | -i IFACE --pass-only | -i IFACE --drop-tcp\n"
		"Answers for a simulated network (default 198.18.0.0/15 minus its first /30)\n"
		"with native XDP on IFACE until SIGINT/SIGTERM; SIGUSR1 prints the counters.\n"
		"  --seed N      seed of the ground-truth function (default %llu)\n"
		"  --density N   live hosts per 65536 addresses (default %u)\n"
		"  --loss PPM    probes dropped at random, per million (default 0)\n"
		"  --range CIDR  simulated range\n"
		"  --exclude CIDR  not simulated (repeatable, at most %d; default: the range's\n"
		"                first /30); IFACE's own addresses are always excluded\n"
		"  --pass-only   attach only an XDP_PASS program (for the scanner's veth)\n"
		"  --drop-tcp    attach only a program dropping IPv4 and IPv6 TCP (TX-only runs)\n"
		"  --range6 NET  simulate NET's /96 too: NET's upper 96 bits + the range's\n"
		"  --allow-any-range  accept a --range outside 198.18.0.0/15\n",
		SIMNET_DEFAULT_SEED, SIMNET_DEFAULT_DENSITY, SIMNET_MAX_EXCL);
}

/* Parse an unsigned number in [0, max]; -1 if malformed or too large. */
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

static int add_exclude(struct simnet_cfg *c, __u32 base, __u32 mask)
{
	if (c->n_excl >= SIMNET_MAX_EXCL) {
		fprintf(stderr, PROG ": more than %d exclusions\n", SIMNET_MAX_EXCL);
		return -1;
	}
	c->excl_base[c->n_excl] = base;
	c->excl_mask[c->n_excl] = mask;
	c->n_excl++;
	return 0;
}

static int parse_cidr_opt(const char *name, const char *s, __u32 *base, __u32 *mask)
{
	if (!simnet_parse_cidr(s, base, mask))
		return 0;
	fprintf(stderr, PROG ": %s: '%s' is not an IPv4 address or CIDR\n", name, s);
	return -1;
}

/* One option with its argument; -1 on a bad value. */
static int apply_opt(struct opts *o, int c, const char *arg)
{
	struct simnet_cfg *cfg = &o->cfg;
	unsigned long long v;
	__u32 base, mask;
	__u8 base6[16];

	switch (c) {
	case 'i':
		o->ifname = arg;
		return 0;
	case 's':
		return parse_num("--seed", arg, ~0ULL, (unsigned long long *)&cfg->seed);
	case 'd':
		if (parse_num("--density", arg, SIMNET_SHARE_ONE, &v))
			return -1;
		cfg->density = (__u32)v;
		return 0;
	case 'l':
		if (parse_num("--loss", arg, 1000000, &v))
			return -1;
		cfg->loss_ppm = (__u32)v;
		return 0;
	case 'r':
		return parse_cidr_opt("--range", arg, &cfg->range_base, &cfg->range_mask);
	case 'x':
		if (parse_cidr_opt("--exclude", arg, &base, &mask))
			return -1;
		if (!o->user_excl)
			cfg->n_excl = 0;
		o->user_excl = 1;
		return add_exclude(cfg, base, mask);
	case 'P':
		o->pass_only = 1;
		return 0;
	case 'D':
		o->pass_only = 1; /* no simulated range either */
		o->drop_tcp = 1;
		return 0;
	case '6':
		if (inet_pton(AF_INET6, arg, base6) != 1) {
			fprintf(stderr, PROG ": --range6: '%s' is not an IPv6 address\n", arg);
			return -1;
		}
		memcpy(cfg->net6, base6, 12);
		cfg->has_net6 = 1;
		return 0;
	case 'A':
		o->any_range = 1;
		return 0;
	}
	return -1;
}

/*
 * The responder answers ARP for the whole range: outside the benchmarking range 198.18.0.0/15
 * that could take over real neighbours' addresses, so it needs --allow-any-range.
 */
static int check_range(const struct opts *o)
{
	const struct simnet_cfg *c = &o->cfg;

	if (o->any_range || ((c->range_base & SIMNET_DEFAULT_MASK) == SIMNET_DEFAULT_RANGE &&
			     (c->range_mask & SIMNET_DEFAULT_MASK) == SIMNET_DEFAULT_MASK))
		return 0;
	fprintf(stderr, PROG ": --range is outside 198.18.0.0/15: answering ARP for it could "
		"take over real addresses (--allow-any-range, inside a test namespace only)\n");
	return -1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "density", required_argument, NULL, 'd' },
		{ "loss", required_argument, NULL, 'l' },
		{ "range", required_argument, NULL, 'r' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "pass-only", no_argument, NULL, 'P' },
		{ "drop-tcp", no_argument, NULL, 'D' },
		{ "range6", required_argument, NULL, '6' },
		{ "allow-any-range", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:h", longopts, NULL)) != -1) {
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
	if (!o->ifname || optind != argc) {
		fprintf(stderr, PROG ": %s\n", o->ifname ? "unexpected argument" : "-i IFACE is required");
		usage(stderr);
		return -1;
	}
	if (!o->user_excl) {
		o->cfg.n_excl = 1;
		o->cfg.excl_base[0] = o->cfg.range_base;
		o->cfg.excl_mask[0] = SIMNET_LINK_MASK;
	}
	return check_range(o);
}

/* Exclude the interface's own IPv4 addresses from the simulation: the link keeps working. */
static int exclude_own_addrs(struct opts *o)
{
	struct ifaddrs *ifa, *it;
	__u32 a;
	char buf[INET_ADDRSTRLEN];

	if (getifaddrs(&ifa)) {
		fprintf(stderr, PROG ": getifaddrs(): %s\n", strerror(errno));
		return -1;
	}
	for (it = ifa; it; it = it->ifa_next) {
		if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET ||
		    strcmp(it->ifa_name, o->ifname))
			continue;
		a = ntohl(((struct sockaddr_in *)it->ifa_addr)->sin_addr.s_addr);
		if (!simnet_in_range(&o->cfg, a))
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)it->ifa_addr)->sin_addr, buf, sizeof(buf));
		printf(PROG ": excluding %s/32, an address of %s\n", buf, o->ifname);
		if (add_exclude(&o->cfg, a, 0xffffffffU)) {
			freeifaddrs(ifa);
			return -1;
		}
	}
	freeifaddrs(ifa);
	return 0;
}

static __u64 realtime_offset(void)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (__u64)(rt.tv_sec - mono.tv_sec) * 1000000000ULL + (__u64)rt.tv_nsec -
	       (__u64)mono.tv_nsec;
}

static void print_counters(struct responder_bpf *skel)
{
	int ncpu = libbpf_num_possible_cpus(), i, k;
	__u64 *vals, sum;
	__u32 key;

	if (ncpu <= 0 || !(vals = calloc((size_t)ncpu, sizeof(*vals)))) {
		fprintf(stderr, PROG ": cannot read counters\n");
		return;
	}
	for (k = 0; k < SIMNET_CNT_MAX; k++) {
		key = (__u32)k;
		if (bpf_map__lookup_elem(skel->maps.counters, &key, sizeof(key), vals,
					 sizeof(*vals) * (size_t)ncpu, 0)) {
			fprintf(stderr, PROG ": bpf_map_lookup_elem(counters, %d): %s\n", k,
				strerror(errno));
			continue;
		}
		for (sum = 0, i = 0; i < ncpu; i++)
			sum += vals[i];
		printf("%-16s %llu\n", counter_names[k], (unsigned long long)sum);
	}
	free(vals);
	fflush(stdout);
}

static void print_config(const struct opts *o)
{
	const struct simnet_cfg *c = &o->cfg;
	struct in_addr a;
	__u32 i;

	if (o->pass_only) {
		printf(PROG ": %s attached to %s (native)\n", o->drop_tcp ? "TCP drop" : "XDP_PASS",
		       o->ifname);
		fflush(stdout);
		return;
	}
	a.s_addr = htonl(c->range_base);
	printf(PROG ": attached to %s (native): range %s/%d seed %llu density %u/65536 loss %u ppm",
	       o->ifname, inet_ntoa(a), __builtin_popcount(c->range_mask),
	       (unsigned long long)c->seed, c->density, c->loss_ppm);
	for (i = 0; i < c->n_excl; i++) {
		a.s_addr = htonl(c->excl_base[i]);
		printf(" exclude %s/%d", inet_ntoa(a), __builtin_popcount(c->excl_mask[i]));
	}
	printf("\n");
	fflush(stdout);
}

static void on_signal(int sig)
{
}

/* Sleep until SIGINT/SIGTERM/SIGHUP; SIGUSR1 prints the counters. Works in the background too. */
static void wait_for_signal(struct responder_bpf *skel)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1 };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t set;
	size_t i;
	int sig;

	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* A background job starts with SIGINT ignored: install a handler anyway. */
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		sig = sigwaitinfo(&set, NULL);
		if (sig == SIGUSR1)
			print_counters(skel);
		else if (sig > 0)
			return;
	}
}

static int attach(struct responder_bpf *skel, const struct opts *o, unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .flags = XDP_FLAGS_DRV_MODE);
	struct bpf_program *prog = o->drop_tcp ? skel->progs.xdp_drop_tcp :
				   o->pass_only ? skel->progs.xdp_pass : skel->progs.xdp_responder;
	int fd;

	fd = bpf_link_create(bpf_program__fd(prog), (int)ifindex, BPF_XDP, &lopts);
	if (fd < 0)
		fprintf(stderr, PROG ": bpf_link_create(BPF_XDP, %s, native mode): %s%s\n",
			o->ifname, strerror(errno),
			errno == EBUSY || errno == EEXIST ?
				" (another XDP program is attached to it)" : "");
	return fd;
}

static struct responder_bpf *open_and_load(const struct opts *o)
{
	struct responder_bpf *skel = responder_bpf__open();
	int err;

	if (!skel) {
		fprintf(stderr, PROG ": opening the BPF skeleton: %s\n", strerror(errno));
		return NULL;
	}
	skel->rodata->cfg = o->cfg;
	skel->rodata->realtime_offset_ns = realtime_offset();
	if (o->pass_only)
		bpf_program__set_autoload(skel->progs.xdp_responder, false);
	err = responder_bpf__load(skel);
	if (err) {
		fprintf(stderr, PROG ": loading the BPF programs (for %s): %s\n", o->ifname,
			strerror(-err));
		responder_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	struct opts o = { .cfg = SIMNET_CFG_INIT };
	struct responder_bpf *skel;
	unsigned int ifindex;
	int link_fd;

	if (parse_args(argc, argv, &o))
		return 2;
	ifindex = if_nametoindex(o.ifname);
	if (!ifindex) {
		fprintf(stderr, PROG ": if_nametoindex(%s): %s\n", o.ifname, strerror(errno));
		return 1;
	}
	if (!o.pass_only && exclude_own_addrs(&o))
		return 1;
	skel = open_and_load(&o);
	if (!skel)
		return 1;
	link_fd = attach(skel, &o, ifindex);
	if (link_fd < 0) {
		responder_bpf__destroy(skel);
		return 1;
	}
	print_config(&o);
	wait_for_signal(skel);
	if (!o.pass_only)
		print_counters(skel);
	close(link_fd); /* detaches the program */
	responder_bpf__destroy(skel);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The BPF_PROG_TEST_RUN harness of the XDP fuzz targets: load, run a frame, counters, records. */
#include <errno.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pkt_builder.h"
#include "xdpmap.skel.h"
#include "fuzz_util.h"
#include "xdp_counters.h"
#include "xdp_harness.h"

#define MAP_SCAN_MAX 64		/* entries looked at when emptying a map */

static int ncpus;
static struct xm_result recs[XH_MAX_RECS];
static int nrecs;

static bool is_vlan(__u16 proto)
{
	return proto == 0x8100 || proto == 0x88a8;
}

size_t xh_l2_len(const __u8 *p, size_t vis, __u16 *proto)
{
	size_t off = PB_ETH_LEN;
	int i;

	if (vis < PB_ETH_LEN)
		return 0;
	*proto = get16(p + 12);
	for (i = 0; i < 2 && is_vlan(*proto); i++) {
		if (vis < off + 4)
			return 0;
		*proto = get16(p + off + 2);
		off += 4;
	}
	return off;
}

static int on_result(void *ctx, void *data, size_t size)
{
	(void)ctx;
	FUZZ_CHECK(size == sizeof(struct xm_result), "record of %zu bytes", size);
	if (nrecs < XH_MAX_RECS)
		memcpy(&recs[nrecs], data, size);
	nrecs++;
	return 0;
}

void xh_load(struct xh_prog *pg, xh_rodata_fn *set_rodata, const void *arg)
{
	int err;

	if (!ncpus) {
		ncpus = libbpf_num_possible_cpus();
		FUZZ_CHECK(ncpus > 0, "libbpf_num_possible_cpus: %d", ncpus);
	}
	pg->skel = xdpmap_bpf__open();
	FUZZ_CHECK(pg->skel, "cannot open the skeleton: %s", strerror(errno));
	pg->skel->rodata->cfg_src_addr = inet_addr(XH_OUR_ADDR);
	pg->skel->rodata->cfg_sport_lo = XH_SPORT_LO;
	pg->skel->rodata->cfg_sport_hi = XH_SPORT_HI;
	pg->skel->rodata->cfg_key0 = xh_key.k0;
	pg->skel->rodata->cfg_key1 = xh_key.k1;
	memcpy((void *)pg->skel->rodata->cfg_src_mac, pb_mac_us, 6);
	set_rodata(pg->skel, arg);
	err = xdpmap_bpf__load(pg->skel);
	FUZZ_CHECK(!err, "cannot load the XDP program (root needed): %s", strerror(-err));
	pg->rb = ring_buffer__new(bpf_map__fd(pg->skel->maps.results), on_result, NULL, NULL);
	FUZZ_CHECK(pg->rb, "ring_buffer__new: %s", strerror(errno));
	pg->prog_fd = bpf_program__fd(pg->skel->progs.xdpmap_catch);
	pg->dedup_fd = bpf_map__fd(pg->skel->maps.dedup);
	pg->cnt_fd = bpf_map__fd(pg->skel->maps.counters);
}

/* Sums the per-CPU counters. */
static void read_counters(const struct xh_prog *pg, __u64 out[XM_CNT_MAX])
{
	__u64 vals[ncpus];
	__u32 i;
	int c;

	for (i = 0; i < XM_CNT_MAX; i++) {
		FUZZ_CHECK(!bpf_map_lookup_elem(pg->cnt_fd, &i, vals),
			   "counter lookup: %s", strerror(errno));
		out[i] = 0;
		for (c = 0; c < ncpus; c++)
			out[i] += vals[c];
	}
}

void xh_run(const struct xh_prog *pg, const __u8 *frame, size_t len, __u32 linear,
	    struct xh_run_out *o)
{
	struct xdp_md ctx = { .data_end = linear };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (__u32)len,
		    .data_out = o->data, .data_size_out = sizeof(o->data), .repeat = 1);
	__u64 before[XM_CNT_MAX], after[XM_CNT_MAX];
	int i;

	if (linear) {
		opts.ctx_in = &ctx;
		opts.ctx_size_in = sizeof(ctx);
	}
	read_counters(pg, before);
	nrecs = 0;
	o->err = bpf_prog_test_run_opts(pg->prog_fd, &opts);
	o->action = opts.retval;
	o->len = opts.data_size_out;
	FUZZ_CHECK(ring_buffer__consume(pg->rb) >= 0, "ring buffer consume failed");
	o->nrecs = nrecs;
	memcpy(o->recs, recs, sizeof(recs));
	read_counters(pg, after);
	for (i = 0; i < XM_CNT_MAX; i++)
		o->delta[i] = after[i] - before[i];
}

void xh_check_counters(const struct xh_run_out *o, const __u64 want[XM_CNT_MAX], int kind)
{
	int i;

	for (i = 0; i < XM_CNT_MAX; i++)
		FUZZ_CHECK(o->delta[i] == want[i], "counter %s moved by %llu, want %llu (kind %d)",
			   xm_counter_name(i), (unsigned long long)o->delta[i],
			   (unsigned long long)want[i], kind);
}

/* The record's address as text: dotted quad for IPv4 (the mapped tail), else IPv6. */
static void record_addr(const struct xm_result *r, char *buf, size_t size)
{
	if (r->family == XM_FAMILY_IPV4)
		inet_ntop(AF_INET, &r->addr.b[12], buf, (socklen_t)size);
	else
		inet_ntop(AF_INET6, r->addr.b, buf, (socklen_t)size);
}

void xh_check_record(const struct xm_result *r, const struct xm_result *w)
{
	char got[INET6_ADDRSTRLEN], want[INET6_ADDRSTRLEN];

	record_addr(r, got, sizeof(got));
	record_addr(w, want, sizeof(want));
	FUZZ_CHECK(!memcmp(&r->addr, &w->addr, sizeof(r->addr)) && r->family == w->family &&
			   r->proto == w->proto && r->port == w->port && r->state == w->state &&
			   r->reason == w->reason && r->ttl == w->ttl && r->window == w->window &&
			   r->kind == w->kind && !memcmp(r->mac, w->mac, 6) && r->ts_ns,
		   "record {%s, family %u, proto %u, %u, state %u, reason %u, ttl %u, win %u, "
		   "kind %u, mac %02x..%02x, ts %llu}, want {%s, %u, %u, %u, %u, %u, %u, %u, %u, "
		   "%02x..%02x}",
		   got, r->family, r->proto, r->port, r->state, r->reason, r->ttl, r->window,
		   r->kind, r->mac[0], r->mac[5], (unsigned long long)r->ts_ns, want, w->family,
		   w->proto, w->port, w->state, w->reason, w->ttl, w->window, w->kind, w->mac[0],
		   w->mac[5]);
}

void xh_check_refused(const struct xh_run_out *o, size_t len, __u32 linear)
{
	int i;

	FUZZ_CHECK(o->err == -EINVAL && (len < PB_ETH_LEN || linear),
		   "test run failed: %d (%s), %zu bytes, linear %u", o->err, strerror(-o->err),
		   len, linear);
	for (i = 0; i < XM_CNT_MAX; i++)
		FUZZ_CHECK(!o->delta[i], "counter %s moved in a refused run", xm_counter_name(i));
	FUZZ_CHECK(!o->nrecs, "record from a refused run");
}

size_t xh_first_diff(const __u8 *a, const __u8 *b, size_t len)
{
	size_t i = 0;

	while (i < len && a[i] == b[i])
		i++;
	return i;
}

void xh_rst_l2(__u8 *want, const __u8 *in, size_t l2)
{
	memcpy(want, in + 6, 6);
	memcpy(want + 6, in, 6);
	memcpy(want + 12, in + 12, l2 - 12);
}

void xh_rst_tcp(__u8 *tcp, const __u8 *in_tcp)
{
	memset(tcp, 0, PB_TCP_LEN);
	memcpy(tcp, in_tcp + 2, 2);
	memcpy(tcp + 2, in_tcp, 2);
	memcpy(tcp + 4, in_tcp + 8, 4);
	tcp[12] = 5 << 4;
	tcp[13] = PB_RST;
}

bool xh_tcp_csum_ok(const __u8 *pseudo, size_t pseudo_len, const __u8 *tcp)
{
	return pb_fold(pb_sum(tcp, PB_TCP_LEN, pb_sum(pseudo, pseudo_len, 0))) == 0;
}

void xh_forget_records(const struct xh_prog *pg, const struct xh_run_out *o)
{
	struct xm_dedup_key k;
	int i;

	for (i = 0; i < o->nrecs && i < XH_MAX_RECS; i++) {
		k = xm_dedup_key_of(&o->recs[i]);
		bpf_map_delete_elem(pg->dedup_fd, &k);
	}
}

int xh_map_entries(int fd, size_t key_size, bool clear)
{
	__u8 k[32], next[32];
	int n = 0;

	FUZZ_CHECK(key_size <= sizeof(k), "key of %zu bytes", key_size);
	while (n < MAP_SCAN_MAX && !bpf_map_get_next_key(fd, n && !clear ? k : NULL, next)) {
		memcpy(k, next, key_size);
		if (clear)
			FUZZ_CHECK(!bpf_map_delete_elem(fd, k), "map delete: %s", strerror(errno));
		n++;
	}
	return n;
}

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The BPF_PROG_TEST_RUN harness of the XDP fuzz targets: load, run a frame, counters, records. */
#ifndef XDPMAP_XDP_HARNESS_H
#define XDPMAP_XDP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "common_kern_user.h"
#include "cookie.h"

/* The rodata every load gets: our IPv4 address, source port range, SipHash key, MAC. */
#define XH_OUR_ADDR "198.18.0.1"
#define XH_SPORT_LO 61000
#define XH_SPORT_HI 61999
#define XH_FRAME_MAX 1514
#define XH_MAX_RECS 4		/* records kept per run (more are counted) */

/* The reference SipHash key of tests/bpf/test_bpf.c. */
static const struct xm_siphash_key xh_key = {
	.k0 = 0x0706050403020100ULL,
	.k1 = 0x0f0e0d0c0b0a0908ULL,
};

struct xdpmap_bpf;
struct ring_buffer;

/* One loaded program and the maps every target reads. */
struct xh_prog {
	struct xdpmap_bpf *skel;
	struct ring_buffer *rb;
	int prog_fd, dedup_fd, cnt_fd;
};

/* What one test run gave. */
struct xh_run_out {
	int err;		/* bpf_prog_test_run_opts()'s return */
	__u32 action;
	__u8 data[XH_FRAME_MAX + 64];
	__u32 len;
	__u64 delta[XM_CNT_MAX];	/* how far each counter moved, summed over CPUs */
	int nrecs;		/* records the run gave; the first XH_MAX_RECS in recs */
	struct xm_result recs[XH_MAX_RECS];
};

/* The big-endian 16 bits at p. */
static inline __u16 get16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

/* The big-endian 32 bits at p. */
static inline __u32 get32(const __u8 *p)
{
	return (__u32)get16(p) << 16 | get16(p + 2);
}

/*
 * Length of the Ethernet header and up to two VLAN tags (802.1Q, 802.1ad)
 * in the first 'vis' bytes of p, the EtherType they carry in *proto; 0 when
 * they are cut short.
 */
size_t xh_l2_len(const __u8 *p, size_t vis, __u16 *proto);

/* Sets the rodata a target needs beyond the common one (see XH_OUR_ADDR), before the load. */
typedef void xh_rodata_fn(struct xdpmap_bpf *skel, const void *arg);

/*
 * Opens the skeleton, sets the common rodata, calls set_rodata(skel, arg),
 * loads it and opens its ring buffer; aborts with the failing call named
 * when anything fails (loading needs root).
 */
void xh_load(struct xh_prog *pg, xh_rodata_fn *set_rodata, const void *arg);

/*
 * Runs the program once on frame (len bytes; with linear nonzero only that
 * many in the linear area, the rest in a fragment): its return, action and
 * output frame, the counters' deltas and the records it gave, into *o.
 */
void xh_run(const struct xh_prog *pg, const __u8 *frame, size_t len, __u32 linear,
	    struct xh_run_out *o);

/* Every counter of run o moved by want[]; 'kind' (the model's class) goes in the message. */
void xh_check_counters(const struct xh_run_out *o, const __u64 want[XM_CNT_MAX], int kind);

/* got is want in every field but ts_ns, and ts_ns is set; both printed when not. */
void xh_check_record(const struct xm_result *got, const struct xm_result *want);

/* A run the kernel refused (frame too short, or a split) must have left no trace. */
void xh_check_refused(const struct xh_run_out *o, size_t len, __u32 linear);

/* The first offset where a and b (len bytes each) differ; len when they do not. */
size_t xh_first_diff(const __u8 *a, const __u8 *b, size_t len);

/* The RST's layer 2 header into want: in's MACs swapped, its l2 - 12 bytes after them kept. */
void xh_rst_l2(__u8 *want, const __u8 *in, size_t l2);

/*
 * The bare RST answering the SYN-ACK header in_tcp into tcp (20 bytes): ports
 * swapped, seq = its ack, data offset 5, RST only, window, checksum and
 * urgent pointer 0.
 */
void xh_rst_tcp(__u8 *tcp, const __u8 *in_tcp);

/* The checksum of a 20-byte TCP header verifies over the given pseudo-header. */
bool xh_tcp_csum_ok(const __u8 *pseudo, size_t pseudo_len, const __u8 *tcp);

/* Deletes the dedup entries of the records run o gave. */
void xh_forget_records(const struct xh_prog *pg, const struct xh_run_out *o);

/* The entries of hash map fd (at most 64 looked at), deleted with 'clear': their number. */
int xh_map_entries(int fd, size_t key_size, bool clear);

#endif /* XDPMAP_XDP_HARNESS_H */

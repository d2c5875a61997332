/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --pcap-replies: the first bytes of each reply recorded, through a ring of their own. */
#ifndef XDPMAP_PCAP_H
#define XDPMAP_PCAP_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "common_kern_user.h"
#include "pcap_kern_user.h"

/* Set by userspace before load: copy each recorded reply's frame into pcap_frames. */
const volatile __u8 cfg_pcap_replies = 0;

/* Frames of recorded replies, struct xm_pcap_frame each; sized to one page when not asked. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} pcap_frames SEC(".maps");

/* Per CPU: the packet being handled, copied on entry, and whether submit() recorded it. */
struct pcap_scratch {
	__u32 recorded;
	__u32 pad;
	struct xm_pcap_frame frame;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pcap_scratch);
} pcap_scratch SEC(".maps");

/*
 * On entry: the frame's first bytes into this CPU's scratch, before anything
 * rewrites it (--send-rst turns a SYN-ACK into our RST in place).
 */
static __always_inline void pcap_begin(struct xdp_md *ctx)
{
	__u32 zero = 0, len;
	struct pcap_scratch *sc;
	__u64 caplen;

	if (!cfg_pcap_replies)
		return;
	sc = bpf_map_lookup_elem(&pcap_scratch, &zero);
	if (!sc)
		return;
	sc->recorded = 0;
	sc->frame.caplen = 0;
	len = (__u32)(ctx->data_end - ctx->data);
	caplen = len < XM_PCAP_SNAPLEN ? len : XM_PCAP_SNAPLEN;
	/* the bounds are checked on the register the helper gets (no copy in between) */
	asm volatile("" : "+r"(caplen));
	if (caplen < 1 || caplen > XM_PCAP_SNAPLEN)
		return;
	if (bpf_xdp_load_bytes(ctx, 0, sc->frame.data, caplen))
		return;
	sc->frame.ts_ns = bpf_ktime_get_ns();
	sc->frame.len = len;
	sc->frame.caplen = (__u32)caplen;
}

/* submit() recorded the packet being handled. */
static __always_inline void pcap_mark(void)
{
	__u32 zero = 0;
	struct pcap_scratch *sc;

	if (!cfg_pcap_replies)
		return;
	sc = bpf_map_lookup_elem(&pcap_scratch, &zero);
	if (sc)
		sc->recorded = 1;
}

/* After the packet was handled: its copied bytes into pcap_frames if it was recorded. */
static __always_inline void pcap_end(void)
{
	__u32 zero = 0;
	struct pcap_scratch *sc;
	struct xm_pcap_frame *r;

	if (!cfg_pcap_replies)
		return;
	sc = bpf_map_lookup_elem(&pcap_scratch, &zero);
	if (!sc || !sc->recorded || !sc->frame.caplen)
		return;
	sc->recorded = 0;
	r = bpf_ringbuf_reserve(&pcap_frames, sizeof(*r), 0);
	if (!r)
		return;
	__builtin_memcpy(r, &sc->frame, sizeof(*r));
	bpf_ringbuf_submit(r, 0);
}

#endif /* XDPMAP_PCAP_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* --pcap-replies: the record of a reply's frame that the XDP program passes to userspace. */
#ifndef XDPMAP_PCAP_KERN_USER_H
#define XDPMAP_PCAP_KERN_USER_H

#include <linux/types.h>

/* Bytes of each reply's frame carried (from its Ethernet header on). */
#define XM_PCAP_SNAPLEN 128

/* One recorded reply's frame, from the pcap_frames ring (only with --pcap-replies). */
struct xm_pcap_frame {
	__u64 ts_ns;  /* bpf_ktime_get_ns() when it was handled */
	__u32 len;    /* the frame's length */
	__u32 caplen; /* bytes of it in data, at most XM_PCAP_SNAPLEN */
	__u8 data[XM_PCAP_SNAPLEN];
};

_Static_assert(sizeof(struct xm_pcap_frame) == 8 + 4 + 4 + XM_PCAP_SNAPLEN,
	       "struct xm_pcap_frame: no implicit padding");

#endif /* XDPMAP_PCAP_KERN_USER_H */

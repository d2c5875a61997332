/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Probe modules: each writes one kind of probe frame; a template built once, patched per probe. */
#ifndef XDPMAP_PROBE_H
#define XDPMAP_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "cookie.h"

#define XM_ETH_LEN 14
#define XM_IP_LEN 20
#define XM_TCP_LEN 24 /* 20 + MSS option */
#define XM_PROBE_LEN (XM_ETH_LEN + XM_IP_LEN + XM_TCP_LEN) /* the port scan's SYN frame */

/* The largest frame any module builds: an Ethernet frame of 1500 bytes of IP (UDP payloads). */
#define XM_FRAME_MAX 1514

/* Index of a module in xm_probe_modules[] (user/probe/probe_table.c). */
enum xm_probe_id {
	XM_PROBE_TCP_SYN = 0,	 /* port scan SYN (-sS) */
	XM_PROBE_TCP_SYN_PING,	 /* discovery TCP SYN (-PS) */
	XM_PROBE_TCP_ACK_PING,	 /* discovery TCP ACK (-PA) */
	XM_PROBE_ICMP_ECHO,	 /* ICMP echo request (-PE) */
	XM_PROBE_ICMP_TIMESTAMP, /* ICMP timestamp request (-PP) */
	XM_PROBE_ARP,		 /* ARP request (-PR) */
	XM_PROBE_UDP,		 /* UDP with the port's payload (-sU, -PU) */
	XM_PROBE_TCP_SYN6,	 /* port scan SYN over IPv6 (-6 -sS) */
	XM_PROBE_TCP_SYN_PING6,	 /* discovery TCP SYN over IPv6 (-6 -PS) */
	XM_PROBE_TCP_ACK_PING6,	 /* discovery TCP ACK over IPv6 (-6 -PA) */
	XM_PROBE_ICMP6_ECHO,	 /* ICMPv6 echo request (-6 -PE) */
	XM_PROBE_NDP_NS,	 /* Neighbor Solicitation (-6 -PR) */
	XM_PROBE_UDP6,		 /* UDP over IPv6 with the port's payload (-6 -sU, -6 -PU) */
	XM_PROBE_NMODULES
};

/* A frame that holds no module's template yet. */
#define XM_PROBE_NONE 0xff

struct xm_udp_payload;

/* What varies from one probe to the next; all in host byte order. */
struct xm_probe {
	uint32_t daddr;
	uint16_t dport;
	uint16_t sport;
	uint32_t seq;	/* TCP seq (and ack for the ACK ping); ICMP identifier << 16 | sequence */
	uint16_t ip_id;
	uint8_t module;	/* enum xm_probe_id: the module that writes this probe */
	const uint8_t *dst_mac; /* port scan SYN, UDP: the frame's destination when it varies by host */
	const struct xm_udp_payload *payload; /* UDP: the datagram's payload (NULL = none); its
					       * cookie bytes get seq (udp_payload.h) */
	const uint8_t *daddr6; /* IPv6 modules: the 16-byte destination, network order (daddr
				* unused); IPv4 modules never read it */
};

/* Where probes come from and the next hop they go to: what a template is built from. */
struct xm_probe_src {
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	uint32_t saddr; /* host order */
	uint8_t saddr6[16]; /* the IPv6 modules' source, network order */
};

/* A module's template: the bytes common to all its probes and the sums of their constant parts. */
struct xm_probe_tmpl {
	uint8_t bytes[XM_FRAME_MAX];
	uint16_t len;	      /* frame length */
	uint32_t ip_base_sum; /* IPv4 header with the varying fields and checksum zero */
	uint32_t l4_base_sum; /* pseudo-header + L4 header with the varying fields zero */
};

/*
 * A probe module, as zmap's. The contract:
 * - name: short, lower case, unique in its table.
 * - family: AF_INET, or AF_INET6 (its probes carry p->daddr6). proto: the
 *   IPPROTO_* of the L4 header, or 0 when the frame carries no IP packet;
 *   ethertype: the frame's (ETHERTYPE_IP, _ARP, _IPV6).
 * - prepare(): once per scan, from 'src' alone, build the template: every
 *   byte that is the same in all the module's probes, the frame length, and
 *   the checksum sums of the constant parts. Bytes a patch writes may be zero.
 * - patch(): once per probe, into a frame that holds the template's bytes and
 *   possibly an earlier probe of the same module, write every field of 'p'
 *   that varies, checksums included, so that the frame is the probe whole;
 *   return the frame length. It is the send path's inner loop: stores and
 *   incremental sums only, no copy of the template.
 * - The reply is classified by the XDP program (bpf/xdpmap.bpf.c), by
 *   ethertype and IP protocol; each module's file names the handler and the
 *   record kind its replies produce.
 * Adding a protocol: a new file in user/probe/ defining the module, and one
 * row (with its enum index above) in user/probe/probe_table.c.
 */
struct xm_probe_module {
	const char *name;
	uint8_t family;
	uint8_t proto;
	uint16_t ethertype;
	void (*prepare)(struct xm_probe_tmpl *t, const struct xm_probe_src *src);
	size_t (*patch)(const struct xm_probe_tmpl *t, uint8_t *frame, const struct xm_probe *p);
};

/* Every module, indexed by enum xm_probe_id; the one place modules are registered. */
extern const struct xm_probe_module *const xm_probe_modules[XM_PROBE_NMODULES];

#define XM_PROBE_SET_MAX 16

/* One module of a set: its patch (copied, for one load per probe) and its template. */
struct xm_probe_slot {
	size_t (*patch)(const struct xm_probe_tmpl *t, uint8_t *frame, const struct xm_probe *p);
	struct xm_probe_tmpl tmpl;
};

/* The templates of a table of modules, prepared once per scan and constant afterwards. */
struct xm_probe_set {
	const struct xm_probe_module *const *modules;
	size_t n;
	struct xm_probe_slot slot[XM_PROBE_SET_MAX];
};

/*
 * Prepare the template of each of modules[0..n) from 'src' (the engine passes
 * xm_probe_modules and XM_PROBE_NMODULES). Returns -1 when n exceeds
 * XM_PROBE_SET_MAX, else 0.
 */
int xm_probe_set_init(struct xm_probe_set *set, const struct xm_probe_module *const *modules,
		      size_t n, const struct xm_probe_src *src);

/*
 * Write probe p (p->module < set->n) into 'frame' (room for XM_FRAME_MAX
 * bytes) and return the frame length. *held records which module's template
 * the frame holds (XM_PROBE_NONE: none or unknown); when it is not p's, that
 * template is copied in first and *held updated, so a frame reused across
 * modules never keeps another module's bytes.
 */
static inline size_t xm_probe_frame(const struct xm_probe_set *set, uint8_t *frame,
				    uint8_t *held, const struct xm_probe *p)
{
	const struct xm_probe_slot *s = &set->slot[p->module];

	if (__builtin_expect(*held != p->module, 0)) {
		memcpy(frame, s->tmpl.bytes, s->tmpl.len);
		*held = p->module;
	}
	return s->patch(&s->tmpl, frame, p);
}

/* Labels of the values derived from a scan's cookie key (the ASCII of their names). */
#define XM_KEY_LABEL_SPORT0 0x30747270732d6d78ULL /* "xm-sprt0" */
#define XM_KEY_LABEL_SPORT1 0x31747270732d6d78ULL /* "xm-sprt1" */
#define XM_KEY_LABEL_ORDER 0x726564726f2d6d78ULL  /* "xm-order": the port scan's order */
#define XM_KEY_LABEL_HOSTS 0x7374736f682d6d78ULL  /* "xm-hosts": host discovery's order */

/*
 * A 64-bit value derived from 'key' for the purpose named by 'label': the
 * SipHash-2-4 of the label. Values of different labels are independent, and
 * none of them tells anything about the key.
 */
static inline uint64_t xm_key_derive(const struct xm_siphash_key *key, uint64_t label)
{
	__u64 m = label;

	return xm_siphash24_words(key, &m, 1, 0, 0);
}

/* The source-port key of a cookie key: what xm_probe_sport() takes. */
static inline struct xm_siphash_key xm_sport_key(const struct xm_siphash_key *key)
{
	struct xm_siphash_key k = { xm_key_derive(key, XM_KEY_LABEL_SPORT0),
				    xm_key_derive(key, XM_KEY_LABEL_SPORT1) };

	return k;
}

/* xm_probe_sport(), the source port of a probe: in cookie.h (the XDP program computes it too). */

#endif /* XDPMAP_PROBE_H */

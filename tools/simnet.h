/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The simulated network's ground truth, shared by the XDP responder and simnet-list. */
#ifndef XDPMAP_SIMNET_H
#define XDPMAP_SIMNET_H

#include <linux/types.h>

/*
 * Every decision is a pure function of (seed, address, port): the responder
 * and the lister agree without sharing any state. Addresses are IPv4 in host
 * byte order. Shares are "out of 65536" (density 4096 = 1/16 of addresses).
 *
 *   host alive   : hash(seed, addr, 0, HOST) mod 2^16 < density
 *   port state   : dead host -> no answer (filtered);
 *                  22, 80, 443 on a live host -> open (SYN-ACK);
 *                  else hash(seed, addr, port, PORT): low 16 bits < open_share -> open,
 *                  next 16 bits < filtered_share -> filtered (no answer), else closed (RST).
 *   UDP port     : dead host -> no answer (filtered); else hash(seed, addr, port, UDP):
 *                  low 16 bits < open_share -> open (the datagram comes back, as from
 *                  the echo service of RFC 862; a DNS query on 53 with the QR bit set, an
 *                  NTP mode 3 request on 123 as a mode 4 reply whose origin stamp is the
 *                  request's transmit stamp), next 16 bits < filtered_share -> filtered
 *                  (no answer), else closed (ICMP port unreachable quoting the probe).
 *   loss         : a random 32-bit number r drops the probe if r * 10^6 / 2^32 < loss_ppm.
 *
 * The responder answers, for a simulated address: a SYN as above; a bare ACK with a RST when
 * the host is alive and the port not filtered (nmap's ACK ping); ICMP echo and timestamp
 * requests when the host is alive; ARP requests always, alive or not (like a router doing
 * proxy ARP, so that an on-link range resolves), with the MAC 02:5e:<the four address bytes>.
 *
 * IPv6 (has_net6): the addresses net6::/96 + a 32-bit low part hold the same truth as the
 * IPv4 address equal to that low part (range, exclusions, hosts, ports); the responder
 * answers SYNs and bare ACKs to them as for IPv4 (a bare 20-byte TCP header), and UDP:
 * open -> the datagram back as for IPv4, its checksum whole over the IPv6 pseudo-header;
 * closed -> ICMPv6 port unreachable (type 1 code 4) quoting the probe's IPv6 header and as
 * much of its datagram as fits in 1280 bytes (RFC 4443).
 */
#define SIMNET_DEFAULT_SEED 1ULL
#define SIMNET_DEFAULT_DENSITY 4096	/* 1/16 of addresses are alive */
#define SIMNET_DEFAULT_OPEN 128		/* 1/512 of other ports are open */
#define SIMNET_DEFAULT_FILTERED 4096	/* 1/16 of other ports are filtered */
#define SIMNET_DEFAULT_RANGE 0xc6120000U	/* 198.18.0.0 */
#define SIMNET_DEFAULT_MASK 0xfffe0000U	/* /15 */
#define SIMNET_LINK_MASK 0xfffffffcU	/* the default exclusion: the range's first /30 */
#define SIMNET_SHARE_ONE 65536U
#define SIMNET_MAX_EXCL 16

#define SIMNET_SALT_HOST 1
#define SIMNET_SALT_PORT 2
#define SIMNET_SALT_ISN 3
#define SIMNET_SALT_UDP 4

#define SIMNET_INLINE static inline __attribute__((always_inline))

/* What a (host, port) answers to a SYN. */
enum simnet_state {
	SIMNET_FILTERED = 0,	/* nothing (also every port of a dead host) */
	SIMNET_OPEN = 1,	/* SYN-ACK */
	SIMNET_CLOSED = 2,	/* RST-ACK */
};

/* What the responder did, one slot each in its per-CPU counter array. */
enum simnet_counter {
	SIMNET_CNT_SEEN = 0,	/* every frame the program looked at */
	SIMNET_CNT_SYNACK,	/* SYN answered with SYN-ACK (open) */
	SIMNET_CNT_RST,		/* SYN answered with RST-ACK (closed) */
	SIMNET_CNT_ACK_RST,	/* bare ACK answered with RST */
	SIMNET_CNT_ECHO,	/* ICMP echo reply sent */
	SIMNET_CNT_TSTAMP,	/* ICMP timestamp reply sent */
	SIMNET_CNT_ARP,		/* ARP reply sent */
	SIMNET_CNT_FILTERED,	/* probe to a filtered port of a live host dropped */
	SIMNET_CNT_DEAD,	/* probe to a dead host dropped */
	SIMNET_CNT_LOST,	/* probe dropped by the simulated loss */
	SIMNET_CNT_OTHER,	/* other traffic to a simulated address dropped */
	SIMNET_CNT_PASSED,	/* not for the simulated range: XDP_PASS */
	SIMNET_CNT_ERROR,	/* a reply could not be built (short frame, adjust_tail) */
	SIMNET_CNT_UDP_REPLY,	/* UDP probe to an open port answered with a datagram */
	SIMNET_CNT_PORT_UNREACH, /* UDP probe to a closed port answered with ICMP 3/3 (v6: 1/4) */
	SIMNET_CNT_MAX,
};

/* The whole configuration; the responder keeps it in rodata, the lister on its stack. */
struct simnet_cfg {
	__u64 seed;
	__u32 density;		/* live hosts per 65536 addresses */
	__u32 open_share;	/* ports other than 22/80/443 open, per 65536 */
	__u32 filtered_share;	/* ports filtered on a live host, per 65536 */
	__u32 loss_ppm;		/* probes dropped at random, per million */
	__u32 range_base;	/* simulated range, host order */
	__u32 range_mask;
	__u32 n_excl;		/* excluded networks inside the range */
	__u32 excl_base[SIMNET_MAX_EXCL];
	__u32 excl_mask[SIMNET_MAX_EXCL];
	__u8 net6[12];		/* IPv6: the upper 96 bits of the simulated addresses */
	__u32 has_net6;		/* the IPv6 range is simulated too */
};

/* Defaults: 198.18.0.0/15 minus its first /30 (the link: .1 scanner, .2 target). */
#define SIMNET_CFG_INIT {						\
	.seed = SIMNET_DEFAULT_SEED,					\
	.density = SIMNET_DEFAULT_DENSITY,				\
	.open_share = SIMNET_DEFAULT_OPEN,				\
	.filtered_share = SIMNET_DEFAULT_FILTERED,			\
	.range_base = SIMNET_DEFAULT_RANGE,				\
	.range_mask = SIMNET_DEFAULT_MASK,				\
	.n_excl = 1,							\
	.excl_base = { SIMNET_DEFAULT_RANGE },				\
	.excl_mask = { SIMNET_LINK_MASK },				\
}

/* splitmix64's finaliser: a cheap, well-mixing bijection on 64 bits. */
SIMNET_INLINE __u64 simnet_mix(__u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Keyed hash of (addr, port) for one purpose ('salt'). */
SIMNET_INLINE __u64 simnet_hash(__u64 seed, __u32 addr, __u32 port, __u32 salt)
{
	__u64 x = (__u64)addr << 32 | (__u64)(salt & 0xffff) << 16 | (port & 0xffff);

	return simnet_mix(seed ^ simnet_mix(x));
}

/* Is 'addr' simulated: inside the range and outside every exclusion? */
SIMNET_INLINE int simnet_in_range(const volatile struct simnet_cfg *c, __u32 addr)
{
	__u32 i;

	if ((addr & c->range_mask) != c->range_base)
		return 0;
	for (i = 0; i < SIMNET_MAX_EXCL; i++) {
		if (i >= c->n_excl)
			break;
		if ((addr & c->excl_mask[i]) == c->excl_base[i])
			return 0;
	}
	return 1;
}

/* Is the simulated host 'addr' alive (the caller checked simnet_in_range)? */
SIMNET_INLINE int simnet_host_alive(const volatile struct simnet_cfg *c, __u32 addr)
{
	return (simnet_hash(c->seed, addr, 0, SIMNET_SALT_HOST) & 0xffff) < c->density;
}

/* Ports open on every live host. */
SIMNET_INLINE int simnet_always_open(__u32 port)
{
	return port == 22 || port == 80 || port == 443;
}

/* What (addr, port) answers to a SYN: enum simnet_state. */
SIMNET_INLINE int simnet_port_state(const volatile struct simnet_cfg *c, __u32 addr,
				    __u32 port)
{
	__u64 h;

	if (!simnet_host_alive(c, addr))
		return SIMNET_FILTERED;
	if (simnet_always_open(port))
		return SIMNET_OPEN;
	h = simnet_hash(c->seed, addr, port, SIMNET_SALT_PORT);
	if ((h & 0xffff) < c->open_share)
		return SIMNET_OPEN;
	if (((h >> 16) & 0xffff) < c->filtered_share)
		return SIMNET_FILTERED;
	return SIMNET_CLOSED;
}

/* What (addr, port) answers to a UDP datagram: enum simnet_state (open: a datagram back). */
SIMNET_INLINE int simnet_udp_state(const volatile struct simnet_cfg *c, __u32 addr, __u32 port)
{
	__u64 h;

	if (!simnet_host_alive(c, addr))
		return SIMNET_FILTERED;
	h = simnet_hash(c->seed, addr, port, SIMNET_SALT_UDP);
	if ((h & 0xffff) < c->open_share)
		return SIMNET_OPEN;
	if (((h >> 16) & 0xffff) < c->filtered_share)
		return SIMNET_FILTERED;
	return SIMNET_CLOSED;
}

/* The initial sequence number of the SYN-ACK from (addr, port) to (peer, peer_port). */
SIMNET_INLINE __u32 simnet_isn(const volatile struct simnet_cfg *c, __u32 addr, __u32 port,
			       __u32 peer, __u32 peer_port)
{
	__u64 key = c->seed ^ ((__u64)peer << 16 | (peer_port & 0xffff));

	return (__u32)simnet_hash(key, addr, port, SIMNET_SALT_ISN);
}

/* Should the probe be lost? 'rnd' is a uniformly random 32-bit number. */
SIMNET_INLINE int simnet_lost(__u32 rnd, __u32 loss_ppm)
{
	return (((__u64)rnd * 1000000ULL) >> 32) < loss_ppm;
}

/* The MAC address a simulated host answers ARP with: 02:5e followed by its address. */
SIMNET_INLINE void simnet_mac(__u32 addr, __u8 mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x5e;
	mac[2] = (__u8)(addr >> 24);
	mac[3] = (__u8)(addr >> 16);
	mac[4] = (__u8)(addr >> 8);
	mac[5] = (__u8)addr;
}

#ifndef __bpf__
/*
 * Parse "a.b.c.d[/n]" into a host-order base (host bits cleared) and mask.
 * Plain C, no libc, so both tools share it. Returns 0, or -1 if malformed.
 */
SIMNET_INLINE int simnet_parse_cidr(const char *s, __u32 *base, __u32 *mask)
{
	__u32 addr = 0, v, plen = 32;
	int octet, digits;

	for (octet = 0; octet < 4; octet++) {
		for (v = 0, digits = 0; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
			v = v * 10 + (__u32)(*s - '0');
		if (!digits || v > 255 || (octet < 3 && *s++ != '.'))
			return -1;
		addr = addr << 8 | v;
	}
	if (*s == '/') {
		s++;
		for (plen = 0, digits = 0; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
			plen = plen * 10 + (__u32)(*s - '0');
		if (!digits || plen > 32)
			return -1;
	}
	if (*s)
		return -1;
	*mask = plen ? 0xffffffffU << (32 - plen) : 0;
	*base = addr & *mask;
	return 0;
}
#endif /* !__bpf__ */

#endif /* XDPMAP_SIMNET_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The clocks every subsystem reads: monotonic for deadlines and rates, real time for reports. */
#ifndef XDPMAP_CLOCK_H
#define XDPMAP_CLOCK_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds: the clock of bpf_ktime_get_ns(). */
static inline uint64_t xm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* CLOCK_MONOTONIC in seconds. */
static inline double xm_now_mono(void)
{
	return (double)xm_now_ns() / 1e9;
}

/* Wall-clock seconds since the epoch. */
static inline double xm_now_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif /* XDPMAP_CLOCK_H */

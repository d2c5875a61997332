/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The names of the XDP program's counters (enum xm_counter), for logs, --metadata-file and tests. */
#ifndef XDPMAP_XDP_COUNTERS_H
#define XDPMAP_XDP_COUNTERS_H

/*
 * The name of counter i (enum xm_counter), lower case with underscores, as
 * --metadata-file writes it: "bad_cookie", "ringbuf_full", ...; "?" for an
 * index out of range.
 */
const char *xm_counter_name(unsigned int i);

#endif /* XDPMAP_XDP_COUNTERS_H */

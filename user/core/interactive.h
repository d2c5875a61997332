/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* nmap's runtime interaction: keys typed during a scan when stdin is a terminal. */
#ifndef XDPMAP_INTERACTIVE_H
#define XDPMAP_INTERACTIVE_H

#include <stdbool.h>
#include "config.h"

struct xm_progress;

/*
 * When stdin is a terminal and xdpmap runs in its foreground process group:
 * read keys without echo or line buffering from now on, changing 'cfg' as
 * they say. Otherwise nothing.
 */
void xm_keys_start(struct xm_config *cfg);

/* Whether xm_keys_start() took the terminal. */
bool xm_keys_active(void);

/*
 * Act on the keys typed since the last call (at most every 0.1 s; cheap
 * otherwise): v/V verbosity up/down, d/D debugging up/down, p/P packet
 * tracing on/off, any other key a status line of 'p' (may be NULL).
 * The progress layer calls it on every tick.
 */
void xm_keys_poll(struct xm_progress *p);

/* Give the terminal its settings back (also at exit). */
void xm_keys_stop(void);

#endif /* XDPMAP_INTERACTIVE_H */

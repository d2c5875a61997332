/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The SYN scan engine: AF_XDP sender, XDP reply catcher, ring-buffer reader. */
#ifndef XDPMAP_SCAN_H
#define XDPMAP_SCAN_H

#include <signal.h>
#include "config.h"
#include "output.h"

/* Set by SIGINT/SIGTERM: 1 = stop sending, collect late replies, report; 2 = report now. */
extern volatile sig_atomic_t xm_stop_requested;
/* The signal that asked for it (the exit code is then 128 + it). */
extern volatile sig_atomic_t xm_stop_signal;

/*
 * Run a whole -sS scan as configured, writing to the given outputs.
 * Returns 0, -1 after printing one error line, or -2 after printing a
 * one-line notice when XDP/AF_XDP cannot run on the interface (no probe
 * was sent: the caller falls back to the connect scan).
 */
int xm_syn_scan(const struct xm_config *cfg, struct xm_output *outs, size_t nouts);

/*
 * Give up privileges before parsing anything from the network: as root,
 * become --user (default nobody) with no capability; otherwise drop any
 * capability held. Returns 0, or -1 with one line in err.
 */
int xm_drop_privileges(const struct xm_config *cfg, char *err, size_t errlen);

#endif /* XDPMAP_SCAN_H */

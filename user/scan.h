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
 * Returns 0, or -1 after printing one error line.
 */
int xm_syn_scan(const struct xm_config *cfg, struct xm_output *outs, size_t nouts);

#endif /* XDPMAP_SCAN_H */

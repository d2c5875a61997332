/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The SYN scan engine: AF_XDP sender, XDP reply catcher, ring-buffer reader. */
#ifndef XDPMAP_SCAN_H
#define XDPMAP_SCAN_H

#include "config.h"
#include "output.h"

/*
 * Run a whole -sS scan as configured, writing to the given outputs.
 * Returns 0, -1 after printing one error line, or -2 after printing a
 * one-line notice when XDP/AF_XDP cannot run on the interface (no probe
 * was sent: the caller falls back to the connect scan), or -3 after printing
 * one line when set-up found the command line does not fit the interface
 * (bad input: --sender-threads above its queues; nothing was sent).
 */
int xm_syn_scan(const struct xm_config *cfg, struct xm_output *outs, size_t nouts);

#endif /* XDPMAP_SCAN_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Process-wide state: the stop flags set by signals, privileges and dropping them. */
#ifndef XDPMAP_RUNTIME_H
#define XDPMAP_RUNTIME_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct xm_config;

/* Set by SIGINT/SIGTERM: 1 = stop sending, collect late replies, report; 2 = report now. */
extern volatile sig_atomic_t xm_stop_requested;
/* The signal that asked for it (the exit code is then 128 + it). */
extern volatile sig_atomic_t xm_stop_signal;

/*
 * Count SIGINT and SIGTERM into xm_stop_requested (at most 2) and record the
 * signal in xm_stop_signal; ignore SIGPIPE (a closed stdout pipe is an error
 * on write, not a death).
 */
void xm_install_signals(void);

/* Whether the SYN scan can run: root, or CAP_NET_ADMIN + CAP_NET_RAW + CAP_BPF effective. */
bool xm_privileged(void);

/*
 * Give up privileges before parsing anything from the network: as root,
 * become --user (default nobody) with no capability; otherwise drop any
 * capability held. Returns 0, or -1 with one line in err.
 */
int xm_drop_privileges(const struct xm_config *cfg, char *err, size_t errlen);

/*
 * The user xm_drop_privileges() will make this process: as root, --user
 * (default nobody); otherwise (uid_t)-1 (no change). Returns 0, or -1 when
 * the user does not exist (the drop then fails with its own message).
 */
int xm_drop_target(const struct xm_config *cfg, uid_t *uid, gid_t *gid);

/*
 * Raise the soft RLIMIT_NOFILE to the hard limit, then return how many more
 * descriptors this process may open (INT_MAX when unlimited or unknown).
 * The connect scan and -sV size their parallelism from it.
 */
int xm_fd_spare(void);

#endif /* XDPMAP_RUNTIME_H */

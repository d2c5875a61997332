/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The -sV process's system-call filter: what probing ports needs, nothing else. */
#ifndef XDPMAP_SECCOMP_H
#define XDPMAP_SECCOMP_H

#include <stddef.h>

/*
 * Install a seccomp filter on every thread of the process (TSYNC): the
 * calls that connects, TLS, memory, time, threads' synchronisation and exit
 * need are allowed, any other fails with EPERM (never a kill, so a library
 * that probes an optional call degrades instead of dying); another
 * architecture's calls kill the process. Needs no_new_privs or
 * CAP_SYS_ADMIN (set PR_SET_NO_NEW_PRIVS first). Returns 0, or -1 with
 * one line in err.
 */
int xm_seccomp_confine(char *err, size_t errlen);

#endif /* XDPMAP_SECCOMP_H */

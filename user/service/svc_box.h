/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* -sV in a process of its own: no capabilities, no BPF or AF_XDP descriptors, a seccomp filter. */
#ifndef XDPMAP_SVC_BOX_H
#define XDPMAP_SVC_BOX_H

#include <stddef.h>
#include "results.h"

struct xm_config;
struct xm_svcbox;

/*
 * Fork the -sV process, as OpenSSH separates privileges: it loads the
 * signature database while still privileged, closes every descriptor but
 * its channel to us, becomes the --user of the scan (or drops its
 * capabilities), sets no_new_privs and a seccomp filter, and only then
 * probes. It must be forked before the caller's own privilege drop, and may
 * be forked after BPF and AF_XDP set-up (it closes what it inherits).
 * NULL with err empty when -sV is off; NULL with one line in err when it
 * cannot start.
 */
struct xm_svcbox *xm_svcbox_new(const struct xm_config *cfg, char *err, size_t errlen);

/* An open port to probe (family, address, protocol, port of f). NULL box: nothing. */
void xm_svcbox_submit(struct xm_svcbox *b, const struct xm_finding *f);

/* Wait for every submitted port and read the records back. NULL box: nothing. */
void xm_svcbox_finish(struct xm_svcbox *b);

/* After finish: point every finding that was probed at its record (f->svc). */
void xm_svcbox_attach(const struct xm_svcbox *b, struct xm_results *r);

/* End the process (finishing first) and free the records. NULL ok. */
void xm_svcbox_free(struct xm_svcbox *b);

#endif /* XDPMAP_SVC_BOX_H */

/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Fingerprints of unmatched services: the first bytes of each answer, for writing a match line. */
#ifndef XDPMAP_FINGERPRINT_H
#define XDPMAP_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "results.h"

/* Bytes of an answer kept in a fingerprint. */
#define XM_SVC_FP_BYTES 80

/*
 * Append %r(PROBE,LEN,"ESCAPED") to the fingerprint fp (size fplen, NUL-terminated, starts
 * ""): LEN is the answer's length in hex, ESCAPED its first XM_SVC_FP_BYTES bytes with
 * \r \n \t \0 and \xHH for other non-printable bytes and for '"', '\' and '%'. An entry that
 * does not fit whole is left out.
 */
void xm_svc_fp_add(char *fp, size_t fplen, const char *probe, const uint8_t *answer,
		   size_t len);

/*
 * After a host's port table (-oN, stdout): one block per port of 'ports' (n findings of one
 * host) whose service has a fingerprint, as nmap prints "SF-Port..." lines, wrapped at 80
 * columns. Nothing when none has one.
 */
void xm_svc_fp_print(FILE *f, const struct xm_finding *ports, size_t n);

#endif /* XDPMAP_FINGERPRINT_H */

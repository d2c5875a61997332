// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The -sV process and its channel: ports go in, service records come back, nothing else. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "config.h"
#include "log.h"
#include "runtime.h"
#include "seccomp.h"
#include "service.h"
#include "svc_box.h"

/* The messages on the channel (SOCK_SEQPACKET: one message, one record). */
enum box_msg {
	BOX_READY = 1, /* child: set up and confined */
	BOX_FAIL,      /* child: could not start; text follows */
	BOX_SUBMIT,    /* parent: a port to probe */
	BOX_FINISH,    /* parent: no more ports; send the records */
	BOX_RECORD,    /* child: one port's record */
	BOX_END,       /* child: all records sent */
};

/* Pointers of the record cross as small numbers: the parent rebuilds them. */
enum box_tunnel { TUNNEL_NONE = 0, TUNNEL_SSL };
enum box_method { METHOD_NONE = 0, METHOD_PROBED, METHOD_TABLE };

struct box_wire {
	uint32_t type; /* enum box_msg */
	uint8_t tunnel, method, pad[2];
	struct xm_finding key; /* family, addr, proto, port are read */
	struct xm_service svc; /* its tunnel and method pointers are not */
	char text[256];	       /* BOX_FAIL */
};

struct box_rec {
	struct xm_finding key;
	struct xm_service svc;
};

struct xm_svcbox {
	int fd;
	pid_t pid;
	struct box_rec *recs;
	size_t n, cap;
	bool finished;
};

static int send_msg(int fd, struct box_wire *w)
{
	ssize_t n;

	do
		n = send(fd, w, sizeof(*w), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(*w) ? 0 : -1;
}

/* One message; 0 on success, -1 at EOF or error (EINTR retried). */
static int recv_msg(int fd, struct box_wire *w)
{
	ssize_t n;

	do
		n = recv(fd, w, sizeof(*w), 0);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(*w) ? 0 : -1;
}

/* ---- the child ---- */

static void child_fail(int fd, const char *what)
{
	struct box_wire w = { .type = BOX_FAIL };

	snprintf(w.text, sizeof(w.text), "%s", what);
	send_msg(fd, &w);
	_exit(1);
}

/* Everything but stdio and the channel is closed: BPF maps, programs, links, XSK. */
static void close_inherited(int keep)
{
	if (keep > 3)
		syscall(SYS_close_range, 3, keep - 1, 0);
	syscall(SYS_close_range, keep + 1, ~0U, 0);
}

static void send_records(int fd, struct xm_svc *svc, struct xm_results *ports)
{
	size_t i;

	xm_svc_finish(svc);
	xm_svc_attach(svc, ports);
	for (i = 0; i < ports->cap; i++) {
		const struct xm_finding *f = &ports->slots[i];
		struct box_wire w = { .type = BOX_RECORD };

		if (!f->state || !f->svc)
			continue;
		w.key = *f;
		w.key.svc = NULL;
		w.svc = *f->svc;
		w.tunnel = f->svc->tunnel ? TUNNEL_SSL : TUNNEL_NONE;
		w.method = !f->svc->method ? METHOD_NONE :
			   !strcmp(f->svc->method, "table") ? METHOD_TABLE : METHOD_PROBED;
		if (send_msg(fd, &w))
			return;
	}
	send_msg(fd, &(struct box_wire){ .type = BOX_END });
}

/* Serve the parent until FINISH: each SUBMIT goes to the engine, records go back. */
static void child_serve(int fd, struct xm_svc *svc)
{
	struct xm_results ports = { 0 };
	struct box_wire w;

	while (!recv_msg(fd, &w)) {
		if (w.type == BOX_SUBMIT) {
			w.key.state = 1; /* results slots: non-zero state = used */
			w.key.svc = NULL;
			if (xm_results_add(&ports, &w.key) == 1)
				xm_svc_submit(svc, &w.key);
		} else if (w.type == BOX_FINISH) {
			send_records(fd, svc, &ports);
			break;
		}
	}
	xm_results_free(&ports);
}

static void __attribute__((noreturn)) child_main(const struct xm_config *cfg, int fd)
{
	struct xm_svc *svc;
	char err[512];

	close_inherited(fd);
	/*
	 * As root the database is read first (it may be readable by root only),
	 * then setuid() strips every thread, the worker's too (glibc applies it
	 * to each). Otherwise capset() changes only its caller: drop first.
	 */
	if (geteuid() != 0 && xm_drop_privileges(cfg, err, sizeof(err)))
		child_fail(fd, err);
	svc = xm_svc_new(cfg, err, sizeof(err));
	if (!svc)
		child_fail(fd, err);
	if (geteuid() == 0 && xm_drop_privileges(cfg, err, sizeof(err)))
		child_fail(fd, err);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || xm_seccomp_confine(err, sizeof(err)))
		child_fail(fd, err[0] ? err : "prctl(PR_SET_NO_NEW_PRIVS) failed");
	send_msg(fd, &(struct box_wire){ .type = BOX_READY });
	child_serve(fd, svc);
	_exit(0); /* the worker thread dies with the process; the records are sent */
}

/* ---- the parent ---- */

static struct xm_svcbox *start_fail(struct xm_svcbox *b, char *err, size_t errlen,
				    const char *why)
{
	snprintf(err, errlen, "service detection (-sV): %s", why);
	xm_svcbox_free(b);
	return NULL;
}

struct xm_svcbox *xm_svcbox_new(const struct xm_config *cfg, char *err, size_t errlen)
{
	struct xm_svcbox *b;
	struct box_wire w;
	int sv[2];

	err[0] = '\0';
	if (!cfg->version_detect)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		free(b);
		snprintf(err, errlen, "socketpair(AF_UNIX) for -sV failed: %s", strerror(errno));
		return NULL;
	}
	fflush(NULL);
	b->fd = sv[0];
	b->pid = fork();
	if (b->pid == 0) {
		close(sv[0]);
		child_main(cfg, sv[1]);
	}
	close(sv[1]);
	if (b->pid < 0)
		return start_fail(b, err, errlen, strerror(errno));
	if (recv_msg(b->fd, &w) || w.type != BOX_READY)
		return start_fail(b, err, errlen,
				  w.type == BOX_FAIL ? w.text : "its process ended at start");
	return b;
}

void xm_svcbox_submit(struct xm_svcbox *b, const struct xm_finding *f)
{
	struct box_wire w = { .type = BOX_SUBMIT };

	if (!b || b->finished)
		return;
	w.key = *f;
	w.key.svc = NULL;
	if (send_msg(b->fd, &w))
		pr_debug("-sV process gone: port %u not probed\n", f->port);
}

static int keep_record(struct xm_svcbox *b, const struct box_wire *w)
{
	struct box_rec *r;

	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		struct box_rec *v = realloc(b->recs, cap * sizeof(*v));

		if (!v)
			return -1;
		b->recs = v;
		b->cap = cap;
	}
	r = &b->recs[b->n++];
	r->key = w->key;
	r->svc = w->svc;
	r->svc.tunnel = w->tunnel == TUNNEL_SSL ? "ssl" : NULL;
	r->svc.method = w->method == METHOD_TABLE ? "table" :
			w->method == METHOD_PROBED ? "probed" : NULL;
	return 0;
}

void xm_svcbox_finish(struct xm_svcbox *b)
{
	struct box_wire w;

	if (!b || b->finished)
		return;
	b->finished = true;
	if (send_msg(b->fd, &(struct box_wire){ .type = BOX_FINISH })) {
		pr_warn("the -sV process ended early: no service records\n");
		return;
	}
	while (!recv_msg(b->fd, &w) && w.type == BOX_RECORD)
		if (keep_record(b, &w)) {
			pr_warn("out of memory keeping -sV records\n");
			break;
		}
	if (w.type != BOX_END)
		pr_warn("the -sV process ended early: %zu service records kept\n", b->n);
}

void xm_svcbox_attach(const struct xm_svcbox *b, struct xm_results *r)
{
	size_t i;

	for (i = 0; b && i < b->n; i++) {
		struct xm_finding *f = xm_results_find(r, &b->recs[i].key);

		if (f)
			f->svc = &b->recs[i].svc;
	}
}

void xm_svcbox_free(struct xm_svcbox *b)
{
	int status;

	if (!b)
		return;
	/* not finished (a failed scan): the child reads EOF and exits */
	if (b->fd >= 0)
		close(b->fd);
	if (b->pid > 0)
		while (waitpid(b->pid, &status, 0) < 0 && errno == EINTR)
			;
	free(b->recs);
	free(b);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Sender threads: the interface's queue count, and threads that send while the caller consumes. */
#include <dirent.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "config.h"
#include "sender.h"

/* Entries named prefix-N in /sys/class/net/IF/queues. */
static uint32_t count_queues(const char *ifname, const char *prefix)
{
	char path[128];
	struct dirent *e;
	uint32_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", ifname);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	closedir(d);
	return n;
}

uint32_t xm_iface_queues(const char *ifname)
{
	uint32_t rx = count_queues(ifname, "rx-"), tx = count_queues(ifname, "tx-");

	return rx < tx ? rx : tx;
}

uint32_t xm_iface_channels(const char *ifname)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd >= 0 && strlen(ifname) < sizeof(ifr.ifr_name)) {
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		ifr.ifr_data = (void *)&ch;
		rc = ioctl(fd, SIOCETHTOOL, &ifr);
	}
	if (fd >= 0)
		close(fd);
	if (!rc && ch.combined_count)
		return ch.combined_count;
	if (!rc && ch.rx_count && ch.tx_count)
		return ch.rx_count < ch.tx_count ? ch.rx_count : ch.tx_count;
	return xm_iface_queues(ifname);
}

uint32_t xm_senders_count(uint32_t asked, const char *ifname, char *err, size_t errlen)
{
	uint32_t queues = xm_iface_queues(ifname), n;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (asked && queues && asked > queues) {
		snprintf(err, errlen, "--sender-threads %u: interface %s has %u queue%s", asked,
			 ifname, queues, queues == 1 ? "" : "s");
		return 0;
	}
	if (asked)
		return asked;
	n = xm_iface_channels(ifname);
	if (queues && n > queues)
		n = queues;
	if (cpus > 0 && n > (uint32_t)cpus)
		n = (uint32_t)cpus;
	if (n > XM_SENDERS_MAX)
		n = XM_SENDERS_MAX;
	return n ? n : 1;
}

struct sender {
	int (*send)(void *ctx, uint32_t t);
	void *ctx;
	uint32_t t;
	int rc;
	bool *halt;
	uint32_t *finished; /* senders returned so far (atomic) */
};

static void *sender_main(void *arg)
{
	struct sender *w = arg;

	w->rc = w->send(w->ctx, w->t);
	if (w->rc)
		__atomic_store_n(w->halt, true, __ATOMIC_RELAXED);
	__atomic_add_fetch(w->finished, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Start the threads with every signal blocked: signals stay the calling thread's. */
static uint32_t start_all(struct sender *w, pthread_t *tid, uint32_t n, char *err, size_t errlen)
{
	sigset_t all, old;
	uint32_t t;
	int rc = 0;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (t = 0; t < n; t++) {
		rc = pthread_create(&tid[t], NULL, sender_main, &w[t]);
		if (rc)
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc)
		snprintf(err, errlen, "pthread_create for sender thread %u failed: %s", t,
			 strerror(rc));
	return t;
}

int xm_senders_run(uint32_t n, int (*send)(void *ctx, uint32_t t), void *ctx,
		   int (*consume)(void *consume_ctx), void *consume_ctx, bool *halt,
		   char *err, size_t errlen)
{
	struct sender *w = calloc(n, sizeof(*w));
	pthread_t *tid = calloc(n, sizeof(*tid));
	uint32_t finished = 0, started = 0, t;
	int rc = -1;

	if (!w || !tid) {
		snprintf(err, errlen, "out of memory for %u sender threads", n);
		goto out;
	}
	for (t = 0; t < n; t++)
		w[t] = (struct sender){ .send = send, .ctx = ctx, .t = t, .halt = halt,
					.finished = &finished };
	started = start_all(w, tid, n, err, errlen);
	if (started < n)
		__atomic_store_n(halt, true, __ATOMIC_RELAXED);
	rc = started < n ? -1 : 0;
	while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < started)
		if (consume(consume_ctx) && !rc) {
			__atomic_store_n(halt, true, __ATOMIC_RELAXED);
			rc = -1;
		}
	for (t = 0; t < started; t++) {
		pthread_join(tid[t], NULL);
		if (w[t].rc)
			rc = -1;
	}
out:
	free(w);
	free(tid);
	return rc;
}

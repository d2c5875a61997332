// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Process-wide state: stop flags set by signals, the privilege check and the privilege drop. */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "config.h"
#include "log.h"
#include "runtime.h"

#ifndef CAP_BPF
#define CAP_BPF 39 /* Linux 5.8; older headers lack it */
#endif

volatile sig_atomic_t xm_stop_requested;
volatile sig_atomic_t xm_stop_signal;

/*
 * First SIGINT/SIGTERM: stop sending, read late replies for --wait, report.
 * Second: stop waiting too; the report and the flushes still happen.
 */
static void on_signal(int sig)
{
	if (xm_stop_requested < 2)
		xm_stop_requested++;
	xm_stop_signal = sig;
}

void xm_install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The effective capability set of this process (both 32-bit words). */
static uint64_t effective_caps(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return ~0ULL;
	return (uint64_t)data[1].effective << 32 | data[0].effective;
}

bool xm_privileged(void)
{
	const uint64_t need = 1ULL << CAP_NET_ADMIN | 1ULL << CAP_NET_RAW | 1ULL << CAP_BPF;
	uint64_t eff;

	if (geteuid() == 0)
		return true;
	eff = effective_caps();
	return eff != ~0ULL && (eff & need) == need;
}

/* Not root: give up whatever capabilities the binary was given (setcap). */
static int drop_caps_only(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (!effective_caps())
		return 0;
	if (syscall(SYS_capset, &hdr, data) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		snprintf(err, errlen, "capset (dropping capabilities) failed: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

int xm_drop_target(const struct xm_config *cfg, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (geteuid() != 0)
		return 0;
	pw = getpwnam(cfg->run_user ? cfg->run_user : "nobody");
	if (!pw)
		return -1;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

int xm_drop_privileges(const struct xm_config *cfg, char *err, size_t errlen)
{
	const char *user = cfg->run_user ? cfg->run_user : "nobody";
	struct passwd *pw;

	if (geteuid() != 0)
		return drop_caps_only(err, errlen);
	pw = getpwnam(user);
	if (!pw) {
		snprintf(err, errlen, "--user: no such user '%s'", user);
		return -1;
	}
	if (setgroups(0, NULL) || setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
		snprintf(err, errlen, "dropping privileges to %s failed: %s", user,
			 strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || effective_caps()) {
		snprintf(err, errlen, "capabilities still held after becoming %s", user);
		return -1;
	}
	pr_debug("running as %s (uid %u), no capabilities\n", user, pw->pw_uid);
	return 0;
}

/* Descriptors open now, from /proc/self/fd (its own directory fd left out); -1 unknown. */
static int fds_open(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;
}

int xm_fd_spare(void)
{
	struct rlimit rl;
	int open;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return INT_MAX;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit up = { rl.rlim_max, rl.rlim_max };

		if (!setrlimit(RLIMIT_NOFILE, &up))
			rl = up;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= INT_MAX)
		return INT_MAX;
	open = fds_open();
	if (open < 0)
		open = 64; /* no /proc: assume what a scan holds before it starts */
	return (int)rl.rlim_cur > open ? (int)rl.rlim_cur - open : 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A hand-written classic-BPF seccomp allow-list for the -sV process. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "seccomp.h"

#if defined(__x86_64__)
#define XM_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define XM_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "xdpmap's seccomp filter knows x86_64 and aarch64 only"
#endif

/* What the -sV worker, OpenSSL and glibc call once the database is loaded. */
static const int allowed[] = {
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_close, SYS_fstat, SYS_newfstatat,
	SYS_lseek, SYS_socket, SYS_connect, SYS_setsockopt, SYS_getsockopt, SYS_getsockname,
	SYS_getpeername, SYS_shutdown, SYS_sendto, SYS_recvfrom, SYS_sendmsg, SYS_recvmsg,
	SYS_ppoll, SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_pwait, SYS_eventfd2, SYS_fcntl,
	SYS_ioctl, SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_madvise, SYS_brk,
	SYS_futex, SYS_clock_gettime, SYS_clock_nanosleep, SYS_nanosleep, SYS_gettimeofday,
	SYS_getrandom, SYS_getpid, SYS_gettid, SYS_sched_yield, SYS_rt_sigreturn,
	SYS_rt_sigprocmask, SYS_rt_sigaction, SYS_restart_syscall, SYS_exit, SYS_exit_group,
	SYS_set_robust_list, SYS_rseq, SYS_prlimit64, SYS_pipe2, SYS_dup, SYS_dup3,
#if defined(__x86_64__)
	SYS_poll, SYS_epoll_wait, SYS_select, SYS_pselect6,
#endif
};

#define NALLOWED (sizeof(allowed) / sizeof(allowed[0]))
_Static_assert(NALLOWED < 256, "jump offsets are 8 bits");

int xm_seccomp_confine(char *err, size_t errlen)
{
	/* load and check the arch (3), load the number (1), one test per call, two returns */
	struct sock_filter f[4 + NALLOWED + 2];
	struct sock_fprog prog = { .filter = f };
	size_t i, n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, XM_AUDIT_ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	/* call i matches: jump over the rest to the ALLOW at the end */
	for (i = 0; i < NALLOWED; i++)
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
						      (unsigned)allowed[i],
						      (unsigned char)(NALLOWED - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog)) {
		snprintf(err, errlen, "seccomp(SECCOMP_SET_MODE_FILTER, TSYNC) failed: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Resume files, as masscan's paused.conf: "seed N", "index N", one "arg HEX" per argument, "end". */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "log.h"
#include "resume.h"

#define XM_RESUME_MAX_ARGS 4096

/*
 * This run's resume file: created empty before the privilege drop, written
 * through 'fd' only when the scan is interrupted, removed otherwise.
 */
static struct {
	int fd;		  /* -1: none prepared */
	bool written;
	char dir[256];	  /* the private directory holding it */
	char path[300];
	char loaded[4096]; /* --resume: the file this run continues (removed at the end) */
} rf = { .fd = -1 };

static void put_hex_arg(FILE *f, const char *a)
{
	fputs("arg ", f);
	for (; *a; a++)
		fprintf(f, "%02x", (unsigned char)*a);
	fputc('\n', f);
}

/* A private directory: mkdtemp (0700), handed to the user the scan becomes. */
static int make_private_dir(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(rf.dir, sizeof(rf.dir), "%s/xdpmap-resume.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(rf.dir)) {
		snprintf(err, errlen, "mkdtemp(%s) for the resume file failed: %s", rf.dir,
			 strerror(errno));
		return -1;
	}
	if (uid != (uid_t)-1 && chown(rf.dir, uid, gid)) {
		snprintf(err, errlen, "chown(%s) failed: %s", rf.dir, strerror(errno));
		rmdir(rf.dir);
		return -1;
	}
	return 0;
}

int xm_resume_prepare(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	if (make_private_dir(uid, gid, err, errlen))
		return -1;
	snprintf(rf.path, sizeof(rf.path), "%s/scan.XXXXXX", rf.dir);
	rf.fd = mkostemp(rf.path, O_CLOEXEC);
	if (rf.fd < 0) {
		snprintf(err, errlen, "mkstemp(%s) failed: %s", rf.path, strerror(errno));
		rmdir(rf.dir);
		return -1;
	}
	return 0;
}

/* Write the state through the prepared descriptor. */
static int write_state(int argc, char *const *argv, const struct xm_resume_state *st,
		       char *err, size_t errlen)
{
	int fd = dup(rf.fd), i;
	FILE *f;

	if (fd < 0 || ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) || !(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "writing resume file %s failed: %s", rf.path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# xdpmap resume file: 'xdpmap --resume %s' finishes the scan\n", rf.path);
	fprintf(f, "format %d\nseed %llu\nindex %llu\n", XM_RESUME_FORMAT,
		(unsigned long long)st->seed, (unsigned long long)st->index);
	for (i = 0; i < argc; i++)
		put_hex_arg(f, argv[i]);
	fputs("end\n", f);
	if (fclose(f)) {
		snprintf(err, errlen, "writing resume file %s failed: %s", rf.path,
			 strerror(errno));
		return -1;
	}
	rf.written = true;
	return 0;
}

int xm_resume_write(int argc, char *const *argv, const struct xm_resume_state *st,
		    char *path, size_t pathlen, char *err, size_t errlen)
{
	if (rf.fd < 0) {
		snprintf(err, errlen, "no resume file was prepared before the privilege drop");
		return -1;
	}
	snprintf(path, pathlen, "%s", rf.path);
	return write_state(argc, argv, st, err, errlen);
}

/* Remove a resume file and its private directory (when empty); errors are ignored. */
static void remove_file_and_dir(const char *path)
{
	char dir[4096], *slash;

	if (!*path || unlink(path))
		return;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && strstr(dir, "/xdpmap-resume.")) {
		*slash = '\0';
		rmdir(dir);
	}
}

void xm_resume_finish(void)
{
	if (rf.fd >= 0) {
		close(rf.fd);
		rf.fd = -1;
		if (!rf.written)
			remove_file_and_dir(rf.path);
	}
	remove_file_and_dir(rf.loaded); /* superseded: finished, or a new file was written */
	rf.loaded[0] = '\0';
}

/* Decode "HEX" (even length) into a new string; NULL if malformed or it holds a NUL. */
static char *hex_arg(const char *hex)
{
	size_t n = strlen(hex), i;
	char *out;

	if (n % 2 || !(out = malloc(n / 2 + 1)))
		return NULL;
	for (i = 0; i < n / 2; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1 || !v) {
			free(out);
			return NULL;
		}
		out[i] = (char)v;
	}
	out[n / 2] = '\0';
	return out;
}

/* One line of the file into argv or st; -1 when it is not one of the three kinds. */
/* What a resume file must hold besides its command line. */
enum resume_seen {
	SEEN_FORMAT = 1, /* "format 1": this program's layout */
	SEEN_SEED = 2,
	SEEN_INDEX = 4,
	SEEN_END = 8,	 /* "end": the file was written whole */
	SEEN_ALL = 15,
};

/* The format line: 0 when it is ours, -1 when it is not a format line, else the other format. */
static int format_line(const char *line, unsigned *seen)
{
	unsigned fmt;

	if (sscanf(line, "format %u", &fmt) != 1)
		return -1;
	*seen |= SEEN_FORMAT;
	return fmt == XM_RESUME_FORMAT ? 0 : (int)fmt;
}

static int load_line(char *line, char **argv, int *argc, struct xm_resume_state *st,
		     unsigned *seen)
{
	unsigned long long v;
	char hex[8192];

	line[strcspn(line, "\r\n")] = '\0';
	if (!*line || *line == '#')
		return 0;
	if (!strcmp(line, "end"))
		*seen |= SEEN_END;
	else if (sscanf(line, "seed %llu", &v) == 1 && (*seen |= SEEN_SEED))
		st->seed = v;
	else if (sscanf(line, "index %llu", &v) == 1 && (*seen |= SEEN_INDEX))
		st->index = v;
	else if (sscanf(line, "arg %8191s", hex) == 1 && *argc < XM_RESUME_MAX_ARGS &&
		 (argv[*argc] = hex_arg(hex)))
		(*argc)++;
	else
		return -1;
	return 0;
}

/*
 * Open a resume file only if this user could have written it: not a symlink
 * (O_NOFOLLOW), a regular file owned by the effective user, writable by no one
 * else. Its arguments run with this user's privileges.
 */
static FILE *open_trusted(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	FILE *f;

	if (fd < 0) {
		snprintf(err, errlen, "cannot open resume file '%s': %s%s", path, strerror(errno),
			 errno == ELOOP ? " (a symbolic link is refused)" : "");
		return NULL;
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(err, errlen, "resume file '%s' refused: it must be a regular file owned "
			 "by uid %u and writable by no one else", path, (unsigned)geteuid());
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		snprintf(err, errlen, "fdopen(%s) failed: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

int xm_resume_load(const char *path, int *argc, char ***argv, struct xm_resume_state *st,
		   char *err, size_t errlen)
{
	char line[16400], **v = calloc(XM_RESUME_MAX_ARGS + 1, sizeof(*v));
	FILE *f = open_trusted(path, err, errlen);
	int n = 0, lineno = 0, other;
	unsigned seen = 0;

	memset(st, 0, sizeof(*st));
	if (!f || !v) {
		if (f)
			snprintf(err, errlen, "out of memory reading resume file '%s'", path);
		goto fail;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		other = format_line(line, &seen);
		if (other > 0) {
			snprintf(err, errlen, "resume file '%s' is of format %d; this xdpmap reads "
				 "format %d", path, other, XM_RESUME_FORMAT);
			goto fail;
		}
		if (!other)
			continue;
		if (load_line(line, v, &n, st, &seen)) {
			snprintf(err, errlen, "resume file '%s', line %d: not a resume file line",
				 path, lineno);
			goto fail;
		}
	}
	if (!(seen & SEEN_FORMAT)) {
		snprintf(err, errlen, "resume file '%s' has no format line: written by another "
			 "xdpmap version", path);
		goto fail;
	}
	if (seen != SEEN_ALL || n < 2) {
		snprintf(err, errlen, "resume file '%s' is truncated", path);
		goto fail;
	}
	fclose(f);
	snprintf(rf.loaded, sizeof(rf.loaded), "%s", path);
	*argc = n;
	*argv = v;
	return 0;
fail:
	if (f)
		fclose(f);
	xm_resume_free_argv(v);
	return -1;
}

void xm_resume_free_argv(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

void xm_resume_save(const struct xm_config *cfg, uint64_t seed, uint64_t index)
{
	struct xm_resume_state st = { .seed = seed, .index = index };
	char path[512], err[600];

	if (!cfg->argv || cfg->ping.only)
		return;
	if (xm_resume_write(cfg->argc, cfg->argv, &st, path, sizeof(path), err, sizeof(err))) {
		pr_warn("%s\n", err);
		return;
	}
	pr_warn("interrupted; to finish the scan: xdpmap --resume %s\n", path);
}

// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Resume files, as masscan's paused.conf: "seed N", "index N", then one "arg HEX" per argument. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "log.h"
#include "resume.h"

#define XM_RESUME_MAX_ARGS 4096

static void put_hex_arg(FILE *f, const char *a)
{
	fputs("arg ", f);
	for (; *a; a++)
		fprintf(f, "%02x", (unsigned char)*a);
	fputc('\n', f);
}

int xm_resume_write(int argc, char *const *argv, const struct xm_resume_state *st,
		    char *path, size_t pathlen, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd, i;

	snprintf(path, pathlen, "%s/xdpmap-resume.%ld", dir && *dir ? dir : "/tmp",
		 (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "cannot create resume file %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# xdpmap resume file: 'xdpmap --resume %s' finishes the scan\n", path);
	fprintf(f, "format %d\nseed %llu\nindex %llu\n", XM_RESUME_FORMAT,
		(unsigned long long)st->seed, (unsigned long long)st->index);
	for (i = 0; i < argc; i++)
		put_hex_arg(f, argv[i]);
	fputs("end\n", f);
	if (fclose(f)) {
		snprintf(err, errlen, "writing resume file %s failed: %s", path, strerror(errno));
		return -1;
	}
	return 0;
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

int xm_resume_load(const char *path, int *argc, char ***argv, struct xm_resume_state *st,
		   char *err, size_t errlen)
{
	char line[16400], **v = calloc(XM_RESUME_MAX_ARGS + 1, sizeof(*v));
	FILE *f = fopen(path, "r");
	int n = 0, lineno = 0, other;
	unsigned seen = 0;

	memset(st, 0, sizeof(*st));
	if (!f || !v) {
		snprintf(err, errlen, "cannot open resume file '%s': %s", path, strerror(errno));
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

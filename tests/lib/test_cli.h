/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* For cmocka tests: xm_cli_parse on "xdpmap" followed by NULL-terminated arguments. */
#ifndef XDPMAP_TEST_CLI_H
#define XDPMAP_TEST_CLI_H

#include <stdarg.h>
#include "cli.h"

static enum xm_cli_action cli(struct xm_config *cfg, char *err, size_t errlen, ...)
{
	char *argv[32] = { "xdpmap" };
	int argc = 1;
	va_list ap;

	va_start(ap, errlen);
	while ((argv[argc] = va_arg(ap, char *)))
		assert_true(++argc < (int)(sizeof(argv) / sizeof(argv[0])));
	va_end(ap);
	err[0] = '\0';
	return xm_cli_parse(argc, argv, cfg, err, errlen);
}

#endif /* XDPMAP_TEST_CLI_H */

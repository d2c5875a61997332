#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Turns the ranked port list (data/top-ports: ports and LO-HI ranges in rank order, '#'
# comments) into C arrays: xm_top_ports in rank order, xm_default_ports = its first
# XM_DEFAULT_TOP ports in numeric order (the scan without -p). A repeated port is an error.
set -euo pipefail
XM_DEFAULT_TOP=1000
ranked=$(sed 's/#.*//' "$1" | tr -s ' \t,' '\n' | grep -v '^$' | while read -r tok; do
	lo=${tok%-*}; hi=${tok#*-}
	for ((p = lo; p <= hi; p++)); do echo "$p"; done
done)
# (sed -n 1p, not head: head's early exit would kill the writer with SIGPIPE, fatal under
# pipefail)
dup=$(printf '%s\n' "$ranked" | sort -n | uniq -d | sed -n 1p)
if [ -n "$dup" ]; then
	echo "gen-ports: $1: port $dup is listed twice (each port has one rank)" >&2
	exit 1
fi
if [ "$(printf '%s\n' "$ranked" | wc -l)" -lt $XM_DEFAULT_TOP ]; then
	echo "gen-ports: $1: fewer than $XM_DEFAULT_TOP ports" >&2
	exit 1
fi
echo "/* Generated from $1 by tools/gen-ports.sh. */"
echo '#include <stdint.h>'
echo '#include <stddef.h>'
echo 'const uint16_t xm_top_ports[] = {'
printf '%s\n' "$ranked" | sed 's/$/,/' | paste -sd' ' | fold -s -w 78
echo '};'
echo 'const size_t xm_top_ports_count = sizeof(xm_top_ports) / sizeof(xm_top_ports[0]);'
echo 'const uint16_t xm_default_ports[] = {'
printf '%s\n' "$ranked" | sed -n "1,${XM_DEFAULT_TOP}p" | sort -n | sed 's/$/,/' | paste -sd' ' |
	fold -s -w 78
echo '};'
echo 'const size_t xm_default_ports_count = sizeof(xm_default_ports) / sizeof(xm_default_ports[0]);'

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Turns data/default-ports.txt (ports and LO-HI ranges, '#' comments) into a C array.
set -euo pipefail
echo '/* Generated from data/default-ports.txt by tools/gen-ports.sh. */'
echo '#include <stdint.h>'
echo '#include <stddef.h>'
echo 'const uint16_t xm_default_ports[] = {'
sed 's/#.*//' "$1" | tr -s ' \t,' '\n' | grep -v '^$' | while read -r tok; do
	lo=${tok%-*}; hi=${tok#*-}
	for ((p = lo; p <= hi; p++)); do echo "$p,"; done
done | sort -n -u -t, -k1,1 | paste -sd' ' | fold -s -w 78
echo '};'
echo 'const size_t xm_default_ports_count = sizeof(xm_default_ports) / sizeof(xm_default_ports[0]);'

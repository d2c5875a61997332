#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Runs every test tier under prove (TAP): cmocka unit and BPF table tests, then shell tests.
set -u
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
export BUILD=${BUILD:-build}
export XDPMAP=${XDPMAP:-$BUILD/xdpmap}
# Sanitizer builds: report leaks, stop at the first error.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tests=()
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && tests+=("$t")
done
for t in tests/*.sh; do
	[ "$t" = tests/run-all.sh ] || tests+=("$t")
done
exec prove --exec '' --timer "${tests[@]}"

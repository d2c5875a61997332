#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Runs every test tier under prove (TAP): unit and bpf (cmocka), netns and fuzz (shell).
set -u
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
export BUILD=${BUILD:-build}
export XDPMAP=${XDPMAP:-$BUILD/xdpmap}
# Sanitizer builds: report leaks, stop at the first error.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tests=()
# The binaries 'make check-build' made of tests/unit/test_*.c and tests/bpf/test_*.c.
for t in "$BUILD"/tests/unit/test_* "$BUILD"/tests/bpf/test_*; do
	[ -f "$t" ] && [ -x "$t" ] && tests+=("$t")
done
# Shell tests: the namespace end-to-end tier, then the fuzz smoke test.
for t in tests/netns/*.sh tests/fuzz/*.sh; do
	[ -f "$t" ] && tests+=("$t")
done
exec prove --exec '' --timer "${tests[@]}"

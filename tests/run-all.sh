#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Runs every test tier under prove (TAP): cmocka unit and BPF table tests, then shell tests.
set -u
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
tests=()
for t in build/tests/test_*; do
	[ -x "$t" ] && tests+=("$t")
done
for t in tests/*.sh; do
	[ "$t" = tests/run-all.sh ] || tests+=("$t")
done
exec prove --exec '' --timer "${tests[@]}"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: builds the libFuzzer targets, runs each briefly on its seeds ('make fuzz': longer).
#
# Smoke mode (make test): a fresh work corpus per target, seed 1, FUZZ_SMOKE_SECONDS (4) each.
# Long mode ('make fuzz' sets FUZZ_RUN_SECONDS): the work corpus persists in build/fuzz/corpus/NAME.
# Either way a crash, a leak, a sanitizer report, a broken invariant or a timeout is 'not ok',
# its input kept under build/fuzz/crashes/NAME/.
set -u
cd "$(dirname "$0")/../.." || exit 1

BUILD=${BUILD:-build}
FUZZ_DIR=build/fuzz
DEFAULT_NAMES="fuzz_targets fuzz_target_file fuzz_ports fuzz_escape fuzz_xdp fuzz_merge"
DEFAULT_NAMES+=" fuzz_udp_payloads fuzz_xdp6"
# As tests/fuzz/fuzz.mk: the service database targets once its parser exists.
[ -f user/service/service_db.c ] && DEFAULT_NAMES+=" fuzz_service_db fuzz_service_match"
read -r -a NAMES <<<"${FUZZ_ONLY:-$DEFAULT_NAMES}"
SECS=${FUZZ_RUN_SECONDS:-${FUZZ_SMOKE_SECONDS:-4}}
# Per-input time limit: far above any normal input (the slowest take well under a second).
UNIT_TIMEOUT=${FUZZ_UNIT_TIMEOUT:-20}
RSS_MB=${FUZZ_RSS_MB:-2048}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

NTESTS=${#NAMES[@]}
. tests/lib/tap.sh

# skip_targets REASON: every target skipped; exit 0.
skip_targets() {
	local n

	for n in "${NAMES[@]}"; do skip "$n" "$1"; done
	finish
}

# fail_all REASON LOG: every target fails with REASON, LOG as diagnostics; exit 1.
fail_all() {
	local n

	for n in "${NAMES[@]}"; do ok 1 "$n: $1"; done
	diag <"$2"
	finish
}

# libFuzzer ships in Debian's libclang-rt-14-dev; without it nothing here can be built.
have_libfuzzer() {
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
		"${CLANG:-clang}" -x c -fsanitize=fuzzer,address,undefined -o "$TMP/probe" - \
			>"$TMP/probe.log" 2>&1
}

build() {
	local vars=()
	[ "$BUILD" = build/san ] && vars+=(SANITIZE=1)
	[ "${WERROR:-}" = 1 ] && vars+=(WERROR=1)
	# A fresh make: not the jobserver of the 'make test' that may have started us.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s fuzz-bins "${vars[@]}" >"$TMP/build.log" 2>&1
}

# The last "cov: N ft: M" that libFuzzer printed, and its executed-units count.
figures() {
	local log=$1 cov ft execs
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
	ft=${cov##*ft: }
	cov=${cov#cov: }
	cov=${cov%% ft*}
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	echo "${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}"
}

# run_one NAME: run one target, print its TAP line.
run_one() {
	local name=$1 bin=$FUZZ_DIR/$1 work art log rc opts=()
	art=$FUZZ_DIR/crashes/$name
	log=$TMP/$name.log
	if [[ $name = fuzz_xdp || $name = fuzz_xdp6 ]] && [ "$(id -u)" -ne 0 ]; then
		skip "$name" "needs root to load the XDP program"
		return 0
	fi
	if [ -n "${FUZZ_RUN_SECONDS:-}" ]; then
		work=$FUZZ_DIR/corpus/$name
	else
		work=$TMP/corpus-$name
		opts+=(-seed=1)
	fi
	[ "$name" = fuzz_xdp ] && opts+=(-max_len=1516)
	[ "$name" = fuzz_xdp6 ] && opts+=(-max_len=1517)	# control, aux and split bytes
	mkdir -p "$work" "$art"
	timeout -k 10 $((SECS + 120)) "$bin" -max_total_time="$SECS" -timeout="$UNIT_TIMEOUT" \
		-rss_limit_mb="$RSS_MB" -artifact_prefix="$art/" -print_final_stats=1 \
		"${opts[@]}" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		ok 0 "$name: $(figures "$log") in ${SECS}s"
		return 0
	fi
	ok 1 "$name: exit $rc after $(figures "$log")"
	grep -vE '^(#[0-9]+|INFO:)' "$log" | tail -n 40 | diag
	echo "# inputs kept in $art/"
	return 1
}

have_libfuzzer ||
	skip_targets "libFuzzer missing (libclang-rt-14-dev): $(head -n 1 "$TMP/probe.log")"
if [ -z "${FUZZ_NOBUILD:-}" ]; then
	build || fail_all "cannot build the fuzz targets" "$TMP/build.log"
fi
for name in "${NAMES[@]}"; do
	run_one "$name"
done
finish

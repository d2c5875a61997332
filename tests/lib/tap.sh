# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP helpers of the shell tests: set NTESTS, source this, call ok/check/skip/bail, end with finish.
# Without NTESTS the plan is printed last, by finish, as the number of tests run.
T=0
FAILED=0
if [ -n "${NTESTS:-}" ]; then
	echo "1..$NTESTS"
fi

# ok STATUS DESCRIPTION: one test, passed when STATUS is 0.
ok() {
	T=$((T + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T - $2"
	else
		echo "not ok $T - $2"
		FAILED=$((FAILED + 1))
	fi
}

# check DESCRIPTION CMD...: one test, passed when CMD succeeds.
check() {
	local d=$1

	shift
	"$@"
	ok $? "$d"
}

# skip DESCRIPTION REASON: one test that cannot run here; it counts as passed.
skip() {
	T=$((T + 1))
	echo "ok $T - $1 # SKIP $2"
}

# skip_all REASON: every planned test not yet run is skipped (one without NTESTS); exit 0.
skip_all() {
	while [ "$T" -lt "${NTESTS:-1}" ]; do skip "not run" "$1"; done
	[ -n "${NTESTS:-}" ] || echo "1..$T"
	exit 0
}

# diag [MAX]: the lines of stdin as TAP comments, at most MAX (default TAP_DIAG_MAX, or all).
diag() {
	local max=${1:-${TAP_DIAG_MAX:-}}

	if [ -n "$max" ]; then
		sed 's/^/# /' | head -n "$max"
	else
		sed 's/^/# /'
	fi
}

# bail REASON: every planned test not yet run fails with REASON (one without NTESTS); exit 1.
bail() {
	local plan=${NTESTS:-$((T + 1))}

	echo "# $*"
	while [ "$T" -lt "$plan" ]; do ok 1 "not run: $*"; done
	[ -n "${NTESTS:-}" ] || echo "1..$T"
	exit 1
}

# finish: the late plan (no NTESTS), or a note when the plan was not met; exit 0 when every
# planned test ran and none failed.
finish() {
	if [ -z "${NTESTS:-}" ]; then
		echo "1..$T"
	elif [ "$T" -ne "$NTESTS" ]; then
		echo "# ran $T tests, planned $NTESTS"
		exit 1
	fi
	[ "$FAILED" -eq 0 ]
	exit $?
}

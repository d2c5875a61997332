# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP helpers for the shell tests: set NTESTS, source this, then call ok/bail.
T=0
FAILED=0
echo "1..$NTESTS"

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

# bail REASON: every test not yet run fails with REASON; exit 1.
bail() {
	echo "# $*"
	while [ "$T" -lt "$NTESTS" ]; do ok 1 "not run: $*"; done
	exit 1
}

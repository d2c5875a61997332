#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What one silent port costs -sV: the bound computed from data/service-probes, and measured.
#
# Usage (root): tools/svc-silent-wait.sh [INTENSITY...]   (default: 7 9)
# The bound: the NULL probe alone for 0.25 s, then five connections taking the port's TCP
# probes in order, each waiting its full 'wait' (a silent server never answers), the NULL
# probe's lane joining when its wait ends; the port's own deadline (30 s) caps it. The
# measurement: xdpmap -sT -sV against a listener that accepts and never writes, in a
# namespace of its own (loopback only), one run per intensity.
set -u
cd "$(dirname "$0")/.." || exit 1
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
DB=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
export XDPMAP_SERVICE_PROBES=$DB
[ "$(id -u)" -eq 0 ] || { echo "svc-silent-wait: needs root" >&2; exit 2; }
[ -x "$XDPMAP" ] || { echo "svc-silent-wait: no $XDPMAP" >&2; exit 2; }
NS=xmssw$$
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
ip netns add "$NS" && ip -n "$NS" link set lo up || exit 1
ip netns exec "$NS" timeout 600 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 21001)); s.listen(64)
held = []
while len(held) < 1000:
    held.append(s.accept()[0])
' &
PID=$!
for _ in $(seq 1 50); do
	ip netns exec "$NS" ss -Hltn | grep -q ':21001 ' && break
	sleep 0.1
done
# bound INTENSITY: the lane schedule of a silent port's TCP probes (rarity <= INTENSITY).
bound() {
	awk -v lvl="$1" '
	function flush() { if (name != "" && name != "NULL" && !udp && r <= lvl) w[n++] = wt
			   if (name == "NULL") nullw = wt }
	/^probe / { flush(); name = NF > 2 ? $2 : ""; udp = ($3 == "udp"); wt = 5000; r = 1
		    next } # "probe NAME" alone re-opens a probe for more match lines
	/^wait / { wt = $2 } /^rarity / { r = $2 }
	END { flush(); for (k = 0; k < 4; k++) lane[k] = 0.25; lane[4] = nullw / 1000
	      for (i = 0; i < n; i++) { m = 0
		      for (k = 1; k < 5; k++) if (lane[k] < lane[m]) m = k
		      lane[m] += w[i] / 1000 }
	      e = 0; for (k = 0; k < 5; k++) if (lane[k] > e) e = lane[k]
	      printf "%d probes, waits %.1f s in all, %.2f s on five connections%s\n", n,
		     sum(w, n), (e > 30 ? 30 : e), (e > 30 ? " (the 30 s deadline)" : "") }
	function sum(a, c,  i, s) { for (i = 0; i < c; i++) s += a[i] / 1000; return s }' "$DB"
}
for i in "${@:-7 9}"; do
	for lvl in $i; do
		start=$(date +%s.%N)
		ip netns exec "$NS" timeout 60 "$XDPMAP" -sT -sV -n --version-intensity "$lvl" \
			-p 21001 127.0.0.1 >/dev/null 2>&1 </dev/null
		rc=$?
		el=$(echo "$(date +%s.%N) - $start" | bc)
		printf 'intensity %s: bound %s; measured %.2f s (exit %s)\n' "$lvl" "$(bound "$lvl")" \
			"$el" "$rc"
	done
done

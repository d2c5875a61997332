#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# -sV's --host-timeout is per host (TAP): each host's budget starts with its own first port.
#
# Two hosts on a namespace's loopback, 127.0.0.2 with two silent open ports and 127.0.0.3
# with one, probed one port at a time (--max-parallelism 1). A silent port outlasts any
# budget here, so each host's first port is cut short by its own budget and 127.0.0.2's
# second port finds that host's budget spent. A budget counted from the start of -sV would
# leave the port probed second cut short and the other two not probed. The overall cap
# (--version-timeout) still ends -sV for every host. Assertions are on outcomes (the notice,
# which ports have a record), never on elapsed times.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
XDPMAP=${XDPMAP:-$BUILD/xdpmap}
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
NS=xmsht$$
D=$(mktemp -d /tmp/xdpmap-sht.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	ip netns pids "$NS" 2>/dev/null | while read -r p; do kill -KILL "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT
NTESTS=7
. tests/lib/tap.sh
if [ "$(id -u)" -ne 0 ] || [ ! -x "$XDPMAP" ] || ! command -v python3 >/dev/null; then
	skip_all "needs root, python3 and $XDPMAP"
fi
ip netns add "$NS" && ip -n "$NS" link set lo up || bail "ip netns add failed"

# Silent listeners: accept, hold the connection, never write (bounded to 10 minutes).
cat >"$D/silent.py" <<'PY'
import socket, threading, time
def serve(addr, port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(64)
    held = []
    while len(held) < 1000:
        c, _ = s.accept()
        held.append(c)
for addr, port in (("127.0.0.2", 21001), ("127.0.0.2", 21002), ("127.0.0.3", 21001)):
    threading.Thread(target=serve, args=(addr, port), daemon=True).start()
time.sleep(600)
PY
ip netns exec "$NS" python3 "$D/silent.py" 2>/dev/null &
PIDS+=($!)
for _ in $(seq 1 50); do
	[ "$(ip netns exec "$NS" ss -Hltn | grep -c ':2100[12] ')" = 3 ] && break
	sleep 0.1
done

# run NAME OPTIONS...: -sT -sV of both hosts, one port at a time; out, err and JSON kept.
run() {
	local name=$1
	shift
	ip netns exec "$NS" timeout 120 "$XDPMAP" -sT -sV -n --max-parallelism 1 "$@" \
		-p 21001,21002 -oJ "$D/$name.json" 127.0.0.2 127.0.0.3 \
		>"$D/$name.out" 2>"$D/$name.err" </dev/null
}
# records NAME IP: how many ports of IP have a service record (were probed) in NAME's JSON.
records() {
	grep -c "\"ip\":\"$2\",\"port\":2100[12],\"proto\":\"tcp\",\"service\":{\"name\":\"unknown?\"" \
		"$D/$1.json"
}

run host --host-timeout 2s
rc=$?
sed 's/^/# /' "$D/host.err" | head -5
check "--host-timeout 2s, 3 silent ports on 2 hosts: exit 0 (rc=$rc)" [ $rc = 0 ]
check "the notice: --host-timeout, 1 port not probed, 2 cut short" \
	grep -q 'stopped by --host-timeout: 1 open ports not probed, 2 cut short' "$D/host.err"
check "each host had a budget of its own: one probed port each ($(records host 127.0.0.2), \
$(records host 127.0.0.3)), cut short as nmap's guess" \
	[ "$(records host 127.0.0.2)$(records host 127.0.0.3)" = 11 ]
check "all 3 ports open" [ "$(grep -c '"state":"open"' "$D/host.json")" = 3 ]

# The overall cap applies to all hosts together: the first port probed takes it all.
run total --host-timeout 60s --version-timeout 2s
rc=$?
sed 's/^/# /' "$D/total.err" | head -5
check "--version-timeout 2s with --host-timeout 60s: exit 0 (rc=$rc)" [ $rc = 0 ]
check "the notice: --version-timeout, 2 ports not probed, 1 cut short" \
	grep -q 'stopped by --version-timeout: 2 open ports not probed, 1 cut short' "$D/total.err"
check "one probed port in all ($(records total 127.0.0.2) + $(records total 127.0.0.3))" \
	[ $(($(records total 127.0.0.2) + $(records total 127.0.0.3))) = 1 ]
finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: on a switched LAN (a bridge), every on-link host gets probes framed for its own MAC.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
NTESTS=5
. tests/lib/tap.sh
. tests/lib/lan.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"

P=xl$$
NS=("$P-lan" "$P-scan" "$P-a" "$P-b")
WORK=$(mktemp -d /tmp/xdpmap-lan.XXXXXX)
PIDS=()
cleanup() {
	local pid ns
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# lan: a bridge; scan 198.18.0.1, a 198.18.0.2, b 198.18.0.3, all in one /24.
lan_up() {
	local i
	lan_bridge || return 1
	for i in 1 2 3; do
		ip -n "${NS[$i]}" addr add "198.18.0.$i/24" dev "${P}h$i" || return 1
	done
}
listen() { # NS PORT
	ip netns exec "$1" python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(64); time.sleep(120)' "$2" &
	PIDS+=($!)
}
lan_up || bail "bridge topology"
listen "${NS[2]}" 22
listen "${NS[3]}" 80
sleep 0.5

ip netns exec "${NS[1]}" "$XDPMAP" -n -p 22,80 --wait 2 -oJ "$WORK/d.json" 198.18.0.2-4 \
	>"$WORK/d.txt" 2>&1
st="$(port_state "$WORK/d.json" 198.18.0.2 22) $(port_state "$WORK/d.json" 198.18.0.2 80)"
ok $([ "$st" = "open closed" ] && echo 0 || echo 1) "host 198.18.0.2: 22 open, 80 closed (got $st)"
st="$(port_state "$WORK/d.json" 198.18.0.3 22) $(port_state "$WORK/d.json" 198.18.0.3 80)"
ok $([ "$st" = "closed open" ] && echo 0 || echo 1) \
	"host 198.18.0.3, not the next hop, is reached too: 22 closed, 80 open (got $st)"
[ "$st" = "closed open" ] || sed 's/^/# /' "$WORK/d.txt"
grep -q '(2 hosts up)' "$WORK/d.txt"
ok $? "two hosts up of three addresses (198.18.0.4 is nobody)"
ip netns exec "${NS[1]}" "$XDPMAP" -n -Pn -p 22,80 --wait 2 -oJ "$WORK/p.json" \
	198.18.0.2-3 >"$WORK/p.txt" 2>&1
st="$(port_state "$WORK/p.json" 198.18.0.3 80) $(port_state "$WORK/p.json" 198.18.0.2 22)"
ok $([ "$st" = "open open" ] && echo 0 || echo 1) "-Pn: both hosts reached through ARP-learnt MACs (got $st)"
[ "$st" = "open open" ] || sed 's/^/# /' "$WORK/p.txt"
grep -q '^80/tcp *open' "$WORK/p.txt" && grep -q '^22/tcp *open' "$WORK/p.txt"
ok $? "-Pn: the report lists both open ports"
finish

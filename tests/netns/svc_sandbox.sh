#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of -sV's privilege separation: its own process, no BPF/XSK fds, no capabilities, seccomp.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
. tools/netns-topo.sh

NTESTS=8
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"

P=xv$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
W=$(mktemp -d /tmp/xdpmap-svcbox.XXXXXX)
SILENT=
SCAN=
cleanup() {
	[ -n "$SCAN" ] && kill -KILL "$SCAN" 2>/dev/null
	[ -n "$SILENT" ] && kill -TERM "$SILENT" 2>/dev/null && wait "$SILENT" 2>/dev/null
	topo_down "$P"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
topo_up "$P" || bail "topology"
# A service that accepts and never speaks: -sV keeps probing it for seconds.
ip netns exec "$TNS" python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 7777)); s.listen(64); c = []
while True: c.append(s.accept()[0])' &
SILENT=$!
sleep 0.5

ip netns exec "$SNS" timeout 120 "$XDPMAP" -n -Pn -sV -p 7777 --wait 0.5 198.18.0.2 \
	>"$W/out" 2>"$W/err" &
SCAN=$!
# 'ip netns exec' becomes 'timeout', whose child is the scanner; the -sV process is its child.
parent= child=
for _ in $(seq 100); do
	parent=$(pgrep -x xdpmap -P "$SCAN" | head -1)
	[ -n "$parent" ] && child=$(pgrep -x xdpmap -P "$parent" | head -1)
	[ -n "$child" ] && grep -q '^Seccomp:[[:space:]]*2' "/proc/$child/status" 2>/dev/null && break
	sleep 0.1
done
ok $([ -n "$child" ] && echo 0 || echo 1) "-sV runs in a process of its own (scanner ${parent:-?}, -sV ${child:-none})"
st=/proc/${child:-0}/status
grep -q '^Seccomp:[[:space:]]*2' "$st" 2>/dev/null
ok $? "the -sV process runs under a seccomp filter (Seccomp: 2)"
grep -q '^CapEff:[[:space:]]*0000000000000000' "$st" 2>/dev/null
ok $? "the -sV process has no effective capability"
grep -q '^NoNewPrivs:[[:space:]]*1' "$st" 2>/dev/null
ok $? "the -sV process has no_new_privs"
uid=$(awk '/^Uid:/ {print $2}' "$st" 2>/dev/null)
ok $([ "$uid" = 65534 ] && echo 0 || echo 1) "the -sV process runs as nobody (uid ${uid:-?})"
ls -l "/proc/$parent/fd" 2>/dev/null >"$W/parent.fds"
ls -l "/proc/${child:-0}/fd" 2>/dev/null >"$W/child.fds"
# socket inodes both hold: the AF_XDP socket (and any other) would be inherited ones
shared=$(comm -12 <(grep -o 'socket:\[[0-9]*\]' "$W/parent.fds" | sort) \
	<(grep -o 'socket:\[[0-9]*\]' "$W/child.fds" | sort) | tr '\n' ' ')
ok $(grep -q 'anon_inode:bpf' "$W/parent.fds" && echo 0 || echo 1) \
	"the scanner itself holds BPF descriptors (the check below means something)"
ok $([ -s "$W/child.fds" ] && ! grep -q 'anon_inode:.*bpf' "$W/child.fds" && [ -z "$shared" ] &&
	echo 0 || echo 1) "the -sV process holds no BPF descriptor and no socket of the scanner (shared: ${shared:-none})"
wait "$SCAN"
rc=$?
SCAN=
ok $([ $rc -eq 0 ] && grep -q '^7777/tcp *open' "$W/out" && echo 0 || echo 1) \
	"the scan ends (exit $rc) and reports the port: $(grep '^7777' "$W/out")"
exit $((FAILED > 0))

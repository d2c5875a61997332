#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Sourceable library: a two-namespace veth test topology (198.18.0.1 <-> 198.18.0.2) and helpers.
#
# Usage (from a script run as root):
#   . tools/netns-topo.sh
#   P=xm$$
#   trap 'topo_down "$P"' EXIT
#   topo_up "$P"                      # namespaces $P-scan and $P-tgt, veths $(topo_scan_if $P)/$(topo_tgt_if $P)
#   topo_listen "$P" 22 80 8080       # echo servers in the target namespace (PIDs in TOPO_PIDS)
#   topo_drop_port "$P" 9999          # SYNs to 9999 silently dropped (filtered, no response)
#   topo_reject_port "$P" 9998        # SYNs to 9998 answered by ICMP admin-prohibited
#   ip netns exec "$P-scan" build/xdpmap -p- 198.18.0.2
#
# Only addresses of 198.18.0.0/24 are used, and only inside the namespaces created here.
# Environment knobs: TOPO_GRO=1 turns GRO on for both veths (veth NAPI mode; not needed for
# native XDP on the scanner veth, which works with the defaults, measured on Linux 6.18);
# TOPO_VERBOSE=1 echoes what is done.

TOPO_SCAN_ADDR=198.18.0.1
TOPO_TGT_ADDR=198.18.0.2
TOPO_PLEN=24
TOPO_SCAN_MAC=02:00:c6:12:00:01
TOPO_TGT_MAC=02:00:c6:12:00:02
# PIDs of background processes started by the helpers (killed by topo_down).
TOPO_PIDS=()
TOPO_LOGDIR=${TOPO_LOGDIR:-}

if [ -x /usr/bin/python3 ]; then
	TOPO_PY=${TOPO_PY:-/usr/bin/python3}
else
	TOPO_PY=${TOPO_PY:-python3}
fi

_topo_log() { [ "${TOPO_VERBOSE:-0}" = 1 ] && echo "topo: $*" >&2; return 0; }

topo_scan_ns() { echo "$1-scan"; }
topo_tgt_ns() { echo "$1-tgt"; }
topo_scan_if() { echo "${1:0:6}s0"; }
topo_tgt_if() { echo "${1:0:6}t0"; }

# A per-prefix scratch directory for logs, FIFOs and helper scripts (removed by topo_down).
topo_dir() {
	local d=${TMPDIR:-/tmp}/xdpmap-topo-$1
	mkdir -p "$d" && echo "$d"
}

# topo_up PREFIX: create both namespaces and the veth pair, address and bring everything up.
topo_up() {
	local p=$1 sns tns sif tif
	sns=$(topo_scan_ns "$p"); tns=$(topo_tgt_ns "$p")
	sif=$(topo_scan_if "$p"); tif=$(topo_tgt_if "$p")
	if [ "$(id -u)" -ne 0 ]; then
		echo "topo: must run as root" >&2
		return 1
	fi
	_topo_log "creating $sns and $tns ($sif <-> $tif)"
	ip netns add "$sns" || return 1
	ip netns add "$tns" || return 1
	# Create the pair directly inside the scanner namespace, then move the peer: nothing of
	# it ever exists in the caller's (host) namespace.
	ip -n "$sns" link add "$sif" address "$TOPO_SCAN_MAC" type veth \
		peer name "$tif" address "$TOPO_TGT_MAC" || return 1
	ip -n "$sns" link set dev "$tif" netns "$tns" || return 1
	ip -n "$sns" link set dev lo up || return 1
	ip -n "$tns" link set dev lo up || return 1
	ip -n "$sns" addr add "$TOPO_SCAN_ADDR/$TOPO_PLEN" dev "$sif" || return 1
	ip -n "$tns" addr add "$TOPO_TGT_ADDR/$TOPO_PLEN" dev "$tif" || return 1
	if [ "${TOPO_GRO:-0}" = 1 ]; then
		ip netns exec "$sns" ethtool -K "$sif" gro on >/dev/null 2>&1 || true
		ip netns exec "$tns" ethtool -K "$tif" gro on >/dev/null 2>&1 || true
	fi
	# Per-namespace sysctls only: no ICMP rate limiting in the target, so every
	# admin-prohibited answer is really sent; no IPv6 noise on the link.
	ip netns exec "$tns" sysctl -qw net.ipv4.icmp_ratelimit=0 >/dev/null 2>&1 || true
	ip netns exec "$tns" sysctl -qw net.ipv4.icmp_msgs_per_sec=1000000 >/dev/null 2>&1 || true
	ip netns exec "$sns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1 || true
	ip netns exec "$tns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1 || true
	ip -n "$sns" link set dev "$sif" up || return 1
	ip -n "$tns" link set dev "$tif" up || return 1
	# Wait (bounded) for both ends to be operationally up, then check reachability (which
	# also fills both neighbour tables): one TCP connect to the discard port, refused by a RST.
	local _
	for _ in $(seq 1 50); do
		ip -n "$sns" link show dev "$sif" | grep -q 'state UP' &&
			ip -n "$tns" link show dev "$tif" | grep -q 'state UP' && break
		sleep 0.1
	done
	for _ in 1 2 3; do
		ip netns exec "$sns" "$TOPO_PY" - "$TOPO_TGT_ADDR" <<'EOF' && return 0
import socket, sys
try:
    socket.create_connection((sys.argv[1], 9), timeout=1).close()
except (ConnectionRefusedError, ConnectionResetError):
    pass
EOF
	done
	echo "topo: $TOPO_SCAN_ADDR cannot reach $TOPO_TGT_ADDR" >&2
	return 1
}

# topo_kill PID...: stop processes this library started (TERM, then KILL after 1 s).
topo_kill() {
	local pid alive
	for pid in "$@"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for _ in $(seq 1 10); do
		alive=0
		for pid in "$@"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for pid in "$@"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

# topo_down PREFIX: kill what runs in the namespaces, delete them. Idempotent, never fails.
topo_down() {
	local p=$1 ns pids
	[ ${#TOPO_PIDS[@]} -gt 0 ] && topo_kill "${TOPO_PIDS[@]}"
	TOPO_PIDS=()
	for ns in "$(topo_scan_ns "$p")" "$(topo_tgt_ns "$p")"; do
		[ -e "/run/netns/$ns" ] || continue
		# Anything still inside a namespace this test created was started by this test.
		pids=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && topo_kill $pids
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "${TMPDIR:-/tmp}/xdpmap-topo-$p"
	_topo_log "torn down $p"
	return 0
}

# topo_wait_listen NS PORT...: wait (at most 5 s) until every PORT is listening in NS.
topo_wait_listen() {
	local ns=$1 port missing
	shift
	for _ in $(seq 1 50); do
		missing=0
		for port in "$@"; do
			ip netns exec "$ns" ss -Hltn "sport = :$port" 2>/dev/null | grep -q LISTEN ||
				missing=1
		done
		[ $missing = 0 ] && return 0
		sleep 0.1
	done
	echo "topo: listeners on $* did not come up in $ns" >&2
	return 1
}

# topo_listen PREFIX PORT...: one python3 process in the target namespace listening on every
# PORT (all addresses); it accepts every connection and echoes what it receives. Its PID is
# appended to TOPO_PIDS and left in TOPO_LAST_PID. Returns once every PORT is listening.
topo_listen() {
	local p=$1 d tns
	shift
	tns=$(topo_tgt_ns "$p")
	d=$(topo_dir "$p")
	cat >"$d/echo_server.py" <<'EOF'
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", int(port)))
    s.listen(1024)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, None)
while True:
    for key, _ in sel.select():
        sock = key.fileobj
        if key.data is None:
            try:
                c, _ = sock.accept()
            except OSError:
                continue
            c.setblocking(False)
            sel.register(c, selectors.EVENT_READ, "conn")
        else:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(sock)
                sock.close()
                continue
            try:
                sock.sendall(data)
            except OSError:
                sel.unregister(sock)
                sock.close()
EOF
	ip netns exec "$tns" "$TOPO_PY" "$d/echo_server.py" "$@" \
		>>"$d/listen.log" 2>&1 </dev/null &
	TOPO_LAST_PID=$!
	TOPO_PIDS+=("$TOPO_LAST_PID")
	topo_wait_listen "$tns" "$@"
}

# Install (once) the nftables table and input chain used by drop/reject rules.
_topo_nft_base() {
	local tns=$1
	ip netns exec "$tns" nft list table ip xdpmap_topo >/dev/null 2>&1 && return 0
	ip netns exec "$tns" nft -f - <<'EOF'
table ip xdpmap_topo {
	chain input {
		type filter hook input priority 0; policy accept;
	}
}
EOF
}

# topo_drop_port PREFIX PORT: the target silently drops TCP SYNs to PORT (filtered, no response).
topo_drop_port() {
	local p=$1 port=$2 tns
	tns=$(topo_tgt_ns "$p")
	if command -v nft >/dev/null 2>&1 && _topo_nft_base "$tns"; then
		ip netns exec "$tns" nft add rule ip xdpmap_topo input \
			tcp dport "$port" 'tcp flags & (syn | ack) == syn' drop
	else
		ip netns exec "$tns" iptables -A INPUT -p tcp --dport "$port" --syn -j DROP
	fi
}

# topo_reject_port PREFIX PORT: the target answers TCP SYNs to PORT with ICMP destination
# unreachable, code 13 (communication administratively prohibited).
topo_reject_port() {
	local p=$1 port=$2 tns
	tns=$(topo_tgt_ns "$p")
	if command -v nft >/dev/null 2>&1 && _topo_nft_base "$tns"; then
		ip netns exec "$tns" nft add rule ip xdpmap_topo input \
			tcp dport "$port" 'tcp flags & (syn | ack) == syn' \
			reject with icmp type admin-prohibited
	else
		ip netns exec "$tns" iptables -A INPUT -p tcp --dport "$port" --syn \
			-j REJECT --reject-with icmp-admin-prohibited
	fi
}

# topo_xdp_attached NS IFACE: true if IFACE in NS has any XDP program (native, generic,
# offloaded) attached, judged by both `ip link` and `bpftool net`.
topo_xdp_attached() {
	local ns=$1 ifc=$2
	ip -n "$ns" -d link show dev "$ifc" 2>/dev/null | grep -Eq 'prog/xdp|xdpgeneric|xdpdrv|xdpoffload|[[:space:]]xdp[[:space:]/]' &&
		return 0
	if command -v bpftool >/dev/null 2>&1; then
		ip netns exec "$ns" bpftool net show dev "$ifc" 2>/dev/null |
			sed -n '/^xdp:/,/^$/p' | grep -q "$ifc" && return 0
	fi
	return 1
}

# topo_wait_no_xdp NS IFACE [TENTHS]: wait (default at most 3 s) until no XDP program is
# attached to IFACE in NS (a bpf_link is released a moment after its process dies).
topo_wait_no_xdp() {
	local ns=$1 ifc=$2 n=${3:-30}
	for _ in $(seq 1 "$n"); do
		topo_xdp_attached "$ns" "$ifc" || return 0
		sleep 0.1
	done
	! topo_xdp_attached "$ns" "$ifc"
}

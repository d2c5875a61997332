#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Demonstrates xdpmap on a throw-away two-namespace veth network (run as root by `make demo`).
set -u

cd "$(dirname "$0")/.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: must run as root (network namespaces, XDP, AF_XDP)" >&2
	exit 1
fi
if [ ! -x "$XDPMAP" ]; then
	echo "demo: $XDPMAP not found: run 'make' first" >&2
	exit 1
fi

P=xmd$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
OPEN_PORTS=(22 80 443 8080)
DROP_PORT=9999
REJECT_PORT=9998

cleanup() {
	topo_down "$P"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

heading() {
	printf '\n==== %s ====\n' "$*"
}

heading "1. Topology: namespace $SNS (scanner, $TOPO_SCAN_ADDR) <-veth-> $TNS (target, $TOPO_TGT_ADDR)"
topo_up "$P" || { echo "demo: topology setup failed" >&2; exit 1; }
ip -n "$SNS" -br addr show dev "$SIF"
ip -n "$TNS" -br addr show dev "$(topo_tgt_if "$P")"

heading "2. Target services: python3 listeners on ${OPEN_PORTS[*]}; nftables drops $DROP_PORT, rejects $REJECT_PORT (ICMP admin-prohibited)"
topo_listen "$P" "${OPEN_PORTS[@]}" || { echo "demo: listeners failed" >&2; exit 1; }
topo_drop_port "$P" "$DROP_PORT" || exit 1
topo_reject_port "$P" "$REJECT_PORT" || exit 1
ip netns exec "$TNS" ss -Hltn | awk '{print "  listening: " $4}' | sort -t: -k2 -n
ip netns exec "$TNS" nft list table ip xdpmap_topo | sed 's/^/  /'

heading "3. SYN scan of ports 1-10000"
CMD=(ip netns exec "$SNS" "$XDPMAP" -n -p 1-10000 --max-rate 200000 "$TOPO_TGT_ADDR")
echo "\$ ${CMD[*]}"
timeout -s KILL 60 "${CMD[@]}"
rc=$?
echo "(exit status $rc)"

heading "4. The same scan with -v (progress and details on stderr)"
CMD=(ip netns exec "$SNS" "$XDPMAP" -v -n -p 1-10000 --max-rate 200000 "$TOPO_TGT_ADDR")
echo "\$ ${CMD[*]}"
timeout -s KILL 60 "${CMD[@]}" 2>&1
rc2=$?
echo "(exit status $rc2)"

heading "5. After the scan: no XDP program left on $SIF"
if topo_wait_no_xdp "$SNS" "$SIF" 20; then
	echo "  none attached"
else
	echo "  WARNING: an XDP program is still attached:"
	ip -n "$SNS" link show dev "$SIF"
fi

heading "6. Teardown"
topo_down "$P"
echo "  namespaces $SNS and $TNS deleted"
[ $rc -eq 0 ] && [ $rc2 -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The simulated network's IPv6 range (TAP): simnet-responder --range6 answers SYNs as
# simnet-list --ipv6 says, seen by xdpmap -6 and nmap -6 alike.
set -u
cd "$(dirname "$0")/../.."
. tools/netns-topo.sh
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
RESPONDER=${BUILD:-build}/tools/simnet-responder
LISTER=${BUILD:-build}/tools/simnet-list
P=xs6$$
trap 'topo_down "$P"' EXIT
NTESTS=4
. tests/lib/tap.sh
. tests/lib/ipv6_pair.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] && [ -x "$RESPONDER" ] && [ -x "$LISTER" ] || skip_all "not built"
command -v nmap >/dev/null || skip_all "no nmap"
topo_up "$P" || bail "topology"
S=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TIF=$(topo_tgt_if "$P")
D=$(topo_dir "$P")
PORTS=22,80,443,1-13

simnet6_link_up "$S" "$TNS" "$SIF" "$TIF" || bail "IPv6 on the veth pair"
ip netns exec "$TNS" "$RESPONDER" -i "$TIF" --range6 fd00:5:: >"$D/resp.log" 2>&1 &
TOPO_PIDS+=($!)
sleep 0.5

# fd00:5::c612:100/120 holds the truth of 198.18.1.0/24 (simnet.h); open and closed pairs.
"$LISTER" --range 198.18.1.0/24 --ipv6 fd00:5:: -p "$PORTS" | sort >"$D/truth"
check "simnet-list --ipv6: $(grep -c open "$D/truth") open, $(grep -c closed "$D/truth") closed \
pairs, addresses under fd00:5::" bash -c "grep -q open '$D/truth' && grep -q closed '$D/truth' &&
	! grep -qv '^fd00:5::c612:1[0-9a-f][0-9a-f] ' '$D/truth'"
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -n -Pn -p "$PORTS" --wait 1 -oJ "$D/x.json" \
	fd00:5::c612:100/120 >/dev/null 2>"$D/x.err"
rc=$?
"$TOPO_PY" - "$D/x.json" <<'EOF' | sort >"$D/x.pairs"
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("state") in ("open", "closed"):
        print(o["ip"], o["port"], o["state"])
EOF
check "xdpmap -6 (rc=$rc) finds exactly the truth's pairs ($(wc -l <"$D/x.pairs"))" \
	cmp -s "$D/truth" "$D/x.pairs"
# nmap reads replies through the kernel: an XDP_PASS program on the scanner's veth.
ip netns exec "$S" "$RESPONDER" -i "$SIF" --pass-only >/dev/null 2>&1 &
PASS=$!
TOPO_PIDS+=($PASS)
sleep 0.5
ip netns exec "$S" timeout 120 nmap -6 -n -Pn -sS --max-retries 1 -p "$PORTS" \
	-oG "$D/n.gnmap" fd00:5::c612:100/120 >/dev/null 2>&1
kill "$PASS"
"$TOPO_PY" - "$D/n.gnmap" <<'EOF' | sort >"$D/n.pairs"
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"Host: (\S+) .*Ports: (.*)", line)
    if not m:
        continue
    for p in m.group(2).split(","):
        f = p.strip().split("/")
        if len(f) > 1 and f[1] in ("open", "closed"):
            print(m.group(1), f[0], f[1])
EOF
check "nmap -6 -sS agrees ($(wc -l <"$D/n.pairs") pairs)" cmp -s "$D/truth" "$D/n.pairs"
check "no XDP program left on $SIF" topo_wait_no_xdp "$S" "$SIF"
finish

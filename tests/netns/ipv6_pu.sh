#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: -6 -PU host discovery against nmap -6 -PU in the same run (-sn with and without
# Neighbor Solicitation, and before -sS): a host answering with a UDP reply, one with an ICMPv6
# port unreachable, a silent one, an address with nobody, and a routed one whose router sends the
# port unreachable; hosts up and reasons from -oX. -6 -sU on the same port against nmap -6 -sU.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh
# shellcheck source=tests/lib/ipv6_pair.sh
. tests/lib/ipv6_pair.sh

NTESTS=6
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
for tool in nmap nft python3; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "needs $tool (tools/deps.sh test)"
done

P=xpu$$
SNS=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
WORK=$(mktemp -d /tmp/xdpmap-pu6.XXXXXX)
cleanup() {
	topo_down "$P"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The targets: fd00::2 answers -PU's port 40125 with a port unreachable (nothing listens there),
# fd00::3 with a UDP reply, fd00::4 drops UDP and TCP (its Neighbor Advertisements still go out),
# nobody has fd00::5; fd00:98::7 is routed through fd00::2, whose forward chain answers UDP to it
# with a port unreachable of its own (and drops the rest).
UNREACH=fd00::2
REPLY=fd00::3
SILENT=fd00::4
NOBODY=fd00::5
ROUTED=fd00:98::7
TARGETS=("$UNREACH" "$REPLY" "$SILENT" "$NOBODY" "$ROUTED")

# ---- 1: topology, the UDP answerer, the silent host, the router ------------------------------
# The target namespace's answerer: any datagram to [fd00::3]:40125 gets one back (neither tool
# has a payload for 40125 or 40126), one to [fd00::3]:40126 only if it holds $DATA (--data-string);
# [fd00::2]:22 accepts TCP (-sS's open port).
DATA=xdpmap-pu
answerer() {
	ip netns exec "$TNS" python3 -c '
import select, socket, sys
udp = {}
for port, want in ((40125, None), (40126, sys.argv[1].encode())):
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.bind(("fd00::3", port))
    udp[u] = want
t = socket.socket(socket.AF_INET6)
t.bind(("fd00::2", 22))
t.listen(8)
while True:
    for s in select.select(list(udp) + [t], [], [])[0]:
        if s is t:
            s.accept()[0].close()
            continue
        data, peer = s.recvfrom(2048)
        if udp[s] in (None, data):
            s.sendto(b"pong", peer)
' "$DATA" >"$WORK/answerer.log" 2>&1 &
	TOPO_PIDS+=("$!")
	for _ in $(seq 1 50); do
		ip netns exec "$TNS" ss -6 -Hlun "sport = :40126" | grep -q . &&
			ip netns exec "$TNS" ss -6 -Hltn "sport = :22" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

setup() {
	topo_up "$P" || return 1
	ipv6_pair_up "$SNS" "$TNS" "$(topo_scan_if "$P")" "$(topo_tgt_if "$P")" || return 1
	ip -n "$TNS" addr add "$SILENT/64" dev "$(topo_tgt_if "$P")" nodad || return 1
	# fd00:98::/64 lies behind a second veth pair of the target namespace, which forwards.
	ip netns exec "$TNS" sysctl -qw net.ipv6.conf.all.forwarding=1 &&
		ip -n "$TNS" link add xpr0 type veth peer name xpr1 &&
		ip -n "$TNS" link set xpr0 up && ip -n "$TNS" link set xpr1 up &&
		ip -n "$TNS" -6 route add fd00:98::/64 dev xpr0 &&
		ip -n "$SNS" -6 route add fd00:98::/64 via "$UNREACH" || return 1
	ip netns exec "$TNS" nft -f - <<NFT || return 1
table ip6 xpu {
	chain input {
		type filter hook input priority 0;
		ip6 daddr $SILENT meta l4proto { tcp, udp } drop
	}
	chain forward {
		type filter hook forward priority 0;
		ip6 daddr $ROUTED meta l4proto udp reject with icmpv6 type port-unreachable
		ip6 daddr fd00:98::/64 drop
	}
}
NFT
	answerer
}
if setup; then
	ok 0 "$UNREACH unreachable, $REPLY reply, $SILENT silent, $NOBODY nobody, $ROUTED routed"
else
	diag <"$WORK/answerer.log"
	bail "topology or answerer did not start"
fi

# nmap before 7.94 ignores UDP replies to its -PU probes over IPv6 (fixed by nmap's commit
# "Fix -PU and -PY for IPv6", October 2022): for it, the reply host's reference is what its own
# -sU finds on the same port in this run.
NMAP_VERSION=$(nmap --version | sed -n 's/^Nmap version \([0-9.]*\).*/\1/p')
NMAP_OLD=0
[ "$(printf '%s\n' 7.94 "$NMAP_VERSION" | sort -V | head -n 1)" = 7.94 ] || NMAP_OLD=1

# run TOOL NAME ARGS...: nmap or xdpmap -6 -n --reason ARGS on the targets in the scanner
# namespace (bounded in time), -oX to $WORK/TOOL-NAME.xml.
run() {
	local tool=$1 name=$2 bin=nmap

	shift 2
	[ "$tool" = xdpmap ] && bin=$XDPMAP
	ip netns exec "$SNS" timeout 60 "$bin" -6 -n --reason "$@" -oX "$WORK/$tool-$name.xml" \
		"${TARGETS[@]}" >"$WORK/$tool-$name.out" 2>&1
}

# The comparison of two -oX files: "hosts" checks every target's status, reason, reason_ttl and
# MAC address (a target not listed is down) and the ports of the hosts up in both; "ports" every
# target's port states, reasons and their ttls alone (the -sU runs, with -Pn). Then xdpmap's
# hosts up ("addr:reason ...") or ports ("addr:port/proto:state:reason ...") must be WANT.
# Differences are printed, one a line.
cat >"$WORK/same.py" <<'PY'
import sys, xml.etree.ElementTree as ET

def hosts(path):
    """addr -> (status, reason and ttl, {port/proto: (state, reason, ttl)}, MAC) of an -oX."""
    out = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print("%s: %s" % (path, e))
        sys.exit(1)
    for h in root.findall("host"):
        addr = [a.get("addr") for a in h.findall("address") if a.get("addrtype") == "ipv6"]
        st = h.find("status")
        if len(addr) != 1 or st is None:
            print("%s: a host without one IPv6 address or a status" % path)
            sys.exit(1)
        addr = addr[0]
        ports = {"%s/%s" % (p.get("portid"), p.get("protocol")):
                 tuple(p.find("state").get(k) for k in ("state", "reason", "reason_ttl"))
                 for p in h.findall("ports/port")}
        mac = [a.get("addr").lower() for a in h.findall("address") if a.get("addrtype") == "mac"]
        out[addr] = (st.get("state"), "%s ttl %s" % (st.get("reason"), st.get("reason_ttl")),
                     ports, mac)
    return out

mode, nmap_xml, xdp_xml, want, old, ref_xml = sys.argv[1:7]
targets = sys.argv[7:]
n, x = hosts(nmap_xml), hosts(xdp_xml)
down = ("down", None, {}, [])
ref = hosts(ref_xml) if old == "1" else {}
bad = []
for t in targets:
    nt, xt = n.get(t, down), x.get(t, down)
    if mode == "ports":
        if nt[2] != xt[2]:
            bad.append("%s ports: nmap %s, xdpmap %s" % (t, nt[2], xt[2]))
        continue
    if nt[0] != "up" and xt[1] == "udp-response ttl 64" and \
            ("open", "udp-response", "64") in ref.get(t, down)[2].values():
        continue  # nmap < 7.94 ignores the reply its -sU sees (see NMAP_OLD)
    if nt[:2] + nt[3:] != xt[:2] + xt[3:]:
        bad.append("%s: nmap %s %s %s, xdpmap %s %s %s" % ((t,) + nt[:2] + nt[3:] + xt[:2] +
                                                         xt[3:]))
    elif nt[0] == "up" and nt[2] != xt[2]:
        bad.append("%s ports: nmap %s, xdpmap %s" % (t, nt[2], xt[2]))
if mode == "ports":
    got = " ".join("%s:%s:%s:%s" % (t, p, s[0], s[1]) for t in targets
                   for p, s in sorted(x.get(t, down)[2].items()))
else:
    got = " ".join("%s:%s" % (t, x[t][1].split(" ttl ")[0]) for t in targets
                   if x.get(t, down)[0] == "up")
if got != want:
    bad.append("xdpmap: %s; want %s" % (got, want))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

# same MODE NAME WANT: nmap's and xdpmap's -oX of run NAME compared (same.py above).
same() {
	python3 "$WORK/same.py" "$1" "$WORK/nmap-$2.xml" "$WORK/xdpmap-$2.xml" "$3" "$NMAP_OLD" \
		"$WORK/nmap-ref.xml" "${TARGETS[@]}" | diag
	return "${PIPESTATUS[0]}"
}

# ---- 2: -sU on -PU's ports: nmap's states, and its reference for the reply host (NMAP_OLD) ---
# A port unreachable from the router, not the target, is filtered (nmap: only the target's own
# says closed).
TARGETS=("$UNREACH" "$REPLY" "$ROUTED")
run nmap ref -sU -Pn -p 40125,40126 --data-string "$DATA"
run xdpmap ref -sU -Pn -p 40125,40126 --data-string "$DATA"
# both ADDR STATE:REASON: the two ports' entries of same's WANT.
both() { printf '%s:40125/udp:%s %s:40126/udp:%s' "$1" "$2" "$1" "$2"; }
same ports ref "$(both "$UNREACH" closed:port-unreach) $(both "$REPLY" open:udp-response) \
$(both "$ROUTED" filtered:port-unreach)"
ok $? "-6 -sU -Pn -p 40125,40126: nmap's states; the router's port unreachable: filtered"
TARGETS=("$UNREACH" "$REPLY" "$SILENT" "$NOBODY" "$ROUTED")

# ---- 3: -sn -PU, no Neighbor Solicitation: the UDP probes decide --------------------------------
run nmap pu -sn -PU --disable-arp-ping
run xdpmap pu -sn -PU --disable-arp-ping
same hosts pu "$UNREACH:port-unreach $REPLY:udp-response"
ok $? "-6 -sn -PU --disable-arp-ping: nmap's hosts up and reasons; not $ROUTED (its router's)"

# ---- 4: -sn -PU with Neighbor Solicitation: on-link hosts up by their advertisements -----------
run nmap nd -sn -PU
run xdpmap nd -sn -PU
same hosts nd "$UNREACH:nd-response $REPLY:nd-response $SILENT:nd-response"
ok $? "-6 -sn -PU: on-link hosts up by nd-response, as nmap's; not $NOBODY, not $ROUTED"

# ---- 5: -PU before -sS: the same hosts are port-scanned, with the same states ------------------
# -PU40126 with --data-string: $REPLY answers only that payload (as nmap, -PU sends --data to a
# port without a payload of its own). Not $NOBODY: its 3 s of neighbour solicitation were paid in 3.
TARGETS=("$UNREACH" "$REPLY" "$SILENT" "$ROUTED")
run nmap ss -sS -p 9,22 -PU40126 --data-string "$DATA" --disable-arp-ping
run xdpmap ss -sS -p 9,22 -PU40126 --data-string "$DATA" --disable-arp-ping
same hosts ss "$UNREACH:port-unreach $REPLY:udp-response"
ok $? "-6 -PU40126 --data-string --disable-arp-ping -sS -p 9,22: nmap's hosts, reasons, ports"

# ---- 6: nothing left behind -------------------------------------------------------------------
topo_wait_no_xdp "$SNS" "$(topo_scan_if "$P")"
ok $? "no XDP program left on the scanner interface"
finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The connect scan (-sT, TAP): states and reasons, retries, many ports, -sT -sV, the fallbacks from -sS.
set -u
cd "$(dirname "$0")/../.."
. tools/netns-topo.sh
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
# -sV's database: the tree's (a build under build/san/ finds no data/ next to it).
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
NMAP_DTD=/usr/share/nmap/nmap.dtd
P=xmct$$
BG=
cleanup() {
	[ -n "$BG" ] && kill "$BG" 2>/dev/null && wait "$BG" 2>/dev/null
	topo_down "$P"
}
trap cleanup EXIT
NTESTS=14
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || skip_all "no $XDPMAP"
topo_up "$P" || bail "topology"
topo_listen "$P" 22 80 8080
topo_drop_port "$P" 9999
topo_reject_port "$P" 9998
D=$(topo_dir "$P")
SIF=$(topo_scan_if "$P")
jstate() { # PORT STATE REASON
	grep -q "\"port\":$1,.*\"state\":\"$2\",\"reason\":\"$3\"" "$D/ct.json"
}
xml_valid() { # FILE: valid against nmap.dtd when xmllint and the DTD are there, else well-formed
	if command -v xmllint >/dev/null && [ -r "$NMAP_DTD" ]; then
		xmllint --noout --dtdvalid "$NMAP_DTD" "$1" 2>&1 | sed 's/^/# /' | head -5
		return "${PIPESTATUS[0]}"
	fi
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$1"
}
start=$(date +%s.%N)
ip netns exec "$P-scan" timeout 60 "$XDPMAP" -sT -n --max-retries 1 --wait 1 \
	-p 21-23,80,443,8080,9998,9999 -oJ "$D/ct.json" -oX "$D/ct.xml" 198.18.0.2 \
	>"$D/ct.out" 2>"$D/ct.err"
rc=$?
el=$(echo "$(date +%s.%N) - $start" | bc)
check "-sT exits 0 (rc=$rc)" [ $rc = 0 ]
check "open ports: syn-ack" bash -c "$(declare -f jstate); D=$D; jstate 22 open syn-ack && jstate 80 open syn-ack && jstate 8080 open syn-ack"
check "closed ports: conn-refused" bash -c "$(declare -f jstate); D=$D; jstate 21 closed conn-refused && jstate 443 closed conn-refused"
check "ICMP admin-prohibited port: filtered" bash -c "$(declare -f jstate); D=$D; jstate 9998 filtered admin-prohibited"
check "dropped port: filtered no-response" bash -c "$(declare -f jstate); D=$D; jstate 9999 filtered no-response"
check "retries bounded: done in ${el}s (< 8 s)" [ "$(echo "$el < 8" | bc)" = 1 ]
check "-sT report: the host and its ports on stdout, XML scaninfo type=connect and valid" \
	bash -c "$(declare -f xml_valid); NMAP_DTD=$NMAP_DTD; grep -q '^xdpmap scan report for 198.18.0.2' '$D/ct.out' &&
		grep -Eq '^21/tcp +closed +ftp\$' '$D/ct.out' && grep -Eq '^22/tcp +open +ssh\$' '$D/ct.out' &&
		grep -q '<scaninfo type=\"connect\"' '$D/ct.xml' && xml_valid '$D/ct.xml'"
# Thousands in flight: all 65535 ports of the target, 3 open.
start=$(date +%s.%N)
ip netns exec "$P-scan" timeout 120 "$XDPMAP" -sT -n --max-retries 0 --wait 1 -p- --open \
	-oJ "$D/all.json" 198.18.0.2 >/dev/null 2>&1
el=$(echo "$(date +%s.%N) - $start" | bc)
check "-p- finds exactly the 3 open ports in ${el}s" \
	[ "$(grep -c '"state":"open"' "$D/all.json")" = 3 ]

# -sT -sV: the echo servers answer nothing known; every open port gets a service line. While
# it probes, every thread of the scanner (the -sV worker too) has no capability.
ip netns exec "$P-scan" "$XDPMAP" -sT -sV --version-light -n -p 22,80 \
	-oJ "$D/sv.json" -oX "$D/sv.xml" 198.18.0.2 >"$D/sv.out" 2>&1 &
BG=$!
caps=""
ntask=0
for _ in $(seq 1 40); do
	sleep 0.1
	pid=$(pgrep -P "$BG" -x xdpmap || echo "$BG")
	t=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
	if [ "$t" -ge 2 ]; then
		ntask=$t
		caps=$(awk '/^CapEff/ {print $2}' /proc/"$pid"/task/*/status 2>/dev/null | sort -u | tr '\n' ' ')
		break
	fi
done
for _ in $(seq 1 600); do kill -0 "$BG" 2>/dev/null || break; sleep 0.1; done
wait "$BG"
rc=$?
BG=
check "-sT -sV exits 0 (rc=$rc) and reports a service for ports 22 and 80" \
	bash -c "$(declare -f xml_valid); NMAP_DTD=$NMAP_DTD; [ $rc = 0 ] && grep -q '\"port\":22,\"proto\":\"tcp\",\"service\":{\"name\":\"' '$D/sv.json' &&
		grep -q '\"port\":80,\"proto\":\"tcp\",\"service\":{\"name\":\"' '$D/sv.json' &&
		grep -Eq '^PORT +STATE +SERVICE +VERSION\$' '$D/sv.out' && xml_valid '$D/sv.xml'"
check "-sT -sV: CapEff of all $ntask threads during -sV is '${caps% }' (want 0 only)" \
	[ "$ntask" -ge 2 ] && [ "${caps% }" = 0000000000000000 ]

# Unprivileged, no scan type given: the connect scan, with a notice.
ip netns exec "$P-scan" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	--bounding-set=-all timeout 30 "$XDPMAP_ABS" -n --wait 1 -p 21,22,80 -oJ - \
	198.18.0.2 >"$D/np.json" 2>"$D/np.err" </dev/null
rc=$?
check "unprivileged: notice '$(head -c 90 "$D/np.err")...' and the connect scan's results" \
	bash -c "[ $rc = 0 ] && [ \$(wc -l <'$D/np.err') = 1 ] &&
		grep -q '^xdpmap: not privileged.*falling back to the connect scan (-sT)' '$D/np.err' &&
		grep -q '\"port\":22,.*\"state\":\"open\"' '$D/np.json' &&
		grep -q '\"port\":21,.*\"reason\":\"conn-refused\"' '$D/np.json'"

# An interface where our XDP program cannot be attached (another one holds it): -sT, with a notice.
if clang -O2 -target bpf -I"/usr/include/$(gcc -dumpmachine)" -c -o "$D/pass.bpf.o" -x c - \
	<<'EOF' 2>/dev/null && ip -n "$P-scan" link set dev "$SIF" xdpgeneric obj "$D/pass.bpf.o" sec xdp
#include <linux/bpf.h>
__attribute__((section("xdp"), used)) int xdp_pass(struct xdp_md *ctx) { return XDP_PASS; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOF
then
	ip netns exec "$P-scan" timeout 30 "$XDPMAP" -n -Pn --wait 1 -p 21,22,80 -oX "$D/fb.xml" \
		-oJ "$D/fb.json" 198.18.0.2 >"$D/fb.out" 2>"$D/fb.err" </dev/null
	rc=$?
	check "XDP not attachable: notice '$(head -c 100 "$D/fb.err")...'" \
		bash -c "[ $rc = 0 ] && [ \$(wc -l <'$D/fb.err') = 1 ] &&
			grep -q '^xdpmap: XDP/AF_XDP not available on $SIF (.*); falling back to the connect scan (-sT)\$' '$D/fb.err'"
	check "XDP not attachable: the connect scan's results, XML scaninfo type=connect and valid" \
		bash -c "$(declare -f xml_valid); NMAP_DTD=$NMAP_DTD; grep -q '\"port\":22,.*\"state\":\"open\"' '$D/fb.json' &&
			grep -q '\"port\":21,.*\"reason\":\"conn-refused\"' '$D/fb.json' &&
			grep -q '<scaninfo type=\"connect\"' '$D/fb.xml' && xml_valid '$D/fb.xml'"
	ip -n "$P-scan" link set dev "$SIF" xdpgeneric off
	# An explicit -sn cannot fall back (the connect scan does no host discovery).
	ip -n "$P-scan" link set dev "$SIF" xdpgeneric obj "$D/pass.bpf.o" sec xdp
	ip netns exec "$P-scan" timeout 30 "$XDPMAP" -n -sn --wait 1 198.18.0.2 \
		>"$D/sn.out" 2>"$D/sn.err" </dev/null
	rc=$?
	check "XDP not attachable with -sn: exit 1 with one error line (rc=$rc)" \
		bash -c "[ $rc = 1 ] && [ \$(wc -l <'$D/sn.err') = 1 ] && grep -q 'bpf_link_create' '$D/sn.err'"
	ip -n "$P-scan" link set dev "$SIF" xdpgeneric off
else
	for d in "XDP not attachable: notice" "XDP not attachable: results" "XDP not attachable with -sn"; do
		skip "$d" "cannot build or attach a test XDP program"
	done
fi
finish

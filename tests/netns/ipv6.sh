#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6 (-6, TAP): -sT, -sV, -sn and -sS (own addresses by connect()) against sshd and nginx on [::],
# each compared with nmap -6; names, routes, bad input.
set -u
cd "$(dirname "$0")/../.."
. tools/netns-topo.sh
XDPMAP=${XDPMAP:-${BUILD:-build}/xdpmap}
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}
NMAP_DTD=/usr/share/nmap/nmap.dtd
P=xm6t$$
trap 'topo_down "$P"' EXIT
NTESTS=22
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
[ -x "$XDPMAP" ] || skip_all "no $XDPMAP"
command -v nft >/dev/null || skip_all "no nft"
[ -x /usr/sbin/sshd ] && [ -x /usr/sbin/nginx ] || skip_all "needs sshd and nginx"
topo_up "$P" || bail "topology"
S=$(topo_scan_ns "$P")
TNS=$(topo_tgt_ns "$P")
SIF=$(topo_scan_if "$P")
TIF=$(topo_tgt_if "$P")
D=$(topo_dir "$P")

# fd00::1 scans; fd00::2 and fd00::3 are the target namespace's (two live hosts of fd00::/124).
. tests/lib/ipv6_pair.sh
ipv6_pair_up "$S" "$TNS" "$SIF" "$TIF" || bail "IPv6 addresses on the veth pair"

# ip6 rules: 9999 dropped, 9998 answered by ICMPv6 administratively prohibited.
ip netns exec "$TNS" nft -f - <<'EOF' || bail "nft ip6 rules"
table ip6 xm6 {
	chain input {
		type filter hook input priority 0;
		tcp dport 9999 drop
		tcp dport 9998 reject with icmpv6 type admin-prohibited
	}
}
EOF

# sshd on [::]:22 and nginx on [::]:80, started inside the target namespace.
mkdir -p /run/sshd "$D/ng"
ssh-keygen -q -t ed25519 -N '' -f "$D/hostkey" || bail "ssh-keygen"
printf 'Port 22\nListenAddress ::\nHostKey %s\nPidFile %s/sshd.pid\nUsePAM no\n' \
	"$D/hostkey" "$D" >"$D/sshd_config"
ip netns exec "$TNS" /usr/sbin/sshd -D -e -f "$D/sshd_config" >"$D/sshd.log" 2>&1 </dev/null &
TOPO_PIDS+=($!)
cat >"$D/ng/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $D/ng/nginx.pid;
error_log $D/ng/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $D/ng; proxy_temp_path $D/ng; fastcgi_temp_path $D/ng;
	uwsgi_temp_path $D/ng; scgi_temp_path $D/ng;
	server { listen [::]:80 ipv6only=on; location / { return 200 "ok\n"; } }
}
EOF
ip netns exec "$TNS" /usr/sbin/nginx -c "$D/ng/nginx.conf" >"$D/nginx.log" 2>&1 </dev/null &
TOPO_PIDS+=($!)
for _ in $(seq 1 50); do
	ip netns exec "$TNS" ss -6 -ltn >"$D/listen.txt"
	grep -q ':22 ' "$D/listen.txt" && grep -q ':80 ' "$D/listen.txt" && break
	sleep 0.1
done
grep -q ':22 ' "$D/listen.txt" && grep -q ':80 ' "$D/listen.txt" ||
	bail "sshd or nginx did not listen on [::]"

PORTS=22,23,80,9998,9999
# state_of FILE.xml PORT: the state nmap's XML (or ours) gives the port, "none" when not listed.
state_of() {
	"$TOPO_PY" - "$1" "$2" <<'EOF'
import sys, xml.etree.ElementTree as E
for p in E.parse(sys.argv[1]).iter("port"):
    if p.get("portid") == sys.argv[2]:
        print(p.find("state").get("state")); break
else:
    print("none")
EOF
}
xml_valid() {
	if command -v xmllint >/dev/null && [ -r "$NMAP_DTD" ]; then
		xmllint --noout --dtdvalid "$NMAP_DTD" "$1" 2>&1 | diag 5
		return "${PIPESTATUS[0]}"
	fi
	"$TOPO_PY" -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$1"
}

# -6 -sT: exact states and reasons.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sT -n --wait 1 --max-retries 1 -p "$PORTS" \
	-oX "$D/st.xml" -oJ "$D/st.json" -oG "$D/st.gnmap" fd00::2 >"$D/st.out" 2>"$D/st.err"
rc=$?
check "-6 -sT exits 0 (rc=$rc)" [ $rc = 0 ]
want="22:open 23:closed 80:open 9998:filtered 9999:filtered"
got=""
for p in 22 23 80 9998 9999; do got+="$p:$(state_of "$D/st.xml" $p) "; done
check "-6 -sT states: $got" [ "${got% }" = "$want" ]
check "-6 -sT reasons: syn-ack, conn-refused, admin-prohibited, no-response" bash -c "
	grep -q '\"ip\":\"fd00::2\",\"port\":22,.*\"reason\":\"syn-ack\"' '$D/st.json' &&
	grep -q '\"port\":23,.*\"reason\":\"conn-refused\"' '$D/st.json' &&
	grep -q '\"port\":9998,.*\"reason\":\"admin-prohibited\"' '$D/st.json' &&
	grep -q '\"port\":9999,.*\"reason\":\"no-response\"' '$D/st.json'"
check "-6 -sT outputs: addrtype=ipv6 (valid against nmap.dtd), -oG and -oN name fd00::2" bash -c "
	$(declare -f xml_valid diag); NMAP_DTD=$NMAP_DTD
	grep -q '<address addr=\"fd00::2\" addrtype=\"ipv6\"/>' '$D/st.xml' &&
	xml_valid '$D/st.xml' &&
	grep -q '^Host: fd00::2 ()	Ports: 22/open/tcp//ssh' '$D/st.gnmap' &&
	grep -q '^xdpmap scan report for fd00::2\$' '$D/st.out'"
ip netns exec "$S" timeout 120 nmap -6 -sT -Pn -n --max-retries 1 -p "$PORTS" -oX "$D/nm_st.xml" \
	fd00::2 >/dev/null 2>&1
ngot=""
for p in 22 23 80 9998 9999; do ngot+="$p:$(state_of "$D/nm_st.xml" $p) "; done
check "nmap -6 -sT agrees: $ngot" [ "$ngot" = "$got" ]

# -6 with privileges and no scan type: the SYN scan on the XDP path, no notice; no XDP left.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -n -Pn --wait 1 -p "$PORTS" -oX "$D/ss.xml" \
	fd00::2 >"$D/ss.out" 2>"$D/ss.err"
rc=$?
sgot=""
for p in 22 23 80 9998 9999; do sgot+="$p:$(state_of "$D/ss.xml" $p) "; done
check "-6 as root: exit 0 (rc=$rc), the same states ($sgot)" [ $rc = 0 ] && [ "$sgot" = "$got" ]
check "-6 as root: a SYN scan (scaninfo syn), no notice '$(head -c 120 "$D/ss.err")'" bash -c "
	[ ! -s '$D/ss.err' ] && grep -q '<scaninfo type=\"syn\"' '$D/ss.xml'"
check "no XDP program left on $SIF" bash -c "! ip -n '$S' link show | grep -q xdp"
# Each run of IPv6 targets gets its route and source address; own addresses and ::1 are local.
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -v -n -Pn --wait 1 -p 22 -oJ "$D/lo.json" \
	fd00::1-fd00::2 ::1 >/dev/null 2>"$D/lo.err"
rc=$?
grep -q "IPv6 targets ::1-::1: local, dev lo, source ::1\$" "$D/lo.err" &&
	grep -q "IPv6 targets fd00::1-fd00::1: local, dev $SIF, source fd00::1\$" "$D/lo.err" &&
	grep -q "IPv6 targets fd00::2-fd00::2: on-link, dev $SIF, source fd00::1\$" "$D/lo.err" &&
	grep -q '"ip":"::1","port":22,.*"state":"closed"' "$D/lo.json" &&
	grep -q '"ip":"fd00::1","port":22,.*"state":"closed"' "$D/lo.json" &&
	grep -q '"ip":"fd00::2","port":22,.*"state":"open"' "$D/lo.json"
ok $? "-6 -v (rc=$rc): routes and sources per target run, ::1 and fd00::1 local, all scanned"
grep IPv6 "$D/lo.err" | diag 4

# Names: target6.test resolves to its AAAA record and fd00::2's name comes back through
# ip6.arpa (getnameinfo), from a hosts file bound over /etc/hosts in a private mount namespace.
printf '127.0.0.1 localhost\nfd00::2 target6.test\n' >"$D/hosts"
ip netns exec "$S" unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh \
	"$D/hosts" timeout 60 "$XDPMAP" -6 -sT --wait 1 -p 22 -oX "$D/dns.xml" target6.test \
	>"$D/dns.out" 2>"$D/dns.err"
rc=$?
[ $rc = 0 ] && grep -q '^xdpmap scan report for target6.test (fd00::2)$' "$D/dns.out" &&
	grep -q '<hostname name="target6.test" type="PTR"/>' "$D/dns.xml" &&
	grep -Eq '^22/tcp +open +ssh$' "$D/dns.out"
ok $? "-6 target6.test (rc=$rc): AAAA look-up, name back through ip6.arpa, port 22 open"
diag 3 <"$D/dns.err"

# -6 -sV names the servers, as nmap -6 -sV does.
ip netns exec "$S" timeout 120 "$XDPMAP" -6 -sT -sV -n --wait 1 -p 22,80 -oX "$D/sv.xml" \
	fd00::2 >"$D/sv.out" 2>"$D/sv.err"
rc=$?
svc_of() { # FILE PORT: name/product of the port's service
	"$TOPO_PY" - "$1" "$2" <<'EOF'
import sys, xml.etree.ElementTree as E
for p in E.parse(sys.argv[1]).iter("port"):
    if p.get("portid") == sys.argv[2]:
        s = p.find("service")
        print("%s/%s" % (s.get("name"), s.get("product")) if s is not None else "none"); break
else:
    print("none")
EOF
}
v22=$(svc_of "$D/sv.xml" 22)
v80=$(svc_of "$D/sv.xml" 80)
check "-6 -sV (rc=$rc): 22 is $v22, 80 is $v80" bash -c "[ $rc = 0 ] &&
	[[ '$v22' == ssh/OpenSSH ]] && [[ '$v80' == http/nginx ]]"
ip netns exec "$S" timeout 180 nmap -6 -sT -sV -Pn -n -p 22,80 -oX "$D/nm_sv.xml" fd00::2 \
	>/dev/null 2>&1
n22=$(svc_of "$D/nm_sv.xml" 22)
n80=$(svc_of "$D/nm_sv.xml" 80)
check "nmap -6 -sV agrees on the names: 22 $n22, 80 $n80" bash -c "
	[ '${n22%%/*}' = '${v22%%/*}' ] && [ '${n80%%/*}' = '${v80%%/*}' ]"
check "-6 -sV output valid against nmap.dtd" xml_valid "$D/sv.xml"
# -sV after a SYN scan on the XDP path: the same names.
ip netns exec "$S" timeout 120 "$XDPMAP" -6 -sS -sV -n --wait 1 -p 22,80 -oX "$D/ssv.xml" \
	fd00::2 >/dev/null 2>"$D/ssv.err"
rc=$?
s22=$(svc_of "$D/ssv.xml" 22)
s80=$(svc_of "$D/ssv.xml" 80)
check "-6 -sS -sV (rc=$rc): 22 is $s22, 80 is $s80" bash -c "[ $rc = 0 ] &&
	[ '$s22' = '$v22' ] && [ '$s80' = '$v80' ] && grep -q '<scaninfo type=\"syn\"' '$D/ssv.xml'"

# -6 -sn over fd00::/124: fd00::1 (ours), fd00::2 and fd00::3 answer on port 80 or 443.
up_of() { # FILE.xml: the addresses of hosts up, sorted
	"$TOPO_PY" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as E
ups = [h.find("address").get("addr") for h in E.parse(sys.argv[1]).iter("host")
       if h.find("status").get("state") == "up"]
print(" ".join(sorted(ups)))
EOF
}
ip netns exec "$S" timeout 60 "$XDPMAP" -6 -sn -n --wait 1 -oX "$D/sn.xml" fd00::/124 \
	>"$D/sn.out" 2>"$D/sn.err"
rc=$?
sn=$(up_of "$D/sn.xml")
check "-6 -sn (rc=$rc): hosts up '$sn'" [ $rc = 0 ] && [ "$sn" = "fd00::1 fd00::2 fd00::3" ]
ip netns exec "$S" timeout 120 nmap -6 -sn -n -oX "$D/nm_sn.xml" fd00::/124 >/dev/null 2>&1
nsn=$(up_of "$D/nm_sn.xml")
check "nmap -6 -sn agrees: '$nsn'" [ "$nsn" = "$sn" ]
check "-6 -sn output valid against nmap.dtd; no XDP program left" bash -c "
	$(declare -f xml_valid diag); NMAP_DTD=$NMAP_DTD; xml_valid '$D/sn.xml' &&
	! ip -n '$S' link show | grep -q xdp"

# Bad input: one line, exit 2.
bad() { # DESCRIPTION WANT ARGS...: exit 2 and one line containing WANT
	local d=$1 want=$2 rc
	shift 2
	ip netns exec "$S" timeout 20 "$XDPMAP" "$@" >"$D/bad.out" 2>"$D/bad.err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <"$D/bad.err")" = 1 ] && grep -qF -e "$want" "$D/bad.err" &&
		[ ! -s "$D/bad.out" ]
	ok $? "$d: exit 2 (rc=$rc), '$(head -c 100 "$D/bad.err")'"
}
# A second veth pair inside the scanner's namespace, IPv6 off on one end.
ip -n "$S" link add xm6a0 type veth peer name xm6b0 &&
	ip netns exec "$S" sysctl -qw net.ipv6.conf.xm6a0.disable_ipv6=1 &&
	ip -n "$S" link set xm6a0 up
bad "interface without IPv6" "interface xm6a0 (-e) has no IPv6 address" -6 -e xm6a0 -p 22 fd00::2
bad "-6 with an IPv4 target" "-6 given but target '198.18.0.2' is IPv4" -6 -p 22 198.18.0.2
bad "IPv6 target without -6" "IPv6 target 'fd00::2' needs -6" -p 22 fd00::2
printf 'fd00::2\n198.18.0.2\n' >"$D/mixed.txt"
bad "-iL mixing families" "cannot be mixed in one run" -6 -p 22 -iL "$D/mixed.txt"
bad "prefix too large" "at most 2^32" -6 -p 22 fd00::/64
finish

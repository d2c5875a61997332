#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of -sV over UDP: real Debian servers (dnsmasq, snmpd, chronyd...) named by the engine.
#
# Everything runs in one namespace of its own with only lo: the servers listen on 127.0.0.1,
# and the -sV engine probes them through the confined -sV process (test_service_udp --probe
# -b: fork, privilege drop, seccomp, as a scan runs it), fed UDP findings as the scan would
# submit them. A closed port must keep no record; nmap -sU -sV in the same namespace must
# give the same service names.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
DRIVER=$BUILD/tests/unit/test_service_udp
export XDPMAP_SERVICE_PROBES=${XDPMAP_SERVICE_PROBES:-$PWD/data/service-probes}

NTESTS=12
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$DRIVER" ] || bail "$DRIVER not built (make check-build)"
for b in /usr/sbin/dnsmasq /usr/sbin/snmpd /usr/sbin/chronyd; do
	[ -x "$b" ] || bail "$b missing (make test-deps)"
done

NS=xmudpsv$$
W=$(mktemp -d /tmp/xdpmap-udpsv.XXXXXX)
chmod 755 "$W"
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$NS" || bail "ip netns add $NS"
ip -n "$NS" link set lo up || bail "lo up in $NS"

bg() { # NAME CMD...: CMD in the namespace, in the foreground of its own, logged to $W/NAME.log
	local name=$1
	shift
	ip netns exec "$NS" "$@" >"$W/$name.log" 2>&1 </dev/null &
	PIDS+=($!)
}

bg dnsmasq /usr/sbin/dnsmasq -k --conf-file=/dev/null --port=53 --listen-address=127.0.0.1 \
	--bind-interfaces --no-resolv --no-hosts --pid-file="$W/dnsmasq.pid" --user=root
printf 'agentAddress udp:127.0.0.1:161\nrocommunity public 127.0.0.1\n' >"$W/snmpd.conf"
bg snmpd /usr/sbin/snmpd -f -Lo -C -c "$W/snmpd.conf" -p "$W/snmpd.pid" -u root
cat >"$W/chrony.conf" <<EOF
local stratum 10
allow 127.0.0.0/8
port 123
bindaddress 127.0.0.1
cmdport 0
driftfile $W/chrony.drift
pidfile $W/chronyd.pid
EOF
bg chronyd /usr/sbin/chronyd -d -x -u root -f "$W/chrony.conf"
PORTS=(53 161 123)
if [ -x /usr/bin/memcached ]; then
	bg memcached /usr/bin/memcached -u nobody -l 127.0.0.1 -p 11211 -U 11211
	PORTS+=(11211)
fi
if [ -x /usr/sbin/unbound ]; then
	printf 'server:\n interface: 127.0.0.1@5301\n do-daemonize: no\n chroot: ""\n username: ""\n pidfile: "%s/unbound.pid"\n use-syslog: no\n access-control: 127.0.0.0/8 allow\n do-ip6: no\nremote-control:\n control-enable: no\n' \
		"$W" >"$W/unbound.conf"
	bg unbound /usr/sbin/unbound -d -c "$W/unbound.conf"
	PORTS+=(5301)
fi
NBNS=
if [ -x /usr/sbin/nmbd ]; then
	# nmbd serves broadcast interfaces only: a veth pair inside the namespace.
	ip -n "$NS" link add v0 type veth peer name v1 &&
		ip -n "$NS" addr add 198.18.5.1/24 brd + dev v0 &&
		ip -n "$NS" link set v0 up && ip -n "$NS" link set v1 up && NBNS=198.18.5.1
	mkdir -p "$W"/smb/{lock,state,cache,priv,log}
	cat >"$W/smb.conf" <<EOF
[global]
netbios name = XDPMAPTEST
workgroup = UDPSVGROUP
interfaces = v0
lock directory = $W/smb/lock
state directory = $W/smb/state
cache directory = $W/smb/cache
private dir = $W/smb/priv
pid directory = $W/smb
log file = $W/smb/log/%m
EOF
	[ -n "$NBNS" ] && bg nmbd /usr/sbin/nmbd -F --no-process-group -s "$W/smb.conf"
fi

# Wait (bounded) until every server has its UDP socket.
for _ in $(seq 1 50); do
	n=0
	for p in "${PORTS[@]}"; do
		ip netns exec "$NS" ss -Hlun "sport = :$p" | grep -q . && n=$((n + 1))
	done
	[ "$n" -eq "${#PORTS[@]}" ] && break
	sleep 0.2
done
ip netns exec "$NS" ss -Hlun | diag

# 9 is closed (nothing listens): the ICMP port unreachable ends it without a record.
targets=()
for p in "${PORTS[@]}" 9; do targets+=("127.0.0.1:$p"); done
if [ -n "$NBNS" ]; then
	# nmbd answers once it has registered its names (a few seconds): bounded wait.
	for _ in $(seq 1 60); do
		ip netns exec "$NS" python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.3)
s.connect(("198.18.5.1", 137))
s.send(b"xd\0\0\0\1\0\0\0\0\0\0\x20CK" + b"A" * 30 + b"\0\0\x21\0\1")
s.recv(2048)' 2>/dev/null && break
		sleep 0.2
	done
	targets+=("$NBNS:137")
fi
ip netns exec "$NS" timeout 60 "$DRIVER" --probe -b "${targets[@]}" >"$W/sv.out" 2>"$W/sv.err"
ok $? "-sV over UDP ran through the confined -sV process"
diag <"$W/sv.out"
diag 5 <"$W/sv.err"

# field PORT N: the Nth tab-separated field of PORT's line (2 service, 3 product, 4 version,
# 5 extrainfo, 6 hostname, 7 ostype).
field() { awk -F'\t' -v k="127.0.0.1:$1" -v n="$2" '$1 == k { print $n }' "$W/sv.out"; }
expect() { # DESCRIPTION PORT FIELD ERE
	field "$2" "$3" | grep -Eq "$4"
	ok $? "$1"
}
expect "dnsmasq on 53/udp: domain" 53 2 '^domain$'
expect "dnsmasq on 53/udp: product dnsmasq" 53 3 '^dnsmasq$'
ver=$(/usr/sbin/dnsmasq --version | sed -n 's/^Dnsmasq version \([0-9.]*\).*/\1/p')
expect "dnsmasq on 53/udp: version $ver (dnsmasq --version)" 53 4 "^${ver//./\\.}$"
expect "snmpd on 161/udp: snmp, net-snmp" 161 3 '^net-snmp$'
expect "snmpd on 161/udp: sysDescr with this kernel ($(uname -r))" 161 5 \
	"^public; Linux $(uname -r | sed 's/[.+]/\\&/g') "
expect "chronyd on 123/udp: ntp, chrony" 123 3 '^chrony$'
expect "closed 9/udp: no record" 9 2 '^-$'
if [[ " ${PORTS[*]} " == *" 11211 "* ]]; then
	expect "memcached -U on 11211/udp: Memcached and its version" 11211 4 '^1\.[0-9.]+$'
else
	skip "memcached on 11211/udp" "memcached not installed"
fi
if [ -n "$NBNS" ]; then
	awk -F'\t' '$1 == "198.18.5.1:137"' "$W/sv.out" |
		grep -Eq $'\tnetbios-ns\tSamba nmbd\t-\tworkgroup: UDPSVGROUP\tXDPMAPTEST\t'
	ok $? "nmbd on 137/udp: netbios-ns, Samba nmbd, its workgroup and name"
else
	skip "nmbd on 137/udp" "samba (nmbd) not installed"
fi
if [[ " ${PORTS[*]} " == *" 5301 "* ]]; then
	expect "unbound on 5301/udp: Unbound and its version" 5301 3 '^Unbound$'
else
	skip "unbound on 5301/udp" "unbound not installed"
fi

# nmap -sU -sV in the same namespace names the same services (its own data files).
if command -v nmap >/dev/null; then
	ip netns exec "$NS" timeout 180 nmap -n -Pn -sU -sV --version-intensity 7 -p 53,123,161 \
		-oG "$W/nmap.gnmap" 127.0.0.1 >/dev/null 2>&1
	same=0
	for p in 53 123 161; do
		theirs=$(grep -o "$p/[^/]*/udp//[^/]*/" "$W/nmap.gnmap" | cut -d/ -f5)
		ours=$(field "$p" 2)
		echo "$p/udp: xdpmap '$ours', nmap '$theirs'" | diag
		[ -n "$ours" ] && [ "$ours" = "$theirs" ] && same=$((same + 1))
	done
	ok $((same != 3)) "the same service names as nmap -sU -sV on 53, 123 and 161"
else
	skip "the same service names as nmap -sU -sV" "nmap not installed"
fi
finish

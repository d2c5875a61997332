# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The UDP tests' real servers in the target namespace: dnsmasq on 53, snmpd on 161, chronyd on 123.
# Needs TNS, WORK and TOPO_PIDS (tools/netns-topo.sh: topo_down ends what is started here).

# The ports of both UDP tests: the three servers', a closed one, one dropped and one rejected
# admin-prohibited by the firewall, and the state nmap -sU gives each.
CLOSED=9
DROPPED=5000
PROHIBITED=5001
PORTS=53,123,161,$CLOSED,$DROPPED,$PROHIBITED
declare -A WANT=([53]=open [123]=open [161]=open [$CLOSED]=closed [$DROPPED]="open|filtered"
		 [$PROHIBITED]=filtered)

# udp_start NAME CMD...: a server inside the target namespace, its PID kept for topo_down.
udp_start() {
	local name=$1

	shift
	ip netns exec "$TNS" "$@" >"$WORK/$name.log" 2>&1 </dev/null &
	TOPO_PIDS+=("$!")
}

# udp_wait PORT [-6]: until something listens on UDP PORT in the target namespace (at most 5 s).
udp_wait() {
	for _ in $(seq 1 50); do
		ip netns exec "$TNS" ss ${2:-} -Hlun "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# udp_servers_up ADDR NET [-6]: the three servers bound to ADDR, answering NET (a CIDR), over
# IPv6 with -6; returns once all three listen.
udp_servers_up() {
	local addr=$1 net=$2 six=${3:-} snmp_addr="udp:$1:161" community=rocommunity

	if [ "$six" = -6 ]; then
		snmp_addr="udp6:[$addr]:161"
		community=rocommunity6
	fi
	udp_start dnsmasq dnsmasq --no-daemon --port=53 --listen-address="$addr" --bind-interfaces \
		--no-resolv --no-hosts --conf-file=/dev/null --pid-file= --user=root
	printf '%s public %s\nsysDescr xdpmap test agent\n' "$community" "$net" >"$WORK/snmpd.conf"
	SNMP_PERSISTENT_DIR=$WORK udp_start snmpd snmpd -f -Lo -C -c "$WORK/snmpd.conf" \
		-p "$WORK/snmpd.pid" "$snmp_addr"
	cat >"$WORK/chrony.conf" <<CONF
bindaddress $addr
allow $net
local stratum 8
cmdport 0
pidfile $WORK/chronyd.pid
driftfile $WORK/chrony.drift
CONF
	# shellcheck disable=SC2086
	udp_start chronyd chronyd $six -d -x -u root -f "$WORK/chrony.conf"
	udp_wait 53 "$six" && udp_wait 161 "$six" && udp_wait 123 "$six"
}

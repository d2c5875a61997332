# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6 on a test's veth pair: source after tap.sh and tools/netns-topo.sh's topo_up.

# ipv6_pair_up SCAN_NS TARGET_NS SCAN_IF TARGET_IF: IPv6 enabled in both namespaces, fd00::1 on
# the scanner's end and fd00::2, fd00::3 on the target's (fd00::/64, on-link, nodad), the
# target's ICMPv6 not rate-limited; returns non-zero unless fd00::2 answers a ping.
ipv6_pair_up() {
	local s=$1 t=$2 sif=$3 tif=$4 ns

	for ns in "$s" "$t"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 || return 1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=0 || return 1
	done
	ip netns exec "$s" sysctl -qw "net.ipv6.conf.$sif.disable_ipv6=0" &&
		ip netns exec "$t" sysctl -qw "net.ipv6.conf.$tif.disable_ipv6=0" &&
		ip netns exec "$t" sysctl -qw net.ipv6.icmp.ratelimit=0 &&
		ip -n "$s" addr add fd00::1/64 dev "$sif" nodad &&
		ip -n "$t" addr add fd00::2/64 dev "$tif" nodad &&
		ip -n "$t" addr add fd00::3/64 dev "$tif" nodad &&
		ip netns exec "$s" ping -6 -c 1 -W 2 fd00::2 >/dev/null
}

# simnet6_link_up SCAN_NS TARGET_NS SCAN_IF TARGET_IF: the simulated network's IPv6 link (as
# tools/bench.sh's): IPv6 enabled in both namespaces, fd00::1 and fd00::2 on the veth pair
# (nodad), fd00:5::/96 routed via fd00::2, where simnet-responder --range6 fd00:5:: answers.
simnet6_link_up() {
	local s=$1 t=$2 sif=$3 tif=$4 ns

	for ns in "$s" "$t"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 || return 1
	done
	ip -n "$s" addr add fd00::1/64 dev "$sif" nodad &&
		ip -n "$t" addr add fd00::2/64 dev "$tif" nodad &&
		ip -n "$s" -6 route add fd00:5::/96 via fd00::2
}

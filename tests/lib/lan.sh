# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Helpers of the bridged-LAN tests: set P and NS=(bridge-ns host1-ns host2-ns host3-ns), source this.

# lan_bridge: namespace NS[0] holds bridge br0; NS[1..3] each get veth ${P}h<i>, up, no address.
lan_bridge() {
	local i name
	for name in "${NS[@]}"; do ip netns add "$name" || return 1; done
	ip -n "${NS[0]}" link add br0 type bridge && ip -n "${NS[0]}" link set br0 up || return 1
	for i in 1 2 3; do
		name=${NS[$i]}
		ip link add "${P}h$i" type veth peer name "${P}p$i" || return 1
		ip link set "${P}h$i" netns "$name" && ip link set "${P}p$i" netns "${NS[0]}" || return 1
		ip -n "${NS[0]}" link set "${P}p$i" master br0 up || return 1
		ip -n "$name" link set "${P}h$i" up && ip -n "$name" link set lo up || return 1
	done
}

# port_state FILE ADDR PORT: the state xdpmap reported (JSON lines), "none" when none.
port_state() {
	python3 - "$@" <<'PY'
import json, sys
path, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
for line in open(path):
    o = json.loads(line)
    if o.get("ip") == addr and o.get("port") == port and "state" in o:
        print(o["state"]); break
else:
    print("none")
PY
}

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: spoofed ARP on a bridged LAN changes no result of a scan, and a second claim is warned.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
NTESTS=6
. tests/lib/tap.sh
. tests/lib/lan.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"

P=xa$$
NS=("$P-lan" "$P-scan" "$P-a" "$P-x")
ATTACKER_MAC=02:00:c6:12:00:66
WORK=$(mktemp -d /tmp/xdpmap-arpspoof.XXXXXX)
PIDS=()
cleanup() {
	local pid ns
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# lan: a bridge; scan 198.18.0.1, a 198.18.0.2 (a real host), x: an attacker without an address.
lan_up() {
	lan_bridge &&
		ip -n "${NS[1]}" addr add 198.18.0.1/24 dev "${P}h1" &&
		ip -n "${NS[2]}" addr add 198.18.0.2/24 dev "${P}h2" &&
		ip -n "${NS[3]}" link set "${P}h3" address "$ATTACKER_MAC"
}
lan_up || bail "bridge topology"
SCAN_MAC=$(ip netns exec "${NS[1]}" cat "/sys/class/net/${P}h1/address") || bail "scanner MAC"
ip netns exec "${NS[2]}" python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 22)); s.listen(64); time.sleep(60)' &
PIDS+=($!)

# The attacker, for at most 30 s: every millisecond an unsolicited "198.18.0.4 is-at us" to the
# scanner (target MAC zero, as gratuitous ARP has it); SYN-ACKs to every SYN for 198.18.0.4;
# and 20 ms after each "who-has 198.18.0.2" from the scanner, "198.18.0.2 is-at us" to it, so
# that the real host's answer comes first and ours second.
cat >"$WORK/attacker.py" <<'PY'
import socket, struct, sys, time
iface, scan_mac, my_mac = sys.argv[1:4]
SCAN_IP, FAKE_IP, VICTIM_IP = (socket.inet_aton("198.18.0." + n) for n in "142")
SM, MM = (bytes.fromhex(m.replace(":", "")) for m in (scan_mac, my_mac))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((iface, 0))
s.setblocking(False)

def csum(b):
    b += b"\0" * (len(b) & 1)
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff

def is_at(spa, tha):
    return (SM + MM + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + MM + spa +
            tha + SCAN_IP)

def synack(f):
    ihl = (f[14] & 15) * 4
    src, dst = f[26:30], f[30:34]
    sport, dport, seq = struct.unpack("!HHI", f[14 + ihl:22 + ihl])
    t = struct.pack("!HHIIBBHHH", dport, sport, 777, (seq + 1) & 0xffffffff, 0x50, 0x12,
                    65535, 0, 0)
    t = t[:16] + struct.pack("!H", csum(dst + src + struct.pack("!BBH", 0, 6, 20) + t)) + t[18:]
    i = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, 6, 0, dst, src)
    i = i[:10] + struct.pack("!H", csum(i)) + i[12:]
    return f[6:12] + MM + b"\x08\x00" + i + t

end, spoof_at, late = time.time() + 30, 0, []
while time.time() < end:
    now = time.time()
    if now >= spoof_at:
        s.send(is_at(FAKE_IP, b"\0" * 6))
        spoof_at = now + 0.001
    while late and late[0] <= now:
        late.pop(0)
        s.send(is_at(VICTIM_IP, SM))
    try:
        f, addr = s.recvfrom(2048)
    except BlockingIOError:
        time.sleep(0.0002)
        continue
    if addr[2] == socket.PACKET_OUTGOING or len(f) < 42:
        continue
    who_has = f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[6:12] == SM
    if who_has and f[38:42] == VICTIM_IP:
        late.append(now + 0.02)
    elif (f[12:14] == b"\x08\x00" and f[0:6] == MM and f[23] == 6 and f[30:34] == FAKE_IP and
          len(f) >= 14 + (f[14] & 15) * 4 + 20 and f[14 + (f[14] & 15) * 4 + 13] == 0x02):
        s.send(synack(f))
PY
ip netns exec "${NS[3]}" python3 "$WORK/attacker.py" "${P}h3" "$SCAN_MAC" "$ATTACKER_MAC" \
	>"$WORK/attacker.log" 2>&1 &
PIDS+=($!)
sleep 0.5

ip netns exec "${NS[1]}" "$XDPMAP" -n -p 22,80 --wait 2 -oJ "$WORK/s.json" 198.18.0.2-4 \
	>"$WORK/s.txt" 2>&1
ok $? "the scan exits 0 under spoofed ARP"
st="$(port_state "$WORK/s.json" 198.18.0.2 22) $(port_state "$WORK/s.json" 198.18.0.2 80)"
ok $([ "$st" = "open closed" ] && echo 0 || echo 1) \
	"the real host 198.18.0.2: 22 open, 80 closed (got $st)"
st="$(port_state "$WORK/s.json" 198.18.0.4 22) $(port_state "$WORK/s.json" 198.18.0.4 80)"
ok $([ "$st" = "none none" ] && echo 0 || echo 1) \
	"198.18.0.4, claimed by unsolicited replies and answered by the attacker: no port (got $st)"
grep -q '(1 host up)' "$WORK/s.txt" && ! grep -q 'report for 198.18.0.4' "$WORK/s.txt"
ok $? "one host up of three addresses; 198.18.0.4 is not reported"
grep -q "198.18.0.2 is claimed by two MACs in ARP replies: .* and ${ATTACKER_MAC}" "$WORK/s.txt"
ok $? "the attacker's late claim on 198.18.0.2 is warned about"
[ "$(grep -c 'claimed by two MACs' "$WORK/s.txt")" -eq 1 ]
ok $? "once"
if [ "$FAILED" -gt 0 ]; then
	diag 40 <"$WORK/s.txt"
	diag 10 <"$WORK/attacker.log"
fi
finish

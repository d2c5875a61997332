#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# xdpmap -sV against nmap -sV on the service bench of tests/netns/service_bench.sh: per port, both answers and wall times.
#
# Only nmap itself reads nmap's files; xdpmap uses data/service-probes. Run as root:
#   tools/bench-sv.sh            (BUILD=build by default)
# Targets: same service name as nmap on every port nmap names, the product on >= 90% of the
# ports where nmap gives one, in at most a fifth of nmap's wall time.
set -u
cd "$(dirname "$0")/.."
command -v nmap >/dev/null || { echo "bench-sv: nmap is not installed (make deps)" >&2; exit 1; }
SVB_LIB=1 . tests/netns/service_bench.sh
P=xmbsv$$
trap 'topo_down "$P"' EXIT
svb_up "$P" || exit 1
echo "bench-sv: servers up (${#SVB_PORTS[@]} ports); skipped:${SVB_SKIP}"
list=$(IFS=,; echo "${SVB_PORTS[*]}")

t0=$(date +%s.%N)
svb_probe "$SVB_DIR/x" # xdpmap -sV -Pn -n -p LIST, -oX into x.xml
t1=$(date +%s.%N)
[ -s "$SVB_DIR/x.xml" ] || { echo "bench-sv: xdpmap -sV failed:" >&2; cat "$SVB_DIR/x.err" >&2; exit 1; }
ip netns exec "$P-scan" nmap -sV -Pn -n -p "$list" -oX "$SVB_DIR/n.xml" "$TGT" >/dev/null
t2=$(date +%s.%N)

python3 - "$SVB_DIR" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" <<'PY'
import sys, xml.etree.ElementTree as ET
d, tx, tn = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def from_xml(path):
    out = {}
    for p in ET.parse(path).iter("port"):
        s = p.find("service")
        if s is None: continue
        name = (s.get("tunnel") + "/" if s.get("tunnel") else "") + s.get("name", "")
        out[int(p.get("portid"))] = (name, s.get("product", ""), s.get("version", ""))
    return out
x = from_xml(d + "/x.xml")
n = from_xml(d + "/n.xml")
same = named = prod_ok = prods = 0
print("%-6s %-34s %-34s" % ("PORT", "xdpmap", "nmap"))
for port in sorted(set(x) | set(n)):
    a, b = x.get(port, ("", "", "")), n.get(port, ("", "", ""))
    print("%-6d %-34s %-34s" % (port, " ".join(v for v in a if v)[:34], " ".join(v for v in b if v)[:34]))
    if b[0] and not b[0].endswith("?"):
        named += 1; same += a[0].rstrip("?") == b[0].rstrip("?")
    if b[1]:
        prods += 1
        ok = a[1] and (a[1].lower() in b[1].lower() or b[1].lower() in a[1].lower()
                       or a[1].split()[0].lower() == b[1].split()[0].lower())
        prod_ok += bool(ok)
print("service name as nmap: %d/%d; product: %d/%d (%.0f%%)" %
      (same, named, prod_ok, prods, 100.0 * prod_ok / max(1, prods)))
print("wall time: xdpmap %.1f s, nmap %.1f s (ratio %.2f, target <= 0.20)" % (tx, tn, tx / tn))
PY

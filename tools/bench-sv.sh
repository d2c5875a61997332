#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# xdpmap -sV against nmap -sV on the service bench (tests/netns/service_bench.sh, all tiers): per port, the truth and both answers.
#
# Only nmap itself reads nmap's files; xdpmap uses data/service-probes. Run as root:
#   tools/bench-sv.sh                      (BUILD=build by default)
#   BEFORE=/path/to/old/xdpmap BEFORE_DB=/path/to/old/service-probes tools/bench-sv.sh
#                                          (also an older build, same servers, same run)
# The truth of each port is the Debian package started on it and its version (dpkg-query).
# Targets: a service name on every port where nmap names one, the product on every port where
# nmap gives one, in at most a fifth of nmap's wall time.
set -u
cd "$(dirname "$0")/.."
command -v nmap >/dev/null || { echo "bench-sv: nmap is not installed (make deps)" >&2; exit 1; }
export SVB_TIER=bench
SVB_LIB=1 . tests/netns/service_bench.sh
P=xmbsv$$
trap 'topo_down "$P"' EXIT
svb_up "$P" || exit 1
echo "bench-sv: servers up (${#SVB_PORTS[@]} ports); skipped:${SVB_SKIP}"
list=$(IFS=,; echo "${SVB_PORTS[*]}")

# The truth: PORT<TAB>package version, from the expectation tables and dpkg.
pkg_of() { # NAME: the Debian package of a bench server
	local e n pkg
	for e in "${SVB2_EXPECT[@]}"; do
		IFS='|' read -r n _ _ _ _ pkg _ <<<"$e"
		[ "$n" = "$1" ] && { echo "$pkg"; return; }
	done
	case $1 in
	sshd) echo openssh-server ;; nginx) echo nginx-light ;; redis) echo redis-server ;;
	exim4) echo exim4-daemon-light ;; dovecot) echo dovecot-core ;; dnsmasq) echo dnsmasq-base ;;
	mariadb) echo mariadb-server ;; silent | closer) echo - ;; *) echo "$1" ;;
	esac
}
: >"$SVB_DIR/truth"
for e in "${SVB_EXPECT[@]}"; do
	IFS='|' read -r name port _ <<<"$e"
	[[ "$SVB_SKIP" == *" $name "* ]] && continue
	pkg=$(pkg_of "$name")
	ver=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || echo "?")
	printf '%s\t%s %s\n' "$port" "$pkg" "$ver" >>"$SVB_DIR/truth"
done

if [ -n "${BEFORE:-}" ]; then
	t0=$(date +%s.%N)
	ip netns exec "$P-scan" env XDPMAP_SERVICE_PROBES="${BEFORE_DB:-$XDPMAP_SERVICE_PROBES}" \
		timeout 300 "$BEFORE" -sV -Pn -n -p "$list" -oX "$SVB_DIR/b.xml" "$TGT" >/dev/null 2>&1
	tb=$(echo "$(date +%s.%N) - $t0" | bc)
else
	tb=0
fi
t0=$(date +%s.%N)
svb_probe "$SVB_DIR/x" # xdpmap -sV -Pn -n -p LIST, -oX into x.xml
t1=$(date +%s.%N)
[ -s "$SVB_DIR/x.xml" ] || { echo "bench-sv: xdpmap -sV failed:" >&2; cat "$SVB_DIR/x.err" >&2; exit 1; }
ip netns exec "$P-scan" nmap -sV -Pn -n -p "$list" -oX "$SVB_DIR/n.xml" "$TGT" >/dev/null
t2=$(date +%s.%N)

python3 - "$SVB_DIR" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$tb" <<'PY'
import os, sys, xml.etree.ElementTree as ET
d, tx, tn, tb = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
def from_xml(path):
    out = {}
    if not os.path.exists(path): return out
    for p in ET.parse(path).iter("port"):
        s = p.find("service")
        if s is None: continue
        name = (s.get("tunnel") + "/" if s.get("tunnel") else "") + s.get("name", "")
        out[int(p.get("portid"))] = (name, s.get("product", ""), s.get("version", ""),
                                     s.get("method", ""))
    return out
truth = dict(l.rstrip("\n").split("\t", 1) for l in open(d + "/truth"))
runs = [("xdpmap", from_xml(d + "/x.xml"), tx)]
if tb > 0: runs.insert(0, ("before", from_xml(d + "/b.xml"), tb))
n = from_xml(d + "/n.xml")
def short(v): return " ".join(x for x in v[:3] if x)[:30] + ("?" if v[3] == "table" else "")
print("%-6s %-34s " % ("PORT", "truth (dpkg)") + " ".join("%-30s" % r[0] for r in runs) + " nmap")
for port in sorted(set(n) | set().union(*(set(r[1]) for r in runs))):
    print("%-6d %-34s " % (port, truth.get(str(port), "")[:34]) +
          " ".join("%-30s" % short(r[1].get(port, ("", "", "", ""))) for r in runs) +
          " " + short(n.get(port, ("", "", "", ""))))
def same_product(a, b):
    a, b = a.lower(), b.lower()
    return bool(a) and (a in b or b in a or a.split()[0] == b.split()[0])
for label, x, t in runs:
    named = same = prods = prod_ok = vers = ver_ok = extra = 0
    for port, b in n.items():
        a = x.get(port, ("", "", "", ""))
        if b[0] and b[3] == "probed": # nmap named it (not only its port's table name)
            named += 1; same += a[0] == b[0] and a[3] == "probed"
        if b[1]:
            prods += 1; prod_ok += same_product(a[1], b[1])
        if b[2]:
            vers += 1; ver_ok += bool(a[2])
    for port, a in x.items():
        b = n.get(port, ("", "", "", ""))
        extra += bool(a[1]) and not b[1]
    print("%s: service name as nmap %d/%d; product %d/%d; a version where nmap has one %d/%d; "
          "products nmap lacks %d; wall time %.1f s, nmap %.1f s (ratio %.2f, target <= 0.20)" %
          (label, same, named, prod_ok, prods, ver_ok, vers, extra, t, tn, t / tn))
PY

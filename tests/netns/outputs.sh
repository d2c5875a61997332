#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test of the output formats on a namespace scan: nmap's tools read them, all agree, escaping, progress line.
set -u

cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
# shellcheck source=tools/netns-topo.sh
. tools/netns-topo.sh

NMAP_DTD=/usr/share/nmap/nmap.dtd
NMAP_XSL=/usr/share/nmap/nmap.xsl
OPEN_PORTS=(22 80 443 5432)
DROP_PORT=3306	  # SYN dropped: filtered, no-response
REJECT_PORT=6379  # ICMP admin-prohibited: filtered
PORTS=1-2000,$DROP_PORT,5432,$REJECT_PORT
NPORTS=2003
TGT=$TOPO_TGT_ADDR

# The plan comes last (finish); diagnostics show at most 20 lines each.
TAP_DIAG_MAX=20
. tests/lib/tap.sh

if [ "$(id -u)" -ne 0 ] || [ ! -x "$XDPMAP" ]; then
	echo "# needs root and a built $XDPMAP"
	ok 1 "prerequisites: root and $XDPMAP"
	finish
fi

P=xo$$
SNS=$(topo_scan_ns "$P")
SIF=$(topo_scan_if "$P")
W=$(mktemp -d /tmp/xdpmap-outputs.XXXXXX)
cleanup() {
	topo_down "$P"
	rm -rf "/etc/netns/$SNS" "$W"
	rmdir /etc/netns 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# scan NAME ARGS...: run xdpmap in the scanner namespace (at most 30 s), stdout and stderr
# to $W/NAME.out and $W/NAME.err; returns its exit status.
scan() {
	local name=$1
	shift
	timeout -s KILL 30 ip netns exec "$SNS" "$XDPMAP_ABS" "$@" \
		>"$W/$name.out" 2>"$W/$name.err" </dev/null
}
have() { command -v "$1" >/dev/null 2>&1; }
# xml_ok FILE: valid against nmap.dtd (xmllint), or at least well-formed when xmllint is missing.
xml_ok() {
	if have xmllint && [ -r "$NMAP_DTD" ]; then
		xmllint --noout --dtdvalid "$NMAP_DTD" "$1"
	else
		"$TOPO_PY" -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$1"
	fi
}
has_libnmap() { "$TOPO_PY" -c 'import libnmap.parser' 2>/dev/null; }

# ---- topology ---------------------------------------------------------------------------------
st=0
topo_up "$P" && topo_listen "$P" "${OPEN_PORTS[@]}" && topo_drop_port "$P" "$DROP_PORT" &&
	topo_reject_port "$P" "$REJECT_PORT" || st=1
ok $st "topology up: listeners on ${OPEN_PORTS[*]}, $DROP_PORT dropped, $REJECT_PORT rejected"
[ $st -eq 0 ] || finish

# ---- the main scan: every format at once ------------------------------------------------------
scan a -n -p "$PORTS" --max-rate 100000 --wait 1 -oA "$W/a" -oJ "$W/a.json" "$TGT"
st=$?
for f in a.nmap a.xml a.gnmap a.json; do [ -s "$W/$f" ] || st=1; done
[ $st -eq 0 ] || { diag <"$W/a.err"; ls -l "$W" | diag; }
ok $st "scan with -oA and -oJ exits 0 and writes .nmap, .xml, .gnmap and .json"

if have xmllint && [ -r "$NMAP_DTD" ]; then
	xmllint --noout --dtdvalid "$NMAP_DTD" "$W/a.xml" 2>"$W/xmllint.err"
	st=$?
	diag <"$W/xmllint.err"
	ok $st "xmllint --dtdvalid nmap.dtd accepts the XML output"
else
	skip "xmllint --dtdvalid nmap.dtd" "xmllint or $NMAP_DTD missing (packages libxml2-utils, nmap)"
fi

cat >"$W/libnmap_check.py" <<'EOF'
import sys
from libnmap.parser import NmapParser
r = NmapParser.parse_fromfile(sys.argv[1])
want_open, want_filt = set(map(int, sys.argv[3].split())), set(map(int, sys.argv[4].split()))
assert r.hosts_total == 1 and r.hosts_up == 1, (r.hosts_total, r.hosts_up)
h = r.hosts[0]
assert h.address == sys.argv[2] and h.status == "up", (h.address, h.status)
states = {s.port: s.state for s in h.services}
got_open = {p for p, s in states.items() if s == "open"}
got_filt = {p for p, s in states.items() if s == "filtered"}
assert got_open == want_open, ("open", sorted(got_open))
assert got_filt == want_filt, ("filtered", sorted(got_filt))
assert h.extraports_state["state"] == {"state": "closed", "count": sys.argv[5]}, h.extraports_state
assert h.get_service(22, "tcp").service == "ssh"
assert r.scan_type == "syn" and r.elapsed > 0 and r.summary
print("# libnmap: %s up, open %s, filtered %s, %s closed; %s" %
      (h.address, sorted(got_open), sorted(got_filt), sys.argv[5], r.summary))
EOF
if has_libnmap; then
	"$TOPO_PY" "$W/libnmap_check.py" "$W/a.xml" "$TGT" "${OPEN_PORTS[*]}" \
		"$DROP_PORT $REJECT_PORT" $((NPORTS - 6)) 2>&1 | sed '/^#/!s/^/# /'
	ok "${PIPESTATUS[0]}" "python3-libnmap NmapParser.parse_fromfile reads hosts, ports, states"
else
	skip "python3-libnmap parses the XML" "python3-libnmap not installed"
fi

if have xsltproc && [ -r "$NMAP_XSL" ]; then
	xsltproc -o "$W/a.html" "$NMAP_XSL" "$W/a.xml" 2>"$W/xslt.err"
	st=$?
	for want in "$TGT" ">5432<" "open" "Nmap Scan Report"; do
		grep -q -- "$want" "$W/a.html" 2>/dev/null || { st=1; echo "# '$want' not in the HTML"; }
	done
	diag <"$W/xslt.err"
	ok $st "xsltproc with nmap.xsl renders the XML to HTML ($(wc -c <"$W/a.html" 2>/dev/null) bytes)"
else
	skip "xsltproc with nmap.xsl" "xsltproc or $NMAP_XSL missing (packages xsltproc, nmap)"
fi

# ---- ndiff: two xdpmap scans, then xdpmap against nmap ---------------------------------------
scan b -n -p "$PORTS" --max-rate 100000 --wait 1 -oX "$W/b.xml" "$TGT"
st=$?
if have ndiff; then
	ndiff "$W/a.xml" "$W/b.xml" >"$W/ndiff-ab.txt" 2>&1
	nst=$?
	[ $st -eq 0 ] && [ $nst -eq 0 ]
	st=$?
	[ $st -eq 0 ] || diag <"$W/ndiff-ab.txt"
	ok $st "ndiff of two xdpmap scans of the same target: no differences (exit $nst)"
else
	skip "ndiff of two xdpmap scans" "ndiff not installed"
fi

if have nmap && have ndiff; then
	topo_wait_no_xdp "$SNS" "$SIF" 30
	timeout -s KILL 60 ip netns exec "$SNS" nmap -n -Pn -sS -p "$PORTS" "$TGT" \
		-oX "$W/nmap.xml" >"$W/nmap.out" 2>&1 </dev/null
	st=$?
	# Both name the target's MAC address (it is on the link): ndiff compares it too.
	ndiff "$W/a.xml" "$W/nmap.xml" >"$W/ndiff-an.txt" 2>&1
	nst=$?
	diag 8 <"$W/ndiff-an.txt"
	[ $st -eq 0 ] && [ $nst -eq 0 ]
	st=$?
	[ $st -eq 0 ] || diag <"$W/nmap.out"
	ok $st "ndiff of xdpmap against nmap -sS of the same ports: same hosts, MAC, ports, states, services (exit $nst)"
else
	skip "ndiff of xdpmap against nmap" "nmap or ndiff not installed"
fi

# ---- every format lists the same findings -----------------------------------------------------
cat >"$W/formats.py" <<'EOF'
import json, re, sys
import xml.etree.ElementTree as ET
d, nports, want_open, want_filt = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def expand(spec):
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    return out
def xml_states(path):
    full, listed, hidden = {}, {}, {}
    host = ET.parse(path).getroot().find("host")
    for ep in host.iter("extraports"):
        hidden[ep.get("state")] = int(ep.get("count"))
        for er in ep.iter("extrareasons"):
            for p in expand(er.get("ports")):
                full[p] = ep.get("state")
    for p in host.iter("port"):
        full[int(p.get("portid"))] = listed[int(p.get("portid"))] = p.find("state").get("state")
    return full, listed, hidden
def json_states(path):
    full, lines = {}, open(path).read().splitlines()
    for line in lines[:-1]:
        o = json.loads(line)
        if "state" in o:  # not a live-host (discovery) or -sV line
            full[o["port"]] = o["state"]
    assert "summary" in json.loads(lines[-1]), "last line is not the summary"
    return full
def normal_states(path):
    listed, hidden = {}, {}
    for line in open(path):
        m = re.match(r"(\d+)/tcp\s+(\S+)", line)
        if m:
            listed[int(m.group(1))] = m.group(2)
        if line.startswith("Not shown: "):
            for n, st in re.findall(r"(\d+) (\w+) tcp ports? \(", line):
                hidden[st] = hidden.get(st, 0) + int(n)
    return listed, hidden
def grep_states(path):
    listed, hidden = {}, {}
    for line in open(path):
        m = re.search(r"\tPorts: ([^\t]*)", line)
        if m:
            for entry in filter(None, m.group(1).split(", ")):
                port, st = entry.split("/")[:2]
                listed[int(port)] = st
        m = re.search(r"\tIgnored State: (\w+) \((\d+)\)", line)
        if m:
            hidden[m.group(1)] = int(m.group(2))
    return listed, hidden
def count(full, st):
    return sum(1 for s in full.values() if s == st)
bad = []
x_full, x_listed, x_hidden = xml_states(d + "/a.xml")
j_full = json_states(d + "/a.json")
if len(x_full) != nports: bad.append("XML covers %d ports, not %d" % (len(x_full), nports))
if x_full != j_full: bad.append("XML and JSON differ on %s" % sorted(set(x_full.items()) ^ set(j_full.items()))[:10])
sets = {"open": " ".join(map(str, sorted(p for p, s in x_full.items() if s == "open"))),
        "filtered": " ".join(map(str, sorted(p for p, s in x_full.items() if s == "filtered")))}
if sets["open"] != want_open: bad.append("open: %s" % sets["open"])
if sets["filtered"] != want_filt: bad.append("filtered: %s" % sets["filtered"])
for name, (listed, hidden) in (("-oN", normal_states(d + "/a.nmap")), ("stdout", normal_states(d + "/a.out")),
                               ("-oG", grep_states(d + "/a.gnmap")), ("-oX", (x_listed, x_hidden))):
    for p, s in listed.items():
        if x_full.get(p) != s: bad.append("%s lists %d as %s" % (name, p, s))
    for st in ("open", "closed", "filtered"):
        n = sum(1 for s in listed.values() if s == st) + hidden.get(st, 0)
        if n != count(x_full, st): bad.append("%s: %d %s, XML/JSON %d" % (name, n, st, count(x_full, st)))
print("# open [%s], filtered [%s], closed %d, in -oN, stdout, -oX, -oG, -oJ" % (sets["open"], sets["filtered"], count(x_full, "closed")))
for b in bad[:10]: print("# " + b)
sys.exit(1 if bad else 0)
EOF
"$TOPO_PY" "$W/formats.py" "$W" "$NPORTS" "${OPEN_PORTS[*]}" "$DROP_PORT $REJECT_PORT" 2>&1 |
	sed '/^#/!s/^/# /'
ok "${PIPESTATUS[0]}" "-oN, stdout, -oX, -oG and -oJ list the same open, closed and filtered ports"

head -n 1 "$W/a.nmap" | grep -q "^# xdpmap [0-9.]* scan initiated .* as: .*-oA $W/a " &&
	tail -n 1 "$W/a.nmap" | grep -q '^# xdpmap done at .* -- 1 IP address (1 host up) scanned in' &&
	head -n 1 "$W/a.gnmap" | grep -q '^# xdpmap [0-9.]* scan initiated' &&
	grep -q "^Host: $TGT ()	Status: Up\$" "$W/a.gnmap" &&
	grep -q "^Host: $TGT ()	Ports: 22/open/tcp//ssh///, .*	Ignored State: closed ($((NPORTS - 6)))\$" "$W/a.gnmap"
st=$?
[ $st -eq 0 ] || { diag 5 <"$W/a.nmap"; diag 5 <"$W/a.gnmap"; }
ok $st "-oN and -oG have nmap's header, footer and Host: lines"

# ---- JSON lines: python3's json.tool and jq, line by line -----------------------------------
st=0
lines=$(wc -l <"$W/a.json")
"$TOPO_PY" -c 'import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    json.loads(line)' "$W/a.json" || st=1
head -n 1 "$W/a.json" | "$TOPO_PY" -m json.tool >/dev/null || st=1
tail -n 1 "$W/a.json" | "$TOPO_PY" -m json.tool >/dev/null || st=1
if have jq; then
	[ "$(jq -c . "$W/a.json" | wc -l)" -eq "$lines" ] || st=1
	tail -n 1 "$W/a.json" | jq -e '.summary.hosts_up == 1 and .summary.open == 4 and
		.summary.exit == "success" and .summary.no_response == 1' >/dev/null || st=1
fi
[ $st -eq 0 ] || tail -n 2 "$W/a.json" | diag
ok $st "-oJ: $lines lines, each valid for json.tool and jq, summary object last"

# ---- escaping: a hostile host name (via /etc/netns) and a hostile file name in the arguments --
mkdir -p "/etc/netns/$SNS"
HOSTILE=$'ev"<&>\'--il\x01\x1b[31m\xff.example'
printf '%s %s\n' "$TGT" "$HOSTILE" >"/etc/netns/$SNS/hosts"
EVIL=$'ev"<&>\'--\x01\xff\t\n'
scan e -p 22,80,81 --wait 0.5 -oX "$W/e.xml" -oG "$W/e.gnmap" -oN "$W/e.nmap" \
	-oJ "$W/$EVIL.json" "$TGT"
st=$?
[ $st -eq 0 ] || diag <"$W/e.err"
cat >"$W/escape.py" <<'EOF'
import json, os, sys
import xml.etree.ElementTree as ET
d, jpath, hostile, evil = sys.argv[1], sys.argv[2], os.fsencode(sys.argv[3]), os.fsencode(sys.argv[4])
bad = []
root = ET.parse(d + "/e.xml").getroot()
names = [h.get("name") for h in root.iter("hostname")]
want = hostile.replace(b"\x01", b"\\x01").replace(b"\x1b", b"\\x1b").replace(b"\xff", b"\\xff").decode()
if names != [want]: bad.append("XML hostname %r, expected %r" % (names, want))
want_args = evil.replace(b"\x01", b"\\x01").replace(b"\xff", b"\\xff").decode()
if want_args not in root.get("args"): bad.append("XML args %r" % root.get("args"))
lines = open(jpath, "rb").read().splitlines()
objs = [json.loads(l) for l in lines]
if evil.decode("latin-1") not in objs[-1]["summary"]["args"]: bad.append("JSON args %r" % objs[-1]["summary"]["args"])
for name in ("e.gnmap", "e.nmap", "e.out"):
    data = open(d + "/" + name, "rb").read()
    if any(c in data for c in (b"\x01", b"\x1b", b"\xff", b"\r")): bad.append("%s has raw control bytes" % name)
gn = open(d + "/e.gnmap", "rb").read().splitlines()
if len(gn) != 4: bad.append("e.gnmap has %d lines, not 4" % len(gn))
if not gn[1].startswith(b'Host: 198.18.0.2 (ev"<&>\'--il??[31m?.example)\tStatus: Up'): bad.append("e.gnmap: %r" % gn[1])
for b in bad: print("# " + b)
sys.exit(1 if bad else 0)
EOF
if [ $st -eq 0 ]; then
	xml_ok "$W/e.xml" 2>&1 | diag
	st=${PIPESTATUS[0]}
	"$TOPO_PY" "$W/escape.py" "$W" "$W/$EVIL.json" "$HOSTILE" "$EVIL" 2>&1 | sed '/^#/!s/^/# /'
	[ "${PIPESTATUS[0]}" -eq 0 ] || st=1
fi
ok "$st" "hostile host name and arguments (quotes, <>&, --, control bytes, invalid UTF-8): valid XML, JSON, one-line -oG"
rm -rf "/etc/netns/$SNS"

# ---- --open and --reason ----------------------------------------------------------------------
scan o -n --open --reason -p "$PORTS" --max-rate 100000 --wait 0.5 -oX "$W/o.xml" -oG "$W/o.gnmap" "$TGT"
st=$?
for p in "${OPEN_PORTS[@]}"; do
	grep -Eq "^$p/tcp +open +[a-z-]+ +syn-ack ttl 64\$" "$W/o.out" || st=1
done
grep -Eq '^PORT +STATE +SERVICE +REASON$' "$W/o.out" || st=1
[ "$(grep -Ec '^[0-9]+/tcp' "$W/o.out")" -eq ${#OPEN_PORTS[@]} ] || st=1
grep -q '<state state="closed"\|<state state="filtered"' "$W/o.xml" && st=1
grep -q '/closed/\|/filtered/' "$W/o.gnmap" && st=1
xml_ok "$W/o.xml" 2>/dev/null || st=1
[ $st -eq 0 ] || { diag <"$W/o.out"; diag <"$W/o.err"; }
ok $st "--open --reason: only open ports, REASON column 'syn-ack ttl 64', in stdout, -oX and -oG"

# ---- -oX - : the XML document alone on stdout -------------------------------------------------
scan x -n -p 20-25 --wait 0.5 -oX - "$TGT"
st=$?
xml_ok "$W/x.out" 2>&1 | diag
[ "${PIPESTATUS[0]}" -eq 0 ] || st=1
grep -q 'Starting xdpmap' "$W/x.out" && st=1
ok $st "-oX - writes only the XML document to stdout"

# ---- the progress line ------------------------------------------------------------------------
PROG_ARGS=(-n -p 1-4000 --max-rate 4000 --wait 0.5)
if ! have script; then
	skip "progress line on a terminal" "script (util-linux) not installed"
	skip "no progress line when stderr is not a terminal" "script (util-linux) not installed"
else
	cmd=$(printf '%q ' timeout -s KILL 30 ip netns exec "$SNS" "$XDPMAP_ABS" "${PROG_ARGS[@]}" \
		-oN "$W/p.nmap" -oJ "$W/p.json" "$TGT")
	script -qfec "$cmd" "$W/p.typescript" >/dev/null 2>&1 </dev/null
	st=$?
	"$TOPO_PY" - "$W/p.typescript" <<'EOF' || st=1
import re, sys
data = open(sys.argv[1], "rb").read()
lines = re.findall(rb"\rProgress: [0-9.]+% done[^\r\n\x1b]*", data)
last = data.rfind(b"\rProgress: ")
cleared = last >= 0 and data.find(b"\r\x1b[K", last + 1) > last
report = data.find(b"xdpmap scan report for", max(last, 0)) > last
print("# %d progress redraws, last: %r; cleared before the report: %s" %
      (len(lines), lines[-1][1:].decode() if lines else None, cleared and report))
sys.exit(0 if len(lines) >= 2 and cleared and report else 1)
EOF
	grep -q 'Progress:' "$W/p.nmap" "$W/p.json" && st=1
	ok $st "progress line on a terminal: refreshed in place with \\r, erased before the report, not in files"

	cmd=$(printf '%q ' timeout -s KILL 30 ip netns exec "$SNS" "$XDPMAP_ABS" "${PROG_ARGS[@]}" "$TGT")
	script -qfec "$cmd 2>$(printf '%q' "$W/q.err")" "$W/q.typescript" >/dev/null 2>&1 </dev/null
	st=$?
	grep -aq 'Progress:' "$W/q.typescript" "$W/q.err" && st=1
	grep -aq $'\r' "$W/q.err" && st=1
	grep -aq 'xdpmap scan report for' "$W/q.typescript" || st=1
	ok $st "no progress line when stderr is a file (stdout a terminal)"
fi

# ---- --stats-every ----------------------------------------------------------------------------
scan s "${PROG_ARGS[@]}" --stats-every 250ms -oN "$W/s.nmap" "$TGT"
st=$?
n=$(grep -c '^Stats: [0-9]*:[0-9][0-9]:[0-9][0-9] elapsed; ' "$W/s.out")
grep -q '^SYN Stealth Scan Timing: About [0-9.]*% done' "$W/s.out" || st=1
[ "$n" -ge 2 ] || st=1
grep -q 'Stats:\|Progress:' "$W/s.nmap" "$W/s.err" && st=1
[ $st -eq 0 ] || { diag <"$W/s.out"; diag <"$W/s.err"; }
ok $st "--stats-every 250ms: $n status lines on stdout, none in -oN or on stderr"

# ---- help, man page, make install -------------------------------------------------------------
st=0
"$XDPMAP" --help >"$W/help.txt" || st=1
for want in "-oA <basename>" "--stats-every" "--open" "--reason" "EXIT STATUS"; do
	grep -q -- "$want" "$W/help.txt" || { st=1; echo "# --help lacks '$want'"; }
done
make -s install DESTDIR="$W/inst" PREFIX=/usr >"$W/install.out" 2>&1 || st=1
[ -x "$W/inst/usr/bin/xdpmap" ] && [ -f "$W/inst/usr/share/man/man1/xdpmap.1" ] || st=1
if have groff; then
	LC_ALL=C.UTF-8 groff -man -ww -z "$W/inst/usr/share/man/man1/xdpmap.1" 2>"$W/groff.err" &&
		[ ! -s "$W/groff.err" ] || st=1
	diag <"$W/groff.err"
fi
[ $st -eq 0 ] || diag <"$W/install.out"
ok $st "--help lists the output options; make install DESTDIR= installs xdpmap and xdpmap.1 (groff: no warnings)"

finish

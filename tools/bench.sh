#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Side-by-side benchmark on the simulated network: xdpmap, masscan, zmap and nmap in one run.
#
# Topology: namespaces xb$$-scan and xb$$-tgt joined by veth (a /30 link: scanner 198.18.0.1,
# target 198.18.0.2), the rest of 198.18.0.0/15 routed via the target, whose simulated-network
# responder answers for it as an Internet range would. Only that range, inside these namespaces, is probed.
# Every tool runs under a timeout; the topology is torn down by a trap.
#
# Usage: tools/bench.sh [OUTDIR]   (default build/bench; QUICK=1 for a short smoke run,
#        ONLY_SMALL=1 for the everyday scans alone, SMALL_REPS=N runs of each,
#        ONLY_UDP=1 for the UDP workload alone (udp.csv; udp_ref.csv: the link's TX limit),
#        ONLY_RSS=1 for the peak-RSS rows alone (rss.csv), ONLY_TX6=1 for IPv6's send rate next
#        to IPv4's (tx.csv), ONLY_IPV6=1 for the IPv6 workload next to IPv4's w16x16,
#        then IPV6_PAIRS (default 5) alternating pairs of the two (ipv6_ratio.csv),
#        ONLY_UDP6=1 for UDP over IPv6 (u6x16, udp.csv) next to IPv4's UDP in UDP6_PAIRS_RUNS
#        (default 5) alternating pairs (udp6_ratio.csv),
#        ONLY_SEND=1 for the send path alone
#        (TX only before and after xdpmap's full /16 x 1 and /16 x 16 scans),
#        MQ=1: the veth pair gets 2 TX and 2 RX queues and every xdpmap row is run with one
#        sender thread (xdpmap_q1) and two (xdpmap_q2); ONLY_MQ=1 for the many-queue figures
#        alone (TX only with 1 and 2 queues next to xsk-txref's, /16 x 1, /16 x 16, /15 x 64
#        with retries 0 and 1, masscan and zmap; mq.txt has the ratios),
#        BASELINE=path/to/an/older/xdpmap: that build too, as xdpmap_base, next to each
#        xdpmap run and in the TX-only figure (with MQ=1: xdpmap_base_q1 and _q2 in both), for
#        a regression check within one run,
#        NAPI_THREADED=1: the target veth's NAPI runs in a kernel thread of its own
#        (/sys/class/net/DEV/threaded), so the simulated network's responder (its XDP program
#        and the frames it sends back) runs where the scheduler puts that thread, not in the
#        softirq of the CPU whose sendto() delivered the probe, as a remote target would.
#        It is set on the target veth each time a responder attaches, so it applies alike to
#        every tool of the run (xdpmap, masscan, zmap, nmap, xsk-txref); the default (0) is
#        the kernel's default, the responder inline on the sending CPU)
set -u
cd "$(dirname "$0")/.." || exit 1

OUT=${1:-build/bench}
XDPMAP=${XDPMAP:-build/xdpmap}
RESPONDER=build/tools/simnet-responder
LISTER=build/tools/simnet-list
TXREF=build/tools/xsk-txref
SCORE=tools/bench/score.py
P=xb$$
SNS=$P-scan
TNS=$P-tgt
SIF=${P}s
TIF=${P}t
SEED=1
TOOL_TIMEOUT=${TOOL_TIMEOUT:-90}
RESP_PID=
PASS_PID=

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

# stop PID: TERM, then KILL after 3 s. Only PIDs this script started.
stop() {
	local pid=$1 i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

teardown() {
	stop "$PASS_PID"
	stop "$RESP_PID"
	small_down
	ip netns del "$SNS" 2>/dev/null
	ip netns del "$TNS" 2>/dev/null
}
trap teardown EXIT
trap 'exit 130' INT TERM

topo_up() {
	ip netns add "$SNS" && ip netns add "$TNS" || die "ip netns add failed"
	local q=()
	[ "${MQ:-0}" = 1 ] && q=(numtxqueues 2 numrxqueues 2)
	ip link add "$SIF" "${q[@]}" type veth peer name "$TIF" "${q[@]}" ||
		die "ip link add veth failed"
	ip link set "$SIF" netns "$SNS" && ip link set "$TIF" netns "$TNS" || die "veth move failed"
	ip -n "$SNS" addr add 198.18.0.1/30 dev "$SIF"
	ip -n "$TNS" addr add 198.18.0.2/30 dev "$TIF"
	ip -n "$SNS" link set lo up; ip -n "$TNS" link set lo up
	ip -n "$SNS" link set "$SIF" up; ip -n "$TNS" link set "$TIF" up
	ip -n "$SNS" route add 198.18.0.0/15 via 198.18.0.2 || die "ip route add failed"
	TGT_MAC=$(ip -n "$TNS" -br link show dev "$TIF" | awk '{print $3}')
}

# napi_mode: NAPI_THREADED (0 or 1) on the target veth, once a responder's XDP program gave it
# its NAPI instances (the kernel refuses the setting before). Every responder start calls it.
napi_mode() {
	local want=${NAPI_THREADED:-0} f=/sys/class/net/$TIF/threaded
	ip netns exec "$TNS" sh -c "echo $want > $f" 2>/dev/null ||
		die "cannot set $f to $want"
	[ "$(ip netns exec "$TNS" cat "$f")" = "$want" ] || die "$f is not $want"
}

# responder_start [LOSS_PPM [RESPONDER_OPTS...]]: the simulated network on the target veth.
responder_start() {
	stop "$RESP_PID"
	ip netns exec "$TNS" "$RESPONDER" -i "$TIF" --seed "$SEED" --loss "${1:-0}" "${@:2}" \
		> "$OUT/responder.log" 2>&1 &
	RESP_PID=$!
	sleep 0.5
	kill -0 "$RESP_PID" 2>/dev/null || die "responder did not start: $(cat "$OUT/responder.log")"
	napi_mode
}

# Other tools read replies with the kernel's help: an XDP_PASS program on the scanner veth
# makes the responder's XDP_TX frames arrive there. xdpmap brings its own program.
pass_on() {
	ip netns exec "$SNS" "$RESPONDER" -i "$SIF" --pass-only > /dev/null 2>&1 &
	PASS_PID=$!
	sleep 0.3
}
pass_off() { stop "$PASS_PID"; PASS_PID=; sleep 0.2; }

# timed NAME CMD...: run in the scanner namespace under /usr/bin/time; leaves $OUT/NAME.time.
timed() {
	local name=$1
	shift
	timeout -s KILL "$TOOL_TIMEOUT" /usr/bin/time -o "$OUT/$name.time" -f '%e %U %S %M' \
		ip netns exec "$SNS" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"
}

# record WORKLOAD TOOL PROBES SEND_PPS FORMAT OUTPUT TRUTH: one CSV row.
record() {
	local w=$1 tool=$2 probes=$3 send_pps=$4 fmt=$5 file=$6 truth=$7 score
	if ! read -r wall usr sys rss < "$OUT/$w.$tool.time" 2>/dev/null || [ -z "$rss" ]; then
		# killed by the timeout: no figures, and the row says so
		echo "$w,$tool,$probes,killed after ${TOOL_TIMEOUT}s,0,$send_pps,0,0,0,0" >> "$OUT/results.csv"
		return
	fi
	score=$(python3 "$SCORE" "$fmt" "$file" "$truth" 2>/dev/null) ||
		score='{"recall": 0, "false_positives": -1}'
	python3 - "$w" "$tool" "$probes" "$send_pps" "$wall" "$usr" "$sys" "$rss" "$score" \
		>> "$OUT/results.csv" <<'PY'
import json, sys
w, tool, probes, send_pps, wall, usr, sys_, rss, score = sys.argv[1:]
s = json.loads(score)
probes, wall = int(probes), float(wall)
print(f"{w},{tool},{probes},{wall:.2f},{probes / wall if wall else 0:.0f},{send_pps},"
      f"{float(usr) + float(sys_):.2f},{rss},{s['recall']:.5f},{s['false_positives']}")
PY
}

# Probes sent and send-phase rate from xdpmap's report ("Probes sent: N ... (R probes/s)").
xdpmap_stats() {
	sed -n 's/^Probes sent: \([0-9]*\) .*(\([0-9]*\) probes\/s)$/\1 \2/p' "$1" | tail -1
}

# xdpmap as masscan and zmap work: every target probed (-Pn), the same probes as they send.
run_xdpmap() {
	if [ "${MQ:-0}" = 1 ]; then
		XM_EXTRA="--sender-threads 1" xdpmap_as xdpmap_q1 -Pn "$@"
		XM_EXTRA="--sender-threads 2" xdpmap_as xdpmap_q2 -Pn "$@"
		[ -z "${BASELINE:-}" ] && return
		XDPMAP=$BASELINE XM_EXTRA="--sender-threads 1" xdpmap_as xdpmap_base_q1 -Pn "$@"
		XDPMAP=$BASELINE XM_EXTRA="--sender-threads 2" xdpmap_as xdpmap_base_q2 -Pn "$@"
		return
	fi
	xdpmap_as xdpmap -Pn "$@"
	[ -z "${BASELINE:-}" ] || XDPMAP=$BASELINE xdpmap_as xdpmap_base -Pn "$@"
}
# xdpmap as nmap works: host discovery first, then only the live hosts' ports.
run_xdpmap_disc() { xdpmap_as xdpmap_disc "" "$@"; }

xdpmap_as() { # TOOL PING_OPT WORKLOAD RANGE PORTS RETRIES TRUTH
	local tool=$1 ping=$2 w=$3 tag=$3.$1 probes pps
	shift 2
	# shellcheck disable=SC2086
	timed "$tag" "$XDPMAP" -n $ping -p "$3" --max-rate 100000000 --max-retries "$4" --wait 1 \
		--exclude 198.18.0.0/30 ${XM_EXTRA:-} -oJ "$OUT/$tag.json" \
		--metadata-file "$OUT/$tag.meta.json" "$2"
	read -r probes pps < <(xdpmap_stats "$OUT/$tag.stdout")
	grep -v '"summary"' "$OUT/$tag.json" > "$OUT/$tag.results"
	probes=${probes:-0} pps=${pps:-0}
	record "$w" "$tool" "$probes" "$pps" xdpmap "$OUT/$tag.results" "$5"
}

# masscan at its top rate, and at 100 kpps where its replies are not lost (see README).
run_masscan() { masscan_at masscan 100000000 "$@"; }
run_masscan_100k() { masscan_at masscan_100k 100000 "$@"; }

masscan_at() { # TOOL RATE WORKLOAD RANGE PORTS RETRIES TRUTH PAIRS
	local tool=$1 rate=$2 w=$3 tag=$3.$1 pps
	pass_on
	timed "$tag" masscan -p "$5" "$4" --exclude 198.18.0.0/30 --rate "$rate" \
		--router-mac "$TGT_MAC" --adapter "$SIF" --adapter-ip 198.18.0.1 --wait 1 \
		--retries "$6" -oL "$OUT/$tag.list"
	pass_off
	pps=$(tr '\r' '\n' < "$OUT/$tag.stderr" | grep -o '[0-9.]*-kpps' |
		awk '{v = $1 + 0; if (v > m) m = v} END {print int(m * 1000)}')
	record "$w" "$tool" "$(($8 * ($6 + 1)))" "${pps:-0}" masscan "$OUT/$tag.list" "$7"
}

run_zmap() { # WORKLOAD RANGE PORT RETRIES TRUTH PAIRS
	local w=$1 tag=$1.zmap pps
	pass_on
	timed "$tag" zmap -p "$3" -i "$SIF" -G "$TGT_MAC" -S 198.18.0.1 -b /dev/null -r 0 \
		-P "$(($4 + 1))" -c 1 -O csv -f saddr,sport,classification -o "$OUT/$tag.csv" "$2"
	pass_off
	pps=$(grep -o 'send: [0-9]* done ([0-9.]* [KM]p/s' "$OUT/$tag.stderr" | tail -1 |
		awk '{r = $4; sub(/\(/, "", r); print int(r * ($5 ~ /^M/ ? 1e6 : 1e3))}')
	record "$w" zmap "$(($6 * ($4 + 1)))" "${pps:-0}" zmap "$OUT/$tag.csv" "$5"
}

run_nmap() { # WORKLOAD RANGE PORTS RETRIES TRUTH PAIRS
	local w=$1 tag=$1.nmap
	pass_on
	timed "$tag" nmap -n -Pn -sS -T5 --min-rate 100000 --max-retries "$4" -p "$3" \
		--exclude 198.18.0.0/30 -oG "$OUT/$tag.gnmap" "$2"
	pass_off
	record "$w" nmap "$6" 0 nmap "$OUT/$tag.gnmap" "$5"
}

# workload NAME RANGE PORTS RETRIES LOSS_PPM TOOLS...
workload() {
	local w=$1 range=$2 ports=$3 retries=$4 loss=$5 truth pairs nports
	shift 5
	log "workload $w: $range x ports $ports, retries $retries, loss $loss ppm"
	responder_start "$loss"
	truth=$OUT/$w.truth
	"$LISTER" --seed "$SEED" --range "$range" --exclude 198.18.0.0/30 -p "$ports" > "$truth"
	nports=$(python3 -c "import sys
s=set()
for t in sys.argv[1].split(','):
    a,_,b=t.partition('-'); s.update(range(int(a), int(b or a)+1))
print(len(s))" "$ports")
	pairs=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1]).num_addresses - 4)" "$range")
	pairs=$((pairs * nports))
	for tool in "$@"; do
		log "  $tool"
		"run_$tool" "$w" "$range" "$ports" "$retries" "$truth" "$pairs"
	done
}

# UDP: a /16 x 16 UDP ports. Open ports echo the datagram, closed ones send ICMP port
# unreachable, filtered ones stay silent (tools/simnet.h); simnet-list --udp is the truth.
# masscan (-pU:, --show closed) and xdpmap -sU scan it all, zmap -M udp one port, nmap -sU a
# /22 slice; each row of udp.csv: recall on open and on closed ports, false opens, probes
# per wall second. The ports avoid those masscan parses as protocols (53, 123, 161, ...).
UDP_PORTS=7,9,13,17,19,37,49,67,68,69,111,500,514,520,1701,4500
UDP_ZMAP_PORT=1701

# addrs CIDR: the number of addresses in CIDR.
addrs() {
	python3 -c "import ipaddress, sys; print(ipaddress.ip_network(sys.argv[1]).num_addresses)" "$1"
}

# udp_csv: udp.csv's header unless the file has one.
udp_csv() {
	local h=workload,tool,probes,wall_s,probes_per_s_wall,recall_open,recall_closed,false_open

	[ -s "$OUT/udp.csv" ] || echo "$h,cpu_s" > "$OUT/udp.csv"
}

# udp_record WORKLOAD TOOL PROBES FORMAT OUTPUT TRUTH [PORT]: one row of udp.csv.
udp_record() {
	local w=$1 tool=$2 probes=$3 fmt=$4 file=$5 truth=$6 port=${7:-} score wall usr sys
	if ! read -r wall usr sys _ < "$OUT/$w.$tool.time" 2>/dev/null || [ -z "$sys" ]; then
		echo "$w,$tool,$probes,killed after ${TOOL_TIMEOUT}s,0,0,0,-1,0" >> "$OUT/udp.csv"
		return
	fi
	score=$(python3 tools/bench/score_udp.py "$fmt" "$file" "$truth" $port 2>/dev/null) ||
		score='{"recall_open": 0, "recall_closed": 0, "false_open": -1}'
	python3 - "$w" "$tool" "$probes" "$wall" "$usr" "$sys" "$score" >> "$OUT/udp.csv" <<'PY'
import json, sys
w, tool, probes, wall, usr, sys_, score = sys.argv[1:]
s = json.loads(score)
probes, wall = int(probes), float(wall)
print(f"{w},{tool},{probes},{wall:.2f},{probes / wall if wall else 0:.0f},"
      f"{s['recall_open']:.5f},{s['recall_closed']:.5f},{s['false_open']},"
      f"{float(usr) + float(sys_):.2f}")
PY
}

# xdpmap -sU once the binary has it (its --help names -sU); otherwise the row is left out.
run_udp_xdpmap() { # WORKLOAD RANGE PORTS TRUTH PAIRS
	if ! "$XDPMAP" --help 2>&1 | grep -qE -- '(^|[^[:alnum:]-])-sU([^[:alnum:]]|$)'; then
		log "  xdpmap -sU: $XDPMAP has no -sU yet, row left out"
		return
	fi
	udp_xdpmap_as xdpmap "$@"
}

# udp_xdpmap_as TOOL WORKLOAD RANGE PORTS TRUTH PAIRS [-6]: xdpmap -sU as the other rows scan
# (every target, no retry, --wait 1), the link's /30 excluded (with -6, fd00:5::c612:0/126).
udp_xdpmap_as() {
	local tool=$1 w=$2 tag=$2.$1 excl=198.18.0.0/30 fam=() probes pps
	if [ "${7:-}" = -6 ]; then
		excl=fd00:5::c612:0/126
		fam=(-6)
	fi
	timed "$tag" "$XDPMAP" "${fam[@]}" -n -Pn -sU -p "$4" --max-rate 100000000 --max-retries 0 \
		--wait 1 --exclude "$excl" -oJ "$OUT/$tag.json" "$3"
	read -r probes pps < <(xdpmap_stats "$OUT/$tag.stdout")
	grep -v '"summary"' "$OUT/$tag.json" > "$OUT/$tag.results"
	udp_record "$w" "$tool" "${probes:-$6}" xdpmap "$OUT/$tag.results" "$5"
}

udp_masscan_at() { # TOOL RATE WORKLOAD RANGE PORTS TRUTH PAIRS
	local tool=$1 rate=$2 w=$3 tag=$3.$1
	pass_on
	timed "$tag" masscan -pU:"$5" "$4" --exclude 198.18.0.0/30 --rate "$rate" \
		--router-mac "$TGT_MAC" --adapter "$SIF" --adapter-ip 198.18.0.1 --wait 1 \
		--retries 0 --show closed -oL "$OUT/$tag.list"
	pass_off
	udp_record "$w" "$tool" "$7" masscan "$OUT/$tag.list" "$6"
}
run_udp_masscan() { udp_masscan_at masscan 100000000 "$@"; }
run_udp_masscan_100k() { udp_masscan_at masscan_100k 100000 "$@"; }

run_udp_zmap() { # WORKLOAD RANGE PORTS TRUTH PAIRS: one port, its own truth
	local w=$1 tag=$1.zmap hosts
	awk -v p="$UDP_ZMAP_PORT" '$2 == p' "$4" > "$OUT/$w.zmap.truth"
	hosts=$(($(addrs "$2") - 4))
	pass_on
	timed "$tag" zmap -M udp -p "$UDP_ZMAP_PORT" -i "$SIF" -G "$TGT_MAC" -S 198.18.0.1 \
		-b /dev/null -r 0 -P 1 -c 1 -O csv -f saddr,sport,classification,icmp_type,icmp_code \
		--output-filter='success = 1 || success = 0' -o "$OUT/$tag.csv" "$2"
	pass_off
	udp_record "$w" zmap "$hosts" zmap "$OUT/$tag.csv" "$OUT/$w.zmap.truth" "$UDP_ZMAP_PORT"
}

run_udp_nmap() { # WORKLOAD RANGE PORTS TRUTH PAIRS: a slice small enough for nmap -sU
	local w=$1 tag=$1.nmap slice=${UDP_NMAP_SLICE:-198.18.40.0/22} n
	"$LISTER" --seed "$SEED" --range "$slice" --exclude 198.18.0.0/30 -p "$3" --udp \
		> "$OUT/$w.nmap.truth"
	n=$(addrs "$slice")
	pass_on
	timed "$tag" nmap -n -Pn -sU -T5 --min-rate 100000 --max-retries 0 -p "$3" \
		--exclude 198.18.0.0/30 -oG "$OUT/$tag.gnmap" "$slice"
	pass_off
	udp_record "$w" nmap "$((n * 16))" nmap "$OUT/$tag.gnmap" "$OUT/$w.nmap.truth"
}

# The link's own TX limit next to the UDP rows: xsk-txref (one fixed 58-byte frame to a dead
# address, nothing built per frame, nothing answered) sends as many frames as the workload has
# probes; udp_ref.csv has its rate and the probes per wall second a scanner sending at that rate
# would reach with the --wait 1 every row here has (start-up not counted).
run_udp_txref() { # WORKLOAD RANGE PORTS TRUTH PAIRS
	local w=$1 tag=$1.txref pps
	sleep 1 # the kernel releases the last scanner's AF_XDP socket on the queue asynchronously
	timed "$tag" "$TXREF" "$SIF" "$5"
	pps=$(grep -o '[0-9]* pps' "$OUT/$tag.stdout" | awk '{print $1}')
	[ -s "$OUT/udp_ref.csv" ] || echo "workload,frames,txref_pps,ceiling_probes_per_s_wall" \
		> "$OUT/udp_ref.csv"
	awk -v w="$w" -v n="$5" -v r="${pps:-0}" \
		'BEGIN { printf "%s,%d,%d,%.0f\n", w, n, r, (r > 0 ? n / (n / r + 1) : 0) }' \
		>> "$OUT/udp_ref.csv"
	column -t -s, "$OUT/udp_ref.csv" >&2
}

# udp_workload NAME RANGE TOOLS...: every tool in one run against one responder.
udp_workload() {
	local w=$1 range=$2 truth pairs
	shift 2
	log "workload $w (UDP): $range x ports $UDP_PORTS"
	udp_csv
	responder_start 0
	truth=$OUT/$w.truth
	"$LISTER" --seed "$SEED" --range "$range" --exclude 198.18.0.0/30 -p "$UDP_PORTS" --udp \
		> "$truth"
	pairs=$(( ($(addrs "$range") - 4) * 16 ))
	for tool in "$@"; do
		log "  $tool"
		"run_udp_$tool" "$w" "$range" "$UDP_PORTS" "$truth" "$pairs"
	done
	column -t -s, "$OUT/udp.csv" >&2
}

# Host discovery over a /15: xdpmap -sn, nmap -sn and masscan --ping, scored on live hosts.
disc_workload() {
	local w=sn15 range=198.18.0.0/15 truth=$OUT/sn15.truth addrs
	log "workload $w: host discovery over $range"
	responder_start 0
	"$LISTER" --seed "$SEED" --range "$range" --exclude 198.18.0.0/30 --hosts > "$truth"
	addrs=$(( (1 << 17) - 4 ))
	log "  xdpmap -sn"
	timed "$w.xdpmap" "$XDPMAP" -sn -n --max-rate 100000000 --max-retries 0 --wait 1 \
		--exclude 198.18.0.0/30 -oJ "$OUT/$w.xdpmap.json" "$range"
	record "$w" xdpmap "$addrs" 0 hosts-xdpmap "$OUT/$w.xdpmap.json" "$truth"
	pass_on
	log "  nmap -sn"
	TOOL_TIMEOUT=300 timed "$w.nmap" nmap -sn -n -T5 --min-rate 100000 --max-retries 0 \
		--exclude 198.18.0.0/30 -oG "$OUT/$w.nmap.gnmap" "$range"
	record "$w" nmap "$addrs" 0 hosts-nmap "$OUT/$w.nmap.gnmap" "$truth"
	log "  masscan --ping"
	timed "$w.masscan" masscan --ping "$range" --exclude 198.18.0.0/30 --rate 100000000 \
		--router-mac "$TGT_MAC" --adapter "$SIF" --adapter-ip 198.18.0.1 --wait 1 \
		-oL "$OUT/$w.masscan.list"
	record "$w" masscan "$addrs" 0 hosts-masscan "$OUT/$w.masscan.list" "$truth"
	pass_off
}

# Everyday scans, typed as a user types them (default timing, no rate or wait options), on an
# on-link /24 pair of their own: scanner 198.18.77.1, target 198.18.77.2 with a listener on
# 2222. xdpmap and nmap -sS alternate, REPS times each; small.csv keeps every run's wall time.
SMALL_REPS=${SMALL_REPS:-3}
small_up() {
	ip netns add "$P-lan" && ip netns add "$P-host" || die "ip netns add failed"
	ip link add "${P}l" type veth peer name "${P}h" || die "ip link add veth failed"
	ip link set "${P}l" netns "$P-lan" && ip link set "${P}h" netns "$P-host" || die "veth move"
	ip -n "$P-lan" addr add 198.18.77.1/24 dev "${P}l"
	ip -n "$P-host" addr add 198.18.77.2/24 dev "${P}h"
	for ns in "$P-lan" "$P-host"; do ip -n "$ns" link set lo up; done
	ip -n "$P-lan" link set "${P}l" up; ip -n "$P-host" link set "${P}h" up
	ip netns exec "$P-host" python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 2222)); s.listen(64); time.sleep(3600)' &
	SMALL_PID=$!
	sleep 0.5
}
small_down() {
	stop "${SMALL_PID:-}"
	ip netns del "$P-lan" 2>/dev/null
	ip netns del "$P-host" 2>/dev/null
}

small_run() { # WORKLOAD TOOL ARGS...: one timed run in the scanner namespace
	local w=$1 tool=$2 wall
	shift 2
	timeout -s KILL "$TOOL_TIMEOUT" /usr/bin/time -o "$OUT/small.time" -f '%e' \
		ip netns exec "$P-lan" "$@" > "$OUT/small.$w.$tool.stdout" 2>&1
	wall=$(tail -1 "$OUT/small.time")
	grep -q '2222/tcp *open' "$OUT/small.$w.$tool.stdout" || wall="missed"
	echo "$w,$tool,$wall" >> "$OUT/small.csv"
}

small_scans() {
	local r
	log "everyday scans on an on-link /24: xdpmap and nmap -sS as typed, $SMALL_REPS runs each"
	echo "workload,tool,wall_s" > "$OUT/small.csv"
	small_up
	for r in $(seq "$SMALL_REPS"); do
		small_run host1000 xdpmap "$XDPMAP" -n -p 1-1000,2222 198.18.77.2
		small_run host1000 nmap nmap -n -sS -p 1-1000,2222 198.18.77.2
		small_run lan24 xdpmap "$XDPMAP" -n -p 2222,80 198.18.77.0/24
		small_run lan24 nmap nmap -n -sS -p 2222,80 198.18.77.0/24
	done
	small_down
}

# TX only: the responder drops every probe (loss 100%; it still answers ARP).
tx_only() {
	local probes pps ref
	log "TX only: xdpmap and the reference AF_XDP loop against a responder that drops all"
	responder_start 1000000
	timed tx.xdpmap "$XDPMAP" -n -Pn -p 1-64 --max-rate 100000000 --max-retries 0 --wait 0 \
		--exclude 198.18.0.0/30 -oJ "$OUT/tx.xdpmap.json" 198.18.0.0/16
	read -r probes pps < <(xdpmap_stats "$OUT/tx.xdpmap.stdout")
	sleep 1 # the kernel releases xdpmap's AF_XDP socket on the queue asynchronously
	timed tx.ref "$TXREF" "$SIF" "$probes"
	ref=$(grep -o '[0-9]* pps' "$OUT/tx.ref.stdout" | awk '{print $1}')
	echo "tx_only,xdpmap,$probes,$pps" >> "$OUT/tx.csv"
	echo "tx_only,xsk-txref,$probes,${ref:-0}" >> "$OUT/tx.csv"
	[ -z "${BASELINE:-}" ] && return
	sleep 1
	timed tx.base "$BASELINE" -n -Pn -p 1-64 --max-rate 100000000 --max-retries 0 --wait 0 \
		--exclude 198.18.0.0/30 -oJ "$OUT/tx.base.json" 198.18.0.0/16
	read -r probes pps < <(xdpmap_stats "$OUT/tx.base.stdout")
	echo "tx_only,xdpmap_base,$probes,${pps:-0}" >> "$OUT/tx.csv"
}

# tx_mq_xdpmap TOOL BINARY Q ROUND: one TX-only run of BINARY with Q sender threads, as TOOL_qQ.
tx_mq_xdpmap() {
	local tool=$1_q$3 bin=$2 threads=$3 r=$4 probes pps
	timed "tx.$tool.$r" "$bin" -n -Pn -p 1-64 --max-rate 100000000 --max-retries 0 --wait 0 \
		--sender-threads "$threads" --exclude 198.18.0.0/30 -oJ "$OUT/tx.$tool.json" \
		198.18.0.0/16
	read -r probes pps < <(xdpmap_stats "$OUT/tx.$tool.$r.stdout")
	echo "tx_only,$tool,${probes:-0},${pps:-0}" >> "$OUT/tx.csv"
	sleep 1 # the kernel releases the AF_XDP sockets asynchronously
}

# TX only with 1 and 2 queues (MQ=1): xdpmap --sender-threads 1 and 2 (and BASELINE's) and
# xsk-txref on 1 and 2 queues, the same probe count each, alternating, TX_REPS (default 3)
# rounds; mq.txt has the medians and the 2-queue / 1-queue ratios.
tx_only_mq() {
	local q r probes=4194048 ref
	log "TX only, 1 and 2 queues: xdpmap and the reference AF_XDP loop, responder drops all"
	responder_start 1000000
	for r in $(seq "${TX_REPS:-3}"); do
		for q in 1 2; do
			tx_mq_xdpmap xdpmap "$XDPMAP" "$q" "$r"
			[ -z "${BASELINE:-}" ] || tx_mq_xdpmap xdpmap_base "$BASELINE" "$q" "$r"
			timed "tx.ref_q$q.$r" "$TXREF" "$SIF" "$probes" "$q"
			ref=$(grep -o '[0-9]* pps' "$OUT/tx.ref_q$q.$r.stdout" | awk '{print $1}')
			echo "tx_only,xsk-txref_q$q,$probes,${ref:-0}" >> "$OUT/tx.csv"
			sleep 1
		done
	done
}

# mq.txt: TX-only ratios, and each full scan's send rate next to the same queues' TX only.
mq_summary() {
	python3 - "$OUT" > "$OUT/mq.txt" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
runs = {}
for r in csv.DictReader(open(f"{out}/tx.csv")):
    runs.setdefault(r["tool"], []).append(float(r["send_pps"]))
tx = {t: sorted(v)[len(v) // 2] for t, v in runs.items()}  # the median of the rounds
def ratio(a, b):
    return tx.get(a, 0) / tx[b] if tx.get(b) else 0
print("TX only, median of %d rounds (all: %s)\n" % (len(runs.get("xdpmap_q1", [])), runs))
print("| TX only | 1 queue pps | 2 queues pps | 2 / 1 |")
print("|---|---|---|---|")
for t in ("xdpmap", "xdpmap_base", "xsk-txref"):
    if t + "_q1" not in tx:
        continue
    print(f"| {t} | {tx.get(t + '_q1', 0):.0f} | {tx.get(t + '_q2', 0):.0f} | "
          f"{ratio(t + '_q2', t + '_q1'):.2f} |")
print(f"\nxdpmap / xsk-txref: 1 queue {ratio('xdpmap_q1', 'xsk-txref_q1'):.2f}, "
      f"2 queues {ratio('xdpmap_q2', 'xsk-txref_q2'):.2f}\n")
# CPU time (user + system, /usr/bin/time) per frame: what a sender costs, less swayed by
# other users of the machine than its rate. System time holds the softirq work run in the
# sender's context (the target's XDP program too, unless NAPI_THREADED=1 moves it).
def cpu_ns(tag):
    v = []
    for r in range(1, len(runs.get("xdpmap_q1", [])) + 1):
        try:
            e, u, s_, _ = open(f"{out}/tx.{tag}.{r}.time").read().split()[-4:]
            v.append((float(u) + float(s_)) / 4194048 * 1e9)
        except (OSError, ValueError):
            pass
    return sorted(v)[len(v) // 2] if v else 0
print("| TX only, CPU ns per frame (median) | 1 queue | 2 queues |")
print("|---|---|---|")
for t, tag in (("xdpmap", "xdpmap"), ("xdpmap_base", "xdpmap_base"), ("xsk-txref", "ref")):
    if t + "_q1" in tx:
        print(f"| {t} | {cpu_ns(tag + '_q1'):.0f} | {cpu_ns(tag + '_q2'):.0f} |")
print()
# CPU ns per probe of a whole run (set-up, sending, replies, outputs), next to TX only's
print("| workload | tool | send pps | send / TX only | probes/s (wall) | CPU ns per probe |"
      " ringbuf_full |")
print("|---|---|---|---|---|---|---|")
for r in csv.DictReader(open(f"{out}/results.csv")):
    t = r["tool"]
    base = tx.get(t)
    meta = f"{out}/{r['workload']}.{t}.meta.json"
    full = json.load(open(meta))["xdp"]["ringbuf_full"] if os.path.exists(meta) else "-"
    share = f"{float(r['send_pps']) / base:.2f}" if base else "-"
    try:
        cpu = f"{float(r['cpu_s']) / int(r['probes']) * 1e9:.0f}"
    except (ValueError, ZeroDivisionError):
        cpu = "-"
    print(f"| {r['workload']} | {t} | {r['send_pps']} | {share} | {r['probes_per_s_wall']} |"
          f" {cpu} | {full} |")
PY
	cat "$OUT/mq.txt" >&2
}

# IPv6's send path next to IPv4's, TX only: 2^16 addresses x 16 ports each, -Pn, nothing
# answers (the responder's --drop-tcp program on the target veth drops both families' SYNs
# before its kernel; blackhole routes there would take what passes).
# IPv6: fd00:5::/112 routed via fd00::2 (its MAC from the neighbour table).
# six_link: fd00::1 and fd00::2 on the veth pair (nodad), fd00:5::/96 routed via fd00::2.
six_link() {
	ip -n "$SNS" -6 route show | grep -q '^fd00:5::/96' && return 0
	ip netns exec "$SNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=0
	ip netns exec "$TNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=0
	ip -n "$SNS" addr add fd00::1/64 dev "$SIF" nodad &&
		ip -n "$TNS" addr add fd00::2/64 dev "$TIF" nodad &&
		ip -n "$SNS" -6 route add fd00:5::/96 via fd00::2 || die "IPv6 on the veth pair"
	# Until the link-local addresses' DAD ends (about 1 s), the kernel holds back its Neighbor
	# Solicitation for fd00::2, and the first IPv6 scan would wait that long for the MAC.
	for _ in $(seq 30); do
		[ -z "$(ip -n "$SNS" -6 addr show dev "$SIF" tentative
			ip -n "$TNS" -6 addr show dev "$TIF" tentative)" ] && break
		sleep 0.1
	done
}

# IPv6: fd00:5::c612:0/112 (the truth of 198.18.0.0/16 under fd00:5::/96, simnet.h) x 16 ports:
# xdpmap -6 and masscan (IPv6 ranges, 100 kpps) in one run, nmap -6 on a /120 slice, each
# scored on open ports; the same build's IPv4 rate is the w16x16 workload's xdpmap row.
workload6() {
	local w=w6x16 ports=22,80,443,1-13 range6=fd00:5::c612:0/112 truth tag probes pps
	local pairs=$(((65536 - 4) * 16))
	log "workload $w: $range6 x ports $ports"
	six_link
	stop "$RESP_PID"
	ip netns exec "$TNS" "$RESPONDER" -i "$TIF" --seed "$SEED" --range6 fd00:5:: \
		> "$OUT/responder.log" 2>&1 &
	RESP_PID=$!
	sleep 0.5
	napi_mode
	truth=$OUT/$w.truth
	"$LISTER" --seed "$SEED" --range 198.18.0.0/16 --exclude 198.18.0.0/30 --ipv6 fd00:5:: \
		-p "$ports" > "$truth"
	log "  xdpmap"
	xdpmap6_as xdpmap "$w" "$range6" "$ports" "$truth"
	log "  masscan_100k"
	tag=$w.masscan_100k
	pass_on
	timed "$tag" masscan -p "$ports" --range fd00:5::c612:4-fd00:5::c612:ffff --rate 100000 \
		--router-mac-ipv6 "$TGT_MAC" --adapter "$SIF" --source-ip fd00::1 --wait 1 \
		-oL "$OUT/$tag.list"
	pass_off
	record "$w" masscan_100k "$pairs" 0 masscan "$OUT/$tag.list" "$truth"
	log "  nmap (fd00:5::c612:100/120)"
	"$LISTER" --seed "$SEED" --range 198.18.1.0/24 --exclude 198.18.0.0/30 --ipv6 fd00:5:: \
		-p "$ports" > "$truth.slice"
	tag=$w.nmap
	pass_on
	timed "$tag" nmap -6 -n -Pn -sS -T5 --min-rate 100000 --max-retries 0 -p "$ports" \
		-oG "$OUT/$tag.gnmap" fd00:5::c612:100/120
	pass_off
	record "$w" nmap $((256 * 16)) 0 nmap "$OUT/$tag.gnmap" "$truth.slice"
}

# xdpmap6_as TOOL WORKLOAD RANGE6 PORTS TRUTH: xdpmap_as's scan (the same options) over IPv6.
xdpmap6_as() {
	local tool=$1 w=$2 tag=$2.$1 probes pps
	timed "$tag" "$XDPMAP" -6 -n -Pn -p "$4" --max-rate 100000000 --max-retries 0 \
		--wait 1 --exclude fd00:5::c612:0/126 -oJ "$OUT/$tag.json" \
		--metadata-file "$OUT/$tag.meta.json" "$3"
	read -r probes pps < <(xdpmap_stats "$OUT/$tag.stdout")
	grep -v '"summary"' "$OUT/$tag.json" > "$OUT/$tag.results"
	record "$w" "$tool" "${probes:-0}" "${pps:-0}" xdpmap "$OUT/$tag.results" "$5"
}

# alternate N RUN_A RUN_B: N pairs of "RUN_A xdpmap_rR" and "RUN_B xdpmap_rR" (R = 1..N), one
# after the other; the order flips from pair to pair, so a slow spell of a shared machine or a
# warm cache does not favour one of the two.
alternate() {
	local n=$1 a=$2 b=$3 r
	for r in $(seq "$n"); do
		if [ $((r % 2)) = 1 ]; then
			"$a" "xdpmap_r$r"
			"$b" "xdpmap_r$r"
		else
			"$b" "xdpmap_r$r"
			"$a" "xdpmap_r$r"
		fi
	done
}

# pair4/pair6 TOOL: the IPv4 scan (w16x16's) and the IPv6 scan (w6x16's) of pairs6.
pair4() { xdpmap_as "$1" -Pn p16x16 198.18.0.0/16 22,80,443,1-13 0 "$OUT/w16x16.truth"; }
pair6() { xdpmap6_as "$1" p6x16 fd00:5::c612:0/112 22,80,443,1-13 "$OUT/w6x16.truth"; }

# pairs6: after workload6 (its responder answers both families), IPV6_PAIRS (default 5)
# alternating pairs of one IPv4 scan and one IPv6 scan. Rows p16x16/p6x16 with tool xdpmap_rN;
# ipv6_ratio.csv has each pair's IPv6/IPv4 ratio of probes per wall second and CPU seconds,
# and their medians.
pairs6() {
	local n=${IPV6_PAIRS:-5}
	log "IPv6 next to IPv4, $n pairs"
	alternate "$n" pair4 pair6
	python3 tools/bench/ratio6.py "$OUT/results.csv" > "$OUT/ipv6_ratio.csv" ||
		die "ratio6.py failed"
	column -s, -t "$OUT/ipv6_ratio.csv" >&2
}

# UDP over IPv6: fd00:5::c612:0/112 (the UDP truth of 198.18.0.0/16 under fd00:5::/96,
# simnet.h; a closed port answers ICMPv6 port unreachable) x the 16 UDP_PORTS, one responder
# for both families: xdpmap -6 -sU, masscan -pU: over the IPv6 range (it reports no closed
# port: it does not read ICMPv6 port unreachables) at its top rate and at 100 kpps, nmap -6 -sU
# on the /118 of 198.18.40.0/22; then UDP6_PAIRS_RUNS (default 5) alternating pairs of the same
# build's xdpmap -sU over the IPv4 /16 (rows pu16x16) and the IPv6 /112 (rows pu6x16), tool
# xdpmap_rN; udp6_ratio.csv has each pair's IPv6/IPv4 ratios and their medians.
UDP6_RANGE=fd00:5::c612:0/112
UDP6_PAIRS=$(((65536 - 4) * 16))
udp6_workload() {
	local w=u6x16 slice=fd00:5::c612:2800/118 tag
	log "workload $w (UDP over IPv6): $UDP6_RANGE x ports $UDP_PORTS"
	udp_csv
	six_link
	responder_start 0 --range6 fd00:5::
	"$LISTER" --seed "$SEED" --range 198.18.0.0/16 --exclude 198.18.0.0/30 -p "$UDP_PORTS" \
		--udp > "$OUT/u16x16.truth"
	"$LISTER" --seed "$SEED" --range 198.18.0.0/16 --exclude 198.18.0.0/30 --ipv6 fd00:5:: \
		-p "$UDP_PORTS" --udp > "$OUT/$w.truth"
	log "  xdpmap"
	udp_xdpmap_as xdpmap "$w" "$UDP6_RANGE" "$UDP_PORTS" "$OUT/$w.truth" "$UDP6_PAIRS" -6
	log "  masscan"
	udp6_masscan_at masscan 100000000 "$w"
	log "  masscan_100k"
	udp6_masscan_at masscan_100k 100000 "$w"
	log "  nmap ($slice)"
	"$LISTER" --seed "$SEED" --range 198.18.40.0/22 --ipv6 fd00:5:: -p "$UDP_PORTS" --udp \
		> "$OUT/$w.nmap.truth"
	tag=$w.nmap
	pass_on
	timed "$tag" nmap -6 -n -Pn -sU -T5 --min-rate 100000 --max-retries 0 -p "$UDP_PORTS" \
		-oG "$OUT/$tag.gnmap" "$slice"
	pass_off
	udp_record "$w" nmap $((1024 * 16)) nmap "$OUT/$tag.gnmap" "$OUT/$w.nmap.truth"
	column -t -s, "$OUT/udp.csv" >&2
}

udp6_masscan_at() { # TOOL RATE WORKLOAD: masscan -pU: over UDP6_RANGE less its first /126
	local tool=$1 rate=$2 w=$3 tag=$3.$1
	pass_on
	timed "$tag" masscan -pU:"$UDP_PORTS" --range fd00:5::c612:4-fd00:5::c612:ffff \
		--rate "$rate" --router-mac-ipv6 "$TGT_MAC" --adapter "$SIF" --source-ip fd00::1 \
		--wait 1 --retries 0 --show closed -oL "$OUT/$tag.list"
	pass_off
	udp_record "$w" "$tool" "$UDP6_PAIRS" masscan "$OUT/$tag.list" "$OUT/$w.truth"
}

# udp_pair4/udp_pair6 TOOL: the IPv4 and the IPv6 scan of pairs_udp6.
udp_pair4() {
	udp_xdpmap_as "$1" pu16x16 198.18.0.0/16 "$UDP_PORTS" "$OUT/u16x16.truth" "$UDP6_PAIRS"
}
udp_pair6() {
	udp_xdpmap_as "$1" pu6x16 "$UDP6_RANGE" "$UDP_PORTS" "$OUT/u6x16.truth" "$UDP6_PAIRS" -6
}

# pairs_udp6: after udp6_workload (its responder answers both families).
pairs_udp6() {
	local n=${UDP6_PAIRS_RUNS:-5}
	log "UDP over IPv6 next to UDP over IPv4, $n pairs"
	alternate "$n" udp_pair4 udp_pair6
	python3 tools/bench/ratio6.py --v4 pu16x16 --v6 pu6x16 --recall recall_open,recall_closed \
		--fp false_open "$OUT/udp.csv" > "$OUT/udp6_ratio.csv" || die "ratio6.py failed"
	column -t -s, "$OUT/udp.csv" >&2
	column -s, -t "$OUT/udp6_ratio.csv" >&2
}

tx6_only() {
	local probes pps fam
	log "TX only, IPv6 next to IPv4: 2^16 addresses x 16 ports, nothing answers"
	six_link
	# the target drops both ranges at its route look-up, silently, the same for both families
	ip -n "$TNS" route add blackhole 198.18.0.0/15 &&
		ip -n "$TNS" -6 route add blackhole fd00:5::/96 || die "blackhole routes"
	ip netns exec "$TNS" "$RESPONDER" -i "$TIF" --drop-tcp > /dev/null 2>&1 &
	RESP_PID=$!
	sleep 0.5
	napi_mode
	for fam in 4 6 4 6; do
		if [ "$fam" = 4 ]; then
			timed "tx6.v$fam" "$XDPMAP" -n -Pn -p 1-16 --max-rate 100000000 \
				--max-retries 0 --wait 0 --exclude 198.18.0.0/30 -oJ "$OUT/tx6.json" \
				198.18.0.0/16
		else
			timed "tx6.v$fam" "$XDPMAP" -6 -n -Pn -p 1-16 --max-rate 100000000 \
				--max-retries 0 --wait 0 -oJ "$OUT/tx6.json" fd00:5::/112
		fi
		read -r probes pps < <(xdpmap_stats "$OUT/tx6.v$fam.stdout")
		echo "tx_only_16x16,xdpmap_ipv$fam,${probes:-0},${pps:-0}" >> "$OUT/tx.csv"
		sleep 1 # the kernel releases the AF_XDP socket on the queue asynchronously
	done
	stop "$RESP_PID"
	RESP_PID=
	column -s, -t "$OUT/tx.csv" >&2
}

# Peak RSS of xdpmap alone: /16 x 64 and /15 x 64 with -oJ (stdout to /dev/null: nothing asks
# for the per-host report) and with -oX and -oN (the per-host report, and stdout's); rss.csv.
rss_run() { # NAME RANGE OUTOPT
	local name=$1 range=$2 opt=$3 rss replies opens
	timeout -s KILL "$TOOL_TIMEOUT" /usr/bin/time -o "$OUT/rss.$name.time" -f '%M' \
		ip netns exec "$SNS" "$XDPMAP" -n -Pn -p 22,80,443,1-61 --max-rate 100000000 \
		--max-retries 0 --wait 1 --exclude 198.18.0.0/30 "$opt" "$OUT/rss.$name.out" \
		"$range" > /dev/null 2> "$OUT/rss.$name.stderr"
	rss=$(tail -1 "$OUT/rss.$name.time")
	if [ "$opt" = -oJ ]; then
		replies=$(grep -c '"state":"\(open\|closed\)"' "$OUT/rss.$name.out")
		opens=$(grep -c '"state":"open"' "$OUT/rss.$name.out")
	elif [ "$opt" = -oN ]; then
		replies=$(grep -c '^[0-9]*/[a-z]* *\(open\|closed\) ' "$OUT/rss.$name.out")
		opens=$(grep -c '^[0-9]*/[a-z]* *open ' "$OUT/rss.$name.out")
	else
		replies=$(grep -c 'state="\(open\|closed\)"' "$OUT/rss.$name.out")
		opens=$(grep -c 'state state="open"' "$OUT/rss.$name.out")
	fi
	echo "$name,$range,$opt,${rss:-0},$replies,$opens" >> "$OUT/rss.csv"
}

rss_rows() {
	log "peak RSS: /16 and /15 x 64 ports, -oJ, -oX and -oN"
	responder_start 0
	echo "workload,range,output,peak_rss_kb,replies_listed,open_ports" > "$OUT/rss.csv"
	rss_run 16x64.oJ 198.18.0.0/16 -oJ
	rss_run 15x64.oJ 198.18.0.0/15 -oJ
	rss_run 16x64.oX 198.18.0.0/16 -oX
	rss_run 15x64.oX 198.18.0.0/15 -oX
	rss_run 16x64.oN 198.18.0.0/16 -oN
	rss_run 15x64.oN 198.18.0.0/15 -oN
	column -s, -t "$OUT/rss.csv" >&2
}

main() {
	[ "$(id -u)" -eq 0 ] || die "must run as root"
	for b in "$XDPMAP" "$RESPONDER" "$LISTER" "$TXREF"; do
		[ -x "$b" ] || die "$b not built (make)"
	done
	for t in masscan zmap nmap gnuplot python3; do
		command -v "$t" > /dev/null || die "$t missing (make deps)"
	done
	mkdir -p "$OUT" || die "cannot create $OUT"
	echo "workload,tool,probes,wall_s,probes_per_s_wall,send_pps,cpu_s,peak_rss_kb,recall,false_positives" \
		> "$OUT/results.csv"
	echo "workload,tool,probes,send_pps" > "$OUT/tx.csv"
	topo_up
	if [ "${ONLY_RSS:-0}" = 1 ]; then
		rss_rows
		return
	fi
	if [ "${ONLY_MQ:-0}" = 1 ]; then # many queues: TX only, then the full scans
		[ "${MQ:-0}" = 1 ] || die "ONLY_MQ=1 needs MQ=1"
		tx_only_mq
		workload w16x1 198.18.0.0/16 80 0 0 xdpmap masscan zmap
		workload w16x1r1 198.18.0.0/16 80 1 0 xdpmap
		workload w16x16 198.18.0.0/16 22,80,443,1-13 0 0 xdpmap masscan
		workload w16x16r1 198.18.0.0/16 22,80,443,1-13 1 0 xdpmap
		workload w15x64 198.18.0.0/15 22,80,443,1-61 0 0 xdpmap masscan
		workload w15x64r1 198.18.0.0/15 22,80,443,1-61 1 0 xdpmap
		python3 tools/bench/report.py "$OUT"
		mq_summary
		return
	fi
	if [ "${ONLY_TX6:-0}" = 1 ]; then
		tx6_only
		return
	fi
	if [ "${ONLY_IPV6:-0}" = 1 ]; then # IPv6 next to the same build's IPv4
		workload w16x16 198.18.0.0/16 22,80,443,1-13 0 0 xdpmap
		workload6
		pairs6
		column -s, -t "$OUT/results.csv" >&2
		return
	fi
	if [ "${ONLY_UDP6:-0}" = 1 ]; then # UDP over IPv6 next to the same build's IPv4 UDP
		udp6_workload
		pairs_udp6
		return
	fi
	if [ "${ONLY_SEND:-0}" = 1 ]; then # the send path: TX only next to xdpmap's full scans
		tx_only
		workload w16x1 198.18.0.0/16 80 0 0 xdpmap
		workload w16x16 198.18.0.0/16 22,80,443,1-13 0 0 xdpmap
		tx_only
		python3 tools/bench/report.py "$OUT"
		return
	fi
	if [ "${ONLY_SMALL:-0}" = 1 ]; then
		small_scans
		python3 tools/bench/report.py "$OUT"
		return
	fi
	if [ "${ONLY_UDP:-0}" = 1 ]; then
		udp_workload u16x16 198.18.0.0/16 xdpmap masscan masscan_100k zmap nmap txref
		return
	fi
	if [ "${ONLY_DISC:-0}" = 1 ]; then
		DISC=1
	elif [ "${QUICK:-0}" = 1 ]; then
		workload q16x1 198.18.0.0/20 80 0 0 xdpmap masscan zmap nmap
		workload q16x16 198.18.0.0/20 22,80,443,1-13 0 0 xdpmap masscan masscan_100k
		UDP_NMAP_SLICE=198.18.4.0/24 udp_workload qu20x16 198.18.0.0/20 xdpmap masscan zmap nmap
	else
		workload w16x1 198.18.0.0/16 80 0 0 xdpmap masscan masscan_100k zmap
		workload w16x16 198.18.0.0/16 22,80,443,1-13 0 0 xdpmap xdpmap_disc masscan masscan_100k
		workload w15x64 198.18.0.0/15 22,80,443,1-61 0 0 xdpmap masscan
		workload w16x16loss 198.18.0.0/16 22,80,443,1-13 1 10000 xdpmap masscan masscan_100k
		workload w15x16 198.18.0.0/15 22,80,443,1-13 0 0 xdpmap
		workload w22x16nmap 198.18.0.0/22 22,80,443,1-13 0 0 xdpmap masscan_100k nmap
		udp_workload u16x16 198.18.0.0/16 xdpmap masscan masscan_100k zmap nmap txref
	fi
	[ "${DISC:-1}" = 1 ] && disc_workload
	[ "${ONLY_DISC:-0}" = 1 ] || small_scans
	tx_only
	rss_rows
	python3 tools/bench/report.py "$OUT"
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TAP test: a single-node Slurm of its own runs a 4-task xdpmap array; the merge equals one scan.
#
# munged, slurmctld and slurmd run with their config, state and logs in a temporary directory,
# on two free ports above 20000, started and stopped by PID. They stay in the host's network
# namespace (Slurm 22.05 cannot resolve its listening address in a namespace with only lo), but
# no scan does: each array task scans through a wrapper from a namespace and veth of its own (one
# interface's XDP hook takes one xdpmap), all bridged to one target namespace.
set -u
cd "$(dirname "$0")/../.." || exit 1
XDPMAP=${XDPMAP:-build/xdpmap}
XDPMAP_ABS=$(readlink -f "$XDPMAP" 2>/dev/null || echo "$XDPMAP")
NMAP_DTD=/usr/share/nmap/nmap.dtd
. tools/netns-topo.sh

NTESTS=6
. tests/lib/tap.sh
[ "$(id -u)" -eq 0 ] || bail "must run as root"
[ -x "$XDPMAP" ] || bail "$XDPMAP not built"
for c in munged slurmctld slurmd sbatch sinfo xmllint python3; do
	command -v "$c" >/dev/null ||
		bail "Slurm cannot start here: no $c (make test-deps installs slurm-wlm and munge)"
done

P=xs$$
TNS=$(topo_tgt_ns "$P")
W=$(mktemp -d /tmp/xdpmap-slurm.XXXXXX)
D=$W/slurm
DPIDS=()
cleanup() {
	local i
	[ ${#DPIDS[@]} -gt 0 ] && topo_kill "${DPIDS[@]}"
	for i in 1 2 3 4; do
		[ -e "/run/netns/$P-s$i" ] || continue
		pids=$(ip netns pids "$P-s$i" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && topo_kill $pids
		ip netns del "$P-s$i" 2>/dev/null
	done
	topo_down "$P"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The target 198.18.0.2 on a bridge; scanner i at 198.18.0.1i. Every veth is made inside a
# namespace of this test and moved to another: nothing is ever in the host's namespace.
net_up() {
	local i s=${P:0:6}
	ip netns add "$TNS" && ip -n "$TNS" link set lo up || return 1
	ip -n "$TNS" link add br0 type bridge && ip -n "$TNS" link set br0 up &&
		ip -n "$TNS" addr add 198.18.0.2/24 dev br0 || return 1
	ip netns exec "$TNS" sysctl -qw net.ipv4.icmp_ratelimit=0
	for i in 1 2 3 4; do
		ip netns add "$P-s$i" && ip -n "$P-s$i" link set lo up || return 1
		ip -n "$P-s$i" link add "${s}h$i" type veth peer name "${s}p$i" &&
			ip -n "$P-s$i" link set "${s}p$i" netns "$TNS" &&
			ip -n "$TNS" link set "${s}p$i" master br0 up &&
			ip -n "$P-s$i" addr add "198.18.0.1$i/24" dev "${s}h$i" &&
			ip -n "$P-s$i" link set "${s}h$i" up || return 1
		ip netns exec "$P-s$i" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	done
	for i in 1 2 3 4; do
		ip netns exec "$P-s$i" ping -c 1 -W 2 198.18.0.2 >/dev/null || return 1
	done
}
net_up || bail "topology"
topo_listen "$P" 2222 3001 || bail "listeners"
topo_drop_port "$P" 2224 && topo_reject_port "$P" 2225 || bail "firewall rules"

# free_port FROM: the first TCP port from FROM that nothing listens on.
free_port() {
	local p=$1
	while ss -Htln "sport = :$p" | grep -q . || ss -Htln "sport = :$((p + 1))" | grep -q .; do
		p=$((p + 2))
	done
	echo "$p"
}

# ---- the cluster: munged, slurmctld, slurmd by PID ----
slurm_up() {
	local port

	port=$(free_port $((20000 + ($$ % 20000) * 2)))
	mkdir -p "$D/state" "$D/spool" && chmod 711 "$W" "$D" || return 1
	# the cgroup/v1 plugin is named, not detected: no cgroup hierarchy is needed for this
	echo "CgroupPlugin=cgroup/v1" >"$D/cgroup.conf" || return 1
	head -c 1024 /dev/urandom >"$D/munge.key" && chmod 400 "$D/munge.key" || return 1
	cat >"$D/slurm.conf" <<EOF
ClusterName=xmtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge.sock
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
NodeName=xmnode NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=xm Nodes=xmnode Default=YES MaxTime=10 State=UP
EOF
	munged -F -f --key-file="$D/munge.key" --socket="$D/munge.sock" \
		--pid-file="$D/munged.pid" --log-file="$D/munged.log" \
		--seed-file="$D/munged.seed" >"$D/munged.out" 2>&1 &
	DPIDS+=($!)
	for _ in $(seq 1 50); do [ -S "$D/munge.sock" ] && break; sleep 0.1; done
	[ -S "$D/munge.sock" ] || return 1
	slurmctld -D -i -f "$D/slurm.conf" >"$D/slurmctld.out" 2>&1 &
	DPIDS+=($!)
	slurmd -D -N xmnode -f "$D/slurm.conf" >"$D/slurmd.out" 2>&1 &
	DPIDS+=($!)
	for _ in $(seq 1 60); do
		case $(SLURM_CONF="$D/slurm.conf" timeout 2 sinfo -h -o %t 2>/dev/null) in
		idle*) return 0 ;;
		esac
		sleep 0.25
	done
	return 1
}
slurm() { SLURM_CONF="$D/slurm.conf" timeout 50 "$@"; }
slurm_logs() {
	local f
	for f in munged.log slurmctld.log slurmd.log slurmctld.out slurmd.out; do
		[ -s "$D/$f" ] && tail -n 5 "$D/$f" | diag
	done
}
if ! slurm_up; then
	slurm_logs
	bail "Slurm cannot start here (munged, slurmctld or slurmd; logs above)"
fi
ok 0 "a single-node Slurm is up: $(slurm sinfo -h -o '%P %t %D')"

# ---- 2-3: the array, each task in its own scanner namespace through $XDPMAP ----
cat >"$W/xdpmap-in-ns" <<EOF
#!/bin/sh
exec ip netns exec "$P-s\$SLURM_ARRAY_TASK_ID" "$XDPMAP_ABS" "\$@"
EOF
chmod 755 "$W/xdpmap-in-ns"
ARGS=(-n --reason -p 2220-2226,3001,3100-3149 198.18.0.2 198.18.0.200-203)
START=$(date +%s)
JOB=$(slurm sbatch --parsable --wait --array=1-4 --output="$W/task-%a.out" \
	--export=ALL,XDPMAP="$W/xdpmap-in-ns" tools/slurm/xdpmap.sbatch "$W/out" "${ARGS[@]}" \
	2>"$W/sbatch.err")
rc=$?
JOB=${JOB%%;*}
ok $([ $rc -eq 0 ] && [ -n "$JOB" ] && echo 0 || echo 1) \
	"sbatch --array=1-4 --wait: job $JOB, exit $rc in $(($(date +%s) - START)) s $(head -c 200 \
	"$W/sbatch.err")"
[ $rc -eq 0 ] || { cat "$W"/task-*.out 2>/dev/null | diag 20; slurm_logs; }
ls "$W"/out/shard-{1,2,3,4}.json >/dev/null 2>&1 &&
	[ "$(cat "$W"/out/shard-*.json | grep -c '"summary"')" -eq 4 ]
ok $? "4 shard files, each with its summary: $(ls "$W/out" 2>/dev/null | tr '\n' ' ')"

# ---- 4-5: merged into every format, against one unsharded scan with the array's seed ----
ip netns exec "$P-s1" timeout 60 "$XDPMAP" --seed "$JOB" "${ARGS[@]}" -oA "$W/one" \
	-oJ "$W/one.json" >"$W/one.out" 2>&1
st=$?
"$XDPMAP" --merge "$W"/out/shard-*.json -oA "$W/m" -oJ "$W/m.json" >"$W/m.out" 2>"$W/m.err" ||
	st=1
for f in xml gnmap nmap json; do
	python3 tests/lib/merge_cmp.py "$f" "$W/one.$f" "$W/m.$f" >>"$W/cmp" 2>&1 || st=1
done
d="the merged array equals one scan with seed $JOB in -oX, -oG, -oN, -oJ:"
ok $st "$d $(tr '\n' ' ' <"$W/cmp" | head -c 300)"
xmllint --noout --dtdvalid "$NMAP_DTD" "$W/m.xml" 2>/dev/null &&
	grep -q 'portid="2222"><state state="open"' "$W/m.xml" &&
	grep -q 'portid="2225"><state state="filtered" reason="admin-prohibited"' "$W/m.xml" &&
	grep -q '^# Merged 4 of 4 shards' "$W/m.nmap"
ok $? "merged XML valid against nmap.dtd with open and filtered ports; -oN: 4 of 4 shards"

# ---- 6: a missing shard is refused ----
rm -f "$W/out/shard-3.json"
"$XDPMAP" --merge "$W"/out/shard-*.json -oX "$W/p.xml" >/dev/null 2>"$W/p.err"
rc=$?
ok $([ $rc -eq 2 ] && grep -q 'shard 3/4 is missing' "$W/p.err" && echo 0 || echo 1) \
	"without shard 3: exit $rc: $(cat "$W/p.err")"

finish

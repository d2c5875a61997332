# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The simulated network of a namespace test: namespaces $P-scan and $P-tgt joined by a veth pair
# (scanner 198.18.0.1, target 198.18.0.2), 198.18.0.0/15 routed via the target, where the
# simulated-network responder answers for the whole range. Set P, WORK and RESPONDER, source
# tap.sh, then this: it traps EXIT (simnet_cleanup), INT and TERM.
SNS=$P-scan
TNS=$P-tgt
SIF=${P}s
TIF=${P}t
RESP_PID=

# simnet_cleanup: stop the responder, delete both namespaces and $WORK.
simnet_cleanup() {
	if [ -n "$RESP_PID" ]; then
		kill -TERM "$RESP_PID" 2>/dev/null
		wait "$RESP_PID" 2>/dev/null
	fi
	ip netns del "$SNS" 2>/dev/null
	ip netns del "$TNS" 2>/dev/null
	rm -rf "$WORK"
}

trap simnet_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# simnet_start: simnet_up as a test's first check, bailing out when it fails.
simnet_start() {
	simnet_up
	ok $? "namespaces $SNS <-> $TNS, 198.18.0.0/15 routed via 198.18.0.2"
	[ "$FAILED" -eq 0 ] || bail "topology setup failed"
}

# simnet_up [LINK_ARGS...]: the namespaces, the veth pair (LINK_ARGS on both ends, e.g.
# numtxqueues 2 numrxqueues 2), addresses and the route. Returns the first failing command's
# status, 0 when all went well.
simnet_up() {
	ip netns add "$SNS" && ip netns add "$TNS" &&
		ip -n "$SNS" link add "$SIF" "$@" type veth peer name "$TIF" "$@" &&
		ip -n "$SNS" link set dev "$TIF" netns "$TNS" &&
		ip -n "$SNS" link set dev lo up && ip -n "$TNS" link set dev lo up &&
		ip -n "$SNS" addr add 198.18.0.1/30 dev "$SIF" &&
		ip -n "$TNS" addr add 198.18.0.2/30 dev "$TIF" &&
		ip -n "$SNS" link set dev "$SIF" up && ip -n "$TNS" link set dev "$TIF" up &&
		ip -n "$SNS" route add 198.18.0.0/15 via 198.18.0.2
}

# simnet_responder SEED: the responder on the target's veth with the ground truth of SEED;
# waits until its XDP program is attached, bails out when it does not attach in 5 s.
simnet_responder() {
	ip netns exec "$TNS" "$RESPONDER" -i "$TIF" --seed "$1" >"$WORK/responder.log" 2>&1 \
		</dev/null &
	RESP_PID=$!
	for _ in $(seq 1 50); do grep -q attached "$WORK/responder.log" && break; sleep 0.1; done
	grep -q attached "$WORK/responder.log" || bail "responder did not attach"
}

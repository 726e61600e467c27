# Shared setup of the nsip bats suites.
#
# Every test runs in a sandbox of its own: one process that holds a private
# network and mount namespace, with a tmpfs on /run and a fresh sysfs. `sb
# CMD...` runs a command inside it. Nothing a test does reaches the host's
# links, routes, /run/netns or mount table, and teardown ends only the
# processes the test started, by PID.

bats_load_library bats-support
bats_load_library bats-assert

NSIP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)/nsip
# The reference: iproute2's ip, found before the test puts anything on PATH.
IP_REF=$(command -v ip)

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root to create namespaces"
	[ -x "$NSIP" ] || skip "nsip is not built: run make"
	[ -n "$IP_REF" ] || skip "iproute2's ip is not installed"
}

# sandbox_start makes the test's namespaces and links nsip as ip in
# $IP_LINK_DIR, so `$IP_LINK_DIR/ip` is nsip called by the name ip.
sandbox_start() {
	require_root
	TRACKED_PIDS=()
	SB_PID=
	local ready="$BATS_TEST_TMPDIR/sandbox-ready"
	mkfifo "$ready"
	unshare --net --mount --propagation private sh -c '
		mount -t tmpfs -o mode=0755 tmpfs /run &&
		mount -t sysfs sysfs /sys &&
		ip link set lo up &&
		echo ok >"$1" &&
		exec sleep 1000000' sandbox "$ready" 3>&- &
	SANDBOX_PID=$!
	local status
	read -r status <"$ready"
	[ "$status" = ok ] || fail "the sandbox did not start"
	link_tools
}

# link_tools links nsip under the names of the tools it stands in for, in
# $IP_LINK_DIR: `$IP_LINK_DIR/ip` is nsip called by the name ip.
link_tools() {
	IP_LINK_DIR="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$IP_LINK_DIR"
	local name
	for name in ip lsns unshare nsenter; do
		ln -s "$NSIP" "$IP_LINK_DIR/$name"
	done
}

# pid_sandbox_start is sandbox_start with a PID namespace and a /proc of
# its own as well, so that the process table is the test's alone: lsns and
# nsip lsns then see exactly the same processes. SANDBOX_PID is the
# sandbox's init; killing it ends everything inside.
pid_sandbox_start() {
	require_root
	command -v lsns >/dev/null || skip "util-linux's lsns is not installed"
	TRACKED_PIDS=()
	local ready="$BATS_TEST_TMPDIR/sandbox-ready"
	mkfifo "$ready"
	unshare --net --mount --pid --fork --kill-child --mount-proc --propagation private sh -c '
		mount -t tmpfs -o mode=0755 tmpfs /run &&
		mount -t sysfs sysfs /sys &&
		ip link set lo up &&
		echo ok >"$1" &&
		exec sleep 1000000' sandbox "$ready" 3>&- 2>"$BATS_TEST_TMPDIR/holder.err" &
	SANDBOX_HOLDER=$!
	local status
	read -r status <"$ready"
	[ "$status" = ok ] || fail "the sandbox did not start"
	SANDBOX_PID=$(cat /proc/"$SANDBOX_HOLDER"/task/*/children)
	SANDBOX_PID=${SANDBOX_PID// /}
	TRACKED_PIDS+=("$SANDBOX_HOLDER")
	link_tools
	SB_PID=-p
}

sandbox_stop() {
	local pid
	# The init of a PID namespace takes only SIGKILL from outside, and its
	# death ends everything inside.
	[ -z "$SB_PID" ] || kill -KILL "$SANDBOX_PID" 2>/dev/null || true
	for pid in "${TRACKED_PIDS[@]}" ${SANDBOX_PID:+"$SANDBOX_PID"}; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	for pid in "${TRACKED_PIDS[@]}" ${SANDBOX_PID:+"$SANDBOX_PID"}; do
		wait "$pid" 2>/dev/null || true
	done
}

# sb runs a command inside the sandbox.
sb() {
	nsenter -t "$SANDBOX_PID" -n -m $SB_PID --wd="$PWD" -- "$@"
}

# sb_background starts a command inside the sandbox and tracks its PID
# for teardown.
sb_background() {
	nsenter -t "$SANDBOX_PID" -n -m $SB_PID --wd="$PWD" -- "$@" 3>&- &
	TRACKED_PIDS+=("$!")
}

# compare_ip ARGS... runs `ip ARGS` with iproute2 and with nsip (called as
# ip) on the sandbox's state and fails unless stdout, stderr and the exit
# status are the same. A JSON answer must also be valid JSON. Address and
# route lifetimes tick every second, so a difference is looked at again
# twice before it counts.
compare_ip() {
	compare_tools "$IP_REF" "$IP_LINK_DIR/ip" "$@"
}

# compare_nsip_name ARGS... is compare_ip with nsip run as nsip.
compare_nsip_name() {
	compare_tools "$IP_REF" "$NSIP" "$@"
}

compare_tools() {
	local ref=$1 got=$2
	shift 2
	local d="$BATS_TEST_TMPDIR" attempt
	for attempt in 1 2 3; do
		ref_status=0
		sb "$ref" "$@" >"$d/ref.out" 2>"$d/ref.err" || ref_status=$?
		got_status=0
		sb "$got" "$@" >"$d/got.out" 2>"$d/got.err" || got_status=$?
		if [ "$ref_status" = "$got_status" ] && cmp -s "$d/ref.out" "$d/got.out" &&
			cmp -s "$d/ref.err" "$d/got.err"; then
			if json_requested "$@" && [ -s "$d/ref.out" ] && [ "$ref_status" = 0 ]; then
				jq -e . "$d/got.out" >/dev/null || fail "ip $*: nsip's JSON does not parse"
			fi
			return 0
		fi
	done
	report_difference "ip $*" iproute2
}

# report_difference WHAT REFERENCE fails the test with the differences
# between the reference's and nsip's answers in $BATS_TEST_TMPDIR.
report_difference() {
	local d="$BATS_TEST_TMPDIR"
	{
		echo "$1: nsip differs from $2"
		echo "exit status: $2 $ref_status, nsip $got_status"
		echo "--- stdout ($2 -, nsip +)"
		diff -u "$d/ref.out" "$d/got.out" | tail -n +3
		echo "--- stderr ($2 -, nsip +)"
		diff -u "$d/ref.err" "$d/got.err" | tail -n +3
	} | fail
}

# compare_util TOOL ARGS... runs util-linux's TOOL and nsip under TOOL's
# name inside the sandbox and fails unless stdout, stderr and the exit
# status are the same. LSNS_DROP names lines to leave out of both, those
# about the tool's own process.
compare_util() {
	local tool=$1
	shift
	local d="$BATS_TEST_TMPDIR"
	local ref_status=0 got_status=0
	sb "$tool" "$@" >"$d/ref.out" 2>"$d/ref.err" || ref_status=$?
	sb env PATH="$IP_LINK_DIR:$PATH" "$tool" "$@" >"$d/got.out" 2>"$d/got.err" || got_status=$?
	if [ -n "${LSNS_DROP:-}" ]; then
		sed -i "/$LSNS_DROP/d" "$d/ref.out" "$d/got.out"
	fi
	if [ "$ref_status" = "$got_status" ] && cmp -s "$d/ref.out" "$d/got.out" &&
		cmp -s "$d/ref.err" "$d/got.err"; then
		return 0
	fi
	report_difference "$tool $*" util-linux
}

json_requested() {
	local a
	for a in "$@"; do
		case "$a" in -j | -json | --json | -jp | -pj) return 0 ;; esac
	done
	return 1
}

# compare_in_modes COMMAND...: compare_ip for each command (a string of
# words) in each output mode: plain, -o, -br, -j, -j -p and mixes.
compare_in_modes() {
	local modes=("" "-o" "-br" "-j" "-j -p" "-br -j" "-o -j")
	local cmd mode
	for cmd in "$@"; do
		for mode in "${modes[@]}"; do
			# shellcheck disable=SC2086
			compare_ip $mode $cmd
		done
	done
}

# build_rich_state makes, with iproute2, the state the read-path suites
# look at: veth pairs inside the sandbox and across namespaces (one named,
# one not), a bridge with ports, macvlan, ifb, tun and tap; IPv4 and IPv6
# addresses with peer, brd, label, secondary, metric and finite lifetimes;
# routes of several types, tables, metrics and multipath.
build_rich_state() {
	local ip=$IP_REF
	sb $ip link add v0 type veth peer name v1
	sb $ip link add br0 type bridge
	sb $ip link set v0 master br0
	sb $ip link add v4 type veth peer name v5
	sb $ip link set v4 master br0
	sb $ip link set br0 up
	sb $ip link set v0 up
	sb $ip link set v1 up
	sb $ip link set v4 up
	sb $ip link set v0 promisc on
	sb $ip link set v5 group 5 txqueuelen 500 mtu 1400 arp off
	sb $ip link set v1 alias "uplink to v0"
	sb $ip link property add dev v1 altname a-very-long-alternative-name altname v1alt

	sb $ip netns add ns1
	sb $ip link add v2 type veth peer name v3 netns ns1
	sb $ip netns add ns2
	sb $ip link add v6 type veth peer name v7 netns ns2
	# ns2 loses its name but stays alive: v6's peer is then known only by nsid.
	sb_background $ip netns exec ns2 sleep 100000
	sleep 0.2
	sb $ip netns delete ns2

	sb $ip link add mv0 link v1 type macvlan mode bridge
	sb $ip link add mv1 link v5 type macvlan mode private
	sb $ip link add ifb7 type ifb
	sb $ip tuntap add tun0 mode tun
	sb $ip tuntap add tap0 mode tap
	sb $ip link set tun0 up

	sb $ip addr add 10.1.0.1/24 brd + dev br0 label br0:lan
	sb $ip addr add 10.1.0.2/24 dev br0
	sb $ip addr add 10.6.0.1/24 dev br0 noprefixroute
	sb $ip addr add 10.2.0.1 peer 10.2.0.2/32 dev v1
	sb $ip addr add 10.3.0.1/24 dev v1 valid_lft 3000 preferred_lft 2000
	sb $ip addr add 10.4.0.1/24 dev v1 valid_lft 100 preferred_lft 0
	sb $ip addr add 10.5.0.1/24 dev v0 metric 50
	sb $ip addr add 10.12.0.1/24 dev v4
	sb $ip addr add 10.20.0.1/16 brd 10.20.255.255 dev v5 scope link
	sb $ip addr add fd00::1/64 dev v1 valid_lft 1000 preferred_lft 500
	sb $ip addr add fd00:1::1/64 dev br0 nodad
	sb $ip addr add fd00:2::1/64 dev v1 nodad home

	sb $ip route add default via 10.1.0.254
	sb $ip route add 10.9.0.0/16 via 10.1.0.254 metric 100
	sb $ip route add 10.10.0.0/16 via 10.1.0.254 proto static
	sb $ip route add 10.11.0.0/16 nexthop via 10.1.0.254 dev br0 nexthop via 10.2.0.2 dev v1 weight 3
	sb $ip route add 10.13.0.0/16 dev br0 src 10.1.0.1
	sb $ip route add 10.14.0.0/16 dev br0 mtu lock 1400 advmss 1360 rtt 2s
	sb $ip route add 10.8.0.0/16 dev br0 table 100
	sb $ip route add 10.7.0.0/16 dev br0 table 1000
	sb $ip route add blackhole 10.66.0.0/16
	sb $ip route add unreachable 10.67.0.0/16
	sb $ip route add prohibit 10.68.0.0/16
	sb $ip route add 10.69.0.0/16 dev br0 scope link proto 99
	sb $ip -6 route add fd01::/64 via fd00::2 dev v1 metric 10
	sb $ip -6 route add fd02::/64 dev br0 pref high
	sb $ip -6 route add blackhole fd03::/64
}

# run_scenario TOOL FILE runs each line of FILE as a shell command in a
# fresh sandbox of its own, where `ip` on PATH is TOOL and $REF is
# iproute2's ip, for reading state back. Each command is echoed with its
# output and exit status.
run_scenario() {
	local tool=$1 file=$2
	local bin
	bin=$(mktemp -d "$BATS_TEST_TMPDIR/scenario.XXXXXX")
	ln -s "$tool" "$bin/ip"
	unshare --net --mount --propagation private env PATH="$bin:$PATH" REF="$IP_REF" bash -c '
		mount -t tmpfs -o mode=0755 tmpfs /run && mount -t sysfs sysfs /sys && $REF link set lo up || exit 1
		while IFS= read -r line; do
			case "$line" in "" | "#"*) continue ;; esac
			echo "\$ $line"
			eval "$line" 2>&1
			echo "rc=$?"
		done <"$1"' scenario "$file" 3>&-
}

# normalize hides what differs between two runs of the same commands:
# random MAC addresses, the link-local addresses made from them, ticking
# lifetimes and bridge timers.
normalize() {
	sed -E 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g; s/fe80::[0-9a-f:]+/fe80::X/g;
		s/(lft|expires) [0-9]+sec/\1 Nsec/g; s/"(valid|preferred)_life_time":[0-9]+/"\1_life_time":N/g'
}

# compare_scenario FILE runs FILE with iproute2 and with nsip (called as
# ip) and fails unless both print the same.
compare_scenario() {
	local file=$1 d=$BATS_TEST_TMPDIR
	run_scenario "$IP_REF" "$file" | normalize >"$d/scenario.ref"
	run_scenario "$NSIP" "$file" | normalize >"$d/scenario.got"
	if ! cmp -s "$d/scenario.ref" "$d/scenario.got"; then
		{
			echo "scenario $(basename "$file"): nsip differs from iproute2 (iproute2 -, nsip +)"
			diff -u "$d/scenario.ref" "$d/scenario.got" | tail -n +3
		} | fail
	fi
}

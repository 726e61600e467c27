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
	local pid netns below
	# What the test started: the tracked processes, what they forked
	# (an unshare --fork's child outlives its parent), and whatever is
	# left in the sandbox's own network namespace. Listed before any is
	# killed, while the children are still theirs.
	netns=$(readlink /proc/"${SANDBOX_PID:-0}"/ns/net 2>/dev/null) || netns=
	below=$(descendants "${TRACKED_PIDS[@]}" ${SANDBOX_PID:+"$SANDBOX_PID"})
	if [ -n "$netns" ] && [ "$netns" != "$(readlink /proc/self/ns/net)" ]; then
		below+=" $(in_netns "$netns")"
	fi
	# The init of a PID namespace takes only SIGKILL from outside, and its
	# death ends everything inside.
	[ -z "$SB_PID" ] || kill -KILL "$SANDBOX_PID" 2>/dev/null || true
	for pid in "${TRACKED_PIDS[@]}" ${SANDBOX_PID:+"$SANDBOX_PID"} $below; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	for pid in "${TRACKED_PIDS[@]}" ${SANDBOX_PID:+"$SANDBOX_PID"}; do
		wait "$pid" 2>/dev/null || true
	done
}

# descendants PID... prints the processes below each PID, the deepest
# first.
descendants() {
	local pid child
	for pid in "$@"; do
		for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
			descendants "$child"
			echo "$child"
		done
	done
}

# in_netns NETNS prints the processes in the network namespace NETNS
# (readlink's net:[INODE]), this shell's own excepted.
in_netns() {
	local dir
	for dir in /proc/[0-9]*; do
		[ "${dir#/proc/}" != "$$" ] && [ "$(readlink "$dir/ns/net" 2>/dev/null)" = "$1" ] && echo "${dir#/proc/}"
	done
	return 0
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
		# COMPARE_FILTER, a sed -E script, hides values that change
		# between the two runs (bridge timers).
		[ -z "${COMPARE_FILTER:-}" ] || sed -E -i "$COMPARE_FILTER" "$d/ref.out" "$d/got.out"
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
	# fd00::1 on v1 runs duplicate address detection for about a second:
	# wait for its end, or the two tools may see the flag at different times.
	wait_for_dad
}

# wait_for_dad waits until no address of the sandbox is still tentative.
wait_for_dad() {
	local i
	for i in $(seq 100); do
		[ -z "$(sb $IP_REF -6 address show tentative)" ] && return 0
		sleep 0.1
	done
	echo "addresses still tentative after 10 s" >&2
	return 1
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
		# No IPv6 link-local addresses: made from random MACs, and late
		# when duplicate address detection runs, their routes would come
		# in another order, or at another time, in each run.
		echo 1 >/proc/sys/net/ipv6/conf/default/addr_gen_mode || exit 1
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

# --- Fault injection (faults.bats) ---------------------------------------
#
# fault_run TOOLSET OUT SETUP CMD runs one case in a sandbox of its own,
# made fresh for it: private network, mount and PID namespaces (so the
# sandbox's shell is PID 1 and PIDs repeat from run to run), a fresh
# sysfs and /proc, and a veth pair fv9/fv8 if CMD is about fv9 (lo stays
# down: every process counts, and no case sends traffic).
# SETUP (shell code, iproute2's ip is $REF) mounts /run and injects the
# fault; then the state
# is read into OUT/before, CMD runs with ip, unshare and nsenter on PATH
# being TOOLSET's (ref: iproute2 and util-linux, nsip: nsip under their
# names), its stdout, stderr and exit status go to OUT/out, OUT/err and
# OUT/rc, and the state is read again into OUT/after. A sandbox that
# takes more than 60 s is killed: then OUT/rc is missing.
fault_run() {
	local toolset=$1 out=$2 setup=$3 cmd=$4
	local bin="$BATS_TEST_TMPDIR/$toolset-bin"
	mkdir -p "$out"
	REF="$IP_REF" BIN="$bin" timeout -k 5 60 unshare --net --mount --pid --fork --kill-child \
		--mount-proc --propagation private bash -c "$FAULT_SANDBOX_SCRIPT" fault "$out" "$setup" "$cmd" \
		3>&- 2>>"$out/sandbox.err" || echo "the sandbox failed: $?" >>"$out/sandbox.err"
}

# fault_tools makes the two tool sets of fault_run: ref (iproute2's ip,
# util-linux's unshare and nsenter) and nsip (nsip under those names).
fault_tools() {
	local name
	mkdir -p "$BATS_TEST_TMPDIR/ref-bin" "$BATS_TEST_TMPDIR/nsip-bin"
	ln -sf "$IP_REF" "$BATS_TEST_TMPDIR/ref-bin/ip"
	for name in unshare nsenter; do
		ln -sf "$(command -v "$name")" "$BATS_TEST_TMPDIR/ref-bin/$name"
	done
	for name in ip unshare nsenter; do
		ln -sf "$NSIP" "$BATS_TEST_TMPDIR/nsip-bin/$name"
	done
}

# The script fault_run runs inside the sandbox. Its helpers are for
# SETUP: run_tmpfs [OPTIONS] mounts a fresh tmpfs on /run, fill_blocks
# and fill_inodes fill /run's tmpfs until ENOSPC. The state is read with
# as few processes as can be: they are what a case costs.
FAULT_SANDBOX_SCRIPT='
out=$1 setup=$2 cmd=$3
shopt -s nullglob dotglob
mount -t sysfs sysfs /sys || exit 1
# A veth pair to move, only where the command moves it: a veth costs the
# kernel time to make and to destroy.
case $cmd in *fv9*) $REF link add fv9 type veth peer name fv8 || exit 1 ;; esac
run_tmpfs() { mount -t tmpfs -o "mode=0755${1:+,$1}" tmpfs /run; }
fill_blocks() { dd if=/dev/zero of=/run/fill bs=4k 2>/dev/null; [ -s /run/fill ]; }
fill_inodes() {
	local i=0
	while : 2>/dev/null >"/run/.inode$i"; do i=$((i + 1)); done
	[ "$i" -gt 0 ]
}
# Links, addresses and routes, read with iproute2 as `ip -o link`,
# `ip -o addr`, `ip route show table all` and `ip -6 route show table
# all` print them, in two processes (-o changes nothing of a route
# without nexthops, and the sandboxes have none).
net_state() {
	$REF "$@" -o -batch - <<<"link
addr
route show table all"
	$REF "$@" -6 route show table all
}
# tree DIR lists what is under DIR: the type (d, f, l for a symlink, o
# for anything else) and the path of each entry, symlinks not followed.
tree() {
	local f
	for f in "$1"/*; do
		if [ -L "$f" ]; then
			echo "l $f"
		elif [ -d "$f" ]; then
			echo "d $f"
			tree "$f"
		elif [ -f "$f" ]; then
			echo "f $f"
		else
			echo "o $f"
		fi
	done
}
# The state the snapshot rule keeps: what is under /run (so also whether
# /run/netns exists, what it is and what it lists) and /etc/netns, the
# mount table, and links, addresses and routes of the sandbox and of
# every namespace named in /run/netns.
snapshot() {
	local n
	echo "== /run /etc/netns"
	tree /run
	tree /etc/netns
	echo "== mountinfo"
	mapfile -t </proc/self/mountinfo
	printf "%s\n" "${MAPFILE[@]}"
	echo "== sandbox"
	net_state 2>&1
	for n in /run/netns/*; do
		echo "== netns ${n#/run/netns/}"
		net_state -n "${n#/run/netns/}" 2>&1
	done
}
if ! eval "$setup" >"$out/setup.log" 2>&1; then
	echo "the setup failed: $setup"
	cat "$out/setup.log"
	exit 1
fi >>"$out/sandbox.err"
cd /
snapshot >"$out/before"
eval "set -- $cmd"
rc=0
PATH="$BIN:$PATH" "$@" >"$out/out" 2>"$out/err" </dev/null || rc=$?
echo "$rc" >"$out/rc"
snapshot >"$out/after"
exit 0
'

# fault_normalize FILE hides what differs between two sandboxes with the
# same history: mount IDs, device numbers and peer groups in mountinfo,
# namespace inode numbers, PIDs in /proc paths, and what normalize hides
# (MAC addresses, the link-local addresses made from them, lifetimes). One
# sed: a case costs its processes.
fault_normalize() {
	sed -E '/^== mountinfo$/,/^== sandbox$/ s/^[0-9]+ [0-9]+ [0-9]+:[0-9]+ /ID PARENT DEV /
		s/(shared|master|propagate_from):[0-9]+/\1:N/g; s/\[[0-9]{6,}\]/[INO]/g
		s#/proc/[0-9]+/#/proc/PID/#g
		s/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g; s/fe80::[0-9a-f:]+/fe80::X/g
		s/(lft|expires) [0-9]+sec/\1 Nsec/g; s/"(valid|preferred)_life_time":[0-9]+/"\1_life_time":N/g' "$1"
}

# fault_case N SETUP CMD runs CMD after SETUP with the reference tools and
# with nsip, each in a fresh sandbox, and writes to case N's report what
# breaks the rules:
# - nsip does not panic and does not hang;
# - nsip answers as the reference does: exit status, stdout, stderr;
# - when nsip fails (a non-zero status, or an error printed with status
#   0 as ip -all netns delete does), the state is byte for byte what it
#   was before;
# - when both succeed, the states after are the same (fault_normalize).
# The reference changing the state when it fails is a problem too, unless
# the command is one of $FAULT_REF_CHANGES (set with fault_ref_changes,
# each with the reason in a comment): those are the places where nsip is
# deliberately better and rolls back.
fault_case() {
	local n=$1 setup=$2 cmd=$3
	local d="$BATS_TEST_TMPDIR/case$n"
	fault_run ref "$d/ref" "$setup" "$cmd"
	fault_run nsip "$d/got" "$setup" "$cmd"
	local problems=() f
	for f in ref got; do
		[ ! -s "$d/$f/sandbox.err" ] || problems+=("$f sandbox: $(cat "$d/$f/sandbox.err")")
	done
	[ -f "$d/ref/rc" ] || problems+=("the reference did not finish")
	[ -f "$d/got/rc" ] || problems+=("nsip did not finish (hung, killed after 60 s?)")
	local got_err="" ref_err=""
	[ ! -f "$d/got/err" ] || fault_slurp got_err "$d/got/err"
	if [[ $got_err =~ (^|$'\n')(panic: |goroutine |fatal error: |runtime: |SIG[A-Z]+: ) ]]; then
		problems+=("nsip panicked:"$'\n'"$(head -20 "$d/got/err")")
	fi
	if [ ${#problems[@]} = 0 ]; then
		local ref_rc got_rc ref_out got_out ref_before ref_after got_before got_after
		local ref_failed=0 got_failed=0
		fault_slurp ref_err "$d/ref/err"
		read -r ref_rc <"$d/ref/rc"
		read -r got_rc <"$d/got/rc"
		fault_slurp ref_out "$d/ref/out"
		fault_slurp got_out "$d/got/out"
		{ [ "$ref_rc" = 0 ] && [ -z "$ref_err" ]; } || ref_failed=1
		{ [ "$got_rc" = 0 ] && [ -z "$got_err" ]; } || got_failed=1
		[ "$ref_rc" = "$got_rc" ] || problems+=("exit status: reference $ref_rc, nsip $got_rc")
		[ "$ref_out" = "$got_out" ] ||
			problems+=("stdout (reference -, nsip +):"$'\n'"$(diff -u "$d/ref/out" "$d/got/out" | tail -n +3)")
		# The PIDs util-linux puts in its messages differ from run to run.
		local had_extglob=0
		! shopt -q extglob || had_extglob=1
		shopt -s extglob
		ref_err=${ref_err//\/proc\/+([0-9])\///proc/PID/}
		got_err=${got_err//\/proc\/+([0-9])\///proc/PID/}
		[ $had_extglob = 1 ] || shopt -u extglob
		[ "$ref_err" = "$got_err" ] ||
			problems+=("stderr (reference -, nsip +):"$'\n'"$(diff -u <(printf '%s' "$ref_err") <(printf '%s' "$got_err") | tail -n +3)")
		if [ $got_failed = 1 ]; then
			fault_slurp got_before "$d/got/before"
			fault_slurp got_after "$d/got/after"
			[ "$got_before" = "$got_after" ] ||
				problems+=("nsip failed and changed the state (before -, after +):"$'\n'"$(diff -u "$d/got/before" "$d/got/after" | tail -n +3)")
		elif [ $ref_failed = 0 ]; then
			fault_normalize "$d/ref/after" >"$d/ref.after"
			fault_normalize "$d/got/after" >"$d/got.after"
			fault_slurp ref_after "$d/ref.after"
			fault_slurp got_after "$d/got.after"
			[ "$ref_after" = "$got_after" ] ||
				problems+=("both succeeded, the states after differ (reference -, nsip +):"$'\n'"$(diff -u "$d/ref.after" "$d/got.after" | tail -n +3)")
		fi
		if [ $ref_failed = 1 ]; then
			fault_slurp ref_before "$d/ref/before"
			fault_slurp ref_after "$d/ref/after"
			if [ "$ref_before" != "$ref_after" ]; then
				local known=0 c
				for c in "${FAULT_REF_CHANGES[@]}"; do
					[ "$c" != "$cmd" ] || known=1
				done
				[ $known = 1 ] ||
					problems+=("the reference failed and changed the state, and the command is not listed with fault_ref_changes (before -, after +):"$'\n'"$(diff -u "$d/ref/before" "$d/ref/after" | tail -n +3)")
			fi
		fi
		[ -z "${FAULT_VERBOSE:-}" ] ||
			printf '# %s => ref %s %s | nsip %s %s\n' "$cmd" "$ref_rc" "${ref_err//$'\n'/|}" \
				"$got_rc" "${got_err//$'\n'/|}" >&3
	fi
	if [ ${#problems[@]} -gt 0 ]; then
		{
			echo "### case $n: setup: $setup"
			echo "### command: $cmd"
			printf '%s\n' "${problems[@]}"
			echo
		} >"$d/report"
	fi
	: >"$d/done"
}

# fault_slurp VAR FILE reads FILE whole into VAR without a process.
fault_slurp() {
	IFS= read -r -d '' "$1" <"$2" || true
}

# fault_ref_changes CMD... lists the commands of the next fault_cases
# that the reference is known to leave the state changed after failing.
fault_ref_changes() {
	FAULT_REF_CHANGES=("$@")
}

# fault_cases SETUP CMD... is fault_case for each command, $FAULT_JOBS
# (default: the number of CPUs) at a time.
fault_cases() {
	local setup=$1 cmd jobs=${FAULT_JOBS:-$(nproc)} running=0
	shift
	[ -d "$BATS_TEST_TMPDIR/nsip-bin" ] || fault_tools
	for cmd in "$@"; do
		FAULT_N=$((${FAULT_N:-0} + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		fault_case "$FAULT_N" "$setup" "$cmd" &
		running=$((running + 1))
	done
	wait || true
}

# fault_report fails the test with every problem fault_case found, in the
# order of the cases.
fault_report() {
	local n report=""
	for ((n = 1; n <= ${FAULT_N:-0}; n++)); do
		[ -f "$BATS_TEST_TMPDIR/case$n/done" ] ||
			report+="### case $n: fault_case stopped before its end (an error in the harness)"$'\n\n'
		[ ! -f "$BATS_TEST_TMPDIR/case$n/report" ] || report+=$(<"$BATS_TEST_TMPDIR/case$n/report")$'\n\n'
	done
	[ -z "$report" ] || fail "$report"
}

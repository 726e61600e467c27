#!/usr/bin/env bats
# nsip sandbox: a topology built inside works, as root and as nobody, with
# iproute2 and with nsip; afterwards the namespace nsip ran from is exactly
# as it was (links, addresses, routes, /run/netns, mounts, processes), also
# when nsip is killed halfway or the command leaves processes behind; exit
# statuses and signals pass through; switched-off user namespaces are
# named.
#
# nsip sandbox runs from the test's own sandbox (sb), whose mounts are made
# shared first: a mount made inside nsip's sandbox that was not private
# would show up there.

load helpers

bats_require_minimum_version 1.5.0

setup() {
	sandbox_start
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
	command -v busybox >/dev/null || skip "busybox is not installed"
	sb mount --make-rshared /
	# A copy of nsip nobody can run, also as ip.
	BIN=$(mktemp -d /tmp/nsip-sandbox.XXXXXX)
	cp "$NSIP" "$BIN/nsip"
	ln -s nsip "$BIN/ip"
	chmod 755 "$BIN" "$BIN/nsip"
	# `sleep $MARK` are the processes a test leaves behind in a sandbox.
	MARK=$((900000 + RANDOM))
	sb "$BATS_TEST_DIRNAME/host-state" >"$BATS_TEST_TMPDIR/before"
}

teardown() {
	sandbox_stop
	rm -rf "${BIN:-}"
}

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# as WHO sets AS, what runs a command as root or nobody.
as() {
	case $1 in
	root) AS=() ;;
	nobody) AS=("${NOBODY[@]}") ;;
	esac
}

# in_sandbox ARGS... runs `nsip sandbox ARGS` in the test's sandbox as $AS.
in_sandbox() {
	sb "${AS[@]}" "$BIN/nsip" sandbox "$@"
}

# start_sandbox ARGS... starts `nsip sandbox ARGS` in the background, as
# $AS; NSIP_PID is nsip's PID (nsenter and setpriv exec what they run).
start_sandbox() {
	nsenter -t "$SANDBOX_PID" -n -m -- "${AS[@]}" "$BIN/nsip" sandbox "$@" 3>&- 4>&- &
	NSIP_PID=$!
	TRACKED_PIDS+=("$NSIP_PID")
}

# make_ready_fifo makes $BIN/ready, a fifo a sandbox says what it did on,
# a line at a time, and opens it on fd 4 for next_line. Open for reading
# and writing, it never ends: a writer that just closed cannot end the
# next read.
make_ready_fifo() {
	rm -f "$BIN/ready"
	mkfifo -m 666 "$BIN/ready"
	exec 4<>"$BIN/ready"
}

# next_line reads the next line from $BIN/ready into line. The limit only
# keeps a broken sandbox from hanging the suite: it is far above what the
# slowest step (a topology with ping on a loaded machine) takes.
next_line() {
	read -r -t 120 line <&4 || fail "the sandbox said nothing in 120 s"
}

# assert_left_alone fails unless the test's sandbox is as setup found it
# and no process of a sandbox is left.
assert_left_alone() {
	sb "$BATS_TEST_DIRNAME/host-state" >"$BATS_TEST_TMPDIR/after"
	diff -u "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after" ||
		fail "nsip sandbox changed the namespace it ran from"
	local left
	left=$(pgrep -f -x "sleep $MARK") && fail "processes of the sandbox live on: $left"
	return 0
}

# TOPOLOGY, run by sh with the ip to use as $1: two namespaces, a veth
# pair, a bridge, addresses, a route, ping.
TOPOLOGY='set -e
ip=$1
$ip netns add left
$ip netns add right
$ip link add veth-l netns left type veth peer veth-r netns right
$ip -n left address add 10.77.0.1/24 dev veth-l
$ip -n right link add br0 type bridge
$ip -n right link set veth-r master br0
$ip -n right address add 10.77.0.2/24 dev br0
$ip -n left link set veth-l up
$ip -n right link set veth-r up
$ip -n right link set br0 up
$ip -n right link set lo up
$ip -n right address add 10.78.0.1/32 dev lo
$ip -n left route add 10.78.0.0/24 via 10.77.0.2
$ip netns exec left busybox ping -c 1 -W 10 10.78.0.1 >/dev/null
$ip -n left route get 10.78.0.1 | grep -q "via 10.77.0.2 dev veth-l"
[ "$($ip netns list | sort | tr "\n" " ")" = "left right " ]
'

@test "a topology works inside, as root and as nobody, with iproute2 and with nsip; the host is as before" {
	local who ip
	for who in root nobody; do
		as $who
		for ip in "$IP_REF" "$BIN/ip"; do
			run in_sandbox sh -c "$TOPOLOGY" topology "$ip"
			[ "$status" -eq 0 ] || fail "as $who with $ip: status $status: $output"
			assert_left_alone
		done
	done
}

@test "inside: root (mapped, for nobody), own /run, /sys, /proc, PID 1, lo up, NSIP_SANDBOX" {
	local who
	for who in root nobody; do
		as $who
		run in_sandbox sh -c 'id -u; echo $NSIP_SANDBOX; echo "run: $(ls -A /run)"; ls /sys/class/net;
			cat /sys/class/net/lo/operstate; echo $$; ps -e -o ppid=,pid=,comm= | tr -s " "'
		assert_success
		# nsip is PID 1 and the command's parent; the Go runtime's threads
		# take the PIDs after it.
		local sh=${lines[5]}
		[ "${#lines[@]}" = 10 ] || fail "$output"
		assert_equal "${lines[*]:0:5}" "0 1 run:  lo unknown"
		assert_line -n 6 " 0 1 nsip"
		assert_line -n 7 " 1 $sh sh"
		# The pipeline's children may not have run exec yet: then ps
		# sees them under the shell's name.
		assert_line -n 8 --regexp "^ $sh [0-9]+ (ps|tr|sh)\$"
		assert_line -n 9 --regexp "^ $sh [0-9]+ (ps|tr|sh)\$"
		assert_left_alone
	done
}

@test "inside: a private /etc/netns, also where the host has none; the host's /etc is not written" {
	local who
	sb sh -c '[ ! -e /etc/netns ]' || skip "this host has an /etc/netns"
	for who in root nobody; do
		as $who
		run in_sandbox sh -c '"$1" netns add a && mkdir -p /etc/netns/a &&
			echo "nameserver 10.53.0.1" >/etc/netns/a/resolv.conf &&
			"$1" netns exec a cat /etc/resolv.conf && ls /etc/netns && cat /etc/hostname >/dev/null' \
			sh "$BIN/ip"
		assert_success
		assert_output $'nameserver 10.53.0.1\na'
		sb sh -c '[ ! -e /etc/netns ]' || fail "the sandbox made /etc/netns on the host"
		assert_left_alone
	done
}

@test "options: --hostname, --directory, --no-lo, --keep-user" {
	as nobody
	run in_sandbox -n box -C /run -- sh -c 'hostname; pwd; ls -A'
	assert_success
	assert_output $'box\n/run'
	run in_sandbox --hostname=other hostname
	assert_output other
	run in_sandbox --no-lo ip -br link show up
	assert_success
	assert_output ""
	run in_sandbox --keep-user sh -c 'id -u; ip link add va type veth peer vb && ip -br link | wc -l;
		ip netns add x && ip netns list'
	assert_success
	assert_output $'65534\n3\nx'
	[ "$(hostname)" != box ] && [ "$(hostname)" != other ]
	assert_left_alone
}

@test "processes the command leaves behind end with it" {
	local who
	for who in root nobody; do
		as $who
		run in_sandbox sh -c "sleep $MARK & setsid sleep $MARK & (sleep $MARK &) ; $BIN/nsip netns add held; exit 5"
		assert_failure 5
		assert_left_alone
	done
}

@test "nsip killed with SIGKILL halfway takes the sandbox with it" {
	local who line
	for who in root nobody; do
		as $who
		make_ready_fifo
		start_sandbox sh -c "$TOPOLOGY
			sleep $MARK & echo ready >$BIN/ready; sleep $MARK" topology "$BIN/ip"
		next_line
		[ "$(cat /proc/"$NSIP_PID"/comm)" = nsip ]
		kill -KILL "$NSIP_PID"
		wait "$NSIP_PID" || true
		# The kernel ends the PID namespace right after nsip.
		for _ in $(seq 50); do
			pgrep -f -x "sleep $MARK" >/dev/null || break
			sleep 0.1
		done
		assert_left_alone
	done
}

@test "the command's exit status is nsip's; a signal that ends it is 128+N" {
	as nobody
	run in_sandbox sh -c 'exit 42'
	assert_failure 42
	run in_sandbox true
	assert_success
	run in_sandbox sh -c 'kill -KILL $$'
	assert_failure 137
	run in_sandbox sh -c 'kill -TERM $$'
	assert_failure 143
	run -127 in_sandbox /nonexistent
	assert_failure 127
	assert_output "nsip sandbox: failed to execute /nonexistent: No such file or directory"
	run in_sandbox /etc/passwd
	assert_failure 126
	assert_output "nsip sandbox: failed to execute /etc/passwd: Permission denied"
}

@test "SIGINT, SIGTERM and SIGHUP sent to nsip reach the command" {
	local who sig line status
	for who in root nobody; do
		as $who
		for sig in INT TERM HUP; do
			make_ready_fifo
			start_sandbox sh -c "trap 'echo caught $sig >$BIN/ready; exit 3' $sig
				echo ready >$BIN/ready; while :; do sleep 0.05; done"
			next_line
			kill -s "$sig" "$NSIP_PID"
			next_line
			[ "$line" = "caught $sig" ] || fail "as $who, SIG$sig: $line"
			status=0
			wait "$NSIP_PID" || status=$?
			[ "$status" = 3 ] || fail "as $who, SIG$sig: status $status"
		done
		# A command that does not catch it ends by it.
		start_sandbox sleep "$MARK"
		sleep 0.3
		kill -TERM "$NSIP_PID"
		status=0
		wait "$NSIP_PID" || status=$?
		[ "$status" = 143 ] || fail "as $who: status $status after SIGTERM"
	done
	assert_left_alone
}

@test "switched-off user namespaces are named: user.max_user_namespaces=0" {
	# The limit is set in a user namespace made for the test, which maps
	# root and nobody: the host's sysctl is never written.
	make_ready_fifo
	nsenter -t "$SANDBOX_PID" -n -m -- unshare -U sh -c 'read go <"$1"
		exec sh -c "echo 0 >/proc/sys/user/max_user_namespaces &&
			exec setpriv --reuid=65534 --regid=65534 --clear-groups \"\$0\" sandbox true" "$2"' \
		sh "$BIN/ready" "$BIN/nsip" >"$BATS_TEST_TMPDIR/out" 2>&1 3>&- 4>&- &
	local pid=$!
	TRACKED_PIDS+=("$pid")
	while [ "$(readlink /proc/$pid/ns/user)" = "$(readlink /proc/self/ns/user)" ]; do
		sleep 0.01
	done
	echo "0 0 65536" >/proc/$pid/uid_map
	echo "0 0 65536" >/proc/$pid/gid_map
	echo go >"$BIN/ready"
	local status=0
	wait "$pid" || status=$?
	[ "$status" = 1 ] || fail "status $status: $(cat "$BATS_TEST_TMPDIR/out")"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = "nsip sandbox: unprivileged user namespaces are switched off (user.max_user_namespaces=0)" ] ||
		fail "$(cat "$BATS_TEST_TMPDIR/out")"
	[ "$(cat /proc/sys/user/max_user_namespaces)" != 0 ]
}

@test "--help, --version and bad options" {
	run "$NSIP" sandbox --help
	assert_success
	assert_line -n 0 "Usage:"
	assert_line -n 1 " nsip sandbox [options] [--] [<command> [<argument>...]]"
	run "$NSIP" sandbox -V
	assert_success
	assert_output --regexp '^nsip sandbox from nsip [0-9.]+$'
	run "$NSIP" sandbox --bogus
	assert_failure 1
	assert_output $'nsip sandbox: unrecognized option \'--bogus\'\nTry \'nsip sandbox --help\' for more information.'
	run "$NSIP" sandbox -n
	assert_failure 1
	assert_line -n 0 "nsip sandbox: option requires an argument -- 'n'"
	as nobody
	run in_sandbox -C /nonexistent true
	assert_failure 1
	assert_output "nsip sandbox: cannot change directory to '/nonexistent': No such file or directory"
}

@test "a whole bats suite runs as nobody in one sandbox: the example" {
	# Without the settings of the bats that runs this one.
	run sb env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		"$BATS_TEST_DIRNAME/example/run" "$NSIP"
	assert_success
	assert_line "ok 2 two namespaces joined by a veth pair reach each other, also through a route"
	refute_output --partial "skip"
	assert_left_alone
}

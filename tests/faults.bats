#!/usr/bin/env bats
# Fault injection: ip netns, ip -n, ip link ... netns, unshare --net=FILE
# and nsenter --net=FILE when /run and /run/netns are not what they should
# be, when a namespace goes away underneath, and under concurrency.
#
# Faults covered: 21. 17 are set up for a matrix of commands (1a-5a), 4
# have tests of their own (5b, 6, 7a, 7b). 153 (fault, command) cases run
# with the reference tools and with nsip, each in an identical fresh
# sandbox (fault_case in helpers.bash): 150 of the matrix and 3 of 6a.
#   1a read-only /run (remount ro), no /run/netns                  7 cases
#   1b read-only /run, /run/netns a plain directory (no mount)     7 cases
#   1c read-only /run, /run/netns a mount point holding ns1       14 cases
#   1d read-only mount of /run/netns alone (per-mount ro), ns1     7 cases
#   2a /run/netns a regular file                                  14 cases
#   2b /run/netns a symlink to a directory, ns1 made through it   14 cases
#   2c /run/netns a relative symlink to an empty directory         7 cases
#   2d /run/netns a dangling symlink                               9 cases
#   3a /run/netns/NAME a regular file, not a bind mount           14 cases
#   3b /run/netns/NAME a directory, listed after a namespace        7 cases
#   4a tmpfs /run out of blocks, no /run/netns                     5 cases
#   4b tmpfs /run out of blocks, ns1 in /run/netns                 7 cases
#   4c tmpfs /run out of inodes, no /run/netns                     7 cases
#   4d tmpfs /run out of inodes, /run/netns a plain directory      7 cases
#   4e tmpfs /run out of inodes, ns1 in /run/netns                 7 cases
#   4f tmpfs /run with one inode left, no /run/netns                3 cases
#   5a a namespace unmounted underneath: an empty regular file    14 cases
#   5b a namespace unmounted and removed again and again while exec, -n,
#      pids, identify, delete and link add ... netns use it (a race)
#   6a delete and -all delete while processes are inside, as the reference (3 cases)
#   6b delete while a process is inside: it keeps its namespace, no mount
#      is left, in the sandbox or in the process's mount namespace
#   7a 8 processes x 100 add/del of distinct names: no failure at all
#   7b 8 processes x 100 add+del of one name: no panic, no stacked mount
#   (7a and 7b compare mountinfo with its baseline, and run the reference
#   8 x 10 and 8 x 25 for comparison: reported on fd 3, not asserted.)
#
# The rules (fault_case): nsip never panics or hangs; it answers as the
# reference does (exit status, stdout, stderr); when it fails (an exit
# status other than 0, or an error printed), the state is byte for byte
# what it was: the listing of /run (so of /run/netns, whatever it is) and
# /etc/netns, /proc/self/mountinfo, and links, addresses and routes of the
# sandbox and of every namespace named in /run/netns, read with iproute2;
# when both succeed, the states after are the same.
#
# Where nsip is deliberately better than the reference it is listed with
# fault_ref_changes, with the reason: ip leaves a half-done change behind
# when it fails (the /run/netns mount it made before failing to create the
# namespace file; the namespace it unmounted before failing to unlink its
# file), nsip rolls back. The other deliberate difference, nsip making a
# missing /run (a bare initramfs), cannot arise here: the sandbox has one.
#
# Everything happens in sandboxes (private network, mount and PID
# namespaces, a tmpfs /run and a fresh sysfs of their own): no fault
# reaches the host. FAULT_VERBOSE=1 prints each case's exit statuses and
# errors on fd 3; FAULT_JOBS=N runs N cases at a time (default: CPUs).

load helpers

setup() {
	require_root
	FAULT_REF_CHANGES=()
}

teardown() {
	[ -z "${SANDBOX_PID:-}" ] || sandbox_stop
}

# fault_commands N [write|few|all] sets fault_cmds to the commands run on a
# fault, N being the name of the namespace they are about. write: the
# commands that write to /run/netns; few: those and the ones that read the
# directory; all: those and every way of using namespace N.
fault_commands() {
	local n=$1 which=$2
	fault_cmds=(
		"ip netns add new"
		"ip netns attach new 1"
		"ip netns delete $n"
		"ip -all netns delete"
		"unshare --net=/run/netns/$n true"
	)
	[ "$which" = write ] && return
	fault_cmds+=(
		"ip netns list"
		"ip netns identify"
	)
	[ "$which" = few ] && return
	fault_cmds+=(
		"ip netns add $n"
		"ip netns exec $n ls /sys/class/net"
		"ip -n $n link show"
		"ip netns pids $n"
		"ip link add fv0 type veth peer name fv1 netns $n"
		"ip link set fv9 netns $n"
		"nsenter --net=/run/netns/$n true"
	)
}

# The commands that make the run directory a mount point before they create
# the namespace file: ip leaves that mount behind when the file cannot be
# created; nsip must take it back.
first_adds=("ip netns add new" "ip netns attach new 1")

# The commands that unmount a namespace before they unlink its file: ip
# leaves the namespace unmounted (its file an empty regular file, the
# namespace freed) when the unlink fails; nsip must leave it as it was.
deletes=("ip netns delete ns1" "ip -all netns delete")

@test "1a read-only /run without /run/netns" {
	fault_commands ns1 few
	fault_cases 'run_tmpfs; mount -o remount,ro /run' "${fault_cmds[@]}"
	fault_report
}

@test "1b read-only /run with /run/netns a plain directory" {
	fault_ref_changes "${first_adds[@]}"
	fault_commands ns1 few
	fault_cases 'run_tmpfs; mkdir /run/netns; mount -o remount,ro /run' "${fault_cmds[@]}"
	fault_report
}

@test "1c read-only /run with a namespace in /run/netns" {
	fault_ref_changes "${deletes[@]}"
	fault_commands ns1 all
	fault_cases 'run_tmpfs; $REF netns add ns1; mount -o remount,ro /run' "${fault_cmds[@]}"
	fault_report
}

@test "1d read-only mount of /run/netns with a namespace in it" {
	fault_ref_changes "${deletes[@]}"
	fault_commands ns1 few
	fault_cases 'run_tmpfs; $REF netns add ns1; mount -o remount,ro,bind /run/netns' "${fault_cmds[@]}"
	fault_report
}

@test "2a /run/netns is a regular file" {
	fault_commands ns1 all
	fault_cases 'run_tmpfs; echo data >/run/netns' "${fault_cmds[@]}"
	fault_report
}

@test "2b /run/netns is a symlink to a directory, with a namespace made through it" {
	fault_commands ns1 all
	fault_cases 'run_tmpfs; mkdir /run/elsewhere; ln -s /run/elsewhere /run/netns; $REF netns add ns1' \
		"${fault_cmds[@]}"
	fault_report
}

@test "2c /run/netns is a relative symlink to an empty directory" {
	fault_commands ns1 few
	fault_cases 'run_tmpfs; mkdir /run/elsewhere; ln -s elsewhere /run/netns' "${fault_cmds[@]}"
	fault_report
}

@test "2d /run/netns is a dangling symlink" {
	fault_commands ns1 few
	fault_cases 'run_tmpfs; ln -s /run/missing /run/netns' "${fault_cmds[@]}" \
		"ip netns exec ns1 true" "ip link set fv9 netns ns1"
	fault_report
}

@test "3a /run/netns/NAME is a regular file, not a namespace" {
	fault_commands bad all
	fault_cases 'run_tmpfs; $REF netns add ns1; touch /run/netns/bad' "${fault_cmds[@]}"
	fault_report
}

@test "3b /run/netns/NAME is a directory, listed after a namespace" {
	# ip -all netns delete deletes the entries in directory order and
	# stops at the first it cannot remove. sub is made first, so tmpfs
	# lists it after ns1: the reference has deleted ns1 when it fails on
	# sub; nsip must fail before it changes anything.
	fault_ref_changes "ip -all netns delete"
	fault_cases 'run_tmpfs; mkdir -p /run/netns/sub; $REF netns add ns1' \
		"ip -all netns delete" "ip netns delete sub" "ip netns add sub" "ip netns list" \
		"ip netns identify" "ip netns exec sub true" "ip netns pids sub"
	fault_report
}

@test "4a /run out of blocks, no /run/netns" {
	fault_commands ns1 write
	fault_cases 'run_tmpfs size=64k; fill_blocks' "${fault_cmds[@]}"
	fault_report
}

@test "4b /run out of blocks, a namespace in /run/netns" {
	fault_commands ns1 few
	fault_cases 'run_tmpfs size=64k; $REF netns add ns1; fill_blocks' "${fault_cmds[@]}"
	fault_report
}

@test "4c /run out of inodes, no /run/netns" {
	fault_commands ns1 few
	fault_cases 'run_tmpfs nr_inodes=16; fill_inodes' "${fault_cmds[@]}"
	fault_report
}

@test "4d /run out of inodes, /run/netns a plain directory" {
	fault_ref_changes "${first_adds[@]}"
	fault_commands ns1 few
	fault_cases 'run_tmpfs nr_inodes=16; mkdir /run/netns; fill_inodes' "${fault_cmds[@]}"
	fault_report
}

@test "4e /run out of inodes, a namespace in /run/netns" {
	fault_commands ns1 few
	fault_cases 'run_tmpfs nr_inodes=16; $REF netns add ns1; fill_inodes' "${fault_cmds[@]}"
	fault_report
}

@test "4f /run with one inode left, no /run/netns" {
	# mkdir /run/netns takes the last inode, the namespace file finds none:
	# the reference leaves the directory, made a mount point, behind.
	fault_ref_changes "${first_adds[@]}"
	fault_cases 'run_tmpfs nr_inodes=16; fill_inodes; rm /run/.inode0' \
		"ip netns add new" "ip netns attach new 1" "ip netns list"
	fault_report
}

@test "5a a namespace unmounted underneath: its file is an empty regular file" {
	fault_commands ns1 all
	fault_cases 'run_tmpfs; $REF netns add ns1; umount /run/netns/ns1' "${fault_cmds[@]}"
	fault_report
}

# sandbox_restart ends the test's sandbox and starts a fresh one.
sandbox_restart() {
	sandbox_stop
	rm -rf "$BATS_TEST_TMPDIR/sandbox-ready" "$BATS_TEST_TMPDIR/bin"
	sandbox_start
}

# nsfs_mounts prints the namespace mounts and the run directory mounts of
# the sandbox.
nsfs_mounts() {
	sb awk '$9 == "nsfs" || $5 == "/run/netns" { print $5, $9 }' /proc/self/mountinfo
}

# mountinfo_without_run_dir prints the sandbox's mountinfo without the
# line of the /run/netns mount: what was there before ip made it.
mountinfo_without_run_dir() {
	sb awk '$5 != "/run/netns"' /proc/self/mountinfo
}

@test "5b a namespace unmounted and removed underneath exec, -n, pids, identify, delete" {
	sandbox_start
	local ip="$IP_LINK_DIR/ip" d=$BATS_TEST_TMPDIR
	sb "$ip" netns add warmup
	sb "$ip" netns delete warmup
	local baseline
	baseline=$(sb cat /proc/self/mountinfo)
	# The reference makes r, it is unmounted and removed again and again,
	# while nsip uses it.
	sb_background bash -c '
		while [ ! -e "$2" ]; do
			"$1" netns add r 2>/dev/null
			umount /run/netns/r 2>/dev/null
			rm -f /run/netns/r
		done' churn "$IP_REF" "$d/stop"
	run sb bash -c '
		ip=$1 end=$((SECONDS + 3))
		while [ $SECONDS -lt $end ]; do
			for cmd in "netns exec r true" "-n r link show" "netns pids r" "netns identify" \
				"netns delete r" "link add fv0 netns r type veth peer name fv1 netns r" "-n r netns identify"; do
				$ip $cmd >/dev/null 2>"$2/err"
				rc=$?
				if grep -qE "^(panic: |goroutine |fatal error: |runtime: )|SIG[A-Z]+: " "$2/err" ||
					{ [ $rc -gt 2 ] && [ $rc != 255 ]; }; then
					echo "ip $cmd: exit status $rc"
					head -5 "$2/err"
				fi
			done
		done' race "$ip" "$d"
	touch "$d/stop"
	wait "${TRACKED_PIDS[-1]}" || true
	assert_success
	assert_output ""
	sb "$IP_REF" netns delete r 2>/dev/null || true
	sb rm -f /run/netns/r
	run sb cat /proc/self/mountinfo
	assert_output "$baseline"
}


@test "6a delete and -all delete while a process is inside, as the reference" {
	local setup='run_tmpfs; $REF netns add ns1; $REF netns add ns2
		$REF netns exec ns1 sleep 1000 & pid1=$!
		$REF netns exec ns2 sleep 1000 &
		until [ -n "$($REF netns pids ns1)" ] && [ -n "$($REF netns pids ns2)" ]; do sleep 0.05; done'
	fault_cases "$setup" "ip netns delete ns1" "ip -all netns delete" "ip netns identify \$pid1"
	fault_report
}

# delete_while_inside TOOL: TOOL (iproute2 or nsip, called as ip) deletes a
# namespace a process is in: it works, the process keeps its namespace,
# which still works, and no mount of it is left, neither in the sandbox nor
# in the mount namespace ip netns exec made for the process.
delete_while_inside() {
	local ip=$1 pid ino i
	run sb "$ip" netns add busy
	assert_success
	ino=$(sb stat -L -c %i /run/netns/busy)
	sb_background "$ip" netns exec busy sleep 1000
	pid=$!
	for i in $(seq 50); do
		[ "$(sb readlink /proc/"$pid"/ns/net)" != "net:[$ino]" ] || break
		sleep 0.1
	done
	run sb "$ip" netns pids busy
	assert_success
	assert_output "$pid"
	run sb "$ip" netns delete busy
	assert_success
	assert_output ""
	run sb ls -A /run/netns
	assert_output ""
	run sb readlink /proc/"$pid"/ns/net
	assert_output "net:[$ino]"
	run sb awk '$9 == "nsfs"' /proc/self/mountinfo
	assert_output ""
	# ip netns exec's mount namespace is a slave of the sandbox's: the
	# unmount reached it too.
	run nsenter -t "$pid" -m awk '$9 == "nsfs"' /proc/self/mountinfo
	assert_output ""
	run nsenter -t "$pid" -n "$IP_REF" -br link show lo
	assert_success
	assert_output --regexp '^lo +DOWN'
	run sb "$ip" netns identify "$pid"
	assert_success
	assert_output ""
	kill "$pid"
}

@test "6b delete while a process is inside: it keeps its namespace, no mount is left" {
	sandbox_start
	delete_while_inside "$IP_LINK_DIR/ip"
	# The same holds for the reference.
	sandbox_restart
	delete_while_inside "$IP_REF"
}

# add_delete_distinct IP N: 8 processes each add and delete N namespaces
# of their own names with IP. Prints every failure.
add_delete_distinct() {
	sb bash -c '
		for p in 1 2 3 4 5 6 7 8; do
			( for i in $(seq "$2"); do
				"$1" netns add "p$p-$i" 2>&1 || echo "add p$p-$i failed: $?"
				"$1" netns delete "p$p-$i" 2>&1 || echo "delete p$p-$i failed: $?"
			done ) &
		done
		wait' sh "$1" "$2"
}

# add_delete_one IP N: 8 processes each add and delete one name N times
# with IP. Prints how many times each message and each exit status came.
add_delete_one() {
	sb bash -c '
		for p in 1 2 3 4 5 6 7 8; do
			( for i in $(seq "$2"); do
				"$1" netns add one 2>&1; echo "add: $?"
				"$1" netns delete one 2>&1; echo "delete: $?"
			done ) &
		done
		wait' sh "$1" "$2" | sort | uniq -c
}

# The reference runs the same races, fewer times, for comparison: what it
# does is reported (on fd 3), not asserted, as it is known to stack mounts
# when adds and deletes of one name race.
reference_note() {
	echo "# reference ip: $*" >&3
}

@test "7a 8 processes x 100 add/del of distinct names: no failure, mountinfo back to its baseline" {
	sandbox_start
	local before
	before=$(sb cat /proc/self/mountinfo)
	# /run/netns does not exist yet: the first adds race to make it.
	run add_delete_distinct "$IP_LINK_DIR/ip" 100
	assert_success
	assert_output ""
	run sb ls -A /run/netns
	assert_output ""
	# One run directory mount, made once, and no namespace mount is left.
	run nsfs_mounts
	assert_output "/run/netns tmpfs"
	run mountinfo_without_run_dir
	assert_output "$before"

	sandbox_restart
	before=$(sb cat /proc/self/mountinfo)
	run add_delete_distinct "$IP_REF" 10
	[ -z "$output" ] || reference_note "distinct names: $(grep -c . <<<"$output") failures: $(head -3 <<<"$output")"
	run nsfs_mounts
	[ "$output" = "/run/netns tmpfs" ] || reference_note "distinct names: mounts left: ${output//$'\n'/, }"
	run mountinfo_without_run_dir
	[ "$output" = "$before" ] || reference_note "distinct names: mountinfo not back to its baseline"
}

@test "7b 8 processes x 100 add+del of one name: no panic, no stacked mount left" {
	sandbox_start
	local before counts
	before=$(sb cat /proc/self/mountinfo)
	run add_delete_one "$IP_LINK_DIR/ip" 100
	assert_success
	counts=$output
	[ -z "${FAULT_VERBOSE:-}" ] || echo "# nsip: one name: ${counts//$'\n'/;}" >&3
	refute_output --regexp 'panic|goroutine|fatal error|SIG[A-Z]+:'
	# Every add and delete either worked or failed with status 1.
	! grep -E '(add|delete): ([2-9]|[1-9][0-9]+)$' <<<"$counts" ||
		fail "exit statuses other than 0 and 1:"$'\n'"$counts"
	# At most the last add is left: one namespace mount, none stacked.
	run nsfs_mounts
	[[ $output = "/run/netns tmpfs" || $output = "/run/netns tmpfs"$'\n'"/run/netns/one nsfs" ]] ||
		fail "mounts left: $output"$'\n'"messages and exit statuses:"$'\n'"$counts"
	run sb "$IP_LINK_DIR/ip" netns delete one
	run sb ls -A /run/netns
	assert_output ""
	run nsfs_mounts
	assert_output "/run/netns tmpfs"
	run mountinfo_without_run_dir
	assert_output "$before"

	sandbox_restart
	run add_delete_one "$IP_REF" 25
	reference_note "one name: ${output//$'\n'/;}"
	sb "$IP_REF" netns delete one 2>/dev/null || true
	run nsfs_mounts
	[ "$output" = "/run/netns tmpfs" ] || reference_note "one name: mounts left after a last delete: ${output//$'\n'/, }"
}

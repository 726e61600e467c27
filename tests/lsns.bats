#!/usr/bin/env bats
# lsns: byte-for-byte parity with util-linux 2.38 on the same process
# table, and the namespaces lsns cannot see.

load helpers

setup() {
	pid_sandbox_start
}

teardown() {
	sandbox_stop
}

compare_lsns() {
	compare_util lsns "$@"
}

# build_process_tree starts processes in namespaces of several kinds, with
# parents and children, a network namespace bound twice, one with an nsid,
# a command line that needs escaping, and a zombie.
build_process_tree() {
	sb ip netns add blue
	sb touch /run/netns/blue-again
	sb mount --bind /run/netns/blue /run/netns/blue-again
	sb ip netns set blue 7
	sb_background ip netns exec blue sh -c 'sleep 100000 & sleep 100000 & wait'
	sb_background unshare --uts --ipc sh -c 'hostname other; sleep 100000 & wait'
	sb_background unshare --net --cgroup sleep 100000
	sb_background unshare --user --map-root-user sleep 100000
	sb_background unshare --user --map-root-user unshare --uts --pid --fork sleep 100000
	sb_background bash -c 'exec -a "tab	and \\x back\\slash ünï" sleep 100000'
	# A zombie: its parent becomes a sleep that never reaps it.
	sb_background sh -c 'sleep 0 & exec sleep 100000'
	# Let every process reach its final command line.
	local i
	for i in $(seq 50); do
		[ "$(sb sh -c 'grep -l "^sleep" /proc/[0-9]*/comm 2>/dev/null | wc -l')" -ge 9 ] && break
		sleep 0.1
	done
	sleep 0.2
}

@test "lsns output matches util-linux 2.38 in every mode" {
	build_process_tree
	local opts
	for opts in "" "-l" "-J" "-r" "-n" "-t net" "-o +PATH,NSFS" \
		"-t net -J" "-t net -r" "-t net -W" "-t uts -t ipc" "-l -t pid" \
		"--output-all" "-o NS,TYPE,UID,USER,PNS,ONS" "-o ns,nprocs" "-u" "-n -r -o NS,COMMAND" \
		"-J -o NS,NSFS,NETNSID -t net" "--list --json --type=user" "-Jl" "-Tprocess" \
		"-T" "-Towner" "-Tparent" "--tree=parent -J" "-T -r" "-Tparent -o NS,TYPE,PNS,ONS,USER" "-T -t user"; do
		# shellcheck disable=SC2086
		compare_lsns $opts
	done
}

@test "lsns -p and a namespace argument match util-linux" {
	build_process_tree
	local pid ns
	pid=$(sb sh -c 'pgrep -n -f "^sleep 100000"')
	compare_lsns -p "$pid"
	compare_lsns -p "$pid" -J
	compare_lsns -p 99999
	compare_lsns -J -p 99999
	ns=$(sb readlink /proc/1/ns/uts | tr -dc 0-9)
	LSNS_DROP=" lsns " compare_lsns -o PID,PPID,COMMAND "$ns"
	LSNS_DROP=" lsns " compare_lsns -l "$ns" -o PID,COMMAND
	compare_lsns 4026500000
}

@test "lsns parity holds with only the init process, in a C locale and an ASCII tree" {
	compare_lsns
	sb_background sh -c 'sleep 100000 & sleep 100000 & wait'
	sleep 0.3
	compare_lsns -t pid
	LANG=C LC_ALL=C compare_lsns -t pid
	LC_ALL=C.UTF-8 compare_lsns -t pid -r
}

@test "lsns errors: util-linux's text and status" {
	compare_lsns -t foo
	compare_lsns -o FOO
	compare_lsns -o NS,FOO,TYPE
	compare_lsns -o NS,,TYPE
	compare_lsns -o ''
	compare_lsns -o NS,
	compare_lsns -x
	compare_lsns --foo
	compare_lsns --no
	compare_lsns -t
	compare_lsns -p abc
	compare_lsns -p 1 4026531835
	compare_lsns -J -r
	compare_lsns -T bad
	compare_lsns -Tbad
	compare_lsns -l -T
	compare_lsns --output-all=x
	compare_lsns abc
	compare_lsns --help
}

@test "namespaces only a bind mount, a thread or a descriptor holds are listed" {
	go build -o "$BATS_TEST_TMPDIR/threadns" "$BATS_TEST_DIRNAME/threadns" ||
		skip "cannot build the thread helper"
	sb ip netns add pinned
	local pinned tid threadpid fdns uts
	pinned=$(sb stat -L -c %i /run/netns/pinned)

	sb_background "$BATS_TEST_TMPDIR/threadns" >"$BATS_TEST_TMPDIR/tid"
	local i
	for i in $(seq 50); do [ -s "$BATS_TEST_TMPDIR/tid" ] && break; sleep 0.1; done
	tid=$(cat "$BATS_TEST_TMPDIR/tid")
	threadpid=$(sb pgrep -f threadns)
	uts=$(sb stat -L -c %i "/proc/$threadpid/task/$tid/ns/uts")

	# A shell keeps a descriptor to the namespace of a process that is gone.
	sb_background sh -c 'unshare --net sleep 100000 & p=$!; sleep 0.3;
		exec 5</proc/$p/ns/net; kill $p; wait $p; exec sleep 100000'
	sleep 0.6
	local holder
	holder=$(sb sh -c 'for p in /proc/[0-9]*; do [ -e $p/fd/5 ] && readlink $p/fd/5 | grep -q net: && echo ${p#/proc/}; done' | head -n1)
	fdns=$(sb readlink "/proc/$holder/fd/5" | tr -dc 0-9)

	run sb lsns -o NS
	refute_output --partial "$pinned"
	refute_output --partial "$uts"
	refute_output --partial "$fdns"

	run sb "$IP_LINK_DIR/lsns" -l -o NS,TYPE,NPROCS,PID,USER,PATH
	assert_success
	assert_line --regexp "^ *$pinned net +0 +root /run/netns/pinned$"
	assert_line --regexp "^ *$uts uts +0 +root /proc/$threadpid/task/$tid/ns/uts$"
	assert_line --regexp "^ *$fdns net +0 +root /proc/$holder/fd/5$"

	run sb "$IP_LINK_DIR/lsns" -J -t net
	assert_success
	echo "$output" | jq -e --arg ns "$pinned" \
		'.namespaces[] | select(.ns == ($ns|tonumber)) | .nprocs == 0 and .pid == null and .nsfs == "/run/netns/pinned" and .netnsid == "unassigned"'
	# -p and the namespace argument are about processes: these have none.
	run sb "$IP_LINK_DIR/lsns" -p 1 -o NS
	refute_output --partial "$pinned"
}

@test "USER of a namespace with no process is its owner, not root" {
	local owner=65534
	sb setpriv --reuid=$owner --regid=$owner --clear-groups true 2>/dev/null ||
		skip "setpriv cannot change ids here"
	sb_background setpriv --reuid=$owner --regid=$owner --clear-groups \
		unshare --user sleep 100000
	sleep 0.3
	local pid userns name
	pid=$(sb pgrep -u $owner -f "sleep 100000") || skip "unprivileged user namespaces are disabled"
	userns=$(sb readlink "/proc/$pid/ns/user" | tr -dc 0-9)
	sb touch /run/userns
	sb mount --bind "/proc/$pid/ns/user" /run/userns
	sb kill "$pid"
	sleep 0.2
	name=$(sb getent passwd $owner | cut -d: -f1)
	run sb "$IP_LINK_DIR/lsns" -l -t user -o NS,NPROCS,UID,USER
	assert_success
	assert_line --regexp "^ *$userns +0 +$owner ${name:-$owner}$"
}

# compare_on_terminal COLUMNS OPTIONS runs lsns OPTIONS under script(1), on
# a terminal COLUMNS wide, with util-linux and with nsip.
compare_on_terminal() {
	local cols=$1 opts=$2 d=$BATS_TEST_TMPDIR
	ref_status=0 got_status=0
	sb script -qec "stty cols $cols; lsns $opts" /dev/null >"$d/ref.out" 2>"$d/ref.err" || ref_status=$?
	sb env PATH="$IP_LINK_DIR:$PATH" script -qec "stty cols $cols; lsns $opts" /dev/null \
		>"$d/got.out" 2>"$d/got.err" || got_status=$?
	if [ "$ref_status" != "$got_status" ] || ! cmp -s "$d/ref.out" "$d/got.out"; then
		report_difference "lsns $opts on a terminal of $cols columns" util-linux
	fi
}

@test "lsns on a terminal is cut to its width as util-linux cuts it" {
	command -v script >/dev/null || skip "script (util-linux) is not installed"
	build_process_tree
	local cols opts
	for cols in 40 60 72 100; do
		for opts in "" "-u" "-W" "-n" "-t net" "-o NS,COMMAND" "-o COMMAND,NS" "-T" "-Towner" \
			"-o +PATH,NSFS" "-r" "-J" "-l -t user"; do
			compare_on_terminal "$cols" "$opts"
		done
	done
	# A COLUMNS of the environment counts only on a terminal.
	compare_util lsns -t uts
	run sb env COLUMNS=30 PATH="$IP_LINK_DIR:$PATH" lsns -t uts
	[ "${#lines[1]}" -gt 30 ] || fail "lsns cut a table that goes to a pipe"
}

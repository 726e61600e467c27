#!/usr/bin/env bats
# User and time namespaces with unshare and nsenter, against util-linux on
# the same state: entering them by PID and by file, nsenter -a on a
# process with every kind of namespace, id maps (--map-users,
# --map-groups, --map-auto) read back from /proc/self/uid_map and gid_map,
# --keep-caps read back from /proc/self/status, clock offsets seen in
# /proc/uptime, and -Z on a host without SELinux.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	sandbox_start
	command -v newuidmap >/dev/null || skip "newuidmap (package uidmap) is not installed"
	# A directory every user may enter, with nsip under the tools' names,
	# for the tests that run as nobody.
	PUBLIC=$(mktemp -d /tmp/nsip-userns.XXXXXX)
	chmod 755 "$PUBLIC"
	cp "$NSIP" "$PUBLIC/nsip"
	local t
	for t in unshare nsenter; do
		ln -s nsip "$PUBLIC/$t"
	done
	# The sandbox's own /etc/subuid and /etc/subgid, for newuidmap.
	printf 'nobody:100000:65536\nroot:200000:65536\n' >"$PUBLIC/subid"
	sb mount --bind "$PUBLIC/subid" /etc/subuid
	sb mount --bind "$PUBLIC/subid" /etc/subgid
}

teardown() {
	sandbox_stop
	rm -rf "$PUBLIC"
}

# compare_as WHO TOOL ARGS... runs util-linux's TOOL and nsip's as root
# (WHO "root") or as nobody, inside the sandbox, and fails unless stdout,
# stderr and the exit status are the same.
compare_as() {
	local who=$1 tool=$2
	shift 2
	local d=$BATS_TEST_TMPDIR as=()
	[ "$who" = root ] || as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	ref_status=0 got_status=0
	sb "${as[@]}" "$tool" "$@" >"$d/ref.out" 2>"$d/ref.err" || ref_status=$?
	sb "${as[@]}" "$PUBLIC/$tool" "$@" >"$d/got.out" 2>"$d/got.err" || got_status=$?
	if [ "$ref_status" = "$got_status" ] && cmp -s "$d/ref.out" "$d/got.out" &&
		cmp -s "$d/ref.err" "$d/got.err"; then
		return 0
	fi
	report_difference "$tool $* (as $who)" util-linux
}

# target ARGS... starts util-linux's unshare ARGS in the sandbox and sets
# TARGET to the PID of the child its --fork runs.
target() {
	sb_background "$@"
	local holder=${TRACKED_PIDS[-1]} i
	for i in $(seq 100); do
		TARGET=$(cat /proc/"$holder"/task/*/children 2>/dev/null)
		TARGET=${TARGET// /}
		[ -n "$TARGET" ] && return 0
		sleep 0.1
	done
	fail "the target did not start"
}

@test "nsenter enters a user namespace by PID, as root and as its owner" {
	target unshare -U -r --fork sleep 100000
	compare_as root nsenter -t "$TARGET" -U sh -c 'id; cat /proc/self/uid_map /proc/self/gid_map'
	compare_as root nsenter -t "$TARGET" -U --preserve-credentials id -u
	compare_as root nsenter -t "$TARGET" -U -S 0 -G 0 id
	compare_as root nsenter -t "$TARGET" -U -S 5 id
	compare_as root nsenter -t "$TARGET" -U /nonexistent
	compare_as root nsenter -t "$TARGET" -U nonexistent-command
	compare_as root nsenter -t "$TARGET" -U sh -c 'exit 7'
	compare_as root nsenter -t "$TARGET" -U sh -c 'kill -TERM $$'
	# Its own user namespace cannot be entered again: the kernel's EINVAL.
	compare_as root nsenter -t $$ -U true
	# The owner of a user namespace made by nobody enters it unprivileged.
	target setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -r --fork sleep 100000
	local child=$TARGET
	compare_as nobody nsenter -t "$child" -U sh -c 'id -u; cat /proc/self/uid_map'
	compare_as nobody nsenter -t "$child" -U -n sh -c 'id -u; readlink /proc/self/ns/user'
}

@test "nsenter enters a time namespace by PID and sees its clocks" {
	target unshare -T --monotonic 1000 --boottime 864000 --fork sleep 100000
	compare_as root nsenter -t "$TARGET" -T cat /proc/self/timens_offsets
	compare_as root nsenter -t "$TARGET" -T sh -c 'echo $(( $(cut -d. -f1 /proc/uptime) / 86400 ))'
	compare_as root nsenter -t "$TARGET" -T readlink /proc/self/ns/time
}

@test "nsenter -a enters a process with every kind of namespace, user and time included" {
	target unshare -U -r -n -u -i -m -p -C -T --fork --mount-proc sleep 100000
	compare_as root nsenter -a -t "$TARGET" sh -c 'for n in /proc/self/ns/*; do readlink $n; done; id -u'
	compare_as root nsenter -a -t "$TARGET" -r -w sh -c 'pwd; hostname >/dev/null && echo ok'
	compare_as root nsenter -a -t "$TARGET" -F sh -c 'readlink /proc/self/ns/pid_for_children'
}

@test "unshare --TYPE=FILE and nsenter --TYPE=FILE work for user and time namespaces" {
	sb mkdir -p /run/ns
	sb touch /run/ns/user /run/ns/time
	run sb "$PUBLIC/unshare" --user=/run/ns/user --map-root-user --time=/run/ns/time --boottime 864000 true
	assert_success
	run sb "$PUBLIC/nsenter" --user=/run/ns/user --time=/run/ns/time sh -c \
		'readlink /proc/self/ns/user /proc/self/ns/time; id -u; echo $(( $(cut -d. -f1 /proc/uptime) / 86400 ))'
	assert_success
	assert_line --index 0 "user:[$(sb stat -L -c %i /run/ns/user)]"
	assert_line --index 1 "time:[$(sb stat -L -c %i /run/ns/time)]"
	assert_line --index 2 0
	[ "${lines[3]}" -ge 10 ] || fail "boottime offset not seen: ${lines[3]} days"
	compare_as root nsenter --user=/run/ns/user --time=/run/ns/time cat /proc/self/uid_map /proc/self/timens_offsets
	sb umount /run/ns/user /run/ns/time
}

@test "unshare --map-users, --map-groups and --map-auto map id ranges as util-linux does" {
	local who
	for who in root nobody; do
		compare_as $who unshare --map-auto cat /proc/self/uid_map /proc/self/gid_map
		compare_as $who unshare --map-users=auto --map-groups=auto -r sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u'
		compare_as $who unshare --map-auto --map-current-user sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
		# Ranges the subid files do not grant: newuidmap's own refusal.
		compare_as $who unshare --map-users=300000,0,10 true
		compare_as $who unshare --map-groups=300000,0,10 true
	done
	compare_as root unshare --map-users=200000,0,65536 --map-groups=200000,0,65536 -r \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
	compare_as root unshare --map-users=200000,1,100 --map-user=0 sh -c 'cat /proc/self/uid_map; id -u'
}

@test "mapping errors are util-linux's" {
	local bad
	for bad in 1,2 abc 1,2,3,4 1,,3 "" -1,0,1 ,1 1, 1,2,3, 123456789012345678901234,0,1 4294967295,0,1 \
		1234567890123456789012345678901234567890,0,1 123456789012345678901234567890123x,0,1; do
		compare_as root unshare --map-users="$bad" true
		compare_as root unshare --map-groups="$bad" true
	done
	# No line for the user in the subid files.
	sb sh -c 'echo "someone:1:2" >/etc/subuid'
	compare_as root unshare --map-auto true
	compare_as nobody unshare --map-users=auto true
}

@test "without newuidmap, a privileged nsip writes the maps itself" {
	# No PATH to find newuidmap and newgidmap in.
	local none=(env PATH=/nonexistent)
	run -127 sb "${none[@]}" "$(command -v unshare)" --map-users=200000,0,65536 /bin/true
	assert_output "unshare: failed to execute newuidmap: No such file or directory"
	run sb "${none[@]}" "$PUBLIC/unshare" --map-users=200000,0,65536 --map-groups=200000,0,65536 \
		/bin/cat /proc/self/uid_map /proc/self/gid_map
	assert_success
	assert_output "$(printf '%10s %10s %10s\n' 0 200000 65536 0 200000 65536)"
	# Unprivileged, the kernel refuses, and nsip says what util-linux says.
	run -127 sb setpriv --reuid=65534 --regid=65534 --clear-groups "${none[@]}" \
		"$PUBLIC/unshare" --map-users=100000,0,65536 /bin/true
	assert_output "unshare: failed to execute newuidmap: No such file or directory"
}

@test "unshare --keep-caps keeps the capabilities of the new user namespace" {
	local who
	for who in root nobody; do
		compare_as $who unshare -U --keep-caps grep ^Cap /proc/self/status
		compare_as $who unshare -U -r --keep-caps grep ^Cap /proc/self/status
		compare_as $who unshare -U -c --keep-caps grep ^Cap /proc/self/status
		compare_as $who unshare -U -r grep ^Cap /proc/self/status
	done
	compare_as root unshare --keep-caps grep ^Cap /proc/self/status
}

@test "unshare -T --monotonic and --boottime set the clocks of the new time namespace" {
	compare_as root unshare -T --monotonic 1000 --boottime 864000 cat /proc/self/timens_offsets
	compare_as root unshare -T --boottime 864000 sh -c 'echo $(( $(cut -d. -f1 /proc/uptime) / 86400 ))'
	compare_as root unshare -T --fork --monotonic -5 cat /proc/self/timens_offsets
	compare_as root unshare -U -r -T --boottime 864000 cat /proc/self/timens_offsets
	compare_as nobody unshare -U -r -T --monotonic 100 cat /proc/self/timens_offsets
	compare_as root unshare --monotonic 5 true
	compare_as root unshare -T --monotonic abc true
	compare_as root unshare -T --boottime "" true
}

@test "nsenter -Z does what util-linux does on a host without SELinux" {
	sb grep -q selinuxfs /proc/self/mounts && skip "SELinux is enabled here"
	target unshare -n --fork sleep 100000
	compare_as root nsenter -Z true
	compare_as root nsenter -Z -t "$TARGET" -n readlink /proc/self/ns/net
	compare_as root nsenter --follow-context -t "$TARGET" -n true
}

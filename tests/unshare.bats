#!/usr/bin/env bats
# unshare, nsenter and `nsip ns`: every kind of namespace made persistent,
# entered again and deleted; util-linux's errors.

load helpers

setup() {
	sandbox_start
	U="$IP_LINK_DIR/unshare"
	E="$IP_LINK_DIR/nsenter"
	sb mkdir -p /run/ns
	for kind in mnt net uts ipc pid user cgroup time; do
		sb touch /run/ns/$kind
	done
}

teardown() {
	sandbox_stop
}

# nsfs_mounts lists the namespace bind mounts in the sandbox under /run.
nsfs_mounts() {
	sb awk '$9 == "nsfs" && $5 ~ /^\/run\// { print $5 }' /proc/self/mountinfo
}

# inode_of FILE is the namespace a namespace file pins.
inode_of() {
	sb stat -L -c %i "$1"
}

@test "every kind of namespace is made persistent, entered again and deleted" {
	run sb "$U" --mount=/run/ns/mnt --uts=/run/ns/uts --ipc=/run/ns/ipc --net=/run/ns/net \
		--cgroup=/run/ns/cgroup sh -c 'hostname persisted && ip link add p0 type veth peer name p1 &&
		mount -t tmpfs marker /mnt && touch /mnt/marker && ipcmk -M 4096 >/dev/null'
	assert_success
	# A pid namespace lives as long as its first process does.
	sb_background "$U" --kill-child --pid=/run/ns/pid sleep 100000
	run sb "$U" --fork --time=/run/ns/time true
	assert_success
	run sb "$U" --map-root-user --user=/run/ns/user true
	assert_success
	sleep 0.2
	run nsfs_mounts
	assert_output "$(printf '%s\n' /run/ns/ipc /run/ns/uts /run/ns/net /run/ns/mnt /run/ns/cgroup \
		/run/ns/pid /run/ns/time /run/ns/user | sort)" || true
	[ "$(nsfs_mounts | sort)" = "$(printf '%s\n' /run/ns/cgroup /run/ns/ipc /run/ns/mnt /run/ns/net \
		/run/ns/pid /run/ns/time /run/ns/user /run/ns/uts)" ]

	run sb "$E" --uts=/run/ns/uts hostname
	assert_output persisted
	run sb "$E" --net=/run/ns/net ip -br link show p0
	assert_output --regexp '^p0@p1 +DOWN'
	run sb "$E" --mount=/run/ns/mnt ls /mnt
	assert_output marker
	run sb "$E" --ipc=/run/ns/ipc ipcs -m
	assert_output --regexp '4096'
	run sb "$E" --cgroup=/run/ns/cgroup readlink /proc/self/ns/cgroup
	assert_output "cgroup:[$(inode_of /run/ns/cgroup)]"
	run sb "$E" --pid=/run/ns/pid sh -c 'readlink /proc/self/ns/pid'
	assert_output "pid:[$(inode_of /run/ns/pid)]"
	# User and time namespaces are entered by a child between fork and
	# exec, which is single-threaded as the kernel wants.
	run sb "$E" --user=/run/ns/user readlink /proc/self/ns/user
	assert_output "user:[$(inode_of /run/ns/user)]"
	run sb "$E" --user=/run/ns/user id -u
	assert_output 0
	run sb "$E" --time=/run/ns/time readlink /proc/self/ns/time
	assert_output "time:[$(inode_of /run/ns/time)]"

	# lsns sees them all through their bind mounts.
	run sb "$NSIP" lsns -r -n -o TYPE,NSFS
	for kind in mnt net uts ipc pid user cgroup time; do
		assert_line "$kind /run/ns/$kind"
	done

	for kind in mnt net uts ipc pid user cgroup time; do
		run sb "$NSIP" ns delete /run/ns/$kind
		assert_success
	done
	run nsfs_mounts
	assert_output ""
	run sb ls -A /run/ns
	assert_output ""
}

@test "--fork --mount-proc --pid shows PID 1 inside" {
	run sb "$U" --fork --pid --mount-proc sh -c 'echo $$; ls /proc | grep -c "^[0-9]"'
	assert_success
	assert_line --index 0 1
	[ "${lines[1]}" -le 3 ]
	run sb "$U" -fp --mount-proc=/proc readlink /proc/1/exe
	assert_output --regexp 'readlink$'
}

@test "without --fork the program keeps unshare's PID, and its status is passed on" {
	run sb sh -c '"$1" --net sh -c "echo \$\$" & echo $!; wait' sh "$U"
	assert_success
	[ "${lines[0]}" = "${lines[1]}" ]
	run sb "$U" --net sh -c 'exit 7'
	assert_failure 7
	run sb "$U" --fork --uts sh -c 'exit 3'
	assert_failure 3
	run sb "$U" --fork sh -c 'kill -TERM $$'
	assert_failure 143
	run sb "$U" --map-root-user id -u
	assert_output 0
	run sb "$U" --net --propagation unchanged true
	assert_success
}

@test "a bind that fails undoes the ones before it" {
	run sb "$U" --ipc=/run/ns/ipc --net=/run/ns/missing/net true
	assert_failure 1
	assert_output --regexp '^unshare: mount /proc/[^ ]+/ns/net on /run/ns/missing/net failed: No such file or directory$'
	run nsfs_mounts
	assert_output ""
	run sb "$U" --fork --ipc=/run/ns/ipc --pid=/run/ns/missing/pid true
	assert_failure 1
	run nsfs_mounts
	assert_output ""
}

@test "a mount namespace bound onto a shared mount is refused with the reason" {
	sb mkdir /run/shared
	sb mount -t tmpfs shared /run/shared
	sb mount --make-shared /run/shared
	sb touch /run/shared/mnt
	run sb "$U" --mount=/run/shared/mnt true
	assert_failure 1
	assert_output --partial "the mount at /run/shared is shared"
	assert_output --partial "mount --make-private /run/shared"
	run nsfs_mounts
	assert_output ""
	sb mount --make-private /run/shared
	run sb "$U" --mount=/run/shared/mnt true
	assert_success
}

@test "unshare errors: util-linux's text and status" {
	compare_util unshare -x
	compare_util unshare --foo
	compare_util unshare -n=/run/ns/net true
	compare_util unshare --propagation foo true
	compare_util unshare --kill-child=SIGFOO true
	compare_util unshare --setgroups maybe true
	compare_util unshare --map-group=0 --setgroups allow true
	compare_util unshare -S abc true
	compare_util unshare -n /nonexistent/program
	compare_util unshare -n /etc/hostname
	compare_util unshare --net --root=/nonexistent true
	compare_util unshare --net --wd=/nonexistent true
	compare_util unshare --help
	run sb "$U" --net=/run/ns/none true
	assert_failure 1
	assert_output --regexp '^unshare: mount /proc/[^ ]+/ns/net on /run/ns/none failed: No such file or directory$'
}

@test "unshare and nsenter -S and -G give the program util-linux's ids" {
	local status='^(Uid|Gid|Groups|Cap)'
	compare_util unshare -S 70000 -G 70001 grep -E "$status" /proc/self/status
	compare_util unshare --fork -S 0 -G 5 grep -E "$status" /proc/self/status
	compare_util unshare --net -S 65534 grep -E "$status" /proc/self/status
	compare_util nsenter --net=/proc/self/ns/net -S 70000 -G 7 grep -E "$status" /proc/self/status
	compare_util unshare -r -G 0 true
	compare_util unshare --user -S 0 true
}

@test "nsenter -t PID -a enters a process's namespaces" {
	sb_background "$U" --uts --net --ipc sh -c 'echo $$ >/run/target.pid; hostname target;
		ip link add t0 type veth peer name t1; exec sleep 100000'
	sleep 0.3
	local pid
	pid=$(sb cat /run/target.pid)
	run sb "$E" -t "$pid" -a sh -c 'hostname; ip -br link show t0 | cut -d" " -f1'
	assert_success
	assert_output "$(printf 'target\nt0@t1')"
	compare_util nsenter -t "$pid" -a hostname
	compare_util nsenter -t "$pid" -u -n readlink /proc/self/ns/uts /proc/self/ns/net
	compare_util nsenter -t "$pid" --net -F readlink /proc/self/ns/net
	compare_util nsenter -t "$pid" -r -w pwd
	compare_util nsenter -t "$pid" --uts --wd=/tmp pwd
	compare_util nsenter -t "$pid" --preserve-credentials -u hostname
	compare_util nsenter -t "$pid" -n sh -c 'exit 5'
}

@test "nsenter errors: util-linux's text and status" {
	compare_util nsenter -t 999999 -n true
	compare_util nsenter --net=/run/ns/none true
	compare_util nsenter --net=/etc/hostname true
	compare_util nsenter -n true
	compare_util nsenter -a true
	compare_util nsenter -t abc -n true
	compare_util nsenter -x
	compare_util nsenter --target
	compare_util nsenter -t 1 -W /tmp -w true
	compare_util nsenter --net=/run/ns/net /nonexistent/program
	compare_util nsenter --help
}

@test "nsip ns show lists the namespaces of a process and marks those not PID 1's" {
	sb_background "$U" --uts sh -c 'echo $$ >/run/target.pid; exec sleep 100000'
	sleep 0.3
	local pid
	pid=$(sb cat /run/target.pid)
	run sb "$NSIP" ns show "$pid"
	assert_success
	assert_line "uts -> $(sb readlink /proc/"$pid"/ns/uts)"
	assert_line "net -> $(sb readlink /proc/"$pid"/ns/net)"
	# PID 1 of a new pid namespace is sh; nsip runs in a uts namespace
	# of its own.
	run sb "$U" --fork --pid --mount-proc sh -c '"$1" --uts "$2" ns show; true' sh "$U" "$NSIP"
	assert_line --regexp '^uts -> uts:\[[0-9]+\]  \(not PID 1.s\)$'
	assert_line --regexp '^net -> net:\[[0-9]+\]$'
	run sb "$NSIP" ns -j show "$pid"
	echo "$output" | jq -e --arg ino "$(sb stat -L -c %i /proc/"$pid"/ns/uts)" \
		'.[] | select(.name == "uts") | .inode == ($ino|tonumber) and .type == "uts"'
	run sb "$NSIP" ns show 999999
	assert_failure 1
	assert_output "nsip: cannot read /proc/999999/ns: No such file or directory"
	run sb "$NSIP" ns delete /etc/hostname
	assert_failure 1
	assert_output "nsip: /etc/hostname is not a namespace file"
	run sb "$NSIP" ns delete /run/ns/absent
	assert_failure 1
	assert_output "nsip: cannot stat /run/ns/absent: No such file or directory"
}

#!/usr/bin/env bats
# The ip netns object: every subcommand against iproute2 6.1, the
# walkthrough with real traffic, parallel adds, and the bare-host cases.

load helpers

setup() {
	sandbox_start
}

teardown() {
	sandbox_stop
}

scenario() {
	SCENARIO="$BATS_TEST_TMPDIR/$1"
	cat >"$SCENARIO"
}

@test "netns add, list, set, list-id, identify, pids, delete match ip" {
	scenario lifecycle <<'S'
ip netns
ip netns add ns1
ip netns add ns2
ip netns list
ip -j netns list
ip netns set ns1 5
ip netns set ns2 auto
ip netns list
ip netns show
ip -j -p netns
ip netns list extra words
ip netns list-id
ip -j netns list-id
ip netns list-id nsid 5
ip netns list-id nsid 9
ip netns list-id target-nsid 5
ip netns list-id target-nsid 5 nsid 0
ip netns identify
ip netns identify $$
ip netns exec ns1 sh -c 'ip netns identify; ip netns identify $$'
ip netns exec ns2 sh -c 'ip netns pids ns2 | grep -c .'
ip netns pids ns1
ip netns delete ns2
ip netns list
ip -all netns delete
ip netns list
ls -A /run/netns
S
	compare_scenario "$SCENARIO"
}

@test "netns attach pins a process's namespace as ip does" {
	scenario attach <<'S'
ip netns add ns1
ip netns exec ns1 sh -c 'ip netns attach pinned $$ && ip netns identify $$'
ip netns list
ip netns attach again $$
ip netns identify
ip netns attach bad abc
ip netns attach bad 0
ip netns attach bad -5
ip netns attach bad 99999999
ip netns attach
ip netns attach onlyname
ls -A /run/netns
S
	compare_scenario "$SCENARIO"
}

@test "netns errors: text and exit status as in ip" {
	sb "$IP_REF" netns add ns1
	local long
	long=$(printf 'x%.0s' $(seq 300))
	local cmd
	for cmd in "netns add ns1" "netns add a/b" "netns add ." "netns add .." "netns add $long" \
		"netns add" "netns delete nope" "netns delete" "netns exec nope true" "netns exec ns1" \
		"netns exec" "netns set nope 1" "netns set ns1" "netns set" "netns set ns1 abc" \
		"netns set ns1 -2" "netns pids nope" "netns pids" "netns pids ns1 extra" \
		"netns identify abc" "netns identify 1 2" "netns identify 99999999" \
		"netns list-id nsid x" "netns list-id nsid -1" "netns list-id target-nsid" \
		"netns list-id nsid 1 nsid 2" "netns list-id bogus" "netns bogus" "netns help" \
		"netns exec ns1 /nonexistent/cmd" "netns exec ns1 nonexistent-cmd" "netns exec ns1 false" \
		"netns list a/b" "netns attach a/b 1" "-n nope netns list"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
	done
	compare_ip netns add ""
	compare_ip netns delete ""
	printf 'netns exec ns1 true\nnetns exec ns1 sh -c "exit 4"\nnetns list\n' >"$BATS_TEST_TMPDIR/batch"
	compare_ip -batch "$BATS_TEST_TMPDIR/batch"
	compare_ip -force -batch "$BATS_TEST_TMPDIR/batch"
}

@test "the netns walkthrough carries traffic with ip symlinked to nsip" {
	# iproute2's walkthrough, with test-net addresses of our own 10.x. The
	# neighbours the pings teach stay REACHABLE for an hour, and one that
	# needs confirming is probed at once instead of after DELAY's 5 s, so
	# that both runs show the same states.
	scenario walkthrough <<'S'
ip netns add ns01
ip netns add ns02
ip link add ns01-veth0 type veth peer name ns02-veth0
ip link set ns01-veth0 netns ns01
ip link set ns02-veth0 netns ns02
ip netns exec ns01 ip address add 10.0.0.1/24 dev ns01-veth0
ip netns exec ns02 ip address add 10.0.0.2/24 dev ns02-veth0
ip netns exec ns01 ip link set ns01-veth0 up
ip netns exec ns02 ip link set ns02-veth0 up
ip netns exec ns01 ip link set lo up
ip netns exec ns02 ip link set lo up
ip netns list
ip netns exec ns01 ip address show
ip -n ns02 address show
ip -n ns01 link show
ip -n ns01 route show
ip netns exec ns01 sh -c 'cd /proc/sys/net/ipv4/neigh/ns01-veth0 && echo 3600000 >base_reachable_time_ms && echo 0 >delay_first_probe_time'
ip netns exec ns02 sh -c 'cd /proc/sys/net/ipv4/neigh/ns02-veth0 && echo 3600000 >base_reachable_time_ms && echo 0 >delay_first_probe_time'
ip netns exec ns01 busybox ping -c 1 -W 5 10.0.0.2 >/dev/null
ip netns exec ns02 busybox ping -c 1 -W 5 10.0.0.1 >/dev/null
for i in $(seq 50); do ip -n ns01 neigh | grep -q REACHABLE && ip -n ns02 neigh | grep -q REACHABLE && break; sleep 0.1; done
ip netns exec ns01 ip neigh show
ip -n ns02 neigh show dev ns02-veth0
ip -n ns01 -j neigh show nud reachable
ip -n ns02 -br neigh
ip -n ns01 -j link show ns01-veth0 | jq -r '.[0].operstate'
S
	command -v busybox >/dev/null || skip "busybox (for ping) is not installed"
	run run_scenario "$NSIP" "$SCENARIO"
	assert_success
	refute_output --partial "rc=1"
	refute_output --partial "rc=2"
	refute_output --partial "rc=255"
	# Both pings got their answer.
	[ "$(grep -c '^rc=0$' <<<"$output")" = "$(grep -c '^\$ ' <<<"$output")" ]
	# Each side learned the other's address, and the states settled.
	assert_line --regexp '^10\.0\.0\.2 dev ns01-veth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $'
	assert_line --regexp '^10\.0\.0\.1 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $'
	compare_scenario "$SCENARIO"
}

@test "netns exec: no fork, the command's exit status, no descriptor leaks, /sys of the namespace" {
	sb "$IP_REF" netns add ns1
	sb "$IP_REF" -n ns1 link add inner0 type veth peer name inner1
	run sb "$IP_LINK_DIR/ip" netns exec ns1 sh -c 'exit 7'
	assert_failure 7
	# ls sees what its caller passed on, and nothing of nsip's.
	run sb ls /proc/self/fd
	local inherited=$output
	run sb "$IP_LINK_DIR/ip" netns exec ns1 ls /proc/self/fd
	assert_output "$inherited"
	run sb "$IP_LINK_DIR/ip" netns exec ns1 sh -c 'ls /sys/class/net | sort | tr "\n" " "'
	assert_output "inner0 inner1 lo "
	# The command is ip's own process: its parent is ip's parent.
	run sb sh -c "echo \$\$; $IP_LINK_DIR/ip netns exec ns1 sh -c 'echo \$PPID'"
	[ "${lines[0]}" = "${lines[1]}" ]
	compare_ip netns exec ns1 ls /proc/self/fd
	compare_ip -all netns exec ip link show lo
	compare_ip -all netns exec sh -c 'exit 3'
	# A command killed by a signal ends ip with status 1, in -all too.
	compare_ip -all netns exec sh -c 'kill -9 $$'
}

@test "netns exec binds /etc/netns/NAME over /etc and remounts a missing sysfs" {
	sb "$IP_REF" netns add ns1
	# An /etc of the sandbox's own: what the test writes there stays in
	# the sandbox's /run.
	sb sh -c 'mkdir -p /run/.etc/upper /run/.etc/work &&
		mount -t overlay overlay -o lowerdir=/etc,upperdir=/run/.etc/upper,workdir=/run/.etc/work /etc'
	sb mkdir -p /etc/netns/ns1
	sb mount -t tmpfs tmpfs /etc/netns/ns1
	sb sh -c 'echo "nameserver 10.9.9.9" >/etc/netns/ns1/resolv.conf'
	compare_ip netns exec ns1 cat /etc/resolv.conf
	# /sys not mounted at all: exec still mounts one.
	sb umount /sys
	run sb "$IP_LINK_DIR/ip" netns exec ns1 ls /sys/class/net
	assert_success
	assert_output "lo"
	compare_ip netns exec ns1 ls /sys/class/net
	sb umount /etc/netns/ns1
}

@test "netns exec shows the files of /etc/netns/NAME that /etc lacks, and /etc stays as it was (nsip goes further)" {
	sb "$IP_REF" netns add ns1
	# A bare /etc, as on an initramfs: no resolv.conf, no ssl.
	sb mount -t tmpfs -o mode=0755 etc /etc
	sb sh -c 'echo "127.0.0.1 localhost" >/etc/hosts && ln -s ../proc/self/mounts /etc/mtab &&
		mkdir -p /etc/netns/ns1/ssl && echo "nameserver 10.0.1.53" >/etc/netns/ns1/resolv.conf &&
		echo cert >/etc/netns/ns1/ssl/c && ln -s /nonexistent /etc/dangling &&
		echo "nameserver 10.0.2.53" >/etc/netns/ns1/dangling'
	local before
	before=$(sb sh -c 'ls -la --time-style=+ /etc; wc -l </proc/self/mountinfo')
	local show='cat /etc/resolv.conf /etc/ssl/c /etc/hosts /etc/dangling; readlink /etc/mtab; ls /etc'
	# iproute2 cannot bind onto a missing file and warns.
	run sb "$IP_REF" netns exec ns1 sh -c "$show"
	assert_line "Bind /etc/netns/ns1/resolv.conf -> /etc/resolv.conf failed: No such file or directory"
	assert_line "Bind /etc/netns/ns1/ssl -> /etc/ssl failed: No such file or directory"
	# nsip shows them, with the rest of /etc as it is.
	run sb "$IP_LINK_DIR/ip" netns exec ns1 sh -c "$show"
	assert_success
	assert_output "$(printf '%s\n' 'nameserver 10.0.1.53' cert '127.0.0.1 localhost' 'nameserver 10.0.2.53' \
		../proc/self/mounts dangling hosts mtab netns resolv.conf ssl)"
	[ "$(sb sh -c 'ls -la --time-style=+ /etc; wc -l </proc/self/mountinfo')" = "$before" ] ||
		fail "netns exec changed /etc outside the command"
	sb umount /etc
}

@test "netns add works when /run/netns exists but is not a mount point" {
	sb mkdir /run/netns
	run sb "$IP_LINK_DIR/ip" netns add ns1
	assert_success
	run sb sh -c 'grep -c " /run/netns " /proc/self/mountinfo'
	assert_output 1
	run sb "$IP_LINK_DIR/ip" netns list
	assert_output "ns1"
}

@test "netns delete works while processes are inside" {
	sb "$IP_LINK_DIR/ip" netns add busy
	sb_background "$IP_LINK_DIR/ip" netns exec busy sleep 1000
	sleep 0.3
	run sb "$IP_LINK_DIR/ip" netns pids busy
	assert_success
	[ -n "$output" ]
	run sb "$IP_LINK_DIR/ip" netns delete busy
	assert_success
	run sb "$IP_LINK_DIR/ip" netns list
	assert_output ""
}

@test "8 processes adding and deleting 100 namespaces each stack no mounts" {
	local mounts='awk "{print \$5, \$9}" /proc/self/mountinfo | sort'
	run sb sh -c "$mounts"
	local before=$output
	run sb bash -c '
		for p in 1 2 3 4 5 6 7 8; do
			( for i in $(seq 100); do
				"$1" netns add "p$p-$i" || echo "add p$p-$i failed"
				"$1" netns delete "p$p-$i" || echo "delete p$p-$i failed"
			done ) &
		done
		wait' sh "$IP_LINK_DIR/ip"
	assert_success
	assert_output ""
	run sb ls -A /run/netns
	assert_output ""
	run sb sh -c "$mounts"
	# The only mount added is the run directory itself, made once.
	[ "$output" = "$(printf '%s\n' "$before" "/run/netns tmpfs" | sort)" ]
	local baseline=$output
	run sb bash -c '
		for p in 1 2 3 4 5 6 7 8; do
			( for i in $(seq 100); do
				"$1" netns add "q$p-$i" && "$1" netns delete "q$p-$i" || echo "q$p-$i failed"
			done ) &
		done
		wait' sh "$IP_LINK_DIR/ip"
	assert_output ""
	run sb sh -c "$mounts"
	assert_output "$baseline"
}

@test "netns monitor reports adds and deletes as ip does" {
	command -v stdbuf >/dev/null || skip "stdbuf is not installed"
	local d=$BATS_TEST_TMPDIR
	sb_background stdbuf -oL "$IP_REF" netns monitor >"$d/ref.mon"
	sb_background "$IP_LINK_DIR/ip" netns monitor >"$d/got.mon"
	sleep 0.5
	sb "$IP_REF" netns add mon1
	sb "$IP_REF" netns add mon2
	sb "$IP_REF" netns delete mon1
	sleep 0.5
	[ -s "$d/ref.mon" ]
	run cat "$d/got.mon"
	assert_output "$(cat "$d/ref.mon")"
}

@test "link set DEV netns takes a name, a path or a PID" {
	sb "$IP_REF" netns add ns1
	sb "$IP_REF" netns add ns2
	sb "$IP_REF" link add m0 type veth peer name m1
	run sb "$IP_LINK_DIR/ip" link set m0 netns ns1
	assert_success
	run sb "$IP_LINK_DIR/ip" -n ns1 link set m0 netns /run/netns/ns2
	assert_success
	run sb "$IP_REF" -n ns2 -br link show m0
	assert_output --partial "m0@if"
	# A PID: the sandbox's own process, which is in the sandbox namespace.
	run sb "$IP_LINK_DIR/ip" -n ns2 link set m0 netns "$SANDBOX_PID"
	assert_success
	run sb "$IP_REF" -br link show m0
	assert_output --partial "m0@m1"
	compare_ip link set m0 netns nope
	compare_ip link set m0 netns 99999999
	compare_ip link set nope netns ns1
}

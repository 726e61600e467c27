#!/usr/bin/env bats
# ip neigh: show, get, add, change, replace, delete and flush must print,
# fail and change the kernel's neighbour tables exactly as iproute2 6.1.

load helpers

setup() {
	sandbox_start
}

teardown() {
	sandbox_stop
}

# build_neigh_state makes, with iproute2, neighbours of every kind in the
# sandbox: static ones in each state, router, extern_learn, managed, a
# protocol, proxies, and ones the kernel learned from pings to and from
# namespace ns1 (10.9.0.2 and fd00:9::2, a router) over the veth pair
# v0/v1. The learned entries are made to stay put: REACHABLE for an hour,
# and an entry that needs confirming probes at once instead of waiting in
# DELAY. The links' IPv6 link-local addresses are fixed ones, made without
# duplicate address detection, and no router solicitation goes out, so
# that no entry comes or changes while the test compares.
build_neigh_state() {
	local ip=$IP_REF
	command -v busybox >/dev/null || skip "busybox (for ping) is not installed"
	sb sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/addr_gen_mode && echo 0 >/proc/sys/net/ipv6/conf/default/accept_ra'
	sb $ip netns add ns1
	# ns1 routes: its entries in the sandbox's IPv6 table are a router's.
	sb $ip netns exec ns1 sh -c 'cd /proc/sys/net/ipv6/conf/default && echo 1 >addr_gen_mode && echo 1 >forwarding'
	sb $ip link add v0 type veth peer name v1 netns ns1
	sb $ip link add v2 type veth peer name v3
	sb $ip link add br0 type bridge
	sb $ip link set v2 master br0
	sb $ip -n ns1 link set lo up
	local dev
	for dev in v0 v2 v3 br0; do
		sb $ip link set $dev up
		sb sh -c "cd /proc/sys/net && for f in ipv4 ipv6; do
			echo 3600000 >\$f/neigh/$dev/base_reachable_time_ms && echo 0 >\$f/neigh/$dev/delay_first_probe_time; done"
	done
	sb $ip -n ns1 link set v1 up
	sb $ip netns exec ns1 sh -c 'cd /proc/sys/net && for f in ipv4 ipv6; do
		echo 3600000 >$f/neigh/v1/base_reachable_time_ms && echo 0 >$f/neigh/v1/delay_first_probe_time; done'
	sb $ip addr add 10.9.0.1/24 dev v0
	sb $ip -n ns1 addr add 10.9.0.2/24 dev v1
	sb $ip addr add fe80::1/64 dev v0 nodad
	sb $ip -n ns1 addr add fe80::2/64 dev v1 nodad
	sb $ip addr add fd00:9::1/64 dev v0 nodad
	sb $ip -n ns1 addr add fd00:9::2/64 dev v1 nodad
	sb $ip addr add 10.8.0.1/24 dev v3

	sb $ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev v0 nud permanent
	sb $ip neigh add 10.9.0.6 lladdr 02:00:00:00:00:06 dev v0 nud reachable
	sb $ip neigh add 10.9.0.7 lladdr 02:00:00:00:00:07 dev v0 nud stale router
	sb $ip neigh add 10.9.0.8 lladdr 02:00:00:00:00:08 dev v0 nud noarp
	sb $ip neigh add 10.9.0.9 dev v0 nud none
	sb $ip neigh add 10.9.0.11 lladdr 02:00:00:00:00:11 dev v0 nud stale extern_learn
	sb $ip neigh add 10.9.0.12 lladdr 02:00:00:00:00:12 dev v0 nud delay
	sb $ip neigh add 10.9.0.20 dev v0 managed
	sb $ip neigh add 10.8.0.5 lladdr 02:00:00:00:01:05 dev v3 nud permanent protocol static
	sb $ip neigh add 10.8.0.6 lladdr 02:00:00:00:01:06 dev v2 nud permanent protocol 77
	sb $ip neigh add fd00::5 lladdr 02:00:00:00:00:05 dev v0 nud permanent protocol static
	sb $ip neigh add fd00::6 lladdr 02:00:00:00:00:06 dev v3 nud stale router
	sb $ip neigh add proxy 10.9.0.10 dev v0
	sb $ip neigh add proxy fd00::10 dev v3

	sb $ip netns exec ns1 busybox ping -c 1 -W 5 10.9.0.1 >/dev/null
	sb busybox ping -c 1 -W 5 10.9.0.2 >/dev/null
	sb $ip netns exec ns1 busybox ping -6 -c 1 -W 5 fd00:9::1 >/dev/null
	sb busybox ping -6 -c 1 -W 5 fd00:9::2 >/dev/null
	# The entries leave DELAY and PROBE within milliseconds.
	local i
	for i in $(seq 50); do
		[ "$(sb $ip -n ns1 neigh show nud reachable | wc -l)" = 3 ] &&
			[ "$(sb $ip neigh show dev v0 nud reachable to 10.9.0.2)" ] &&
			[ "$(sb $ip neigh show dev v0 nud reachable to fd00:9::2)" ] && break
		sleep 0.1
	done
	run sb $ip -n ns1 neigh show
	assert_line --regexp '^10\.9\.0\.1 dev v1 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $'
	assert_line --regexp '^fd00:9::1 dev v1 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $'
	run sb $ip neigh show to 10.9.0.2
	assert_output --regexp '^10\.9\.0\.2 dev v0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $'
	run sb $ip neigh show to fd00:9::2
	assert_output --regexp '^fd00:9::2 dev v0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} router REACHABLE $'
}

@test "neigh show matches ip in every output mode" {
	build_neigh_state
	compare_in_modes "neigh" "neigh show" "neighbour show" "neighbor list" "n lst" "neigh l" \
		"-4 neigh" "-6 neigh" "-0 neigh" "-f inet neigh" "-f link neigh" "-N neigh show nud all" \
		"-d neigh" "-details neigh show nud all" "-n ns1 neigh" "-n ns1 neigh show nud all" \
		"-6 neigh show nud all" "neigh show to fd00:9::2" "-n ns1 -6 neigh show to fe80::/10"
}

@test "neigh show selectors match ip in every output mode" {
	build_neigh_state
	local states=(all none noarp permanent reachable stale delay probe incomplete failed
		perm p r f 0 0x80 0x2)
	local s
	for s in "${states[@]}"; do
		compare_in_modes "neigh show nud $s"
	done
	compare_in_modes "neigh show nud stale nud reachable" "neigh show nud all nud none" \
		"neigh show proxy" "-6 neigh show proxy" "neigh show proxy dev v0" \
		"neigh show dev v0" "neigh show dev v3 nud all" "neigh show dev br0" \
		"neigh show to 10.9.0.0/24" "neigh show 10.9.0.5" "neigh show to fd00::/16" \
		"neigh show to 10.0.0.0/8 nud all" "neigh show to default" "neigh show to all" \
		"-4 neigh show to all" "neigh show master br0" "neigh show master br0 nud all" \
		"neigh show nomaster" "neigh show nomaster nud all" "neigh show unused" \
		"neigh show unused nud all" "neigh show protocol static" "neigh show protocol 77 nud all" \
		"neigh show protocol all" "neigh show protocol 0"
}

# compare_ip_ticking is compare_ip for answers with ages in seconds: with
# a dozen entries, each ticking at its own moment, three tries of
# compare_ip can all straddle some entry's tick.
compare_ip_ticking() {
	local try
	for try in 1 2 3 4 5; do
		run compare_ip "$@"
		[ "$status" != 0 ] || return 0
	done
	compare_ip "$@"
}

@test "neigh show -s and -s -s match ip (ages, probes, reference counts)" {
	build_neigh_state
	local cmd mode
	for cmd in "neigh" "neigh show nud all" "neigh show proxy" "neigh show dev v0" "neigh show 10.9.0.2"; do
		for mode in "-s" "-s -s" "-stat" "-s -j" "-s -j -p" "-s -br" "-s -o"; do
			# shellcheck disable=SC2086
			compare_ip_ticking $mode $cmd
		done
	done
	compare_ip_ticking -s -n ns1 neigh show
}

@test "neigh get matches ip" {
	build_neigh_state
	local cmd mode
	for cmd in "neigh get 10.9.0.5 dev v0" "neigh get to 10.9.0.2 dev v0" "neigh get fd00:9::2 dev v0" "neigh get fe80::2 dev v0" "neigh get fd00::6 dev v3" \
		"neigh get proxy 10.9.0.10 dev v0" "neigh get proxy fd00::10 dev v3" "neigh get 10.9.0.99 dev v0" \
		"neigh get proxy 10.9.0.10" "neigh get 10.9.0.5 dev v3" "neigh get 10.9.0.5" "neigh get dev v0" \
		"neigh get 10.9.0.5 dev nope" "neigh get 10.9.0.5 10.9.0.6 dev v0" "neigh get help" \
		"neigh get proxy help" "neigh get" "neigh get to" "neigh get bogus dev v0" "-6 neigh get 10.9.0.5 dev v0"; do
		# ip neigh get prints text even with -json; -jso, an abbreviation
		# of it, keeps the helper from checking the answer as JSON.
		for mode in "" "-jso" "-br" "-s" "-o"; do
			# shellcheck disable=SC2086
			compare_ip_ticking $mode $cmd
		done
	done
	compare_ip neigh get 10.9.0.5 dev ""
	compare_ip neigh get "" dev v0
}

@test "neigh help, unknown commands and bad selectors fail as ip does" {
	sb "$IP_REF" link add v0 type veth peer name v1
	local cmd
	for cmd in "neigh help" "neigh bogus" "neigh show help" "neigh show bogus" "neigh show to" \
		"neigh show nud" "neigh show nud bogus" "neigh show nud 3" "neigh show nud 256" "neigh show nud -1" \
		"neigh show dev" "neigh show dev nope" "neigh show dev v0 dev v1" "neigh show master" \
		"neigh show master nope" "neigh show vrf v0" "neigh show vrf nope" "neigh show protocol" \
		"neigh show protocol bogus" "neigh show protocol 256" "neigh show to 10.0.0.0/33" \
		"-4 neigh show to fd00::/8" "-6 neigh show to 10.0.0.0/8" "-0 neigh show to 10.0.0.0/8" \
		"neigh flush" "neigh f" "neigh flush dev nope" "neigh flush nud bogus" "neigh flush help" \
		"-s neigh flush bogus" "neigh showx" "neigh fl" "neighx" "neighbor help" "-s help" "-s -s neigh help"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
	done
	compare_ip neigh show dev ""
	compare_ip neigh show nud ""
	compare_ip neigh show master ""
	compare_ip neigh show vrf ""
	compare_ip neigh show protocol ""
	compare_ip neigh show ""
	compare_ip neigh show to ""
	compare_ip neigh ""
	compare_ip neigh flush dev ""
}

@test "neigh add, change, replace and delete refuse bad input as ip does, changing nothing" {
	sb "$IP_REF" link add v0 type veth peer name v1
	sb "$IP_REF" neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev v0 nud permanent
	local before cmd
	before=$(sb "$IP_REF" neigh show nud all)
	for cmd in "neigh add" "neigh a" "neigh del" "neigh add help" "neigh add to" "neigh add 10.9.0.6" \
		"neigh add dev v0" "neigh add 10.9.0.6 dev nope" "neigh add 10.9.0.6 dev v0 lladdr zz" \
		"neigh add 10.9.0.6 dev v0 lladdr 1.2.3" "neigh add 10.9.0.6 dev v0 lladdr 1:2:300" \
		"neigh add 10.9.0.6 dev v0 nud bogus" "neigh add 10.9.0.6 dev v0 nud" "neigh add 10.9.0.6 dev v0 nud 3" \
		"neigh add 10.9.0.6 dev v0 protocol bogus" "neigh add 10.9.0.6 dev v0 protocol 256" \
		"neigh add 10.9.0.6 dev v0 lladdr 1 lladdr 2" "neigh add 10.9.0.6 10.9.0.7 dev v0" \
		"neigh add proxy 10.9.0.6 proxy 10.9.0.7" "neigh add proxy help" "neigh add proxy" \
		"neigh add 10.9.0.5 dev v0" "neigh add bogus dev v0" "-4 neigh add fd00::1 dev v0" \
		"-6 neigh add 10.9.0.6 dev v0" "neigh del 10.9.0.77 dev v0" "neigh change 10.9.0.77 dev v0" \
		"neigh del proxy 10.9.0.77" "neigh add 10.9.0.6 dev v0 bogus" "neigh add default dev v0" "-0 neigh add 10.9.0.6 dev v0" \
		"-0 neigh add zz dev v0"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
		# Each reference run was refused too, so the table must be as before.
		run sb "$IP_REF" neigh show nud all
		assert_output "$before"
	done
	compare_ip neigh add 10.9.0.6 dev ""
	compare_ip neigh add "" dev v0
	compare_ip neigh add 10.9.0.6 dev v0 lladdr ""
	compare_ip neigh add 10.9.0.6 dev v0 nud ""
	compare_ip neigh add proxy ""
	run sb "$IP_REF" neigh show nud all
	assert_output "$before"
	# The kernel refuses these after it made an entry in no state, for
	# ip as for nsip.
	compare_ip neigh add 10.9.0.6 dev v0 lladdr null
	compare_ip neigh add 10.9.0.7 dev v0 lladdr 1.2.3.4
}

@test "neigh add, change, replace, delete and flush change the tables as ip does, -batch too" {
	scenario="$BATS_TEST_TMPDIR/changes"
	# state prints both tables sorted, with the link addresses' colons
	# turned to dashes so that normalize leaves them to compare.
	# ages masks the ages and probe counts of -s -s, which tick, and sorts
	# the entries, which come in each namespace's own hash order.
	cat >"$scenario" <<'S'
ages() { sed -E 's,used [0-9]+/[0-9]+/[0-9]+probes [0-9]+,used A/A/Aprobes P,' | sort; }
state() { $REF neigh show nud all | sort | tr : -; $REF neigh show proxy | sort | tr : -; }
$REF link add v0 type veth peer name v1
$REF link add v2 type veth peer name v3
$REF link set v0 up
$REF link set v1 up
ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev v0
ip neigh add 10.9.0.6 lladdr 02:00:00:00:00:06 dev v0 nud reachable router
ip neigh add 10.9.0.7 lladdr 2:0:0:0:0:7 dev v0 nud stale extern_learn protocol static
ip neigh add 10.9.0.8 lladdr 02:00:00:00:00:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:15:16:17:18:19 dev v0 nud 0x40
ip neigh add to 10.9.0.9 dev v0 nud none
ip neigh add help 10.9.0.10 lladdr 02:00:00:00:00:10 dev v0
ip neigh add 10.9.0.11 dev v0 managed
ip neigh add 10.9.0.12 lladdr 02:00:00:00:00:12 dev v0 use nud stale
ip neigh add 10.9.0.13 lladdr 02:00:00:00:00:13 dev v0 protocol 7 protocol 8
ip neigh add 10.9.0.14 lladdr 1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20:zz:22 dev v0
ip neigh add fd00::5 lladdr 02:00:00:00:00:05 dev v0 nud permanent protocol kernel
ip neigh add proxy 10.9.0.30 dev v0
ip neigh add proxy fd00::30
ip neigh add proxy 10.9.0.31 dev v2
state
ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:55 dev v0
ip neigh change 10.9.0.5 lladdr 02:00:00:00:00:55 dev v0
ip neigh chg 10.9.0.6 lladdr 02:00:00:00:00:66 dev v0 nud stale
ip neigh change 10.9.0.50 lladdr 02:00:00:00:00:66 dev v0
ip neigh replace 10.9.0.7 lladdr 02:00:00:00:00:77 dev v0 nud permanent
ip neigh replace 10.9.0.51 lladdr 02:00:00:00:00:51 dev v0 nud noarp
ip neigh rep fd00::6 lladdr 02:00:00:00:00:06 dev v0 router
state
ip neigh del 10.9.0.5 dev v0
ip neigh delete 10.9.0.5 dev v0
ip neigh d proxy 10.9.0.30 dev v0
ip neigh del proxy fd00::30
ip neigh del fd00::6 dev v0
state
ip -s neigh flush to 10.9.0.0/30
ip -s neigh flush nud stale
ip -s -s neigh flush dev v0 nud reachable | tr : - | ages
state
ip -s neigh flush proxy
ip neigh flush nud all nud none to 10.9.0.9
state
ip -s -s -j neigh flush dev v0 | tr : - | ages
ip -s neigh flush all
ip -s neigh flush nud permanent
state
ip -6 -s neigh flush nud all
ip -s -s neigh flush nud all | tr : - | ages
state
ip -s neigh flush dev v0
printf 'neigh add 10.9.0.60 lladdr 2:0:0:0:0:60 dev v0\n-s neigh\nneigh show nud bogus\nneigh get 10.9.0.60 dev v0\n' >/run/batch
ip -force -batch /run/batch | tr : -
printf 'neigh get 10.9.0.60 dev v0\nneigh add 10.9.0.60 dev v0\nneigh show nud all\n' >/run/batch
ip -force -batch /run/batch | tr : -
state
S
	compare_scenario "$scenario"
}

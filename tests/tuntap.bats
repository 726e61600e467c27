#!/usr/bin/env bats
# ip tuntap (and ip tap) against iproute2 6.1: devices made by each tool in
# sandboxes of their own and read back by iproute2, the listings compared
# directly, the processes attached to a device, and bad input.

load helpers

teardown() {
	sandbox_stop
}

scenario() {
	SCENARIO="$BATS_TEST_TMPDIR/$1"
	cat >"$SCENARIO"
}

# The state of every tun and tap device as iproute2 and the kernel see it.
read_back='$REF tuntap show; $REF -j tuntap; $REF -d link show; grep -H . /sys/class/net/*/tun_flags /sys/class/net/*/owner /sys/class/net/*/group'

@test "tuntap add with each option makes the device ip makes" {
	scenario options <<S
ip tuntap add mode tap user 1 group 2 one_queue pi vnet_hdr multi_queue name tap0
ip tuntap add tun0 mode tun
ip tuntap add dev tun1 mode tun pi
ip tuntap add mode tap user daemon group sys
ip tuntap add mode tun user root group root vnet_hdr
ip tuntap add mode tap
ip tap a mod tap one pi vnet mul na tap7
ip tuntap add mode tap user -5 name t5
ip tuntap add mode tap group 4294967296 name t6
ip tuntap add mode tap user 4294967295 group 4294967295 name t8
ip tuntap add name t9 dev t10 mode tun
$read_back
S
	compare_scenario "$SCENARIO"
}

@test "tuntap del removes what add made, as ip does" {
	scenario del <<S
\$REF tuntap add tun0 mode tun
\$REF tuntap add tap0 mode tap multi_queue
\$REF tuntap add tap1 mode tap
ip tuntap del tun0 mode tun
ip tuntap del tap0 mode tap
ip tuntap del tap0 mode tap multi_queue
ip tuntap d tap1 mode tap
ip tuntap del tap1 mode tap
ip tuntap del nothere mode tun
ip tuntap del tun0
ip tuntap del mode tun
$read_back
S
	compare_scenario "$SCENARIO"
}

@test "tuntap show and list print what ip prints" {
	sandbox_start
	compare_ip tuntap
	compare_ip -j tuntap
	sb "$IP_REF" tuntap add tun0 mode tun
	sb "$IP_REF" tuntap add tap0 mode tap user 1 group 2 multi_queue vnet_hdr one_queue pi
	sb "$IP_REF" tuntap add mode tap user 65534
	sb "$IP_REF" link add v0 type veth peer name v1
	local cmd mode
	for cmd in "tuntap" "tuntap show" "tuntap list" "tuntap lst" "tap" "tuntap sh" "tuntap show extra words" "tap l"; do
		for mode in "" "-o" "-j" "-j -p" "-br"; do
			# shellcheck disable=SC2086
			compare_ip $mode $cmd
		done
	done
}

# holder NAME FLAGS starts, in the sandbox, a process named "holder" that
# attaches a /dev/net/tun file to device NAME with TUNSETIFF (FLAGS in hex)
# and waits; it returns once the process holds the device.
holder() {
	# One file per holder: two may hold the same device.
	local ready="$BATS_TEST_TMPDIR/holder-${#TRACKED_PIDS[@]}"
	cat >"$BATS_TEST_TMPDIR/hold.pl" <<'P'
open(my $fh, "+<", "/dev/net/tun") or die "open: $!";
ioctl($fh, 0x400454ca, pack("a16 s", $ARGV[0], hex($ARGV[1]))) or die "ioctl: $!";
$0 = "holder";
open(my $ready, ">", $ARGV[2]) or die "ready: $!";
close($ready);
sleep 1000000;
P
	sb_background perl "$BATS_TEST_TMPDIR/hold.pl" "$1" "$2" "$ready"
	local i
	for i in $(seq 100); do
		[ -e "$ready" ] && return 0
		sleep 0.05
	done
	fail "the holder of $1 did not start"
}

@test "tuntap -details lists the processes attached to each device" {
	command -v perl >/dev/null || skip "perl is not installed"
	# A PID namespace and /proc of the test's own: both tools see the
	# same processes, and none they may not look into.
	pid_sandbox_start
	sb "$IP_REF" tuntap add tap0 mode tap multi_queue
	sb "$IP_REF" tuntap add tun1 mode tun
	holder tap0 0x1102
	holder tap0 0x1102
	holder tun9 0x1011 # not persistent, and with IFF_NAPI, which ip shows as a number
	local mode
	for mode in "-d" "-d -o" "-details -br"; do
		# shellcheck disable=SC2086
		compare_ip $mode tuntap show
	done
	# ip's JSON for the processes is not valid JSON (names inside an
	# array), so compare_ip's JSON check cannot apply: compare by hand.
	for mode in "-j -d" "-j -p -d"; do
		# shellcheck disable=SC2086
		sb "$IP_REF" $mode tuntap >"$BATS_TEST_TMPDIR/ref.json"
		# shellcheck disable=SC2086
		sb "$IP_LINK_DIR/ip" $mode tuntap >"$BATS_TEST_TMPDIR/got.json"
		run diff -u "$BATS_TEST_TMPDIR/ref.json" "$BATS_TEST_TMPDIR/got.json"
		assert_success
		grep -q '"processes":\[\?"name":"holder","pid":[0-9]*,"name":"holder"' "$BATS_TEST_TMPDIR/got.json" ||
			[ "$mode" != "-j -d" ] || fail "tap0's two holders are missing: $(cat "$BATS_TEST_TMPDIR/got.json")"
	done
	run sb "$IP_LINK_DIR/ip" -d tuntap
	assert_line --regexp '^	Attached to processes:holder\([0-9]+\)holder\([0-9]+\)$'
}

@test "tuntap refuses bad input as ip does and changes nothing" {
	scenario bad <<S
\$REF tuntap add tap0 mode tap
ip tuntap add tap0 mode tap
ip tuntap add tapx
ip tuntap add mode foo
ip tuntap add mode tun mode tap
ip tuntap add mode tap mode tap name tapy
ip tuntap add mode
ip tuntap add mode tap user
ip tuntap add mode tap user nosuchuser
ip tuntap add mode tap user ""
ip tuntap add mode tap user " 7" name t7
ip tuntap add mode tap user 7x
ip tuntap add mode tap group nosuchgroup
ip tuntap add mode tap group ""
ip tuntap add mode tap a b
ip tuntap add mode tap name a name b
ip tuntap add mode tap name ""
ip tuntap add mode tap name 0123456789abcdef
ip tuntap add mode tap dev a/b
ip tuntap add mode tap "a b"
ip tuntap add mode tap dev x name y
ip tuntap add mode tap name x dev y
ip tuntap del user 5 mode tap
ip tuntap add help
ip tuntap add mode tap help
ip tuntap help
ip tuntap foo
ip tuntap ""
ip tap del tap0 mode tun
$read_back
S
	compare_scenario "$SCENARIO"
}

@test "tuntap under -netns makes and lists the devices of that namespace" {
	sandbox_start
	sb "$IP_REF" netns add ns1
	sb "$IP_REF" tuntap add mode tap name host0
	sb "$IP_LINK_DIR/ip" -n ns1 tuntap add mode tap name t0 user 3 multi_queue
	sb "$IP_LINK_DIR/ip" -netns ns1 tuntap add mode tun name t1
	run sb "$IP_REF" -n ns1 tuntap show
	assert_output "t0: tap multi_queue persist user 3
t1: tun persist"
	run sb "$IP_REF" tuntap show
	assert_output "host0: tap persist"
	compare_ip -n ns1 tuntap
	compare_ip -n ns1 -j tuntap list
	compare_ip -n ns1 tuntap del t0 mode tap
	compare_ip -n ns1 tuntap del t0 mode tap multi_queue
	compare_ip -n ns1 tuntap
	compare_ip -n nope tuntap
}

#!/usr/bin/env bats
# Bad input: hundreds of malformed command lines across ip netns, link,
# address and route, lsns, unshare and nsenter, and a sweep that gives
# every value-taking keyword of every command an empty string.
#
# Each case runs twice, each time in a fresh sandbox holding the same
# standard state (a netns, veth pairs, addresses, routes): once with the
# reference tool and once with nsip called by its name. nsip must not
# panic or hang; it must succeed exactly when the reference does, with
# the same exit status; when it fails, its sandbox must be byte for byte
# as it was (files under /run/netns and /etc/netns, the mount table, and
# the links, addresses and routes of every namespace); when both succeed,
# the states must be equal; stdout and stderr must be the reference's.
# The few deliberate differences are listed, with reasons, in
# badinput/exceptions.
#
# The cases are in badinput/cases and badinput/sweep; badinput/run-case
# builds a sandbox and runs one case in it; badinput/driver runs a
# section's cases, judges them and prints every failure with its case,
# both exit statuses and the diffs.

load helpers

BADINPUT=$BATS_TEST_DIRNAME/badinput

setup() {
	require_root
	local tool
	for tool in lsns unshare nsenter timeout perl; do
		command -v "$tool" >/dev/null || skip "$tool is not installed"
	done
	grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null ||
		skip "the kernel has no overlayfs for the sandbox's private /etc"
}

# badinput FILE SECTION... runs the cases of those sections and fails with
# the driver's report when any of them fails.
badinput() {
	run env NSIP="$NSIP" BADINPUT_WORK="$BATS_TEST_TMPDIR/work" "$BADINPUT/driver" run "$@"
	[ ${#lines[@]} = 0 ] || echo "# ${lines[-1]}" >&3
	assert_success
}

@test "the cases are distinct, and at least 150 besides the sweep" {
	run "$BADINPUT/driver" count
	local line
	for line in "${lines[@]}"; do
		echo "# $line" >&3
	done
	assert_success
}

@test "bad input: ip netns" {
	badinput cases netns
}

@test "bad input: ip link" {
	badinput cases link
}

@test "bad input: ip address" {
	badinput cases address
}

@test "bad input: ip route" {
	badinput cases route
}

@test "bad input: ip -batch, a failing line among good ones" {
	badinput cases batch
}

@test "bad input: lsns, unshare and nsenter" {
	badinput cases lsns unshare nsenter
}

@test "empty values: global options and ip link" {
	badinput sweep sweep-global sweep-link-show sweep-link-add sweep-link-set sweep-link-delete
}

@test "empty values: ip address" {
	badinput sweep sweep-address-show sweep-address-change
}

@test "empty values: ip route" {
	badinput sweep sweep-route-show sweep-route-add sweep-route-del sweep-route-change \
		sweep-route-replace sweep-route-append sweep-route-prepend sweep-route-test sweep-route-get
}

@test "bad input: ip tuntap, save, restore and showdump" {
	badinput cases tuntap save
}

@test "empty values: ip tuntap" {
	badinput sweep sweep-tuntap
}

@test "empty values: ip netns, lsns, unshare and nsenter" {
	badinput sweep sweep-netns sweep-lsns sweep-unshare sweep-nsenter
}

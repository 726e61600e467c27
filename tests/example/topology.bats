#!/usr/bin/env bats
# An example of a network test suite that needs no root and no preamble:
#
#	nsip sandbox bats tests/example/
#
# runs the whole suite in namespaces of its own (network, mount, PID, and a
# user namespace mapped to root), with its own /run/netns. Whatever the
# tests make is gone when bats ends, also when a test dies halfway.

setup() {
	# The tests change the network: never on the host.
	[ -n "${NSIP_SANDBOX:-}" ] || skip "run the suite with: nsip sandbox bats tests/example/"
}

teardown() {
	# The tests of a suite share its sandbox.
	ip -all netns delete
}

@test "the sandbox starts empty: lo alone and up, no named namespaces" {
	run ip -br link
	[ "$status" -eq 0 ]
	[[ "$output" == "lo "*"UP"* ]]
	[ "${#lines[@]}" -eq 1 ]
	run ip netns list
	[ "$output" = "" ]
}

@test "two namespaces joined by a veth pair reach each other, also through a route" {
	ip netns add red
	ip netns add blue
	ip link add veth-red netns red type veth peer veth-blue netns blue
	ip -n red address add 10.10.0.1/24 dev veth-red
	ip -n blue address add 10.10.0.2/24 dev veth-blue
	ip -n red link set veth-red up
	ip -n blue link set veth-blue up
	ip -n blue link set lo up
	ip -n blue address add 10.20.0.1/32 dev lo
	ip -n red route add 10.20.0.0/24 via 10.10.0.2

	ip netns exec red busybox ping -c 1 -W 10 10.10.0.2
	ip netns exec red busybox ping -c 1 -W 10 10.20.0.1
	run ip -n red route get 10.20.0.1
	[[ "$output" == "10.20.0.1 via 10.10.0.2 dev veth-red "* ]]
}

#!/usr/bin/env bats
# The read path: link, address and route show must print what iproute2 6.1
# prints on the same kernel state, byte for byte, in every output mode.

load helpers

setup() {
	sandbox_start
	build_rich_state
}

teardown() {
	sandbox_stop
}

@test "link show matches ip in every output mode" {
	compare_in_modes "link" "link show" "link show up" "link show type veth" \
		"link show type bridge_slave" "link show master br0" "link show nomaster" \
		"link show group 5" "link show group default" "-4 link" "-6 link"
}

@test "link show of one device matches ip in every output mode" {
	local dev
	for dev in lo v0 v1 v2 v5 v6 br0 mv0 mv1 ifb7 tun0 tap0; do
		compare_in_modes "link show dev $dev" "link show $dev"
	done
	compare_in_modes "link show dev a-very-long-alternative-name" "link show v1alt"
}

@test "address show matches ip in every output mode" {
	compare_in_modes "address" "address show" "-4 address" "-6 address" "-0 address" \
		"address show up" "address show dev br0" "address show dev v1" "address show v5" \
		"-6 address show dev v1" "address show type veth" "address show master br0" \
		"address show nomaster"
}

@test "address show filters match ip" {
	compare_in_modes "address show scope global" "address show scope link" \
		"address show scope host" "address show scope all" "address show to 10.1.0.0/16" \
		"address show to 10.0.0.0/8" "-6 address show to fd00::/16" \
		"address show label br0*" "address show label br0:lan" "address show label v?" \
		"address show secondary" "address show primary" "address show dynamic" \
		"address show permanent" "address show -tentative" "address show deprecated" \
		"address show nodad" "address show noprefixroute" "address show home"
}

@test "route show matches ip in every output mode" {
	compare_in_modes "route" "route show" "-6 route" "-4 route" "route show table all" \
		"-6 route show table all" "route show table main" "route show table local" \
		"route show table 100" "route show table 1000" "-6 route show table local"
}

@test "route show selectors match ip" {
	compare_in_modes "route show default" "route show 10.9.0.0/16" "route show match 10.9.1.1" \
		"route show root 10.0.0.0/8" "route show exact 10.9.0.0/16" "route show to 10.11.0.0/16" \
		"route show dev br0" "route show oif v1" "route show via 10.1.0.254" \
		"route show src 10.1.0.1" "route show metric 100" "route show proto kernel" \
		"route show proto static" "route show scope link" "route show type blackhole" \
		"route show type unreachable" "route show table all type local" \
		"route show table all type broadcast" "-6 route show table all type multicast" \
		"route show table all proto kernel scope host" "-6 route show dev v1"
}

@test "-n NAME reads the named namespace" {
	sb $IP_REF -n ns1 link set v3 up
	sb $IP_REF -n ns1 addr add 10.30.0.2/24 dev v3
	sb $IP_REF -n ns1 route add default via 10.30.0.1
	compare_in_modes "-n ns1 link" "-n ns1 address" "-n ns1 route" "-n ns1 link show dev v3"
}

@test "nsip called as nsip prints what ip prints" {
	local cmd
	for cmd in "link" "-br address" "-j route show table all" "-o address show dev v1"; do
		# shellcheck disable=SC2086
		compare_nsip_name $cmd
	done
}

@test "missing devices and tables fail as in ip" {
	compare_in_modes "link show dev nope" "link show nope" "address show dev nope" \
		"route show dev nope" "route show iif nope" "route show table 12345" \
		"link show if1" "link show if99"
}

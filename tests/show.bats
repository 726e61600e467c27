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

@test "up and single-device filters match ip while an earlier link waits for its master" {
	# w0 is up and names its master, which the dump brings last: links
	# the filter turns away by their header come while w0 waits.
	sb $IP_REF link add w0 type veth peer name w1
	sb $IP_REF link add w2 type veth peer name w3
	sb $IP_REF link add wbr type bridge
	sb $IP_REF link set w0 master wbr
	sb $IP_REF link set w0 up
	sb $IP_REF address add 10.9.0.1/24 dev w0
	compare_in_modes "link show up" "address show up" "-4 address show up" "link show dev w2"
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

# Bridge timers count down between the two runs: only their values are
# hidden, in text and JSON.
DETAILS_TIMERS='s/(_timer"?:?) *[0-9]+\.[0-9]+/\1 0.00/g'

@test "-details matches ip in every output mode" {
	COMPARE_FILTER=$DETAILS_TIMERS compare_in_modes "-d link" "-d link show" "-details link show up" \
		"-d link show type bridge_slave" "-d -4 link" "-d address" "-d -4 address" "-d -6 address" \
		"-d -0 address" "-d address show dev v1" "-d route" "-d route show table all" \
		"-d -6 route show table all" "-d -d link" "-d route get 10.9.1.1" "-d -n ns1 link"
}

@test "-details of each device matches ip in every output mode" {
	local dev
	for dev in lo v0 v1 v2 v5 v6 br0 mv0 mv1 ifb7 tun0 tap0; do
		COMPARE_FILTER=$DETAILS_TIMERS compare_in_modes "-d link show dev $dev" "-d address show dev $dev"
	done
}

@test "-details of vxlan, bridge, port, macvlan and tap options matches ip" {
	local ip=$IP_REF
	sb $ip link add vx0 type vxlan id 42 dstport 4789 local 10.1.0.1 dev br0
	sb $ip link add vx1 type vxlan id 7 group 239.1.1.1 dev br0 dstport 4789 srcport 1000 2000 ttl 64 \
		tos inherit df set ageing 100 maxaddr 50 nolearning proxy rsc l2miss l3miss noudpcsum \
		udp6zerocsumtx udp6zerocsumrx gbp
	sb $ip link add vx2 type vxlan id 8 remote fd00::9 local fd00::1 dstport 4790 ttl inherit tos 0x10 df inherit flowlabel 0x123
	sb $ip link add vx3 type vxlan external dstport 4791 remcsumtx remcsumrx ttl auto
	sb $ip link add vx4 type vxlan id 9 group ff05::1 dev v1 dstport 4792
	sb $ip link add vx5 type vxlan external gpe dstport 4793
	sb $ip link add vx6 type vxlan vnifilter external dstport 4794
	sb $ip link add br1 type bridge forward_delay 400 hello_time 300 max_age 1200 ageing_time 1000 \
		stp_state 1 priority 4096 vlan_protocol 802.1ad nf_call_iptables 1 vlan_default_pvid 5 \
		vlan_stats_enabled 1 group_fwd_mask 0x4000 group_address 01:80:c2:00:00:0e mcast_snooping 0 \
		mcast_router 2 mcast_query_use_ifaddr 1 mcast_querier 1 mcast_hash_max 1024 \
		mcast_igmp_version 3 mcast_mld_version 2 mcast_stats_enabled 1 no_linklocal_learn 1
	sb $ip link add v8 type veth peer name v9
	sb $ip link add v10 type veth peer name v11
	sb $ip link set v8 master br1
	sb $ip link set v10 master br1
	sb $ip link set v8 type bridge_slave cost 7 priority 9 hairpin on guard on root_block on \
		fastleave on learning off flood off proxy_arp on mcast_router 2 mcast_flood off \
		bcast_flood off mcast_to_unicast on neigh_suppress on group_fwd_mask 0x4005 vlan_tunnel on \
		isolated on locked on proxy_arp_wifi on backup_port v10
	sb $ip link add mv2 link v1 type macvlan mode source macaddr add 02:00:00:00:00:01 \
		macaddr add 02:00:00:00:00:02 bcqueuelen 500
	sb $ip link add mv3 link v9 type macvlan mode passthru nopromisc
	sb $ip link add mv4 link v5 type macvlan mode vepa
	sb $ip link add mv5 link v5 type macvlan mode bridge nodst
	sb $ip tuntap add tap1 mode tap user 65534 group 65534 multi_queue vnet_hdr
	sb $ip tuntap add tun1 mode tun user 4242 group 4343 pi
	local dev
	COMPARE_FILTER=$DETAILS_TIMERS compare_in_modes "-N -d link show dev br1"
	for dev in vx0 vx1 vx2 vx3 vx4 vx5 vx6 br1 v8 v10 mv2 mv3 mv4 mv5 tap1 tun1; do
		COMPARE_FILTER=$DETAILS_TIMERS compare_in_modes "-d link show dev $dev"
	done
}

@test "-details prints the nexthop objects routes use as ip does" {
	local ip=$IP_REF
	sb $ip nexthop add id 1 via 10.1.0.254 dev br0
	sb $ip nexthop add id 2 blackhole
	sb $ip nexthop add id 4 via 10.2.0.2 dev v1 proto static
	sb $ip nexthop add id 3 group 1/4,5
	sb $ip nexthop add id 5 group 1/4 type resilient buckets 8 idle_timer 120 unbalanced_timer 30
	sb $ip nexthop add id 6 dev br0
	sb $ip route add 10.50.0.0/16 nhid 1
	sb $ip route add 10.51.0.0/16 nhid 2
	sb $ip route add 10.52.0.0/16 nhid 3
	sb $ip route add 10.53.0.0/16 nhid 5
	sb $ip route add 10.54.0.0/16 nhid 6
	compare_in_modes "-d route" "-d route show 10.52.0.0/16" "-d -4 route show table all" "route"
}

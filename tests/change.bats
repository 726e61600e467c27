#!/usr/bin/env bats
# The write path: link, address and route changes must leave the kernel in
# the state iproute2 6.1's same commands leave it in, print the same, fail
# the same way on bad input without touching anything, and, unlike ip,
# leave nothing half done.

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

# state prints the sandbox's links, addresses and routes as iproute2 reads
# them in JSON, sorted and without what changes by itself.
state() {
	sb sh -c "$IP_REF -d -j link; $IP_REF -j address; $IP_REF -j route show table all; $IP_REF -6 -j route show table all" |
		jq -S . | normalize
}

@test "link add, set, delete and property leave the state ip leaves" {
	scenario links <<'S'
ip link add v0 type veth peer name v1
ip link add v2 address 02:00:00:00:00:02 mtu 1400 txqlen 300 type veth peer name v3 address 02:00:00:00:00:03 mtu 1300
ip link add br0 type bridge
ip link add br1 type bridge stp_state 1 forward_delay 500 priority 10 vlan_filtering 1 mcast_snooping 0
ip link add mv0 link v1 type macvlan mode bridge
ip link add mv1 link v1 type macvlan mode passthru nopromisc
ip link add mv2 link v1 type macvlan mode private
ip link add ifb3 type ifb
ip link add name v4 index 40 up type veth peer name v5
ip link set v0 master br0
ip link set dev v1 up mtu 1400 txqlen 500 alias "hello world" promisc on arp off multicast off allmulticast on
ip link set dev v1 address 02:00:00:00:00:01 broadcast ff:ff:ff:ff:ff:fe
ip link set dev v1 name v1renamed
ip link set v1renamed name v1
ip link set dev v1 group 7
ip link set group 7 down
ip link set dev v1 mode dormant
ip link set dev v1 addrgenmode none
ip link set dev v0 nomaster
ip netns add N
ip link set dev v4 netns N name v4moved up
ip -n N link set dev v4moved netns $$
ip -br link show v4moved
ip link property add dev v0 altname alt-one altname alt-two
ip link property del dev v0 altname alt-two
ip link del v2
ip link delete dev mv0 type macvlan
ip link delete ifb3
ip link show
ip -br link show
$REF -d -j link | jq -c '.[] | [.ifname, .mtu, .txqlen, .group, .flags, .master, .ifalias, .altnames, .linkinfo.info_kind]'
S
	compare_scenario "$SCENARIO"
}

@test "a veth end can be made directly in another namespace, either end" {
	scenario veth-netns <<'S'
ip netns add A
ip netns add B
ip link add a0 netns A type veth peer name b0 netns B
ip link add c0 type veth peer name c1 netns A
ip link add d0 netns B type veth peer name d1
ip -n A -br link
ip -n B -br link
ip -br link
S
	compare_scenario "$SCENARIO"
}

@test "address add, change, replace, delete leave the state ip leaves" {
	scenario addresses <<'S'
ip link add v0 type veth peer name v1
ip link set v0 up
ip address add 10.1.0.1/24 dev v0
ip address add 10.1.0.2/24 brd + dev v0 label v0:x
ip address add 10.1.0.3/24 brd - dev v0
ip address add 10.1.0.4/24 brd 10.1.0.127 anycast 10.1.0.55 dev v0
ip address add 10.2.0.1 peer 10.2.0.2/32 dev v0
ip address add 10.3.0.1/24 dev v0 valid_lft 100 preferred_lft 50
ip address add 10.4.0.1/24 dev v0 metric 100 noprefixroute
ip address add 10.5.0.1/24 dev v0 scope link
ip address add 127.1.0.1/8 dev v0
ip address add fd00::1/64 dev v0 nodad
ip address add fd00:1::1/64 dev v0 nodad home mngtmpaddr
ip address add 224.0.0.9/32 dev v0 autojoin
ip address add 10.6.0.1/24 dev v0 nodad
ip address change 10.4.0.1/24 dev v0 metric 200
ip address replace 10.8.0.1/24 dev v0
ip address replace 10.8.0.1/24 dev v0 valid_lft 3000 preferred_lft 1000
ip address del 10.1.0.1/24 dev v0
ip address del 10.1.0.2 dev v0
ip address show dev v0
ip -j address show dev v0 | jq -c '.[].addr_info[] | [.local, .prefixlen, .broadcast, .label, .scope]'
S
	compare_scenario "$SCENARIO"
}

@test "route add, change, replace, append, delete, get and flush match ip" {
	# v1 up first: v0's multicast route comes at once, v1's after it,
	# when v1 sees its carrier, so they are in one order in every run.
	scenario routes <<'S'
ip link add v0 type veth peer name v1
ip link set v1 up
ip link set v0 up
ip address add 10.1.0.1/24 dev v0
ip address add 10.2.0.1/24 dev v1
ip address add fd00::1/64 dev v0 nodad
ip route add 10.9.0.0/16 via 10.1.0.254
ip route add 10.8.0.0/16 dev v0 metric 100 proto static
ip route add default via 10.1.0.254 dev v0
ip route add 10.7.0.0/16 via 10.1.0.254 table 100
ip route add 10.6.0.0/16 via 10.1.0.254 table 1000
ip route add blackhole 10.66.0.0/16
ip route add unreachable 10.67.0.0/16 metric 5
ip route add prohibit 10.68.0.0/16
ip route add local 10.70.0.1 dev v0
ip route add 10.11.0.0/16 nexthop via 10.1.0.254 dev v0 weight 2 nexthop via 10.2.0.254 dev v1
ip route add 10.12.0.0/16 dev v0 mtu lock 1400 advmss 1300 rtt 2s rttvar 500ms hoplimit 64 initcwnd 10 window 2000 quickack 1 features ecn
ip route add 10.13.0.0/16 dev v0 src 10.1.0.1 scope link
ip route add 10.14.0.0/16 via 10.1.0.254 onlink dev v1
ip route add fd01::/64 via fd00::2 dev v0 metric 10
ip route add fd02::/64 dev v0 pref high
ip route append 10.9.0.0/16 via 10.2.0.254
ip route prepend 10.24.0.0/16 via 10.2.0.254
ip route replace 10.8.0.0/16 dev v1 metric 100
ip route change 10.8.0.0/16 dev v0 metric 100
ip route test 10.25.0.0/16 dev v0
ip route del 10.9.0.0/16 via 10.2.0.254
ip route del default
ip route del 10.6.0.0/16 table 1000
ip route show table all
ip -6 route show
ip route get 10.1.0.5
ip route get 10.9.9.9
ip route get 10.1.0.5 from 10.1.0.1
ip route get 10.1.0.5/24
ip route get fd00::5
ip route get 10.66.1.1
ip route get 10.1.0.5 oif v1
ip route get 10.1.0.5 connected
ip route get 10.1.0.5 mark 5 uid 0
ip route get 10.1.0.5 ipproto tcp sport 80 dport 8080
ip route get 10.1.0.5 ipp 17 dport 53
ip route get 10.1.0.5 ipproto gre
ip route get 10.1.0.5 ipproto nosuch
ip route get 10.2.0.5 from 10.1.0.9 iif v0
ip route get 10.1.0.5 iif nope
ip -j route get 10.1.0.5
ip route flush table 100
ip route flush dev v0 proto static
ip route show table all
ip route flush
ip route flush table main
ip route show
S
	compare_scenario "$SCENARIO"
}

@test "address flush matches ip" {
	scenario flush <<'S'
ip link add v0 type veth peer name v1
ip address add 10.1.0.1/24 dev v0
ip address add 10.1.0.2/24 dev v0
ip address add 10.1.0.3/24 dev v0 label v0:a
ip address add 10.2.0.1/24 dev v1
ip address add fd00::1/64 dev v0 nodad
ip address flush dev v0 label v0:a
ip address show dev v0
ip address flush dev v0 primary
ip address show dev v0
ip -6 address flush dev v0
ip address show dev v0
ip address flush dev v1 scope global
ip address flush to 10.0.0.0/8
ip address flush
ip -0 address flush dev v0
ip address flush dev nope
ip address show
S
	compare_scenario "$SCENARIO"
}

@test "bad input fails as in ip and changes nothing" {
	sb "$IP_REF" link add v0 type veth peer name v1
	sb "$IP_REF" link set v0 up
	sb "$IP_REF" address add 10.1.0.1/24 dev v0
	sb "$IP_REF" route add 10.9.0.0/16 via 10.1.0.254 dev v0 onlink
	local before
	before=$(state)
	local cmd
	for cmd in "link add thisnameiswaytoolong type veth" "link add a/b type veth" \
		"link add v0 type veth peer name v1" "link add x type veth peer name v0" \
		"link add x type foo" "link add x type veth bogus" "link add x type macvlan mode bogus" \
		"link add x link v0 type macvlan nopromisc" "link add x type bridge bogus" \
		"link add x" "link set nope up" "link set v0 bogus" "link set v0 mtu 0" \
		"link set v0 mtu 99999999" "link set v0 mtu x" "link set v0 address zz:zz" \
		"link set v0 address 02:00:00:00:00" "link set v0 master nope" "link set v0 promisc x" \
		"link set v0 carrier x" "link set v0 name v1" "link set v0 name way-too-long-name-x" \
		"link set v0 netns nope" "link set up" "link delete nope" \
		"address add 10.0.0.300/24 dev v0" "address add 10.0.0.1/33 dev v0" \
		"address add fe80::zz/64 dev v0" "address add 10.1.0.1/24 dev v0" \
		"address add 10.6.0.1/24 dev nope" "address add 10.6.0.1/24" \
		"address add 10.6.0.2/24 dev v0 scope bogus" "address add 10.7.0.1/24 dev v0 autojoin" \
		"address add 10.3.0.2/24 dev v0 valid_lft 0" "address add 10.3.0.3/24 dev v0 valid_lft 10 preferred_lft 50" \
		"address del 10.5.0.1/24 dev v0" "address flush" \
		"route add 10.9.0.0/16 via 10.1.0.254 dev v0 onlink" "route add 10.15.0.0/16 via 10.99.0.1" \
		"route add 10.16.0.0/16 dev nope" "route add 10.300.0.0/16 dev v0" \
		"route add 10.17.0.0/16 dev v0 table bogus" "route add 10.18.0.0/16 dev v0 metric x" \
		"route add 10.19.0.0/16 dev v0 mtu x" "route add 10.20.0.0/16 via 10.1.0.254 via 10.1.0.253" \
		"route add 10.21.0.0/16 nexthop via 10.1.0.254 dev v0 foo" "route add 10.22.0.0/16 nexthop" \
		"route add 10.23.0.0/16 dev v0 type bogus" "route add" "route del 10.99.0.0/16" \
		"route change 10.99.0.0/16 dev v0" "route get" "route flush"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
		[ "$(state)" = "$before" ] || fail "ip $cmd changed the state"
	done
}

# refused_like_ip KIND HINT ARGS...: `ip ARGS` fails on a kernel without
# KIND links; nsip fails alike and names what is missing.
refused_like_ip() {
	local kind=$1 hint=$2
	shift 2
	run sb "$IP_REF" "$@"
	local ref_status=$status ref_output=$output
	[ "$ref_status" != 0 ] || fail "ip $* succeeded"
	run sb "$IP_LINK_DIR/ip" "$@"
	assert_equal "$status" "$ref_status"
	assert_output "$ref_output
nsip: the kernel has no $kind links: load the $hint"
}

@test "dummy and vlan links, where the kernel has them" {
	sb "$IP_REF" link add v0 type veth peer name v1
	if ! sb "$IP_REF" link add probe0 type dummy 2>/dev/null; then
		# nsip says what ip says, and then what the kernel lacks.
		refused_like_ip dummy "dummy module (modprobe dummy) or build the kernel with CONFIG_DUMMY" \
			link add d0 type dummy
		refused_like_ip vlan "8021q module (modprobe 8021q) or build the kernel with CONFIG_VLAN_8021Q" \
			link add vl0 link v0 type vlan id 10
		skip "this kernel has no dummy or vlan links"
	fi
	sb "$IP_REF" link del probe0
	scenario kinds <<'S'
ip link add d0 type dummy
ip link add vl0 link v0 type vlan id 10 protocol 802.1ad reorder_hdr off
ip -d link show vl0
ip link delete vl0
S
	compare_scenario "$SCENARIO"
}

# linkstate is state without the qdisc: a device that was ever opened keeps
# its default qdisc where it had noop before, and nothing can take that back.
linkstate() {
	state | grep -v '"qdisc"'
}

@test "nsip undoes a link set the kernel leaves half done" {
	sb "$IP_REF" netns add X
	sb "$IP_REF" -n X link add taken type veth peer name tk2
	sb "$IP_REF" link add D type veth peer name D2
	sb "$IP_REF" link add E type veth peer name E2
	local before
	before=$(linkstate)
	local before_x
	before_x=$(sb "$IP_REF" -n X -j link | jq -S . | normalize)
	# The kernel moves D into X, then fails to rename it there.
	run sb "$IP_LINK_DIR/ip" link set dev D netns X name taken
	assert_failure 2
	assert_output "RTNETLINK answers: File exists"
	# The kernel sets the MTU, brings E up, then fails on the master.
	run sb "$IP_LINK_DIR/ip" link set dev E up promisc on mtu 1280 name E-new master D2
	assert_failure 2
	assert_output "RTNETLINK answers: Operation not supported"
	[ "$(linkstate)" = "$before" ] || fail "the changes were not undone"
	[ "$(sb "$IP_REF" -n X -j link | jq -S . | normalize)" = "$before_x" ] || fail "X kept D"
	# iproute2 leaves both half done, which is why nsip goes further.
	run sb "$IP_REF" link set dev E mtu 1280 master D2
	run sb "$IP_REF" -j link show E
	[ "$(jq '.[0].mtu' <<<"$output")" = 1280 ]
}

# movedstate is linkstate as far as a link moved away and back can have
# it again: lifetimes tick, bridge timers run, and routes the kernel makes
# anew come after older ones of the same prefix in a dump.
movedstate() {
	sb sh -c "$IP_REF -d -j link; $IP_REF -j address; $IP_REF -j route show table all; $IP_REF -6 -j route show table all" |
		jq -S 'sort' | normalize | grep -v -e '"qdisc"' -e '_timer"' |
		sed -E 's/"(valid|preferred)_life_time": [0-9]{1,9},?$/"\1_life_time": N/'
}

# steady_linkstate is movedstate once it has stopped changing by itself:
# carrier and operstate settle a moment after a link comes up.
steady_linkstate() {
	local last now i
	last=$(movedstate)
	for i in $(seq 50); do
		sleep 0.2
		now=$(movedstate)
		[ "$now" != "$last" ] || break
		last=$now
	done
	echo "$now"
}

# same_linkstate waits for the state to settle back to $1.
same_linkstate() {
	local now i
	for i in $(seq 50); do
		now=$(movedstate)
		[ "$now" != "$1" ] || return 0
		sleep 0.2
	done
	fail "$(diff <(echo "$1") <(echo "$now"))"
}

@test "a failed move to another namespace is undone with the link's addresses and routes" {
	# No duplicate address detection: addresses stay as they were added.
	sb sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	sb "$IP_REF" netns add X
	sb "$IP_REF" link add D type veth peer name D2
	sb "$IP_REF" link add E type veth peer name E2
	sb "$IP_REF" link add br0 type bridge forward_delay 0
	sb "$IP_REF" link set E master br0
	local l
	for l in D D2 E E2 br0; do sb "$IP_REF" link set "$l" up; done
	sb "$IP_REF" address add 10.1.0.1/24 brd + dev D label D:one
	sb "$IP_REF" address add 10.1.0.7/24 dev D
	sb "$IP_REF" address add 10.3.0.1/24 dev D valid_lft 3000 preferred_lft 2000
	sb "$IP_REF" address add fd00::1/64 dev D nodad
	sb "$IP_REF" address add 10.2.0.1/24 dev D2
	sb "$IP_REF" route add 10.9.0.0/16 via 10.1.0.254 metric 7 proto static
	sb "$IP_REF" route add 10.8.0.0/16 dev D table 100
	sb "$IP_REF" route add 10.11.0.0/16 nexthop via 10.1.0.254 dev D nexthop via 10.2.0.254 dev D2
	sb "$IP_REF" -6 route add fd01::/64 via fd00::2 dev D metric 10
	# Every link up, the bridge's port forwarding: the state that lasts.
	local i
	for i in $(seq 100); do
		[ "$(sb "$IP_REF" -j link | jq '[.[] | select(.operstate != "UP" and .ifname != "lo")] | length')" = 0 ] &&
			break
		sleep 0.2
	done
	local before before_x
	before=$(steady_linkstate)
	before_x=$(sb "$IP_REF" -n X -j link | jq -S . | normalize)
	# The kernel moves D into X and then fails on the name, or on the
	# master: D comes back without addresses, routes or its up state.
	run sb "$IP_LINK_DIR/ip" link set D netns X name lo
	assert_failure 2
	assert_output "RTNETLINK answers: File exists"
	same_linkstate "$before"
	# The new address is set in X before the name fails: D is still
	# found there, and gets its own address back.
	run sb "$IP_LINK_DIR/ip" link set D netns X address 02:00:00:00:00:99 name lo
	assert_failure 2
	assert_output "RTNETLINK answers: File exists"
	same_linkstate "$before"
	run sb "$IP_LINK_DIR/ip" link set E netns X master E
	assert_failure 2
	same_linkstate "$before"
	[ "$(sb "$IP_REF" -n X -j link | jq -S . | normalize)" = "$before_x" ] || fail "X kept a link"
}

@test "a refused link set undoes nothing and says nothing more than ip" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
	sb "$IP_REF" link add D type veth peer name D2
	sb "$IP_REF" link set D up
	local before cmd
	before=$(linkstate)
	local d=$BATS_TEST_TMPDIR nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	for cmd in "link set D down" "link set D mtu 1400" "link set D mtu 1400 name D3" "link set D netns 1"; do
		# As a user without CAP_NET_ADMIN: the kernel refuses at once.
		ref_status=0 got_status=0
		# shellcheck disable=SC2086
		sb "${nobody[@]}" "$IP_REF" $cmd >"$d/ref.out" 2>"$d/ref.err" || ref_status=$?
		# shellcheck disable=SC2086
		sb "${nobody[@]}" "$NSIP" $cmd >"$d/got.out" 2>"$d/got.err" || got_status=$?
		if [ "$ref_status" != "$got_status" ] || ! cmp -s "$d/ref.err" "$d/got.err" ||
			! cmp -s "$d/ref.out" "$d/got.out"; then
			report_difference "ip $cmd as nobody" iproute2
		fi
	done
	[ "$(linkstate)" = "$before" ]
}

@test "a veth add that fails leaves nothing behind, in any namespace" {
	sb "$IP_REF" netns add X
	# Named va and vb: "a" and "b" alone abbreviate ip's address and
	# broadcast keywords.
	sb "$IP_REF" link add vb type veth peer name vb1
	local before before_x
	before=$(state)
	before_x=$(sb "$IP_REF" -n X -j link | jq -S . | normalize)
	compare_ip link add va type veth peer name vb netns missing
	compare_ip link add va netns X type veth peer name vb
	[ "$(state)" = "$before" ]
	[ "$(sb "$IP_REF" -n X -j link | jq -S . | normalize)" = "$before_x" ]
}

@test "batch files of hundreds of lines run as in ip, with and without -force" {
	local f="$BATS_TEST_TMPDIR/big"
	{
		echo "# built by the test"
		for i in $(seq 100); do
			echo "link add a$i type veth peer name b$i"
			echo "address add 10.$((i / 250)).$((i % 250)).1/24 dev a$i"
			echo "link set a$i up"
		done
		echo "link add a7 type veth peer name b7   # fails: a7 exists"
		for i in $(seq 100); do
			echo "route add 10.200.$i.0/24 dev a$i"
		done
		echo 'link show "a1"'
	} >"$f"
	scenario batch <<S
ip -batch $f
\$REF -br link | wc -l
\$REF route | wc -l
S
	compare_scenario "$SCENARIO"
	scenario batch-force <<S
ip -force -batch $f
\$REF -br link | wc -l
\$REF route | wc -l
ip -batch $f
S
	compare_scenario "$SCENARIO"
}

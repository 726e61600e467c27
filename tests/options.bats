#!/usr/bin/env bats
# The global options that change how ip prints: -color and -resolve,
# compared with iproute2 6.1 on the read-path suites' rich state.

load helpers

setup() {
	sandbox_start
	build_rich_state
}

teardown() {
	sandbox_stop
}

# compare_on_tty ARGS... runs `ip ARGS` with both tools on a terminal
# (util-linux script) and fails unless they print the same. Address
# lifetimes tick every second: a difference is looked at again twice, as
# compare_ip does.
compare_on_tty() {
	local d=$BATS_TEST_TMPDIR attempt
	command -v script >/dev/null || skip "util-linux's script is not installed"
	for attempt in 1 2 3; do
		sb script -qec "$IP_REF $*" /dev/null </dev/null >"$d/ref.out" 2>&1 || true
		sb script -qec "$IP_LINK_DIR/ip $*" /dev/null </dev/null >"$d/got.out" 2>&1 || true
		cmp -s "$d/ref.out" "$d/got.out" && return 0
	done
	{
		echo "ip $* on a terminal: nsip differs from iproute2"
		diff -u <(cat -v "$d/ref.out") <(cat -v "$d/got.out") | tail -n +3
	} | fail
}

@test "-color paints the fields ip paints, with ip's palette" {
	local c
	sb "$IP_REF" neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev br0 nud permanent
	sb "$IP_REF" neigh add fd00:1::9 lladdr 02:00:00:00:00:0a dev br0 nud permanent
	for c in "-c" "-color" "-c=always" "--color=always" "-color=never" "-c=auto" "-c -j"; do
		# shellcheck disable=SC2086
		compare_in_modes "$c link" "$c address" "$c route" "$c -6 route" "$c route show table all" \
			"$c route get 10.9.1.1" "$c -0 -br address" "$c neigh show nud permanent" \
			"$c neigh show dev br0 nud permanent"
	done
	run sb "$IP_LINK_DIR/ip" -c neigh show nud permanent
	assert_output --partial $'\e[35m10.1.0.9 \e[0mdev \e[36mbr0 \e[0mlladdr \e[33m02:00:00:00:00:09 \e[0m'

	run sb "$IP_LINK_DIR/ip" -c address show dev v1
	assert_output --partial $'\e[36mv1@v0: \e[0m'
	assert_output --partial $'inet \e[35m10.2.0.1\e[0m peer \e[35m10.2.0.2\e[0m/32'
}

@test "COLORFGBG with a dark background takes the bold palette" {
	local bg
	for bg in "15;0" "0;8" "7;default;0" "0;15" "15;9" "15;" "15;00" "0"; do
		COLORFGBG=$bg compare_in_modes "-c link" "-c address" "-c route"
	done
	COLORFGBG="15;0" run sb "$IP_LINK_DIR/ip" -c link show dev lo
	assert_output --partial $'\e[1;36mlo: \e[0m'
}

@test "-color=auto paints on a terminal only, -json never" {
	local c
	for c in "-c=auto link" "-c=auto address" "-c=auto -br link" "-c=auto route" "-c=auto -j link" \
		"-c=never link" "link" "-c -j -p address"; do
		compare_on_tty "$c"
	done
	compare_on_tty "-c=auto link show dev v0"
	grep -q $'\e\\[' "$BATS_TEST_TMPDIR/got.out"
	run sb "$IP_LINK_DIR/ip" -c=auto link show dev v0
	refute_output --partial $'\e['
}

@test "bad -color values are unknown options as in ip" {
	local c
	for c in "-c=yes" "-color=" "-colour" "-c=Always"; do
		compare_ip $c link show dev lo
	done
}

@test "-resolve names addresses from /etc/hosts, as ip does with files only" {
	local d=$BATS_TEST_TMPDIR
	# The sandbox has its own mount namespace: these binds hide the host's
	# files from the test only, and with `hosts: files` iproute2 sends no
	# DNS query either.
	printf '%s\n' '127.0.0.1 localhost' '::1 ip6-localhost' '10.1.0.1 bridge.test br' \
		'10.2.0.2	peer-two # a comment' '# 10.1.0.254 commented' 'fd00::1 six.test' \
		'::ffff:10.3.0.1 mapped' '10.1.0.254 gateway.test' '10.13.0.0 net' 'fd00::2 gw6' >"$d/hosts"
	echo 'hosts: files' >"$d/nsswitch.conf"
	sb mount --bind "$d/hosts" /etc/hosts
	sb mount --bind "$d/nsswitch.conf" /etc/nsswitch.conf
	local r
	for r in "-r" "-resolve" "-r -4" "-r -6" "-r -c"; do
		compare_in_modes "$r address" "$r route" "$r route show table all" "$r route get 10.9.1.1"
	done
	run sb "$IP_LINK_DIR/ip" -r address show dev v1
	assert_output --partial 'inet mapped/24'
	assert_output --partial 'inet 10.2.0.1 peer peer-two/32'
	assert_output --partial 'inet6 six.test/64'
}

@test "-echo prints what the kernel made or removed, as ip does" {
	local scenario=$BATS_TEST_TMPDIR/echo
	cat >"$scenario" <<'S'
ip -echo link add va type veth peer name vb
ip -echo -j link add vc type veth peer name vd
ip -echo -j -p link add br0 type bridge
ip -echo -br link add br1 type bridge
ip -echo link set va up
ip -echo -j link set va mtu 1400
ip -echo link del vc
ip -echo addr add 10.9.0.1/24 dev va
ip -echo -o addr add 10.9.1.1/24 brd + dev va label va:one
ip -echo -j addr add 10.9.3.1/24 dev va
ip -echo addr add fd00::1/64 dev va nodad
ip -echo -j addr add fd00::2/64 dev va nodad
ip -echo addr del 10.9.0.1/24 dev va
ip -echo addr replace 10.9.2.1/24 dev va
ip -echo addr change 10.9.2.1/24 dev va valid_lft 100 preferred_lft 50
ip -echo route add 10.8.0.0/16 via 10.9.1.2
ip -echo -j route add 10.7.0.0/16 dev va
ip -echo -j -p route add 10.5.0.0/16 dev va metric 5
ip -echo route del 10.8.0.0/16
ip -echo route change 10.7.0.0/16 dev va
ip -echo route replace 10.6.0.0/16 dev va
ip -echo route add 10.8.0.0/16 via 10.99.1.2
ip -echo -6 route add fd01::/64 dev va
ip -echo addr add 10.9.0.1/24 dev nope
ip -echo link property add dev va altname va-alt
ip -echo addr flush dev va
S
	compare_scenario "$scenario"
}

@test "-M, -B, -f mpls and -f bridge do what ip does with each object" {
	local f c
	for f in "-M" "-B" "-f mpls" "-f bridge" "-family bridge"; do
		for c in "link" "link show dev v1" "address" "address show dev br0" "route" "route show table all" \
			"netns list" "route add 10.5.0.0/16 dev br0" "route get 10.1.0.5" "address add 10.2.0.1/24 dev v1" \
			"route add 100 dev v0" "route add 100/21 dev v0" "route add 100 as to 200/300 via inet 10.1.0.254 dev br0" \
			"route add 1/2/3/4/5/6/7 via inet6 fd00::2 dev v1" "route add 1048576 dev v0" "route add default dev v0" \
			"route del 7" "route add 0x10 dev v0" "link set dev v1 mtu 1500" "address flush dev v7"; do
			# shellcheck disable=SC2086
			compare_ip $f $c
			# shellcheck disable=SC2086
			compare_ip -j $f $c
		done
	done
	compare_ip -M route add "$(printf '1/%.0s' $(seq 64))1" dev v0
	compare_ip -M route add 1 as to "$(printf '1/%.0s' $(seq 63))1" dev v0
	compare_ip -M route add 1 as to "$(printf '1/%.0s' $(seq 64))1" dev v0
}

#!/usr/bin/env bats
# ip rule: listings of every kind of rule, add, del and flush, and bad
# input must match iproute2 6.1 on the same kernel state.

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

# rules_state prints the sandbox's IPv4 and IPv6 rules as iproute2 lists
# them, in text and JSON.
rules_state() {
	sb sh -c "$IP_REF rule; $IP_REF -6 rule; $IP_REF -j rule; $IP_REF -6 -j rule"
}

# build_rules adds, with iproute2, a rule of every kind ip 6.1 knows.
build_rules() {
	local ip=$IP_REF
	sb $ip link add v0 type veth peer name v1
	sb $ip rule add from 10.1.0.0/16 to 10.2.0.0/24 table 100 pref 100
	sb $ip rule add not from 10.3.0.1 iif lo oif v0 fwmark 0x10/0xff tos 0x10 lookup 1000 pref 200
	sb $ip rule add uidrange 10-20 ipproto tcp sport 80 dport 1000-2000 table main \
		suppress_prefixlength 0 suppress_ifgroup 5 protocol static
	sb $ip rule add fwmark 5 goto 32766 pref 300
	sb $ip rule add realms 3/4 table 7 pref 400
	sb $ip rule add realms 4 table 7 pref 401
	sb $ip rule add prohibit from 10.9.9.9
	sb $ip rule add blackhole pref 50
	sb $ip rule add unreachable iif v1
	sb $ip rule add nop pref 60
	sb $ip rule add l3mdev pref 70
	sb $ip rule add tun_id 99 table 5
	sb $ip rule add ipproto 253 table 6
	sb $ip rule add nat 10.5.5.5 from 10.6.0.0/16 pref 90
	sb $ip rule add from all goto 1000 pref 80
	sb $ip rule add fwmark 0x7 table 8 protocol 99
	sb $ip rule add fwmark 0 table 8 pref 81
	sb $ip rule add iif nosuch table 9
	sb $ip rule add type local table 3 goto 700 pref 600
	sb $ip rule add ipproto udp sport 53 table 10 protocol kernel
	sb $ip -6 rule add from fd00::/8 to fd01::1 table 9 pref 10
	sb $ip -6 rule add iif v0 unreachable
	sb $ip -6 rule add to fd02::/64 dsfield 0x20 fwmark 0x1/0xffffffff table 300 protocol bgp
	sb $ip -6 rule add not oif v1 dport 443 suppress_prefixlength 64 pref 20
	# A detached device: the rule names v1, then v1 goes.
	sb $ip rule add iif v1 oif v1 table 11 pref 500
	sb $ip link del v0
}

@test "ip rule shows every kind of rule as ip does, in every output mode" {
	build_rules 2>/dev/null
	local mode cmd
	for mode in "" "-o" "-j" "-j -p" "-4" "-6" "-6 -j" "-6 -j -p" "-N" "-N -6" "-br" "-0 -o"; do
		for cmd in "rule" "ru" "rule show" "rule list" "rule lst" "rule s" "rule l"; do
			# shellcheck disable=SC2086
			compare_ip $mode $cmd
		done
	done
}

@test "ip rule list selects rules as ip does" {
	build_rules 2>/dev/null
	local sel
	for sel in "pref 200" "priority 100" "order 0" "prio 32766" "not" "from 10.1.0.0/16" "from 10.1.0.0/8" \
		"from 10.1.0.0/24" "src 10.9.9.9" "from all" "to 10.2.0.0/24" "10.2.0.0/24" "dst 10.2.0.0/24" \
		"tos 0x10" "dsfield 0x10" "fwmark 0x10" "fwmark 0x10/0xff" "fwmark 0x10/0xf" "fwmark 0" "iif lo" \
		"dev v1" "oif v0" "oif v1" "l3mdev" "uidrange 10-20" "uidrange 10-21" "tun_id 99" "table 7" \
		"lookup main" "table 1000" "ipproto tcp" "ipproto 253" "ipproto udp" "sport 80" "sport 53" \
		"dport 1000-2000" "protocol static" "protocol all" "table main pref 32766" "not iif lo table 1000"; do
		# shellcheck disable=SC2086
		compare_ip rule list $sel
		# shellcheck disable=SC2086
		compare_ip -j rule list $sel
	done
	for sel in "from fd00::/8" "to fd02::/64 table 300" "not" "iif v0" "dport 443" "fwmark 1" "table 9"; do
		# shellcheck disable=SC2086
		compare_ip -6 rule list $sel
	done
}

@test "ip rule add and del leave the state ip leaves, with the same answers" {
	scenario add <<'S'
ip rule add from 10.1.0.0/16 to 10.2.0.0/24 table 100 pref 100
ip rule add not from 10.3.0.1 iif lo oif lo fwmark 0x10/0xff tos 0x10 lookup 1000 pref 200
ip rule add uidrange 10-20 ipproto tcp sport 80 dport 1000-2000 suppress_prefixlength 0 suppress_ifgroup 5 protocol static realms 3/4 tun_id 99 goto 300
ip rule add fwmark 5 goto 32766 pref 300
ip rule add prohibit from 10.9.9.9
ip rule add type blackhole pref 50
ip rule add unreachable iif lo
ip rule add nop pref 60
ip rule add n pref 61
ip rule add l3mdev pref 70
ip rule add l3mdev table 0 pref 71
ip rule add nat 10.5.5.5 from 10.6.0.0/16 pref 90
ip rule add map-to 1.2.3 pref 91
ip rule add from all goto 1000 pref 80
ip rule add dsfield 0x04 table 7 pref 92
ip rule add sup_pl 8 sup_group 0 lookup 7 pref 93
ip rule add s 1 pr 94 ta 7
ip rule add realms 7 table 7 protocol 99
ip rule add sport 70000 dport 5- table 7 pref 95
ip rule add uidrange " 1- 2" table 7 pref 96
ip rule add ipproto 0 table 7 pref 97
ip rule add table 7 pref 98 type 4
ip rule add table 7 pref 99 type unicast
ip rule add table 256 pref 101
ip rule add table 4294967295 pref 102
ip rule add dev lo table 7 from 10.8.0.0/255.255.0.0 pref 103
ip rule add from 10.1.0.0/16 to 10.2.0.0/24 table 100 pref 100
ip -6 rule add from fd00::/8 to fd01::1 table 9 pref 10
ip -6 rule add iif lo unreachable
ip -6 rule add to fd02::/64 dsfield 0x20 fwmark 0x1/0xffffffff table 300 protocol bgp
ip -6 rule add from all table 7 pref 11
ip rule
ip -6 rule
ip rule del pref 100
ip rule del pref 100
ip rule delete not from 10.3.0.1 iif lo oif lo fwmark 0x10/0xff tos 0x10 lookup 1000
ip rule d from 10.9.9.9
ip rule del table 7 pref 92
ip rule del goto 1000
ip rule del pref 12345
ip -6 rule del pref 10
ip -6 rule del unreachable
ip rule
ip -6 rule
ip -j rule
S
	compare_scenario "$SCENARIO"
}

@test "ip rule flush removes what ip removes" {
	scenario flush <<'S'
ip rule add from 10.1.0.0/16 table 100 pref 100
ip rule add fwmark 5 table 7 protocol static pref 200
ip rule add fwmark 6 table 8 protocol bgp pref 300
ip rule add blackhole pref 400
ip -6 rule add from fd00::/8 table 9 pref 10 protocol static
ip rule flush protocol static
ip rule
ip -6 rule
ip rule flush table 8
ip rule
ip rule flush from 10.1.0.0/16
ip rule
ip rule flush
ip rule
ip -6 rule
ip -6 rule flush
ip -6 rule
ip rule add from 10.1.0.0/16 table 100 pref 100
ip -j rule flush table 100
ip -j -p rule flush
ip -j -0 rule flush
ip -j -0 rule
ip rule
S
	compare_scenario "$SCENARIO"
}

@test "ip rule refuses bad input as ip does and changes nothing" {
	build_rules 2>/dev/null
	local before after cmd
	before=$(rules_state)
	local bad=(
		"rule add" "rule del" "rule delete" "rule add l3mdev table 5" "rule add to foo" "rule add from"
		"rule add from 10.0.0.0/33" "rule add pref abc" "rule add pref" "rule add pref -1"
		"rule add pref 4294967296" "rule add iif" "rule add iif ''" "rule add iif a/b"
		"rule add oif 0123456789abcdef" "rule add oif ''" "rule add fwmark 1/x" "rule add fwmark x"
		"rule add fwmark" "rule add uidrange 5" "rule add uidrange ''" "rule add uidrange x-1"
		"rule add sport x" "rule add sport ''" "rule add dport -" "rule add ipproto xyz" "rule add ipproto 256"
		"rule add ipproto ''" "rule add nat foo" "rule add nat ''" "rule add suppress_prefixlength -1"
		"rule add suppress_prefixlength x" "rule add suppress_ifgroup -1" "rule add suppress_ifgroup x"
		"rule add realms foo" "rule add realms 1/x" "rule add type foo" "rule add type" "rule add foo"
		"rule add goto x" "rule add goto" "rule add protocol bogus" "rule add protocol ''"
		"rule add tos 0x100" "rule add tos x" "rule add tun_id x" "rule add tun_id ''" "rule add table x"
		"rule add table ''" "rule add lookup 4294967296" "rule bogus" "rule ''" "rule add help"
		"rule add type help" "rule help" "rule h" "rule del pref 12345" "rule add goto 5 pref 5"
		"rule add from fd00::/8" "-6 rule add from 10.0.0.0/8" "rule add pref 100 table 100 from 10.1.0.0/16 to 10.2.0.0/24"
		"rule list foo" "rule list from fd00::1" "-6 rule list from 10.0.0.1" "rule list sport x"
		"rule list dport x" "rule list protocol x" "rule list uidrange 1" "rule list table x" "rule list iif ''"
		"rule list oif a/b" "rule list pref" "rule list pref x" "rule list tos x" "rule list fwmark 1/x"
		"rule list tun_id x" "rule list ipproto x" "rule list from" "rule list to" "-0 rule" "rule flush foo"
		"rule flush pref x" "rule add nat" "rule add sport"
	)
	for cmd in "${bad[@]}"; do
		eval "compare_ip $cmd"
	done
	after=$(rules_state)
	[ "$before" = "$after" ] || fail "the bad input changed the rules"
}

@test "ip rule save and restore work as ip's, on each other's streams" {
	scenario save <<'S'
ip rule add from 10.1.0.0/16 table 100 pref 100
ip rule add fwmark 5 table 7 protocol static pref 200 uidrange 1-2 sport 5-6
ip -6 rule add from fd00::/8 table 9 pref 10
ip rule save >/run/r4
ip -6 rule save >/run/r6
$REF rule save >/run/ref4
cmp /run/r4 /run/ref4 | sed 's/byte [0-9]*, line [0-9]*/byte N/'
ip rule flush
ip -6 rule flush
ip rule restore </run/r4
ip -6 rule restore </run/r6
ip rule
ip -6 rule
ip rule restore </run/r4
ip rule
ip rule flush
ip rule restore </run/ref4
ip rule
ip rule save foo
ip rule save x y
ip -0 rule save >/dev/null
ip -j rule save | tail -c 3
ip -j -p rule save | tail -c 4
ip -j -0 rule save | tail -c 1
printf abcd | ip rule restore
printf ab | ip rule restore
printf '' | ip rule restore
head -c 30 /run/r4 | ip rule restore
(head -c 4 /run/r4; printf '\377\377\0\0xxxxxxxxxxxx') >/run/bad; ip rule restore </run/bad
head -c 4 /run/bad | ip rule restore
(head -c 4 /run/r4; printf '\377\377\377\377xxxxxxxxxxxx') | ip rule restore
script -qc "ip rule save" /dev/null </dev/null
script -qc "ip rule restore" /dev/null </dev/null
S
	compare_scenario "$SCENARIO"
}

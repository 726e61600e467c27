#!/usr/bin/env bats
# ip monitor against iproute2 6.1: both listen in the same sandbox while
# iproute2 makes the changes, and must print the same events; ip monitor
# file reads what iproute2's rtmon saved, and crafted files.

load helpers

setup() {
	sandbox_start
	D=$BATS_TEST_TMPDIR
	MONITORS=()
}

teardown() {
	sandbox_stop
}

# monitor_start NAME ARGS... starts `ip ARGS` with iproute2 and with nsip
# (as ip) in the background inside the sandbox, writing NAME.ref.out and
# NAME.got.out (and .err), and waits until both listen.
monitor_start() {
	local name=$1
	shift
	sb_background "$IP_REF" "$@" >"$D/$name.ref.out" 2>"$D/$name.ref.err"
	local ref=$!
	sb_background "$IP_LINK_DIR/ip" "$@" >"$D/$name.got.out" 2>"$D/$name.got.err"
	local got=$!
	MONITORS+=("$name:$ref:$got")
	wait_listening "$ref"
	wait_listening "$got"
}

# listening PID: a thread of PID waits for a netlink datagram.
listening() {
	grep -qs '^__skb_wait_for_more_packets$' /proc/"$1"/task/*/wchan
}

# wait_listening PID waits until the monitor PID is blocked receiving on
# its subscribed socket: seen twice a tenth of a second apart, so that the
# short waits for the answers of its start-up dumps do not count. It gives
# up after 30 s: a loaded machine is slow, not that slow.
wait_listening() {
	local i
	for ((i = 0; i < 300; i++)); do
		if listening "$1"; then
			sleep 0.1
			listening "$1" && return 0
		fi
		kill -0 "$1" 2>/dev/null || fail "monitor $1 ended early: $(cat "$D"/*.err)"
		sleep 0.1
	done
	fail "monitor $1 did not start listening"
}

# monitor_compare NAME [SED [UNTIL]] waits until iproute2's and nsip's
# monitors NAME have printed the same (each idle, waiting for more) or
# 30 s pass, and fails unless they did. SED, a sed script, rewrites both
# outputs first (timestamps). UNTIL, an extended regular expression,
# names a line the reference must have printed first: the last event of
# a change the kernel notifies later, after the command returned (a
# namespace is dismantled in the background). The reference must have
# printed something.
monitor_compare() {
	local name=$1 script=${2:-} until=${3:-} entry ref got i
	for entry in "${MONITORS[@]}"; do
		[ "${entry%%:*}" = "$name" ] || continue
		IFS=: read -r _ ref got <<<"$entry"
	done
	for ((i = 0; i < 300; i++)); do
		sed -E "$script" "$D/$name.ref.out" >"$D/ref.out"
		sed -E "$script" "$D/$name.got.out" >"$D/got.out"
		if listening "$ref" && listening "$got" && [ -s "$D/ref.out" ] &&
			grep -Eq "${until:-.}" "$D/ref.out" && cmp -s "$D/ref.out" "$D/got.out"; then
			break
		fi
		sleep 0.1
	done
	cp "$D/$name.ref.err" "$D/ref.err"
	cp "$D/$name.got.err" "$D/got.err"
	ref_status=running got_status=running
	[ -s "$D/ref.out" ] || fail "ip monitor $name printed nothing"
	if ! cmp -s "$D/ref.out" "$D/got.out" || ! cmp -s "$D/ref.err" "$D/got.err"; then
		report_difference "ip monitor ($name)" iproute2
	fi
}

# No IPv6 link-local addresses, and so no multicast listener reports and
# the neighbour entries they make, whose timing differs from run to run.
quiet_ipv6() {
	sb sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/addr_gen_mode'
}


# change_links makes link, address and route events with iproute2.
change_links() {
	local ip=$IP_REF
	sb $ip link add v0 type veth peer name v1
	sb $ip link set v0 up
	sb $ip link set v1 up
	sb $ip link set v1 mtu 1400
	sb $ip addr add 10.1.1.1/24 dev v0
	sb $ip addr add 10.1.2.1/24 brd + dev v1 label v1:x
	sb $ip addr add fd00::1/64 dev v0 nodad
	sb $ip route add 10.2.0.0/16 via 10.1.1.2
	sb $ip route add 10.3.0.0/16 dev v1 table 100
	sb $ip -6 route add fd01::/64 via fd00::2 metric 5
	sb $ip route del 10.2.0.0/16
	sb $ip addr del 10.1.1.1/24 dev v0
	sb $ip link set v1 name v1b
	sb $ip link del v0
}

@test "ip monitor: every object, with and without label, -o, -br, -j" {
	quiet_ipv6
	monitor_start plain monitor
	monitor_start all monitor all
	monitor_start label -o monitor label
	monitor_start brief -br monitor
	monitor_start json -j -p monitor
	change_links
	monitor_compare plain ""
	grep -q '^10.2.0.0/16 via 10.1.1.2 dev v0 $' "$D/ref.out"
	grep -Eq '^Deleted [0-9]+: v0@' "$D/ref.out"
	monitor_compare all ""
	grep -q '^\[LINK\]' "$D/ref.out"
	grep -q '^\[ADDR\]' "$D/ref.out"
	grep -q '^\[ROUTE\]' "$D/ref.out"
	grep -q '^\[NETCONF\]' "$D/ref.out"
	monitor_compare label ""
	grep -q '\\    link/ether' "$D/ref.out"
	monitor_compare brief ""
	monitor_compare json ""
}

@test "ip monitor OBJECTS, -4, -6 and dev choose the events" {
	quiet_ipv6
	sb "$IP_REF" link add v9 type veth peer name v8
	monitor_start link monitor link
	monitor_start addr monitor address label
	monitor_start route monitor r
	monitor_start v4 -4 monitor route addr label
	monitor_start v6 -6 monitor all
	monitor_start netconf monitor netconf
	monitor_start dev monitor link address route netconf label dev v9
	sb "$IP_REF" link set v9 up
	sb "$IP_REF" addr add 10.9.0.1/24 dev v9
	sb "$IP_REF" addr add fd09::1/64 dev v9 nodad
	sb "$IP_REF" addr add 10.8.0.1/24 dev v8
	sb "$IP_REF" link set v8 up
	sb "$IP_REF" route add 10.7.0.0/16 via 10.8.0.2
	sb "$IP_REF" -6 route add fd07::/64 dev v9
	sb sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv4.conf.v9.rp_filter=2
	sb sysctl -qw net.ipv6.conf.default.forwarding=1 net.ipv4.conf.all.proxy_arp=1
	change_links
	sb "$IP_REF" link del v9
	monitor_compare link
	monitor_compare addr
	grep -q '^\[ADDR\]' "$D/ref.out"
	monitor_compare route
	monitor_compare v4
	if grep -q 'inet6\|fd0' "$D/ref.out"; then fail "-4 printed IPv6 events"; fi
	monitor_compare v6 ""
	grep -q 'fd09::' "$D/ref.out"
	monitor_compare netconf
	grep -q '^inet all forwarding on ' "$D/ref.out"
	grep -q '^inet v9 .*rp_filter loose ' "$D/ref.out"
	grep -q '^inet6 default forwarding on ' "$D/ref.out"
	monitor_compare dev
	grep -q 'v9' "$D/ref.out"
}

@test "ip monitor neigh and rule print neighbour and rule events as ip" {
	quiet_ipv6
	sb "$IP_REF" link add v0 type veth peer name v1
	sb "$IP_REF" link set v0 up
	monitor_start neigh monitor neigh
	monitor_start rule monitor rule
	monitor_start all -o monitor all
	monitor_start dev monitor neigh dev v0
	monitor_start v6 -6 monitor neigh rule
	monitor_start json -j monitor neigh rule
	sb "$IP_REF" neigh add 10.1.0.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent
	sb "$IP_REF" neigh add 10.1.0.3 lladdr 02:00:00:00:00:03 dev v1 nud stale
	sb "$IP_REF" neigh change 10.1.0.2 lladdr 02:00:00:00:00:22 dev v0 nud reachable
	sb "$IP_REF" -6 neigh add fd00::2 lladdr 02:00:00:00:00:02 dev v0 nud noarp router
	sb "$IP_REF" neigh add proxy 10.1.0.9 dev v0
	sb "$IP_REF" neigh del 10.1.0.2 dev v0
	sb "$IP_REF" rule add from 10.1.0.0/16 lookup 100 pref 100
	sb "$IP_REF" -6 rule add to fd00::/8 fwmark 0x10/0xff prohibit pref 200
	sb "$IP_REF" rule del pref 100
	monitor_compare neigh
	grep -q '^Deleted 10.1.0.2 dev v0 ' "$D/ref.out"
	monitor_compare rule
	grep -q '^Deleted 100:' "$D/ref.out"
	monitor_compare all
	grep -q '^\[NEIGH\]' "$D/ref.out"
	grep -q '^\[RULE\]' "$D/ref.out"
	monitor_compare dev
	if grep -q 'v1\|dev' "$D/ref.out"; then fail "monitor neigh dev v0 printed another device or the device"; fi
	monitor_compare v6
	monitor_compare json
}

@test "ip monitor nsid, all-nsid: namespaces and their events" {
	quiet_ipv6
	sb "$IP_REF" netns add n0
	sb "$IP_REF" netns set n0 4
	monitor_start nsid monitor nsid
	monitor_start allnsid monitor all-nsid label
	monitor_start links monitor link address all-nsid
	sb "$IP_REF" netns add n1
	sb "$IP_REF" netns add n2
	sb "$IP_REF" netns set n1 7
	sb "$IP_REF" link add v0 type veth peer name v1 netns n1
	sb "$IP_REF" -n n1 link set lo up
	sb "$IP_REF" -n n1 addr add 10.5.5.5/24 dev v1
	sb "$IP_REF" -n n1 link set v1 up
	sb "$IP_REF" link set v0 netns n2
	sb "$IP_REF" netns del n2
	sb "$IP_REF" netns del n1
	sb "$IP_REF" netns del n0
	monitor_compare nsid '' '^Deleted nsid 4 '
	grep -q '^nsid 7 (iproute2 netns name: n1)$' "$D/ref.out"
	grep -q '^Deleted nsid 4 (iproute2 netns name: n0)$' "$D/ref.out"
	# The namespaces are gone: a link made now comes after all their events.
	sb "$IP_REF" link add mark0 type veth peer name mark1
	monitor_compare allnsid '' 'mark0'
	grep -q '^\[nsid 7\]' "$D/ref.out"
	grep -q '^\[nsid current\]' "$D/ref.out"
	monitor_compare links '' 'mark0'
}

@test "ip -n NAME monitor listens in that namespace" {
	quiet_ipv6
	sb "$IP_REF" netns add n5
	sb "$IP_REF" -n n5 link set lo up
	monitor_start netns -n n5 monitor label
	sb "$IP_REF" link add v0 type veth peer name v1 netns n5
	sb "$IP_REF" -n n5 addr add 10.6.6.6/24 dev v1
	sb "$IP_REF" -n n5 link set v1 up
	sb "$IP_REF" -n n5 route add 10.7.0.0/16 via 10.6.6.1
	monitor_compare netns '' '10.7.0.0/16'
	grep -q '^\[ADDR\][0-9]*: v1    inet 10.6.6.6/24' "$D/ref.out"
	if grep -q 'v0' "$D/ref.out"; then fail "an event of the sandbox's own namespace"; fi
}

@test "ip monitor dies of SIGPIPE once nobody reads it" {
	local tool name status pid
	for tool in "$IP_REF" "$IP_LINK_DIR/ip"; do
		name=got
		[ "$tool" = "$IP_REF" ] && name=ref
		status="$D/status.$name" pid="$D/pid.$name"
		# The monitor's status is 141 when SIGPIPE kills it.
		sb_background bash -c '{ "$1" monitor link & echo $! >"$3"; wait $!; echo $? >"$2"; } | head -c 1 >/dev/null' \
			monitor "$tool" "$status" "$pid"
		while [ ! -s "$pid" ]; do sleep 0.1; done
		TRACKED_PIDS+=("$(cat "$pid")")
		wait_listening "$(cat "$pid")"
		# Each change is an event: the first ends head, the next the monitor.
		for ((i = 0; i < 300; i++)); do
			[ -s "$status" ] && break
			sb "$IP_REF" link set lo mtu $((60000 + i))
			sleep 0.1
		done
		[ "$(cat "$status")" = 141 ] || fail "$tool: status $(cat "$status"), not 141"
	done
}

@test "ip -t and -ts monitor stamp each event" {
	quiet_ipv6
	monitor_start long -t monitor link address label
	monitor_start short -ts monitor link address
	monitor_start tshort -tshort monitor route
	change_links
	local long='s/^Timestamp: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4} [0-9]{1,6} usec$/Timestamp: T usec/'
	local short='s/^\[[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6}\] /[T] /'
	monitor_compare long "$long"
	grep -q '^Timestamp: T usec$' "$D/ref.out"
	grep -q '^Timestamp: T usec$' "$D/got.out"
	if grep -q '^Timestamp: .*[0-9] usec$' "$D/got.out"; then fail "a timestamp of another form"; fi
	monitor_compare short "$short"
	grep -q '^\[T\] [0-9]*: v0' "$D/got.out"
	monitor_compare tshort "$short"
}

# compare_read SED ARGS... runs `ip ARGS` with iproute2 and with nsip in
# the sandbox and fails unless both print the same, once SED (a sed
# script) has rewritten both outputs, and exit with the same status.
compare_read() {
	local script=$1
	shift
	ref_status=0 got_status=0
	sb "$IP_REF" "$@" 2>"$D/ref.err" | sed -E "$script" >"$D/ref.out" || ref_status=$?
	sb "$IP_LINK_DIR/ip" "$@" 2>"$D/got.err" | sed -E "$script" >"$D/got.out" || got_status=$?
	if [ "$ref_status" != "$got_status" ] || ! cmp -s "$D/ref.out" "$D/got.out" ||
		! cmp -s "$D/ref.err" "$D/got.err"; then
		report_difference "ip $*" iproute2
	fi
}

@test "ip monitor file reads what rtmon saved" {
	command -v rtmon >/dev/null || skip "iproute2's rtmon is not installed"
	quiet_ipv6
	sb_background rtmon file "$D/rtmon.bin"
	local rtmon=$!
	wait_listening "$rtmon"
	change_links
	sb "$IP_REF" netns add n1
	sb "$IP_REF" netns set n1 3
	sb "$IP_REF" netns del n1
	# rtmon has saved everything when it waits for more; then it stops,
	# so that both tools read the same file.
	wait_listening "$rtmon"
	kill "$rtmon"
	wait "$rtmon" || true
	set -o pipefail
	compare_read "" monitor file "$D/rtmon.bin"
	grep -q '^Timestamp: .* us$' "$D/ref.out"
	grep -q '^10.2.0.0/16 via 10.1.1.2 dev' "$D/ref.out"
	# n1 is gone when the file is read: its nsid has no name any more.
	grep -q '^nsid 3 $' "$D/ref.out"
	grep -q '^Deleted nsid 3 $' "$D/ref.out"
	compare_read "" monitor all all-nsid file "$D/rtmon.bin"
	compare_read "" -o monitor route file "$D/rtmon.bin"
	# A file of link, address and route events only has no neighbours.
	sb_background rtmon file "$D/lar.bin" link address route
	rtmon=$!
	wait_listening "$rtmon"
	change_links
	wait_listening "$rtmon"
	kill "$rtmon"
	wait "$rtmon" || true
	compare_ip monitor file "$D/lar.bin"
	compare_ip monitor route file "$D/lar.bin"
	compare_ip -6 monitor label file "$D/lar.bin"
	compare_ip monitor link label dev lo file "$D/lar.bin"
	# In a batch, ip link show first makes ip monitor print the link mode.
	printf 'link show lo\nmonitor file %s\n' "$D/lar.bin" >"$D/batch"
	compare_ip -batch "$D/batch"
	grep -Eq '^[0-9]+: v0@.* mode DEFAULT ' "$D/ref.out"
	# rtmon's stamps in local time, with zone files and with POSIX rules.
	TZ=Australia/Sydney compare_ip monitor file "$D/lar.bin"
	TZ=America/St_Johns compare_ip monitor file "$D/lar.bin"
	TZ='<+0530>-5:30' compare_ip monitor file "$D/lar.bin"
	# -t adds the time of reading to each message.
	compare_read 's/^Timestamp: .* usec$/Timestamp: now/' -t monitor file "$D/lar.bin"
	grep -q '^Timestamp: now$' "$D/ref.out"
}

# write_file NAME BYTES writes a crafted message file; BYTES is printf's
# format.
write_file() {
	printf "$2" >"$D/$1"
}

@test "ip monitor file: crafted messages, truncated and malformed files" {
	# RTM_NEWPREFIX: fd00:1::/64 on lo, onlink and autoconf, lifetimes.
	write_file prefix '\x3c\x00\x00\x00\x34\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x00\x00\x00\x01\x00\x00\x00\x03\x40\x03\x00\x14\x00\x01\x00\xfd\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x02\x00\x10\x0e\x00\x00\x20\x1c\x00\x00'
	compare_ip monitor file "$D/prefix"
	grep -q '^prefix fd00:1::/64dev lo onlink autoconf valid 7200 preferred 3600 $' "$D/ref.out"
	compare_ip monitor label prefix file "$D/prefix"
	compare_ip -4 monitor file "$D/prefix"
	# RTM_DELNETCONF and RTM_NEWNETCONF for all, default and lo, rp_filter 2 and 9.
	write_file netconf '\x2c\x00\x00\x00\x50\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x08\x00\x01\x00\xff\xff\xff\xff\x08\x00\x02\x00\x01\x00\x00\x00\x08\x00\x03\x00\x02\x00\x00\x00\x1c\x00\x00\x00\x51\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x00\x00\x00\x08\x00\x01\x00\xfe\xff\xff\xff\x24\x00\x00\x00\x50\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x08\x00\x01\x00\x01\x00\x00\x00\x08\x00\x03\x00\x09\x00\x00\x00'
	compare_ip monitor file "$D/netconf"
	grep -q '^inet all forwarding on rp_filter loose $' "$D/ref.out"
	compare_ip monitor dev lo label file "$D/netconf"
	# An rtmon timestamp, a message of an unknown type, a too short route.
	write_file stamp '\x18\x00\x00\x00\x0f\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x5e\xd0\xb2\x40\xe2\x01\x00'
	compare_ip monitor file "$D/stamp"
	# 2065 is after the zone files' tables: their rule applies.
	TZ=Europe/Paris compare_ip monitor file "$D/stamp"
	TZ=EST5EDT,M3.2.0,M11.1.0 compare_ip monitor file "$D/stamp"
	TZ=:America/New_York compare_ip monitor file "$D/stamp"
	TZ= compare_ip monitor file "$D/stamp"
	write_file unknown '\x14\x00\x00\x00\x63\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	compare_ip monitor file "$D/unknown"
	write_file shortroute '\x14\x00\x00\x00\x18\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	compare_ip monitor file "$D/shortroute"
	# Truncated in the header and in the payload; lengths too small or too large.
	write_file cut1 '\x14\x00\x00\x00\x63\x00'
	compare_ip monitor file "$D/cut1"
	write_file cut2 '\x18\x00\x00\x00\x0f\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x5e'
	compare_ip monitor file "$D/cut2"
	write_file small '\x10\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	compare_ip monitor file "$D/small"
	write_file large '\x01\x40\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	compare_ip monitor file "$D/large"
	write_file negative '\x00\x00\x00\x80\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	compare_ip monitor file "$D/negative"
	compare_ip monitor file /dev/null
	compare_ip monitor file "$D"
	compare_ip monitor file "$D/missing"
}

@test "ip monitor all-nsid needs CAP_NET_BROADCAST, as in ip" {
	command -v setpriv >/dev/null || skip "util-linux's setpriv is not installed"
	compare_ip_as_nobody monitor all-nsid
	compare_ip_as_nobody monitor link all-nsid
}

# compare_ip_as_nobody ARGS... is compare_ip with both tools run as the
# user nobody, without capabilities.
compare_ip_as_nobody() {
	ref_status=0 got_status=0
	sb setpriv --reuid=65534 --regid=65534 --clear-groups "$IP_REF" "$@" >"$D/ref.out" 2>"$D/ref.err" || ref_status=$?
	sb setpriv --reuid=65534 --regid=65534 --clear-groups "$NSIP" "$@" >"$D/got.out" 2>"$D/got.err" || got_status=$?
	[ "$ref_status" != 0 ] || fail "ip $* did not fail as nobody"
	if [ "$ref_status" != "$got_status" ] || ! cmp -s "$D/ref.out" "$D/got.out" ||
		! cmp -s "$D/ref.err" "$D/got.err"; then
		report_difference "ip $* (as nobody)" iproute2
	fi
}

@test "ip monitor: bad arguments fail as in ip" {
	compare_ip monitor foo
	compare_ip monitor link bar
	compare_ip monitor netns
	compare_ip monitor help
	compare_ip monitor link help
	compare_ip monitor dev
	compare_ip monitor dev nosuchdev
	compare_ip monitor dev ''
	compare_ip monitor file
	compare_ip monitor stat
	compare_ip monitor dev nosuchdev file /dev/null
	compare_ip monitor file /dev/null dev nosuchdev
	compare_ip monitor file "$BATS_TEST_TMPDIR/missing" foo
}

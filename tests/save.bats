#!/usr/bin/env bats
# ip address and ip route save, restore and showdump against iproute2 6.1:
# the saved bytes, each tool restoring the other's file, the printed
# dumps, and the refusals (terminals, pipes, bad magic, broken files).

load helpers

setup() {
	sandbox_start
	D=$BATS_TEST_TMPDIR
}

teardown() {
	sandbox_stop
}

# make_state gives the sandbox addresses and routes of several kinds.
make_state() {
	local ip=$IP_REF
	# No IPv6 link-local addresses: made from random MACs.
	sb sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/addr_gen_mode'
	sb $ip link add v0 type veth peer name v1
	sb $ip link set v0 up
	sb $ip link set v1 up
	sb $ip addr add 10.1.0.1/24 brd + dev v0 label v0:lan
	sb $ip addr add 10.1.0.2/24 dev v0
	sb $ip addr add 10.2.0.1 peer 10.2.0.2/32 dev v1
	sb $ip addr add 10.3.0.1/24 dev v1 valid_lft 3000 preferred_lft 2000
	sb $ip addr add 10.6.0.1/24 dev v1 noprefixroute metric 7
	sb $ip addr add fd00::1/64 dev v0 nodad
	sb $ip addr add fd00:2::1/64 dev v1 nodad home
	sb $ip route add 10.9.0.0/16 via 10.1.0.254
	sb $ip route add 10.10.0.0/16 via 10.1.0.254 proto static metric 30
	sb $ip route add 10.13.0.0/16 dev v0 src 10.1.0.1
	sb $ip route add 10.8.0.0/16 dev v0 table 100
	sb $ip route add blackhole 10.66.0.0/16
	sb $ip route add 10.11.0.0/16 nexthop via 10.1.0.254 dev v0 nexthop via 10.2.0.2 dev v1 weight 3
	sb $ip -6 route add fd01::/64 via fd00::2 dev v0 metric 10
}

# normalized FILE prints a dump file in hex with each message's sequence
# number and port id zeroed: ip takes the first from the clock and the
# kernel the second from the process, so they differ from run to run.
normalized() {
	perl -e 'binmode STDIN; local $/; my $d = <STDIN>; my $o = 4;
		while ($o + 16 <= length $d) {
			my $len = unpack("L", substr($d, $o, 4)); last if $len < 16;
			substr($d, $o + 8, 8) = "\0" x 8; $o += ($len + 3) & ~3;
		}
		print unpack("H*", $d), "\n"' <"$1"
}

# compare_save ARGS... saves with both tools (ip ARGS >FILE) and fails
# unless the files, normalized, the errors and the exit statuses are the
# same. A finite lifetime ticks, so a difference is looked at twice more.
compare_save() {
	local attempt
	command -v perl >/dev/null || skip "perl is not installed"
	for attempt in 1 2 3; do
		ref_status=0
		sb "$IP_REF" "$@" >"$D/ref.bin" 2>"$D/ref.err" || ref_status=$?
		got_status=0
		sb "$IP_LINK_DIR/ip" "$@" >"$D/got.bin" 2>"$D/got.err" || got_status=$?
		normalized "$D/ref.bin" >"$D/ref.out"
		normalized "$D/got.bin" >"$D/got.out"
		if [ "$ref_status" = "$got_status" ] && cmp -s "$D/ref.out" "$D/got.out" &&
			cmp -s "$D/ref.err" "$D/got.err"; then
			return 0
		fi
	done
	report_difference "ip $* >FILE" iproute2
}

# compare_input FILE ARGS... runs ip ARGS <FILE with both tools and
# compares as compare_ip does (without its JSON check: ip's output is
# the reference, valid or not). FILE - is a pipe from $D/pipe.bin.
compare_input() {
	local file=$1
	shift
	local tool
	for tool in ref got; do
		local bin=$IP_REF status=0
		[ "$tool" = ref ] || bin=$IP_LINK_DIR/ip
		if [ "$file" = - ]; then
			sb sh -c 'f=$1; shift; cat "$f" | "$@"' sh "$D/pipe.bin" "$bin" "$@" >"$D/$tool.out" 2>"$D/$tool.err" || status=$?
		else
			sb "$bin" "$@" <"$file" >"$D/$tool.out" 2>"$D/$tool.err" || status=$?
		fi
		eval "${tool}_status=$status"
	done
	if [ "$ref_status" = "$got_status" ] && cmp -s "$D/ref.out" "$D/got.out" &&
		cmp -s "$D/ref.err" "$D/got.err"; then
		return 0
	fi
	report_difference "ip $* <$file" iproute2
}

@test "address save writes the bytes ip writes" {
	make_state
	compare_save addr save
	[ "$(head -c 4 "$D/got.bin" | od -An -tx4 | tr -d ' ')" = 47361222 ]
	[ "$(stat -c %s "$D/got.bin")" -gt 400 ] # every address, not just the magic
	compare_save address save dev v1
	compare_save -4 addr save
	compare_save -6 a sa
	# The show filters parse but, as in ip, do not filter what is saved.
	compare_save addr save to 10.1.0.0/16 scope host label 'v0*' up
	compare_save addr save dev nope
	compare_save addr save dev v0 dev v1
	compare_save addr save scope bogus
	compare_save addr save help
	compare_save -j addr save
	compare_save -o -4 addr save
}

@test "save to a full device fails as ip does" {
	local obj
	for obj in address route; do
		ref_status=0
		sb sh -c '"$@" >/dev/full' sh "$IP_REF" $obj save 2>"$D/ref.err" || ref_status=$?
		got_status=0
		sb sh -c '"$@" >/dev/full' sh "$IP_LINK_DIR/ip" $obj save 2>"$D/got.err" || got_status=$?
		: >"$D/ref.out"
		: >"$D/got.out"
		if [ "$ref_status" != "$got_status" ] || ! cmp -s "$D/ref.err" "$D/got.err"; then
			report_difference "ip $obj save >/dev/full" iproute2
		fi
		assert_equal "$(cat "$D/got.err")" "Can't write magic to dump file"
	done
}

@test "route save writes the bytes ip writes" {
	make_state
	compare_save route save
	[ "$(head -c 4 "$D/got.bin" | od -An -tx4 | tr -d ' ')" = 45311224 ]
	compare_save route save table all
	compare_save route save table 100
	compare_save -6 route save
	compare_save route save 10.9.0.0/16
	compare_save route save proto static
	compare_save route save dev v1
	compare_save -j route save
	# The magic goes out before the selector is read, as in ip.
	compare_save route save table nope
	compare_save route save dev nope
}

@test "showdump prints a saved file as ip does" {
	make_state
	sb "$IP_REF" addr save >"$D/a.bin"
	sb "$IP_REF" route save table all >"$D/r.bin"
	local mode
	for mode in "" "-o" "-j" "-j -p" "-br" "-4" "-6"; do
		# shellcheck disable=SC2086
		compare_input "$D/a.bin" $mode address showdump
		# shellcheck disable=SC2086
		compare_input "$D/r.bin" $mode route showdump
	done
	run sb "$IP_LINK_DIR/ip" addr showdump <"$D/a.bin"
	assert_line "    inet 10.1.0.1/24 brd 10.1.0.255 scope global v0:lan"
	run sb "$IP_LINK_DIR/ip" route showdump <"$D/r.bin"
	assert_line "10.9.0.0/16 via 10.1.0.254 dev v0 "
	# nsip's own files print the same.
	sb "$IP_LINK_DIR/ip" addr save >"$D/a2.bin"
	compare_input "$D/a2.bin" addr showdump
	cp "$D/a.bin" "$D/pipe.bin"
	compare_input - addr showdump
}

# The restore scenarios run in fresh sandboxes, once with iproute2 and
# once with nsip as ip; each saves, flushes, restores and reads back.
# IPv6 routes are saved from table main only: the kernel fills the local
# table's IPv6 routes a moment after the address comes, so a save of it
# would hold more or fewer routes from run to run.
scenario() {
	SCENARIO="$BATS_TEST_TMPDIR/$1"
	cat >"$SCENARIO"
}

@test "restore puts back what save took, from either tool's file" {
	scenario restore <<'S'
$REF link add v0 type veth peer name v1
$REF link set v0 up
$REF link set v1 up
$REF addr add 10.1.0.1/24 brd + dev v0 label v0:lan
$REF addr add 10.2.0.1 peer 10.2.0.2/32 dev v1
$REF addr add 10.6.0.1/24 dev v1 noprefixroute metric 7
$REF addr add fd00::1/64 dev v0 nodad
$REF route add 10.9.0.0/16 via 10.1.0.254
$REF route add 10.13.0.0/16 dev v0 src 10.1.0.1
$REF route add 10.11.0.0/16 nexthop via 10.1.0.254 dev v0 nexthop via 10.2.0.2 dev v1 weight 3
$REF route add 10.8.0.0/16 dev v0 table 100
ip addr save >/run/mine.a; $REF addr save >/run/ref.a
ip -4 route save table all >/run/mine.r; $REF -4 route save table all >/run/ref.r
ip -6 route save >/run/mine.r6; $REF -6 route save >/run/ref.r6
ip addr restore </run/ref.a
ip route restore </run/ref.r
$REF addr flush dev v0; $REF addr flush dev v1; $REF route flush table 100
$REF -4 route show table all
ip addr restore </run/ref.a
ip route restore </run/ref.r
ip route restore </run/ref.r6
$REF addr; $REF -4 route show table all; $REF -6 route show
$REF addr flush dev v0; $REF addr flush dev v1; $REF route flush table 100
$REF addr restore </run/mine.a
$REF route restore </run/mine.r
$REF route restore </run/mine.r6
$REF addr; $REF -4 route show table all; $REF -6 route show
$REF route flush 10.9.0.0/16; $REF route flush 10.13.0.0/16
cat /run/ref.r | ip route restore
ip route restore </run/ref.r
$REF -4 route show
S
	compare_scenario "$SCENARIO"
}

@test "restore and showdump refuse bad input as ip does" {
	local f=$D/in.bin
	local magic_a='\x22\x12\x36\x47' magic_r='\x24\x12\x31\x45'
	local header='\x14\x00\x00\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	local zero8='\x00\x00\x00\x00\x00\x00\x00\x00'
	local input obj
	for input in "" "abc" "$magic_a" "$magic_r" "${magic_a}x" "${magic_r}x" "${magic_a}${header}" \
		"${magic_r}${header}" "${magic_a}\xff\xff\x00\x00xxxxxxxxxxxx" "${magic_r}\x0c\x00\x00\x00xxxxxxxxxxxx" \
		"${magic_a}\x00\x00\x00\x80xxxxxxxxxxxx" \
		"${magic_r}\x1c\x00\x00\x00\x18\x00\x05\x00${zero8}${zero8}\x00\x00\x00\x00" \
		"${magic_a}\x18\x00\x00\x00\x14\x00\x05\x00${zero8}${zero8}" \
		"${magic_r}\x1e\x00\x00\x00\x18\x00\x05\x00${zero8}${zero8}\x00\x00\x00\x00\x07\x00\x00\x00" \
		"${magic_a}\x1a\x00\x00\x00\x14\x00\x05\x00${zero8}\x02\x18\x00\x00\x01\x00\x00\x00\x09\x00\x00\x00" \
		"${magic_a}\x10\x00\x00\x00\x14\x00\x05\x00${zero8}" "${magic_r}\x10\x00\x00\x00\x18\x00\x05\x00${zero8}"; do
		printf "$input" >"$f"
		for obj in address route; do
			compare_input "$f" "$obj" showdump
			compare_input "$f" "$obj" restore
			cp "$f" "$D/pipe.bin"
			compare_input - "$obj" showdump
			compare_input - "$obj" restore
		done
	done
	# A route file is not an address file, nor the reverse.
	make_state
	sb "$IP_REF" route save >"$D/r.bin"
	compare_input "$D/r.bin" address showdump
	sb "$IP_REF" addr save >"$D/a.bin"
	compare_input "$D/a.bin" route restore
	# With the route magic, an address file's messages are not routes.
	{ printf '\x24\x12\x31\x45'; tail -c +5 "$D/a.bin"; } >"$D/a-as-r.bin"
	compare_input "$D/a-as-r.bin" route showdump
}

@test "restore and showdump stop at the first bad message of an endless stream, as ip does" {
	local cmd
	for cmd in "yes | ip address restore" "{ printf '\\042\\022\\066\\107'; cat /dev/zero; } | ip address showdump" \
		"{ printf '\\044\\022\\061\\105'; yes; } | ip route showdump"; do
		run sb env PATH="$IP_LINK_DIR:$PATH" timeout 10 bash -c "$cmd"
		[ "$status" != 124 ] || fail "$cmd: nsip did not stop"
		local got=$output
		run sb timeout 10 bash -c "$cmd"
		assert_equal "$got" "$output"
	done
}

@test "save and restore refuse a terminal as ip does" {
	command -v script >/dev/null || skip "script (util-linux) is not installed"
	local cmd
	for cmd in "address save" "route save" "address restore" "route restore" "address showdump" "route showdump"; do
		ref_status=0
		sb script -qec "$IP_REF $cmd" /dev/null </dev/null >"$D/ref.out" 2>"$D/ref.err" || ref_status=$?
		got_status=0
		sb script -qec "$IP_LINK_DIR/ip $cmd" /dev/null </dev/null >"$D/got.out" 2>"$D/got.err" || got_status=$?
		if [ "$ref_status" != "$got_status" ] || ! cmp -s "$D/ref.out" "$D/got.out" ||
			! cmp -s "$D/ref.err" "$D/got.err"; then
			report_difference "ip $cmd on a terminal" iproute2
		fi
		grep -qE "Not sending a binary stream to stdout|Can't restore (address|route) dump from a terminal" "$D/got.out" ||
			fail "ip $cmd on a terminal: $(cat "$D/got.out")"
	done
}

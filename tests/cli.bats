#!/usr/bin/env bats
# The command line: global options, abbreviations, errors, help, batch
# files and the multi-call names, each compared with iproute2 6.1.

load helpers

setup() {
	sandbox_start
	sb $IP_REF link add v0 type veth peer name v1
	sb $IP_REF addr add 10.1.0.1/24 dev v0
}

teardown() {
	sandbox_stop
}

@test "-Version exits 0 and names the iproute2 release it follows" {
	run sb "$IP_LINK_DIR/ip" -Version
	assert_success
	assert_output --regexp '^ip utility, iproute2-6\.1\.0, nsip '
	run sb "$IP_LINK_DIR/ip" -V
	assert_success
}

@test "global options take ip's abbreviations and --long forms" {
	local opts
	for opts in "-4" "-6" "-0" "-f inet" "-f inet6" "-f link" "-family inet" "--json" "-json" \
		"-j -pretty" "--oneline" "-brief" "-br" "-o -4" "-N" "-Numeric" "-human" "-iec" \
		"-t" "-ts" "-a" "-l 3" "-loops 3" "-rc 100000" "-rcvbuf 200000" "--" "-o -br -j" \
		"-s" "-s -s" "-stat" "--statistics" "-h -s" "-iec -s" "-c" "-col=never" "--color=always" \
		"-echo" "-M" "-B" "-f bridge" "-f mpls"; do
		# shellcheck disable=SC2086
		compare_ip $opts address show dev v0
	done
}

@test "object and command abbreviations resolve as in ip" {
	local cmd
	for cmd in "a" "addr" "a s" "addr sh dev v0" "a l" "ad lst" "l" "li" "link sh v0" \
		"l list up" "l sh" "r" "ro" "r s" "route li" "r lst table all" "ro sh t main"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
	done
}

@test "bad options and objects fail with ip's message and status" {
	local cmd
	for cmd in "-Z link" "--bogus link" "-jp link" "-f foo link" "-family" "-b" "-c=yes link" "-ech link" \
		"-rcvbuf x link" "-n" "-n nope link" "-netns nope address" "foo" "link foo" \
		"address foo" "route foo" "" "help" "link help" "address help" "route help" \
		"-f help link" "link show help" "address show h" "link show he"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
	done
}

@test "bad arguments of show commands fail as in ip" {
	local cmd
	for cmd in "address show dev" "route show table" "link show type" "address show scope bogus" \
		"address show group bogus" "address show master nope" "link show dev lo extra" \
		"address show dev v0 dev v1" "address show to bogus" "address show to 10.0.0.300/24" \
		"-6 address show to 10.0.0.0/8" "route show table bogus" "route show proto bogus" \
		"route show scope bogus" "route show type bogus" "route show 10.0.0.300/24" \
		"route show 10.0.0.1/33" "route show fe80::zz/64" "-6 route show 10.0.0.0/8" \
		"route show metric x" "route show tos zz" "route show mark x" "route show realms x/y" \
		"route show via" "route show via inet" "route show src bogus" "route show from bogus" \
		"route show vrf nope" "address show vrf nope" "link show vrf v0" "route show vrf default" \
		"route show 10.1.0.0/255.255.255.0" "route show 10.1.0.0/255.0.255.0" \
		"route show 0x0a.1.0.0/16" "route show 012.1.0.0/16" "route show 10.1/16" \
		"route show default/8" "route show all" "route show any" "route show table 0x64" \
		"route show table default" "address show label" "address show scope 253" \
		"route show scope 0x0" "route show proto 0x10" "route show type 1"; do
		# shellcheck disable=SC2086
		compare_ip $cmd
	done
}

@test "a batch file runs every line on one socket, with ip's rules" {
	BATCH_DIR=$BATS_TEST_TMPDIR
	cat >"$BATCH_DIR/ok" <<'BATCH'
# a comment line, then a blank one

link show dev v0   # a trailing comment
address show \
	dev v0
-6 route show
"route" 'show' table all
r s t main
BATCH
	compare_ip -batch "$BATCH_DIR/ok"
	compare_ip -b "$BATCH_DIR/ok"
	compare_ip -4 -br -batch "$BATCH_DIR/ok"
	compare_ip -j -batch "$BATCH_DIR/ok"
}

@test "a failing batch line stops the batch unless -force" {
	BATCH_DIR=$BATS_TEST_TMPDIR
	cat >"$BATCH_DIR/bad" <<'BATCH'
link show dev v0
link show dev nope
route show table 4242
address show dev v0
bogus
route show
BATCH
	compare_ip -batch "$BATCH_DIR/bad"
	compare_ip -force -batch "$BATCH_DIR/bad"
	compare_ip -batch "$BATCH_DIR/missing"
	printf 'link show dev v1\nroute show\n' >"$BATCH_DIR/stdin"
	run sb sh -c "$IP_REF -batch - <$BATCH_DIR/stdin"
	local want=$output
	run sb sh -c "$IP_LINK_DIR/ip -batch - <$BATCH_DIR/stdin"
	assert_success
	assert_output "$want"
}

@test "a batch names peer namespaces from ip's netns cache, line for line" {
	# ip reads the names of the nsids once, when it first needs them; a
	# later netns set does not reach that cache, and netns list-id takes
	# out each entry it prints. Each case runs in a sandbox of its own.
	BATCH_DIR=$BATS_TEST_TMPDIR
	cat >"$BATCH_DIR/cache" <<'BATCH'
link show e0
netns set other 7
link add f0 type veth peer name f1 netns other
link show f0
netns list-id
link show e0
link show f0
netns list-id
link show e0
-j link show f0
BATCH
	cat >"$BATCH_DIR/late" <<'BATCH'
netns set other 7
link add f0 type veth peer name f1 netns other
link show f0
BATCH
	local batch
	for batch in cache late; do
		scenario_file="$BATCH_DIR/$batch.scenario"
		cat >"$scenario_file" <<S
\$REF netns add base
\$REF netns add other
\$REF link add e0 type veth peer name e1 netns base
ip -batch $BATCH_DIR/$batch
ip -force -batch $BATCH_DIR/$batch
S
		compare_scenario "$scenario_file"
	done
}

@test "batch quoting errors end ip the way iproute2 ends" {
	BATCH_DIR=$BATS_TEST_TMPDIR
	printf 'link show dev v0\nlink show "v0\n' >"$BATCH_DIR/quote"
	compare_ip -batch "$BATCH_DIR/quote"
	printf 'link show dev v0 \\\n' >"$BATCH_DIR/cont"
	compare_ip -batch "$BATCH_DIR/cont"
}

@test "run as ip-prefixed names, nsip takes the object from its name as ip does" {
	local name
	for name in ipaddr iproute iplink; do
		ln -s "$IP_REF" "$BATS_TEST_TMPDIR/ref-$name"
		mkdir -p "$BATS_TEST_TMPDIR/$name.d"
		ln -s "$IP_REF" "$BATS_TEST_TMPDIR/$name.d/$name"
		ln -s "$NSIP" "$IP_LINK_DIR/$name"
		compare_tools "$BATS_TEST_TMPDIR/$name.d/$name" "$IP_LINK_DIR/$name"
		compare_tools "$BATS_TEST_TMPDIR/$name.d/$name" "$IP_LINK_DIR/$name" show dev v0
	done
}

@test "objects nsip lacks fail clearly instead of doing something else" {
	run sb "$IP_LINK_DIR/ip" l2tp show tunnel
	assert_failure
	assert_output --partial 'is not implemented'
}

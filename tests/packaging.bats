#!/usr/bin/env bats
# What a user meets before the first command: nsip's own help, --install,
# a renamed binary, error hints that name the program, the man page, bash
# completion and make install.

bats_require_minimum_version 1.5.0
load helpers

teardown() {
	[ -z "${SANDBOX_PID:-}" ] || sandbox_stop
}

@test "nsip --help and nsip help say what nsip is, its tools and objects" {
	[ -x "$NSIP" ] || skip "nsip is not built: run make"
	local form
	for form in --help help -help; do
		run --separate-stderr "$NSIP" "$form"
		assert_success
		[ -z "$stderr" ]
		assert_line --index 0 --regexp '^nsip [0-9.]+: network namespaces'
		assert_line --regexp '^  lsns +util-linux 2\.38'
		assert_line --regexp '^  unshare +'
		assert_line --regexp '^  nsenter +'
		assert_line --regexp '^  ns +'
		assert_line --regexp '^  netns +'
		assert_line --regexp '^  --install DIR +make hard links named ip, lsns, unshare and nsenter'
	done
	# Without arguments it is a usage error, as ip's own.
	run --separate-stderr "$NSIP"
	[ "$status" = 255 ]
	[ -z "$output" ]
	[[ "$stderr" == "nsip "*"Usage: nsip "* ]]
}

@test "called as ip, nsip keeps ip's usage and error texts" {
	sandbox_start
	compare_ip help
	compare_ip
	compare_ip foo
	compare_ip link foo
	compare_ip -x link
	compare_ip link add x type veth bogus
}

@test "called as nsip, error hints name nsip, and nsip ip names nsip ip" {
	sandbox_start
	local cases=(
		"foo|Object \"foo\" is unknown, try \"nsip help\"."
		"-x link|Option \"-x\" is unknown, try \"nsip -help\"."
		"link foo|Command \"foo\" is unknown, try \"nsip link help\"."
		"address foo|Command \"foo\" is unknown, try \"nsip address help\"."
		"link add x type veth bogus|Usage: ip link <options> type veth [peer <options>]"
		"link add x type dummy2 bogus|Garbage instead of arguments \"bogus ...\". Try \"nsip link help\"."
		"ip foo|Object \"foo\" is unknown, try \"nsip ip help\"."
		"ip link foo|Command \"foo\" is unknown, try \"nsip ip link help\"."
	)
	local c args want
	for c in "${cases[@]}"; do
		args=${c%%|*} want=${c#*|}
		# shellcheck disable=SC2086
		run sb "$NSIP" $args
		[ "$status" != 0 ] || fail "nsip $args succeeded"
		assert_line "$want"
	done
	# The same commands as ip print ip's hints.
	run sb "$IP_LINK_DIR/ip" link foo
	assert_output 'Command "foo" is unknown, try "ip link help".'
}

@test "a binary whose name starts with nsip is nsip" {
	sandbox_start
	local renamed="$BATS_TEST_TMPDIR/nsip-linux-amd64"
	cp "$NSIP" "$renamed"
	# The test's own namespace: the list of all of them changes while other
	# programs on the machine make and leave namespaces.
	run sb lsns -p $$ -t net -n -o NS,TYPE,PID
	assert_success
	local want=$output
	[ -n "$want" ] || fail "lsns printed nothing"
	run sb "$renamed" lsns -p $$ -t net -n -o NS,TYPE,PID
	assert_output "$want"
	run sb "$renamed" lnk
	assert_failure
	assert_output 'Object "lnk" is unknown, try "nsip-linux-amd64 help".'
	run sb "$renamed" --help
	assert_success
	assert_line --index 1 --regexp '^Usage: nsip-linux-amd64 '
	# And it is ip for everything else.
	compare_tools "$IP_REF" "$renamed" -br link
}

@test "nsip --install makes the tool links, all or none, and never replaces a file" {
	[ -x "$NSIP" ] || skip "nsip is not built: run make"
	local bin="$BATS_TEST_TMPDIR/nsip" dir="$BATS_TEST_TMPDIR/links" t
	cp "$NSIP" "$bin"
	mkdir "$dir"
	run "$bin" --install "$dir"
	assert_success
	assert_output ''
	for t in ip lsns unshare nsenter; do
		[ -f "$dir/$t" ] && [ ! -L "$dir/$t" ] || fail "$t is not a hard link"
		[ "$dir/$t" -ef "$bin" ] || fail "$t is not nsip"
	done
	run "$dir/lsns" --version
	assert_output --regexp '^lsns from util-linux 2\.38'
	run "$dir/ip" -Version
	assert_output --regexp '^ip utility, iproute2-6\.1\.0'

	# Symbolic links, to the binary's absolute path.
	rm "$dir"/*
	run "$bin" --install -s "$dir"
	assert_success
	for t in ip lsns unshare nsenter; do
		[ "$(readlink "$dir/$t")" = "$(realpath "$bin")" ] || fail "$t: $(readlink "$dir/$t")"
	done

	# An existing file stops the install, stays as it was, and the links
	# made before it are taken back.
	rm "$dir"/*
	echo "iproute2's" >"$dir/unshare"
	run "$bin" --install "$dir"
	assert_failure 1
	assert_output "nsip: $dir/unshare: File exists"
	[ "$(ls "$dir")" = unshare ] || fail "links left behind: $(ls "$dir")"
	[ "$(cat "$dir/unshare")" = "iproute2's" ]

	run "$bin" --install "$BATS_TEST_TMPDIR/absent"
	assert_failure 1
	assert_output "nsip: $BATS_TEST_TMPDIR/absent/ip: No such file or directory"
	run "$bin" --install
	[ "$status" = 255 ]
	assert_output "Usage: nsip --install [ -s ] DIR"
	run "$bin" --install -s a b
	[ "$status" = 255 ]
}

@test "the man page renders without warnings and covers every tool and object" {
	command -v groff >/dev/null || skip "groff is not installed"
	local page="$BATS_TEST_DIRNAME/../doc/nsip.8"
	run groff -man -ww -Tutf8 -rLL=80n "$page"
	assert_success
	run sh -c 'groff -man -ww -Tutf8 "$1" 2>&1 >/dev/null' sh "$page"
	assert_output ''
	run sh -c 'groff -man -Tascii -P-cbou "$1" 2>/dev/null' sh "$page"
	local heading
	for heading in NAME SYNOPSIS DESCRIPTION "IP OPTIONS" "IP OBJECTS" TOOLS FILES "EXIT STATUS" \
		EXAMPLES DIFFERENCES; do
		assert_line "$heading"
	done
	local word
	for word in "ip netns" "ip link" "ip address" "ip route" lsns unshare nsenter "nsip ns" \
		/run/netns /etc/netns "/proc/PID/ns" "--install"; do
		assert_output --partial "$word"
	done
}

# complete WORD... prints what bash completes for the command line WORD...
# (the last word being the one under the cursor) inside the sandbox.
complete_in_sandbox() {
	sb bash -c 'source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
		_nsip; printf "%s\n" "${COMPREPLY[@]}" | sort' complete \
		"$BATS_TEST_DIRNAME/../doc/nsip.bash-completion" "$@"
}

@test "bash completion completes objects, netns names and devices from the system" {
	sandbox_start
	sb $IP_REF netns add red
	sb $IP_REF netns add blue
	sb $IP_REF link add v0 type veth peer name v1
	run complete_in_sandbox nsip li
	assert_output link
	run complete_in_sandbox nsip netns exec ""
	assert_output $'blue\nred'
	run complete_in_sandbox ip netns exec r
	assert_output red
	run complete_in_sandbox ip link set ""
	assert_output $'lo\nv0\nv1'
	run complete_in_sandbox nsip -n ""
	assert_output $'blue\nred'
	run complete_in_sandbox nsip lsn
	assert_output lsns
	run complete_in_sandbox lsns -t n
	assert_output net
	run complete_in_sandbox nsip link add x type ve
	assert_output veth
	run complete_in_sandbox ip address add 10.1.0.1/24 dev v
	assert_output $'v0\nv1'
}

@test "make install puts the binary, the links, the man page and completion under DESTDIR" {
	[ -x "$NSIP" ] || skip "nsip is not built: run make"
	command -v make >/dev/null || skip "make is not installed"
	local dest="$BATS_TEST_TMPDIR/dest" t
	run make -C "$BATS_TEST_DIRNAME/.." install DESTDIR="$dest" PREFIX=/usr
	assert_success
	cmp "$NSIP" "$dest/usr/bin/nsip"
	for t in ip lsns unshare nsenter; do
		[ "$(readlink "$dest/usr/bin/$t")" = nsip ] || fail "bin/$t"
		[ "$(readlink "$dest/usr/share/bash-completion/completions/$t")" = nsip ] || fail "completion $t"
	done
	cmp "$BATS_TEST_DIRNAME/../doc/nsip.8" "$dest/usr/share/man/man8/nsip.8"
	cmp "$BATS_TEST_DIRNAME/../doc/nsip.bash-completion" "$dest/usr/share/bash-completion/completions/nsip"
	run "$dest/usr/bin/lsns" --version
	assert_output --regexp '^lsns from util-linux'
	run make -C "$BATS_TEST_DIRNAME/.." install DESTDIR="$dest" PREFIX=/opt/nsip BINDIR=/opt/bin \
		MANDIR=/opt/man BASHCOMPDIR=/opt/bash
	assert_success
	[ -x "$dest/opt/bin/nsip" ] && [ -f "$dest/opt/man/man8/nsip.8" ] && [ -f "$dest/opt/bash/nsip" ]
	run make -C "$BATS_TEST_DIRNAME/.." uninstall DESTDIR="$dest" PREFIX=/usr
	assert_success
	[ -z "$(find "$dest/usr" -type f -o -type l)" ]
}

#!/usr/bin/env bats
# The README's walkthrough, run as written: each `# COMMAND` line of the
# indented blocks between <!-- walkthrough --> and <!-- /walkthrough -->
# runs in a fresh sandbox of its own (network, mount and PID namespaces,
# with a tmpfs /run, sysfs and /proc), with nsip as ip, lsns, unshare and
# nsenter and busybox as ping, and what it prints must be what follows it
# in the README.

load helpers

README=$BATS_TEST_DIRNAME/../README.md

# walkthrough prints the walkthrough's code lines, without their indent.
walkthrough() {
	sed -n '/^<!-- walkthrough -->$/,/^<!-- \/walkthrough -->$/p' "$README" | sed -n 's/^    //p'
}

# normalize hides what changes from run to run: namespace numbers, ping's
# times, and so the order of lsns's rows, which it sorts by number.
readme_normalize() {
	sed -E 's/\b4026[0-9]{6}\b/NSNUMBER/g; s/time=[0-9.]+ ms/time=T ms/;
		s|min/avg/max = [0-9./]+ ms|min/avg/max = T ms|' |
		awk '
			function flush() { close("sort") }
			/^# / { flush(); lsns = ($2 == "lsns"); header = lsns; print; next }
			header { header = 0; print; next }
			lsns { print | "sort"; next }
			{ print }
			END { flush() }'
}

@test "the README walkthrough prints what the README shows" {
	require_root
	command -v busybox >/dev/null || skip "busybox (for ping) is not installed"
	local d=$BATS_TEST_TMPDIR bin=$BATS_TEST_TMPDIR/bin t
	mkdir "$bin"
	for t in nsip ip lsns unshare nsenter; do
		ln -s "$NSIP" "$bin/$t"
	done
	ln -s "$(command -v busybox)" "$bin/ping"
	walkthrough | grep -v '^$' >"$d/expected"
	grep -q '^# ip netns add' "$d/expected" || fail "no walkthrough found in README.md"
	# The transcript: each command, then what it printed.
	walkthrough | sed -n 's/^# //p' | while IFS= read -r cmd; do
		printf 'echo %q\n%s 2>&1\n' "# $cmd" "$cmd"
	done >"$d/script"
	unshare --net --mount --pid --fork --mount-proc --propagation private \
		env -i PATH="$bin:/usr/sbin:/usr/bin:/sbin:/bin" sh -c '
		mount -t tmpfs -o mode=0755 tmpfs /run && mount -t sysfs sysfs /sys || exit 1
		exec bash <"$1"' sandbox "$d/script" 3>&- | grep -v '^$' >"$d/got"
	readme_normalize <"$d/expected" >"$d/expected.norm"
	readme_normalize <"$d/got" >"$d/got.norm"
	if ! cmp -s "$d/expected.norm" "$d/got.norm"; then
		{
			echo "the walkthrough printed something else (README -, run +):"
			diff -u "$d/expected.norm" "$d/got.norm" | tail -n +3
		} | fail
	fi
}

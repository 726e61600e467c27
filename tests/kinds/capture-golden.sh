#!/bin/sh
# capture-golden.sh writes, for each command line of golden-cases.txt, the
# RTM_NEWLINK request iproute2's ip sends, as hex with the sequence number
# and port id zeroed: the golden bytes of internal/ip's kind tests. Each
# line runs in a fresh network+mount namespace with one link, d0 (ifb,
# index 2); the kernel may refuse the kind, the request is captured anyway.
# Run as root from the repository's top: sh tests/kinds/capture-golden.sh
set -eu
cases=tests/kinds/golden-cases.txt
out=internal/ip/testdata/kinds.golden
: >"$out"
trace=$(mktemp)
trap 'rm -f "$trace"' EXIT
while IFS= read -r line; do
	unshare --net --mount --propagation private sh -c '
		mount -t tmpfs tmpfs /run && mount -t sysfs sysfs /sys &&
		ip link add d0 type ifb &&
		strace -f -e trace=sendmsg -e write=3 -o "$2" ip $1 >/dev/null 2>&1 || true' sh "$line" "$trace"
	hex=$(python3 -c '
import sys
# strace dumps each buffer sent on fd 3 as " | OFFSET  hex bytes  ascii |".
msgs, cur = [], None
for line in sys.stdin:
    if line.startswith(" * "):
        cur = bytearray(); msgs.append(cur)
    elif line.startswith(" | ") and cur is not None:
        cur += bytes.fromhex(line[10:59].replace(" ", ""))
for b in msgs:
    if b[4:6] == b"\x10\x00":  # RTM_NEWLINK
        print((b[:8] + bytes(8) + b[16:]).hex())
        break
' <"$trace")
	[ -n "$hex" ] || { echo "no request captured for: $line" >&2; exit 1; }
	printf '%s\t%s\n' "$line" "$hex" >>"$out"
done <"$cases"

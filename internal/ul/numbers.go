package ul

import (
	"math"
	"strconv"

	"nsip/internal/cli"
	"nsip/internal/unix"
)

// util-linux reads numbers with its strtoXX_or_err helpers, which end the
// program with err(3)'s message for a value they refuse: with strerror's
// text when it is out of range, without when it is no number.

// utilUint is util-linux's strtoul_or_err: a decimal number as strtoul
// reads it, so "-1" is the largest one.
func utilUint(prog, s, what string) uint64 {
	n, used, overflow := cli.Strtoul(s, 10)
	refuseNumber(prog, s, what, used, overflow)
	return n
}

// utilUint64 is util-linux's strtou64_or_err: a decimal number, where a
// negative one is out of range rather than wrapped as strtoull would.
func utilUint64(prog, s, what string) uint64 {
	if negative, _, _ := cli.Strtol(s, 10); negative < 0 {
		refuseNumber(prog, s, what, 0, true)
	}
	return utilUint(prog, s, what)
}

// utilInt32 is util-linux's strtos32_or_err: a decimal number that fits
// an int32.
func utilInt32(prog, s, what string) int {
	n, used, overflow := cli.Strtol(s, 10)
	// A number too big for an int32 is out of range only when nothing
	// follows it; strtol's own overflow is, whatever follows.
	whole := used > 0 && used == len(s)
	refuseNumber(prog, s, what, used, overflow || whole && (n < math.MinInt32 || n > math.MaxInt32))
	return int(n)
}

// refuseNumber ends the program when strtoul or strtol overflowed, or did
// not read all of s.
func refuseNumber(prog, s, what string, used int, outOfRange bool) {
	if outOfRange {
		cli.Err(cli.StatusFailure, prog, unix.ERANGE, what, ": '", s, "'")
	}
	if used == 0 || used != len(s) {
		cli.Errx(prog, what, ": '", s, "'")
	}
}

// itoa and utoa are strconv.Itoa and strconv.FormatUint(n, 10), called
// once here instead of inlined at every cell and message that needs one.
//
//go:noinline
func itoa(n int) string { return strconv.Itoa(n) }

//go:noinline
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }

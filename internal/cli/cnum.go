package cli

import "math"

// iproute2 and util-linux read numbers with C's strtoul and strtol, and
// scripts rely on what those accept: leading blanks, a sign, 0x and 0
// prefixes with base 0. These helpers accept the same strings.

// IsSpace is C's isspace in the C locale.
func IsSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// DigitValue is the value of c as a digit of any base up to 36; 99 when
// it is none.
func DigitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// scanNumber reads what strtoul and strtol read at the start of s: blanks,
// a sign, a base prefix and digits. used is 0 when there were no digits.
func scanNumber(s string, base int) (negative bool, magnitude uint64, used int, overflow bool) {
	i := 0
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		negative = s[i] == '-'
		i++
	}
	hexPrefix := i+2 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && DigitValue(s[i+2]) < 16
	switch {
	case (base == 0 || base == 16) && hexPrefix:
		base, i = 16, i+2
	case base == 0 && i < len(s) && s[i] == '0':
		base = 8
	case base == 0:
		base = 10
	}
	start := i
	for ; i < len(s); i++ {
		d := uint64(DigitValue(s[i]))
		if d >= uint64(base) {
			break
		}
		if magnitude > (math.MaxUint64-d)/uint64(base) {
			overflow = true
		}
		magnitude = magnitude*uint64(base) + d
	}
	if i == start {
		return false, 0, 0, false
	}
	return negative, magnitude, i, overflow
}

// Strtoul is strtoul on the start of s: the value, how many bytes it
// used (0 when it read no digits) and whether the value overflowed.
func Strtoul(s string, base int) (n uint64, used int, overflow bool) {
	negative, magnitude, used, overflow := scanNumber(s, base)
	switch {
	case overflow:
		return math.MaxUint64, used, true
	case negative:
		return -magnitude, used, false
	}
	return magnitude, used, false
}

// Strtol is strtol on the start of s.
func Strtol(s string, base int) (n int64, used int, overflow bool) {
	negative, magnitude, used, overflow := scanNumber(s, base)
	switch {
	case negative && (overflow || magnitude > 1<<63):
		return math.MinInt64, used, true
	case negative:
		return -int64(magnitude-1) - 1, used, false
	case overflow || magnitude > math.MaxInt64:
		return math.MaxInt64, used, true
	}
	return int64(magnitude), used, false
}

// ParseUint reads all of s as strtoul does, refusing overflow.
func ParseUint(s string, base int) (uint64, bool) {
	n, used, overflow := Strtoul(s, base)
	return n, used > 0 && used == len(s) && !overflow
}

// ParseInt reads all of s as strtol does, refusing overflow.
func ParseInt(s string, base int) (int64, bool) {
	n, used, overflow := Strtol(s, base)
	return n, used > 0 && used == len(s) && !overflow
}

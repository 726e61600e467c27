package proc

import "math/bits"

// Atoi is strconv.Atoi, with false for its error: a decimal int with an
// optional sign, in range. strconv's errors quote the bad input, and with
// their quoting and printability tables cost the binary some 14 KB that
// nothing here needs.
func Atoi(s string) (int, bool) {
	negative := s != "" && s[0] == '-'
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	n, ok := ParseUint(s, 10, 64)
	limit := uint64(1) << (bits.UintSize - 1) // -limit is the least int
	if !ok || n > limit || n == limit && !negative {
		return 0, false
	}
	if negative {
		return -int(n), true // int(limit) is the least int, its own negation
	}
	return int(n), true
}

// ParseUint is strconv.ParseUint for a base from 2 to 10, with false for
// its error: digits alone, no sign or prefix, that fit in bitSize bits.
//
//go:noinline
func ParseUint(s string, base, bitSize int) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	largest := uint64(1)<<bitSize - 1
	var n uint64
	for i := 0; i < len(s); i++ {
		digit := uint64(s[i] - '0')
		if digit >= uint64(base) || n > (largest-digit)/uint64(base) {
			return 0, false
		}
		n = n*uint64(base) + digit
	}
	return n, true
}

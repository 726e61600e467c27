package ip

import (
	"math"
	"math/bits"
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/cli"
)

// The one use of floating point in ip, the rtt metrics, would bring in
// strconv's parsing of floats and its tables: the numbers are read here
// instead, with glibc's results. Printing them costs nothing: the runtime
// has strconv's float formatting anyway.

// timeRTTErrno is iproute2's get_time_rtt, which reads rtt, rttvar and
// rto_min: a number (strtod's when arg has a '.' anywhere, else strtoul's
// in base 0), then nothing (raw: ip passes it on in the kernel's own
// unit), or seconds as s, sec or secs, or milliseconds as ms, msec or
// msecs, in any case; val is the milliseconds rounded up, as amd64 stores
// them. *erange stands for errno == ERANGE, which
// get_time_rtt tests without clearing it first: after "rtt 1.0e-400s",
// whose strtod underflows and is accepted, ip refuses "rttvar -1", whose
// strtoul result is ULONG_MAX, though it accepts it alone. It sets *erange
// where strtod and strtoul set errno.
func timeRTTErrno(arg string, erange *bool) (val uint32, raw, ok bool) {
	var t float64
	var used int
	if ascii.IndexByte(arg, '.') >= 0 {
		var rangeErr bool
		t, used, rangeErr = strtod(arg)
		*erange = *erange || rangeErr
		// Infinity passes this test when errno is not ERANGE, but only
		// "inf" and "infinity" read as infinity without overflowing, and
		// the '.' is then left over, where no unit matches it; so is
		// every NaN's.
		if t < 0 || used == 0 || math.IsInf(t, 1) && *erange {
			return 0, false, false
		}
	} else {
		n, u, overflow := cli.Strtoul(arg, 0)
		*erange = *erange || overflow
		if u == 0 || n == math.MaxUint64 && *erange {
			return 0, false, false
		}
		t, used = float64(n), u
	}
	// The units are s, sec and secs, and the same after an m; no unit
	// passes as an empty prefix of "secs".
	unit := arg[used:]
	raw = unit == ""
	ms := len(unit) > 1 && unit[0]|0x20 == 'm'
	if ms {
		unit = unit[1:]
	}
	if n := len(unit); n == 2 || n > 4 || !foldEqual(unit, "secs"[:n]) {
		return 0, false, false
	}
	if !raw && !ms {
		t *= 1000
	}
	// "*val = t; if (*val < t) *val += 1;" as gcc compiles it for amd64
	// (Debian's ip and gcc -O2 alike): cvttsd2si into a 64-bit register,
	// of which the unsigned int keeps the low half. So values from 2^32 on
	// wrap, from 2^63 on (infinity too, as "1.5e306s" gives) they come out
	// 0 and then 1, and the ceiling can wrap 4294967295.5 to 0.
	val = uint32(cvttsd2si(t))
	if float64(val) < t {
		val++
	}
	return val, raw, true
}

// cvttsd2si is amd64's truncating conversion to int64: what is out of
// range, NaN included, gives the "integer indefinite" math.MinInt64.
func cvttsd2si(t float64) int64 {
	if t >= -1<<63 && t < 1<<63 {
		return int64(t)
	}
	return math.MinInt64
}

// foldEqual is strcasecmp(s, lower) == 0 in the C locale, for a lower
// made of lowercase letters: setting bit 5 lowers the letters and turns no
// other byte into one. Only ASCII letters fold: strings.EqualFold would
// also take "ſ" for "s".
func foldEqual(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != lower[i] {
			return false
		}
	}
	return true
}

// strtod is glibc's strtod in the C locale: the double nearest the number
// at the start of s, ties to even; how many bytes of s that took (0 when
// there is no number); and whether errno became ERANGE. After blanks and
// a sign come decimal digits with at most one point and an optional
// exponent (e, a sign, digits); or 0x, hexadecimal digits with at most one
// point and an optional binary exponent (p, a sign, decimal digits); or
// "inf", "infinity" or "nan", the last with an optional "(chars)" that
// gives the payload. Letters may be in either case. A number too large
// gives ±Inf and ERANGE; one too small gives ±0 or a subnormal, with ERANGE
// when that is inexact. The result is exact for inputs of any length, as
// glibc's is.
func strtod(s string) (value float64, used int, erange bool) {
	i := 0
	for i < len(s) && cli.IsSpace(s[i]) {
		i++
	}
	negative := i < len(s) && s[i] == '-'
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	// The next 8 bytes, lowered for "infinity" and "nan" (setting bit 5
	// lowers the letters and turns no other byte into one of theirs).
	var word [8]byte
	for k := range word {
		if i+k < len(s) {
			word[k] = s[i+k] | 0x20
		}
	}
	var b uint64
	switch {
	case string(word[:]) == "infinity":
		b, used = infBits, i+8
	case string(word[:3]) == "inf":
		b, used = infBits, i+3
	case string(word[:3]) == "nan":
		// glibc reads the chars in parentheses, when they are letters,
		// digits and '_' only, with strtoull in base 0: a number it reads
		// whole becomes the payload, and one that overflows sets ERANGE
		// either way.
		b, used = 0x7ff8<<48, i+3
		j := used + 1
		for j < len(s) && (cli.DigitValue(s[j]) < 36 || s[j] == '_') {
			j++
		}
		if used < len(s) && s[used] == '(' && j < len(s) && s[j] == ')' {
			payload, n, overflow := cli.Strtoul(s[used+1:j], 0)
			if n == j-used-1 {
				b |= payload & (1<<51 - 1)
			}
			used, erange = j+1, overflow
		}
	case i+1 < len(s) && s[i] == '0' && word[1] == 'x':
		b, used, erange = parseNumber(s, i+2, 16)
		if used == 0 {
			used = i + 1 // a 0x without digits is a 0
		}
	default:
		b, used, erange = parseNumber(s, i, 10)
	}
	if used == 0 {
		return 0, 0, false
	}
	if negative {
		b |= 1 << 63
	}
	return math.Float64frombits(b), used, erange
}

const infBits = 0x7ff << 52

// maxDigits is how many significant digits are kept; of the rest, only
// whether one is nonzero counts. Nothing that decides the rounding needs
// more: each double, each halfway point between doubles, and 2^-1022 less
// half an ulp of 53 bits, where tininess is judged, is a multiple of
// 2^-1076 with at most 769 significant digits, so a number lies on the
// same side of each as its first 800 digits do, or above when they are
// equal and a nonzero digit follows.
const maxDigits = 800

// parseNumber reads the digits, point and exponent of a number in base 10
// or 16 from s[i:] and rounds it to a double's bits, sign aside. used is
// 0 when there is no digit.
func parseNumber(s string, i, base int) (b uint64, used int, erange bool) {
	var digits [maxDigits]byte // significant: from the first nonzero one
	n, sticky, seen, point := 0, false, false, false
	var place int64 // where the point is, counted in digits from digits[0]
	limit := maxDigits
	if base == 16 {
		limit = 16 // 64 bits are plenty, when the rest are sticky
	}
	for ; i < len(s); i++ {
		if s[i] == '.' && !point {
			point = true
			continue
		}
		d := cli.DigitValue(s[i])
		if d >= base {
			break
		}
		seen = true
		switch {
		case n == 0 && d == 0:
			if point {
				place--
			}
			continue
		case n < limit:
			digits[n] = byte(d)
			n++
		default:
			sticky = sticky || d != 0
		}
		if !point {
			place++
		}
	}
	if !seen {
		return 0, 0, false
	}
	// The exponent, when digits follow its marker and sign: e or E in
	// base 10, p or P in base 16, then decimal digits, all consumed. It
	// saturates at ±2^40, where any nonzero number is out of range
	// whatever the length of its digits.
	var exp int64
	marker := byte('e')
	if base == 16 {
		marker = 'p'
	}
	if j := i + 1; i < len(s) && s[i]|0x20 == marker {
		negative := j < len(s) && s[j] == '-'
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		for ; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
			exp, i = min(exp*10+int64(s[j]-'0'), 1<<40), j+1
		}
		if negative {
			exp = -exp
		}
	}
	if n == 0 {
		return 0, i, false
	}
	if base == 10 {
		b, erange = decimalBits(digits[:n], sticky, place+exp)
		return b, i, erange
	}
	var m uint64
	for _, h := range digits[:n] {
		m = m<<4 | uint64(h)
	}
	lz := bits.LeadingZeros64(m)
	b, erange = roundBits(m<<lz, 4*(place-int64(n))+exp-int64(lz), sticky, false)
	return b, i, erange
}

// decimalBits rounds 0.d × 10^exp, plus a little more when sticky, to a
// double's bits: d's first digit is not 0. It works on the decimal digits
// themselves, exactly: it halves them 56 bits at a time until no integer
// part is left, then doubles the fraction 56 bits at a time to take the
// top 64 bits, and leaves the rest to a sticky bit. That is slow next to
// strconv's algorithms, microseconds, but small and plainly exact.
func decimalBits(d []byte, sticky bool, exp int64) (uint64, bool) {
	switch {
	case exp > 310: // 10^310 and more
		return infBits, true
	case exp < -323: // under 10^-324, below half of 2^-1074
		return 0, true
	}
	// The digits after up to 323 zeros, or with up to 310 integer digits
	// (zeros after d's), whose halving appends up to 19 × 56 more.
	var buf [maxDigits + 1100]byte
	p, lead := int(max(exp, 0)), int(max(-exp, 0))
	start, end := 0, max(lead+copy(buf[lead:], d), p)
	var e int64 // the value is 0.buf[start:end] × 2^e, with p integer digits
	for p > 0 {
		var rem uint64
		for j := start; j < end; j++ {
			v := rem*10 + uint64(buf[j])
			buf[j], rem = byte(v>>56), v&(1<<56-1)
		}
		for ; rem != 0; end++ {
			v := rem * 10
			buf[end], rem = byte(v>>56), v&(1<<56-1)
		}
		e += 56
		for p > 0 && buf[start] == 0 {
			start, p = start+1, p-1
		}
	}
	f := buf[start:end]
	var m uint64
	for f = trimZeros(f); m>>63 == 0 && len(f) > 0; f = trimZeros(f) {
		k := min(bits.LeadingZeros64(m), 56)
		m = m<<k | doubleFraction(f, k)
		e -= int64(k)
	}
	lz := bits.LeadingZeros64(m) // when the fraction ran out first
	return roundBits(m<<lz, e-int64(lz), sticky || len(f) > 0, true)
}

// doubleFraction multiplies the decimal fraction 0.f by 2^k, k <= 56, in
// place, and returns the integer part that carries out of it.
func doubleFraction(f []byte, k int) uint64 {
	var carry uint64
	for j := len(f) - 1; j >= 0; j-- {
		v := uint64(f[j])<<k + carry
		f[j], carry = byte(v%10), v/10
	}
	return carry
}

func trimZeros(f []byte) []byte {
	for len(f) > 0 && f[len(f)-1] == 0 {
		f = f[:len(f)-1]
	}
	return f
}

// roundBits rounds (m + δ) × 2^e, where m's top bit is set and 0 < δ < 1
// when sticky (δ = 0 otherwise), to the nearest double, ties to even, and
// says whether glibc sets ERANGE: on overflow, and when a tiny result is
// inexact. x86 judges tininess after rounding: a number that rounds to
// 2^-1022 at 53 bits is not tiny, though it had to be rounded as a
// subnormal.
//
// For a subnormal it also has glibc's bug 30220 (fixed in 2.41; Debian 12
// has 2.36): glibc first cuts the number to 53 bits and a sticky bit for
// what lies below the 54th, then shifts the 53 bits right, and the 54th
// bit itself is lost. When it is the only one set below the subnormal's
// rounding bit, the result rounds down ("0x1.ffffffffffffd8p-1023" gives
// 0x0.ffffffffffffep-1022, not ...fp-1022) and may miss its ERANGE. A
// decimal's digits are read only down to 10^-1076, any beyond merely
// noted, so there only a 54th bit of 2^-1076 (in [2^-1023, 2^-1022)) can
// be lost alone; decimal says which kind of number this is.
func roundBits(m uint64, e int64, sticky, decimal bool) (uint64, bool) {
	top := e + 63 // the exponent of m's top bit
	switch {
	case top > 1023:
		return infBits, true
	case top < -1075: // below 2^-1075, half the least subnormal
		return 0, true
	}
	drop := int(max(11, -1074-e)) // 53 bits are kept, fewer for a subnormal
	lost := uint64(0)
	if top < -1022 && (!decimal || top == -1023) {
		lost = 1 << 10
	}
	kept := m >> drop // 0 when drop is 64
	half := m>>(drop-1)&1 == 1
	rest := sticky || m&(uint64(1)<<(drop-1)-1)&^lost != 0
	if half && (rest || kept&1 == 1) {
		kept++
	}
	// kept has the implicit bit of a normal number at bit 52, which adds 1
	// to the exponent; a carry out of it adds 1 more, to infinity at most.
	// A subnormal has exponent 0 and no implicit bit, unless it rounded up
	// to 2^-1022. Only all 54 top bits set round to 2^-1022 at 53 bits from
	// below it: then the number was not tiny.
	b := uint64(max(top, -1022)+1022)<<52 + kept
	tiny := top < -1023 || top == -1023 && m>>10 != 1<<54-1
	return b, b == infBits || tiny && (half || rest)
}

// formatMilliseconds is printf("%g", ms / 1e3): ms milliseconds, at least
// 1000 (smaller ones print as milliseconds), as seconds with six
// significant digits. strconv rounds the double's exact value as glibc
// does, and writes the exponent with glibc's two digits at least.
func formatMilliseconds(ms uint32) string {
	return strconv.FormatFloat(float64(ms)/1e3, 'g', 6, 64)
}

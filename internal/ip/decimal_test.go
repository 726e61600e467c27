package ip

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/testenv"
)

func TestFormatMillisecondsMatchesPrintf(t *testing.T) {
	values := []uint32{1000, 1001, 1500, 999999, 1000000, 1234565, 1234575, 9999995, 9999994,
		99999950, 999999500, 1073741823, 4294967295, 536870911, 10000005, 12345650}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		values = append(values, 1000+r.Uint32N(1<<31))
	}
	for _, ms := range values {
		want := strconv.FormatFloat(float64(ms)/1e3, 'g', 6, 64)
		if got := formatMilliseconds(ms); got != want {
			t.Fatalf("formatMilliseconds(%d) = %q, want %q", ms, got, want)
		}
	}
}

// strtodResult is what testdata/glibc/strtod.txt records: the double's
// bits in hex, the bytes used and errno == ERANGE.
func strtodResult(s string) string {
	v, used, erange := strtod(s)
	return fmt.Sprintf("%016x %d %s", math.Float64bits(v), used, b01(erange))
}

// TestStrtodMatchesGlibc compares strtod with glibc's (2.36, Debian 12),
// on the corners testdata/glibc/gen.c lists.
func TestStrtodMatchesGlibc(t *testing.T) {
	for _, row := range testenv.GlibcTable(t, "strtod.txt", 2) {
		s, err := strconv.Unquote(row[0])
		if err != nil {
			t.Fatalf("strtod.txt: %v in %s", err, row[0])
		}
		if got := strtodResult(s); got != row[1] {
			t.Errorf("strtod(%s) = %s, glibc says %s", row[0], got, row[1])
		}
	}
}

// TestTimeRTTMatchesGetTimeRTT compares timeRTT with get_time_rtt as gcc
// compiles it here (testdata/glibc/gen.c): value, raw, success and errno
// == ERANGE after it, with errno clear and with an ERANGE left over.
func TestTimeRTTMatchesGetTimeRTT(t *testing.T) {
	for _, row := range testenv.GlibcTable(t, "timertt.txt", 3) {
		s, err := strconv.Unquote(row[0])
		if err != nil {
			t.Fatalf("timertt.txt: %v in %s", err, row[0])
		}
		for stale, want := range row[1:] {
			erange := stale == 1
			val, raw, ok := timeRTTErrno(s, &erange)
			got := fmt.Sprintf("%d %s %s %s", val, b01(raw), b01(ok), b01(erange))
			if got != want {
				t.Errorf("get_time_rtt(%s) with errno %s = %s, gcc's says %s",
					row[0], []string{"0", "ERANGE"}[stale], got, want)
			}
		}
		val, raw, ok := timeRTT(s)
		if got := fmt.Sprintf("%d %s %s 0", val, b01(raw), b01(ok)); !strings.HasPrefix(row[1], got[:len(got)-1]) {
			t.Errorf("timeRTT(%s) = %s, gcc's get_time_rtt says %s", row[0], got, row[1])
		}
	}
}

// reference is what glibc 2.36's strtod makes of s, a number
// strconv.ParseFloat reads whole: strconv's double and whether it
// overflowed, but from exact rational arithmetic where either is wrong.
// strconv's slow path miscounts the place of the point after 800 digits
// (it reads "9007199254740993", 900 zeros and "1e-901" as 9e-102, a
// relative of golang/go#42436), and glibc before 2.41 loses a bit when it
// rounds a subnormal (bug 30220). ok is false for what strconv refuses and
// for long numbers with exponents too large to compute with.
func reference(s string) (want float64, overflow, ok bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || strings.Contains(s, "_") || math.IsNaN(f) {
		return 0, false, false
	}
	digits := 0
	for i := 0; i < len(s) && !strings.Contains("xX", s[i:i+1]); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	long := digits > 780
	if !long && (f == 0 || math.Abs(f) > 0x1p-1022) {
		return f, err != nil, true
	}
	lower := strings.ToLower(s)
	marker := "e"
	if strings.Contains(lower, "0x") {
		marker = "p"
	}
	if _, exp, found := strings.Cut(lower, marker); found {
		if n, err := strconv.Atoi(exp); err != nil || n > 5000 || n < -5000 {
			return 0, false, false
		}
	}
	want, ok = glibcRat(s)
	return want, ok && math.IsInf(want, 0), ok
}

// glibcRat rounds s exactly, as glibc 2.36 does: to nearest, ties to even,
// but for a subnormal without the 54th significant bit, which for a
// decimal only matters in [2^-1023, 2^-1022) (see roundBits).
func glibcRat(s string) (float64, bool) {
	x, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	negative := x.Sign() < 0 || strings.HasPrefix(strings.TrimLeft(s, " "), "-")
	x.Abs(x)
	if x.Sign() != 0 {
		top := x.Num().BitLen() - x.Denom().BitLen() // 2^top <= x < 2^(top+1)
		if x.Cmp(pow2(top)) < 0 {
			top--
		}
		if top < -1022 && (top == -1023 || strings.ContainsAny(s, "xX")) {
			scaled := new(big.Rat).Mul(x, pow2(53-top))
			if new(big.Int).Quo(scaled.Num(), scaled.Denom()).Bit(0) == 1 {
				x.Sub(x, pow2(top-53))
			}
		}
	}
	f, _ := x.Float64()
	if negative {
		f = -f
	}
	return f, true
}

func pow2(k int) *big.Rat {
	p := new(big.Int).Lsh(big.NewInt(1), uint(max(k, -k)))
	if k < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

// agreesWithReference checks strtod on a number it must read whole.
func agreesWithReference(t *testing.T, s string) {
	t.Helper()
	got, used, erange := strtod(s)
	want, overflow, ok := reference(s)
	if !ok {
		t.Fatalf("no reference for %q", s)
	}
	if used != len(s) || math.Float64bits(got) != math.Float64bits(want) || overflow != (erange && math.IsInf(got, 0)) {
		t.Fatalf("strtod(%q) = %v (%016x), %d, %v; want %v (%016x), overflow %v",
			s, got, math.Float64bits(got), used, erange, want, math.Float64bits(want), overflow)
	}
}

// randomDecimal writes a number with up to 60 random digits (or, now and
// then, up to 1000), a point somewhere or nowhere, leading zeros and an
// exponent that lands anywhere from underflow to overflow.
func randomDecimal(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(4) == 0 {
		b.WriteString(strings.Repeat("0", r.IntN(30)))
	}
	n := 1 + r.IntN(60)
	if r.IntN(20) == 0 {
		n = 1 + r.IntN(1000)
	}
	point := -1
	if r.IntN(2) == 0 {
		point = r.IntN(n + 1)
	}
	for i := range n {
		if i == point {
			b.WriteByte('.')
		}
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	if point == n {
		b.WriteByte('.')
	}
	if r.IntN(4) != 0 {
		fmt.Fprintf(&b, "e%d", r.IntN(800)-400-n/2)
	}
	return b.String()
}

// nearHalfway writes the exact midpoint of a random double and its upper
// neighbour, nudged up or down in a random digit or cut short: the numbers
// whose rounding needs every digit.
func nearHalfway(r *rand.Rand) string {
	bits := r.Uint64() &^ (1 << 63)
	if bits >= math.Float64bits(math.MaxFloat64) {
		bits = math.Float64bits(math.MaxFloat64)
	}
	lo := new(big.Float).SetPrec(2000).SetFloat64(math.Float64frombits(bits))
	hi := new(big.Float).SetPrec(2000)
	if bits == math.Float64bits(math.MaxFloat64) {
		hi.SetMantExp(big.NewFloat(1), 1024)
	} else {
		hi.SetFloat64(math.Float64frombits(bits + 1))
	}
	mid := new(big.Float).SetPrec(2000).Add(lo, hi)
	mid.Quo(mid, big.NewFloat(2))
	s := mid.Text('e', 1100)
	mant, exp, _ := strings.Cut(s, "e")
	mant = strings.TrimRight(mant, "0")
	switch r.IntN(4) {
	case 0: // the midpoint itself
	case 1:
		mant += strings.Repeat("0", r.IntN(50)) + "1"
	case 2: // cut short: just below, unless cut at its end
		mant = mant[:min(len(mant), 3+r.IntN(len(mant)))]
	case 3:
		if i := strings.LastIndexAny(mant, "123456789"); i > 1 {
			mant = mant[:i] + string(mant[i]-1) + strings.Repeat("9", 1+r.IntN(50))
		}
	}
	return mant + "e" + exp
}

// TestStrtodMatchesStrconv compares strtod with strconv.ParseFloat, and
// exact arithmetic where that is wrong, on random numbers.
func TestStrtodMatchesStrconv(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 30000 {
		agreesWithReference(t, randomDecimal(r))
	}
	for range 3000 {
		agreesWithReference(t, nearHalfway(r))
	}
	for range 30000 {
		// Shortest and 17-digit forms of random doubles, and hex floats.
		x := math.Float64frombits(r.Uint64())
		if math.IsNaN(x) {
			continue
		}
		agreesWithReference(t, strconv.FormatFloat(x, 'g', -1, 64))
		agreesWithReference(t, strconv.FormatFloat(x, 'e', 16, 64))
		agreesWithReference(t, strconv.FormatFloat(x, 'x', -1, 64))
		agreesWithReference(t, strconv.FormatFloat(x, 'x', r.IntN(14), 64))
	}
}

// FuzzStrtod checks that strtod never panics, uses a prefix of its input,
// and agrees with reference (strconv.ParseFloat, mostly), bit for bit and
// on overflow, whenever that reads the same prefix; and reads all of any
// number strconv reads whole, bar strconv's digit separators.
func FuzzStrtod(f *testing.F) {
	for _, s := range []string{"1.5", "+0.001", ".5", "123456.789", "1.2.3", "1e", "1e+5x",
		"0x1.8p1", "0x", "0x.8", "-inf", "infinity", "nan(123)", " \t-2.5e-3s", "1e400",
		"4.9e-324", "2.4703282292062328e-324", "0x1.fffffffffffff8p-1023", "1e99999999999999999999",
		"1" + strings.Repeat("0", 320) + ".5", "0." + strings.Repeat("0", 320) + "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, used, erange := strtod(s)
		if used < 0 || used > len(s) || used == 0 && (v != 0 || math.Signbit(v) || erange) {
			t.Fatalf("strtod(%q) = %v, %d, %v", s, v, used, erange)
		}
		if want, overflow, ok := reference(s[:used]); ok && used > 0 &&
			(math.Float64bits(v) != math.Float64bits(want) || overflow != (erange && math.IsInf(v, 0))) {
			t.Fatalf("strtod(%q) = %v (%016x), erange %v; want %v (%016x), overflow %v",
				s, v, math.Float64bits(v), erange, want, math.Float64bits(want), overflow)
		}
		if _, _, ok := reference(s); ok && used != len(s) {
			t.Fatalf("strtod(%q) used %d bytes; strconv reads them all", s, used)
		}
	})
}

// rttModel is get_time_rtt for a decimal number (digits with one point,
// an optional exponent) and a unit, made from reference and the arithmetic
// the amd64 code does: the low 32 bits of the truncation below 2^63,
// nothing above it, then the ceiling.
func rttModel(arg string) (val uint32, raw, ok, applies bool) {
	end := strings.IndexFunc(arg, func(c rune) bool { return !strings.ContainsRune("0123456789.eE+-", c) })
	if end < 0 {
		end = len(arg)
	}
	number, unit := arg[:end], arg[end:]
	mant, _, _ := strings.Cut(strings.ToLower(number), "e")
	if strings.Count(mant, ".") != 1 || strings.Trim(mant, ".") == "" || strings.ContainsAny(mant, "+-") {
		return 0, false, false, false
	}
	t, overflow, known := reference(number)
	if !known || overflow {
		return 0, false, false, known
	}
	switch strings.ToLower(unit) {
	case "":
		raw = true
	case "s", "sec", "secs":
		t *= 1000
	case "ms", "msec", "msecs":
	default:
		return 0, false, false, true
	}
	if t < 1<<63 {
		val = uint32(uint64(math.Trunc(t)))
	}
	if float64(val) < t {
		val++
	}
	return val, raw, true, true
}

// FuzzTimeRTT checks timeRTT against rttModel where that applies, and that
// a stale ERANGE only ever refuses what strtoul reads as ULONG_MAX.
func FuzzTimeRTT(f *testing.F) {
	for _, s := range []string{"0.5", "4294967295.5", "1.5s", "2.5ms", "0x10", "-1", "1e3",
		"1.5e306s", "1.0e-400s", "18446744073709551615", "9223372036854775808.0", "1.5mss",
		"1" + strings.Repeat("0", 320) + ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		val, raw, ok := timeRTT(s)
		if wval, wraw, wok, applies := rttModel(s); applies && (val != wval || raw != wraw || ok != wok) {
			t.Fatalf("timeRTT(%q) = %d, %v, %v; want %d, %v, %v", s, val, raw, ok, wval, wraw, wok)
		}
		erange := true
		sval, sraw, sok := timeRTTErrno(s, &erange)
		if !erange {
			t.Fatalf("timeRTTErrno(%q) cleared ERANGE", s)
		}
		if sval != val || sraw != raw || sok != ok {
			n, _, _ := cli.Strtoul(s, 0)
			if !ok || sok || strings.Contains(s, ".") || n != math.MaxUint64 {
				t.Fatalf("timeRTT(%q) = %d, %v, %v, but %d, %v, %v after ERANGE", s, val, raw, ok, sval, sraw, sok)
			}
		}
	})
}

// timeRTT is timeRTTErrno with errno clear on entry, as it is unless an
// earlier number of the same ip run set it.
func timeRTT(arg string) (val uint32, raw, ok bool) {
	var erange bool
	return timeRTTErrno(arg, &erange)
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

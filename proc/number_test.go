package proc

import (
	"strconv"
	"testing"
)

var numberSeeds = []string{
	"", "0", "7", "-0", "+0", "-", "+", "+-1", "12a", " 1", "1 ", "1_000", "0x10", "0o17", "017", "089",
	"255", "256", "377", "400", "4294967295", "4294967296", "-2147483648", "-2147483649", "2147483647",
	"2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "18446744073709551615", "18446744073709551616", "000000000000000000000042",
}

// Atoi and ParseUint must accept what strconv accepts, with its values.
func FuzzNumbers(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := Atoi(s)
		want, err := strconv.Atoi(s)
		if ok != (err == nil) || ok && n != want {
			t.Errorf("Atoi(%q) = %d, %v; strconv: %d, %v", s, n, ok, want, err)
		}
		for _, c := range []struct{ base, bitSize int }{{10, 64}, {10, 32}, {8, 8}, {2, 16}} {
			n, ok := ParseUint(s, c.base, c.bitSize)
			want, err := strconv.ParseUint(s, c.base, c.bitSize)
			if ok != (err == nil) || ok && n != want {
				t.Errorf("ParseUint(%q, %d, %d) = %d, %v; strconv: %d, %v", s, c.base, c.bitSize, n, ok, want, err)
			}
		}
	})
}

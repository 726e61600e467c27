package main

import (
	"math/rand/v2"
	"strconv"
	"testing"
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

func TestParseDecimalMatchesStrtod(t *testing.T) {
	for _, s := range []string{"1.5", "0.001", "+2.25", ".5", "5.", "123456.789", "0.1", "3.14159265358979"} {
		want, _ := strconv.ParseFloat(s, 64)
		if got, ok := parseDecimal(s); !ok || got != want {
			t.Errorf("parseDecimal(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "+", ".", "1.2.3", "1+2", "++1", "1e3"} {
		if _, ok := parseDecimal(s); ok {
			t.Errorf("parseDecimal(%q) accepted", s)
		}
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1.5", "+0.001", ".5", "123456.789", "1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDecimal(s)
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("parseDecimal(%q) = %v, but strtod refuses it", s, got)
		}
		if len(s) <= 16 && got != want {
			t.Errorf("parseDecimal(%q) = %v, want %v", s, got, want)
		}
	})
}

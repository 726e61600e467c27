package main

import (
	"math"
	"strconv"
)

// Two uses of floating point in ip, the rtt metrics, would bring in
// strconv's float code and tables (some 30 KB) for numbers that never need
// them: they are parsed and printed here, with the same results.

// parseDecimal reads digits with at most one decimal point, after an
// optional '+', into the nearest float64, as strtod would. Clinger's fast
// path makes that exact for up to 15 significant digits and 22 decimals,
// which covers any time a user writes; longer numbers come out at most an
// ulp away.
func parseDecimal(s string) (float64, bool) {
	if len(s) > 0 && s[0] == '+' {
		s = s[1:]
	}
	var mantissa float64
	digits, decimals, point := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !point:
			point = true
		case c >= '0' && c <= '9':
			mantissa = mantissa*10 + float64(c-'0')
			digits++
			if point {
				decimals++
			}
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	if decimals <= 22 {
		return mantissa / math.Pow10(decimals), true
	}
	return mantissa * math.Pow10(-decimals), true
}

// formatMilliseconds is printf("%g", ms / 1e3): ms milliseconds as seconds
// with six significant digits. The digits come from ms itself; when they
// must be rounded at an exact half, the double's own value decides, as it
// does for glibc.
func formatMilliseconds(ms uint32) string {
	digits := []byte(strconv.FormatUint(uint64(ms), 10))
	exponent := len(digits) - 4 // of the leading digit, for ms/1e3
	if len(digits) > 6 {
		up := digits[6] > '5'
		if digits[6] == '5' {
			tail := string(digits[7:])
			up = tail != "000"[:len(tail)]
			if !up {
				x := float64(ms) / 1e3
				residual := math.FMA(x, 1e3, -float64(ms))
				up = residual > 0 || residual == 0 && (digits[5]-'0')%2 == 1
			}
		}
		digits = digits[:6]
		if up {
			i := 5
			for ; i >= 0 && digits[i] == '9'; i-- {
				digits[i] = '0'
			}
			if i < 0 {
				digits = append([]byte{'1'}, digits[:5]...)
				exponent++
			} else {
				digits[i]++
			}
		}
	}
	trim := func(frac []byte) string {
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		if len(frac) == 0 {
			return ""
		}
		return "." + string(frac)
	}
	if exponent >= 6 {
		return string(digits[:1]) + trim(digits[1:]) + "e+" + zeros(2-len(strconv.Itoa(exponent))) + strconv.Itoa(exponent)
	}
	return string(digits[:exponent+1]) + trim(digits[exponent+1:])
}

package ip

import "testing"

func TestHumanNumber(t *testing.T) {
	s := &session{human: true}
	for _, c := range []struct {
		n    uint64
		iec  bool
		want string
	}{{999, false, "  999 "}, {1000, false, "1.00k "}, {1023, true, " 1023 "}, {1024, true, "1.00ki "},
		{123456, false, " 123k "}, {1234567, false, "1.23M "}, {18446744073709551615, false, "18.4E "},
		{4404, false, "4.40k "}, {4404, true, "4.30ki "}} {
		s.iec = c.iec
		if got := string(s.humanNumber(5, c.n)); got != c.want {
			t.Errorf("humanNumber(%d, iec %v) = %q, want %q", c.n, c.iec, got, c.want)
		}
	}
}

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

// The RTM_GETSTATS dumps, against ip 6.1's requests captured with strace
// (`ip link xstats type bridge_slave`, `ip link afstats`): struct
// if_stats_msg with the one filter bit.
func TestStatsDumpRequest(t *testing.T) {
	for _, c := range []struct {
		attr int
		want string
	}{
		{statsLinkXstats, "\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00"},
		{statsLinkXstatsSlave, "\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00"},
		{statsAFSpec, "\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00"},
	} {
		m := statsDump(c.attr)
		if m.Header.Type != 94 || string(m.Data) != c.want {
			t.Errorf("statsDump(%d) = type %d % x, want type 94 % x", c.attr, m.Header.Type, m.Data, c.want)
		}
	}
}

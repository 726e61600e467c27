package ip

import (
	"encoding/binary"
	"testing"
)

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
// if_stats_msg, zero but for the one filter bit (in host byte order).
func TestStatsDumpRequest(t *testing.T) {
	for _, c := range []struct {
		attr int
		mask uint32
	}{{statsLinkXstats, 0x2}, {statsLinkXstatsSlave, 0x4}, {statsAFSpec, 0x10}} {
		want := make([]byte, 12)
		binary.NativeEndian.PutUint32(want[8:], c.mask)
		m := statsDump(c.attr)
		if m.Header.Type != 94 || string(m.Data) != string(want) {
			t.Errorf("statsDump(%d) = type %d % x, want type 94 % x", c.attr, m.Header.Type, m.Data, want)
		}
	}
}

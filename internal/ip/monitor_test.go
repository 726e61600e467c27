package ip

import (
	"testing"

	"nsip/internal/unix"
)

// TestMonitorGroups checks the groups ip monitor subscribes to against
// the bind addresses iproute2 6.1 binds with (strace), groups 32 and up
// being joined after the bind.
func TestMonitorGroups(t *testing.T) {
	tests := []struct {
		family int
		words  []string
		mask   uint32
		later  int
	}{
		{unix.AF_UNSPEC, nil, 0x1d8607f5, 2},
		{unix.AF_INET, nil, 0x88000f5, 2},
		{unix.AF_INET6, nil, 0x9060705, 2},
		{unix.AF_UNSPEC, []string{"link"}, 0x1, 0},
		{unix.AF_UNSPEC, []string{"a", "r"}, 0x4000550, 0},
		{unix.AF_UNSPEC, []string{"nsid", "neigh", "label"}, 0x8000004, 0},
		{unix.AF_INET, []string{"rule", "netconf", "prefix"}, 0x800080, 0},
		{unix.AF_INET6, []string{"mroute", "prefix", "all-nsid"}, 0x20200, 0},
		{unix.AF_UNSPEC, []string{"nexthop", "stats"}, 0, 0},
	}
	for _, tt := range tests {
		s := &session{family: tt.family}
		r := new(monitorRequest)
		s.parseMonitor(tt.words, r)
		var mask uint32
		for _, g := range r.groups(tt.family) {
			mask |= 1 << (g - 1)
		}
		later := 0
		for _, object := range []int{monitorNexthop, monitorStats} {
			if r.listens(object) {
				later++
			}
		}
		if mask != tt.mask || (tt.later != 0 && later != tt.later) {
			t.Errorf("%v under family %d: mask %#x, %d joined; want %#x, %d", tt.words, tt.family, mask, later, tt.mask, tt.later)
		}
	}
}

func TestMonitorWords(t *testing.T) {
	s := &session{}
	r := new(monitorRequest)
	s.parseMonitor([]string{"al", "li", "r"}, r)
	// "al" abbreviates all-nsid, "r" route (not rule); "l" would be label.
	if !r.allNsid || r.label || r.objects != monitorLink|monitorRoute {
		t.Errorf("parsed %+v", r)
	}
}

// TestHexAndSigned pins the numbers of ip monitor's "Unknown message"
// line: eight hex digits, then the value as a signed int.
func TestHexAndSigned(t *testing.T) {
	for v, want := range map[uint32]string{0: "0x00000000(0)", 0x1c: "0x0000001c(28)", 0xffffffff: "0xffffffff(-1)"} {
		if got := hexAndSigned(v); got != want {
			t.Errorf("hexAndSigned(%#x) = %q, want %q", v, got, want)
		}
	}
}

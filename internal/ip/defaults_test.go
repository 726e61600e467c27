package ip

import (
	"testing"

	"golang.org/x/sys/unix"

	"nsip/nl"
)

func prefix(t *testing.T, s string) inetPrefix {
	t.Helper()
	p, ok := parsePrefix(s, unix.AF_UNSPEC)
	if !ok {
		t.Fatalf("parsePrefix(%q) failed", s)
	}
	return p
}

func TestBroadcastAddress(t *testing.T) {
	for _, tt := range []struct {
		prefix string
		plus   bool
		want   string // "" for none
	}{
		{"10.1.2.3/24", true, "10.1.2.255"},
		{"10.1.2.3/24", false, "10.1.2.0"},
		{"10.1.2.3/30", true, "10.1.2.3"},
		{"10.1.2.3/31", true, ""},
		{"10.1.2.3/32", true, ""},
		{"10.1.2.3/0", true, "255.255.255.255"},
		{"10.1.2.3/0", false, "0.0.0.0"},
		{"192.168.7.9/17", true, "192.168.127.255"},
	} {
		brd, ok := broadcastAddress(prefix(t, tt.prefix), tt.plus)
		got := ""
		if ok {
			got = formatIPv4(brd[:])
		}
		if got != tt.want {
			t.Errorf("broadcastAddress(%s, plus=%v) = %q, want %q", tt.prefix, tt.plus, got, tt.want)
		}
	}
}

func TestDefaultAddressScope(t *testing.T) {
	for _, tt := range []struct {
		local string
		want  uint8
	}{
		{"127.0.0.1/8", unix.RT_SCOPE_HOST},
		{"127.255.0.9/32", unix.RT_SCOPE_HOST},
		{"128.0.0.1/8", unix.RT_SCOPE_UNIVERSE},
		{"10.0.0.1/24", unix.RT_SCOPE_UNIVERSE},
		{"::1/128", unix.RT_SCOPE_UNIVERSE},
		{"fe80::1/64", unix.RT_SCOPE_UNIVERSE},
	} {
		if got := defaultAddressScope(prefix(t, tt.local)); got != tt.want {
			t.Errorf("defaultAddressScope(%s) = %d, want %d", tt.local, got, tt.want)
		}
	}
	if got := defaultAddressScope(inetPrefix{}); got != unix.RT_SCOPE_UNIVERSE {
		t.Errorf("defaultAddressScope of no address = %d", got)
	}
}

func TestIsWildcardDelete(t *testing.T) {
	for _, tt := range []struct {
		typ   uint16
		local string
		want  bool
	}{
		{unix.RTM_DELADDR, "10.0.0.1", true},
		{unix.RTM_DELADDR, "10.0.0.1/32", false},
		{unix.RTM_DELADDR, "10.0.0.1/24", false},
		{unix.RTM_DELADDR, "fd00::1", false},
		{unix.RTM_NEWADDR, "10.0.0.1", false},
	} {
		if got := isWildcardDelete(nl.HeaderType(tt.typ), prefix(t, tt.local)); got != tt.want {
			t.Errorf("isWildcardDelete(%d, %s) = %v, want %v", tt.typ, tt.local, got, tt.want)
		}
	}
}

// TestGroupID pins ip's reading of group numbers: strtol's long kept in
// an int, so only the low 32 bits count and a negative int is refused.
func TestGroupID(t *testing.T) {
	for _, tt := range []struct {
		arg  string
		want int32
		ok   bool
	}{
		{"0", 0, true}, {"default", 0, true}, {"5", 5, true}, {"0x10", 16, true}, {"010", 8, true},
		{"2147483647", 2147483647, true}, {"2147483648", 0, false}, {"4294967295", 0, false},
		{"4294967296", 0, true}, {"4294967301", 5, true}, {"-1", 0, false},
		{"-4294967295", 1, true}, {"99999999999999999999", 0, false},
		{"-99999999999999999999", 0, true}, {"", 0, false}, {"5x", 0, false}, {" 5", 5, true},
	} {
		got, ok := groupID(tt.arg)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("groupID(%q) = %d, %v; want %d, %v", tt.arg, got, ok, tt.want, tt.ok)
		}
	}
}

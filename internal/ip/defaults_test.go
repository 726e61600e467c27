package ip

import (
	"testing"

	"nsip/internal/unix"
	"nsip/nl"
)

func prefix(t *testing.T, s string) *inetPrefix {
	t.Helper()
	p, ok := parsePrefix(s, unix.AF_UNSPEC)
	if !ok {
		t.Fatalf("parsePrefix(%q) failed", s)
	}
	return &p
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
	if got := defaultAddressScope(&inetPrefix{}); got != unix.RT_SCOPE_UNIVERSE {
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

func TestDefaultRouteTable(t *testing.T) {
	for _, tt := range []struct {
		rtype uint8
		want  uint8
	}{
		{unix.RTN_UNICAST, unix.RT_TABLE_MAIN}, {unix.RTN_LOCAL, unix.RT_TABLE_LOCAL},
		{unix.RTN_BROADCAST, unix.RT_TABLE_LOCAL}, {unix.RTN_NAT, unix.RT_TABLE_LOCAL},
		{unix.RTN_ANYCAST, unix.RT_TABLE_LOCAL}, {unix.RTN_MULTICAST, unix.RT_TABLE_MAIN},
		{unix.RTN_BLACKHOLE, unix.RT_TABLE_MAIN}, {unix.RTN_UNREACHABLE, unix.RT_TABLE_MAIN},
	} {
		if got := defaultRouteTable(unix.RT_TABLE_MAIN, tt.rtype); got != tt.want {
			t.Errorf("defaultRouteTable(main, %s) = %d, want %d", routeTypeName(tt.rtype), got, tt.want)
		}
	}
}

func TestDefaultRouteScope(t *testing.T) {
	const (
		v4, v6, mpls       = unix.AF_INET, unix.AF_INET6, unix.AF_MPLS
		universe, nowhere  = unix.RT_SCOPE_UNIVERSE, unix.RT_SCOPE_NOWHERE
		link, host         = unix.RT_SCOPE_LINK, unix.RT_SCOPE_HOST
		add, del           = false, true
		direct, viaGateway = false, true
	)
	for _, tt := range []struct {
		name        string
		scope       uint8 // what the request starts with
		family      uint8
		rtype       uint8
		deleting    bool
		withGateway bool
		want        uint8
	}{
		{"a device route is on the link", universe, v4, unix.RTN_UNICAST, add, direct, link},
		{"a gateway route is universal", universe, v4, unix.RTN_UNICAST, add, viaGateway, universe},
		{"a delete matches any scope", nowhere, v4, unix.RTN_UNICAST, del, direct, nowhere},
		{"a delete through a gateway too", nowhere, v4, unix.RTN_UNICAST, del, viaGateway, nowhere},
		{"an untyped delete", nowhere, v4, unix.RTN_UNSPEC, del, direct, nowhere},
		{"local is host", universe, v4, unix.RTN_LOCAL, add, direct, host},
		{"nat is host", universe, v4, unix.RTN_NAT, add, direct, host},
		{"broadcast is link", universe, v4, unix.RTN_BROADCAST, add, direct, link},
		{"multicast is link", universe, v4, unix.RTN_MULTICAST, add, direct, link},
		{"anycast is link", universe, v4, unix.RTN_ANYCAST, add, direct, link},
		{"blackhole keeps its scope", universe, v4, unix.RTN_BLACKHOLE, add, direct, universe},
		{"a blackhole delete too", nowhere, v4, unix.RTN_BLACKHOLE, del, direct, nowhere},
		{"IPv6 is universal", universe, v6, unix.RTN_UNICAST, add, direct, universe},
		{"an IPv6 delete too", nowhere, v6, unix.RTN_UNICAST, del, direct, universe},
		{"IPv6 local too", universe, v6, unix.RTN_LOCAL, add, direct, universe},
		{"MPLS is universal", universe, mpls, unix.RTN_UNICAST, add, direct, universe},
	} {
		got := defaultRouteScope(tt.scope, tt.family, tt.rtype, tt.deleting, tt.withGateway)
		if got != tt.want {
			t.Errorf("%s: scope %d, want %d", tt.name, got, tt.want)
		}
	}
}

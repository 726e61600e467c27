package ip

import (
	"encoding/hex"
	"testing"

	"nsip/internal/testenv"
	"nsip/internal/unix"
)

func TestParseIPv6MatchesInetPton(t *testing.T) {
	for _, row := range testenv.GlibcTable(t, "inet_pton6.txt", 2) {
		ip, ok := parseIPv6(row[0])
		got := "invalid"
		if ok {
			got = hex.EncodeToString(ip[:])
		}
		if got != row[1] {
			t.Errorf("parseIPv6(%q) = %s, glibc says %s", row[0], got, row[1])
		}
	}
}

func TestFormatIPv6MatchesInetNtop(t *testing.T) {
	for _, row := range testenv.GlibcTable(t, "inet_ntop6.txt", 2) {
		b, err := hex.DecodeString(row[0])
		if err != nil {
			t.Fatal(err)
		}
		if got := formatIPv6(b); got != row[1] {
			t.Errorf("formatIPv6(%s) = %q, glibc says %q", row[0], got, row[1])
		}
	}
}

func TestFnmatchMatchesGlibc(t *testing.T) {
	for _, row := range testenv.GlibcTable(t, "fnmatch.txt", 3) {
		want := row[2] == "1"
		if got := fnmatch(row[0], row[1]); got != want {
			t.Errorf("fnmatch(%q, %q) = %v, glibc says %v", row[0], row[1], got, want)
		}
	}
}

func TestParseIPv4LikeIproute2(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when invalid
	}{
		{"10.0.0.1", "10.0.0.1"},
		{"10", "10.0.0.0"},
		{"10.1", "10.1.0.0"},
		{"0x0a.012.0.1", "10.10.0.1"},
		{"10.0.0.300", ""},
		{"10.0.0.1.2", ""},
		{"10..1", ""},
		{"10.0.0.", ""},
		{"", ""},
		{"a.b.c.d", ""},
	}
	for _, tt := range tests {
		ip, ok := parseIPv4(tt.in)
		got := ""
		if ok {
			got = formatIPv4(ip[:])
		}
		if got != tt.want {
			t.Errorf("parseIPv4(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsePrefix(t *testing.T) {
	tests := []struct {
		in     string
		family int
		ok     bool
		gotFam int
		bitlen int
	}{
		{"10.0.0.0/8", unix.AF_UNSPEC, true, unix.AF_INET, 8},
		{"10.0.0.1", unix.AF_UNSPEC, true, unix.AF_INET, 32},
		{"10.0.0.0/255.255.0.0", unix.AF_UNSPEC, true, unix.AF_INET, 16},
		{"10.0.0.0/255.0.255.0", unix.AF_UNSPEC, false, 0, 0},
		{"10.0.0.1/33", unix.AF_UNSPEC, false, 0, 0},
		{"fe80::/10", unix.AF_UNSPEC, true, unix.AF_INET6, 10},
		{"fe80::1/129", unix.AF_UNSPEC, false, 0, 0},
		{"fe80::zz/64", unix.AF_UNSPEC, false, 0, 0},
		{"10.0.0.0/8", unix.AF_INET6, false, 0, 0},
		{"default", unix.AF_INET, true, unix.AF_INET, 0},
		{"default/0", unix.AF_INET, false, 0, 0},
		{"all", unix.AF_UNSPEC, true, unix.AF_UNSPEC, 0},
	}
	for _, tt := range tests {
		p, ok := parsePrefix(tt.in, tt.family)
		if ok != tt.ok || (ok && (p.family != tt.gotFam || p.bitlen != tt.bitlen)) {
			t.Errorf("parsePrefix(%q, %d) = family %d bitlen %d ok %v; want %d %d %v",
				tt.in, tt.family, p.family, p.bitlen, ok, tt.gotFam, tt.bitlen, tt.ok)
		}
	}
}

func TestMatchesPrefix(t *testing.T) {
	a := []byte{10, 1, 2, 3}
	for _, tt := range []struct {
		b    []byte
		bits int
		want bool
	}{
		{[]byte{10, 1, 0, 0}, 16, true},
		{[]byte{10, 1, 0, 0}, 17, true},
		{[]byte{10, 1, 0, 0}, 23, false},
		{[]byte{10, 0, 0, 0}, 8, true},
		{[]byte{11, 0, 0, 0}, 7, true},
		{[]byte{11, 0, 0, 0}, 8, false},
		{[]byte{99, 0, 0, 0}, 0, true},
	} {
		if got := matchesPrefix(a, tt.b, tt.bits); got != tt.want {
			t.Errorf("matchesPrefix(%v, %v, %d) = %v", a, tt.b, tt.bits, got)
		}
	}
}

func TestParseIDName(t *testing.T) {
	tests := []struct {
		line string
		id   int64
		name string
		ok   bool
	}{
		{"254\tmain", 254, "main", true},
		{"0x10 lowdelay", 16, "lowdelay", true},
		{"1foo bar", 1, "foo", true},
		{"42 babel # comment", 42, "babel", true},
		{"-1 neg", -1, "neg", true},
		{"abc def", 0, "", false},
		{"7", 0, "", false},
	}
	for _, tt := range tests {
		id, name, ok := parseIDName(tt.line)
		if ok != tt.ok || (ok && (id != tt.id || name != tt.name)) {
			t.Errorf("parseIDName(%q) = %d %q %v", tt.line, id, name, ok)
		}
	}
}

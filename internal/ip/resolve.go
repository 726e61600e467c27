package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/unix"
	"nsip/proc"
)

// hostsPath is the one source -resolve reads: nsip has no resolver, so
// it never sends a DNS query.
const hostsPath = "/etc/hosts"

// formatHost is format_host: an address as text or, with -resolve, the
// host name /etc/hosts gives it, looked up as glibc's files service does
// for gethostbyaddr.
//
//go:noinline
func (s *session) formatHost(family int, addr []byte) string {
	var buf [64]byte
	return string(s.appendHost(buf[:0], family, addr))
}

// appendHost appends formatHost's text.
func (s *session) appendHost(b []byte, family int, addr []byte) []byte {
	if s.resolve {
		if s.hosts == nil {
			data, _ := proc.ReadFile(hostsPath)
			s.hosts = &data
		}
		if name, ok := hostsLookup(*s.hosts, family, addr); ok {
			return append(b, name...)
		}
	}
	return appendAddr(b, family, addr)
}

// hostsLookup finds the canonical name of the first hosts(5) line whose
// address is addr. An IPv4-mapped IPv6 address is looked up as IPv4; as in
// glibc, an IPv4 lookup also matches an IPv4-mapped line and ::1 stands for
// 127.0.0.1, and an IPv6 lookup matches an IPv4 line as its mapped form.
func hostsLookup(data []byte, family int, addr []byte) (string, bool) {
	if family == unix.AF_INET6 && len(addr) == 16 && isV4Mapped(addr) {
		family, addr = unix.AF_INET, addr[12:]
	}
	if (family != unix.AF_INET || len(addr) != 4) && (family != unix.AF_INET6 || len(addr) != 16) {
		return "", false
	}
	for _, line := range ascii.Split(string(data), "\n") {
		line, _, _ = ascii.Cut(line, "#")
		fields := ascii.Fields(line)
		if len(fields) < 2 {
			continue
		}
		if lineAddr, ok := hostsAddress(fields[0], family); ok && string(lineAddr) == string(addr) {
			return fields[1], true
		}
	}
	return "", false
}

// hostsAddress is the address of a hosts line as a lookup in family
// sees it.
func hostsAddress(text string, family int) ([]byte, bool) {
	if v4, ok := parseStrictIPv4(text); ok {
		if family == unix.AF_INET {
			return v4[:], true
		}
		return append([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, v4[:]...), true
	}
	v6, ok := parseIPv6(text)
	switch {
	case !ok:
		return nil, false
	case family == unix.AF_INET6:
		return v6[:], true
	case isV4Mapped(v6[:]):
		return v6[12:], true
	case string(v6[:]) == string(loopback6[:]):
		return []byte{127, 0, 0, 1}, true
	}
	return nil, false
}

var loopback6 = [16]byte{15: 1}

func isV4Mapped(a []byte) bool {
	return string(a[:12]) == "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff"
}

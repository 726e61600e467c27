package ip

import (
	"math"
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
)

// getU32 is iproute2's get_u32 and get_unsigned.
//
//go:noinline
func getU32(s string, base int) (uint32, bool) {
	n, ok := cli.ParseUint(s, base)
	return uint32(n), ok && n <= math.MaxUint32
}

// parseS32 is iproute2's get_integer and get_s32 in base 0: strtol's
// value, which must fit an int.
//
//go:noinline
func parseS32(s string) (int32, bool) {
	n, ok := cli.ParseInt(s, 0)
	return int32(n), ok && n >= math.MinInt32 && n <= math.MaxInt32
}

// parseU32 is getU32 in base 0, as a parser for nextArg.
func parseU32(s string) (uint32, bool) { return getU32(s, 0) }

// prefixLenSpecified marks an inetPrefix whose length was written out, or
// that is "default".
const prefixLenSpecified = 0x2

// inetPrefix is an address or prefix from the command line, with
// iproute2's conventions: bitlen -1 for a bare address until a length is
// settled, and "default", "all" and "any" as prefixes of no address.
type inetPrefix struct {
	family  int
	bytelen int
	bitlen  int
	flags   int
	data    [256]byte // as ip's: room for 64 MPLS labels
}

// familyBits is the length in bits of family's addresses; 0 for others.
//
//go:noinline
func familyBits(family int) int {
	switch family {
	case unix.AF_INET6:
		return 128
	case unix.AF_INET:
		return 32
	case unix.AF_MPLS:
		return 20
	}
	return 0
}

// parseAddr is get_addr_1: an IPv4 or IPv6 address, or default/all/any.
func parseAddr(s string, family int) (a inetPrefix, ok bool) {
	ok = a.setAddr(s, family)
	return a, ok
}

// setAddr is parseAddr into a. An inetPrefix is 288 bytes: the parsers
// fill one in place, where returning it would copy it at every step.
func (a *inetPrefix) setAddr(s string, family int) (ok bool) {
	*a = inetPrefix{}
	switch s {
	case "default":
		a.family, a.bytelen, a.bitlen, a.flags = family, familyBits(family)/8, -2, prefixLenSpecified
		return family != unix.AF_MPLS
	case "all", "any":
		a.family, a.bitlen = family, -2
		return family != unix.AF_MPLS
	}
	if ascii.IndexByte(s, ':') >= 0 {
		a.family = unix.AF_INET6
		if family != unix.AF_UNSPEC && family != unix.AF_INET6 {
			return false
		}
		var ip [16]byte
		if ip, ok = parseIPv6(s); !ok {
			return false
		}
		copy(a.data[:], ip[:])
		a.bytelen, a.bitlen = 16, -1
		return true
	}
	if family == unix.AF_MPLS {
		a.family, a.bitlen = family, 20
		a.bytelen, ok = mplsLabels(&a.data, s)
		return ok
	}
	a.family = unix.AF_INET
	if family != unix.AF_UNSPEC && family != unix.AF_INET {
		return false
	}
	var ip [4]byte
	if ip, ok = parseIPv4(s); !ok {
		return false
	}
	copy(a.data[:], ip[:])
	a.bytelen, a.bitlen = 4, -1
	return true
}

// parseIPv4 reads a dotted address the way iproute2 does: each part a C
// number (so 0x0a and 012 work), and fewer than four parts leave the rest 0.
func parseIPv4(s string) ([4]byte, bool) {
	var ip [4]byte
	for i := 0; i < 4; i++ {
		n, used, overflow := cli.Strtoul(s, 0)
		if used == 0 || overflow || n > 255 {
			return ip, false
		}
		ip[i] = byte(n)
		s = s[used:]
		if s == "" {
			return ip, true
		}
		if i == 3 || s[0] != '.' {
			return ip, false
		}
		s = s[1:]
	}
	return ip, true
}

// parseIPv6 is glibc's inet_pton(AF_INET6): groups of one to four hex
// digits, one :: for a run of zero groups, an optional dotted IPv4 tail,
// and nothing else (no zone, no brackets).
func parseIPv6(s string) ([16]byte, bool) {
	var ip [16]byte
	if ascii.HasPrefix(s, ":") && !ascii.HasPrefix(s, "::") {
		return ip, false
	}
	s = ascii.TrimPrefix(s, ":")
	n, gap := 0, -1 // bytes written, where :: stands
	group, digits := 0, 0
	token := s
	for i := 0; i < len(s); i++ {
		c := s[i]
		if d := cli.DigitValue(c); d < 16 {
			if digits == 4 {
				return ip, false
			}
			group = group<<4 | d
			digits++
			continue
		}
		switch {
		case c == ':':
			token = s[i+1:]
			if digits == 0 {
				if gap >= 0 {
					return ip, false
				}
				gap = n
				continue
			}
			if i+1 == len(s) || n+2 > 16 {
				return ip, false
			}
			ip[n], ip[n+1] = byte(group>>8), byte(group)
			n, group, digits = n+2, 0, 0
		case c == '.' && n+4 <= 16:
			v4, ok := parseStrictIPv4(token)
			if !ok {
				return ip, false
			}
			copy(ip[n:], v4[:])
			n, digits = n+4, 0
			i = len(s)
		default:
			return ip, false
		}
	}
	if digits > 0 {
		if n+2 > 16 {
			return ip, false
		}
		ip[n], ip[n+1] = byte(group>>8), byte(group)
		n += 2
	}
	if gap >= 0 {
		if n == 16 {
			return ip, false
		}
		tail := n - gap
		copy(ip[16-tail:], ip[gap:n])
		for i := gap; i < 16-tail; i++ {
			ip[i] = 0
		}
		n = 16
	}
	return ip, n == 16
}

// parseStrictIPv4 is inet_pton(AF_INET): exactly four decimal parts, no
// leading zeros.
func parseStrictIPv4(s string) ([4]byte, bool) {
	var ip [4]byte
	parts := ascii.Split(s, ".")
	if len(parts) != 4 {
		return ip, false
	}
	for i, part := range parts {
		if part == "" || len(part) > 3 || (len(part) > 1 && part[0] == '0') {
			return ip, false
		}
		n := 0
		for j := 0; j < len(part); j++ {
			if part[j] < '0' || part[j] > '9' {
				return ip, false
			}
			n = n*10 + int(part[j]-'0')
		}
		if n > 255 {
			return ip, false
		}
		ip[i] = byte(n)
	}
	return ip, true
}

// parsePrefix is get_prefix_1: ADDR[/LEN], where LEN may be a dotted mask.
func parsePrefix(s string, family int) (p inetPrefix, ok bool) {
	ok = p.setPrefix(s, family)
	return p, ok
}

// setPrefix is parsePrefix into p.
func (p *inetPrefix) setPrefix(s string, family int) bool {
	addr, length, hasLength := ascii.Cut(s, "/")
	if !p.setAddr(addr, family) {
		return false
	}
	bits := familyBits(p.family)
	if hasLength {
		if p.bitlen == -2 {
			return false
		}
		n, ok := parseNetmask(length)
		if !ok || n > bits {
			return false
		}
		p.flags |= prefixLenSpecified
		bits = n
	} else if p.bitlen == -2 {
		bits = 0
	}
	p.bitlen = bits
	return true
}

// parseNetmask is a prefix length or a dotted netmask such as 255.255.0.0.
func parseNetmask(s string) (int, bool) {
	if n, ok := getU32(s, 0); ok {
		return int(n), n <= math.MaxInt32
	}
	mask, ok := parseIPv4(s)
	if !ok || ascii.IndexByte(s, ':') >= 0 {
		return 0, false
	}
	m := uint32(mask[0])<<24 | uint32(mask[1])<<16 | uint32(mask[2])<<8 | uint32(mask[3])
	host := ^m
	if host&(host+1) != 0 {
		return 0, false
	}
	bits := 32
	for ; host != 0; host >>= 1 {
		bits--
	}
	return bits, true
}

// familyName is iproute2's family_name.
//
//go:noinline
func familyName(family int) string {
	switch family {
	case unix.AF_INET:
		return "inet"
	case unix.AF_INET6:
		return "inet6"
	case unix.AF_PACKET:
		return "link"
	case unix.AF_MPLS:
		return "mpls"
	case unix.AF_BRIDGE:
		return "bridge"
	}
	return "???"
}

// expectedError is get_prefix's and get_addr's complaint, which exits
// with status 1.
//
//go:noinline
func expectedError(what, arg string, family int) {
	name := "any valid"
	if family != unix.AF_UNSPEC {
		name = familyName(family)
	}
	cli.Stderr("Error: ", name, " ", what, ` is expected rather than "`, arg, "\".\n")
	cli.Fail(cli.StatusFailure)
}

// mustParsePrefix is get_prefix.
//
//go:noinline
func mustParsePrefix(arg string, family int) (p inetPrefix) {
	p.mustSetPrefix(arg, family)
	return p
}

// mustSetPrefix is mustParsePrefix into p.
func (p *inetPrefix) mustSetPrefix(arg string, family int) {
	if family == unix.AF_PACKET {
		cli.Stderr(`Error: "`, arg, "\" may be inet prefix, but it is not allowed in this context.\n")
		cli.Fail(cli.StatusFailure)
	}
	if !p.setPrefix(arg, family) {
		expectedError("prefix", arg, family)
	}
}

// mustParseAddr is get_addr: an address, or exit with ip's message.
//
//go:noinline
func mustParseAddr(arg string, family int) (p inetPrefix) {
	p.mustSetAddr(arg, family)
	return p
}

// mustSetAddr is mustParseAddr into p.
func (p *inetPrefix) mustSetAddr(arg string, family int) {
	if !p.setAddr(arg, family) {
		expectedError("address", arg, family)
	}
}

// matchesPrefix is inet_addr_match: whether the first bits of a and b agree.
//
//go:noinline
func matchesPrefix(a, b []byte, bits int) bool {
	for i := 0; bits > 0; i, bits = i+1, bits-8 {
		if i >= len(a) || i >= len(b) {
			return false
		}
		mask := byte(0xff)
		if bits < 8 {
			mask = ^byte(0xff >> bits)
		}
		if (a[i]^b[i])&mask != 0 {
			return false
		}
	}
	return true
}

// formatAddr is inet_ntop for the 4- or 16-byte address b of family.
func formatAddr(family int, b []byte) string {
	var buf [len("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")]byte
	return string(appendAddr(buf[:0], family, b))
}

// appendAddr appends formatAddr's text: a printer passes a buffer on its
// stack and prints without allocating.
func appendAddr(s []byte, family int, b []byte) []byte {
	switch {
	case family == unix.AF_INET && len(b) >= 4:
		return appendIPv4(s, b)
	case family == unix.AF_INET6 && len(b) >= 16:
		return appendIPv6(s, b)
	}
	return append(s, "???"...)
}

func formatIPv4(b []byte) string { return formatAddr(unix.AF_INET, b) }

func formatIPv6(b []byte) string { return formatAddr(unix.AF_INET6, b) }

func appendIPv4(s, b []byte) []byte {
	for i := 0; i < 4; i++ {
		if i > 0 {
			s = append(s, '.')
		}
		s = strconv.AppendUint(s, uint64(b[i]), 10)
	}
	return s
}

// appendIPv6 writes what glibc's inet_ntop writes: the longest run of two
// or more zero groups (the first of equal runs) as ::, and the last four
// bytes dotted for IPv4-compatible and IPv4-mapped addresses.
func appendIPv6(s, b []byte) []byte {
	var words [8]uint16
	for i := range words {
		words[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	bestBase, bestLen := -1, 0
	for i := 0; i < 8; {
		if words[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && words[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestBase, bestLen = i, j-i
		}
		i = j
	}
	if bestLen < 2 {
		bestBase = -1
	}
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				s = append(s, ':')
			}
			continue
		}
		if i != 0 {
			s = append(s, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff)) {
			return appendIPv4(s, b[12:])
		}
		s = strconv.AppendUint(s, uint64(words[i]), 16)
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		s = append(s, ':')
	}
	return s
}

// fnmatch is fnmatch(3) without flags, for `label PATTERN`: * and ? match
// any bytes, [...] a set (! or ^ negates it), a backslash quotes. A star
// backtracks only to the latest star, so no pattern takes more than
// len(pattern)*len(name) steps.
func fnmatch(pattern, name string) bool {
	px, nx := 0, 0
	starPx, starNx := -1, -1 // where to resume after the latest star
	for px < len(pattern) || nx < len(name) {
		if px < len(pattern) {
			switch c := pattern[px]; {
			case c == '*':
				starPx, starNx = px, nx
				px++
				continue
			case c == '\\' && px+1 == len(pattern):
				// A pattern ending in a lone backslash is malformed.
				return false
			case nx == len(name):
			case c == '?':
				px, nx = px+1, nx+1
				continue
			case c == '[':
				matched, width, ok := matchBracket(pattern[px:], name[nx])
				if !ok {
					// An unclosed [ is an ordinary character.
					matched, width = name[nx] == '[', 1
				}
				if matched {
					px, nx = px+width, nx+1
					continue
				}
			case c == '\\':
				if name[nx] == pattern[px+1] {
					px, nx = px+2, nx+1
					continue
				}
			case c == name[nx]:
				px, nx = px+1, nx+1
				continue
			}
		}
		if starPx < 0 || starNx >= len(name) {
			return false
		}
		starNx++
		px, nx = starPx+1, starNx
	}
	return true
}

// matchBracket matches c against the set that starts pattern ("[...]") and
// says how long the set is. ok is false when the set is not closed.
func matchBracket(pattern string, c byte) (matched bool, width int, ok bool) {
	i := 1
	negate := i < len(pattern) && (pattern[i] == '!' || pattern[i] == '^')
	if negate {
		i++
	}
	for first := true; i < len(pattern); first = false {
		if pattern[i] == ']' && !first {
			return matched != negate, i + 1, true
		}
		lo := pattern[i]
		if lo == '\\' && i+1 < len(pattern) {
			i++
			lo = pattern[i]
		}
		i++
		hi := lo
		if i+1 < len(pattern) && pattern[i] == '-' && pattern[i+1] != ']' {
			hi = pattern[i+1]
			if hi == '\\' && i+2 < len(pattern) {
				i++
				hi = pattern[i+1]
			}
			i += 2
		}
		if lo <= c && c <= hi {
			matched = true
		}
	}
	return false, 0, false
}

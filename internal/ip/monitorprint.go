package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// printShortTimestamp prints -tshort's "[YYYY-MM-DDTHH:MM:SS.UUUUUU] "
// for t seconds and usec microseconds.
func printShortTimestamp(p *output.Printer, t int64, usec int) {
	c := localTime(t)
	rest := [...]byte{'-', 0, 0, '-', 0, 0, 'T', 0, 0, ':', 0, 0, ':', 0, 0, '.', 0, 0, 0, 0, 0, 0, ']', ' '}
	putDigits(rest[1:3], c.month)
	putDigits(rest[4:6], c.day)
	putClock(rest[7:15], &c)
	putDigits(rest[16:22], usec)
	p.Text("[" + itoa(c.year) + string(rest[:]))
}

// asctime is C's asctime of localtime(t) without its newline:
// "Wed Dec  2 18:22:26 2026".
func asctime(t int64) string {
	const days, months = "SunMonTueWedThuFriSat", "JanFebMarAprMayJunJulAugSepOctNovDec"
	c := localTime(t)
	var b [20]byte // "Www Mmm dd HH:MM:SS "
	copy(b[:], days[3*c.weekday:3*c.weekday+3]+" "+months[3*(c.month-1):3*c.month]+" 00 00:00:00 ")
	putDigits(b[8:10], c.day)
	if c.day < 10 {
		b[8] = ' ' // %2d
	}
	putClock(b[11:19], &c)
	return string(b[:]) + itoa(c.year)
}

// putClock writes c's time of day, "HH:MM:SS", into b, which has the
// colons.
func putClock(b []byte, c *civil) {
	putDigits(b[0:2], c.hour)
	putDigits(b[3:5], c.minute)
	putDigits(b[6:8], c.second)
}

// putDigits writes n, 0 <= n < 10^len(b), into b with leading zeros.
//
//go:noinline
func putDigits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i], n = byte('0'+n%10), n/10
	}
}

// The netconf attributes (NETCONFA_*), which golang.org/x/sys/unix lacks.
const (
	netconfIfindex                  = 1
	netconfForwarding               = 2
	netconfRPFilter                 = 3
	netconfMcForwarding             = 4
	netconfProxyNeigh               = 5
	netconfIgnoreRoutesWithLinkdown = 6
	netconfInput                    = 7

	netconfIfindexAll     = -1
	netconfIfindexDefault = -2
)

// netconfSwitches are the on/off settings of a netconf message, in the
// order ip prints them; rp_filter goes after forwarding.
var netconfSwitches = [...]struct {
	attr uint16
	name string
}{
	{netconfMcForwarding, "mc_forwarding"}, {netconfProxyNeigh, "proxy_neigh"},
	{netconfIgnoreRoutesWithLinkdown, "ignore_routes_with_linkdown"}, {netconfInput, "input"},
}

var rpFilterNames = [...]string{"off", "strict", "loose"}

// printNetconf prints one RTM_NEWNETCONF or RTM_DELNETCONF the way
// iproute2's print_netconf does; ifindex, when not 0, keeps one device's.
func (s *session) printNetconf(m *nl.Message, ifindex int32) {
	// The one-byte netconfmsg takes four with its padding.
	if len(m.Data) < 4 {
		wrongLength(len(m.Data) - 4)
		return
	}
	family := int(m.Data[0])
	attrs, _ := nl.ParseAttributes(m.Data[4:])
	index := int32(attrs.Uint32(netconfIfindex))
	if ifindex != 0 && ifindex != index {
		return
	}
	p := s.out
	p.OpenObject("")
	if m.Header.Type == unix.RTM_DELNETCONF {
		p.Bool("deleted", "Deleted ")
	}
	p.String("family", "%s ", familyName(family))
	if attrs.Has(netconfIfindex) {
		dev := "all"
		switch index {
		case netconfIfindexAll:
		case netconfIfindexDefault:
			dev = "default"
		default:
			dev = s.links.indexToName(index)
		}
		p.String("interface", "%s ", dev)
	}
	if attrs.Has(netconfForwarding) {
		printOnOff(p, "forwarding", "forwarding", attrs.Uint32(netconfForwarding) != 0)
	}
	if attrs.Has(netconfRPFilter) {
		if rp := attrs.Uint32(netconfRPFilter); rp < uint32(len(rpFilterNames)) {
			p.String("rp_filter", "rp_filter %s ", rpFilterNames[rp])
		} else {
			p.Uint("rp_filter", "rp_filter %u ", uint64(rp))
		}
	}
	for i := range netconfSwitches {
		sw := &netconfSwitches[i]
		if attrs.Has(sw.attr) {
			printOnOff(p, sw.name, sw.name, attrs.Uint32(sw.attr) != 0)
		}
	}
	p.CloseObject()
	p.Text("\n")
	p.Flush()
}

// The prefixmsg of RTM_NEWPREFIX, and what it carries.
const (
	prefixMsgLen      = 12
	prefixCacheinfo   = 2 // PREFIX_CACHEINFO: preferred and valid lifetimes
	prefixOnlink      = 0x01
	prefixAutoconf    = 0x02
	ndOptPrefixInfo   = 3 // ND_OPT_PREFIX_INFORMATION
	prefixCacheinfoSz = 8
)

// printPrefix prints an IPv6 prefix a router advertised, as iproute2's
// print_prefix does, without a space before "dev" when there is a prefix.
func (s *session) printPrefix(m *nl.Message) {
	if len(m.Data) < prefixMsgLen {
		wrongLength(len(m.Data) - prefixMsgLen)
		return
	}
	if s.family != unix.AF_UNSPEC && s.family != unix.AF_INET6 {
		return
	}
	d := m.Data
	if d[0] != unix.AF_INET6 {
		cli.Stderr("incorrect protocol family: ", itoa(int(d[0])), "\n")
		return
	}
	if d[8] != ndOptPrefixInfo {
		cli.Stderr("wrong ND type ", itoa(int(d[8])), "\n")
		return
	}
	attrs, _ := nl.ParseAttributes(d[prefixMsgLen:])
	p := s.out
	if attrs.Has(unix.PREFIX_ADDRESS) {
		p.Text("prefix " + formatAddr(unix.AF_INET6, attrs.Bytes(unix.PREFIX_ADDRESS)) + "/" + itoa(int(d[9])))
	}
	p.Text("dev " + s.links.indexToName(int32(endian.Native.Uint32(d[4:8]))) + " ")
	if d[10]&prefixOnlink != 0 {
		p.Text("onlink ")
	}
	if d[10]&prefixAutoconf != 0 {
		p.Text("autoconf ")
	}
	if ci := attrs.Bytes(prefixCacheinfo); attrs.Has(prefixCacheinfo) {
		var c [prefixCacheinfoSz]byte
		copy(c[:], ci)
		p.Text("valid " + utoa(uint64(endian.Native.Uint32(c[4:8]))) + " ")
		p.Text("preferred " + utoa(uint64(endian.Native.Uint32(c[0:4]))) + " ")
	}
	p.Text("\n")
	p.Flush()
}

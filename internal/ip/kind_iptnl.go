package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// IFLA_IPTUN_* (linux/if_tunnel.h), which x/sys/unix does not name.
const (
	iptunLink = iota + 1
	iptunLocal
	iptunRemote
	iptunTTL
	iptunTOS
	iptunEncapLimit
	iptunFlowinfo
	iptunFlags
	iptunProto
	iptunPMTUDisc
	iptun6rdPrefix
	iptun6rdRelayPrefix
	iptun6rdPrefixLen
	iptun6rdRelayPrefixLen
	iptunEncapType
	iptunEncapFlags
	iptunEncapSport
	iptunEncapDport
	iptunCollectMetadata
	iptunFwmark
)

// Tunnel encapsulations and their flags (TUNNEL_ENCAP_*), and sit's
// ISATAP flag.
const (
	encapFlagCsum    = 1 << 0
	encapFlagCsum6   = 1 << 1
	encapFlagRemCsum = 1 << 2
	sitISATAP        = 1
)

const iptnlHelp, iptnlHelpModes, sitHelpModes, iptnlHelpTail = `			[ local ADDR ]
			[ ttl TTL ]
			[ tos TOS ]
			[ [no]pmtudisc ]
			[ 6rd-prefix ADDR ]
			[ 6rd-relay_prefix ADDR ]
			[ 6rd-reset ]
`, "\t\t\t[ mode { ipip | mplsip | any }", "\t\t\t[ mode { ip6ip | ipip | mplsip | any } ]\n\t\t\t[ isatap", ` ]

Where:	ADDR := { IP_ADDRESS | any }
	TOS  := { NUMBER | inherit }
	TTL  := { 1..255 | inherit }
	MARK := { 0x0..0xffffffff }
`

// ipTunnel is what ip sends for an ipip or sit tunnel: for a change, the
// tunnel's present settings with the words applied on top. Addresses are
// nil when none is sent.
type ipTunnel struct {
	local, remote, rdPrefix, rdRelay []byte
	rdPrefixLen, rdRelayLen          uint16
	pmtudisc, tos, ttl, proto        uint8
	flags                            uint16
	link, fwmark                     uint32
	encap                            tunnelEncap
	metadata                         bool
}

// tunnelEncap is the UDP encapsulation of the ip tunnels (fou, gue).
type tunnelEncap struct {
	typ, flags, sport, dport uint16
}

func parseIPTunnelOptions(s *session, a args, req *linkRequest) int {
	t := &ipTunnel{pmtudisc: 1}
	if !req.create {
		// A change starts from the tunnel's present settings.
		data, ok := s.tunnelData(req.ifi.Index)
		// A zero local or remote address is not sent back; 6rd prefixes are.
		t.local = nonZero(existingAddr(data, iptunLocal, 4, &ok))
		t.remote = nonZero(existingAddr(data, iptunRemote, 4, &ok))
		t.rdPrefix = existingAddr(data, iptun6rdPrefix, 16, &ok)
		t.rdRelay = existingAddr(data, iptun6rdRelayPrefix, 4, &ok)
		if !ok {
			return failure("Failed to get existing tunnel info.\n")
		}
		t.rdPrefixLen, t.rdRelayLen = data.Uint16(iptun6rdPrefixLen), data.Uint16(iptun6rdRelayPrefixLen)
		if data.Has(iptunPMTUDisc) {
			t.pmtudisc = data.Uint8(iptunPMTUDisc)
		}
		t.ttl, t.tos, t.proto = data.Uint8(iptunTTL), data.Uint8(iptunTOS), data.Uint8(iptunProto)
		t.flags, t.link, t.fwmark = data.Uint16(iptunFlags), data.Uint32(iptunLink), data.Uint32(iptunFwmark)
		t.encap.readEncap(data, iptunEncapType)
		t.metadata = data.Has(iptunCollectMetadata)
	}
	for ; !a.empty(); a.skip() {
		if !t.readWord(s, &a, req.kind) {
			parts := uint32(usageIPtnl | usageDev | usageEncap | usageIPtnlModes | usageIPtnlTail)
			if req.kind == "sit" {
				parts ^= usageIPtnlModes | usageSitModes
			}
			return tunnelUsage("Usage: ... %-6s\t[ remote ADDR ]\n", req.kind, parts)
		}
	}
	if t.ttl != 0 && t.pmtudisc == 0 {
		fatal(statusUsage, "ttl != 0 and nopmtudisc are incompatible\n")
	}
	// The attributes in ip's order.
	ae := req.attrs
	if encodeTunnelHead(ae, t.proto, t.metadata, t.local, t.remote) {
		return 0
	}
	ae.Uint8(iptunPMTUDisc, t.pmtudisc)
	ae.Uint8(iptunTOS, t.tos)
	ae.Uint8(iptunTTL, t.ttl)
	ae.Uint32(iptunLink, t.link)
	ae.Uint32(iptunFwmark, t.fwmark)
	t.encap.encode(ae, iptunEncapType)
	if req.kind != "sit" {
		return 0
	}
	ae.Uint16(iptunFlags, t.flags)
	if t.rdPrefix != nil {
		ae.Bytes(iptun6rdPrefix, t.rdPrefix)
		ae.Uint16(iptun6rdPrefixLen, t.rdPrefixLen)
	}
	if t.rdRelay != nil {
		ae.Bytes(iptun6rdRelayPrefix, t.rdRelay)
		ae.Uint16(iptun6rdRelayPrefixLen, t.rdRelayLen)
	}
	return 0
}

// tunnelData is the IFLA_INFO_DATA of link index, which the tunnel kinds
// read before a change; false when the link has none.
func (s *session) tunnelData(index int32) (nl.Attributes, bool) {
	attrs, _, err := s.readLink(index)
	if err != nil {
		return nl.Attributes{}, false
	}
	info, err := attrs.Nested(unix.IFLA_LINKINFO)
	if err != nil || !info.Has(unix.IFLA_INFO_DATA) {
		return nl.Attributes{}, false
	}
	data, err := info.Nested(unix.IFLA_INFO_DATA)
	return data, err == nil
}

// existingAddr is the address attr of the tunnel a change starts from,
// nil when it has none; ok turns false when it is not size bytes long.
func existingAddr(data nl.Attributes, attr uint16, size int, ok *bool) []byte {
	b := data.Bytes(attr)
	if b != nil && len(b) != size {
		*ok = false
	}
	return b
}

// nonZero is b unless it is all zeros (is_addrtype_inet_not_unspec).
//
//go:noinline
func nonZero(b []byte) []byte {
	for _, c := range b {
		if c != 0 {
			return b
		}
	}
	return nil
}

// readWord reads one option; false for a word ip does not know, for which
// it prints the usage.
func (t *ipTunnel) readWord(s *session, a *args, kind string) bool {
	switch word := a.cur(); {
	case word == "mode":
		// The inner protocol.
		modes := tunnelIPIP
		if kind == "sit" {
			modes = tunnelSit
		}
		t.proto = tunnelMode(a.next(), modes)
	case word == "remote", word == "local":
		addr := tunnelAddr(a.next(), unix.AF_INET, 4)
		if word == "remote" {
			t.remote = addr
		} else {
			t.local = addr
		}
	case cli.Matches(word, "dev"):
		t.link = s.linkIndex(a.next())
	case word == "ttl", word == "hoplimit", word == "hlim":
		t.ttl = tunnelTTL(a.next(), "invalid TTL\n")
	case word == "tos", word == "tclass", word == "tc", cli.Matches(word, "dsfield"):
		t.tos = tunnelTos(a.next())
	case word == "nopmtudisc", word == "pmtudisc":
		t.pmtudisc = 0
		if word == "pmtudisc" {
			t.pmtudisc = 1
		}
	case kind == "sit" && word == "isatap":
		t.flags |= sitISATAP
	case word == "external":
		t.metadata = true
	case word == "6rd-prefix", word == "6rd-relay_prefix":
		// ip sends a 6rd prefix's bytes, none for any and all; the relay
		// prefix is always a u32. p is on the heap: t keeps its bytes.
		p := new(inetPrefix)
		if word == "6rd-prefix" {
			p.mustSetPrefix(a.next(), unix.AF_INET6)
			t.rdPrefix, t.rdPrefixLen = p.data[:p.bytelen], uint16(p.bitlen)
		} else {
			p.mustSetPrefix(a.next(), unix.AF_INET)
			t.rdRelay, t.rdRelayLen = p.data[:4], uint16(p.bitlen)
		}
	case word == "6rd-reset":
		t.rdPrefix, t.rdPrefixLen = sixrdDefaultPrefix[:], 16
		t.rdRelay, t.rdRelayLen = nil, 0
	case word == "fwmark":
		t.fwmark = nextArg(a, parseU32, "invalid fwmark\n")
	default:
		return t.encap.read(a, word)
	}
	return true
}

// tunnelKinds is a set of the IP tunnel kinds that take mode.
type tunnelKinds uint8

const (
	tunnelIPIP tunnelKinds = 1 << iota
	tunnelSit
	tunnelIP6 // ip6tnl
)

// tunnelModes are the values of mode, the inner protocol, of the kinds
// that take each; printed marks the name a tunnel's details give.
var tunnelModes = [...]struct {
	name    string
	proto   uint8
	kinds   tunnelKinds
	printed bool
}{
	{"ipv6/ipv4", unix.IPPROTO_IPV6, tunnelSit, false},
	{"ip6ip", unix.IPPROTO_IPV6, tunnelSit, true},
	{"ipv4/ipv4", unix.IPPROTO_IPIP, tunnelIPIP | tunnelSit, false},
	{"ipip", unix.IPPROTO_IPIP, tunnelIPIP | tunnelSit, true},
	{"ip4ip4", unix.IPPROTO_IPIP, tunnelIPIP | tunnelSit, false},
	{"mpls/ipv4", unix.IPPROTO_MPLS, tunnelIPIP | tunnelSit, false},
	{"mplsip", unix.IPPROTO_MPLS, tunnelIPIP | tunnelSit, true},
	{"any/ipv4", 0, tunnelIPIP | tunnelSit, false},
	{"any", 0, tunnelIPIP | tunnelSit | tunnelIP6, true},
	{"ipv6/ipv6", unix.IPPROTO_IPV6, tunnelIP6, false},
	{"ip6ip6", unix.IPPROTO_IPV6, tunnelIP6, true},
	{"ip/ipv6", unix.IPPROTO_IPIP, tunnelIP6, false},
	{"ipv4/ipv6", unix.IPPROTO_IPIP, tunnelIP6, false},
	{"ipip6", unix.IPPROTO_IPIP, tunnelIP6, true},
	{"ip4ip6", unix.IPPROTO_IPIP, tunnelIP6, false},
	{"any/ipv6", 0, tunnelIP6, false},
}

// tunnelMode is the inner protocol arg names for a tunnel of one of
// kinds; another word ends ip with invarg's complaint.
func tunnelMode(arg string, kinds tunnelKinds) uint8 {
	for _, m := range &tunnelModes {
		if m.name == arg && m.kinds&kinds != 0 {
			return m.proto
		}
	}
	invarg("Cannot guess tunnel mode.", arg)
	return 0
}

// sixrdDefaultPrefix is what 6rd-reset sets: 2002::/16. Only sent, never
// changed.
var sixrdDefaultPrefix = [16]byte{0x20, 0x02}

// encapFlagWords are the words that set or clear an encapsulation flag.
var encapFlagWords = [...]struct {
	name string
	flag uint16
}{{"encap-csum", encapFlagCsum}, {"encap-udp6-csum", encapFlagCsum6}, {"encap-remcsum", encapFlagRemCsum}}

// read reads one encapsulation word; false when word is none.
func (e *tunnelEncap) read(a *args, word string) bool {
	switch word {
	case "noencap":
		e.typ = 0
	case "encap":
		arg := a.next()
		typ := indexOf(encapTypes[:], arg)
		if typ < 0 {
			invarg("Invalid encap type.", arg)
		}
		e.typ = uint16(typ)
	case "encap-sport":
		e.sport = 0
		if arg := a.next(); arg != "auto" {
			e.sport = mustU16(arg, "Invalid source port.")
		}
	case "encap-dport":
		e.dport = mustU16(a.next(), "Invalid destination port.")
	default:
		name, off := ascii.CutPrefix(word, "no")
		for _, f := range &encapFlagWords {
			if name == f.name {
				e.flags = setBit16(e.flags, f.flag, !off)
				return true
			}
		}
		return false
	}
	return true
}

// encode adds the four encapsulation attributes, numbered from typeAttr
// on (the kinds number them differently), the ports in network order.
func (e *tunnelEncap) encode(ae *nl.AttributeEncoder, typeAttr uint16) {
	ae.Uint16(typeAttr, e.typ)
	ae.Uint16(typeAttr+1, e.flags)
	ae.Bytes(typeAttr+2, bigEndian16(e.sport))
	ae.Bytes(typeAttr+3, bigEndian16(e.dport))
}

// readEncap is what a change starts from: the encapsulation attributes,
// numbered from typeAttr on. The ports come in network order and go back
// with htons: like ip, nsip swaps their bytes on a change.
func (e *tunnelEncap) readEncap(data nl.Attributes, typeAttr uint16) {
	*e = tunnelEncap{data.Uint16(typeAttr), data.Uint16(typeAttr + 1), data.Uint16(typeAttr + 2), data.Uint16(typeAttr + 3)}
}

// tunnelDevHelp and tunnelEncapHelp are what the usages of the gre kinds,
// ipip, sit and ip6tnl say alike: the device and mark, and the FOU/GUE
// encapsulation options (the ip6gre kinds say more between the two).
const tunnelDevHelp, tunnelEncapHelp = `			[ dev PHYS_DEV ]
			[ fwmark MARK ]
`, `			[ external ]
			[ noencap ]
			[ encap { fou | gue | none } ]
			[ encap-sport PORT ]
			[ encap-dport PORT ]
			[ [no]encap-csum ]
			[ [no]encap-csum6 ]
			[ [no]encap-remcsum ]
`

// The parts of the IP tunnels' usages, in the order they print: a kind's
// usage is its first line, then a set of them (tunnelUsage). The ip6gre
// kinds and ip6tnl print allow-localremote on either side of the device.
const (
	usageGreKeys = 1 << iota
	usageGre
	usageGre6
	usageIP6tnl
	usageIPtnl
	usageIP6Flow
	usageLocalRemoteBeforeDev
	usageDev
	usageLocalRemote
	usageEncap
	usageErspan
	usageIPtnlModes
	usageSitModes
	usageIPtnlTail
	usageGreTail
	usageGre6Tail
	usageIP6tnlTail
	usageIP6WhereFlow
	usageVti
	usageVtiAddr4
	usageVtiAddr6
	usageVtiTail
)

// tunnelUsageParts are the texts of the parts, in the order of their bits.
var tunnelUsageParts = [...]string{
	greHelpKeys, greHelp, gre6Help, ip6tnlHelp, iptnlHelp, ip6HelpFlow, ip6HelpLocalRemote, tunnelDevHelp,
	ip6HelpLocalRemote, tunnelEncapHelp, greHelpErspan, iptnlHelpModes, sitHelpModes, iptnlHelpTail, greHelpTail,
	gre6HelpTail, ip6tnlHelpTail, ip6HelpWhereFlow, vtiHelp, "IP_ADDRESS", "IPV6_ADDRESS", vtiHelpTail,
}

// tunnelUsage prints the usage of an IP tunnel kind: the first line, kind
// put in by format, then the parts of tunnelUsageParts that parts has.
// It returns ip's status 1.
func tunnelUsage(format, kind string, parts uint32) int {
	text := output.FormatText(format, kind)
	for i, part := range &tunnelUsageParts {
		if parts&(1<<i) != 0 {
			text += part
		}
	}
	cli.Stderr(text)
	return cli.StatusFailure
}

// encodeTunnelHead begins an ipip, sit or ip6tnl request as ip does: the
// protocol, then collect_metadata alone (it reports true: nothing
// follows), or the ends that were given.
func encodeTunnelHead(ae *nl.AttributeEncoder, proto uint8, metadata bool, local, remote []byte) bool {
	ae.Uint8(iptunProto, proto)
	if metadata {
		ae.Bytes(iptunCollectMetadata, nil)
		return true
	}
	if local != nil {
		ae.Bytes(iptunLocal, local)
	}
	if remote != nil {
		ae.Bytes(iptunRemote, remote)
	}
	return false
}

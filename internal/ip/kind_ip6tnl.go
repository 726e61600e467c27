package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
)

// ip6tnl flags (IP6_TNL_F_*, linux/ip6_tunnel.h) and the parts of the
// flow information.
const (
	ip6tnlIgnEncapLimit   = 0x1
	ip6tnlUseOrigTclass   = 0x2
	ip6tnlUseOrigFlowlbl  = 0x4
	ip6tnlMIP6Dev         = 0x8
	ip6tnlRcvDSCPCopy     = 0x10
	ip6tnlUseOrigFwmark   = 0x20
	ip6tnlAllowLocalRemot = 0x40
	flowinfoTclass        = 0x0ff00000
	flowinfoFlowlabel     = 0x000fffff
)

// ip6tnlHelp and ip6tnlHelpTail are ip6tnl's usage before the flow words
// and after the encapsulation words.
const ip6tnlHelp, ip6tnlHelpTail = `			[ local ADDR ]
			[ encaplimit ELIM ]
			[ hoplimit HLIM ]
`, `			[ mode { ip6ip6 | ipip6 | any } ]

Where:	ADDR	  := IPV6_ADDRESS
	ELIM	  := { none | 0..255 }(default=4)
	HLIM	  := 0..255 (default=64)
	TCLASS    := { 0x0..0xff | inherit }
`

// What the usages of ip6tnl and the ip6gre kinds say alike: the flow
// words, allow-localremote, and the values of the flow label and mark.
const (
	ip6HelpFlow = `			[ tclass TCLASS ]
			[ flowlabel FLOWLABEL ]
			[ dscp inherit ]
`
	ip6HelpLocalRemote = "\t\t\t[ [no]allow-localremote ]\n"
	ip6HelpWhereFlow   = `	FLOWLABEL := { 0x0..0xfffff | inherit }
	MARK	  := { 0x0..0xffffffff | inherit }
`
)

// ip6Settings are what ip6tnl and the ip6gre kinds set alike, with the
// same words: the encapsulation limit, traffic class, flow label and mark,
// and the IP6_TNL_F_* flags that say which of them the tunnel inherits.
type ip6Settings struct {
	encapLimit              uint8
	flowinfo, flags, fwmark uint32
}

// ip6Tunnel is what ip sends for an ip6tnl tunnel; a change starts from
// the tunnel's settings, except its encapsulation, which ip does not read.
type ip6Tunnel struct {
	ip6Settings
	local, remote   []byte
	hopLimit, proto uint8
	link            uint32
	encap           tunnelEncap
	metadata        bool
}

func parseIP6TunnelOptions(s *session, a args, req *linkRequest) int {
	t := &ip6Tunnel{hopLimit: 64, encap: tunnelEncap{flags: encapFlagCsum6}}
	t.encapLimit = 4
	if !req.create {
		// A change starts from the tunnel's present settings, except its
		// encapsulation, which ip does not read.
		data, ok := s.tunnelData(req.ifi.Index)
		t.local = nonZero(existingAddr(data, iptunLocal, 16, &ok))
		t.remote = nonZero(existingAddr(data, iptunRemote, 16, &ok))
		if !ok {
			return failure("Failed to get existing tunnel info.\n")
		}
		if data.Has(iptunTTL) {
			t.hopLimit = data.Uint8(iptunTTL)
		}
		t.readSettings(data, iptunEncapLimit)
		t.link, t.proto = data.Uint32(iptunLink), data.Uint8(iptunProto)
		t.metadata = data.Has(iptunCollectMetadata)
	}
	for ; !a.empty(); a.skip() {
		if !t.readWord(s, &a) && !t.readFlowWord(&a, true) && !t.encap.read(&a, a.cur()) {
			return tunnelUsage("Usage: ... %-6s\t[ remote ADDR ]\n", req.kind, usageIP6tnl|usageIP6Flow|
				usageLocalRemoteBeforeDev|usageDev|usageEncap|usageIP6tnlTail|usageIP6WhereFlow)
		}
	}
	ae := req.attrs
	if encodeTunnelHead(ae, t.proto, t.metadata, t.local, t.remote) {
		return 0
	}
	ae.Uint8(iptunTTL, t.hopLimit)
	t.encode(ae, iptunEncapLimit)
	ae.Uint32(iptunLink, t.link)
	ae.Uint32(iptunFwmark, t.fwmark)
	t.encap.encode(ae, iptunEncapType)
	return 0
}

// readWord reads mode, the addresses, dev, the hop limit, the traffic
// class and external; false for any other word.
func (t *ip6Tunnel) readWord(s *session, a *args) bool {
	switch word := a.cur(); {
	case word == "mode":
		t.proto = tunnelMode(a.next(), tunnelIP6)
	case word == "remote":
		t.remote = tunnelAddr(a.next(), unix.AF_INET6, 16)
	case word == "local":
		t.local = tunnelAddr(a.next(), unix.AF_INET6, 16)
	case cli.Matches(word, "dev"):
		t.link = s.linkIndex(a.next())
	case word == "ttl", word == "hoplimit", word == "hlim":
		t.hopLimit = tunnelTTL(a.next(), "invalid HLIM\n")
	case word == "tos", word == "tclass", word == "tc", cli.Matches(word, "dsfield"):
		t.readTclass(a.next())
	case word == "external":
		t.metadata = true
	default:
		return false
	}
	return true
}

// readTclass is the value of tclass: inherit, or a hexadecimal byte.
func (f *ip6Settings) readTclass(arg string) {
	f.flowinfo &^= flowinfoTclass
	if arg == "inherit" {
		f.flags |= ip6tnlUseOrigTclass
		return
	}
	n, ok := cli.ParseUint(arg, 16)
	if !ok || n > 0xff {
		invarg("invalid TClass", arg)
	}
	f.flowinfo |= uint32(n) << 20 & flowinfoTclass
	f.flags &^= ip6tnlUseOrigTclass
}

// readFlowWord reads flowlabel, dscp, fwmark, [no]allow-localremote and
// encaplimit; false for any other word. ip6tnl takes any encapsulation
// limit (anyLimit); the ip6gre kinds refuse what is not a byte.
func (f *ip6Settings) readFlowWord(a *args, anyLimit bool) bool {
	switch a.cur() {
	case "flowlabel", "fl":
		f.flowinfo &^= flowinfoFlowlabel
		if arg := a.next(); arg == "inherit" {
			f.flags |= ip6tnlUseOrigFlowlbl
		} else {
			n, ok := getU32(arg, 16)
			if !ok || n > 0xfffff {
				invarg("invalid Flowlabel", arg)
			}
			f.flowinfo |= n & flowinfoFlowlabel
			f.flags &^= ip6tnlUseOrigFlowlbl
		}
	case "dscp":
		if arg := a.next(); arg != "inherit" {
			invarg("not inherit", arg)
		}
		f.flags |= ip6tnlRcvDSCPCopy
	case "fwmark":
		if arg := a.next(); arg == "inherit" {
			f.flags |= ip6tnlUseOrigFwmark
			f.fwmark = 0
		} else {
			v, ok := parseU32(arg)
			if !ok {
				invarg("invalid fwmark\n", arg)
			}
			f.fwmark = v
			f.flags &^= ip6tnlUseOrigFwmark
		}
	case "allow-localremote":
		f.flags |= ip6tnlAllowLocalRemot
	case "noallow-localremote":
		f.flags &^= ip6tnlAllowLocalRemot
	case "encaplimit":
		if arg := a.next(); arg == "none" {
			f.flags |= ip6tnlIgnEncapLimit
		} else {
			// ip6tnl's ip never refuses the value: one it cannot
			// read leaves its variable unset. nsip sends 0 then.
			n, ok := parseU8(arg)
			if !ok && !anyLimit {
				invarg("invalid ELIM", arg)
			}
			f.encapLimit = n
			f.flags &^= ip6tnlIgnEncapLimit
		}
	default:
		return false
	}
	return true
}

// readSettings is what a change starts from: the encapsulation limit,
// flow information and flags, numbered from limitAttr on (the kinds number
// them differently), and the mark, which both number alike.
func (f *ip6Settings) readSettings(data nl.Attributes, limitAttr uint16) {
	if data.Has(limitAttr) {
		f.encapLimit = data.Uint8(limitAttr)
	}
	if b := data.Bytes(limitAttr + 1); len(b) == 4 {
		f.flowinfo = endian.Big.Uint32(b)
	}
	f.flags, f.fwmark = data.Uint32(limitAttr+2), data.Uint32(iptunFwmark)
}

// encode adds the encapsulation limit, flow information and flags,
// numbered from limitAttr on.
func (f *ip6Settings) encode(ae *nl.AttributeEncoder, limitAttr uint16) {
	ae.Uint8(limitAttr, f.encapLimit)
	ae.Bytes(limitAttr+1, endian.Big.AppendUint32(nil, f.flowinfo))
	ae.Uint32(limitAttr+2, f.flags)
}

// tunnelTTL is the value of ttl or hoplimit of an IP tunnel: 0 for
// inherit, else a byte; complaint is invarg's for another word.
func tunnelTTL(arg, complaint string) uint8 {
	if arg == "inherit" {
		return 0
	}
	v, ok := parseU8(arg)
	if !ok {
		invarg(complaint, arg)
	}
	return v
}

// tunnelTos is the value of tos of vxlan, geneve and the IPv4 tunnels: 1
// for inherit, else a DS field.
func tunnelTos(arg string) uint8 {
	if arg == "inherit" {
		return 1
	}
	v, ok := dsfieldID(arg)
	if !ok {
		invarg("bad TOS value", arg)
	}
	return v
}

// parseU8 is get_u8 in base 0.
//
//go:noinline
func parseU8(s string) (uint8, bool) {
	n, ok := cli.ParseUint(s, 0)
	return uint8(n), ok && n <= 0xff
}

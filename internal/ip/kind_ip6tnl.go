package ip

import (
	"encoding/binary"

	"nsip/internal/cli"
	"nsip/internal/unix"
)

// ip6tnl flags (IP6_TNL_F_*, linux/ip6_tunnel.h) and the parts of the
// flow information.
const (
	ip6tnlIgnEncapLimit   = 0x1
	ip6tnlUseOrigTclass   = 0x2
	ip6tnlUseOrigFlowlbl  = 0x4
	ip6tnlRcvDSCPCopy     = 0x10
	ip6tnlUseOrigFwmark   = 0x20
	ip6tnlAllowLocalRemot = 0x40
	flowinfoTclass        = 0x0ff00000
	flowinfoFlowlabel     = 0x000fffff
)

const ip6tnlHelp = `			[ local ADDR ]
			[ encaplimit ELIM ]
			[ hoplimit HLIM ]
			[ tclass TCLASS ]
			[ flowlabel FLOWLABEL ]
			[ dscp inherit ]
			[ [no]allow-localremote ]
` + tunnelEncapHelp + `			[ mode { ip6ip6 | ipip6 | any } ]

Where:	ADDR	  := IPV6_ADDRESS
	ELIM	  := { none | 0..255 }(default=4)
	HLIM	  := 0..255 (default=64)
	TCLASS    := { 0x0..0xff | inherit }
	FLOWLABEL := { 0x0..0xfffff | inherit }
	MARK	  := { 0x0..0xffffffff | inherit }
`

// ip6Tunnel is what ip sends for an ip6tnl tunnel; a change starts from
// the tunnel's settings, except its encapsulation, which ip does not read.
type ip6Tunnel struct {
	local, remote         []byte
	hopLimit, encapLimit  uint8
	proto                 uint8
	flowinfo, flags, link uint32
	fwmark                uint32
	encap                 tunnelEncap
	metadata              bool
}

func parseIP6TunnelOptions(s *session, a args, req *linkRequest) int {
	t := &ip6Tunnel{hopLimit: 64, encapLimit: 4, encap: tunnelEncap{flags: encapFlagCsum6}}
	if !req.create && !t.readExisting(s, req.ifi.Index) {
		cli.Stderr("Failed to get existing tunnel info.\n")
		return cli.StatusFailure
	}
	for ; !a.empty(); a.skip() {
		if !t.readWord(s, &a) && !t.readFlowWord(&a) && !t.encap.read(&a, a.cur()) {
			cli.Stderr("Usage: ... ", padRight(req.kind, 6), "\t[ remote ADDR ]\n", ip6tnlHelp)
			return cli.StatusFailure
		}
	}
	ae := req.attrs
	ae.Uint8(iptunProto, t.proto)
	if t.metadata {
		ae.Bytes(iptunCollectMetadata, nil)
		return 0
	}
	if t.local != nil {
		ae.Bytes(iptunLocal, t.local)
	}
	if t.remote != nil {
		ae.Bytes(iptunRemote, t.remote)
	}
	ae.Uint8(iptunTTL, t.hopLimit)
	ae.Uint8(iptunEncapLimit, t.encapLimit)
	ae.Bytes(iptunFlowinfo, binary.BigEndian.AppendUint32(nil, t.flowinfo))
	ae.Uint32(iptunFlags, t.flags)
	ae.Uint32(iptunLink, t.link)
	ae.Uint32(iptunFwmark, t.fwmark)
	t.encap.encode(ae, iptunEncapType)
	return 0
}

func (t *ip6Tunnel) readExisting(s *session, index int32) bool {
	data, ok := s.tunnelData(index)
	if !ok {
		return false
	}
	for _, f := range []struct {
		attr uint16
		dst  *[]byte
	}{{iptunLocal, &t.local}, {iptunRemote, &t.remote}} {
		if b := data.Bytes(f.attr); b != nil {
			if len(b) != 16 {
				return false
			}
			*f.dst = nonZero(b)
		}
	}
	if data.Has(iptunTTL) {
		t.hopLimit = data.Uint8(iptunTTL)
	}
	if data.Has(iptunEncapLimit) {
		t.encapLimit = data.Uint8(iptunEncapLimit)
	}
	if b := data.Bytes(iptunFlowinfo); len(b) == 4 {
		t.flowinfo = binary.BigEndian.Uint32(b)
	}
	t.flags, t.link, t.proto = data.Uint32(iptunFlags), data.Uint32(iptunLink), data.Uint8(iptunProto)
	t.metadata = data.Has(iptunCollectMetadata)
	t.fwmark = data.Uint32(iptunFwmark)
	return true
}

// readWord reads mode, the addresses, dev, the limits, external and the
// flags; false for any other word.
func (t *ip6Tunnel) readWord(s *session, a *args) bool {
	switch word := a.cur(); {
	case word == "mode":
		switch arg := a.next(); arg {
		case "ipv6/ipv6", "ip6ip6":
			t.proto = unix.IPPROTO_IPV6
		case "ip/ipv6", "ipv4/ipv6", "ipip6", "ip4ip6":
			t.proto = unix.IPPROTO_IPIP
		case "any/ipv6", "any":
			t.proto = 0
		default:
			invarg("Cannot guess tunnel mode.", arg)
		}
	case word == "remote":
		t.remote = tunnelAddr(a.next(), unix.AF_INET6, 16)
	case word == "local":
		t.local = tunnelAddr(a.next(), unix.AF_INET6, 16)
	case cli.Matches(word, "dev"):
		arg := a.next()
		index := s.links.nameToIndex(arg)
		if index == 0 {
			exitNoDevice(arg)
		}
		t.link = uint32(index)
	case word == "ttl", word == "hoplimit", word == "hlim":
		t.hopLimit = 0
		if arg := a.next(); arg != "inherit" {
			t.hopLimit = nextArgValue(arg, parseU8, "invalid HLIM\n")
		}
	case word == "encaplimit":
		if arg := a.next(); arg == "none" {
			t.flags |= ip6tnlIgnEncapLimit
		} else {
			// ip never refuses the value: one it cannot read leaves
			// its variable unset. nsip sends 0 then.
			t.encapLimit, _ = parseU8(arg)
			t.flags &^= ip6tnlIgnEncapLimit
		}
	case word == "allow-localremote":
		t.flags |= ip6tnlAllowLocalRemot
	case word == "noallow-localremote":
		t.flags &^= ip6tnlAllowLocalRemot
	case word == "external":
		t.metadata = true
	default:
		return false
	}
	return true
}

// readFlowWord reads tclass, flowlabel, dscp and fwmark; false for any
// other word.
func (t *ip6Tunnel) readFlowWord(a *args) bool {
	switch word := a.cur(); {
	case word == "tos", word == "tclass", word == "tc", cli.Matches(word, "dsfield"):
		t.flowinfo &^= flowinfoTclass
		if arg := a.next(); arg == "inherit" {
			t.flags |= ip6tnlUseOrigTclass
		} else {
			n, ok := cli.ParseUint(arg, 16)
			if !ok || n > 0xff {
				invarg("invalid TClass", arg)
			}
			t.flowinfo |= uint32(n) << 20 & flowinfoTclass
			t.flags &^= ip6tnlUseOrigTclass
		}
	case word == "flowlabel", word == "fl":
		t.flowinfo &^= flowinfoFlowlabel
		if arg := a.next(); arg == "inherit" {
			t.flags |= ip6tnlUseOrigFlowlbl
		} else {
			n, ok := getU32(arg, 16)
			if !ok || n > 0xfffff {
				invarg("invalid Flowlabel", arg)
			}
			t.flowinfo |= n & flowinfoFlowlabel
			t.flags &^= ip6tnlUseOrigFlowlbl
		}
	case word == "dscp":
		if arg := a.next(); arg != "inherit" {
			invarg("not inherit", arg)
		}
		t.flags |= ip6tnlRcvDSCPCopy
	case word == "fwmark":
		if arg := a.next(); arg == "inherit" {
			t.flags |= ip6tnlUseOrigFwmark
			t.fwmark = 0
		} else {
			t.fwmark = nextArgValue(arg, parseU32, "invalid fwmark\n")
			t.flags &^= ip6tnlUseOrigFwmark
		}
	default:
		return false
	}
	return true
}

// parseU8 is get_u8 in base 0.
func parseU8(s string) (uint8, bool) {
	n, ok := cli.ParseUint(s, 0)
	return uint8(n), ok && n <= 0xff
}

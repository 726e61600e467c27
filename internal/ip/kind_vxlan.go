package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/help"
	"nsip/internal/unix"
)

// vxlanSwitches in iproute2's order, which settles abbreviations: words
// without a value that set one u8 attribute (optOff8, optOn8) or add it
// empty (optFlag). The attribute is also what marks a repeat.
var vxlanSwitches = [...]kindOption{
	{name: "nolearning", attr: unix.IFLA_VXLAN_LEARNING, value: optOff8},
	{name: "learning", attr: unix.IFLA_VXLAN_LEARNING, value: optOn8},
	{name: "noproxy", attr: unix.IFLA_VXLAN_PROXY, value: optOff8},
	{name: "proxy", attr: unix.IFLA_VXLAN_PROXY, value: optOn8},
	{name: "norsc", attr: unix.IFLA_VXLAN_RSC, value: optOff8},
	{name: "rsc", attr: unix.IFLA_VXLAN_RSC, value: optOn8},
	{name: "nol2miss", attr: unix.IFLA_VXLAN_L2MISS, value: optOff8},
	{name: "l2miss", attr: unix.IFLA_VXLAN_L2MISS, value: optOn8},
	{name: "nol3miss", attr: unix.IFLA_VXLAN_L3MISS, value: optOff8},
	{name: "l3miss", attr: unix.IFLA_VXLAN_L3MISS, value: optOn8},
	{name: "udpcsum", attr: unix.IFLA_VXLAN_UDP_CSUM, value: optOn8},
	{name: "noudpcsum", attr: unix.IFLA_VXLAN_UDP_CSUM, value: optOff8},
	{name: "udp6zerocsumtx", attr: unix.IFLA_VXLAN_UDP_ZERO_CSUM6_TX, value: optOn8},
	{name: "noudp6zerocsumtx", attr: unix.IFLA_VXLAN_UDP_ZERO_CSUM6_TX, value: optOff8},
	{name: "udp6zerocsumrx", attr: unix.IFLA_VXLAN_UDP_ZERO_CSUM6_RX, value: optOn8},
	{name: "noudp6zerocsumrx", attr: unix.IFLA_VXLAN_UDP_ZERO_CSUM6_RX, value: optOff8},
	{name: "remcsumtx", attr: unix.IFLA_VXLAN_REMCSUM_TX, value: optOn8},
	{name: "noremcsumtx", attr: unix.IFLA_VXLAN_REMCSUM_TX, value: optOff8},
	{name: "remcsumrx", attr: unix.IFLA_VXLAN_REMCSUM_RX, value: optOn8},
	{name: "noremcsumrx", attr: unix.IFLA_VXLAN_REMCSUM_RX, value: optOff8},
	{name: "external", attr: unix.IFLA_VXLAN_COLLECT_METADATA, value: optOn8},
	{name: "noexternal", attr: unix.IFLA_VXLAN_COLLECT_METADATA, value: optOff8},
	{name: "gbp", attr: unix.IFLA_VXLAN_GBP, value: optFlag},
	{name: "gpe", attr: unix.IFLA_VXLAN_GPE, value: optFlag},
	{name: "vnifilter", exact: true, attr: unix.IFLA_VXLAN_VNIFILTER, value: optOn8},
	{name: "novnifilter", exact: true, attr: unix.IFLA_VXLAN_VNIFILTER, value: optOff8},
}

// switchValue is the u8 a switch of vxlan or geneve sets: 1 for optOn8.
func switchValue(sw *kindOption) uint8 {
	if sw.value == optOn8 {
		return 1
	}
	return 0
}

// seenAttrs is check_duparg's record of the attributes already given.
type seenAttrs uint64

// check ends ip with duparg2's complaint when attr was given before.
//
//go:noinline
func (seen *seenAttrs) check(attr uint16, key, arg string) {
	if *seen&(1<<attr) != 0 {
		duparg2(key, arg)
	}
	*seen |= 1 << attr
}

func (seen seenAttrs) has(attr uint16) bool { return seen&(1<<attr) != 0 }

// isInetAddr is is_addrtype_inet: an IPv4 or IPv6 address, which for ip
// includes default, any and all (no bytes) once the family is known, as
// when the other address of a pair settled it. It and isMulticastAddr
// take a pointer: an inetPrefix is 288 bytes, copied at every call.
func isInetAddr(p *inetPrefix) bool { return p.family == unix.AF_INET || p.family == unix.AF_INET6 }

// isMulticastAddr is is_addrtype_inet_multi.
//
//go:noinline
func isMulticastAddr(p *inetPrefix) bool {
	if !isInetAddr(p) {
		return false
	}
	if p.family == unix.AF_INET {
		return p.data[0]&0xf0 == 0xe0
	}
	return p.data[0] == 0xff
}

// tunnelCommon is what vxlan and geneve read alike: id/vni, ttl/hoplimit,
// tos/dsfield, df, label/flowlabel and dstport, with the same words and
// complaints, and check_duparg's record of what was given.
type tunnelCommon struct {
	seen                        seenAttrs
	vni                         uint32
	ttl, tos                    uint8
	ttlInherit                  bool
	label                       uint32
	dstport                     uint16
	idAttr, ttlAttr, tosAttr    uint16
	dfAttr, labelAttr, portAttr uint16
}

// readID reads the value of id or vni.
func (t *tunnelCommon) readID(a *args) {
	arg := a.next()
	t.seen.check(t.idAttr, "id", arg)
	vni, ok := getU32(arg, 0)
	if !ok || vni >= 1<<24 {
		invarg("invalid id", arg)
	}
	t.vni = vni
}

// readShared reads ttl, tos, df or flowlabel, which both kinds test after
// their address options, and returns the attribute of the one word was,
// 0 for none. Only df is added at once by both.
func (t *tunnelCommon) readShared(a *args, word string, req *linkRequest) uint16 {
	var attr uint16
	var key string
	switch {
	case cli.Matches(word, "ttl"), cli.Matches(word, "hoplimit"):
		attr, key = t.ttlAttr, "ttl"
	case cli.Matches(word, "tos"), cli.Matches(word, "dsfield"):
		attr, key = t.tosAttr, "tos"
	case cli.Matches(word, "df"):
		attr, key = t.dfAttr, "df"
	case cli.Matches(word, "label"), cli.Matches(word, "flowlabel"):
		attr, key = t.labelAttr, "flowlabel"
	default:
		return 0
	}
	arg := a.next()
	t.seen.check(attr, key, arg)
	switch attr {
	case t.ttlAttr:
		switch arg {
		case "inherit":
			t.ttlInherit = true
		case "auto":
			t.ttl = 0
		default:
			n, ok := getU32(arg, 0)
			if !ok {
				invarg("invalid TTL", arg)
			}
			if n > 255 {
				invarg("TTL must be <= 255", arg)
			}
			t.ttl = uint8(n)
		}
	case t.tosAttr:
		t.tos = tunnelTos(arg)
	case t.dfAttr:
		v := indexOf(tunnelDFModes[:], arg)
		if v < 0 {
			invarg("DF must be 'unset', 'set' or 'inherit'", arg)
		}
		req.attrs.Uint8(t.dfAttr, uint8(v))
	default:
		n, ok := getU32(arg, 0)
		if !ok || n&^0xfffff != 0 {
			invarg("invalid flowlabel", arg)
		}
		t.label = n
	}
	return attr
}

// readDstport reads dstport's value; complaint differs between the kinds.
func (t *tunnelCommon) readDstport(a *args, complaint string) {
	arg := a.next()
	t.seen.check(t.portAttr, "dstport", arg)
	n, ok := cli.ParseUint(arg, 0)
	if !ok || n > 0xffff {
		invarg(complaint, arg)
	}
	t.dstport = uint16(n)
}

// bigEndian32 is a u32 attribute's payload in network order (htonl).
func bigEndian32(n uint32) []byte { return endian.Big.AppendUint32(nil, n) }

// bigEndian16 is htons, out of line: it has many callers.
//
//go:noinline
func bigEndian16(n uint16) []byte { return endian.Big.AppendUint16(nil, n) }

// vxlanState is what vxlan's parser settles after reading every word.
type vxlanState struct {
	tunnelCommon
	saddr, daddr       inetPrefix
	learning, metadata uint8
	vnifilter          bool
}

func parseVxlanOptions(s *session, a args, req *linkRequest) int {
	v := &vxlanState{learning: 1}
	v.tunnelCommon = tunnelCommon{idAttr: unix.IFLA_VXLAN_ID, ttlAttr: unix.IFLA_VXLAN_TTL,
		tosAttr: unix.IFLA_VXLAN_TOS, dfAttr: unix.IFLA_VXLAN_DF, labelAttr: unix.IFLA_VXLAN_LABEL,
		portAttr: unix.IFLA_VXLAN_PORT}
	for ; !a.empty(); a.skip() {
		if status := s.readVxlanWord(&a, a.cur(), v, req); status != 0 {
			return status
		}
	}
	// Check the combination and add what ip adds after the loop.
	setOp := !req.create
	refusal := ""
	switch {
	case v.metadata == 0 && v.vnifilter:
		refusal = "vnifilter is valid only when 'external' is set"
	case v.metadata == 1 && v.seen.has(unix.IFLA_VXLAN_ID):
		refusal = "both 'external' and vni cannot be specified"
	case v.metadata == 0 && !v.vnifilter && !v.seen.has(unix.IFLA_VXLAN_ID) && !setOp:
		refusal = "missing virtual network identifier"
	case isMulticastAddr(&v.daddr) && !v.seen.has(unix.IFLA_VXLAN_LINK):
		refusal = "'group' requires 'dev' to be specified"
	}
	if refusal != "" {
		return kindRefusal("vxlan", refusal)
	}
	if !v.seen.has(unix.IFLA_VXLAN_PORT) && v.seen.has(unix.IFLA_VXLAN_GPE) {
		v.dstport = 4790
	} else if !v.seen.has(unix.IFLA_VXLAN_PORT) && !setOp {
		cli.Stderr("vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n" +
			"Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n")
	}
	if v.seen.has(unix.IFLA_VXLAN_ID) {
		req.attrs.Uint32(unix.IFLA_VXLAN_ID, v.vni)
	}
	selected := false
	for _, p := range []struct {
		addr         *inetPrefix
		attr4, attr6 uint16
	}{{&v.saddr, unix.IFLA_VXLAN_LOCAL, unix.IFLA_VXLAN_LOCAL6}, {&v.daddr, unix.IFLA_VXLAN_GROUP, unix.IFLA_VXLAN_GROUP6}} {
		if isInetAddr(p.addr) {
			req.attrs.Bytes(familyAttr(p.addr.family, p.attr4, p.attr6), p.addr.data[:p.addr.bytelen])
			selected = true
		}
	}
	if !selected && (s.family == unix.AF_INET || s.family == unix.AF_INET6) {
		// ip sends the "default" address of the family asked for: zeros.
		req.attrs.Bytes(familyAttr(s.family, unix.IFLA_VXLAN_GROUP, unix.IFLA_VXLAN_GROUP6), make([]byte, familyBits(s.family)/8))
	}
	if !setOp || v.seen.has(unix.IFLA_VXLAN_LEARNING) {
		req.attrs.Uint8(unix.IFLA_VXLAN_LEARNING, v.learning)
	}
	if v.dstport != 0 {
		req.attrs.Bytes(unix.IFLA_VXLAN_PORT, bigEndian16(v.dstport))
	}
	return 0
}

// readVxlanWord reads one option in the order ip tests them.
func (s *session) readVxlanWord(a *args, word string, v *vxlanState, req *linkRequest) int {
	switch {
	case cli.Matches(word, "id"), cli.Matches(word, "vni"):
		v.readID(a)
	case cli.Matches(word, "group"), cli.Matches(word, "remote"):
		group := cli.Matches(word, "group")
		if (group && isInetAddr(&v.daddr) && !isMulticastAddr(&v.daddr)) || (!group && isMulticastAddr(&v.daddr)) {
			return failure("vxlan: both group and remote cannot be specified\n")
		}
		key := "remote"
		if group {
			key = "group"
		}
		arg := a.next()
		v.seen.check(unix.IFLA_VXLAN_GROUP, key, arg)
		v.daddr.mustSetAddr(arg, v.saddr.family)
		if isMulticastAddr(&v.daddr) != group || !isInetAddr(&v.daddr) {
			invarg("invalid "+key+" address", arg)
		}
	case cli.Matches(word, "local"):
		arg := a.next()
		v.seen.check(unix.IFLA_VXLAN_LOCAL, "local", arg)
		v.saddr.mustSetAddr(arg, v.daddr.family)
		if !isInetAddr(&v.saddr) || isMulticastAddr(&v.saddr) {
			invarg("invalid local address", arg)
		}
	case cli.Matches(word, "dev"):
		arg := a.next()
		v.seen.check(unix.IFLA_VXLAN_LINK, "dev", arg)
		req.attrs.Uint32(unix.IFLA_VXLAN_LINK, s.linkIndex(arg))
	default:
		// ip adds ttl, tos and flowlabel at once; readShared adds df. The
		// words after them come after flowlabel in ip's order.
		switch attr := v.readShared(a, word, req); {
		case attr == unix.IFLA_VXLAN_TTL && v.ttlInherit:
			req.attrs.Bytes(unix.IFLA_VXLAN_TTL_INHERIT, nil)
		case attr == unix.IFLA_VXLAN_TTL:
			req.attrs.Uint8(unix.IFLA_VXLAN_TTL, v.ttl)
		case attr == unix.IFLA_VXLAN_TOS:
			req.attrs.Uint8(unix.IFLA_VXLAN_TOS, v.tos)
		case attr == unix.IFLA_VXLAN_LABEL:
			req.attrs.Bytes(unix.IFLA_VXLAN_LABEL, bigEndian32(v.label))
		case attr != 0:
			// df
		case cli.Matches(word, "ageing"), cli.Matches(word, "maxaddress"):
			key, complaint, none := "ageing", "ageing timer", "none"
			attr = unix.IFLA_VXLAN_AGEING
			if !cli.Matches(word, "ageing") {
				attr, key, complaint, none = unix.IFLA_VXLAN_LIMIT, "maxaddress", "max addresses", "unlimited"
			}
			arg := a.next()
			v.seen.check(attr, key, arg)
			n := uint32(0)
			if arg != none {
				var ok bool
				if n, ok = parseU32(arg); !ok {
					invarg(complaint, arg)
				}
			}
			req.attrs.Uint32(attr, n)
		case cli.Matches(word, "port"), cli.Matches(word, "srcport"):
			arg := a.next()
			v.seen.check(unix.IFLA_VXLAN_PORT_RANGE, "srcport", arg)
			low := mustU16(arg, "min port")
			high := mustU16(a.next(), "max port")
			if low != 0 || high != 0 {
				// struct ifla_vxlan_port_range: both ports in network order.
				req.attrs.Bytes(unix.IFLA_VXLAN_PORT_RANGE, bigEndian32(uint32(low)<<16|uint32(high)))
			}
		case cli.Matches(word, "dstport"):
			v.readDstport(a, "dst port")
		default:
			sw := findKindOption(vxlanSwitches[:], word)
			if sw == nil {
				return unknownKindOption("vxlan", "command", word, help.Text(help.LinkVxlan))
			}
			v.seen.check(sw.attr, word, word)
			// A switch's attribute goes at once, except learning, which ip
			// adds after the loop; external turns learning off.
			on := switchValue(sw)
			switch {
			case sw.attr == unix.IFLA_VXLAN_LEARNING:
				v.learning = on
				return 0
			case sw.attr == unix.IFLA_VXLAN_COLLECT_METADATA:
				v.metadata = on
				if on == 1 {
					v.learning = 0
				}
			case sw.attr == unix.IFLA_VXLAN_VNIFILTER && on == 1:
				v.vnifilter = true
			}
			if sw.value == optFlag {
				req.attrs.Bytes(sw.attr, nil)
			} else {
				req.attrs.Uint8(sw.attr, on)
			}
		}
	}
	return 0
}

// kindRefusal is a kind's complaint about the combination of its options,
// "KIND: REFUSAL", and status 1.
//
//go:noinline
func kindRefusal(kind, refusal string) int {
	cli.Stderr(kind, ": ", refusal, "\n")
	return cli.StatusFailure
}

// familyAttr picks the IPv4 or the IPv6 attribute of a pair.
func familyAttr(family int, attr4, attr6 uint16) uint16 {
	if family == unix.AF_INET {
		return attr4
	}
	return attr6
}

// mustU16 is get_u16 in base 0 of arg, a value that ends ip with
// invarg's complaint when it is not one. Out of line for its callers.
//
//go:noinline
func mustU16(arg, complaint string) uint16 {
	n, ok := cli.ParseUint(arg, 0)
	if !ok || n > 0xffff {
		invarg(complaint, arg)
	}
	return uint16(n)
}

// geneveSwitches in iproute2's order. ip adds them after the loop, in
// the order of geneveSwitchAttrs.
var geneveSwitches = [...]kindOption{
	{name: "external", attr: unix.IFLA_GENEVE_COLLECT_METADATA, value: optOn8},
	{name: "noexternal", attr: unix.IFLA_GENEVE_COLLECT_METADATA, value: optOff8},
	{name: "udpcsum", attr: unix.IFLA_GENEVE_UDP_CSUM, value: optOn8},
	{name: "noudpcsum", attr: unix.IFLA_GENEVE_UDP_CSUM, value: optOff8},
	{name: "udp6zerocsumtx", attr: unix.IFLA_GENEVE_UDP_ZERO_CSUM6_TX, value: optOn8},
	{name: "noudp6zerocsumtx", attr: unix.IFLA_GENEVE_UDP_ZERO_CSUM6_TX, value: optOff8},
	{name: "udp6zerocsumrx", attr: unix.IFLA_GENEVE_UDP_ZERO_CSUM6_RX, value: optOn8},
	{name: "noudp6zerocsumrx", attr: unix.IFLA_GENEVE_UDP_ZERO_CSUM6_RX, value: optOff8},
	{name: "innerprotoinherit", exact: true, attr: unix.IFLA_GENEVE_INNER_PROTO_INHERIT, value: optOn8},
}

func parseGeneveOptions(s *session, a args, req *linkRequest) int {
	g := tunnelCommon{idAttr: unix.IFLA_GENEVE_ID, ttlAttr: unix.IFLA_GENEVE_TTL, tosAttr: unix.IFLA_GENEVE_TOS,
		dfAttr: unix.IFLA_GENEVE_DF, labelAttr: unix.IFLA_GENEVE_LABEL, portAttr: unix.IFLA_GENEVE_PORT}
	var daddr inetPrefix
	var switches [unix.IFLA_GENEVE_INNER_PROTO_INHERIT + 1]uint8
	for ; !a.empty(); a.skip() {
		word := a.cur()
		switch {
		case cli.Matches(word, "id"), cli.Matches(word, "vni"):
			g.readID(&a)
		case cli.Matches(word, "remote"):
			arg := a.next()
			g.seen.check(unix.IFLA_GENEVE_REMOTE, "remote", arg)
			daddr.mustSetAddr(arg, unix.AF_UNSPEC)
			if !isInetAddr(&daddr) || isMulticastAddr(&daddr) {
				invarg("invalid remote address", arg)
			}
		case g.readShared(&a, word, req) != 0:
			// Unlike vxlan, geneve sends only ttl inherit at once.
			if g.ttlInherit {
				req.attrs.Uint8(unix.IFLA_GENEVE_TTL_INHERIT, 1)
				g.ttlInherit = false
			}
		case cli.Matches(word, "dstport"):
			g.readDstport(&a, "dstport")
		default:
			sw := findKindOption(geneveSwitches[:], word)
			if sw == nil {
				return unknownKindOption("geneve", "command", word, help.Text(help.LinkGeneve))
			}
			g.seen.check(sw.attr, word, word)
			switches[sw.attr] = switchValue(sw)
		}
	}
	// Check the combination and add what ip adds after the loop, in its
	// order.
	metadata := switches[unix.IFLA_GENEVE_COLLECT_METADATA] == 1
	setOp := !req.create
	refusal := ""
	switch {
	case metadata && g.seen.has(unix.IFLA_GENEVE_ID):
		refusal = "both 'external' and vni cannot be specified"
	case !metadata && !g.seen.has(unix.IFLA_GENEVE_ID):
		refusal = "missing virtual network identifier"
	case !metadata && !setOp && !isInetAddr(&daddr):
		refusal = "remote link partner not specified"
	}
	if refusal != "" {
		return kindRefusal("geneve", refusal)
	}
	req.attrs.Uint32(unix.IFLA_GENEVE_ID, g.vni)
	if isInetAddr(&daddr) {
		req.attrs.Bytes(familyAttr(daddr.family, unix.IFLA_GENEVE_REMOTE, unix.IFLA_GENEVE_REMOTE6), daddr.data[:daddr.bytelen])
	}
	if !setOp || g.seen.has(unix.IFLA_GENEVE_LABEL) {
		req.attrs.Bytes(unix.IFLA_GENEVE_LABEL, bigEndian32(g.label))
	}
	if !setOp || g.seen.has(unix.IFLA_GENEVE_TTL) {
		req.attrs.Uint8(unix.IFLA_GENEVE_TTL, g.ttl)
	}
	if !setOp || g.seen.has(unix.IFLA_GENEVE_TOS) {
		req.attrs.Uint8(unix.IFLA_GENEVE_TOS, g.tos)
	}
	if g.dstport != 0 {
		req.attrs.Bytes(unix.IFLA_GENEVE_PORT, bigEndian16(g.dstport))
	}
	if metadata {
		req.attrs.Bytes(unix.IFLA_GENEVE_COLLECT_METADATA, nil)
	}
	if switches[unix.IFLA_GENEVE_INNER_PROTO_INHERIT] == 1 {
		req.attrs.Bytes(unix.IFLA_GENEVE_INNER_PROTO_INHERIT, nil)
	}
	// The checksum switches, UDP_CSUM, UDP_ZERO_CSUM6_TX and _RX.
	for attr := uint16(unix.IFLA_GENEVE_UDP_CSUM); attr <= unix.IFLA_GENEVE_UDP_ZERO_CSUM6_RX; attr++ {
		if g.seen.has(attr) {
			req.attrs.Uint8(attr, switches[attr])
		}
	}
	return 0
}

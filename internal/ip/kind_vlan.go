package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/help"
	"nsip/internal/unix"
)

// vlanOptions are the words ip tests first. An id is read up to 0xffff,
// as ip takes it (the kernel wants less).
var vlanOptions = [...]kindOption{
	{name: "protocol", attr: unix.IFLA_VLAN_PROTOCOL, value: optProtocol, complaint: complainNameInvalid},
	{name: "id", attr: unix.IFLA_VLAN_ID, value: optU16, complaint: complainNameInvalid},
}

// vlanFlagWords are the VLAN_FLAG_* words in the order iproute2 tries
// them, which settles abbreviations.
var vlanFlagWords = [...]struct {
	name string
	bit  uint32
}{{"reorder_hdr", 0x1}, {"gvrp", 0x2}, {"mvrp", 0x8}, {"loose_binding", 0x4}, {"bridge_binding", 0x10}}

// parseVlanOptions reads the options of a VLAN link. Its flags go in one
// struct ifla_vlan_flags {flags, mask}.
func parseVlanOptions(s *session, a args, req *linkRequest) int {
	var flags, mask uint32
words:
	for ; !a.empty(); a.skip() {
		word := a.cur()
		if opt := findKindOption(vlanOptions[:], word); opt != nil {
			s.readKindOption(&a, opt, req, "")
			continue
		}
		for _, f := range &vlanFlagWords {
			if !cli.Matches(word, f.name) {
				continue
			}
			mask |= f.bit
			switch arg := a.next(); arg {
			case "on":
				flags |= f.bit
			case "off":
				flags &^= f.bit
			default:
				return badArgument(f.name, onOrOff, arg)
			}
			continue words
		}
		switch {
		case cli.Matches(word, "ingress-qos-map"):
			parseQosMap(&a, req, unix.IFLA_VLAN_INGRESS_QOS, "invalid ingress-qos-map")
		case cli.Matches(word, "egress-qos-map"):
			parseQosMap(&a, req, unix.IFLA_VLAN_EGRESS_QOS, "invalid egress-qos-map")
		default:
			return unknownKindOption("vlan", "command", word, help.Text(help.LinkVlan))
		}
	}
	if mask != 0 {
		req.attrs.Bytes(unix.IFLA_VLAN_FLAGS, hostPair(flags, mask))
	}
	return 0
}

// parseQosMap reads the FROM:TO words after a qos-map keyword into a nest
// of struct ifla_vlan_qos_mapping; the first word without a colon is the
// next option, and a is left on the last word read. A bad number ends ip
// with complaint about the word as C's parser left it: cut at the colon.
func parseQosMap(a *args, req *linkRequest, attr uint16, complaint string) {
	if len(*a) < 2 {
		incompleteCommand()
	}
	req.attrs.Nest(attr)
	for len(*a) >= 2 {
		word := (*a)[1]
		colon := ascii.IndexByte(word, ':')
		if colon < 0 {
			break
		}
		from, to := word[:colon], word[colon+1:]
		a.skip()
		key, okFrom := getU32(from, 0)
		value, okTo := getU32(to, 0)
		if !okFrom || !okTo {
			invarg(complaint, from)
		}
		req.attrs.Bytes(unix.IFLA_VLAN_QOS_MAPPING, hostPair(key, value))
	}
	req.attrs.End()
}

// hostPair is the payload of a struct of two u32 in host order: the
// flags and mask of ifla_vlan_flags and br_boolopt_multi, a QoS mapping.
//
//go:noinline
func hostPair(a, b uint32) []byte {
	return endian.Native.AppendUint32(endian.Native.AppendUint32(nil, a), b)
}

// parseLinkProtocol is ll_proto_a2n for the protocols a VLAN can have: a
// name, or a number in host order, returned as the wire's big-endian value.
func parseLinkProtocol(arg string) (uint16, bool) {
	switch ascii.ToLower(arg) {
	case "802.1q":
		return unix.ETH_P_8021Q, true
	case "802.1ad":
		return unix.ETH_P_8021AD, true
	}
	n, ok := cli.ParseUint(arg, 0)
	return uint16(n), ok && n <= 0xffff
}

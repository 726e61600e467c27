package ip

import (
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// The printers of the kinds that share one: gre and vti of each family,
// vrf and its ports.
func printGre4Data(s *session, data nl.Attributes) { printGreData(s, data, &greKind) }

func printGre6Data(s *session, data nl.Attributes) { printGreData(s, data, &gre6Kind) }

func printVti4Data(s *session, data nl.Attributes) { printVtiData(s, data, &vtiKind) }

func printVti6Data(s *session, data nl.Attributes) { printVtiData(s, data, &vti6Kind) }

// printVrfData prints a vrf's table, and a vrf port's:
// IFLA_VRF_PORT_TABLE is IFLA_VRF_TABLE.
func printVrfData(s *session, data nl.Attributes) { printFields(s, data, vrfFields[:]) }

// fieldStyle says how a field's attribute is read and printed.
type fieldStyle uint8

const (
	fieldU8         fieldStyle = iota // print_uint of a u8
	fieldU16                          // print_uint (or print_int) of a u16
	fieldU32                          // print_uint of a u32
	fieldU64                          // print_lluint of a u64
	fieldI32                          // print_int of a 32-bit value: %d
	fieldOnOff                        // print_on_off of a u8: "on"/"off", a JSON bool
	fieldHex16                        // print_0xhex of a u16: %#llx, a JSON string
	fieldHex32                        // print_0xhex of a u32
	fieldTimer                        // a u64 of centiseconds as "%4i.%.2i"
	fieldBridgeID                     // struct ifla_bridge_id as "8000.aa:bb:..."
	fieldIndex                        // a u32 ifindex printed as the link's name
	fieldSet                          // a u8 switch: label as it is when not 0, JSON true
	fieldPresent                      // an attribute that means yes by being there
	fieldBondName8                    // a bond's u8 setting by name (bondChoices)
	fieldBondName32                   // the same of a u32
)

// field is one attribute of a kind's data that its printer prints the
// plain way: text "label VALUE ", JSON "key":VALUE, nothing when absent.
// A switch (fieldSet, fieldPresent) prints its label as the whole text,
// and so most switches' labels end in a space ("proxy proxy ": key
// proxy, text "proxy "). name is the key, then, after a space, the label
// when it is not the key: one string rather than two keeps rows small.
type field struct {
	attr  uint16
	style fieldStyle
	name  string
}

// fieldSizes is the size of the number each style reads, host order; 0
// for the styles that read none.
var fieldSizes = [...]uint8{fieldU8: 1, fieldU16: 2, fieldU32: 4, fieldU64: 8, fieldI32: 4, fieldOnOff: 1,
	fieldHex16: 2, fieldHex32: 4, fieldTimer: 8, fieldIndex: 4, fieldSet: 1, fieldPresent: 0, fieldBondName8: 1,
	fieldBondName32: 4}

// printFields prints the fields of data in order.
func printFields(s *session, data nl.Attributes, fields []field) {
	p := s.out
	for _, f := range fields {
		b := data.Bytes(f.attr)
		if b == nil {
			continue
		}
		key, label := f.name, ""
		if i := ascii.IndexByte(key, ' '); i >= 0 {
			key, label = key[:i], key[i+1:]
		}
		if label == "" {
			label = key
		}
		// A number shorter than its size reads as 0, as nl's do.
		var v uint64
		switch size := int(fieldSizes[f.style]); {
		case len(b) < size:
		case size == 1:
			v = uint64(b[0])
		case size == 2:
			v = uint64(endian.Native.Uint16(b))
		case size == 4:
			v = uint64(endian.Native.Uint32(b))
		case size == 8:
			v = endian.Native.Uint64(b)
		}
		switch f.style {
		case fieldU8, fieldU16, fieldU32, fieldU64:
			p.Uint(key, label+" %u ", v)
		case fieldI32:
			p.Int(key, label+" %d ", int64(int32(v)))
		case fieldOnOff:
			printOnOff(p, key, label, v != 0)
		case fieldHex16, fieldHex32:
			printHex(p, key, label, v)
		case fieldTimer:
			// A bridge timer, kept in hundredths of a second (the USER_HZ
			// jiffies iproute2 converts): "name %4i.%.2i ", a bare JSON
			// number.
			secs := itoa(int(int32(v / 100)))
			frac := string([]byte{'.', '0' + byte(v%100/10), '0' + byte(v%10)})
			p.Raw(key, secs+frac, output.FormatText(key+" %4s"+frac+" ", secs))
		case fieldBridgeID, fieldIndex, fieldBondName8, fieldBondName32:
			var text string
			switch f.style {
			case fieldIndex:
				text = s.links.indexToName(int32(v))
			case fieldBridgeID:
				text = bridgeID(b)
			default:
				text = bondName(optChoices[bondChoices[f.attr]], uint32(v))
			}
			p.String(key, label+" %s ", text)
		case fieldSet:
			if v != 0 {
				p.Bool(key, label)
			}
		case fieldPresent:
			p.Bool(key, label)
		}
	}
}

// printOnOff is print_on_off: "label on " or "label off ", a JSON bool.
func printOnOff(p *output.Printer, key, label string, on bool) {
	if p.JSON() {
		p.JSONBool(key, on)
	} else {
		p.Text(label + " " + onOff(on) + " ")
	}
}

// printHex is print_0xhex with "label %#llx ": 0x2a, but 0 for zero, in
// text and as a JSON string alike.
func printHex(p *output.Printer, key, label string, v uint64) {
	text := "0"
	if v != 0 {
		text = hex0x(v)
	}
	p.String(key, label+" %s ", text)
}

// printFlag is print_bool(PRINT_ANY, key, "text ", true).
//
//go:noinline
func printFlag(p *output.Printer, key string) {
	p.Bool(key, key+" ")
}

// bridgeID is br_dump_bridge_id: the two priority bytes in hex, a dot and
// the MAC address the way ether_ntoa writes it (no leading zeros).
func bridgeID(b []byte) string {
	var id [8]byte
	copy(id[:], b)
	out := hexString(id[:2]) + "."
	for i, c := range id[2:] {
		if i > 0 {
			out += ":"
		}
		out += strconv.FormatUint(uint64(c), 16)
	}
	return out
}

// etherProtocolName is ll_proto_n2a for the protocols a VLAN or a bridge's
// VLAN filtering can use; the attribute is in network byte order.
func etherProtocolName(raw uint16) string {
	proto := raw>>8 | raw<<8
	switch {
	case numeric:
	case proto == unix.ETH_P_8021Q:
		return "802.1Q"
	case proto == unix.ETH_P_8021AD:
		return "802.1ad"
	}
	return "[" + itoa(int(proto)) + "]"
}

// ipv4Text formats the first four bytes of b, short ones zero-filled.
func ipv4Text(b []byte) string {
	var a [4]byte
	copy(a[:], b)
	return formatIPv4(a[:])
}

func ipv6Text(b []byte) string {
	var a [16]byte
	copy(a[:], b)
	return formatIPv6(a[:])
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// be16 and be32 read a big-endian (network order) attribute, short ones
// zero-filled; out of line, as inlined copies at their many callers cost
// more than the calls.
//
//go:noinline
func be16(b []byte) uint16 {
	var a [2]byte
	copy(a[:], b)
	return uint16(a[0])<<8 | uint16(a[1])
}

//go:noinline
func be32(b []byte) uint32 {
	var a [4]byte
	copy(a[:], b)
	return uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
}

var vrfFields = [...]field{{unix.IFLA_VRF_TABLE, fieldU32, "table"}}

func printXfrmData(s *session, data nl.Attributes) {
	if data.Has(unix.IFLA_XFRM_COLLECT_METADATA) {
		s.out.Bool("external", "external ")
		return
	}
	if data.Has(unix.IFLA_XFRM_IF_ID) {
		printHex(s.out, "if_id", "if_id", uint64(data.Uint32(unix.IFLA_XFRM_IF_ID)))
	}
}

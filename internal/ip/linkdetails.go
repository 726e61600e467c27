package ip

import (
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// The generic settings -details adds to a link, in the order
// print_linkinfo prints them: the ones before the link's kind, then the
// ones after it.
var (
	detailsBeforeKind = []linkDetail{
		{unix.IFLA_PROMISCUITY, detailU32, "promiscuity", " promiscuity %u "},
		{unix.IFLA_ALLMULTI, detailU32, "allmulti", " allmulti %u "},
		{unix.IFLA_MIN_MTU, detailU32, "min_mtu", "minmtu %u "},
		{unix.IFLA_MAX_MTU, detailU32, "max_mtu", "maxmtu %u "},
	}
	detailsAfterKind = []linkDetail{
		{unix.IFLA_NUM_TX_QUEUES, detailU32, "num_tx_queues", "numtxqueues %u "},
		{unix.IFLA_NUM_RX_QUEUES, detailU32, "num_rx_queues", "numrxqueues %u "},
		{unix.IFLA_GSO_MAX_SIZE, detailU32, "gso_max_size", "gso_max_size %u "},
		{unix.IFLA_GSO_MAX_SEGS, detailU32, "gso_max_segs", "gso_max_segs %u "},
		{unix.IFLA_TSO_MAX_SIZE, detailU32, "tso_max_size", "tso_max_size %u "},
		{unix.IFLA_TSO_MAX_SEGS, detailU32, "tso_max_segs", "tso_max_segs %u "},
		{unix.IFLA_GRO_MAX_SIZE, detailU32, "gro_max_size", "gro_max_size %u "},
		{unix.IFLA_PHYS_PORT_NAME, detailString, "phys_port_name", "portname %s "},
		{unix.IFLA_PHYS_PORT_ID, detailHex, "phys_port_id", "portid %s "},
		{unix.IFLA_PHYS_SWITCH_ID, detailHex, "phys_switch_id", "switchid %s "},
		{unix.IFLA_PARENT_DEV_BUS_NAME, detailString, "parentbus", "parentbus %s "},
		{unix.IFLA_PARENT_DEV_NAME, detailString, "parentdev", "parentdev %s "},
	}
)

// linkDetail is one attribute of a link message that -details prints, as
// a number, a string or hex bytes.
type linkDetail struct {
	attr        uint16
	show        uint8
	key, format string
}

const (
	detailU32 = iota
	detailString
	detailHex
)

func printLinkDetailRows(p *output.Printer, attrs nl.Attributes, details []linkDetail) {
	for _, d := range details {
		if !attrs.Has(d.attr) {
			continue
		}
		switch d.show {
		case detailU32:
			p.Uint(d.key, d.format, uint64(attrs.Uint32(d.attr)))
		case detailString:
			p.String(d.key, d.format, attrs.String(d.attr))
		default:
			p.String(d.key, d.format, hexString(attrs.Bytes(d.attr)))
		}
	}
}

// printLinkDetails prints what -details adds to a link after its
// protodown: the counters, the kind and its data, the IPv6 address
// generation mode (ip link only), the queue and offload limits and where
// the device sits.
func (s *session) printLinkDetails(attrs nl.Attributes, f *linkFilter) {
	p := s.out
	printLinkDetailRows(p, attrs, detailsBeforeKind)
	if attrs.Has(unix.IFLA_LINKINFO) {
		info, _ := attrs.Nested(unix.IFLA_LINKINFO)
		s.printLinkInfo(info)
	}
	if f.doLink {
		if mode, ok := addrGenMode(attrs); ok {
			name := "0x" + hexByteString(mode)
			if int(mode) < len(addrGenModes) {
				name = addrGenModes[mode]
			}
			p.String("inet6_addr_gen_mode", "addrgenmode %s ", name)
		}
	}
	printLinkDetailRows(p, attrs, detailsAfterKind)
}

// printLinkInfo prints IFLA_LINKINFO, iproute2's print_linktype: the kind
// and its data on a line of their own, then the same for the kind of port
// the link is in its master.
func (s *session) printLinkInfo(info nl.Attributes) {
	p := s.out
	p.OpenObject("linkinfo")
	if info.Has(unix.IFLA_INFO_KIND) {
		kind := info.String(unix.IFLA_INFO_KIND)
		p.NL()
		p.String("info_kind", "    %s ", kind)
		s.printKindData(kind, "info_data", info, unix.IFLA_INFO_DATA)
	}
	if info.Has(unix.IFLA_INFO_SLAVE_KIND) {
		kind := info.String(unix.IFLA_INFO_SLAVE_KIND)
		p.NL()
		p.String("info_slave_kind", "    %s_slave ", kind)
		s.printKindData(kind+"_slave", "info_slave_data", info, unix.IFLA_INFO_SLAVE_DATA)
	}
	p.CloseObject()
}

// printKindData prints a kind's IFLA_INFO_DATA (or a port kind's
// IFLA_INFO_SLAVE_DATA) the way that kind's print_opt in iproute2 6.1
// does. Kinds iproute2 has no printer for print nothing, not even an
// empty JSON object; the ones it has print one even without data.
func (s *session) printKindData(kind, key string, info nl.Attributes, attr uint16) {
	printer := kindPrinter(kind)
	if printer == nil {
		return
	}
	s.out.OpenObject(key)
	if info.Has(attr) {
		data, _ := info.Nested(attr)
		printer(s, data)
	}
	s.out.CloseObject()
}

// hexString is iproute2's hexstring_n2a: two lower-case digits a byte.
func hexString(b []byte) string {
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, hexByteString(c)...)
	}
	return string(out)
}

//go:noinline
func hexByteString(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

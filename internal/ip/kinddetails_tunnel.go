package ip

import (
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// The UDP tunnels, vxlan and geneve, as vxlan_print_opt and
// geneve_print_opt print them. Their attributes differ in number but
// several print alike; tunnelAttrs names one kind's. Both number the
// three checksum switches in a row from csum, in tunnelChecksums' order.
type tunnelAttrs struct {
	ttl, ttlInherit, tos, df, label, csum uint16
}

var vxlanAttrs = tunnelAttrs{
	unix.IFLA_VXLAN_TTL, unix.IFLA_VXLAN_TTL_INHERIT, unix.IFLA_VXLAN_TOS, unix.IFLA_VXLAN_DF, unix.IFLA_VXLAN_LABEL,
	unix.IFLA_VXLAN_UDP_CSUM,
}

var geneveAttrs = tunnelAttrs{
	unix.IFLA_GENEVE_TTL, unix.IFLA_GENEVE_TTL_INHERIT, unix.IFLA_GENEVE_TOS, unix.IFLA_GENEVE_DF, unix.IFLA_GENEVE_LABEL,
	unix.IFLA_GENEVE_UDP_CSUM,
}

// tunnelChecksums are the UDP checksum switches: UDP_CSUM,
// UDP_ZERO_CSUM6_TX and UDP_ZERO_CSUM6_RX.
var tunnelChecksums = [3]struct{ key, text string }{
	{"udp_csum", "udpcsum "}, {"udp_zero_csum6_tx", "udp6zerocsumtx "}, {"udp_zero_csum6_rx", "udp6zerocsumrx "},
}

// vxlanFields are the fields vxlan_print_opt prints the plain way, in
// three runs around those it prints its own: two first, four flags, four
// last.
var vxlanFields = [...]field{
	{unix.IFLA_VXLAN_COLLECT_METADATA, fieldSet, "external external "},
	{unix.IFLA_VXLAN_VNIFILTER, fieldSet, "vnifilter"},

	{unix.IFLA_VXLAN_PROXY, fieldSet, "proxy proxy "},
	{unix.IFLA_VXLAN_RSC, fieldSet, "rsc rsc "},
	{unix.IFLA_VXLAN_L2MISS, fieldSet, "l2miss l2miss "},
	{unix.IFLA_VXLAN_L3MISS, fieldSet, "l3miss l3miss "},

	{unix.IFLA_VXLAN_REMCSUM_TX, fieldSet, "remcsum_tx remcsumtx "},
	{unix.IFLA_VXLAN_REMCSUM_RX, fieldSet, "remcsum_rx remcsumrx "},
	{unix.IFLA_VXLAN_GBP, fieldPresent, "gbp gbp "},
	{unix.IFLA_VXLAN_GPE, fieldPresent, "gpe gpe "},
}

func printVxlanData(s *session, data nl.Attributes) {
	p := s.out
	printFields(s, data, vxlanFields[:2]) // external to vnifilter
	if len(data.Bytes(unix.IFLA_VXLAN_ID)) >= 4 {
		p.Uint("id", "id %u ", uint64(data.Uint32(unix.IFLA_VXLAN_ID)))
	}
	if b := data.Bytes(unix.IFLA_VXLAN_GROUP); b != nil {
		switch addr := be32(b); {
		case addr == 0:
		case addr>>28 == 0xe:
			p.String("group", "group %s ", ipv4Text(b))
		default:
			p.String("remote", "remote %s ", ipv4Text(b))
		}
	} else if b := data.Bytes(unix.IFLA_VXLAN_GROUP6); b != nil && !isZero(b[:min(len(b), 16)]) {
		if b[0] == 0xff {
			p.String("group6", "group %s ", ipv6Text(b))
		} else {
			p.String("remote6", "remote %s ", ipv6Text(b))
		}
	}
	if b := data.Bytes(unix.IFLA_VXLAN_LOCAL); b != nil {
		if be32(b) != 0 {
			p.String("local", "local %s ", ipv4Text(b))
		}
	} else if b := data.Bytes(unix.IFLA_VXLAN_LOCAL6); b != nil && !isZero(b[:min(len(b), 16)]) {
		p.String("local6", "local %s ", ipv6Text(b))
	}
	if link := data.Uint32(unix.IFLA_VXLAN_LINK); link != 0 {
		p.String("link", "dev %s ", s.links.indexToName(int32(link)))
	}
	if b := data.Bytes(unix.IFLA_VXLAN_PORT_RANGE); b != nil {
		var r [4]byte
		copy(r[:], b)
		low, high := be16(r[:2]), be16(r[2:])
		p.OpenObject("port_range")
		p.Uint("low", "srcport %u ", uint64(low))
		p.Uint("high", "%u ", uint64(high))
		p.CloseObject()
	}
	if b := data.Bytes(unix.IFLA_VXLAN_PORT); b != nil {
		p.Uint("port", "dstport %u ", uint64(be16(b)))
	}
	if data.Has(unix.IFLA_VXLAN_LEARNING) {
		learning := data.Uint8(unix.IFLA_VXLAN_LEARNING) != 0
		p.JSONBool("learning", learning)
		if !learning {
			p.Text("nolearning ")
		}
	}
	printFields(s, data, vxlanFields[2:6]) // proxy to l3miss
	printTunnelTos(p, data.Uint8(vxlanAttrs.tos))
	printTunnelTTL(p, data, &vxlanAttrs)
	printTunnelDF(p, data, &vxlanAttrs)
	printTunnelLabel(p, data, &vxlanAttrs)
	if data.Has(unix.IFLA_VXLAN_AGEING) {
		age, format := data.Uint32(unix.IFLA_VXLAN_AGEING), "ageing %u "
		if age == 0 {
			format = "ageing none "
		}
		p.Uint("ageing", format, uint64(age))
	}
	if limit := data.Uint32(unix.IFLA_VXLAN_LIMIT); limit != 0 {
		p.Uint("limit", "maxaddr %u ", uint64(limit))
	}
	printTunnelChecksums(p, data, &vxlanAttrs)
	printFields(s, data, vxlanFields[6:]) // remcsum_tx to gpe
}

func printGeneveData(s *session, data nl.Attributes) {
	p := s.out
	if data.Has(unix.IFLA_GENEVE_COLLECT_METADATA) {
		printFlag(p, "external")
	}
	if len(data.Bytes(unix.IFLA_GENEVE_ID)) >= 4 {
		p.Uint("id", "id %u ", uint64(data.Uint32(unix.IFLA_GENEVE_ID)))
	}
	if b := data.Bytes(unix.IFLA_GENEVE_REMOTE); b != nil {
		if be32(b) != 0 {
			p.String("remote", "remote %s ", ipv4Text(b))
		}
	} else if b := data.Bytes(unix.IFLA_GENEVE_REMOTE6); b != nil && !isZero(b[:min(len(b), 16)]) && b[0] != 0xff {
		p.String("remote6", "remote %s ", ipv6Text(b))
	}
	printTunnelTTL(p, data, &geneveAttrs)
	printTunnelTos(p, data.Uint8(geneveAttrs.tos))
	printTunnelDF(p, data, &geneveAttrs)
	printTunnelLabel(p, data, &geneveAttrs)
	if b := data.Bytes(unix.IFLA_GENEVE_PORT); b != nil {
		p.Uint("port", "dstport %u ", uint64(be16(b)))
	}
	printTunnelChecksums(p, data, &geneveAttrs)
	if data.Has(unix.IFLA_GENEVE_INNER_PROTO_INHERIT) {
		p.Bool("inner_proto_inherit", "innerprotoinherit ")
	}
}

// printTunnelTos: nothing for 0, "inherit" for 1 in text, else hex; the
// UDP and the IPv4 tunnels alike.
func printTunnelTos(p *output.Printer, tos uint8) {
	switch {
	case tos == 0:
	case tos == 1 && !p.JSON():
		p.Text("tos inherit ")
	default:
		printHex(p, "tos", "tos", uint64(tos))
	}
}

// printTunnelTTL: "inherit", "auto" for 0 in text, else the number.
func printTunnelTTL(p *output.Printer, data nl.Attributes, a *tunnelAttrs) {
	switch {
	case data.Uint8(a.ttlInherit) != 0:
		p.Text("ttl inherit ")
	case !data.Has(a.ttl):
	case data.Uint8(a.ttl) == 0 && !p.JSON():
		p.Text("ttl auto ")
	default:
		p.Uint("ttl", "ttl %u ", uint64(data.Uint8(a.ttl)))
	}
}

// tunnelDFModes are the df settings of vxlan and geneve by number.
var tunnelDFModes = [...]string{"unset", "set", "inherit"}

// printTunnelDF: unset (JSON only), set or inherit.
func printTunnelDF(p *output.Printer, data nl.Attributes, a *tunnelAttrs) {
	if !data.Has(a.df) {
		return
	}
	switch df := data.Uint8(a.df); {
	case df == 0:
		p.JSONString("df", tunnelDFModes[0])
	case int(df) < len(tunnelDFModes):
		p.String("df", "df %s ", tunnelDFModes[df])
	}
}

func printTunnelLabel(p *output.Printer, data nl.Attributes, a *tunnelAttrs) {
	if label := be32(data.Bytes(a.label)); label != 0 {
		printHex(p, "label", "flowlabel", uint64(label))
	}
}

// printTunnelChecksums prints the three UDP checksum switches: "udpcsum "
// or "noudpcsum " and the like in text, JSON bools.
func printTunnelChecksums(p *output.Printer, data nl.Attributes, a *tunnelAttrs) {
	for i, c := range &tunnelChecksums {
		attr := a.csum + uint16(i)
		if !data.Has(attr) {
			continue
		}
		on := data.Uint8(attr) != 0
		p.JSONBool(c.key, on)
		if !on {
			p.Text("no")
		}
		p.Text(c.text)
	}
}

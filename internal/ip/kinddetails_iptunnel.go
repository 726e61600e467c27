package ip

import (
	"strconv"

	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// The IP tunnels: ipip and sit, ip6tnl, the gre kinds over IPv4 and IPv6,
// vti and vti6, as iproute2 6.1's print_opt of each prints them with the
// helpers of its ip/tunnel.c. Their printers differ in what they print
// between the endpoints and the encapsulation; what they share is
// written once here.

// ipTunnelKind is where a family of tunnels keeps the attributes the
// printers share (IFLA_IPTUN_*, IFLA_GRE_* and IFLA_VTI_* number them
// differently; 0 for one it lacks), the family of its endpoints and
// which of tunnelModes it prints (0 for kinds without IFLA_IPTUN_PROTO).
type ipTunnelKind struct {
	family                                         int
	modes                                          tunnelKinds
	metadata, remote, local, link, ttl             uint16
	flags, flowinfo, encapLimit, fwmark, encapType uint16
}

var (
	ipipKind = ipTunnelKind{
		family: unix.AF_INET, metadata: iptunCollectMetadata, remote: iptunRemote, local: iptunLocal,
		link: iptunLink, ttl: iptunTTL, fwmark: iptunFwmark, encapType: iptunEncapType,
		modes: tunnelIPIP | tunnelSit,
	}
	ip6tnlKind = ipTunnelKind{
		family: unix.AF_INET6, metadata: iptunCollectMetadata, remote: iptunRemote, local: iptunLocal,
		link: iptunLink, ttl: iptunTTL, flags: iptunFlags, flowinfo: iptunFlowinfo, encapLimit: iptunEncapLimit,
		fwmark: iptunFwmark, encapType: iptunEncapType,
		modes: tunnelIP6,
	}
	greKind = ipTunnelKind{
		family: unix.AF_INET, metadata: greCollectMetadata, remote: greRemote, local: greLocal,
		link: greLink, ttl: greTTL, fwmark: greFwmark, encapType: greEncapType,
	}
	gre6Kind = ipTunnelKind{
		family: unix.AF_INET6, metadata: greCollectMetadata, remote: greRemote, local: greLocal,
		link: greLink, ttl: greTTL, flags: greFlags, flowinfo: greFlowinfo, encapLimit: greEncapLimit,
		fwmark: greFwmark, encapType: greEncapType,
	}
	vtiKind  = ipTunnelKind{family: unix.AF_INET, remote: vtiRemote, local: vtiLocal, link: vtiLink, fwmark: vtiFwmark}
	vti6Kind = ipTunnelKind{family: unix.AF_INET6, remote: vtiRemote, local: vtiLocal, link: vtiLink, fwmark: vtiFwmark}
)

// ipipKind's printer: ipip and sit.
func printIPTunnelData(s *session, data nl.Attributes) {
	p := s.out
	s.printTunnelHead(data, &ipipKind)
	printHopLimit(p, data, &ipipKind)
	printTunnelTos(p, data.Uint8(iptunTOS))
	printPMTUDisc(p, data.Uint8(iptunPMTUDisc) != 0, "pmtudisc ")
	if data.Uint16(iptunFlags)&sitISATAP != 0 {
		printFlag(p, "isatap")
	}
	if prefixLen := data.Uint16(iptun6rdPrefixLen); prefixLen != 0 {
		p.String("prefix", "6rd-prefix %s", ipv6Text(data.Bytes(iptun6rdPrefix)))
		p.Uint("prefixlen", "/%u ", uint64(prefixLen))
		if relay := data.Uint32(iptun6rdRelayPrefix); relay != 0 {
			var addr [4]byte
			copy(addr[:], data.Bytes(iptun6rdRelayPrefix))
			p.String("relay_prefix", "6rd-relay_prefix %s", s.formatHost(unix.AF_INET, addr[:]))
			p.Uint("relay_prefixlen", "/%u ", uint64(data.Uint16(iptun6rdRelayPrefixLen)))
		}
	}
	printTunnelFwmark(p, data, &ipipKind, 0)
	printTunnelEncap(p, data, ipipKind.encapType)
}

func printIP6TunnelData(s *session, data nl.Attributes) {
	p := s.out
	flags := data.Uint32(ip6tnlKind.flags)
	s.printTunnelHead(data, &ip6tnlKind)
	printHopLimit(p, data, &ip6tnlKind)
	printIP6TunnelFlow(p, data, &ip6tnlKind, flags)
	printIP6TunnelFlags(p, flags, ip6tnlMIP6Dev|ip6tnlAllowLocalRemot)
	printTunnelFwmark(p, data, &ip6tnlKind, flags)
	printTunnelEncap(p, data, ip6tnlKind.encapType)
}

// printGreData prints gre, gretap and erspan over IPv4 (greKind) or IPv6
// (gre6Kind). The IPv4 ones have no flags: neither flag prints there.
func printGreData(s *session, data nl.Attributes, k *ipTunnelKind) {
	p := s.out
	s.printTunnelHead(data, k)
	printHopLimit(p, data, k)
	var flags uint32
	if k.family == unix.AF_INET6 {
		flags = data.Uint32(k.flags)
		printIP6TunnelFlow(p, data, k, flags)
	} else {
		printTunnelTos(p, data.Uint8(greTOS))
		if data.Has(grePMTUDisc) {
			printPMTUDisc(p, data.Uint8(grePMTUDisc) != 0, "")
		}
		if data.Uint8(greIgnoreDF) != 0 {
			p.Bool("ignore_df", "ignore-df ")
		}
	}
	iflags, oflags := be16(data.Bytes(greIFlags)), be16(data.Bytes(greOFlags))
	printTunnelKey(p, data, greIKey, "ikey", iflags&greFlagKey != 0)
	printTunnelKey(p, data, greOKey, "okey", oflags&greFlagKey != 0)
	for _, f := range &greFlagNames {
		if f.flag&iflags != 0 && f.in || f.flag&oflags != 0 && !f.in {
			printFlag(p, f.name)
		}
	}
	printIP6TunnelFlags(p, flags, ip6tnlAllowLocalRemot)
	printTunnelFwmark(p, data, k, flags)
	printFields(s, data, greErspanFields[:2]) // erspan_index to erspan_ver
	if data.Has(greErspanDir) {
		dir := "ingress"
		if data.Uint8(greErspanDir) != 0 {
			dir = "egress"
		}
		p.String("erspan_dir", "erspan_dir %s ", dir)
	}
	printFields(s, data, greErspanFields[2:]) // erspan_hwid
	printTunnelEncap(p, data, k.encapType)
}

// greErspanFields are erspan's settings printed the plain way, those
// before its direction and after.
var greErspanFields = [...]field{
	{greErspanIndex, fieldU32, "erspan_index"},
	{greErspanVer, fieldU8, "erspan_ver"},
	{greErspanHwid, fieldHex16, "erspan_hwid"},
}

// greFlagNames are the sequence and checksum flags of either direction.
var greFlagNames = [...]struct {
	flag uint16
	in   bool
	name string
}{{greFlagSeq, true, "iseq"}, {greFlagSeq, false, "oseq"}, {greFlagCsum, true, "icsum"}, {greFlagCsum, false, "ocsum"}}

// printVtiData prints vti (vtiKind) and vti6 (vti6Kind): their keys show
// when not zero.
func printVtiData(s *session, data nl.Attributes, k *ipTunnelKind) {
	s.printTunnelHead(data, k)
	printTunnelKey(s.out, data, vtiIKey, "ikey", data.Uint32(vtiIKey) != 0)
	printTunnelKey(s.out, data, vtiOKey, "okey", data.Uint32(vtiOKey) != 0)
	printTunnelFwmark(s.out, data, k, 0)
}

// printTunnelHead prints what every IP tunnel starts with: external, the
// mode, the endpoints (tnl_print_endpoint) and the lower device.
func (s *session) printTunnelHead(data nl.Attributes, k *ipTunnelKind) {
	p := s.out
	if k.metadata != 0 && data.Has(k.metadata) {
		printFlag(p, "external")
	}
	if k.modes != 0 && data.Has(iptunProto) {
		proto := data.Uint8(iptunProto)
		for _, m := range &tunnelModes {
			if m.printed && m.kinds&k.modes != 0 && m.proto == proto {
				p.String("proto", "%s ", m.name)
			}
		}
	}
	s.printTunnelEndpoint("remote", data.Bytes(k.remote), k.family)
	s.printTunnelEndpoint("local", data.Bytes(k.local), k.family)
	if link := data.Uint32(k.link); link != 0 {
		p.String("link", "dev %s ", s.links.indexToName(int32(link)))
	}
}

// printTunnelEndpoint: "any" when absent or all zeros, "unknown" when not
// an address of family.
func (s *session) printTunnelEndpoint(name string, addr []byte, family int) {
	size := 4
	if family == unix.AF_INET6 {
		size = 16
	}
	value := "any"
	switch {
	case addr == nil:
	case len(addr) != size:
		value = "unknown"
	case !isZero(addr):
		value = s.formatHost(family, addr)
	}
	s.out.String(name, name+" %s ", value)
}

// printHopLimit: "ttl" over IPv4, "hoplimit" over IPv6; 0 is inherit in
// text and 0 in JSON.
func printHopLimit(p *output.Printer, data nl.Attributes, k *ipTunnelKind) {
	format, inherit := "ttl %u ", "ttl inherit "
	if k.family == unix.AF_INET6 {
		format, inherit = "hoplimit %u ", "hoplimit inherit "
	}
	if ttl := data.Uint8(k.ttl); ttl != 0 || p.JSON() {
		p.Uint("ttl", format, uint64(ttl))
	} else {
		p.Text(inherit)
	}
}

// printPMTUDisc prints path MTU discovery: "nopmtudisc " when off, onText
// when on; a JSON bool.
func printPMTUDisc(p *output.Printer, on bool, onText string) {
	if on {
		p.Bool("pmtudisc", onText)
	} else {
		p.JSONBool("pmtudisc", false)
		p.Text("nopmtudisc ")
	}
}

// printTunnelKey prints a key as the dotted quad inet_ntop makes of it,
// when show.
func printTunnelKey(p *output.Printer, data nl.Attributes, attr uint16, name string, show bool) {
	if show && data.Has(attr) {
		p.String(name, name+" %s ", ipv4Text(data.Bytes(attr)))
	}
}

// ip6TunnelFlagNames are the IPv6 tunnels' flags (IP6_TNL_F_*) as they
// print; several stand for a value that is inherited.
var ip6TunnelFlagNames = [...]struct {
	flag      uint32
	key, text string
}{
	{ip6tnlIgnEncapLimit, "ip6_tnl_f_ign_encap_limit", "encaplimit none "},
	{ip6tnlUseOrigTclass, "ip6_tnl_f_use_orig_tclass", "tclass inherit "},
	{ip6tnlUseOrigFlowlbl, "ip6_tnl_f_use_orig_flowlabel", "flowlabel inherit "},
	{ip6tnlRcvDSCPCopy, "ip6_tnl_f_rcv_dscp_copy", "dscp inherit "},
	{ip6tnlMIP6Dev, "ip6_tnl_f_mip6_dev", "mip6 "},
	{ip6tnlAllowLocalRemot, "ip6_tnl_f_allow_local_remote", "allow-localremote "},
	{ip6tnlUseOrigFwmark, "ip6_tnl_f_use_orig_fwmark", "fwmark inherit "},
}

// printIP6TunnelFlags prints those of flags in mask, in their order; false
// when none is set.
func printIP6TunnelFlags(p *output.Printer, flags, mask uint32) bool {
	printed := false
	for _, f := range &ip6TunnelFlagNames {
		if f.flag&mask&flags != 0 {
			p.Bool(f.key, f.text)
			printed = true
		}
	}
	return printed
}

// printIP6TunnelFlow prints the encapsulation limit, the traffic class and
// the flow label, each inherited or the value, and dscp inherit.
func printIP6TunnelFlow(p *output.Printer, data nl.Attributes, k *ipTunnelKind, flags uint32) {
	if !printIP6TunnelFlags(p, flags, ip6tnlIgnEncapLimit) && data.Has(k.encapLimit) {
		p.Uint("encap_limit", "encaplimit %u ", uint64(data.Uint8(k.encapLimit)))
	}
	flowinfo := data.Bytes(k.flowinfo)
	if !printIP6TunnelFlags(p, flags, ip6tnlUseOrigTclass) && flowinfo != nil {
		p.String("tclass", "tclass %s ", "0x"+hexByteString(byte(be32(flowinfo)&flowinfoTclass>>20)))
	}
	if !printIP6TunnelFlags(p, flags, ip6tnlUseOrigFlowlbl) && flowinfo != nil {
		label := strconv.FormatUint(uint64(be32(flowinfo)&flowinfoFlowlabel), 16)
		p.String("flowlabel", "flowlabel %s ", output.FormatText("0x%05s", label))
	}
	printIP6TunnelFlags(p, flags, ip6tnlRcvDSCPCopy)
}

// printTunnelFwmark: "fwmark inherit" when flags say so, else the mark
// in hex unless it is 0.
func printTunnelFwmark(p *output.Printer, data nl.Attributes, k *ipTunnelKind, flags uint32) {
	if !printIP6TunnelFlags(p, flags, ip6tnlUseOrigFwmark) {
		if mark := data.Uint32(k.fwmark); mark != 0 {
			printHex(p, "fwmark", "fwmark", uint64(mark))
		}
	}
}

// tunnelEncapFlags are the flags of a FOU or GUE encapsulation, as
// tnl_print_encap names them.
var tunnelEncapFlags = [...]struct {
	flag uint16
	name string
}{{encapFlagCsum, "csum"}, {encapFlagCsum6, "csum6"}, {encapFlagRemCsum, "remcsum"}}

// encapTypes are the UDP encapsulations by number (TUNNEL_ENCAP_*).
var encapTypes = [...]string{"none", "fou", "gue"}

// printTunnelEncap is tnl_print_encap: the UDP encapsulation, from the
// four attributes numbered from typeAttr on, the ports in network order.
func printTunnelEncap(p *output.Printer, data nl.Attributes, typeAttr uint16) {
	typ := data.Uint16(typeAttr)
	if typ == 0 {
		return
	}
	flags := data.Uint16(typeAttr + 1)
	sport, dport := be16(data.Bytes(typeAttr+2)), be16(data.Bytes(typeAttr+3))
	p.OpenObject("encap")
	p.Text("encap ")
	if int(typ) < len(encapTypes) {
		p.String("type", "%s ", encapTypes[typ])
	} else {
		p.Null("type", "unknown ")
	}
	// A source port of 0 is auto in text, 0 in JSON.
	if sport == 0 && !p.JSON() {
		p.Text("encap-sport auto ")
	} else {
		p.Uint("sport", "encap-sport %u ", uint64(sport))
	}
	p.Uint("dport", "encap-dport %u ", uint64(dport))
	for _, f := range &tunnelEncapFlags {
		on := flags&f.flag != 0
		p.JSONBool(f.name, on)
		if !on {
			p.Text("no")
		}
		p.Text("encap-" + f.name + " ")
	}
	p.CloseObject()
}

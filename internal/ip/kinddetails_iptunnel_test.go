package ip

import (
	"testing"

	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

// This machine's kernel has none of the IP tunnels; the initramfs kinds
// suite compares them with ip under Debian's kernel. These cases carry
// what the kernel sends (the first of each kind copied from that suite's
// runs) and the corners no kernel setting reaches: unknown encapsulations,
// endpoints of the wrong size, flags a kind does not print.

var (
	fd00x1  = []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	fd00x11 = []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11}
	fd00x12 = []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12}
)

// encapAttrs adds the four encapsulation attributes from typeAttr on.
func encapAttrs(ae *nl.AttributeEncoder, typeAttr, typ, flags, sport, dport uint16) {
	ae.Uint16(typeAttr, typ)
	ae.Uint16(typeAttr+1, flags)
	ae.Bytes(typeAttr+2, bigEndian16(sport))
	ae.Bytes(typeAttr+3, bigEndian16(dport))
}

func TestIPTunnelDetails(t *testing.T) {
	testenv.SkipOnBigEndian(t)
	tests := []detailsCase{
		{
			name: "ipip",
			info: linkInfo("ipip", func(ae *nl.AttributeEncoder) {
				ae.Uint32(iptunLink, 2)
				ae.Bytes(iptunLocal, []byte{10, 0, 0, 2})
				ae.Bytes(iptunRemote, []byte{10, 0, 0, 1})
				ae.Uint8(iptunTTL, 3)
				ae.Uint8(iptunTOS, 0x10)
				ae.Uint8(iptunProto, 0)
				ae.Uint8(iptunPMTUDisc, 1)
				ae.Uint16(iptunFlags, 0)
				encapAttrs(ae, iptunEncapType, 0, 0, 0, 0)
				ae.Uint32(iptunFwmark, 7)
			}, "", nil),
			text: "\n    ipip any remote 10.0.0.1 local 10.0.0.2 dev eth0 ttl 3 tos 0x10 pmtudisc fwmark 0x7 ",
			json: `"linkinfo":{"info_kind":"ipip","info_data":{"proto":"any","remote":"10.0.0.1","local":"10.0.0.2","link":"eth0",` +
				`"ttl":3,"tos":"0x10","pmtudisc":true,"fwmark":"0x7"}}`,
		},
		{
			name: "ipip external",
			info: linkInfo("ipip", func(ae *nl.AttributeEncoder) {
				ae.Uint8(iptunProto, unix.IPPROTO_IPIP)
				ae.Bytes(iptunCollectMetadata, nil)
			}, "", nil),
			text: "\n    ipip external ipip remote any local any ttl inherit nopmtudisc ",
			json: `"linkinfo":{"info_kind":"ipip","info_data":{"external":true,"proto":"ipip","remote":"any","local":"any","ttl":0,"pmtudisc":false}}`,
		},
		{
			name: "sit with isatap, 6rd and a GUE encapsulation",
			info: linkInfo("sit", func(ae *nl.AttributeEncoder) {
				ae.Bytes(iptunLocal, []byte{0, 0, 0, 0})
				ae.Uint8(iptunTOS, 1)
				ae.Uint8(iptunProto, unix.IPPROTO_MPLS)
				ae.Uint8(iptunPMTUDisc, 0)
				ae.Uint16(iptunFlags, sitISATAP)
				ae.Bytes(iptun6rdPrefix, []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
				ae.Bytes(iptun6rdRelayPrefix, []byte{10, 1, 0, 0})
				ae.Uint16(iptun6rdPrefixLen, 32)
				ae.Uint16(iptun6rdRelayPrefixLen, 16)
				encapAttrs(ae, iptunEncapType, 2, encapFlagRemCsum, 4000, 6000)
			}, "", nil),
			text: "\n    sit mplsip remote any local any ttl inherit tos inherit nopmtudisc isatap 6rd-prefix 2001:db8::/32 " +
				"6rd-relay_prefix 10.1.0.0/16 encap gue encap-sport 4000 encap-dport 6000 noencap-csum noencap-csum6 encap-remcsum ",
			json: `"linkinfo":{"info_kind":"sit","info_data":{"proto":"mplsip","remote":"any","local":"any","ttl":0,"tos":"0x1",` +
				`"pmtudisc":false,"isatap":true,"prefix":"2001:db8::","prefixlen":32,"relay_prefix":"10.1.0.0","relay_prefixlen":16,` +
				`"encap":{"type":"gue","sport":4000,"dport":6000,"csum":false,"csum6":false,"remcsum":true}}}`,
		},
		{
			name: "sit's fallback device: 6rd without a relay",
			info: linkInfo("sit", func(ae *nl.AttributeEncoder) {
				ae.Uint8(iptunTTL, 64)
				ae.Uint8(iptunProto, unix.IPPROTO_IPV6)
				ae.Bytes(iptun6rdPrefix, []byte{0x20, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
				ae.Bytes(iptun6rdRelayPrefix, []byte{0, 0, 0, 0})
				ae.Uint16(iptun6rdPrefixLen, 16)
				ae.Uint16(iptun6rdRelayPrefixLen, 0)
			}, "", nil),
			text: "\n    sit ip6ip remote any local any ttl 64 nopmtudisc 6rd-prefix 2002::/16 ",
			json: `"linkinfo":{"info_kind":"sit","info_data":{"proto":"ip6ip","remote":"any","local":"any","ttl":64,"pmtudisc":false,` +
				`"prefix":"2002::","prefixlen":16}}`,
		},
		{
			name: "ip6tnl",
			info: linkInfo("ip6tnl", func(ae *nl.AttributeEncoder) {
				ae.Uint32(iptunLink, 2)
				ae.Bytes(iptunLocal, fd00x12)
				ae.Bytes(iptunRemote, fd00x11)
				ae.Uint8(iptunTTL, 3)
				ae.Uint8(iptunEncapLimit, 4)
				ae.Bytes(iptunFlowinfo, []byte{0x02, 0x81, 0x23, 0x45})
				ae.Uint32(iptunFlags, ip6tnlIgnEncapLimit|ip6tnlRcvDSCPCopy)
				ae.Uint8(iptunProto, unix.IPPROTO_IPIP)
				encapAttrs(ae, iptunEncapType, 0, encapFlagCsum6, 0, 0)
				ae.Uint32(iptunFwmark, 5)
			}, "", nil),
			text: "\n    ip6tnl ipip6 remote fd00::11 local fd00::12 dev eth0 hoplimit 3 encaplimit none tclass 0x28 flowlabel 0x12345 dscp inherit fwmark 0x5 ",
			json: `"linkinfo":{"info_kind":"ip6tnl","info_data":{"proto":"ipip6","remote":"fd00::11","local":"fd00::12","link":"eth0","ttl":3,` +
				`"ip6_tnl_f_ign_encap_limit":true,"tclass":"0x28","flowlabel":"0x12345","ip6_tnl_f_rcv_dscp_copy":true,"fwmark":"0x5"}}`,
		},
		{
			name: "ip6tnl with every flag, a short local address and an unknown encapsulation",
			info: linkInfo("ip6tnl", func(ae *nl.AttributeEncoder) {
				ae.Bytes(iptunCollectMetadata, nil)
				ae.Bytes(iptunLocal, []byte{10, 0, 0, 1})
				ae.Bytes(iptunRemote, fd00x1)
				ae.Uint8(iptunEncapLimit, 4)
				ae.Bytes(iptunFlowinfo, []byte{0x0f, 0xff, 0xff, 0xff})
				ae.Uint32(iptunFlags, 0x7f)
				ae.Uint8(iptunProto, unix.IPPROTO_IPV6)
				encapAttrs(ae, iptunEncapType, 9, 0, 0, 0)
				ae.Uint32(iptunFwmark, 5)
			}, "", nil),
			text: "\n    ip6tnl external ip6ip6 remote fd00::1 local unknown hoplimit inherit encaplimit none tclass inherit flowlabel inherit " +
				"dscp inherit mip6 allow-localremote fwmark inherit encap unknown encap-sport auto encap-dport 0 noencap-csum noencap-csum6 noencap-remcsum ",
			json: `"linkinfo":{"info_kind":"ip6tnl","info_data":{"external":true,"proto":"ip6ip6","remote":"fd00::1","local":"unknown","ttl":0,` +
				`"ip6_tnl_f_ign_encap_limit":true,"ip6_tnl_f_use_orig_tclass":true,"ip6_tnl_f_use_orig_flowlabel":true,"ip6_tnl_f_rcv_dscp_copy":true,` +
				`"ip6_tnl_f_mip6_dev":true,"ip6_tnl_f_allow_local_remote":true,"ip6_tnl_f_use_orig_fwmark":true,` +
				`"encap":{"type":null,"sport":0,"dport":0,"csum":false,"csum6":false,"remcsum":false}}}`,
		},
		{
			name: "gre with keys, sequence numbers and checksums",
			info: linkInfo("gre", func(ae *nl.AttributeEncoder) {
				ae.Uint32(greLink, 2)
				ae.Bytes(greIFlags, bigEndian16(greFlagKey|greFlagSeq|greFlagCsum))
				ae.Bytes(greOFlags, bigEndian16(greFlagKey|greFlagCsum))
				ae.Bytes(greIKey, []byte{1, 2, 3, 4})
				ae.Bytes(greOKey, []byte{0, 0, 0, 5})
				ae.Bytes(greLocal, []byte{10, 2, 0, 2})
				ae.Bytes(greRemote, []byte{10, 2, 0, 1})
				ae.Uint8(greTTL, 0)
				ae.Uint8(greTOS, 1)
				ae.Uint8(grePMTUDisc, 0)
				encapAttrs(ae, greEncapType, 0, 0, 0, 0)
				ae.Uint8(greIgnoreDF, 1)
				ae.Uint32(greFwmark, 3)
			}, "", nil),
			text: "\n    gre remote 10.2.0.1 local 10.2.0.2 dev eth0 ttl inherit tos inherit nopmtudisc ignore-df ikey 1.2.3.4 okey 0.0.0.5 " +
				"iseq icsum ocsum fwmark 0x3 ",
			json: `"linkinfo":{"info_kind":"gre","info_data":{"remote":"10.2.0.1","local":"10.2.0.2","link":"eth0","ttl":0,"tos":"0x1",` +
				`"pmtudisc":false,"ignore_df":true,"ikey":"1.2.3.4","okey":"0.0.0.5","iseq":true,"icsum":true,"ocsum":true,"fwmark":"0x3"}}`,
		},
		{
			name: "gretap over FOU: path MTU discovery on prints in JSON only",
			info: linkInfo("gretap", func(ae *nl.AttributeEncoder) {
				ae.Bytes(greIFlags, []byte{0, 0})
				ae.Bytes(greOFlags, bigEndian16(greFlagSeq))
				ae.Bytes(greIKey, []byte{0, 0, 0, 7})
				ae.Bytes(greLocal, []byte{10, 2, 0, 12})
				ae.Bytes(greRemote, []byte{10, 2, 0, 11})
				ae.Uint8(greTTL, 9)
				ae.Uint8(grePMTUDisc, 1)
				ae.Uint8(greIgnoreDF, 0)
				encapAttrs(ae, greEncapType, 1, encapFlagCsum|encapFlagCsum6, 7001, 7002)
			}, "", nil),
			text: "\n    gretap remote 10.2.0.11 local 10.2.0.12 ttl 9 oseq encap fou encap-sport 7001 encap-dport 7002 encap-csum encap-csum6 noencap-remcsum ",
			json: `"linkinfo":{"info_kind":"gretap","info_data":{"remote":"10.2.0.11","local":"10.2.0.12","ttl":9,"pmtudisc":true,"oseq":true,` +
				`"encap":{"type":"fou","sport":7001,"dport":7002,"csum":true,"csum6":true,"remcsum":false}}}`,
		},
		{
			name: "erspan version 2",
			info: linkInfo("erspan", func(ae *nl.AttributeEncoder) {
				ae.Bytes(greIFlags, bigEndian16(greFlagKey|greFlagSeq))
				ae.Bytes(greOFlags, bigEndian16(greFlagKey|greFlagSeq))
				ae.Bytes(greIKey, []byte{0, 0, 0, 10})
				ae.Bytes(greOKey, []byte{0, 0, 0, 10})
				ae.Bytes(greLocal, []byte{10, 2, 0, 8})
				ae.Bytes(greRemote, []byte{10, 2, 0, 7})
				ae.Uint8(grePMTUDisc, 1)
				ae.Uint8(greErspanVer, 2)
				ae.Uint8(greErspanDir, 1)
				ae.Uint16(greErspanHwid, 7)
			}, "", nil),
			text: "\n    erspan remote 10.2.0.7 local 10.2.0.8 ttl inherit ikey 0.0.0.10 okey 0.0.0.10 iseq oseq erspan_ver 2 erspan_dir egress erspan_hwid 0x7 ",
			json: `"linkinfo":{"info_kind":"erspan","info_data":{"remote":"10.2.0.7","local":"10.2.0.8","ttl":0,"pmtudisc":true,` +
				`"ikey":"0.0.0.10","okey":"0.0.0.10","iseq":true,"oseq":true,"erspan_ver":2,"erspan_dir":"egress","erspan_hwid":"0x7"}}`,
		},
		{
			name: "ip6gre's fallback device",
			info: linkInfo("ip6gre", func(ae *nl.AttributeEncoder) {
				ae.Uint32(greLink, 0)
				ae.Bytes(greIFlags, []byte{0, 0})
				ae.Bytes(greOFlags, []byte{0, 0})
				ae.Bytes(greIKey, []byte{0, 0, 0, 0})
				ae.Bytes(greOKey, []byte{0, 0, 0, 0})
				ae.Bytes(greLocal, make([]byte, 16))
				ae.Bytes(greRemote, make([]byte, 16))
				ae.Uint8(greTTL, 0)
				ae.Uint8(greEncapLimit, 0)
				ae.Bytes(greFlowinfo, []byte{0, 0, 0, 0})
				ae.Uint32(greFlags, 0)
				encapAttrs(ae, greEncapType, 0, 0, 0, 0)
				ae.Uint32(greFwmark, 0)
			}, "", nil),
			text: "\n    ip6gre remote any local any hoplimit inherit encaplimit 0 tclass 0x00 flowlabel 0x00000 ",
			json: `"linkinfo":{"info_kind":"ip6gre","info_data":{"remote":"any","local":"any","ttl":0,"encap_limit":0,"tclass":"0x00","flowlabel":"0x00000"}}`,
		},
		{
			name: "ip6erspan: the flags ip6gre prints, not mip6",
			info: linkInfo("ip6erspan", func(ae *nl.AttributeEncoder) {
				ae.Bytes(greIFlags, bigEndian16(greFlagKey))
				ae.Bytes(greOFlags, bigEndian16(greFlagSeq))
				ae.Bytes(greIKey, []byte{0, 0, 0, 1})
				ae.Bytes(greOKey, []byte{0, 0, 0, 2})
				ae.Bytes(greRemote, fd00x1)
				ae.Uint8(greTTL, 64)
				ae.Uint8(greEncapLimit, 4)
				ae.Bytes(greFlowinfo, []byte{0x00, 0x0a, 0xbc, 0xde})
				ae.Uint32(greFlags, ip6tnlUseOrigTclass|ip6tnlMIP6Dev|ip6tnlAllowLocalRemot|ip6tnlUseOrigFwmark)
				ae.Uint32(greFwmark, 9)
				ae.Uint32(greErspanIndex, 7)
				ae.Uint8(greErspanVer, 1)
			}, "", nil),
			text: "\n    ip6erspan remote fd00::1 local any hoplimit 64 encaplimit 4 tclass inherit flowlabel 0xabcde ikey 0.0.0.1 oseq " +
				"allow-localremote fwmark inherit erspan_index 7 erspan_ver 1 ",
			json: `"linkinfo":{"info_kind":"ip6erspan","info_data":{"remote":"fd00::1","local":"any","ttl":64,"encap_limit":4,` +
				`"ip6_tnl_f_use_orig_tclass":true,"flowlabel":"0xabcde","ikey":"0.0.0.1","oseq":true,"ip6_tnl_f_allow_local_remote":true,` +
				`"ip6_tnl_f_use_orig_fwmark":true,"erspan_index":7,"erspan_ver":1}}`,
		},
		{
			name: "vti",
			info: linkInfo("vti", func(ae *nl.AttributeEncoder) {
				ae.Uint32(vtiLink, 2)
				ae.Bytes(vtiIKey, []byte{0, 0, 0, 5})
				ae.Bytes(vtiOKey, []byte{0, 0, 0, 6})
				ae.Bytes(vtiLocal, []byte{10, 1, 0, 2})
				ae.Bytes(vtiRemote, []byte{10, 1, 0, 1})
				ae.Uint32(vtiFwmark, 9)
			}, "", nil),
			text: "\n    vti remote 10.1.0.1 local 10.1.0.2 dev eth0 ikey 0.0.0.5 okey 0.0.0.6 fwmark 0x9 ",
			json: `"linkinfo":{"info_kind":"vti","info_data":{"remote":"10.1.0.1","local":"10.1.0.2","link":"eth0",` +
				`"ikey":"0.0.0.5","okey":"0.0.0.6","fwmark":"0x9"}}`,
		},
		{
			name: "vti6 with a zero key and an IPv4 endpoint",
			info: linkInfo("vti6", func(ae *nl.AttributeEncoder) {
				ae.Bytes(vtiIKey, []byte{0, 0, 0, 0})
				ae.Bytes(vtiOKey, []byte{1, 2, 3, 4})
				ae.Bytes(vtiLocal, fd00x12)
				ae.Bytes(vtiRemote, []byte{10, 1, 0, 1})
				ae.Uint32(vtiFwmark, 0)
			}, "", nil),
			text: "\n    vti6 remote unknown local fd00::12 okey 1.2.3.4 ",
			json: `"linkinfo":{"info_kind":"vti6","info_data":{"remote":"unknown","local":"fd00::12","okey":"1.2.3.4"}}`,
		},
	}
	runDetailsCases(t, tests)
}

package ip

import (
	"bytes"
	"testing"

	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// detailKinds are the kinds (and port kinds) with a data printer, and one
// without, that FuzzLinkDetails feeds every input to.
var detailKinds = []string{"bridge", "bridge_slave", "vxlan", "tun", "macvlan", "vlan", "ipvlan", "geneve",
	"bond", "bond_slave", "vrf", "vrf_slave", "xfrm", "ipip", "ip6tnl", "gre", "ip6gre", "vti", "vti6", "veth"}

// FuzzLinkDetails feeds arbitrary bytes to the -details printers: as a
// whole IFLA_LINKINFO, as each kind's IFLA_INFO_DATA, and as a link
// message's attributes. They must never panic, whatever the kernel (or a
// corrupted message) sends.
func FuzzLinkDetails(f *testing.F) {
	for _, kind := range detailKinds {
		f.Add(linkInfo(kind, func(ae *nl.AttributeEncoder) {
			for typ := uint16(1); typ < 48; typ++ {
				ae.Uint32(typ, 1)
			}
		}, "", nil))
	}
	f.Add(linkInfo("bond", buildBond, "bond", func(ae *nl.AttributeEncoder) {
		ae.Uint8(unix.IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, 0xff)
	}))
	f.Add(linkInfo("vlan", func(ae *nl.AttributeEncoder) {
		ae.Uint16(unix.IFLA_VLAN_ID, 1)
		ae.Bytes(unix.IFLA_VLAN_FLAGS, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
		ae.Bytes(unix.IFLA_VLAN_INGRESS_QOS, []byte{12, 0, 1, 0, 1, 0, 0, 0, 2, 0, 0})
	}, "", nil))
	// The IP tunnels with every flag, an encapsulation and short
	// addresses, keys and flow information.
	f.Add(linkInfo("ip6gre", func(ae *nl.AttributeEncoder) {
		ae.Bytes(greIFlags, []byte{0xff, 0xff})
		ae.Bytes(greOFlags, []byte{0xff})
		ae.Bytes(greIKey, []byte{1})
		ae.Bytes(greRemote, []byte{0xfd})
		ae.Bytes(greFlowinfo, []byte{0xff, 0xff})
		ae.Uint32(greFlags, 0xffffffff)
		encapAttrs(ae, greEncapType, 2, 0xffff, 1, 2)
		ae.Uint8(greErspanDir, 1)
	}, "", nil))
	f.Add(linkInfo("sit", func(ae *nl.AttributeEncoder) {
		ae.Uint16(iptun6rdPrefixLen, 200)
		ae.Bytes(iptun6rdRelayPrefix, []byte{10})
		ae.Uint8(iptunProto, unix.IPPROTO_IPV6)
		encapAttrs(ae, iptunEncapType, 7, 0, 0, 0)
	}, "", nil))
	conn, err := nl.Dial()
	if err != nil {
		f.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	f.Fuzz(func(t *testing.T, info []byte) {
		for _, json := range []bool{false, true} {
			var out bytes.Buffer
			s := &session{conn: conn, details: 1}
			s.links.reset(conn)
			s.out = output.NewPrinter(&out, json, json, !json)
			s.out.Begin()
			parsed, _ := nl.ParseAttributes(info)
			s.printLinkInfo(parsed)
			s.printLinkDetails(parsed, &linkFilter{doLink: true})
			for _, kind := range detailKinds {
				if printer := kindPrinter(kind); printer != nil {
					printer(s, parsed)
				}
			}
			s.out.End()
			s.out.Flush()
		}
	})
}

// FuzzNexthopInfo feeds arbitrary RTM_NEWNEXTHOP bodies to the nh_info
// printer of ip -d route.
func FuzzNexthopInfo(f *testing.F) {
	nhmsg := []byte{unix.AF_INET, unix.RT_SCOPE_LINK, 4, 0, 0, 0, 0, 0}
	f.Add(append(nhmsg, attrs(func(ae *nl.AttributeEncoder) {
		ae.Uint32(unix.NHA_ID, 1)
		ae.Bytes(unix.NHA_GATEWAY, []byte{10, 0, 0, 1})
		ae.Uint32(unix.NHA_OIF, 1)
		ae.Bytes(unix.NHA_BLACKHOLE, nil)
		ae.Bytes(nhaFDB, nil)
	})...))
	f.Add(append(nhmsg, attrs(func(ae *nl.AttributeEncoder) {
		ae.Uint32(unix.NHA_ID, 5)
		ae.Bytes(unix.NHA_GROUP, []byte{1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0})
		ae.Uint16(unix.NHA_GROUP_TYPE, nexthopGroupRes)
		ae.Nest(nhaResGroup)
		ae.Uint16(nhaResGroupBuckets, 8)
		ae.Uint32(nhaResGroupIdle, 12000)
		ae.Uint64(nhaResGroupUnbalT, 1<<63)
		ae.End()
	})...))
	conn, err := nl.Dial()
	if err != nil {
		f.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, json := range []bool{false, true} {
			var out bytes.Buffer
			s := &session{conn: conn, details: 1}
			s.links.reset(conn)
			s.out = output.NewPrinter(&out, json, false, false)
			s.out.Begin()
			s.printNexthopObject(data)
			s.out.End()
			s.out.Flush()
		}
	})
}

package ip

import (
	"bytes"
	"testing"

	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

// The kinds this kernel lacks (vlan, macvlan, ipvlan, geneve, bond, vrf,
// xfrm, dummy, nlmon, wireguard) cannot be compared with ip in the bats
// suites. Their IFLA_LINKINFO is built here from the uapi layout
// (linux/if_link.h) and the expected text and JSON follow iproute2 6.1's
// print_opt of each kind line by line.

// printInfo prints an IFLA_LINKINFO payload the way -details does, inside
// one link object, as text or JSON.
func printInfo(t *testing.T, json bool, info []byte) string {
	t.Helper()
	var out bytes.Buffer
	s := &session{}
	s.links.reset(nil)
	s.links.store(&cachedLink{index: 2, name: "eth0"})
	s.out = output.NewPrinter(&out, json, false, false)
	s.out.Begin()
	s.out.OpenObject("")
	parsed, err := nl.ParseAttributes(info)
	if err != nil {
		t.Fatalf("bad test input: %v", err)
	}
	s.printLinkInfo(parsed)
	s.out.CloseObject()
	s.out.End()
	s.out.Flush()
	return out.String()
}

// linkInfo builds IFLA_LINKINFO's payload: the kind, its data, and a port
// kind with its data when slaveKind is not "".
func linkInfo(kind string, data func(*nl.AttributeEncoder), slaveKind string, slaveData func(*nl.AttributeEncoder)) []byte {
	ae := nl.NewAttributeEncoder()
	ae.Bytes(unix.IFLA_INFO_KIND, []byte(kind))
	if data != nil {
		ae.Nest(unix.IFLA_INFO_DATA)
		data(ae)
		ae.End()
	}
	if slaveKind != "" {
		ae.Bytes(unix.IFLA_INFO_SLAVE_KIND, []byte(slaveKind))
		ae.Nest(unix.IFLA_INFO_SLAVE_DATA)
		slaveData(ae)
		ae.End()
	}
	return ae.Encode()
}

func TestKindDetailsOfAbsentKinds(t *testing.T) {
	testenv.SkipOnBigEndian(t)
	mac1 := []byte{2, 0, 0, 0, 0, 1}
	tests := []detailsCase{
		{
			name: "vlan with flags and priority maps",
			info: linkInfo("vlan", func(ae *nl.AttributeEncoder) {
				ae.Bytes(unix.IFLA_VLAN_PROTOCOL, []byte{0x81, 0x00})
				ae.Uint16(unix.IFLA_VLAN_ID, 10)
				ae.Bytes(unix.IFLA_VLAN_FLAGS, []byte{0x11, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
				ae.Nest(unix.IFLA_VLAN_INGRESS_QOS)
				ae.Bytes(unix.IFLA_VLAN_QOS_MAPPING, []byte{1, 0, 0, 0, 2, 0, 0, 0})
				ae.End()
				ae.Nest(unix.IFLA_VLAN_EGRESS_QOS)
				ae.Bytes(unix.IFLA_VLAN_QOS_MAPPING, []byte{3, 0, 0, 0, 4, 0, 0, 0})
				ae.Bytes(unix.IFLA_VLAN_QOS_MAPPING, []byte{5, 0, 0, 0, 6, 0, 0, 0})
				ae.End()
			}, "", nil),
			text: "\n    vlan protocol 802.1Q id 10 <REORDER_HDR,BRIDGE_BINDING> \n      ingress-qos-map { 1:2 } \n      egress-qos-map { 3:4 5:6 } ",
			json: `"linkinfo":{"info_kind":"vlan","info_data":{"protocol":"802.1Q","id":10,"flags":["REORDER_HDR","BRIDGE_BINDING"],` +
				`"ingress_qos":[{"from":1,"to":2}],"egress_qos":[{"from":3,"to":4},{"from":5,"to":6}]}}`,
		},
		{
			name: "vlan without protocol, 802.1ad, unknown flag bits",
			info: linkInfo("vlan", func(ae *nl.AttributeEncoder) {
				ae.Uint16(unix.IFLA_VLAN_ID, 4094)
				ae.Bytes(unix.IFLA_VLAN_FLAGS, []byte{0x42, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
			}, "", nil),
			text: "\n    vlan protocol 802.1q id 4094 <GVRP,40> ",
			json: `"linkinfo":{"info_kind":"vlan","info_data":{"protocol":"802.1q","id":4094,"flags":["GVRP","40"]}}`,
		},
		{
			name: "macvlan in source mode",
			info: linkInfo("macvtap", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_MACVLAN_MODE, macvlanModeSource)
				ae.Uint16(unix.IFLA_MACVLAN_FLAGS, macvlanFlagNoDst)
				ae.Uint32(unix.IFLA_MACVLAN_BC_QUEUE_LEN, 1000)
				ae.Uint32(unix.IFLA_MACVLAN_BC_QUEUE_LEN_USED, 1000)
				ae.Uint32(unix.IFLA_MACVLAN_MACADDR_COUNT, 2)
				ae.Nest(unix.IFLA_MACVLAN_MACADDR_DATA)
				ae.Bytes(unix.IFLA_MACVLAN_MACADDR, mac1)
				ae.Bytes(unix.IFLA_MACVLAN_MACADDR, []byte{2, 0, 0, 0, 0, 2})
				ae.End()
			}, "", nil),
			text: "\n    macvtap mode source nodst bcqueuelen 1000 usedbcqueuelen 1000 remotes (2) 02:00:00:00:00:01 02:00:00:00:00:02 ",
			json: `"linkinfo":{"info_kind":"macvtap","info_data":{"mode":"source","nodst":true,"bcqueuelen":1000,"usedbcqueuelen":1000,` +
				`"macaddr_count":2,"macaddr_data":["02:00:00:00:00:01","02:00:00:00:00:02"]}}`,
		},
		{
			name: "macvlan in passthru mode",
			info: linkInfo("macvlan", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_MACVLAN_MODE, macvlanModePassthru)
				ae.Uint16(unix.IFLA_MACVLAN_FLAGS, macvlanFlagNoPromisc)
			}, "", nil),
			text: "\n    macvlan mode passthru nopromisc ",
			json: `"linkinfo":{"info_kind":"macvlan","info_data":{"mode":"passthru","nopromisc":true}}`,
		},
		{
			name: "macvlan in vepa mode",
			info: linkInfo("macvlan", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_MACVLAN_MODE, 2)
			}, "", nil),
			text: "\n    macvlan mode vepa ",
			json: `"linkinfo":{"info_kind":"macvlan","info_data":{"mode":"vepa"}}`,
		},
		{
			name: "macvlan with two mode bits",
			info: linkInfo("macvlan", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_MACVLAN_MODE, 3)
			}, "", nil),
			text: "\n    macvlan mode unknown ",
			json: `"linkinfo":{"info_kind":"macvlan","info_data":{"mode":"unknown"}}`,
		},
		{
			name: "macvlan with a mode bit past source",
			info: linkInfo("macvlan", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_MACVLAN_MODE, 32)
			}, "", nil),
			text: "\n    macvlan mode unknown ",
			json: `"linkinfo":{"info_kind":"macvlan","info_data":{"mode":"unknown"}}`,
		},
		{
			name: "ipvlan",
			info: linkInfo("ipvlan", func(ae *nl.AttributeEncoder) {
				ae.Uint16(unix.IFLA_IPVLAN_MODE, 1)
				ae.Uint16(unix.IFLA_IPVLAN_FLAGS, 1)
			}, "", nil),
			text: "\n    ipvlan  mode l3 private ",
			json: `"linkinfo":{"info_kind":"ipvlan","info_data":{"mode":"l3","private":true}}`,
		},
		{
			name: "geneve",
			info: linkInfo("geneve", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_GENEVE_ID, 7)
				ae.Bytes(unix.IFLA_GENEVE_REMOTE, []byte{10, 1, 2, 3})
				ae.Uint8(unix.IFLA_GENEVE_TTL, 0)
				ae.Uint8(unix.IFLA_GENEVE_TOS, 1)
				ae.Uint8(unix.IFLA_GENEVE_DF, 1)
				ae.Bytes(unix.IFLA_GENEVE_LABEL, []byte{0, 1, 0x23, 0x45})
				ae.Bytes(unix.IFLA_GENEVE_PORT, []byte{0x17, 0xc1})
				ae.Uint8(unix.IFLA_GENEVE_UDP_CSUM, 0)
				ae.Uint8(unix.IFLA_GENEVE_UDP_ZERO_CSUM6_TX, 1)
				ae.Uint8(unix.IFLA_GENEVE_UDP_ZERO_CSUM6_RX, 1)
				ae.Bytes(unix.IFLA_GENEVE_INNER_PROTO_INHERIT, nil)
			}, "", nil),
			text: "\n    geneve id 7 remote 10.1.2.3 ttl auto tos inherit df set flowlabel 0x12345 dstport 6081 noudpcsum udp6zerocsumtx udp6zerocsumrx innerprotoinherit ",
			json: `"linkinfo":{"info_kind":"geneve","info_data":{"id":7,"remote":"10.1.2.3","ttl":0,"tos":"0x1","df":"set","label":"0x12345",` +
				`"port":6081,"udp_csum":false,"udp_zero_csum6_tx":true,"udp_zero_csum6_rx":true,"inner_proto_inherit":true}}`,
		},
		{
			name: "geneve external over IPv6",
			info: linkInfo("geneve", func(ae *nl.AttributeEncoder) {
				ae.Bytes(unix.IFLA_GENEVE_COLLECT_METADATA, nil)
				ae.Bytes(unix.IFLA_GENEVE_REMOTE6, []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
				ae.Uint8(unix.IFLA_GENEVE_TTL_INHERIT, 1)
				ae.Uint8(unix.IFLA_GENEVE_DF, 0)
			}, "", nil),
			text: "\n    geneve external remote fd00::1 ttl inherit ",
			json: `"linkinfo":{"info_kind":"geneve","info_data":{"external":true,"remote6":"fd00::1","df":"unset"}}`,
		},
		{
			name: "bond in 802.3ad mode",
			info: linkInfo("bond", buildBond, "", nil),
			text: "\n    bond mode 802.3ad miimon 100 updelay 0 downdelay 0 peer_notify_delay 0 use_carrier 1 arp_interval 0 arp_missed_max 2 " +
				"arp_ip_target 10.0.0.1,10.0.0.2 arp_validate none arp_all_targets any primary eth0 primary_reselect always fail_over_mac none " +
				"xmit_hash_policy layer3+4 resend_igmp 1 num_grat_arp 1 all_slaves_active 0 min_links 0 lp_interval 1 packets_per_slave 1 " +
				"lacp_active on lacp_rate slow ad_select stable ad_aggregator 1 ad_num_ports 1 ad_actor_key 15 ad_partner_key 1 " +
				"ad_partner_mac 00:00:00:00:00:00 ad_actor_sys_prio 65535 ad_user_port_key 0 ad_actor_system 00:00:00:00:00:00 tlb_dynamic_lb 1 ",
			json: `"linkinfo":{"info_kind":"bond","info_data":{"mode":"802.3ad","miimon":100,"updelay":0,"downdelay":0,"peer_notify_delay":0,` +
				`"use_carrier":1,"arp_interval":0,"arp_missed_max":2,"arp_ip_target":["10.0.0.1","10.0.0.2"],"arp_validate":null,` +
				`"arp_all_targets":"any","primary":"eth0","primary_reselect":"always","fail_over_mac":"none","xmit_hash_policy":"layer3+4",` +
				`"resend_igmp":1,"num_peer_notif":1,"all_slaves_active":0,"min_links":0,"lp_interval":1,"packets_per_slave":1,` +
				`"ad_lacp_active":"on","ad_lacp_rate":"slow","ad_select":"stable","ad_info":{"aggregator":1,"num_ports":1,"actor_key":15,` +
				`"partner_key":1,"partner_mac":"00:00:00:00:00:00"},"ad_actor_sys_prio":65535,"ad_user_port_key":0,` +
				`"ad_actor_system":"00:00:00:00:00:00","tlb_dynamic_lb":1}}`,
		},
		{
			name: "bond with unknown mode and an IPv6 target",
			info: linkInfo("bond", func(ae *nl.AttributeEncoder) {
				ae.Uint8(unix.IFLA_BOND_MODE, 9)
				ae.Nest(unix.IFLA_BOND_NS_IP6_TARGET)
				ae.Bytes(0, []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9})
				ae.End()
				ae.Uint32(unix.IFLA_BOND_ARP_VALIDATE, 3)
			}, "", nil),
			text: "\n    bond mode UNKNOWN ns_ip6_target fd00::9 arp_validate all ",
			json: `"linkinfo":{"info_kind":"bond","info_data":{"mode":"UNKNOWN","ns_ip6_target":["fd00::9"],"arp_validate":"all"}}`,
		},
		{
			name: "bond port",
			info: linkInfo("dummy", nil, "bond", func(ae *nl.AttributeEncoder) {
				ae.Uint8(unix.IFLA_BOND_SLAVE_STATE, 0)
				ae.Uint8(unix.IFLA_BOND_SLAVE_MII_STATUS, 0)
				ae.Uint32(unix.IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, 0)
				ae.Bytes(unix.IFLA_BOND_SLAVE_PERM_HWADDR, mac1)
				ae.Uint16(unix.IFLA_BOND_SLAVE_QUEUE_ID, 0)
				ae.Uint32(unix.IFLA_BOND_SLAVE_PRIO, 0xffffffff)
				ae.Uint16(unix.IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, 1)
				ae.Uint8(unix.IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, 61)
				ae.Uint16(unix.IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, 1)
			}),
			text: "\n    dummy \n    bond_slave state ACTIVE mii_status UP link_failure_count 0 perm_hwaddr 02:00:00:00:00:01 queue_id 0 prio -1 " +
				"ad_aggregator_id 1 ad_actor_oper_port_state 61 ad_actor_oper_port_state_str <active,aggregating,in_sync,collecting,distributing> " +
				"ad_partner_oper_port_state 1 ad_partner_oper_port_state_str <active> ",
			json: `"linkinfo":{"info_kind":"dummy","info_slave_kind":"bond","info_slave_data":{"state":"ACTIVE","mii_status":"UP",` +
				`"link_failure_count":0,"perm_hwaddr":"02:00:00:00:00:01","queue_id":0,"prio":-1,"ad_aggregator_id":1,` +
				`"ad_actor_oper_port_state":61,"ad_actor_oper_port_state_str":["active","aggregating","in_sync","collecting","distributing"],` +
				`"ad_partner_oper_port_state":1,"ad_partner_oper_port_state_str":["active"]}}`,
		},
		{
			name: "bond port in unknown states",
			info: linkInfo("dummy", nil, "bond", func(ae *nl.AttributeEncoder) {
				ae.Uint8(unix.IFLA_BOND_SLAVE_STATE, 2)
				ae.Uint8(unix.IFLA_BOND_SLAVE_MII_STATUS, 7)
			}),
			text: "\n    dummy \n    bond_slave state 2 mii_status 7 ",
			json: `"linkinfo":{"info_kind":"dummy","info_slave_kind":"bond","info_slave_data":{"state_index":2,"mii_status_index":7}}`,
		},
		{
			name: "vrf",
			info: linkInfo("vrf", func(ae *nl.AttributeEncoder) { ae.Uint32(unix.IFLA_VRF_TABLE, 10) }, "", nil),
			text: "\n    vrf table 10 ",
			json: `"linkinfo":{"info_kind":"vrf","info_data":{"table":10}}`,
		},
		{
			name: "vrf port",
			info: linkInfo("veth", nil, "vrf", func(ae *nl.AttributeEncoder) { ae.Uint32(unix.IFLA_VRF_PORT_TABLE, 10) }),
			text: "\n    veth \n    vrf_slave table 10 ",
			json: `"linkinfo":{"info_kind":"veth","info_slave_kind":"vrf","info_slave_data":{"table":10}}`,
		},
		{
			name: "xfrm",
			info: linkInfo("xfrm", func(ae *nl.AttributeEncoder) {
				ae.Uint32(unix.IFLA_XFRM_LINK, 0)
				ae.Uint32(unix.IFLA_XFRM_IF_ID, 5)
			}, "", nil),
			text: "\n    xfrm if_id 0x5 ",
			json: `"linkinfo":{"info_kind":"xfrm","info_data":{"if_id":"0x5"}}`,
		},
		{
			name: "xfrm external",
			info: linkInfo("xfrm", func(ae *nl.AttributeEncoder) {
				ae.Bytes(unix.IFLA_XFRM_COLLECT_METADATA, nil)
				ae.Uint32(unix.IFLA_XFRM_IF_ID, 5)
			}, "", nil),
			text: "\n    xfrm external ",
			json: `"linkinfo":{"info_kind":"xfrm","info_data":{"external":true}}`,
		},
		{
			name: "kinds iproute2 prints no data for",
			info: linkInfo("wireguard", nil, "", nil),
			text: "\n    wireguard ",
			json: `"linkinfo":{"info_kind":"wireguard"}`,
		},
		{
			name: "a printer's kind without data still opens info_data",
			info: linkInfo("vrf", nil, "", nil),
			text: "\n    vrf ",
			json: `"linkinfo":{"info_kind":"vrf","info_data":{}}`,
		},
		{
			name: "nlmon",
			info: linkInfo("nlmon", nil, "", nil),
			text: "\n    nlmon ",
			json: `"linkinfo":{"info_kind":"nlmon"}`,
		},
	}
	runDetailsCases(t, tests)
}

// detailsCase is one link kind's IFLA_LINKINFO and what -d prints of it.
type detailsCase struct {
	name       string
	info       []byte
	text, json string
}

// runDetailsCases prints each case's link in text and JSON.
func runDetailsCases(t *testing.T, tests []detailsCase) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printInfo(t, false, tt.info); got != tt.text {
				t.Errorf("text:\n got %q\nwant %q", got, tt.text)
			}
			if got, want := printInfo(t, true, tt.info), "[{"+tt.json+"}]\n"; got != want {
				t.Errorf("json:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func buildBond(ae *nl.AttributeEncoder) {
	ae.Uint8(unix.IFLA_BOND_MODE, 4)
	ae.Uint32(unix.IFLA_BOND_MIIMON, 100)
	ae.Uint32(unix.IFLA_BOND_UPDELAY, 0)
	ae.Uint32(unix.IFLA_BOND_DOWNDELAY, 0)
	ae.Uint32(unix.IFLA_BOND_PEER_NOTIF_DELAY, 0)
	ae.Uint8(unix.IFLA_BOND_USE_CARRIER, 1)
	ae.Uint32(unix.IFLA_BOND_ARP_INTERVAL, 0)
	ae.Uint8(unix.IFLA_BOND_MISSED_MAX, 2)
	ae.Nest(unix.IFLA_BOND_ARP_IP_TARGET)
	ae.Bytes(0, []byte{10, 0, 0, 1})
	ae.Bytes(1, []byte{10, 0, 0, 2})
	ae.End()
	ae.Uint32(unix.IFLA_BOND_ARP_VALIDATE, 0)
	ae.Uint32(unix.IFLA_BOND_ARP_ALL_TARGETS, 0)
	ae.Uint32(unix.IFLA_BOND_PRIMARY, 2)
	ae.Uint8(unix.IFLA_BOND_PRIMARY_RESELECT, 0)
	ae.Uint8(unix.IFLA_BOND_FAIL_OVER_MAC, 0)
	ae.Uint8(unix.IFLA_BOND_XMIT_HASH_POLICY, 1)
	ae.Uint32(unix.IFLA_BOND_RESEND_IGMP, 1)
	ae.Uint8(unix.IFLA_BOND_NUM_PEER_NOTIF, 1)
	ae.Uint8(unix.IFLA_BOND_ALL_SLAVES_ACTIVE, 0)
	ae.Uint32(unix.IFLA_BOND_MIN_LINKS, 0)
	ae.Uint32(unix.IFLA_BOND_LP_INTERVAL, 1)
	ae.Uint32(unix.IFLA_BOND_PACKETS_PER_SLAVE, 1)
	ae.Uint8(unix.IFLA_BOND_AD_LACP_ACTIVE, 1)
	ae.Uint8(unix.IFLA_BOND_AD_LACP_RATE, 0)
	ae.Uint8(unix.IFLA_BOND_AD_SELECT, 0)
	ae.Nest(unix.IFLA_BOND_AD_INFO)
	ae.Uint16(unix.IFLA_BOND_AD_INFO_AGGREGATOR, 1)
	ae.Uint16(unix.IFLA_BOND_AD_INFO_NUM_PORTS, 1)
	ae.Uint16(unix.IFLA_BOND_AD_INFO_ACTOR_KEY, 15)
	ae.Uint16(unix.IFLA_BOND_AD_INFO_PARTNER_KEY, 1)
	ae.Bytes(unix.IFLA_BOND_AD_INFO_PARTNER_MAC, make([]byte, 6))
	ae.End()
	ae.Uint16(unix.IFLA_BOND_AD_ACTOR_SYS_PRIO, 65535)
	ae.Uint16(unix.IFLA_BOND_AD_USER_PORT_KEY, 0)
	ae.Bytes(unix.IFLA_BOND_AD_ACTOR_SYSTEM, make([]byte, 6))
	ae.Uint8(unix.IFLA_BOND_TLB_DYNAMIC_LB, 1)
}

// TestGenericDetailsOfRareAttributes covers what only real hardware
// carries (port and switch IDs, port names) and an address generation
// mode iproute2 6.1 has no name for.
func TestGenericDetailsOfRareAttributes(t *testing.T) {
	a := attrs(func(ae *nl.AttributeEncoder) {
		ae.Uint32(unix.IFLA_PROMISCUITY, 2)
		ae.Uint32(unix.IFLA_MIN_MTU, 68)
		ae.Nest(unix.IFLA_AF_SPEC)
		ae.Nest(unix.AF_INET6)
		ae.Uint8(unix.IFLA_INET6_ADDR_GEN_MODE, 5)
		ae.End()
		ae.End()
		ae.Uint32(unix.IFLA_NUM_TX_QUEUES, 4)
		ae.String(unix.IFLA_PHYS_PORT_NAME, "p0")
		ae.Bytes(unix.IFLA_PHYS_PORT_ID, []byte{0xde, 0xad, 0x01})
		ae.Bytes(unix.IFLA_PHYS_SWITCH_ID, []byte{0x0a})
		ae.String(unix.IFLA_PARENT_DEV_BUS_NAME, "pci")
		ae.String(unix.IFLA_PARENT_DEV_NAME, "0000:00:03.0")
	})
	parsed, _ := nl.ParseAttributes(a)
	for _, tt := range []struct {
		json bool
		want string
	}{
		{false, " promiscuity 2 minmtu 68 addrgenmode 0x05 numtxqueues 4 portname p0 portid dead01 switchid 0a parentbus pci parentdev 0000:00:03.0 "},
		{true, `[{"promiscuity":2,"min_mtu":68,"inet6_addr_gen_mode":"0x05","num_tx_queues":4,"phys_port_name":"p0",` +
			`"phys_port_id":"dead01","phys_switch_id":"0a","parentbus":"pci","parentdev":"0000:00:03.0"}]` + "\n"},
	} {
		var out bytes.Buffer
		s := &session{details: 1}
		s.out = output.NewPrinter(&out, tt.json, false, false)
		s.out.Begin()
		s.out.OpenObject("")
		s.printLinkDetails(parsed, &linkFilter{doLink: true})
		s.out.CloseObject()
		s.out.End()
		s.out.Flush()
		if out.String() != tt.want {
			t.Errorf("json %v:\n got %q\nwant %q", tt.json, out.String(), tt.want)
		}
	}
}

package ip

import (
	"bytes"
	"strings"
	"testing"

	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// These links carry attributes this kernel never produces for the link
// kinds it has (@NONE, protodown, events, permanent addresses, unknown
// states), so the bats suites cannot compare them with ip. The expected
// text follows iproute2 6.1's print_linkinfo field by field.

func printOneLink(t *testing.T, json bool, m nl.Message, f *linkFilter) string {
	t.Helper()
	conn, err := nl.Dial()
	if err != nil {
		t.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	var out bytes.Buffer
	s := &session{conn: conn}
	s.links.reset(conn)
	s.out = output.NewPrinter(&out, json, false, false)
	s.out.Begin()
	s.out.OpenObject("")
	s.printLink(m, f)
	s.out.CloseObject()
	s.out.End()
	s.out.Flush()
	return out.String()
}

func linkMessage(ifi nl.IfInfoMsg, build func(*nl.AttributeEncoder)) nl.Message {
	return nl.Message{Header: nl.Header{Type: unix.RTM_NEWLINK}, Data: append(ifi.Marshal(), attrs(build)...)}
}

func TestRareLinkFields(t *testing.T) {
	mac := []byte{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}
	bcast := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	tests := []struct {
		name   string
		msg    nl.Message
		text   string
		json   string
		doLink bool
		family int
	}{
		{
			name: "@NONE, protodown, event, permaddr, alias, dormant mode",
			msg: linkMessage(nl.IfInfoMsg{Index: 7, Type: unix.ARPHRD_ETHER,
				Flags: unix.IFF_UP | unix.IFF_BROADCAST | unix.IFF_MULTICAST}, func(ae *nl.AttributeEncoder) {
				ae.String(unix.IFLA_IFNAME, "t0")
				ae.Uint32(unix.IFLA_LINK, 0)
				ae.Uint32(unix.IFLA_MTU, 1480)
				ae.String(unix.IFLA_QDISC, "noqueue")
				ae.Uint8(unix.IFLA_OPERSTATE, 5)
				ae.Uint8(unix.IFLA_LINKMODE, 1)
				ae.Uint32(unix.IFLA_GROUP, 0)
				ae.Uint32(unix.IFLA_TXQLEN, 0)
				ae.Uint32(unix.IFLA_EVENT, 3)
				ae.Bytes(unix.IFLA_ADDRESS, mac)
				ae.Bytes(unix.IFLA_BROADCAST, bcast)
				ae.Bytes(unix.IFLA_PERM_ADDRESS, []byte{2, 0, 0, 0, 0, 1})
				ae.Uint8(unix.IFLA_PROTO_DOWN, 1)
				ae.String(unix.IFLA_IFALIAS, "x")
			}),
			doLink: true,
			text: "7: t0@NONE: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1480 qdisc noqueue state DORMANT mode DORMANT group default event BONDING FAILOVER \n" +
				"    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff permaddr 02:00:00:00:00:01 protodown on \n" +
				"    alias x\n",
			json: `[{"ifindex":7,"link":null,"ifname":"t0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"],"mtu":1480,` +
				`"qdisc":"noqueue","operstate":"DORMANT","linkmode":"DORMANT","group":"default","event":"BONDING FAILOVER",` +
				`"link_type":"ether","address":"aa:bb:cc:dd:ee:ff","broadcast":"ff:ff:ff:ff:ff:ff",` +
				`"permaddr":"02:00:00:00:00:01","proto_down":true,"ifalias":"x"}]` + "\n",
		},
		{
			name: "point-to-point peer, unknown state, mode and flag bits, lower link elsewhere, nsid unknown",
			msg: linkMessage(nl.IfInfoMsg{Index: 8, Type: unix.ARPHRD_NONE,
				Flags: unix.IFF_POINTOPOINT | 0x80000}, func(ae *nl.AttributeEncoder) {
				ae.String(unix.IFLA_IFNAME, "p0")
				ae.Uint32(unix.IFLA_LINK, 5)
				ae.Uint32(unix.IFLA_MTU, 1400)
				ae.Uint8(unix.IFLA_OPERSTATE, 9)
				ae.Uint8(unix.IFLA_LINKMODE, 7)
				ae.Uint32(unix.IFLA_EVENT, 99)
				ae.Bytes(unix.IFLA_ADDRESS, []byte{10, 0, 0, 1})
				ae.Bytes(unix.IFLA_BROADCAST, []byte{10, 0, 0, 2})
				ae.Uint32(unix.IFLA_LINK_NETNSID, 0xffffffff)
			}),
			doLink: true,
			text: "8: p0@if5: <POINTOPOINT,80000> mtu 1400 state 0x9mode 7 event 99 \n" +
				"    link/none 0a:00:00:01 peer 0a:00:00:02 link-netnsid unknown\n",
			json: `[{"ifindex":8,"link_index":5,"ifname":"p0","flags":["POINTOPOINT","80000"],"mtu":1400,` +
				`"operstate_index":9,"linkmode_index":7,"event":99,"link_type":"none","address":"0a:00:00:01",` +
				`"link_pointtopoint":true,"broadcast":"0a:00:00:02","link_netnsid":-1}]` + "\n",
		},
		{
			name: "IPIP tunnel addresses print as IPv4; the address family hides the link line",
			msg: linkMessage(nl.IfInfoMsg{Index: 9, Type: unix.ARPHRD_TUNNEL, Flags: unix.IFF_NOARP}, func(ae *nl.AttributeEncoder) {
				ae.String(unix.IFLA_IFNAME, "tun9")
				ae.Bytes(unix.IFLA_ADDRESS, []byte{192, 0, 2, 1})
			}),
			family: unix.AF_INET,
			text:   "9: tun9: <NOARP> \n",
			json:   `[{"ifindex":9,"ifname":"tun9","flags":["NOARP"]}]` + "\n",
		},
		{
			name: "IPIP tunnel addresses print as IPv4",
			msg: linkMessage(nl.IfInfoMsg{Index: 9, Type: unix.ARPHRD_TUNNEL, Flags: unix.IFF_NOARP}, func(ae *nl.AttributeEncoder) {
				ae.String(unix.IFLA_IFNAME, "tun9")
				ae.Bytes(unix.IFLA_ADDRESS, []byte{192, 0, 2, 1})
				ae.Bytes(unix.IFLA_BROADCAST, []byte{0, 0, 0, 0})
			}),
			text: "9: tun9: <NOARP> \n    link/ipip 192.0.2.1 brd 0.0.0.0\n",
			json: `[{"ifindex":9,"ifname":"tun9","flags":["NOARP"],"link_type":"ipip","address":"192.0.2.1","broadcast":"0.0.0.0"}]` + "\n",
		},
		{
			name: "a name the kernel could not have is skipped",
			msg: linkMessage(nl.IfInfoMsg{Index: 10}, func(ae *nl.AttributeEncoder) {
				ae.String(unix.IFLA_IFNAME, "has space")
			}),
			text: "",
			json: "[{}]\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &linkFilter{group: -1, doLink: tt.doLink, family: tt.family}
			if got := printOneLink(t, false, tt.msg, f); got != tt.text {
				t.Errorf("text:\n got %q\nwant %q", got, tt.text)
			}
			if got := printOneLink(t, true, tt.msg, f); got != tt.json {
				t.Errorf("json:\n got %s\nwant %s", got, tt.json)
			}
		})
	}
}

// TestFetchedLinkServesOnce: the link a lookup brought answers the next
// request for that link of the same command, once, and no other link's.
func TestFetchedLinkServesOnce(t *testing.T) {
	c := new(linkCache)
	c.reset(nil)
	c.fetched = nl.Message{Header: nl.Header{Type: unix.RTM_NEWLINK}, Data: nl.IfInfoMsg{Index: 5}.Marshal()}
	if _, ok := c.takeFetched(6); ok {
		t.Error("link 5's message served for link 6")
	}
	c.fetched = nl.Message{Header: nl.Header{Type: unix.RTM_NEWLINK}, Data: nl.IfInfoMsg{Index: 5}.Marshal()}
	if m, ok := c.takeFetched(5); !ok || len(m.Data) != nl.IfInfoMsgLen {
		t.Errorf("takeFetched(5) = %v, %v", m, ok)
	}
	if _, ok := c.takeFetched(5); ok {
		t.Error("link 5's message served twice")
	}
}

// TestLinkCacheNamesOnDemand: links remembered without a name lookup are
// found by name later, under their latest entry; a forgotten link is not,
// a renamed one only under its new name, and indexes past the slice and
// many links at once are kept too.
func TestLinkCacheNamesOnDemand(t *testing.T) {
	c := new(linkCache)
	c.reset(nil)
	remember := func(index int32, name string) {
		c.remember(linkMessage(nl.IfInfoMsg{Index: index}, func(ae *nl.AttributeEncoder) {
			ae.String(unix.IFLA_IFNAME, name)
		}))
	}
	for i := int32(1); i <= maxUnnamed+10; i++ {
		remember(i, "l"+itoa(int(i)))
	}
	remember(maxSmallIndex+7, "far")
	remember(3, "three") // l3 renamed
	c.forget(5)
	tests := []struct {
		name string
		want int32
	}{
		{"l1", 1}, {"three", 3}, {"far", maxSmallIndex + 7}, {"l" + itoa(maxUnnamed+10), maxUnnamed + 10},
	}
	for _, tt := range tests {
		if l := c.byNameIndex()[tt.name]; l == nil || l.index != tt.want {
			t.Errorf("%s: %v, want index %d", tt.name, l, tt.want)
		}
	}
	for _, gone := range []string{"l3", "l5"} {
		if l := c.byNameIndex()[gone]; l != nil {
			t.Errorf("%s still names link %d", gone, l.index)
		}
	}
	if c.lookup(5) != nil || c.lookup(maxSmallIndex+7) == nil || c.indexToName(2) != "l2" {
		t.Error("lookup by index")
	}
	if len(c.unnamed) > maxUnnamed {
		t.Errorf("%d links wait to be named", len(c.unnamed))
	}
}

// The lists of numbers and of their names line up (link types, link
// flags, restorable attributes, JSON counters): one name each, the first, a middle and
// the last link type in their places.
func TestLinkTypeNames(t *testing.T) {
	if n := len(strings.Fields(linkTypeWords)); n != len(linkTypes) {
		t.Fatalf("%d link type names for %d types", n, len(linkTypes))
	}
	if n := len(strings.Fields(linkFlagWords)); n != len(linkFlags) {
		t.Fatalf("%d link flag names for %d flags", n, len(linkFlags))
	}
	if n := len(strings.Fields(restorableWords)); n != len(restorableAttributes) {
		t.Fatalf("%d words for %d restorable attributes", n, len(restorableAttributes))
	}
	if n := len(strings.Fields(statsJSONWords)); n != len(statsJSONFields) {
		t.Fatalf("%d keys for %d JSON counters", n, len(statsJSONFields))
	}
	for arphrd, want := range map[uint16]string{unix.ARPHRD_NETROM: "netrom", unix.ARPHRD_ETHER: "ether",
		unix.ARPHRD_FCFABRIC + 12: "fcfb12", unix.ARPHRD_IEEE802154_MONITOR: "ieee802.15.4/monitor",
		unix.ARPHRD_VOID: "void", 12345: "[12345]"} {
		if got := linkTypeName(arphrd); got != want {
			t.Errorf("linkTypeName(%d) = %q, want %q", arphrd, got, want)
		}
	}
}

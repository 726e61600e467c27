package nl

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"nsip/internal/unix"
)

// Requests and replies of ip rule, captured from iproute2 6.1 with
// `strace -e write=3 -e read=3`.
var (
	goldenRuleAdd = golden{
		name:    "ip rule add from 10.1.0.0/16 to 10.2.0.0/24 table 100 pref 100",
		capture: "34000000200005062e62106b0000000002181000640000010000000008000200" + "0a010000080001000a0200000800060064000000",
		fields: `u32:52 u16:32 u16:0x605 u32:0x6b10622e u32:0
		         u8:2 u8:24 u8:16 u8:0 u8:100 u8:0 u8:0 u8:1 u32:0
		         u16:8 u16:2 x:0a010000 u16:8 u16:1 x:0a020000 u16:8 u16:6 u32:100`,
	}
	goldenRuleAddNames = golden{
		name: "ip rule add not from 10.3.0.1 iif lo oif lo fwmark 0x10/0xff tos 0x10 lookup 1000 pref 200",
		capture: "54000000200005066562106b00000000020020100000000102000000080002000a030001070003006c6f000007001100" +
			"6c6f000008000a001000000008001000ff00000008000f00e803000008000600c8000000",
		fields: `u32:84 u16:32 u16:0x605 u32:0x6b106265 u32:0
		         u8:2 u8:0 u8:32 u8:0x10 u8:0 u8:0 u8:0 u8:1 u32:2
		         u16:8 u16:2 x:0a030001 u16:7 u16:3 x:6c6f00 pad:1 u16:7 u16:17 x:6c6f00 pad:1
		         u16:8 u16:10 u32:16 u16:8 u16:16 u32:255 u16:8 u16:15 u32:1000 u16:8 u16:6 u32:200`,
	}
	goldenRuleAddRanges = golden{
		name: "ip rule add uidrange 10-20 ipproto tcp sport 80 dport 1000-2000 suppress_prefixlength 0 " +
			"suppress_ifgroup 5 protocol static realms 3/4 tun_id 99 goto 300",
		capture: "74000000200005066562106b000000000200000000000002000000000c0014000a000000140000000500160006000000" +
			"080017005000500008001800e803d00708000e000000000008000d0005000000050015000400000008000b0004000300" +
			"0c000c000000000000000063080004002c010000",
		fields: `u32:116 u16:32 u16:0x605 u32:0x6b106265 u32:0
		         u8:2 u8:0 u8:0 u8:0 u8:0 u8:0 u8:0 u8:2 u32:0
		         u16:12 u16:20 u32:10 u32:20 u16:5 u16:22 u8:6 pad:3
		         u16:8 u16:23 u16:80 u16:80 u16:8 u16:24 u16:1000 u16:2000
		         u16:8 u16:14 u32:0 u16:8 u16:13 u32:5 u16:5 u16:21 u8:4 pad:3
		         u16:8 u16:11 u32:0x30004 u16:12 u16:12 x:0000000000000063 u16:8 u16:4 u32:300`,
	}
	goldenRuleDump = golden{
		name:    "ip -6 rule list: RTM_GETRULE dump of AF_INET6",
		capture: "1c000000220001032e62106b000000000a0000000000000000000000",
		fields:  `u32:28 u16:34 u16:0x301 u32:0x6b10622e u32:0 u8:10 pad:11`,
	}
	goldenRuleReply = golden{
		name: "two RTM_NEWRULE of AF_INET6, the second with ranges and a source, then NLMSG_DONE",
		capture: "34000000200002006562106b983a00000a000000ff0000010000000008000f00ff00000008000e00ffffffff05001500" +
			"0200000074000000200002006562106b983a00000a000800fc0000010000000008000f00e803000008000e00ffffffff" +
			"050015000000000008000600050000000c0014000a00000014000000080017005000500006001c00ffff000008001800" +
			"e803d00714000200fd00000000000000000000000000000014000000030002006562106b983a000000000000",
		fields: `u32:52 u16:32 u16:2 u32:0x6b106265 u32:0x3a98
		         u8:10 u8:0 u8:0 u8:0 u8:255 u8:0 u8:0 u8:1 u32:0
		         u16:8 u16:15 u32:255 u16:8 u16:14 u32:0xffffffff u16:5 u16:21 u8:2 pad:3
		         u32:116 u16:32 u16:2 u32:0x6b106265 u32:0x3a98
		         u8:10 u8:0 u8:8 u8:0 u8:252 u8:0 u8:0 u8:1 u32:0
		         u16:8 u16:15 u32:1000 u16:8 u16:14 u32:0xffffffff u16:5 u16:21 u8:0 pad:3
		         u16:8 u16:6 u32:5 u16:12 u16:20 u32:10 u32:20 u16:8 u16:23 u16:80 u16:80
		         u16:6 u16:28 x:ffff pad:2 u16:8 u16:24 u16:1000 u16:2000
		         u16:20 u16:2 x:fd000000000000000000000000000000
		         u32:20 u16:3 u16:2 u32:0x6b106265 u32:0x3a98 i32:0`,
	}
	ruleGolden = []golden{goldenRuleAdd, goldenRuleAddNames, goldenRuleAddRanges, goldenRuleDump, goldenRuleReply}
)

func TestRuleGoldenTranscription(t *testing.T) {
	for _, g := range ruleGolden {
		got := nativeBytes(t, g.fields)
		want, err := hex.DecodeString(g.capture)
		if err != nil {
			t.Fatalf("%s: bad capture: %v", g.name, err)
		}
		if len(got) != len(want) || hostIsLittleEndian() && !bytes.Equal(got, want) {
			t.Errorf("%s: fields do not transcribe the capture:\n got %x\nwant %x", g.name, got, want)
		}
	}
}

// TestRuleRequests builds the captured requests from FibRuleHdr, Range and
// the attribute encoder, as internal/ip does.
func TestRuleRequests(t *testing.T) {
	tunID := binary.BigEndian.AppendUint64(nil, 99)
	for _, tt := range []struct {
		g     golden
		typ   HeaderType
		flags HeaderFlags
		hdr   FibRuleHdr
		attrs func(ae *AttributeEncoder)
	}{
		{goldenRuleAdd, unix.RTM_NEWRULE, Request | Acknowledge | Create | Excl,
			FibRuleHdr{Family: unix.AF_INET, DstLen: 24, SrcLen: 16, Table: 100, Action: unix.FR_ACT_TO_TBL},
			func(ae *AttributeEncoder) {
				ae.Bytes(unix.FRA_SRC, []byte{10, 1, 0, 0})
				ae.Bytes(unix.FRA_DST, []byte{10, 2, 0, 0})
				ae.Uint32(unix.FRA_PRIORITY, 100)
			}},
		{goldenRuleAddNames, unix.RTM_NEWRULE, Request | Acknowledge | Create | Excl,
			FibRuleHdr{Family: unix.AF_INET, SrcLen: 32, TOS: 0x10, Action: unix.FR_ACT_TO_TBL, Flags: unix.FIB_RULE_INVERT},
			func(ae *AttributeEncoder) {
				ae.Bytes(unix.FRA_SRC, []byte{10, 3, 0, 1})
				ae.String(unix.FRA_IIFNAME, "lo")
				ae.String(unix.FRA_OIFNAME, "lo")
				ae.Uint32(unix.FRA_FWMARK, 16)
				ae.Uint32(unix.FRA_FWMASK, 255)
				ae.Uint32(unix.FRA_TABLE, 1000)
				ae.Uint32(unix.FRA_PRIORITY, 200)
			}},
		{goldenRuleAddRanges, unix.RTM_NEWRULE, Request | Acknowledge | Create | Excl,
			FibRuleHdr{Family: unix.AF_INET, Action: unix.FR_ACT_GOTO},
			func(ae *AttributeEncoder) {
				ae.Bytes(unix.FRA_UID_RANGE, Range{10, 20}.UIDRange())
				ae.Uint8(unix.FRA_IP_PROTO, unix.IPPROTO_TCP)
				ae.Bytes(unix.FRA_SPORT_RANGE, Range{80, 80}.PortRange())
				ae.Bytes(unix.FRA_DPORT_RANGE, Range{1000, 2000}.PortRange())
				ae.Uint32(unix.FRA_SUPPRESS_PREFIXLEN, 0)
				ae.Uint32(unix.FRA_SUPPRESS_IFGROUP, 5)
				ae.Uint8(unix.FRA_PROTOCOL, unix.RTPROT_STATIC)
				ae.Uint32(unix.FRA_FLOW, 3<<16|4)
				ae.Bytes(unix.FRA_TUN_ID, tunID)
				ae.Uint32(unix.FRA_GOTO, 300)
			}},
		{goldenRuleDump, unix.RTM_GETRULE, Request | Dump, FibRuleHdr{Family: unix.AF_INET6}, func(*AttributeEncoder) {}},
	} {
		ae := NewAttributeEncoder()
		tt.attrs(ae)
		m := Message{Header: Header{Type: tt.typ, Flags: tt.flags, Sequence: seqOf(tt.g)}, Data: append(tt.hdr.Marshal(), ae.Encode()...)}
		if got, want := m.Marshal(), nativeBytes(t, tt.g.fields); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %x\nwant %x", tt.g.name, got, want)
		}
	}
}

// TestRuleReply reads the kernel's dump back: header fields, attributes
// (an unknown one included) and the ranges.
func TestRuleReply(t *testing.T) {
	msgs, err := ParseMessages(nativeBytes(t, goldenRuleReply.fields))
	if err != nil || len(msgs) != 3 {
		t.Fatalf("ParseMessages: %d messages, %v", len(msgs), err)
	}
	h, rest, err := UnmarshalFibRuleHdr(msgs[1].Data)
	if err != nil {
		t.Fatal(err)
	}
	if want := (FibRuleHdr{Family: unix.AF_INET6, SrcLen: 8, Table: unix.RT_TABLE_COMPAT, Action: unix.FR_ACT_TO_TBL}); h != want {
		t.Errorf("header %+v, want %+v", h, want)
	}
	attrs, err := ParseAttributes(rest)
	if err != nil {
		t.Fatal(err)
	}
	if attrs.Uint32(unix.FRA_TABLE) != 1000 || attrs.Uint32(unix.FRA_PRIORITY) != 5 || int32(attrs.Uint32(unix.FRA_SUPPRESS_PREFIXLEN)) != -1 {
		t.Errorf("table %d, priority %d, suppress %d", attrs.Uint32(unix.FRA_TABLE), attrs.Uint32(unix.FRA_PRIORITY), attrs.Uint32(unix.FRA_SUPPRESS_PREFIXLEN))
	}
	if r, ok := ParseUIDRange(attrs.Bytes(unix.FRA_UID_RANGE)); !ok || r != (Range{10, 20}) {
		t.Errorf("uid range %v %v", r, ok)
	}
	if r, ok := ParsePortRange(attrs.Bytes(unix.FRA_SPORT_RANGE)); !ok || r != (Range{80, 80}) {
		t.Errorf("sport range %v %v", r, ok)
	}
	if r, ok := ParsePortRange(attrs.Bytes(unix.FRA_DPORT_RANGE)); !ok || r != (Range{1000, 2000}) {
		t.Errorf("dport range %v %v", r, ok)
	}
	if src := attrs.Bytes(unix.FRA_SRC); len(src) != 16 || src[0] != 0xfd {
		t.Errorf("source %x", src)
	}
	if _, ok := ParseUIDRange(make([]byte, 7)); ok {
		t.Error("a 7-byte uid range was accepted")
	}
	if _, ok := ParsePortRange(make([]byte, 3)); ok {
		t.Error("a 3-byte port range was accepted")
	}
	if _, _, err := UnmarshalFibRuleHdr(make([]byte, FibRuleHdrLen-1)); err == nil {
		t.Error("a short fib_rule_hdr was accepted")
	}
}

// FuzzFibRule decodes arbitrary bytes as a rule message: the header must
// round trip (reserved bytes aside) and the ranges must never panic.
func FuzzFibRule(f *testing.F) {
	for _, g := range ruleGolden {
		f.Add(nativeBytes(f, g.fields)[HeaderLen:])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, rest, err := UnmarshalFibRuleHdr(b)
		if err != nil {
			return
		}
		want := []byte(string(b[:FibRuleHdrLen]))
		want[5], want[6] = 0, 0
		if !bytes.Equal(h.Marshal(), want) || len(rest) != len(b)-FibRuleHdrLen {
			t.Fatal("fib_rule_hdr does not round trip")
		}
		attrs, _ := ParseAttributes(rest)
		for _, typ := range []uint16{unix.FRA_UID_RANGE, unix.FRA_SPORT_RANGE, unix.FRA_DPORT_RANGE} {
			if r, ok := ParseUIDRange(attrs.Bytes(typ)); ok && !bytes.Equal(r.UIDRange(), attrs.Bytes(typ)[:8]) {
				t.Fatal("uid range does not round trip")
			}
			if r, ok := ParsePortRange(attrs.Bytes(typ)); ok && !bytes.Equal(r.PortRange(), attrs.Bytes(typ)[:4]) {
				t.Fatal("port range does not round trip")
			}
		}
	})
}

// seqOf is the sequence number of a captured request.
func seqOf(g golden) uint32 {
	b, _ := hex.DecodeString(g.capture)
	return binary.LittleEndian.Uint32(b[8:])
}

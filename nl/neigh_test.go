package nl

import (
	"bytes"
	"encoding/hex"
	"testing"

	"nsip/internal/unix"
)

// iproute2 6.1's neighbour requests and a kernel reply, captured with
// `strace -e write=3 -e read=3`.
var (
	goldenNeighAdd = golden{
		name: "ip neigh add 10.9.0.50 lladdr 02:00:00:00:00:50 dev v0 nud reachable router protocol static",
		capture: "380000001c000506b862106b0000000002000000030000000200800005000c00040000000800" +
			"01000a0900320a0002000200000000500000",
		fields: `u32:56 u16:28 u16:0x605 u32:0x6b1062b8 u32:0
		         u8:2 u8:0 u16:0 i32:3 u16:2 u8:0x80 u8:0
		         u16:5 u16:12 u8:4 pad:3
		         u16:8 u16:1 x:0a090032
		         u16:10 u16:2 x:020000000050 pad:2`,
	}
	goldenNeighProxyManaged = golden{
		name:    "ip neigh add proxy fd00::38 managed: NDA_FLAGS_EXT and state none",
		capture: "380000001c000506b862106b000000000a000000000000000000080014000100fd00000000000000000000000000003808000f0001000000",
		fields: `u32:56 u16:28 u16:0x605 u32:0x6b1062b8 u32:0
		         u8:10 u8:0 u16:0 i32:0 u16:0 u8:8 u8:0
		         u16:20 u16:1 x:fd000000000000000000000000000038
		         u16:8 u16:15 u32:1`,
	}
	goldenNeighDump = golden{
		name:    "ip neigh show dev v0: RTM_GETNEIGH dump with NDA_IFINDEX",
		capture: "240000001e000103b862106b000000000000000000000000000000000800080003000000",
		fields: `u32:36 u16:30 u16:0x301 u32:0x6b1062b8 u32:0
		         u8:0 u8:0 u16:0 i32:0 u16:0 u8:0 u8:0
		         u16:8 u16:8 u32:3`,
	}
	goldenNeighGet = golden{
		name:    "ip neigh get 10.9.0.5 dev v0: RTM_GETNEIGH with NDA_DST",
		capture: "240000001e000100b762106b00000000020000000300000000000000080001000a090005",
		fields: `u32:36 u16:30 u16:0x1 u32:0x6b1062b7 u32:0
		         u8:2 u8:0 u16:0 i32:3 u16:0 u8:0 u8:0
		         u16:8 u16:1 x:0a090005`,
	}
	goldenNeighReply = golden{
		name: "RTM_NEWNEIGH answering ip neigh get: permanent, with probes and cache info",
		capture: "4c0000001c000000b762106bbc770000020000000300000080000001080001000a0900050a00020002000000" +
			"0005000008000400000000001400030006000000060000000600000001000000",
		fields: `u32:76 u16:28 u16:0 u32:0x6b1062b7 u32:0x77bc
		         u8:2 u8:0 u16:0 i32:3 u16:0x80 u8:0 u8:1
		         u16:8 u16:1 x:0a090005
		         u16:10 u16:2 x:020000000005 pad:2
		         u16:8 u16:4 u32:0
		         u16:20 u16:3 u32:6 u32:6 u32:6 u32:1`,
	}
)

func init() {
	allGolden = append(allGolden, goldenNeighAdd, goldenNeighProxyManaged, goldenNeighDump, goldenNeighGet, goldenNeighReply)
}

// TestNeighRequestsMatchIproute2 encodes the captured requests from their
// parts and compares them with iproute2's bytes.
func TestNeighRequestsMatchIproute2(t *testing.T) {
	for _, c := range []struct {
		g     golden
		typ   HeaderType
		flags HeaderFlags
		seq   uint32
		ndm   NdMsg
		attrs func(ae *AttributeEncoder)
	}{
		{goldenNeighAdd, unix.RTM_NEWNEIGH, Request | Acknowledge | Create | Excl, 0x6b1062b8,
			NdMsg{Family: unix.AF_INET, Index: 3, State: unix.NUD_REACHABLE, Flags: unix.NTF_ROUTER},
			func(ae *AttributeEncoder) {
				ae.Uint8(NdaProtocol, unix.RTPROT_STATIC)
				ae.Bytes(unix.NDA_DST, []byte{10, 9, 0, 50})
				ae.Bytes(unix.NDA_LLADDR, []byte{2, 0, 0, 0, 0, 0x50})
			}},
		{goldenNeighProxyManaged, unix.RTM_NEWNEIGH, Request | Acknowledge | Create | Excl, 0x6b1062b8,
			NdMsg{Family: unix.AF_INET6, Flags: unix.NTF_PROXY},
			func(ae *AttributeEncoder) {
				ae.Bytes(unix.NDA_DST, []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x38})
				ae.Uint32(NdaFlagsExt, NtfExtManaged)
			}},
		{goldenNeighDump, unix.RTM_GETNEIGH, Request | Dump, 0x6b1062b8, NdMsg{},
			func(ae *AttributeEncoder) { ae.Uint32(unix.NDA_IFINDEX, 3) }},
		{goldenNeighGet, unix.RTM_GETNEIGH, Request, 0x6b1062b7, NdMsg{Family: unix.AF_INET, Index: 3},
			func(ae *AttributeEncoder) { ae.Bytes(unix.NDA_DST, []byte{10, 9, 0, 5}) }},
	} {
		ae := NewAttributeEncoder()
		c.attrs(ae)
		m := Message{Header: Header{Type: c.typ, Flags: c.flags, Sequence: c.seq}, Data: append(c.ndm.Marshal(), ae.Encode()...)}
		if got, want := m.Marshal(), nativeBytes(t, c.g.fields); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %x\nwant %x", c.g.name, got, want)
		}
	}
}

func TestNeighReplyDecodes(t *testing.T) {
	msgs, err := ParseMessages(nativeBytes(t, goldenNeighReply.fields))
	if err != nil || len(msgs) != 1 {
		t.Fatalf("ParseMessages: %d messages, %v", len(msgs), err)
	}
	ndm, rest, err := UnmarshalNdMsg(msgs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	want := NdMsg{Family: unix.AF_INET, Index: 3, State: unix.NUD_PERMANENT, NdmType: unix.RTN_UNICAST}
	if ndm != want {
		t.Errorf("ndmsg %+v, want %+v", ndm, want)
	}
	attrs, err := ParseAttributes(rest)
	if err != nil {
		t.Fatal(err)
	}
	if dst := attrs.Bytes(unix.NDA_DST); hex.EncodeToString(dst) != "0a090005" {
		t.Errorf("NDA_DST %x", dst)
	}
	ci, ok := UnmarshalNdaCacheInfo(attrs.Bytes(unix.NDA_CACHEINFO))
	if !ok || ci != (NdaCacheInfo{Confirmed: 6, Used: 6, Updated: 6, RefCount: 1}) {
		t.Errorf("cache info %+v, %v", ci, ok)
	}
	if _, ok := UnmarshalNdaCacheInfo(make([]byte, 15)); ok {
		t.Error("a 15-byte NDA_CACHEINFO decoded")
	}
	if _, _, err := UnmarshalNdMsg(make([]byte, NdMsgLen-1)); err == nil {
		t.Error("an 11-byte ndmsg decoded")
	}
}

func FuzzUnmarshalNdMsg(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, rest, err := UnmarshalNdMsg(b); err == nil {
			want := []byte(string(b[:NdMsgLen]))
			want[1], want[2], want[3] = 0, 0, 0 // ndm_pad1, ndm_pad2
			if !bytes.Equal(m.Marshal(), want) || len(rest) != len(b)-NdMsgLen {
				t.Fatal("ndmsg does not round trip")
			}
		}
		if ci, ok := UnmarshalNdaCacheInfo(b); ok != (len(b) >= ndaCacheInfoLen) ||
			(ok && ci.RefCount != payloadUint32(b[12:16])) {
			t.Fatal("nda_cacheinfo misread")
		}
	})
}

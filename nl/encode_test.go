package nl

import (
	"bytes"
	"testing"

	"nsip/internal/unix"
)

func request(typ HeaderType, flags HeaderFlags, seq uint32, header []byte, ae *AttributeEncoder) Message {
	data := header
	if ae != nil {
		data = append(data, ae.Encode()...)
	}
	return Message{Header: Header{Type: typ, Flags: flags, Sequence: seq}, Data: data}
}

func TestEncodeMatchesIproute2(t *testing.T) {
	tests := []struct {
		golden golden
		build  func() Message
	}{
		{goldenLinkDump, func() Message {
			ae := NewAttributeEncoder()
			ae.Uint32(unix.IFLA_EXT_MASK, ExtFilterVF)
			return request(unix.RTM_GETLINK, Request|Dump, 0x6b0af13a,
				IfInfoMsg{Family: unix.AF_PACKET}.Marshal(), ae)
		}},
		{goldenLinkGetByName, func() Message {
			ae := NewAttributeEncoder()
			ae.String(unix.IFLA_IFNAME, "lo")
			ae.Uint32(unix.IFLA_EXT_MASK, ExtFilterVF)
			return request(unix.RTM_GETLINK, Request, 0x6b0af13a,
				IfInfoMsg{Family: unix.AF_PACKET}.Marshal(), ae)
		}},
		{goldenLinkDumpFiltered, func() Message {
			ae := NewAttributeEncoder()
			ae.Uint32(unix.IFLA_EXT_MASK, ExtFilterVF)
			ae.Uint32(unix.IFLA_MASTER, 2)
			ae.Nest(unix.IFLA_LINKINFO)
			ae.Bytes(unix.IFLA_INFO_KIND, []byte("veth"))
			ae.End()
			return request(unix.RTM_GETLINK, Request|Dump, 0x6b0af13a,
				IfInfoMsg{Family: unix.AF_PACKET}.Marshal(), ae)
		}},
		{goldenAddrDump, func() Message {
			return request(unix.RTM_GETADDR, Request|Dump, 0x6b0af13b,
				IfAddrMsg{Family: unix.AF_INET, Index: 1}.Marshal(), nil)
		}},
		{goldenRouteDump, func() Message {
			ae := NewAttributeEncoder()
			ae.Uint32(unix.RTA_TABLE, 1000)
			return request(unix.RTM_GETROUTE, Request|Dump, 0x6b0af13a,
				RtMsg{Family: unix.AF_INET}.Marshal(), ae)
		}},
		{goldenGetNSID, func() Message {
			ae := NewAttributeEncoder()
			ae.Uint32(unix.NETNSA_FD, 6)
			return request(unix.RTM_GETNSID, Request, 0x6b0af13a, RtGenMsg{}.Marshal(), ae)
		}},
		{goldenVethCreate, func() Message {
			ae := NewAttributeEncoder()
			ae.String(unix.IFLA_IFNAME, "v0")
			ae.Nest(unix.IFLA_LINKINFO)
			ae.Bytes(unix.IFLA_INFO_KIND, []byte("veth"))
			ae.Nest(unix.IFLA_INFO_DATA)
			ae.Nest(VethInfoPeer)
			ae.Raw(IfInfoMsg{}.Marshal())
			ae.String(unix.IFLA_IFNAME, "v1")
			ae.End()
			ae.End()
			ae.End()
			return request(unix.RTM_NEWLINK, Request|Acknowledge|Excl|Create, 0x6b0af165,
				IfInfoMsg{}.Marshal(), ae)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden.name, func(t *testing.T) {
			got := tt.build().Marshal()
			want := nativeBytes(t, tt.golden.fields)
			if !bytes.Equal(got, want) {
				t.Errorf("encoded\n got %x\nwant %x", got, want)
			}
		})
	}
}

func TestAttributeEncoderPadsAndNests(t *testing.T) {
	ae := NewAttributeEncoder()
	ae.Uint8(1, 0xab)
	ae.Nest(2)
	ae.Uint16(3, 0x1234)
	ae.End()
	got := ae.Encode()
	want := nativeBytes(t, `u16:5 u16:1 u8:0xab pad:3
	                        u16:12 u16:2 u16:6 u16:3 u16:0x1234 pad:2`)
	if !bytes.Equal(got, want) {
		t.Errorf("got %x, want %x", got, want)
	}
}

func TestEncodeOpenNestPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Encode with an open nest did not panic")
		}
	}()
	ae := NewAttributeEncoder()
	ae.Nest(1)
	ae.Encode()
}

package nl

import (
	"bytes"
	"errors"
	"testing"

	"nsip/internal/unix"
)

func TestParseAddressReply(t *testing.T) {
	msgs, err := ParseMessages(nativeBytes(t, goldenAddrReply.fields))
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 {
		t.Fatalf("got %d messages, want RTM_NEWADDR and NLMSG_DONE", len(msgs))
	}
	m := msgs[0]
	if m.Header.Type != unix.RTM_NEWADDR || m.Header.Flags != Multi|DumpFiltered || m.Header.PID != 0xf9f {
		t.Errorf("header = %+v", m.Header)
	}
	ifa, rest, err := UnmarshalIfAddrMsg(m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if want := (IfAddrMsg{Family: unix.AF_INET, PrefixLen: 8, Flags: 0x80, Scope: unix.RT_SCOPE_HOST, Index: 1}); ifa != want {
		t.Errorf("ifaddrmsg = %+v, want %+v", ifa, want)
	}
	attrs, err := ParseAttributes(rest)
	if err != nil {
		t.Fatal(err)
	}
	if got := attrs.Bytes(unix.IFA_LOCAL); !bytes.Equal(got, []byte{127, 0, 0, 1}) {
		t.Errorf("IFA_LOCAL = %v", got)
	}
	if got := attrs.String(unix.IFA_LABEL); got != "lo" {
		t.Errorf("IFA_LABEL = %q", got)
	}
	if got := attrs.Uint32(unix.IFA_FLAGS); got != unix.IFA_F_PERMANENT {
		t.Errorf("IFA_FLAGS = %#x", got)
	}
	if got := attrs.Uint32(unix.IFA_CACHEINFO); got != 0xffffffff {
		t.Errorf("first word of IFA_CACHEINFO = %#x", got)
	}
	if msgs[1].Header.Type != Done {
		t.Errorf("second message type %d, want NLMSG_DONE", msgs[1].Header.Type)
	}
	if ack, err := ParseAck(msgs[1]); err != nil || ack.Errno != 0 {
		t.Errorf("NLMSG_DONE = %+v, %v", ack, err)
	}
}

func TestParseRouteReply(t *testing.T) {
	msgs, err := ParseMessages(nativeBytes(t, goldenRouteReply.fields))
	if err != nil {
		t.Fatal(err)
	}
	wantDst := [][]byte{{127, 0, 0, 0}, {127, 0, 0, 1}, {127, 255, 255, 255}}
	wantType := []uint8{unix.RTN_LOCAL, unix.RTN_LOCAL, unix.RTN_BROADCAST}
	if len(msgs) != len(wantDst) {
		t.Fatalf("got %d messages, want %d", len(msgs), len(wantDst))
	}
	for i, m := range msgs {
		rtm, rest, err := UnmarshalRtMsg(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		if rtm.Table != unix.RT_TABLE_LOCAL || rtm.Protocol != unix.RTPROT_KERNEL || rtm.Type != wantType[i] {
			t.Errorf("route %d: rtmsg = %+v", i, rtm)
		}
		attrs, err := ParseAttributes(rest)
		if err != nil {
			t.Fatal(err)
		}
		if got := attrs.Bytes(unix.RTA_DST); !bytes.Equal(got, wantDst[i]) {
			t.Errorf("route %d: RTA_DST = %v, want %v", i, got, wantDst[i])
		}
		if attrs.Uint32(unix.RTA_TABLE) != 255 || attrs.Uint32(unix.RTA_OIF) != 1 {
			t.Errorf("route %d: RTA_TABLE %d RTA_OIF %d", i, attrs.Uint32(unix.RTA_TABLE), attrs.Uint32(unix.RTA_OIF))
		}
	}
}

func TestParseAckCarriesExtendedAck(t *testing.T) {
	msgs, err := ParseMessages(nativeBytes(t, goldenDumpError.fields))
	if err != nil || len(msgs) != 1 {
		t.Fatalf("ParseMessages = %d messages, %v", len(msgs), err)
	}
	ack, err := ParseAck(msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ack.Errno != unix.ENOENT || ack.Message != "ipv4: FIB table does not exist" {
		t.Errorf("ack = %+v", ack)
	}
}

func TestParseAckOfError(t *testing.T) {
	echoed := Message{Header: Header{Type: unix.RTM_NEWLINK, Flags: Request | Acknowledge, Sequence: 7},
		Data: IfInfoMsg{Index: 9}.Marshal()}.Marshal()
	extack := NewAttributeEncoder()
	extack.String(extAckMsg, "Unknown device type")
	tests := []struct {
		name  string
		flags HeaderFlags
		data  []byte
		want  Ack
	}{
		{"plain error", 0, append(nativeBytes(t, "i32:-95"), echoed...), Ack{Errno: unix.EOPNOTSUPP}},
		{"error with extack after the whole request", AckTLVs,
			append(append(nativeBytes(t, "i32:-95"), echoed...), extack.Encode()...),
			Ack{Errno: unix.EOPNOTSUPP, Message: "Unknown device type"}},
		{"capped error with extack after the header", AckTLVs | Capped,
			append(append(nativeBytes(t, "i32:-95"), echoed[:HeaderLen]...), extack.Encode()...),
			Ack{Errno: unix.EOPNOTSUPP, Message: "Unknown device type"}},
		{"success with a warning", AckTLVs | Capped,
			append(append(nativeBytes(t, "i32:0"), echoed[:HeaderLen]...), extack.Encode()...),
			Ack{Message: "Unknown device type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAck(Message{Header: Header{Type: Error, Flags: tt.flags}, Data: tt.data})
			if err != nil || got != tt.want {
				t.Errorf("ParseAck = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestOpErrorUnwrapsToErrno(t *testing.T) {
	var err error = &OpError{Errno: unix.ENODEV, Message: "no such thing"}
	if !errors.Is(err, unix.ENODEV) {
		t.Error("errors.Is(OpError, ENODEV) is false")
	}
	var errno unix.Errno
	if !errors.As(err, &errno) || errno != unix.ENODEV {
		t.Errorf("errors.As gave %v", errno)
	}
}

func TestParseMessagesRejectsMalformed(t *testing.T) {
	tests := []struct {
		name   string
		fields string
	}{
		{"short header", "u32:16 u16:3"},
		{"length below header", "u32:8 u16:3 u16:0 u32:0 u32:0"},
		{"length past the datagram", "u32:40 u16:3 u16:0 u32:0 u32:0 pad:4"},
		{"second message cut", "u32:16 u16:3 u16:0 u32:0 u32:0 u32:20 u16:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseMessages(nativeBytes(t, tt.fields)); !errors.Is(err, ErrMalformed) {
				t.Errorf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestAttributeDecoder(t *testing.T) {
	tests := []struct {
		name      string
		fields    string
		wantTypes []uint16
		wantErr   bool
	}{
		{"padded", "u16:5 u16:1 u8:7 pad:3 u16:8 u16:2 u32:9", []uint16{1, 2}, false},
		{"final attribute unpadded", "u16:8 u16:2 u32:9 u16:5 u16:1 u8:7", []uint16{2, 1}, false},
		{"flag bits masked", "u16:4 u16:0x8003", []uint16{3}, false},
		{"empty", "", nil, false},
		{"length past the end", "u16:12 u16:1 u32:0", nil, true},
		{"length below header", "u16:2 u16:1", nil, true},
		{"trailing garbage", "u16:4 u16:1 u8:1 u8:2", []uint16{1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ad := NewAttributeDecoder(nativeBytes(t, tt.fields))
			var types []uint16
			for ad.Next() {
				types = append(types, ad.Type())
			}
			if (ad.Err() != nil) != tt.wantErr {
				t.Errorf("Err() = %v, want error %v", ad.Err(), tt.wantErr)
			}
			if !equalTypes(types, tt.wantTypes) {
				t.Errorf("types = %v, want %v", types, tt.wantTypes)
			}
		})
	}
}

func equalTypes(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseAttributesKeepsFirst(t *testing.T) {
	attrs, err := ParseAttributes(nativeBytes(t, "u16:8 u16:4 u32:1 u16:8 u16:4 u32:2"))
	if err != nil {
		t.Fatal(err)
	}
	if got := attrs.Uint32(4); got != 1 {
		t.Errorf("Uint32(4) = %d, want the first one, 1", got)
	}
	if attrs.Has(5) || attrs.Uint32(5) != 0 || attrs.Bytes(5) != nil {
		t.Error("absent attribute reads as present")
	}
}

// TestParseAttributesInReusesRoom: a parse into a room allocates nothing
// and forgets what the previous parse into it found; a type past the
// room still parses.
func TestParseAttributesInReusesRoom(t *testing.T) {
	var room [LinkRoom][]byte
	first := nativeBytes(t, "u16:8 u16:3 u32:1 u16:8 u16:7 u32:2")
	second := nativeBytes(t, "u16:8 u16:5 u32:3")
	if allocs := testing.AllocsPerRun(10, func() { ParseAttributesIn(room[:], first) }); allocs != 0 {
		t.Errorf("ParseAttributesIn allocates %v times", allocs)
	}
	attrs, _ := ParseAttributesIn(room[:], second)
	if attrs.Has(3) || attrs.Has(7) || attrs.Uint32(5) != 3 {
		t.Errorf("second parse: 3 %v, 7 %v, 5 = %d", attrs.Has(3), attrs.Has(7), attrs.Uint32(5))
	}
	beyond := nativeBytes(t, "u16:8 u16:200 u32:4")
	if attrs, _ := ParseAttributesIn(room[:], beyond); attrs.Uint32(200) != 4 {
		t.Errorf("type 200 past the room = %d", attrs.Uint32(200))
	}
}

func TestShortPayloadsReadAsZero(t *testing.T) {
	attrs, err := ParseAttributes(nativeBytes(t, "u16:6 u16:1 u16:0xffff pad:2"))
	if err != nil {
		t.Fatal(err)
	}
	if attrs.Uint32(1) != 0 || attrs.Uint64(1) != 0 || attrs.Uint16(1) != 0xffff {
		t.Errorf("short payload: u32 %d u64 %d u16 %d", attrs.Uint32(1), attrs.Uint64(1), attrs.Uint16(1))
	}
}

func TestHeadersRoundTrip(t *testing.T) {
	ifi := IfInfoMsg{Family: 17, Type: 772, Index: -3, Flags: 0x11043, Change: 1}
	if got, _, err := UnmarshalIfInfoMsg(ifi.Marshal()); err != nil || got != ifi {
		t.Errorf("ifinfomsg round trip = %+v, %v", got, err)
	}
	ifa := IfAddrMsg{Family: 10, PrefixLen: 64, Flags: 0x80, Scope: 253, Index: 4}
	if got, _, err := UnmarshalIfAddrMsg(ifa.Marshal()); err != nil || got != ifa {
		t.Errorf("ifaddrmsg round trip = %+v, %v", got, err)
	}
	rtm := RtMsg{Family: 2, DstLen: 24, Table: 254, Protocol: 4, Scope: 253, Type: 1, Flags: 0x10}
	if got, _, err := UnmarshalRtMsg(rtm.Marshal()); err != nil || got != rtm {
		t.Errorf("rtmsg round trip = %+v, %v", got, err)
	}
	if got, rest, err := UnmarshalRtGenMsg(RtGenMsg{Family: 2}.Marshal()); err != nil || got.Family != 2 || len(rest) != 0 {
		t.Errorf("rtgenmsg round trip = %+v, %d bytes left, %v", got, len(rest), err)
	}
	for _, short := range [][]byte{nil, make([]byte, 3)} {
		if _, _, err := UnmarshalIfInfoMsg(short); err == nil {
			t.Error("short ifinfomsg accepted")
		}
		if _, _, err := UnmarshalIfAddrMsg(short[:min(len(short), 2)]); err == nil {
			t.Error("short ifaddrmsg accepted")
		}
		if _, _, err := UnmarshalRtMsg(short); err == nil {
			t.Error("short rtmsg accepted")
		}
	}
}

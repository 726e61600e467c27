package nl

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// The committed corpus under testdata/fuzz holds the golden captures; these
// add the same seeds for plain `go test` runs.
func addGoldenSeeds(f *testing.F) {
	for _, g := range allGolden {
		f.Add(nativeBytes(f, g.fields))
	}
}

func FuzzParseMessages(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, err := ParseMessages(b)
		if err != nil {
			return
		}
		for _, m := range msgs {
			if int(m.Header.Length) != HeaderLen+len(m.Data) {
				t.Fatalf("header length %d, payload %d", m.Header.Length, len(m.Data))
			}
			// A message re-encodes to the bytes it came from.
			again, err := ParseMessages(m.Marshal())
			if err != nil || len(again) != 1 || string(again[0].Data) != string(m.Data) {
				t.Fatalf("round trip of %+v failed: %v", m.Header, err)
			}
		}
	})
}

func FuzzAttributeDecoder(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		walk(b, 0)
		attrs, err := ParseAttributes(b)
		sameAsDecoder(t, b, attrs, err)
		for typ := range uint16(64) {
			attrs.Uint8(typ)
			attrs.Uint16(typ)
			attrs.Uint32(typ)
			attrs.Uint64(typ)
			_ = attrs.String(typ)
			attrs.Nested(typ)
		}
	})
}

// sameAsDecoder checks that ParseAttributes, which walks the list itself,
// keeps what AttributeDecoder reads: the first payload of each type, and
// the same error.
func sameAsDecoder(t *testing.T, b []byte, attrs Attributes, err error) {
	first := map[uint16][]byte{}
	ad := NewAttributeDecoder(b)
	for ad.Next() {
		if _, seen := first[ad.Type()]; !seen && ad.Type() <= maxIndexedType {
			first[ad.Type()] = ad.Bytes()
		}
	}
	if err != ad.Err() {
		t.Fatalf("ParseAttributes error %v, AttributeDecoder %v", err, ad.Err())
	}
	for typ := range uint16(maxIndexedType + 1) {
		want, got := first[typ], attrs.Bytes(typ)
		if (want == nil) != (got == nil) || !bytes.Equal(want, got) {
			t.Fatalf("type %d: ParseAttributes %x, AttributeDecoder %x", typ, got, want)
		}
	}
}

// walk decodes every attribute, and every payload again as if it were
// nested, a few levels deep.
func walk(b []byte, depth int) {
	ad := NewAttributeDecoder(b)
	for ad.Next() {
		ad.Uint8()
		ad.Uint16()
		ad.Uint32()
		_ = ad.String()
		if depth < 4 {
			walk(ad.Bytes(), depth+1)
		}
	}
}

func FuzzParseAck(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, err := ParseMessages(b)
		if err != nil {
			return
		}
		for _, m := range msgs {
			for _, typ := range []HeaderType{Error, Done} {
				m.Header.Type = typ
				ParseAck(m)
			}
		}
	})
}

func FuzzUnmarshalHeaders(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, rest, err := UnmarshalIfInfoMsg(b); err == nil {
			want := []byte(string(b[:IfInfoMsgLen]))
			want[1] = 0 // ifi_pad
			if string(m.Marshal()) != string(want) || len(rest) != len(b)-IfInfoMsgLen {
				t.Fatal("ifinfomsg does not round trip")
			}
		}
		if m, rest, err := UnmarshalIfAddrMsg(b); err == nil {
			if string(m.Marshal()) != string(b[:IfAddrMsgLen]) || len(rest) != len(b)-IfAddrMsgLen {
				t.Fatal("ifaddrmsg does not round trip")
			}
		}
		if m, rest, err := UnmarshalRtMsg(b); err == nil {
			if string(m.Marshal()) != string(b[:RtMsgLen]) || len(rest) != len(b)-RtMsgLen {
				t.Fatal("rtmsg does not round trip")
			}
		}
		UnmarshalRtGenMsg(b)
	})
}

// FuzzMessageFile reads arbitrary bytes as an rtmon file: every message it
// returns fits its header's length, and reading ends with io.EOF or one of
// the documented faults, never a panic or a loop.
func FuzzMessageFile(f *testing.F) {
	f.Add(nativeBytes(f, rtmonFields))
	f.Add(nativeBytes(f, rtmonFields)[:20])
	f.Fuzz(func(t *testing.T, b []byte) {
		mf := NewMessageFile(bytes.NewReader(b))
		for range len(b)/HeaderLen + 1 {
			m, err := mf.Next()
			if err != nil {
				var malformed *MalformedError
				if err != io.EOF && err != ErrFileTruncated && !errors.As(err, &malformed) {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if int(m.Header.Length) != HeaderLen+len(m.Data) {
				t.Fatalf("header length %d, payload %d", m.Header.Length, len(m.Data))
			}
		}
		t.Fatalf("more messages than %d bytes hold", len(b))
	})
}

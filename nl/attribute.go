package nl

import (
	"slices"

	"nsip/internal/endian"
)

// Attribute type bits that are flags, not part of the type number.
const (
	AttrNested       uint16 = 0x8000
	AttrNetByteOrder uint16 = 0x4000
	attrTypeMask            = 0x3fff
)

const attrHeaderLen = 4

// An AttributeEncoder appends attributes to a buffer, padding each to four
// bytes. Nest opens a nested attribute; End closes the innermost one. Its
// methods are kept out of line: requests are built once each, and hundreds
// of call sites would each grow by an inlined copy.
type AttributeEncoder struct {
	b     []byte
	nests []int
}

// NewAttributeEncoder returns an empty encoder.
//
//go:noinline
func NewAttributeEncoder() *AttributeEncoder { return &AttributeEncoder{} }

// header appends an attribute header and room for its payload, which it
// returns. Requests are built once each, so it is kept out of line: inlined
// into every call site it would only grow the binary.
//
//go:noinline
func (ae *AttributeEncoder) header(typ uint16, payloadLen int) []byte {
	start := len(ae.b)
	ae.b = append(ae.b, make([]byte, align(attrHeaderLen+payloadLen))...)
	endian.Native.PutUint16(ae.b[start:], uint16(attrHeaderLen+payloadLen))
	endian.Native.PutUint16(ae.b[start+2:], typ)
	return ae.b[start+attrHeaderLen : start+attrHeaderLen+payloadLen]
}

// Bytes appends an attribute holding b as it is.
//
//go:noinline
func (ae *AttributeEncoder) Bytes(typ uint16, b []byte) { copy(ae.header(typ, len(b)), b) }

// String appends s with the terminating NUL the kernel expects of names.
//
//go:noinline
func (ae *AttributeEncoder) String(typ uint16, s string) {
	copy(ae.header(typ, len(s)+1), s)
}

// Uint8 appends a one-byte attribute.
//
//go:noinline
func (ae *AttributeEncoder) Uint8(typ uint16, v uint8) { ae.header(typ, 1)[0] = v }

// Uint16 appends a two-byte attribute in host byte order.
//
//go:noinline
func (ae *AttributeEncoder) Uint16(typ uint16, v uint16) {
	endian.Native.PutUint16(ae.header(typ, 2), v)
}

// Uint32 appends a four-byte attribute in host byte order.
//
//go:noinline
func (ae *AttributeEncoder) Uint32(typ uint16, v uint32) {
	endian.Native.PutUint32(ae.header(typ, 4), v)
}

// Uint64 appends an eight-byte attribute in host byte order.
func (ae *AttributeEncoder) Uint64(typ uint16, v uint64) {
	endian.Native.PutUint64(ae.header(typ, 8), v)
}

// Raw appends b without an attribute header. VETH_INFO_PEER needs it: its
// payload starts with the peer's ifinfomsg, ahead of the peer's attributes.
func (ae *AttributeEncoder) Raw(b []byte) {
	ae.b = append(ae.b, make([]byte, align(len(b)))...)
	copy(ae.b[len(ae.b)-align(len(b)):], b)
}

// Nest opens a nested attribute; the attributes appended until the matching
// End become its payload. The type is sent as given: rtnetlink, like
// iproute2, does not set AttrNested.
//
//go:noinline
func (ae *AttributeEncoder) Nest(typ uint16) {
	ae.nests = append(ae.nests, len(ae.b))
	ae.header(typ, 0)
}

// End closes the innermost open nest.
//
//go:noinline
func (ae *AttributeEncoder) End() {
	start := ae.nests[len(ae.nests)-1]
	ae.nests = ae.nests[:len(ae.nests)-1]
	endian.Native.PutUint16(ae.b[start:], uint16(len(ae.b)-start))
}

// Encode returns the attributes appended so far. Every Nest must be closed.
//
//go:noinline
func (ae *AttributeEncoder) Encode() []byte {
	if len(ae.nests) != 0 {
		panic("nl: Encode with an open nest")
	}
	return ae.b
}

// An AttributeDecoder walks an attribute list:
//
//	ad := nl.NewAttributeDecoder(b)
//	for ad.Next() {
//		switch ad.Type() { ... }
//	}
//	if err := ad.Err(); err != nil { ... }
//
// A final attribute without its alignment padding is accepted. Bytes that
// cannot hold an attribute stop the walk and set Err to ErrMalformed.
type AttributeDecoder struct {
	b    []byte
	typ  uint16
	data []byte
	err  error
}

// NewAttributeDecoder returns a decoder over b. It does not copy b.
func NewAttributeDecoder(b []byte) *AttributeDecoder { return &AttributeDecoder{b: b} }

// Next advances to the next attribute and reports whether there is one.
func (ad *AttributeDecoder) Next() bool {
	if ad.err != nil || len(ad.b) == 0 {
		return false
	}
	if len(ad.b) < attrHeaderLen {
		ad.err = ErrMalformed
		return false
	}
	n := int(endian.Native.Uint16(ad.b))
	if n < attrHeaderLen || n > len(ad.b) {
		ad.err = ErrMalformed
		return false
	}
	ad.typ = endian.Native.Uint16(ad.b[2:]) & attrTypeMask
	ad.data = ad.b[attrHeaderLen:n:n]
	ad.b = ad.b[min(align(n), len(ad.b)):]
	return true
}

// Err reports why the walk stopped early, if it did.
func (ad *AttributeDecoder) Err() error { return ad.err }

// Type is the current attribute's type without the nested and byte-order flags.
func (ad *AttributeDecoder) Type() uint16 { return ad.typ }

// Bytes is the current attribute's payload; it aliases the decoded buffer.
func (ad *AttributeDecoder) Bytes() []byte { return ad.data }

// Uint8 is the payload as a byte, or 0 when it is too short.
func (ad *AttributeDecoder) Uint8() uint8 { return payloadUint8(ad.data) }

// Uint16 is the payload as a host-order uint16, or 0 when it is too short.
func (ad *AttributeDecoder) Uint16() uint16 { return payloadUint16(ad.data) }

// Uint32 is the payload as a host-order uint32, or 0 when it is too short.
func (ad *AttributeDecoder) Uint32() uint32 { return payloadUint32(ad.data) }

// String is the payload up to its first NUL.
func (ad *AttributeDecoder) String() string { return payloadString(ad.data) }

func payloadUint8(b []byte) uint8 {
	if len(b) < 1 {
		return 0
	}
	return b[0]
}

func payloadUint16(b []byte) uint16 {
	if len(b) < 2 {
		return 0
	}
	return endian.Native.Uint16(b)
}

func payloadUint32(b []byte) uint32 {
	if len(b) < 4 {
		return 0
	}
	return endian.Native.Uint32(b)
}

func payloadUint64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return endian.Native.Uint64(b)
}

func payloadString(b []byte) string {
	if i := slices.Index(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// Attributes holds the first attribute of each type in a list, the way
// iproute2's parse_rtattr keeps them, for code that looks attributes up by
// type rather than walking them. Types above maxIndexedType, which no
// rtnetlink attribute has, are not kept.
//
// The lookups are kept out of line (go:noinline): a printer makes a
// hundred of them, and inlined they would cost more binary than they save
// time.
type Attributes struct {
	// byType[t] is the payload of type t; nil when absent. A present but
	// empty payload is an empty slice, not nil.
	byType [][]byte
}

const maxIndexedType = 1023

// The lengths of rooms for ParseAttributesIn that hold the attribute
// types of a kind of message without growing: Linux 6.x's reach near 70
// for links (IFLA_*), 30 for routes (RTA_*, and the RTAX_* metrics), 17
// for neighbours (NDA_*) and 12 for addresses (IFA_*). A newer kernel's
// higher types still parse, into an index that grows.
const (
	LinkRoom    = 80
	RouteRoom   = 40
	NeighRoom   = 24
	AddressRoom = 16
)

// ParseAttributes indexes the attributes in b. The payloads alias b. On
// malformed input it returns what it read before the fault and the error.
//
//go:noinline
func ParseAttributes(b []byte) (Attributes, error) { return ParseAttributesIn(nil, b) }

// ParseAttributesIn is ParseAttributes with the index kept in room while
// the types fit there: a printer that parses one message at a time
// declares the room as an array of its own, which stays on its stack, and
// parses without allocating. The Attributes use room until the next parse
// into it.
func ParseAttributesIn(room [][]byte, b []byte) (Attributes, error) {
	a := Attributes{byType: room[:0]}
	// The walk of AttributeDecoder.Next, written out: a link dump parses
	// seventy attributes a link.
	for len(b) > 0 {
		if len(b) < attrHeaderLen {
			return a, ErrMalformed
		}
		n := int(endian.Native.Uint16(b))
		if n < attrHeaderLen || n > len(b) {
			return a, ErrMalformed
		}
		t := int(endian.Native.Uint16(b[2:]) & attrTypeMask)
		if t <= maxIndexedType {
			if t >= len(a.byType) {
				// Within room's capacity this clears, without allocating.
				a.byType = append(a.byType, make([][]byte, t+1-len(a.byType))...)
			}
			if a.byType[t] == nil {
				// Never nil, even when empty: it slices the non-empty b.
				a.byType[t] = b[attrHeaderLen:n:n]
			}
		}
		b = b[min(align(n), len(b)):]
	}
	return a, nil
}

// Bytes is the payload of typ, or nil when absent.
//
//go:noinline
func (a Attributes) Bytes(typ uint16) []byte {
	if int(typ) >= len(a.byType) {
		return nil
	}
	return a.byType[typ]
}

// Has reports whether an attribute of type typ was present.
//
//go:noinline
func (a Attributes) Has(typ uint16) bool { return a.Bytes(typ) != nil }

// Uint8 is the payload of typ as a byte; 0 when absent or short.
//
//go:noinline
func (a Attributes) Uint8(typ uint16) uint8 { return payloadUint8(a.Bytes(typ)) }

// Uint16 is the payload of typ as a host-order uint16; 0 when absent or short.
//
//go:noinline
func (a Attributes) Uint16(typ uint16) uint16 { return payloadUint16(a.Bytes(typ)) }

// Uint32 is the payload of typ as a host-order uint32; 0 when absent or short.
//
//go:noinline
func (a Attributes) Uint32(typ uint16) uint32 { return payloadUint32(a.Bytes(typ)) }

// Uint64 is the payload of typ as a host-order uint64; 0 when absent or short.
//
//go:noinline
func (a Attributes) Uint64(typ uint16) uint64 { return payloadUint64(a.Bytes(typ)) }

// String is the payload of typ up to its first NUL; "" when absent.
//
//go:noinline
func (a Attributes) String(typ uint16) string { return payloadString(a.Bytes(typ)) }

// Nested indexes the attributes inside typ's payload.
func (a Attributes) Nested(typ uint16) (Attributes, error) {
	return ParseAttributes(a.Bytes(typ))
}

package nl

import "nsip/internal/endian"

// FibRuleHdr is struct fib_rule_hdr, the header of RTM_*RULE messages.
type FibRuleHdr struct {
	Family uint8
	DstLen uint8
	SrcLen uint8
	TOS    uint8
	Table  uint8 // RT_TABLE_UNSPEC when the id needs FRA_TABLE
	Action uint8 // FR_ACT_*
	Flags  uint32
}

// FibRuleHdrLen is the size of struct fib_rule_hdr.
const FibRuleHdrLen = 12

// Marshal encodes h; the two reserved bytes are zero.
//
//go:noinline
func (h FibRuleHdr) Marshal() []byte {
	b := make([]byte, FibRuleHdrLen)
	b[0], b[1], b[2], b[3], b[4], b[7] = h.Family, h.DstLen, h.SrcLen, h.TOS, h.Table, h.Action
	endian.Native.PutUint32(b[8:], h.Flags)
	return b
}

// UnmarshalFibRuleHdr decodes the header at the start of b and returns the
// attribute bytes after it.
func UnmarshalFibRuleHdr(b []byte) (FibRuleHdr, []byte, error) {
	if len(b) < FibRuleHdrLen {
		return FibRuleHdr{}, nil, ErrMalformed
	}
	return FibRuleHdr{
		Family: b[0], DstLen: b[1], SrcLen: b[2], TOS: b[3], Table: b[4], Action: b[7],
		Flags: endian.Native.Uint32(b[8:]),
	}, b[FibRuleHdrLen:], nil
}

// Range is struct fib_rule_port_range (16-bit bounds) or struct
// fib_rule_uid_range (32-bit bounds), the payloads of FRA_SPORT_RANGE,
// FRA_DPORT_RANGE and FRA_UID_RANGE.
type Range struct{ Start, End uint32 }

// PortRange encodes r as struct fib_rule_port_range.
func (r Range) PortRange() []byte {
	b := make([]byte, 4)
	endian.Native.PutUint16(b, uint16(r.Start))
	endian.Native.PutUint16(b[2:], uint16(r.End))
	return b
}

// UIDRange encodes r as struct fib_rule_uid_range.
func (r Range) UIDRange() []byte {
	b := make([]byte, 8)
	endian.Native.PutUint32(b, r.Start)
	endian.Native.PutUint32(b[4:], r.End)
	return b
}

// ParsePortRange decodes a fib_rule_port_range; ok is false when b is too
// short to hold one.
func ParsePortRange(b []byte) (r Range, ok bool) {
	if len(b) < 4 {
		return r, false
	}
	return Range{uint32(endian.Native.Uint16(b)), uint32(endian.Native.Uint16(b[2:]))}, true
}

// ParseUIDRange decodes a fib_rule_uid_range; ok is false when b is too
// short to hold one.
func ParseUIDRange(b []byte) (r Range, ok bool) {
	if len(b) < 8 {
		return r, false
	}
	return Range{endian.Native.Uint32(b), endian.Native.Uint32(b[4:])}, true
}

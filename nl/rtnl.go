package nl

import "nsip/internal/endian"

// The rtnetlink family headers. Each marshals to its C layout, padded to the
// four bytes the attributes after it start on, and each Unmarshal returns the
// bytes after the header, where the attributes are.

// IfInfoMsg is struct ifinfomsg, the header of RTM_*LINK messages.
type IfInfoMsg struct {
	Family uint8
	Type   uint16 // ARPHRD_*
	Index  int32
	Flags  uint32 // IFF_*
	Change uint32 // which Flags bits a request changes
}

// IfInfoMsgLen is the size of struct ifinfomsg.
const IfInfoMsgLen = 16

// Marshal encodes m.
//
//go:noinline
func (m IfInfoMsg) Marshal() []byte {
	b := make([]byte, IfInfoMsgLen)
	b[0] = m.Family
	endian.Native.PutUint16(b[2:], m.Type)
	endian.Native.PutUint32(b[4:], uint32(m.Index))
	endian.Native.PutUint32(b[8:], m.Flags)
	endian.Native.PutUint32(b[12:], m.Change)
	return b
}

// UnmarshalIfInfoMsg decodes the header at the start of b and returns the
// attribute bytes after it.
//
//go:noinline
func UnmarshalIfInfoMsg(b []byte) (IfInfoMsg, []byte, error) {
	if len(b) < IfInfoMsgLen {
		return IfInfoMsg{}, nil, ErrMalformed
	}
	return IfInfoMsg{
		Family: b[0],
		Type:   endian.Native.Uint16(b[2:]),
		Index:  int32(endian.Native.Uint32(b[4:])),
		Flags:  endian.Native.Uint32(b[8:]),
		Change: endian.Native.Uint32(b[12:]),
	}, b[IfInfoMsgLen:], nil
}

// IfAddrMsg is struct ifaddrmsg, the header of RTM_*ADDR messages.
type IfAddrMsg struct {
	Family    uint8
	PrefixLen uint8
	Flags     uint8 // IFA_F_* that fit in eight bits; IFA_FLAGS holds all
	Scope     uint8
	Index     uint32
}

// IfAddrMsgLen is the size of struct ifaddrmsg.
const IfAddrMsgLen = 8

// Marshal encodes m.
//
//go:noinline
func (m IfAddrMsg) Marshal() []byte {
	b := make([]byte, IfAddrMsgLen)
	b[0], b[1], b[2], b[3] = m.Family, m.PrefixLen, m.Flags, m.Scope
	endian.Native.PutUint32(b[4:], m.Index)
	return b
}

// UnmarshalIfAddrMsg decodes the header at the start of b and returns the
// attribute bytes after it.
//
//go:noinline
func UnmarshalIfAddrMsg(b []byte) (IfAddrMsg, []byte, error) {
	if len(b) < IfAddrMsgLen {
		return IfAddrMsg{}, nil, ErrMalformed
	}
	return IfAddrMsg{
		Family:    b[0],
		PrefixLen: b[1],
		Flags:     b[2],
		Scope:     b[3],
		Index:     endian.Native.Uint32(b[4:]),
	}, b[IfAddrMsgLen:], nil
}

// RtMsg is struct rtmsg, the header of RTM_*ROUTE messages.
type RtMsg struct {
	Family   uint8
	DstLen   uint8
	SrcLen   uint8
	TOS      uint8
	Table    uint8 // RT_TABLE_UNSPEC when the id needs RTA_TABLE
	Protocol uint8
	Scope    uint8
	Type     uint8 // RTN_*
	Flags    uint32
}

// RtMsgLen is the size of struct rtmsg.
const RtMsgLen = 12

// Marshal encodes m.
//
//go:noinline
func (m RtMsg) Marshal() []byte {
	b := make([]byte, RtMsgLen)
	b[0], b[1], b[2], b[3] = m.Family, m.DstLen, m.SrcLen, m.TOS
	b[4], b[5], b[6], b[7] = m.Table, m.Protocol, m.Scope, m.Type
	endian.Native.PutUint32(b[8:], m.Flags)
	return b
}

// UnmarshalRtMsg decodes the header at the start of b and returns the
// attribute bytes after it.
//
//go:noinline
func UnmarshalRtMsg(b []byte) (RtMsg, []byte, error) {
	if len(b) < RtMsgLen {
		return RtMsg{}, nil, ErrMalformed
	}
	return RtMsg{
		Family: b[0], DstLen: b[1], SrcLen: b[2], TOS: b[3],
		Table: b[4], Protocol: b[5], Scope: b[6], Type: b[7],
		Flags: endian.Native.Uint32(b[8:]),
	}, b[RtMsgLen:], nil
}

// RtGenMsg is struct rtgenmsg, the one-byte header of RTM_*NSID messages.
type RtGenMsg struct {
	Family uint8
}

// rtGenMsgSpace is sizeof(struct rtgenmsg) rounded up to where the
// attributes start.
const rtGenMsgSpace = 4

// Marshal encodes m with the padding the attributes after it need.
func (m RtGenMsg) Marshal() []byte { return []byte{m.Family, 0, 0, 0} }

// UnmarshalRtGenMsg decodes the header at the start of b and returns the
// attribute bytes after it.
func UnmarshalRtGenMsg(b []byte) (RtGenMsg, []byte, error) {
	if len(b) < 1 {
		return RtGenMsg{}, nil, ErrMalformed
	}
	return RtGenMsg{Family: b[0]}, b[min(rtGenMsgSpace, len(b)):], nil
}

package nl

import "nsip/internal/endian"

// NdMsg is struct ndmsg, the header of RTM_*NEIGH messages.
type NdMsg struct {
	Family  uint8
	Index   int32
	State   uint16 // NUD_*
	Flags   uint8  // NTF_*
	NdmType uint8  // RTN_*
}

// NdMsgLen is the size of struct ndmsg.
const NdMsgLen = 12

// Marshal encodes m.
//
//go:noinline
func (m NdMsg) Marshal() []byte {
	b := make([]byte, NdMsgLen)
	b[0] = m.Family
	endian.Native.PutUint32(b[4:], uint32(m.Index))
	endian.Native.PutUint16(b[8:], m.State)
	b[10], b[11] = m.Flags, m.NdmType
	return b
}

// UnmarshalNdMsg decodes the header at the start of b and returns the
// attribute bytes after it.
func UnmarshalNdMsg(b []byte) (NdMsg, []byte, error) {
	if len(b) < NdMsgLen {
		return NdMsg{}, nil, ErrMalformed
	}
	return NdMsg{
		Family:  b[0],
		Index:   int32(endian.Native.Uint32(b[4:])),
		State:   endian.Native.Uint16(b[8:]),
		Flags:   b[10],
		NdmType: b[11],
	}, b[NdMsgLen:], nil
}

// NdaCacheInfo is struct nda_cacheinfo, the NDA_CACHEINFO payload: ages in
// USER_HZ ticks and the entry's reference count.
type NdaCacheInfo struct {
	Confirmed, Used, Updated, RefCount uint32
}

// ndaCacheInfoLen is the size of struct nda_cacheinfo.
const ndaCacheInfoLen = 16

// UnmarshalNdaCacheInfo decodes an NDA_CACHEINFO payload; a shorter one
// is malformed.
func UnmarshalNdaCacheInfo(b []byte) (NdaCacheInfo, bool) {
	if len(b) < ndaCacheInfoLen {
		return NdaCacheInfo{}, false
	}
	return NdaCacheInfo{
		Confirmed: endian.Native.Uint32(b),
		Used:      endian.Native.Uint32(b[4:]),
		Updated:   endian.Native.Uint32(b[8:]),
		RefCount:  endian.Native.Uint32(b[12:]),
	}, true
}

// Neighbour attributes and flags newer than golang.org/x/sys names.
const (
	NdaProtocol   = 12 // u8, who made the entry (RTPROT_*)
	NdaFlagsExt   = 15 // u32 of NtfExt* flags
	NtfExtManaged = 1  // the kernel keeps the entry resolved
)

package nl

import (
	"errors"

	"nsip/internal/endian"
)

// HeaderType is the nlmsg_type of a message: a control type below 16, else a
// family message type such as unix.RTM_NEWLINK.
type HeaderType uint16

// The control message types every netlink family shares.
const (
	Noop    HeaderType = 0x1
	Error   HeaderType = 0x2
	Done    HeaderType = 0x3
	Overrun HeaderType = 0x4
)

// HeaderFlags is the nlmsg_flags bit set.
type HeaderFlags uint16

// Flags of requests and of the replies to them. The values overlap: Root,
// Replace and Capped are one bit, read by context.
const (
	Request         HeaderFlags = 0x1
	Multi           HeaderFlags = 0x2
	Acknowledge     HeaderFlags = 0x4
	Echo            HeaderFlags = 0x8
	DumpInterrupted HeaderFlags = 0x10
	DumpFiltered    HeaderFlags = 0x20

	// Flags of GET requests.
	Root  HeaderFlags = 0x100
	Match HeaderFlags = 0x200
	Dump  HeaderFlags = Root | Match

	// Flags of NEW requests.
	Replace HeaderFlags = 0x100
	Excl    HeaderFlags = 0x200
	Create  HeaderFlags = 0x400
	Append  HeaderFlags = 0x800

	// Flags of error replies.
	Capped  HeaderFlags = 0x100
	AckTLVs HeaderFlags = 0x200
)

// HeaderLen is the size of struct nlmsghdr.
const HeaderLen = 16

// Header is struct nlmsghdr. Length counts the header itself and the payload
// without the trailing alignment padding.
type Header struct {
	Length   uint32
	Type     HeaderType
	Flags    HeaderFlags
	Sequence uint32
	PID      uint32
}

// Message is one netlink message: its header and the payload after it.
type Message struct {
	Header Header
	Data   []byte
}

// ErrMalformed reports bytes that do not hold a well-formed message or
// attribute list.
var ErrMalformed = errors.New("netlink: malformed data")

// align rounds n up to the 4-byte boundary netlink pads every part to.
func align(n int) int { return (n + 3) &^ 3 }

// Marshal encodes m, setting Header.Length from the payload.
func (m Message) Marshal() []byte {
	b := make([]byte, HeaderLen+len(m.Data))
	endian.Native.PutUint32(b[0:4], uint32(len(b)))
	endian.Native.PutUint16(b[4:6], uint16(m.Header.Type))
	endian.Native.PutUint16(b[6:8], uint16(m.Header.Flags))
	endian.Native.PutUint32(b[8:12], m.Header.Sequence)
	endian.Native.PutUint32(b[12:16], m.Header.PID)
	copy(b[HeaderLen:], m.Data)
	return b
}

func parseHeader(b []byte) Header {
	return Header{
		Length:   endian.Native.Uint32(b[0:4]),
		Type:     HeaderType(endian.Native.Uint16(b[4:6])),
		Flags:    HeaderFlags(endian.Native.Uint16(b[6:8])),
		Sequence: endian.Native.Uint32(b[8:12]),
		PID:      endian.Native.Uint32(b[12:16]),
	}
}

// ParseMessages splits one received datagram into its messages. The payloads
// alias b. A message whose length runs past the datagram or is shorter than
// a header is an error, never a panic.
func ParseMessages(b []byte) ([]Message, error) {
	var msgs []Message
	for len(b) > 0 {
		var m Message
		rest, err := nextMessage(b, &m)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
		b = rest
	}
	return msgs, nil
}

// nextMessage splits the first message off a datagram into m and returns
// the rest, which is empty after the last message. (Filled in place: a
// Message, the rest and an error returned would not fit the registers.)
func nextMessage(b []byte, m *Message) ([]byte, error) {
	if len(b) < HeaderLen {
		return nil, ErrMalformed
	}
	h := parseHeader(b)
	if h.Length < HeaderLen || uint64(h.Length) > uint64(len(b)) {
		return nil, ErrMalformed
	}
	m.Header, m.Data = h, b[HeaderLen:h.Length:h.Length]
	return b[min(align(int(h.Length)), len(b)):], nil
}

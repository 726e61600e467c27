package nl

import (
	"errors"

	"nsip/internal/endian"
	"nsip/internal/unix"
)

// OpError is a request the kernel refused. It unwraps to the errno, so
// errors.Is(err, unix.ENODEV) works on it.
type OpError struct {
	_     noCompare
	Errno unix.Errno
	// Message is the kernel's extended-ack text, "" when it sent none.
	Message string
}

// noCompare, as a struct's first field, takes == away from the struct:
// the compiler then generates no equality function for it.
type noCompare [0]func()

func (e *OpError) Error() string {
	if e.Message != "" {
		return "netlink: " + e.Message + ": " + e.Errno.Error()
	}
	return "netlink: " + e.Errno.Error()
}

func (e *OpError) Unwrap() error { return e.Errno }

var (
	// ErrTruncated reports a datagram larger than the buffer it was read
	// into: part of the kernel's answer is lost.
	ErrTruncated = errors.New("netlink: message truncated")
	// ErrDumpInterrupted reports a dump the kernel flagged as inconsistent:
	// on every attempt of Dump, or the one of DumpEach.
	ErrDumpInterrupted = errors.New("netlink: dump interrupted and may be inconsistent")
)

// Extended-ack attribute types (NLMSGERR_ATTR_*).
const (
	extAckMsg = 1
)

// Ack is the decoded payload of an NLMSG_ERROR or NLMSG_DONE message.
type Ack struct {
	// Errno is 0 for a successful acknowledgement.
	Errno unix.Errno
	// Message is the extended-ack text: an error's reason, or a warning
	// that came with a success.
	Message string
}

// ParseAck decodes an NLMSG_ERROR or NLMSG_DONE message. An NLMSG_ERROR
// echoes the request's header, and its payload too unless Capped is set;
// the extended-ack attributes follow when AckTLVs is set. An NLMSG_DONE
// carries them right after its status.
func ParseAck(m Message) (Ack, error) {
	b := m.Data
	if len(b) < 4 {
		if m.Header.Type == Done {
			// Old kernels end some dumps with an empty NLMSG_DONE.
			return Ack{}, nil
		}
		return Ack{}, ErrMalformed
	}
	var ack Ack
	if status := int32(endian.Native.Uint32(b)); status < 0 {
		ack.Errno = unix.Errno(-status)
	}
	if m.Header.Flags&AckTLVs == 0 {
		return ack, nil
	}
	offset := 4
	if m.Header.Type == Error {
		if len(b) < 4+HeaderLen {
			return ack, ErrMalformed
		}
		offset += HeaderLen
		if m.Header.Flags&Capped == 0 {
			echoed := parseHeader(b[4:])
			if echoed.Length < HeaderLen {
				return ack, ErrMalformed
			}
			offset = 4 + int(min(echoed.Length, uint32(len(b))))
		}
		offset = align(offset)
	}
	if offset > len(b) {
		return ack, ErrMalformed
	}
	ad := NewAttributeDecoder(b[offset:])
	for ad.Next() {
		if ad.Type() == extAckMsg {
			ack.Message = ad.String()
		}
	}
	return ack, ad.Err()
}

package nl

import (
	"errors"
	"io"
	"unsafe"

	"nsip/internal/endian"
	"nsip/internal/unix"
)

// Monitor is a NETLINK_ROUTE socket that only listens: it is subscribed to
// multicast groups (RTNLGRP_*) and receives the kernel's notifications of
// changes, as `ip monitor` and rtmon do. Like a Conn, it belongs to the
// network namespace its creating thread was in.
type Monitor struct {
	fd      int
	allNsid bool
}

// NsidCurrent is the nsid Receive reports for a notification from the
// Monitor's own namespace, or when it does not listen to all of them.
const NsidCurrent = -1

// maxBindGroup is the highest group the bind address's 32-bit mask can
// name; higher ones are joined with NETLINK_ADD_MEMBERSHIP.
const maxBindGroup = 31

// Listen opens a Monitor subscribed to groups. As in iproute2, groups up to
// 31 go in the bind address and the others are joined one by one; a group
// the kernel does not know is an error. Errors are *ListenError.
func Listen(groups []uint32) (*Monitor, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, &ListenError{Op: "socket", Err: err}
	}
	// The steps in turn, each only while the ones before succeeded; op
	// names the one that failed.
	m := &Monitor{fd: fd}
	op, err := "SO_RCVBUF", unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, receiveBufferSize)
	mask, later := bindMask(groups)
	if err == nil {
		op, err = "bind", unix.BindNetlink(fd, mask)
	}
	for _, g := range later {
		if err == nil {
			op, err = "join", m.Join(g)
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, &ListenError{Op: op, Err: err}
	}
	return m, nil
}

// ListenError says which step of opening a Monitor failed: "socket",
// "SO_RCVBUF", "bind" or "join".
type ListenError struct {
	_   noCompare
	Op  string
	Err error
}

func (e *ListenError) Error() string { return "netlink: " + e.Op + ": " + e.Err.Error() }

func (e *ListenError) Unwrap() error { return e.Err }

// bindMask splits groups into the bind address's mask and the groups to
// join after the bind.
func bindMask(groups []uint32) (mask uint32, later []uint32) {
	for _, g := range groups {
		if g >= 1 && g <= maxBindGroup {
			mask |= 1 << (g - 1)
		} else {
			later = append(later, g)
		}
	}
	return mask, later
}

// Join subscribes to one more group.
func (m *Monitor) Join(group uint32) error {
	return unix.SetsockoptInt(m.fd, unix.SOL_NETLINK, unix.NETLINK_ADD_MEMBERSHIP, int(group))
}

// ListenAllNsid asks for the notifications of every network namespace that
// has an nsid in the Monitor's own: Receive then says which one each came
// from.
func (m *Monitor) ListenAllNsid() error {
	if err := unix.SetsockoptInt(m.fd, unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, 1); err != nil {
		return err
	}
	m.allNsid = true
	return nil
}

// Close closes the socket.
func (m *Monitor) Close() error { return unix.Close(m.fd) }

// Receive waits for the next datagram and returns its bytes and the nsid of
// the namespace it came from (NsidCurrent for the Monitor's own). It peeks
// at the size first, so that no notification is ever cut. EINTR is retried;
// every other error, ENOBUFS after lost notifications included, is the
// caller's to judge.
func (m *Monitor) Receive() ([]byte, int32, error) {
	for {
		size, _, err := unix.Recvmsg(m.fd, nil, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, NsidCurrent, err
		}
		buf := make([]byte, size)
		var oob []byte
		if m.allNsid {
			oob = make([]byte, unix.CmsgSpace(4))
		}
		n, oobn, err := unix.Recvmsg(m.fd, buf, oob, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, NsidCurrent, err
		}
		return buf[:n], nsidOf(oob[:oobn]), nil
	}
}

// nsidOf reads the NETLINK_LISTEN_ALL_NSID control message the kernel
// attaches to a notification from another namespace. It walks the control
// messages as syscall.ParseSocketControlMessage does (a malformed one
// spoils them all), without that function's slice of copies.
func nsidOf(oob []byte) int32 {
	nsid := int32(NsidCurrent)
	headerLen := unix.CmsgLen(0)
	for len(oob) >= headerLen {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&oob[0]))
		size := uint64(h.Len)
		if size < uint64(headerLen) || size > uint64(len(oob)) {
			return NsidCurrent
		}
		if h.Level == unix.SOL_NETLINK && h.Type == unix.NETLINK_LISTEN_ALL_NSID && size == uint64(unix.CmsgLen(4)) {
			nsid = int32(endian.Native.Uint32(oob[headerLen:]))
		}
		oob = oob[min(unix.CmsgSpace(int(size)-headerLen), len(oob)):]
	}
	return nsid
}

// MalformedError is a message whose length field cannot be right: shorter
// than its header or longer than what holds it. Offset is where reading
// stood after the header, for messages read from a file.
type MalformedError struct {
	Length int32
	Offset int64
}

func (e *MalformedError) Error() string { return "netlink: malformed message" }

// RemnantError is a datagram that ends with fewer bytes than a header.
type RemnantError struct{ Size int }

func (e *RemnantError) Error() string { return "netlink: remnant after the last message" }

// SplitDatagram splits a datagram into its messages as iproute2's listener
// does: a length that runs past the datagram is a *MalformedError, bytes
// too few for another header a *RemnantError.
func SplitDatagram(b []byte) ([]Message, error) {
	var msgs []Message
	for len(b) >= HeaderLen {
		var m Message
		rest, err := nextMessage(b, &m)
		if err != nil {
			return msgs, &MalformedError{Length: int32(endian.Native.Uint32(b))}
		}
		msgs = append(msgs, m)
		b = rest
	}
	if len(b) > 0 {
		return msgs, &RemnantError{Size: len(b)}
	}
	return msgs, nil
}

// MessageFile reads the netlink messages rtmon saves: each message whole,
// padded to four bytes, one after the other, no longer than iproute2's
// 16 KiB buffer. NLMSG_TSTAMP (TimestampType) messages between them say
// when the next one came.
type MessageFile struct {
	_   noCompare
	r   io.Reader
	off int64
	buf [maxFileMessage]byte
}

// maxFileMessage is the largest message iproute2 reads from a file.
const maxFileMessage = 16384

// TimestampType is rtmon's NLMSG_TSTAMP: a message of two u32, the
// seconds and microseconds of the time the next message came.
const TimestampType HeaderType = 15

// ErrFileTruncated reports a file that ends inside a message.
var ErrFileTruncated = errors.New("netlink: file ends inside a message")

// NewMessageFile reads messages from r.
func NewMessageFile(r io.Reader) *MessageFile { return &MessageFile{r: r} }

// Next returns the next message, whose data stays valid until the next
// call; io.EOF at the end of the file, ErrFileTruncated when the file ends
// inside a message, *MalformedError for an impossible length, and the
// reader's own errors as they are.
func (f *MessageFile) Next() (Message, error) {
	if err := f.read(f.buf[:HeaderLen], true); err != nil {
		return Message{}, err
	}
	h := parseHeader(f.buf[:])
	if int32(h.Length) < HeaderLen || h.Length > maxFileMessage {
		return Message{}, &MalformedError{Length: int32(h.Length), Offset: f.off}
	}
	end := HeaderLen + align(int(h.Length)-HeaderLen)
	if err := f.read(f.buf[HeaderLen:end], false); err != nil {
		return Message{}, err
	}
	return Message{Header: h, Data: f.buf[HeaderLen:h.Length:h.Length]}, nil
}

// read fills b. A file that ends before b is full is truncated, unless it
// ends before b's first byte where a message may start.
func (f *MessageFile) read(b []byte, atStart bool) error {
	// io.ReadFull's loop, written out: its io.ReadAtLeast is nsip's only
	// use of it.
	n := 0
	var err error
	for n < len(b) && err == nil {
		var m int
		m, err = f.r.Read(b[n:])
		n += m
	}
	f.off += int64(n)
	switch {
	case n == len(b):
		return nil
	case err == io.EOF && atStart && n == 0:
		return io.EOF
	case err == io.EOF:
		return ErrFileTruncated
	}
	return err
}

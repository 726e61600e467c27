package nl

import (
	"unsafe"

	"nsip/internal/unix"
)

const (
	receiveBufferSize = 1 << 20
	// dumpReadSize is what the kernel fills per dump datagram at most
	// (it sizes them by the reads it sees, up to 32 KiB), so a dump
	// reads each datagram into one reused buffer of this size.
	dumpReadSize = 32 << 10
	// maxDumpAttempts bounds the retries of a dump the kernel keeps
	// flagging as interrupted by concurrent changes.
	maxDumpAttempts = 10
)

// Conn is a NETLINK_ROUTE socket. The network namespace it talks to is the
// one its creating thread was in when Dial ran, for the socket's whole life.
// A Conn is not safe for concurrent use.
type Conn struct {
	t Socket
	// pid is the port id the replies are sent to, or 0 when the kernel
	// chose it as it bound the socket at its first send: only the kernel
	// can then answer (socket.Receive drops the rest), and to us.
	pid uint32
	seq uint32
	// Warn, when set, receives extended-ack warnings that the kernel
	// attaches to successful acknowledgements.
	Warn func(msg string)

	// streaming are the sequence numbers of the dumps being read by
	// DumpEach, innermost last; held keeps their datagrams that arrived
	// while a request made from a DumpEach callback waited for its own.
	streaming []uint32
	held      []heldDatagram
	// dumpBuf is the receive buffer of the outermost DumpEach, kept for
	// the next one.
	dumpBuf []byte
}

type heldDatagram struct {
	seq uint32
	b   []byte
}

// Socket carries whole datagrams between a Conn and the kernel: a
// NETLINK_ROUTE socket (Dial), or in tests a stand-in that answers as the
// kernel would.
type Socket interface {
	Send(b []byte) error
	// Receive returns one datagram the kernel sent, read into buf when
	// it fits there and into a new buffer when not.
	Receive(buf []byte) ([]byte, error)
	Close() error
}

// NewConn is a Conn over s, whose port id (the one the replies are sent
// to) is pid.
func NewConn(s Socket, pid uint32) *Conn { return &Conn{t: s, pid: pid} }

// Dial opens a NETLINK_ROUTE socket in the calling thread's network
// namespace, with extended acks and, where the kernel has it, strict checking
// of dump requests. The kernel binds it at its first send: bind(2) and
// getsockname(2) would only slow a short command down.
func Dial() (*Conn, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, err
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, receiveBufferSize); err != nil {
		unix.Close(fd)
		return nil, err
	}
	// Both are optional: old kernels lack them and answer as before.
	unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_CAP_ACK, 1)
	s := &socket{fd: fd}
	s.setStrictCheck(true)
	return &Conn{t: s}, nil
}

// SetStrictCheck turns the kernel's strict checking of dump requests on or
// off. With it on, the kernel filters dumps by the header fields and
// attributes of the request, and refuses requests it cannot honour; old
// kernels without it ignore the call.
func (c *Conn) SetStrictCheck(on bool) {
	if s, ok := c.t.(*socket); ok {
		s.setStrictCheck(on)
	}
}

// Close closes the socket.
func (c *Conn) Close() error { return c.t.Close() }

// isGet reports whether typ is an rtnetlink RTM_GET* request: the
// families' message types come in fours, NEW, DEL, GET and SET.
func isGet(typ HeaderType) bool { return typ >= 16 && typ&3 == 2 }

// Execute sends m as a request and returns the messages the kernel
// answered with, such as the link a RTM_GETLINK asked for. A change is
// acknowledged, and Execute waits for that; a GET is answered by its one
// reply or an error, and as in ip it asks for no acknowledgement. A
// refusal is returned as *OpError.
func (c *Conn) Execute(m Message) ([]Message, error) {
	get := isGet(m.Header.Type) && m.Header.Flags&Dump == 0
	m.Header.Flags |= Request
	if !get {
		m.Header.Flags |= Acknowledge
	}
	seq, err := c.send(m)
	if err != nil {
		return nil, err
	}
	var replies []Message
	for {
		// A fresh buffer of the datagram's size: the replies outlive
		// this call.
		b, err := c.receive(seq, nil)
		if err != nil {
			return nil, err
		}
		// Message by message, as ip's rtnl_talk and DumpEach read.
		for len(b) > 0 {
			var r Message
			if b, err = nextMessage(b, &r); err != nil {
				return nil, err
			}
			if !c.answers(r, seq) {
				continue
			}
			if r.Header.Type != Error {
				replies = append(replies, r)
				if get {
					return replies, nil
				}
				continue
			}
			ack, err := ParseAck(r)
			if err != nil {
				return nil, err
			}
			if ack.Errno != 0 {
				return replies, &OpError{Errno: ack.Errno, Message: ack.Message}
			}
			if ack.Message != "" && c.Warn != nil {
				c.Warn(ack.Message)
			}
			return replies, nil
		}
	}
}

// Dump sends m as a dump request and returns every message of the
// multipart answer. A dump the kernel marks as interrupted by concurrent
// changes is asked for again, a bounded number of times.
func (c *Conn) Dump(m Message) ([]Message, error) {
	for attempt := 1; ; attempt++ {
		var msgs []Message
		var arena []byte // the messages' payloads, packed
		err := c.DumpEach(m, func(r Message) error {
			if len(arena)+len(r.Data) > cap(arena) {
				arena = make([]byte, 0, max(len(r.Data), dumpReadSize))
			}
			start := len(arena)
			arena = arena[:start+len(r.Data)]
			copy(arena[start:], r.Data)
			r.Data = arena[start:len(arena):len(arena)]
			msgs = append(msgs, r)
			return nil
		})
		switch {
		case err == ErrDumpInterrupted && attempt < maxDumpAttempts:
		case err == nil || err == ErrDumpInterrupted:
			return msgs, err
		default:
			return nil, err
		}
	}
}

// DumpEach sends m as a dump request and hands each message of the
// multipart answer to fn as it arrives, as iproute2's rtnl_dump_filter
// does: a listing prints while it receives and holds no more than one
// datagram. The message is valid only during the call; fn may make
// other requests on c, dumps too. An error from fn ends the dump and is
// returned. A dump the kernel flagged as interrupted by concurrent
// changes, which it cannot take back, ends with ErrDumpInterrupted.
func (c *Conn) DumpEach(m Message, fn func(Message) error) error {
	m.Header.Flags |= Request | Dump
	seq, err := c.send(m)
	if err != nil {
		return err
	}
	// The outermost dump reuses the Conn's buffer; a dump started from
	// its callback needs one of its own. (A callback that panics ends the
	// program: nsip's commands fail that way.)
	buf := c.dumpBuf
	c.dumpBuf = nil
	if buf == nil {
		buf = make([]byte, dumpReadSize)
	}
	c.streaming = append(c.streaming, seq)
	// The answer, read through buf, which grows when a datagram needs
	// more. Each way out sets err and breaks.
	interrupted := false
read:
	for {
		var b []byte
		if b, err = c.receive(seq, buf); err != nil {
			break
		}
		if cap(b) > len(buf) {
			buf = b[:cap(b)]
		}
		for len(b) > 0 {
			var r Message
			if b, err = nextMessage(b, &r); err != nil {
				break read
			}
			if !c.answers(r, seq) {
				continue
			}
			interrupted = interrupted || r.Header.Flags&DumpInterrupted != 0
			switch r.Header.Type {
			case Done, Error:
				var ack Ack
				ack, err = ParseAck(r)
				if err == nil && ack.Errno != 0 {
					err = &OpError{Errno: ack.Errno, Message: ack.Message}
				}
				if err == nil && interrupted {
					err = ErrDumpInterrupted
				}
				break read
			case Noop, Overrun:
			default:
				if err = fn(r); err != nil {
					break read
				}
			}
		}
	}
	c.streaming = c.streaming[:len(c.streaming)-1]
	c.dumpBuf = buf
	return err
}

// answers reports whether r is the kernel's reply to our request seq.
// Anything else on the socket is left unread by the caller.
func (c *Conn) answers(r Message, seq uint32) bool {
	return r.Header.Sequence == seq && (c.pid == 0 || r.Header.PID == c.pid)
}

func (c *Conn) send(m Message) (uint32, error) {
	c.seq++
	m.Header.Sequence = c.seq
	m.Header.PID = 0
	return c.seq, c.t.Send(m.Marshal())
}

// receive returns the next datagram for request seq, read into buf when it
// fits. A datagram of another dump that DumpEach is reading is set aside
// for it (a copy when it was read into buf, which is reused), and one that
// was set aside for seq comes first.
func (c *Conn) receive(seq uint32, buf []byte) ([]byte, error) {
	for i, h := range c.held {
		if h.seq == seq {
			copy(c.held[i:], c.held[i+1:])
			c.held = c.held[:len(c.held)-1]
			return h.b, nil
		}
	}
	for {
		b, err := c.t.Receive(buf)
		if err != nil {
			return nil, err
		}
		// Which of the dumps being streamed b belongs to, by its first
		// message: the kernel puts one request's answers alone in a
		// datagram.
		if len(c.streaming) == 0 || len(b) < HeaderLen {
			return b, nil
		}
		h := parseHeader(b)
		other := false
		for _, streamed := range c.streaming {
			other = other || streamed == h.Sequence && streamed != seq
		}
		if !other || c.pid != 0 && h.PID != c.pid {
			return b, nil
		}
		if len(buf) > 0 {
			b = append([]byte(nil), b...)
		}
		c.held = append(c.held, heldDatagram{h.Sequence, b})
	}
}

// socket is a real NETLINK_ROUTE socket.
type socket struct {
	fd int
}

func (s *socket) setStrictCheck(on bool) {
	v := 0
	if on {
		v = 1
	}
	unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, v)
}

// Send and Receive make their system calls raw, keeping the goroutine's
// processor: the kernel fills a dump's datagram in the call, which takes
// long enough for the runtime to hand the processor to another thread,
// one it starts if it must, for nothing to run.

func (s *socket) Send(b []byte) error {
	to := unix.RawSockaddrNetlink{Family: unix.AF_NETLINK}
	for {
		_, _, errno := unix.RawSyscall6(unix.SYS_SENDTO, uintptr(s.fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))),
			uintptr(len(b)), 0, uintptr(unsafe.Pointer(&to)), unix.SizeofSockaddrNetlink)
		if errno != unix.EINTR {
			return errnoErr(errno)
		}
	}
}

func (s *socket) Close() error { return unix.Close(s.fd) }

// Receive reads one datagram from the kernel. It peeks at the size first so
// that no message is cut, and still treats a cut one as an error.
func (s *socket) Receive(buf []byte) ([]byte, error) {
	for {
		size, errno := s.recv(nil, unix.MSG_PEEK|unix.MSG_TRUNC, nil)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return nil, errno
		}
		if size > len(buf) {
			buf = make([]byte, size)
		}
		var from unix.RawSockaddrNetlink
		n, errno := s.recv(buf, unix.MSG_TRUNC, &from)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return nil, errno
		}
		if n > len(buf) {
			return nil, ErrTruncated
		}
		// Only the kernel (port 0) may answer; a datagram another socket
		// sent us is dropped whole.
		if from.Family != unix.AF_NETLINK || from.Pid != 0 {
			continue
		}
		return buf[:n], nil
	}
}

// recv is recvfrom(2) into b; with MSG_TRUNC it returns the datagram's
// whole length. from, when not nil, receives the sender's address.
func (s *socket) recv(b []byte, flags int, from *unix.RawSockaddrNetlink) (int, unix.Errno) {
	var fromPtr, lenPtr uintptr
	fromLen := uint32(unix.SizeofSockaddrNetlink)
	if from != nil {
		fromPtr, lenPtr = uintptr(unsafe.Pointer(from)), uintptr(unsafe.Pointer(&fromLen))
	}
	n, _, errno := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(s.fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))),
		uintptr(len(b)), uintptr(flags), fromPtr, lenPtr)
	return int(n), errno
}

// errnoErr is errno as an error, nil for 0.
func errnoErr(errno unix.Errno) error {
	if errno == 0 {
		return nil
	}
	return errno
}

package nl

import (
	"nsip/internal/unix"
)

const (
	receiveBufferSize = 1 << 20
	// minReadSize matches what the kernel fills per dump datagram, so a
	// dump rarely needs the size peek to grow the buffer.
	minReadSize = 32 << 10
	// maxDumpAttempts bounds the retries of a dump the kernel keeps
	// flagging as interrupted by concurrent changes.
	maxDumpAttempts = 10
)

// Conn is a NETLINK_ROUTE socket. The network namespace it talks to is the
// one its creating thread was in when Dial ran, for the socket's whole life.
// A Conn is not safe for concurrent use.
type Conn struct {
	t   Socket
	pid uint32 // the port id the kernel bound the socket to
	seq uint32
	// Warn, when set, receives extended-ack warnings that the kernel
	// attaches to successful acknowledgements.
	Warn func(msg string)
}

// Socket carries whole datagrams between a Conn and the kernel: a
// NETLINK_ROUTE socket (Dial), or in tests a stand-in that answers as the
// kernel would.
type Socket interface {
	Send(b []byte) error
	// Receive returns one datagram the kernel sent.
	Receive() ([]byte, error)
	Close() error
}

// NewConn is a Conn over s, whose port id (the one the replies are sent
// to) is pid.
func NewConn(s Socket, pid uint32) *Conn { return &Conn{t: s, pid: pid} }

// Dial opens and binds a NETLINK_ROUTE socket in the calling thread's network
// namespace, with extended acks and, where the kernel has it, strict checking
// of dump requests.
func Dial() (*Conn, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, err
	}
	s := socket{fd: fd}
	pid, err := s.setup()
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	s.setStrictCheck(true)
	return &Conn{t: s, pid: pid}, nil
}

// SetStrictCheck turns the kernel's strict checking of dump requests on or
// off. With it on, the kernel filters dumps by the header fields and
// attributes of the request, and refuses requests it cannot honour; old
// kernels without it ignore the call.
func (c *Conn) SetStrictCheck(on bool) {
	if s, ok := c.t.(socket); ok {
		s.setStrictCheck(on)
	}
}

// Close closes the socket.
func (c *Conn) Close() error { return c.t.Close() }

// Execute sends m as a request the kernel acknowledges and returns the
// messages it answered with before the acknowledgement, such as the link a
// RTM_GETLINK asked for. A refusal is returned as *OpError.
func (c *Conn) Execute(m Message) ([]Message, error) {
	m.Header.Flags |= Request | Acknowledge
	seq, err := c.send(m)
	if err != nil {
		return nil, err
	}
	var replies []Message
	for {
		msgs, err := c.receive()
		if err != nil {
			return nil, err
		}
		for _, r := range msgs {
			if !c.answers(r, seq) {
				continue
			}
			if r.Header.Type != Error {
				replies = append(replies, r)
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
	m.Header.Flags |= Request | Dump
	for attempt := 1; ; attempt++ {
		msgs, interrupted, err := c.dumpOnce(m)
		if err != nil || !interrupted {
			return msgs, err
		}
		if attempt == maxDumpAttempts {
			return msgs, ErrDumpInterrupted
		}
	}
}

func (c *Conn) dumpOnce(m Message) (msgs []Message, interrupted bool, err error) {
	seq, err := c.send(m)
	if err != nil {
		return nil, false, err
	}
	for {
		batch, err := c.receive()
		if err != nil {
			return nil, false, err
		}
		for _, r := range batch {
			if !c.answers(r, seq) {
				continue
			}
			if r.Header.Flags&DumpInterrupted != 0 {
				interrupted = true
			}
			switch r.Header.Type {
			case Done, Error:
				ack, err := ParseAck(r)
				if err == nil && ack.Errno != 0 {
					err = &OpError{Errno: ack.Errno, Message: ack.Message}
				}
				if err != nil {
					return nil, false, err
				}
				return msgs, interrupted, nil
			case Noop, Overrun:
			default:
				msgs = append(msgs, r)
			}
		}
	}
}

// answers reports whether r is the kernel's reply to our request seq.
// Anything else on the socket is left unread by the caller.
func (c *Conn) answers(r Message, seq uint32) bool {
	return r.Header.Sequence == seq && r.Header.PID == c.pid
}

func (c *Conn) send(m Message) (uint32, error) {
	c.seq++
	m.Header.Sequence = c.seq
	m.Header.PID = 0
	return c.seq, c.t.Send(m.Marshal())
}

func (c *Conn) receive() ([]Message, error) {
	b, err := c.t.Receive()
	if err != nil {
		return nil, err
	}
	return ParseMessages(b)
}

// socket is a real NETLINK_ROUTE socket.
type socket struct {
	fd int
}

// setup sizes, configures and binds the socket and returns its port id.
func (s socket) setup() (uint32, error) {
	if err := unix.SetsockoptInt(s.fd, unix.SOL_SOCKET, unix.SO_RCVBUF, receiveBufferSize); err != nil {
		return 0, err
	}
	// Both are optional: old kernels lack them and answer as before.
	unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_CAP_ACK, 1)
	if err := unix.Bind(s.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, err
	}
	sa, err := unix.Getsockname(s.fd)
	if err != nil {
		return 0, err
	}
	local, ok := sa.(*unix.SockaddrNetlink)
	if !ok {
		return 0, unix.EAFNOSUPPORT
	}
	return local.Pid, nil
}

func (s socket) setStrictCheck(on bool) {
	v := 0
	if on {
		v = 1
	}
	unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, v)
}

func (s socket) Send(b []byte) error {
	return unix.Sendto(s.fd, b, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
}

func (s socket) Close() error { return unix.Close(s.fd) }

// Receive reads one datagram from the kernel. It peeks at the size first so
// that no message is cut, and still treats a cut one as an error.
func (s socket) Receive() ([]byte, error) {
	for {
		size, _, err := unix.Recvfrom(s.fd, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		buf := make([]byte, max(size, minReadSize))
		n, _, flags, from, err := unix.Recvmsg(s.fd, buf, nil, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if flags&unix.MSG_TRUNC != 0 {
			return nil, ErrTruncated
		}
		// Only the kernel (port 0) may answer; a datagram another socket
		// sent us is dropped whole.
		if sender, ok := from.(*unix.SockaddrNetlink); !ok || sender.Pid != 0 {
			continue
		}
		return buf[:n], nil
	}
}

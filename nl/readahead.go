package nl

import "sync/atomic"

// The kernel fills a dump's next datagram inside the recvmsg(2) that reads
// the one before, on the reading thread, and waits for the next read to
// fill another: while a listing decodes and prints one datagram, the
// kernel would sit idle. With more than one processor, a long dump is read
// ahead on a goroutine of its own, so that the kernel fills while the
// listing prints. Receiving on a socket does not depend on the reading
// thread's namespace: the socket's was fixed when it was made.

// readAheadBuffers is how many datagrams the reader may hold: the one being
// printed, the one read and the one being read.
const readAheadBuffers = 3

type received struct {
	b   []byte
	err error
}

// readAhead reads one dump's datagrams ahead of DumpEach.
type readAhead struct {
	full chan received // read, in order; closed when the reader ends
	free chan []byte   // buffers to read into; closed to stop the reader
	stop atomic.Bool
	// held is the buffer of the datagram DumpEach is reading, which the
	// reader gets back when DumpEach asks for the next.
	held []byte
}

// startReadAhead starts reading the rest of dump seq ahead.
func (c *Conn) startReadAhead(seq uint32) {
	a := &readAhead{full: make(chan received, readAheadBuffers), free: make(chan []byte, readAheadBuffers)}
	for range readAheadBuffers {
		a.free <- make([]byte, dumpReadSize)
	}
	c.ahead = a
	go a.read(c.t, seq, c.pid)
}

// read receives datagrams until the one that ends dump seq, an error, or
// a stop.
func (a *readAhead) read(t Socket, seq, pid uint32) {
	defer close(a.full)
	for buf := range a.free {
		if a.stop.Load() {
			return
		}
		b, err := t.Receive(buf)
		a.full <- received{b, err}
		if err != nil || endsDump(b, seq, pid) {
			return
		}
	}
}

// next is the dump's next datagram, or ok false when the reader has
// ended before it (after the dump's last datagram or a stop).
func (a *readAhead) next() (b []byte, err error, ok bool) {
	if a.held != nil {
		a.free <- a.held
		a.held = nil
	}
	r, ok := <-a.full
	a.held = r.b
	return r.b, r.err, ok
}

// stopReadAhead stops the reader and waits for it. With keep, the
// datagrams it read and DumpEach has not are set aside for dump seq, as
// receive sets aside those of a dump a nested request reads past.
func (c *Conn) stopReadAhead(seq uint32, keep bool) {
	a := c.ahead
	c.ahead = nil
	a.stop.Store(true)
	close(a.free)
	for r := range a.full {
		if keep {
			c.held = append(c.held, heldDatagram{seq, r.b, r.err})
		}
	}
}

// endsDump reports whether datagram b holds the end (NLMSG_DONE or
// NLMSG_ERROR) of the answer to request seq, or cannot be read: the
// kernel sends nothing more for it then.
func endsDump(b []byte, seq, pid uint32) bool {
	for len(b) > 0 {
		r, rest, err := nextMessage(b)
		if err != nil {
			return true
		}
		if (r.Header.Type == Done || r.Header.Type == Error) && r.Header.Sequence == seq &&
			(pid == 0 || r.Header.PID == pid) {
			return true
		}
		b = rest
	}
	return false
}

package nl

import (
	"errors"
	"fmt"
	"testing"

	"nsip/internal/unix"
)

// script is a Socket that answers each request the way a test says the
// kernel would: answer gets the request and returns the datagrams.
type script struct {
	t        *testing.T
	answer   func(req Message, attempt int) [][]byte
	requests int
	queue    [][]byte
}

func (s *script) Send(b []byte) error {
	msgs, err := ParseMessages(b)
	if err != nil || len(msgs) != 1 {
		s.t.Fatalf("sent %x: %v", b, err)
	}
	s.requests++
	s.queue = append(s.queue, s.answer(msgs[0], s.requests)...)
	return nil
}

func (s *script) Receive([]byte) ([]byte, error) {
	if len(s.queue) == 0 {
		s.t.Fatal("receive with nothing left to answer")
	}
	b := s.queue[0]
	s.queue = s.queue[1:]
	return b, nil
}

func (s *script) Close() error { return nil }

const scriptPID = 4242

func scripted(t *testing.T, answer func(req Message, attempt int) [][]byte) (*Conn, *script) {
	s := &script{t: t, answer: answer}
	return NewConn(s, scriptPID), s
}

// reply builds a message of the kernel's answer to req.
func reply(req Message, typ HeaderType, flags HeaderFlags, data []byte) []byte {
	return Message{Header: Header{Type: typ, Flags: flags, Sequence: req.Header.Sequence, PID: scriptPID},
		Data: data}.Marshal()
}

func done(req Message, flags HeaderFlags) []byte {
	return reply(req, Done, Multi|flags, []byte{0, 0, 0, 0})
}

func link(req Message, index int32, flags HeaderFlags) []byte {
	return reply(req, unix.RTM_NEWLINK, Multi|flags, IfInfoMsg{Index: index}.Marshal())
}

func dumpRequest() Message {
	return Message{Header: Header{Type: unix.RTM_GETLINK}, Data: IfInfoMsg{}.Marshal()}
}

func TestDumpRetriesInterruptedDump(t *testing.T) {
	c, s := scripted(t, func(req Message, attempt int) [][]byte {
		if req.Header.Flags != Request|Dump {
			t.Errorf("dump request flags %#x, want Request|Dump and no Acknowledge", req.Header.Flags)
		}
		if attempt == 1 {
			// A link changed during the dump: the kernel flags a part.
			return [][]byte{append(link(req, 1, 0), link(req, 2, DumpInterrupted)...), done(req, DumpInterrupted)}
		}
		return [][]byte{append(link(req, 1, 0), link(req, 3, 0)...), done(req, 0)}
	})
	msgs, err := c.Dump(dumpRequest())
	if err != nil {
		t.Fatal(err)
	}
	if s.requests != 2 || len(msgs) != 2 {
		t.Fatalf("%d requests, %d messages; want the clean second dump", s.requests, len(msgs))
	}
	if ifi, _, _ := UnmarshalIfInfoMsg(msgs[1].Data); ifi.Index != 3 {
		t.Errorf("kept link %d of the interrupted dump", ifi.Index)
	}
}

func TestDumpGivesUpOnEndlessInterruption(t *testing.T) {
	c, s := scripted(t, func(req Message, attempt int) [][]byte {
		return [][]byte{link(req, 1, DumpInterrupted), done(req, DumpInterrupted)}
	})
	msgs, err := c.Dump(dumpRequest())
	if !errors.Is(err, ErrDumpInterrupted) || len(msgs) != 1 {
		t.Fatalf("Dump = %d messages, %v", len(msgs), err)
	}
	if s.requests != maxDumpAttempts {
		t.Errorf("%d attempts, want %d", s.requests, maxDumpAttempts)
	}
}

func TestRepliesToOtherRequestsAreSkipped(t *testing.T) {
	c, _ := scripted(t, func(req Message, attempt int) [][]byte {
		stale := req
		stale.Header.Sequence--
		otherPort := Message{Header: Header{Type: unix.RTM_NEWLINK, Flags: Multi,
			Sequence: req.Header.Sequence, PID: scriptPID + 1}, Data: IfInfoMsg{Index: 9}.Marshal()}
		return [][]byte{
			append(link(stale, 7, 0), otherPort.Marshal()...),
			append(link(req, 1, 0), done(req, 0)...),
		}
	})
	msgs, err := c.Dump(dumpRequest())
	if err != nil || len(msgs) != 1 {
		t.Fatalf("Dump = %d messages, %v; want only link 1", len(msgs), err)
	}
}

func TestExecuteReturnsAnswerAndWarning(t *testing.T) {
	var warned string
	c, _ := scripted(t, func(req Message, attempt int) [][]byte {
		if req.Header.Flags != Request|Acknowledge|Echo {
			t.Errorf("request flags %#x, want Request|Acknowledge|Echo", req.Header.Flags)
		}
		extack := NewAttributeEncoder()
		extack.String(extAckMsg, "something to know")
		ack := append(nativeBytes(t, "i32:0"), req.Marshal()[:HeaderLen]...)
		ack = append(ack, extack.Encode()...)
		return [][]byte{
			reply(req, unix.RTM_NEWLINK, 0, IfInfoMsg{Index: 5}.Marshal()),
			reply(req, Error, Capped|AckTLVs, ack),
		}
	})
	c.Warn = func(msg string) { warned = msg }
	replies, err := c.Execute(Message{Header: Header{Type: unix.RTM_NEWLINK, Flags: Echo}, Data: IfInfoMsg{Index: 5}.Marshal()})
	if err != nil || len(replies) != 1 {
		t.Fatalf("Execute = %d replies, %v", len(replies), err)
	}
	if warned != "something to know" {
		t.Errorf("warning %q", warned)
	}
}

// TestGetWaitsForItsAnswerAlone: as ip's rtnl_talk with an answer, a GET
// asks for no acknowledgement and ends with the one message answering it.
func TestGetWaitsForItsAnswerAlone(t *testing.T) {
	c, s := scripted(t, func(req Message, attempt int) [][]byte {
		if req.Header.Flags != Request {
			t.Errorf("request flags %#x, want Request alone", req.Header.Flags)
		}
		if attempt == 2 {
			return [][]byte{reply(req, Error, Capped, append(nativeBytes(t, "i32:-19"), req.Marshal()[:HeaderLen]...))}
		}
		return [][]byte{reply(req, unix.RTM_NEWLINK, 0, IfInfoMsg{Index: 5}.Marshal())}
	})
	get := Message{Header: Header{Type: unix.RTM_GETLINK}, Data: IfInfoMsg{Index: 5}.Marshal()}
	replies, err := c.Execute(get)
	if err != nil || len(replies) != 1 || len(s.queue) != 0 {
		t.Fatalf("Execute = %d replies, %v, %d datagrams left", len(replies), err, len(s.queue))
	}
	if _, err := c.Execute(get); !errors.Is(err, unix.ENODEV) {
		t.Errorf("Execute of a refused GET = %v, want ENODEV", err)
	}
}

// TestDumpEachStreamsAroundNestedRequests: a request made from DumpEach's
// callback reads past the dump's next datagram, which the dump still gets,
// in order.
func TestDumpEachStreamsAroundNestedRequests(t *testing.T) {
	var dump Message
	c, s := scripted(t, func(req Message, attempt int) [][]byte {
		if attempt == 1 {
			dump = req
			return [][]byte{link(req, 1, 0)}
		}
		// The kernel queued the dump's next part ahead of the answer.
		return [][]byte{append(link(dump, 2, 0), link(dump, 3, 0)...), done(dump, 0),
			reply(req, unix.RTM_NEWLINK, 0, IfInfoMsg{Index: 9}.Marshal())}
	})
	var seen []int32
	err := c.DumpEach(dumpRequest(), func(m Message) error {
		ifi, _, _ := UnmarshalIfInfoMsg(m.Data)
		seen = append(seen, ifi.Index)
		if ifi.Index == 1 {
			replies, err := c.Execute(Message{Header: Header{Type: unix.RTM_GETLINK}, Data: IfInfoMsg{Index: 9}.Marshal()})
			if err != nil || len(replies) != 1 {
				t.Errorf("nested Execute = %d replies, %v", len(replies), err)
			}
		}
		return nil
	})
	if err != nil || fmt.Sprint(seen) != "[1 2 3]" || len(s.queue) != 0 || len(c.held) != 0 {
		t.Errorf("DumpEach = %v, saw %v, %d datagrams left, %d held", err, seen, len(s.queue), len(c.held))
	}
}

// TestDumpEachReportsInterruption: the messages already handed out stay
// handed out; the dump ends with the warning's error, as ip warns.
func TestDumpEachReportsInterruption(t *testing.T) {
	c, s := scripted(t, func(req Message, attempt int) [][]byte {
		return [][]byte{link(req, 1, DumpInterrupted), done(req, DumpInterrupted)}
	})
	n := 0
	err := c.DumpEach(dumpRequest(), func(Message) error { n++; return nil })
	if !errors.Is(err, ErrDumpInterrupted) || n != 1 || s.requests != 1 {
		t.Errorf("DumpEach = %v after %d messages and %d requests", err, n, s.requests)
	}
}

func TestDumpErrorBeforeAnyPart(t *testing.T) {
	c, _ := scripted(t, func(req Message, attempt int) [][]byte {
		return [][]byte{reply(req, Error, 0, append(nativeBytes(t, "i32:-22"), req.Marshal()...))}
	})
	_, err := c.Dump(dumpRequest())
	var opErr *OpError
	if !errors.As(err, &opErr) || opErr.Errno != unix.EINVAL {
		t.Errorf("Dump = %v, want EINVAL", err)
	}
}

func TestMalformedDatagramIsAnError(t *testing.T) {
	c, _ := scripted(t, func(req Message, attempt int) [][]byte {
		return [][]byte{nativeBytes(t, "u32:40 u16:3 u16:2")}
	})
	if _, err := c.Dump(dumpRequest()); !errors.Is(err, ErrMalformed) {
		t.Errorf("Dump = %v, want ErrMalformed", err)
	}
}

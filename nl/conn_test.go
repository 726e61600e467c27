package nl

import (
	"errors"
	"testing"

	"nsip/internal/testenv"
	"nsip/internal/unix"
)

// These tests only read: they dump the links and routes of the namespace the
// test runs in and change nothing.

func dial(t *testing.T) *Conn {
	t.Helper()
	testenv.SkipIfEmulated(t, "netlink messages are the emulator's translation of the kernel's")
	c, err := Dial()
	if err != nil {
		t.Skipf("no NETLINK_ROUTE socket here: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestDumpLinksFindsLoopback(t *testing.T) {
	c := dial(t)
	ae := NewAttributeEncoder()
	ae.Uint32(unix.IFLA_EXT_MASK, ExtFilterVF)
	msgs, err := c.Dump(Message{Header: Header{Type: unix.RTM_GETLINK},
		Data: append(IfInfoMsg{Family: unix.AF_PACKET}.Marshal(), ae.Encode()...)})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range msgs {
		if m.Header.Type != unix.RTM_NEWLINK {
			t.Errorf("dump returned message type %d", m.Header.Type)
		}
		ifi, rest, err := UnmarshalIfInfoMsg(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		attrs, err := ParseAttributes(rest)
		if err != nil {
			t.Fatal(err)
		}
		if ifi.Flags&unix.IFF_LOOPBACK != 0 && attrs.String(unix.IFLA_IFNAME) == "lo" {
			found = true
		}
	}
	if !found {
		t.Errorf("no loopback link among %d links", len(msgs))
	}
}

func TestExecuteGetLink(t *testing.T) {
	c := dial(t)
	get := func(name string) ([]Message, error) {
		ae := NewAttributeEncoder()
		ae.String(unix.IFLA_IFNAME, name)
		ae.Uint32(unix.IFLA_EXT_MASK, ExtFilterVF|ExtFilterSkipStats)
		return c.Execute(Message{Header: Header{Type: unix.RTM_GETLINK},
			Data: append(IfInfoMsg{}.Marshal(), ae.Encode()...)})
	}
	replies, err := get("lo")
	if err != nil || len(replies) != 1 || replies[0].Header.Type != unix.RTM_NEWLINK {
		t.Fatalf("GETLINK lo = %d replies, %v", len(replies), err)
	}
	_, err = get("nsip-absent0")
	var opErr *OpError
	if !errors.As(err, &opErr) || !errors.Is(err, unix.ENODEV) {
		t.Fatalf("GETLINK of a missing link = %v, want ENODEV", err)
	}
	// The socket stays usable after a refusal.
	if _, err := get("lo"); err != nil {
		t.Errorf("GETLINK after an error: %v", err)
	}
}

func TestDumpErrorCarriesExtendedAck(t *testing.T) {
	c := dial(t)
	ae := NewAttributeEncoder()
	ae.Uint32(unix.RTA_TABLE, 0xfffffff0) // no such table exists
	_, err := c.Dump(Message{Header: Header{Type: unix.RTM_GETROUTE},
		Data: append(RtMsg{Family: unix.AF_INET}.Marshal(), ae.Encode()...)})
	var opErr *OpError
	if !errors.As(err, &opErr) {
		t.Fatalf("dump of a missing table = %v, want *OpError", err)
	}
	if opErr.Errno != unix.ENOENT || opErr.Message != "ipv4: FIB table does not exist" {
		t.Errorf("error = %+v", opErr)
	}
}

func TestRequestsGetFreshSequenceNumbers(t *testing.T) {
	c := dial(t)
	first, _ := c.send(Message{Header: Header{Type: Noop}})
	second, _ := c.send(Message{Header: Header{Type: Noop}})
	if second != first+1 {
		t.Errorf("sequence numbers %d then %d", first, second)
	}
}

package ip

import (
	"nsip/internal/unix"
	"nsip/nl"
)

// modifyEcho is modify for the changes that take -echo (link, address and
// route add, change, replace and delete): with -echo the request carries
// NLM_F_ECHO and the kernel's copy of the object it made or removed is
// printed with print, as rtnl_echo_talk does. print is a method expression:
// a method value would be a wrapper holding a copy of the method's body.
func (s *session) modifyEcho(m nl.Message, print func(*session, *nl.Message)) error {
	if s.echo {
		m.Header.Flags |= nl.Echo
	}
	replies, err := s.conn.Execute(m)
	if err != nil || !s.echo {
		return err
	}
	// The first reply is printed, in JSON as an object of an array of its
	// own. The kernel echoes nothing for a change that changed nothing
	// (or for ip link set); ip then hands its printer the
	// acknowledgement, which it ignores or names as it would any wrong
	// message.
	m = nl.Message{Header: nl.Header{Length: ackLength, Type: nl.Error, Flags: nl.Capped}}
	if len(replies) > 0 {
		m = replies[0]
	}
	p := s.out
	p.Begin()
	p.OpenObject("")
	print(s, &m)
	p.CloseObject()
	p.End()
	p.Flush()
	return nil
}

// ackLength is the length of a successful acknowledgement: a header, the
// error number and, capped, the request's header.
const ackLength = 2*unix.SizeofNlMsghdr + 4

func (s *session) echoLink(m *nl.Message) { s.printLink(*m, &linkFilter{group: -1, noQueue: true}) }

// echoAddress prints an address; with -echo, printAddress puts its link's
// index and name first, as ip does.
func (s *session) echoAddress(m *nl.Message) { s.printAddress(m, &noLinkFilter) }

// echoRoute prints a route, or says "Not a route" for anything else.
func (s *session) echoRoute(m *nl.Message) { s.printRoute(*m, &noRouteFilter) }

// modifyPrinting is modify with -echo printed by print.
func (s *session) modifyPrinting(typ nl.HeaderType, flags nl.HeaderFlags, header []byte, ae *nl.AttributeEncoder,
	print func(*session, *nl.Message)) int {
	err := s.modifyEcho(nl.Message{Header: nl.Header{Type: typ, Flags: flags}, Data: append(header, ae.Encode()...)}, print)
	if err != nil {
		s.reportRequestError(err, "")
		return 2
	}
	return 0
}

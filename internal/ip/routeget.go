package ip

import (
	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
)

// RTM_F_* request flags x/sys/unix lacks.
const (
	rtmFlagLookupTable = 0x1000
	rtmFlagFibMatch    = 0x2000
)

// The indexes of the iif and oif in routeGetRequest's devs.
const (
	getIif = iota
	getOif
)

// routeGetRequest is what ip route get reads.
type routeGetRequest struct {
	rtm             nl.RtMsg
	attrs           nl.AttributeEncoder
	devs            [2]string // the iif and oif given, by name
	hasDevs         [2]bool
	mark            uint32
	connected, from bool
	fibMatch, found bool
}

// routeGet is `ip route get ADDRESS [from S] [iif D] [oif D] [mark N] ...`:
// the kernel's lookup, printed as a route.
func (s *session) routeGet(a args) int {
	req := &routeGetRequest{rtm: nl.RtMsg{Family: uint8(s.family)}}
	r := &req.rtm
	// The words in ip's order, which settles what an abbreviation means.
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "tos", cli.Matches(word, "dsfield"):
			r.TOS = nextArg(&a, dsfieldID, "TOS value is invalid\n")
		case cli.Matches(word, "from"):
			arg := a.next()
			if cli.Matches(arg, "help") {
				routeUsage()
			}
			req.from = true
			r.SrcLen = uint8(addPrefix(r, &req.attrs, unix.RTA_SRC, arg, false))
		case cli.Matches(word, "iif"):
			req.devs[getIif], req.hasDevs[getIif] = a.next(), true
		case cli.Matches(word, "mark"):
			req.mark = nextArg(&a, parseU32, "invalid mark value")
		case cli.Matches(word, "oif"), word == "dev":
			req.devs[getOif], req.hasDevs[getOif] = a.next(), true
		case cli.Matches(word, "notify"):
			r.Flags |= unix.RTM_F_NOTIFY
		case cli.Matches(word, "connected"):
			req.connected = true
		case cli.Matches(word, "vrf"):
			name := a.next()
			if !s.isVRF(name) {
				invarg("Invalid VRF\n", name)
			}
			req.devs[getOif], req.hasDevs[getOif] = name, true
		case cli.Matches(word, "uid"):
			req.attrs.Uint32(unix.RTA_UID, nextArg(&a, parseU32, "invalid UID\n"))
		case cli.Matches(word, "fibmatch"):
			req.fibMatch = true
		case word == "as":
			addPrefix(r, &req.attrs, unix.RTA_NEWDST, nextAsAddress(&a), true)
		case cli.Matches(word, "sport"), cli.Matches(word, "dport"):
			attr, complaint := uint16(unix.RTA_SPORT), "invalid sport\n"
			if cli.Matches(word, "dport") {
				attr, complaint = unix.RTA_DPORT, "invalid dport\n"
			}
			arg := a.next()
			port, ok := cli.ParseUint(arg, 0)
			if !ok || port > 0xffff {
				invarg(complaint, arg)
			}
			req.attrs.Bytes(attr, []byte{byte(port >> 8), byte(port)})
		case cli.Matches(word, "ipproto"):
			req.attrs.Uint8(unix.RTA_IP_PROTO, nextArg(&a, ipProtoID, "Invalid \"ipproto\" value\n"))
		default:
			// [to] ADDRESS: a prefix length other than the full one is
			// warned about and dropped.
			if word == "to" {
				word = a.next()
			}
			if cli.Matches(word, "help") {
				routeUsage()
			}
			bitlen := addPrefix(r, &req.attrs, unix.RTA_DST, word, false)
			r.DstLen = uint8(bitlen)
			if full := familyBits(int(r.Family)); (r.Family == unix.AF_INET || r.Family == unix.AF_INET6) && bitlen != full {
				cli.Stderr("Warning: /", itoa(bitlen), " as prefix is invalid, only /", itoa(full), " (or none) is supported.\n")
				r.DstLen = uint8(full)
			}
			req.found = true
		}
	}
	if !req.found {
		return failure("need at least a destination address\n")
	}
	// The iif and oif given must exist.
	for i, attr := range [...]uint16{getIif: unix.RTA_IIF, getOif: unix.RTA_OIF} {
		if !req.hasDevs[i] {
			continue
		}
		index := s.deviceIndex(req.devs[i])
		if index == 0 {
			return cli.StatusFailure
		}
		req.attrs.Uint32(attr, uint32(index))
	}
	if req.mark != 0 {
		req.attrs.Uint32(unix.RTA_MARK, req.mark)
	}
	if r.Family == unix.AF_UNSPEC {
		r.Family = unix.AF_INET
	}
	if r.Family == unix.AF_INET {
		r.Flags |= rtmFlagLookupTable
	}
	if req.fibMatch {
		r.Flags |= rtmFlagFibMatch
	}
	answer := s.getRoute(req)
	if answer == nil {
		return 2
	}
	every := &routeFilter{cloned: 2}
	s.out.Begin()
	s.printRouteAt(answer, every)
	s.out.End()
	if !req.connected || req.from {
		return 0
	}
	// connected: the way back from the source the lookup chose.
	if len(answer.Data) < nl.RtMsgLen || answer.Header.Type != unix.RTM_NEWROUTE {
		return failure("Not a route?\n")
	}
	if attrs, _ := nl.ParseAttributes(answer.Data[nl.RtMsgLen:]); !attrs.Has(unix.RTA_PREFSRC) && !attrs.Has(unix.RTA_SRC) {
		return failure("Failed to connect the route\n")
	}
	// iproute2 6.1 means to look up the way back from the chosen source,
	// but edits a copy and sends its first request again; nsip does what
	// it does, and prints the second answer as text as it does, after
	// closing the JSON.
	if answer = s.getRoute(req); answer == nil {
		return 2
	}
	s.printRouteAt(answer, every)
	return 0
}

// getRoute sends req's lookup and is the kernel's answer, or nil when
// it refuses.
func (s *session) getRoute(req *routeGetRequest) *nl.Message {
	replies, err := s.conn.Execute(nl.Message{
		Header: nl.Header{Type: unix.RTM_GETROUTE},
		Data:   append(req.rtm.Marshal(), req.attrs.Encode()...),
	})
	if err == nil && len(replies) == 0 {
		err = unix.ENOENT
	}
	if err != nil {
		s.reportRequestError(err, "")
		return nil
	}
	return &replies[0]
}

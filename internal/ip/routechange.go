package ip

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"nsip/internal/cli"
	"nsip/nl"
)

// RTM_F_* request flags x/sys/unix lacks.
const (
	rtmFlagLookupTable = 0x1000
	rtmFlagFibMatch    = 0x2000
)

// routeChange is `ip route add|change|replace|prepend|append|test|delete`:
// iproute2's iproute_modify.
func (s *session) routeChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	r := nl.RtMsg{Family: uint8(s.family), Table: unix.RT_TABLE_MAIN, Scope: unix.RT_SCOPE_NOWHERE}
	if typ != unix.RTM_DELROUTE {
		r.Protocol, r.Scope, r.Type = unix.RTPROT_BOOT, unix.RT_SCOPE_UNIVERSE, unix.RTN_UNICAST
	}
	ae := nl.NewAttributeEncoder()
	metrics := nl.NewAttributeEncoder()
	var lock uint32
	var dev *string // nil: not given
	var gateway, dst, scoped, tabled, typed, nexthops bool
	var nhid uint32
	family := func() int { return int(r.Family) }
	learnFamily := func(f int) {
		if r.Family == unix.AF_UNSPEC {
			r.Family = uint8(f)
		}
	}
	// metric reads a route metric, optionally "lock"ed, with parse.
	metric := func(attr uint16, what string, parse func(string) (uint32, bool)) {
		arg := a.next()
		if arg == "lock" {
			lock |= 1 << attr
			arg = a.next()
		}
		v, ok := parse(arg)
		if !ok {
			invarg(`"`+what+`" value is invalid`+"\n", arg)
		}
		metrics.Uint32(attr, v)
	}
	unsigned := func(arg string) (uint32, bool) { return getU32(arg, 0) }
words:
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "src":
			addr := mustParseAddr(a.next(), family())
			learnFamily(addr.family)
			ae.Bytes(unix.RTA_PREFSRC, addr.data[:addr.bytelen])
		case word == "as":
			arg := a.next()
			if arg == "to" {
				arg = a.next()
			}
			addr := mustParseAddr(arg, family())
			learnFamily(addr.family)
			ae.Bytes(unix.RTA_NEWDST, addr.data[:addr.bytelen])
		case word == "via":
			if gateway {
				invarg("use nexthop syntax to specify multiple via\n", word)
			}
			gateway = true
			addr := parseVia(&a, family())
			learnFamily(addr.family)
			addGateway(ae, addr, family())
		case word == "from":
			p := mustParsePrefix(a.next(), family())
			learnFamily(p.family)
			if p.bytelen > 0 {
				ae.Bytes(unix.RTA_SRC, p.data[:p.bytelen])
			}
			r.SrcLen = uint8(p.bitlen)
		case word == "tos", cli.Matches(word, "dsfield"):
			arg := a.next()
			tos, ok := dsfieldID(arg)
			if !ok {
				invarg("\"tos\" value is invalid\n", arg)
			}
			r.TOS = tos
		case word == "expires":
			arg := a.next()
			v, ok := getU32(arg, 0)
			if !ok {
				invarg("\"expires\" value is invalid\n", arg)
			}
			ae.Uint32(unix.RTA_EXPIRES, v)
		case cli.Matches(word, "metric"), cli.Matches(word, "priority"), word == "preference":
			arg := a.next()
			v, ok := getU32(arg, 0)
			if !ok {
				invarg("\"metric\" value is invalid\n", arg)
			}
			ae.Uint32(unix.RTA_PRIORITY, v)
		case word == "scope":
			arg := a.next()
			scope, ok := scopeID(arg)
			if !ok {
				invarg("invalid \"scope\" value\n", arg)
			}
			r.Scope, scoped = scope, true
		case word == "mtu":
			metric(unix.RTAX_MTU, "mtu", unsigned)
		case word == "hoplimit":
			metric(unix.RTAX_HOPLIMIT, "hoplimit", func(arg string) (uint32, bool) {
				v, ok := getU32(arg, 0)
				return v, ok && v <= 255
			})
		case word == "advmss":
			metric(unix.RTAX_ADVMSS, "mss", unsigned)
		case cli.Matches(word, "reordering"):
			metric(unix.RTAX_REORDERING, "reordering", unsigned)
		case word == "rtt":
			metric(unix.RTAX_RTT, "rtt", func(arg string) (uint32, bool) { return s.timeRTT(arg, 8) })
		case word == "rto_min":
			lock |= 1 << unix.RTAX_RTO_MIN
			arg := a.next()
			v, ok := s.timeRTT(arg, 1)
			if !ok {
				invarg("\"rto_min\" value is invalid\n", arg)
			}
			metrics.Uint32(unix.RTAX_RTO_MIN, v)
		case cli.Matches(word, "window"):
			metric(unix.RTAX_WINDOW, "window", unsigned)
		case cli.Matches(word, "cwnd"):
			metric(unix.RTAX_CWND, "cwnd", unsigned)
		case cli.Matches(word, "initcwnd"):
			metric(unix.RTAX_INITCWND, "initcwnd", unsigned)
		case cli.Matches(word, "initrwnd"):
			metric(unix.RTAX_INITRWND, "initrwnd", unsigned)
		case cli.Matches(word, "features"):
			arg := a.next()
			if arg != "ecn" {
				invarg("\"features\" value not valid\n", arg)
			}
			metrics.Uint32(unix.RTAX_FEATURES, unix.RTAX_FEATURE_ECN)
		case cli.Matches(word, "quickack"), cli.Matches(word, "fastopen_no_cookie"):
			attr, name := uint16(unix.RTAX_QUICKACK), "quickack"
			if !cli.Matches(word, "quickack") {
				attr, name = unix.RTAX_FASTOPEN_NO_COOKIE, "fastopen_no_cookie"
			}
			arg := a.next()
			v, ok := getU32(arg, 0)
			if !ok {
				invarg(`"`+name+`" value is invalid`+"\n", arg)
			}
			if v > 1 {
				invarg(`"`+name+`" value should be 0 or 1`+"\n", arg)
			}
			metrics.Uint32(attr, v)
		case cli.Matches(word, "congctl"):
			arg := a.next()
			if arg == "lock" {
				lock |= 1 << unix.RTAX_CC_ALGO
				arg = a.next()
			}
			metrics.Bytes(unix.RTAX_CC_ALGO, []byte(arg))
		case cli.Matches(word, "rttvar"):
			metric(unix.RTAX_RTTVAR, "rttvar", func(arg string) (uint32, bool) { return s.timeRTT(arg, 4) })
		case cli.Matches(word, "ssthresh"):
			metric(unix.RTAX_SSTHRESH, "ssthresh", unsigned)
		case cli.Matches(word, "realms"):
			arg := a.next()
			realms, ok := parseRealms(arg)
			if !ok {
				invarg("\"realm\" value is invalid\n", arg)
			}
			ae.Uint32(unix.RTA_FLOW, realms)
		case word == "onlink":
			r.Flags |= unix.RTNH_F_ONLINK
		case word == "nexthop":
			nexthops = true
			break words
		case word == "nhid":
			arg := a.next()
			v, ok := getU32(arg, 0)
			if !ok {
				invarg("\"id\" value is invalid\n", arg)
			}
			nhid = v
			ae.Uint32(nl.RouteNexthopID, v)
		case cli.Matches(word, "protocol"):
			arg := a.next()
			proto, ok := protocolID(arg)
			if !ok {
				invarg("\"protocol\" value is invalid\n", arg)
			}
			r.Protocol = proto
		case cli.Matches(word, "table"), cli.Matches(word, "vrf"):
			arg := a.next()
			var table uint32
			if cli.Matches(word, "table") {
				id, ok := tableID(arg)
				if !ok {
					invarg("\"table\" value is invalid\n", arg)
				}
				table = id
			} else if table = s.vrfTable(arg); table == 0 {
				invarg("Invalid VRF\n", arg)
			}
			if table < 256 {
				r.Table = uint8(table)
			} else {
				r.Table = unix.RT_TABLE_UNSPEC
				ae.Uint32(unix.RTA_TABLE, table)
			}
			tabled = true
		case word == "dev", word == "oif":
			name := a.next()
			dev = &name
		case cli.Matches(word, "pref"):
			arg := a.next()
			pref, ok := preferenceID(arg)
			if !ok {
				invarg("\"pref\" value is invalid\n", arg)
			}
			ae.Uint8(unix.RTA_PREF, pref)
		case word == "encap":
			return notImplemented("ip route encap")
		case word == "ttl-propagate":
			arg := a.next()
			var on uint8
			switch {
			case cli.Matches(arg, "enabled"):
				on = 1
			case cli.Matches(arg, "disabled"):
			default:
				invarg("\"ttl-propagate\" value is invalid\n", arg)
			}
			ae.Uint8(unix.RTA_TTL_PROPAGATE, on)
		default:
			if word == "to" {
				word = a.next()
			}
			if word != "" && (word[0] < '0' || word[0] > '9') {
				if t, ok := routeTypeID(word); ok {
					r.Type, typed = t, true
					word = a.next()
				}
			}
			if cli.Matches(word, "help") {
				routeUsage()
			}
			if dst {
				duparg2("to", word)
			}
			p := mustParsePrefix(word, family())
			learnFamily(p.family)
			r.DstLen, dst = uint8(p.bitlen), true
			if p.bytelen > 0 {
				ae.Bytes(unix.RTA_DST, p.data[:p.bytelen])
			}
		}
	}
	if !dst {
		routeUsage()
	}
	if dev != nil {
		index := s.links.nameToIndex(*dev)
		if index == 0 {
			cli.Stderr(`Cannot find device "`, *dev, `"`, "\n")
			return cli.StatusFailure
		}
		ae.Uint32(unix.RTA_OIF, uint32(index))
	}
	if m := metrics.Encode(); len(m) > 0 {
		if lock != 0 {
			metrics.Uint32(unix.RTAX_LOCK, lock)
		}
		ae.Bytes(unix.RTA_METRICS, metrics.Encode())
	}
	if nexthops {
		ae.Bytes(unix.RTA_MULTIPATH, s.parseNexthops(&r, a))
	}
	if r.Family == unix.AF_UNSPEC {
		r.Family = unix.AF_INET
	}
	if !tabled {
		switch r.Type {
		case unix.RTN_LOCAL, unix.RTN_BROADCAST, unix.RTN_NAT, unix.RTN_ANYCAST:
			r.Table = unix.RT_TABLE_LOCAL
		}
	}
	if !scoped {
		switch {
		case r.Family == unix.AF_INET6 || r.Family == unix.AF_MPLS:
			r.Scope = unix.RT_SCOPE_UNIVERSE
		case r.Type == unix.RTN_LOCAL || r.Type == unix.RTN_NAT:
			r.Scope = unix.RT_SCOPE_HOST
		case r.Type == unix.RTN_BROADCAST || r.Type == unix.RTN_MULTICAST || r.Type == unix.RTN_ANYCAST:
			r.Scope = unix.RT_SCOPE_LINK
		case r.Type == unix.RTN_UNICAST || r.Type == unix.RTN_UNSPEC:
			if typ == unix.RTM_DELROUTE {
				r.Scope = unix.RT_SCOPE_NOWHERE
			} else if !gateway && !nexthops && nhid == 0 {
				r.Scope = unix.RT_SCOPE_LINK
			}
		}
	}
	if !typed && r.Family == unix.AF_MPLS {
		r.Type = unix.RTN_UNICAST
	}
	return s.modify(typ, flags, r.Marshal(), ae)
}

// preferenceID reads a route preference: low, medium, high or a number.
func preferenceID(arg string) (uint8, bool) {
	for i, name := range routePreferences {
		if name != "" && name == arg {
			return uint8(i), true
		}
	}
	n, ok := cli.ParseUint(arg, 0)
	return uint8(n), ok && n <= 255
}

// parseVia reads "via [FAMILY] ADDRESS" after the via.
func parseVia(a *args, family int) inetPrefix {
	arg := a.next()
	if f := familyID(arg); f != unix.AF_UNSPEC {
		family = f
		arg = a.next()
	}
	return mustParseAddr(arg, family)
}

// addGateway adds a gateway: RTA_GATEWAY in the route's family, RTA_VIA
// with the family in front for any other.
func addGateway(ae *nl.AttributeEncoder, addr inetPrefix, routeFamily int) {
	if addr.family == routeFamily {
		ae.Bytes(unix.RTA_GATEWAY, addr.data[:addr.bytelen])
		return
	}
	via := binary.NativeEndian.AppendUint16(nil, uint16(addr.family))
	ae.Bytes(unix.RTA_VIA, append(via, addr.data[:addr.bytelen]...))
}

// timeRTT reads an rtt, rttvar or rto_min value as ip does, scaling a
// value given with a unit into the metric's kernel unit (scale per
// millisecond); a bare number goes to the kernel as it is.
func (s *session) timeRTT(arg string, scale uint32) (uint32, bool) {
	v, raw, ok := timeRTTErrno(arg, &s.errnoERANGE)
	if !raw {
		v *= scale
	}
	return v, ok
}

// parseNexthops reads "nexthop NH [nexthop NH]..." into the payload of
// RTA_MULTIPATH: a struct rtnexthop and its attributes for each hop.
func (s *session) parseNexthops(r *nl.RtMsg, a args) []byte {
	var out []byte
	for !a.empty() {
		if a.cur() != "nexthop" {
			cli.Stderr(`Error: "nexthop" or end of line is expected instead of "`, a.cur(), `"`, "\n")
			cli.Fail(statusUsage)
		}
		if len(a) <= 1 {
			cli.Stderr("Error: unexpected end of line after \"nexthop\"\n")
			cli.Fail(statusUsage)
		}
		a.skip()
		var flags, hops uint8
		var index int32
		hop := nl.NewAttributeEncoder()
	hopWords:
		for ; !a.empty(); a.skip() {
			switch word := a.cur(); {
			case word == "via":
				addr := parseVia(&a, int(r.Family))
				if r.Family == unix.AF_UNSPEC {
					r.Family = uint8(addr.family)
				}
				addGateway(hop, addr, int(r.Family))
			case word == "dev":
				arg := a.next()
				if index = s.links.nameToIndex(arg); index == 0 {
					cli.Stderr(`Cannot find device "`, arg, `"`, "\n")
					cli.Stderr("Error: cannot parse nexthop\n")
					cli.Fail(statusUsage)
				}
			case word == "weight":
				arg := a.next()
				w, ok := getU32(arg, 0)
				if !ok || w == 0 || w > 256 {
					invarg("\"weight\" is invalid\n", arg)
				}
				hops = uint8(w - 1)
			case word == "onlink":
				flags |= unix.RTNH_F_ONLINK
			case cli.Matches(word, "realms"):
				arg := a.next()
				realms, ok := parseRealms(arg)
				if !ok {
					invarg("\"realm\" value is invalid\n", arg)
				}
				hop.Uint32(unix.RTA_FLOW, realms)
			case word == "encap":
				notImplemented("ip route nexthop encap")
				cli.Fail(cli.StatusFailure)
			case word == "as":
				arg := a.next()
				if arg == "to" {
					arg = a.next()
				}
				addr := mustParseAddr(arg, int(r.Family))
				hop.Bytes(unix.RTA_NEWDST, addr.data[:addr.bytelen])
			default:
				break hopWords
			}
		}
		attrs := hop.Encode()
		rtnh := binary.NativeEndian.AppendUint16(nil, uint16(unix.SizeofRtNexthop+len(attrs)))
		rtnh = append(rtnh, flags, hops)
		rtnh = binary.NativeEndian.AppendUint32(rtnh, uint32(index))
		out = append(append(out, rtnh...), attrs...)
	}
	return out
}

// routeGet is `ip route get ADDRESS [from S] [iif D] [oif D] [mark N] ...`:
// the kernel's lookup, printed as a route.
func (s *session) routeGet(a args) int {
	r := nl.RtMsg{Family: uint8(s.family)}
	ae := nl.NewAttributeEncoder()
	var iifName, oifName *string // nil: not given
	var mark uint32
	connected, fibMatch, fromGiven, found := false, false, false, false
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "tos", cli.Matches(word, "dsfield"):
			arg := a.next()
			tos, ok := dsfieldID(arg)
			if !ok {
				invarg("TOS value is invalid\n", arg)
			}
			r.TOS = tos
		case cli.Matches(word, "from"):
			arg := a.next()
			if cli.Matches(arg, "help") {
				routeUsage()
			}
			fromGiven = true
			p := mustParsePrefix(arg, int(r.Family))
			if r.Family == unix.AF_UNSPEC {
				r.Family = uint8(p.family)
			}
			if p.bytelen > 0 {
				ae.Bytes(unix.RTA_SRC, p.data[:p.bytelen])
			}
			r.SrcLen = uint8(p.bitlen)
		case cli.Matches(word, "iif"):
			name := a.next()
			iifName = &name
		case cli.Matches(word, "mark"):
			arg := a.next()
			n, ok := getU32(arg, 0)
			if !ok {
				invarg("invalid mark value", arg)
			}
			mark = n
		case cli.Matches(word, "oif"), word == "dev":
			name := a.next()
			oifName = &name
		case cli.Matches(word, "notify"):
			r.Flags |= unix.RTM_F_NOTIFY
		case cli.Matches(word, "connected"):
			connected = true
		case cli.Matches(word, "vrf"):
			arg := a.next()
			if !s.isVRF(arg) {
				invarg("Invalid VRF\n", arg)
			}
			oifName = &arg
		case cli.Matches(word, "uid"):
			arg := a.next()
			uid, ok := getU32(arg, 0)
			if !ok {
				invarg("invalid UID\n", arg)
			}
			ae.Uint32(unix.RTA_UID, uid)
		case cli.Matches(word, "fibmatch"):
			fibMatch = true
		case word == "as":
			arg := a.next()
			if arg == "to" {
				arg = a.next()
			}
			addr := mustParseAddr(arg, int(r.Family))
			if r.Family == unix.AF_UNSPEC {
				r.Family = uint8(addr.family)
			}
			ae.Bytes(unix.RTA_NEWDST, addr.data[:addr.bytelen])
		case cli.Matches(word, "sport"), cli.Matches(word, "dport"):
			attr, name := uint16(unix.RTA_SPORT), "sport"
			if cli.Matches(word, "dport") {
				attr, name = unix.RTA_DPORT, "dport"
			}
			arg := a.next()
			port, ok := cli.ParseUint(arg, 0)
			if !ok || port > 0xffff {
				invarg("invalid "+name+"\n", arg)
			}
			ae.Bytes(attr, []byte{byte(port >> 8), byte(port)})
		case cli.Matches(word, "ipproto"):
			return notImplemented("ip route get ipproto")
		default:
			if word == "to" {
				word = a.next()
			}
			if cli.Matches(word, "help") {
				routeUsage()
			}
			p := mustParsePrefix(word, int(r.Family))
			if r.Family == unix.AF_UNSPEC {
				r.Family = uint8(p.family)
			}
			if p.bytelen > 0 {
				ae.Bytes(unix.RTA_DST, p.data[:p.bytelen])
			}
			switch {
			case r.Family == unix.AF_INET && p.bitlen != 32:
				cli.Stderr("Warning: /", itoa(p.bitlen), " as prefix is invalid, only /32 (or none) is supported.\n")
				r.DstLen = 32
			case r.Family == unix.AF_INET6 && p.bitlen != 128:
				cli.Stderr("Warning: /", itoa(p.bitlen), " as prefix is invalid, only /128 (or none) is supported.\n")
				r.DstLen = 128
			default:
				r.DstLen = uint8(p.bitlen)
			}
			found = true
		}
	}
	if !found {
		cli.Stderr("need at least a destination address\n")
		return cli.StatusFailure
	}
	for _, dev := range []struct {
		name *string
		attr uint16
	}{{iifName, unix.RTA_IIF}, {oifName, unix.RTA_OIF}} {
		if dev.name == nil {
			continue
		}
		index := s.links.nameToIndex(*dev.name)
		if index == 0 {
			cli.Stderr(`Cannot find device "`, *dev.name, `"`, "\n")
			return cli.StatusFailure
		}
		ae.Uint32(dev.attr, uint32(index))
	}
	if mark != 0 {
		ae.Uint32(unix.RTA_MARK, mark)
	}
	if r.Family == unix.AF_UNSPEC {
		r.Family = unix.AF_INET
	}
	if r.Family == unix.AF_INET {
		r.Flags |= rtmFlagLookupTable
	}
	if fibMatch {
		r.Flags |= rtmFlagFibMatch
	}
	answer, ok := s.getRoute(r, ae.Encode())
	if !ok {
		return 2
	}
	if connected && !fromGiven {
		s.out.Begin()
		s.printRoute(answer, &routeFilter{cloned: 2})
		s.out.End()
		_, rest, err := nl.UnmarshalRtMsg(answer.Data)
		if err != nil || answer.Header.Type != unix.RTM_NEWROUTE {
			cli.Stderr("Not a route?\n")
			return cli.StatusFailure
		}
		if attrs, _ := nl.ParseAttributes(rest); !attrs.Has(unix.RTA_PREFSRC) && !attrs.Has(unix.RTA_SRC) {
			cli.Stderr("Failed to connect the route\n")
			return cli.StatusFailure
		}
		// iproute2 6.1 means to look up the way back from the chosen
		// source, but edits a copy and sends its first request again;
		// nsip does what it does, and prints the second answer as text
		// as it does, after closing the JSON.
		if answer, ok = s.getRoute(r, ae.Encode()); !ok {
			return 2
		}
		s.printRoute(answer, &routeFilter{cloned: 2})
		return 0
	}
	s.out.Begin()
	s.printRoute(answer, &routeFilter{cloned: 2})
	s.out.End()
	return 0
}

func (s *session) getRoute(r nl.RtMsg, attrs []byte) (nl.Message, bool) {
	replies, err := s.conn.Execute(nl.Message{
		Header: nl.Header{Type: unix.RTM_GETROUTE},
		Data:   append(r.Marshal(), attrs...),
	})
	if err == nil && len(replies) == 0 {
		err = unix.ENOENT
	}
	if err != nil {
		s.reportRequestError(err, "")
		return nl.Message{}, false
	}
	return replies[0], true
}

// routeFlush is `ip route flush SELECTOR`: delete every route it selects,
// round after round until a dump finds none left.
func (s *session) routeFlush(a args) int {
	if a.empty() {
		cli.Stderr("\"ip route flush\" requires arguments.\n")
		return cli.StatusFailure
	}
	f, family, status := s.parseRouteSelector(a)
	if status != 0 {
		return status
	}
	if f.cloned != 0 {
		if family != unix.AF_INET6 {
			flushRouteCache()
		}
		if family == unix.AF_INET {
			return 0
		}
	}
	f.flushing = true
	for {
		routes, ok := s.dump(routeDumpRequest(f, family))
		if !ok {
			cli.Stderr("Flush terminated\n")
			return 2
		}
		flushed := 0
		for _, m := range routes {
			r, rest, err := nl.UnmarshalRtMsg(m.Data)
			if err != nil || m.Header.Type != unix.RTM_NEWROUTE {
				continue
			}
			attrs, _ := nl.ParseAttributes(rest)
			if !s.routeSelected(r, attrs, routeTable(r, attrs), f) {
				continue
			}
			if _, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_DELROUTE}, Data: m.Data}); err != nil {
				cli.Stderr("Failed to send flush request: ", cli.Strerror(err), "\n")
				return 2
			}
			flushed++
		}
		if flushed == 0 {
			return 0
		}
	}
}

// flushRouteCache empties the IPv4 routing cache.
func flushRouteCache() {
	const path = "/proc/sys/net/ipv4/route/flush"
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		cli.Stderr(`Cannot open "`, path, `": `, cli.Strerror(err), "\n")
		return
	}
	defer unix.Close(fd)
	if n, err := unix.Write(fd, []byte("-1")); err != nil || n < 2 {
		cli.Stderr("Cannot flush routing cache\n")
	}
}

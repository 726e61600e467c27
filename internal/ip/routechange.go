package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
)

// routeRequest is what ip route add|change|replace|delete reads: the
// header and attributes so far, and what ip's defaults depend on.
type routeRequest struct {
	rtm             nl.RtMsg
	attrs, metrics  nl.AttributeEncoder
	lock            uint32 // RTAX_LOCK: the metrics given as "lock VALUE"
	dev             string
	hasDev          bool
	gateway, dst    bool
	scoped, tabled  bool
	typed, nexthops bool
	nhid            uint32
}

// routeChange is `ip route add|change|replace|prepend|append|test|delete`:
// iproute2's iproute_modify.
func (s *session) routeChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	req := &routeRequest{rtm: nl.RtMsg{Family: uint8(s.family), Table: unix.RT_TABLE_MAIN, Scope: unix.RT_SCOPE_NOWHERE}}
	if typ != unix.RTM_DELROUTE {
		req.rtm.Protocol, req.rtm.Scope, req.rtm.Type = unix.RTPROT_BOOT, unix.RT_SCOPE_UNIVERSE, unix.RTN_UNICAST
	}
	// The words in ip's order, which settles what an abbreviation means:
	// the metrics come after scope, and last the destination. Nexthops
	// come after all the others.
words:
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "nexthop":
			req.nexthops = true
			break words
		case word == "src":
			addPrefix(&req.rtm, &req.attrs, unix.RTA_PREFSRC, a.next(), true)
		case word == "as":
			addPrefix(&req.rtm, &req.attrs, unix.RTA_NEWDST, nextAsAddress(&a), true)
		case word == "via":
			if req.gateway {
				invarg("use nexthop syntax to specify multiple via\n", word)
			}
			req.gateway = true
			addVia(&a, &req.rtm, &req.attrs)
		case word == "from":
			req.rtm.SrcLen = uint8(addPrefix(&req.rtm, &req.attrs, unix.RTA_SRC, a.next(), false))
		case word == "tos", cli.Matches(word, "dsfield"):
			req.rtm.TOS = nextArg(&a, dsfieldID, "\"tos\" value is invalid\n")
		case word == "expires":
			req.attrs.Uint32(unix.RTA_EXPIRES, nextArg(&a, parseU32, "\"expires\" value is invalid\n"))
		case cli.Matches(word, "metric"), cli.Matches(word, "priority"), word == "preference":
			req.attrs.Uint32(unix.RTA_PRIORITY, nextArg(&a, parseU32, "\"metric\" value is invalid\n"))
		case word == "scope":
			req.rtm.Scope, req.scoped = nextArg(&a, scopeID, "invalid \"scope\" value\n"), true
		case s.parseRouteMetric(&a, req, word):
			// A metric, read with its value.
		case cli.Matches(word, "realms"):
			req.attrs.Uint32(unix.RTA_FLOW, nextArg(&a, parseRealms, "\"realm\" value is invalid\n"))
		case word == "onlink":
			req.rtm.Flags |= unix.RTNH_F_ONLINK
		case word == "nhid":
			req.nhid = nextArg(&a, parseU32, "\"id\" value is invalid\n")
			req.attrs.Uint32(nl.RouteNexthopID, req.nhid)
		case cli.Matches(word, "protocol"):
			req.rtm.Protocol = nextArg(&a, protocolID, "\"protocol\" value is invalid\n")
		case cli.Matches(word, "table"), cli.Matches(word, "vrf"):
			var table uint32
			if cli.Matches(word, "table") {
				table = nextArg(&a, tableID, "\"table\" value is invalid\n")
			} else {
				table = s.nextVRFTable(&a)
			}
			if table < 256 {
				req.rtm.Table = uint8(table)
			} else {
				req.rtm.Table = unix.RT_TABLE_UNSPEC
				req.attrs.Uint32(unix.RTA_TABLE, table)
			}
			req.tabled = true
		case word == "dev", word == "oif":
			req.dev, req.hasDev = a.next(), true
		case cli.Matches(word, "pref"):
			req.attrs.Uint8(unix.RTA_PREF, nextArg(&a, preferenceID, "\"pref\" value is invalid\n"))
		case word == "encap":
			return notImplemented("ip route encap")
		case word == "ttl-propagate":
			// enabled or disabled, or an abbreviation.
			arg := a.next()
			var enabled uint8
			if cli.Matches(arg, "enabled") {
				enabled = 1
			} else if !cli.Matches(arg, "disabled") {
				invarg("\"ttl-propagate\" value is invalid\n", arg)
			}
			req.attrs.Uint8(unix.RTA_TTL_PROPAGATE, enabled)
		default:
			// [to] [TYPE] PREFIX
			if word == "to" {
				word = a.next()
			}
			if word != "" && (word[0] < '0' || word[0] > '9') {
				if t, ok := routeTypeID(word); ok {
					req.rtm.Type, req.typed = t, true
					word = a.next()
				}
			}
			if cli.Matches(word, "help") {
				routeUsage()
			}
			if req.dst {
				duparg2("to", word)
			}
			req.rtm.DstLen, req.dst = uint8(addPrefix(&req.rtm, &req.attrs, unix.RTA_DST, word, false)), true
		}
	}
	if !req.dst {
		routeUsage()
	}
	if req.hasDev {
		index := s.deviceIndex(req.dev)
		if index == 0 {
			return cli.StatusFailure
		}
		req.attrs.Uint32(unix.RTA_OIF, uint32(index))
	}
	if m := req.metrics.Encode(); len(m) > 0 {
		if req.lock != 0 {
			req.metrics.Uint32(unix.RTAX_LOCK, req.lock)
		}
		req.attrs.Bytes(unix.RTA_METRICS, req.metrics.Encode())
	}
	if req.nexthops {
		req.attrs.Bytes(unix.RTA_MULTIPATH, s.parseNexthops(&req.rtm, a))
	}
	// ip's defaults for what the words left open.
	r := &req.rtm
	if r.Family == unix.AF_UNSPEC {
		r.Family = unix.AF_INET
	}
	if !req.tabled {
		r.Table = defaultRouteTable(r.Table, r.Type)
	}
	if !req.scoped {
		viaGateway := req.gateway || req.nexthops || req.nhid != 0
		r.Scope = defaultRouteScope(r.Scope, r.Family, r.Type, typ == unix.RTM_DELROUTE, viaGateway)
	}
	if !req.typed && r.Family == unix.AF_MPLS {
		r.Type = unix.RTN_UNICAST
	}
	return s.modifyPrinting(typ, flags, req.rtm.Marshal(), &req.attrs, (*session).echoRoute)
}

// learnFamily settles a route message's family, unless it has one.
func learnFamily(r *nl.RtMsg, family int) {
	if r.Family == unix.AF_UNSPEC {
		r.Family = uint8(family)
	}
}

// nextAsAddress reads the address after "as [to]".
func nextAsAddress(a *args) string {
	if arg := a.next(); arg != "to" {
		return arg
	}
	return a.next()
}

// addPrefix adds an attribute read from arg in r's family, and settles
// r's family from it: a prefix, as get_prefix reads it, unless it has no
// address, or with address an address, as get_addr reads it. It returns
// the length.
func addPrefix(r *nl.RtMsg, ae *nl.AttributeEncoder, attr uint16, arg string, address bool) int {
	var p inetPrefix
	if address {
		p.mustSetAddr(arg, int(r.Family))
	} else {
		p.mustSetPrefix(arg, int(r.Family))
	}
	learnFamily(r, p.family)
	if address || p.bytelen > 0 {
		ae.Bytes(attr, p.data[:p.bytelen])
	}
	return p.bitlen
}

// How the value of a route metric word is read.
const (
	metricNumber   = iota // a number, after an optional "lock"
	metricHopLimit        // a number up to 255, after an optional "lock"
	metricTime            // a time, after an optional "lock"
	metricRTOMin          // a time; ip locks rto_min whether or not asked to
	metricFlag            // 0 or 1
	metricFeatures        // "ecn"
	metricCongctl         // an algorithm's name, after an optional "lock"
)

// routeMetricWords are the metric words of ip route add (RTA_METRICS),
// in ip's order, which settles what an abbreviation means.
var routeMetricWords = [...]struct {
	word  string
	exact bool // only the whole word, no abbreviation
	kind  uint8
	scale uint8 // metricTime and metricRTOMin: kernel units per ms
	attr  uint16
}{
	{"mtu", true, metricNumber, 0, unix.RTAX_MTU},
	{"hoplimit", true, metricHopLimit, 0, unix.RTAX_HOPLIMIT},
	{"advmss", true, metricNumber, 0, unix.RTAX_ADVMSS},
	{"reordering", false, metricNumber, 0, unix.RTAX_REORDERING},
	{"rtt", true, metricTime, 8, unix.RTAX_RTT},
	{"rto_min", true, metricRTOMin, 1, unix.RTAX_RTO_MIN},
	{"window", false, metricNumber, 0, unix.RTAX_WINDOW},
	{"cwnd", false, metricNumber, 0, unix.RTAX_CWND},
	{"initcwnd", false, metricNumber, 0, unix.RTAX_INITCWND},
	{"initrwnd", false, metricNumber, 0, unix.RTAX_INITRWND},
	{"features", false, metricFeatures, 0, unix.RTAX_FEATURES},
	{"quickack", false, metricFlag, 0, unix.RTAX_QUICKACK},
	{"fastopen_no_cookie", false, metricFlag, 0, unix.RTAX_FASTOPEN_NO_COOKIE},
	{"congctl", false, metricCongctl, 0, unix.RTAX_CC_ALGO},
	{"rttvar", false, metricTime, 4, unix.RTAX_RTTVAR},
	{"ssthresh", false, metricNumber, 0, unix.RTAX_SSTHRESH},
}

// parseRouteMetric reads word's value when it is a metric of ip route
// add (RTA_METRICS), and says whether it was.
func (s *session) parseRouteMetric(a *args, req *routeRequest, word string) bool {
	for i := range routeMetricWords {
		m := &routeMetricWords[i]
		// An abbreviation, or with exact the whole word.
		if !cli.Matches(word, m.word) || m.exact && len(word) != len(m.word) {
			continue
		}
		arg := a.next()
		switch m.kind {
		case metricFeatures:
			if arg != "ecn" {
				invarg("\"features\" value not valid\n", arg)
			}
			req.metrics.Uint32(m.attr, unix.RTAX_FEATURE_ECN)
			return true
		case metricRTOMin:
			req.lock |= 1 << m.attr
		case metricFlag:
		default:
			if arg == "lock" {
				req.lock |= 1 << m.attr
				arg = a.next()
			}
		}
		// ip names advmss's value mss in its complaint.
		what := m.word
		if m.attr == unix.RTAX_ADVMSS {
			what = "mss"
		}
		var v uint32
		var ok bool
		switch m.kind {
		case metricCongctl:
			req.metrics.Bytes(m.attr, []byte(arg))
			return true
		case metricTime, metricRTOMin:
			// A value with a unit is scaled into the metric's kernel
			// unit; a bare number goes to the kernel as it is.
			var raw bool
			v, raw, ok = timeRTTErrno(arg, &s.errnoERANGE)
			if !raw {
				v *= uint32(m.scale)
			}
		default:
			v, ok = getU32(arg, 0)
		}
		complaint := ""
		switch {
		case !ok || m.kind == metricHopLimit && v > 255:
			complaint = `" value is invalid`
		case m.kind == metricFlag && v > 1:
			complaint = `" value should be 0 or 1`
		}
		if complaint != "" {
			invarg(`"`+what+complaint+"\n", arg)
		}
		req.metrics.Uint32(m.attr, v)
		return true
	}
	return false
}

// nextVRFTable reads a VRF's name and is the VRF's table; any other
// name ends ip with its complaint.
func (s *session) nextVRFTable(a *args) uint32 {
	arg := a.next()
	table, ok := s.vrfTableOf(arg)
	if !ok {
		invarg("Invalid VRF\n", arg)
	}
	return table
}

// defaultRouteTable is the table of a route none was given for: local for
// the types that live there, else table (main).
func defaultRouteTable(table, rtype uint8) uint8 {
	switch rtype {
	case unix.RTN_LOCAL, unix.RTN_BROADCAST, unix.RTN_NAT, unix.RTN_ANYCAST:
		return unix.RT_TABLE_LOCAL
	}
	return table
}

// defaultRouteScope is the scope of a route none was given for: host for
// local and nat routes, link for the link-layer types and for a unicast
// route without a gateway, nowhere for a unicast delete (any scope), and
// universe for IPv6 and MPLS. Other types keep scope.
func defaultRouteScope(scope, family, rtype uint8, deleting, viaGateway bool) uint8 {
	switch {
	case family == unix.AF_INET6 || family == unix.AF_MPLS:
		return unix.RT_SCOPE_UNIVERSE
	case rtype == unix.RTN_LOCAL || rtype == unix.RTN_NAT:
		return unix.RT_SCOPE_HOST
	case rtype == unix.RTN_BROADCAST || rtype == unix.RTN_MULTICAST || rtype == unix.RTN_ANYCAST:
		return unix.RT_SCOPE_LINK
	case rtype != unix.RTN_UNICAST && rtype != unix.RTN_UNSPEC:
		return scope
	case deleting:
		return unix.RT_SCOPE_NOWHERE
	case !viaGateway:
		return unix.RT_SCOPE_LINK
	}
	return scope
}

// preferenceID reads a route preference: low, medium, high or a number.
func preferenceID(arg string) (uint8, bool) {
	for i := range routePreferences {
		if name := routePreferences[i]; name != "" && name == arg {
			return uint8(i), true
		}
	}
	n, ok := cli.ParseUint(arg, 0)
	return uint8(n), ok && n <= 255
}

// addVia reads "via [FAMILY] ADDRESS" after the via, settles r's family
// from the address, and adds the gateway to ae: RTA_GATEWAY in the
// route's family, RTA_VIA with the family in front for any other.
func addVia(a *args, r *nl.RtMsg, ae *nl.AttributeEncoder) {
	family := int(r.Family)
	arg := a.next()
	if f := familyID(arg); f != unix.AF_UNSPEC {
		family = f
		arg = a.next()
	}
	var addr inetPrefix
	addr.mustSetAddr(arg, family)
	learnFamily(r, addr.family)
	if addr.family == int(r.Family) {
		ae.Bytes(unix.RTA_GATEWAY, addr.data[:addr.bytelen])
		return
	}
	// struct rtvia: the family, then the address.
	var via [2 + len(addr.data)]byte
	endian.Native.PutUint16(via[:], uint16(addr.family))
	ae.Bytes(unix.RTA_VIA, via[:2+copy(via[2:], addr.data[:addr.bytelen])])
}

// parseNexthops reads "nexthop NH [nexthop NH]..." into the payload of
// RTA_MULTIPATH: a struct rtnexthop and its attributes for each hop.
func (s *session) parseNexthops(r *nl.RtMsg, a args) []byte {
	var out []byte
	for !a.empty() {
		if a.cur() != "nexthop" {
			cli.Stderr(`Error: "nexthop" or end of line is expected instead of "`, a.cur(), "\"\n")
			cli.Fail(statusUsage)
		}
		if len(a) <= 1 {
			fatal(statusUsage, "Error: unexpected end of line after \"nexthop\"\n")
		}
		a.skip()
		var flags, hops uint8
		var index int32
		hop := nl.NewAttributeEncoder()
	hopWords:
		for ; !a.empty(); a.skip() {
			switch word := a.cur(); {
			case word == "via":
				addVia(&a, r, hop)
			case word == "dev":
				if index = s.deviceIndex(a.next()); index == 0 {
					fatal(statusUsage, "Error: cannot parse nexthop\n")
				}
			case word == "weight":
				// 1 to 256, as rtnh_hops: one less.
				arg := a.next()
				weight, ok := getU32(arg, 0)
				if !ok || weight < 1 || weight > 256 {
					invarg("\"weight\" is invalid\n", arg)
				}
				hops = uint8(weight - 1)
			case word == "onlink":
				flags |= unix.RTNH_F_ONLINK
			case cli.Matches(word, "realms"):
				hop.Uint32(unix.RTA_FLOW, nextArg(&a, parseRealms, "\"realm\" value is invalid\n"))
			case word == "encap":
				notImplemented("ip route nexthop encap")
				cli.Fail(cli.StatusFailure)
			case word == "as":
				var addr inetPrefix
				addr.mustSetAddr(nextAsAddress(&a), int(r.Family))
				hop.Bytes(unix.RTA_NEWDST, addr.data[:addr.bytelen])
			default:
				break hopWords
			}
		}
		attrs := hop.Encode()
		// struct rtnexthop: length, flags, hops and the device's index.
		var rtnh [unix.SizeofRtNexthop]byte
		endian.Native.PutUint16(rtnh[:], uint16(unix.SizeofRtNexthop+len(attrs)))
		rtnh[2], rtnh[3] = flags, hops
		endian.Native.PutUint32(rtnh[4:], uint32(index))
		out = append(append(out, rtnh[:]...), attrs...)
	}
	return out
}

// routeFlush is `ip route flush SELECTOR`: delete every route it selects,
// round after round until a dump finds none left.
func (s *session) routeFlush(a args) int {
	if a.empty() {
		return failure("\"ip route flush\" requires arguments.\n")
	}
	f := &listedRoutes
	family, status := s.parseRouteSelector(a, f)
	if status != 0 {
		return status
	}
	if f.cloned != 0 {
		if family != unix.AF_INET6 {
			// Empty the IPv4 routing cache.
			const path = "/proc/sys/net/ipv4/route/flush"
			if fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0); err != nil {
				errorLineAbout(`Cannot open "`, path, `": `, err)
			} else {
				n, err := unix.Write(fd, []byte("-1"))
				unix.Close(fd)
				if err != nil || n < 2 {
					cli.Stderr("Cannot flush routing cache\n")
				}
			}
			if s.stats > 0 {
				s.out.Text("*** IPv4 routing cache is flushed.\n")
			}
		}
		if family == unix.AF_INET {
			return 0
		}
	}
	f.flushing = true
	for round := 0; ; round++ {
		routes, ok := s.dump(nl.Message{Header: nl.Header{Type: unix.RTM_GETROUTE}, Data: routeDumpBody(f, family)})
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
			if !s.routeSelected(&r, attrs, routeTable(&r, attrs), f) {
				continue
			}
			if s.stats > 1 {
				s.printRouteAt(&m, f)
			}
			if _, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_DELROUTE}, Data: m.Data}); err != nil {
				errorLine("Failed to send flush request: ", err)
				return 2
			}
			flushed++
		}
		if flushed == 0 {
			s.flushDone(round, round == 0 && (f.cloned == 0 || family == unix.AF_INET6))
			return 0
		}
		s.flushRound(round+1, flushed, "entries")
	}
}

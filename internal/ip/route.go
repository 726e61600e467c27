package ip

import (
	"errors"
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// ipRoute is `ip route`.
func (s *session) ipRoute(a args) int {
	if a.empty() {
		return s.listRoutes(nil)
	}
	cmd := a.cur()
	a.skip()
	typ, flags := nl.HeaderType(unix.RTM_NEWROUTE), nl.HeaderFlags(0)
	switch {
	case cli.Matches(cmd, "add"):
		flags = nl.Create | nl.Excl
	case cli.Matches(cmd, "change"), cmd == "chg":
		flags = nl.Replace
	case cli.Matches(cmd, "replace"):
		flags = nl.Create | nl.Replace
	case cli.Matches(cmd, "prepend"):
		flags = nl.Create
	case cli.Matches(cmd, "append"):
		flags = nl.Create | nl.Append
	case cli.Matches(cmd, "test"):
		flags = nl.Excl
	case cli.Matches(cmd, "delete"):
		typ = unix.RTM_DELROUTE
	case cli.Matches(cmd, "list"), cli.Matches(cmd, "show"), cli.Matches(cmd, "lst"):
		return s.listRoutes(a)
	case cli.Matches(cmd, "get"):
		return s.routeGet(a)
	case cli.Matches(cmd, "flush"):
		return s.routeFlush(a)
	case cli.Matches(cmd, "save"):
		return s.routeSave(a)
	case cli.Matches(cmd, "restore"):
		return s.routeRestore()
	case cli.Matches(cmd, "showdump"):
		return s.routeShowdump()
	case cli.Matches(cmd, "help"):
		routeUsage() // exits
	default:
		unknownCommand("route", cmd) // exits
	}
	// add, change, replace, prepend, append, test or delete.
	return s.routeChange(typ, flags, a)
}

// routeFilter selects routes; it is iproute2's route filter. A mask of
// all ones means the field was asked for, and then it is not printed.
type routeFilter struct {
	_                      noCompare
	table                  uint32 // 0: all tables
	cloned                 int
	protocol, protocolMask uint8
	scope, scopeMask       uint8
	typeMask               uint64
	tos, tosMask           uint8
	iif, iifMask           uint32
	oif, oifMask           uint32
	mark, markMask         uint32
	realm, realmMask       uint32
	metric, metricMask     uint32
	prefsrc, via           inetPrefix
	rootDst, matchDst      inetPrefix
	rootSrc, matchSrc      inetPrefix
	// flushing skips what ip route flush leaves alone: the IPv6
	// unreachable default route old kernels keep.
	flushing bool
}

// ipv6MultipleTables remembers, for the life of the process as iproute2's
// static does, that an IPv6 route outside table main has been seen.
var ipv6MultipleTables bool

// listRoutes is ip route show: each route the SELECTOR asks for, printed.
func (s *session) listRoutes(a args) int { return s.eachListedRoute(a, nil) }

// listedRoutes is the filter of eachListedRoute, and of routeFlush (which
// then needs no 2 KB of its stack for one). Handed to fn, a local filter
// would move to the heap, and routeFilter would need a type descriptor
// with all its field names. parseRouteSelector clears it for each command.
var listedRoutes routeFilter

// errRefused ends a dump whose callback refused a message.
var errRefused = errors.New("refused")

// eachListedRoute dumps the routes a SELECTOR asks for and hands each
// message of the dump, with the filter, to fn as it arrives, until fn
// refuses one. It is ip route save with a saving fn, and ip route show
// with none: then it prints each route.
func (s *session) eachListedRoute(a args, fn func(nl.Message, *routeFilter) bool) int {
	f := &listedRoutes
	dumpFamily, status := s.parseRouteSelector(a, f)
	if status != 0 {
		return status
	}
	p := s.out
	p.Begin()
	err := s.conn.DumpEach(nl.Message{Header: nl.Header{Type: unix.RTM_GETROUTE}, Data: routeDumpBody(f, dumpFamily)}, func(m nl.Message) error {
		if fn == nil {
			s.printRouteAt(&m, f)
		} else if !fn(m, f) {
			return errRefused
		}
		return nil
	})
	if err == errRefused {
		cli.Stderr("Dump terminated\n")
		return 2
	}
	// A main table that does not exist yet is just empty.
	if errno, _ := cli.ErrnoOf(err); err != nil && !(errno == unix.ENOENT && f.table == unix.RT_TABLE_MAIN) && !s.dumpUsable(err) {
		return 2
	}
	p.End()
	p.Flush()
	return 0
}

// routeDumpRequest is the RTM_GETROUTE dump for a selector.
func routeDumpRequest(f *routeFilter, family int) nl.Message {
	return nl.Message{Header: nl.Header{Type: unix.RTM_GETROUTE}, Data: routeDumpBody(f, family)}
}

// routeDumpBody is the body of routeDumpRequest; with strict checking the
// kernel already filters by table, protocol and device. (Callers that put
// the header on themselves spare the Message's trip through registers.)
func routeDumpBody(f *routeFilter, family int) []byte {
	req := nl.RtMsg{Family: uint8(family), Protocol: f.protocol}
	if f.cloned != 0 {
		req.Flags |= unix.RTM_F_CLONED
	}
	ae := nl.NewAttributeEncoder()
	if f.table != 0 {
		ae.Uint32(unix.RTA_TABLE, f.table)
	}
	if f.oif != 0 {
		ae.Uint32(unix.RTA_OIF, f.oif)
	}
	return append(req.Marshal(), ae.Encode()...)
}

// parseRouteSelector reads the SELECTOR of ip route show and flush into
// f, which it clears first. It returns the family to dump, and a non-zero
// status when a device is missing.
func (s *session) parseRouteSelector(a args, f *routeFilter) (int, int) {
	dumpFamily := s.family
	*f = routeFilter{}
	f.table = unix.RT_TABLE_MAIN
	var iifName, oifName string // resolved once all words are read, as in ip
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "table"):
			arg := a.next()
			if id, ok := tableID(arg); ok {
				f.table = id
				break
			}
			switch arg {
			case "all":
				f.table = 0
			case "cache":
				f.cloned = 1
			case "help":
				routeUsage()
			default:
				invarg("table id value is invalid\n", arg)
			}
		case cli.Matches(word, "vrf"):
			f.table = s.nextVRFTable(&a)
			f.typeMask = ^uint64(1<<unix.RTN_LOCAL | 1<<unix.RTN_BROADCAST)
		case cli.Matches(word, "cached"), cli.Matches(word, "cloned"):
			f.cloned = 1
		case word == "tos", cli.Matches(word, "dsfield"):
			f.tos, f.tosMask = nextArg(&a, dsfieldID, "TOS value is invalid\n"), 0xff
		case cli.Matches(word, "protocol"):
			f.protocol, f.protocolMask = selectorID(a.next(), protocolID, 0, "invalid \"protocol\"\n")
		case cli.Matches(word, "scope"):
			f.scope, f.scopeMask = selectorID(a.next(), scopeID, unix.RT_SCOPE_NOWHERE, "invalid \"scope\"\n")
		case cli.Matches(word, "type"):
			f.typeMask = 1 << nextArg(&a, routeTypeID, "node type value is invalid\n")
		case word == "dev", word == "oif":
			oifName, f.oifMask = a.next(), 0xffffffff
		case word == "iif":
			iifName, f.iifMask = a.next(), 0xffffffff
		case word == "mark":
			f.mark, f.markMask = nextArg(&a, parseU32, "invalid mark value"), 0xffffffff
		case cli.Matches(word, "metric"), cli.Matches(word, "priority"), word == "preference":
			f.metric, f.metricMask = nextArg(&a, parseU32, "\"metric\" value is invalid\n"), 0xffffffff
		case word == "via":
			arg := a.next()
			family := familyID(arg)
			if family == unix.AF_UNSPEC {
				family = dumpFamily
			} else {
				arg = a.next()
			}
			f.via.mustSetPrefix(arg, family)
		case word == "src":
			f.prefsrc.mustSetPrefix(a.next(), dumpFamily)
		case cli.Matches(word, "realms"):
			realms, arg := nextArg(&a, parseRealms, "invalid realms\n"), a.cur()
			f.realm, f.realmMask = realms, 0xffffffff
			if realms&0xffff == 0 && ascii.HasSuffix(arg, "/") {
				f.realmMask &^= 0xffff
			}
			if realms&0xffff0000 == 0 && (ascii.IndexByte(arg, '/') < 0 || arg[0] == '/') {
				f.realmMask &^= 0xffff0000
			}
		case cli.Matches(word, "from"):
			parseSelector(&a, a.next(), dumpFamily, &f.rootSrc, &f.matchSrc)
		default:
			if cli.Matches(word, "to") {
				word = a.next()
			}
			parseSelector(&a, word, dumpFamily, &f.rootDst, &f.matchDst)
		}
	}
	if dumpFamily == unix.AF_UNSPEC && f.table != 0 {
		dumpFamily = unix.AF_INET
	}
	if f.iifMask != 0 {
		if f.iif = uint32(s.deviceIndex(iifName)); f.iif == 0 {
			return 0, cli.StatusFailure
		}
	}
	if f.oifMask != 0 {
		if f.oif = uint32(s.deviceIndex(oifName)); f.oif == 0 {
			return 0, cli.StatusFailure
		}
	}
	return dumpFamily, 0
}

// selectorID reads a selector's NAME, NUMBER or "all" with parse: the id
// and a mask of all ones, or for "all" none and a zero mask. Any other
// word ends ip with complaint, as invarg prints it.
func selectorID(arg string, parse func(string) (uint8, bool), none uint8, complaint string) (id, mask uint8) {
	if id, ok := parse(arg); ok {
		return id, 0xff
	}
	if arg != "all" {
		invarg(complaint, arg)
	}
	return none, 0
}

// parseSelector reads the PREFIX of a route selector, after an optional
// root (prefixes inside it), match (prefixes containing it) or exact
// (both), into root and match. The prefixes are large: they are filled
// in place.
func parseSelector(a *args, word string, family int, root, match *inetPrefix) {
	*root = inetPrefix{}
	*match = inetPrefix{}
	rootOnly, matchOnly := cli.Matches(word, "root"), false
	if !rootOnly {
		matchOnly = cli.Matches(word, "match")
	}
	if rootOnly || matchOnly || cli.Matches(word, "exact") {
		word = a.next()
	}
	if matchOnly {
		match.mustSetPrefix(word, family)
		return
	}
	root.mustSetPrefix(word, family)
	if !rootOnly {
		*match = *root
	}
}

// routeSelected is filter_nlmsg: whether a route passes the filter.
func (s *session) routeSelected(r *nl.RtMsg, attrs nl.Attributes, table uint32, f *routeFilter) bool {
	if s.family != unix.AF_UNSPEC && int(r.Family) != s.family {
		return false
	}
	if r.Family == unix.AF_INET6 && table != unix.RT_TABLE_MAIN {
		ipv6MultipleTables = true
	}
	if (f.cloned == 1) != (r.Flags&unix.RTM_F_CLONED != 0) && f.cloned != 2 {
		return false
	}
	if r.Family == unix.AF_INET6 && !ipv6MultipleTables {
		// Old kernels kept IPv6 local routes in table main; iproute2
		// tells them apart by type until it sees a second table.
		switch f.table {
		case 0:
		case unix.RT_TABLE_LOCAL:
			if r.Type != unix.RTN_LOCAL {
				return false
			}
		case unix.RT_TABLE_MAIN:
			if r.Type == unix.RTN_LOCAL {
				return false
			}
		default:
			return false
		}
	} else if f.table > 0 && f.table != table {
		return false
	}
	if (f.protocol^r.Protocol)&f.protocolMask != 0 || (f.scope^r.Scope)&f.scopeMask != 0 {
		return false
	}
	if f.typeMask != 0 && f.typeMask&(1<<r.Type) == 0 {
		return false
	}
	if (f.tos^r.TOS)&f.tosMask != 0 {
		return false
	}
	if !lengthSelected(&f.rootDst, &f.matchDst, int(r.Family), int(r.DstLen)) ||
		!lengthSelected(&f.rootSrc, &f.matchSrc, int(r.Family), int(r.SrcLen)) {
		return false
	}
	if f.via.family != 0 {
		family := int(r.Family)
		if via := attrs.Bytes(unix.RTA_VIA); len(via) >= 2 {
			family = int(endian.Native.Uint16(via))
		}
		if family != f.via.family {
			return false
		}
	}
	if f.prefsrc.family != 0 && int(r.Family) != f.prefsrc.family {
		return false
	}

	// Each address is compared in turn, in one buffer on the stack.
	var addr [16]byte
	hostBytes := familyBits(int(r.Family)) / 8
	routeAddr(&addr, attrs.Bytes(unix.RTA_DST), (int(r.DstLen)+7)/8)
	if isSet(&f.rootDst) && !matchesPrefix(addr[:], f.rootDst.data[:], f.rootDst.bitlen) {
		return false
	}
	if isSet(&f.matchDst) && !matchesPrefix(addr[:], f.matchDst.data[:], int(r.DstLen)) {
		return false
	}
	if isSet(&f.rootSrc) || isSet(&f.matchSrc) {
		routeAddr(&addr, attrs.Bytes(unix.RTA_SRC), (int(r.SrcLen)+7)/8)
	}
	if isSet(&f.rootSrc) && !matchesPrefix(addr[:], f.rootSrc.data[:], f.rootSrc.bitlen) {
		return false
	}
	if isSet(&f.matchSrc) && f.matchSrc.bitlen >= 0 && !matchesPrefix(addr[:], f.matchSrc.data[:], int(r.SrcLen)) {
		return false
	}
	if f.via.family != 0 {
		// The gateway, or none for a via without a length.
		via, n := []byte(nil), 0
		if f.via.bitlen > 0 {
			via, n = attrs.Bytes(unix.RTA_GATEWAY), hostBytes
			if v := attrs.Bytes(unix.RTA_VIA); len(v) >= 2 {
				via, n = v[2:], len(v)-2
			}
		}
		routeAddr(&addr, via, n)
		if !matchesPrefix(addr[:], f.via.data[:], f.via.bitlen) {
			return false
		}
	}
	if f.prefsrc.family != 0 {
		var prefsrc []byte
		if f.prefsrc.bitlen > 0 {
			prefsrc = attrs.Bytes(unix.RTA_PREFSRC)
		}
		routeAddr(&addr, prefsrc, hostBytes)
		if !matchesPrefix(addr[:], f.prefsrc.data[:], f.prefsrc.bitlen) {
			return false
		}
	}
	if f.flushing && r.Family == unix.AF_INET6 && r.DstLen == 0 && r.Type == unix.RTN_UNREACHABLE &&
		attrs.Uint32(unix.RTA_PRIORITY) == 0xffffffff {
		return false
	}
	return (attrs.Uint32(unix.RTA_FLOW)^f.realm)&f.realmMask == 0 &&
		(attrs.Uint32(unix.RTA_IIF)^f.iif)&f.iifMask == 0 &&
		(attrs.Uint32(unix.RTA_OIF)^f.oif)&f.oifMask == 0 &&
		(attrs.Uint32(unix.RTA_MARK)^f.mark)&f.markMask == 0 &&
		(attrs.Uint32(unix.RTA_PRIORITY)^f.metric)&f.metricMask == 0
}

// isSet reports whether a selector prefix was given.
//
//go:noinline
func isSet(p *inetPrefix) bool { return p.family != 0 || p.flags&prefixLenSpecified != 0 }

// lengthSelected checks a route's prefix length against root (no shorter)
// and match (no longer) selectors, and their family.
func lengthSelected(root, match *inetPrefix, family, length int) bool {
	if root.family != 0 && (family != root.family || root.bitlen > length) {
		return false
	} else if root.family == 0 && root.flags&prefixLenSpecified != 0 && root.bitlen > length {
		return false
	}
	if match.family != 0 && (family != match.family || (match.bitlen >= 0 && match.bitlen < length)) {
		return false
	} else if match.family == 0 && match.flags&prefixLenSpecified != 0 && match.bitlen >= 0 && match.bitlen < length {
		return false
	}
	return true
}

// routeAddr copies the first n bytes of an address attribute into out,
// zeroed, as iproute2 copies into its inet_prefix.
//
//go:noinline
func routeAddr(out *[16]byte, b []byte, n int) {
	*out = [16]byte{}
	copy(out[:], b[:min(n, len(b), 16)])
}

// routeTable is the table of a route.
func routeTable(r *nl.RtMsg, attrs nl.Attributes) uint32 { return tableOf(attrs, r.Table) }

// tableOf is the table of a route or rule whose header says table: its
// RTA_TABLE (a rule's FRA_TABLE, the same number) when present, since ids
// above 255 do not fit the header.
func tableOf(attrs nl.Attributes, table uint8) uint32 {
	if attrs.Has(unix.RTA_TABLE) {
		return attrs.Uint32(unix.RTA_TABLE)
	}
	return uint32(table)
}

// printRoute prints one route the way iproute2's print_route does.
func (s *session) printRoute(m nl.Message, f *routeFilter) { s.printRouteAt(&m, f) }

// printRouteAt is printRoute of a message in place: passed by value, a
// Message takes eight registers and their spills at each call.
func (s *session) printRouteAt(m *nl.Message, f *routeFilter) {
	if m.Header.Type != unix.RTM_NEWROUTE && m.Header.Type != unix.RTM_DELROUTE {
		// Only a saved file, read by showdump, can hold one.
		text := "Not a route:"
		for _, v := range [...]uint32{m.Header.Length, uint32(m.Header.Type), uint32(m.Header.Flags)} {
			text += " " + hex08(v)
		}
		cli.Stderr(text, "\n")
		return
	}
	r, rest, err := nl.UnmarshalRtMsg(m.Data)
	if err != nil {
		wrongLength(len(m.Data) - nl.RtMsgLen)
		return
	}
	var room [nl.RouteRoom][]byte
	attrs, _ := nl.ParseAttributesIn(room[:], rest)
	table := routeTable(&r, attrs)
	if !s.routeSelected(&r, attrs, table, f) {
		return
	}
	family := int(r.Family)
	hostLen := familyBits(family)
	p := s.out
	p.OpenObject("")
	if m.Header.Type == unix.RTM_DELROUTE {
		p.Bool("deleted", "Deleted ")
	}
	if (r.Type != unix.RTN_UNICAST || s.details > 0) && (f.typeMask == 0 || f.typeMask&(1<<r.Type) != 0) {
		p.String("type", "%s ", routeTypeName(r.Type))
	}

	// The addresses are built on the stack: a dump prints thousands.
	var buf [64]byte
	dst, dstColor := "default", output.NoColor
	switch addr := attrs.Bytes(unix.RTA_DST); {
	case addr != nil:
		dst = string(s.appendRoutePrefix(buf[:0], family, addr, int(r.DstLen), hostLen))
		dstColor = output.FamilyColor(family)
	case r.DstLen != 0:
		dst = "0/" + itoa(int(r.DstLen)) + " "
	}
	p.ColorString(dstColor, "dst", "%s ", dst)
	switch addr := attrs.Bytes(unix.RTA_SRC); {
	case addr != nil:
		p.ColorString(output.FamilyColor(family), "from", "from %s ",
			string(s.appendRoutePrefix(buf[:0], family, addr, int(r.SrcLen), hostLen)))
	case r.SrcLen != 0:
		p.String("src", "from %s ", "0/"+itoa(int(r.SrcLen)))
	}
	hasNexthopID := attrs.Has(nl.RouteNexthopID)
	if hasNexthopID {
		p.Uint("nhid", "nhid %u ", uint64(attrs.Uint32(nl.RouteNexthopID)))
	}
	if newDst := attrs.Bytes(unix.RTA_NEWDST); newDst != nil {
		s.printHost("as to ", "to", family, newDst)
	}
	if r.TOS != 0 && f.tosMask != 0xff {
		p.String("tos", "tos %s ", dsfieldName(r.TOS))
	}
	if gw := attrs.Bytes(unix.RTA_GATEWAY); gw != nil && f.via.bitlen != hostLen {
		s.printHost("via ", "gateway", family, gw)
	}
	if via := attrs.Bytes(unix.RTA_VIA); via != nil {
		s.printVia(via)
	}
	if attrs.Has(unix.RTA_OIF) && f.oifMask != 0xffffffff {
		s.printInterface("dev", int32(attrs.Uint32(unix.RTA_OIF)))
	}
	if table != 0 && (table != unix.RT_TABLE_MAIN || s.details > 0) && f.table == 0 {
		p.String("table", "table %s ", tableName(table))
	}
	if r.Flags&unix.RTM_F_CLONED == 0 {
		if (r.Protocol != unix.RTPROT_BOOT || s.details > 0) && f.protocolMask != 0xff {
			p.String("protocol", "proto %s ", protocolName(r.Protocol))
		}
		if (r.Scope != unix.RT_SCOPE_UNIVERSE || s.details > 0) && f.scopeMask != 0xff {
			p.String("scope", "scope %s ", scopeName(r.Scope))
		}
	}
	if addr := attrs.Bytes(unix.RTA_PREFSRC); addr != nil && f.prefsrc.bitlen != hostLen {
		// A local address: never resolved, as in ip.
		src := string(appendAddr(buf[:0], family, addr))
		p.Text("src ")
		p.ColorString(output.FamilyColor(family), "prefsrc", "%s ", src)
	}
	if attrs.Has(unix.RTA_PRIORITY) && f.metricMask != 0xffffffff {
		p.Uint("metric", "metric %u ", uint64(attrs.Uint32(unix.RTA_PRIORITY)))
	}
	printRouteFlags(p, r.Flags)
	if mark := attrs.Uint32(unix.RTA_MARK); mark != 0 {
		format := "mark %u "
		if mark >= 16 {
			format = "mark 0x%x "
		}
		p.Uint("mark", format, uint64(mark))
	}
	if attrs.Has(unix.RTA_FLOW) && f.realmMask != 0xffffffff {
		printRealms(p, attrs.Uint32(unix.RTA_FLOW))
	}
	if attrs.Has(unix.RTA_UID) {
		p.Uint("uid", "uid %u ", uint64(attrs.Uint32(unix.RTA_UID)))
	}
	printRouteCache(p, &r, attrs.Bytes(unix.RTA_CACHEINFO), s.stats > 0)
	if metrics := attrs.Bytes(unix.RTA_METRICS); metrics != nil {
		printMetrics(p, metrics)
	}
	if attrs.Has(unix.RTA_IIF) && f.iifMask != 0xffffffff {
		s.printInterface("iif", int32(attrs.Uint32(unix.RTA_IIF)))
	}
	if attrs.Has(unix.RTA_PREF) {
		if pref := attrs.Uint8(unix.RTA_PREF); int(pref) < len(routePreferences) && routePreferences[pref] != "" {
			p.String("pref", "pref %s", routePreferences[pref])
		} else {
			p.Uint("pref", "%u", uint64(pref))
		}
	}
	if attrs.Has(unix.RTA_TTL_PROPAGATE) {
		propagate := attrs.Uint8(unix.RTA_TTL_PROPAGATE) != 0
		p.JSONBool("ttl-propogate", propagate)
		text := "ttl-propogate disabled"
		if propagate {
			text = "ttl-propogate enabled"
		}
		p.Text(text)
	}
	if hasNexthopID && s.details > 0 {
		// -details' nh_info, as iproute2's print_cache_nexthop_id: the
		// object, asked of the kernel, unless it does not answer. The
		// request: struct nhmsg (family, scope, protocol, reserved, u32
		// flags), then the 8-byte attribute NHA_ID.
		var req [16]byte
		req[0] = byte(s.family)
		endian.Native.PutUint16(req[8:], 8)
		endian.Native.PutUint16(req[10:], unix.NHA_ID)
		endian.Native.PutUint32(req[12:], attrs.Uint32(nl.RouteNexthopID))
		if replies, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_GETNEXTHOP}, Data: req[:]}); err == nil && len(replies) > 0 {
			s.printNexthopObject(replies[0].Data)
		}
	}
	if hops := attrs.Bytes(unix.RTA_MULTIPATH); hops != nil {
		s.printMultipath(&r, hops)
	}
	p.Text("\n")
	p.CloseObject()
	p.EndRecord()
}

// appendRoutePrefix appends a route's destination or source: the bare
// address for a host route, ADDR/LEN otherwise.
func (s *session) appendRoutePrefix(b []byte, family int, addr []byte, length, hostLen int) []byte {
	if length != hostLen {
		return strconv.AppendInt(append(appendAddr(b, family, addr), '/'), int64(length), 10)
	}
	return s.appendHost(b, family, addr)
}

// printHost prints a route's gateway or new destination: text, then the
// address, resolved with -resolve, under key in JSON.
func (s *session) printHost(text, key string, family int, addr []byte) {
	host := s.formatHost(family, addr)
	s.out.Text(text)
	s.out.ColorString(output.FamilyColor(family), key, "%s ", host)
}

// printVia prints RTA_VIA: a gateway of another family than the route's.
func (s *session) printVia(via []byte) {
	if len(via) < 2 {
		return
	}
	p := s.out
	family := int(endian.Native.Uint16(via))
	host := s.formatHost(family, via[2:])
	p.OpenObject("via")
	p.String("family", "via %s ", familyName(family))
	p.ColorString(output.FamilyColor(family), "host", "%s ", host)
	p.CloseObject()
}

func (s *session) printInterface(key string, index int32) {
	name := s.links.indexToName(index)
	s.out.Text(key)
	s.out.Text(" ")
	s.out.ColorString(output.ColorIfname, key, "%s ", name)
}

// The RTNH_F_* and RTM_F_* flags in the order iproute2 prints them.
var routeFlagNames = [...]struct {
	flag uint32
	name string
}{
	{unix.RTNH_F_DEAD, "dead"}, {unix.RTNH_F_ONLINK, "onlink"},
	{unix.RTNH_F_PERVASIVE, "pervasive"}, {unix.RTNH_F_OFFLOAD, "offload"},
	{unix.RTNH_F_TRAP, "trap"}, {unix.RTM_F_NOTIFY, "notify"},
	{unix.RTNH_F_LINKDOWN, "linkdown"}, {unix.RTNH_F_UNRESOLVED, "unresolved"},
	{unix.RTM_F_OFFLOAD, "rt_offload"}, {unix.RTM_F_TRAP, "rt_trap"},
	{unix.RTM_F_OFFLOAD_FAILED, "rt_offload_failed"},
}

// printRouteFlags prints the flags, as a JSON array even when empty.
func printRouteFlags(p *output.Printer, flags uint32) {
	p.OpenJSONArray("flags")
	for i := range routeFlagNames {
		f := &routeFlagNames[i]
		if flags&f.flag != 0 {
			p.String("", "%s ", f.name)
		}
	}
	p.CloseJSONArray()
}

func printRealms(p *output.Printer, flow uint32) {
	from, to := flow>>16, flow&0xffff
	p.OpenObject("flow")
	if from != 0 {
		p.String("from", "realms %s/", realmName(from))
	} else {
		p.Text("realm ")
	}
	p.String("to", "%s ", realmName(to))
	p.CloseObject()
}

// The RTCF_* flags of IPv4 cache entries (linux/in_route.h; x/sys/unix
// has only older values), in iproute2's order.
var cacheFlagNames = [...]struct {
	flag uint32
	name string
}{
	{0x80000000, "local"}, {0x40000000, "reject"}, {0x20000000, "mc"},
	{0x10000000, "brd"}, {0x08000000, "dst-nat"}, {0x00800000, "src-nat"},
	{0x00400000, "masq"}, {0x00020000, "dst-direct"},
	{0x04000000, "src-direct"}, {0x00040000, "redirected"},
	{0x01000000, "redirect"}, {0x00200000, "fastroute"},
	{0x00010000, "notify"}, {0x00080000, "proxy"},
}

// hex0x writes v in hex after 0x.
//
//go:noinline
func hex0x(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }

// userHZ is the unit of rta_expires: the kernel reports clock ticks.
const userHZ = 100

// printRouteCache prints what the kernel keeps of a cached route: an IPv4
// entry's RTCF_* flags, and the rta_cacheinfo ci of an IPv4 or IPv6 one.
func printRouteCache(p *output.Printer, r *nl.RtMsg, ci []byte, stats bool) {
	if r.Family == unix.AF_INET && r.Flags&unix.RTM_F_CLONED != 0 {
		flags := r.Flags &^ 0xffff // the RTCF_* bits
		if p.JSON() {
			p.OpenJSONArray("cache")
		} else {
			p.NL()
			p.Text("    cache ")
			if flags != 0 {
				p.Text("<")
			}
		}
		for i := range cacheFlagNames {
			f := &cacheFlagNames[i]
			if flags&f.flag == 0 {
				continue
			}
			flags &^= f.flag
			p.String("", "%s", f.name)
			if flags != 0 {
				p.Text(",")
			} else {
				p.Text("> ")
			}
		}
		if flags != 0 {
			p.Hex("flags", "%x>", uint64(flags))
		}
		p.CloseJSONArray()
	}
	if ci == nil || r.Family != unix.AF_INET && r.Family != unix.AF_INET6 || len(ci) < 32 {
		return
	}
	// struct rta_cacheinfo: eight 32-bit words.
	var word [8]uint32
	for i := range word {
		word[i] = endian.Native.Uint32(ci[4*i:])
	}
	if expires := int32(word[2]); expires != 0 {
		p.Int("expires", "expires %dsec ", int64(expires/userHZ))
	}
	if e := word[3]; e != 0 {
		p.Uint("error", "error %u ", uint64(e))
	}
	if stats {
		// -s: the users, uses and age of a cached route.
		if users := word[0]; users != 0 {
			p.Uint("users", "users %u ", uint64(users))
		}
		if used := word[4]; used != 0 {
			p.Uint("used", "used %u ", uint64(used))
		}
		if lastUse := word[1]; lastUse != 0 {
			p.Uint("age", "age %usec ", uint64(lastUse/userHZ))
		}
	}
	// ipid and ts are hex strings in JSON, and hex numbers in text.
	if id := word[5]; id != 0 {
		if p.JSON() {
			p.JSONString("ipid", hex0x(uint64(id)))
		} else {
			p.Uint("", "ipid 0x%04x ", uint64(id))
		}
	}
	if ts, tsage := word[6], word[7]; ts != 0 || tsage != 0 {
		if p.JSON() {
			p.JSONString("ts", hex0x(uint64(ts)))
		} else {
			p.Uint("", "ts 0x%x", uint64(ts))
		}
		p.Uint("tsage", "tsage %usec ", uint64(tsage))
	}
}

// metricNames are the RTAX_* names; the index is the attribute type.
var metricNames = [...]string{
	unix.RTAX_MTU: "mtu", unix.RTAX_WINDOW: "window", unix.RTAX_RTT: "rtt",
	unix.RTAX_RTTVAR: "rttvar", unix.RTAX_SSTHRESH: "ssthresh", unix.RTAX_CWND: "cwnd",
	unix.RTAX_ADVMSS: "advmss", unix.RTAX_REORDERING: "reordering",
	unix.RTAX_HOPLIMIT: "hoplimit", unix.RTAX_INITCWND: "initcwnd",
	unix.RTAX_FEATURES: "features", unix.RTAX_RTO_MIN: "rto_min",
	unix.RTAX_INITRWND: "initrwnd", unix.RTAX_QUICKACK: "quickack",
	unix.RTAX_CC_ALGO: "congctl", unix.RTAX_FASTOPEN_NO_COOKIE: "fastopen_no_cookie",
}

func printMetrics(p *output.Printer, b []byte) {
	var room [nl.RouteRoom][]byte
	metrics, _ := nl.ParseAttributesIn(room[:], b)
	lock := metrics.Uint32(unix.RTAX_LOCK)
	p.OpenJSONArray("metrics")
	p.OpenObject("")
	for i := uint16(2); i < uint16(len(metricNames)); i++ {
		name, has, locked := metricNames[i], metrics.Has(i), lock&(1<<i) != 0
		if !has && !locked {
			continue
		}
		val := metrics.Uint32(i) // 0 when absent; congctl's is a name
		if i == unix.RTAX_HOPLIMIT && int32(val) == -1 {
			continue
		}
		p.Text(name + " ")
		if locked {
			p.Text("lock ")
		}
		switch i {
		case unix.RTAX_FEATURES:
			features := val
			if features&unix.RTAX_FEATURE_ECN != 0 {
				p.Null("ecn", "ecn ")
				features &^= unix.RTAX_FEATURE_ECN
			}
			if features != 0 {
				hex := hex0x(uint64(val))
				p.JSONString("features", hex)
				p.Text(hex + " ")
			}
		case unix.RTAX_RTT, unix.RTAX_RTTVAR, unix.RTAX_RTO_MIN:
			switch i {
			case unix.RTAX_RTT:
				val /= 8
			case unix.RTAX_RTTVAR:
				val /= 4
			}
			p.JSONInt(name, int64(val))
			if val >= 1000 {
				p.Text(formatMilliseconds(val) + "s ")
			} else {
				p.Text(utoa(uint64(val)) + "ms ")
			}
		case unix.RTAX_CC_ALGO:
			p.String("congestion", "%s ", metrics.String(i))
		default:
			p.Uint(name, "%u ", uint64(val))
		}
	}
	p.CloseObject()
	p.CloseJSONArray()
}

// routePreferences names the IPv6 router preferences by value
// (ICMPV6_ROUTER_PREF_*); 2 is invalid.
var routePreferences = [...]string{"medium", "high", "", "low"}

// printMultipath prints the nexthops of RTA_MULTIPATH, one per line.
func (s *session) printMultipath(r *nl.RtMsg, b []byte) {
	p := s.out
	family := int(r.Family)
	multicast := r.Flags&unix.RTM_F_CLONED != 0 && r.Type == unix.RTN_MULTICAST
	p.OpenJSONArray("nexthops")
	for first := true; len(b) >= unix.SizeofRtNexthop; first = false {
		length := int(endian.Native.Uint16(b))
		if length > len(b) || length < unix.SizeofRtNexthop {
			break
		}
		flags, hops := b[2], b[3]
		index := int32(endian.Native.Uint32(b[4:]))
		p.OpenObject("")
		switch {
		case !multicast:
			p.NL()
			p.Text("\tnexthop ")
		case first:
			p.Text("Oifs: ")
		default:
			p.Text(" ")
		}
		if length > unix.SizeofRtNexthop {
			attrs, _ := nl.ParseAttributes(b[unix.SizeofRtNexthop:length])
			if newDst := attrs.Bytes(unix.RTA_NEWDST); newDst != nil {
				s.printHost("as to ", "to", family, newDst)
			}
			if gw := attrs.Bytes(unix.RTA_GATEWAY); gw != nil {
				s.printHost("via ", "gateway", family, gw)
			}
			if via := attrs.Bytes(unix.RTA_VIA); via != nil {
				s.printVia(via)
			}
			if attrs.Has(unix.RTA_FLOW) {
				printRealms(p, attrs.Uint32(unix.RTA_FLOW))
			}
		}
		format := "dev %s "
		if multicast {
			format = "%s"
		}
		p.String("dev", format, s.links.indexToName(index))
		switch {
		case multicast:
			if hops != 1 {
				p.Int("ttl", "(ttl>%d)", int64(hops))
			}
			p.Text(" ")
		case family != unix.AF_MPLS:
			p.Int("weight", "weight %d ", int64(hops)+1)
		}
		printRouteFlags(p, uint32(flags))
		b = b[min(len(b), (length+3)&^3):]
		p.CloseObject()
	}
	p.CloseJSONArray()
}

var routeTypeNames = [...]string{
	unix.RTN_UNSPEC: "none", unix.RTN_UNICAST: "unicast", unix.RTN_LOCAL: "local",
	unix.RTN_BROADCAST: "broadcast", unix.RTN_ANYCAST: "anycast",
	unix.RTN_MULTICAST: "multicast", unix.RTN_BLACKHOLE: "blackhole",
	unix.RTN_UNREACHABLE: "unreachable", unix.RTN_PROHIBIT: "prohibit",
	unix.RTN_THROW: "throw", unix.RTN_NAT: "nat", unix.RTN_XRESOLVE: "xresolve",
}

func routeTypeName(t uint8) string {
	if int(t) < len(routeTypeNames) && !numeric {
		return routeTypeNames[t]
	}
	return itoa(int(t))
}

// routeTypeOrder is the order in which ip tries the route type names,
// which settles what an abbreviation means.
var routeTypeOrder = [...]uint8{
	unix.RTN_LOCAL, unix.RTN_NAT, unix.RTN_BROADCAST, unix.RTN_ANYCAST,
	unix.RTN_MULTICAST, unix.RTN_PROHIBIT, unix.RTN_UNREACHABLE,
	unix.RTN_BLACKHOLE, unix.RTN_XRESOLVE, unix.RTN_UNICAST, unix.RTN_THROW,
}

// routeTypeID reads a route type: a name (local, nat and throw only
// whole, the others abbreviated too, and brd for broadcast) or a number.
func routeTypeID(arg string) (uint8, bool) {
	for _, t := range routeTypeOrder {
		name := routeTypeNames[t]
		whole := t == unix.RTN_LOCAL || t == unix.RTN_NAT || t == unix.RTN_THROW
		// An abbreviation, or for whole the whole name.
		if cli.Matches(arg, name) && (!whole || len(arg) == len(name)) || t == unix.RTN_BROADCAST && arg == "brd" {
			return t, true
		}
	}
	n, ok := cli.ParseUint(arg, 0)
	return uint8(n), ok && n <= 255
}

// familyID is read_family: a family name, or AF_UNSPEC.
//
//go:noinline
func familyID(name string) int {
	switch name {
	case "inet":
		return unix.AF_INET
	case "inet6":
		return unix.AF_INET6
	case "link":
		return unix.AF_PACKET
	case "mpls":
		return unix.AF_MPLS
	case "bridge":
		return unix.AF_BRIDGE
	}
	return unix.AF_UNSPEC
}

// parseRealms reads FROM/TO realms by name or number (a FROM alone
// when nothing follows the slash), or else a raw number.
func parseRealms(arg string) (uint32, bool) {
	var realms uint32
	to, ok := arg, true
	if i := ascii.IndexByte(arg, '/'); i >= 0 {
		var from uint32
		from, ok = realmID(arg[:i])
		realms, to = from<<16, arg[i+1:]
	}
	if ok && to != "" {
		var id uint32
		id, ok = realmID(to)
		realms |= id
	}
	if ok {
		return realms, true
	}
	return getU32(arg, 0)
}

func realmID(arg string) (uint32, bool) {
	id, ok := realmNames.byteID(arg, 0)
	return uint32(id), ok
}

package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// ipNeigh is `ip neigh` (neighbour, neighbor, n...).
func (s *session) ipNeigh(a args) int {
	if a.empty() {
		return s.neighShow(nil)
	}
	cmd := a.cur()
	a.skip()
	typ, flags := nl.HeaderType(unix.RTM_NEWNEIGH), nl.HeaderFlags(0)
	switch {
	case cli.Matches(cmd, "add"):
		flags = nl.Create | nl.Excl
	case cli.Matches(cmd, "change"), cmd == "chg":
		flags = nl.Replace
	case cli.Matches(cmd, "replace"):
		flags = nl.Create | nl.Replace
	case cli.Matches(cmd, "delete"):
		typ = unix.RTM_DELNEIGH
	case cli.Matches(cmd, "get"):
		return s.neighGet(a)
	case cli.Matches(cmd, "show"), cli.Matches(cmd, "lst"), cli.Matches(cmd, "list"):
		return s.neighShow(a)
	case cli.Matches(cmd, "flush"):
		return s.neighFlush(a)
	case cli.Matches(cmd, "help"):
		neighUsage() // exits
	default:
		unknownCommand("neigh", cmd) // exits
	}
	// add, change, replace or delete.
	return s.neighChange(typ, flags, a)
}

// neighNone is the state bit ip's filter uses for entries in no state at
// all (nud none), above the eight NUD_* bits.
const neighNone = 0x100

// neighHZ is USER_HZ, the unit of the ages in NDA_CACHEINFO.
const neighHZ = 100

// neighFilter is what ip neigh show and flush select; it is ipneigh.c's
// filter.
type neighFilter struct {
	_          noCompare
	family     int
	index      int32  // 0: every device, and then the device is printed
	state      uint32 // NUD_* bits and neighNone
	unusedOnly bool
	prefix     inetPrefix
	master     int32 // -1: nomaster
	protocol   uint8 // 0: any
	ndmFlags   uint8 // NTF_PROXY: the proxy table
	flushing   bool
}

// nudState is nud_state_a2n: a state's name (the lower-case nudNames, or
// none), or a number with at most one of the eight NUD_* bits. Only
// permanent, reachable and failed may be abbreviated; no abbreviation
// could mean two names, so the order of the names does not matter.
func nudState(arg string) (uint32, bool) {
	if arg == "none" {
		return unix.NUD_NONE, true
	}
	for _, n := range &nudNames {
		name := ascii.ToLower(n.name)
		abbreviable := n.state&(unix.NUD_PERMANENT|unix.NUD_REACHABLE|unix.NUD_FAILED) != 0
		if cli.Matches(arg, name) && (abbreviable || len(arg) == len(name)) {
			return uint32(n.state), true
		}
	}
	n, ok := getU32(arg, 0)
	return n, ok && n < 0x100 && n&(n-1) == 0
}

// parseNeighFilter reads the selector of ip neigh show and flush into f,
// zero and on the caller's stack. A device that does not exist gives a
// non-zero status after ip's message.
func (s *session) parseNeighFilter(a args, flush bool, f *neighFilter) int {
	f.family, f.state, f.flushing = s.family, 0xff&^unix.NUD_NOARP, flush
	if flush {
		f.state = ^uint32(unix.NUD_PERMANENT | unix.NUD_NOARP)
	}
	var dev *string
	stateGiven := false
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "dev":
			arg := a.next()
			if dev != nil {
				duparg("dev", arg)
			}
			dev = &arg
		case word == "master":
			arg := a.next()
			if f.master = s.links.nameToIndex(arg); f.master == 0 {
				invarg("Device does not exist\n", arg)
			}
		case word == "vrf":
			arg := a.next()
			if f.master = s.links.nameToIndex(arg); f.master == 0 || !s.isVRF(arg) {
				invarg("Not a valid VRF name\n", arg)
			}
		case word == "nomaster":
			f.master = -1
		case word == "unused":
			f.unusedOnly = true
		case word == "nud":
			// "all" is every state (but noarp for a flush), "none"
			// is neighNone.
			arg := a.next()
			state, ok := nudState(arg)
			if !ok {
				if arg != "all" {
					invarg("nud state is bad", arg)
				}
				state = ^uint32(0)
				if flush {
					state &^= unix.NUD_NOARP
				}
			}
			if state == 0 {
				state = neighNone
			}
			if !stateGiven {
				stateGiven, f.state = true, 0
			}
			f.state |= state
		case word == "proxy":
			f.ndmFlags = unix.NTF_PROXY
		case cli.Matches(word, "protocol"):
			f.protocol, _ = selectorID(a.next(), protocolID, 0, "invalid \"protocol\"\n")
		default:
			if word == "to" {
				word = a.next()
			}
			if cli.Matches(word, "help") {
				neighUsage()
			}
			f.prefix.mustSetPrefix(word, f.family)
			if f.family == unix.AF_UNSPEC {
				f.family = f.prefix.family
			}
		}
	}
	if dev != nil {
		if f.index = s.deviceIndex(*dev); f.index == 0 {
			return cli.StatusFailure
		}
	}
	return 0
}

// neighDumpBody is the body of the RTM_GETNEIGH dump for a filter: the
// kernel filters by device and master itself, and dumps the proxy table
// when the header asks for NTF_PROXY.
func neighDumpBody(f *neighFilter) []byte {
	ae := nl.NewAttributeEncoder()
	if f.index != 0 {
		ae.Uint32(unix.NDA_IFINDEX, uint32(f.index))
	}
	if f.master != 0 {
		ae.Uint32(unix.NDA_MASTER, uint32(f.master))
	}
	ndm := nl.NdMsg{Family: uint8(f.family), Flags: f.ndmFlags}
	return append(ndm.Marshal(), ae.Encode()...)
}

// neighShow is `ip neigh show SELECTOR`.
func (s *session) neighShow(a args) int {
	f := new(neighFilter)
	if status := s.parseNeighFilter(a, false, f); status != 0 {
		return status
	}
	p := s.out
	p.Begin()
	var room [nl.NeighRoom][]byte
	err := s.conn.DumpEach(nl.Message{Header: nl.Header{Type: unix.RTM_GETNEIGH}, Data: neighDumpBody(f)}, func(m nl.Message) error {
		var ndm nl.NdMsg
		if attrs, ok := neighSelected(&m, f, room[:], &ndm); ok {
			s.printNeigh(m.Header.Type, &ndm, &attrs, f)
		}
		return nil
	})
	if err != nil && !s.dumpUsable(err) {
		cli.Fail(cli.StatusFailure)
	}
	p.End()
	p.Flush()
	return 0
}

// neighFlush is `ip neigh flush SELECTOR`: delete what the selector
// picks, round after round (failed entries only in the first) until a
// dump finds nothing left. -s counts the rounds, -s -s also prints what
// each round deletes. A failed dump or delete ends ip, a batch too.
func (s *session) neighFlush(a args) int {
	if a.empty() {
		return failure("Flush requires arguments.\n")
	}
	f := new(neighFilter)
	if status := s.parseNeighFilter(a, true, f); status != 0 {
		return status
	}
	p := s.out
	for round := 0; round < maxFlushRounds; {
		msgs, ok := s.dump(nl.Message{Header: nl.Header{Type: unix.RTM_GETNEIGH}, Data: neighDumpBody(f)})
		if !ok {
			fatal(cli.StatusFailure, "Flush terminated\n")
		}
		flushed := 0
		var room [nl.NeighRoom][]byte
		var ndm nl.NdMsg
		for i := range msgs {
			m := &msgs[i]
			attrs, ok := neighSelected(m, f, room[:], &ndm)
			if !ok {
				continue
			}
			if _, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_DELNEIGH}, Data: m.Data}); err != nil {
				p.Flush()
				errorLine("Failed to send flush request: ", err)
				cli.Fail(cli.StatusFailure)
			}
			flushed++
			if s.stats >= 2 {
				s.printNeigh(m.Header.Type, &ndm, &attrs, f)
			}
		}
		if flushed == 0 {
			s.flushDone(round, round == 0)
			p.Flush()
			return 0
		}
		round++
		s.flushRound(round, flushed, "entries")
		f.state &^= unix.NUD_FAILED
	}
	p.Text("*** Flush not complete bailing out after " + itoa(maxFlushRounds) + " rounds\n")
	p.Flush()
	return statusUsage
}

// neighSelected decodes an RTM_*NEIGH message, its header into ndm and its
// attributes indexed in room (see nl.ParseAttributesIn), and says whether
// f selects it, as print_neigh's filters do.
func neighSelected(m *nl.Message, f *neighFilter, room [][]byte, ndm *nl.NdMsg) (nl.Attributes, bool) {
	// A flush deletes what exists: not what was deleted or missed.
	typ := m.Header.Type
	if typ != unix.RTM_NEWNEIGH && (f.flushing || typ != unix.RTM_DELNEIGH && typ != unix.RTM_GETNEIGH) {
		return nl.Attributes{}, false
	}
	var rest []byte
	var err error
	*ndm, rest, err = nl.UnmarshalNdMsg(m.Data)
	state := uint32(ndm.State)
	if err != nil ||
		(f.family != unix.AF_UNSPEC && f.family != int(ndm.Family)) ||
		(f.index != 0 && f.index != ndm.Index) ||
		f.state&state == 0 && ndm.Flags&(unix.NTF_PROXY|unix.NTF_EXT_LEARNED) == 0 &&
			(state != 0 || f.state&neighNone == 0) {
		return nl.Attributes{}, false
	}
	attrs, _ := nl.ParseAttributesIn(room, rest)
	ok := prefixMatches(&f.prefix, attrs.Bytes(unix.NDA_DST)) &&
		(f.protocol == 0 || f.protocol == attrs.Uint8(nl.NdaProtocol))
	if f.unusedOnly {
		if ci, has := nl.UnmarshalNdaCacheInfo(attrs.Bytes(unix.NDA_CACHEINFO)); has && ci.RefCount != 0 {
			ok = false
		}
	}
	return attrs, ok
}

// printNeighMessage prints one RTM_NEWNEIGH, RTM_DELNEIGH ("Deleted ...")
// or RTM_GETNEIGH ("miss ...") message as ip monitor and ip neigh get do:
// every entry, with its device, or (ip monitor dev DEV) only those of the
// device ifindex, without it.
func (s *session) printNeighMessage(m nl.Message, ifindex int32) { s.printNeighAt(&m, ifindex) }

// printNeighAt is printNeighMessage of a message in place.
func (s *session) printNeighAt(m *nl.Message, ifindex int32) {
	// Every state, as ip's filter selects then. (A package variable
	// would take the filter's size in the file.)
	f := neighFilter{state: ^uint32(0), index: ifindex}
	var ndm nl.NdMsg
	if attrs, ok := neighSelected(m, &f, nil, &ndm); ok {
		s.printNeigh(m.Header.Type, &ndm, &attrs, &f)
	}
}

// The NTF_* flags in the order ip prints them; NtfExtManaged, in
// NDA_FLAGS_EXT, comes between proxy and extern_learn.
var neighFlagNames = [...]struct {
	flag uint8
	name string
}{
	{unix.NTF_ROUTER, "router"}, {unix.NTF_PROXY, "proxy"}, {0, "managed"},
	{unix.NTF_EXT_LEARNED, "extern_learn"}, {unix.NTF_OFFLOADED, "offload"},
}

// The NUD_* states in the order ip prints them.
var nudNames = [...]struct {
	state uint16
	name  string
}{
	{unix.NUD_INCOMPLETE, "INCOMPLETE"}, {unix.NUD_REACHABLE, "REACHABLE"}, {unix.NUD_STALE, "STALE"},
	{unix.NUD_DELAY, "DELAY"}, {unix.NUD_PROBE, "PROBE"}, {unix.NUD_FAILED, "FAILED"},
	{unix.NUD_NOARP, "NOARP"}, {unix.NUD_PERMANENT, "PERMANENT"},
}

// printNeigh is print_neigh for an entry the filter selected.
func (s *session) printNeigh(typ nl.HeaderType, ndm *nl.NdMsg, attrs *nl.Attributes, f *neighFilter) {
	p := s.out
	p.OpenObject("")
	switch typ {
	case unix.RTM_DELNEIGH:
		p.Bool("deleted", "Deleted ")
	case unix.RTM_GETNEIGH:
		p.Null("miss", "miss ")
	}
	// The addresses are built on the stack, one after the other: a dump
	// prints thousands.
	var buf [64]byte
	// -brief pads the address and device into columns, without the words.
	if dst := attrs.Bytes(unix.NDA_DST); dst != nil {
		// A bridge's entries hold IPv4 or IPv6 addresses, told apart by
		// length.
		family := int(ndm.Family)
		if family == unix.AF_BRIDGE {
			family = unix.AF_INET
			if len(dst) == 16 {
				family = unix.AF_INET6
			}
		}
		format := "%s "
		if s.brief {
			format = "%-39s "
		}
		p.ColorString(output.FamilyColor(family), "dst", format, string(appendAddr(buf[:0], family, dst)))
	}
	if f.index == 0 && ndm.Index != 0 {
		format := "%-16s "
		if !s.brief {
			p.Text("dev ")
			format = "%s "
		}
		p.ColorString(output.ColorIfname, "dev", format, s.links.indexToName(ndm.Index))
	}
	if lladdr := attrs.Bytes(unix.NDA_LLADDR); lladdr != nil {
		format := "%s"
		if !s.brief {
			p.Text("lladdr ")
			format = "%s "
		}
		// The address is written as the device's type writes it.
		arphrd := uint16(unix.ARPHRD_VOID)
		if ndm.Index != 0 {
			s.links.indexToName(ndm.Index)
			if l := s.links.lookup(ndm.Index); l != nil {
				arphrd = l.arphrd
			}
		}
		p.ColorString(output.ColorMAC, "lladdr", format, string(appendLinkAddr(buf[:0], lladdr, arphrd)))
	}
	if s.brief {
		p.Text("\n")
		p.CloseObject()
		p.EndRecord()
		return
	}
	managed := attrs.Uint32(nl.NdaFlagsExt)&nl.NtfExtManaged != 0
	for _, fl := range &neighFlagNames {
		if ndm.Flags&fl.flag != 0 || (fl.flag == 0 && managed) {
			p.Null(fl.name, fl.name+" ")
		}
	}
	if s.stats > 0 {
		// The reference count, the ages of the entry's last use,
		// confirmation and update in seconds, and the probes.
		if ci, ok := nl.UnmarshalNdaCacheInfo(attrs.Bytes(unix.NDA_CACHEINFO)); ok {
			if ci.RefCount != 0 {
				p.Uint("refcnt", " ref %u", uint64(ci.RefCount))
			}
			p.Uint("used", " used %u", uint64(ci.Used/neighHZ))
			p.Uint("confirmed", "/%u", uint64(ci.Confirmed/neighHZ))
			p.Uint("updated", "/%u", uint64(ci.Updated/neighHZ))
		}
		if attrs.Has(unix.NDA_PROBES) {
			p.Uint("probes", "probes %u ", uint64(attrs.Uint32(unix.NDA_PROBES)))
		}
	}
	if ndm.State != 0 {
		p.OpenJSONArray("state")
		for _, n := range &nudNames {
			if ndm.State&n.state != 0 {
				p.String("", "%s ", n.name)
			}
		}
		p.CloseJSONArray()
	}
	if protocol := attrs.Uint8(nl.NdaProtocol); protocol != 0 {
		p.String("protocol", "proto %s ", protocolName(protocol))
	}
	p.Text("\n")
	p.CloseObject()
	p.EndRecord()
}

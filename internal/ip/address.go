package ip

import (
	"strconv"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// ipAddress is `ip address`.
func (s *session) ipAddress(a args) int {
	if a.empty() {
		return s.listLinks(nil, false)
	}
	cmd := a.cur()
	a.skip()
	switch wordIndex(cmd, addressCommands) {
	case addressCmdAdd:
		return s.addressChange(unix.RTM_NEWADDR, nl.Create|nl.Excl, a)
	case addressCmdChange, addressCmdChg:
		return s.addressChange(unix.RTM_NEWADDR, nl.Replace, a)
	case addressCmdReplace:
		return s.addressChange(unix.RTM_NEWADDR, nl.Create|nl.Replace, a)
	case addressCmdDelete:
		return s.addressChange(unix.RTM_DELADDR, 0, a)
	case addressCmdList, addressCmdShow, addressCmdLst:
		return s.listLinks(a, false)
	case addressCmdFlush:
		return s.addressFlush(a)
	case addressCmdSave:
		return s.addressSave(a)
	case addressCmdShowdump:
		return s.addressShowdump()
	case addressCmdRestore:
		return s.restoreDump(addressDumpFile)
	case addressCmdHelp:
		addressUsage()
	default:
		unknownCommand("address", cmd)
	}
	return 0
}

// addressCommands are ip address's commands in ip's order, which settles
// abbreviations; the addressCmd constants number them for wordIndex.
// "chg" is no abbreviation: what abbreviates it abbreviates "change".
const addressCommands = "add change chg replace delete list show lst flush save showdump restore help "

const (
	addressCmdAdd = iota
	addressCmdChange
	addressCmdChg
	addressCmdReplace
	addressCmdDelete
	addressCmdList
	addressCmdShow
	addressCmdLst
	addressCmdFlush
	addressCmdSave
	addressCmdShowdump
	addressCmdRestore
	addressCmdHelp
)

// linkFilter selects the links and addresses `ip link show` and `ip
// address show` print; it is iproute2's struct link_filter.
type linkFilter struct {
	_      noCompare
	doLink bool // ip link, not ip address: adds mode and alias
	// noQueue: no qlen; ip's filter.showqueue is unset for -echo and ip
	// monitor.
	noQueue bool
	// noStats: without -s or -d, nothing prints the IPv6 statistics of
	// IFLA_AF_SPEC, and the link dump asks the kernel to leave them out
	// (RTEXT_FILTER_SKIP_STATS), a quarter of each message.
	noStats bool
	family  int
	oneline bool

	ifindex         int32
	up              bool
	label           *string // a shell pattern; nil: any
	group           int32   // -1: any
	master          int32   // 0: any, -1: none
	kind, slaveKind *string // nil: any
	scope           uint8
	scopeMask       uint8
	flags, flagMask uint32
	prefix          inetPrefix
}

// addressFlag is an IFA_F_* flag: its name, whether only the kernel sets
// it, and whether it applies to IPv6 alone.
type addressFlag struct {
	name     string
	mask     uint32
	readonly bool
	v6only   bool
}

// addressFlags in the order iproute2 lists them; "temporary" shares
// secondary's mask.
var addressFlags = []addressFlag{
	{"secondary", unix.IFA_F_SECONDARY, true, false},
	{"temporary", unix.IFA_F_SECONDARY, true, false},
	{"nodad", unix.IFA_F_NODAD, false, true},
	{"optimistic", unix.IFA_F_OPTIMISTIC, false, true},
	{"dadfailed", unix.IFA_F_DADFAILED, true, true},
	{"home", unix.IFA_F_HOMEADDRESS, false, true},
	{"deprecated", unix.IFA_F_DEPRECATED, true, true},
	{"tentative", unix.IFA_F_TENTATIVE, true, true},
	{"permanent", unix.IFA_F_PERMANENT, true, true},
	{"mngtmpaddr", unix.IFA_F_MANAGETEMPADDR, false, true},
	{"noprefixroute", unix.IFA_F_NOPREFIXROUTE, false, false},
	{"autojoin", unix.IFA_F_MCAUTOJOIN, false, false},
	{"stable-privacy", unix.IFA_F_STABLE_PRIVACY, true, true},
}

// addressFlagByName is the flag ip address add takes by that name, or nil.
//
//go:noinline
func addressFlagByName(name string) *addressFlag {
	for i := range addressFlags {
		if addressFlags[i].name == name {
			return &addressFlags[i]
		}
	}
	return nil
}

// picksAddresses reports whether the filter picks some addresses over
// others; without, a link shows with all its addresses.
func (f *linkFilter) picksAddresses() bool {
	return f.family != unix.AF_UNSPEC || f.scopeMask != 0 || f.flagMask != 0 || f.label != nil ||
		f.prefix.family != unix.AF_UNSPEC
}

// addFlagFilter reads a FLAG of `ip address show`: a flag name, "-name"
// for its absence, and "dynamic"/"primary" as the absence of
// permanent/secondary.
func (f *linkFilter) addFlagFilter(word string) bool {
	name, invert := ascii.CutPrefix(word, "-")
	switch name {
	case "dynamic":
		name, invert = "permanent", !invert
	case "primary":
		name, invert = "secondary", !invert
	}
	flag := addressFlagByName(name)
	if flag == nil {
		return false
	}
	if invert {
		f.flags &^= flag.mask
	} else {
		f.flags |= flag.mask
	}
	f.flagMask |= flag.mask
	return true
}

// listLinks is `ip link show` and `ip address show`: the links, and with
// them (for ip address) their addresses.
func (s *session) listLinks(a args, doLink bool) int {
	l := &linkLister{s: s}
	f := &l.f
	dev, status := s.parseLinkFilter(a, doLink, f)
	if status != 0 {
		return status
	}
	p := s.out
	p.Begin()
	defer p.End()
	if dev != nil && f.group == -1 && f.doLink {
		// ip link show dev NAME: one RTM_GETLINK by name, unless the
		// name's lookup brought the link already.
		link, ok := s.links.takeFetched(f.ifindex)
		if !ok || s.stats > 0 {
			ae := nl.NewAttributeEncoder()
			ae.String(nameAttribute(*dev), *dev)
			ae.Uint32(unix.IFLA_EXT_MASK, nl.ExtFilterVF)
			replies, err := s.conn.Execute(nl.Message{
				Header: nl.Header{Type: unix.RTM_GETLINK},
				Data:   append(nl.IfInfoMsg{Family: uint8(f.family)}.Marshal(), ae.Encode()...),
			})
			if err == nil && len(replies) == 0 {
				err = unix.ENODEV
			}
			if err != nil {
				s.reportRequestError(err, "Cannot send link get request")
				cli.Fail(cli.StatusFailure)
			}
			link = replies[0]
		}
		p.OpenObject("")
		s.printLink(link, f)
		p.CloseObject()
		return 0
	}
	l.noLink = f.oneline && f.family != unix.AF_PACKET
	// One device shown with all its addresses, or none, needs not wait
	// for them: they print as their dump comes, after the link, in ip's
	// order of requests.
	l.streamAddresses = f.ifindex != 0 && f.family == unix.AF_UNSPEC && !f.picksAddresses()
	if f.family != unix.AF_PACKET && !l.streamAddresses {
		// ip asks for the links first and stores them; nsip asks for the
		// addresses first, to print each link as the dump brings it.
		msgs, ok := s.dump(addressDumpRequest(f))
		if !ok {
			return 0
		}
		l.addrs.group(msgs)
	}
	if f.ifindex != 0 {
		links, err := s.getLinkByIndex(f.ifindex, f.family)
		if err != nil {
			s.reportRequestError(err, "Cannot send link request")
			return 0
		}
		for _, m := range links {
			l.add(m)
		}
	} else if err := s.conn.DumpEach(linkDumpRequest(s.family, f), l.add); err != nil && !s.dumpUsable(err) {
		return 0
	}
	l.showWaiting(true)
	p.Flush()
	return 0
}

// linkLister prints the links of a dump as they arrive, in the dump's
// order, as ip prints them once it has read the whole dump. A link that
// names a link the cache does not know yet (a veth's peer, a master)
// waits, with those after it, until the dump brings that one: ip learns
// every name in the dump before it prints.
type linkLister struct {
	s *session
	// f is held here, not pointed to: the pointer would leak with s
	// and take the filter to the heap.
	f      linkFilter
	addrs  linkAddresses
	noLink bool // -o address show: the addresses alone
	// streamAddresses: the link's addresses are printed from their dump
	// as it comes, not from addrs.
	streamAddresses bool
	// waiting are the links held back, in order, their payloads copied
	// into copies.
	waiting []nl.Message
	copies  []byte
}

func (l *linkLister) add(m nl.Message) error {
	var room [nl.LinkRoom][]byte
	ifi, attrs, ok := decodeLink(m, room[:])
	if !ok {
		return nil
	}
	l.s.links.rememberDecoded(m.Header.Type, ifi, attrs)
	l.showWaiting(false)
	if l.turnsAway(ifi) {
		// It prints nothing, or in JSON an empty object, whatever the
		// links it names are called: it need not wait for them.
		if len(l.waiting) == 0 || !l.s.out.JSON() {
			if len(l.waiting) == 0 {
				l.show(m.Header.Type, ifi, attrs)
			}
			return nil
		}
	}
	if len(l.waiting) == 0 && l.s.links.knowsLinksOf(attrs) {
		l.show(m.Header.Type, ifi, attrs)
		return nil
	}
	if len(l.waiting) == 0 {
		// The copies of the links shown so far are done with.
		l.copies = l.copies[:0]
	}
	start := len(l.copies)
	l.copies = append(l.copies, m.Data...)
	l.waiting = append(l.waiting, nl.Message{Header: m.Header, Data: l.copies[start:len(l.copies):len(l.copies)]})
	return nil
}

// turnsAway reports whether the link is one whose header alone makes
// printDecodedLink print nothing (a link but the one asked for, or one
// down under the up filter).
func (l *linkLister) turnsAway(ifi nl.IfInfoMsg) bool {
	return (l.s.brief || !l.noLink) && l.f.rejectsHeader(ifi)
}

// showWaiting prints the links held back up to the first that still names
// a link the cache does not know, or, at the end of the dump, all.
func (l *linkLister) showWaiting(all bool) {
	n := 0
	var room [nl.LinkRoom][]byte
	for ; n < len(l.waiting); n++ {
		m := l.waiting[n]
		ifi, attrs, _ := decodeLink(m, room[:])
		if !all && !l.s.links.knowsLinksOf(attrs) {
			break
		}
		l.show(m.Header.Type, ifi, attrs)
	}
	l.waiting = l.waiting[:copy(l.waiting, l.waiting[n:])]
}

// show prints a link that passes the filter, with its addresses for ip
// address: typ, ifi and attrs are its decoded message.
func (l *linkLister) show(typ nl.HeaderType, ifi nl.IfInfoMsg, attrs nl.Attributes) {
	s, f, p := l.s, &l.f, l.s.out
	if f.family != unix.AF_PACKET && !l.streamAddresses && !s.anyAddressSelected(ifi.Index, &l.addrs, f) {
		return
	}
	p.OpenObject("")
	res := 0
	if s.brief || !l.noLink {
		res = s.printDecodedLink(typ, ifi, attrs, f)
	}
	switch {
	case res < 0 || f.family == unix.AF_PACKET:
	case l.streamAddresses:
		p.OpenJSONArray("addr_info")
		err := s.conn.DumpEach(addressDumpRequest(f), func(m nl.Message) error {
			s.printLinkAddress(ifi, &m, f)
			return nil
		})
		s.closeLinkAddresses()
		if err != nil {
			s.dumpUsable(err)
		}
	default:
		p.OpenJSONArray("addr_info")
		for _, i := range l.addrs.of(uint32(ifi.Index)) {
			s.printLinkAddress(ifi, &l.addrs.msgs[i], f)
		}
		s.closeLinkAddresses()
	}
	if res > 0 && !f.doLink && s.stats > 0 {
		s.printStats(attrs)
		p.NL()
	}
	p.CloseObject()
}

// linkAddresses is an address dump grouped by link: the positions in msgs
// of each link's messages, in the order of the dump, are one run of order.
type linkAddresses struct {
	msgs  []nl.Message
	order []int32
	runs  map[uint32]addressRun // by link index
}

// addressRun is order[start:end].
type addressRun struct{ start, end int32 }

// of is where in msgs the messages of the link with this index are.
func (a *linkAddresses) of(index uint32) []int32 {
	run := a.runs[index]
	return a.order[run.start:run.end]
}

// group sorts an address dump by link into a, zero, once: iproute2 walks the
// whole dump for every link, which nsip cannot afford to decode as often.
// It counts each link's messages, then places their positions, so that
// the groups take four bytes a message, and no memory grows while an
// address listing holds them. A message too short for its header belongs
// to no link.
func (a *linkAddresses) group(msgs []nl.Message) {
	a.msgs, a.runs = msgs, map[uint32]addressRun{}
	grouped := 0
	for _, m := range msgs {
		if ifa, _, err := nl.UnmarshalIfAddrMsg(m.Data); err == nil {
			run := a.runs[ifa.Index]
			run.end++
			a.runs[ifa.Index] = run
			grouped++
		}
	}
	next := int32(0)
	for index, run := range a.runs {
		a.runs[index] = addressRun{next, next}
		next += run.end
	}
	a.order = make([]int32, grouped)
	for i, m := range msgs {
		if ifa, _, err := nl.UnmarshalIfAddrMsg(m.Data); err == nil {
			run := a.runs[ifa.Index]
			a.order[run.end] = int32(i)
			run.end++
			a.runs[ifa.Index] = run
		}
	}
}

func addressDumpRequest(f *linkFilter) nl.Message {
	return nl.Message{
		Header: nl.Header{Type: unix.RTM_GETADDR},
		Data:   nl.IfAddrMsg{Family: uint8(f.family), Index: uint32(f.ifindex)}.Marshal(),
	}
}

// parseLinkFilter reads the arguments of ip link show, ip address show
// and ip address flush into f, zero and on the caller's stack (a filter on
// the heap would need a type descriptor). It returns the device named (nil
// when none is), and a non-zero status when that device does not exist.
func (s *session) parseLinkFilter(a args, doLink bool, f *linkFilter) (*string, int) {
	if doLink {
		// As in ip, `ip link` is the link family for the whole command,
		// and link mode sticks: in a batch, every `ip address show`
		// after an `ip link show` prints as ip link does.
		s.family = unix.AF_PACKET
		s.linkModeStuck = true
	}
	doLink = s.linkModeStuck
	f.doLink, f.family, f.oneline, f.group = doLink, s.family, s.oneline, -1
	f.noStats = s.stats == 0 && s.details == 0
	var dev *string
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "to":
			f.prefix.mustSetPrefix(a.next(), f.family)
			if f.family == unix.AF_UNSPEC {
				f.family = f.prefix.family
			}
		case word == "scope":
			arg := a.next()
			f.scopeMask = 0xff
			scope, ok := scopeID(arg)
			if !ok {
				if arg != "all" {
					invarg("invalid \"scope\"\n", arg)
				}
				scope, f.scopeMask = unix.RT_SCOPE_NOWHERE, 0
			}
			f.scope = scope
		case word == "up":
			f.up = true
		case f.addFlagFilter(word):
		case word == "label":
			label := a.next()
			f.label = &label
		case word == "group":
			f.group = nextArg(&a, groupID, "Invalid \"group\" value\n")
		case word == "master":
			f.master = nextArg(&a, s.links.existingIndex, "Device does not exist\n")
		case word == "vrf":
			f.master = nextArg(&a, s.vrfIndex, "Not a valid VRF name\n")
		case word == "nomaster":
			f.master = -1
		case word == "type":
			kind := a.next()
			if base, ok := ascii.CutSuffix(kind, "_slave"); ok {
				f.slaveKind = &base
			} else {
				f.kind = &kind
			}
		default:
			if word == "dev" {
				word = a.next()
			} else if cli.Matches(word, "help") {
				if doLink {
					linkUsage()
				}
				addressUsage()
			}
			if dev != nil {
				duparg2("dev", word)
			}
			dev = &word
		}
	}

	if dev != nil {
		if f.ifindex = s.links.nameToIndex(*dev); f.ifindex <= 0 {
			cli.Stderr(`Device "`, *dev, "\" does not exist.\n")
			return nil, cli.StatusFailure
		}
	}
	return dev, 0
}

// linkDumpRequest is the RTM_GETLINK dump iproute2 sends, filtered in the
// kernel by master and kind where the kernel does strict checking.
func linkDumpRequest(family int, f *linkFilter) nl.Message {
	var attrs []byte
	if family == unix.AF_UNSPEC || family == unix.AF_PACKET {
		mask := uint32(nl.ExtFilterVF)
		if f.noStats {
			mask |= nl.ExtFilterSkipStats
		}
		ae := nl.NewAttributeEncoder()
		ae.Uint32(unix.IFLA_EXT_MASK, mask)
		if f.master != 0 {
			ae.Uint32(unix.IFLA_MASTER, uint32(f.master))
		}
		if f.kind != nil {
			ae.Nest(unix.IFLA_LINKINFO)
			ae.Bytes(unix.IFLA_INFO_KIND, []byte(*f.kind))
			ae.End()
		}
		attrs = ae.Encode()
	}
	return nl.Message{
		Header: nl.Header{Type: unix.RTM_GETLINK},
		Data:   append(nl.IfInfoMsg{Family: uint8(family)}.Marshal(), attrs...),
	}
}

// getLinkByIndex is one RTM_GETLINK by index, with statistics only for -s.
func (s *session) getLinkByIndex(index int32, family int) ([]nl.Message, error) {
	if m, ok := s.links.takeFetched(index); ok && s.stats == 0 {
		return []nl.Message{m}, nil
	}
	mask := uint32(nl.ExtFilterVF)
	if s.stats == 0 {
		mask |= nl.ExtFilterSkipStats
	}
	ae := nl.NewAttributeEncoder()
	ae.Uint32(unix.IFLA_EXT_MASK, mask)
	return s.conn.Execute(nl.Message{
		Header: nl.Header{Type: unix.RTM_GETLINK},
		Data:   append(nl.IfInfoMsg{Family: uint8(family), Index: index}.Marshal(), ae.Encode()...),
	})
}

// anyAddressSelected reports whether one of link index's addresses passes
// the filter, or, when no family was asked for, the link has none.
func (s *session) anyAddressSelected(index int32, addrs *linkAddresses, f *linkFilter) bool {
	own := addrs.of(uint32(index))
	if len(own) == 0 {
		return f.family == unix.AF_UNSPEC || f.family == unix.AF_PACKET
	}
	var room [nl.AddressRoom][]byte
	var a address
	var ok bool
	for _, i := range own {
		if a.attrs, ok = decodeAddress(&addrs.msgs[i], room[:], &a); ok && s.addressSelected(&a, f) {
			return true
		}
	}
	return false
}

// address is a decoded RTM_NEWADDR or RTM_DELADDR.
type address struct {
	typ   nl.HeaderType
	ifa   nl.IfAddrMsg
	attrs nl.Attributes
	flags uint32 // IFA_FLAGS, or the header's eight bits without it
	// local and peer are IFA_LOCAL and IFA_ADDRESS, each standing in for
	// the other when missing (IPv6 sends only IFA_ADDRESS).
	local, peer []byte
	hasLocal    bool
}

// decodeAddress decodes m into a, with its attributes indexed in room
// (see nl.ParseAttributesIn). It fills the caller's a in place (an
// address returned would be copied twice on the way) but for a.attrs,
// which it returns for the caller to store: stored through a, the index
// would take room to the heap.
func decodeAddress(m *nl.Message, room [][]byte, a *address) (nl.Attributes, bool) {
	ifa, rest, err := nl.UnmarshalIfAddrMsg(m.Data)
	if err != nil {
		return nl.Attributes{}, false
	}
	attrs, _ := nl.ParseAttributesIn(room, rest)
	a.typ, a.ifa, a.flags = m.Header.Type, ifa, uint32(ifa.Flags)
	if attrs.Has(unix.IFA_FLAGS) {
		a.flags = attrs.Uint32(unix.IFA_FLAGS)
	}
	a.local, a.peer = attrs.Bytes(unix.IFA_LOCAL), attrs.Bytes(unix.IFA_ADDRESS)
	a.hasLocal = attrs.Has(unix.IFA_LOCAL) || attrs.Has(unix.IFA_ADDRESS)
	if !attrs.Has(unix.IFA_LOCAL) {
		a.local = a.peer
	}
	if !attrs.Has(unix.IFA_ADDRESS) {
		a.peer = a.local
	}
	return attrs, true
}

// prefixMatches is inet_addr_match_rta: whether addr lies in the `to`
// prefix. No prefix, or one of length 0, matches everything.
func prefixMatches(p *inetPrefix, addr []byte) bool {
	if addr == nil || p.family == unix.AF_UNSPEC || p.bitlen <= 0 {
		return true
	}
	if (len(addr) != 4 || p.family != unix.AF_INET) && (len(addr) != 16 || p.family != unix.AF_INET6) {
		return false
	}
	return matchesPrefix(addr, p.data[:], p.bitlen)
}

// printLinkAddress prints m if it is an address of link ifi the filter
// lets through; the link's addresses are printed between an OpenJSONArray
// of addr_info and closeLinkAddresses.
func (s *session) printLinkAddress(ifi nl.IfInfoMsg, m *nl.Message, f *linkFilter) {
	ifa, _, err := nl.UnmarshalIfAddrMsg(m.Data)
	if err != nil || m.Header.Type != unix.RTM_NEWADDR || int32(ifa.Index) != ifi.Index ||
		(f.family != unix.AF_UNSPEC && f.family != int(ifa.Family)) || (f.up && ifi.Flags&unix.IFF_UP == 0) {
		return
	}
	p := s.out
	p.OpenObject("")
	s.printAddress(m, f)
	p.CloseObject()
}

// closeLinkAddresses ends a link's addresses: the JSON array, and -br's
// line.
func (s *session) closeLinkAddresses() {
	p := s.out
	p.CloseJSONArray()
	if s.brief {
		p.Text("\n")
		p.EndRecord()
	}
}

// printAddress prints one address the way iproute2's print_addrinfo does.
func (s *session) printAddress(m *nl.Message, f *linkFilter) {
	if m.Header.Type != unix.RTM_NEWADDR && m.Header.Type != unix.RTM_DELADDR {
		return
	}
	var room [nl.AddressRoom][]byte
	var a address
	var ok bool
	if a.attrs, ok = decodeAddress(m, room[:], &a); !ok {
		wrongLength(len(m.Data) - nl.IfAddrMsgLen)
		return
	}
	if !s.addressSelected(&a, f) {
		return
	}

	p := s.out
	family := int(a.ifa.Family)
	if a.typ == unix.RTM_DELADDR {
		p.Bool("deleted", "Deleted ")
	}
	if !s.brief {
		if f.oneline || s.echo {
			dev := s.links.indexToName(int32(a.ifa.Index))
			if p.JSON() {
				p.JSONInt("index", int64(int32(a.ifa.Index)))
				p.JSONString("dev", dev)
			} else {
				p.Text(utoa(uint64(a.ifa.Index)) + ": " + dev)
			}
		}
		if name := familyName(family); name != "???" {
			p.String("family", "    %s ", name)
		} else {
			p.Int("family_index", "    family %d ", int64(family))
		}
	}
	if a.hasLocal {
		p.ColorString(output.FamilyColor(family), "local", "%s", s.formatHost(family, a.local))
		if !sameAddress(family, a.peer, a.local) {
			p.Text(" peer ")
			p.ColorString(output.FamilyColor(family), "address", "%s", s.formatHost(family, a.peer))
		}
		p.Int("prefixlen", "/%d ", int64(a.ifa.PrefixLen))
		if a.attrs.Has(unix.IFA_RT_PRIORITY) {
			p.Uint("metric", "metric %u ", uint64(a.attrs.Uint32(unix.IFA_RT_PRIORITY)))
		}
	}
	if s.brief {
		p.EndRecord()
		return
	}
	if a.attrs.Has(unix.IFA_BROADCAST) {
		p.Text("brd ")
		p.ColorString(output.FamilyColor(family), "broadcast", "%s ", s.formatHost(family, a.attrs.Bytes(unix.IFA_BROADCAST)))
	}
	if a.attrs.Has(unix.IFA_ANYCAST) {
		p.Text("any ")
		p.ColorString(output.FamilyColor(family), "anycast", "%s ", s.formatHost(family, a.attrs.Bytes(unix.IFA_ANYCAST)))
	}
	p.String("scope", "scope %s ", scopeName(a.ifa.Scope))
	// The flags by name, in iproute2's order, then any others in hex.
	remaining := a.flags
	for _, flag := range addressFlags {
		switch {
		case flag.mask == unix.IFA_F_PERMANENT:
			if remaining&flag.mask == 0 {
				p.Bool("dynamic", "dynamic ")
			}
		case remaining&flag.mask == 0:
		case flag.mask == unix.IFA_F_SECONDARY && family == unix.AF_INET6:
			p.Bool("temporary", "temporary ")
		default:
			p.Text(flag.name + " ")
			p.JSONBool(flag.name, true)
		}
		remaining &^= flag.mask
	}
	if remaining != 0 {
		hex := output.FormatText("%02x", strconv.FormatUint(uint64(remaining), 16))
		if p.JSON() {
			p.JSONString("ifa_flags", hex)
		} else {
			p.Text("flags " + hex + " ")
		}
	}
	if a.attrs.Has(unix.IFA_LABEL) {
		p.String("label", "%s", a.attrs.String(unix.IFA_LABEL))
	}
	// The valid_lft/preferred_lft line of an ifa_cacheinfo: preferred
	// comes first in the struct.
	if cacheinfo := a.attrs.Bytes(unix.IFA_CACHEINFO); len(cacheinfo) >= 8 {
		preferred := endian.Native.Uint32(cacheinfo[0:4])
		valid := endian.Native.Uint32(cacheinfo[4:8])
		p.NL()
		p.Text("       valid_lft ")
		if valid == foreverLifetime {
			p.JSONInt("valid_life_time", foreverLifetime)
			p.Text("forever")
		} else {
			p.Uint("valid_life_time", "%usec", uint64(valid))
		}
		p.Text(" preferred_lft ")
		switch {
		case preferred == foreverLifetime:
			p.JSONInt("preferred_life_time", foreverLifetime)
			p.Text("forever")
		case a.flags&unix.IFA_F_DEPRECATED != 0:
			p.Int("preferred_life_time", "%dsec", int64(int32(preferred)))
		default:
			p.Uint("preferred_life_time", "%usec", uint64(preferred))
		}
	}
	p.Text("\n")
	p.EndRecord()
}

// addressSelected applies the filter of ip address show and flush to one
// address.
func (s *session) addressSelected(a *address, f *linkFilter) bool {
	if f.ifindex != 0 && f.ifindex != int32(a.ifa.Index) ||
		(f.scope^a.ifa.Scope)&f.scopeMask != 0 || (f.flags^a.flags)&f.flagMask != 0 ||
		f.family != unix.AF_UNSPEC && f.family != int(a.ifa.Family) {
		return false
	}
	if f.label != nil {
		// `label PATTERN` applies to the address's label, or to its
		// link's name when it has none.
		label := a.attrs.String(unix.IFA_LABEL)
		if !a.attrs.Has(unix.IFA_LABEL) {
			label = s.links.indexToName(int32(a.ifa.Index))
		}
		if !fnmatch(*f.label, label) {
			return false
		}
	}
	return prefixMatches(&f.prefix, a.local)
}

// sameAddress compares the address-sized start of a and b, as iproute2's
// memcmp of IFA_ADDRESS against IFA_LOCAL does.
func sameAddress(family int, a, b []byte) bool {
	n := 16
	if family == unix.AF_INET {
		n = 4
	}
	return string(a[:min(n, len(a))]) == string(b[:min(n, len(b))])
}

// foreverLifetime is INFINITY_LIFE_TIME.
const foreverLifetime = 0xffffffff

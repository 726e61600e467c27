package ip

import (
	"slices"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// ipLink is `ip link`.
func (s *session) ipLink(a args) int {
	if a.empty() {
		return s.listLinks(nil, true)
	}
	cmd := a.cur()
	a.skip()
	switch matchIndex(cmd, "add set change replace delete show lst list xstats afstats property help", false) {
	case 0: // add
		return s.linkChange(unix.RTM_NEWLINK, nl.Create|nl.Excl, a)
	case 1, 2: // set, change
		return s.linkChange(unix.RTM_NEWLINK, 0, a)
	case 3: // replace
		return s.linkChange(unix.RTM_NEWLINK, nl.Create|nl.Replace, a)
	case 4: // delete
		return s.linkChange(unix.RTM_DELLINK, 0, a)
	case 5, 6, 7: // show, lst, list
		return s.listLinks(a, true)
	case 8: // xstats
		return s.linkXstats(a)
	case 9: // afstats
		return s.linkAFStats(a)
	case 10: // property
		return s.linkProperty(a)
	case 11: // help
		linkUsage()
	default:
		unknownCommand("link", cmd)
	}
	return 0
}

// matchIndex is the index of the first of words, separated by spaces,
// that arg abbreviates (cli.Matches) or, with whole, equals; -1 for none.
// One loop over a string stands in for a test of each word. The order of
// words settles what an abbreviation means, as the order of ip's tests
// does.
func matchIndex(arg, words string, whole bool) int {
	i, start := 0, 0
	for end := 0; end <= len(words); end++ {
		if end == len(words) || words[end] == ' ' {
			if cli.Matches(arg, words[start:end]) && (!whole || len(arg) == end-start) {
				return i
			}
			i, start = i+1, end+1
		}
	}
	return -1
}

// linkFlags are the IFF_* flags in the order iproute2 prints them, and
// linkFlagWords their names, laid out alike (see linkTypes).
var linkFlags = [...]uint32{
	unix.IFF_LOOPBACK, unix.IFF_BROADCAST, unix.IFF_POINTOPOINT, unix.IFF_MULTICAST,
	unix.IFF_NOARP, unix.IFF_ALLMULTI, unix.IFF_PROMISC, unix.IFF_MASTER,
	unix.IFF_SLAVE, unix.IFF_DEBUG, unix.IFF_DYNAMIC, unix.IFF_AUTOMEDIA,
	unix.IFF_PORTSEL, unix.IFF_NOTRAILERS, unix.IFF_UP, unix.IFF_LOWER_UP,
	unix.IFF_DORMANT, unix.IFF_ECHO,
}

const linkFlagWords = "" +
	"LOOPBACK BROADCAST POINTOPOINT MULTICAST " +
	"NOARP ALLMULTI PROMISC MASTER " +
	"SLAVE DEBUG DYNAMIC AUTOMEDIA " +
	"PORTSEL NOTRAILERS UP LOWER_UP " +
	"DORMANT ECHO"

// printLinkFlags prints <FLAGS>: NO-CARRIER first for a link that is up
// without carrier, M-DOWN last when the lower device is down.
func printLinkFlags(p *output.Printer, flags uint32, lowerDown bool) {
	if p.JSON() {
		p.OpenJSONArray("flags")
	} else {
		p.Text("<")
	}
	item := func(name string) {
		if flags != 0 {
			p.String("", "%s,", name)
		} else {
			p.String("", "%s", name)
		}
	}
	if flags&unix.IFF_UP != 0 && flags&unix.IFF_RUNNING == 0 {
		item("NO-CARRIER")
	}
	flags &^= unix.IFF_RUNNING
	for i, flag := range &linkFlags { // &: a range over the array would copy it
		if flags&flag != 0 {
			flags &^= flag
			item(wordAt(linkFlagWords, i))
		}
	}
	if flags != 0 {
		p.Hex("", "%x", uint64(flags))
	}
	if lowerDown {
		p.String("", ",%s", "M-DOWN")
	}
	p.CloseArray("> ")
}

var operStates = []string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}

func (s *session) printOperstate(state uint8) {
	p := s.out
	switch {
	case int(state) >= len(operStates):
		if p.JSON() {
			p.JSONInt("operstate_index", int64(state))
		} else {
			p.Hex("", "state %#x", uint64(state))
		}
	case s.brief:
		p.ColorString(operStateColor(state), "operstate", "%-14s ", operStates[state])
	case p.JSON():
		p.JSONString("operstate", operStates[state])
	default:
		p.Text("state ")
		p.ColorTextf(operStateColor(state), "%s ", operStates[state])
	}
}

// operStateColor is the colour of an up or a down link's state.
func operStateColor(state uint8) output.Color {
	switch state {
	case 6: // IF_OPER_UP
		return output.ColorOperUp
	case 2: // IF_OPER_DOWN
		return output.ColorOperDown
	}
	return output.NoColor
}

var linkModes = []string{"DEFAULT", "DORMANT"}

var linkEvents = []string{"NONE", "REBOOT", "FEATURE CHANGE", "BONDING FAILOVER",
	"NOTIFY PEERS", "RESEND IGMP", "BONDING OPTION"}

// kindMismatch reports whether a link is not of kind want (its
// IFLA_INFO_KIND, or with slave its IFLA_INFO_SLAVE_KIND): a link without
// IFLA_LINKINFO is of no kind. It walks the nest rather than index it: a
// filtered listing asks it of every link.
func kindMismatch(attrs nl.Attributes, want string, slave bool) bool {
	if !attrs.Has(unix.IFLA_LINKINFO) {
		return true
	}
	typ := uint16(unix.IFLA_INFO_KIND)
	if slave {
		typ = unix.IFLA_INFO_SLAVE_KIND
	}
	ad := nl.NewAttributeDecoder(attrs.Bytes(unix.IFLA_LINKINFO))
	for ad.Next() {
		if ad.Type() == typ {
			kind := ad.Bytes()
			if end := slices.Index(kind, 0); end >= 0 {
				kind = kind[:end]
			}
			return string(kind) != want
		}
	}
	return want != ""
}

// printNameAndLink prints the name with @peer, @ifN or @NONE, and reports
// whether the lower link is known to be down (M-DOWN).
func (s *session) printNameAndLink(format, name string, attrs nl.Attributes) bool {
	p := s.out
	lowerDown := false
	if attrs.Has(unix.IFLA_LINK) {
		lower := int32(attrs.Uint32(unix.IFLA_LINK))
		var suffix string
		switch {
		case lower == 0:
			p.Null("link", "")
			suffix = "NONE"
		case attrs.Has(unix.IFLA_LINK_NETNSID):
			// The lower link lives in another namespace: only its
			// index means anything here.
			p.JSONInt("link_index", int64(lower))
			suffix = "if" + utoa(uint64(uint32(lower)))
		default:
			suffix = s.links.indexToName(lower)
			p.JSONString("link", suffix)
			if l := s.links.lookup(lower); l != nil { // ll_index_to_flags
				lowerDown = l.flags&unix.IFF_UP == 0
			}
		}
		if !p.JSON() {
			name += "@" + suffix
		}
	}
	p.ColorString(output.ColorIfname, "ifname", format, name)
	return lowerDown
}

// printLink prints one link message the way iproute2's print_linkinfo does.
// It returns -1 for a link the filter drops, 0 when only the link's
// addresses are to be shown, and 1 when it printed the link.
func (s *session) printLink(m nl.Message, f *linkFilter) int {
	if m.Header.Type != unix.RTM_NEWLINK && m.Header.Type != unix.RTM_DELLINK {
		return 0
	}
	var room [nl.LinkRoom][]byte
	ifi, attrs, ok := decodeLink(m, room[:])
	if !ok {
		return -1
	}
	return s.printDecodedLink(m.Header.Type, ifi, attrs, f)
}

// decodeLink decodes a link message, with its attributes indexed in room
// (see nl.ParseAttributesIn).
func decodeLink(m nl.Message, room [][]byte) (nl.IfInfoMsg, nl.Attributes, bool) {
	ifi, rest, err := nl.UnmarshalIfInfoMsg(m.Data)
	if err != nil {
		return ifi, nl.Attributes{}, false
	}
	attrs, _ := nl.ParseAttributesIn(room, rest)
	return ifi, attrs, true
}

// rejectsHeader reports whether the filter turns the link away by its
// header alone: another index than the one asked for, or down under up.
func (f *linkFilter) rejectsHeader(ifi nl.IfInfoMsg) bool {
	return f.ifindex != 0 && ifi.Index != f.ifindex || f.up && ifi.Flags&unix.IFF_UP == 0
}

// printDecodedLink is printLink of a decoded RTM_NEWLINK or RTM_DELLINK.
func (s *session) printDecodedLink(typ nl.HeaderType, ifi nl.IfInfoMsg, attrs nl.Attributes, f *linkFilter) int {
	if f.rejectsHeader(ifi) {
		return -1
	}
	if !attrs.Has(unix.IFLA_IFNAME) {
		cli.Stderr("BUG: device with ifindex ", itoa(int(ifi.Index)), " has nil ifname\n")
		return -1
	}
	name := attrs.String(unix.IFLA_IFNAME)
	if !validIfName(name) { // iproute2 skips it
		return -1
	}
	if f.label != nil {
		return 0
	}
	if attrs.Has(unix.IFLA_GROUP) && f.group != -1 && int32(attrs.Uint32(unix.IFLA_GROUP)) != f.group {
		return -1
	}
	// A link without IFLA_MASTER reads as master 0: no match.
	if f.master > 0 && int32(attrs.Uint32(unix.IFLA_MASTER)) != f.master {
		return -1
	}
	if f.kind != nil && kindMismatch(attrs, *f.kind, false) {
		return -1
	}
	if f.slaveKind != nil && kindMismatch(attrs, *f.slaveKind, true) {
		return -1
	}

	p := s.out
	if typ == unix.RTM_DELLINK {
		p.Bool("deleted", "Deleted ")
	}
	if s.brief {
		s.printLinkBrief(name, ifi, attrs, f)
		return 0
	}

	p.Int("ifindex", "%d: ", int64(ifi.Index))
	lowerDown := s.printNameAndLink("%s: ", name, attrs)
	printLinkFlags(p, ifi.Flags, lowerDown)
	if attrs.Has(unix.IFLA_MTU) {
		p.Int("mtu", "mtu %u ", int64(int32(attrs.Uint32(unix.IFLA_MTU))))
	}
	if attrs.Has(unix.IFLA_QDISC) {
		p.String("qdisc", "qdisc %s ", attrs.String(unix.IFLA_QDISC))
	}
	if attrs.Has(unix.IFLA_MASTER) {
		p.String("master", "master %s ", s.links.indexToName(int32(attrs.Uint32(unix.IFLA_MASTER))))
	}
	if attrs.Has(unix.IFLA_OPERSTATE) {
		s.printOperstate(attrs.Uint8(unix.IFLA_OPERSTATE))
	}
	if f.doLink && attrs.Has(unix.IFLA_LINKMODE) {
		if mode := attrs.Uint8(unix.IFLA_LINKMODE); int(mode) >= len(linkModes) {
			p.Int("linkmode_index", "mode %d ", int64(mode))
		} else {
			p.String("linkmode", "mode %s ", linkModes[mode])
		}
	}
	if attrs.Has(unix.IFLA_GROUP) {
		p.String("group", "group %s ", groupName(int32(attrs.Uint32(unix.IFLA_GROUP))))
	}
	if !f.noQueue {
		s.printQueueLength(ifi.Index, attrs)
	}
	if attrs.Has(unix.IFLA_EVENT) {
		switch event := attrs.Uint32(unix.IFLA_EVENT); {
		case event >= uint32(len(linkEvents)):
			p.Int("event", "event %d ", int64(int32(event)))
		case event != 0:
			p.String("event", "event %s ", linkEvents[event])
		}
	}
	if f.family == unix.AF_UNSPEC || f.family == unix.AF_PACKET || s.details > 0 {
		printLinkAddresses(p, ifi, attrs)
	}
	if attrs.Has(unix.IFLA_LINK_NETNSID) {
		// The namespace the link's peer is in: by its /run/netns name
		// when it has one, else by nsid.
		switch id := int32(attrs.Uint32(unix.IFLA_LINK_NETNSID)); {
		case p.JSON():
			p.JSONInt("link_netnsid", int64(id))
		case id < 0:
			p.Text(" link-netnsid unknown")
		default:
			if name, ok := s.netnsName(id); ok {
				p.Text(" link-netns " + name)
			} else {
				p.Text(" link-netnsid " + itoa(int(id)))
			}
		}
	}
	if attrs.Has(unix.IFLA_NEW_NETNSID) {
		id := int32(attrs.Uint32(unix.IFLA_NEW_NETNSID))
		if name, ok := s.netnsName(id); ok {
			p.Text(" new-netns " + name)
		} else {
			p.Text(" new-netnsid " + itoa(int(id)))
		}
	}
	if attrs.Has(unix.IFLA_NEW_IFINDEX) {
		p.Text(" new-ifindex " + itoa(int(int32(attrs.Uint32(unix.IFLA_NEW_IFINDEX)))))
	}
	if attrs.Has(unix.IFLA_PROTO_DOWN) {
		printProtoDown(p, attrs)
	}
	if s.details > 0 {
		s.printLinkDetails(attrs, f)
	}
	if (f.doLink || s.details > 0) && attrs.Has(unix.IFLA_IFALIAS) {
		p.NL()
		p.Text("    ")
		p.String("ifalias", "alias %s", attrs.String(unix.IFLA_IFALIAS))
	}
	if f.doLink && s.stats > 0 { // print_linkinfo with -s
		p.NL()
		s.printStats(attrs)
	}
	if attrs.Has(unix.IFLA_PROP_LIST) {
		p.OpenJSONArray("altnames")
		for _, alt := range altNames(attrs) {
			p.NL()
			p.Text("    altname ")
			p.String("", "%s", alt)
		}
		p.CloseJSONArray()
	}
	p.Text("\n")
	p.EndRecord()
	return 1
}

// printQueueLength prints the transmit queue length. The per-family link
// dumps (ip -6 address) leave IFLA_TXQLEN out; iproute2 then asks with an
// ioctl, nsip with a full RTM_GETLINK, which works in any namespace.
func (s *session) printQueueLength(index int32, attrs nl.Attributes) {
	qlen := int32(attrs.Uint32(unix.IFLA_TXQLEN))
	if !attrs.Has(unix.IFLA_TXQLEN) {
		full, _, err := s.readLink(index)
		if err != nil {
			errorLine("ioctl(SIOCGIFTXQLEN) failed: ", err)
			return
		}
		qlen = int32(full.Uint32(unix.IFLA_TXQLEN))
	}
	if qlen != 0 {
		s.out.Int("txqlen", "qlen %d", int64(qlen))
	}
}

// printLinkAddresses prints the "link/TYPE ADDR brd ADDR" line.
func printLinkAddresses(p *output.Printer, ifi nl.IfInfoMsg, attrs nl.Attributes) {
	p.NL()
	p.String("link_type", "    link/%s ", linkTypeName(ifi.Type))
	if attrs.Has(unix.IFLA_ADDRESS) {
		printLinkAddr(p, "address", "%s", attrs.Bytes(unix.IFLA_ADDRESS), ifi.Type)
	}
	if attrs.Has(unix.IFLA_BROADCAST) {
		if ifi.Flags&unix.IFF_POINTOPOINT != 0 {
			p.Text(" peer ")
			p.JSONBool("link_pointtopoint", true)
		} else {
			p.Text(" brd ")
		}
		printLinkAddr(p, "broadcast", "%s", attrs.Bytes(unix.IFLA_BROADCAST), ifi.Type)
	}
	if attrs.Has(unix.IFLA_PERM_ADDRESS) {
		perm := attrs.Bytes(unix.IFLA_PERM_ADDRESS)
		if !attrs.Has(unix.IFLA_ADDRESS) || string(perm) != string(attrs.Bytes(unix.IFLA_ADDRESS)) {
			p.Text(" permaddr ")
			printLinkAddr(p, "permaddr", "%s", perm, ifi.Type)
		}
	}
}

// printProtoDown prints protodown and its reasons. iproute2 6.1 checks the
// reason's presence against the link's own attribute table, so a reason is
// shown only when the link also has IFLA_BROADCAST; nsip keeps that.
func printProtoDown(p *output.Printer, attrs nl.Attributes) {
	if attrs.Uint8(unix.IFLA_PROTO_DOWN) != 0 {
		p.Bool("proto_down", " protodown on ")
	}
	if !attrs.Has(unix.IFLA_PROTO_DOWN_REASON) || !attrs.Has(unix.IFLA_BROADCAST) {
		return
	}
	reasons, _ := attrs.Nested(unix.IFLA_PROTO_DOWN_REASON)
	reason := reasons.Uint8(unix.IFLA_PROTO_DOWN_REASON_VALUE)
	if reason == 0 {
		return
	}
	p.OpenArray("proto_down_reason", "protodown_reason <")
	first := true
	for bit := 0; reason != 0; bit, reason = bit+1, reason>>1 {
		if reason&1 == 0 {
			continue
		}
		format := ",%s"
		if first {
			format = "%s"
		}
		name := itoa(bit) // or the name protodown_reasons.d gives the bit
		if !numeric {
			protodownNames.load()
			if named, ok := protodownNames.byID(uint32(bit)); ok {
				name = named
			}
		}
		p.String("", format, name)
		first = false
	}
	p.CloseArray(">")
}

func (s *session) printLinkBrief(name string, ifi nl.IfInfoMsg, attrs nl.Attributes, f *linkFilter) {
	p := s.out
	lowerDown := s.printNameAndLink("%-16s ", name, attrs)
	if attrs.Has(unix.IFLA_OPERSTATE) {
		s.printOperstate(attrs.Uint8(unix.IFLA_OPERSTATE))
	}
	if f.family == unix.AF_PACKET {
		if attrs.Has(unix.IFLA_ADDRESS) {
			printLinkAddr(p, "address", "%s ", attrs.Bytes(unix.IFLA_ADDRESS), ifi.Type)
		}
		printLinkFlags(p, ifi.Flags, lowerDown)
		p.Text("\n")
	}
	p.EndRecord()
}

// formatLinkAddr is ll_addr_n2a: colon-separated hex, or an IP address for
// the tunnel types whose link addresses are IP addresses.
//
//go:noinline
func formatLinkAddr(b []byte, arphrd uint16) string { return string(appendLinkAddr(nil, b, arphrd)) }

// printLinkAddr prints a link-layer address field, built on the stack: a
// listing prints one or two a link.
func printLinkAddr(p *output.Printer, key, format string, b []byte, arphrd uint16) {
	var buf [64]byte
	p.ColorString(output.ColorMAC, key, format, string(appendLinkAddr(buf[:0], b, arphrd)))
}

func appendLinkAddr(out, b []byte, arphrd uint16) []byte {
	switch {
	case len(b) == 4 && (arphrd == unix.ARPHRD_TUNNEL || arphrd == unix.ARPHRD_SIT || arphrd == unix.ARPHRD_IPGRE):
		return appendIPv4(out, b)
	case len(b) == 16 && (arphrd == unix.ARPHRD_TUNNEL6 || arphrd == unix.ARPHRD_IP6GRE):
		return appendIPv6(out, b)
	}
	const digits = "0123456789abcdef"
	for i, c := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, digits[c>>4], digits[c&15])
	}
	return out
}

// linkTypes are the ARPHRD_* types iproute2 names, and linkTypeWords
// their names, in the same order and laid out alike: two lists, as rows
// of a type and a name would spend 24 bytes of data a row.
var linkTypes = [...]uint16{
	unix.ARPHRD_NETROM, unix.ARPHRD_ETHER, unix.ARPHRD_EETHER, unix.ARPHRD_AX25,
	unix.ARPHRD_PRONET, unix.ARPHRD_CHAOS, unix.ARPHRD_IEEE802, unix.ARPHRD_ARCNET,
	unix.ARPHRD_APPLETLK, unix.ARPHRD_DLCI, unix.ARPHRD_ATM, unix.ARPHRD_METRICOM,
	unix.ARPHRD_IEEE1394, unix.ARPHRD_INFINIBAND, unix.ARPHRD_SLIP, unix.ARPHRD_CSLIP,
	unix.ARPHRD_SLIP6, unix.ARPHRD_CSLIP6, unix.ARPHRD_RSRVD, unix.ARPHRD_ADAPT,
	unix.ARPHRD_ROSE, unix.ARPHRD_X25, unix.ARPHRD_HWX25, unix.ARPHRD_CAN,
	unix.ARPHRD_PPP, unix.ARPHRD_HDLC, unix.ARPHRD_LAPB, unix.ARPHRD_DDCMP,
	unix.ARPHRD_RAWHDLC, unix.ARPHRD_TUNNEL, unix.ARPHRD_TUNNEL6, unix.ARPHRD_FRAD,
	unix.ARPHRD_SKIP, unix.ARPHRD_LOOPBACK, unix.ARPHRD_LOCALTLK, unix.ARPHRD_FDDI,
	unix.ARPHRD_BIF, unix.ARPHRD_SIT, unix.ARPHRD_IPDDP, unix.ARPHRD_IPGRE,
	unix.ARPHRD_PIMREG, unix.ARPHRD_HIPPI, unix.ARPHRD_ASH, unix.ARPHRD_ECONET,
	unix.ARPHRD_IRDA, unix.ARPHRD_FCPP, unix.ARPHRD_FCAL, unix.ARPHRD_FCPL,
	unix.ARPHRD_FCFABRIC, unix.ARPHRD_FCFABRIC + 1, unix.ARPHRD_FCFABRIC + 2, unix.ARPHRD_FCFABRIC + 3,
	unix.ARPHRD_FCFABRIC + 4, unix.ARPHRD_FCFABRIC + 5, unix.ARPHRD_FCFABRIC + 6, unix.ARPHRD_FCFABRIC + 7,
	unix.ARPHRD_FCFABRIC + 8, unix.ARPHRD_FCFABRIC + 9, unix.ARPHRD_FCFABRIC + 10, unix.ARPHRD_FCFABRIC + 11,
	unix.ARPHRD_FCFABRIC + 12, unix.ARPHRD_IEEE802_TR, unix.ARPHRD_IEEE80211, unix.ARPHRD_IEEE80211_PRISM,
	unix.ARPHRD_IEEE80211_RADIOTAP, unix.ARPHRD_IEEE802154, unix.ARPHRD_IEEE802154_MONITOR, unix.ARPHRD_PHONET,
	unix.ARPHRD_PHONET_PIPE, unix.ARPHRD_CAIF, unix.ARPHRD_IP6GRE, unix.ARPHRD_NETLINK,
	unix.ARPHRD_6LOWPAN, unix.ARPHRD_NONE, unix.ARPHRD_VOID,
}

const linkTypeWords = "" +
	"netrom ether eether ax25 " +
	"pronet chaos ieee802 arcnet " +
	"atalk dlci atm metricom " +
	"ieee1394 infiniband slip cslip " +
	"slip6 cslip6 rsrvd adapt " +
	"rose x25 hwx25 can " +
	"ppp hdlc lapb ddcmp " +
	"rawhdlc ipip tunnel6 frad " +
	"skip loopback ltalk fddi " +
	"bif sit ip/ddp gre " +
	"pimreg hippi ash econet " +
	"irda fcpp fcal fcpl " +
	"fcfb0 fcfb1 fcfb2 fcfb3 " +
	"fcfb4 fcfb5 fcfb6 fcfb7 " +
	"fcfb8 fcfb9 fcfb10 fcfb11 " +
	"fcfb12 tr ieee802.11 ieee802.11/prism " +
	"ieee802.11/radiotap ieee802.15.4 ieee802.15.4/monitor phonet " +
	"phonet_pipe caif gre6 netlink " +
	"6lowpan none void"

// linkTypeName is ll_type_n2a: the ARPHRD_* name, or [N].
func linkTypeName(arphrd uint16) string {
	for i, t := range &linkTypes { // &: a range over the array would copy it
		if t == arphrd && !numeric {
			return wordAt(linkTypeWords, i)
		}
	}
	return "[" + itoa(int(arphrd)) + "]"
}

// wordAt is the word of index i in a list of words separated by spaces.
func wordAt(words string, i int) string {
	for ; i > 0; i-- {
		words = words[ascii.IndexByte(words, ' ')+1:]
	}
	if end := ascii.IndexByte(words, ' '); end >= 0 {
		return words[:end]
	}
	return words
}

package ip

import (
	"slices"

	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// ipRule is `ip rule`; the status is ip's exit status.
func (s *session) ipRule(a args) int {
	if a.empty() {
		return s.listRules(a, ruleList)
	}
	cmd := a.cur()
	a.skip()
	action := ruleList
	switch {
	case cli.Matches(cmd, "list"), cli.Matches(cmd, "lst"), cli.Matches(cmd, "show"):
	case cli.Matches(cmd, "save"):
		action = ruleSave
	case cli.Matches(cmd, "restore"):
		// Each saved message goes back to the kernel as a request to
		// create it; a rule that exists already is no failure, though
		// the kernel's answer is printed.
		return s.restoreDump(ruleDumpFile)
	case cli.Matches(cmd, "add"):
		return s.ruleChange(unix.RTM_NEWRULE, a)
	case cli.Matches(cmd, "delete"):
		return s.ruleChange(unix.RTM_DELRULE, a)
	case cli.Matches(cmd, "flush"):
		action = ruleFlush
	case cli.Matches(cmd, "help"):
		ruleUsage() // exits
	default:
		unknownCommand("rule", cmd) // exits
	}
	return s.listRules(a, action)
}

// What listRules does with each rule the selector picks.
const (
	ruleList = iota
	ruleFlush
	ruleSave // all of them: save takes no selector
)

// ruleFilter is the SELECTOR of ip rule list and flush: a zero field (or
// a false has-flag) selects everything.
type ruleFilter struct {
	_                   noCompare
	not, l3mdev         bool
	hasPref             bool
	pref                uint32
	hasTOS              bool
	tos                 uint8
	fwmark, fwmask      uint32
	iif, oif            string // "": any (a valid name is never empty)
	hasUIDRange         bool
	uidRange            nl.Range
	tunID               uint64
	table               uint32
	src, dst            inetPrefix
	protocol, protoMask uint8
	ipproto             uint8
	sport, dport        nl.Range
}

// listRules is ip rule list, flush and save, as iproute2's
// iprule_list_flush_or_save.
func (s *session) listRules(a args, action int) int {
	if action == ruleSave {
		// The magic, then every rule of the family as the kernel sent
		// it, for ip rule restore.
		if !a.empty() {
			return failure("\"ip rule save\" does not take any arguments.\n")
		}
		if !ruleDumpFile.startSave() {
			return cli.StatusFailure
		}
	}
	family := s.family
	if family == unix.AF_UNSPEC {
		family = unix.AF_INET
	}
	f := &ruleFilter{}
	// The SELECTOR: any word it does not know is a to prefix, and the
	// prefixes must have the family.
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "preference"), cli.Matches(word, "order"), cli.Matches(word, "priority"):
			f.pref, f.hasPref = nextArg(&a, parseU32, "preference value is invalid\n"), true
		case word == "not":
			f.not = true
		case word == "tos", word == "dsfield":
			f.tos, f.hasTOS = nextArg(&a, dsfieldID, "TOS value is invalid\n"), true
		case word == "fwmark":
			// Without a mask, parseFwmark's is 0: any mask.
			f.fwmark, f.fwmask, _ = parseFwmark(a.next())
		case word == "dev", word == "iif":
			f.iif = nextIfName(&a, `"iif"/"dev" not a valid ifname`)
		case word == "oif":
			f.oif = nextIfName(&a, `"oif" not a valid ifname`)
		case word == "l3mdev":
			f.l3mdev = true
		case word == "uidrange":
			f.uidRange, f.hasUIDRange = nextRange(&a, false, "invalid UID range\n"), true
		case cli.Matches(word, "tun_id"):
			f.tunID = nextTunID(&a)
		case cli.Matches(word, "lookup"), cli.Matches(word, "table"):
			f.table = nextArg(&a, tableID, "table id value is invalid\n")
		case cli.Matches(word, "from"), cli.Matches(word, "src"):
			f.src.mustSetPrefix(a.next(), family)
		case cli.Matches(word, "protocol"):
			f.protocol, f.protoMask = selectorID(a.next(), protocolID, 0, "invalid \"protocol\"\n")
		case word == "ipproto":
			f.ipproto = nextArg(&a, ipProtoID, "Invalid \"ipproto\" value\n")
		case word == "sport":
			f.sport = nextRange(&a, true, "invalid port range\n")
		case word == "dport":
			f.dport = nextRange(&a, true, "invalid dport range\n")
		default:
			if cli.Matches(word, "dst") || cli.Matches(word, "to") {
				word = a.next()
			}
			f.dst.mustSetPrefix(word, family)
		}
	}
	// ip opens its JSON array before the dump, for flush and save too: a
	// failed dump leaves "[" behind, a flush prints "[]", and a save's
	// "[]" waits in the buffer until after the stream, as in ip's stdio.
	s.out.Begin()
	rules, ok := s.dump(nl.Message{Header: nl.Header{Type: unix.RTM_GETRULE},
		Data: nl.FibRuleHdr{Family: uint8(family)}.Marshal()})
	if !ok {
		return statusUsage
	}
	for i := range rules {
		m := &rules[i]
		switch action {
		case ruleList:
			s.printRule(m, f)
			continue
		case ruleSave:
			if !saveMessage(*m) {
				cli.Stderr("Dump terminated\n")
				return statusUsage
			}
			continue
		}
		// A flush deletes the selected rules that have a priority (the
		// rule of priority 0 has none and stays), each with the message
		// the kernel sent.
		var h nl.FibRuleHdr
		var attrs nl.Attributes
		if !s.ruleSelected(m, &h, &attrs, f) ||
			attrs.Has(unix.FRA_PROTOCOL) && (f.protocol^attrs.Uint8(unix.FRA_PROTOCOL))&f.protoMask != 0 ||
			!attrs.Has(unix.FRA_PRIORITY) {
			continue
		}
		if _, err := s.conn.Execute(nl.Message{Header: nl.Header{Type: unix.RTM_DELRULE}, Data: m.Data}); err != nil {
			s.reportRequestError(err, "")
			cli.Stderr("Dump terminated\n")
			return statusUsage
		}
	}
	s.out.End()
	s.out.Flush()
	return 0
}

// ruleSelected decodes a rule message, its header into h and attributes
// into attrs, and says whether f selects it: iproute2's filter_nlmsg for
// rules.
func (s *session) ruleSelected(m *nl.Message, h *nl.FibRuleHdr, attrs *nl.Attributes, f *ruleFilter) bool {
	if m.Header.Type != unix.RTM_NEWRULE && m.Header.Type != unix.RTM_DELRULE {
		return false
	}
	hdr, rest, err := nl.UnmarshalFibRuleHdr(m.Data)
	if err != nil {
		return false
	}
	*h = hdr
	*attrs, _ = nl.ParseAttributes(rest)
	if s.family != unix.AF_UNSPEC && int(h.Family) != s.family {
		return false
	}
	if f.hasPref && f.pref != attrs.Uint32(unix.FRA_PRIORITY) {
		return false
	}
	if f.not && h.Flags&unix.FIB_RULE_INVERT == 0 {
		return false
	}
	if !rulePrefixSelected(&f.src, h.Family, h.SrcLen, attrs.Bytes(unix.FRA_SRC)) ||
		!rulePrefixSelected(&f.dst, h.Family, h.DstLen, attrs.Bytes(unix.FRA_DST)) {
		return false
	}
	if f.hasTOS && f.tos != h.TOS {
		return false
	}
	if f.fwmark != 0 && f.fwmark != attrs.Uint32(unix.FRA_FWMARK) ||
		f.fwmask != 0 && f.fwmask != attrs.Uint32(unix.FRA_FWMASK) {
		return false
	}
	if !ruleNameSelected(f.iif, attrs, unix.FRA_IIFNAME) || !ruleNameSelected(f.oif, attrs, unix.FRA_OIFNAME) {
		return false
	}
	if f.l3mdev && attrs.Uint8(unix.FRA_L3MDEV) == 0 {
		return false
	}
	if f.hasUIDRange {
		if r, ok := nl.ParseUIDRange(attrs.Bytes(unix.FRA_UID_RANGE)); !ok || r != f.uidRange {
			return false
		}
	}
	if f.ipproto != 0 && f.ipproto != attrs.Uint8(unix.FRA_IP_PROTO) {
		return false
	}
	if !rulePortsSelected(f.sport, attrs.Bytes(unix.FRA_SPORT_RANGE)) ||
		!rulePortsSelected(f.dport, attrs.Bytes(unix.FRA_DPORT_RANGE)) {
		return false
	}
	if f.tunID != 0 && f.tunID != ruleTunID(attrs) { // an absent id reads 0
		return false
	}
	return f.table == 0 || f.table == tableOf(*attrs, h.Table)
}

// rulePrefixSelected matches a from or to selector: same family, a rule
// prefix no shorter, and the same leading bits when the rule has an
// address.
func rulePrefixSelected(p *inetPrefix, family, length uint8, addr []byte) bool {
	if p.family == 0 {
		return true
	}
	if p.family != int(family) || p.bitlen > int(length) {
		return false
	}
	if addr == nil || p.bitlen <= 0 {
		return true
	}
	return len(addr) == familyBits(p.family)/8 && matchesPrefix(addr, p.data[:], p.bitlen)
}

func ruleNameSelected(name string, attrs *nl.Attributes, typ uint16) bool {
	return name == "" || attrs.Has(typ) && attrs.String(typ) == name
}

func rulePortsSelected(want nl.Range, b []byte) bool {
	if want.Start == 0 {
		return true
	}
	r, ok := nl.ParsePortRange(b)
	return ok && r == want
}

// ruleTunID is FRA_TUN_ID, which travels in network byte order.
func ruleTunID(attrs *nl.Attributes) uint64 {
	b := attrs.Bytes(unix.FRA_TUN_ID)
	if len(b) < 8 {
		return 0
	}
	return endian.Big.Uint64(b)
}

// printRuleMessage prints one RTM_NEWRULE or RTM_DELRULE as ip monitor
// does ("Deleted " before a removed rule); other messages print nothing.
func (s *session) printRuleMessage(m nl.Message) { s.printRule(&m, &ruleFilter{}) }

// printRule is iproute2's print_rule: one rule on one line.
func (s *session) printRule(m *nl.Message, f *ruleFilter) {
	var h nl.FibRuleHdr
	var attrs nl.Attributes
	if !s.ruleSelected(m, &h, &attrs, f) {
		return
	}
	p := s.out
	family := int(h.Family)
	p.OpenObject("")
	if m.Header.Type == unix.RTM_DELRULE {
		p.Bool("deleted", "Deleted ")
	}
	p.Uint("priority", "%u:\t", uint64(attrs.Uint32(unix.FRA_PRIORITY)))
	if h.Flags&unix.FIB_RULE_INVERT != 0 {
		p.Null("not", "not ")
	}
	s.printRulePrefix(&h, &attrs, false)
	s.printRulePrefix(&h, &attrs, true)
	if h.TOS != 0 {
		p.String("tos", " tos %s", dsfieldName(h.TOS))
	}
	if hasMask := attrs.Has(unix.FRA_FWMASK); hasMask || attrs.Has(unix.FRA_FWMARK) {
		printHex0x(p, "fwmark", " fwmark ", uint64(attrs.Uint32(unix.FRA_FWMARK)))
		if mask := attrs.Uint32(unix.FRA_FWMASK); hasMask && mask != 0xffffffff {
			printHex0x(p, "fwmask", "/", uint64(mask))
		}
	}
	s.printRuleDevice(&h, &attrs, false)
	s.printRuleDevice(&h, &attrs, true)
	if attrs.Uint8(unix.FRA_L3MDEV) != 0 {
		p.Null("l3mdev", " lookup [l3mdev-table]")
	}
	if r, ok := nl.ParseUIDRange(attrs.Bytes(unix.FRA_UID_RANGE)); ok {
		p.Uint("uid_start", " uidrange %u", uint64(r.Start))
		p.Uint("uid_end", "-%u", uint64(r.End))
	}
	if attrs.Has(unix.FRA_IP_PROTO) {
		// inet_proto_n2a: the official name, or ipproto-N.
		n, name := attrs.Uint8(unix.FRA_IP_PROTO), ""
		if !numeric {
			loadIPProtocols()
			if i := slices.Index(ipProtocolNumbers, n); i >= 0 {
				name = ipProtocolNames[i][0]
			}
		}
		if name == "" {
			name = "ipproto-" + itoa(int(n))
		}
		p.String("ipproto", " ipproto %s", name)
	}
	printPortRange(p, &attrs, false)
	printPortRange(p, &attrs, true)
	if attrs.Has(unix.FRA_TUN_ID) {
		p.Uint("tun_id", " tun_id %u", ruleTunID(&attrs))
	}
	if table := tableOf(attrs, h.Table); table != 0 {
		p.String("table", " lookup %s", tableName(table))
		if pl := int32(attrs.Uint32(unix.FRA_SUPPRESS_PREFIXLEN)); attrs.Has(unix.FRA_SUPPRESS_PREFIXLEN) && pl != -1 {
			p.Int("suppress_prefixlen", " suppress_prefixlength %d", int64(pl))
		}
		if group := int32(attrs.Uint32(unix.FRA_SUPPRESS_IFGROUP)); attrs.Has(unix.FRA_SUPPRESS_IFGROUP) && group != -1 {
			p.String("suppress_ifgroup", " suppress_ifgroup %s", groupName(group))
		}
	}
	if attrs.Has(unix.FRA_FLOW) {
		flow := attrs.Uint32(unix.FRA_FLOW)
		if from := flow >> 16; from != 0 {
			p.String("flow_from", " realms %s/", realmName(from))
		} else {
			p.Text(" realms ")
		}
		p.String("flow_to", "%s", realmName(flow&0xffff))
	}
	// What the rule does besides looking up a table.
	switch h.Action {
	case unix.RTN_NAT:
		// RTA_GATEWAY, a number the rule attributes have left unused.
		if gw := attrs.Bytes(unix.RTA_GATEWAY); gw != nil {
			p.String("nat_gateway", " map-to %s", formatAddr(family, gw))
		} else {
			p.Null("masquerade", " masquerade")
		}
	case unix.FR_ACT_GOTO:
		if attrs.Has(unix.FRA_GOTO) {
			p.Uint("goto", " goto %u", uint64(attrs.Uint32(unix.FRA_GOTO)))
		} else {
			p.String("goto", " goto %s", "none")
		}
		if h.Flags&unix.FIB_RULE_UNRESOLVED != 0 {
			p.Null("unresolved", " [unresolved]")
		}
	case unix.FR_ACT_NOP:
		p.Null("nop", " nop")
	case unix.FR_ACT_TO_TBL:
	default:
		p.String("action", " %s", routeTypeName(h.Action))
	}
	if attrs.Has(unix.FRA_PROTOCOL) {
		if proto := attrs.Uint8(unix.FRA_PROTOCOL); proto != 0 && proto != unix.RTPROT_KERNEL {
			p.String("protocol", " proto %s", protocolName(proto))
		}
	}
	p.Text("\n")
	p.CloseObject()
	p.Flush()
}

// printRulePrefix prints a rule's from part, or its to part: the prefix,
// "0/LEN" for a length without an address, and "from all" for no source.
func (s *session) printRulePrefix(h *nl.FibRuleHdr, attrs *nl.Attributes, to bool) {
	text, key, lenKey, length, addr := "from ", "src", "srclen", h.SrcLen, attrs.Bytes(unix.FRA_SRC)
	if to {
		text, key, lenKey, length, addr = " to ", "dst", "dstlen", h.DstLen, attrs.Bytes(unix.FRA_DST)
	}
	family := int(h.Family)
	p := s.out
	prefix := "all"
	switch {
	case addr != nil:
		prefix = formatAddr(family, addr)
	case length != 0:
		prefix = "0"
	case to:
		return
	}
	p.Text(text)
	p.String(key, "%s", prefix)
	// The length, unless the address is a whole host's.
	if length != 0 && addr == nil || addr != nil && int(length) != familyBits(family) {
		p.Uint(lenKey, "/%u", uint64(length))
	}
}

// printRuleDevice prints a rule's iif, or its oif, and whether the device
// is missing.
func (s *session) printRuleDevice(h *nl.FibRuleHdr, attrs *nl.Attributes, oif bool) {
	text, key, detachedKey, typ, detached := " iif ", "iif", "iif_detached", uint16(unix.FRA_IIFNAME), uint32(unix.FIB_RULE_IIF_DETACHED)
	if oif {
		text, key, detachedKey, typ, detached = " oif ", "oif", "oif_detached", unix.FRA_OIFNAME, unix.FIB_RULE_OIF_DETACHED
	}
	if !attrs.Has(typ) {
		return
	}
	s.out.Text(text)
	s.out.String(key, "%s", attrs.String(typ))
	if h.Flags&detached != 0 {
		s.out.Null(detachedKey, " [detached]")
	}
}

// printHex0x is print_0xhex: "0x..." (plain 0 for zero) in both forms.
func printHex0x(p *output.Printer, key, text string, v uint64) {
	hex := "0"
	if v != 0 {
		hex = hex0x(v)
	}
	p.JSONString(key, hex)
	p.Text(text + hex)
}

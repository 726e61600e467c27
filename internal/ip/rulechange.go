package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/proc"
)

// statusL3mdevTable is ip's -EINVAL, negated into its exit status.
const statusL3mdevTable = int(unix.EINVAL)

// ruleChange is ip rule add and ip rule del: the request is built word by
// word, attributes in the order of the words, as iproute2 builds it.
func (s *session) ruleChange(typ nl.HeaderType, a args) int {
	h := nl.FibRuleHdr{Family: uint8(s.family), Action: unix.FR_ACT_UNSPEC}
	var flags nl.HeaderFlags
	if typ == unix.RTM_NEWRULE {
		if a.empty() {
			return failure("\"ip rule add\" requires arguments.\n")
		}
		flags, h.Action = nl.Create|nl.Excl, unix.FR_ACT_TO_TBL
	}
	if typ == unix.RTM_DELRULE && a.empty() {
		return failure("\"ip rule del\" requires arguments.\n")
	}
	ae := nl.NewAttributeEncoder()
	r := ruleRequest{h: &h, ae: ae}
	for ; !a.empty(); a.skip() {
		r.word(&a)
	}
	if r.l3mdev && r.table != 0 {
		cli.Stderr("table can not be specified for l3mdev rules\n")
		return statusL3mdevTable
	}
	if h.Family == unix.AF_UNSPEC {
		h.Family = unix.AF_INET
	}
	if !r.tableSet && typ == unix.RTM_NEWRULE {
		h.Table = unix.RT_TABLE_MAIN
	}
	return s.modify(typ, flags, h.Marshal(), ae)
}

// ruleRequest is an ip rule add or del request being read.
type ruleRequest struct {
	h        *nl.FibRuleHdr
	ae       *nl.AttributeEncoder
	table    uint32
	tableSet bool // a table, l3mdev or a type was given
	l3mdev   bool
}

// word reads one SELECTOR or ACTION word and its value. The order of the
// cases is ip's, which settles what an abbreviation means.
func (r *ruleRequest) word(a *args) {
	h, ae := r.h, r.ae
	switch word := a.cur(); {
	case word == "not":
		h.Flags |= unix.FIB_RULE_INVERT
	case word == "from", word == "to":
		var p inetPrefix
		p.mustSetPrefix(a.next(), int(h.Family))
		attr, length := uint16(unix.FRA_DST), &h.DstLen
		if word == "from" {
			attr, length = unix.FRA_SRC, &h.SrcLen
		}
		*length = uint8(p.bitlen)
		ae.Bytes(attr, p.data[:p.bytelen])
	case cli.Matches(word, "preference"), cli.Matches(word, "order"), cli.Matches(word, "priority"):
		ae.Uint32(unix.FRA_PRIORITY, nextArg(a, parseU32, "preference value is invalid\n"))
	case word == "tos", cli.Matches(word, "dsfield"):
		h.TOS = nextArg(a, dsfieldID, "TOS value is invalid\n")
	case word == "fwmark":
		mark, mask, hasMask := parseFwmark(a.next())
		ae.Uint32(unix.FRA_FWMARK, mark)
		if hasMask {
			ae.Uint32(unix.FRA_FWMASK, mask)
		}
	case cli.Matches(word, "realms"):
		ae.Uint32(unix.FRA_FLOW, nextArg(a, parseRealms, "invalid realms\n"))
	case cli.Matches(word, "protocol"):
		ae.Uint8(unix.FRA_PROTOCOL, nextArg(a, protocolID, "\"protocol\" value is invalid\n"))
	case cli.Matches(word, "tun_id"):
		id := nextTunID(a)
		ae.Bytes(unix.FRA_TUN_ID, endian.Big.AppendUint64(nil, id))
	case cli.Matches(word, "table"), word == "lookup":
		r.table = nextArg(a, tableID, "invalid table ID\n")
		if r.table < 256 {
			h.Table = uint8(r.table)
		} else {
			h.Table = unix.RT_TABLE_UNSPEC
			ae.Uint32(unix.FRA_TABLE, r.table)
		}
		r.tableSet = true
	case cli.Matches(word, "suppress_prefixlength"), word == "sup_pl":
		arg := a.next()
		length, ok := parseS32(arg)
		if !ok || length < 0 {
			invarg("suppress_prefixlength value is invalid\n", arg)
		}
		ae.Uint32(unix.FRA_SUPPRESS_PREFIXLEN, uint32(length))
	case cli.Matches(word, "suppress_ifgroup"), word == "sup_group":
		ae.Uint32(unix.FRA_SUPPRESS_IFGROUP, uint32(nextArg(a, groupID, "Invalid \"suppress_ifgroup\" value\n")))
	case word == "dev", word == "iif":
		ae.String(unix.FRA_IIFNAME, nextIfName(a, `"iif"/"dev" not a valid ifname`))
	case word == "oif":
		ae.String(unix.FRA_OIFNAME, nextIfName(a, `"oif" not a valid ifname`))
	case word == "l3mdev":
		ae.Uint8(unix.FRA_L3MDEV, 1)
		r.tableSet, r.l3mdev = true, true
	case word == "uidrange":
		ae.Bytes(unix.FRA_UID_RANGE, nextRange(a, false, "invalid UID range\n").UIDRange())
	case word == "nat", cli.Matches(word, "map-to"):
		arg := a.next()
		cli.Stderr("Warning: route NAT is deprecated\n")
		var addr inetPrefix
		if !addr.setAddr(arg, unix.AF_INET) {
			cli.Stderr(`Error: an IP address is expected rather than "`, arg, "\"\n")
			cli.Fail(cli.StatusFailure)
		}
		ae.Bytes(unix.RTA_GATEWAY, addr.data[:4])
		h.Action = unix.RTN_NAT
	case word == "ipproto":
		ae.Uint8(unix.FRA_IP_PROTO, nextArg(a, ipProtoID, "Invalid \"ipproto\" value\n"))
	case word == "sport", word == "dport":
		attr, complaint := uint16(unix.FRA_SPORT_RANGE), "invalid port range\n"
		if word == "dport" {
			attr, complaint = unix.FRA_DPORT_RANGE, "invalid dport range\n"
		}
		ae.Bytes(attr, nextRange(a, true, complaint).PortRange())
	default:
		// [type] TYPE: goto TARGET, nop, or a route type.
		if word == "type" {
			word = a.next()
		}
		switch {
		case cli.Matches(word, "help"):
			ruleUsage()
		case cli.Matches(word, "goto"):
			h.Action = unix.FR_ACT_GOTO
			ae.Uint32(unix.FRA_GOTO, nextArg(a, parseU32, "invalid target\n"))
		case cli.Matches(word, "nop"):
			h.Action = unix.FR_ACT_NOP
		default:
			t, ok := routeTypeID(word)
			if !ok {
				invarg("Failed to parse rule type", word)
			}
			h.Action = t
		}
		r.tableSet = true
	}
}

// parseFwmark reads MARK[/MASK], the mask 0 when there is none; a bad
// number ends ip with its complaint.
func parseFwmark(arg string) (mark, mask uint32, hasMask bool) {
	markText, maskText := arg, ""
	if i := ascii.IndexByte(arg, '/'); i >= 0 {
		markText, maskText, hasMask = arg[:i], arg[i+1:], true
	}
	mark, ok := getU32(markText, 0)
	if !ok {
		invarg("fwmark value is invalid\n", markText)
	}
	if hasMask {
		if mask, ok = getU32(maskText, 0); !ok {
			invarg("fwmask value is invalid\n", maskText)
		}
	}
	return mark, mask, hasMask
}

// nextTunID reads tun_id's value: any 64-bit number.
func nextTunID(a *args) uint64 {
	arg := a.next()
	id, ok := cli.ParseUint(arg, 0)
	if !ok {
		invarg("\"tun_id\" value is invalid\n", arg)
	}
	return id
}

// nextIfName reads a device's name, which must be one the kernel could
// take (check_ifname).
func nextIfName(a *args, complaint string) string {
	arg := a.next()
	if !validIfName(arg) {
		invarg(complaint, arg)
	}
	return arg
}

// parseRange reads uidrange's START-END, as sscanf(s, "%u-%u") does, or
// with ports sport's and dport's PORT or START-END, as "%hu-%hu" does:
// what follows the first port, when it is not "-PORT", is ignored. Each
// number takes blanks, a sign and decimal digits, the value wrapping as
// strtoul's does.
func parseRange(s string, ports bool) (nl.Range, bool) {
	var values [2]uint32
	mask := uint64(0xffffffff)
	if ports {
		mask = 0xffff
	}
	n := 0
	for ; n < len(values); n++ {
		if n > 0 {
			if !ascii.HasPrefix(s, "-") {
				break
			}
			s = s[1:]
		}
		v, used, _ := cli.Strtoul(s, 10)
		if used == 0 {
			break
		}
		values[n], s = uint32(v&mask), s[used:]
	}
	if ports && n == 1 {
		// A port alone is a range of one.
		values[1], n = values[0], 2
	}
	return nl.Range{Start: values[0], End: values[1]}, n == 2
}

// nextRange reads a uidrange, or with ports a port range; one parseRange
// refuses ends ip with invarg's complaint.
func nextRange(a *args, ports bool, complaint string) nl.Range {
	arg := a.next()
	r, ok := parseRange(arg, ports)
	if !ok {
		invarg(complaint, arg)
	}
	return r
}

// printPortRange prints a rule's sport, or its dport: a port or a range.
func printPortRange(p *output.Printer, attrs *nl.Attributes, dport bool) {
	text, key, startKey, endKey, typ := " sport ", "sport", "sport_start", "sport_end", uint16(unix.FRA_SPORT_RANGE)
	if dport {
		text, key, startKey, endKey, typ = " dport ", "dport", "dport_start", "dport_end", unix.FRA_DPORT_RANGE
	}
	r, ok := nl.ParsePortRange(attrs.Bytes(typ))
	if !ok {
		return
	}
	p.Text(text)
	if r.Start == r.End {
		p.Uint(key, "%u", uint64(r.Start))
		return
	}
	p.Uint(startKey, "%u", uint64(r.Start))
	p.Uint(endKey, "-%u", uint64(r.End))
}

// ipProtocolNames and ipProtocolNumbers are /etc/protocols, a line at the
// same index of each: the official name and the aliases, and the number.
// Two slices rather than one of structs: a struct type would bring a type
// descriptor into the binary.
var (
	ipProtocolNames   [][]string
	ipProtocolNumbers []uint8
)

// loadIPProtocols reads /etc/protocols once, as getprotobyname does
// through the files database.
func loadIPProtocols() {
	if ipProtocolNames != nil {
		return
	}
	ipProtocolNames = [][]string{}
	data, _ := proc.ReadFile("/etc/protocols")
	for _, line := range ascii.Split(string(data), "\n") {
		if i := ascii.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := ascii.Fields(line)
		if len(fields) < 2 {
			continue
		}
		n, ok := cli.ParseUint(fields[1], 10)
		if !ok || n > 255 {
			continue
		}
		// The official name, then the aliases.
		fields[1] = fields[0]
		ipProtocolNames = append(ipProtocolNames, fields[1:])
		ipProtocolNumbers = append(ipProtocolNumbers, uint8(n))
	}
}

// ipProtoID is inet_proto_a2n: a decimal number up to 255 or a name or
// alias from /etc/protocols.
func ipProtoID(s string) (uint8, bool) {
	if n, ok := cli.ParseUint(s, 10); ok && n <= 255 {
		return uint8(n), true
	}
	loadIPProtocols()
	for i, names := range ipProtocolNames {
		for _, name := range names {
			if name == s {
				return ipProtocolNumbers[i], true
			}
		}
	}
	return 0, false
}

package ip

import (
	"math/bits"

	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
)

// linkRequest is one RTM_NEWLINK or RTM_DELLINK being built: the header,
// the attributes, and for add the kind's own options. It lives on the heap
// (kind parsers are called through function values), so its helpers are
// plain functions: each method would be named in its type descriptor.
type linkRequest struct {
	create bool // NLM_F_CREATE: ip link add
	ifi    nl.IfInfoMsg
	attrs  *nl.AttributeEncoder
	kind   string
	// fds are the namespaces the request names (netns NAME, for the link
	// and a veth peer); they stay open until it is sent.
	fds []int
}

func newLinkRequest(create bool, family int) *linkRequest {
	return &linkRequest{create: create, ifi: nl.IfInfoMsg{Family: uint8(family)}, attrs: nl.NewAttributeEncoder()}
}

// linkChange is `ip link add|set|change|replace|delete`: iproute2's
// iplink_modify.
func (s *session) linkChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	req := newLinkRequest(flags&nl.Create != 0, s.family)
	status := s.sendLinkRequest(typ, flags, a, req)
	for _, fd := range req.fds {
		unix.Close(fd)
	}
	return status
}

// sendLinkRequest parses, sends and when it fails undoes one request; the
// namespaces it names stay open until it returns.
func (s *session) sendLinkRequest(typ nl.HeaderType, flags nl.HeaderFlags, a args, req *linkRequest) int {
	var la linkArgs
	if status := s.parseLinkArgs(a, req, &la); status != 0 {
		return status
	}
	kind := ""
	if la.kind != nil {
		kind = *la.kind
		req.attrs.Nest(unix.IFLA_LINKINFO)
		req.attrs.Bytes(unix.IFLA_INFO_KIND, []byte(kind))
		if len(la.rest) > 0 {
			if status := s.parseKindOptions(kind, la.rest, req); status != 0 {
				return status
			}
		}
		req.attrs.End()
	} else if req.create {
		return failure("Not enough information: \"type\" argument is required\n")
	}
	// The kernel applies the settings of one request in turn and stops at
	// the first it cannot: the link can be left moved but not renamed,
	// with a new MTU but no new master. What changed is put back.
	var saved linkState
	if typ == unix.RTM_NEWLINK && !req.create && req.ifi.Index > 0 && !failsWhole(req) {
		s.saveLinkState(&saved, req, la.moveNetns)
	}
	err := s.modifyEcho(nl.Message{
		Header: nl.Header{Type: typ, Flags: flags},
		Data:   append(req.ifi.Marshal(), req.attrs.Encode()...),
	}, (*session).echoLink)
	s.links.forget(req.ifi.Index)
	if err != nil {
		s.reportRequestError(err, "")
		if req.create {
			cli.PrintHint(linkKindHint(kind, err))
		}
		if saved.index != 0 {
			s.restoreLink(req, &saved)
		}
		return 2
	}
	return 0
}

// failsWhole reports whether the kernel applies the request in one step,
// so that a failure leaves nothing to put back: one flag and nothing else
// (ip link set DEV up), where the link need not be read first.
func failsWhole(req *linkRequest) bool {
	return len(req.attrs.Encode()) == 0 && bits.OnesCount32(req.ifi.Change) <= 1
}

// linkArgs is what iplink_parse gathers besides the attributes it encodes
// as it goes: the words that name links, settled once all are read.
type linkArgs struct {
	name, dev, link *string // nil: not given
	// devIsName: ip compares the name and dev pointers, and dev "is" the
	// name when it was only ever given as name.
	devIsName bool
	kind      *string // type KIND; nil: no type
	rest      args    // the words after type KIND
	index     int64
	addrLen   int
	moveNetns bool
	// -1: not given
	mtu, qlen, group, numTx, numRx, linkNsid int64
}

// parseLinkArgs is iproute2's iplink_parse: the generic settings of a
// link, up to "type KIND", into la: the caller's, zero, which stays off
// the heap (filled field by field: a whole struct assigned through a
// pointer would need its type descriptor). It returns a non-zero exit
// status on bad input.
func (s *session) parseLinkArgs(a args, req *linkRequest, la *linkArgs) int {
	la.mtu, la.qlen, la.group, la.numTx, la.numRx, la.linkNsid = -1, -1, -1, -1, -1, -1
	for ; !a.empty(); a.skip() {
		word := a.cur()
		// ip tests txqueuelen and txqlen before type: "t" is txqueuelen.
		if matchIndex(word, "txqueuelen txqlen type", false) == 2 {
			kind := a.next()
			la.kind, la.rest = &kind, a[1:]
			break
		}
		if status := s.parseLinkWord(&a, word, req, la); status != 0 {
			return status
		}
	}
	// The end of iplink_parse settles the name and the device the request
	// is about: "ip link add dev X" and "ip link add name X" mean the same.
	switch {
	case la.name == nil:
		la.name, la.devIsName = la.dev, true
	case la.dev == nil:
		la.dev, la.devIsName = la.name, true
	case *la.name == *la.dev:
		la.devIsName = true
	}
	// A new address must be as long as the link's, when that can be read.
	if la.dev != nil && la.addrLen > 0 && !req.create {
		if index := s.links.nameToIndex(*la.dev); index != 0 {
			replies, err := s.getLinkByIndex(index, s.family)
			if err == nil && len(replies) > 0 {
				_, rest, _ := nl.UnmarshalIfInfoMsg(replies[0].Data)
				attrs, _ := nl.ParseAttributes(rest)
				if want := len(attrs.Bytes(unix.IFLA_ADDRESS)); attrs.Has(unix.IFLA_ADDRESS) && want != la.addrLen {
					cli.Stderr("Invalid address length ", itoa(la.addrLen), " - must be ", itoa(want), " bytes\n")
					return cli.StatusFailure
				}
			}
		}
	}
	if la.index != 0 && !req.create && !la.moveNetns {
		fatal(statusUsage, "index can be used only when creating devices or when moving device to another netns.\n")
	}
	if la.group != -1 && la.dev == nil {
		// "ip link set group N ..." changes every link of the group;
		// ip then drops the type.
		if len(la.rest) > 0 {
			garbage(la.rest[0])
			cli.Fail(statusUsage)
		}
		if req.create {
			fatal(statusUsage, "group cannot be used when creating devices.\n")
		}
		la.kind = nil
		return 0
	}
	if !req.create { // the link ip link set and delete are about
		if la.dev == nil {
			fatal(statusUsage, "Not enough information: \"dev\" argument is required.\n")
		}
		if req.ifi.Index = s.deviceIndex(*la.dev); req.ifi.Index == 0 {
			return cli.StatusFailure
		}
		if la.index != 0 {
			req.attrs.Uint32(unix.IFLA_NEW_IFINDEX, uint32(la.index))
		}
		if la.name != nil && !la.devIsName { // a rename to another name
			req.attrs.String(unix.IFLA_IFNAME, *la.name)
		}
		return 0
	}
	if !la.devIsName {
		fatal(statusUsage, "both \"name\" and \"dev\" cannot be used when creating devices.\n")
	}
	if la.link != nil {
		lower := s.deviceIndex(*la.link)
		if lower == 0 {
			return cli.StatusFailure
		}
		req.attrs.Uint32(unix.IFLA_LINK, uint32(lower))
	}
	req.ifi.Index = int32(la.index)
	if la.name != nil {
		req.attrs.String(unix.IFLA_IFNAME, *la.name)
	}
	return 0
}

// parseLinkWord reads one setting of ip link add or set. ip tests the
// words in one order, which settles what an abbreviation means; the words
// it takes only whole are no abbreviation of any it takes abbreviated, so
// they can be looked up first, in one switch, and the others tested in
// ip's order by parseAbbreviatedLinkWord.
func (s *session) parseLinkWord(a *args, word string, req *linkRequest, la *linkArgs) int {
	i := matchIndex(word, "up down name index mtu xdp xdpgeneric xdpdrv xdpoffload netns "+
		"multicast allmulticast promisc trailers arp carrier protodown vf vrf group mode state "+
		"protodown_reason gso_max_size gso_max_segs gro_max_size parentdev", true)
	switch i {
	case 0, 1: // up, down
		setFlag(req, unix.IFF_UP, i == 0)
	case 2: // name
		arg := a.next()
		if la.name != nil {
			duparg("name", arg)
		}
		if !validIfName(arg) {
			invarg(`"name" not a valid ifname`, arg)
		}
		la.name = &arg
		if la.dev == nil {
			la.dev, la.devIsName = &arg, true
		}
	case 3: // index
		arg := a.next()
		if la.index != 0 {
			duparg("index", arg)
		}
		if la.index = atoi(arg); la.index <= 0 {
			invarg(`Invalid "index" value`, arg)
		}
	case 4: // mtu
		nextInteger(a, req, unix.IFLA_MTU, &la.mtu, "mtu")
	case 5, 6, 7, 8, 17, 22: // xdp, xdpgeneric, xdpdrv, xdpoffload, vf, protodown_reason
		return notImplemented("ip link set " + word)
	case 9: // netns NAME|PATH|PID
		arg := a.next()
		if la.moveNetns {
			duparg("netns", arg)
		}
		// A namespace nsip opens, or failing that a PID, which the
		// kernel resolves itself (opening /proc/PID/ns/net could be
		// refused where the kernel would not).
		path := arg // a path, or a /run/netns name
		if ascii.IndexByte(arg, '/') < 0 {
			path = netnsRunDir + "/" + arg
		}
		if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
			req.fds = append(req.fds, fd)
			req.attrs.Uint32(unix.IFLA_NET_NS_FD, uint32(fd))
		} else if pid, ok := parseS32(arg); ok {
			req.attrs.Uint32(unix.IFLA_NET_NS_PID, uint32(pid))
		} else {
			invarg("Invalid \"netns\" value\n", arg)
		}
		la.moveNetns = true
	case 10, 11, 12, 13, 14: // multicast, allmulticast, promisc, trailers, arp
		// "trailers off" and "arp off" set the inverted flags.
		bit := [...]uint32{unix.IFF_MULTICAST, unix.IFF_ALLMULTI, unix.IFF_PROMISC, unix.IFF_NOTRAILERS, unix.IFF_NOARP}[i-10]
		return parseFlagOnOff(req, a, word, bit, i >= 13)
	case 15, 16: // carrier, protodown
		on, ok := parseOnOff(word, a.next())
		if !ok {
			return statusEINVAL
		}
		attr := uint16(unix.IFLA_CARRIER)
		if i == 16 {
			attr = unix.IFLA_PROTO_DOWN
		}
		req.attrs.Uint8(attr, on)
	case 18: // vrf
		master := nextArg(a, s.vrfIndex, "Not a valid VRF name\n")
		req.attrs.Uint32(unix.IFLA_MASTER, uint32(master))
	case 19: // group
		arg := a.next()
		if la.group != -1 {
			duparg("group", arg)
		}
		id, ok := groupID(arg)
		if !ok {
			invarg("Invalid \"group\" value\n", arg)
		}
		la.group = int64(id)
		req.attrs.Uint32(unix.IFLA_GROUP, uint32(id))
	case 20: // mode
		mode := nextNameIndex(a, linkModes, "Invalid link mode\n")
		req.attrs.Uint8(unix.IFLA_LINKMODE, uint8(mode))
	case 21: // state
		state := nextNameIndex(a, operStates, "Invalid operstate\n")
		req.attrs.Uint8(unix.IFLA_OPERSTATE, uint8(state))
	case 23, 24, 25: // gso_max_size, gso_max_segs, gro_max_size
		attr := [...]uint16{unix.IFLA_GSO_MAX_SIZE, unix.IFLA_GSO_MAX_SEGS, unix.IFLA_GRO_MAX_SIZE}[i-23]
		arg := a.next()
		n, ok := getU32(arg, 0)
		if !ok || (attr == unix.IFLA_GSO_MAX_SEGS && n > 65535) {
			invarg(`Invalid "`+word+`" value`+"\n", arg)
		}
		req.attrs.Uint32(attr, n)
	case 26: // parentdev
		req.attrs.String(unix.IFLA_PARENT_DEV_NAME, a.next())
	default:
		return s.parseAbbreviatedLinkWord(a, word, req, la)
	}
	return 0
}

// parseAbbreviatedLinkWord is parseLinkWord of the words ip takes
// abbreviated, in ip's order; anything else names the device.
func (s *session) parseAbbreviatedLinkWord(a *args, word string, req *linkRequest, la *linkArgs) int {
	i := matchIndex(word, "link address broadcast txqueuelen txqlen master nomaster dynamic alias "+
		"numtxqueues numrxqueues addrgenmode link-netns link-netnsid help", false)
	// brd and qlen, which ip takes only whole, abbreviate no word before
	// their namesakes.
	switch word {
	case "brd":
		i = 2
	case "qlen":
		i = 3
	}
	switch i {
	case 0: // link
		arg := a.next()
		la.link = &arg
	case 1, 2: // address, broadcast
		lladdr, ok := parseLinkAddr(a.next())
		if !ok {
			return cli.StatusFailure
		}
		if i == 1 {
			req.attrs.Bytes(unix.IFLA_ADDRESS, lladdr)
			la.addrLen = len(lladdr)
		} else {
			req.attrs.Bytes(unix.IFLA_BROADCAST, lladdr)
		}
	case 3, 4: // txqueuelen, txqlen
		nextInteger(a, req, unix.IFLA_TXQLEN, &la.qlen, "txqueuelen")
	case 5: // master
		master := nextArg(a, s.links.existingIndex, "Device does not exist\n")
		req.attrs.Uint32(unix.IFLA_MASTER, uint32(master))
	case 6: // nomaster
		req.attrs.Uint32(unix.IFLA_MASTER, 0)
	case 7: // dynamic
		return parseFlagOnOff(req, a, "dynamic", unix.IFF_DYNAMIC, false)
	case 8: // alias
		arg := a.next()
		if len(arg) >= ifAliasSize {
			invarg("alias too long\n", arg)
		}
		req.attrs.Bytes(unix.IFLA_IFALIAS, []byte(arg))
	case 9: // numtxqueues
		nextInteger(a, req, unix.IFLA_NUM_TX_QUEUES, &la.numTx, "numtxqueues")
	case 10: // numrxqueues
		nextInteger(a, req, unix.IFLA_NUM_RX_QUEUES, &la.numRx, "numrxqueues")
	case 11: // addrgenmode
		mode := nextNameIndex(a, addrGenModes, "Invalid address generation mode\n")
		req.attrs.Nest(unix.IFLA_AF_SPEC)
		req.attrs.Nest(unix.AF_INET6)
		req.attrs.Uint8(unix.IFLA_INET6_ADDR_GEN_MODE, uint8(mode))
		req.attrs.End()
		req.attrs.End()
	case 12, 13: // link-netns, link-netnsid
		arg := a.next()
		if la.linkNsid != -1 {
			duparg("link-netns/link-netnsid", arg)
		}
		if i == 12 {
			// The nsid of the named namespace. As ip does, nsip asks,
			// tries to assign one when there is none (or the asking
			// failed), and asks again; each kernel refusal is printed.
			path := netnsRunDir + "/" + arg
			id, _ := s.nsidOf(path)
			if id < 0 {
				if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
					if err := s.setNsid(fd, -1); err != nil {
						s.reportRequestError(err, "")
					}
					unix.Close(fd)
				}
				if id, _ = s.nsidOf(path); id < 0 {
					invarg("Invalid \"link-netns\" value\n", arg)
				}
			}
			la.linkNsid = int64(id)
		} else if n, ok := parseS32(arg); ok {
			la.linkNsid = int64(n)
		} else {
			invarg("Invalid \"link-netnsid\" value\n", arg)
		}
		req.attrs.Uint32(unix.IFLA_LINK_NETNSID, uint32(la.linkNsid))
	case 14: // help
		linkUsage()
	default:
		// A variable of its own: taking word's address would put word
		// on the heap for every call.
		dev := word
		if dev == "dev" {
			dev = a.next()
		}
		if la.dev != nil && !la.devIsName {
			duparg2("dev", dev)
		}
		if !validAltIfName(dev) {
			invarg(`"dev" not a valid ifname`, dev)
		}
		la.dev, la.devIsName = &dev, false
	}
	return 0
}

// setFlag sets or clears an IFF_* flag and marks it as changed.
func setFlag(req *linkRequest, bit uint32, on bool) {
	req.ifi.Change |= bit
	if on {
		req.ifi.Flags |= bit
	} else {
		req.ifi.Flags &^= bit
	}
}

// parseFlagOnOff reads "WHAT on|off" for the flags ip link set turns on
// and off: bit, which "on" sets, or with inverted clears.
func parseFlagOnOff(req *linkRequest, a *args, what string, bit uint32, inverted bool) int {
	switch arg := a.next(); arg {
	case "on", "off":
		setFlag(req, bit, (arg == "on") != inverted)
		return 0
	default:
		return badArgument(what, onOrOff, arg)
	}
}

// nextInteger reads the value of a keyword ip takes once, with
// get_integer, into the u32 attribute attr.
func nextInteger(a *args, req *linkRequest, attr uint16, seen *int64, key string) {
	arg := a.next()
	if *seen != -1 {
		duparg(key, arg)
	}
	n, ok := parseS32(arg)
	if !ok {
		invarg(`Invalid "`+key+`" value`+"\n", arg)
	}
	*seen = int64(n)
	req.attrs.Uint32(attr, uint32(n))
}

// vrfIndex is the index of a VRF device, for "vrf NAME".
func (s *session) vrfIndex(name string) (int32, bool) {
	index := s.links.nameToIndex(name)
	return index, index != 0 && s.isVRF(name)
}

// ifAliasSize is IFALIASZ: an alias and its NUL must fit in it.
const ifAliasSize = 256

// statusEINVAL is what ip exits with when parse_on_off refuses a value:
// the negated -EINVAL its caller returns.
const statusEINVAL = int(unix.EINVAL)

// parseOnOff is iproute2's parse_on_off: "on" or "off", or an abbreviation.
func parseOnOff(what, arg string) (uint8, bool) {
	if on := matchIndex(arg, "off on", false); on >= 0 {
		return uint8(on), true
	}
	badArgument(what, `one of "off", "on"`, arg)
	return 0, false
}

// onOrOff is what the argument of an on/off flag must be.
const onOrOff = `"on" or "off"`

// badArgument prints ip's complaint about the argument of what, which must
// be as choices says, and is the status ip then exits with.
//
//go:noinline
func badArgument(what, choices, arg string) int {
	cli.Stderr(`Error: argument of "`, what, `" must be `, choices, `, not "`, arg, "\"\n")
	return cli.StatusFailure
}

var addrGenModes = []string{"eui64", "none", "stable_secret", "random"}

// nextNameIndex reads the next word, one of names but in any case, and
// gives its index; any other word gets ip's complaint.
func nextNameIndex(a *args, names []string, complaint string) int {
	arg := a.next()
	for i, name := range names {
		if ascii.EqualFold(name, arg) {
			return i
		}
	}
	invarg(complaint, arg)
	return 0
}

// atoi is C's atoi: the leading number, 0 when there is none.
func atoi(s string) int64 {
	n, _, _ := cli.Strtol(s, 10)
	return int64(int32(n))
}

// validAltIfName is check_altifname: any non-empty name without '/' or
// white space.
//
//go:noinline
func validAltIfName(name string) bool {
	if name == "" {
		return false
	}
	// A byte of a multi-byte character is never '/' or ASCII space.
	for i := 0; i < len(name); i++ {
		if name[i] == '/' || cli.IsSpace(name[i]) {
			return false
		}
	}
	return true
}

// parseLinkAddr is ll_addr_a2n: colon-separated hex bytes, or a dotted
// IPv4 address for the tunnel kinds.
func parseLinkAddr(arg string) ([]byte, bool) {
	bad := arg // the word complained about
	if ascii.IndexByte(arg, '.') >= 0 {
		// get_addr(AF_INET): no word it knows has a dot.
		if ip, ok := parseIPv4(arg); ok {
			return ip[:], true
		}
	} else {
		var out []byte
		parts := ascii.SplitN(arg, ":", 32) // never empty
		for i, part := range parts {
			n, used, _ := cli.Strtoul(part, 16)
			if used == 0 || n > 255 {
				bad = part
				break
			}
			out = append(out, byte(n))
			if i == len(parts)-1 {
				return out, true
			}
		}
	}
	cli.Stderr(`"`, bad, "\" is invalid lladdr.\n")
	return nil, false
}

// linkProperty is `ip link property add|del dev DEV altname NAME...`.
func (s *session) linkProperty(a args) int {
	if a.empty() {
		linkUsage()
	}
	var typ nl.HeaderType
	var flags nl.HeaderFlags
	switch matchIndex(a.cur(), "add del help", false) {
	case 0: // add
		typ, flags = unix.RTM_NEWLINKPROP, nl.Excl|nl.Create|nl.Append
	case 1: // del
		typ = unix.RTM_DELLINKPROP
	case 2: // help
		linkUsage()
	default:
		fatal(statusUsage, "Operator required\n")
	}
	ae := nl.NewAttributeEncoder()
	// The kernel insists on the nested flag here.
	ae.Nest(unix.IFLA_PROP_LIST | nl.AttrNested)
	var dev string
	for a.skip(); !a.empty(); a.skip() {
		word := a.cur()
		switch matchIndex(word, "altname help", false) {
		case 0: // altname
			name := a.next()
			if !validAltIfName(name) {
				invarg("not a valid altname", name)
			}
			ae.String(unix.IFLA_ALT_IFNAME, name)
		case 1: // help
			linkUsage()
		default:
			if word == "dev" {
				word = a.next()
			}
			if dev != "" {
				duparg2("dev", word)
			}
			if !validAltIfName(word) {
				invarg(`"dev" not a valid ifname`, word)
			}
			dev = word
		}
	}
	ae.End()
	if dev == "" {
		fatal(statusUsage, "Not enough of information: \"dev\" argument is required.\n")
	}
	index := s.deviceIndex(dev)
	if index == 0 {
		return cli.StatusFailure
	}
	return s.modify(typ, flags, nl.IfInfoMsg{Family: uint8(s.family), Index: index}.Marshal(), ae)
}

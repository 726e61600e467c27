package main

import (
	"strings"

	"golang.org/x/sys/unix"

	"nsip/nl"
	"nsip/ns"
)

// linkRequest is one RTM_NEWLINK or RTM_DELLINK being built: the header,
// the attributes, and for add the kind's own options.
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
func (s *ipSession) linkChange(typ nl.HeaderType, flags nl.HeaderFlags, a args) int {
	req := newLinkRequest(flags&nl.Create != 0, s.family)
	defer req.closeNetns()
	kind, rest, status := s.parseLinkArgs(a, req)
	if status != 0 {
		return status
	}
	if kind != "" {
		req.attrs.Nest(unix.IFLA_LINKINFO)
		req.attrs.Bytes(unix.IFLA_INFO_KIND, []byte(kind))
		if len(rest) > 0 {
			if status := s.parseKindOptions(kind, rest, req); status != 0 {
				return status
			}
		}
		req.attrs.End()
	} else if req.create {
		stderr("Not enough information: \"type\" argument is required\n")
		return statusFailure
	}
	// The kernel applies the settings of one request in turn and stops at
	// the first it cannot: the link can be left moved but not renamed,
	// with a new MTU but no new master. What came before is undone.
	var before nl.Attributes
	var beforeFlags uint32
	undoable := typ == unix.RTM_NEWLINK && !req.create && req.ifi.Index > 0
	if undoable {
		before, beforeFlags, undoable = s.linkSnapshot(req.ifi.Index)
	}
	_, err := s.conn.Execute(nl.Message{
		Header: nl.Header{Type: typ, Flags: flags},
		Data:   append(req.ifi.Marshal(), req.attrs.Encode()...),
	})
	s.links.forget(req.ifi.Index)
	if err != nil {
		s.reportRequestError(err, "")
		if req.create {
			printHint(linkKindHint(kind, err))
		}
		if undoable {
			s.undoLinkSet(req, before, beforeFlags)
		}
		return 2
	}
	return 0
}

// linkSnapshot reads a link's attributes and flags before a change.
func (s *ipSession) linkSnapshot(index int32) (nl.Attributes, uint32, bool) {
	replies, err := s.getLinkByIndex(index, unix.AF_UNSPEC)
	if err != nil || len(replies) == 0 {
		return nl.Attributes{}, 0, false
	}
	ifi, rest, err := nl.UnmarshalIfInfoMsg(replies[0].Data)
	if err != nil {
		return nl.Attributes{}, 0, false
	}
	attrs, _ := nl.ParseAttributes(rest)
	return attrs, ifi.Flags, true
}

// restorableAttributes are the settings of ip link set that a second
// request can put back as they were; absent ones are written as empty.
var restorableAttributes = []uint16{unix.IFLA_IFNAME, unix.IFLA_MTU, unix.IFLA_ADDRESS,
	unix.IFLA_BROADCAST, unix.IFLA_TXQLEN, unix.IFLA_MASTER, unix.IFLA_IFALIAS, unix.IFLA_GROUP,
	unix.IFLA_LINKMODE}

// undoLinkSet puts a link back the way it was before a failed ip link set:
// into its namespace, if the request moved it, and then every setting the
// request named. What it cannot undo it reports.
func (s *ipSession) undoLinkSet(req *linkRequest, before nl.Attributes, beforeFlags uint32) {
	sent, _ := nl.ParseAttributes(req.attrs.Encode())
	index := req.ifi.Index
	name := before.String(unix.IFLA_IFNAME)
	if sent.Has(unix.IFLA_NET_NS_FD) || sent.Has(unix.IFLA_NET_NS_PID) {
		if _, err := s.getLinkByIndex(index, unix.AF_UNSPEC); err != nil {
			moved, err := s.moveBack(sent, index, before)
			if err != nil {
				stderr("nsip: could not move ", name, " back: ", strerror(err), "\n")
				return
			}
			index = moved
		}
	}
	undo := nl.NewAttributeEncoder()
	for _, attr := range restorableAttributes {
		if !sent.Has(attr) {
			continue
		}
		old := before.Bytes(attr)
		if attr == unix.IFLA_IFNAME {
			undo.String(attr, name)
		} else if attr == unix.IFLA_MASTER && old == nil {
			undo.Uint32(attr, 0)
		} else {
			undo.Bytes(attr, old)
		}
	}
	ifi := nl.IfInfoMsg{Index: index, Change: req.ifi.Change, Flags: beforeFlags & req.ifi.Change}
	_, err := s.conn.Execute(nl.Message{
		Header: nl.Header{Type: unix.RTM_NEWLINK},
		Data:   append(ifi.Marshal(), undo.Encode()...),
	})
	s.links.forget(index)
	if err != nil {
		stderr("nsip: could not undo the changes made to ", name, ": ", strerror(err), "\n")
	}
}

// moveBack finds a link a failed request moved to another namespace and
// sends it back under its old name. It returns the link's index back home.
// The link is recognised by its link-layer address, or, when it has none,
// by its index and one of the names it can have there: the index alone
// could belong to a link of that namespace.
func (s *ipSession) moveBack(sent nl.Attributes, index int32, before nl.Attributes) (int32, error) {
	target := "/proc/self/fd/" + itoa(int(sent.Uint32(unix.IFLA_NET_NS_FD)))
	if !sent.Has(unix.IFLA_NET_NS_FD) {
		target = "/proc/" + itoa(int(int32(sent.Uint32(unix.IFLA_NET_NS_PID)))) + "/ns/net"
	}
	home := s.netnsPath
	if home == "" {
		home = "/proc/self/ns/net"
	}
	homeFD, err := unix.Open(home, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(homeFD)
	var there *nl.Conn
	if err := ns.Do(target, unix.CLONE_NEWNET, func() error {
		var err error
		there, err = nl.Dial()
		return err
	}); err != nil {
		return 0, err
	}
	defer there.Close()
	links, err := there.Dump(linkDumpRequest(unix.AF_UNSPEC, &linkFilter{}))
	if err != nil {
		return 0, err
	}
	oldName, address := before.String(unix.IFLA_IFNAME), before.Bytes(unix.IFLA_ADDRESS)
	found := int32(0)
	for _, l := range links {
		ifi, rest, err := nl.UnmarshalIfInfoMsg(l.Data)
		if err != nil {
			continue
		}
		attrs, _ := nl.ParseAttributes(rest)
		name := attrs.String(unix.IFLA_IFNAME)
		same := len(address) > 0 && string(attrs.Bytes(unix.IFLA_ADDRESS)) == string(address)
		if len(address) == 0 {
			same = ifi.Index == index && (name == oldName || name == sent.String(unix.IFLA_IFNAME))
		}
		if same {
			found = ifi.Index
			break
		}
	}
	if found == 0 {
		return 0, unix.ENODEV
	}
	// Back under its old index too, if nothing took it meanwhile.
	moveHome := func(keepIndex bool) error {
		ae := nl.NewAttributeEncoder()
		ae.Uint32(unix.IFLA_NET_NS_FD, uint32(homeFD))
		ae.String(unix.IFLA_IFNAME, oldName)
		if keepIndex {
			ae.Uint32(unix.IFLA_NEW_IFINDEX, uint32(index))
		}
		_, err := there.Execute(nl.Message{
			Header: nl.Header{Type: unix.RTM_NEWLINK},
			Data:   append(nl.IfInfoMsg{Index: found}.Marshal(), ae.Encode()...),
		})
		return err
	}
	if err := moveHome(true); err != nil {
		if err := moveHome(false); err != nil {
			return 0, err
		}
	}
	if back := s.links.nameToIndex(before.String(unix.IFLA_IFNAME)); back != 0 {
		return back, nil
	}
	return 0, unix.ENODEV
}

func (req *linkRequest) closeNetns() {
	for _, fd := range req.fds {
		unix.Close(fd)
	}
}

// parseLinkArgs is iproute2's iplink_parse: the generic settings of a
// link, up to "type KIND". It returns the kind and the words after it, or
// a non-zero exit status.
func (s *ipSession) parseLinkArgs(a args, req *linkRequest) (kind string, rest args, status int) {
	var name, dev, link string
	// ip compares the name and dev pointers: dev "is" the name when it
	// was only ever given as name.
	devIsName := false
	index, mtu, qlen, group := int64(0), int64(-1), int64(-1), int64(-1)
	numTx, numRx, linkNsid := int64(-1), int64(-1), int64(-1)
	addrLen := 0
	moveNetns := false
	flag := func(bit uint32, on bool) {
		req.ifi.Change |= bit
		if on {
			req.ifi.Flags |= bit
		} else {
			req.ifi.Flags &^= bit
		}
	}
	onOff := func(what string, bit uint32, inverted bool) bool {
		arg := a.next()
		switch arg {
		case "on":
			flag(bit, !inverted)
		case "off":
			flag(bit, inverted)
		default:
			stderr(`Error: argument of "`, what, `" must be "on" or "off", not "`, arg, `"`, "\n")
			return false
		}
		return true
	}
	integer := func(seen *int64, key, what string) int64 {
		arg := a.next()
		if *seen != -1 {
			duparg(key, arg)
		}
		n, ok := cInt(arg, 0)
		if !ok || n < -1<<31 || n >= 1<<31 {
			invarg(`Invalid "`+what+`" value`+"\n", arg)
		}
		*seen = n
		return n
	}
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case word == "up":
			flag(unix.IFF_UP, true)
		case word == "down":
			flag(unix.IFF_UP, false)
		case word == "name":
			arg := a.next()
			if name != "" {
				duparg("name", arg)
			}
			if !validIfName(arg) {
				invarg(`"name" not a valid ifname`, arg)
			}
			name = arg
			if dev == "" {
				dev, devIsName = name, true
			}
		case word == "index":
			arg := a.next()
			if index != 0 {
				duparg("index", arg)
			}
			if index = atoi(arg); index <= 0 {
				invarg(`Invalid "index" value`, arg)
			}
		case matches(word, "link"):
			link = a.next()
		case matches(word, "address"):
			lladdr, ok := parseLinkAddr(a.next())
			if !ok {
				return "", nil, statusFailure
			}
			req.attrs.Bytes(unix.IFLA_ADDRESS, lladdr)
			addrLen = len(lladdr)
		case matches(word, "broadcast"), word == "brd":
			lladdr, ok := parseLinkAddr(a.next())
			if !ok {
				return "", nil, statusFailure
			}
			req.attrs.Bytes(unix.IFLA_BROADCAST, lladdr)
		case matches(word, "txqueuelen"), word == "qlen", matches(word, "txqlen"):
			req.attrs.Uint32(unix.IFLA_TXQLEN, uint32(integer(&qlen, "txqueuelen", "txqueuelen")))
		case word == "mtu":
			req.attrs.Uint32(unix.IFLA_MTU, uint32(integer(&mtu, "mtu", "mtu")))
		case word == "xdp", word == "xdpgeneric", word == "xdpdrv", word == "xdpoffload":
			return "", nil, notImplemented("ip link set " + word)
		case word == "netns":
			arg := a.next()
			if moveNetns {
				duparg("netns", arg)
			}
			if fd, err := openNetnsArg(arg); err == nil {
				req.fds = append(req.fds, fd)
				req.attrs.Uint32(unix.IFLA_NET_NS_FD, uint32(fd))
			} else if pid, ok := cInt(arg, 0); ok && pid >= -1<<31 && pid < 1<<31 {
				req.attrs.Uint32(unix.IFLA_NET_NS_PID, uint32(pid))
			} else {
				invarg("Invalid \"netns\" value\n", arg)
			}
			moveNetns = true
		case word == "multicast":
			if !onOff("multicast", unix.IFF_MULTICAST, false) {
				return "", nil, statusFailure
			}
		case word == "allmulticast":
			if !onOff("allmulticast", unix.IFF_ALLMULTI, false) {
				return "", nil, statusFailure
			}
		case word == "promisc":
			if !onOff("promisc", unix.IFF_PROMISC, false) {
				return "", nil, statusFailure
			}
		case word == "trailers":
			if !onOff("trailers", unix.IFF_NOTRAILERS, true) {
				return "", nil, statusFailure
			}
		case word == "arp":
			if !onOff("arp", unix.IFF_NOARP, true) {
				return "", nil, statusFailure
			}
		case word == "carrier":
			on, ok := parseOnOff("carrier", a.next())
			if !ok {
				return "", nil, statusEINVAL
			}
			req.attrs.Uint8(unix.IFLA_CARRIER, on)
		case word == "vf":
			return "", nil, notImplemented("ip link set vf")
		case matches(word, "master"):
			arg := a.next()
			master := s.links.nameToIndex(arg)
			if master == 0 {
				invarg("Device does not exist\n", arg)
			}
			req.attrs.Uint32(unix.IFLA_MASTER, uint32(master))
		case word == "vrf":
			arg := a.next()
			master := s.links.nameToIndex(arg)
			if master == 0 || !s.isVRF(arg) {
				invarg("Not a valid VRF name\n", arg)
			}
			req.attrs.Uint32(unix.IFLA_MASTER, uint32(master))
		case matches(word, "nomaster"):
			req.attrs.Uint32(unix.IFLA_MASTER, 0)
		case matches(word, "dynamic"):
			if !onOff("dynamic", unix.IFF_DYNAMIC, false) {
				return "", nil, statusFailure
			}
		case matches(word, "type"):
			kind = a.next()
			a.skip()
			return s.finishLinkArgs(req, kind, a, name, dev, devIsName, link, index, group, addrLen, moveNetns)
		case matches(word, "alias"):
			arg := a.next()
			if len(arg) >= ifAliasSize {
				invarg("alias too long\n", arg)
			}
			req.attrs.Bytes(unix.IFLA_IFALIAS, []byte(arg))
		case word == "group":
			arg := a.next()
			if group != -1 {
				duparg("group", arg)
			}
			id, ok := groupID(arg)
			if !ok {
				invarg("Invalid \"group\" value\n", arg)
			}
			group = int64(id)
			req.attrs.Uint32(unix.IFLA_GROUP, uint32(id))
		case word == "mode":
			arg := a.next()
			mode := indexFold(linkModes, arg)
			if mode < 0 {
				invarg("Invalid link mode\n", arg)
			}
			req.attrs.Uint8(unix.IFLA_LINKMODE, uint8(mode))
		case word == "state":
			arg := a.next()
			state := indexFold(operStates, arg)
			if state < 0 {
				invarg("Invalid operstate\n", arg)
			}
			req.attrs.Uint8(unix.IFLA_OPERSTATE, uint8(state))
		case matches(word, "numtxqueues"):
			req.attrs.Uint32(unix.IFLA_NUM_TX_QUEUES, uint32(integer(&numTx, "numtxqueues", "numtxqueues")))
		case matches(word, "numrxqueues"):
			req.attrs.Uint32(unix.IFLA_NUM_RX_QUEUES, uint32(integer(&numRx, "numrxqueues", "numrxqueues")))
		case matches(word, "addrgenmode"):
			arg := a.next()
			mode := indexFold(addrGenModes, arg)
			if mode < 0 {
				invarg("Invalid address generation mode\n", arg)
			}
			req.attrs.Nest(unix.IFLA_AF_SPEC)
			req.attrs.Nest(unix.AF_INET6)
			req.attrs.Uint8(unix.IFLA_INET6_ADDR_GEN_MODE, uint8(mode))
			req.attrs.End()
			req.attrs.End()
		case matches(word, "link-netns"):
			arg := a.next()
			if linkNsid != -1 {
				duparg("link-netns/link-netnsid", arg)
			}
			linkNsid = int64(s.linkNetnsID(arg))
			req.attrs.Uint32(unix.IFLA_LINK_NETNSID, uint32(linkNsid))
		case matches(word, "link-netnsid"):
			arg := a.next()
			if linkNsid != -1 {
				duparg("link-netns/link-netnsid", arg)
			}
			n, ok := cInt(arg, 0)
			if !ok || n < -1<<31 || n >= 1<<31 {
				invarg("Invalid \"link-netnsid\" value\n", arg)
			}
			linkNsid = n
			req.attrs.Uint32(unix.IFLA_LINK_NETNSID, uint32(n))
		case word == "protodown":
			on, ok := parseOnOff("protodown", a.next())
			if !ok {
				return "", nil, statusEINVAL
			}
			req.attrs.Uint8(unix.IFLA_PROTO_DOWN, on)
		case word == "protodown_reason":
			return "", nil, notImplemented("ip link set protodown_reason")
		case word == "gso_max_size", word == "gso_max_segs", word == "gro_max_size":
			attr := uint16(unix.IFLA_GSO_MAX_SIZE)
			switch word {
			case "gso_max_segs":
				attr = unix.IFLA_GSO_MAX_SEGS
			case "gro_max_size":
				attr = unix.IFLA_GRO_MAX_SIZE
			}
			arg := a.next()
			n, ok := getU32(arg, 0)
			if !ok || (attr == unix.IFLA_GSO_MAX_SEGS && n > 65535) {
				invarg(`Invalid "`+word+`" value`+"\n", arg)
			}
			req.attrs.Uint32(attr, n)
		case word == "parentdev":
			req.attrs.String(unix.IFLA_PARENT_DEV_NAME, a.next())
		default:
			if matches(word, "help") {
				linkUsage()
			}
			if word == "dev" {
				word = a.next()
			}
			if dev != "" && !devIsName {
				duparg2("dev", word)
			}
			if !validAltIfName(word) {
				invarg(`"dev" not a valid ifname`, word)
			}
			dev, devIsName = word, false
		}
	}
	return s.finishLinkArgs(req, "", nil, name, dev, devIsName, link, index, group, addrLen, moveNetns)
}

// finishLinkArgs is the end of iplink_parse: it settles the name and the
// device the request is about.
func (s *ipSession) finishLinkArgs(req *linkRequest, kind string, rest args, name, dev string,
	devIsName bool, link string, index, group int64, addrLen int, moveNetns bool) (string, args, int) {
	// "ip link add dev X" and "ip link add name X" mean the same.
	switch {
	case name == "":
		name, devIsName = dev, true
	case dev == "":
		dev, devIsName = name, true
	case name == dev:
		devIsName = true
	}
	if dev != "" && addrLen > 0 && !req.create {
		if want := s.linkAddressLength(dev); want >= 0 && want != addrLen {
			stderr("Invalid address length ", itoa(addrLen), " - must be ", itoa(want), " bytes\n")
			return "", nil, statusFailure
		}
	}
	if index != 0 && !req.create && !moveNetns {
		stderr("index can be used only when creating devices or when moving device to another netns.\n")
		fail(statusUsage)
	}
	if group != -1 && dev == "" {
		if len(rest) > 0 {
			stderr(`Garbage instead of arguments "`, rest[0], ` ...". Try "ip link help".`, "\n")
			fail(statusUsage)
		}
		if req.create {
			stderr("group cannot be used when creating devices.\n")
			fail(statusUsage)
		}
		return "", nil, 0
	}
	if !req.create {
		if dev == "" {
			stderr("Not enough information: \"dev\" argument is required.\n")
			fail(statusUsage)
		}
		if req.ifi.Index = s.links.nameToIndex(dev); req.ifi.Index == 0 {
			stderr(`Cannot find device "`, dev, `"`, "\n")
			return "", nil, statusFailure
		}
		if devIsName {
			name = "" // not a rename
		}
		if index != 0 {
			req.attrs.Uint32(unix.IFLA_NEW_IFINDEX, uint32(index))
		}
	} else {
		if !devIsName {
			stderr("both \"name\" and \"dev\" cannot be used when creating devices.\n")
			fail(statusUsage)
		}
		if link != "" {
			lower := s.links.nameToIndex(link)
			if lower == 0 {
				stderr(`Cannot find device "`, link, `"`, "\n")
				return "", nil, statusFailure
			}
			req.attrs.Uint32(unix.IFLA_LINK, uint32(lower))
		}
		req.ifi.Index = int32(index)
	}
	if name != "" {
		req.attrs.String(unix.IFLA_IFNAME, name)
	}
	return kind, rest, 0
}

// ifAliasSize is IFALIASZ: an alias and its NUL must fit in it.
const ifAliasSize = 256

// statusEINVAL is what ip exits with when parse_on_off refuses a value:
// the negated -EINVAL its caller returns.
const statusEINVAL = int(unix.EINVAL)

// parseOnOff is iproute2's parse_on_off: "on" or "off", or an abbreviation.
func parseOnOff(what, arg string) (uint8, bool) {
	switch {
	case matches(arg, "off"):
		return 0, true
	case matches(arg, "on"):
		return 1, true
	}
	stderr(`Error: argument of "`, what, `" must be one of "off", "on", not "`, arg, `"`, "\n")
	return 0, false
}

var addrGenModes = []string{"eui64", "none", "stable_secret", "random"}

// indexFold finds word among names, ignoring case; -1 when absent.
func indexFold(names []string, word string) int {
	for i, name := range names {
		if strings.EqualFold(name, word) {
			return i
		}
	}
	return -1
}

// atoi is C's atoi: the leading number, 0 when there is none.
func atoi(s string) int64 {
	n, _, _ := cIntPrefix(s, 10)
	return int64(int32(n))
}

// validAltIfName is check_altifname: any non-empty name without '/' or
// white space.
func validAltIfName(name string) bool {
	return name != "" && strings.IndexFunc(name, func(r rune) bool {
		return r == '/' || (r < 0x80 && isCSpace(byte(r)))
	}) < 0
}

// parseLinkAddr is ll_addr_a2n: colon-separated hex bytes, or a dotted
// IPv4 address for the tunnel kinds.
func parseLinkAddr(arg string) ([]byte, bool) {
	if strings.IndexByte(arg, '.') >= 0 {
		p, ok := parseAddr(arg, unix.AF_INET)
		if !ok {
			stderr(`"`, arg, `" is invalid lladdr.`, "\n")
			return nil, false
		}
		return p.data[:4], true
	}
	var out []byte
	for _, part := range strings.SplitN(arg, ":", 32) {
		n, used, _ := cUintPrefix(part, 16)
		if used == 0 {
			stderr(`"`, part, `" is invalid lladdr.`, "\n")
			return nil, false
		}
		if n > 255 {
			stderr(`"`, part, `" is invalid lladdr.`, "\n")
			return nil, false
		}
		out = append(out, byte(n))
	}
	return out, true
}

// linkAddressLength is the length of the link-layer address dev has now,
// -1 when it cannot be read.
func (s *ipSession) linkAddressLength(dev string) int {
	index := s.links.nameToIndex(dev)
	if index == 0 {
		return -1
	}
	replies, err := s.getLinkByIndex(index, s.family)
	if err != nil || len(replies) == 0 {
		return -1
	}
	_, rest, _ := nl.UnmarshalIfInfoMsg(replies[0].Data)
	attrs, _ := nl.ParseAttributes(rest)
	if !attrs.Has(unix.IFLA_ADDRESS) {
		return -1
	}
	return len(attrs.Bytes(unix.IFLA_ADDRESS))
}

// openNetnsArg opens the namespace "netns ARG" names, a /run/netns name or
// a path. Failing that, ARG may be a PID, which goes to the kernel as such:
// it resolves the PID itself, where opening /proc/PID/ns/net could be
// refused.
func openNetnsArg(arg string) (int, error) {
	path := arg
	if strings.IndexByte(arg, '/') < 0 {
		path = netnsRunDir + "/" + arg
	}
	return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
}

// linkNetnsID is the nsid of the named namespace, assigning one if it has
// none, for link-netns NAME.
func (s *ipSession) linkNetnsID(name string) int32 {
	path := netnsRunDir + "/" + name
	id, err := s.nsidOf(path)
	if err == nil && id < 0 {
		if fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
			s.setNsid(fd, -1)
			unix.Close(fd)
		}
		id, err = s.nsidOf(path)
	}
	if err != nil || id < 0 {
		invarg("Invalid \"link-netns\" value\n", name)
	}
	return id
}

// linkProperty is `ip link property add|del dev DEV altname NAME...`.
func (s *ipSession) linkProperty(a args) int {
	if a.empty() {
		linkUsage()
	}
	var typ nl.HeaderType
	var flags nl.HeaderFlags
	switch op := a.cur(); {
	case matches(op, "add"):
		typ, flags = unix.RTM_NEWLINKPROP, nl.Excl|nl.Create|nl.Append
	case matches(op, "del"):
		typ = unix.RTM_DELLINKPROP
	case matches(op, "help"):
		linkUsage()
	default:
		stderr("Operator required\n")
		fail(statusUsage)
	}
	ae := nl.NewAttributeEncoder()
	// The kernel insists on the nested flag here.
	ae.Nest(unix.IFLA_PROP_LIST | nl.AttrNested)
	var dev string
	for a.skip(); !a.empty(); a.skip() {
		switch word := a.cur(); {
		case matches(word, "altname"):
			name := a.next()
			if !validAltIfName(name) {
				invarg("not a valid altname", name)
			}
			ae.String(unix.IFLA_ALT_IFNAME, name)
		case matches(word, "help"):
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
		stderr("Not enough of information: \"dev\" argument is required.\n")
		fail(statusUsage)
	}
	index := s.links.nameToIndex(dev)
	if index == 0 {
		stderr(`Cannot find device "`, dev, `"`, "\n")
		return statusFailure
	}
	return s.modify(typ, flags, nl.IfInfoMsg{Family: uint8(s.family), Index: index}.Marshal(), ae)
}

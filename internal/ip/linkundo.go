package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/ns"
)

// A failed ip link set can leave a link half changed: the kernel applies
// a request's settings in turn and stops at the first it cannot. iproute2
// leaves it so; nsip puts back what the request changed. A link moved to
// another namespace loses its addresses, routes, master and up state on
// the way, so a request that moves it and can still fail afterwards keeps
// those too. What cannot be put back is named on stderr.

// linkState is a link as it was before an ip link set.
type linkState struct {
	index int32
	attrs nl.Attributes
	flags uint32
	// addrs and routes are kept only when the request moves the link.
	addrs, routes []nl.Message
}

// saveLinkState reads the link the request is about into saved, the
// caller's, which stays off the heap; it leaves saved.index 0 when it
// cannot. A request that moves the link (moves) and also changes it can
// fail after the move, which loses the addresses and routes: those are
// kept too.
func (s *session) saveLinkState(saved *linkState, req *linkRequest, moves bool) {
	index := req.ifi.Index
	attrs, flags, err := s.readLink(index)
	if err != nil {
		return
	}
	saved.index, saved.attrs, saved.flags = index, attrs, flags
	withAddresses := moves && req.ifi.Change != 0
	for ad := nl.NewAttributeDecoder(req.attrs.Encode()); moves && !withAddresses && ad.Next(); {
		switch ad.Type() {
		case unix.IFLA_NET_NS_FD, unix.IFLA_NET_NS_PID, unix.IFLA_NEW_IFINDEX:
		default:
			withAddresses = true
		}
	}
	if withAddresses {
		saved.addrs = s.dumpOfLink(nil, index, addressDumpRequest(&noLinkFilter), addressOnLink)
		for _, family := range []int{unix.AF_INET, unix.AF_INET6} {
			saved.routes = s.dumpOfLink(saved.routes, index, routeDumpRequest(&noRouteFilter, family), routeThroughLink)
		}
	}
}

// readLink reads a link's attributes and flags.
func (s *session) readLink(index int32) (nl.Attributes, uint32, error) {
	replies, err := s.getLinkByIndex(index, unix.AF_UNSPEC)
	if err == nil && len(replies) == 0 {
		err = unix.ENODEV
	}
	if err != nil {
		return nl.Attributes{}, 0, err
	}
	ifi, rest, err := nl.UnmarshalIfInfoMsg(replies[0].Data)
	if err != nil {
		return nl.Attributes{}, 0, err
	}
	attrs, _ := nl.ParseAttributes(rest)
	return attrs, ifi.Flags, nil
}

// dumpOfLink runs a dump and appends to kept the messages about link
// index.
func (s *session) dumpOfLink(kept []nl.Message, index int32, req nl.Message, about func(*nl.Message, int32) bool) []nl.Message {
	msgs, _ := s.conn.Dump(req)
	for i := range msgs { // by index: each message is passed by pointer
		if about(&msgs[i], index) {
			kept = append(kept, msgs[i])
		}
	}
	return kept
}

func addressOnLink(m *nl.Message, index int32) bool {
	ifa, _, err := nl.UnmarshalIfAddrMsg(m.Data)
	return err == nil && m.Header.Type == unix.RTM_NEWADDR && int32(ifa.Index) == index
}

// routeThroughLink is whether a route leaves through the link, alone or
// as one of its nexthops. The kernel makes the routes of addresses and
// links itself (protocol kernel); those are left to it.
func routeThroughLink(m *nl.Message, index int32) bool {
	r, rest, err := nl.UnmarshalRtMsg(m.Data)
	if err != nil || m.Header.Type != unix.RTM_NEWROUTE || r.Protocol == unix.RTPROT_KERNEL ||
		r.Flags&unix.RTM_F_CLONED != 0 {
		return false
	}
	attrs, _ := nl.ParseAttributes(rest)
	if attrs.Has(unix.RTA_OIF) && int32(attrs.Uint32(unix.RTA_OIF)) == index {
		return true
	}
	for hop, rest := nextNexthop(attrs.Bytes(unix.RTA_MULTIPATH)); hop != nil; hop, rest = nextNexthop(rest) {
		if nexthopIndex(hop) == index {
			return true
		}
	}
	return false
}

// nextNexthop splits the first struct rtnexthop (u16 length, u8 flags, u8
// hops, i32 ifindex, then its attributes) off an RTA_MULTIPATH payload;
// hop is nil at the end, or at one too short.
//
//go:noinline
func nextNexthop(b []byte) (hop, rest []byte) {
	if len(b) < 8 {
		return nil, nil
	}
	n := int(endian.Native.Uint16(b))
	if n < 8 || n > len(b) {
		return nil, nil
	}
	return b[:n], b[min((n+3)&^3, len(b)):]
}

func nexthopIndex(hop []byte) int32 { return int32(endian.Native.Uint32(hop[4:8])) }

// restorableAttributes are the settings of ip link set that a second
// request can put back as they were, and restorableWords ip's words for
// them, laid out alike (see linkTypes); absent ones are written as empty.
// IFLA_AF_SPEC carries addrgenmode.
var restorableAttributes = [...]uint16{
	unix.IFLA_IFNAME, unix.IFLA_MTU, unix.IFLA_ADDRESS, unix.IFLA_BROADCAST,
	unix.IFLA_GROUP, unix.IFLA_IFALIAS, unix.IFLA_TXQLEN, unix.IFLA_LINKMODE,
	unix.IFLA_GSO_MAX_SIZE, unix.IFLA_GSO_MAX_SEGS, unix.IFLA_GRO_MAX_SIZE, unix.IFLA_PROTO_DOWN,
}

const restorableWords = "" +
	"name mtu address broadcast " +
	"group alias txqueuelen mode " +
	"gso_max_size gso_max_segs gro_max_size protodown"

// settableFlags are the link flags ip link set changes.
const settableFlags = unix.IFF_UP | unix.IFF_NOARP | unix.IFF_PROMISC | unix.IFF_ALLMULTI |
	unix.IFF_MULTICAST | unix.IFF_DYNAMIC | unix.IFF_NOTRAILERS

// linkUndo is what the steps of restoreLink share: the request sent, the
// link as it was and as it is now, under its name and index now.
type linkUndo struct {
	req   *linkRequest
	saved *linkState
	sent  nl.Attributes
	moved bool // the request moves the link to another namespace
	name  string
	index int32
	now   nl.Attributes
	flags uint32 // the link's flags now
}

// differs reports whether attribute attr is to be put back: the request
// named it (or moved the link, which loses them all) and it changed.
func (u *linkUndo) differs(attr uint16) bool {
	return (u.moved || u.sent.Has(attr)) && string(u.now.Bytes(attr)) != string(u.saved.attrs.Bytes(attr))
}

// restoreLink puts a link back the way it was before a failed ip link set:
// into its namespace, if the request moved it out, then each setting the
// request named that differs now, then the addresses and routes a move
// took. A move takes every setting with it, so then all are checked.
func (s *session) restoreLink(req *linkRequest, saved *linkState) {
	u := linkUndo{req: req, saved: saved, name: saved.attrs.String(unix.IFLA_IFNAME), index: saved.index}
	u.sent, _ = nl.ParseAttributes(req.attrs.Encode())
	u.moved = u.sent.Has(unix.IFLA_NET_NS_FD) || u.sent.Has(unix.IFLA_NET_NS_PID)
	var err error
	u.now, u.flags, err = s.readLink(u.index)
	if u.moved && cli.IsErrno(err, unix.ENODEV) {
		var moveErr error
		if u.index, moveErr = s.moveBack(&u); moveErr != nil {
			errorLineAbout("nsip: could not move ", u.name, " back: ", moveErr)
			return
		}
		u.now, u.flags, err = s.readLink(u.index)
	}
	if err != nil {
		errorLineAbout("nsip: could not see what became of ", u.name, ": ", err)
		return
	}
	// The master goes back first, on its own: a link refuses some
	// settings while it is enslaved, others while it is not.
	if u.differs(unix.IFLA_MASTER) {
		undo := nl.NewAttributeEncoder()
		undo.Uint32(unix.IFLA_MASTER, saved.attrs.Uint32(unix.IFLA_MASTER))
		s.putBack(u.name, "master", nl.IfInfoMsg{Index: u.index}, undo)
	}
	s.restoreSettings(&u)
	if u.moved {
		// The addresses go back in their order, so that primaries stay
		// primaries. Those the kernel made again itself (the IPv6
		// link-local address) are already there.
		for _, m := range saved.addrs {
			ifa, rest, _ := nl.UnmarshalIfAddrMsg(m.Data)
			ifa.Index = uint32(u.index)
			_, err := execute(s.conn, unix.RTM_NEWADDR, nl.Create|nl.Excl, ifa.Marshal(), rest)
			if err != nil && !cli.IsErrno(err, unix.EEXIST) {
				// The address is IFA_LOCAL, or IFA_ADDRESS without it.
				attrs, _ := nl.ParseAttributes(rest)
				local := attrs.Bytes(unix.IFA_LOCAL)
				if local == nil {
					local = attrs.Bytes(unix.IFA_ADDRESS)
				}
				errorLineAbout("nsip: could not put address "+formatAddr(int(ifa.Family), local)+" back on ", u.name, ": ", err)
			}
		}
		s.restoreRoutes(&u)
		// A root qdisc the move took: the link comes back with the
		// default one.
		attrs, _, err := s.readLink(u.index)
		if old := saved.attrs.String(unix.IFLA_QDISC); err == nil && attrs.String(unix.IFLA_QDISC) != old {
			cli.Stderr("nsip: could not put back the qdisc ", old, " of ", u.name, "\n")
		}
	}
}

// restoreSettings sends back the settings and flags that changed, in one
// request; if the kernel refuses it, one at a time, naming those it
// refuses.
func (s *session) restoreSettings(u *linkUndo) {
	saved := u.saved
	all := nl.NewAttributeEncoder()
	var differ uint32 // bit i: restorableAttributes[i] is to be put back
	for i, attr := range &restorableAttributes {
		if u.differs(attr) {
			all.Bytes(attr, saved.attrs.Bytes(attr))
			differ |= 1 << i
		}
	}
	mode, hasMode := addrGenMode(saved.attrs)
	modeDiffers := false
	if hasMode && (u.moved || u.sent.Has(unix.IFLA_AF_SPEC)) {
		now, _ := addrGenMode(u.now)
		modeDiffers = now != mode
	}
	if modeDiffers {
		addAddrGenMode(all, mode)
	}
	mask := u.req.ifi.Change
	if u.moved {
		mask |= settableFlags
	}
	changed := (u.flags ^ saved.flags) & mask
	ifi := nl.IfInfoMsg{Index: u.index, Change: changed, Flags: saved.flags & changed}
	if differ == 0 && !modeDiffers && changed == 0 || s.send(ifi, all) == nil {
		return
	}
	for i, attr := range &restorableAttributes {
		if differ&(1<<i) != 0 {
			one := nl.NewAttributeEncoder()
			one.Bytes(attr, saved.attrs.Bytes(attr))
			s.putBack(u.name, wordAt(restorableWords, i), nl.IfInfoMsg{Index: u.index}, one)
		}
	}
	if modeDiffers {
		one := nl.NewAttributeEncoder()
		addAddrGenMode(one, mode)
		s.putBack(u.name, "addrgenmode", nl.IfInfoMsg{Index: u.index}, one)
	}
	if changed != 0 {
		s.putBack(u.name, "flags", ifi, nl.NewAttributeEncoder())
	}
}

// putBack sends one setting back, and names it by word if the kernel
// refuses.
func (s *session) putBack(name, word string, ifi nl.IfInfoMsg, ae *nl.AttributeEncoder) {
	if err := s.send(ifi, ae); err != nil {
		cli.Stderr("nsip: could not put back the ", word, " of ", name, ": ", cli.Strerror(err), "\n")
	}
}

// send is one RTM_NEWLINK that changes a link.
func (s *session) send(ifi nl.IfInfoMsg, ae *nl.AttributeEncoder) error {
	_, err := execute(s.conn, unix.RTM_NEWLINK, 0, ifi.Marshal(), ae.Encode())
	s.links.forget(ifi.Index)
	return err
}

// execute sends one request: a fixed header, hdr, then the attributes.
// Out of line: inlined, it would build the message at each caller.
//
//go:noinline
func execute(conn *nl.Conn, typ nl.HeaderType, flags nl.HeaderFlags, hdr, attrs []byte) ([]nl.Message, error) {
	return conn.Execute(nl.Message{Header: nl.Header{Type: typ, Flags: flags}, Data: append(hdr, attrs...)})
}

// addrGenMode is the IPv6 address generation mode in a link's
// IFLA_AF_SPEC, read as ip reads it: what a nest holds before a fault in
// it counts.
func addrGenMode(attrs nl.Attributes) (uint8, bool) {
	spec, _ := attrs.Nested(unix.IFLA_AF_SPEC)
	inet6, _ := spec.Nested(unix.AF_INET6)
	if !inet6.Has(unix.IFLA_INET6_ADDR_GEN_MODE) {
		return 0, false
	}
	return inet6.Uint8(unix.IFLA_INET6_ADDR_GEN_MODE), true
}

func addAddrGenMode(ae *nl.AttributeEncoder, mode uint8) {
	ae.Nest(unix.IFLA_AF_SPEC)
	ae.Nest(unix.AF_INET6)
	ae.Uint8(unix.IFLA_INET6_ADDR_GEN_MODE, mode)
	ae.End()
	ae.End()
}

// userHz is the unit of the expiry the kernel reports in RTA_CACHEINFO.
const userHz = 100

// restoreRoutes adds back the routes that went through the link. An IPv6
// multipath route keeps its other nexthops when one link goes: only the
// link's own are appended to it again.
func (s *session) restoreRoutes(u *linkUndo) {
	from, to := u.saved.index, u.index
	for _, m := range u.saved.routes {
		r, rest, _ := nl.UnmarshalRtMsg(m.Data)
		// The kernel refuses the flags it reports but sets itself.
		r.Flags &= unix.RTNH_F_ONLINK | unix.RTNH_F_PERVASIVE
		flags := nl.Create | nl.Excl
		attrs := nl.NewAttributeEncoder()
		ad := nl.NewAttributeDecoder(rest)
		for ad.Next() {
			typ, b := ad.Type(), ad.Bytes()
			switch typ {
			case unix.RTA_OIF:
				if int32(ad.Uint32()) == from {
					attrs.Uint32(unix.RTA_OIF, uint32(to))
				} else {
					attrs.Bytes(unix.RTA_OIF, b)
				}
			case unix.RTA_MULTIPATH:
				onlyOurs := r.Family == unix.AF_INET6
				if onlyOurs {
					flags = nl.Create | nl.Append
				}
				attrs.Bytes(unix.RTA_MULTIPATH, renumberNexthops(b, from, to, onlyOurs))
			case unix.RTA_CACHEINFO:
				// Its rta_expires, in clock ticks, is an IPv6 route's
				// lifetime left: sent back as RTA_EXPIRES in seconds.
				if len(b) >= 12 && endian.Native.Uint32(b[8:12]) != 0 {
					attrs.Uint32(unix.RTA_EXPIRES, (endian.Native.Uint32(b[8:12])+userHz-1)/userHz)
				}
			default:
				attrs.Bytes(typ, b)
			}
		}
		_, err := execute(s.conn, unix.RTM_NEWROUTE, flags, r.Marshal(), attrs.Encode())
		if err != nil && !cli.IsErrno(err, unix.EEXIST) {
			errorLineAbout("nsip: could not put back a route through ", u.name, ": ", err)
		}
	}
}

// renumberNexthops copies an RTA_MULTIPATH payload with the link's new
// index and without the flags the kernel sets itself; onlyOurs keeps only
// the nexthops through the link.
func renumberNexthops(b []byte, from, to int32, onlyOurs bool) []byte {
	var out []byte
	for hop, rest := nextNexthop(b); hop != nil; hop, rest = nextNexthop(rest) {
		ours := nexthopIndex(hop) == from
		if onlyOurs && !ours {
			continue
		}
		h := len(out)
		out = append(out, hop...)
		out[h+2] &= unix.RTNH_F_ONLINK | unix.RTNH_F_PERVASIVE
		if ours {
			endian.Native.PutUint32(out[h+4:h+8], uint32(to))
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// moveBack finds a link a failed request moved to another namespace and
// sends it back under its old name, and its old index where that is free.
// It returns the link's index back home.
func (s *session) moveBack(u *linkUndo) (int32, error) {
	sent := u.sent
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
	there, err := dialIn(target)
	if err != nil {
		unix.Close(homeFD)
		return 0, err
	}
	index, err := s.moveHome(there, homeFD, u)
	there.Close()
	unix.Close(homeFD)
	return index, err
}

// moveHome is moveBack once it holds a socket in the link's namespace and
// a descriptor of its own.
func (s *session) moveHome(there *nl.Conn, homeFD int, u *linkUndo) (int32, error) {
	saved := u.saved
	found, err := findMovedLink(there, u)
	if err != nil {
		return 0, err
	}
	oldName := u.name // its name before the request
	ae := nl.NewAttributeEncoder()
	ae.Uint32(unix.IFLA_NET_NS_FD, uint32(homeFD))
	ae.String(unix.IFLA_IFNAME, oldName)
	ae.Uint32(unix.IFLA_NEW_IFINDEX, uint32(saved.index))
	ifi, attrs := nl.IfInfoMsg{Index: found}.Marshal(), ae.Encode()
	if _, err := execute(there, unix.RTM_NEWLINK, 0, ifi, attrs); err != nil {
		// The old index is taken: the link comes home under a new one,
		// the same request without IFLA_NEW_IFINDEX, its last 8 bytes.
		if _, err := execute(there, unix.RTM_NEWLINK, 0, ifi, attrs[:len(attrs)-8]); err != nil {
			return 0, err
		}
	}
	s.links.forget(saved.index)
	if back := s.links.nameToIndex(oldName); back != 0 {
		return back, nil
	}
	return 0, unix.ENODEV
}

// dialIn opens a netlink socket in the network namespace at path, from a
// thread that comes back: the socket stays bound to that namespace.
func dialIn(path string) (*nl.Conn, error) {
	var conn *nl.Conn
	err := ns.Do(path, unix.CLONE_NEWNET, func() error {
		var err error
		conn, err = nl.Dial()
		return err
	})
	return conn, err
}

// noLinkFilter and noRouteFilter are the empty filters of full dumps,
// never changed: shared ones, not ones zeroed on the stack at each call.
var (
	noLinkFilter  linkFilter
	noRouteFilter routeFilter
)

// findMovedLink finds, over a socket in the namespace a link was moved to,
// the index it has there. Names are unique in a namespace: the link has
// its old name, or the one the request gave it. Another link of that
// namespace may have the other name, so the link must also have its
// link-layer address (old or new), or, when it has none, its old index
// (or the one the request asked for). Anything but one such link is not
// good enough.
func findMovedLink(there *nl.Conn, u *linkUndo) (int32, error) {
	sent, saved := u.sent, u.saved
	links, err := there.Dump(linkDumpRequest(unix.AF_UNSPEC, &noLinkFilter))
	if err != nil {
		return 0, err
	}
	oldName := u.name // its name before the request
	found, matches := int32(0), 0
	for _, l := range links {
		ifi, rest, err := nl.UnmarshalIfInfoMsg(l.Data)
		if err != nil {
			continue
		}
		attrs, _ := nl.ParseAttributes(rest)
		name := attrs.String(unix.IFLA_IFNAME)
		if name != oldName && (!sent.Has(unix.IFLA_IFNAME) || name != sent.String(unix.IFLA_IFNAME)) {
			continue
		}
		address := string(attrs.Bytes(unix.IFLA_ADDRESS))
		sameIndex := ifi.Index == saved.index ||
			sent.Has(unix.IFLA_NEW_IFINDEX) && ifi.Index == int32(sent.Uint32(unix.IFLA_NEW_IFINDEX))
		sameAddress := address != "" && (address == string(saved.attrs.Bytes(unix.IFLA_ADDRESS)) ||
			address == string(sent.Bytes(unix.IFLA_ADDRESS)))
		if sameAddress || address == "" && sameIndex {
			found, matches = ifi.Index, matches+1
		}
	}
	if matches != 1 {
		return 0, unix.ENODEV
	}
	return found, nil
}

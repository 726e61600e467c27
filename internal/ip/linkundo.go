package ip

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"nsip/internal/cli"
	"nsip/nl"
	"nsip/ns"
)

// A failed ip link set can leave a link half changed: the kernel applies
// a request's settings in turn and stops at the first it cannot. iproute2
// leaves it so; nsip puts back what changed. A link moved to another
// namespace loses its addresses, routes, master and up state on the way,
// so a request that moves it and can still fail afterwards keeps those
// too.

// linkState is a link as it was before an ip link set.
type linkState struct {
	index int32
	attrs nl.Attributes
	flags uint32
	// addrs and routes are kept only when the request moves the link.
	addrs, routes []nl.Message
}

// saveLinkState reads the link the request is about; nil when it cannot.
func (s *session) saveLinkState(index int32, withAddresses bool) *linkState {
	attrs, flags, ok := s.readLink(index)
	if !ok {
		return nil
	}
	saved := &linkState{index: index, attrs: attrs, flags: flags}
	if withAddresses {
		saved.addrs = s.dumpOfLink(index, addressDumpRequest(&linkFilter{}), addressOnLink)
		for _, family := range []int{unix.AF_INET, unix.AF_INET6} {
			routes := s.dumpOfLink(index, routeDumpRequest(&routeFilter{}, family), routeThroughLink)
			saved.routes = append(saved.routes, routes...)
		}
	}
	return saved
}

// readLink reads a link's attributes and flags.
func (s *session) readLink(index int32) (nl.Attributes, uint32, bool) {
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

// dumpOfLink runs a dump and keeps the messages about link index.
func (s *session) dumpOfLink(index int32, req nl.Message, about func(nl.Message, int32) bool) []nl.Message {
	msgs, _ := s.conn.Dump(req)
	var kept []nl.Message
	for _, m := range msgs {
		if about(m, index) {
			kept = append(kept, m)
		}
	}
	return kept
}

func addressOnLink(m nl.Message, index int32) bool {
	ifa, _, err := nl.UnmarshalIfAddrMsg(m.Data)
	return err == nil && m.Header.Type == unix.RTM_NEWADDR && int32(ifa.Index) == index
}

// routeThroughLink is whether a route leaves through the link, alone or
// as one of its nexthops. The kernel makes the routes of addresses and
// links itself (protocol kernel); those are left to it.
func routeThroughLink(m nl.Message, index int32) bool {
	r, rest, err := nl.UnmarshalRtMsg(m.Data)
	if err != nil || m.Header.Type != unix.RTM_NEWROUTE || r.Protocol == unix.RTPROT_KERNEL ||
		r.Flags&unix.RTM_F_CLONED != 0 {
		return false
	}
	attrs, _ := nl.ParseAttributes(rest)
	if attrs.Has(unix.RTA_OIF) && int32(attrs.Uint32(unix.RTA_OIF)) == index {
		return true
	}
	through := false
	forEachNexthop(attrs.Bytes(unix.RTA_MULTIPATH), func(hop []byte) {
		through = through || int32(binary.NativeEndian.Uint32(hop[4:8])) == index
	})
	return through
}

// forEachNexthop calls f with each struct rtnexthop (and its attributes)
// of an RTA_MULTIPATH payload.
func forEachNexthop(b []byte, f func(hop []byte)) {
	for len(b) >= 8 {
		n := int(binary.NativeEndian.Uint16(b))
		if n < 8 || n > len(b) {
			return
		}
		f(b[:n])
		b = b[min((n+3)&^3, len(b)):]
	}
}

// changesMoreThanNetns is whether a request that moves a link also changes
// it: those changes come after the move and can fail after it.
func (req *linkRequest) changesMoreThanNetns() bool {
	if req.ifi.Change != 0 {
		return true
	}
	ad := nl.NewAttributeDecoder(req.attrs.Encode())
	for ad.Next() {
		switch ad.Type() {
		case unix.IFLA_NET_NS_FD, unix.IFLA_NET_NS_PID, unix.IFLA_NEW_IFINDEX:
		default:
			return true
		}
	}
	return false
}

// restorableAttributes are the settings of ip link set that a second
// request can put back as they were; absent ones are written as empty.
var restorableAttributes = [...]uint16{unix.IFLA_IFNAME, unix.IFLA_MTU, unix.IFLA_ADDRESS,
	unix.IFLA_BROADCAST, unix.IFLA_GROUP, unix.IFLA_IFALIAS, unix.IFLA_MASTER, unix.IFLA_TXQLEN,
	unix.IFLA_LINKMODE, unix.IFLA_GSO_MAX_SIZE, unix.IFLA_GSO_MAX_SEGS, unix.IFLA_GRO_MAX_SIZE}

// settableFlags are the link flags ip link set changes.
const settableFlags = unix.IFF_UP | unix.IFF_NOARP | unix.IFF_PROMISC | unix.IFF_ALLMULTI |
	unix.IFF_MULTICAST | unix.IFF_DYNAMIC | unix.IFF_NOTRAILERS

// restoreLink puts a link back the way it was before a failed ip link set:
// into its namespace, if the request moved it out, then every setting that
// differs, then the addresses and routes a move took. What it cannot put
// back it names.
func (s *session) restoreLink(req *linkRequest, saved *linkState) {
	name := saved.attrs.String(unix.IFLA_IFNAME)
	index := saved.index
	attrs, flags, here := s.readLink(index)
	sent, _ := nl.ParseAttributes(req.attrs.Encode())
	moved := sent.Has(unix.IFLA_NET_NS_FD) || sent.Has(unix.IFLA_NET_NS_PID)
	if moved && (!here || string(attrs.Bytes(unix.IFLA_ADDRESS)) != string(saved.attrs.Bytes(unix.IFLA_ADDRESS))) {
		back, err := s.moveBack(sent, saved)
		if err != nil {
			cli.Stderr("nsip: could not move ", name, " back: ", cli.Strerror(err), "\n")
			return
		}
		index = back
		if attrs, flags, here = s.readLink(index); !here {
			cli.Stderr("nsip: could not find ", name, " after moving it back\n")
			return
		}
	}
	undo := nl.NewAttributeEncoder()
	for _, attr := range restorableAttributes {
		old := saved.attrs.Bytes(attr)
		if string(attrs.Bytes(attr)) == string(old) {
			continue
		}
		if attr == unix.IFLA_MASTER && old == nil {
			old = []byte{0, 0, 0, 0}
		}
		undo.Bytes(attr, old)
	}
	changed := (flags ^ saved.flags) & settableFlags
	if changed != 0 || len(undo.Encode()) > 0 {
		ifi := nl.IfInfoMsg{Index: index, Change: changed, Flags: saved.flags & changed}
		_, err := s.conn.Execute(nl.Message{
			Header: nl.Header{Type: unix.RTM_NEWLINK},
			Data:   append(ifi.Marshal(), undo.Encode()...),
		})
		s.links.forget(index)
		if err != nil {
			cli.Stderr("nsip: could not undo the changes made to ", name, ": ", cli.Strerror(err), "\n")
		}
	}
	if moved {
		s.restoreAddresses(name, saved, index)
		s.restoreRoutes(name, saved, index)
	}
}

// restoreAddresses adds back the addresses a link had, in their order, so
// that primaries stay primaries. Those the kernel made again itself (the
// IPv6 link-local address) are already there.
func (s *session) restoreAddresses(name string, saved *linkState, index int32) {
	for _, m := range saved.addrs {
		ifa, rest, _ := nl.UnmarshalIfAddrMsg(m.Data)
		ifa.Index = uint32(index)
		_, err := s.conn.Execute(nl.Message{
			Header: nl.Header{Type: unix.RTM_NEWADDR, Flags: nl.Create | nl.Excl},
			Data:   append(ifa.Marshal(), rest...),
		})
		if err != nil && !cli.IsErrno(err, unix.EEXIST) {
			a, _ := decodeAddress(m)
			cli.Stderr("nsip: could not put address ", formatAddr(int(ifa.Family), a.local), " back on ",
				name, ": ", cli.Strerror(err), "\n")
		}
	}
}

// restoreRoutes adds back the routes that went through the link.
func (s *session) restoreRoutes(name string, saved *linkState, index int32) {
	for _, m := range saved.routes {
		r, rest, _ := nl.UnmarshalRtMsg(m.Data)
		// The kernel refuses the flags it reports but sets itself.
		r.Flags &= unix.RTNH_F_ONLINK | unix.RTNH_F_PERVASIVE
		attrs := nl.NewAttributeEncoder()
		ad := nl.NewAttributeDecoder(rest)
		for ad.Next() {
			switch ad.Type() {
			case unix.RTA_OIF:
				if int32(ad.Uint32()) == saved.index {
					attrs.Uint32(unix.RTA_OIF, uint32(index))
				} else {
					attrs.Bytes(unix.RTA_OIF, ad.Bytes())
				}
			case unix.RTA_MULTIPATH:
				attrs.Bytes(unix.RTA_MULTIPATH, renumberNexthops(ad.Bytes(), saved.index, index))
			case unix.RTA_CACHEINFO, unix.RTA_EXPIRES:
			default:
				attrs.Bytes(ad.Type(), ad.Bytes())
			}
		}
		_, err := s.conn.Execute(nl.Message{
			Header: nl.Header{Type: unix.RTM_NEWROUTE, Flags: nl.Create | nl.Excl},
			Data:   append(r.Marshal(), attrs.Encode()...),
		})
		if err != nil && !cli.IsErrno(err, unix.EEXIST) {
			cli.Stderr("nsip: could not put back a route through ", name, ": ", cli.Strerror(err), "\n")
		}
	}
}

// renumberNexthops copies an RTA_MULTIPATH payload with the link's new
// index and without the flags the kernel sets itself.
func renumberNexthops(b []byte, from, to int32) []byte {
	out := append([]byte(nil), b...)
	offset := 0
	forEachNexthop(b, func(hop []byte) {
		h := out[offset : offset+len(hop)]
		h[2] &= unix.RTNH_F_ONLINK | unix.RTNH_F_PERVASIVE
		if int32(binary.NativeEndian.Uint32(h[4:8])) == from {
			binary.NativeEndian.PutUint32(h[4:8], uint32(to))
		}
		offset += (len(hop) + 3) &^ 3
	})
	return out
}

// moveBack finds a link a failed request moved to another namespace and
// sends it back under its old name, and its old index where that is free.
// It returns the link's index back home. The link is recognised by its
// link-layer address, or, when it has none, by its index and one of the
// names it can have there: the index alone could belong to a link of that
// namespace.
func (s *session) moveBack(sent nl.Attributes, saved *linkState) (int32, error) {
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
	found, err := findMovedLink(there, sent, saved)
	if err != nil {
		return 0, err
	}
	oldName := saved.attrs.String(unix.IFLA_IFNAME)
	moveHome := func(keepIndex bool) error {
		ae := nl.NewAttributeEncoder()
		ae.Uint32(unix.IFLA_NET_NS_FD, uint32(homeFD))
		ae.String(unix.IFLA_IFNAME, oldName)
		if keepIndex {
			ae.Uint32(unix.IFLA_NEW_IFINDEX, uint32(saved.index))
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
	s.links.forget(saved.index)
	if back := s.links.nameToIndex(oldName); back != 0 {
		return back, nil
	}
	return 0, unix.ENODEV
}

// findMovedLink finds, over a socket in the namespace a link was moved to,
// the index it has there.
func findMovedLink(there *nl.Conn, sent nl.Attributes, saved *linkState) (int32, error) {
	links, err := there.Dump(linkDumpRequest(unix.AF_UNSPEC, &linkFilter{}))
	if err != nil {
		return 0, err
	}
	oldName, address := saved.attrs.String(unix.IFLA_IFNAME), saved.attrs.Bytes(unix.IFLA_ADDRESS)
	for _, l := range links {
		ifi, rest, err := nl.UnmarshalIfInfoMsg(l.Data)
		if err != nil {
			continue
		}
		attrs, _ := nl.ParseAttributes(rest)
		name := attrs.String(unix.IFLA_IFNAME)
		same := len(address) > 0 && string(attrs.Bytes(unix.IFLA_ADDRESS)) == string(address)
		if len(address) == 0 {
			same = ifi.Index == saved.index && (name == oldName || name == sent.String(unix.IFLA_IFNAME))
		}
		if same {
			return ifi.Index, nil
		}
	}
	return 0, unix.ENODEV
}

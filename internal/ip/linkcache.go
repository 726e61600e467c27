package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
)

// linkCache maps link indexes to names and back, as iproute2's ll_map does:
// it remembers every link a dump or lookup has shown, and asks the kernel
// for the ones it has not seen.
//
// A listing remembers thousands of links and looks few up by name, so
// remembering is kept cheap: links are indexed by name only when a name
// is looked up (unnamed holds at most maxUnnamed not indexed yet, so that
// ip monitor's cache stays bounded), and small indexes live in a slice.
type linkCache struct {
	conn *nl.Conn
	// small[i] is link i for the indexes a namespace hands out first;
	// large holds the rest.
	small   []*cachedLink
	large   map[int32]*cachedLink
	byName  map[string]*cachedLink // names and alternative names
	unnamed []*cachedLink
	// fetched is the link the last lookup of the command running brought
	// (see takeFetched).
	fetched nl.Message
}

type cachedLink struct {
	index    int32
	name     string
	flags    uint32
	arphrd   uint16
	altNames []string
}

const (
	// maxSmallIndex bounds the slice of linkCache.small: 128 KiB of
	// pointers.
	maxSmallIndex = 1 << 14
	maxUnnamed    = 4096
)

// reset empties the cache for the links behind conn. The cache lives in
// the session, not on the heap: a heap one would bring its type's
// descriptor, with its field and method names, into the binary.
func (c *linkCache) reset(conn *nl.Conn) {
	c.conn, c.small, c.unnamed, c.fetched = conn, nil, nil, nl.Message{}
	c.large, c.byName = map[int32]*cachedLink{}, map[string]*cachedLink{}
}

// lookup is the cached link of an index, or nil.
//
//go:noinline
func (c *linkCache) lookup(index int32) *cachedLink {
	if index >= 0 && int(index) < len(c.small) {
		return c.small[index]
	}
	return c.large[index]
}

// store indexes l by its index, replacing what was there, and by its
// names once one is looked up.
func (c *linkCache) store(l *cachedLink) {
	switch i := int(l.index); {
	case i >= 0 && i < len(c.small):
		c.small[i] = l
	case i >= 0 && i < maxSmallIndex:
		c.small = append(c.small, make([]*cachedLink, i+1-len(c.small))...)
		c.small[i] = l
	default:
		c.large[l.index] = l
	}
	if len(c.unnamed) == maxUnnamed {
		c.byNameIndex()
	}
	c.unnamed = append(c.unnamed, l)
}

// byNameIndex is byName with every link remembered so far in it.
func (c *linkCache) byNameIndex() map[string]*cachedLink {
	for _, l := range c.unnamed {
		if c.lookup(l.index) != l {
			continue // forgotten since
		}
		for _, alt := range l.altNames {
			c.byName[alt] = l
		}
		c.byName[l.name] = l
	}
	c.unnamed = c.unnamed[:0]
	return c.byName
}

// remember records the link an RTM_NEWLINK describes and forgets the one
// an RTM_DELLINK removes.
func (c *linkCache) remember(m nl.Message) {
	var room [nl.LinkRoom][]byte
	if ifi, attrs, ok := decodeLink(m, room[:]); ok {
		c.rememberDecoded(m.Header.Type, ifi, attrs)
	}
}

// rememberDecoded is remember of a decoded message of type typ.
func (c *linkCache) rememberDecoded(typ nl.HeaderType, ifi nl.IfInfoMsg, attrs nl.Attributes) {
	c.forget(ifi.Index)
	if typ != unix.RTM_NEWLINK {
		return
	}
	if !attrs.Has(unix.IFLA_IFNAME) {
		return
	}
	c.store(&cachedLink{index: ifi.Index, name: attrs.String(unix.IFLA_IFNAME), flags: ifi.Flags, arphrd: ifi.Type,
		altNames: altNames(attrs)})
}

// knowsLinksOf reports whether the cache knows the links a link's
// attributes name: its lower link or peer (unless that one is in another
// namespace) and its master.
func (c *linkCache) knowsLinksOf(attrs nl.Attributes) bool {
	lower, master := int32(attrs.Uint32(unix.IFLA_LINK)), int32(attrs.Uint32(unix.IFLA_MASTER))
	return (lower == 0 || attrs.Has(unix.IFLA_LINK_NETNSID) || c.lookup(lower) != nil) &&
		(master == 0 || c.lookup(master) != nil)
}

// forget drops a link from the cache after a change, so that the next
// lookup asks the kernel again.
func (c *linkCache) forget(index int32) {
	l := c.lookup(index)
	if l == nil {
		return
	}
	c.unname(l.name, l)
	for _, alt := range l.altNames {
		c.unname(alt, l)
	}
	if index >= 0 && int(index) < len(c.small) {
		c.small[index] = nil
	} else {
		delete(c.large, index)
	}
}

// unname drops name from the name index when it stands for l.
func (c *linkCache) unname(name string, l *cachedLink) {
	if c.byName[name] == l {
		delete(c.byName, name)
	}
}

// altNames lists the IFLA_ALT_IFNAME entries of IFLA_PROP_LIST.
func altNames(attrs nl.Attributes) []string {
	var names []string
	ad := nl.NewAttributeDecoder(attrs.Bytes(unix.IFLA_PROP_LIST))
	for ad.Next() {
		if ad.Type() == unix.IFLA_ALT_IFNAME {
			names = append(names, ad.String())
		}
	}
	return names
}

// get asks the kernel for one link, by index or by name, and remembers it.
func (c *linkCache) get(index int32, name string) (*cachedLink, error) {
	ae := nl.NewAttributeEncoder()
	ae.Uint32(unix.IFLA_EXT_MASK, nl.ExtFilterVF|nl.ExtFilterSkipStats)
	if name != "" {
		ae.String(nameAttribute(name), name)
	}
	replies, err := execute(c.conn, unix.RTM_GETLINK, 0, nl.IfInfoMsg{Index: index}.Marshal(), ae.Encode())
	if err != nil {
		return nil, err
	}
	for _, r := range replies {
		c.remember(r)
		if ifi, _, err := nl.UnmarshalIfInfoMsg(r.Data); err == nil {
			if l := c.lookup(ifi.Index); l != nil {
				c.fetched = r
				return l, nil
			}
		}
	}
	return nil, unix.ENODEV
}

// takeFetched gives the link message the last lookup of the command
// brought, once, when it is link index's: a command that looks a device up
// by name and then asks for it (ip link show dev, ip address show dev, ip
// link set) need not ask twice, as ip does. It has no statistics.
func (c *linkCache) takeFetched(index int32) (nl.Message, bool) {
	m := c.fetched
	c.fetched = nl.Message{}
	ifi, _, err := nl.UnmarshalIfInfoMsg(m.Data)
	return m, err == nil && ifi.Index == index
}

// nameAttribute is the attribute a lookup by name uses: names a link
// cannot have may still be alternative names.
func nameAttribute(name string) uint16 {
	if validIfName(name) {
		return unix.IFLA_IFNAME
	}
	return unix.IFLA_ALT_IFNAME
}

// validIfName is the kernel's dev_valid_name as iproute2 checks it:
// 1 to 15 bytes, no '/' and no white space. Out of line: its loop would
// grow each of its callers.
//
//go:noinline
func validIfName(name string) bool {
	if name == "" || len(name) >= unix.IFNAMSIZ {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '/' || cli.IsSpace(name[i]) {
			return false
		}
	}
	return true
}

// indexToName is ll_index_to_name: "*" for 0, "ifN" for a link that does
// not exist here.
func (c *linkCache) indexToName(index int32) string {
	if index == 0 {
		return "*"
	}
	if l := c.lookup(index); l != nil {
		return l.name
	}
	if l, err := c.get(index, ""); err == nil {
		return l.name
	}
	return "if" + utoa(uint64(uint32(index)))
}

// nameToIndex is ll_name_to_index: a name, an alternative name, or "ifN".
// It returns 0 when nothing matches.
func (c *linkCache) nameToIndex(name string) int32 {
	if l := c.byNameIndex()[name]; l != nil {
		return l.index
	}
	if l, err := c.get(0, name); err == nil {
		return l.index
	}
	if rest, ok := ascii.CutPrefix(name, "if"); ok {
		if n, used, _ := cli.Strtoul(rest, 10); used > 0 {
			return int32(uint32(n))
		}
	}
	return 0
}

// deviceIndex is the index of the link called name, or 0 after ip's
// complaint that it cannot find it.
func (s *session) deviceIndex(name string) int32 {
	index := s.links.nameToIndex(name)
	if index == 0 {
		cli.Stderr(`Cannot find device "`, name, "\"\n")
	}
	return index
}

// existingIndex is nameToIndex as a parser: whether the link exists.
func (c *linkCache) existingIndex(name string) (int32, bool) {
	index := c.nameToIndex(name)
	return index, index != 0
}

// linkInfo asks for the link called name and returns its IFLA_LINKINFO.
func (c *linkCache) linkInfo(name string) (nl.Attributes, error) {
	ae := nl.NewAttributeEncoder()
	ae.String(unix.IFLA_IFNAME, name)
	replies, err := execute(c.conn, unix.RTM_GETLINK, 0, nl.IfInfoMsg{}.Marshal(), ae.Encode())
	if err != nil {
		return nl.Attributes{}, err
	}
	for _, r := range replies {
		if _, rest, err := nl.UnmarshalIfInfoMsg(r.Data); err == nil {
			attrs, _ := nl.ParseAttributes(rest)
			return attrs.Nested(unix.IFLA_LINKINFO)
		}
	}
	return nl.Attributes{}, unix.ENODEV
}

func (s *session) isVRF(name string) bool {
	info, err := s.links.linkInfo(name)
	return err == nil && info.String(unix.IFLA_INFO_KIND) == "vrf"
}

// vrfTableOf is the routing table of the VRF device name, and whether
// name is a VRF (with a table). "default", when no device has that name,
// is table main.
func (s *session) vrfTableOf(name string) (uint32, bool) {
	info, err := s.links.linkInfo(name)
	if err != nil {
		if errno, _ := cli.ErrnoOf(err); errno == unix.ENODEV && name == "default" {
			return unix.RT_TABLE_MAIN, true
		}
		return 0, false
	}
	if info.String(unix.IFLA_INFO_KIND) != "vrf" || !info.Has(unix.IFLA_INFO_DATA) {
		return 0, false
	}
	data, _ := info.Nested(unix.IFLA_INFO_DATA)
	table := data.Uint32(unix.IFLA_VRF_TABLE)
	if table == 0 {
		cli.Stderr("BUG: VRF ", name, " is missing table id\n")
	}
	return table, table != 0
}

package ip

import (
	"strconv"

	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
)

// The nexthop object attributes x/sys lacks (linux/nexthop.h).
const (
	nhaFDB             = 11
	nhaResGroup        = 12
	nhaResGroupBuckets = 1
	nhaResGroupIdle    = 2
	nhaResGroupUnbal   = 3
	nhaResGroupUnbalT  = 4
	nexthopGroupMpath  = 0
	nexthopGroupRes    = 1
)

// resilientTimerKeys name a resilient group's timers, NHA_RES_GROUP_IDLE_TIMER
// and the two after it.
var resilientTimerKeys = [...]string{"idle_timer", "unbalanced_timer", "unbalanced_time"}

// printNexthopObject prints an RTM_NEWNEXTHOP message's body as nh_info,
// on a line of its own: for -details, the object a route uses (RTA_NH_ID).
// Nothing is printed when the object is malformed.
func (s *session) printNexthopObject(data []byte) {
	if len(data) < 8 {
		return
	}
	nhm := data[:8]
	attrs, _ := nl.ParseAttributes(data[8:])
	group := attrs.Bytes(unix.NHA_GROUP)
	if group != nil && (len(group) == 0 || len(group)%unix.SizeofNexthopGrp != 0) {
		return
	}
	p := s.out
	p.Text("\n\tnh_info ")
	p.OpenObject("nh_info")
	p.Uint("id", "id %u ", uint64(attrs.Uint32(unix.NHA_ID)))
	if group != nil {
		// "group ID[,WEIGHT]/... ": struct nexthop_grp entries of u32
		// id, u8 weight-1 and padding.
		p.OpenJSONArray("group")
		p.Text("group ")
		for i := 0; i+unix.SizeofNexthopGrp <= len(group); i += unix.SizeofNexthopGrp {
			p.OpenObject("")
			if i > 0 {
				p.Text("/")
			}
			p.Uint("id", "%u", uint64(endian.Native.Uint32(group[i:])))
			if weight := group[i+4]; weight != 0 {
				p.Uint("weight", ",%u", uint64(weight)+1)
			}
			p.CloseObject()
		}
		p.Text(" ")
		p.CloseJSONArray()
	}
	if kind := attrs.Uint16(unix.NHA_GROUP_TYPE); kind != nexthopGroupMpath {
		name := "<unknown type>"
		if kind == nexthopGroupRes {
			name = "resilient"
		}
		p.String("type", "type %s ", name)
	}
	if attrs.Has(nhaResGroup) {
		// A resilient group's bucket count and timers, the timers in
		// seconds with C's %g.
		res, _ := attrs.Nested(nhaResGroup)
		p.OpenObject("resilient_args")
		p.Uint("buckets", "buckets %u ", uint64(res.Uint16(nhaResGroupBuckets)))
		for attr := uint16(nhaResGroupIdle); attr <= nhaResGroupUnbalT; attr++ {
			key, ticks := resilientTimerKeys[attr-nhaResGroupIdle], uint64(res.Uint32(attr))
			if attr == nhaResGroupUnbalT {
				ticks = res.Uint64(attr)
			}
			secs := strconv.FormatFloat(float64(ticks/100)+float64(ticks%100)/100, 'g', 6, 64)
			p.Raw(key, secs, key+" "+secs+" ")
		}
		p.CloseObject()
	}
	family := int(nhm[0])
	if gw := attrs.Bytes(unix.NHA_GATEWAY); len(gw) > 0 {
		s.printHost("via ", "gateway", family, gw)
	}
	if oif := attrs.Uint32(unix.NHA_OIF); oif != 0 {
		s.printInterface("dev", int32(oif))
	}
	p.String("scope", "scope %s ", scopeName(nhm[1]))
	if attrs.Has(unix.NHA_BLACKHOLE) {
		p.Null("blackhole", "blackhole ")
	}
	p.String("protocol", "proto %s ", protocolName(nhm[2]))
	printRouteFlags(p, endian.Native.Uint32(nhm[4:]))
	if attrs.Has(nhaFDB) {
		p.Null("fdb", "fdb")
	}
	p.CloseObject()
}

package ip

import (
	"math/bits"

	"nsip/internal/ascii"
	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
	"nsip/proc"
)

// tunFields are the fields tun_print_opt prints the plain way: the
// switches, the queues of a multi-queue device, persist.
var tunFields = [...]field{
	{unix.IFLA_TUN_PI, fieldOnOff, "pi"},
	{unix.IFLA_TUN_VNET_HDR, fieldOnOff, "vnet_hdr"},
	{unix.IFLA_TUN_NUM_QUEUES, fieldU32, "numqueues"},
	{unix.IFLA_TUN_NUM_DISABLED_QUEUES, fieldU32, "numdisabled"},
	{unix.IFLA_TUN_PERSIST, fieldOnOff, "persist"},
}

// printTunData is tun_print_opt: type, switches, queues, owner.
func printTunData(s *session, data nl.Attributes) {
	p := s.out
	if data.Has(unix.IFLA_TUN_TYPE) {
		var name string
		switch t := data.Uint8(unix.IFLA_TUN_TYPE); t {
		case unix.IFF_TUN:
			name = "tun"
		case unix.IFF_TAP:
			name = "tap"
		default:
			name = "UNKNOWN:" + itoa(int(t))
		}
		p.String("type", "type %s ", name)
	}
	printFields(s, data, tunFields[:2]) // pi to vnet_hdr
	if data.Uint8(unix.IFLA_TUN_MULTI_QUEUE) == 0 {
		p.JSONBool("multi_queue", false)
	} else {
		printFlag(p, "multi_queue")
		printFields(s, data, tunFields[2:4]) // numqueues to numdisabled
	}
	printFields(s, data, tunFields[4:]) // persist
	if data.Has(unix.IFLA_TUN_OWNER) {
		printOwner(s, "user", "/etc/passwd", data.Uint32(unix.IFLA_TUN_OWNER))
	}
	if data.Has(unix.IFLA_TUN_GROUP) {
		printOwner(s, "group", "/etc/group", data.Uint32(unix.IFLA_TUN_GROUP))
	}
}

// printOwner prints a tun's owner or group by the first name file
// (/etc/passwd, /etc/group) gives id, or by number.
func printOwner(s *session, key, file string, id uint32) {
	data, _ := proc.ReadFile(file)
	for _, line := range ascii.Split(string(data), "\n") {
		fields := ascii.SplitN(line, ":", 4)
		if len(fields) < 3 {
			continue
		}
		if n, ok := proc.ParseUint(fields[2], 10, 32); ok && uint32(n) == id {
			s.out.String(key, key+" %s ", fields[0])
			return
		}
	}
	s.out.Uint(key, key+" %u ", uint64(id))
}

// printMacvlanData is macvlan_print_opt, also macvtap's.
func printMacvlanData(s *session, data nl.Attributes) {
	p := s.out
	if len(data.Bytes(unix.IFLA_MACVLAN_MODE)) < 4 {
		return
	}
	mode := data.Uint32(unix.IFLA_MACVLAN_MODE)
	name := "unknown"
	if bit := bits.TrailingZeros32(mode); mode == 1<<bit && bit < len(macvlanModeNames) {
		name = macvlanModeNames[bit]
	}
	p.String("mode", "mode %s ", name)
	flags := data.Uint16(unix.IFLA_MACVLAN_FLAGS)
	if flags&macvlanFlagNoPromisc != 0 {
		printFlag(p, "nopromisc")
	}
	if flags&macvlanFlagNoDst != 0 {
		printFlag(p, "nodst")
	}
	if len(data.Bytes(unix.IFLA_MACVLAN_BC_QUEUE_LEN)) >= 4 {
		p.Uint("bcqueuelen", "bcqueuelen %u ", uint64(data.Uint32(unix.IFLA_MACVLAN_BC_QUEUE_LEN)))
	}
	if len(data.Bytes(unix.IFLA_MACVLAN_BC_QUEUE_LEN_USED)) >= 4 {
		p.Uint("usedbcqueuelen", "usedbcqueuelen %u ", uint64(data.Uint32(unix.IFLA_MACVLAN_BC_QUEUE_LEN_USED)))
	}
	if mode != macvlanModeSource || len(data.Bytes(unix.IFLA_MACVLAN_MACADDR_COUNT)) < 4 {
		return
	}
	p.Int("macaddr_count", "remotes (%d) ", int64(int32(data.Uint32(unix.IFLA_MACVLAN_MACADDR_COUNT))))
	if !data.Has(unix.IFLA_MACVLAN_MACADDR_DATA) {
		return
	}
	p.OpenJSONArray("macaddr_data")
	ad := nl.NewAttributeDecoder(data.Bytes(unix.IFLA_MACVLAN_MACADDR_DATA))
	for ad.Next() {
		if ad.Type() == unix.IFLA_MACVLAN_MACADDR && len(ad.Bytes()) >= 6 {
			p.String("", "%s ", formatLinkAddr(ad.Bytes()[:6], unix.ARPHRD_ETHER))
		}
	}
	p.CloseJSONArray()
}

// The VLAN_FLAG_* names in the order vlan_print_flags prints them.
var vlanFlagNames = [...]struct {
	flag uint32
	name string
}{
	{1, "REORDER_HDR"}, {2, "GVRP"}, {8, "MVRP"}, {4, "LOOSE_BINDING"}, {16, "BRIDGE_BINDING"},
}

// printVlanData is vlan_print_opt.
func printVlanData(s *session, data nl.Attributes) {
	p := s.out
	if b := data.Bytes(unix.IFLA_VLAN_PROTOCOL); b != nil && len(b) < 2 {
		return
	}
	if len(data.Bytes(unix.IFLA_VLAN_ID)) < 2 {
		return
	}
	protocol := "802.1q"
	if data.Has(unix.IFLA_VLAN_PROTOCOL) {
		protocol = etherProtocolName(data.Uint16(unix.IFLA_VLAN_PROTOCOL))
	}
	p.String("protocol", "protocol %s ", protocol)
	p.Uint("id", "id %u ", uint64(data.Uint16(unix.IFLA_VLAN_ID)))
	if b := data.Bytes(unix.IFLA_VLAN_FLAGS); b != nil {
		if len(b) < 8 {
			return
		}
		flags := data.Uint32(unix.IFLA_VLAN_FLAGS)
		p.OpenArray("flags", "<")
		for _, f := range &vlanFlagNames {
			if flags&f.flag != 0 {
				flags &^= f.flag
				format := "%s"
				if flags != 0 {
					format = "%s,"
				}
				p.String("", format, f.name)
			}
		}
		if flags != 0 {
			p.Hex("", "%x", uint64(flags))
		}
		p.CloseArray("> ")
	}
	printVlanQosMap(s, data, unix.IFLA_VLAN_INGRESS_QOS, "ingress_qos", "ingress-qos-map")
	printVlanQosMap(s, data, unix.IFLA_VLAN_EGRESS_QOS, "egress_qos", "egress-qos-map")
}

// printVlanQosMap prints a priority map: "      NAME { FROM:TO ... } " on a
// line of its own, an array of {from,to} in JSON.
func printVlanQosMap(s *session, data nl.Attributes, attr uint16, key, name string) {
	if !data.Has(attr) {
		return
	}
	p := s.out
	p.OpenJSONArray(key)
	p.NL()
	p.Text("      " + name + " { ")
	ad := nl.NewAttributeDecoder(data.Bytes(attr))
	for ad.Next() {
		var m [8]byte
		copy(m[:], ad.Bytes())
		from, to := payloadU32(m[:4]), payloadU32(m[4:])
		p.OpenObject("")
		p.Uint("from", "%u:", uint64(from))
		p.Uint("to", "%u ", uint64(to))
		p.CloseObject()
	}
	p.CloseJSONArray()
	p.Text("} ")
}

var ipvlanModes = [...]string{"l2", "l3", "l3s"}

// printIpvlanData is ipvlan_print_opt, also ipvtap's.
func printIpvlanData(s *session, data nl.Attributes) {
	p := s.out
	if b := data.Bytes(unix.IFLA_IPVLAN_MODE); len(b) == 2 {
		name := "unknown"
		if mode := data.Uint16(unix.IFLA_IPVLAN_MODE); int(mode) < len(ipvlanModes) {
			name = ipvlanModes[mode]
		}
		p.String("mode", " mode %s ", name)
	}
	if b := data.Bytes(unix.IFLA_IPVLAN_FLAGS); len(b) == 2 {
		name := "bridge"
		switch flags := data.Uint16(unix.IFLA_IPVLAN_FLAGS); {
		case flags&ipvlanFlagPrivate != 0:
			name = "private"
		case flags&ipvlanFlagVEPA != 0:
			name = "vepa"
		}
		printFlag(p, name)
	}
}

// payloadU32 reads a host-order u32 from b, zero-filled when short.
func payloadU32(b []byte) uint32 {
	var a [4]byte
	copy(a[:], b)
	return endian.Native.Uint32(a[:])
}

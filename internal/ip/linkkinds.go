package ip

import (
	"encoding/binary"
	"strings"

	"golang.org/x/sys/unix"

	"nsip/internal/cli"
	"nsip/nl"
)

// kindParser reads the options after "type KIND" into IFLA_INFO_DATA. It
// returns a non-zero exit status on bad input, having said why.
type kindParser func(s *session, a args, req *linkRequest) int

// kindParsers are the option parsers of the kinds iproute2 6.1 knows. A
// nil parser is a kind without options of its own: ip ignores the words
// after it. An unknown kind takes none either, and ip calls anything
// after it garbage.
var kindParsers = map[string]kindParser{
	"veth": parseVethOptions, "macvlan": parseMacvlanOptions, "macvtap": parseMacvlanOptions,
	"vlan": parseVlanOptions, "bridge": parseBridgeOptions, "bridge_slave": parseBridgeSlaveOptions,
	"vxlan": parseVxlanOptions, "geneve": parseGeneveOptions, "bond": parseBondOptions,
	"bond_slave": parseBondSlaveOptions, "ipvlan": parseIpvlanOptions, "ipvtap": parseIpvlanOptions,
	"vrf": parseVrfOptions, "xfrm": parseXfrmOptions,
	"dummy": nil, "ifb": nil, "netdevsim": nil, "nlmon": nil, "team": nil, "tun": nil, "vcan": nil,
	"virt_wifi": nil, "vrf_slave": nil,
}

// kindOptions finds the option parser of a kind iproute2 6.1 knows.
func kindOptions(kind string) (parse kindParser, known bool) {
	parse, known = kindParsers[kind]
	return parse, known
}

// kindsWithoutNsipOptions are kinds whose options iproute2 parses and nsip
// does not yet.
var kindsWithoutNsipOptions = []string{"amt", "bareudp", "batadv", "can", "dsa", "erspan", "gre", "gretap",
	"gtp", "hsr", "ip6erspan", "ip6gre", "ip6gretap", "ip6tnl", "ipip", "ipoib", "macsec", "rmnet", "sit",
	"vti", "vti6", "vxcan", "wwan"}

// parseKindOptions reads what follows "type KIND ...".
func (s *session) parseKindOptions(kind string, a args, req *linkRequest) int {
	parse, known := kindOptions(kind)
	if !known {
		for _, k := range kindsWithoutNsipOptions {
			if k == kind {
				return notImplemented("options of link type " + kind)
			}
		}
		if cli.Matches(a[0], "help") {
			linkUsage()
		}
		cli.Stderr(`Garbage instead of arguments "`, a[0], ` ...". Try "ip link help".`, "\n")
		return cli.StatusFailure
	}
	data := uint16(unix.IFLA_INFO_DATA)
	if _, suffix, ok := strings.Cut(kind, "_"); ok && suffix == "slave" {
		data = unix.IFLA_INFO_SLAVE_DATA
	}
	req.kind = kind
	req.attrs.Nest(data)
	defer req.attrs.End()
	if parse == nil {
		// ip ignores the words after a kind that has no options.
		return 0
	}
	return parse(s, a, req)
}

// parseVethOptions reads "peer [OPTIONS]": the peer is a link request of
// its own, nested in VETH_INFO_PEER.
func parseVethOptions(s *session, a args, req *linkRequest) int {
	if a[0] != "peer" {
		// iproute2 prints this usage with printf, so it goes to stdout.
		s.out.Text("Usage: ip link <options> type veth [peer <options>]\n" +
			"To get <options> type 'ip link add help'\n")
		return cli.StatusFailure
	}
	peer := newLinkRequest(req.create, int(req.ifi.Family))
	la, status := s.parseLinkArgs(a[1:], peer)
	// The peer's namespace must stay open until the request is sent.
	req.fds = append(req.fds, peer.fds...)
	if status != 0 {
		return status
	}
	if la.kind != nil {
		duparg("type", *la.kind)
	}
	req.attrs.Nest(nl.VethInfoPeer)
	req.attrs.Raw(peer.ifi.Marshal())
	req.attrs.Raw(peer.attrs.Encode())
	req.attrs.End()
	return 0
}

// macvlanHelp is the usage text of macvlan and macvtap, with the kind
// between its two halves.
const macvlanHelp, macvlanHelpTail = "Usage: ... ", ` mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]

MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
MODE_OPTS: for mode "source":
	macaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]
`

// macvlan modes and flags (MACVLAN_MODE_*, MACVLAN_FLAG_*).
const (
	macvlanModePrivate   = 1
	macvlanModeVEPA      = 2
	macvlanModeBridge    = 4
	macvlanModePassthru  = 8
	macvlanModeSource    = 16
	macvlanFlagNoPromisc = 1
	macvlanFlagNoDst     = 2
)

func parseMacvlanOptions(s *session, a args, req *linkRequest) int {
	kind := req.kind
	explain := func() int {
		cli.Stderr(macvlanHelp, kind, macvlanHelpTail)
		return cli.StatusFailure
	}
	var mode uint32
	var flags uint16
	hasFlags := false
	for ; !a.empty(); a.skip() {
		switch word := a.cur(); {
		case cli.Matches(word, "mode"):
			switch arg := a.next(); arg {
			case "private":
				mode = macvlanModePrivate
			case "vepa":
				mode = macvlanModeVEPA
			case "bridge":
				mode = macvlanModeBridge
			case "passthru":
				mode = macvlanModePassthru
			case "source":
				mode = macvlanModeSource
			default:
				cli.Stderr(`Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "`, arg, `"`, "\n")
				return cli.StatusFailure
			}
		case cli.Matches(word, "flag"):
			switch arg := a.next(); arg {
			case "nopromisc":
				flags |= macvlanFlagNoPromisc
			case "nodst":
				flags |= macvlanFlagNoDst
			case "null":
			default:
				cli.Stderr(`Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "`, arg, `"`, "\n")
				return cli.StatusFailure
			}
			hasFlags = true
		case cli.Matches(word, "macaddr"):
			return notImplemented("ip link macvlan macaddr")
		case cli.Matches(word, "nopromisc"):
			flags |= macvlanFlagNoPromisc
			hasFlags = true
		case cli.Matches(word, "nodst"):
			flags |= macvlanFlagNoDst
			hasFlags = true
		case cli.Matches(word, "bcqueuelen"):
			arg := a.next()
			n, ok := getU32(arg, 0)
			if !ok {
				cli.Stderr(`Error: argument of "bcqueuelen" must be a positive integer [0-4294967295], not "`, arg, `"`, "\n")
				return cli.StatusFailure
			}
			req.attrs.Uint32(unix.IFLA_MACVLAN_BC_QUEUE_LEN, n)
		case cli.Matches(word, "help"):
			return explain()
		default:
			cli.Stderr(kind, `: unknown option "`, word, `"?`, "\n")
			return explain()
		}
	}
	if mode != 0 {
		req.attrs.Uint32(unix.IFLA_MACVLAN_MODE, mode)
	}
	if hasFlags {
		if flags&macvlanFlagNoPromisc != 0 && mode != macvlanModePassthru {
			cli.Stderr(kind, ": nopromisc flag only valid in passthru mode\n")
			return explain()
		}
		req.attrs.Uint16(unix.IFLA_MACVLAN_FLAGS, flags)
	}
	return 0
}

const vlanHelp = `Usage: ... vlan id VLANID
		[ protocol VLANPROTO ]
		[ reorder_hdr { on | off } ]
		[ gvrp { on | off } ]
		[ mvrp { on | off } ]
		[ loose_binding { on | off } ]
		[ bridge_binding { on | off } ]
		[ ingress-qos-map QOS-MAP ]
		[ egress-qos-map QOS-MAP ]

VLANID := 0-4095
VLANPROTO: [ 802.1Q | 802.1ad ]
QOS-MAP := [ QOS-MAP ] QOS-MAPPING
QOS-MAPPING := FROM:TO
`

// parseVlanOptions reads the options of a VLAN link. Its flags go in one
// struct ifla_vlan_flags {flags, mask}.
func parseVlanOptions(s *session, a args, req *linkRequest) int {
	var flags, mask uint32
	vlanFlags := []struct {
		name string
		bit  uint32
	}{{"reorder_hdr", 0x1}, {"gvrp", 0x2}, {"loose_binding", 0x4}, {"mvrp", 0x8}, {"bridge_binding", 0x10}}
	// iproute2 tries them in this order, which settles abbreviations.
	order := []int{0, 1, 3, 2, 4}
words:
	for ; !a.empty(); a.skip() {
		word := a.cur()
		switch {
		case cli.Matches(word, "protocol"):
			proto := nextArg(&a, parseLinkProtocol, "protocol is invalid")
			req.attrs.Bytes(unix.IFLA_VLAN_PROTOCOL, []byte{byte(proto >> 8), byte(proto)})
			continue
		case cli.Matches(word, "id"):
			req.attrs.Uint16(unix.IFLA_VLAN_ID, nextArg(&a, parseVlanID, "id is invalid"))
			continue
		}
		for _, i := range order {
			f := vlanFlags[i]
			if !cli.Matches(word, f.name) {
				continue
			}
			mask |= f.bit
			switch arg := a.next(); arg {
			case "on":
				flags |= f.bit
			case "off":
				flags &^= f.bit
			default:
				cli.Stderr(`Error: argument of "`, f.name, `" must be "on" or "off", not "`, arg, `"`, "\n")
				return cli.StatusFailure
			}
			continue words
		}
		switch {
		case cli.Matches(word, "ingress-qos-map"), cli.Matches(word, "egress-qos-map"):
			return notImplemented("ip link vlan " + word)
		case cli.Matches(word, "help"):
			cli.Stderr(vlanHelp)
			return cli.StatusFailure
		}
		cli.Stderr(`vlan: unknown command "`, word, `"?`, "\n", vlanHelp)
		return cli.StatusFailure
	}
	if mask != 0 {
		b := binary.NativeEndian.AppendUint32(nil, flags)
		req.attrs.Bytes(unix.IFLA_VLAN_FLAGS, binary.NativeEndian.AppendUint32(b, mask))
	}
	return 0
}

// parseLinkProtocol is ll_proto_a2n for the protocols a VLAN can have: a
// name, or a number in host order, returned as the wire's big-endian value.
func parseLinkProtocol(arg string) (uint16, bool) {
	switch strings.ToLower(arg) {
	case "802.1q":
		return unix.ETH_P_8021Q, true
	case "802.1ad":
		return unix.ETH_P_8021AD, true
	}
	n, ok := cli.ParseUint(arg, 0)
	return uint16(n), ok && n <= 0xffff
}

const bridgeHelp = `Usage: ... bridge [ fdb_flush ]
		  [ forward_delay FORWARD_DELAY ]
		  [ hello_time HELLO_TIME ]
		  [ max_age MAX_AGE ]
		  [ ageing_time AGEING_TIME ]
		  [ stp_state STP_STATE ]
		  [ priority PRIORITY ]
		  [ group_fwd_mask MASK ]
		  [ group_address ADDRESS ]
		  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]
		  [ vlan_filtering VLAN_FILTERING ]
		  [ vlan_protocol VLAN_PROTOCOL ]
		  [ vlan_default_pvid VLAN_DEFAULT_PVID ]
		  [ vlan_stats_enabled VLAN_STATS_ENABLED ]
		  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]
		  [ mcast_snooping MULTICAST_SNOOPING ]
		  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]
		  [ mcast_router MULTICAST_ROUTER ]
		  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]
		  [ mcast_querier MULTICAST_QUERIER ]
		  [ mcast_hash_elasticity HASH_ELASTICITY ]
		  [ mcast_hash_max HASH_MAX ]
		  [ mcast_last_member_count LAST_MEMBER_COUNT ]
		  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
		  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
		  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
		  [ mcast_querier_interval QUERIER_INTERVAL ]
		  [ mcast_query_interval QUERY_INTERVAL ]
		  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
		  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
		  [ mcast_stats_enabled MCAST_STATS_ENABLED ]
		  [ mcast_igmp_version IGMP_VERSION ]
		  [ mcast_mld_version MLD_VERSION ]
		  [ nf_call_iptables NF_CALL_IPTABLES ]
		  [ nf_call_ip6tables NF_CALL_IP6TABLES ]
		  [ nf_call_arptables NF_CALL_ARPTABLES ]

Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }
`

// Kinds of value a bridge option takes, besides numbers of 8 to 64 bits.
const (
	bridgeFlag     = -1 // no value: the attribute alone
	bridgeProtocol = -2 // a VLAN protocol
	bridgeLLAddr   = -3 // a link-layer address
	bridgeBoolOpt  = -4 // a bit of IFLA_BR_MULTI_BOOLOPT
)

// bridgeOptions in iproute2's order, which settles abbreviations; exact
// ones take no abbreviation. For bridgeBoolOpt, attr is the bit number.
var bridgeOptions = []struct {
	name  string
	exact bool
	attr  uint16
	bits  int
}{
	{"forward_delay", false, unix.IFLA_BR_FORWARD_DELAY, 32},
	{"hello_time", false, unix.IFLA_BR_HELLO_TIME, 32},
	{"max_age", false, unix.IFLA_BR_MAX_AGE, 32},
	{"ageing_time", false, unix.IFLA_BR_AGEING_TIME, 32},
	{"stp_state", false, unix.IFLA_BR_STP_STATE, 32},
	{"priority", false, unix.IFLA_BR_PRIORITY, 16},
	{"vlan_filtering", false, unix.IFLA_BR_VLAN_FILTERING, 8},
	{"vlan_protocol", false, unix.IFLA_BR_VLAN_PROTOCOL, bridgeProtocol},
	{"group_fwd_mask", false, unix.IFLA_BR_GROUP_FWD_MASK, 16},
	{"group_address", false, unix.IFLA_BR_GROUP_ADDR, bridgeLLAddr},
	{"no_linklocal_learn", true, 0, bridgeBoolOpt},
	{"fdb_flush", false, unix.IFLA_BR_FDB_FLUSH, bridgeFlag},
	{"vlan_default_pvid", false, unix.IFLA_BR_VLAN_DEFAULT_PVID, 16},
	{"vlan_stats_enabled", false, unix.IFLA_BR_VLAN_STATS_ENABLED, 8},
	{"vlan_stats_per_port", false, unix.IFLA_BR_VLAN_STATS_PER_PORT, 8},
	{"mcast_router", false, unix.IFLA_BR_MCAST_ROUTER, 8},
	{"mcast_snooping", false, unix.IFLA_BR_MCAST_SNOOPING, 8},
	{"mcast_vlan_snooping", true, 1, bridgeBoolOpt},
	{"mcast_query_use_ifaddr", false, unix.IFLA_BR_MCAST_QUERY_USE_IFADDR, 8},
	{"mcast_querier", false, unix.IFLA_BR_MCAST_QUERIER, 8},
	{"mcast_hash_elasticity", false, unix.IFLA_BR_MCAST_HASH_ELASTICITY, 32},
	{"mcast_hash_max", false, unix.IFLA_BR_MCAST_HASH_MAX, 32},
	{"mcast_last_member_count", false, unix.IFLA_BR_MCAST_LAST_MEMBER_CNT, 32},
	{"mcast_startup_query_count", false, unix.IFLA_BR_MCAST_STARTUP_QUERY_CNT, 32},
	{"mcast_last_member_interval", false, unix.IFLA_BR_MCAST_LAST_MEMBER_INTVL, 64},
	{"mcast_membership_interval", false, unix.IFLA_BR_MCAST_MEMBERSHIP_INTVL, 64},
	{"mcast_querier_interval", false, unix.IFLA_BR_MCAST_QUERIER_INTVL, 64},
	{"mcast_query_interval", false, unix.IFLA_BR_MCAST_QUERY_INTVL, 64},
	{"mcast_query_response_interval", false, unix.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, 64},
	{"mcast_startup_query_interval", false, unix.IFLA_BR_MCAST_STARTUP_QUERY_INTVL, 64},
	{"mcast_stats_enabled", false, unix.IFLA_BR_MCAST_STATS_ENABLED, 8},
	{"mcast_igmp_version", false, unix.IFLA_BR_MCAST_IGMP_VERSION, 8},
	{"mcast_mld_version", false, unix.IFLA_BR_MCAST_MLD_VERSION, 8},
	{"nf_call_iptables", false, unix.IFLA_BR_NF_CALL_IPTABLES, 8},
	{"nf_call_ip6tables", false, unix.IFLA_BR_NF_CALL_IP6TABLES, 8},
	{"nf_call_arptables", false, unix.IFLA_BR_NF_CALL_ARPTABLES, 8},
}

func parseBridgeOptions(s *session, a args, req *linkRequest) int {
	var boolMask, boolValues uint32
words:
	for ; !a.empty(); a.skip() {
		word := a.cur()
		for _, opt := range bridgeOptions {
			if (opt.exact && word != opt.name) || (!opt.exact && !cli.Matches(word, opt.name)) {
				continue
			}
			switch opt.bits {
			case bridgeFlag:
				req.attrs.Bytes(opt.attr, nil)
			case bridgeProtocol:
				arg := a.next()
				proto, ok := parseLinkProtocol(arg)
				if !ok {
					invarg("invalid "+opt.name, arg)
				}
				req.attrs.Bytes(opt.attr, []byte{byte(proto >> 8), byte(proto)})
			case bridgeLLAddr:
				lladdr, ok := parseLinkAddr(a.next())
				if !ok {
					return cli.StatusFailure
				}
				req.attrs.Bytes(opt.attr, lladdr)
			default:
				arg := a.next()
				width := opt.bits
				if width == bridgeBoolOpt {
					width = 8
				}
				n, ok := cli.ParseUint(arg, 0)
				if !ok || (width < 64 && n>>uint(width) != 0) {
					invarg("invalid "+opt.name, arg)
				}
				switch opt.bits {
				case bridgeBoolOpt:
					bit := uint32(1) << opt.attr
					boolMask |= bit
					if n != 0 {
						boolValues |= bit
					} else {
						boolValues &^= bit
					}
				case 8:
					req.attrs.Uint8(opt.attr, uint8(n))
				case 16:
					req.attrs.Uint16(opt.attr, uint16(n))
				case 32:
					req.attrs.Uint32(opt.attr, uint32(n))
				case 64:
					req.attrs.Uint64(opt.attr, n)
				}
			}
			continue words
		}
		if !cli.Matches(word, "help") {
			cli.Stderr(`bridge: unknown command "`, word, `"?`, "\n")
		}
		cli.Stderr(bridgeHelp)
		return cli.StatusFailure
	}
	if boolMask != 0 {
		b := binary.NativeEndian.AppendUint32(nil, boolValues)
		req.attrs.Bytes(unix.IFLA_BR_MULTI_BOOLOPT, binary.NativeEndian.AppendUint32(b, boolMask))
	}
	return 0
}

// parseVlanID reads a VLAN id, up to 0xffff as ip takes it (the kernel
// wants less).
func parseVlanID(arg string) (uint16, bool) {
	id, ok := cli.ParseUint(arg, 0)
	return uint16(id), ok && id <= 0xffff
}

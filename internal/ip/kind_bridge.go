package ip

import (
	"nsip/internal/cli"
	"nsip/internal/unix"
)

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
	bits  int8
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
			if !namesOption(word, opt.name, opt.exact) {
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
				req.attrs.Bytes(opt.attr, bigEndian16(proto))
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
				if opt.bits != bridgeBoolOpt {
					encodeUint(req, opt.attr, uint(width), n)
					break
				}
				bit := uint32(1) << opt.attr
				boolMask |= bit
				if n != 0 {
					boolValues |= bit
				} else {
					boolValues &^= bit
				}
			}
			continue words
		}
		return unknownKindOption("bridge", "command", word, bridgeHelp)
	}
	if boolMask != 0 {
		req.attrs.Bytes(unix.IFLA_BR_MULTI_BOOLOPT, hostPair(boolValues, boolMask))
	}
	return 0
}

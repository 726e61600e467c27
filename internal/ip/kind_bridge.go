package ip

import (
	"nsip/internal/help"
	"nsip/internal/unix"
)

// bridgeOptions in iproute2's order, which settles abbreviations.
var bridgeOptions = [...]kindOption{
	{name: "forward_delay", attr: unix.IFLA_BR_FORWARD_DELAY, value: optU32},
	{name: "hello_time", attr: unix.IFLA_BR_HELLO_TIME, value: optU32},
	{name: "max_age", attr: unix.IFLA_BR_MAX_AGE, value: optU32},
	{name: "ageing_time", attr: unix.IFLA_BR_AGEING_TIME, value: optU32},
	{name: "stp_state", attr: unix.IFLA_BR_STP_STATE, value: optU32},
	{name: "priority", attr: unix.IFLA_BR_PRIORITY, value: optU16},
	{name: "vlan_filtering", attr: unix.IFLA_BR_VLAN_FILTERING, value: optU8},
	{name: "vlan_protocol", attr: unix.IFLA_BR_VLAN_PROTOCOL, value: optProtocol},
	{name: "group_fwd_mask", attr: unix.IFLA_BR_GROUP_FWD_MASK, value: optU16},
	{name: "group_address", attr: unix.IFLA_BR_GROUP_ADDR, value: optLLAddr},
	{name: "fdb_flush", attr: unix.IFLA_BR_FDB_FLUSH, value: optFlag},
	{name: "vlan_default_pvid", attr: unix.IFLA_BR_VLAN_DEFAULT_PVID, value: optU16},
	{name: "vlan_stats_enabled", attr: unix.IFLA_BR_VLAN_STATS_ENABLED, value: optU8},
	{name: "vlan_stats_per_port", attr: unix.IFLA_BR_VLAN_STATS_PER_PORT, value: optU8},
	{name: "mcast_router", attr: unix.IFLA_BR_MCAST_ROUTER, value: optU8},
	{name: "mcast_snooping", attr: unix.IFLA_BR_MCAST_SNOOPING, value: optU8},
	{name: "mcast_query_use_ifaddr", attr: unix.IFLA_BR_MCAST_QUERY_USE_IFADDR, value: optU8},
	{name: "mcast_querier", attr: unix.IFLA_BR_MCAST_QUERIER, value: optU8},
	{name: "mcast_hash_elasticity", attr: unix.IFLA_BR_MCAST_HASH_ELASTICITY, value: optU32},
	{name: "mcast_hash_max", attr: unix.IFLA_BR_MCAST_HASH_MAX, value: optU32},
	{name: "mcast_last_member_count", attr: unix.IFLA_BR_MCAST_LAST_MEMBER_CNT, value: optU32},
	{name: "mcast_startup_query_count", attr: unix.IFLA_BR_MCAST_STARTUP_QUERY_CNT, value: optU32},
	{name: "mcast_last_member_interval", attr: unix.IFLA_BR_MCAST_LAST_MEMBER_INTVL, value: optU64},
	{name: "mcast_membership_interval", attr: unix.IFLA_BR_MCAST_MEMBERSHIP_INTVL, value: optU64},
	{name: "mcast_querier_interval", attr: unix.IFLA_BR_MCAST_QUERIER_INTVL, value: optU64},
	{name: "mcast_query_interval", attr: unix.IFLA_BR_MCAST_QUERY_INTVL, value: optU64},
	{name: "mcast_query_response_interval", attr: unix.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, value: optU64},
	{name: "mcast_startup_query_interval", attr: unix.IFLA_BR_MCAST_STARTUP_QUERY_INTVL, value: optU64},
	{name: "mcast_stats_enabled", attr: unix.IFLA_BR_MCAST_STATS_ENABLED, value: optU8},
	{name: "mcast_igmp_version", attr: unix.IFLA_BR_MCAST_IGMP_VERSION, value: optU8},
	{name: "mcast_mld_version", attr: unix.IFLA_BR_MCAST_MLD_VERSION, value: optU8},
	{name: "nf_call_iptables", attr: unix.IFLA_BR_NF_CALL_IPTABLES, value: optU8},
	{name: "nf_call_ip6tables", attr: unix.IFLA_BR_NF_CALL_IP6TABLES, value: optU8},
	{name: "nf_call_arptables", attr: unix.IFLA_BR_NF_CALL_ARPTABLES, value: optU8},
}

// bridgeBoolOpts are the bits of IFLA_BR_MULTI_BOOLOPT by number. Their
// words take no abbreviation and none of the options' abbreviations
// reach them, so they are tested first.
var bridgeBoolOpts = [...]string{"no_linklocal_learn", "mcast_vlan_snooping"}

func parseBridgeOptions(s *session, a args, req *linkRequest) int {
	var boolMask, boolValues uint32
	for ; !a.empty(); a.skip() {
		word := a.cur()
		if i := indexOf(bridgeBoolOpts[:], word); i >= 0 {
			bit := uint32(1) << i
			boolMask |= bit
			boolValues &^= bit
			if nextArg(&a, parseU8, "invalid "+word) != 0 {
				boolValues |= bit
			}
			continue
		}
		opt := findKindOption(bridgeOptions[:], word)
		if opt == nil {
			return unknownKindOption("bridge", "command", word, help.Text(help.LinkBridge))
		}
		if status := s.readKindOption(&a, opt, req, ""); status != 0 {
			return status
		}
	}
	if boolMask != 0 {
		req.attrs.Bytes(unix.IFLA_BR_MULTI_BOOLOPT, hostPair(boolValues, boolMask))
	}
	return 0
}

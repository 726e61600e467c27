package ip

import (
	"nsip/internal/unix"
	"nsip/nl"
)

// bridgeDataFields are the bridge's data as iproute2 6.1's
// bridge_print_opt prints it, in runs around the fields it prints
// its own way.
var bridgeDataFields = [...]field{
	{unix.IFLA_BR_FORWARD_DELAY, fieldU32, "forward_delay"},
	{unix.IFLA_BR_HELLO_TIME, fieldU32, "hello_time"},
	{unix.IFLA_BR_MAX_AGE, fieldU32, "max_age"},
	{unix.IFLA_BR_AGEING_TIME, fieldU32, "ageing_time"},
	{unix.IFLA_BR_STP_STATE, fieldU32, "stp_state"},
	{unix.IFLA_BR_PRIORITY, fieldU16, "priority"},
	{unix.IFLA_BR_VLAN_FILTERING, fieldU8, "vlan_filtering"},

	{unix.IFLA_BR_ROOT_PORT, fieldU16, "root_port"},
	{unix.IFLA_BR_ROOT_PATH_COST, fieldU32, "root_path_cost"},
	{unix.IFLA_BR_TOPOLOGY_CHANGE, fieldU8, "topology_change"},
	{unix.IFLA_BR_TOPOLOGY_CHANGE_DETECTED, fieldU8, "topology_change_detected"},
	{unix.IFLA_BR_HELLO_TIMER, fieldTimer, "hello_timer"},
	{unix.IFLA_BR_TCN_TIMER, fieldTimer, "tcn_timer"},
	{unix.IFLA_BR_TOPOLOGY_CHANGE_TIMER, fieldTimer, "topology_change_timer"},
	{unix.IFLA_BR_GC_TIMER, fieldTimer, "gc_timer"},
	{unix.IFLA_BR_VLAN_DEFAULT_PVID, fieldU16, "vlan_default_pvid"},
	{unix.IFLA_BR_VLAN_STATS_ENABLED, fieldU8, "vlan_stats_enabled"},
	{unix.IFLA_BR_VLAN_STATS_PER_PORT, fieldU8, "vlan_stats_per_port"},
	{unix.IFLA_BR_GROUP_FWD_MASK, fieldHex16, "group_fwd_mask"},

	{unix.IFLA_BR_MCAST_SNOOPING, fieldU8, "mcast_snooping"},

	{unix.IFLA_BR_MCAST_ROUTER, fieldU8, "mcast_router"},
	{unix.IFLA_BR_MCAST_QUERY_USE_IFADDR, fieldU8, "mcast_query_use_ifaddr"},
	{unix.IFLA_BR_MCAST_QUERIER, fieldU8, "mcast_querier"},
	{unix.IFLA_BR_MCAST_HASH_ELASTICITY, fieldU32, "mcast_hash_elasticity"},
	{unix.IFLA_BR_MCAST_HASH_MAX, fieldU32, "mcast_hash_max"},
	{unix.IFLA_BR_MCAST_LAST_MEMBER_CNT, fieldU32, "mcast_last_member_cnt mcast_last_member_count"},
	{unix.IFLA_BR_MCAST_STARTUP_QUERY_CNT, fieldU32, "mcast_startup_query_cnt mcast_startup_query_count"},
	{unix.IFLA_BR_MCAST_LAST_MEMBER_INTVL, fieldU64, "mcast_last_member_intvl mcast_last_member_interval"},
	{unix.IFLA_BR_MCAST_MEMBERSHIP_INTVL, fieldU64, "mcast_membership_intvl mcast_membership_interval"},
	{unix.IFLA_BR_MCAST_QUERIER_INTVL, fieldU64, "mcast_querier_intvl mcast_querier_interval"},
	{unix.IFLA_BR_MCAST_QUERY_INTVL, fieldU64, "mcast_query_intvl mcast_query_interval"},
	{unix.IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, fieldU64, "mcast_query_response_intvl mcast_query_response_interval"},
	{unix.IFLA_BR_MCAST_STARTUP_QUERY_INTVL, fieldU64, "mcast_startup_query_intvl mcast_startup_query_interval"},
	{unix.IFLA_BR_MCAST_STATS_ENABLED, fieldU8, "mcast_stats_enabled"},
	{unix.IFLA_BR_MCAST_IGMP_VERSION, fieldU8, "mcast_igmp_version"},
	{unix.IFLA_BR_MCAST_MLD_VERSION, fieldU8, "mcast_mld_version"},
	{unix.IFLA_BR_NF_CALL_IPTABLES, fieldU8, "nf_call_iptables"},
	{unix.IFLA_BR_NF_CALL_IP6TABLES, fieldU8, "nf_call_ip6tables"},
	{unix.IFLA_BR_NF_CALL_ARPTABLES, fieldU8, "nf_call_arptables"},
}

// The bits of struct br_boolopt_multi iproute2 6.1 prints.
const (
	brBoolOptNoLinkLocalLearn  = 1 << 0
	brBoolOptMcastVlanSnooping = 1 << 1
)

func printBridgeData(s *session, data nl.Attributes) {
	p := s.out
	printFields(s, data, bridgeDataFields[:7]) // forward_delay to vlan_filtering
	if data.Has(unix.IFLA_BR_VLAN_PROTOCOL) {
		p.String("vlan_protocol", "vlan_protocol %s ", etherProtocolName(data.Uint16(unix.IFLA_BR_VLAN_PROTOCOL)))
	}
	if data.Has(unix.IFLA_BR_BRIDGE_ID) {
		p.String("bridge_id", "bridge_id %s ", bridgeID(data.Bytes(unix.IFLA_BR_BRIDGE_ID)))
	}
	if data.Has(unix.IFLA_BR_ROOT_ID) {
		// iproute2 6.1 prints the bridge's own ID as the designated root.
		p.String("root_id", "designated_root %s ", bridgeID(data.Bytes(unix.IFLA_BR_BRIDGE_ID)))
	}
	printFields(s, data, bridgeDataFields[7:19]) // root_port to group_fwd_mask
	if data.Has(unix.IFLA_BR_GROUP_ADDR) {
		p.String("group_addr", "group_address %s ", formatLinkAddr(data.Bytes(unix.IFLA_BR_GROUP_ADDR), unix.ARPHRD_ETHER))
	}
	printFields(s, data, bridgeDataFields[19:20]) // mcast_snooping
	if b := data.Bytes(unix.IFLA_BR_MULTI_BOOLOPT); b != nil {
		// struct br_boolopt_multi: the values, then the mask.
		var opt [8]byte
		copy(opt[:], b)
		val, mask := payloadU32(opt[:4]), payloadU32(opt[4:])
		if mask&brBoolOptNoLinkLocalLearn != 0 {
			p.Uint("no_linklocal_learn", "no_linklocal_learn %u ", boolBit(val&brBoolOptNoLinkLocalLearn))
		}
		if mask&brBoolOptMcastVlanSnooping != 0 {
			p.Uint("mcast_vlan_snooping", "mcast_vlan_snooping %u ", boolBit(val&brBoolOptMcastVlanSnooping))
		}
	}
	printFields(s, data, bridgeDataFields[20:]) // mcast_router to nf_call_arptables
}

func boolBit(v uint32) uint64 {
	if v != 0 {
		return 1
	}
	return 0
}

var bridgePortStates = [...]string{"disabled", "listening", "learning", "forwarding", "blocking"}

// bridgePortDataFields are the port's data as bridge_slave_print_opt
// prints it, in three runs: after its state, then around the group
// forwarding mask.
var bridgePortDataFields = [...]field{
	{unix.IFLA_BRPORT_PRIORITY, fieldU16, "priority"},
	{unix.IFLA_BRPORT_COST, fieldI32, "cost"},
	{unix.IFLA_BRPORT_MODE, fieldOnOff, "hairpin"},
	{unix.IFLA_BRPORT_GUARD, fieldOnOff, "guard"},
	{unix.IFLA_BRPORT_PROTECT, fieldOnOff, "root_block"},
	{unix.IFLA_BRPORT_FAST_LEAVE, fieldOnOff, "fastleave"},
	{unix.IFLA_BRPORT_LEARNING, fieldOnOff, "learning"},
	{unix.IFLA_BRPORT_UNICAST_FLOOD, fieldOnOff, "flood"},
	{unix.IFLA_BRPORT_ID, fieldHex16, "id port_id"},
	{unix.IFLA_BRPORT_NO, fieldHex16, "no port_no"},
	{unix.IFLA_BRPORT_DESIGNATED_PORT, fieldU16, "designated_port"},
	{unix.IFLA_BRPORT_DESIGNATED_COST, fieldU16, "designated_cost"},
	{unix.IFLA_BRPORT_BRIDGE_ID, fieldBridgeID, "bridge_id designated_bridge"},
	{unix.IFLA_BRPORT_ROOT_ID, fieldBridgeID, "root_id designated_root"},
	{unix.IFLA_BRPORT_HOLD_TIMER, fieldTimer, "hold_timer"},
	{unix.IFLA_BRPORT_MESSAGE_AGE_TIMER, fieldTimer, "message_age_timer"},
	{unix.IFLA_BRPORT_FORWARD_DELAY_TIMER, fieldTimer, "forward_delay_timer"},
	{unix.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, fieldU8, "topology_change_ack"},
	{unix.IFLA_BRPORT_CONFIG_PENDING, fieldU8, "config_pending"},
	{unix.IFLA_BRPORT_PROXYARP, fieldOnOff, "proxy_arp"},
	{unix.IFLA_BRPORT_PROXYARP_WIFI, fieldOnOff, "proxy_arp_wifi"},
	{unix.IFLA_BRPORT_MULTICAST_ROUTER, fieldU8, "multicast_router mcast_router"},

	{unix.IFLA_BRPORT_MCAST_FLOOD, fieldOnOff, "mcast_flood"},
	{unix.IFLA_BRPORT_BCAST_FLOOD, fieldOnOff, "bcast_flood"},
	{unix.IFLA_BRPORT_MCAST_TO_UCAST, fieldOnOff, "mcast_to_unicast"},
	{unix.IFLA_BRPORT_NEIGH_SUPPRESS, fieldOnOff, "neigh_suppress"},

	{unix.IFLA_BRPORT_VLAN_TUNNEL, fieldOnOff, "vlan_tunnel"},
	{unix.IFLA_BRPORT_ISOLATED, fieldOnOff, "isolated"},
	{unix.IFLA_BRPORT_LOCKED, fieldOnOff, "locked"},
	{unix.IFLA_BRPORT_BACKUP_PORT, fieldIndex, "backup_port"},
}

func printBridgePortData(s *session, data nl.Attributes) {
	p := s.out
	if data.Has(unix.IFLA_BRPORT_STATE) {
		if state := data.Uint8(unix.IFLA_BRPORT_STATE); int(state) < len(bridgePortStates) {
			p.String("state", "state %s ", bridgePortStates[state])
		} else {
			p.Int("state_index", "state (%d) ", int64(state))
		}
	}
	printFields(s, data, bridgePortDataFields[:22]) // priority to multicast_router
	if data.Has(unix.IFLA_BRPORT_FAST_LEAVE) {
		// Text only: JSON has it as fastleave already.
		p.Textf("mcast_fast_leave %s ", onOff(data.Uint8(unix.IFLA_BRPORT_FAST_LEAVE) != 0))
	}
	printFields(s, data, bridgePortDataFields[22:26]) // mcast_flood to neigh_suppress
	if data.Has(unix.IFLA_BRPORT_GROUP_FWD_MASK) {
		mask := data.Uint16(unix.IFLA_BRPORT_GROUP_FWD_MASK)
		printHex(p, "group_fwd_mask", "group_fwd_mask", uint64(mask))
		// The link-local groups the port forwards: stp, lacp, lldp, 0xN
		// for the others, 0x0 for none.
		text := ""
		for bit := 0; mask != 0; bit, mask = bit+1, mask>>1 {
			if mask&1 == 0 {
				continue
			}
			var name string
			switch bit {
			case 0:
				name = "stp"
			case 2:
				name = "lacp"
			case 14:
				name = "lldp"
			default:
				name = hex0x(1 << bit)
			}
			if text != "" {
				text += ","
			}
			text += name
		}
		if text == "" {
			text = "0x0"
		}
		p.String("group_fwd_mask_str", "group_fwd_mask_str %s ", text)
	}
	printFields(s, data, bridgePortDataFields[26:]) // vlan_tunnel to backup_port
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

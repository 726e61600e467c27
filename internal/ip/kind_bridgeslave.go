package ip

import (
	"nsip/internal/help"
	"nsip/internal/unix"
)

// bridgeSlaveOptions in iproute2's order, which settles abbreviations.
var bridgeSlaveOptions = [...]kindOption{
	{name: "fdb_flush", attr: unix.IFLA_BRPORT_FLUSH, value: optFlag},
	{name: "state", attr: unix.IFLA_BRPORT_STATE, value: optU8, complaint: complainNameInvalid},
	{name: "priority", attr: unix.IFLA_BRPORT_PRIORITY, value: optU16, complaint: complainNameInvalid},
	{name: "cost", attr: unix.IFLA_BRPORT_COST, value: optU32, complaint: complainNameInvalid},
	{name: "hairpin", attr: unix.IFLA_BRPORT_MODE, value: optOnOff},
	{name: "guard", attr: unix.IFLA_BRPORT_GUARD, value: optOnOff},
	{name: "root_block", attr: unix.IFLA_BRPORT_PROTECT, value: optOnOff},
	{name: "fastleave", attr: unix.IFLA_BRPORT_FAST_LEAVE, value: optOnOff},
	{name: "learning", attr: unix.IFLA_BRPORT_LEARNING, value: optOnOff},
	{name: "flood", attr: unix.IFLA_BRPORT_UNICAST_FLOOD, value: optOnOff},
	{name: "mcast_flood", attr: unix.IFLA_BRPORT_MCAST_FLOOD, value: optOnOff},
	{name: "bcast_flood", attr: unix.IFLA_BRPORT_BCAST_FLOOD, value: optOnOff},
	{name: "mcast_to_unicast", attr: unix.IFLA_BRPORT_MCAST_TO_UCAST, value: optOnOff},
	{name: "proxy_arp", attr: unix.IFLA_BRPORT_PROXYARP, value: optOnOff},
	{name: "proxy_arp_wifi", attr: unix.IFLA_BRPORT_PROXYARP_WIFI, value: optOnOff},
	{name: "mcast_router", attr: unix.IFLA_BRPORT_MULTICAST_ROUTER, value: optU8},
	{name: "mcast_fast_leave", attr: unix.IFLA_BRPORT_FAST_LEAVE, value: optOnOff},
	{name: "neigh_suppress", attr: unix.IFLA_BRPORT_NEIGH_SUPPRESS, value: optOnOff},
	{name: "group_fwd_mask", attr: unix.IFLA_BRPORT_GROUP_FWD_MASK, value: optU16},
	{name: "vlan_tunnel", attr: unix.IFLA_BRPORT_VLAN_TUNNEL, value: optOnOff},
	{name: "isolated", attr: unix.IFLA_BRPORT_ISOLATED, value: optOnOff},
	{name: "locked", attr: unix.IFLA_BRPORT_LOCKED, value: optOnOff},
	{name: "backup_port", attr: unix.IFLA_BRPORT_BACKUP_PORT, value: optDev},
	{name: "nobackup_port", attr: unix.IFLA_BRPORT_BACKUP_PORT, value: optZero32},
}

func parseBridgeSlaveOptions(s *session, a args, req *linkRequest) int {
	// ip's complaint carries a newline of its own.
	return s.parseOptionTable(a, req, bridgeSlaveOptions[:], "bridge_slave", help.LinkBridgeSlave, "Device does not exist\n")
}

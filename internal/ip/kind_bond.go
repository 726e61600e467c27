package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/help"
	"nsip/internal/unix"
)

// The lists of names bond_print_opt gives the bond's numbered settings,
// which the bond's options take too, as kindOption's choices number them.
const (
	choiceBondModes = iota
	choiceBondArpValidate
	choiceBondArpAllTargets
	choiceBondPrimaryReselect
	choiceBondFailOverMac
	choiceBondXmitHashPolicies
	choiceBondLacpRate
	choiceBondLacpActive
	choiceBondAdSelect
)

var optChoices = [...][]string{
	choiceBondModes:            {"balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"},
	choiceBondArpValidate:      {"none", "active", "backup", "all", "filter", "filter_active", "filter_backup"},
	choiceBondArpAllTargets:    {"any", "all"},
	choiceBondPrimaryReselect:  {"always", "better", "failure"},
	choiceBondFailOverMac:      {"none", "active", "follow"},
	choiceBondXmitHashPolicies: {"layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"},
	choiceBondLacpRate:         {"slow", "fast"},
	choiceBondLacpActive:       {"off", "on"},
	choiceBondAdSelect:         {"stable", "bandwidth", "count"},
}

// bondOptions in iproute2's order; arp_ip_target and ns_ip6_target, lists,
// come between arp_interval and arp_validate and are read apart.
var bondOptions = [...]kindOption{
	{name: "mode", attr: unix.IFLA_BOND_MODE, value: optChoice8, choices: choiceBondModes},
	{name: "active_slave", attr: unix.IFLA_BOND_ACTIVE_SLAVE, value: optDev},
	{name: "clear_active_slave", attr: unix.IFLA_BOND_ACTIVE_SLAVE, value: optZero32},
	{name: "miimon", attr: unix.IFLA_BOND_MIIMON, value: optU32},
	{name: "updelay", attr: unix.IFLA_BOND_UPDELAY, value: optU32},
	{name: "downdelay", attr: unix.IFLA_BOND_DOWNDELAY, value: optU32},
	{name: "peer_notify_delay", attr: unix.IFLA_BOND_PEER_NOTIF_DELAY, value: optU32},
	{name: "use_carrier", attr: unix.IFLA_BOND_USE_CARRIER, value: optU8},
	{name: "arp_interval", attr: unix.IFLA_BOND_ARP_INTERVAL, value: optU32},
}

// bondOptionsAfterTargets follow the two target lists.
var bondOptionsAfterTargets = [...]kindOption{
	{name: "arp_validate", attr: unix.IFLA_BOND_ARP_VALIDATE, value: optChoice32, choices: choiceBondArpValidate},
	{name: "arp_all_targets", attr: unix.IFLA_BOND_ARP_ALL_TARGETS, value: optChoice32, choices: choiceBondArpAllTargets},
	{name: "arp_missed_max", exact: true, attr: unix.IFLA_BOND_MISSED_MAX, value: optU8},
	{name: "primary", attr: unix.IFLA_BOND_PRIMARY, value: optDev},
	{name: "primary_reselect", attr: unix.IFLA_BOND_PRIMARY_RESELECT, value: optChoice8, choices: choiceBondPrimaryReselect},
	{name: "fail_over_mac", attr: unix.IFLA_BOND_FAIL_OVER_MAC, value: optChoice8, choices: choiceBondFailOverMac},
	{name: "xmit_hash_policy", attr: unix.IFLA_BOND_XMIT_HASH_POLICY, value: optChoice8, choices: choiceBondXmitHashPolicies},
	{name: "resend_igmp", attr: unix.IFLA_BOND_RESEND_IGMP, value: optU32},
	{name: "num_grat_arp", attr: unix.IFLA_BOND_NUM_PEER_NOTIF, value: optU8, complaint: complainPeerNotif},
	{name: "num_unsol_na", attr: unix.IFLA_BOND_NUM_PEER_NOTIF, value: optU8, complaint: complainPeerNotif},
	{name: "all_slaves_active", attr: unix.IFLA_BOND_ALL_SLAVES_ACTIVE, value: optU8},
	{name: "min_links", attr: unix.IFLA_BOND_MIN_LINKS, value: optU32},
	{name: "lp_interval", attr: unix.IFLA_BOND_LP_INTERVAL, value: optU32},
	{name: "packets_per_slave", attr: unix.IFLA_BOND_PACKETS_PER_SLAVE, value: optU32},
	{name: "lacp_rate", attr: unix.IFLA_BOND_AD_LACP_RATE, value: optChoice8, choices: choiceBondLacpRate},
	{name: "lacp_active", exact: true, attr: unix.IFLA_BOND_AD_LACP_ACTIVE, value: optChoice8, choices: choiceBondLacpActive},
	{name: "ad_select", attr: unix.IFLA_BOND_AD_SELECT, value: optChoice8, choices: choiceBondAdSelect},
	{name: "ad_user_port_key", attr: unix.IFLA_BOND_AD_USER_PORT_KEY, value: optU16},
	{name: "ad_actor_sys_prio", attr: unix.IFLA_BOND_AD_ACTOR_SYS_PRIO, value: optU16},
	{name: "ad_actor_system", attr: unix.IFLA_BOND_AD_ACTOR_SYSTEM, value: optLLAddr},
	{name: "tlb_dynamic_lb", attr: unix.IFLA_BOND_TLB_DYNAMIC_LB, value: optU8},
}

// bondMaxTargets is BOND_MAX_ARP_TARGETS: ip sends at most this many.
const bondMaxTargets = 16

func parseBondOptions(s *session, a args, req *linkRequest) int {
	for ; !a.empty(); a.skip() {
		word := a.cur()
		opt := findKindOption(bondOptions[:], word)
		if opt == nil {
			switch {
			case cli.Matches(word, "arp_ip_target"):
				bondTargets(&a, req, unix.IFLA_BOND_ARP_IP_TARGET, unix.AF_INET)
				continue
			case word == "ns_ip6_target":
				bondTargets(&a, req, unix.IFLA_BOND_NS_IP6_TARGET, unix.AF_INET6)
				continue
			}
			opt = findKindOption(bondOptionsAfterTargets[:], word)
		}
		if opt == nil {
			return unknownKindOption("bond", "command", word, help.Text(help.LinkBond))
		}
		if status := s.readKindOption(&a, opt, req, ""); status != 0 {
			return status
		}
	}
	return 0
}

// bondTargets reads an optional comma-separated list of addresses into a
// nest of attributes numbered from 0; empty items are skipped, as strtok
// does, and only the first 16 count.
func bondTargets(a *args, req *linkRequest, attr uint16, family int) {
	req.attrs.Nest(attr)
	var targets []string
	if len(*a) >= 2 {
		targets = ascii.Split(a.next(), ",")
	}
	n := uint16(0)
	for _, target := range targets {
		if target == "" {
			continue
		}
		if n == bondMaxTargets {
			break
		}
		if family == unix.AF_INET {
			addr := addr32(target)
			req.attrs.Bytes(n, addr[:])
		} else {
			var p inetPrefix
			p.mustSetAddr(target, unix.AF_INET6)
			req.attrs.Bytes(n, p.data[:16])
		}
		n++
	}
	req.attrs.End()
}

var bondSlaveOptions = [...]kindOption{
	{name: "queue_id", attr: unix.IFLA_BOND_SLAVE_QUEUE_ID, value: optU16, complaint: complainNameInvalid},
	{name: "prio", exact: true, attr: unix.IFLA_BOND_SLAVE_PRIO, value: optS32, complaint: complainNameInvalid},
}

func parseBondSlaveOptions(s *session, a args, req *linkRequest) int {
	return s.parseOptionTable(a, req, bondSlaveOptions[:], "bond_slave", help.LinkBondSlave, "")
}

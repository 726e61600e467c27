package ip

import (
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// bondFields are the fields bond_print_opt prints the plain way, in runs
// around those it prints its own: the mode, timers, arp_all_targets,
// policies, counts and LACP, the 802.3ad information (nested), the
// 802.3ad actor's, tlb_dynamic_lb.
var bondFields = [...]field{
	{unix.IFLA_BOND_MODE, fieldBondName8, "mode"},

	{unix.IFLA_BOND_MIIMON, fieldU32, "miimon"},
	{unix.IFLA_BOND_UPDELAY, fieldU32, "updelay"},
	{unix.IFLA_BOND_DOWNDELAY, fieldU32, "downdelay"},
	{unix.IFLA_BOND_PEER_NOTIF_DELAY, fieldU32, "peer_notify_delay"},
	{unix.IFLA_BOND_USE_CARRIER, fieldU8, "use_carrier"},
	{unix.IFLA_BOND_ARP_INTERVAL, fieldU32, "arp_interval"},
	{unix.IFLA_BOND_MISSED_MAX, fieldU8, "arp_missed_max"},

	{unix.IFLA_BOND_ARP_ALL_TARGETS, fieldBondName32, "arp_all_targets"},

	{unix.IFLA_BOND_PRIMARY_RESELECT, fieldBondName8, "primary_reselect"},
	{unix.IFLA_BOND_FAIL_OVER_MAC, fieldBondName8, "fail_over_mac"},
	{unix.IFLA_BOND_XMIT_HASH_POLICY, fieldBondName8, "xmit_hash_policy"},
	{unix.IFLA_BOND_RESEND_IGMP, fieldU32, "resend_igmp"},
	{unix.IFLA_BOND_NUM_PEER_NOTIF, fieldU8, "num_peer_notif num_grat_arp"},
	{unix.IFLA_BOND_ALL_SLAVES_ACTIVE, fieldU8, "all_slaves_active"},
	{unix.IFLA_BOND_MIN_LINKS, fieldU32, "min_links"},
	{unix.IFLA_BOND_LP_INTERVAL, fieldU32, "lp_interval"},
	{unix.IFLA_BOND_PACKETS_PER_SLAVE, fieldU32, "packets_per_slave"},
	{unix.IFLA_BOND_AD_LACP_ACTIVE, fieldBondName8, "ad_lacp_active lacp_active"},
	{unix.IFLA_BOND_AD_LACP_RATE, fieldBondName8, "ad_lacp_rate lacp_rate"},
	{unix.IFLA_BOND_AD_SELECT, fieldBondName8, "ad_select"},

	{unix.IFLA_BOND_AD_INFO_AGGREGATOR, fieldU16, "aggregator ad_aggregator"},
	{unix.IFLA_BOND_AD_INFO_NUM_PORTS, fieldU16, "num_ports ad_num_ports"},
	{unix.IFLA_BOND_AD_INFO_ACTOR_KEY, fieldU16, "actor_key ad_actor_key"},
	{unix.IFLA_BOND_AD_INFO_PARTNER_KEY, fieldU16, "partner_key ad_partner_key"},

	{unix.IFLA_BOND_AD_ACTOR_SYS_PRIO, fieldU16, "ad_actor_sys_prio"},
	{unix.IFLA_BOND_AD_USER_PORT_KEY, fieldU16, "ad_user_port_key"},

	{unix.IFLA_BOND_TLB_DYNAMIC_LB, fieldU8, "tlb_dynamic_lb"},
}

// bondChoices are the names (an index of optChoices) of the settings
// printed by name, fieldBondName8 and fieldBondName32, by attribute.
var bondChoices = [...]uint8{
	unix.IFLA_BOND_MODE:             choiceBondModes,
	unix.IFLA_BOND_ARP_ALL_TARGETS:  choiceBondArpAllTargets,
	unix.IFLA_BOND_PRIMARY_RESELECT: choiceBondPrimaryReselect,
	unix.IFLA_BOND_FAIL_OVER_MAC:    choiceBondFailOverMac,
	unix.IFLA_BOND_XMIT_HASH_POLICY: choiceBondXmitHashPolicies,
	unix.IFLA_BOND_AD_LACP_ACTIVE:   choiceBondLacpActive,
	unix.IFLA_BOND_AD_LACP_RATE:     choiceBondLacpRate,
	unix.IFLA_BOND_AD_SELECT:        choiceBondAdSelect,
}

// bondName is get_name: the name of a numbered setting, UNKNOWN past the
// table.
func bondName(names []string, index uint32) string {
	if index < uint32(len(names)) {
		return names[index]
	}
	return "UNKNOWN"
}

// printBondData is bond_print_opt.
func printBondData(s *session, data nl.Attributes) {
	p := s.out
	printFields(s, data, bondFields[:1]) // mode
	if index := data.Uint32(unix.IFLA_BOND_ACTIVE_SLAVE); index != 0 {
		p.String("active_slave", "active_slave %s ", s.links.indexToName(int32(index)))
	}
	printFields(s, data, bondFields[1:8]) // miimon to arp_missed_max
	printBondTargets(p, data, unix.IFLA_BOND_ARP_IP_TARGET, "arp_ip_target", ipv4Text)
	printBondTargets(p, data, unix.IFLA_BOND_NS_IP6_TARGET, "ns_ip6_target", ipv6Text)
	if data.Has(unix.IFLA_BOND_ARP_VALIDATE) {
		if v := data.Uint32(unix.IFLA_BOND_ARP_VALIDATE); v == 0 && p.JSON() {
			p.Null("arp_validate", "")
		} else {
			p.String("arp_validate", "arp_validate %s ", bondName(optChoices[choiceBondArpValidate], v))
		}
	}
	printFields(s, data, bondFields[8:9]) // arp_all_targets
	if index := data.Uint32(unix.IFLA_BOND_PRIMARY); index != 0 {
		p.String("primary", "primary %s ", s.links.indexToName(int32(index)))
	}
	printFields(s, data, bondFields[9:21]) // primary_reselect to ad_select
	if data.Has(unix.IFLA_BOND_AD_INFO) {
		info, _ := data.Nested(unix.IFLA_BOND_AD_INFO)
		p.OpenObject("ad_info")
		printFields(s, info, bondFields[21:25]) // aggregator to partner_key
		if b := info.Bytes(unix.IFLA_BOND_AD_INFO_PARTNER_MAC); b != nil {
			var mac [6]byte
			copy(mac[:], b)
			p.String("partner_mac", "ad_partner_mac %s ", formatLinkAddr(mac[:], 0))
		}
		p.CloseObject()
	}
	printFields(s, data, bondFields[25:27]) // ad_actor_sys_prio to ad_user_port_key
	if b := data.Bytes(unix.IFLA_BOND_AD_ACTOR_SYSTEM); b != nil {
		p.String("ad_actor_system", "ad_actor_system %s ", formatLinkAddr(b, unix.ARPHRD_ETHER))
	}
	printFields(s, data, bondFields[27:]) // tlb_dynamic_lb
}

// printBondTargets prints the ARP or NS targets, numbered 0 to 15 by
// their attribute type: "arp_ip_target A,B " in text, an array in JSON.
// As in iproute2, the prefix and the array need target 0.
func printBondTargets(p *output.Printer, data nl.Attributes, attr uint16, key string, format func([]byte) string) {
	if !data.Has(attr) {
		return
	}
	targets, _ := data.Nested(attr)
	if targets.Has(0) {
		p.OpenJSONArray(key)
		p.Text(key + " ")
	}
	for i := uint16(0); i < bondMaxTargets; i++ {
		if b := targets.Bytes(i); b != nil {
			p.String("", "%s", format(b))
		}
		if i < bondMaxTargets-1 && targets.Has(i+1) {
			p.Text(",")
		}
	}
	if targets.Has(0) {
		p.Text(" ")
		p.CloseJSONArray()
	}
}

var (
	bondPortStates     = [...]string{"ACTIVE", "BACKUP"}
	bondPortMiiStatus  = [...]string{"UP", "GOING_DOWN", "DOWN", "GOING_BACK"}
	lacpPortStateNames = [...]string{"active", "short_timeout", "aggregating", "in_sync", "collecting", "distributing", "defaulted", "expired"}
)

// bondPortFields are the fields bond_slave_print_opt prints the plain
// way: the failure count, then the queue, priority and aggregator.
var bondPortFields = [...]field{
	{unix.IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, fieldI32, "link_failure_count"},

	{unix.IFLA_BOND_SLAVE_QUEUE_ID, fieldU16, "queue_id"},
	{unix.IFLA_BOND_SLAVE_PRIO, fieldI32, "prio"},
	{unix.IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, fieldU16, "ad_aggregator_id"},
}

// printBondPortData is bond_slave_print_opt.
func printBondPortData(s *session, data nl.Attributes) {
	p := s.out
	printBondPortState(p, data, unix.IFLA_BOND_SLAVE_STATE, "state", bondPortStates[:])
	printBondPortState(p, data, unix.IFLA_BOND_SLAVE_MII_STATUS, "mii_status", bondPortMiiStatus[:])
	printFields(s, data, bondPortFields[:1]) // link_failure_count
	if b := data.Bytes(unix.IFLA_BOND_SLAVE_PERM_HWADDR); b != nil {
		p.String("perm_hwaddr", "perm_hwaddr %s ", formatLinkAddr(b, 0))
	}
	printFields(s, data, bondPortFields[1:]) // queue_id to ad_aggregator_id
	printLacpPortState(p, data, unix.IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, "ad_actor_oper_port_state")
	printLacpPortState(p, data, unix.IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, "ad_partner_oper_port_state")
}

// printBondPortState prints a port's state or MII status by name, or
// "KEY_index" by number past the table.
func printBondPortState(p *output.Printer, data nl.Attributes, attr uint16, key string, names []string) {
	if !data.Has(attr) {
		return
	}
	if v := data.Uint8(attr); int(v) < len(names) {
		p.String(key, key+" %s ", names[v])
	} else {
		p.Int(key+"_index", key+" %d ", int64(v))
	}
}

// printLacpPortState prints an LACP port state as a number and as the
// names of its bits: "KEY N KEY_str <active,...> ".
func printLacpPortState(p *output.Printer, data nl.Attributes, attr uint16, key string) {
	if !data.Has(attr) {
		return
	}
	state := data.Uint8(attr)
	p.Int(key, key+" %d ", int64(state))
	names := key + "_str"
	p.OpenArray(names, names)
	p.Text(" <")
	for bit, name := range &lacpPortStateNames {
		if state&(1<<bit) != 0 {
			state &^= 1 << bit
			format := "%s"
			if state != 0 {
				format = "%s,"
			}
			p.String("", format, name)
		}
	}
	p.CloseArray("> ")
}

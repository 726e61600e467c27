package ip

import (
	"encoding/binary"
	"strings"

	"nsip/internal/cli"
	"nsip/internal/unix"
	"nsip/nl"
)

// The RTM_GETSTATS attributes (IFLA_STATS_*) and nests these commands read.
const (
	statsLinkXstats      = 2
	statsLinkXstatsSlave = 3
	statsAFSpec          = 5
	xstatsTypeBridge     = 1 // LINK_XSTATS_TYPE_BRIDGE
	bridgeXstatsMcast    = 2
	bridgeXstatsSTP      = 4
)

// statsDump is rtnl_statsdump_req_filter: an RTM_GETSTATS dump of every
// link, asking for the IFLA_STATS_* attribute attr.
func statsDump(attr int) nl.Message {
	var msg [12]byte // struct if_stats_msg: family, pads, ifindex, filter_mask
	binary.NativeEndian.PutUint32(msg[8:], 1<<(attr-1))
	return nl.Message{Header: nl.Header{Type: unix.RTM_GETSTATS}, Data: msg[:]}
}

// linkStatsMessage reads an RTM_NEWSTATS message: its link and
// attributes, or false when it is too short or of another link than index
// (0: any).
func linkStatsMessage(m nl.Message, index int32) (int32, nl.Attributes, bool) {
	if len(m.Data) < 12 {
		return 0, nl.Attributes{}, false
	}
	ifindex := int32(binary.NativeEndian.Uint32(m.Data[4:]))
	attrs, _ := nl.ParseAttributes(m.Data[12:])
	return ifindex, attrs, index == 0 || index == ifindex
}

// linkXstats is `ip link xstats type KIND [ARGS]`. Of the kinds ip knows,
// bridge and bridge_slave have extended statistics this kernel can give.
func (s *session) linkXstats(a args) int {
	if a.empty() {
		cli.Stderr("xstats: missing argument\n")
		return cli.StatusFailure
	}
	switch word := a.cur(); {
	case cli.Matches(word, "type"):
	case cli.Matches(word, "help"):
		cli.Stdout.WriteString("Usage: ... xstats type TYPE [ ARGS ]\n")
		return 0
	default:
		invarg("unknown argument", word)
	}
	kind := a.next()
	if _, known := kindOptions(kind); !known && kind != "team_slave" && !isKindWithoutNsipOptions(kind) {
		invarg("invalid type", kind)
	}
	if kind != "bridge" && kind != "bridge_slave" {
		if kind == "bond" || kind == "bond_slave" {
			return notImplemented("ip link xstats type " + kind)
		}
		cli.Stderr("xstats: link type ", kind, " doesn't support xstats\n")
		return cli.StatusFailure
	}
	var only uint16 // 0: every kind of counter
	var index int32
	for a.skip(); !a.empty(); a.skip() {
		switch word := a.cur(); word {
		case "igmp", "mcast":
			only = bridgeXstatsMcast
		case "stp":
			only = bridgeXstatsSTP
		case "dev":
			name := a.next()
			if index = s.links.nameToIndex(name); index == 0 {
				cli.Stderr(`Cannot find device "`, name, `"`, "\n")
				return cli.StatusFailure
			}
		case "help":
			cli.Stdout.WriteString("Usage: ... " + kind + " [ igmp ] [ dev DEVICE ]\n")
			cli.Fail(0)
		default:
			invarg("unknown attribute", word)
		}
	}
	attr := statsLinkXstats
	if strings.HasSuffix(kind, "_slave") {
		attr = statsLinkXstatsSlave
	}
	msgs, ok := s.dump(statsDump(attr))
	if !ok {
		return cli.StatusFailure
	}
	s.out.Begin()
	for _, m := range msgs {
		s.printBridgeXstats(m, index, only)
	}
	s.out.End()
	s.out.Flush()
	return 0
}

func isKindWithoutNsipOptions(kind string) bool {
	for _, k := range kindsWithoutNsipOptions {
		if k == kind {
			return true
		}
	}
	return false
}

// printBridgeXstats is bridge_print_xstats for one link's message.
func (s *session) printBridgeXstats(m nl.Message, index int32, only uint16) {
	ifindex, attrs, ok := linkStatsMessage(m, index)
	if !ok {
		return
	}
	for _, typ := range []uint16{statsLinkXstats, statsLinkXstatsSlave} {
		xstats, _ := attrs.Nested(typ)
		if !xstats.Has(xstatsTypeBridge) {
			continue
		}
		p := s.out
		p.OpenObject("")
		p.String("ifname", "%-16s\n", s.links.indexToName(ifindex))
		for ad := nl.NewAttributeDecoder(xstats.Bytes(xstatsTypeBridge)); ad.Next(); {
			if only != 0 && ad.Type() != only {
				continue
			}
			switch ad.Type() {
			case bridgeXstatsMcast:
				s.printCounterTable(bridgeMcastTable, ad.Bytes())
			case bridgeXstatsSTP:
				s.printCounterTable(bridgeSTPTable, ad.Bytes())
			}
		}
		p.CloseObject()
	}
}

// counterLine is one step of a counter table: a JSON object opened (key,
// no format) or closed (neither), a text-only label (format, no key), or
// a 64-bit counter (key, format and its index in the kernel's struct).
type counterLine struct {
	key, format string
	index       int
}

const label = -1 // counterLine.index of a text-only line

// A label's text follows 16 spaces, where ip prints "" with "%-16s".
var bridgeMcastTable = []counterLine{
	{"multicast", "", 0}, {"igmp_queries", "", 0},
	{"", "    IGMP queries:\n", label}, {"", "      ", label},
	{"rx_v1", "RX: v1 %u ", 0}, {"rx_v2", "v2 %u ", 2}, {"rx_v3", "v3 %u\n", 4}, {"", "      ", label},
	{"tx_v1", "TX: v1 %u ", 1}, {"tx_v2", "v2 %u ", 3}, {"tx_v3", "v3 %u\n", 5}, {},
	{"igmp_reports", "", 0}, {"", "    IGMP reports:\n", label}, {"", "      ", label},
	{"rx_v1", "RX: v1 %u ", 8}, {"rx_v2", "v2 %u ", 10}, {"rx_v3", "v3 %u\n", 12}, {"", "      ", label},
	{"tx_v1", "TX: v1 %u ", 9}, {"tx_v2", "v2 %u ", 11}, {"tx_v3", "v3 %u\n", 13}, {},
	{"igmp_leaves", "", 0}, {"", "    IGMP leaves: ", label}, {"rx", "RX: %u ", 6}, {"tx", "TX: %u\n", 7}, {},
	{"", "    IGMP parse errors: ", label}, {"igmp_parse_errors", "%u\n", 14},
	{"mld_queries", "", 0}, {"", "    MLD queries:\n", label}, {"", "      ", label},
	{"rx_v1", "RX: v1 %u ", 15}, {"rx_v2", "v2 %u\n", 17}, {"", "      ", label},
	{"tx_v1", "TX: v1 %u ", 16}, {"tx_v2", "v2 %u\n", 18}, {},
	{"mld_reports", "", 0}, {"", "    MLD reports:\n", label}, {"", "      ", label},
	{"rx_v1", "RX: v1 %u ", 21}, {"rx_v2", "v2 %u\n", 23}, {"", "      ", label},
	{"tx_v1", "TX: v1 %u ", 22}, {"tx_v2", "v2 %u\n", 24}, {},
	{"mld_leaves", "", 0}, {"", "    MLD leaves: ", label}, {"rx", "RX: %u ", 19}, {"tx", "TX: %u\n", 20}, {},
	{"", "    MLD parse errors: ", label}, {"mld_parse_errors", "%u\n", 25}, {},
}

var bridgeSTPTable = []counterLine{
	{"stp", "", 0},
	{"", "    STP BPDU:  ", label}, {"rx_bpdu", "RX: %u ", 2}, {"tx_bpdu", "TX: %u\n", 3},
	{"", "    STP TCN:   ", label}, {"rx_tcn", "RX: %u ", 4}, {"tx_tcn", "TX: %u\n", 5},
	{"", "    STP Transitions: ", label}, {"transition_blk", "Blocked: %u ", 0},
	{"transition_fwd", "Forwarding: %u\n", 1}, {},
}

// printCounterTable prints a struct of 64-bit counters, data, by a table;
// counters past the end of what the kernel sent read as 0.
func (s *session) printCounterTable(table []counterLine, data []byte) {
	p := s.out
	for _, l := range table {
		switch {
		case l.index == label && l.key == "":
			p.Text("                " + l.format)
		case l.format == "" && l.key != "":
			p.OpenObject(l.key)
		case l.key == "":
			p.CloseObject()
		default:
			var v uint64
			if 8*l.index+8 <= len(data) {
				v = binary.NativeEndian.Uint64(data[8*l.index:])
			}
			p.Uint(l.key, l.format, v)
		}
	}
}

package ip

import (
	"nsip/internal/ascii"
	"nsip/internal/cli"
	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
)

// The RTM_GETSTATS attributes (IFLA_STATS_*) and nests these commands read.
const (
	statsLinkXstats      = 2
	statsLinkXstatsSlave = 3
	statsAFSpec          = 5
	xstatsTypeBridge     = 1 // LINK_XSTATS_TYPE_BRIDGE
	xstatsTypeBond       = 2 // LINK_XSTATS_TYPE_BOND
	bondXstats3AD        = 1 // BOND_XSTATS_3AD
	bridgeXstatsMcast    = 2
	bridgeXstatsSTP      = 4
)

// statsDump is rtnl_statsdump_req_filter: an RTM_GETSTATS dump of every
// link, asking for the IFLA_STATS_* attribute attr.
func statsDump(attr int) nl.Message {
	var msg [12]byte // struct if_stats_msg: family, pads, ifindex, filter_mask
	endian.Native.PutUint32(msg[8:], 1<<(attr-1))
	return nl.Message{Header: nl.Header{Type: unix.RTM_GETSTATS}, Data: msg[:]}
}

// linkStatsMessage reads the data of an RTM_NEWSTATS message: its link
// and attributes, or false when it is too short or of another link than
// index (0: any).
func linkStatsMessage(data []byte, index int32) (int32, nl.Attributes, bool) {
	if len(data) < 12 {
		return 0, nl.Attributes{}, false
	}
	ifindex := int32(endian.Native.Uint32(data[4:]))
	attrs, _ := nl.ParseAttributes(data[12:])
	return ifindex, attrs, index == 0 || index == ifindex
}

// xstatsKind is what one kind's `ip link xstats type KIND` knows: the
// LINK_XSTATS_TYPE_* nest its statistics come in, the words that pick one
// nested attribute, and the printer of a nest.
type xstatsKind struct {
	linkType uint16
	filters  []xstatsFilter
	usage    string // after "Usage: ... KIND "
	print    func(s *session, nest []byte, only uint16)
}

type xstatsFilter struct {
	word string
	attr uint16
}

var bridgeXstatsKind = xstatsKind{xstatsTypeBridge,
	[]xstatsFilter{{"igmp", bridgeXstatsMcast}, {"mcast", bridgeXstatsMcast}, {"stp", bridgeXstatsSTP}},
	"[ igmp ] [ dev DEVICE ]", (*session).printBridgeXstats}

var bondXstatsKind = xstatsKind{xstatsTypeBond,
	[]xstatsFilter{{"lacp", bondXstats3AD}, {"802.3ad", bondXstats3AD}},
	"[ 802.3ad ] [ dev DEVICE ]", (*session).printBondXstats}

// linkXstats is `ip link xstats type KIND [ARGS]`: the extended
// statistics of bridges and bonds and of their ports.
func (s *session) linkXstats(a args) int {
	if a.empty() {
		cli.Stderr("xstats: missing argument\n")
		return cli.StatusFailure
	}
	switch word := a.cur(); matchIndex(word, "type help", false) {
	case 0: // type
	case 1: // help
		cli.Stdout.WriteString("Usage: ... xstats type TYPE [ ARGS ]\n")
		return 0
	default:
		invarg("unknown argument", word)
	}
	kind := a.next()
	if _, known := kindOptions(kind); !known && kind != "team_slave" && indexOf(kindsWithoutNsipOptions, kind) < 0 {
		invarg("invalid type", kind)
	}
	// The kinds ip has xstats for: masters, then their ports.
	i := matchIndex(kind, "bridge bond bridge_slave bond_slave", true)
	if i < 0 {
		cli.Stderr("xstats: link type ", kind, " doesn't support xstats\n")
		return cli.StatusFailure
	}
	x := &bridgeXstatsKind
	if i%2 == 1 {
		x = &bondXstatsKind
	}
	// The words after "type KIND": the nested attribute to print (0: all)
	// and the link (0: all).
	var only uint16
	var index int32
	for a.skip(); !a.empty(); a.skip() {
		word := a.cur()
		if attr := x.filterAttr(word); attr != 0 {
			only = attr
			continue
		}
		switch word {
		case "dev":
			name := a.next()
			if index = s.links.nameToIndex(name); index == 0 {
				return noDevice(name)
			}
		case "help":
			cli.Stdout.WriteString("Usage: ... " + kind + " " + x.usage + "\n")
			cli.Fail(0)
		default:
			invarg("unknown attribute", word)
		}
	}
	attr := statsLinkXstats
	if i >= 2 {
		attr = statsLinkXstatsSlave
	}
	msgs, ok := s.dump(statsDump(attr))
	if !ok {
		return cli.StatusFailure
	}
	s.out.Begin()
	for _, m := range msgs {
		s.printXstats(m.Data, index, x, only)
	}
	s.out.End()
	s.out.Flush()
	return 0
}

// filterAttr is the nested attribute word picks, 0 for none.
func (x *xstatsKind) filterAttr(word string) uint16 {
	for _, f := range x.filters {
		if f.word == word {
			return f.attr
		}
	}
	return 0
}

// printXstats is the print_ifla_xstats of bridges and bonds for one
// link's message (its data): its own statistics, then those it has as a
// port.
func (s *session) printXstats(data []byte, index int32, x *xstatsKind, only uint16) {
	ifindex, attrs, ok := linkStatsMessage(data, index)
	if !ok {
		return
	}
	for _, typ := range []uint16{statsLinkXstats, statsLinkXstatsSlave} {
		xstats, _ := attrs.Nested(typ)
		if !xstats.Has(x.linkType) {
			continue
		}
		p := s.out
		p.OpenObject("")
		p.String("ifname", "%-16s\n", s.links.indexToName(ifindex))
		x.print(s, xstats.Bytes(x.linkType), only)
		p.CloseObject()
	}
}

// printBridgeXstats is the loop of bridge_print_stats_attr: every nested
// attribute, or only the one asked for.
func (s *session) printBridgeXstats(nest []byte, only uint16) {
	for ad := nl.NewAttributeDecoder(nest); ad.Next(); {
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
}

// printBondXstats is the loop of bond_print_stats_attr, which stops after
// the first attribute it does not skip.
func (s *session) printBondXstats(nest []byte, only uint16) {
	for ad := nl.NewAttributeDecoder(nest); ad.Next(); {
		if only != 0 && ad.Type() != only {
			continue
		}
		if ad.Type() != bondXstats3AD {
			return
		}
		// bond_print_3ad_stats: each counter on its own line after 20
		// spaces, in a JSON object "802.3ad".
		stats, _ := nl.ParseAttributes(ad.Bytes())
		p := s.out
		p.OpenObject("802.3ad")
		for i, label := range &bond3adLabels {
			if stats.Has(uint16(i)) {
				p.Text("                    ")
				p.Text(label)
				p.Uint(wordAt(bond3adKeys, i), " %u\n", stats.Uint64(uint16(i)))
			}
		}
		p.CloseObject()
		return
	}
}

// bond3adLabels are the BOND_3AD_STAT_* counters in attribute order, each
// printed when the kernel sent it, and bond3adKeys their JSON keys, laid
// out alike (see linkTypes).
var bond3adLabels = [...]string{
	"LACPDU Rx", "LACPDU Tx", "LACPDU Unknown type Rx", "LACPDU Illegal Rx",
	"Marker Rx", "Marker Tx", "Marker response Rx", "Marker response Tx",
	"Marker unknown type Rx",
}

const bond3adKeys = "" +
	"lacpdu_rx lacpdu_tx lacpdu_unknown_rx lacpdu_illegal_rx " +
	"marker_rx marker_tx marker_response_rx marker_response_tx " +
	"marker_unknown_rx"

// counterLine is one step of a counter table: a JSON object opened (text
// "KEY") or closed (""), or a 64-bit counter (text "KEY|FORMAT", and its
// index in the kernel's struct). The text between counters, which JSON
// leaves out, starts the next counter's format. One string, not two: a
// row of two takes 40 bytes of data.
type counterLine struct {
	text  string
	index uint8
}

// ind starts each line of a counter table, where ip prints "" with
// "%-16s".
const ind = "                "

var bridgeMcastTable = []counterLine{
	{"multicast", 0},
	{"igmp_queries", 0},
	{"rx_v1|" + ind + "    IGMP queries:\n" + ind + "      RX: v1 %u ", 0}, {"rx_v2|v2 %u ", 2}, {"rx_v3|v3 %u\n", 4},
	{"tx_v1|" + ind + "      TX: v1 %u ", 1}, {"tx_v2|v2 %u ", 3}, {"tx_v3|v3 %u\n", 5}, {},
	{"igmp_reports", 0},
	{"rx_v1|" + ind + "    IGMP reports:\n" + ind + "      RX: v1 %u ", 8}, {"rx_v2|v2 %u ", 10}, {"rx_v3|v3 %u\n", 12},
	{"tx_v1|" + ind + "      TX: v1 %u ", 9}, {"tx_v2|v2 %u ", 11}, {"tx_v3|v3 %u\n", 13}, {},
	{"igmp_leaves", 0},
	{"rx|" + ind + "    IGMP leaves: RX: %u ", 6}, {"tx|TX: %u\n", 7}, {},
	{"igmp_parse_errors|" + ind + "    IGMP parse errors: %u\n", 14},
	{"mld_queries", 0},
	{"rx_v1|" + ind + "    MLD queries:\n" + ind + "      RX: v1 %u ", 15}, {"rx_v2|v2 %u\n", 17},
	{"tx_v1|" + ind + "      TX: v1 %u ", 16}, {"tx_v2|v2 %u\n", 18}, {},
	{"mld_reports", 0},
	{"rx_v1|" + ind + "    MLD reports:\n" + ind + "      RX: v1 %u ", 21}, {"rx_v2|v2 %u\n", 23},
	{"tx_v1|" + ind + "      TX: v1 %u ", 22}, {"tx_v2|v2 %u\n", 24}, {},
	{"mld_leaves", 0},
	{"rx|" + ind + "    MLD leaves: RX: %u ", 19}, {"tx|TX: %u\n", 20}, {},
	{"mld_parse_errors|" + ind + "    MLD parse errors: %u\n", 25}, {},
}

var bridgeSTPTable = []counterLine{
	{"stp", 0},
	{"rx_bpdu|" + ind + "    STP BPDU:  RX: %u ", 2}, {"tx_bpdu|TX: %u\n", 3},
	{"rx_tcn|" + ind + "    STP TCN:   RX: %u ", 4}, {"tx_tcn|TX: %u\n", 5},
	{"transition_blk|" + ind + "    STP Transitions: Blocked: %u ", 0}, {"transition_fwd|Forwarding: %u\n", 1}, {},
}

// printCounterTable prints a struct of 64-bit counters, data, by a table;
// counters past the end of what the kernel sent read as 0.
func (s *session) printCounterTable(table []counterLine, data []byte) {
	p := s.out
	for _, l := range table {
		key, format, counter := ascii.Cut(l.text, "|")
		switch {
		case key == "":
			p.CloseObject()
		case !counter:
			p.OpenObject(key)
		default:
			var v uint64
			if at := 8 * int(l.index); at+8 <= len(data) {
				v = endian.Native.Uint64(data[at:])
			}
			p.Uint(key, format, v)
		}
	}
}

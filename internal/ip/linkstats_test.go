package ip

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"

	"nsip/internal/output"
	"nsip/nl"
)

func TestHumanNumber(t *testing.T) {
	s := &session{human: true}
	for _, c := range []struct {
		n    uint64
		iec  bool
		want string
	}{{999, false, "  999 "}, {1000, false, "1.00k "}, {1023, true, " 1023 "}, {1024, true, "1.00ki "},
		{123456, false, " 123k "}, {1234567, false, "1.23M "}, {18446744073709551615, false, "18.4E "},
		{4404, false, "4.40k "}, {4404, true, "4.30ki "}} {
		s.iec = c.iec
		if got := string(s.humanNumber(nil, 5, c.n)); got != c.want {
			t.Errorf("humanNumber(%d, iec %v) = %q, want %q", c.n, c.iec, got, c.want)
		}
	}
}

// The RTM_GETSTATS dumps, against ip 6.1's requests captured with strace
// (`ip link xstats type bridge_slave`, `ip link afstats`): struct
// if_stats_msg, zero but for the one filter bit (in host byte order).
func TestStatsDumpRequest(t *testing.T) {
	for _, c := range []struct {
		attr int
		mask uint32
	}{{statsLinkXstats, 0x2}, {statsLinkXstatsSlave, 0x4}, {statsAFSpec, 0x10}} {
		want := make([]byte, 12)
		binary.NativeEndian.PutUint32(want[8:], c.mask)
		m := statsDump(c.attr)
		if m.Header.Type != 94 || string(m.Data) != string(want) {
			t.Errorf("statsDump(%d) = type %d % x, want type 94 % x", c.attr, m.Header.Type, m.Data, want)
		}
	}
}

// bondXstatsSeed is the IFLA_STATS_LINK_XSTATS_SLAVE of a bond port as
// the kernel's bond_3ad_stats_fill lays it out: every BOND_3AD_STAT_*
// counter, numbered from 0, with the values 1 to 9.
func bondXstatsSeed() []byte {
	return attrs(func(ae *nl.AttributeEncoder) {
		ae.Nest(statsLinkXstatsSlave)
		ae.Nest(xstatsTypeBond)
		ae.Nest(bondXstats3AD)
		for i := range bond3adLabels {
			ae.Uint64(uint16(i), uint64(i+1))
		}
		ae.End()
		ae.End()
		ae.End()
	})
}

// `ip link xstats type bond_slave` of a port, as bond_print_3ad_stats
// prints it: ifindex 1 is lo in any namespace.
func TestBondXstats(t *testing.T) {
	conn, err := nl.Dial()
	if err != nil {
		t.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	data := append(make([]byte, 12), bondXstatsSeed()...)
	binary.NativeEndian.PutUint32(data[4:], 1)
	text := "lo              \n" +
		"                    LACPDU Rx 1\n                    LACPDU Tx 2\n" +
		"                    LACPDU Unknown type Rx 3\n                    LACPDU Illegal Rx 4\n" +
		"                    Marker Rx 5\n                    Marker Tx 6\n" +
		"                    Marker response Rx 7\n                    Marker response Tx 8\n" +
		"                    Marker unknown type Rx 9\n"
	json := `[{"ifname":"lo","802.3ad":{"lacpdu_rx":1,"lacpdu_tx":2,"lacpdu_unknown_rx":3,` +
		`"lacpdu_illegal_rx":4,"marker_rx":5,"marker_tx":6,"marker_response_rx":7,"marker_response_tx":8,` +
		`"marker_unknown_rx":9}}]` + "\n"
	for _, c := range []struct {
		json bool
		only uint16
		want string
	}{{false, 0, text}, {true, 0, json}, {false, bondXstats3AD, text}, {false, 2, "lo              \n"}} {
		var out bytes.Buffer
		s := &session{}
		s.out = output.NewPrinter(&out, c.json, false, false)
		s.conn = conn
		s.links.reset(conn)
		s.out.Begin()
		s.printXstats(data, 0, &bondXstatsKind, c.only)
		s.out.End()
		s.out.Flush()
		if got := out.String(); got != c.want {
			t.Errorf("json %v, only %d:\n got %q\nwant %q", c.json, c.only, got, c.want)
		}
	}
}

// TestStatsText pins the -s -s tables: the RX row without its zero
// compressed counter, the TX row with it, RX errors' two optional columns
// and TX errors' carrier transitions.
func TestStatsText(t *testing.T) {
	s := &session{stats: 2, out: output.NewPrinter(io.Discard, false, false, false)}
	var st linkStats
	for i := range st {
		st[i] = uint64(i * 1001)
	}
	st[rxCompressed] = 0
	want := "    RX:  bytes packets errors dropped  missed   mcast           \n" +
		"          2002       0   4004    6006   15015    8008 \n" +
		"    RX errors:  length    crc   frame    fifo overrun  nohandler otherhost\n" +
		"                 10010  12012   13013   14014   11011      23023     24024 \n" +
		"    TX:  bytes packets errors dropped carrier collsns compressed\n" +
		"          3003    1001   5005    7007   17017    9009      22022 \n" +
		"    TX errors: aborted   fifo  window heartbt transns\n" +
		"                 16016  18018   20020   19019       7 "
	if got := s.statsText(&st, carrierChanges{true, 7}); got != want {
		t.Errorf("statsText =\n%s\nwant\n%s", got, want)
	}
}

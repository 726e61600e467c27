package ip

import (
	"strconv"

	"nsip/internal/endian"
	"nsip/internal/unix"
	"nsip/nl"
)

// linkStats is struct rtnl_link_stats64: the counters in the kernel's order.
type linkStats [statsCount]uint64

const (
	rxPackets = iota
	txPackets
	rxBytes
	txBytes
	rxErrors
	txErrors
	rxDropped
	txDropped
	multicast
	collisions
	rxLengthErrors
	rxOverErrors
	rxCRCErrors
	rxFrameErrors
	rxFIFOErrors
	rxMissedErrors
	txAbortedErrors
	txCarrierErrors
	txFIFOErrors
	txHeartbeatErrors
	txWindowErrors
	rxCompressed
	txCompressed
	rxNohandler
	rxOtherhostDropped
	statsCount
)

// The IPv6 MIB counters (IPSTATS_MIB_*) an AF_INET6 link dump carries in
// place of the link counters, and the link counter each one stands for.
var inet6StatsMap = [...]struct{ mib, stat uint8 }{
	{1, rxPackets}, {2, rxBytes}, {5, txPackets}, {6, txBytes},
	{13, rxErrors}, {14, txErrors}, {22, multicast}, {30, rxFrameErrors},
}

// printStats is print_stats64: a "stats64" JSON object, or the RX and TX
// tables (-s -s adds the error tables).
func (s *session) printStats(attrs nl.Attributes) {
	// get_rtnl_link_stats_rta: IFLA_STATS64, else the 32-bit IFLA_STATS,
	// else the IPv6 counters of IFLA_PROTINFO; key is the JSON object the
	// counters go in.
	var st linkStats
	key := "stats64"
	if b := attrs.Bytes(unix.IFLA_STATS64); b != nil {
		for i := 0; i < statsCount && 8*i+8 <= len(b); i++ {
			st[i] = endian.Native.Uint64(b[8*i:])
		}
	} else if b := attrs.Bytes(unix.IFLA_STATS); b != nil {
		// struct rtnl_link_stats has one 32-bit counter fewer.
		for i := 0; i < statsCount-1 && 4*i+4 <= len(b); i++ {
			st[i] = uint64(endian.Native.Uint32(b[4*i:]))
		}
		key = "stats"
	} else if attrs.Has(unix.IFLA_PROTINFO) {
		info, _ := attrs.Nested(unix.IFLA_PROTINFO)
		mib := info.Bytes(unix.IFLA_INET6_STATS)
		for i := range inet6StatsMap { // by index: a range over the array would copy it
			m := &inet6StatsMap[i]
			if at := 8 * int(m.mib); at+8 <= len(mib) {
				st[m.stat] = endian.Native.Uint64(mib[at:])
			}
		}
	} else {
		return
	}
	// The carrier transitions show in the error tables, when the
	// kernel reports them.
	carrier := carrierChanges{attrs.Has(unix.IFLA_CARRIER_CHANGES), uint64(attrs.Uint32(unix.IFLA_CARRIER_CHANGES))}
	p := s.out
	if !p.JSON() {
		p.Text(s.statsText(&st, carrier))
		return
	}
	p.OpenObject(key)
	p.OpenObject("rx")
	for i, f := range &statsJSONFields {
		if i > 0 && f.flags&jsonTX != 0 && statsJSONFields[i-1].flags&jsonTX == 0 {
			p.CloseObject()
			p.OpenObject("tx")
		}
		if (f.flags&jsonDetail != 0 && s.stats < 2) || (f.flags&jsonOptional != 0 && st[f.stat] == 0) {
			continue
		}
		p.Uint(wordAt(statsJSONWords, i), "", st[f.stat])
	}
	if carrier.known && s.stats > 1 {
		p.Uint("carrier_changes", "", carrier.count)
	}
	p.CloseObject()
	p.CloseObject()
}

type carrierChanges struct {
	known bool
	count uint64
}

// statsJSONFields are the counters of the "rx" and "tx" objects, and
// statsJSONWords their keys, laid out alike (see linkTypes); the optional
// ones are left out when zero, the detailed ones need -s -s.
var statsJSONFields = [...]struct{ stat, flags uint8 }{
	{rxBytes, 0}, {rxPackets, 0}, {rxErrors, 0}, {rxDropped, 0},
	{rxOverErrors, 0}, {multicast, 0}, {rxCompressed, jsonOptional}, {rxLengthErrors, jsonDetail},
	{rxCRCErrors, jsonDetail}, {rxFrameErrors, jsonDetail}, {rxFIFOErrors, jsonDetail}, {rxMissedErrors, jsonDetail},
	{rxNohandler, jsonDetail | jsonOptional}, {rxOtherhostDropped, jsonDetail | jsonOptional}, {txBytes, jsonTX}, {txPackets, jsonTX},
	{txErrors, jsonTX}, {txDropped, jsonTX}, {txCarrierErrors, jsonTX}, {collisions, jsonTX},
	{txCompressed, jsonTX | jsonOptional}, {txAbortedErrors, jsonTX | jsonDetail}, {txFIFOErrors, jsonTX | jsonDetail}, {txWindowErrors, jsonTX | jsonDetail},
	{txHeartbeatErrors, jsonTX | jsonDetail},
}

const statsJSONWords = "" +
	"bytes packets errors dropped " +
	"over_errors multicast compressed length_errors " +
	"crc_errors frame_errors fifo_errors missed_errors " +
	"nohandler otherhost bytes packets " +
	"errors dropped carrier_errors collisions " +
	"compressed aborted_errors fifo_errors window_errors " +
	"heartbeat_errors"

// The flags of statsJSONFields.
const (
	jsonTX = 1 << iota
	jsonDetail
	jsonOptional
)

// Two pseudo counters after the real ones: the carrier transitions and a
// zero, so that the tables below can name every number by index.
const (
	carrierCount = statsCount + iota
	zeroCount
)

// statsSizing lists, for each of the eight columns, the numbers that can
// widen it: the RX row, the RX errors row (-s -s), the TX row and the TX
// errors row (-s -s). The error rows are offset as in ip, which sizes them
// one column off from where it prints them.
var statsSizing = [4][8]uint8{
	{rxBytes, rxPackets, rxErrors, rxDropped, rxMissedErrors, multicast, rxCompressed, zeroCount},
	{zeroCount, rxLengthErrors, rxCRCErrors, rxFrameErrors, rxFIFOErrors, rxOverErrors, rxNohandler, rxOtherhostDropped},
	{txBytes, txPackets, txErrors, txDropped, txCarrierErrors, collisions, txCompressed, zeroCount},
	{zeroCount, zeroCount, txAbortedErrors, txFIFOErrors, txWindowErrors, txHeartbeatErrors, carrierCount, zeroCount},
}

// statsText is the text tables of print_stats64. Each column is as wide as
// its header or its widest number (headers only with -human); the first
// column's header shares its width with "RX:".
func (s *session) statsText(st *linkStats, carrier carrierChanges) string {
	var v [zeroCount + 1]uint64
	copy(v[:], st[:])
	v[carrierCount] = carrier.count
	t := statsTable{s: s, v: &v, sl: s.out.LineSep(),
		cols: [8]int{len("*X errors:"), len("packets"), len("errors"), len("dropped"),
			len("heartbt"), len("overrun"), len("compressed"), len("otherhost")}}
	for r, row := range statsSizing {
		if s.human || r%2 == 1 && s.stats < 2 {
			continue
		}
		for i, idx := range row {
			t.cols[i] = max(t.cols[i], len(utoa(v[idx])))
		}
	}
	t.main(&rxStatsRow)
	if s.stats > 1 {
		t.pad(t.sl, 0, "")
		t.errors(&rxErrorsRow, errorColumns)
	}
	t.pad(t.sl, 0, "")
	t.main(&txStatsRow)
	if s.stats > 1 {
		t.pad(t.sl, 0, "")
		// The transitions' column is there when the kernel reports them.
		n := errorColumns - 1
		if carrier.known {
			n++
		}
		t.errors(&txErrorsRow, n)
	}
	return string(t.b)
}

// statsRow is a line of column headers of statsText and the counters
// under them.
type statsRow struct {
	label    string
	names    [7]string
	counters [7]uint8
}

// The RX and TX tables, and their error tables (-s -s), which have five
// columns after the first and then, in RX, two shown only when their
// counters are not zero. TX errors' fifth column, the carrier
// transitions, shows when the kernel reports them.
var (
	rxStatsRow = statsRow{"    RX: ", [7]string{"bytes", "packets", "errors", "dropped", "missed", "mcast", "compressed"},
		[7]uint8{rxBytes, rxPackets, rxErrors, rxDropped, rxMissedErrors, multicast, rxCompressed}}
	txStatsRow = statsRow{"    TX: ", [7]string{"bytes", "packets", "errors", "dropped", "carrier", "collsns", "compressed"},
		[7]uint8{txBytes, txPackets, txErrors, txDropped, txCarrierErrors, collisions, txCompressed}}
	rxErrorsRow = statsRow{"    RX errors:", [7]string{"length", "crc", "frame", "fifo", "overrun", "nohandler", "otherhost"},
		[7]uint8{rxLengthErrors, rxCRCErrors, rxFrameErrors, rxFIFOErrors, rxOverErrors, rxNohandler, rxOtherhostDropped}}
	txErrorsRow = statsRow{"    TX errors:", [7]string{"aborted", "fifo", "window", "heartbt", "transns"},
		[7]uint8{txAbortedErrors, txFIFOErrors, txWindowErrors, txHeartbeatErrors, carrierCount, zeroCount, zeroCount}}
)

// errorColumns is how many columns an error table always has.
const errorColumns = 5

// statsTable writes the tables of statsText.
type statsTable struct {
	s    *session
	v    *[zeroCount + 1]uint64
	cols [8]int
	sl   string // the line separator
	b    []byte
}

// main writes a header line and the counters under it; the seventh
// column, compressed, only when its counter is not zero.
func (t *statsTable) main(row *statsRow) {
	compressed := t.v[row.counters[6]] != 0
	t.pad(row.label, t.cols[0]-4, row.names[0])
	for i := 1; i < len(row.names); i++ {
		name := row.names[i]
		if i == 6 && !compressed {
			name = ""
		}
		t.pad(" ", t.cols[i], name)
	}
	t.pad(t.sl, 0, "    ")
	for i, idx := range row.counters {
		if i < 6 || compressed {
			t.number(t.cols[i], idx)
		}
	}
}

// errors writes an error table of n counters in the columns after the
// first, then the optional ones that are not zero.
func (t *statsTable) errors(row *statsRow, n int) {
	t.pad(row.label, t.cols[0]-10, "")
	for i := range row.names { // by index: a range over the array would copy it
		name := row.names[i]
		switch {
		case i >= errorColumns && t.v[row.counters[i]] == 0:
			continue
		case i >= n && i < errorColumns:
			name = ""
		}
		t.pad(" ", t.cols[i+1], name)
	}
	t.pad(t.sl, t.cols[0]+5, "")
	for i, idx := range row.counters {
		if i < n || i >= errorColumns && t.v[idx] != 0 {
			t.number(t.cols[i+1], idx)
		}
	}
}

// pad writes prefix, then text right-aligned in width. Out of line: the
// store to t.b costs a write barrier at each caller.
//
//go:noinline
func (t *statsTable) pad(prefix string, width int, text string) {
	t.b = padLeft(t.b, prefix, width, text)
}

// number writes counter idx, right-aligned in width.
//
//go:noinline
func (t *statsTable) number(width int, idx uint8) {
	t.b = t.s.humanNumber(t.b, width, t.v[idx])
}

// humanNumber is print_num: it appends the number right-aligned to width
// and a space, or with -human, from 1000 (1024 with -iec) on, scaled with a
// unit letter and as many decimals as fit three digits.
func (s *session) humanNumber(b []byte, width int, n uint64) []byte {
	base := uint64(1000)
	if s.iec {
		base = 1024
	}
	text := ""
	if !s.human || n < base {
		text = utoa(n)
	} else {
		const prefixes = "kMGTPE"
		unit, pow := 0, uint64(1)
		for {
			pow *= base
			if n/base < pow || unit == len(prefixes)-1 {
				break
			}
			unit++
		}
		precision, digits := 2, uint64(1)
		for ; precision > 0; precision-- {
			digits *= 10
			if n/pow < digits {
				break
			}
		}
		text = strconv.FormatFloat(float64(n)/float64(pow), 'f', precision, 64) + prefixes[unit:unit+1]
		if s.iec {
			text += "i"
		}
	}
	return append(padLeft(b, "", width, text), ' ')
}

// padLeft appends prefix, then text right-aligned in width, as printf's
// "%s%*s" does.
//
//go:noinline
func padLeft(b []byte, prefix string, width int, text string) []byte {
	b = append(b, prefix...)
	for i := len(text); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, text...)
}

package ip

import (
	"bytes"
	"testing"

	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/nl"
)

// FuzzStatsMessages feeds arbitrary RTM_NEWSTATS payloads to the xstats
// and afstats printers in text and JSON: no input may make them panic.
func FuzzStatsMessages(f *testing.F) {
	bridge := attrs(func(ae *nl.AttributeEncoder) {
		ae.Nest(statsLinkXstats)
		ae.Nest(xstatsTypeBridge)
		ae.Bytes(bridgeXstatsMcast, make([]byte, 8*30))
		ae.Bytes(bridgeXstatsSTP, make([]byte, 20))
		ae.End()
		ae.End()
		ae.Nest(statsAFSpec)
		ae.Nest(28) // AF_MPLS
		ae.Bytes(mplsStatsLink, make([]byte, 72))
		ae.End()
		ae.Bytes(7, nil)
		ae.End()
	})
	f.Add(append(make([]byte, 12), bridge...))
	f.Add(append(make([]byte, 12), bondXstatsSeed()...))
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 0})
	conn, err := nl.Dial()
	if err != nil {
		f.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	testenv.Quiet(f) // "unknown af"
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, json := range []bool{false, true} {
			var out bytes.Buffer
			s := &session{stats: 1, human: json}
			s.out = output.NewPrinter(&out, json, false, false)
			s.conn = conn
			s.links.reset(conn)
			s.out.Begin()
			s.printXstats(data, 0, &bridgeXstatsKind, 0)
			s.printXstats(data, 0, &bondXstatsKind, 0)
			if ifindex, attrs, ok := linkStatsMessage(data, 0); ok {
				s.printAFStats(ifindex, attrs.Bytes(statsAFSpec))
			}
			s.out.End()
			s.out.Flush()
		}
	})
}

package ip

import (
	"bytes"
	"testing"

	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

// FuzzMonitorMessage feeds arbitrary messages to ip monitor's dispatch
// and the printers behind it (netconf, prefix, nsid and the rest), with
// every header: no input may make them panic. Lookups go to the test's
// own namespace and only read.
func FuzzMonitorMessage(f *testing.F) {
	f.Add(uint16(unix.RTM_NEWNETCONF), []byte{2, 0, 0, 0, 8, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 8, 0, 3, 0, 9, 0, 0, 0})
	f.Add(uint16(unix.RTM_NEWPREFIX), []byte{10, 0, 0, 0, 1, 0, 0, 0, 3, 64, 3, 0, 20, 0, 1, 0,
		0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 2, 0, 1, 0, 0, 0, 2, 0, 0, 0})
	f.Add(uint16(nl.TimestampType), []byte{0, 0x5e, 0xd0, 0xb2, 0x40, 0xe2, 1, 0})
	f.Add(uint16(unix.RTM_DELNSID), []byte{0, 0, 0, 0, 8, 0, 1, 0, 3, 0, 0, 0})
	f.Add(uint16(unix.RTM_NEWROUTE), []byte{2, 0, 0, 0})
	conn, err := nl.Dial()
	if err != nil {
		f.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	f.Fuzz(func(t *testing.T, typ uint16, data []byte) {
		testenv.Quiet(t)
		var out bytes.Buffer
		s := &session{timestamp: true, tshort: typ&1 != 0, nsidNamesLoaded: true}
		s.out = output.NewPrinter(&out, false, false, typ&2 != 0)
		s.conn = conn
		s.links.reset(conn)
		r := &monitorRequest{label: true, allNsid: true, ifindex: int32(typ >> 12)}
		s.monitorMessage(r, nl.Message{Header: nl.Header{Type: nl.HeaderType(typ), Length: uint32(nl.HeaderLen + len(data))}, Data: data}, int32(typ)>>8)
		s.out.Flush()
	})
}

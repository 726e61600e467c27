package ip

import (
	"bytes"
	"encoding/binary"
	"testing"

	"nsip/nl"
)

// TestTuntapDumpRequest compares the request with iproute2 6.1's, from
// `strace -e trace=sendto -xx ip tuntap show` (sequence number zeroed):
// an ifinfomsg and IFLA_LINKINFO holding IFLA_INFO_KIND "tun" without
// its NUL, nested without NLA_F_NESTED.
func TestTuntapDumpRequest(t *testing.T) {
	u16 := func(b []byte, v uint16) []byte { return binary.NativeEndian.AppendUint16(b, v) }
	want := binary.NativeEndian.AppendUint32(nil, 44)
	want = u16(want, 18)                       // RTM_GETLINK
	want = u16(want, 0x301)                    // NLM_F_REQUEST|NLM_F_DUMP
	want = append(want, make([]byte, 8+16)...) // seq, pid, ifinfomsg
	want = u16(u16(want, 12), 18)              // IFLA_LINKINFO
	want = u16(u16(want, 7), 1)                // IFLA_INFO_KIND
	want = append(want, 't', 'u', 'n', 0)
	m := tuntapDumpRequest()
	m.Header.Flags = nl.Request | nl.Dump
	if got := m.Marshal(); !bytes.Equal(got, want) {
		t.Errorf("request\n%x, want\n%x", got, want)
	}
}

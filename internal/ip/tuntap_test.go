package ip

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/testenv"
	"nsip/internal/unix"
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

// FuzzTuntapArgs parses arbitrary words as ip tuntap add's and del's:
// no input may panic, and a request that parses has exactly one mode and
// a valid name or none.
func FuzzTuntapArgs(f *testing.F) {
	f.Add("mode\x00tap\x00user\x001\x00group\x00sys\x00one_queue\x00pi\x00vnet_hdr\x00multi_queue\x00name\x00tap0")
	f.Add("tun0\x00mode\x00tun\x00dev\x00x\x00user\x00\x00")
	f.Fuzz(func(t *testing.T, line string) {
		testenv.Quiet(t)
		for _, add := range []bool{true, false} {
			func() {
				defer cli.Recover(new(int))
				var req tuntapRequest
				if !parseTuntap(args(strings.Split(line, "\x00")), add, &req) {
					return
				}
				mode := req.flags & (unix.IFF_TUN | unix.IFF_TAP)
				if mode != unix.IFF_TUN && mode != unix.IFF_TAP || req.name != "" && !validIfName(req.name) {
					t.Fatalf("%q: request %+v", line, req)
				}
			}()
		}
	})
}

package nl

import (
	"bytes"
	"testing"

	"nsip/internal/unix"
)

// TestNsidSendsWhatIpSends checks the request against iproute2's capture
// (sequence number aside) and reads the nsid out of the kernel's answer.
func TestNsidSendsWhatIpSends(t *testing.T) {
	want := nativeBytes(t, goldenGetNSID.fields)
	for _, tt := range []struct {
		answer []string // NETNSA_* attributes of the reply, as fields
		nsid   int32
	}{
		{[]string{"u16:8 u16:1 i32:7"}, 7},
		{[]string{"u16:8 u16:1 i32:-1"}, NsidUnassigned},
		{nil, NsidUnassigned},
	} {
		c, _ := scripted(t, func(req Message, attempt int) [][]byte {
			got := req.Marshal()
			// As ip, a GET asks for no acknowledgement; the sequence
			// number is the session's.
			copy(got[8:12], want[8:12])
			if !bytes.Equal(got, want) {
				t.Errorf("request %x, want %x", got, want)
			}
			data := nativeBytes(t, "u8:0 pad:3")
			for _, f := range tt.answer {
				data = append(data, nativeBytes(t, f)...)
			}
			return [][]byte{reply(req, unix.RTM_NEWNSID, 0, data)}
		})
		id, err := c.Nsid(6)
		if err != nil || id != tt.nsid {
			t.Errorf("Nsid = %d, %v; want %d", id, err, tt.nsid)
		}
	}
}

func TestSetNsidRequest(t *testing.T) {
	c, _ := scripted(t, func(req Message, attempt int) [][]byte {
		want := nativeBytes(t, "u8:0 pad:3 u16:8 u16:3 u32:6 u16:8 u16:1 i32:-1")
		if req.Header.Type != unix.RTM_NEWNSID || !bytes.Equal(req.Data, want) {
			t.Errorf("request %v %x, want RTM_NEWNSID %x", req.Header.Type, req.Data, want)
		}
		ack := append(nativeBytes(t, "i32:-17"), req.Marshal()[:HeaderLen]...)
		return [][]byte{reply(req, Error, Capped, ack)}
	})
	if err := c.SetNsid(6, NsidUnassigned); err == nil {
		t.Error("SetNsid took an EEXIST answer for success")
	}
}

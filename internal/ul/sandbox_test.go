package ul

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"reflect"
	"testing"

	"nsip/internal/unix"
	"nsip/nl"
)

// TestLoUpRequest: the request is iproute2's for `ip link set dev lo up`,
// captured with `strace -e trace=sendmsg -e write=3` (sequence 0x6b106689).
func TestLoUpRequest(t *testing.T) {
	const capture = "20000000100005008966106b00000000" + "00000000010000000100000001000000"
	m := loUpRequest()
	m.Header.Flags |= nl.Request | nl.Acknowledge // as Conn.Execute sends it
	m.Header.Sequence = 0x6b106689
	got := m.Marshal()
	var want []byte
	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
		want, _ = hex.DecodeString(capture)
	} else {
		// The same fields in the host's byte order.
		e := binary.NativeEndian
		want = e.AppendUint32(nil, 32)
		want = e.AppendUint16(want, 16) // RTM_NEWLINK
		want = e.AppendUint16(want, 5)  // NLM_F_REQUEST|NLM_F_ACK
		want = e.AppendUint32(want, 0x6b106689)
		want = e.AppendUint32(want, 0)
		want = append(want, 0, 0, 0, 0)       // family, pad, type
		for _, v := range []uint32{1, 1, 1} { // index, flags IFF_UP, change IFF_UP
			want = e.AppendUint32(want, v)
		}
	}
	if !bytes.Equal(got, want) {
		t.Errorf("lo up request\n got %x\nwant %x", got, want)
	}
}

func TestParseSandbox(t *testing.T) {
	name, dir := "box", "/tmp"
	tests := []struct {
		argv []string
		want sandboxRun
	}{
		{[]string{"sandbox"}, sandboxRun{}},
		// Options end at the command: its own are its own.
		{[]string{"sandbox", "ip", "-n", "x", "--keep-user"}, sandboxRun{command: []string{"ip", "-n", "x", "--keep-user"}}},
		{[]string{"sandbox", "-nbox", "--directory=/tmp", "--keep-user", "--no-lo", "--", "-x"},
			sandboxRun{hostname: &name, dir: &dir, keepUser: true, noLo: true, command: []string{"-x"}}},
		{[]string{"sandbox", "--host", "box", "-C", "/tmp", "--keep", "true"},
			sandboxRun{hostname: &name, dir: &dir, keepUser: true, command: []string{"true"}}},
	}
	for _, tt := range tests {
		got := parseSandbox(tt.argv)
		if len(got.command) == 0 {
			got.command = nil
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseSandbox(%q) = %+v, want %+v", tt.argv, got, tt.want)
		}
	}
}

func TestUserNamespacesOff(t *testing.T) {
	const (
		clone    = "/proc/sys/kernel/unprivileged_userns_clone"
		max      = "/proc/sys/user/max_user_namespaces"
		apparmor = "/proc/sys/kernel/apparmor_restrict_unprivileged_userns"
	)
	tests := []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{max: "96362\n"}, ""},
		{map[string]string{}, ""},
		{map[string]string{clone: "1\n", max: "96362\n", apparmor: "0\n"}, ""},
		{map[string]string{clone: "0\n", max: "96362\n"}, "kernel.unprivileged_userns_clone=0"},
		{map[string]string{max: "0\n"}, "user.max_user_namespaces=0"},
		{map[string]string{max: "10\n"}, ""},
		{map[string]string{clone: "1\n", max: "96362\n", apparmor: "1\n"}, "kernel.apparmor_restrict_unprivileged_userns=1"},
	}
	for _, tt := range tests {
		read := func(path string) ([]byte, error) {
			if text, ok := tt.files[path]; ok {
				return []byte(text), nil
			}
			return nil, unix.ENOENT
		}
		if got := userNamespacesOff(read); got != tt.want {
			t.Errorf("userNamespacesOff(%v) = %q, want %q", tt.files, got, tt.want)
		}
	}
}

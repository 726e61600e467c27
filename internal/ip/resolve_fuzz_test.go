package ip

import (
	"strings"
	"testing"

	"nsip/internal/testenv"
	"nsip/internal/unix"
)

// FuzzHostsLookup reads arbitrary hosts files: a name found must be a word
// of a line that is not commented out.
func FuzzHostsLookup(f *testing.F) {
	f.Add("127.0.0.1 localhost\n::1 ip6-localhost\n", []byte{127, 0, 0, 1})
	f.Add("::ffff:10.0.0.1\tmapped # c\n", []byte{10, 0, 0, 1})
	f.Add("10.0.0.1\n10.0.0.1 second", []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1})
	f.Fuzz(func(t *testing.T, hosts string, addr []byte) {
		for _, family := range []int{unix.AF_INET, unix.AF_INET6} {
			name, ok := hostsLookup([]byte(hosts), family, addr)
			if !ok {
				continue
			}
			if name == "" || strings.ContainsAny(name, " \t\n#") || !strings.Contains(hosts, name) {
				t.Fatalf("hostsLookup(%q, %v) = %q", hosts, addr, name)
			}
		}
	})
}

func TestHostsLookup(t *testing.T) {
	hosts := []byte("# 10.0.0.9 commented\n::1 six-lo\n10.0.0.1 one one-alias\n::ffff:10.0.0.2 two\n" +
		"fd00::1\tv6 # x\n10.0.0.3\n010.0.0.4 octal\n")
	for _, c := range []struct {
		family int
		addr   []byte
		want   string
	}{
		{unix.AF_INET, []byte{127, 0, 0, 1}, "six-lo"},
		{unix.AF_INET, []byte{10, 0, 0, 1}, "one"},
		{unix.AF_INET, []byte{10, 0, 0, 2}, "two"},
		{unix.AF_INET6, []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1}, "one"},
		{unix.AF_INET6, []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "v6"},
		{unix.AF_INET6, []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "six-lo"},
		{unix.AF_INET, []byte{10, 0, 0, 9}, ""},
		{unix.AF_INET, []byte{10, 0, 0, 3}, ""},
		{unix.AF_INET, []byte{10, 0, 0, 4}, ""},
	} {
		if got, _ := hostsLookup(hosts, c.family, c.addr); got != c.want {
			t.Errorf("hostsLookup(%v) = %q, want %q", c.addr, got, c.want)
		}
	}
}

// FuzzMPLSLabels reads arbitrary label stacks: what it accepts has its
// bottom-of-stack bit on the last label only.
func FuzzMPLSLabels(f *testing.F) {
	for _, s := range []string{"100", "1/2/3", "0x10", "1048576", "1/", " 7", "-0", "017/0x1f"} {
		f.Add(s)
	}
	testenv.Quiet(f) // "too many labels"
	f.Fuzz(func(t *testing.T, s string) {
		var data [256]byte
		n, ok := mplsLabels(&data, s)
		if !ok {
			return
		}
		if n == 0 || n%4 != 0 || n > len(data) {
			t.Fatalf("mplsLabels(%q) used %d bytes", s, n)
		}
		for i := 0; i < n; i += 4 {
			if bottom := data[i+2]&1 != 0; bottom != (i == n-4) {
				t.Fatalf("mplsLabels(%q): bottom of stack bit wrong at label %d", s, i/4)
			}
		}
	})
}

package ip

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

// recordingKernel is kernelWithNothing that keeps every message sent.
type recordingKernel struct {
	kernelWithNothing
	sent []nl.Message
}

func (k *recordingKernel) Send(b []byte) error {
	msgs, err := nl.ParseMessages(b)
	k.sent = append(k.sent, msgs...)
	if err != nil {
		return err
	}
	return k.kernelWithNothing.Send(b)
}

// runKindCommand runs one ip command line (a leading -4 or -6 is the
// global option) against a kernel that knows one link, d0 with index 2,
// and returns the RTM_NEWLINK it sent, with sequence and port id zeroed,
// and the exit status.
func runKindCommand(t testing.TB, words []string) ([]byte, int) {
	k := &recordingKernel{}
	s := &session{}
	var out bytes.Buffer
	s.out = output.NewPrinter(&out, false, false, false)
	s.useConn(nl.NewConn(k, fakePID))
	d0 := &cachedLink{index: 2, name: "d0"}
	s.links.byIndex[2], s.links.byName["d0"] = d0, d0
	switch words[0] {
	case "-4":
		s.family, words = unix.AF_INET, words[1:]
	case "-6":
		s.family, words = unix.AF_INET6, words[1:]
	}
	status := 0
	func() {
		defer cli.Recover(&status)
		status = s.command(words)
	}()
	for _, m := range k.sent {
		if m.Header.Type == unix.RTM_NEWLINK {
			m.Header.Sequence, m.Header.PID = 0, 0
			return m.Marshal(), status
		}
	}
	return nil, status
}

// TestKindRequestsMatchIproute2 checks the request of each kind's command
// lines against the bytes iproute2 6.1 sent for the same line
// (testdata/kinds.golden, written by tests/kinds/capture-golden.sh).
func TestKindRequestsMatchIproute2(t *testing.T) {
	testenv.SkipOnBigEndian(t)
	f, err := os.Open("testdata/kinds.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	testenv.Quiet(t)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("bad golden line %q", sc.Text())
		}
		n++
		got, _ := runKindCommand(t, strings.Fields(line))
		if hex.EncodeToString(got) != want {
			t.Errorf("ip %s\n got %x\nwant %s", line, got, want)
		}
	}
	if n < 40 {
		t.Fatalf("only %d golden lines", n)
	}
}

// FuzzKindOptions runs "ip link add|set ... type KIND WORDS..." with any
// words after any kind nsip parses: no input may panic. The input is the
// kind and the words, separated by NUL.
func FuzzKindOptions(f *testing.F) {
	f.Add(false, "vxlan\x00id\x001\x00group\x00239.0.0.1\x00dev\x00d0\x00srcport\x001")
	f.Add(true, "bond\x00arp_ip_target\x001.2.3.4,,fd00::1\x00ns_ip6_target")
	f.Add(false, "macvlan\x00mode\x00source\x00macaddr\x00set\x001:2:3:4:5:6:7\x00x:y\x00nodst")
	f.Add(false, "vlan\x00id\x001\x00egress-qos-map\x001:\x00:2")
	f.Add(true, "bridge_slave\x00backup_port\x00\x00hairpin\x00o")
	f.Add(false, "geneve\x00external\x00ttl\x00inherit\x00id\x00")
	f.Add(false, "xfrm\x00if_id\x000x\x00external")
	f.Add(false, "ipvtap\x00private\x00vepa")
	f.Add(false, "bond_slave\x00prio\x00-2147483649")
	f.Fuzz(func(t *testing.T, set bool, line string) {
		words := strings.Split(line, "\x00")
		if len(words) > 64 || touchesTheSystem(words) {
			return
		}
		cmd := []string{"link", "add", "x0", "type"}
		if set {
			cmd = []string{"link", "set", "d0", "type"}
		}
		testenv.Quiet(t)
		runKindCommand(t, append(cmd, words...))
	})
}

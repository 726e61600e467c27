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
	return runKindCommandOn(k, k, words)
}

// runKindCommandOn is runKindCommand against kernel k, which keeps in rec
// what was sent.
func runKindCommandOn(k nl.Socket, rec *recordingKernel, words []string) ([]byte, int) {
	s := &session{}
	var out bytes.Buffer
	s.out = output.NewPrinter(&out, false, false, false)
	s.useConn(nl.NewConn(k, fakePID))
	d0 := &cachedLink{index: 2, name: "d0"}
	s.links.store(d0)
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
	for _, m := range rec.sent {
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

// tunnelKernel is recordingKernel with one tunnel, d0, whose
// IFLA_LINKINFO is linkinfo: it answers RTM_GETLINK of d0 with it.
type tunnelKernel struct {
	recordingKernel
	linkinfo []byte
}

func (k *tunnelKernel) Send(b []byte) error {
	msgs, err := nl.ParseMessages(b)
	if err != nil || len(msgs) != 1 || msgs[0].Header.Type != unix.RTM_GETLINK {
		return k.recordingKernel.Send(b)
	}
	seq := msgs[0].Header.Sequence
	ae := nl.NewAttributeEncoder()
	ae.Bytes(unix.IFLA_LINKINFO, k.linkinfo)
	link := nl.Message{Header: nl.Header{Type: unix.RTM_NEWLINK, Sequence: seq, PID: fakePID},
		Data: append(nl.IfInfoMsg{Index: 2}.Marshal(), ae.Encode()...)}
	ack := nl.Message{Header: nl.Header{Type: nl.Error, Sequence: seq, PID: fakePID}, Data: append(make([]byte, 4), b[:16]...)}
	k.queue = append(k.queue, link.Marshal(), ack.Marshal())
	return nil
}

// linkinfoOf is the IFLA_LINKINFO of an RTM_NEWLINK request.
func linkinfoOf(t *testing.T, req []byte) []byte {
	t.Helper()
	msgs, err := nl.ParseMessages(req)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("bad request %x: %v", req, err)
	}
	_, rest, err := nl.UnmarshalIfInfoMsg(msgs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	attrs, _ := nl.ParseAttributes(rest)
	return attrs.Bytes(unix.IFLA_LINKINFO)
}

// TestGreChangeStartsFromTheTunnel checks that "link set d0 type KIND
// WORDS" on a tunnel made by "link add ... type KIND OPTIONS" sends what
// "link add ... type KIND OPTIONS WORDS" sends: ip reads the tunnel's
// settings first and applies the words on top. (The encapsulation ports
// are left out: ip swaps their bytes on a change.)
func TestGreChangeStartsFromTheTunnel(t *testing.T) {
	testenv.SkipOnBigEndian(t)
	testenv.Quiet(t)
	for _, c := range []struct{ kind, options, words string }{
		{"gre", "remote 10.0.0.1 local 10.0.0.2 key 5 iseq ocsum ttl 9 tos 0x10 fwmark 3 ignore-df encap fou", "nokey ttl 3"},
		{"gretap", "remote 10.0.0.1 local 10.0.0.2 nopmtudisc encap gue encap-csum", "pmtudisc remote 10.0.0.9"},
		{"erspan", "remote 10.0.0.1 erspan_ver 2 erspan_dir egress erspan_hwid 7", "erspan_ver 1 erspan 9"},
		{"ip6gre", "remote fd00::1 local fd00::2 key 5 hoplimit 9 tclass 0x28 flowlabel 0x12345 encaplimit 7 fwmark 3 allow-localremote", "noallow-localremote hlim inherit tclass inherit"},
		{"ip6gretap", "remote fd00::1 ikey 1.2.3.4 encaplimit none fl inherit fwmark inherit dscp inherit encap fou noencap-udp6-csum", "okey 8 encaplimit 2 local fd00::3"},
		{"ip6erspan", "remote fd00::1 erspan 100 seq", "erspan_ver 2 erspan_hwid 3 fwmark 1"},
		{"ip6gre", "external", "hoplimit 3"},
	} {
		// The kernel refuses every request: what was sent counts.
		added, _ := runKindCommand(t, strings.Fields("link add g0 type "+c.kind+" "+c.options))
		want, _ := runKindCommand(t, strings.Fields("link add g0 type "+c.kind+" "+c.options+" "+c.words))
		k := &tunnelKernel{linkinfo: linkinfoOf(t, added)}
		changed, _ := runKindCommandOn(k, &k.recordingKernel, strings.Fields("link set d0 type "+c.kind+" "+c.words))
		if got := linkinfoOf(t, changed); !bytes.Equal(got, linkinfoOf(t, want)) {
			t.Errorf("set %s %s on %s:\n got %x\nwant %x", c.kind, c.words, c.options, got, linkinfoOf(t, want))
		}
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
	f.Add(false, "ip6gre\x00remote\x00fd00::1\x00tclass\x00inherit\x00fl\x000xfffff\x00encaplimit\x00none\x00fwmark\x00inherit")
	f.Add(false, "ip6erspan\x00erspan_ver\x002\x00erspan_dir\x00e\x00erspan_hwid\x00-1\x00to\x000x100")
	f.Add(true, "ip6gretap\x00key\x001.2.3\x00encaplimit\x00256\x00dscp\x00x")
	f.Add(false, "gre\x00remote\x00239.1.1.1\x00local\x00any\x00erspan\x001")
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

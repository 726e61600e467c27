package ip

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// Every parser nsip has gets a fuzz target. The committed seed corpus is in
// testdata/fuzz; the f.Add seeds below run with every plain `go test`.

func FuzzParseAddresses(f *testing.F) {
	for _, s := range []string{"10.0.0.1/8", "fe80::1/64", "::ffff:1.2.3.4", "default",
		"0x0a.1/255.255.0.0", "1:2:3:4:5:6:7:8", "::", "all", "10.0.0.300"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, family := range []int{unix.AF_UNSPEC, unix.AF_INET, unix.AF_INET6} {
			p, ok := parsePrefix(s, family)
			if ok && p.bitlen > familyBits(p.family) && p.family != unix.AF_UNSPEC {
				t.Fatalf("parsePrefix(%q) gave /%d for family %d", s, p.bitlen, p.family)
			}
		}
		if ip, ok := parseIPv6(s); ok {
			again, ok := parseIPv6(formatIPv6(ip[:]))
			if !ok || again != ip {
				t.Fatalf("%q -> %q does not read back", s, formatIPv6(ip[:]))
			}
		}
		if ip, ok := parseIPv4(s); ok {
			if again, ok := parseIPv4(formatIPv4(ip[:])); !ok || again != ip {
				t.Fatalf("%q -> %q does not read back", s, formatIPv4(ip[:]))
			}
		}
		_, _ = parseNetmask(s)
		_, _, _ = cli.Strtoul(s, 0)
		_, _, _ = cli.Strtol(s, 16)
		_, _, _ = parseIDName(s)
		if pattern, name, ok := strings.Cut(s, "\x00"); ok {
			_ = fnmatch(pattern, name)
		}
	})
}

func FuzzBatchLine(f *testing.F) {
	for _, s := range []string{"link show dev v0", `"route" 'show' table all`, "a \\\nb # c",
		`link show "v0`, "\t\r\n", strings.Repeat("w ", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer cli.Recover(new(int))
		lines := &commandReader{r: strings.NewReader(s)}
		for {
			line, ok := lines.next()
			if !ok {
				break
			}
			for _, w := range splitCommandLine(line) {
				if strings.ContainsAny(w, "\n") && !strings.ContainsAny(line, `"'`) {
					t.Fatalf("word %q of %q spans lines", w, line)
				}
			}
		}
	})
}

// FuzzPrintMessages feeds arbitrary rtnetlink messages to the link,
// address, route and rule printers in every output mode: no input may make
// them panic. Lookups the printers make go to the test's own namespace and
// only read.
func FuzzPrintMessages(f *testing.F) {
	f.Add(uint16(unix.RTM_NEWLINK), append(nl.IfInfoMsg{Index: 1, Flags: unix.IFF_UP}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.String(unix.IFLA_IFNAME, "x0")
			ae.Uint32(unix.IFLA_LINK, 0)
			ae.Uint32(unix.IFLA_LINK_NETNSID, 3)
			ae.Bytes(unix.IFLA_ADDRESS, []byte{1, 2, 3, 4, 5, 6})
			ae.Uint8(unix.IFLA_PROTO_DOWN, 1)
			ae.Bytes(unix.IFLA_STATS64, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
		})...))
	f.Add(uint16(unix.RTM_NEWLINK), append(nl.IfInfoMsg{Family: unix.AF_INET6, Index: 1}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.String(unix.IFLA_IFNAME, "x1")
			ae.Nest(unix.IFLA_PROTINFO)
			ae.Bytes(unix.IFLA_INET6_STATS, make([]byte, 8*20))
			ae.End()
		})...))
	f.Add(uint16(unix.RTM_NEWADDR), append(nl.IfAddrMsg{Family: unix.AF_INET6, PrefixLen: 64, Index: 1}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.IFA_ADDRESS, make([]byte, 16))
			ae.Bytes(unix.IFA_CACHEINFO, make([]byte, 16))
			ae.Uint32(unix.IFA_FLAGS, 0xffff)
		})...))
	f.Add(uint16(unix.RTM_NEWROUTE), append(nl.RtMsg{Family: unix.AF_INET, DstLen: 8, Type: unix.RTN_UNICAST}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.RTA_DST, []byte{10, 0, 0, 0})
			ae.Bytes(unix.RTA_MULTIPATH, []byte{8, 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 8, 0, 5, 0, 10, 0, 0, 1})
			ae.Bytes(unix.RTA_METRICS, []byte{8, 0, 2, 0, 1, 0, 0, 0, 8, 0, 1, 0, 255, 255, 255, 255})
			ae.Bytes(unix.RTA_CACHEINFO, make([]byte, 32))
		})...))
	f.Add(uint16(unix.RTM_DELRULE), append(nl.FibRuleHdr{Family: unix.AF_INET6, SrcLen: 8, Action: unix.FR_ACT_GOTO}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.FRA_SRC, make([]byte, 16))
			ae.Bytes(unix.FRA_UID_RANGE, []byte{1, 0, 0, 0})
			ae.Bytes(unix.FRA_SPORT_RANGE, []byte{1, 0, 2, 0})
			ae.Bytes(unix.FRA_TUN_ID, []byte{1, 2, 3})
		})...))
	conn, err := nl.Dial()
	if err != nil {
		f.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	f.Fuzz(func(t *testing.T, typ uint16, data []byte) {
		for _, mode := range []struct{ json, pretty, oneline, brief bool }{
			{}, {json: true}, {json: true, pretty: true}, {oneline: true}, {brief: true},
		} {
			var out bytes.Buffer
			// Counters (-s -s, scaled with -h in one mode) and colours too.
			s := &session{oneline: mode.oneline, brief: mode.brief, stats: 2, human: mode.oneline}
			s.out = output.NewPrinter(&out, mode.json, mode.pretty, mode.oneline)
			s.out.EnableColor(output.ColorAlways, -1, "0;0")
			s.conn = conn
			s.links.reset(conn)
			m := nl.Message{Header: nl.Header{Type: nl.HeaderType(typ)}, Data: data}
			s.out.Begin()
			s.printLink(m, &linkFilter{group: -1, doLink: true})
			if _, rest, err := nl.UnmarshalIfInfoMsg(m.Data); err == nil {
				attrs, _ := nl.ParseAttributes(rest)
				s.printStats(attrs)
			}
			s.printLink(m, &linkFilter{group: -1, family: unix.AF_PACKET})
			s.printAddress(&m, &linkFilter{group: -1, oneline: mode.oneline})
			s.printRoute(m, &routeFilter{})
			s.printRuleMessage(m)
			s.out.End()
			s.out.Flush()
		}
	})
}

func attrs(build func(*nl.AttributeEncoder)) []byte {
	ae := nl.NewAttributeEncoder()
	build(ae)
	return ae.Encode()
}

// FuzzCommandReader: commandReader reads the lines bufio.Reader's
// ReadString('\n') reads, whatever the sizes of the reads and however the
// error comes, with the last data or after it.
func FuzzCommandReader(f *testing.F) {
	for _, s := range []string{"", "\n", "a", "a\nb", "a\nb\n", "a\\\nb\n# c\n\n", strings.Repeat("x", 5000) + "\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		readers := []func() io.Reader{
			func() io.Reader { return strings.NewReader(s) },
			func() io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
			func() io.Reader { return iotest.DataErrReader(strings.NewReader(s)) },
			func() io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
			func() io.Reader { return iotest.TimeoutReader(iotest.HalfReader(strings.NewReader(s))) },
		}
		for i, r := range readers {
			ours, theirs := &commandReader{r: r()}, bufio.NewReader(r())
			for n := 0; ; n++ {
				line, err := ours.readString()
				want, wantErr := theirs.ReadString('\n')
				if line != want || err != wantErr {
					t.Fatalf("reader %d, line %d: %q, %v; bufio: %q, %v", i, n, line, err, want, wantErr)
				}
				if err == io.EOF {
					break
				}
			}
		}
	})
}

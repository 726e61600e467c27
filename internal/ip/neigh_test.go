package ip

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

func TestNudState(t *testing.T) {
	for _, c := range []struct {
		arg   string
		state uint32
		ok    bool
	}{
		{"permanent", unix.NUD_PERMANENT, true}, {"p", unix.NUD_PERMANENT, true},
		{"r", unix.NUD_REACHABLE, true}, {"f", unix.NUD_FAILED, true},
		{"noarp", unix.NUD_NOARP, true}, {"noar", 0, false}, {"none", 0, true},
		{"stale", unix.NUD_STALE, true}, {"st", 0, false}, {"0x80", 0x80, true},
		{"0", 0, true}, {"3", 0, false}, {"256", 0, false}, {"", 0, false}, {"-1", 0, false},
	} {
		state, ok := nudState(c.arg)
		if ok != c.ok || (ok && state != c.state) {
			t.Errorf("nudState(%q) = %#x, %v; want %#x, %v", c.arg, state, ok, c.state, c.ok)
		}
	}
	// "all" is every state, without noarp in a flush; "none" is ip's 0x100.
	filterState := func(arg string, flush bool) uint32 {
		var f neighFilter
		new(session).parseNeighFilter(args{"nud", arg}, flush, &f)
		return f.state
	}
	if filterState("all", false) != ^uint32(0) || filterState("all", true) != ^uint32(unix.NUD_NOARP) ||
		filterState("none", false) != neighNone {
		t.Error("nud all or none misread")
	}
}

// neighEntry is an RTM_NEWNEIGH as the kernel sends it.
func neighEntry(ndm nl.NdMsg, build func(ae *nl.AttributeEncoder)) nl.Message {
	return nl.Message{Header: nl.Header{Type: unix.RTM_NEWNEIGH}, Data: append(ndm.Marshal(), attrs(build)...)}
}

func TestNeighSelected(t *testing.T) {
	dst := func(ae *nl.AttributeEncoder) { ae.Bytes(unix.NDA_DST, []byte{10, 9, 0, 5}) }
	reachable := neighEntry(nl.NdMsg{Family: unix.AF_INET, Index: 3, State: unix.NUD_REACHABLE}, dst)
	noarp := neighEntry(nl.NdMsg{Family: unix.AF_INET, Index: 3, State: unix.NUD_NOARP}, dst)
	stateless := neighEntry(nl.NdMsg{Family: unix.AF_INET, Index: 3}, dst)
	proxy := neighEntry(nl.NdMsg{Family: unix.AF_INET, Index: 3, Flags: unix.NTF_PROXY}, dst)
	show := neighFilter{state: 0xff &^ unix.NUD_NOARP}
	for _, c := range []struct {
		name string
		m    nl.Message
		f    neighFilter
		want bool
	}{
		{"show takes reachable", reachable, show, true},
		{"show leaves noarp", noarp, show, false},
		{"show leaves no state", stateless, show, false},
		{"nud none takes no state", stateless, neighFilter{state: neighNone}, true},
		{"proxy entries pass any state filter", proxy, neighFilter{state: unix.NUD_STALE}, true},
		{"another device", reachable, neighFilter{state: ^uint32(0), index: 4}, false},
		{"another family", reachable, neighFilter{state: ^uint32(0), family: unix.AF_INET6}, false},
		{"prefix outside", reachable, neighFilter{state: ^uint32(0),
			prefix: inetPrefix{family: unix.AF_INET, bitlen: 24, data: [len(inetPrefix{}.data)]byte{10, 8}}}, false},
		{"prefix inside", reachable, neighFilter{state: ^uint32(0),
			prefix: inetPrefix{family: unix.AF_INET, bitlen: 24, data: [len(inetPrefix{}.data)]byte{10, 9}}}, true},
		{"protocol asked, none set", reachable, neighFilter{state: ^uint32(0), protocol: 4}, false},
		{"a flush skips deletions", nl.Message{Header: nl.Header{Type: unix.RTM_DELNEIGH}, Data: reachable.Data},
			neighFilter{state: ^uint32(0), flushing: true}, false},
		{"short header", nl.Message{Header: nl.Header{Type: unix.RTM_NEWNEIGH}, Data: make([]byte, 11)}, neighFilter{state: ^uint32(0)}, false},
	} {
		var ndm nl.NdMsg
		if _, got := neighSelected(&c.m, &c.f, nil, &ndm); got != c.want {
			t.Errorf("%s: selected %v, want %v", c.name, got, c.want)
		}
	}
}

// TestNeighRequestEncoding parses the command line of a captured iproute2
// request (nl's goldenNeighAdd) and compares what nsip would send after
// the device lookup (v0 was index 3) with iproute2's bytes.
func TestNeighRequestEncoding(t *testing.T) {
	testenv.SkipOnBigEndian(t)
	const capture = "0200000003000000020080000500" + "0c0004000000080001000a0900320a0002000200000000500000"
	s := &session{}
	req := new(neighRequest)
	s.parseNeighRequest(strings.Fields("10.9.0.50 lladdr 02:00:00:00:00:50 dev v0 nud reachable router protocol static"), req)
	ae, ok := req.attributes()
	if !ok || !req.devNamed || req.dev != "v0" {
		t.Fatalf("parse: ok %v, dev %v", ok, req.dev)
	}
	req.ndm.Index = 3
	if got := hex.EncodeToString(append(req.ndm.Marshal(), ae.Encode()...)); got != capture {
		t.Errorf("request\n got %s\nwant %s", got, capture)
	}
}

// FuzzNeighMessage feeds arbitrary messages to the neighbour printer with
// several filters, in every output mode and with -s and -s -s: nothing may
// panic. Device lookups go to the test's own namespace and only read.
func FuzzNeighMessage(f *testing.F) {
	f.Add(uint16(unix.RTM_NEWNEIGH), neighEntry(nl.NdMsg{Family: unix.AF_INET, Index: 1, State: unix.NUD_STALE,
		Flags: unix.NTF_ROUTER | unix.NTF_EXT_LEARNED}, func(ae *nl.AttributeEncoder) {
		ae.Bytes(unix.NDA_DST, []byte{10, 0, 0, 1})
		ae.Bytes(unix.NDA_LLADDR, []byte{2, 0, 0, 0, 0, 1})
		ae.Bytes(unix.NDA_CACHEINFO, make([]byte, 16))
		ae.Uint32(unix.NDA_PROBES, 3)
		ae.Uint8(nl.NdaProtocol, 4)
		ae.Uint32(nl.NdaFlagsExt, nl.NtfExtManaged)
	}).Data)
	f.Add(uint16(unix.RTM_DELNEIGH), neighEntry(nl.NdMsg{Family: unix.AF_BRIDGE, Index: 1},
		func(ae *nl.AttributeEncoder) { ae.Bytes(unix.NDA_DST, make([]byte, 16)) }).Data)
	f.Add(uint16(unix.RTM_GETNEIGH), []byte{10, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0, 4, 0, 1, 0})
	conn, err := nl.Dial()
	if err != nil {
		f.Skipf("no rtnetlink socket: %v", err)
	}
	defer conn.Close()
	filters := []neighFilter{{state: ^uint32(0)}, {state: 0xbf, index: 1}, {state: neighNone, unusedOnly: true, protocol: 4},
		{state: ^uint32(0), prefix: inetPrefix{family: unix.AF_INET6, bitlen: 8, data: [len(inetPrefix{}.data)]byte{0xfd}}}}
	f.Fuzz(func(t *testing.T, typ uint16, data []byte) {
		for _, mode := range []struct{ json, pretty, brief bool }{{}, {json: true}, {json: true, pretty: true}, {brief: true}} {
			for stats := 0; stats < 3; stats++ {
				var out bytes.Buffer
				s := &session{brief: mode.brief, stats: stats}
				s.out = output.NewPrinter(&out, mode.json, mode.pretty, false)
				s.conn = conn
				s.links.reset(conn)
				m := nl.Message{Header: nl.Header{Type: nl.HeaderType(typ)}, Data: data}
				s.out.Begin()
				for i := range filters {
					var ndm nl.NdMsg
					if attrs, ok := neighSelected(&m, &filters[i], nil, &ndm); ok {
						s.printNeigh(m.Header.Type, &ndm, &attrs, &filters[i])
					}
				}
				s.printNeighMessage(m, 0)
				s.out.End()
				s.out.Flush()
			}
		}
	})
}

// FuzzNeighCommandLine runs ip neigh command lines (words separated by
// NUL) against a kernel with nothing: no input may panic.
func FuzzNeighCommandLine(f *testing.F) {
	for _, s := range []string{
		"show\x00nud\x00all\x00proxy\x00to\x0010.0.0.0/8", "flush\x00dev\x00\x00nud\x00none",
		"add\x00fd00::1\x00lladdr\x001:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20:21:22\x00dev\x00lo\x00managed",
		"get\x00proxy\x0010.0.0.1", "add\x00help\x00to", "del\x00proxy\x00::\x00protocol\x00256",
		"show\x00vrf\x00x\x00master\x00lo\x00nomaster\x00unused\x00protocol\x00all", "replace\x00lladdr\x00null",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words := strings.Split(line, "\x00")
		if len(words) > 64 {
			return
		}
		for _, stats := range []int{0, 2} {
			var out bytes.Buffer
			s := &session{stats: stats}
			s.out = output.NewPrinter(&out, false, false, false)
			s.useConn(nl.NewConn(&kernelWithNothing{}, fakePID))
			testenv.Quiet(t)
			status := 0
			func() {
				defer cli.Recover(&status)
				s.ipNeigh(words)
			}()
		}
	})
}

// TestPrintNeighMessage pins what ip monitor will print for neighbour
// events: "Deleted " for RTM_DELNEIGH, "miss " for RTM_GETNEIGH, every
// state, the device always. The kernel stand-in knows no links, so the
// device shows as ifN, as in ip.
func TestPrintNeighMessage(t *testing.T) {
	entry := neighEntry(nl.NdMsg{Family: unix.AF_INET, Index: 7, State: unix.NUD_STALE, Flags: unix.NTF_ROUTER},
		func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.NDA_DST, []byte{10, 9, 0, 5})
			ae.Bytes(unix.NDA_LLADDR, []byte{2, 0, 0, 0, 0, 5})
			ae.Uint8(nl.NdaProtocol, unix.RTPROT_STATIC)
		})
	for _, c := range []struct {
		typ  nl.HeaderType
		json bool
		want string
	}{
		{unix.RTM_NEWNEIGH, false, "10.9.0.5 dev if7 lladdr 02:00:00:00:00:05 router STALE proto static \n"},
		{unix.RTM_DELNEIGH, false, "Deleted 10.9.0.5 dev if7 lladdr 02:00:00:00:00:05 router STALE proto static \n"},
		{unix.RTM_GETNEIGH, false, "miss 10.9.0.5 dev if7 lladdr 02:00:00:00:00:05 router STALE proto static \n"},
		{unix.RTM_DELNEIGH, true, `[{"deleted":true,"dst":"10.9.0.5","dev":"if7","lladdr":"02:00:00:00:00:05",` +
			`"router":null,"state":["STALE"],"protocol":"static"}]` + "\n"},
	} {
		var out bytes.Buffer
		s := &session{}
		s.out = output.NewPrinter(&out, c.json, false, false)
		s.useConn(nl.NewConn(&kernelWithNothing{}, fakePID))
		entry.Header.Type = c.typ
		s.out.Begin()
		s.printNeighMessage(entry, 0)
		s.out.End()
		s.out.Flush()
		if out.String() != c.want {
			t.Errorf("type %d, json %v:\n got %q\nwant %q", c.typ, c.json, out.String(), c.want)
		}
	}
}

// TestNeighLinkAddrTruncated checks that an lladdr is cut at ip's buffer:
// the parts from the neighLinkAddrMax-th colon on are neither read nor
// checked, and with one colon fewer all parts are read.
func TestNeighLinkAddrTruncated(t *testing.T) {
	full := strings.TrimSuffix(strings.Repeat("ab:", neighLinkAddrMax), ":") // neighLinkAddrMax parts
	for _, c := range []struct {
		lladdr string
		length int // of NDA_LLADDR; 0: refused
	}{
		{full + ":zz:yy", neighLinkAddrMax},
		{full + ":", neighLinkAddrMax},
		{full[3:] + ":zz", 0},
		{"1.2.3.4", 4},
	} {
		req := &neighRequest{lladdrSet: true, lladdr: c.lladdr, dst: inetPrefix{family: unix.AF_INET, bytelen: 4}}
		ae, ok := req.attributes()
		if !ok {
			if c.length != 0 {
				t.Errorf("%q refused", c.lladdr)
			}
			continue
		}
		attrs, _ := nl.ParseAttributes(ae.Encode())
		if got := attrs.Bytes(unix.NDA_LLADDR); len(got) != c.length {
			t.Errorf("%q: lladdr %x, want %d bytes", c.lladdr, got, c.length)
		}
	}
}

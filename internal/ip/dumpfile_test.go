package ip

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"nsip/internal/output"
	"nsip/internal/testenv"
	"nsip/internal/unix"
	"nsip/nl"
)

// FuzzDumpFile reads arbitrary bytes as the messages of a dump file
// (what follows the magic): no input may panic, every message handed on
// must be exactly the bytes it came from, and restore's pass for it must
// be one of the three.
func FuzzDumpFile(f *testing.F) {
	f.Add([]byte{})
	f.Add(nl.Message{Header: nl.Header{Type: unix.RTM_NEWROUTE}, Data: nl.RtMsg{Family: unix.AF_INET}.Marshal()}.Marshal())
	f.Fuzz(func(t *testing.T, data []byte) {
		testenv.Quiet(t)
		at := 0
		in := &dumpInput{data: data, eof: true}
		in.each(func(m *nl.Message) bool {
			raw := m.Marshal()
			if len(raw) != int(m.Header.Length) || !bytes.Equal(raw, data[at:at+len(raw)]) {
				t.Fatalf("message at %d is not the bytes it came from", at)
			}
			at += (len(raw) + 3) &^ 3
			if pass := routeRestorePass(m.Data); pass < 0 || pass > 2 {
				t.Fatalf("restore pass %d", pass)
			}
			warnDeficit(m.Data, nl.IfAddrMsgLen)
			return true
		})
	})
}

func TestSplitDumpMessage(t *testing.T) {
	header := func(length uint32) []byte {
		return binary.NativeEndian.AppendUint32(nil, length)
	}
	for _, c := range []struct {
		data      []byte
		complaint string
		rest      int
	}{
		{append(header(16), make([]byte, 12)...), "", 0},
		// The payload is read padded to four bytes.
		{append(header(18), make([]byte, 12+4+4)...), "", 4},
		{append(header(18), make([]byte, 12+2)...), "rtnl-from_file: truncated message\n", 0},
		{header(16), "rtnl-from_file: truncated message\n", 0},
		{append(header(15), make([]byte, 12)...), "!!!malformed message: len=15 @", 0},
		{append(header(16385), make([]byte, 12)...), "!!!malformed message: len=16385 @", 0},
		{append(header(0x80000000), make([]byte, 12)...), "!!!malformed message: len=-2147483648 @", 0},
	} {
		var m nl.Message
		rest, complaint := splitDumpMessage(c.data, &m)
		if complaint != c.complaint || len(rest) != c.rest {
			t.Errorf("%x: complaint %q, %d bytes left; want %q, %d", c.data, complaint, len(rest), c.complaint, c.rest)
		}
		if complaint == "" && int(m.Header.Length) != nl.HeaderLen+len(m.Data) {
			t.Errorf("%x: payload of %d bytes for length %d", c.data, len(m.Data), m.Header.Length)
		}
	}
}

func TestRouteRestorePass(t *testing.T) {
	route := func(build func(*nl.AttributeEncoder)) nl.Message {
		return nl.Message{Header: nl.Header{Type: unix.RTM_NEWROUTE}, Data: append(nl.RtMsg{Family: unix.AF_INET}.Marshal(), attrs(build)...)}
	}
	local := []byte{10, 0, 0, 1}
	for _, c := range []struct {
		name string
		m    nl.Message
		pass int
	}{
		{"no prefsrc", route(func(ae *nl.AttributeEncoder) { ae.Bytes(unix.RTA_DST, local) }), 0},
		{"prefsrc is dst", route(func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.RTA_DST, local)
			ae.Bytes(unix.RTA_PREFSRC, local)
		}), 0},
		{"prefsrc elsewhere", route(func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.RTA_DST, []byte{10, 0, 0, 0})
			ae.Bytes(unix.RTA_PREFSRC, local)
		}), 1},
		{"prefsrc, no dst", route(func(ae *nl.AttributeEncoder) { ae.Bytes(unix.RTA_PREFSRC, local) }), 1},
		{"gateway", route(func(ae *nl.AttributeEncoder) {
			ae.Bytes(unix.RTA_PREFSRC, local)
			ae.Bytes(unix.RTA_GATEWAY, local)
		}), 2},
	} {
		if pass := routeRestorePass(c.m.Data); pass != c.pass {
			t.Errorf("%s: pass %d, want %d", c.name, pass, c.pass)
		}
	}
}

// FuzzFdinfo reads arbitrary text as a /proc fdinfo file: no input may
// panic, and every pair found must be a key without a colon and a value
// without blanks, both non-empty.
func FuzzFdinfo(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		scanFdinfo(text, func(key, value string) {
			if key == "" || value == "" || strings.Contains(key, ":") || strings.ContainsAny(value, " \t\n\v\f\r") {
				t.Fatalf("%q: pair %q %q", text, key, value)
			}
		})
		_, _ = idOfName(key(text), text)
	})
}

// key is the start of text up to its first colon, a name to look up.
func key(text string) string {
	name, _, _ := strings.Cut(text, ":")
	return name
}

func TestScanFdinfo(t *testing.T) {
	var got []string
	scanFdinfo("pos:\t0\nflags:\t0100002\niff:\ttap0\nempty:\nnext:\tv\n", func(key, value string) {
		got = append(got, key+"="+value)
	})
	// As with ip's fscanf, a key without a value takes the next word.
	want := "pos=0 flags=0100002 iff=tap0 empty=next:"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestIDOfName(t *testing.T) {
	text := "root:x:0:0:root:/root:/bin/bash\nbad:x:y:1::\nbig:x:4294967296:1::\ndaemon:x:1:1::/:\n"
	for _, c := range []struct {
		name string
		id   uint32
		ok   bool
	}{{"root", 0, true}, {"daemon", 1, true}, {"bad", 0, false}, {"big", 0, false}, {"", 0, false}, {"nobody", 0, false}} {
		if id, ok := idOfName(c.name, text); id != c.id || ok != c.ok {
			t.Errorf("%q: %d %v, want %d %v", c.name, id, ok, c.id, c.ok)
		}
	}
}

func TestPrintTunFlags(t *testing.T) {
	for _, c := range []struct {
		flags      int64
		text, json string
	}{
		// IFF_NO_PI and IFF_NOFILTER are one bit: set, neither shows.
		{0x1001, " tun", `["tun"]`},
		{0x0002 | 0x0800 | 0x0100, " tap pi multi_queue persist filter", `["tap","pi","multi_queue","persist","filter"]`},
		{0x1001 | 0x0010, " tun 0x10", `["tun","0x10"]`},
	} {
		for _, json := range []bool{false, true} {
			var out bytes.Buffer
			p := output.NewPrinter(&out, json, false, false)
			p.Begin()
			printTunFlags(p, c.flags)
			p.End()
			p.Flush()
			want := c.text
			if json {
				want = `[` + `"flags":` + c.json + "]\n"
			}
			if out.String() != want {
				t.Errorf("%#x json=%v: %q, want %q", c.flags, json, out.String(), want)
			}
		}
	}
}

package output

import (
	"bytes"
	"strings"
	"testing"
)

// printSample prints one record of each shape iproute2's JSON has: nested
// arrays of strings and objects, an empty array, an empty object.
func printSample(p *Printer) {
	p.Begin()
	p.OpenObject("")
	p.Int("ifindex", "%d: ", 1)
	p.String("ifname", "%s: ", "lo")
	p.OpenArray("flags", "<")
	p.String("", "%s,", "LOOPBACK")
	p.String("", "%s", "UP")
	p.CloseArray("> ")
	p.OpenJSONArray("addr_info")
	p.OpenObject("")
	p.String("local", "%s", "127.0.0.1")
	p.Int("prefixlen", "/%d ", 8)
	p.CloseObject()
	p.CloseJSONArray()
	p.OpenJSONArray("altnames")
	p.CloseJSONArray()
	p.Text("\n")
	p.CloseObject()
	p.OpenObject("")
	p.CloseObject()
	p.End()
}

func TestPrinterLayouts(t *testing.T) {
	tests := []struct {
		name          string
		json, pretty  bool
		want          string
		oneline       bool
		wantLineBreak string
	}{
		{name: "text", want: "1: lo: <LOOPBACK,UP> 127.0.0.1/8 \n"},
		{name: "json", json: true,
			want: `[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"addr_info":[{"local":"127.0.0.1","prefixlen":8}],"altnames":[]},{}]` + "\n"},
		{name: "pretty json", json: true, pretty: true, want: `[ {
        "ifindex": 1,
        "ifname": "lo",
        "flags": [ "LOOPBACK","UP" ],
        "addr_info": [ {
                "local": "127.0.0.1",
                "prefixlen": 8
            } ],
        "altnames": [ ]
    },{} ]
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := NewPrinter(&buf, tt.json, tt.pretty, tt.oneline)
			printSample(p)
			p.Flush()
			if buf.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), tt.want)
			}
		})
	}
}

func TestPrinterEscapesLikeIproute2(t *testing.T) {
	var buf bytes.Buffer
	p := NewPrinter(&buf, true, false, false)
	p.Begin()
	p.OpenObject("")
	p.String("ifalias", "%s", "tab\tnl\nquote\"back\\slash\x01é")
	p.CloseObject()
	p.End()
	p.Flush()
	want := `[{"ifalias":"tab\tnl\nquote\"back\\slash` + "\x01é" + `"}]` + "\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func TestOnelineJoinsLines(t *testing.T) {
	var buf bytes.Buffer
	p := NewPrinter(&buf, false, false, true)
	p.Text("1: lo:")
	p.NL()
	p.Text("    link/loopback\n")
	p.Flush()
	if got, want := buf.String(), "1: lo:\\    link/loopback\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormatVerbs(t *testing.T) {
	tests := []struct {
		format string
		number int64
		want   string
	}{
		{"%d: ", -3, "-3: "},
		{"mtu %u ", -1, "mtu 4294967295 "},
		{"%x", 255, "ff"},
		{"state %#x", 7, "state 0x7"},
		{"flags %02x ", 5, "flags 05 "},
		{"%-16s ", 42, "42               "},
		{"%5d|", 42, "   42|"},
	}
	for _, tt := range tests {
		if got := string(appendNumber(nil, tt.format, tt.number)); got != tt.want {
			t.Errorf("appendNumber(%q, %d) = %q, want %q", tt.format, tt.number, got, tt.want)
		}
	}
	if got := FormatText("%-14s ", "UP"); got != "UP             " {
		t.Errorf("formatText pads to %q", got)
	}
	if got := FormatText("no verb", "x"); got != "no verb" {
		t.Errorf("formatText without a verb = %q", got)
	}
}

// TestBatchRecordsHoldsEndedRecords: a batching Printer writes nothing
// until it has 32 KiB of ended records or is flushed; the function
// BatchRecords returns writes the ended records alone, as ip's stdout
// holds only the record it has not flushed yet.
func TestBatchRecordsHoldsEndedRecords(t *testing.T) {
	var out bytes.Buffer
	p := NewPrinter(&out, false, false, false)
	writeEnded := p.BatchRecords()
	p.Text("one\n")
	p.EndRecord()
	p.Text("tw")
	if out.Len() != 0 {
		t.Fatalf("wrote %q before any flush", out.String())
	}
	writeEnded()
	if out.String() != "one\n" {
		t.Fatalf("ended records: %q, want %q", out.String(), "one\n")
	}
	p.Text("o\n")
	p.Flush()
	if out.String() != "one\ntwo\n" {
		t.Fatalf("after Flush: %q", out.String())
	}
	line := strings.Repeat("x", 99) + "\n"
	for out.Reset(); out.Len() == 0; {
		p.Text(line)
		p.EndRecord()
	}
	if out.Len() < recordBatchSize || out.Len()%len(line) != 0 {
		t.Errorf("first batch: %d bytes", out.Len())
	}
}

package ip

import (
	"bytes"
	"testing"

	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/nl"
)

// TestRuleRanges checks the port and uid ranges against what sscanf's
// "%hu-%hu" and "%u-%u" make of them in ip: wrapping values, ignored
// tails, blanks before numbers.
func TestRuleRanges(t *testing.T) {
	for _, tt := range []struct {
		in     string
		port   nl.Range
		portOK bool
		uid    nl.Range
		uidOK  bool
	}{
		{"80", rng(80, 80), true, nl.Range{}, false},
		{"1000-2000", rng(1000, 2000), true, rng(1000, 2000), true},
		{"5-", rng(5, 5), true, nl.Range{}, false},
		{"5x", rng(5, 5), true, nl.Range{}, false},
		{"70000", rng(4464, 4464), true, nl.Range{}, false},
		{" 1- 2", rng(1, 2), true, rng(1, 2), true},
		{"-1", rng(65535, 65535), true, nl.Range{}, false},
		{"1--1", rng(1, 65535), true, rng(1, 4294967295), true},
		{"4294967296-0x10", rng(0, 0), true, rng(0, 0), true},
		{"", nl.Range{}, false, nl.Range{}, false},
		{"-", nl.Range{}, false, nl.Range{}, false},
		{"x-1", nl.Range{}, false, nl.Range{}, false},
	} {
		port, ok := parseRange(tt.in, true)
		if ok != tt.portOK || ok && port != tt.port {
			t.Errorf("parseRange(%q, ports) = %v, %v; want %v, %v", tt.in, port, ok, tt.port, tt.portOK)
		}
		uid, ok := parseRange(tt.in, false)
		if ok != tt.uidOK || ok && uid != tt.uid {
			t.Errorf("parseRange(%q, uids) = %v, %v; want %v, %v", tt.in, uid, ok, tt.uid, tt.uidOK)
		}
	}
}

// TestPrintRuleMessage prints kernel rule messages as ip monitor and ip
// rule list print them (the texts are iproute2 6.1's).
func TestPrintRuleMessage(t *testing.T) {
	ranges := append(nl.FibRuleHdr{Family: unix.AF_INET6, SrcLen: 8, Table: unix.RT_TABLE_COMPAT, Action: unix.FR_ACT_TO_TBL}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.Uint32(unix.FRA_TABLE, 1000)
			ae.Uint32(unix.FRA_SUPPRESS_PREFIXLEN, 0xffffffff)
			ae.Uint8(unix.FRA_PROTOCOL, 0)
			ae.Uint32(unix.FRA_PRIORITY, 5)
			ae.Bytes(unix.FRA_UID_RANGE, rng(10, 20).UIDRange())
			ae.Bytes(unix.FRA_SPORT_RANGE, rng(80, 80).PortRange())
			ae.Bytes(unix.FRA_DPORT_RANGE, rng(1000, 2000).PortRange())
			ae.Bytes(unix.FRA_SRC, []byte{0xfd, 15: 0})
		})...)
	gotoRule := append(nl.FibRuleHdr{Family: unix.AF_INET, SrcLen: 32, TOS: 0x10, Action: unix.FR_ACT_GOTO,
		Flags: unix.FIB_RULE_INVERT | unix.FIB_RULE_UNRESOLVED | unix.FIB_RULE_IIF_DETACHED}.Marshal(),
		attrs(func(ae *nl.AttributeEncoder) {
			ae.Uint32(unix.FRA_PRIORITY, 80)
			ae.Bytes(unix.FRA_SRC, []byte{10, 3, 0, 1})
			ae.String(unix.FRA_IIFNAME, "v1")
			ae.Uint32(unix.FRA_FWMARK, 16)
			ae.Uint32(unix.FRA_FWMASK, 0xffffffff)
			ae.Uint32(unix.FRA_GOTO, 1000)
			ae.Uint32(unix.FRA_FLOW, 4)
			ae.Uint8(unix.FRA_PROTOCOL, unix.RTPROT_STATIC)
		})...)
	for _, tt := range []struct {
		typ  nl.HeaderType
		data []byte
		json bool
		text string
	}{
		{unix.RTM_NEWRULE, ranges, false, "5:\tfrom fd00::/8 uidrange 10-20 sport 80 dport 1000-2000 lookup 1000\n"},
		{unix.RTM_DELRULE, ranges, false, "Deleted 5:\tfrom fd00::/8 uidrange 10-20 sport 80 dport 1000-2000 lookup 1000\n"},
		{unix.RTM_NEWRULE, gotoRule, false,
			"80:\tnot from 10.3.0.1 tos 0x10 fwmark 0x10 iif v1 [detached] realms 4 goto 1000 [unresolved] proto static\n"},
		{unix.RTM_DELRULE, gotoRule, true, `[{"deleted":true,"priority":80,"not":null,"src":"10.3.0.1","tos":"0x10",` +
			`"fwmark":"0x10","iif":"v1","iif_detached":null,"flow_to":"4","goto":1000,"unresolved":null,"protocol":"static"}]` + "\n"},
		{unix.RTM_NEWROUTE, ranges, false, ""},
		{unix.RTM_NEWRULE, ranges[:11], false, ""},
	} {
		var out bytes.Buffer
		s := &session{}
		s.out = output.NewPrinter(&out, tt.json, false, false)
		s.out.Begin()
		s.printRuleMessage(nl.Message{Header: nl.Header{Type: tt.typ}, Data: tt.data})
		s.out.End()
		s.out.Flush()
		if out.String() != tt.text {
			t.Errorf("got %q\nwant %q", out.String(), tt.text)
		}
	}
}

func rng(start, end uint32) nl.Range { return nl.Range{Start: start, End: end} }

package ip

import (
	"bytes"
	"os"
	"testing"
	"time"

	"nsip/internal/output"
)

// instants spans the years a timestamp may show, around the daylight
// saving changes of both hemispheres and past the TZif tables' 2037.
func instants() []int64 {
	var ts []int64
	for t := int64(-86400 * 400); t < 2200000000; t += 86400*13 + 3607 {
		ts = append(ts, t)
	}
	for _, s := range []string{"2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z",
		"2026-10-25T01:00:00Z", "2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2040-04-06T15:59:59Z",
		"2040-04-06T16:00:00Z", "2000-02-29T12:00:00Z", "2100-03-01T00:00:00Z"} {
		t, _ := time.Parse(time.RFC3339, s)
		ts = append(ts, t.Unix())
	}
	return ts
}

func checkZone(t *testing.T, name string, z *zone, loc *time.Location) {
	t.Helper()
	for _, ts := range instants() {
		if z.transitions == nil && ts < 0 {
			// Go does not apply a bare rule before 1970.
			continue
		}
		want := time.Unix(ts, 0).In(loc)
		got := civilTime(ts + int64(z.offset(ts)))
		y, m, d := want.Date()
		if got.year != y || got.month != int(m) || got.day != d || got.hour != want.Hour() ||
			got.minute != want.Minute() || got.second != want.Second() || got.weekday != int(want.Weekday()) {
			t.Fatalf("%s at %d: %+v, want %v", name, ts, got, want)
		}
	}
}

func TestLocalTimeMatchesTZif(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Sydney",
		"Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Europe/Dublin", "Africa/Casablanca"} {
		b, err := os.ReadFile("/usr/share/zoneinfo/" + name)
		if err != nil {
			t.Skipf("no zone files: %v", err)
		}
		loc, err := time.LoadLocationFromTZData(name, b)
		if err != nil {
			t.Fatal(err)
		}
		z := new(zone)
		if !parseTZif(b, z) {
			t.Fatalf("%s does not parse", name)
		}
		checkZone(t, name, z, loc)
		// A slim file has only the rule after its last transition: drop
		// the later transitions of this fat one to be one.
		for i, tr := range z.transitions {
			if tr > 1200000000 {
				z.transitions, z.types = z.transitions[:i], z.types[:i]
				break
			}
		}
		// Casablanca's rule of today is not the one of 2008.
		if z.hasRule && name != "Africa/Casablanca" {
			checkZone(t, name+" (slim)", z, loc)
		}
	}
}

func TestLocalTimeRules(t *testing.T) {
	for _, rule := range []string{"UTC0", "EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
		"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "AEST-10AEDT,M10.1.0,M4.1.0/3", "IST-5:30",
		"NZST-12NZDT,M9.5.0,M4.1.0/3", "XXX3YYY,J60/1,300/-1", "EST5EDT"} {
		z := &zone{hasRule: true}
		if !parseTZRule(rule, &z.rule) {
			t.Fatalf("%s does not parse", rule)
		}
		t.Setenv("TZ", rule)
		loc := loadZoneForTest(t, rule)
		checkZone(t, rule, z, loc)
	}
	for _, bad := range []string{"", "AB1", "EST", "EST5EDT,M13.1.0,M1.1.0", "EST5EDT,M3.2.0", "EST5EDT,x"} {
		if parseTZRule(bad, new(tzRule)) {
			t.Errorf("%q parsed", bad)
		}
	}
}

// loadZoneForTest is Go's reading of a TZ rule, through a TZif file made
// of the rule alone.
func loadZoneForTest(t *testing.T, rule string) *time.Location {
	t.Helper()
	tzif := []byte("TZif2\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	header := append(append([]byte{}, tzif...), make([]byte, 24)...)
	header[20+4*4+3] = 1 // typecnt
	header[20+5*4+3] = 1 // charcnt
	block := append(append([]byte{}, header...), 0, 0, 0, 0, 0, 0, 0)
	file := append(append(block, block...), []byte("\n"+rule+"\n")...)
	loc, err := time.LoadLocationFromTZData(rule, file)
	if err != nil {
		t.Fatal(err)
	}
	if z := new(zone); !parseTZif(file, z) || !z.hasRule {
		t.Fatalf("%s: the rule-only TZif does not parse", rule)
	}
	return loc
}

func TestAsctime(t *testing.T) {
	t.Setenv("TZ", "UTC")
	localZone, localZoneRead = zone{}, false
	defer func() { localZone, localZoneRead = zone{}, false }()
	if got := asctime(3000000000); got != "Sat Jan 24 05:20:00 2065" {
		t.Errorf("asctime(3000000000) = %q", got)
	}
	if got := asctime(1796235746); got != "Wed Dec  2 18:22:26 2026" {
		t.Errorf("asctime(1796235746) = %q", got)
	}
	if got := asctime(1796835746); got != "Wed Dec  9 17:02:26 2026" {
		t.Errorf("asctime(1796835746) = %q", got)
	}
	for _, tt := range []struct {
		t    int64
		usec int
		want string
	}{{1796235746, 7, "[2026-12-02T18:22:26.000007] "}, {1767225599, 999999, "[2025-12-31T23:59:59.999999] "}} {
		var out bytes.Buffer
		p := output.NewPrinter(&out, false, false, false)
		printShortTimestamp(p, tt.t, tt.usec)
		p.Flush()
		if out.String() != tt.want {
			t.Errorf("printShortTimestamp(%d, %d) = %q, want %q", tt.t, tt.usec, out.String(), tt.want)
		}
	}
}

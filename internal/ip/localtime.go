package ip

import (
	"syscall"

	"nsip/internal/endian"
	"nsip/proc"
)

// Local time for ip monitor's timestamps, as C's localtime finds it: the
// zone TZ names (a TZif file, by path or under /usr/share/zoneinfo, or a
// POSIX rule such as "CET-1CEST,M3.5.0,M10.5.0/3"), else /etc/localtime,
// else UTC. Package time does the same but costs the binary some 33 KB.

// civil is a broken-down time.
type civil struct {
	year, month, day, hour, minute, second, weekday int
}

// zone is what a time zone says about UTC offsets: the transitions of a
// TZif file and the rule for times after the last one.
type zone struct {
	transitions []int64 // UTC seconds, ascending
	types       []uint8 // the offset index each transition starts
	offsets     []int32 // UTC offsets in seconds
	rule        tzRule  // after the transitions, or alone for a TZ rule
	hasRule     bool
}

// localZone is the zone of this process, read once into the variable:
// zones and rules filled in place, never on the heap, need no type
// descriptors.
var (
	localZone     zone
	localZoneRead bool
)

// localTime breaks the Unix time t down in the local zone.
func localTime(t int64) civil {
	if !localZoneRead {
		loadLocalZone(&localZone)
		localZoneRead = true
	}
	return civilTime(t + int64(localZone.offset(t)))
}

// loadLocalZone fills z, zero; it stays zero (UTC) when no zone is found.
func loadLocalZone(z *zone) {
	tz, set := syscall.Getenv("TZ")
	path := "/etc/localtime"
	if set {
		if len(tz) > 0 && tz[0] == ':' {
			tz = tz[1:]
		}
		if tz == "" {
			return
		}
		path = tz
		if tz[0] != '/' {
			path = "/usr/share/zoneinfo/" + tz
		}
	}
	// A file that cannot be read or parsed leaves z without offsets.
	if b, err := proc.ReadFile(path); err == nil {
		parseTZif(b, z)
	}
	if set && len(z.offsets) == 0 {
		z.hasRule = parseTZRule(tz, &z.rule)
	}
}

// parseTZif reads the transitions of a TZif file into z, zero: the 64-bit
// block of version 2 and later, with the footer rule, else the 32-bit
// block. On failure z has no offsets.
func parseTZif(b []byte, z *zone) bool {
	var counts [6]int
	if !tzifCounts(b, &counts) {
		return false
	}
	timeSize := 4
	if b[4] >= '2' {
		// Skip the 32-bit block to the second header.
		skip := 44 + counts[3]*5 + counts[4]*6 + counts[5] + counts[2]*8 + counts[1] + counts[0]
		if skip > len(b) {
			return false
		}
		b = b[skip:]
		if !tzifCounts(b, &counts) {
			return false
		}
		timeSize = 8
	}
	timecnt, typecnt := counts[3], counts[4]
	data := b[44:]
	need := timecnt*timeSize + timecnt + typecnt*6
	if typecnt == 0 || len(data) < need {
		return false
	}
	z.transitions, z.types, z.offsets = make([]int64, timecnt), make([]uint8, timecnt), make([]int32, typecnt)
	for i := range timecnt {
		if timeSize == 8 {
			z.transitions[i] = int64(endian.Big.Uint64(data[8*i:]))
		} else {
			z.transitions[i] = int64(int32(endian.Big.Uint32(data[4*i:])))
		}
		z.types[i] = data[timecnt*timeSize+i] % uint8(typecnt)
	}
	for i := range z.offsets {
		z.offsets[i] = int32(endian.Big.Uint32(data[timecnt*(timeSize+1)+6*i:]))
	}
	if timeSize == 8 {
		// The footer, after the rest of the block: "\nRULE\n".
		rest := data[min(need+counts[5]+counts[2]*12+counts[1]+counts[0], len(data)):]
		if len(rest) > 2 && rest[0] == '\n' {
			for i := 1; i < len(rest); i++ {
				if rest[i] == '\n' {
					z.hasRule = parseTZRule(string(rest[1:i]), &z.rule)
					break
				}
			}
		}
	}
	return true
}

// tzifCounts reads a TZif header's six counts: isutcnt, isstdcnt,
// leapcnt, timecnt, typecnt, charcnt.
func tzifCounts(b []byte, counts *[6]int) bool {
	if len(b) < 44 || string(b[:4]) != "TZif" {
		return false
	}
	for i := range counts {
		n := endian.Big.Uint32(b[20+4*i:])
		if n > 1<<20 {
			return false
		}
		counts[i] = int(n)
	}
	return true
}

// offset is the zone's UTC offset at the Unix time t.
func (z *zone) offset(t int64) int32 {
	n := len(z.transitions)
	switch {
	case z.hasRule && (n == 0 || t >= z.transitions[n-1]):
		return z.rule.offset(t)
	case n > 0 && t >= z.transitions[0]:
		i := n - 1
		for z.transitions[i] > t {
			i--
		}
		return z.offsets[z.types[i]]
	case len(z.offsets) > 0:
		// Before the first transition: the first offset, as zic writes it.
		return z.offsets[0]
	}
	return 0
}

// tzRule is a POSIX TZ rule: standard time, and daylight time between two
// dates of each year when it has one.
type tzRule struct {
	std, dst   int32 // UTC offsets
	hasDST     bool
	start, end tzDate
}

// tzDate is one end of daylight time: Mm.w.d, Jn or n, and a time of day.
type tzDate struct {
	_                noCompare
	kind             byte // 'M', 'J' or 'n'
	month, week, day int
	time             int32
}

func (r *tzRule) offset(t int64) int32 {
	if !r.hasDST {
		return r.std
	}
	year := civilTime(t + int64(r.std)).year
	start := r.start.unix(year) - int64(r.std)
	end := r.end.unix(year) - int64(r.dst)
	if (start < end && t >= start && t < end) || (start > end && (t >= start || t < end)) {
		return r.dst
	}
	return r.std
}

// unix is when the date falls in year, in local seconds since the epoch.
func (d tzDate) unix(year int) int64 {
	var day int64
	switch d.kind {
	case 'J':
		n := int64(d.day)
		if isLeap(year) && n >= 60 {
			n++
		}
		day = daysFromCivil(year, 1, 1) + n - 1
	case 'n':
		day = daysFromCivil(year, 1, 1) + int64(d.day)
	default:
		first := daysFromCivil(year, d.month, 1)
		wd := int((first%7 + 11) % 7) // 1970-01-01 was a Thursday
		mday := 1 + (d.day-wd+7)%7 + (d.week-1)*7
		for mday > daysIn(year, d.month) {
			mday -= 7
		}
		day = first + int64(mday-1)
	}
	return day*86400 + int64(d.time)
}

// parseTZRule reads "STDoffset[DST[offset][,start[/time],end[/time]]]"
// into r, zero; r is not to be used when it fails.
func parseTZRule(s string, r *tzRule) bool {
	var ok bool
	if s, ok = skipTZName(s); !ok {
		return false
	}
	var off int32
	if off, s, ok = parseTZOffset(s); !ok {
		return false
	}
	r.std = -off
	if s == "" {
		return true
	}
	if s, ok = skipTZName(s); !ok {
		return false
	}
	r.hasDST, r.dst = true, r.std+3600
	if s != "" && s[0] != ',' {
		if off, s, ok = parseTZOffset(s); !ok {
			return false
		}
		r.dst = -off
	}
	if s == "" {
		// No dates: the US rules, as glibc assumes.
		s = ",M3.2.0,M11.1.0"
	}
	if s[0] != ',' {
		return false
	}
	if s, ok = r.start.parse(s[1:]); !ok || s == "" || s[0] != ',' {
		return false
	}
	s, ok = r.end.parse(s[1:])
	return ok && s == ""
}

// skipTZName skips a zone abbreviation: three or more letters, or any
// characters between < and >.
//
//go:noinline
func skipTZName(s string) (string, bool) {
	if len(s) > 0 && s[0] == '<' {
		for i := 1; i < len(s); i++ {
			if s[i] == '>' {
				return s[i+1:], i >= 4
			}
		}
		return s, false
	}
	i := 0
	for i < len(s) && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z') {
		i++
	}
	return s[i:], i >= 3
}

// parseTZOffset reads [+-]hh[:mm[:ss]] as seconds.
func parseTZOffset(s string) (int32, string, bool) {
	sign := int32(1)
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	var total int32
	for part := 0; part < 3; part++ {
		n, rest, ok := tzNumber(s)
		if !ok || (part > 0 && n > 59) || n > 167 {
			return 0, s, false
		}
		total = total*60 + int32(n)
		s = rest
		if len(s) == 0 || s[0] != ':' || part == 2 {
			for ; part < 2; part++ {
				total *= 60
			}
			break
		}
		s = s[1:]
	}
	return sign * total, s, true
}

// parse reads Mm.w.d, Jn or n, and an optional /time into d, a field of
// a rule: a returned date would be copied at each return.
func (d *tzDate) parse(s string) (rest string, ok bool) {
	*d = tzDate{kind: 'n', time: 7200}
	switch {
	case len(s) > 0 && s[0] == 'M':
		d.kind = 'M'
		var n [3]int
		s = s[1:]
		for i := range n {
			if i > 0 {
				if len(s) == 0 || s[0] != '.' {
					return s, false
				}
				s = s[1:]
			}
			if n[i], s, ok = tzNumber(s); !ok {
				return s, false
			}
		}
		d.month, d.week, d.day = n[0], n[1], n[2]
		if d.month < 1 || d.month > 12 || d.week < 1 || d.week > 5 || d.day > 6 {
			return s, false
		}
	case len(s) > 0 && s[0] == 'J':
		d.kind = 'J'
		if d.day, s, ok = tzNumber(s[1:]); !ok || d.day < 1 || d.day > 365 {
			return s, false
		}
	default:
		if d.day, s, ok = tzNumber(s); !ok || d.day > 365 {
			return s, false
		}
	}
	if len(s) > 0 && s[0] == '/' {
		if d.time, s, ok = parseTZOffset(s[1:]); !ok {
			return s, false
		}
	}
	return s, true
}

// tzNumber reads up to three decimal digits.
//
//go:noinline
func tzNumber(s string) (int, string, bool) {
	n, i := 0, 0
	for ; i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, s[i:], i > 0
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(year, month int) int {
	if month == 2 {
		if isLeap(year) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)%2
}

// daysFromCivil counts the days from 1970-01-01 to a date of the proleptic
// Gregorian calendar.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilTime breaks seconds since 1970-01-01 00:00 down.
func civilTime(t int64) civil {
	days := floorDiv(t, 86400)
	secs := int(t - days*86400)
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	c := civil{
		year:    int(yoe + era*400),
		month:   int((mp+2)%12) + 1,
		day:     int(doy - (153*mp+2)/5 + 1),
		hour:    secs / 3600,
		minute:  secs / 60 % 60,
		second:  secs % 60,
		weekday: int((days%7 + 11) % 7),
	}
	if c.month <= 2 {
		c.year++
	}
	return c
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

package output

import (
	"io"
	"strconv"

	"nsip/internal/ascii"
)

// Printer is the one output writer every command prints through. A command
// describes each field once, with its JSON key and its text format, and the
// Printer writes whichever form is active: iproute2's text (with -oneline
// joining a record's lines) or the JSON that iproute2's json_writer streams,
// byte for byte, -pretty included.
//
// Text formats take one printf-style verb: %s, %d, %u or %x, with an
// optional '-' or '0' flag and a width, as in "%-16s " or "flags %02x ".
type Printer struct {
	w       buffer
	jsonOut bool // -json was given
	pretty  bool
	// lineSep ends a line inside one record: "\n", or "\\" for -oneline.
	lineSep string
	// palette holds the colour escapes with -color, nil without.
	palette *[7]string
	// batching: EndRecord holds the records (BatchRecords); ended is how
	// much of w holds ended ones.
	batching bool
	ended    int

	// The JSON state, live between Begin and End.
	inJSON bool
	depth  int
	comma  bool // the next element needs a separating comma
}

// thePrinter is the one Printer of the process: a program prints through
// one at a time. A package variable, set up field by field, rather than a
// heap one: a heap Printer brings the type's descriptor, with the names of
// its fields and some thirty methods, into the binary.
var thePrinter Printer

// NewPrinter sets up the process's Printer to write to w, dropping what
// it held, and returns it. Out of line: inlined, its set-up of the large
// Printer is repeated at every caller.
//
//go:noinline
func NewPrinter(w io.Writer, json, pretty, oneline bool) *Printer {
	p := &thePrinter
	p.w.b, p.w.dst = nil, w
	p.jsonOut, p.pretty, p.lineSep, p.palette = json, pretty, "\n", nil
	p.batching, p.ended, p.inJSON, p.depth, p.comma = false, 0, false, 0, false
	if oneline {
		p.lineSep = "\\"
	}
	return p
}

// recordBatchSize is how much whole-record output a batching Printer holds
// before it writes.
const recordBatchSize = 32 << 10

// Flush writes out what is buffered.
//
//go:noinline
func (p *Printer) Flush() error {
	p.ended = 0
	return p.w.flushAll()
}

// BatchRecords makes EndRecord hold the records a listing prints and write
// many at once, where ip writes each (it flushes stdout after each): the
// output is the same, with a write per 32 KiB instead of one per line. It
// returns what writes out the records ended so far, which a program calls
// before it writes to standard error, so that the two interleave as ip's
// do.
func (p *Printer) BatchRecords() func() {
	// The buffer grows as records come: a command that prints one line
	// need not take (and touch) the whole batch's memory.
	p.batching = true
	return flushEnded
}

// flushEnded is what BatchRecords returns: a plain function, as a closure
// capturing p would name *Printer and bring its descriptor along.
func flushEnded() {
	thePrinter.w.flush(thePrinter.ended)
	thePrinter.ended = 0
}

// EndRecord is where ip flushes its output: after a record (a link, an
// address, a route...) and a few places more.
//
//go:noinline
func (p *Printer) EndRecord() error {
	if !p.batching || len(p.w.b) >= recordBatchSize {
		return p.Flush()
	}
	p.ended = len(p.w.b)
	return nil
}

// JSON reports whether fields currently go out as JSON.
func (p *Printer) JSON() bool { return p.inJSON }

// Begin starts a listing: in JSON mode the top-level array.
//
//go:noinline
func (p *Printer) Begin() {
	if p.jsonOut {
		p.inJSON = true
		p.depth, p.comma = 0, false
		p.OpenJSONArray("")
	}
}

// End closes what Begin opened and ends the JSON document with a newline.
func (p *Printer) End() {
	if p.inJSON {
		p.endArray()
		p.w.WriteByte('\n')
		p.inJSON = false
	}
}

// Text writes s in text mode only.
//
//go:noinline
func (p *Printer) Text(s string) {
	if !p.inJSON {
		p.w.WriteString(s)
	}
}

// Textf writes format with the string v in text mode only.
func (p *Printer) Textf(format, v string) {
	if !p.inJSON {
		p.w.b = appendText(p.w.b, format, v)
	}
}

// NL ends a line within a record in text mode.
//
//go:noinline
func (p *Printer) NL() { p.Text(p.lineSep) }

// LineSep is the text line separator inside a record.
func (p *Printer) LineSep() string { return p.lineSep }

// String prints a string field: "key":"v" in JSON, format with v in text.
func (p *Printer) String(key, format, v string) {
	if p.inJSON {
		p.JSONString(key, v)
	} else {
		p.w.b = appendText(p.w.b, format, v)
	}
}

// Int prints a signed number field. A %u verb prints a negative v as the
// unsigned 32-bit value C's printf would.
func (p *Printer) Int(key, format string, v int64) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatInt(v, 10))
	} else {
		p.w.b = appendNumber(p.w.b, format, v)
	}
}

// Uint prints an unsigned number field.
func (p *Printer) Uint(key, format string, v uint64) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatUint(v, 10))
	} else {
		p.w.b = appendUint(p.w.b, format, v)
	}
}

// Hex prints v in hex: as a JSON string, or in text with format's verb.
func (p *Printer) Hex(key, format string, v uint64) {
	if p.inJSON {
		p.JSONString(key, strconv.FormatUint(v, 16))
	} else {
		p.w.b = appendUint(p.w.b, format, v)
	}
}

// Bool prints a true flag: "key":true in JSON, text as it is.
func (p *Printer) Bool(key, text string) {
	if p.inJSON {
		p.jsonValue(key, "true")
	} else {
		p.w.WriteString(text)
	}
}

// Null prints "key":null in JSON and text as it is otherwise.
func (p *Printer) Null(key, text string) {
	if p.inJSON {
		p.jsonValue(key, "null")
	} else {
		p.w.WriteString(text)
	}
}

// JSONString prints a string field in JSON mode only. An empty key makes
// it an array element.
func (p *Printer) JSONString(key, v string) {
	if p.inJSON {
		p.name(key)
		p.separate()
		writeJSONString(&p.w, v, false)
	}
}

// JSONInt prints a number field in JSON mode only.
func (p *Printer) JSONInt(key string, v int64) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatInt(v, 10))
	}
}

// JSONBool prints a boolean field in JSON mode only.
//
//go:noinline
func (p *Printer) JSONBool(key string, v bool) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatBool(v))
	}
}

// OpenObject starts a JSON object, named key unless key is "".
func (p *Printer) OpenObject(key string) {
	if p.inJSON {
		p.name(key)
		p.begin('{')
	}
}

// CloseObject ends the innermost JSON object.
//
//go:noinline
func (p *Printer) CloseObject() {
	if p.inJSON {
		p.end('}')
	}
}

// OpenArray starts an array that both modes print: a JSON array named key,
// or text in text mode.
func (p *Printer) OpenArray(key, text string) {
	if p.inJSON {
		p.OpenJSONArray(key)
	} else {
		p.w.WriteString(text)
	}
}

// CloseArray ends what OpenArray started, writing text in text mode.
func (p *Printer) CloseArray(text string) {
	if p.inJSON {
		p.endArray()
	} else {
		p.w.WriteString(text)
	}
}

// OpenJSONArray starts a JSON array named key; nothing in text mode.
func (p *Printer) OpenJSONArray(key string) {
	if p.inJSON {
		p.name(key)
		p.begin('[')
		if p.pretty {
			p.w.WriteByte(' ')
		}
	}
}

// CloseJSONArray ends a JSON array; nothing in text mode.
//
//go:noinline
func (p *Printer) CloseJSONArray() {
	if p.inJSON {
		p.endArray()
	}
}

// The JSON layout below follows iproute2's json_writer: a comma goes before
// every element but the first of a container; -pretty puts each object
// member on its own line, indented four spaces a level, and pads array
// brackets with a space. The helpers the exported methods call stay out
// of line: those methods are inlined at hundreds of call sites.

// separate writes the comma before an element after the first.
//
//go:noinline
func (p *Printer) separate() {
	if p.comma {
		p.w.b = append(p.w.b, ',')
	}
	p.comma = true
}

// newline starts a line at the current depth with -pretty.
//
//go:noinline
func (p *Printer) newline() {
	if p.pretty {
		p.w.b = append(p.w.b, '\n')
		for range p.depth {
			p.w.b = append(p.w.b, "    "...)
		}
	}
}

//go:noinline
func (p *Printer) name(key string) {
	if key == "" {
		return
	}
	p.separate()
	p.newline()
	p.comma = false
	writeJSONString(&p.w, key, false)
	p.w.b = append(p.w.b, ':')
	if p.pretty {
		p.w.b = append(p.w.b, ' ')
	}
}

//go:noinline
func (p *Printer) jsonValue(key, raw string) {
	p.name(key)
	p.separate()
	p.w.b = append(p.w.b, raw...)
}

//go:noinline
func (p *Printer) begin(c byte) {
	p.separate()
	p.w.b = append(p.w.b, c)
	p.depth++
	p.comma = false
}

//go:noinline
func (p *Printer) end(c byte) {
	p.depth--
	if p.comma {
		p.newline()
	}
	p.w.b = append(p.w.b, c)
	p.comma = true
}

func (p *Printer) endArray() {
	if p.pretty && p.comma {
		p.w.WriteByte(' ')
	}
	p.comma = false
	p.end(']')
}

// writeJSONString quotes s the way iproute2 does: C escapes for the control
// characters it knows, every other byte as it is. util-linux writes the
// other control characters as \u00XX, which unicodeControls asks for.
func writeJSONString(w *buffer, s string, unicodeControls bool) {
	w.WriteByte('"')
	plain := 0 // s[plain:i] needs no escape
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c != '"' && c != '\\' {
			continue
		}
		w.WriteString(s[plain:i])
		plain = i + 1
		switch k := ascii.IndexByte("\t\n\r\f\b\\\"", c); {
		case k >= 0:
			w.WriteString(`\` + "tnrfb\\\""[k:k+1])
		case unicodeControls:
			w.WriteString(`\u00` + hexByte(c))
		default:
			w.WriteByte(c)
		}
	}
	w.WriteString(s[plain:])
	w.WriteByte('"')
}

// verb locates the one conversion in a text format: the text before it,
// its flags and width, its letter and the text after it.
type verb struct {
	before, after string
	leftAlign     bool
	zeroPad       bool
	alternate     bool // '#': 0x before a non-zero hex number
	width         int
	letter        byte
}

// parseVerb reads format's verb into v, which the caller zeroes, and
// reports whether there is one. (Filled in place: a verb and a bool
// returned would not fit the result registers.)
func parseVerb(format string, v *verb) bool {
	i := ascii.IndexByte(format, '%')
	if i < 0 || i+1 == len(format) {
		return false
	}
	v.before = format[:i]
	if c := format[i+1]; c >= 'a' && c != 'h' && c != 'l' {
		// Most formats: a bare conversion, no flags, width or length.
		v.letter, v.after = c, format[i+2:]
		return true
	}
	j := i + 1
	for ; j < len(format) && (format[j] == '-' || format[j] == '0' || format[j] == '#'); j++ {
		v.leftAlign = v.leftAlign || format[j] == '-'
		v.zeroPad = v.zeroPad || format[j] == '0'
		v.alternate = v.alternate || format[j] == '#'
	}
	for ; j < len(format) && format[j] >= '0' && format[j] <= '9'; j++ {
		v.width = v.width*10 + int(format[j]-'0')
	}
	for j < len(format) && (format[j] == 'l' || format[j] == 'h') {
		j++
	}
	if j == len(format) {
		return false
	}
	v.letter = format[j]
	v.after = format[j+1:]
	return true
}

// FormatText substitutes s for the verb in format, padded to its width.
//
//go:noinline
func FormatText(format, s string) string { return string(appendText(nil, format, s)) }

// appendText appends format with s in place of its verb, padded to the
// verb's width.
func appendText(b []byte, format, s string) []byte {
	var v verb
	if !parseVerb(format, &v) {
		return append(b, format...)
	}
	return appendVerb(b, &v, s)
}

func appendVerb(b []byte, v *verb, s string) []byte {
	b = append(b, v.before...)
	pad := v.width - len(s)
	if !v.leftAlign {
		b = appendPadding(b, pad, v.zeroPad)
	}
	b = append(b, s...)
	if v.leftAlign {
		b = appendPadding(b, pad, false)
	}
	return append(b, v.after...)
}

func spaces(n int) string { return string(appendPadding(nil, n, false)) }

//go:noinline
func appendPadding(b []byte, n int, zeros bool) []byte {
	c := byte(' ')
	if zeros {
		c = '0'
	}
	for ; n > 0; n-- {
		b = append(b, c)
	}
	return b
}

// appendNumber appends format with n in place of its verb: %u prints a
// negative n as the unsigned 32-bit value C's printf would, %x too.
func appendNumber(b []byte, format string, n int64) []byte {
	var v verb
	if !parseVerb(format, &v) {
		return append(b, format...)
	}
	var digits [24]byte
	var d []byte
	switch {
	case v.letter == 'x':
		d = appendUintDigits(digits[:0], &v, uint64(uint32(n)))
	case v.letter == 'u' && n < 0:
		d = strconv.AppendUint(digits[:0], uint64(uint32(n)), 10)
	default:
		d = strconv.AppendInt(digits[:0], n, 10)
	}
	return appendVerb(b, &v, string(d))
}

// appendUint appends format with n in place of its verb, in hex for %x.
func appendUint(b []byte, format string, n uint64) []byte {
	var v verb
	if !parseVerb(format, &v) {
		return append(b, format...)
	}
	var digits [24]byte
	return appendVerb(b, &v, string(appendUintDigits(digits[:0], &v, n)))
}

func appendUintDigits(b []byte, v *verb, n uint64) []byte {
	switch {
	case v.letter != 'x':
		return strconv.AppendUint(b, n, 10)
	case v.alternate && n != 0:
		b = append(b, "0x"...)
	}
	return strconv.AppendUint(b, n, 16)
}

// hexByte is c as two lower-case hex digits.
//
//go:noinline
func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// Raw prints a value already formatted: json as it is in JSON (a number
// with a fixed number of decimals, say), text in text mode.
func (p *Printer) Raw(key, json, text string) {
	if p.inJSON {
		p.jsonValue(key, json)
	} else {
		p.w.WriteString(text)
	}
}

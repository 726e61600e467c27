package output

import (
	"bufio"
	"io"
	"strconv"
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
	w       *bufio.Writer
	dst     io.Writer // what w writes to
	jsonOut bool      // -json was given
	pretty  bool
	// lineSep ends a line inside one record: "\n", or "\\" for -oneline.
	lineSep string
	// palette holds the colour escapes with -color, nil without.
	palette *[7]string
	// batch, when set, holds the ended records until there are enough
	// of them (BatchRecords).
	batch *records

	// The JSON state, live between Begin and End.
	inJSON bool
	depth  int
	comma  bool // the next element needs a separating comma
}

// NewPrinter returns a Printer writing to w.
func NewPrinter(w io.Writer, json, pretty, oneline bool) *Printer {
	p := &Printer{w: bufio.NewWriter(w), dst: w, jsonOut: json, pretty: pretty, lineSep: "\n"}
	if oneline {
		p.lineSep = "\\"
	}
	return p
}

// Flush writes out what is buffered.
func (p *Printer) Flush() error {
	err := p.w.Flush()
	if p.batch != nil && err == nil {
		err = p.batch.write(len(p.batch.buf))
	}
	return err
}

// BatchRecords makes EndRecord hold the records a listing prints and write
// many at once, where ip writes each (it flushes stdout after each): the
// output is the same, with a write per 32 KiB instead of one per line. It
// returns what writes out the records ended so far, which a program calls
// before it writes to standard error, so that the two interleave as ip's
// do.
func (p *Printer) BatchRecords() func() {
	p.batch = &records{w: p.dst}
	p.w = bufio.NewWriter(p.batch)
	return func() {
		p.batch.write(p.batch.ended)
	}
}

// EndRecord is where ip flushes its output: after a record (a link, an
// address, a route...) and a few places more.
func (p *Printer) EndRecord() error {
	if p.batch == nil {
		return p.w.Flush()
	}
	if err := p.w.Flush(); err != nil {
		return err
	}
	return p.batch.end()
}

// JSON reports whether fields currently go out as JSON.
func (p *Printer) JSON() bool { return p.inJSON }

// Begin starts a listing: in JSON mode the top-level array.
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
func (p *Printer) Text(s string) {
	if !p.inJSON {
		p.w.WriteString(s)
	}
}

// Textf writes format with the string v in text mode only.
func (p *Printer) Textf(format, v string) {
	if !p.inJSON {
		p.w.WriteString(FormatText(format, v))
	}
}

// NL ends a line within a record in text mode.
func (p *Printer) NL() { p.Text(p.lineSep) }

// LineSep is the text line separator inside a record.
func (p *Printer) LineSep() string { return p.lineSep }

// String prints a string field: "key":"v" in JSON, format with v in text.
func (p *Printer) String(key, format, v string) {
	if p.inJSON {
		p.JSONString(key, v)
	} else {
		p.w.WriteString(FormatText(format, v))
	}
}

// Int prints a signed number field. A %u verb prints a negative v as the
// unsigned 32-bit value C's printf would.
func (p *Printer) Int(key, format string, v int64) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatInt(v, 10))
	} else {
		p.w.WriteString(formatNumber(format, v))
	}
}

// Uint prints an unsigned number field.
func (p *Printer) Uint(key, format string, v uint64) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatUint(v, 10))
	} else {
		p.w.WriteString(FormatText(format, renderUint(format, v)))
	}
}

// Hex prints v in hex: as a JSON string, or in text with format's verb.
func (p *Printer) Hex(key, format string, v uint64) {
	if p.inJSON {
		p.JSONString(key, strconv.FormatUint(v, 16))
	} else {
		p.w.WriteString(FormatText(format, renderUint(format, v)))
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
		writeJSONString(p.w, v, false)
	}
}

// JSONInt prints a number field in JSON mode only.
func (p *Printer) JSONInt(key string, v int64) {
	if p.inJSON {
		p.jsonValue(key, strconv.FormatInt(v, 10))
	}
}

// JSONBool prints a boolean field in JSON mode only.
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
func (p *Printer) CloseJSONArray() {
	if p.inJSON {
		p.endArray()
	}
}

// The JSON layout below follows iproute2's json_writer: a comma goes before
// every element but the first of a container; -pretty puts each object
// member on its own line, indented four spaces a level, and pads array
// brackets with a space.

func (p *Printer) separate() {
	if p.comma {
		p.w.WriteByte(',')
	}
	p.comma = true
}

func (p *Printer) newline() {
	if p.pretty {
		p.w.WriteByte('\n')
		for range p.depth {
			p.w.WriteString("    ")
		}
	}
}

func (p *Printer) name(key string) {
	if key == "" {
		return
	}
	p.separate()
	p.newline()
	p.comma = false
	writeJSONString(p.w, key, false)
	p.w.WriteByte(':')
	if p.pretty {
		p.w.WriteByte(' ')
	}
}

func (p *Printer) jsonValue(key, raw string) {
	p.name(key)
	p.separate()
	p.w.WriteString(raw)
}

func (p *Printer) begin(c byte) {
	p.separate()
	p.w.WriteByte(c)
	p.depth++
	p.comma = false
}

func (p *Printer) end(c byte) {
	p.depth--
	if p.comma {
		p.newline()
	}
	p.w.WriteByte(c)
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
func writeJSONString(w *bufio.Writer, s string, unicodeControls bool) {
	w.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t':
			w.WriteString(`\t`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\f':
			w.WriteString(`\f`)
		case '\b':
			w.WriteString(`\b`)
		case '\\':
			w.WriteString(`\\`)
		case '"':
			w.WriteString(`\"`)
		default:
			if c < ' ' && unicodeControls {
				w.WriteString(`\u00` + hexByte(c))
				continue
			}
			w.WriteByte(c)
		}
	}
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

func parseVerb(format string) (verb, bool) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		v := verb{before: format[:i]}
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
			return verb{}, false
		}
		v.letter = format[j]
		v.after = format[j+1:]
		return v, true
	}
	return verb{}, false
}

// FormatText substitutes s for the verb in format, padded to its width.
func FormatText(format, s string) string {
	v, ok := parseVerb(format)
	if !ok {
		return format
	}
	if pad := v.width - len(s); pad > 0 {
		switch {
		case v.leftAlign:
			s += spaces(pad)
		case v.zeroPad:
			s = zeros(pad) + s
		default:
			s = spaces(pad) + s
		}
	}
	return v.before + s + v.after
}

func formatNumber(format string, n int64) string {
	v, _ := parseVerb(format)
	switch v.letter {
	case 'u':
		if n < 0 {
			return FormatText(format, strconv.FormatUint(uint64(uint32(n)), 10))
		}
	case 'x':
		return FormatText(format, renderUint(format, uint64(uint32(n))))
	}
	return FormatText(format, strconv.FormatInt(n, 10))
}

func renderUint(format string, n uint64) string {
	v, _ := parseVerb(format)
	switch {
	case v.letter != 'x':
		return strconv.FormatUint(n, 10)
	case v.alternate && n != 0:
		return "0x" + strconv.FormatUint(n, 16)
	}
	return strconv.FormatUint(n, 16)
}

func spaces(n int) string { return pad(n, ' ') }
func zeros(n int) string  { return pad(n, '0') }

func pad(n int, c byte) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}

// hexByte is c as two lower-case hex digits.
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

package output

import (
	"unicode/utf8"

	"nsip/internal/ascii"
	"nsip/internal/cli"
)

// Table prints rows the way util-linux's libsmartcols does for lsns: the
// human table with its column widths and tree art, the raw form (-r) and
// JSON (-J). On a terminal the human table is cut to its width as
// libsmartcols cuts it; output that is not a terminal is never cut.
type Table struct {
	Name       string // the JSON array's name
	Columns    []*Column
	Format     int
	NoHeadings bool
	lines      []*Line
	utf8       bool // the locale's codeset is UTF-8: box-drawing tree art
	w          buffer
}

// Output formats of a table.
const (
	FormatHuman = iota
	FormatRaw
	FormatJSON
)

// Column is a column's heading and how its cells print. It has no ==: the
// zero-size first field spares the binary an equality function.
type Column struct {
	_       [0]func()
	Name    string
	Hint    int  // the width a column gets when its data comes close
	Right   bool // right-aligned
	Number  bool // a JSON number
	Tree    bool // holds the tree art
	Lines   bool // a newline in a cell starts another output line
	Trunc   bool // may be cut to fit the terminal
	width   int
	min     int    // the width it is never cut below: its heading's
	pending string // what is left of a multi-line cell
}

// Line is a row of cells, one for each column, and its place in a tree.
type Line struct {
	Cells    []string
	parent   *Line
	children []*Line
}

// NewTable makes an empty table that prints to standard output.
func NewTable(format int) *Table {
	return &Table{Format: format, utf8: localeIsUTF8(), w: buffer{dst: cli.Stdout}}
}

// localeIsUTF8 guesses what setlocale(LC_ALL, "") and nl_langinfo(CODESET)
// would say, from the variables glibc reads.
func localeIsUTF8() bool {
	for _, name := range [...]string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := cli.Getenv(name); v != "" {
			v = ascii.ToLower(v)
			// Contains .utf-8 or .utf8, in one pass.
			for i := range len(v) {
				if rest := v[i:]; ascii.HasPrefix(rest, ".utf-8") || ascii.HasPrefix(rest, ".utf8") {
					return true
				}
			}
			return false
		}
	}
	return false
}

// AddLine adds a row below parent, or at the top level when parent is nil.
func (t *Table) AddLine(parent *Line) *Line {
	ln := &Line{Cells: make([]string, len(t.Columns)), parent: parent}
	if parent != nil {
		parent.children = append(parent.children, ln)
	}
	t.lines = append(t.lines, ln)
	return ln
}

func (t *Table) isTree() bool {
	for _, c := range t.Columns {
		if c.Tree {
			return true
		}
	}
	return false
}

// ordered lists the lines in output order: the tree walk, depth first,
// or the order they were added.
func (t *Table) ordered() []*Line {
	if !t.isTree() {
		return t.lines
	}
	var out []*Line
	var walk func(ln *Line)
	walk = func(ln *Line) {
		out = append(out, ln)
		for _, c := range ln.children {
			walk(c)
		}
	}
	for _, ln := range t.lines {
		if ln.parent == nil {
			walk(ln)
		}
	}
	return out
}

func (ln *Line) isLastChild() bool {
	siblings := ln.parent.children
	return siblings[len(siblings)-1] == ln
}

func (t *Table) symbol(utf8Form, asciiForm string) string {
	if t.utf8 {
		return utf8Form
	}
	return asciiForm
}

// art is the tree art that carries the branches of ln's ancestors past ln.
func (t *Table) art(ln *Line) string {
	if ln.parent == nil {
		return ""
	}
	if ln.isLastChild() {
		return t.art(ln.parent) + "  "
	}
	return t.art(ln.parent) + t.symbol("│ ", "| ")
}

// cell is what column i of ln shows, tree art included.
func (t *Table) cell(ln *Line, i int) string {
	data := ln.Cells[i]
	if !t.Columns[i].Tree || ln.parent == nil || t.Format == FormatJSON {
		return data
	}
	if ln.isLastChild() {
		return t.art(ln.parent) + t.symbol("└─", "`-") + data
	}
	return t.art(ln.parent) + t.symbol("├─", "|-") + data
}

// Print writes the table and flushes it.
func (t *Table) Print() {
	switch {
	case t.Format == FormatJSON:
		// util-linux's JSON: three-space indents, keys in lower case,
		// empty cells as null, and the tree as nested "children" arrays.
		t.w.WriteString("{\n   \"" + t.Name + "\": [\n")
		tree := t.isTree()
		first := true
		for _, ln := range t.lines {
			if !tree || ln.parent == nil {
				t.printJSONObject(ln, 2, first, tree)
				first = false
			}
		}
		t.w.WriteString("\n   ]\n}\n")
	case len(t.lines) == 0:
	case t.Format == FormatRaw:
		lines := t.ordered()
		if !t.NoHeadings {
			for i, c := range t.Columns {
				t.rawCell(i, c.Name)
			}
		}
		for _, ln := range lines {
			for i := range t.Columns {
				t.rawCell(i, t.cell(ln, i))
			}
		}
	default:
		lines := t.ordered()
		t.measure()
		if columns, ok := cli.Terminal(); ok {
			t.fit(columns)
		}
		if !t.NoHeadings {
			for i, c := range t.Columns {
				t.humanCell(i, c.Name)
			}
		}
		for _, ln := range lines {
			t.printLine(ln)
		}
	}
	t.w.flushAll()
}

// rawCell writes one cell of -r output, with blanks, backslashes and
// every byte that is not printable ASCII as \xHH.
func (t *Table) rawCell(i int, data string) {
	for j := 0; j < len(data); j++ {
		c := data[j]
		if c <= ' ' || c == '\\' || c >= 0x7f {
			t.w.WriteString(`\x` + hexByte(c))
		} else {
			t.w.WriteByte(c)
		}
	}
	if i == len(t.Columns)-1 {
		t.w.WriteByte('\n')
	} else {
		t.w.WriteByte(' ')
	}
}

// measure sets the column widths: the widest cell, at least the header,
// widened to the column's hint when the data comes close to it.
func (t *Table) measure() {
	for i, c := range t.Columns {
		width := 0
		for _, ln := range t.lines {
			// Each line of a multi-line cell counts on its own.
			data, more := t.cell(ln, i), true
			for more {
				chunk := data
				i := -1
				if c.Lines {
					i = ascii.IndexByte(data, '\n')
				}
				if i >= 0 {
					chunk, data = data[:i], data[i+1:]
				} else {
					more = false
				}
				_, w := t.encode(chunk)
				width = max(width, w)
			}
		}
		_, header := t.encode(c.Name)
		c.min = max(header, 1)
		if width < header {
			width = header
		} else if width < c.Hint && header < c.Hint {
			width = c.Hint
		}
		c.width = width
	}
}

// fit cuts the table to a terminal of the given width as libsmartcols
// does for columns whose width hints are absolute: the columns that may
// be cut lose a cell each in turn, never below their minimum, until the
// table fits or none can give more; the others keep their widths, and the
// table may stay wider than the terminal. A narrower table lets its last
// column, when left-aligned, take the rest of the line.
func (t *Table) fit(columns int) {
	width := len(t.Columns) - 1 // the separators
	for _, c := range t.Columns {
		width += c.width
	}
	if width < columns {
		if last := t.Columns[len(t.Columns)-1]; !last.Right {
			last.width += columns - width
		}
		return
	}
	art := 0 // the widest tree art of any line
	for _, ln := range t.lines {
		if ln.parent != nil {
			art = max(art, utf8.RuneCountInString(t.art(ln.parent))+2)
		}
	}
	for width > columns {
		before := width
		for _, c := range t.Columns {
			if width <= columns {
				break
			}
			// The tree is never cut into.
			if !c.Trunc || c.width == c.min || c.width == 0 || c.Tree && width <= art {
				continue
			}
			c.width--
			width--
		}
		if width == before {
			return
		}
	}
}

// printLine prints a row and then, while a multi-line cell has more to
// show, the extra lines it takes.
func (t *Table) printLine(ln *Line) {
	for i := range t.Columns {
		t.humanCell(i, t.cell(ln, i))
	}
	for t.hasPending() {
		for i, c := range t.Columns {
			if c.pending != "" {
				data := c.pending
				c.pending = ""
				t.humanCell(i, data)
				continue
			}
			art := ""
			if c.Tree {
				art = t.art(ln)
				if len(ln.children) > 0 && t.hasPending() {
					art += t.symbol("│ ", "| ")
				}
			}
			// Tree art, in an otherwise empty cell.
			t.w.WriteString(art)
			t.pad(i, utf8.RuneCountInString(art))
		}
	}
}

func (t *Table) hasPending() bool {
	for _, c := range t.Columns {
		if c.pending != "" {
			return true
		}
	}
	return false
}

// humanCell prints a cell of the human table. The first line of a
// multi-line cell goes out now; the rest waits in the column.
func (t *Table) humanCell(i int, data string) {
	c := t.Columns[i]
	if c.Lines {
		if i := ascii.IndexByte(data, '\n'); i >= 0 {
			data, c.pending = data[:i], data[i+1:]
		}
	}
	text, width := t.encode(data)
	if c.Trunc && width > c.width {
		// Cut to at most c.width cells, as mbs_truncate.
		used := 0
		for i, r := range text {
			w := 1
			if r >= 0x80 {
				w = runeWidth(r)
			}
			if used+w > c.width {
				text = text[:i]
				break
			}
			used += w
		}
		width = used
	}
	if c.Right && text != "" {
		t.w.WriteString(spaces(c.width - width))
		width = c.width
	}
	t.w.WriteString(text)
	t.pad(i, width)
}

// pad fills a cell that holds width cells' worth of text and ends it: the
// last column is never filled.
func (t *Table) pad(i, width int) {
	if i == len(t.Columns)-1 {
		t.w.WriteByte('\n')
		return
	}
	t.w.WriteString(spaces(t.Columns[i].width - width))
	t.w.WriteByte(' ')
}

// encode makes data safe for a terminal as libsmartcols does: control
// characters, bytes that are not text in the locale, and a backslash
// before an x become \xHH. It returns the text and its width in cells.
func (t *Table) encode(data string) (string, int) {
	var b []byte
	width := 0
	for i := 0; i < len(data); {
		// Each step takes size bytes: escaped, or kept as they are in
		// cells cells.
		c, size, cells, escaped := data[i], 1, 1, false
		switch {
		case c < ' ' || c == 0x7f || (c == '\\' && i+1 < len(data) && data[i+1] == 'x'):
			escaped = true
		case c < 0x80:
		case !t.utf8:
			escaped = true
		default:
			var r rune
			r, size = firstRune(data[i:])
			escaped = r == utf8.RuneError && size == 1 || r < 0xa0
			cells = runeWidth(r)
		}
		if escaped {
			for j := i; j < i+size; j++ {
				b = append(b, `\x`+hexByte(data[j])...)
			}
			cells = 4 * size
		} else {
			b = append(b, data[i:i+size]...)
		}
		width += cells
		i += size
	}
	return string(b), width
}

// runeWidth is wcwidth for a printable rune: two cells for East Asian
// wide characters, none for combining marks.
func runeWidth(r rune) int {
	switch {
	case r >= 0x300 && r <= 0x36f:
		return 0
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1f64f, r >= 0x1f900 && r <= 0x1f9ff,
		r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

// printJSONObject writes a line as an object at depth, with its children
// when the table is a tree. Objects after the first in an array follow the
// comma on its line.
func (t *Table) printJSONObject(ln *Line, depth int, first, tree bool) {
	indent := spaces(3 * depth)
	if first {
		t.w.WriteString(indent + "{\n")
	} else {
		t.w.WriteString(",{\n")
	}
	for i, c := range t.Columns {
		if i > 0 {
			t.w.WriteString(",\n")
		}
		t.w.WriteString(indent + "   \"" + ascii.ToLower(c.Name) + "\": ")
		switch data := ln.Cells[i]; {
		case data == "":
			t.w.WriteString("null")
		case c.Number:
			t.w.WriteString(data)
		default:
			writeJSONString(&t.w, data, true)
		}
	}
	if tree && len(ln.children) > 0 {
		t.w.WriteString(",\n" + indent + "   \"children\": [\n")
		for j, child := range ln.children {
			t.printJSONObject(child, depth+2, j == 0, tree)
		}
		t.w.WriteString("\n" + indent + "   ]")
	}
	t.w.WriteString("\n" + indent + "}")
}

// firstRune is utf8.DecodeRuneInString for a non-empty s: the first rune
// and its size, decoded by range, whose runtime code the binary has
// anyway.
func firstRune(s string) (r rune, size int) {
	size = len(s)
	for i, c := range s {
		if i > 0 {
			return r, i
		}
		r = c
	}
	return r, size
}

package output

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// treeTable is a small lsns-like table: a tree in the last column and a
// multi-line column before it.
func treeTable(format int, utf8 bool) *Table {
	t := &Table{Name: "things", Format: format, utf8: utf8}
	t.Columns = []*Column{
		{Name: "ID", Hint: 5, Right: true, Number: true},
		{Name: "PATHS", Lines: true},
		{Name: "CMD", Tree: true},
	}
	root := t.AddLine(nil)
	root.Cells = []string{"1", "/a\n/bb", "init"}
	child := t.AddLine(root)
	child.Cells = []string{"22", "", "sh -c x"}
	t.AddLine(child).Cells = []string{"333", "/c", "sleep\t1"}
	t.AddLine(root).Cells = []string{"4", "", ""}
	return t
}

func TestTableOutput(t *testing.T) {
	tests := []struct {
		name   string
		format int
		utf8   bool
		want   string
	}{
		{"human, ASCII tree, extra line for the second path", FormatHuman, false, "" +
			"   ID PATHS CMD\n" +
			"    1 /a    init\n" +
			"      /bb   \n" +
			"   22       |-sh -c x\n" +
			"  333 /c    | `-sleep\\x091\n" +
			"    4       `-\n"},
		{"human, UTF-8 tree", FormatHuman, true, "" +
			"   ID PATHS CMD\n" +
			"    1 /a    init\n" +
			"      /bb   \n" +
			"   22       ├─sh -c x\n" +
			"  333 /c    │ └─sleep\\x091\n" +
			"    4       └─\n"},
		{"raw", FormatRaw, true, "" +
			"ID PATHS CMD\n" +
			"1 /a\\x0a/bb init\n" +
			"22  \\xe2\\x94\\x9c\\xe2\\x94\\x80sh\\x20-c\\x20x\n" +
			"333 /c \\xe2\\x94\\x82\\x20\\xe2\\x94\\x94\\xe2\\x94\\x80sleep\\x091\n" +
			"4  \\xe2\\x94\\x94\\xe2\\x94\\x80\n"},
		{"JSON", FormatJSON, true, `{
   "things": [
      {
         "id": 1,
         "paths": "/a\n/bb",
         "cmd": "init",
         "children": [
            {
               "id": 22,
               "paths": null,
               "cmd": "sh -c x",
               "children": [
                  {
                     "id": 333,
                     "paths": "/c",
                     "cmd": "sleep\t1"
                  }
               ]
            },{
               "id": 4,
               "paths": null,
               "cmd": null
            }
         ]
      }
   ]
}
`},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		tb := treeTable(tt.format, tt.utf8)
		tb.w = buffer{dst: &out}
		tb.Print()
		if out.String() != tt.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tt.name, out.String(), tt.want)
		}
	}
}

func TestTableWidthHints(t *testing.T) {
	// A hint applies only when the data is at least as wide as the header.
	tests := []struct {
		data string
		want int
	}{{"1", 3}, {"1234", 5}, {"123456", 6}}
	for _, tt := range tests {
		tb := &Table{Columns: []*Column{{Name: "PID", Hint: 5}}}
		tb.AddLine(nil).Cells[0] = tt.data
		tb.measure()
		if tb.Columns[0].width != tt.want {
			t.Errorf("PID column with %q: width %d, want %d", tt.data, tb.Columns[0].width, tt.want)
		}
	}
}

func TestEmptyTable(t *testing.T) {
	var out bytes.Buffer
	tb := &Table{Name: "namespaces", Format: FormatJSON, w: buffer{dst: &out}}
	tb.Columns = []*Column{{Name: "NS"}}
	tb.Print()
	if want := "{\n   \"namespaces\": [\n\n   ]\n}\n"; out.String() != want {
		t.Errorf("empty JSON table: %q, want %q", out.String(), want)
	}
	out.Reset()
	tb.Format = FormatHuman
	tb.Print()
	if out.Len() != 0 {
		t.Errorf("empty human table printed %q", out.String())
	}
}

// firstRune decodes as utf8.DecodeRuneInString does.
func FuzzFirstRune(f *testing.F) {
	for _, seed := range []string{"a", "abc", "héllo", "日本語", "\xff\xfe", "e\u0301", "\xe6\x97", "\ufffd", "\u0085", "🌍x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return
		}
		r, size := firstRune(s)
		if wantR, wantSize := utf8.DecodeRuneInString(s); r != wantR || size != wantSize {
			t.Errorf("firstRune(%q) = %q, %d; want %q, %d", s, r, size, wantR, wantSize)
		}
	})
}

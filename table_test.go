package main

import (
	"bufio"
	"bytes"
	"testing"
)

// treeTable is a small lsns-like table: a tree in the last column and a
// multi-line column before it.
func treeTable(format int, utf8 bool) *table {
	t := &table{name: "things", format: format, utf8: utf8}
	t.columns = []*tableColumn{
		{name: "ID", hint: 5, right: true, number: true},
		{name: "PATHS", lines: true},
		{name: "CMD", tree: true},
	}
	root := t.addLine(nil)
	root.cells = []string{"1", "/a\n/bb", "init"}
	child := t.addLine(root)
	child.cells = []string{"22", "", "sh -c x"}
	t.addLine(child).cells = []string{"333", "/c", "sleep\t1"}
	t.addLine(root).cells = []string{"4", "", ""}
	return t
}

func TestTableOutput(t *testing.T) {
	tests := []struct {
		name   string
		format int
		utf8   bool
		want   string
	}{
		{"human, ASCII tree, extra line for the second path", tableHuman, false, "" +
			"   ID PATHS CMD\n" +
			"    1 /a    init\n" +
			"      /bb   \n" +
			"   22       |-sh -c x\n" +
			"  333 /c    | `-sleep\\x091\n" +
			"    4       `-\n"},
		{"human, UTF-8 tree", tableHuman, true, "" +
			"   ID PATHS CMD\n" +
			"    1 /a    init\n" +
			"      /bb   \n" +
			"   22       ├─sh -c x\n" +
			"  333 /c    │ └─sleep\\x091\n" +
			"    4       └─\n"},
		{"raw", tableRaw, true, "" +
			"ID PATHS CMD\n" +
			"1 /a\\x0a/bb init\n" +
			"22  \\xe2\\x94\\x9c\\xe2\\x94\\x80sh\\x20-c\\x20x\n" +
			"333 /c \\xe2\\x94\\x82\\x20\\xe2\\x94\\x94\\xe2\\x94\\x80sleep\\x091\n" +
			"4  \\xe2\\x94\\x94\\xe2\\x94\\x80\n"},
		{"JSON", tableJSON, true, `{
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
		tb.w = bufio.NewWriter(&out)
		tb.print()
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
		tb := &table{columns: []*tableColumn{{name: "PID", hint: 5}}}
		tb.addLine(nil).cells[0] = tt.data
		tb.measure()
		if tb.columns[0].width != tt.want {
			t.Errorf("PID column with %q: width %d, want %d", tt.data, tb.columns[0].width, tt.want)
		}
	}
}

func TestEmptyTable(t *testing.T) {
	var out bytes.Buffer
	tb := &table{name: "namespaces", format: tableJSON, w: bufio.NewWriter(&out)}
	tb.columns = []*tableColumn{{name: "NS"}}
	tb.print()
	if want := "{\n   \"namespaces\": [\n\n   ]\n}\n"; out.String() != want {
		t.Errorf("empty JSON table: %q, want %q", out.String(), want)
	}
	out.Reset()
	tb.format = tableHuman
	tb.print()
	if out.Len() != 0 {
		t.Errorf("empty human table printed %q", out.String())
	}
}

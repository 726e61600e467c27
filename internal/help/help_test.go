package help

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestTextsMatchFiles unpacks every text and compares it with its file:
// it fails when a text changed and packed.go was not generated again.
func TestTextsMatchFiles(t *testing.T) {
	files, err := filepath.Glob("texts/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) != len(ends) {
		t.Fatalf("%d texts, %d packed: run go generate", len(files), len(ends))
	}
	for i, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := Text(ID(i)); got != string(want) {
			t.Errorf("%s: unpacked text differs from the file: run go generate\ngot:\n%s", f, got)
		}
	}
}

func TestUnpack(t *testing.T) {
	for _, tc := range []struct {
		name, packed string
		n            int
		want         string
	}{
		{"literal", "abc", 10, "abc"},
		{"stops at n", "abcdef", 2, "ab"},
		{"copy", "abcd\x80\x04\x00", 10, "abcdabcd"},
		{"overlapping copy", "ab\x81\x02\x00", 10, "abababa"},
		{"copy past n is whole", "abcd\x80\x04\x00x", 6, "abcdabcd"},
		{"copy before the start", "ab\x80\x03\x00", 10, "ab"},
		{"copy of distance 0", "ab\x80\x00\x00", 10, "ab"},
		{"truncated copy", "abcd\x80\x04", 10, "abcd"},
	} {
		if got := string(unpack(tc.packed, tc.n)); got != tc.want {
			t.Errorf("%s: unpack(%q, %d) = %q, want %q", tc.name, tc.packed, tc.n, got, tc.want)
		}
	}
}

// FuzzUnpack: any bytes unpack without a panic, to at most one copy past
// what was asked for, and ASCII stands for itself.
func FuzzUnpack(f *testing.F) {
	f.Add(packed, len(packed))
	f.Add("ab\x81\x02\x00", 5)
	f.Fuzz(func(t *testing.T, p string, n int) {
		if n < 0 || n > 1<<16 {
			return
		}
		out := unpack(p, n)
		if len(out) >= n+maxCopy {
			t.Fatalf("unpacked %d bytes for %d", len(out), n)
		}
		ascii := true
		for i := 0; i < len(p); i++ {
			ascii = ascii && p[i] < 0x80
		}
		if ascii && string(out) != p[:min(n, len(p))] {
			t.Fatalf("ASCII %q unpacked to %q", p, out)
		}
	})
}

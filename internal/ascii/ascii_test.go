package ascii

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var seeds = []string{"", " ", "a", "AbC", " a  b\tc\n", "\v\f\r x \x85 y", "x\u00a0y", "\u212a", "ſ", "İi", "\xff\xfe",
	"Mode", "DORMANT", "802.1Q", "  12 \n"}

// For ASCII text the functions are package strings'; beyond it, only ASCII
// letters fold and only ASCII white space separates.
func FuzzASCII(f *testing.F) {
	for _, s := range seeds {
		f.Add(s, strings.ToUpper(s))
		f.Add(s, " \t\x00")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		isASCII := func(s string) bool {
			for i := 0; i < len(s); i++ {
				if s[i] >= utf8.RuneSelf {
					return false
				}
			}
			return true
		}
		if isASCII(a) && isASCII(b) {
			if EqualFold(a, b) != strings.EqualFold(a, b) {
				t.Errorf("EqualFold(%q, %q) = %v", a, b, EqualFold(a, b))
			}
			if ToLower(a) != strings.ToLower(a) || ToUpper(a) != strings.ToUpper(a) {
				t.Errorf("ToLower/ToUpper(%q) = %q, %q", a, ToLower(a), ToUpper(a))
			}
			if !slices.Equal(Fields(a), strings.Fields(a)) || TrimSpace(a) != strings.TrimSpace(a) {
				t.Errorf("Fields/TrimSpace(%q) = %q, %q", a, Fields(a), TrimSpace(a))
			}
		}
		// The byte-set functions are strings' for an ASCII set, on any s.
		if isASCII(b) {
			if IndexAny(a, b) != strings.IndexAny(a, b) || TrimLeft(a, b) != strings.TrimLeft(a, b) ||
				TrimRight(a, b) != strings.TrimRight(a, b) {
				t.Errorf("IndexAny/TrimLeft/TrimRight(%q, %q) = %d, %q, %q", a, b, IndexAny(a, b), TrimLeft(a, b), TrimRight(a, b))
			}
		}
		if isASCII(a) && isASCII(b) {
			return
		}
		// Bytes beyond ASCII are letters of no case and no space.
		if len(ToLower(a)) != len(a) || strings.Join(Fields(a), "") != strings.Join(strings.FieldsFunc(a, func(r rune) bool {
			return r < utf8.RuneSelf && IsSpace(byte(r))
		}), "") {
			t.Errorf("%q: ToLower %q, Fields %q", a, ToLower(a), Fields(a))
		}
	})
}

func TestBeyondASCII(t *testing.T) {
	if EqualFold("\u212a", "k") || EqualFold("ſ", "s") || !EqualFold("Straße", "STRAßE") {
		t.Error("EqualFold folds beyond ASCII")
	}
	if got := Fields("a\u00a0b \x85c"); !slices.Equal(got, []string{"a\u00a0b", "\x85c"}) {
		t.Errorf("Fields splits beyond ASCII: %q", got)
	}
	if got := ToUpper("straße"); got != "STRAßE" {
		t.Errorf("ToUpper(straße) = %q", got)
	}
}

// The search functions are package strings', byte for byte, on any input.
func FuzzSearch(f *testing.F) {
	for _, s := range seeds {
		f.Add(s, " ", 2)
	}
	f.Add("a:b:c::", ":", -1)
	f.Add("fe80::1", "::", 3)
	f.Add("x\\\ny\\\n", "\\\n", 0)
	f.Add("aaa", "aa", 1)
	f.Fuzz(func(t *testing.T, s, sep string, n int) {
		c := byte(0)
		if sep != "" {
			c = sep[0]
		}
		if IndexByte(s, c) != strings.IndexByte(s, c) || LastIndexByte(s, c) != strings.LastIndexByte(s, c) {
			t.Errorf("IndexByte/LastIndexByte(%q, %q) = %d, %d", s, c, IndexByte(s, c), LastIndexByte(s, c))
		}
		if Index(s, sep) != strings.Index(s, sep) || Contains(s, sep) != strings.Contains(s, sep) {
			t.Errorf("Index/Contains(%q, %q) = %d, %v", s, sep, Index(s, sep), Contains(s, sep))
		}
		if HasPrefix(s, sep) != strings.HasPrefix(s, sep) || HasSuffix(s, sep) != strings.HasSuffix(s, sep) ||
			TrimPrefix(s, sep) != strings.TrimPrefix(s, sep) || TrimSuffix(s, sep) != strings.TrimSuffix(s, sep) {
			t.Errorf("HasPrefix/HasSuffix/TrimPrefix/TrimSuffix(%q, %q)", s, sep)
		}
		a, ok := CutPrefix(s, sep)
		b, okb := strings.CutPrefix(s, sep)
		c1, okc := CutSuffix(s, sep)
		d, okd := strings.CutSuffix(s, sep)
		if a != b || ok != okb || c1 != d || okc != okd {
			t.Errorf("CutPrefix/CutSuffix(%q, %q)", s, sep)
		}
		x, y, found := Cut(s, sep)
		x2, y2, found2 := strings.Cut(s, sep)
		if x != x2 || y != y2 || found != found2 {
			t.Errorf("Cut(%q, %q) = %q, %q, %v", s, sep, x, y, found)
		}
		if sep != "" {
			n %= 8
			if got, want := SplitN(s, sep, n), strings.SplitN(s, sep, n); !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("SplitN(%q, %q, %d) = %q, want %q", s, sep, n, got, want)
			}
			if got, want := Split(s, sep), strings.Split(s, sep); !slices.Equal(got, want) {
				t.Errorf("Split(%q, %q) = %q, want %q", s, sep, got, want)
			}
			parts := strings.Split(s, sep)
			if Join(parts, sep) != s || Join(parts[:0], sep) != "" || Join(parts, "") != strings.Join(parts, "") {
				t.Errorf("Join(%q, %q) = %q", parts, sep, Join(parts, sep))
			}
		}
	})
}

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

package ascii

// The functions of this file give package strings' results for every
// input (SplitN takes no empty separator). They compare bytes, so they
// need no tables. Keeping strings out saves every run of nsip unicode's
// initialiser: 13 page faults, a tenth of a cheap command's run.

// IndexByte is the index of the first c in s, -1 when there is none.
func IndexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// LastIndexByte is the index of the last c in s, -1 when there is none.
func LastIndexByte(s string, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// Index is the index of the first sub in s, -1 when there is none.
func Index(s, sub string) int {
	if sub == "" {
		return 0
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// Contains reports whether sub is in s.
func Contains(s, sub string) bool { return Index(s, sub) >= 0 }

// HasPrefix reports whether s begins with prefix.
func HasPrefix(s, prefix string) bool { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }

// HasSuffix reports whether s ends with suffix.
func HasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

// TrimPrefix is s without prefix, or s when it does not begin with it.
func TrimPrefix(s, prefix string) string {
	s, _ = CutPrefix(s, prefix)
	return s
}

// TrimSuffix is s without suffix, or s when it does not end with it.
func TrimSuffix(s, suffix string) string {
	s, _ = CutSuffix(s, suffix)
	return s
}

// CutPrefix is s without prefix and true, or s and false when s does not
// begin with prefix.
func CutPrefix(s, prefix string) (string, bool) {
	if !HasPrefix(s, prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// CutSuffix is s without suffix and true, or s and false when s does not
// end with suffix.
func CutSuffix(s, suffix string) (string, bool) {
	if !HasSuffix(s, suffix) {
		return s, false
	}
	return s[:len(s)-len(suffix)], true
}

// Cut splits s around the first sep: what comes before and after it and
// true, or s, "" and false when sep is not in s.
func Cut(s, sep string) (before, after string, found bool) {
	if i := Index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// Split is the parts of s between the seps.
func Split(s, sep string) []string { return SplitN(s, sep, -1) }

// SplitN is the parts of s between the seps, at most n of them (all of
// them when n < 0): the last part is the rest of s. Unlike strings.SplitN
// it takes no empty sep: no caller splits a string into its bytes.
func SplitN(s, sep string, n int) []string {
	if sep == "" {
		panic("ascii: SplitN with an empty separator")
	}
	if n == 0 {
		return nil
	}
	if n < 0 {
		n = count(s, sep) + 1
	}
	parts := make([]string, 0, n)
	for len(parts) < n-1 {
		before, after, found := Cut(s, sep)
		if !found {
			break
		}
		parts = append(parts, before)
		s = after
	}
	return append(parts, s)
}

// count is how many times the non-empty sep is in s, without overlaps.
func count(s, sep string) int {
	n := 0
	for i := Index(s, sep); i >= 0; i = Index(s, sep) {
		n++
		s = s[i+len(sep):]
	}
	return n
}

// Join is the parts with sep between each two.
func Join(parts []string, sep string) string {
	if len(parts) == 0 {
		return ""
	}
	size := len(sep) * (len(parts) - 1)
	for _, p := range parts {
		size += len(p)
	}
	b := make([]byte, 0, size)
	b = append(b, parts[0]...)
	for _, p := range parts[1:] {
		b = append(append(b, sep...), p...)
	}
	return string(b)
}

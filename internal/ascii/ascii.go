// Package ascii has the string functions nsip needs, so that package
// strings stays out of the binary: strings imports unicode, whose package
// initialiser builds maps on every start of the program. The case and
// space functions have the meaning C gives them: only ASCII letters have
// case and only ASCII white space separates words (strcasecmp, tolower,
// isspace and sscanf's %s in the C locale and in glibc's UTF-8 ones); for
// ASCII text they are package strings' functions. The byte-set functions
// (IndexAny, TrimLeft, TrimRight) are strings' for sets of ASCII bytes.
// The search functions of search.go are strings' for any text. Those
// marked go:noinline would only grow the binary inlined at their several
// callers.
package ascii

// IsSpace is C's isspace: space, \t, \n, \v, \f and \r.
func IsSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// EqualFold reports whether a and b are equal ignoring the case of ASCII
// letters, as strcasecmp(a, b) == 0.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// ToLower is s with its ASCII letters in lower case.
//
//go:noinline
func ToLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lower(c)
	}
	return string(b)
}

// ToUpper is s with its ASCII letters in upper case.
func ToUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Fields splits s around runs of white space.
func Fields(s string) []string {
	var fields []string
	for i := 0; i < len(s); {
		for i < len(s) && IsSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !IsSpace(s[i]) {
			i++
		}
		if i > start {
			fields = append(fields, s[start:i])
		}
	}
	return fields
}

// TrimSpace is s without leading and trailing white space.
//
//go:noinline
func TrimSpace(s string) string {
	for s != "" && IsSpace(s[0]) {
		s = s[1:]
	}
	for s != "" && IsSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// IndexAny is the index of the first byte of s that is in chars, -1 when
// there is none. For ASCII chars it is strings.IndexAny.
func IndexAny(s, chars string) int {
	for i := 0; i < len(s); i++ {
		if IndexByte(chars, s[i]) >= 0 {
			return i
		}
	}
	return -1
}

// TrimLeft is s without the leading bytes that are in cutset. For an
// ASCII cutset it is strings.TrimLeft.
func TrimLeft(s, cutset string) string {
	for s != "" && IndexByte(cutset, s[0]) >= 0 {
		s = s[1:]
	}
	return s
}

// TrimRight is s without the trailing bytes that are in cutset. For an
// ASCII cutset it is strings.TrimRight.
func TrimRight(s, cutset string) string {
	for s != "" && IndexByte(cutset, s[len(s)-1]) >= 0 {
		s = s[:len(s)-1]
	}
	return s
}

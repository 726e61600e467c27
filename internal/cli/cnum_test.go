package cli

import (
	"strconv"
	"strings"
	"testing"

	"nsip/internal/testenv"
)

func TestNumbersMatchStrtoulAndStrtol(t *testing.T) {
	for _, row := range testenv.GlibcTable(t, "strto.txt", 4) {
		s := row[0]
		base, _ := strconv.Atoi(row[1])
		u := strings.Fields(row[2])
		n, used, overflow := Strtoul(s, base)
		if got := []string{strconv.FormatUint(n, 10), strconv.Itoa(used), zeroOne[overflow]}; strings.Join(got, " ") != row[2] {
			t.Errorf("strtoul(%q, %d) = %v, glibc says %v", s, base, got, u)
		}
		l := strings.Fields(row[3])
		sn, sused, soverflow := Strtol(s, base)
		// glibc reports no digits as 0 used; so do we.
		if got := []string{strconv.FormatInt(sn, 10), strconv.Itoa(sused), zeroOne[soverflow]}; strings.Join(got, " ") != row[3] {
			t.Errorf("strtol(%q, %d) = %v, glibc says %v", s, base, got, l)
		}
	}
}

// zeroOne is how gen.c writes a flag.
var zeroOne = map[bool]string{false: "0", true: "1"}

package ip

import (
	"encoding/binary"

	"nsip/internal/cli"
)

// mplsLabels is mpls_pton: a stack of labels L[/L...], each strtoul's
// number in base 0 below 2^20, written as the kernel's 4-byte label stack
// entries with the bottom-of-stack bit on the last. It returns the
// address's bytes and their count.
func mplsLabels(s string) (data [256]byte, n int, ok bool) {
	for count := 0; count < len(data)/4; count++ {
		label, used, overflow := cli.Strtoul(s, 0)
		if overflow || label >= 1<<20 || used == 0 {
			return data, 0, false
		}
		entry := uint32(label) << 12
		if used == len(s) {
			binary.BigEndian.PutUint32(data[4*count:], entry|1<<8)
			return data, 4 * (count + 1), true
		}
		if s[used] != '/' {
			return data, 0, false
		}
		binary.BigEndian.PutUint32(data[4*count:], entry)
		s = s[used+1:]
	}
	cli.Stderr("Error: too many labels.\n")
	return data, 0, false
}

package ip

import (
	"nsip/internal/cli"
	"nsip/internal/endian"
)

// mplsLabels is mpls_pton: a stack of labels L[/L...], each strtoul's
// number in base 0 below 2^20, written as the kernel's 4-byte label stack
// entries with the bottom-of-stack bit on the last, into data, in place
// (the array is large). It returns the count of the address's bytes.
func mplsLabels(data *[256]byte, s string) (n int, ok bool) {
	*data = [256]byte{}
	for count := 0; count < len(data)/4; count++ {
		label, used, overflow := cli.Strtoul(s, 0)
		if overflow || label >= 1<<20 || used == 0 {
			return 0, false
		}
		entry := uint32(label) << 12
		if used == len(s) {
			endian.Big.PutUint32(data[4*count:], entry|1<<8)
			return 4 * (count + 1), true
		}
		if s[used] != '/' {
			return 0, false
		}
		endian.Big.PutUint32(data[4*count:], entry)
		s = s[used+1:]
	}
	cli.Stderr("Error: too many labels.\n")
	return 0, false
}

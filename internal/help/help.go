// Package help holds the long help and usage texts of the tools, word for
// word as the reference tools print them, packed: repeated phrases ("[ {
// on | off } ]", "Usage: ip ...") take 3 bytes instead of their length,
// which keeps about half of the text out of the binary. The texts live in
// texts/*.txt; `go generate` packs them into packed.go.
package help

//go:generate go run gen.go

// ID names a text: the name of its file in texts/, in CamelCase.
type ID uint8

// A packed text is a series of bytes: an ASCII byte stands for itself, and
// a byte with the top bit set copies (its low 7 bits)+minCopy bytes that
// came out earlier, from as far back as the next 2 bytes (little endian)
// say.
const (
	minCopy = 4
	maxCopy = 0x7f + minCopy
)

// Text is the text id, unpacked.
func Text(id ID) string {
	start, end := 0, int(ends[id])
	if id > 0 {
		start = int(ends[id-1])
	}
	return string(unpack(packed, end)[start:end])
}

// unpack returns what packed stands for, up to n bytes at least: copies
// refer only to what came earlier, so the texts before the one wanted are
// unpacked too, and no further. It stops at a copy that reaches past the
// start or the end of packed.
func unpack(packed string, n int) []byte {
	out := make([]byte, 0, n+maxCopy)
	for i := 0; i < len(packed) && len(out) < n; {
		b := packed[i]
		if b < 0x80 {
			out = append(out, b)
			i++
			continue
		}
		if i+2 >= len(packed) {
			break
		}
		length, distance := int(b&0x7f)+minCopy, int(packed[i+1])|int(packed[i+2])<<8
		if distance == 0 || distance > len(out) {
			break
		}
		for k := 0; k < length; k++ {
			out = append(out, out[len(out)-distance])
		}
		i += 3
	}
	return out
}

package proc

import (
	"encoding/binary"
	"slices"
	"syscall"
	"testing"
)

// dirent is a linux_dirent64 record for name, padded to 8 bytes as the
// kernel pads them.
func dirent(ino uint64, name string) []byte {
	size := (direntNameOffset + len(name) + 1 + 7) &^ 7
	b := make([]byte, size)
	binary.NativeEndian.PutUint64(b, ino)
	binary.NativeEndian.PutUint16(b[16:], uint16(size))
	copy(b[direntNameOffset:], name)
	return b
}

// direntNames reads what getdents64 fills as syscall.ParseDirent does.
func FuzzDirentNames(f *testing.F) {
	records := slices.Concat(dirent(1, "."), dirent(2, ".."), dirent(3, "self"), dirent(0, "1"), dirent(9, "a-long-name-of-a-file"))
	f.Add([]byte(nil))
	f.Add(records)
	f.Add(records[:len(records)-3])
	f.Add(append(dirent(5, "x"), 1, 2, 3))
	f.Add(slices.Concat(dirent(5, "x"), make([]byte, 24)))
	f.Fuzz(func(t *testing.T, buf []byte) {
		got := direntNames(buf, nil)
		var want []string
		func() {
			// syscall's panics on a record shorter than a name's offset;
			// direntNames stops there, so compare the records before it.
			defer func() { recover() }()
			_, _, want = syscall.ParseDirent(buf, -1, nil)
		}()
		if len(want) > len(got) || !slices.Equal(got[:len(want)], want) {
			t.Errorf("direntNames = %q, syscall.ParseDirent = %q", got, want)
		}
		if wellFormed(buf) && !slices.Equal(got, want) {
			t.Errorf("direntNames = %q, syscall.ParseDirent = %q", got, want)
		}
	})
}

// wellFormed reports whether no record of buf is shorter than the name's
// offset, where syscall.ParseDirent would panic.
func wellFormed(buf []byte) bool {
	for len(buf) >= 18 {
		size := int(binary.NativeEndian.Uint16(buf[16:]))
		if size > len(buf) {
			return true
		}
		if size < direntNameOffset {
			return size < 8 // the walk ends on a record without d_ino
		}
		buf = buf[size:]
	}
	return true
}

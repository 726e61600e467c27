package endian

import (
	"encoding/binary"
	"testing"
)

// The orders are encoding/binary's, byte for byte, on every width.
func TestMatchesEncodingBinary(t *testing.T) {
	b := []byte{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}
	if Big.Uint16(b) != binary.BigEndian.Uint16(b) || Big.Uint32(b) != binary.BigEndian.Uint32(b) ||
		Big.Uint64(b) != binary.BigEndian.Uint64(b) {
		t.Errorf("Big reads %#x %#x %#x", Big.Uint16(b), Big.Uint32(b), Big.Uint64(b))
	}
	if Little.Uint16(b) != binary.LittleEndian.Uint16(b) || Little.Uint32(b) != binary.LittleEndian.Uint32(b) ||
		Little.Uint64(b) != binary.LittleEndian.Uint64(b) {
		t.Errorf("Little reads %#x %#x %#x", Little.Uint16(b), Little.Uint32(b), Little.Uint64(b))
	}
	if Native.Uint64(b) != binary.NativeEndian.Uint64(b) || Native.Uint32(b) != binary.NativeEndian.Uint32(b) ||
		Native.Uint16(b) != binary.NativeEndian.Uint16(b) {
		t.Errorf("Native reads %#x, encoding/binary %#x", Native.Uint64(b), binary.NativeEndian.Uint64(b))
	}
	var v uint64 = 0x0123456789abcdef
	v16, v32 := uint16(v), uint32(v)
	for _, tc := range []struct {
		name      string
		got, want []byte
	}{
		{"Big.AppendUint16", Big.AppendUint16(nil, v16), binary.BigEndian.AppendUint16(nil, v16)},
		{"Big.AppendUint32", Big.AppendUint32(nil, v32), binary.BigEndian.AppendUint32(nil, v32)},
		{"Big.AppendUint64", Big.AppendUint64(nil, v), binary.BigEndian.AppendUint64(nil, v)},
		{"Little.AppendUint16", Little.AppendUint16(nil, v16), binary.LittleEndian.AppendUint16(nil, v16)},
		{"Little.AppendUint32", Little.AppendUint32(nil, v32), binary.LittleEndian.AppendUint32(nil, v32)},
		{"Little.AppendUint64", Little.AppendUint64(nil, v), binary.LittleEndian.AppendUint64(nil, v)},
		{"Native.AppendUint64", Native.AppendUint64(nil, v), binary.NativeEndian.AppendUint64(nil, v)},
		{"Big.PutUint16", put(func(b []byte) { Big.PutUint16(b, v16) }), put(func(b []byte) { binary.BigEndian.PutUint16(b, v16) })},
		{"Big.PutUint32", put(func(b []byte) { Big.PutUint32(b, v32) }), put(func(b []byte) { binary.BigEndian.PutUint32(b, v32) })},
		{"Big.PutUint64", put(func(b []byte) { Big.PutUint64(b, v) }), put(func(b []byte) { binary.BigEndian.PutUint64(b, v) })},
		{"Little.PutUint16", put(func(b []byte) { Little.PutUint16(b, v16) }), put(func(b []byte) { binary.LittleEndian.PutUint16(b, v16) })},
		{"Little.PutUint32", put(func(b []byte) { Little.PutUint32(b, v32) }), put(func(b []byte) { binary.LittleEndian.PutUint32(b, v32) })},
		{"Little.PutUint64", put(func(b []byte) { Little.PutUint64(b, v) }), put(func(b []byte) { binary.LittleEndian.PutUint64(b, v) })},
		{"Native.PutUint32", put(func(b []byte) { Native.PutUint32(b, v32) }), put(func(b []byte) { binary.NativeEndian.PutUint32(b, v32) })},
	} {
		if string(tc.got) != string(tc.want) {
			t.Errorf("%s: % x, want % x", tc.name, tc.got, tc.want)
		}
	}
}

// put is what fill writes into eight zero bytes.
func put(fill func([]byte)) []byte {
	b := make([]byte, 8)
	fill(b)
	return b
}

// Package endian reads and writes fixed-size integers in a byte order:
// Native (the machine's, as netlink carries them), Big (network order)
// and Little. Its methods are encoding/binary's, which cannot be used:
// that package imports reflect, and reflect imports unicode, whose
// package initialiser builds maps on every start of the binary. On this
// kernel that is 13 page faults, a tenth of a cheap command's run.
package endian

// big and little are the byte orders; Native is one of them, chosen by
// GOARCH in native_big.go and native_little.go.
type (
	big    struct{}
	little struct{}
)

// Big and Little are the two byte orders.
var (
	Big    big
	Little little
)

func (big) Uint16(b []byte) uint16 {
	_ = b[1] // one bounds check
	return uint16(b[1]) | uint16(b[0])<<8
}

func (big) Uint32(b []byte) uint32 {
	_ = b[3]
	return uint32(b[3]) | uint32(b[2])<<8 | uint32(b[1])<<16 | uint32(b[0])<<24
}

func (o big) Uint64(b []byte) uint64 {
	_ = b[7]
	return uint64(o.Uint32(b))<<32 | uint64(o.Uint32(b[4:]))
}

func (big) PutUint16(b []byte, v uint16) {
	_ = b[1]
	b[0], b[1] = byte(v>>8), byte(v)
}

func (big) PutUint32(b []byte, v uint32) {
	_ = b[3]
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}

func (o big) PutUint64(b []byte, v uint64) {
	_ = b[7]
	o.PutUint32(b, uint32(v>>32))
	o.PutUint32(b[4:], uint32(v))
}

func (big) AppendUint16(b []byte, v uint16) []byte {
	return append(b, byte(v>>8), byte(v))
}

func (big) AppendUint32(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func (o big) AppendUint64(b []byte, v uint64) []byte {
	return o.AppendUint32(o.AppendUint32(b, uint32(v>>32)), uint32(v))
}

func (little) Uint16(b []byte) uint16 {
	_ = b[1]
	return uint16(b[0]) | uint16(b[1])<<8
}

func (little) Uint32(b []byte) uint32 {
	_ = b[3]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (o little) Uint64(b []byte) uint64 {
	_ = b[7]
	return uint64(o.Uint32(b)) | uint64(o.Uint32(b[4:]))<<32
}

func (little) PutUint16(b []byte, v uint16) {
	_ = b[1]
	b[0], b[1] = byte(v), byte(v>>8)
}

func (little) PutUint32(b []byte, v uint32) {
	_ = b[3]
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func (o little) PutUint64(b []byte, v uint64) {
	_ = b[7]
	o.PutUint32(b, uint32(v))
	o.PutUint32(b[4:], uint32(v>>32))
}

func (little) AppendUint16(b []byte, v uint16) []byte {
	return append(b, byte(v), byte(v>>8))
}

func (little) AppendUint32(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

func (o little) AppendUint64(b []byte, v uint64) []byte {
	return o.AppendUint32(o.AppendUint32(b, uint32(v)), uint32(v>>32))
}

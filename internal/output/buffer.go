package output

import "io"

// buffer is the output a Printer or a Table holds until it writes it to
// dst. Its writes append and cannot fail (a write to dst can).
type buffer struct {
	b   []byte
	dst io.Writer
}

// The writes stay out of line: the Printer's methods that call them are
// inlined at hundreds of call sites, which would all grow by an append.

//go:noinline
func (w *buffer) WriteString(s string) { w.b = append(w.b, s...) }

//go:noinline
func (w *buffer) WriteByte(c byte) error {
	w.b = append(w.b, c)
	return nil
}

// flush writes the first n bytes to dst and keeps the rest.
func (w *buffer) flush(n int) error {
	if n == 0 {
		return nil
	}
	_, err := w.dst.Write(w.b[:n])
	w.b = w.b[:copy(w.b, w.b[n:])]
	return err
}

func (w *buffer) flushAll() error { return w.flush(len(w.b)) }

package output

import "io"

// recordBatchSize is how much whole-record output a batching Printer holds
// before it writes.
const recordBatchSize = 32 << 10

// records holds what a batching Printer's bufio.Writer hands on: the
// records it ended and the record in progress. It writes the ended ones
// once there are recordBatchSize bytes of them, or when asked to.
type records struct {
	w   io.Writer
	buf []byte
	// ended is how much of buf holds ended records.
	ended int
}

func (r *records) Write(b []byte) (int, error) {
	r.buf = append(r.buf, b...)
	if len(r.buf)-r.ended > recordBatchSize {
		// A record this long goes out in parts, as it would from C.
		return len(b), r.write(len(r.buf))
	}
	return len(b), nil
}

// end marks everything so far as ended records, and writes them once
// there are enough.
func (r *records) end() error {
	r.ended = len(r.buf)
	if r.ended < recordBatchSize {
		return nil
	}
	return r.write(r.ended)
}

// write writes the first n bytes and keeps the rest.
func (r *records) write(n int) error {
	if n == 0 {
		return nil
	}
	_, err := r.w.Write(r.buf[:n])
	r.buf = r.buf[:copy(r.buf, r.buf[n:])]
	r.ended = max(r.ended-n, 0)
	return err
}

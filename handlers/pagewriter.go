package handlers

import (
	"io"
	"sync"
)

// pageBuffer is how much of a page render holds back before writing: a page up to this size
// goes out in one write. templ writes through a 4 KB buffer, and net/http sends each 4 KB
// piece as its own system call (on loopback the kernel also delivers it in the same call), so
// a 54 KB goal tree page took 14 writes. Larger pages stream as before, so a big page never
// sits whole in memory.
const pageBuffer = 256 << 10

var pageBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// pageWriter collects a page's first pageBuffer bytes, then writes through.
type pageWriter struct {
	w       io.Writer
	buf     *[]byte
	through bool
	err     error
}

func newPageWriter(w io.Writer) *pageWriter {
	return &pageWriter{w: w, buf: pageBuffers.Get().(*[]byte)}
}

func (pw *pageWriter) Write(p []byte) (int, error) {
	if pw.err != nil {
		return 0, pw.err
	}
	if !pw.through && len(*pw.buf)+len(p) <= pageBuffer {
		*pw.buf = append(*pw.buf, p...)
		return len(p), nil
	}
	if !pw.through {
		pw.through = true
		if err := pw.flushBuffer(); err != nil {
			return 0, err
		}
	}
	n, err := pw.w.Write(p)
	pw.err = err
	return n, err
}

// flushBuffer writes what is held back.
func (pw *pageWriter) flushBuffer() error {
	if len(*pw.buf) > 0 {
		_, pw.err = pw.w.Write(*pw.buf)
		*pw.buf = (*pw.buf)[:0]
	}
	return pw.err
}

// Close writes what is held back and returns the buffer to the pool.
func (pw *pageWriter) Close() error {
	err := pw.flushBuffer()
	if cap(*pw.buf) <= pageBuffer {
		pageBuffers.Put(pw.buf)
	}
	pw.buf = nil
	return err
}

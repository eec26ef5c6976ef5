package handlers

import (
	"bytes"
	"strings"
	"testing"
)

// countingWriter records the size of each write it is given.
type countingWriter struct {
	bytes.Buffer
	writes []int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes = append(c.writes, len(p))
	return c.Buffer.Write(p)
}

// A page up to pageBuffer leaves in one write; a larger one streams, holding back no more
// than pageBuffer; either way the bytes are the page's, in order.
func TestPageWriterWritesASmallPageOnceAndStreamsALargeOne(t *testing.T) {
	for _, size := range []int{0, 1, 54 << 10, pageBuffer, pageBuffer + 1, 3 * pageBuffer} {
		page := strings.Repeat("0123456789abcdef", size/16+1)[:size]
		out := &countingWriter{}
		pw := newPageWriter(out)
		for rest := page; rest != ""; {
			n := min(4096, len(rest)) // templ's own buffer hands on 4 KB at a time
			if _, err := pw.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
			if held := len(page) - len(rest) - out.Len(); held > pageBuffer {
				t.Fatalf("size %d: %d bytes held back", size, held)
			}
		}
		if err := pw.Close(); err != nil {
			t.Fatal(err)
		}
		if out.String() != page {
			t.Fatalf("size %d: wrote %d bytes, not the page", size, out.Len())
		}
		wantWrites := 1
		switch {
		case size == 0:
			wantWrites = 0
		case size > pageBuffer:
			wantWrites = len(out.writes) // streamed: many writes, checked above for what was held
		}
		if len(out.writes) != wantWrites || size > pageBuffer && len(out.writes) < 2 {
			t.Errorf("size %d: %d writes %v, want %d", size, len(out.writes), out.writes[:min(3, len(out.writes))], wantWrites)
		}
	}
}

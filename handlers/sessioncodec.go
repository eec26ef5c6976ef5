package handlers

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec stores a session's values in a small tagged binary form instead of scs's
// default gob. Every request decodes its session, and gob builds its type machinery anew
// for each decoder: ~5% of a page's CPU at 100,000 people (docs/performance.md, fourteenth
// pass). The values Lodestar keeps (ids, epochs, times as Unix seconds, language codes,
// booleans) fit the form; a session holding any other type is written with gob, and rows
// written with gob (before this codec, or by such a session) still decode, so nobody is
// signed out by the change.
type sessionCodec struct{}

// sessionMagic starts every session this codec writes. A gob stream starts with a message
// length, which is never 0, so the two cannot be confused.
const sessionMagic = "\x00ls1"

// The value tags.
const (
	tagString = 's'
	tagInt64  = 'i'
	tagInt    = 'n'
	tagBool   = 'b'
)

var errSessionData = errors.New("session: malformed data")

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	b := make([]byte, 0, 64+16*len(values))
	b = append(b, sessionMagic...)
	b = binary.AppendVarint(b, deadline.Unix())
	b = binary.AppendUvarint(b, uint64(deadline.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(values)))
	for k, v := range values {
		b = appendString(b, k)
		switch v := v.(type) {
		case string:
			b = appendString(append(b, tagString), v)
		case int64:
			b = binary.AppendVarint(append(b, tagInt64), v)
		case int:
			b = binary.AppendVarint(append(b, tagInt), int64(v))
		case bool:
			flag := byte(0)
			if v {
				flag = 1
			}
			b = append(b, tagBool, flag)
		default:
			return scs.GobCodec{}.Encode(deadline, values)
		}
	}
	return b, nil
}

// Decode reads either form. Anything it cannot read is errSessionData (sessionError then
// signs the person out rather than failing every request of theirs until the row expires).
func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) < len(sessionMagic) || string(b[:len(sessionMagic)]) != sessionMagic {
		deadline, values, err := scs.GobCodec{}.Decode(b)
		if err != nil {
			return time.Time{}, nil, fmt.Errorf("%w: %v", errSessionData, err)
		}
		return deadline, values, nil
	}
	d := sessionReader{b: b[len(sessionMagic):]}
	sec, nsec := d.varint(), d.uvarint()
	n := d.uvarint()
	if d.err != nil || nsec >= 1e9 || n > uint64(len(d.b)) {
		return time.Time{}, nil, errSessionData
	}
	values := make(map[string]any, n)
	for range n {
		k := d.string()
		switch d.byte() {
		case tagString:
			values[k] = d.string()
		case tagInt64:
			values[k] = d.varint()
		case tagInt:
			values[k] = int(d.varint())
		case tagBool:
			switch d.byte() {
			case 0:
				values[k] = false
			case 1:
				values[k] = true
			default:
				d.err = errSessionData
			}
		default:
			d.err = errSessionData
		}
		if d.err != nil {
			return time.Time{}, nil, errSessionData
		}
	}
	if len(d.b) != 0 || len(values) != int(n) { // trailing bytes, or a key twice
		return time.Time{}, nil, errSessionData
	}
	return time.Unix(sec, int64(nsec)), values, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// sessionReader reads sessionCodec's form; the first malformed read sets err and every
// later read returns zero.
type sessionReader struct {
	b   []byte
	err error
}

func (r *sessionReader) varint() int64   { return readVarint(r, binary.Varint) }
func (r *sessionReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }

// readVarint reads one number with read (binary.Varint or binary.Uvarint).
func readVarint[T int64 | uint64](r *sessionReader, read func([]byte) (T, int)) T {
	v, n := read(r.b)
	if n <= 0 || r.err != nil {
		r.err = errSessionData
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) byte() byte {
	if len(r.b) == 0 || r.err != nil {
		r.err = errSessionData
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *sessionReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errSessionData
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

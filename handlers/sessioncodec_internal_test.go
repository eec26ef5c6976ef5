package handlers

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// The values Lodestar keeps in a session, of each type the codec writes itself.
func sessionValues() map[string]any {
	return map[string]any{"person_id": int64(42), "session_epoch": int64(-3), "seen_at": int64(1796428800),
		"lang": "zh", "flash_key": "flash.saved", "flash_arg": "", "flash_count": 7, "flash_counted": true,
		"other": false, "名字": strings.Repeat("王", 300)}
}

func TestSessionCodecRoundTrips(t *testing.T) {
	deadline := time.Date(2026, 12, 4, 21, 30, 5, 123456789, time.UTC)
	for _, values := range []map[string]any{sessionValues(), {}} {
		b, err := sessionCodec{}.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), sessionMagic) {
			t.Fatalf("not written in the codec's own form: %q", b[:8])
		}
		gotDeadline, got, err := sessionCodec{}.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if !gotDeadline.Equal(deadline) || !reflect.DeepEqual(got, values) {
			t.Errorf("round trip: %v %#v, want %v %#v", gotDeadline, got, deadline, values)
		}
	}
}

// A session holding a type the codec does not know is written with gob, and rows written
// with gob (every session before the codec) still decode: nobody is signed out.
func TestSessionCodecFallsBackToGob(t *testing.T) {
	deadline := time.Now().Add(time.Hour).Round(0)
	withFloat := sessionValues()
	withFloat["share"] = 0.25
	b, err := sessionCodec{}.Encode(deadline, withFloat)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(string(b), sessionMagic) {
		t.Fatal("a float64 value was written in the codec's own form")
	}
	old, err := scs.GobCodec{}.Encode(deadline, sessionValues())
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		b    []byte
		want map[string]any
	}{"unknown type": {b, withFloat}, "written before the codec": {old, sessionValues()}} {
		gotDeadline, got, err := sessionCodec{}.Decode(c.b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !gotDeadline.Equal(deadline) || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v %#v", name, gotDeadline, got)
		}
	}
}

// Damaged data is an error, never a panic or a session with values missing.
func TestSessionCodecRefusesDamagedData(t *testing.T) {
	b, err := sessionCodec{}.Encode(time.Now(), sessionValues())
	if err != nil {
		t.Fatal(err)
	}
	for n := len(sessionMagic); n < len(b); n++ {
		if _, _, err := (sessionCodec{}).Decode(b[:n]); err == nil {
			t.Errorf("cut at %d of %d bytes: decoded", n, len(b))
		}
	}
	for _, bad := range [][]byte{append(append([]byte{}, b...), 0), []byte(sessionMagic + "\x00\x00\x05"),
		[]byte(sessionMagic + "\x00\x00\x01\x01kx\x00"), []byte(sessionMagic + "\x00\xff\xff\xff\xff\x0f\x00"),
		[]byte(sessionMagic + "\x00\x00\x01\x01kb\x02"),             // a bool neither 0 nor 1
		[]byte(sessionMagic + "\x00\x00\x02\x01ki\x02\x01ki\x04")} { // one key twice
		if _, _, err := (sessionCodec{}).Decode(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

// BenchmarkSessionDecode: every request decodes its session (docs/performance.md,
// fourteenth pass): gob's decoder against the codec's own form, for a signed-in session.
func BenchmarkSessionDecode(b *testing.B) {
	deadline := time.Now().Add(12 * time.Hour)
	values := map[string]any{"person_id": int64(4242), "session_epoch": int64(1), "seen_at": time.Now().Unix(), "lang": "zh"}
	for _, c := range []struct {
		name  string
		codec scs.Codec
	}{{"gob", scs.GobCodec{}}, {"own", sessionCodec{}}} {
		data, err := c.codec.Encode(deadline, values)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := c.codec.Decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

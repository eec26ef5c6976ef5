package store

import (
	"testing"
	"time"
	_ "time/tzdata" // the zone below wherever the tests run
)

// Kept team items hold for their number, from when they were read until their expiry, on the
// same day: where clocks go back at 01:00 to 00:00 (Amman, 2021-10-29), the next midnight
// after 23:30 is the second 00:00, an hour after the day has changed.
func TestKeptTeamItemsHoldOnTheirDayOnly(t *testing.T) {
	amman, err := time.LoadLocation("Asia/Amman")
	if err != nil {
		t.Fatal(err)
	}
	read := time.Date(2021, 10, 28, 23, 30, 0, 0, amman)
	y, m, d := read.Date()
	k := keptInbox{version: 7, from: read, until: time.Date(y, m, d+1, 0, 0, 0, 0, amman)}
	for _, c := range []struct {
		name    string
		version int64
		now     time.Time
		want    bool
	}{
		{"when read", 7, read, true},
		{"a minute later", 7, read.Add(time.Minute), true},
		{"another number", 8, read.Add(time.Minute), false},
		{"the clock moved back", 7, read.Add(-time.Minute), false},
		{"the first midnight (the day changed)", 7, read.Add(30 * time.Minute), false},
		{"between the two midnights", 7, read.Add(90 * time.Minute), false},
		{"at until", 7, k.until, false},
		{"keptInboxesFor later, on the day", 7, read.Add(keptInboxesFor), false},
		{"just before", 7, read.Add(keptInboxesFor - time.Second), true},
	} {
		if got := k.holds(c.version, c.now); got != c.want {
			t.Errorf("%s (%v): holds %v, want %v", c.name, c.now, got, c.want)
		}
	}
	if !k.until.After(read.Add(30 * time.Minute)) {
		t.Fatalf("until %v: the test needs the second midnight", k.until)
	}
}

// The kept items stay bounded: at keptInboxesMax, entries older than keptInboxesFor go first
// and newer ones stay; if all are newer, the map starts again.
func TestKeptInboxesStayBounded(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var k keptInboxes
	for i := range keptInboxesMax {
		from := now.Add(-keptInboxesFor)
		if i == 0 {
			from = now.Add(-time.Minute) // still serving
		}
		k.put(keptInboxKey{person: int64(i)}, keptInbox{from: from}, from)
	}
	k.put(keptInboxKey{person: -1}, keptInbox{from: now}, now)
	if _, ok := k.get(keptInboxKey{person: 0}); !ok || len(k.byKey) != 2 {
		t.Fatalf("after the old ones went: %d kept, the recent one kept %v", len(k.byKey), ok)
	}
	for i := range keptInboxesMax {
		k.put(keptInboxKey{person: int64(i + 1)}, keptInbox{from: now}, now)
	}
	if len(k.byKey) > keptInboxesMax {
		t.Fatalf("%d kept, more than %d", len(k.byKey), keptInboxesMax)
	}

	// Full of entries still serving but a few: dropping those few would free too little (the
	// next puts would walk the whole map each), so the map starts again.
	clear(k.byKey)
	for i := range keptInboxesMax {
		from := now
		if i < keptInboxesMax/20 {
			from = now.Add(-keptInboxesFor)
		}
		k.put(keptInboxKey{person: int64(i)}, keptInbox{from: from}, from)
	}
	k.put(keptInboxKey{person: -1}, keptInbox{from: now}, now)
	if len(k.byKey) != 1 {
		t.Fatalf("a twentieth old: %d kept after the bound, want the map started again", len(k.byKey))
	}
}

// Kept goal tree rows follow the newest number: rows a slower request read under an older
// number are not kept (nor do they drop the newer ones), a newer number forgets the old rows.
func TestKeptGoalTreeKeepsTheNewestNumber(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var k keptByNumber[[]goalTreeRow]
	k.put("a", 5, now, []goalTreeRow{{id: 1}}, keptGoalTreeMax)
	k.put("b", 4, now, []goalTreeRow{{id: 2}}, keptGoalTreeMax)
	if _, ok := k.get("a", 5, now); !ok {
		t.Fatal("rows read under an older number dropped the newer ones")
	}
	if _, ok := k.get("b", 4, now); ok {
		t.Fatal("rows read under an older number were kept")
	}
	k.put("b", 6, now, []goalTreeRow{{id: 2}}, keptGoalTreeMax)
	if _, ok := k.get("a", 6, now); ok {
		t.Fatal("a newer number kept the old rows")
	}
	if _, ok := k.get("b", 6, now.Add(keptInboxesFor)); ok {
		t.Fatal("rows served past keptInboxesFor")
	}
}

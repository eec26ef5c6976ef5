package store_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"lodestar/store"
)

// recognition_last (migration 0039) is each person's newest visible, non-system recognition,
// kept by triggers. After every kind of write that can move it — a recognition given (to one
// or several people), hidden by moderation, shown again, re-dated, turned into a system award,
// a recipient removed, a recognition deleted — the kept rows must equal the rule read from the
// recognitions, and the manager's inbox deserts must equal the fairness page's.
func TestRecognitionLastKeptByEveryWriter(t *testing.T) {
	ctx := context.Background()
	s, c, ids := recognitionOrg(t)
	v := recognitionValue(t, s, "Teamwork")
	m, err := s.PersonByID(ctx, ids["M"])
	if err != nil {
		t.Fatal(err)
	}
	read := func(q string) map[int64]string {
		t.Helper()
		rows, err := s.DB().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64]string{}
		for rows.Next() {
			var id int64
			var at string
			if err := rows.Scan(&id, &at); err != nil {
				t.Fatal(err)
			}
			out[id] = at
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	check := func(stage string, wantRows int) {
		t.Helper()
		kept := read("SELECT person_id, at FROM recognition_last")
		rule := read(`SELECT rr.person_id, max(r.created_at) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
			WHERE r.hidden_at IS NULL AND r.source != 'system' GROUP BY rr.person_id`)
		if !maps.Equal(kept, rule) {
			t.Errorf("%s: kept %v, rule %v", stage, kept, rule)
		}
		if len(rule) != wantRows {
			t.Errorf("%s: %d people recognised, want %d: the stage does not test what it says", stage, len(rule), wantRows)
		}
		f, err := s.TeamFairness(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		items, err := s.Inbox(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, it := range items {
			if it.Kind == store.InboxDesert {
				got = it.Count
			}
		}
		if got != len(f.Desert) {
			t.Errorf("%s: inbox deserts %d, fairness %d", stage, got, len(f.Desert))
		}
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.DB().ExecContext(ctx, q, args...); err != nil {
			t.Fatal(q, err)
		}
	}
	check("nothing given", 0)
	c.t = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	old := recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"A", "B"}, ValueID: v})
	c.t = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	recent := recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"B", "C"}, ValueID: v})
	c.t = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	older := recognitionGive(t, s, store.GiveInput{GiverID: ids["C"], To: []string{"A"}, ValueID: v})
	exec("UPDATE recognitions SET created_at = '2026-08-01T09:00:00Z' WHERE id = $1", older) // given later, dated earlier
	check("given", 3)
	if err := s.HideRecognition(ctx, ids["M"], recent, "Not about work."); err != nil {
		t.Fatal(err)
	}
	check("hidden", 2) // B falls back to the old one, C has none left
	exec("UPDATE recognitions SET hidden_at = NULL WHERE id = $1", recent)
	check("shown again", 3)
	exec("UPDATE recognitions SET created_at = '2026-06-01T09:00:00Z' WHERE id = $1", recent)
	check("re-dated", 3)
	exec("UPDATE recognitions SET source = 'system' WHERE id = $1", old)
	check("made a system award", 3) // A falls back to the re-dated one, B to the re-dated recent
	exec("UPDATE recognitions SET source = 'peer' WHERE id = $1", old)
	check("a peer award again", 3)
	exec("DELETE FROM recognition_recipients WHERE recognition_id = $1 AND person_id = $2", recent, ids["C"])
	check("a recipient removed", 2)
	exec("DELETE FROM recognition_recipients WHERE recognition_id = $1", older)
	exec("DELETE FROM recognitions WHERE id = $1", older)
	check("a recognition deleted", 2)
	c.t = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"C"}, ValueID: v})
	check(fmt.Sprintf("given again on %s", c.t.Format(store.DateLayout)), 3)
}

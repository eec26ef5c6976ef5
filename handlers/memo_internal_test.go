package handlers

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"lodestar/store"
)

// A GET request reads the learner's courses once (the page and the shell's banner share it);
// any other request reads them afresh each time, so a write in between is seen.
func TestRequestMemoOnlyForReads(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	h := New(Deps{Store: st})
	defer h.Close()
	p, err := st.PersonByEmployeeID(ctx, "newhire")
	if err != nil {
		t.Fatal(err)
	}
	read := func(courses []store.LearnerCourse) int {
		n := 0
		for _, c := range courses {
			n += c.Progress.LessonsRead
		}
		return n
	}
	// readOneLesson marks the next unread lesson of the first unfinished course read.
	readOneLesson := func(courses []store.LearnerCourse) {
		t.Helper()
		for _, c := range courses {
			if c.NextLesson != 0 {
				if err := st.MarkLessonRead(ctx, p.ID, c.Course.ID, c.NextLesson); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
		t.Fatal("newhire has no unread lesson in the demo")
	}

	for _, tc := range []struct {
		method   string
		memoized bool
	}{{"GET", true}, {"HEAD", true}, {"POST", false}} {
		r := withMemo(httptest.NewRequest(tc.method, "/", nil))
		first, err := h.store.MyTraining(r.Context(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		readOneLesson(first)
		again, err := h.store.MyTraining(r.Context(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := read(again) == read(first); got != tc.memoized {
			t.Errorf("%s: second read saw %d lessons read, first %d; memoized = %v, want %v",
				tc.method, read(again), read(first), got, tc.memoized)
		}
		if fresh, _ := st.MyTraining(ctx, p.ID); read(fresh) != read(first)+1 {
			t.Fatalf("%s: the store saw %d lessons read, want %d", tc.method, read(fresh), read(first)+1)
		}
	}
}

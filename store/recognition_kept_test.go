package store_test

import (
	"testing"

	"lodestar/store"
	"lodestar/store/storetest"
)

// boardShown is what the board's pages and a profile read for viewer: the first page and the
// next, the viewer's department's and a value's pages, a person's received and given lists,
// the month strip and the badge and value lists, retired ones and not.
type boardShown struct {
	First, Second, Department, Value []store.Recognition
	Next                             string
	Received, Given                  []store.Recognition
	Strip                            []store.StripValue
	Values, AllValues                []store.Value
	Badges, AllBadges                []store.Badge
}

func boardShownBy(t *testing.T, h *keptHarness, s *store.Store, viewer store.Person, person, value int64) boardShown {
	t.Helper()
	ctx := store.WithReadMemo(h.ctx)
	var out boardShown
	var err error
	out.First, out.Next, err = s.Board(ctx, store.BoardFilter{Limit: 5, ViewerID: viewer.ID})
	noError(t, err)
	out.Second, _, err = s.Board(ctx, store.BoardFilter{Limit: 5, After: out.Next, ViewerID: viewer.ID})
	noError(t, err)
	out.Department, _, err = s.Board(ctx, store.BoardFilter{Department: viewer.Department, Limit: 20, ViewerID: viewer.ID})
	noError(t, err)
	out.Value, _, err = s.Board(ctx, store.BoardFilter{ValueID: value, Limit: 20, ViewerID: viewer.ID})
	noError(t, err)
	out.Received, _, err = s.Board(ctx, store.BoardFilter{RecipientID: person, Limit: 5, ViewerID: viewer.ID})
	noError(t, err)
	out.Given, _, err = s.Board(ctx, store.BoardFilter{GiverID: person, Limit: 5, ViewerID: viewer.ID})
	noError(t, err)
	out.Strip, err = s.MonthStrip(ctx, 3)
	noError(t, err)
	out.Values, err = s.ListValues(ctx, false)
	noError(t, err)
	out.AllValues, err = s.ListValues(ctx, true)
	noError(t, err)
	out.Badges, err = s.ListBadges(ctx, false)
	noError(t, err)
	out.AllBadges, err = s.ListBadges(ctx, true)
	noError(t, err)
	return out
}

// A server keeps what the board reads while no recognition, recipient, reaction, comment,
// badge, value, opt-out or named person has changed (migration 0051's triggers): each kind
// of change, written as SQL, must show at once — kept equal to what a fresh server reads, and
// different from before the change.
func TestKeptBoardFollowsEveryChange(t *testing.T) {
	h := newKeptHarness(t)
	exec, id := h.exec, h.id
	viewer := demoPerson(t, h.s, "agent")
	// The newest recognition's first recipient, someone who both gave and was recognised.
	newest := id(`SELECT id FROM recognitions WHERE hidden_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1`)
	person := id(`SELECT min(rr.person_id) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
		WHERE r.hidden_at IS NULL AND r.giver_id IS NOT NULL AND EXISTS (SELECT 1 FROM recognitions g WHERE g.giver_id = rr.person_id AND g.hidden_at IS NULL)`)
	value := id(`SELECT value_id FROM recognitions WHERE id = ?`, newest)
	shown := func(s *store.Store) boardShown { return boardShownBy(t, h, s, viewer, person, value) }
	first := shown(h.s)
	if len(first.First) == 0 || len(first.Second) == 0 || len(first.Received) == 0 || len(first.Given) == 0 || len(first.Strip) == 0 {
		t.Fatalf("the demo's board shows too little to test: %+v", first)
	}
	step := keptSteps(h, shown)
	giver := id(`SELECT giver_id FROM recognitions WHERE id = ?`, newest)
	step("a recognition given", func() {
		if _, _, err := h.s.Give(h.ctx, store.GiveInput{GiverID: viewer.ID, To: []string{"manager"}, ValueID: value,
			Message: "Kept board: thank you for the calm handover."}); err != nil {
			t.Fatal(err)
		}
	})
	newest = id(`SELECT max(id) FROM recognitions`)
	step("its message edited", func() { exec(`UPDATE recognitions SET message = 'Kept board, edited' WHERE id = ?`, newest) })
	step("a recipient added", func() {
		exec(`INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (?, ?)`, newest, person)
	})
	step("a recipient removed", func() {
		exec(`DELETE FROM recognition_recipients WHERE recognition_id = ? AND person_id = ?`, newest, person)
	})
	step("someone else reacted", func() {
		exec(`INSERT INTO recognition_reactions (recognition_id, person_id, created_at) VALUES (?, ?, ?)`, newest, person, h.stamp())
	})
	step("the viewer reacted", func() {
		exec(`INSERT INTO recognition_reactions (recognition_id, person_id, created_at) VALUES (?, ?, ?)`, newest, viewer.ID, h.stamp())
	})
	step("a reaction taken back", func() {
		exec(`DELETE FROM recognition_reactions WHERE recognition_id = ? AND person_id = ?`, newest, person)
	})
	step("a comment", func() {
		exec(`INSERT INTO recognition_comments (recognition_id, person_id, body, created_at) VALUES (?, ?, 'Kept', ?)`, newest, person, h.stamp())
	})
	step("the comment hidden", func() { exec(`UPDATE recognition_comments SET hidden_at = ? WHERE body = 'Kept'`, h.stamp()) })
	step("shown again", func() { exec(`UPDATE recognition_comments SET hidden_at = NULL WHERE body = 'Kept'`) })
	step("the comment removed", func() { exec(`DELETE FROM recognition_comments WHERE body = 'Kept'`) })
	step("a recognition hidden", func() { exec(`UPDATE recognitions SET hidden_at = ? WHERE id = ?`, h.stamp(), newest) })
	step("shown again", func() { exec(`UPDATE recognitions SET hidden_at = NULL WHERE id = ?`, newest) })
	step("its value changed", func() {
		exec(`UPDATE recognitions SET value_id = (SELECT max(id) FROM culture_values WHERE id != ?) WHERE id = ?`, value, newest)
	})
	// The month strip: its leader opts out, then leaves.
	leader := id(`SELECT c.person_id FROM recognition_month_counts c WHERE c.month = ? AND c.n > 0
		AND c.person_id NOT IN (SELECT person_id FROM recognition_ranking_optouts) ORDER BY c.n DESC, c.person_id DESC LIMIT 1`,
		h.clk.now().UTC().Format("2006-01"))
	step("the strip's leader opted out", func() {
		exec(`INSERT INTO recognition_ranking_optouts (person_id, created_at) VALUES (?, ?)`, leader, h.stamp())
	})
	step("and back in", func() { exec(`DELETE FROM recognition_ranking_optouts WHERE person_id = ?`, leader) })
	step("the strip's leader left", func() { exec(`UPDATE people SET left_on = ? WHERE id = ?`, h.today(), leader) })
	step("a giver renamed", func() { exec(`UPDATE people SET name = 'Kept Board Giver' WHERE id = ?`, giver) })
	step("a recipient's employee id", func() { exec(`UPDATE people SET employee_id = 'KB1' WHERE id = ?`, person) })
	step("a recipient's team", func() { exec(`UPDATE people SET team = 'Kept Team' WHERE id = ?`, person) })
	step("the newest's recipient moved in or out of the viewer's department", func() {
		exec(`UPDATE people SET department = CASE WHEN department = ? THEN 'Elsewhere' ELSE ? END WHERE employee_id = 'manager'`,
			viewer.Department, viewer.Department)
	})
	step("a badge renamed", func() { exec(`UPDATE badges SET name_en = 'Kept badge' WHERE id = (SELECT min(id) FROM badges)`) })
	step("a badge retired", func() { exec(`UPDATE badges SET retired_at = ? WHERE id = (SELECT max(id) FROM badges)`, h.stamp()) })
	step("a badge added", func() {
		exec(`INSERT INTO badges (name_en, name_zh, icon, colour, awarded_by, created_at, updated_at)
			VALUES ('Kept new', '保留', 'star', 'teal', 'peers', ?, ?)`, h.stamp(), h.stamp())
	})
	step("a value renamed", func() { exec(`UPDATE culture_values SET name_en = 'Kept value' WHERE id = ?`, value) })
	step("a value retired", func() { exec(`UPDATE culture_values SET retired_at = ? WHERE id = ?`, h.stamp(), value) })
	step("a value added", func() {
		exec(`INSERT INTO culture_values (name_en, name_zh, position, created_at) VALUES ('Kept new value', '新价值', 99, ?)`, h.stamp())
	})
	step("a recognition removed", func() {
		exec(`DELETE FROM recognition_reactions WHERE recognition_id = ?`, newest)
		exec(`DELETE FROM recognition_recipients WHERE recognition_id = ?`, newest)
		exec(`DELETE FROM award_shares WHERE recognition_id = ?`, newest)
		exec(`DELETE FROM recognitions WHERE id = ?`, newest)
	})
	if !storetest.Postgres() {
		// A writer foreign keys do not hold (SQLite's shell) renumbers, removes and re-adds a giver.
		step("a giver renumbered", func() { h.withoutForeignKeys(`UPDATE people SET id = 99999 WHERE id = ?`, giver) })
		step("and back", func() { h.withoutForeignKeys(`UPDATE people SET id = ? WHERE id = 99999`, giver) })
		exec(`CREATE TABLE kept_giver AS SELECT * FROM people WHERE id = ?`, giver)
		step("removed", func() { h.withoutForeignKeys(`DELETE FROM people WHERE id = ?`, giver) })
		step("added again", func() { h.withoutForeignKeys(`INSERT INTO people SELECT * FROM kept_giver`) })
	}
}

// The page is kept for everyone, but which recognitions the viewer reacted to is theirs: the
// agent reacted to the newest card, the manager to the next.
func TestKeptBoardMarksEachViewersOwnReactions(t *testing.T) {
	h := newKeptHarness(t)
	agent, mgr := demoPerson(t, h.s, "agent"), demoPerson(t, h.s, "manager")
	first, _, err := h.s.Board(h.ctx, store.BoardFilter{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		card int
		who  store.Person
	}{{0, agent}, {1, mgr}} {
		if first[r.card].Reacted, err = h.s.ToggleReaction(h.ctx, first[r.card].ID, r.who.ID); err != nil || !first[r.card].Reacted {
			t.Fatalf("%s's reaction: %v", r.who.EmployeeID, err)
		}
	}
	for _, v := range []struct {
		who  store.Person
		want []bool // the first two cards
	}{{agent, []bool{true, false}}, {mgr, []bool{false, true}}, {agent, []bool{true, false}}, {store.Person{EmployeeID: "nobody"}, []bool{false, false}}} {
		page, _, err := h.s.Board(store.WithReadMemo(h.ctx), store.BoardFilter{Limit: 20, ViewerID: v.who.ID})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range v.want {
			if page[i].ID != first[i].ID || page[i].Reacted != want || page[i].Reactions == 0 {
				t.Errorf("%s: card %d (%d) reacted %v with %d reactions, want card %d reacted %v", v.who.EmployeeID, i, page[i].ID, page[i].Reacted, page[i].Reactions, first[i].ID, want)
			}
		}
		for _, r := range page {
			if r.Reacted && v.who.ID == 0 {
				t.Errorf("nobody signed in: card %d marked reacted", r.ID)
			}
		}
	}
}

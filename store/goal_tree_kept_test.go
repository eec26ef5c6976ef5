package store_test

import (
	"reflect"
	"testing"

	"lodestar/store"
	"lodestar/store/storetest"
)

// goalTreeShown is what goal tree pages read: the top of the cascade and each level below,
// as values (each page links its own goals).
func goalTreeShown(t *testing.T, h *keptHarness, s *store.Store) []store.Goal {
	t.Helper()
	ctx := store.WithReadMemo(h.ctx)
	gs, err := s.GoalTreeStart(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	level := gs.Roots()
	for range 3 {
		if level, err = s.GoalChildren(ctx, gs, level); err != nil {
			t.Fatal(err)
		}
	}
	var out []store.Goal
	for _, g := range gs.All {
		v := *g
		v.Children = nil
		out = append(out, v)
	}
	return out
}

// A server keeps the goal tree's rows while no goal and no goal owner's name has changed
// (migration 0049's triggers): each kind of change, written as SQL, must show at once.
func TestKeptGoalTreeFollowsEveryChange(t *testing.T) {
	h := newKeptHarness(t)
	exec, id, stamp := h.exec, h.id, h.stamp
	step := func(name string, change func()) {
		t.Helper()
		before := goalTreeShown(t, h, h.s)
		change()
		kept := goalTreeShown(t, h, h.s)
		f := h.open()
		fresh := goalTreeShown(t, h, f)
		f.Close()
		if !reflect.DeepEqual(kept, fresh) {
			t.Errorf("%s: the kept tree differs from a fresh read", name)
		}
		if reflect.DeepEqual(fresh, before) {
			t.Errorf("%s: nothing shown changed", name)
		}
	}
	// A personal goal (at the foot of the cascade), its owner and its parent.
	goal := id(`SELECT min(id) FROM goals WHERE level = 'person' AND owner_id IS NOT NULL AND parent_id IS NOT NULL`)
	owner := id(`SELECT owner_id FROM goals WHERE id = ?`, goal)
	parent := id(`SELECT parent_id FROM goals WHERE id = ?`, goal)
	step("a goal renamed", func() { exec(`UPDATE goals SET title = 'Kept tree goal' WHERE id = ?`, goal) })
	step("its progress", func() { exec(`UPDATE goals SET progress = 0.99 WHERE id = ?`, goal) })
	step("its state", func() {
		exec(`UPDATE goals SET state = CASE state WHEN 'active' THEN 'proposed' ELSE 'active' END WHERE id = ?`, goal)
	})
	step("a goal added", func() {
		exec(`INSERT INTO goals (title, perspective, kpi, direction, baseline, target, start_on, due_on, level, department, team, owner_id,
			parent_id, state, created_at, updated_at)
			SELECT 'Kept new goal', perspective, kpi, direction, baseline, target, start_on, due_on, level, department, team, owner_id,
			parent_id, 'active', ?, ? FROM goals WHERE id = ?`, stamp(), stamp(), goal)
	})
	step("a goal removed", func() { exec(`DELETE FROM goals WHERE title = 'Kept new goal'`) })
	step("its owner renamed", func() { exec(`UPDATE people SET name = 'Kept Owner' WHERE id = ?`, owner) })
	step("moved under another goal", func() {
		exec(`UPDATE goals SET parent_id = (SELECT min(id) FROM goals WHERE level = 'team' AND id != ?) WHERE id = ?`, parent, goal)
	})
	step("and back", func() { exec(`UPDATE goals SET parent_id = ? WHERE id = ?`, parent, goal) })
	if storetest.Postgres() {
		step("goals truncated", func() { exec(`TRUNCATE goals CASCADE`) })
		return
	}
	// Writers foreign keys do not hold (SQLite's shell): the owner removed, added again, renumbered.
	exec(`CREATE TABLE kept_owner AS SELECT * FROM people WHERE id = ?`, owner)
	step("its owner removed", func() { h.withoutForeignKeys(`DELETE FROM people WHERE id = ?`, owner) })
	step("added again", func() { h.withoutForeignKeys(`INSERT INTO people SELECT * FROM kept_owner`) })
	step("renumbered", func() { h.withoutForeignKeys(`UPDATE people SET id = 99999 WHERE id = ?`, owner) })
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// A goal row keeps its latest check-in, its check-in count and its progress (own, or rolled
// up from its active children), so a page reads a goal without its check-ins or the goals
// below it (migration 0023), and how many children it has, active and personal (0037). Every goal write refreshes them in its own transaction:
// refreshGoalUp for the goal it changed and the goals above it.

// refreshGoalUp recomputes the kept figures of goal id from its check-ins and its children's
// kept progress, then those of each goal above it, up to the top of the cascade.
func refreshGoalUp(ctx context.Context, tx *sql.Tx, id int64) error {
	for depth := 0; id != 0 && depth < 16; depth++ { // levels are at most four deep; this only guards against bad data
		parent, err := refreshGoal(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("store: refresh goal %d: %w", id, err)
		}
		id = parent
	}
	return nil
}

// refreshGoal recomputes one goal's kept figures the way computeGoals does and returns its parent.
func refreshGoal(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	g := &Goal{ID: id}
	var current sql.NullFloat64
	var last string
	err := tx.QueryRowContext(ctx, `SELECT direction, baseline, target, COALESCE(parent_id, 0),
			(SELECT c.value FROM goal_checkins c WHERE c.goal_id = g.id ORDER BY c.on_date DESC, c.id DESC LIMIT 1),
			COALESCE((SELECT max(c.on_date) FROM goal_checkins c WHERE c.goal_id = g.id), ''),
			(SELECT count(*) FROM goal_checkins c WHERE c.goal_id = g.id)
		FROM goals g WHERE g.id = ?`, id).Scan(&g.Direction, &g.Baseline, &g.Target, &g.ParentID, &current, &last, &g.CheckInCount)
	if err != nil {
		return 0, err
	}
	// Every child, for the kept counts; the active ones also make the roll-up.
	rows, err := tx.QueryContext(ctx, "SELECT progress, weight, state, level FROM goals WHERE parent_id = ?", id)
	if err != nil {
		return 0, err
	}
	var parts []Weighted
	for rows.Next() {
		var w Weighted
		var state, level string
		if err := rows.Scan(&w.Progress, &w.Weight, &state, &level); err != nil {
			rows.Close()
			return 0, err
		}
		g.ChildCount++
		if level == LevelPerson {
			g.ChildPersonal++
		}
		if state == GoalActive {
			g.ChildActive++
			parts = append(parts, w)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(parts) > 0 {
		g.Progress, g.RolledUp = RollUp(parts), true
	} else {
		cur := g.Baseline
		if current.Valid {
			cur = current.Float64
		}
		g.Progress = Progress(g.Direction, g.Baseline, g.Target, cur)
	}
	_, err = tx.ExecContext(ctx, `UPDATE goals SET current_value = ?, last_checkin = ?, checkin_count = ?, progress = ?, rolled_up = ?,
		child_count = ?, child_active = ?, child_personal = ? WHERE id = ?`,
		current, last, g.CheckInCount, g.Progress, g.RolledUp, g.ChildCount, g.ChildActive, g.ChildPersonal, id)
	return g.ParentID, err
}

// countChildren is what a goal keeps about its children: how many, how many active, how many personal.
func countChildren(children []*Goal) (n, active, personal int) {
	for _, c := range children {
		n++
		if c.State == GoalActive {
			active++
		}
		if c.Level == LevelPerson {
			personal++
		}
	}
	return n, active, personal
}

// freshGoals reads every goal's figures from its check-ins and rolls progress up through
// the whole cascade, ignoring what the rows keep: what the kept figures must equal.
func freshGoals(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]*Goal, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.direction, g.baseline, g.target, COALESCE(g.parent_id, 0), g.weight, g.state, g.level,
			(SELECT c.value FROM goal_checkins c WHERE c.goal_id = g.id ORDER BY c.on_date DESC, c.id DESC LIMIT 1),
			COALESCE((SELECT max(c.on_date) FROM goal_checkins c WHERE c.goal_id = g.id), ''),
			(SELECT count(*) FROM goal_checkins c WHERE c.goal_id = g.id)
		FROM goals g ORDER BY g.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Goal
	for rows.Next() {
		g := &Goal{}
		var current sql.NullFloat64
		var last string
		if err := rows.Scan(&g.ID, &g.Direction, &g.Baseline, &g.Target, &g.ParentID, &g.Weight, &g.State, &g.Level,
			&current, &last, &g.CheckInCount); err != nil {
			return nil, err
		}
		g.Current, g.HasCurrent = current.Float64, current.Valid
		if last != "" {
			g.LastCheckIn, _ = ParseDate(last)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	computeGoals(out, time.Time{}) // the day decides status only, not progress
	for _, g := range out {
		g.ChildCount, g.ChildActive, g.ChildPersonal = countChildren(g.Children)
	}
	return out, nil
}

// refreshAllGoals recomputes every goal's kept figures at once: for the demo and gen, which
// insert goals and check-ins in bulk rather than through the goal writes.
func refreshAllGoals(ctx context.Context, tx *sql.Tx) error {
	goals, err := freshGoals(ctx, tx)
	if err != nil {
		return fmt.Errorf("store: refresh goals: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE goals SET current_value = ?, last_checkin = ?, checkin_count = ?, progress = ?, rolled_up = ?,
		child_count = ?, child_active = ?, child_personal = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("store: refresh goals: %w", err)
	}
	defer stmt.Close()
	for _, g := range goals {
		var current, last any
		if g.HasCurrent {
			current = g.Current
		}
		last = ""
		if !g.LastCheckIn.IsZero() {
			last = g.LastCheckIn.Format(DateLayout)
		}
		if _, err := stmt.ExecContext(ctx, current, last, g.CheckInCount, g.Progress, g.RolledUp,
			g.ChildCount, g.ChildActive, g.ChildPersonal, g.ID); err != nil {
			return fmt.Errorf("store: refresh goals: %w", err)
		}
	}
	return nil
}

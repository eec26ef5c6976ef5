package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The goal tree's rows (goalTreeSQL) are kept by the condition that read them
// (Store.goalTree, kept.go) while nothing they are read from has changed: they were 40% of a
// goal tree page's CPU at 100,000 people, every view reading the same levels in the same
// order. Whether they changed is one primary-key read: triggers move goal_tree_versions'
// number (migration 0049) in the same transaction as any change of a goal, or of the name of
// a person who owns one, whichever server or program wrote it. The rows are kept as scanned;
// each page builds its own goals from them and works out status for its own day.

// goalTreeRow is one goal as goalTreeSQL reads it.
type goalTreeRow struct {
	id, ownerID, parentID                             int64
	start, due, level, state, last, returned          string
	progress                                          float64
	rolledUp                                          bool
	childCount, childActive, childPersonal            int
	title, titleZH, department, team, ownerName, unit string
	target                                            float64
	current                                           sql.NullFloat64
}

// keptGoalTreeMax bounds the kept conditions (each page's levels are a few; a different goal
// opened is another); past it the map starts again.
const keptGoalTreeMax = 2000

const goalTreeVersionSQL = `SELECT COALESCE(max(n), 0) FROM goal_tree_versions`

// goalTreeRows returns the rows goalTreeSQL(where) reads with args, kept under the number.
// Like the kept inbox items they serve at most keptInboxesFor (writes no trigger sees).
func (s *Store) goalTreeRows(ctx context.Context, where string, args ...any) ([]goalTreeRow, error) {
	now := s.now()
	version, err := s.keptNumber(ctx, goalTreeVersionSQL)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprint(where, args)
	if rows, ok := s.goalTree.get(key, version, now); ok {
		return rows, nil
	}
	rows, err := s.readGoalTreeRows(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	s.goalTree.put(key, version, now, rows, keptGoalTreeMax)
	return rows, nil
}

func (s *Store) readGoalTreeRows(ctx context.Context, where string, args ...any) ([]goalTreeRow, error) {
	rows, err := s.db.QueryContext(ctx, goalTreeSQL(where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: goal outline: %w", err)
	}
	defer rows.Close()
	var out []goalTreeRow
	for rows.Next() {
		var r goalTreeRow
		if err := rows.Scan(&r.id, &r.start, &r.due, &r.level, &r.ownerID, &r.parentID, &r.state, &r.last,
			&r.progress, &r.rolledUp, &r.childCount, &r.childActive, &r.childPersonal,
			&r.title, &r.titleZH, &r.department, &r.team, &r.ownerName, &r.unit, &r.target, &r.current, &r.returned); err != nil {
			return nil, fmt.Errorf("store: goal outline: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: goal outline: %w", err)
	}
	return out, nil
}

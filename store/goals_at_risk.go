package store

// goal.at_risk (issue 14): a goal's status is computed on read from its kept progress and the
// elapsed share of its period; a check-in that turns an active goal (or, through the
// roll-up, one of its ancestors) from on track to at risk or off track records one
// goal.at_risk event. Only the transition counts: while the goal stays at risk or off track
// further check-ins record nothing; back on track, the next turn records a new one.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// goalChainStatus is the status today of active goal id and of each active goal above it.
func goalChainStatus(ctx context.Context, tx *sql.Tx, id int64, today time.Time) (map[int64]string, error) {
	out := map[int64]string{}
	for depth := 0; id != 0 && depth < 16; depth++ {
		var start, due, state string
		var progress float64
		var parent int64
		err := tx.QueryRowContext(ctx, "SELECT start_on, due_on, state, progress, COALESCE(parent_id, 0) FROM goals WHERE id = ?", id).
			Scan(&start, &due, &state, &progress, &parent)
		if err != nil {
			return nil, fmt.Errorf("store: goal status: %w", err)
		}
		if state == GoalActive {
			s, _ := ParseDate(start)
			d, _ := ParseDate(due)
			out[id] = StatusOf(progress, s, d, today)
		}
		id = parent
	}
	return out, nil
}

// recordGoalsTurnedAtRisk compares the chain's statuses with before and records goal.at_risk
// for each goal that left on track for at risk or off track. The owner's manager of a
// personal goal is notified (unless they made the change): they are the one to help, and
// the owner sees the status on the goal they just checked in on.
func (s *Store) recordGoalsTurnedAtRisk(ctx context.Context, tx *sql.Tx, actorID, goalID int64, before map[int64]string) error {
	after, err := goalChainStatus(ctx, tx, goalID, s.now())
	if err != nil {
		return err
	}
	for id, now := range after {
		if before[id] != StatusOnTrack || (now != StatusAtRisk && now != StatusOffTrack) {
			continue
		}
		var level string
		var owner, manager int64
		if err := tx.QueryRowContext(ctx, `SELECT g.level, COALESCE(g.owner_id, 0), COALESCE(p.manager_id, 0)
			FROM goals g LEFT JOIN people p ON p.id = g.owner_id WHERE g.id = ?`, id).Scan(&level, &owner, &manager); err != nil {
			return fmt.Errorf("store: goal at risk: %w", err)
		}
		e := Event{Key: EventGoalAtRisk, Actor: actorID, Subject: Ref{RefGoal, id}, Args: []Arg{Code("goals.status.", now)}}
		var notify []int64
		if level == LevelPerson && owner != 0 {
			e.Args = append(e.Args, RefArg(RefPerson, owner))
			if manager != 0 && manager != actorID {
				notify = append(notify, manager)
			}
		}
		if err := s.recordAndNotify(ctx, tx, e, notify...); err != nil {
			return err
		}
	}
	return nil
}

// GoalByID is one goal with its kept figures and today's status (for messages about it).
func (s *Store) GoalByID(ctx context.Context, id int64) (*Goal, error) {
	g, err := scanGoal(s.db.QueryRowContext(ctx, "SELECT "+goalColumns+goalFrom+" WHERE g.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: goal: %w", err)
	}
	deriveGoals([]*Goal{g}, s.now())
	return g, nil
}

package store

// Counts for the leader's and manager's home tiles (issue 12 §3). The pages the tiles link to
// build whole reports (every person, every course); a tile needs two or three numbers, and
// the home of a leader of 100,000 people must not build those reports to show them. Each
// count is tested equal to its report's figure.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// treeSQL is the reporting tree below ?1, walked as TeamFairness walks it.
const treeSQL = `WITH RECURSIVE team(id, depth) AS (SELECT id, 1 FROM people WHERE manager_id = ?1
		UNION SELECT p.id, team.depth + 1 FROM people p JOIN team ON p.manager_id = team.id WHERE team.depth < 50)`

// CultureReadCount is the current version's acknowledgement count over the active people in
// managerID's reporting tree (0: everyone), as CultureAckReport counts Team (Overall for 0).
// ErrNotFound before the first publication.
func (s *Store) CultureReadCount(ctx context.Context, managerID int64) (int, AckCount, error) {
	var c AckCount
	var version int
	var versionID int64
	err := s.db.QueryRowContext(ctx, "SELECT id, number FROM culture_versions WHERE number = (SELECT max(number) FROM culture_versions)").
		Scan(&versionID, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, c, ErrNotFound
	}
	if err != nil {
		return 0, c, fmt.Errorf("store: culture read count: %w", err)
	}
	q := `SELECT count(*), COALESCE(sum(EXISTS (SELECT 1 FROM culture_acknowledgements a WHERE a.version_id = ?2 AND a.person_id = p.id)), 0)
		FROM people p WHERE (p.left_on IS NULL OR p.left_on > ?3)`
	if managerID != 0 {
		q = treeSQL + q + " AND p.id IN (SELECT id FROM team)"
	} else {
		// Everyone: the version's acknowledgements less those of people who have left (people
		// are never deleted), not a lookup per person — at 100,000 people 70 → 23 ms (sqlite3).
		q = `SELECT (SELECT count(*) FROM people p WHERE p.left_on IS NULL OR p.left_on > ?3),
			(SELECT count(*) FROM culture_acknowledgements a WHERE a.version_id = ?2)
			- (SELECT count(*) FROM people p WHERE p.left_on <= ?3
				AND EXISTS (SELECT 1 FROM culture_acknowledgements a WHERE a.version_id = ?2 AND a.person_id = p.id))`
	}
	if err := s.db.QueryRowContext(ctx, q, managerID, versionID, Day(s.now()).Format(DateLayout)).Scan(&c.Total, &c.Read); err != nil {
		return 0, c, fmt.Errorf("store: culture read count: %w", err)
	}
	return version, c, nil
}

// courseTotalsSQL counts course ?1's assignments of people active on ?2; courseTotalsScope
// keeps those in the JSON list ?3.
const (
	courseTotalsSQL = `SELECT count(*), COALESCE(sum(cc.id IS NOT NULL), 0), COALESCE(sum(cc.id IS NULL AND a.due_on < ?2), 0)
		FROM assignments a JOIN people p ON p.id = a.person_id
		LEFT JOIN course_completions cc ON cc.person_id = a.person_id AND cc.course_id = a.course_id
		WHERE a.course_id = ?1 AND (p.left_on IS NULL OR p.left_on > ?2)`
	courseTotalsScope = " AND a.person_id IN (SELECT value FROM json_each(?3))"
)

// CourseTotalsFor counts one course's assignments among the active people in personIDs (nil:
// everyone): assigned, passed, and overdue (past due and not passed), as the completion
// matrix's Totals count them.
func (s *Store) CourseTotalsFor(ctx context.Context, courseID int64, personIDs []int64) (CourseTotals, error) {
	var t CourseTotals
	today := Day(s.now()).Format(DateLayout)
	q := courseTotalsSQL
	args := []any{courseID, today}
	if personIDs != nil {
		list, err := json.Marshal(personIDs)
		if err != nil {
			return t, err
		}
		q += courseTotalsScope
		args = append(args, string(list))
	}
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&t.Assigned, &t.Passed, &t.Overdue); err != nil {
		return t, fmt.Errorf("store: course totals: %w", err)
	}
	return t, nil
}

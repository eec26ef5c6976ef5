package store

import (
	"context"
	"fmt"
	"strings"
)

// PeoplePage asks for one page of people in employee-record order (the API's keyset pagination).
type PeoplePage struct {
	AfterID    int64  // return people whose record ID is greater (0: from the start)
	Limit      int    // 1..500
	Department string // exact match, "" for any
	Team       string // exact match, "" for any
	Active     string // "true": employed today, "false": has left, "all"
}

// PeopleAfter returns up to Limit people matching the page's filters with an ID greater
// than AfterID, in ID order, and whether more follow.
func (s *Store) PeopleAfter(ctx context.Context, pg PeoplePage) ([]Person, bool, error) {
	where := []string{"p.id > ?"}
	args := []any{pg.AfterID}
	if pg.Department != "" {
		where = append(where, "p.department = ?")
		args = append(args, pg.Department)
	}
	if pg.Team != "" {
		where = append(where, "p.team = ?")
		args = append(args, pg.Team)
	}
	today := Day(s.now()).Format(DateLayout)
	switch pg.Active {
	case "true":
		where = append(where, "(p.left_on IS NULL OR p.left_on > ?)")
		args = append(args, today)
	case "false":
		where = append(where, "p.left_on IS NOT NULL AND p.left_on <= ?")
		args = append(args, today)
	}
	limit := pg.Limit
	if limit < 1 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+personFrom+"WHERE "+strings.Join(where, " AND ")+
		" ORDER BY p.id LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, false, fmt.Errorf("store: people page: %w", err)
	}
	defer rows.Close()
	var people []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: people page: %w", err)
		}
		people = append(people, p)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: people page: %w", err)
	}
	more := len(people) > limit
	if more {
		people = people[:limit]
	}
	return people, more, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DirectoryCountCap is where the directory stops counting: "1,000+ people" serves the reader as
// well as an exact figure, and counting stops after 1,001 rows instead of reading them all.
const DirectoryCountCap = 1000

// DirectoryResult is one page of the directory.
type DirectoryResult struct {
	People []Person
	// Next is the cursor of the following page ("" on the last page).
	Next string
	// Count is how many people match, at most DirectoryCountCap+1 (shown as "1,000+").
	Count int
}

// Directory returns one page of the people f selects, after the cursor (from the previous
// page's Next; "" for the first page). With a query, the best matches come first (exact, then
// starting with the query, then the rest), each group by name; without one, by name. Pages are
// keyset-paged on (rank, name, id), so each match appears on exactly one page however deep.
func (s *Store) Directory(ctx context.Context, f PeopleFilter, after string) (DirectoryResult, error) {
	var res DirectoryResult
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	where, args := s.peopleWhere(f)
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM people p WHERE "+where+" LIMIT ?)",
		append(append([]any{}, args...), DirectoryCountCap+1)...).Scan(&res.Count); err != nil {
		return res, fmt.Errorf("store: directory count: %w", err)
	}
	rank, rankArgs := "0", []any(nil)
	if sq, ok := newSearchQuery(f.Query); ok {
		rank, rankArgs = sq.rank, sq.rankArgs
	}
	q := "SELECT " + personColumns + ", " + rank + " AS rnk" + personFrom + searchRankJoin + "WHERE " + where
	qargs := append(append([]any{}, rankArgs...), args...)
	if after != "" {
		afterRank, afterID, err := parseCursor(after)
		if err != nil {
			return res, err
		}
		var afterName string
		if err := s.db.QueryRowContext(ctx, "SELECT name FROM people WHERE id = ?", afterID).Scan(&afterName); errors.Is(err, sql.ErrNoRows) {
			return res, ErrNotFound
		} else if err != nil {
			return res, fmt.Errorf("store: directory cursor: %w", err)
		}
		if rank == "0" {
			q += " AND (p.name, p.id) > (?, ?)" // the people_name index serves it
			qargs = append(qargs, afterName, afterID)
		} else {
			q += " AND (" + rank + ", p.name, p.id) > (?, ?, ?)"
			qargs = append(append(qargs, rankArgs...), afterRank, afterName, afterID)
		}
	}
	q += " ORDER BY rnk, p.name, p.id LIMIT ?"
	if rank == "0" {
		q = strings.Replace(q, "ORDER BY rnk, ", "ORDER BY ", 1)
	}
	rows, err := s.db.QueryContext(ctx, q, append(qargs, limit+1)...)
	if err != nil {
		return res, fmt.Errorf("store: directory: %w", err)
	}
	defer rows.Close()
	var ranks []int
	for rows.Next() {
		var p Person
		var hired, left string
		var rnk int
		if err := rows.Scan(&p.ID, &p.EmployeeID, &p.Email, &p.Name, &p.Title, &p.Department, &p.Team,
			&p.ManagerID, &p.ManagerEmployeeID, &p.ManagerName,
			&p.Tier, &p.Role, &p.EmploymentType, &hired, &left, &p.Language, &p.HasPassword, &p.SessionEpoch, &p.MustChangePassword,
			&rnk); err != nil {
			return res, fmt.Errorf("store: directory: %w", err)
		}
		p.HiredOn, _ = ParseDate(hired)
		if left != "" {
			p.LeftOn, _ = ParseDate(left)
		}
		res.People = append(res.People, p)
		ranks = append(ranks, rnk)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: directory: %w", err)
	}
	if len(res.People) > limit {
		res.People = res.People[:limit]
		last := res.People[limit-1]
		res.Next = strconv.Itoa(ranks[limit-1]) + "." + strconv.FormatInt(last.ID, 10)
	}
	return res, nil
}

// parseCursor reads "rank.id".
func parseCursor(c string) (rank int, id int64, err error) {
	r, i, ok := strings.Cut(c, ".")
	if ok {
		rank, err = strconv.Atoi(r)
		if err == nil {
			id, err = strconv.ParseInt(i, 10, 64)
		}
	}
	if !ok || err != nil || rank < 0 || rank > 2 {
		return 0, 0, ErrNotFound // a made-up cursor: no such page
	}
	return rank, id, nil
}


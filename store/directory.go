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
	// People are the page's people with what a listing shows and nothing else: ID,
	// EmployeeID, Name, Title, TitleZH, Department, Team, Tier and LeftOn. The other fields
	// (email, manager, role, the units' Chinese names…) are left empty: each column read
	// through modernc costs three locked calls, and the manager and unit names three more
	// lookups per row; together they were two thirds of the page's query. Read a person with
	// PersonByID for the rest.
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
	var cur *cursor
	if after != "" {
		c, err := parseCursor(after)
		if err != nil {
			return res, err
		}
		if err := s.db.QueryRowContext(ctx, "SELECT name FROM people WHERE id = ?", c.id).Scan(&c.name); errors.Is(err, sql.ErrNoRows) {
			return res, ErrNotFound
		} else if err != nil {
			return res, fmt.Errorf("store: directory cursor: %w", err)
		}
		cur = &c
	}
	q, qargs := s.directorySQL(f, cur, limit+1)
	rows, err := s.db.QueryContext(ctx, q, qargs...)
	if err != nil {
		return res, fmt.Errorf("store: directory: %w", err)
	}
	defer rows.Close()
	res.People = make([]Person, 0, limit+1) // a Person is large: growing the slice was 10% of a call
	ranks := make([]int, 0, limit+1)
	for rows.Next() {
		var p Person
		var left string
		var rnk int
		if err := rows.Scan(&p.ID, &p.EmployeeID, &p.Name, &p.Title, &p.TitleZH, &p.Department, &p.Team, &p.Tier,
			&left, &rnk); err != nil {
			return res, fmt.Errorf("store: directory: %w", err)
		}
		if left != "" {
			p.LeftOn, _ = ParseDate(left)
		}
		res.People = append(res.People, p)
		ranks = append(ranks, rnk)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: directory: %w", err)
	}
	rows.Close()
	if cur == nil && len(res.People) <= limit {
		// The first page holds every match: that is the count (a name or an employee ID
		// typed in full, a small team), without reading the matches a second time.
		res.Count = len(res.People)
	} else {
		cq, cargs := s.directoryCountSQL(f)
		if err := s.db.QueryRowContext(ctx, cq, cargs...).Scan(&res.Count); err != nil {
			return res, fmt.Errorf("store: directory count: %w", err)
		}
	}
	if len(res.People) > limit {
		res.People = res.People[:limit]
		last := res.People[limit-1]
		res.Next = strconv.Itoa(ranks[limit-1]) + "." + strconv.FormatInt(last.ID, 10)
	}
	return res, nil
}

// cursor is where a directory page starts: after this (rank, name, id).
type cursor struct {
	rank int
	name string
	id   int64
}

// directoryColumns are the columns of DirectoryResult.People, people's own (no joins).
const directoryColumns = `p.id, p.employee_id, p.name, p.title, p.title_zh, p.department, p.team, p.tier, COALESCE(p.left_on, '')`

// directoryCountSQL counts the people f selects, up to DirectoryCountCap+1.
func (s *Store) directoryCountSQL(f PeopleFilter) (string, []any) {
	if sq, _ := newSearchQuery(f.Query); sq.short != "" {
		// A short query counts its key's rows; people is joined only for a department, team
		// or manager (whether a person has left is on the key's row).
		more, args := s.peopleFilterWhere(f, "k.left_on")
		from := "people_search_keys k"
		if f.Department != "" || f.Team != "" || f.ManagerID != 0 {
			from += " JOIN people p ON p.id = k.person_id"
		}
		return "SELECT count(*) FROM (SELECT 1 FROM " + from + " WHERE k.key = ?" + more + " LIMIT ?) AS capped",
			append(append([]any{sq.short}, args...), DirectoryCountCap+1)
	}
	where, args := s.peopleWhere(f)
	return "SELECT count(*) FROM (SELECT 1 FROM people p WHERE " + where + " LIMIT ?) AS capped", append(args, DirectoryCountCap+1)
}

// directorySQL is the directory's query for f, after cur (nil: the first page).
func (s *Store) directorySQL(f PeopleFilter, cur *cursor, limit int) (string, []any) {
	sq, ranked := newSearchQuery(f.Query)
	if sq.short != "" {
		// A short query walks its key's rows, already in (rank, name, id) order, and stops
		// at the page: "王" reads 51 of its 888 matches instead of sorting them all.
		more, margs := s.peopleFilterWhere(f, "k.left_on")
		q := "SELECT " + directoryColumns + ", k.rnk FROM people_search_keys k JOIN people p ON p.id = k.person_id" +
			" WHERE k.key = ?" + more
		args := append([]any{sq.short}, margs...)
		if cur != nil {
			q += " AND (k.rnk, k.name, k.person_id) > (?, ?, ?)"
			args = append(args, cur.rank, cur.name, cur.id)
		}
		return q + " ORDER BY k.rnk, k.name, k.person_id LIMIT ?", append(args, limit)
	}
	where, args := s.peopleWhere(f)
	if !ranked {
		// By name alone: the people_name index gives the order and the page's end.
		q := "SELECT " + directoryColumns + ", 0 FROM people p WHERE " + where
		if cur != nil {
			q += " AND (p.name, p.id) > (?, ?)"
			args = append(args, cur.name, cur.id)
		}
		return q + " ORDER BY p.name, p.id LIMIT ?", append(args, limit)
	}
	q := "SELECT " + directoryColumns + ", " + sq.rank + " AS rnk FROM people p" + searchRankJoin + "WHERE " + where
	args = append(append([]any{}, sq.rankArgs...), args...)
	if cur != nil {
		q += " AND (" + sq.rank + ", p.name, p.id) > (?, ?, ?)"
		args = append(append(args, sq.rankArgs...), cur.rank, cur.name, cur.id)
	}
	return q + " ORDER BY rnk, p.name, p.id LIMIT ?", append(args, limit)
}

// parseCursor reads "rank.id".
func parseCursor(c string) (cursor, error) {
	var cur cursor
	r, i, ok := strings.Cut(c, ".")
	var err error
	if ok {
		cur.rank, err = strconv.Atoi(r)
		if err == nil {
			cur.id, err = strconv.ParseInt(i, 10, 64)
		}
	}
	if !ok || err != nil || cur.rank < 0 || cur.rank > 2 {
		return cur, ErrNotFound // a made-up cursor: no such page
	}
	return cur, nil
}

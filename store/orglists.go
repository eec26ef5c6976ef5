package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// orgLists keeps the organisation's department and team lists (the board's, the
// directory's and the forms' filters) for a short while. Each list is a loose index scan —
// a seek per department or team — and the board alone read three of them on every view: a
// fifth of its CPU at 100,000 people and 2,000 teams. The lists change only when people
// are written, so this server forgets them whenever it writes people (after the commit),
// and another app server's change shows here within orgListsFor.
type orgLists struct {
	mu         sync.Mutex
	generation uint64 // bumped by forget; a list read before a forget is not kept
	byKey      map[orgListKey]keptOrgList
}

type orgListKey struct {
	kind       string // "departments", "teams", "teams-up-to"
	department string
	n          int
}

type keptOrgList struct {
	values []string
	until  time.Time
}

// orgListsFor is how long another app server's change to the lists may take to show.
const orgListsFor = 30 * time.Second

// orgListsMax bounds the kept lists (a few per department that exists; more means
// something unusual, and the map simply starts again).
const orgListsMax = 1000

// forget drops every kept list (after this server wrote people).
func (o *orgLists) forget() {
	o.mu.Lock()
	o.generation++
	clear(o.byKey)
	o.mu.Unlock()
}

// keptList returns the list under key, reading it with read when it is not kept or too old.
// Callers get their own copy: the kept one is shared.
func (s *Store) keptList(key orgListKey, read func() ([]string, error)) ([]string, error) {
	o := &s.orgLists
	now := s.now()
	o.mu.Lock()
	kept, ok := o.byKey[key]
	generation := o.generation
	o.mu.Unlock()
	if ok && now.Before(kept.until) {
		return append([]string(nil), kept.values...), nil
	}
	values, err := read()
	if err != nil {
		return nil, err
	}
	if len(values) == 0 {
		// Not kept: a department's teams are asked for by a name from the address bar, and
		// only departments that exist (whose lists are not empty) may take a place.
		return values, nil
	}
	o.mu.Lock()
	if o.generation == generation { // no write of people since the read began
		if o.byKey == nil || len(o.byKey) >= orgListsMax {
			o.byKey = map[orgListKey]keptOrgList{}
		}
		o.byKey[key] = keptOrgList{values: values, until: now.Add(orgListsFor)}
	}
	o.mu.Unlock()
	return append([]string(nil), values...), nil
}

// peopleTx runs a transaction that writes people, then forgets the kept department and
// team lists, so this server's next page shows the change.
func (s *Store) peopleTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	defer s.orgLists.forget()
	return s.inTx(ctx, fn)
}

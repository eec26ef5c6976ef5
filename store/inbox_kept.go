package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// teamInboxes keeps each manager's team items (inboxTeam) while nothing they are read from
// has changed. The team items are on every page a manager opens, and reading them was a
// fifth of those pages' CPU at 100,000 people: five parts over the team's rows for a count.
// Whether they changed is one primary-key read: triggers move the manager's number in
// team_inbox_versions (migration 0046) in the same transaction as any change the items read,
// whichever server wrote it, and row 0's for changes that concern every team. Time changes
// them too, and inboxTeam says until when they hold: the next day, or a member's last
// recognition growing DesertDays old. So kept items are the items a fresh read would give.
type teamInboxes struct {
	mu        sync.Mutex
	byManager map[int64]keptTeamInbox
}

type keptTeamInbox struct {
	version int64     // the manager's number plus row 0's, read before the items
	from    time.Time // the clock when read
	until   time.Time // when time alone may change them
	items   []InboxItem
}

// holds tells whether kept items are still those a read at now would give, under the
// manager's number version: the same number, and the clock between when they were read and
// until (moved back: read again), on the same day — where clocks go back an hour at 01:00,
// the next midnight comes twice and until is the second.
func (k keptTeamInbox) holds(version int64, now time.Time) bool {
	return k.version == version && !now.Before(k.from) && now.Before(k.until) && Day(now).Equal(Day(k.from))
}

// teamInboxesMax bounds the kept managers (an item list each, a few hundred bytes); past it
// the map simply starts again.
const teamInboxesMax = 20000

// teamInboxVersionSQL sums the manager's number and every team's: both only grow, so the sum
// moves whenever either does.
const teamInboxVersionSQL = `SELECT COALESCE(sum(n), 0) FROM team_inbox_versions WHERE manager_id IN (0, ?)`

// keptInboxTeam is inboxTeam(me, now), read again only when the manager's number moved or
// time has passed what the kept items hold for. The number is read before the items, so
// kept items are never older than the number they are kept under.
func (s *Store) keptInboxTeam(ctx context.Context, me int64) ([]InboxItem, error) {
	now := s.now()
	var version int64
	if err := s.db.QueryRowContext(ctx, teamInboxVersionSQL, me).Scan(&version); err != nil {
		return nil, fmt.Errorf("store: inbox version: %w", err)
	}
	t := &s.teamInboxes
	t.mu.Lock()
	kept, ok := t.byManager[me]
	t.mu.Unlock()
	if ok && kept.holds(version, now) {
		return slices.Clone(kept.items), nil
	}
	items, until, err := s.inboxTeam(ctx, me, now)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	if t.byManager == nil || len(t.byManager) >= teamInboxesMax {
		t.byManager = map[int64]keptTeamInbox{}
	}
	t.byManager[me] = keptTeamInbox{version: version, from: now, until: until, items: items}
	t.mu.Unlock()
	return slices.Clone(items), nil
}

package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// keptInboxes keeps each person's own inbox items (inboxOwn) and each manager's team items
// (inboxTeam) while nothing they are read from has changed. Both are on every page (the
// header's count): the team items were a fifth of a manager's page CPU at 100,000 people, the
// own items a tenth of an agent's. Whether they changed is one primary-key read: triggers
// move the person's number in own_inbox_versions (migration 0047) or the manager's in
// team_inbox_versions (0046) in the same transaction as any change the items read, whichever
// server or program wrote it, and row 0's for changes that concern everyone. Time changes
// them too, and the reads say until when they hold: the next midnight, or a team member's
// last recognition growing DesertDays old. So kept items are the items a fresh read gives.
type keptInboxes struct {
	mu    sync.Mutex
	byKey map[keptInboxKey]keptInbox
}

type keptInboxKey struct {
	team   bool   // the team items of manager person, or person's own
	card   string // one of the person's own cards (keptOwnCard), or "" for inbox items
	person int64  // the person or the manager
}

type keptInbox struct {
	version int64     // the person's number plus row 0's, read before the items
	from    time.Time // the clock when read
	until   time.Time // when time alone may change them
	items   []InboxItem
	reading CultureReading // own items: the culture reading read with them
	card    any            // a card's figures (keptOwnCard)
}

// keptInboxesMax bounds the kept entries: up to eight a person who opened a page within
// keptInboxesFor (own items, team items, six cards). Measured with the demo's people (heap
// per entry): own items 611 bytes, recognition card 1,157, training 1,125, goals 522, allowance
// 189 — ~600 bytes an entry on average, ~60 MB at the bound (~115 MB were every entry as large
// as the largest). Past it the old ones go, and if that frees less than a tenth, the map
// starts again.
const keptInboxesMax = 100000

// keptInboxesFor is how long kept items serve at most. The triggers see every row written,
// but not writes that bypass row triggers — SQLite's REPLACE, which deletes the row it
// replaces without its delete triggers (recursive_triggers is off), or a writer with foreign
// keys off that leaves rows pointing nowhere — so such maintenance shows within this time
// (or at once after restarting the servers).
const keptInboxesFor = 10 * time.Minute

// Both numbers only grow, so their sum moves whenever either does.
const (
	teamInboxVersionSQL = `SELECT COALESCE(sum(n), 0) FROM team_inbox_versions WHERE manager_id IN (0, ?)`
	ownInboxVersionSQL  = `SELECT COALESCE(sum(n), 0) FROM own_inbox_versions WHERE person_id IN (0, ?)`
)

// holds tells whether kept items are still those a read at now would give, under the
// number version: the same number, and the clock between when they were read and until
// (moved back: read again), on the same day — where clocks go back an hour at 01:00, the
// next midnight comes twice and until is the second — and for at most keptInboxesFor.
func (k keptInbox) holds(version int64, now time.Time) bool {
	return k.version == version && servesAt(k.from, now) && now.Before(k.until) && Day(now).Equal(Day(k.from))
}

// servesAt tells whether something kept since from may still serve at now: for at most
// keptInboxesFor, and not once the clock has moved back past from.
func servesAt(from, now time.Time) bool {
	return !now.Before(from) && now.Sub(from) < keptInboxesFor
}

// nextMidnight is the first midnight after now, in now's location.
func nextMidnight(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, now.Location())
}

// keptInboxTeam is inboxTeam(me, now), read again only when the manager's number moved or
// time has passed what the kept items hold for.
func (s *Store) keptInboxTeam(ctx context.Context, me int64) ([]InboxItem, error) {
	k, err := s.keptInbox(ctx, keptInboxKey{team: true, person: me}, teamInboxVersionSQL, func(now time.Time) (keptInbox, error) {
		items, until, err := s.inboxTeam(ctx, me, now)
		return keptInbox{items: items, until: until}, err
	})
	return k.items, err
}

// keptInboxOwn is inboxOwn(me), read again only when the person's number moved or the day
// changed; the culture reading read with the items is kept for the rest of the request.
func (s *Store) keptInboxOwn(ctx context.Context, me int64) ([]InboxItem, error) {
	k, err := s.keptInbox(ctx, keptInboxKey{person: me}, ownInboxVersionSQL, func(now time.Time) (keptInbox, error) {
		items, reading, err := s.inboxOwn(ctx, me, now)
		return keptInbox{items: items, reading: reading, until: nextMidnight(now)}, err
	})
	if err == nil {
		remember(ctx, memoQuestion{what: "culture reading", a: me}, k.reading)
	}
	return k.items, err
}

// keptOwnCard is read(now) for one of person's own cards — the home page's recognition,
// goals and training cards, which a profile shows too, the culture reading and the overdue
// banner — once per reading request (the memo's question is the card's name) and kept across
// requests under the person's own number as the own inbox items are: migration 0048's triggers
// move it for every change the cards read. They hold until the next midnight, or the end of the
// UTC month if that comes first (the allowance is counted by UTC month). Callers share the kept
// figures and must not change them.
func keptOwnCard[T any](ctx context.Context, s *Store, card string, person int64, read func(now time.Time) (T, error)) (T, error) {
	return memoized(ctx, memoQuestion{what: card, a: person}, func() (T, error) {
		k, err := s.keptInbox(ctx, keptInboxKey{card: card, person: person}, ownInboxVersionSQL, func(now time.Time) (keptInbox, error) {
			v, err := read(now)
			y, m, _ := now.UTC().Date()
			return keptInbox{card: v, until: earlier(nextMidnight(now), time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC))}, err
		})
		if err != nil {
			var zero T
			return zero, err
		}
		return k.card.(T), nil
	})
}

// keptInbox returns the items kept under key if they hold, or reads them with read. The
// number is read before the items, so kept items are never older than their number; a
// reading request reads each number once (its header and its cards share it). Callers get
// their own copy of the items.
func (s *Store) keptInbox(ctx context.Context, key keptInboxKey, versionSQL string, read func(now time.Time) (keptInbox, error)) (keptInbox, error) {
	now := s.now()
	version, err := memoized(ctx, memoQuestion{what: versionSQL, a: key.person}, func() (int64, error) {
		var version int64
		if err := s.db.QueryRowContext(ctx, versionSQL, key.person).Scan(&version); err != nil {
			return 0, fmt.Errorf("store: inbox version: %w", err)
		}
		return version, nil
	})
	if err != nil {
		return keptInbox{}, err
	}
	kept, ok := s.inboxes.get(key)
	if !ok || !kept.holds(version, now) {
		fresh, err := read(now)
		if err != nil {
			return keptInbox{}, err
		}
		fresh.version, fresh.from = version, now
		s.inboxes.put(key, fresh, now)
		kept = fresh
	}
	kept.items = slices.Clone(kept.items)
	return kept, nil
}

func (k *keptInboxes) get(key keptInboxKey) (keptInbox, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	kept, ok := k.byKey[key]
	return kept, ok
}

// put keeps items under key; at keptInboxesMax the entries past keptInboxesFor go first, and
// if that frees less than a tenth of the map, it starts again — so the walk over the whole map
// comes at most once every keptInboxesMax/10 entries kept, not on every one.
func (k *keptInboxes) put(key keptInboxKey, items keptInbox, now time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byKey == nil {
		k.byKey = map[keptInboxKey]keptInbox{}
	}
	if len(k.byKey) >= keptInboxesMax {
		maps.DeleteFunc(k.byKey, func(_ keptInboxKey, old keptInbox) bool { return !servesAt(old.from, now) })
		if len(k.byKey) > keptInboxesMax*9/10 {
			clear(k.byKey)
		}
	}
	k.byKey[key] = items
}

package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// keptByNumber keeps answers by key while one number, moved by triggers whenever what they
// are read from changes (the goal tree's, migration 0049; the organisation's 80% report's,
// 0050), stays the one they were read under. Kept answers are shared by every request that
// finds them: never changed after they are kept.
type keptByNumber[T any] struct {
	mu     sync.Mutex
	byKey  map[string]keptAnswer[T]
	number int64 // the number every kept answer was read under
}

type keptAnswer[T any] struct {
	from   time.Time
	answer T
}

// get returns what is kept under key if it was read under version, at most keptInboxesFor
// ago and not after now (a clock moved back reads again).
func (k *keptByNumber[T]) get(key string, version int64, now time.Time) (T, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	kept, ok := k.byKey[key]
	if !ok || k.number != version || !servesAt(kept.from, now) {
		var zero T
		return zero, false
	}
	return kept.answer, true
}

// put keeps answer, read at from under version, under key; a newer number forgets every
// answer of the old one, and past max entries the map starts again. Answers read under an
// older number than the kept ones' (a slower request) are not kept: the number only grows.
func (k *keptByNumber[T]) put(key string, version int64, from time.Time, answer T, max int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byKey != nil && version < k.number {
		return
	}
	if k.byKey == nil || version > k.number || len(k.byKey) >= max {
		k.byKey, k.number = map[string]keptAnswer[T]{}, version
	}
	k.byKey[key] = keptAnswer[T]{from: from, answer: answer}
}

// keptKeyMax bounds a kept answer's key: keys carry what the address asked (a list's keyset, a
// board's team), so a longer one is read, not kept.
const keptKeyMax = 1200

// keptRead answers key from what k keeps under the number versionSQL reads, or through read
// (then kept, at most maxKept answers). The number is read once per reading request; a request
// that writes (no read memo) always reads afresh, as it must see its own writes. Like the kept
// inbox items, an answer serves at most keptInboxesFor (writes no trigger sees).
func keptRead[T any](ctx context.Context, s *Store, k *keptByNumber[any], versionSQL string, maxKept int, key string, read func() (T, error)) (T, error) {
	return keptReadIf(ctx, s, k, versionSQL, maxKept, key, read, nil)
}

// keptReadIf is keptRead keeping only the answers worth keeping (nil: all), so that a few
// large answers cannot hold much memory.
func keptReadIf[T any](ctx context.Context, s *Store, k *keptByNumber[any], versionSQL string, maxKept int, key string, read func() (T, error), worth func(T) bool) (T, error) {
	if !HasReadMemo(ctx) || len(key) > keptKeyMax {
		return read()
	}
	version, err := s.keptNumber(ctx, versionSQL)
	if err != nil {
		var zero T
		return zero, err
	}
	now := s.now()
	if answer, ok := k.get(key, version, now); ok {
		if kept, ok := answer.(T); ok {
			return kept, nil
		}
	}
	answer, err := read()
	if err != nil || worth != nil && !worth(answer) {
		return answer, err
	}
	k.put(key, version, now, answer, maxKept)
	return answer, nil
}

// keptNumber reads one of those numbers (query: its one-row read), once per request.
func (s *Store) keptNumber(ctx context.Context, query string) (int64, error) {
	return memoized(ctx, memoQuestion{what: query}, func() (int64, error) {
		var n int64
		if err := s.db.QueryRowContext(ctx, query).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: kept number: %w", err)
		}
		return n, nil
	})
}

package store

import (
	"context"
	"sync"
)

// A page asks some questions from several places: the home page's inbox, its cards and
// the shell's banner each want the person's culture reading, their open check's status and
// their goals. WithReadMemo marks a request that only reads (every GET: nothing writes on
// GET, see docs/architecture.md), so each of those questions is answered once per request
// and the answer shared. Requests that write never carry a memo: after a write the next
// read must see it.

type readMemoKey struct{}

// readMemo holds one request's answers by question.
type readMemo struct {
	mu      sync.Mutex
	answers map[memoQuestion]any
}

// memoQuestion names one question: which function, with which ids.
type memoQuestion struct {
	what string
	a, b int64
}

// WithReadMemo returns a context whose store reads may be answered once and shared.
func WithReadMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, readMemoKey{}, &readMemo{answers: map[memoQuestion]any{}})
}

// HasReadMemo tells whether ctx carries a read memo.
func HasReadMemo(ctx context.Context) bool {
	_, ok := ctx.Value(readMemoKey{}).(*readMemo)
	return ok
}

// memoized answers q through read, once per memo-carrying context; errors are not kept.
// The shared answer must not be changed by its callers.
func memoized[T any](ctx context.Context, q memoQuestion, read func() (T, error)) (T, error) {
	m, ok := ctx.Value(readMemoKey{}).(*readMemo)
	if !ok {
		return read()
	}
	m.mu.Lock()
	v, found := m.answers[q]
	m.mu.Unlock()
	if found {
		return v.(T), nil
	}
	answer, err := read()
	if err != nil {
		return answer, err
	}
	m.mu.Lock()
	m.answers[q] = answer
	m.mu.Unlock()
	return answer, nil
}

// remember keeps answer as q's for the rest of a memo-carrying request, unless it has one:
// a statement that reads several answers at once shares the ones other callers ask for.
func remember[T any](ctx context.Context, q memoQuestion, answer T) {
	m, ok := ctx.Value(readMemoKey{}).(*readMemo)
	if !ok {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, found := m.answers[q]; !found {
		m.answers[q] = answer
	}
}

// recalled returns q's answer if this request already has one (nothing is read): a cheaper
// question answers itself from a larger one the page has asked already.
func recalled[T any](ctx context.Context, q memoQuestion) (T, bool) {
	var zero T
	m, ok := ctx.Value(readMemoKey{}).(*readMemo)
	if !ok {
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, found := m.answers[q]
	if !found {
		return zero, false
	}
	answer, ok := v.(T)
	return answer, ok
}

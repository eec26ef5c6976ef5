package handlers

import (
	"context"
	"net/http"

	"lodestar/store"
)

// requestMemo keeps what a page and its shell both read during one GET request: the home page
// shows the inbox and the training card, and the shell counts the same inbox and looks through
// the same courses for the overdue banner — each was read twice per view. Only GET and HEAD
// requests get one: they never write, so nothing read early can be out of date by the end.
type requestMemo struct {
	trainingFor int64
	training    []store.LearnerCourse
	trainingErr error
	inboxFor    int64
	inbox       []store.InboxItem
	inboxErr    error
}

type memoCtxKey struct{}

// withMemo gives a reading request its memo.
func withMemo(r *http.Request) *http.Request {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), memoCtxKey{}, &requestMemo{}))
}

func memoOf(r *http.Request) *requestMemo {
	m, _ := r.Context().Value(memoCtxKey{}).(*requestMemo)
	return m
}

// myTraining is store.MyTraining read at most once per GET request.
func (h *Handler) myTraining(r *http.Request, personID int64) ([]store.LearnerCourse, error) {
	m := memoOf(r)
	if m == nil {
		return h.store.MyTraining(r.Context(), personID)
	}
	if m.trainingFor != personID {
		m.training, m.trainingErr = h.store.MyTraining(r.Context(), personID)
		m.trainingFor = personID
	}
	return m.training, m.trainingErr
}

// inboxItems is store.Inbox read at most once per GET request.
func (h *Handler) inboxItems(r *http.Request, p store.Person) ([]store.InboxItem, error) {
	m := memoOf(r)
	if m == nil {
		return h.store.Inbox(r.Context(), p)
	}
	if m.inboxFor != p.ID {
		m.inbox, m.inboxErr = h.store.Inbox(r.Context(), p)
		m.inboxFor = p.ID
	}
	return m.inbox, m.inboxErr
}

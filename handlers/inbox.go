package handlers

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountInbox: the inbox page, for everyone signed in (each sees their own).
func (h *Handler) mountInbox(r chi.Router) {
	r.Get("/inbox", h.showInbox)
}

// apiInbox: GET /api/v1/inbox?employee_id=ID, for chat bots. Any token reads it, like the
// other reads of the API.
func (h *Handler) apiInbox(r chi.Router) {
	r.Get("/inbox", h.apiGetInbox)
}

func (h *Handler) showInbox(w http.ResponseWriter, r *http.Request) {
	items, err := h.store.Inbox(r.Context(), me(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.InboxPage(items))
}

// inboxTotal is the header's count; a failure leaves the header without one (logged) rather
// than failing the page.
func (h *Handler) inboxTotal(r *http.Request, p store.Person) int {
	items, err := h.store.Inbox(r.Context(), p)
	if err != nil {
		h.log.Error("inbox count", "err", err)
		return 0
	}
	return store.InboxTotal(items)
}

// apiInboxItem is one line of GET /api/v1/inbox.
type apiInboxItem struct {
	Kind        string `json:"kind"`
	Count       int    `json:"count"`
	OldestSince string `json:"oldest_since"` // YYYY-MM-DD
	Who         string `json:"who,omitempty"`
	Link        string `json:"link"` // a path on the site, as on the inbox page
}

func (h *Handler) apiGetInbox(w http.ResponseWriter, r *http.Request) {
	eid := strings.TrimSpace(r.URL.Query().Get("employee_id"))
	if eid == "" {
		h.apiFail(w, r, &store.ValidationError{Problems: []store.Problem{{Field: "employee_id", Code: "required"}}})
		return
	}
	p, err := h.store.PersonByEmployeeID(r.Context(), eid)
	if err == nil && !p.ActiveOn(h.store.Now()) {
		err = store.ErrNotFound // someone who has left has no inbox
	}
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	items, err := h.store.Inbox(r.Context(), p)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	out := struct {
		EmployeeID string         `json:"employee_id"`
		Total      int            `json:"total"`
		Items      []apiInboxItem `json:"items"`
	}{EmployeeID: p.EmployeeID, Total: store.InboxTotal(items), Items: []apiInboxItem{}}
	for _, it := range items {
		out.Items = append(out.Items, apiInboxItem{Kind: it.Kind, Count: it.Count, OldestSince: it.OldestSince.Format(store.DateLayout),
			Who: it.Who, Link: it.Link})
	}
	writeJSON(w, http.StatusOK, out)
}

package handlers

import (
	"net/http"

	"lodestar/store"
)

// withMemo gives a reading request (GET, HEAD) the store's read memo: a page and its shell
// ask some of the same questions — the home page shows the inbox, the training card and the
// check card, and the shell counts the same inbox and looks through the same courses for the
// overdue banner — and each is then answered once per view. Reading requests never write,
// so nothing read early can be out of date by the end; other requests read afresh.
func withMemo(r *http.Request) *http.Request {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return r
	}
	return r.WithContext(store.WithReadMemo(r.Context()))
}

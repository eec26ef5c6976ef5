package handlers

import (
	"net/http"
	"strconv"

	"lodestar/views"
)

func (h *Handler) showNotifications(w http.ResponseWriter, r *http.Request) {
	list, names, err := h.store.ListNotifications(r.Context(), me(r).ID, 100)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.NotificationsPage(list, names))
}

// markNotificationsRead marks the reader's notifications read up to the newest the page
// showed (up_to; all without it). The page's script sends it as the page opens (js=1: no
// redirect to follow).
func (h *Handler) markNotificationsRead(w http.ResponseWriter, r *http.Request) {
	upTo, _ := strconv.ParseInt(r.FormValue("up_to"), 10, 64)
	if err := h.store.MarkNotificationsRead(r.Context(), me(r).ID, upTo); err != nil {
		h.fail(w, r, err)
		return
	}
	if r.FormValue("js") == "1" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	redirect(w, r, "/notifications")
}

package handlers

import (
	"net/http"

	"lodestar/views"
)

func (h *Handler) showNotifications(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.ListNotifications(r.Context(), me(r).ID, 100)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.NotificationsPage(list))
}

func (h *Handler) markNotificationsRead(w http.ResponseWriter, r *http.Request) {
	if err := h.store.MarkNotificationsRead(r.Context(), me(r).ID); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/notifications")
}

package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountChannels registers the team chat channel pages (admin only, guarded by the caller).
func (h *Handler) mountChannels(r chi.Router) {
	r.Get("/channels", h.showChannels)
	r.Get("/channels/new", h.showNewChannel)
	r.Post("/channels", h.createChannel)
	r.Get("/channels/{id}", h.showChannel)
	r.Post("/channels/{id}", h.updateChannel)
	r.Post("/channels/{id}/test", h.testChannel)
	r.Post("/channels/{id}/deliveries/{delivery}/retry", h.retryDelivery)
}

// apiChannels registers channel set-up by script.
func (h *Handler) apiChannels(r chi.Router) {
	r.Get("/channels", h.apiListChannels)
	r.With(requireScope(store.ScopeChannels)).Post("/channels", h.apiCreateChannel)
}

func (h *Handler) showChannels(w http.ResponseWriter, r *http.Request) {
	channels, err := h.store.ListChannels(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.ChannelsPage(views.ChannelsData{Channels: channels}))
}

func channelInputFrom(r *http.Request) store.ChannelInput {
	f := r.PostForm
	return store.ChannelInput{Kind: f.Get("kind"), Name: f.Get("name"), URL: f.Get("url"), Secret: f.Get("secret"),
		Events: f["events"], Department: f.Get("department"), Team: f.Get("team"), Language: f.Get("language"),
		Enabled: f.Get("enabled") == "1"}
}

func (h *Handler) showNewChannel(w http.ResponseWriter, r *http.Request) {
	in := store.ChannelInput{Kind: store.ChannelWeCom, Language: h.locale(r).Lang, Enabled: true,
		Events: []string{"recognition.given", "culture.published", "check.opened"}}
	h.render(w, r, http.StatusOK, views.ChannelFormPage(views.ChannelFormData{Input: in}))
}

func (h *Handler) createChannel(w http.ResponseWriter, r *http.Request) {
	in := channelInputFrom(r)
	id, err := h.store.CreateChannel(r.Context(), me(r).ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		in.Secret = "" // a secret is never sent back to the browser
		h.render(w, r, http.StatusUnprocessableEntity, views.ChannelFormPage(views.ChannelFormData{Input: in, Errors: views.ErrorsFrom(err)}))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "channels.created", in.Name)
	redirect(w, r, fmt.Sprintf("/admin/channels/%d", id))
}

// channelPage renders the edit form with the stored channel and its delivery log.
func (h *Handler) channelPage(w http.ResponseWriter, r *http.Request, status int, id int64, in *store.ChannelInput, errs views.FieldErrors) {
	c, err := h.store.ChannelByID(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	log, err := h.store.ChannelLog(r.Context(), id, 50)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if in == nil {
		in = &store.ChannelInput{Kind: c.Kind, Name: c.Name, Events: c.Events, Department: c.Department, Team: c.Team,
			Language: c.Language, Enabled: c.Enabled}
	}
	in.Secret = ""
	h.render(w, r, status, views.ChannelFormPage(views.ChannelFormData{ID: id, Input: *in, Saved: c, Errors: errs, Log: log}))
}

func urlID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil {
		return 0, store.ErrNotFound
	}
	return id, nil
}

func (h *Handler) showChannel(w http.ResponseWriter, r *http.Request) {
	id, err := urlID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.channelPage(w, r, http.StatusOK, id, nil, nil)
}

func (h *Handler) updateChannel(w http.ResponseWriter, r *http.Request) {
	id, err := urlID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := channelInputFrom(r)
	err = h.store.UpdateChannel(r.Context(), me(r).ID, id, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.channelPage(w, r, http.StatusUnprocessableEntity, id, &in, views.ErrorsFrom(err))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "channels.saved", in.Name)
	redirect(w, r, fmt.Sprintf("/admin/channels/%d", id))
}

// testChannel queues a test message in the channel's language; the worker sends it.
func (h *Handler) testChannel(w http.ResponseWriter, r *http.Request) {
	id, err := urlID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.ChannelByID(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	l := views.Locale{Lang: c.Language}
	m := store.ChannelMessage{Title: l.T("channels.test_title"), Body: l.T("channels.test_body"), Link: h.baseURL(r, true) + "/"}
	if err := h.store.SendTestMessage(r.Context(), me(r).ID, id, m); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "channels.test_queued", c.Name)
	redirect(w, r, fmt.Sprintf("/admin/channels/%d", id))
}

func (h *Handler) retryDelivery(w http.ResponseWriter, r *http.Request) {
	id, err := urlID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	delivery, err := urlID(r, "delivery")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.RetryDelivery(r.Context(), me(r).ID, id, delivery); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "channels.retried", "")
	redirect(w, r, fmt.Sprintf("/admin/channels/%d", id))
}

// channelJSON is a channel as the API shows it: never its address or secret.
func channelJSON(c store.Channel) map[string]any {
	return map[string]any{"id": c.ID, "kind": c.Kind, "name": c.Name, "url_hint": c.URLHint, "has_secret": c.HasSecret,
		"events": c.Events, "department": c.Department, "team": c.Team, "language": c.Language, "enabled": c.Enabled,
		"queued": c.Queued, "failed": c.Failed}
}

func (h *Handler) apiListChannels(w http.ResponseWriter, r *http.Request) {
	channels, err := h.store.ListChannels(r.Context())
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(channels))
	for _, c := range channels {
		out = append(out, channelJSON(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"channels": out})
}

// apiCreateChannel: {"kind", "url", "events": [...], "secret", "department", "team",
// "language", "name"} → 201 with the channel. Enabled unless "enabled": false.
func (h *Handler) apiCreateChannel(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Kind       string   `json:"kind"`
		Name       string   `json:"name"`
		URL        string   `json:"url"`
		Secret     string   `json:"secret"`
		Events     []string `json:"events"`
		Department string   `json:"department"`
		Team       string   `json:"team"`
		Language   string   `json:"language"`
		Enabled    *bool    `json:"enabled"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		writeJSONError(w, http.StatusBadRequest, "the body must be a JSON object with kind, url, events and optional name, secret, department, team, language, enabled")
		return
	}
	if body.Name == "" {
		body.Name = body.Kind
		if body.Department != "" {
			body.Name += " · " + body.Department
		}
	}
	in := store.ChannelInput{Kind: body.Kind, Name: body.Name, URL: body.URL, Secret: body.Secret, Events: body.Events,
		Department: body.Department, Team: body.Team, Language: body.Language, Enabled: body.Enabled == nil || *body.Enabled}
	id, err := h.store.CreateChannel(r.Context(), 0, in)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	c, err := h.store.ChannelByID(r.Context(), id)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/channels/%d", id))
	writeJSON(w, http.StatusCreated, channelJSON(c))
}

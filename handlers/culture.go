package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountCulture registers the culture pages inside the signed-in group; routes that need a
// stricter permission add their own h.require(action).
func (h *Handler) mountCulture(r chi.Router) {
	r.Get("/culture", h.showCulture)
	r.Post("/culture/acknowledge", h.acknowledgeCulture)
	r.Get("/culture/versions", h.showCultureVersions)
	r.Get("/culture/versions/{number}", h.showCultureVersion)
	r.Get("/culture/changes", h.showCultureChanges)
	r.With(h.require(store.ActionSeeReports)).Get("/culture/acknowledgements", h.showCultureAcks)
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionManageContent))
		r.Get("/culture/edit", h.showCultureEditor)
		r.Post("/culture/edit", h.saveCultureDraft)
		r.Get("/culture/draft", h.showCultureDraft)
		r.Post("/culture/publish", h.publishCulture)
		r.Post("/culture/draft/discard", h.discardCultureDraft)
	})
}

func (h *Handler) showCulture(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := me(r)
	d := views.CultureData{CanEdit: store.May(p, store.ActionManageContent), CanReport: store.May(p, store.ActionSeeReports)}
	cur, err := h.store.CurrentCulture(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.fail(w, r, err)
		return
	}
	d.Version = cur
	if d.Reading, err = h.store.CultureReadingFor(ctx, p.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.CanEdit {
		draft, err := h.store.CultureDraft(ctx)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.HasDraft = draft.ID != 0
	}
	h.render(w, r, http.StatusOK, views.CulturePage(d))
}

func (h *Handler) acknowledgeCulture(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	if err := h.store.AcknowledgeCulture(r.Context(), me(r).ID, n); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "culture.thanks", strconv.Itoa(n))
	redirect(w, r, "/culture")
}

func (h *Handler) showCultureVersions(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.ListCultureVersions(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.CultureVersionsPage(list))
}

func (h *Handler) showCultureVersion(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(chi.URLParam(r, "number"))
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	v, err := h.store.CultureVersionByNumber(r.Context(), n)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cur, err := h.store.CurrentCulture(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.CultureVersionPage(v, cur.Number))
}

// showCultureChanges compares two published versions: by default the one the reader last
// acknowledged (else the one before the current) with the current one.
func (h *Handler) showCultureChanges(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cur, err := h.store.CurrentCulture(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	reading, err := h.store.CultureReadingFor(ctx, me(r).ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	from, to := reading.LastAcked, cur.Number
	if from == 0 || from == to {
		from = max(1, to-1)
	}
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("from")); err == nil {
		from = n
	}
	if n, err := strconv.Atoi(q.Get("to")); err == nil {
		to = n
	}
	older, err := h.store.CultureVersionByNumber(ctx, from)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	newer, err := h.store.CultureVersionByNumber(ctx, to)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.CultureChangesData{From: from, To: to, Changes: store.DiffCulture(older.Doc, newer.Doc)}
	for n := cur.Number; n >= 1; n-- {
		d.Versions = append(d.Versions, n)
	}
	h.render(w, r, http.StatusOK, views.CultureChangesPage(d))
}

func (h *Handler) showCultureAcks(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	rep, err := h.store.CultureAckReport(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := unitBreakdownQuery(r)
	b, err := h.store.CultureBreakdown(r.Context(), q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// A unit drilled into narrows the names to it: never the whole organisation at once.
	if team := r.URL.Query().Get("team"); q.Department != "" || team != "" {
		rep.NotRead = slices.DeleteFunc(rep.NotRead, func(x store.Person) bool {
			return q.Department != "" && x.Department != q.Department || team != "" && x.Team != team
		})
	}
	h.render(w, r, http.StatusOK, views.CultureAckPage(views.CultureAckData{Report: rep, AllNames: store.May(p, store.ActionManageContent),
		Breakdown: unitBreakdownData(r, "/culture/acknowledgements", "culture", q, b)}))
}

// The editor shows the draft's rows plus blank ones for new priorities and values.
const (
	cultureBlankPriorities = 1
	cultureBlankValues     = 2
)

func (h *Handler) showCultureEditor(w http.ResponseWriter, r *http.Request) {
	draft, err := h.store.CultureDraft(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	doc := draft.Doc
	for range cultureBlankPriorities {
		doc.Priorities = append(doc.Priorities, store.CulturePriority{})
	}
	for range cultureBlankValues {
		doc.Values = append(doc.Values, store.CultureValue{})
	}
	h.renderCultureEditor(w, r, http.StatusOK, doc, nil)
}

func (h *Handler) renderCultureEditor(w http.ResponseWriter, r *http.Request, status int, doc store.CultureDoc, errs views.FieldErrors) {
	cur, err := h.store.CurrentCulture(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.CultureEditPage(views.CultureEditData{Doc: doc, Errors: errs, Current: cur.Number}))
}

// cultureDocFromForm reads the editor form; row fields are p<i>_… and v<i>_….
func cultureDocFromForm(r *http.Request) store.CultureDoc {
	f := r.PostFormValue
	text := func(name string) store.Text { return store.Text{EN: f(name + "_en"), ZH: f(name + "_zh")} }
	doc := store.CultureDoc{Vision: text("vision"), Mission: text("mission"), Strategy: text("strategy")}
	count := func(name string) int {
		n, _ := strconv.Atoi(f(name))
		return min(max(n, 0), 200)
	}
	for i := range count("p_count") {
		k := func(s string) string { return fmt.Sprintf("p%d_%s", i, s) }
		id, _ := strconv.ParseInt(f(k("id")), 10, 64)
		doc.Priorities = append(doc.Priorities, store.CulturePriority{ID: id, Name: text(k("name")), Summary: text(k("summary")),
			Retired: f(k("retired")) != ""})
	}
	for i := range count("v_count") {
		k := func(s string) string { return fmt.Sprintf("v%d_%s", i, s) }
		id, _ := strconv.ParseInt(f(k("id")), 10, 64)
		doc.Values = append(doc.Values, store.CultureValue{ID: id, Name: text(k("name")), Meaning: text(k("meaning")),
			Behaviours: text(k("behaviours")), Retired: f(k("retired")) != ""})
	}
	return doc
}

func (h *Handler) saveCultureDraft(w http.ResponseWriter, r *http.Request) {
	doc := cultureDocFromForm(r)
	if err := h.store.SaveCultureDraft(r.Context(), me(r).ID, doc); err != nil {
		var verr *store.ValidationError
		if errors.As(err, &verr) {
			h.renderCultureEditor(w, r, http.StatusUnprocessableEntity, doc, views.ErrorsFrom(err))
			return
		}
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "culture.draft_saved", "")
	redirect(w, r, "/culture/draft")
}

func (h *Handler) showCultureDraft(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	draft, err := h.store.CultureDraft(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if draft.ID == 0 {
		redirect(w, r, "/culture/edit")
		return
	}
	d := views.CulturePreviewData{Draft: draft}
	cur, err := h.store.CurrentCulture(ctx)
	switch {
	case err == nil:
		d.Current = cur.Number
		d.Changes = store.DiffCulture(cur.Doc, draft.Doc)
	case !errors.Is(err, store.ErrNotFound):
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.CulturePreviewPage(d))
}

func (h *Handler) publishCulture(w http.ResponseWriter, r *http.Request) {
	n, err := h.store.PublishCulture(r.Context(), me(r).ID)
	if err != nil {
		var verr *store.ValidationError
		if errors.As(err, &verr) {
			// Back to the editor, errors beside the fields.
			draft, derr := h.store.CultureDraft(r.Context())
			if derr != nil {
				h.fail(w, r, derr)
				return
			}
			h.renderCultureEditor(w, r, http.StatusUnprocessableEntity, draft.Doc, views.ErrorsFrom(err))
			return
		}
		if errors.Is(err, store.ErrNotFound) {
			redirect(w, r, "/culture/edit")
			return
		}
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "culture.published", strconv.Itoa(n))
	redirect(w, r, "/culture")
}

func (h *Handler) discardCultureDraft(w http.ResponseWriter, r *http.Request) {
	if err := h.store.DiscardCultureDraft(r.Context(), me(r).ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "info", "culture.draft_discarded", "")
	redirect(w, r, "/culture")
}

// apiCulture registers the culture JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiCulture(r chi.Router) {
	r.Get("/culture", h.apiGetCulture)
}

type apiCultureItem struct {
	ID         int64       `json:"id"`
	Name       store.Text  `json:"name"`
	Summary    *store.Text `json:"summary,omitempty"`
	Meaning    *store.Text `json:"meaning,omitempty"`
	Behaviours *store.Text `json:"behaviours,omitempty"`
}

type apiCultureVersion struct {
	Version     int              `json:"version"`
	PublishedAt string           `json:"published_at"`
	PublishedBy string           `json:"published_by"`
	Vision      store.Text       `json:"vision"`
	Mission     store.Text       `json:"mission"`
	Strategy    store.Text       `json:"strategy"`
	Priorities  []apiCultureItem `json:"priorities"`
	Values      []apiCultureItem `json:"values"`
}

func (h *Handler) apiGetCulture(w http.ResponseWriter, r *http.Request) {
	cur, err := h.store.CurrentCulture(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		writeJSONError(w, http.StatusNotFound, "no culture version has been published yet")
		return
	}
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	out := apiCultureVersion{Version: cur.Number, PublishedAt: cur.PublishedAt.UTC().Format(time.RFC3339),
		PublishedBy: cur.PublishedByName, Vision: cur.Doc.Vision, Mission: cur.Doc.Mission, Strategy: cur.Doc.Strategy,
		Priorities: []apiCultureItem{}, Values: []apiCultureItem{}}
	for _, p := range cur.Doc.ActivePriorities() {
		out.Priorities = append(out.Priorities, apiCultureItem{ID: p.ID, Name: p.Name, Summary: &p.Summary})
	}
	for _, v := range cur.Doc.ActiveValues() {
		out.Values = append(out.Values, apiCultureItem{ID: v.ID, Name: v.Name, Meaning: &v.Meaning, Behaviours: &v.Behaviours})
	}
	writeJSON(w, http.StatusOK, out)
}

// cultureHome is the culture card on the home page (nil for none).
func (h *Handler) cultureHome(r *http.Request, p store.Person) (templ.Component, error) {
	reading, err := h.store.CultureReadingFor(r.Context(), p.ID)
	if err != nil || reading.Current == 0 {
		return nil, err
	}
	return views.CultureHomeCard(reading), nil
}

// cultureProfile shows whether p has read the current version, to p, p's management chain,
// leaders and admins (nil for anyone else, and before the first publication).
func (h *Handler) cultureProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	if viewer.ID != p.ID && !store.May(viewer, store.ActionManageContent) {
		ok, err := h.store.ReportsTo(r.Context(), p.ID, viewer.ID)
		if err != nil || !ok {
			return nil, err
		}
	}
	reading, err := h.store.CultureReadingFor(r.Context(), p.ID)
	if err != nil || reading.Current == 0 {
		return nil, err
	}
	return views.CultureProfileCard(reading), nil
}

// cultureBanner asks everyone who has not acknowledged the current version to read it.
func (h *Handler) cultureBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	reading, err := h.store.CultureReadingFor(r.Context(), p.ID)
	if err != nil || reading.Current == 0 || reading.Acknowledged {
		return nil, err
	}
	return &views.Banner{Key: "culture.banner", Href: "/culture", LinkKey: "culture.banner_link"}, nil
}

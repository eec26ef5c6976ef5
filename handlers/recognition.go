package handlers

import (
	"cmp"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountRecognition registers the recognition pages inside the signed-in group; routes that need a
// stricter permission add their own h.require(action).
func (h *Handler) mountRecognition(r chi.Router) {
	r.Get("/recognition", h.showBoard)
	r.Get("/recognition/give", h.showGive)
	r.Post("/recognition/give", h.giveRecognition)
	r.Get("/recognition/badges", h.showBadges)
	r.Get("/recognition/{id:[0-9]+}", h.showRecognition)
	r.Post("/recognition/{id:[0-9]+}/react", h.reactToRecognition)
	r.Post("/recognition/{id:[0-9]+}/comments", h.commentOnRecognition)
	r.Post("/recognition/ranking", h.setRankingOptOut)
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionSeeReports))
		r.Get("/recognition/fairness", h.showFairness)
	})
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionModerate))
		r.Get("/recognition/badges/new", h.showNewBadge)
		r.Post("/recognition/badges", h.createBadge)
		r.Get("/recognition/badges/{id:[0-9]+}", h.showEditBadge)
		r.Post("/recognition/badges/{id:[0-9]+}", h.updateBadge)
		r.Post("/recognition/badges/{id:[0-9]+}/retire", h.retireBadge)
		r.Post("/recognition/{id:[0-9]+}/hide", h.hideRecognition)
		r.Post("/recognition/comments/{id:[0-9]+}/hide", h.hideComment)
	})
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionAdminister))
		r.Get("/recognition/settings", h.showRecognitionSettings)
		r.Post("/recognition/settings", h.saveRecognitionSettings)
		r.Get("/recognition/export.csv", h.exportRecognitions)
	})
}

// apiRecognition registers the recognition JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiRecognition(r chi.Router) {
	r.Get("/badges", h.apiListBadges)
	r.Get("/recognitions", h.apiListRecognitions)
	r.With(requireScope(store.ScopeRecognitions)).Post("/recognitions", h.apiGiveRecognition)
}

func recognitionIDParam(r *http.Request) int64 {
	id, _ := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id
}

func parseID(s string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id
}

// boardFilter reads the board's filters from a query string (page and API alike).
func boardFilter(q url.Values) store.BoardFilter {
	f := store.BoardFilter{Department: q.Get("department"), Team: q.Get("team"), ValueID: parseID(q.Get("value")),
		BadgeID: parseID(q.Get("badge")), Source: q.Get("source"), After: q.Get("after"),
		RecipientID: parseID(q.Get("to")), GiverID: parseID(q.Get("from"))}
	if !slices.Contains(store.Sources, f.Source) {
		f.Source = ""
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	return f
}

func boardQuery(f store.BoardFilter) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" && val != "0" {
			v.Set(k, val)
		}
	}
	set("department", f.Department)
	set("team", f.Team)
	set("value", strconv.FormatInt(f.ValueID, 10))
	set("badge", strconv.FormatInt(f.BadgeID, 10))
	set("source", f.Source)
	set("to", strconv.FormatInt(f.RecipientID, 10))
	set("from", strconv.FormatInt(f.GiverID, 10))
	return v
}

func (h *Handler) showBoard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	// System badges (tenure milestones, catch-ups) are awarded by the server's hourly job,
	// not here: a write transaction on every view queued all readers behind it.
	f := boardFilter(r.URL.Query())
	f.ViewerID = me(r).ID
	f.Limit = 20
	cards, next, err := h.store.Board(ctx, f)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		f.After = "" // a bad cursor: start again
		cards, next, err = h.store.Board(ctx, f)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.RecognitionBoardData{Filter: f, Cards: cards, CanModerate: store.May(me(r), store.ActionModerate), FirstPage: f.After == ""}
	if next != "" {
		q := boardQuery(f)
		q.Set("after", next)
		d.NextHref = "/recognition?" + q.Encode()
	}
	if d.FirstPage {
		d.FirstHref = ""
	} else {
		d.FirstHref = "/recognition?" + boardQuery(f).Encode()
	}
	if d.Strip, err = h.store.MonthStrip(ctx, 3); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Values, err = h.store.ListValues(ctx, true); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Badges, err = h.store.ListBadges(ctx, true); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Departments, err = h.store.Departments(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Teams, d.TeamsOf, err = h.teamList(r, f.Department, f.Team); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.RecognitionBoardPage(d))
}

// allTeamsListed is the most teams a team list (the board's filter, the give form's "or a
// whole team") shows at once.
const allTeamsListed = 60

// teamList is a team list: every team while the organisation has at most allTeamsListed,
// else the teams of department, or of the viewer's department (returned as scope): 2,000
// teams made a list nobody can use, and a seek per team on every view was half the board's
// CPU. The chosen team is always listed.
func (h *Handler) teamList(r *http.Request, department, chosen string) (teams []string, scope string, err error) {
	ctx := r.Context()
	if teams, err = h.store.TeamsUpTo(ctx, allTeamsListed+1); err != nil || len(teams) <= allTeamsListed {
		return teams, "", err
	}
	scope = cmp.Or(department, me(r).Department)
	if teams, err = h.store.Teams(ctx, scope); err != nil {
		return nil, "", err
	}
	if chosen != "" && !slices.Contains(teams, chosen) {
		teams = append([]string{chosen}, teams...)
	}
	return teams, scope, nil
}

func newFormToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// showGive shows the give form. The colleague picker's search (?q=) sends the whole form here as
// a GET, so what was chosen and typed comes back with the narrowed list; a fresh one-time token is
// minted for every render (a double submit is the same render posted twice). ?to= preselects.
func (h *Handler) showGive(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := giveInputFrom(q)
	in.IdempotencyKey = newFormToken()
	if in.Source == "" || !store.May(me(r), store.ActionCommend) {
		in.Source = store.SourcePeer
	}
	search := q.Get("q")
	if q.Get("clear") != "" {
		search = ""
	}
	h.renderGive(w, r, http.StatusOK, in, search, nil)
}

// giveInputFrom reads the give form's fields (from a POST body or a search's query string).
func giveInputFrom(v url.Values) store.GiveInput {
	var to []string
	for _, e := range v["to"] {
		if e = strings.TrimSpace(e); e != "" && !slices.Contains(to, e) {
			to = append(to, e)
		}
	}
	return store.GiveInput{Source: v.Get("source"), To: to, Team: v.Get("team"), BadgeID: parseID(v.Get("badge")),
		ValueID: parseID(v.Get("value")), Message: v.Get("message"), Channel: v.Get("channel"), CustomerWords: v.Get("customer_words"),
		PraisedOn: v.Get("praised_on"), QAScore: v.Get("qa_score"), IdempotencyKey: v.Get("token")}
}

func giveInputFromForm(r *http.Request) store.GiveInput {
	r.ParseForm()
	return giveInputFrom(r.PostForm)
}

func (h *Handler) giveRecognition(w http.ResponseWriter, r *http.Request) {
	in := giveInputFromForm(r)
	in.GiverID = me(r).ID
	if !store.May(me(r), store.ActionCommend) {
		in.Source = store.SourcePeer
	}
	id, _, err := h.store.Give(r.Context(), in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderGive(w, r, http.StatusUnprocessableEntity, in, r.PostFormValue("q"), views.ErrorsFrom(err))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.given", "")
	redirect(w, r, fmt.Sprintf("/recognition/%d", id))
}

func (h *Handler) renderGive(w http.ResponseWriter, r *http.Request, status int, in store.GiveInput, search string, errs views.FieldErrors) {
	ctx := r.Context()
	p := me(r)
	d := views.RecognitionGiveData{Input: in, Errors: errs, CanCommend: store.May(p, store.ActionCommend), Today: h.store.Now(), MyTeam: p.Team,
		Query: strings.TrimSpace(search)}
	var err error
	if d.Picker, err = h.recipientPicker(r, in.To, d.Query, errs); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Teams, d.TeamsOf, err = h.teamList(r, "", in.Team); err != nil {
		h.fail(w, r, err)
		return
	}
	badges, err := h.store.ListBadges(ctx, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, b := range badges {
		if store.MayAwardBadge(p, b.AwardedBy) {
			d.Badges = append(d.Badges, b)
		}
	}
	if d.Values, err = h.store.ListValues(ctx, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Allowance, err = h.store.AllowanceFor(ctx, p.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.RecognitionGivePage(d))
}

// visibleRecognition returns a recognition; hidden ones only for moderators.
func (h *Handler) visibleRecognition(r *http.Request, id int64) (store.Recognition, error) {
	rec, err := h.store.RecognitionByID(r.Context(), id, me(r).ID)
	if err != nil {
		return rec, err
	}
	if rec.Hidden && !store.May(me(r), store.ActionModerate) {
		return rec, store.ErrNotFound
	}
	return rec, nil
}

func (h *Handler) showRecognition(w http.ResponseWriter, r *http.Request) {
	h.renderRecognition(w, r, http.StatusOK, recognitionIDParam(r), views.RecognitionDetailData{})
}

func (h *Handler) renderRecognition(w http.ResponseWriter, r *http.Request, status int, id int64, d views.RecognitionDetailData) {
	rec, err := h.visibleRecognition(r, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.R, d.CanModerate = rec, store.May(me(r), store.ActionModerate)
	if d.Comments, err = h.store.ListComments(r.Context(), rec.ID, d.CanModerate); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.RecognitionDetailPage(d))
}

// back returns to the page the form was on when it is one of ours, else to fallback.
func back(r *http.Request, fallback string) string {
	if to := r.PostFormValue("back"); to != "" && strings.HasPrefix(to, "/recognition") && !strings.HasPrefix(to, "//") {
		return to
	}
	return fallback
}

func (h *Handler) reactToRecognition(w http.ResponseWriter, r *http.Request) {
	id := recognitionIDParam(r)
	if _, err := h.store.ToggleReaction(r.Context(), id, me(r).ID); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, back(r, fmt.Sprintf("/recognition/%d", id)))
}

func (h *Handler) commentOnRecognition(w http.ResponseWriter, r *http.Request) {
	id := recognitionIDParam(r)
	body := r.PostFormValue("body")
	_, err := h.store.AddComment(r.Context(), id, me(r).ID, body)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderRecognition(w, r, http.StatusUnprocessableEntity, id, views.RecognitionDetailData{CommentBody: body, Errors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.comment_added", "")
	redirect(w, r, fmt.Sprintf("/recognition/%d#comments", id))
}

func (h *Handler) hideRecognition(w http.ResponseWriter, r *http.Request) {
	id := recognitionIDParam(r)
	reason := r.PostFormValue("reason")
	err := h.store.HideRecognition(r.Context(), me(r).ID, id, reason)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderRecognition(w, r, http.StatusUnprocessableEntity, id, views.RecognitionDetailData{HideReason: reason, HideErrors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.hidden_done", "")
	redirect(w, r, "/recognition")
}

func (h *Handler) hideComment(w http.ResponseWriter, r *http.Request) {
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	cid := recognitionIDParam(r)
	rid, err := h.store.HideComment(r.Context(), me(r).ID, cid, reason)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderRecognition(w, r, http.StatusUnprocessableEntity, rid, views.RecognitionDetailData{HideCommentID: cid,
			HideCommentReason: reason, HideCommentErrors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.comment_hidden_done", "")
	redirect(w, r, fmt.Sprintf("/recognition/%d#comments", rid))
}

func (h *Handler) setRankingOptOut(w http.ResponseWriter, r *http.Request) {
	optOut := r.PostFormValue("opt_out") == "1"
	if err := h.store.SetRankingOptOut(r.Context(), me(r).ID, optOut); err != nil {
		h.fail(w, r, err)
		return
	}
	key := "recognition.ranking_in"
	if optOut {
		key = "recognition.ranking_out"
	}
	h.flash(w, "success", key, "")
	redirect(w, r, "/me")
}

func (h *Handler) showBadges(w http.ResponseWriter, r *http.Request) {
	badges, err := h.store.ListBadges(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	values, err := h.store.ListValues(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.RecognitionBadgesPage(views.RecognitionBadgesData{Badges: badges, Values: values, CanManage: store.May(me(r), store.ActionModerate)}))
}

func badgeInputFromForm(r *http.Request) store.BadgeInput {
	f := r.PostFormValue
	return store.BadgeInput{NameEN: f("name_en"), NameZH: f("name_zh"), DescriptionEN: f("description_en"), DescriptionZH: f("description_zh"),
		CriteriaEN: f("criteria_en"), CriteriaZH: f("criteria_zh"), Icon: f("icon"), Colour: f("colour"), ValueID: parseID(f("value_id")),
		AwardedBy: f("awarded_by")}
}

func (h *Handler) renderBadgeForm(w http.ResponseWriter, r *http.Request, status int, d views.RecognitionBadgeFormData) {
	values, err := h.store.ListValues(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, v := range values { // a retired value only where the badge already stands for it
		if !v.Retired || v.ID == d.Input.ValueID {
			d.Values = append(d.Values, v)
		}
	}
	h.render(w, r, status, views.RecognitionBadgeFormPage(d))
}

func (h *Handler) showNewBadge(w http.ResponseWriter, r *http.Request) {
	h.renderBadgeForm(w, r, http.StatusOK, views.RecognitionBadgeFormData{Input: store.BadgeInput{Icon: "star", Colour: "gold", AwardedBy: store.AwardPeers}})
}

func (h *Handler) createBadge(w http.ResponseWriter, r *http.Request) {
	in := badgeInputFromForm(r)
	_, err := h.store.SaveBadge(r.Context(), me(r).ID, 0, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderBadgeForm(w, r, http.StatusUnprocessableEntity, views.RecognitionBadgeFormData{Input: in, Errors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.badge_saved", in.NameEN)
	redirect(w, r, "/recognition/badges")
}

func (h *Handler) showEditBadge(w http.ResponseWriter, r *http.Request) {
	b, err := h.store.BadgeByID(r.Context(), recognitionIDParam(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderBadgeForm(w, r, http.StatusOK, views.RecognitionBadgeFormData{Badge: b, Input: store.InputFromBadge(b)})
}

func (h *Handler) updateBadge(w http.ResponseWriter, r *http.Request) {
	b, err := h.store.BadgeByID(r.Context(), recognitionIDParam(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := badgeInputFromForm(r)
	if b.SystemKey != "" {
		in.AwardedBy = store.AwardSystem
	}
	_, err = h.store.SaveBadge(r.Context(), me(r).ID, b.ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderBadgeForm(w, r, http.StatusUnprocessableEntity, views.RecognitionBadgeFormData{Badge: b, Input: in, Errors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.badge_saved", in.NameEN)
	redirect(w, r, "/recognition/badges")
}

func (h *Handler) retireBadge(w http.ResponseWriter, r *http.Request) {
	retire := r.PostFormValue("retire") != "0"
	if err := h.store.SetBadgeRetired(r.Context(), me(r).ID, recognitionIDParam(r), retire); err != nil {
		h.fail(w, r, err)
		return
	}
	key := "recognition.badge_reinstated"
	if retire {
		key = "recognition.badge_retired"
	}
	h.flash(w, "success", key, "")
	redirect(w, r, "/recognition/badges")
}

func (h *Handler) showFairness(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := me(r)
	d := views.RecognitionFairnessData{Leader: store.MayAll(p, store.ActionSeeReports), IsAdmin: store.May(p, store.ActionAdminister)}
	var err error
	if d.Leader {
		if d.Departments, err = h.store.Departments(ctx); err != nil {
			h.fail(w, r, err)
			return
		}
		d.Department = r.URL.Query().Get("department")
		if d.Department == "" {
			d.Department = p.Department
		}
		if !slices.Contains(d.Departments, d.Department) && len(d.Departments) > 0 {
			d.Department = d.Departments[0]
		}
		if d.F, err = h.store.DepartmentFairness(ctx, d.Department); err != nil {
			h.fail(w, r, err)
			return
		}
		if d.Pairs, err = h.store.ReciprocalPairs(ctx, ""); err != nil {
			h.fail(w, r, err)
			return
		}
	} else if d.F, err = h.store.TeamFairness(ctx, p.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.RecognitionFairnessPage(d))
}

func (h *Handler) showRecognitionSettings(w http.ResponseWriter, r *http.Request) {
	n, err := h.store.MonthlyAllowance(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.RecognitionSettingsPage(strconv.Itoa(n), nil))
}

func (h *Handler) saveRecognitionSettings(w http.ResponseWriter, r *http.Request) {
	v := r.PostFormValue("allowance")
	err := h.store.SetMonthlyAllowance(r.Context(), me(r).ID, v)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.render(w, r, http.StatusUnprocessableEntity, views.RecognitionSettingsPage(v, views.ErrorsFrom(err)))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "recognition.settings_saved", "")
	redirect(w, r, "/recognition/settings")
}

func (h *Handler) exportRecognitions(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="recognitions-`+h.store.Now().Format(store.DateLayout)+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"recognition_id", "created_at", "source", "giver_employee_id", "giver_name", "recipient_employee_id",
		"recipient_name", "badge", "value", "team", "reactions", "comments", "hidden", "badge_zh", "value_zh", "team_zh"})
	err := h.store.ExportRecognitions(r.Context(), func(e store.ExportRow) error {
		return cw.Write([]string{strconv.FormatInt(e.ID, 10), e.CreatedAt, e.Source, csvSafe(e.GiverEmployeeID), csvSafe(e.GiverName),
			csvSafe(e.RecipientEmployeeID), csvSafe(e.RecipientName), csvSafe(e.Badge), csvSafe(e.Value), csvSafe(e.Team),
			strconv.Itoa(e.Reactions), strconv.Itoa(e.Comments), strconv.FormatBool(e.Hidden),
			csvSafe(e.BadgeZH), csvSafe(e.ValueZH), csvSafe(e.TeamZH)})
	})
	cw.Flush()
	if err != nil {
		h.log.Error("recognition export", "err", err)
	}
}

// recognitionHome is the recognition card on the home page (nil for none).
func (h *Handler) recognitionHome(r *http.Request, p store.Person) (templ.Component, error) {
	a, err := h.store.AllowanceFor(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	prof, err := h.store.ProfileRecognition(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	return views.RecognitionHomeCard(a, prof), nil
}

// recognitionProfile is the recognition section of a profile seen by viewer (nil for none).
func (h *Handler) recognitionProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	ctx := r.Context()
	d := views.RecognitionProfileData{Person: p, IsMe: viewer.ID == p.ID}
	var err error
	if d.Profile, err = h.store.ProfileRecognition(ctx, p.ID); err != nil {
		return nil, err
	}
	// No viewer: the short lists do not show who reacted (one statement fewer each).
	if d.Received, _, err = h.store.Board(ctx, store.BoardFilter{RecipientID: p.ID, Limit: 5}); err != nil {
		return nil, err
	}
	if d.Given, _, err = h.store.Board(ctx, store.BoardFilter{GiverID: p.ID, Limit: 5}); err != nil {
		return nil, err
	}
	return views.RecognitionProfileSection(d), nil
}

// recognitionBanner is a notice the recognition area shows on every page (nil for none).
func (h *Handler) recognitionBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}

// --- JSON API ---

type apiPerson struct {
	EmployeeID string `json:"employee_id"`
	Name       string `json:"name"`
	Team       string `json:"team,omitempty"`
}

type apiNamed struct {
	ID     int64  `json:"id"`
	NameEN string `json:"name_en"`
	NameZH string `json:"name_zh"`
}

type apiRecognitionOut struct {
	ID            int64       `json:"id"`
	Source        string      `json:"source"`
	From          *apiPerson  `json:"from"`
	To            []apiPerson `json:"to"`
	Team          string      `json:"team,omitempty"`
	Badge         *apiNamed   `json:"badge"`
	Value         *apiNamed   `json:"value"`
	Message       string      `json:"message"`
	Channel       string      `json:"channel,omitempty"`
	CustomerWords string      `json:"customer_words,omitempty"`
	PraisedOn     string      `json:"praised_on,omitempty"`
	QAScore       *int        `json:"qa_score,omitempty"`
	CreatedAt     string      `json:"created_at"`
	Reactions     int         `json:"reactions"`
	Comments      int         `json:"comments"`
}

func apiRecognition(rec store.Recognition) apiRecognitionOut {
	out := apiRecognitionOut{ID: rec.ID, Source: rec.Source, To: []apiPerson{}, Team: rec.Team, Message: rec.Message,
		Channel: rec.Channel, CustomerWords: rec.CustomerWords, CreatedAt: rec.CreatedAt.UTC().Format(time.RFC3339),
		Reactions: rec.Reactions, Comments: rec.Comments}
	if rec.Giver.ID != 0 {
		out.From = &apiPerson{EmployeeID: rec.Giver.EmployeeID, Name: rec.Giver.Name, Team: rec.Giver.Team}
	}
	for _, p := range rec.Recipients {
		out.To = append(out.To, apiPerson{EmployeeID: p.EmployeeID, Name: p.Name, Team: p.Team})
	}
	if rec.Badge != nil {
		out.Badge = &apiNamed{ID: rec.Badge.ID, NameEN: rec.Badge.NameEN, NameZH: rec.Badge.NameZH}
	}
	if rec.ValueID != 0 {
		out.Value = &apiNamed{ID: rec.ValueID, NameEN: rec.ValueEN, NameZH: rec.ValueZH}
	}
	if !rec.PraisedOn.IsZero() {
		out.PraisedOn = rec.PraisedOn.Format(store.DateLayout)
	}
	if rec.QAScore >= 0 {
		score := rec.QAScore
		out.QAScore = &score
	}
	return out
}

func (h *Handler) apiListBadges(w http.ResponseWriter, r *http.Request) {
	badges, err := h.store.ListBadges(r.Context(), true)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	type apiBadge struct {
		ID            int64  `json:"id"`
		SystemKey     string `json:"system_key,omitempty"`
		NameEN        string `json:"name_en"`
		NameZH        string `json:"name_zh"`
		DescriptionEN string `json:"description_en"`
		DescriptionZH string `json:"description_zh"`
		CriteriaEN    string `json:"criteria_en"`
		CriteriaZH    string `json:"criteria_zh"`
		Icon          string `json:"icon"`
		Colour        string `json:"colour"`
		ValueID       *int64 `json:"value_id"`
		AwardedBy     string `json:"awarded_by"`
		Retired       bool   `json:"retired"`
		Awards        int    `json:"awards"`
	}
	out := []apiBadge{}
	for _, b := range badges {
		ab := apiBadge{ID: b.ID, SystemKey: b.SystemKey, NameEN: b.NameEN, NameZH: b.NameZH, DescriptionEN: b.DescriptionEN,
			DescriptionZH: b.DescriptionZH, CriteriaEN: b.CriteriaEN, CriteriaZH: b.CriteriaZH, Icon: b.Icon, Colour: b.Colour,
			AwardedBy: b.AwardedBy, Retired: b.Retired, Awards: b.Awards}
		if b.ValueID != 0 {
			v := b.ValueID
			ab.ValueID = &v
		}
		out = append(out, ab)
	}
	writeJSON(w, http.StatusOK, map[string]any{"badges": out})
}

func (h *Handler) apiListRecognitions(w http.ResponseWriter, r *http.Request) {
	f := boardFilter(r.URL.Query())
	list, next, err := h.store.Board(r.Context(), f)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	out := make([]apiRecognitionOut, 0, len(list))
	for _, rec := range list {
		out = append(out, apiRecognition(rec))
	}
	body := map[string]any{"recognitions": out, "next": nil}
	if next != "" {
		body["next"] = next
	}
	writeJSON(w, http.StatusOK, body)
}

// employeeIDJSON accepts an employee ID written as a JSON string or a number ("E1002" or 1002).
type employeeIDJSON string

func (e *employeeIDJSON) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*e = employeeIDJSON(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an employee ID is a string or a number, not %s", b)
	}
	*e = employeeIDJSON(n.String())
	return nil
}

type apiGiveBody struct {
	From    employeeIDJSON   `json:"from"`
	To      []employeeIDJSON `json:"to"`
	Team    string           `json:"team"`
	Badge   int64            `json:"badge"`
	Value   int64            `json:"value"`
	Message string           `json:"message"`
}

func (h *Handler) apiGiveRecognition(w http.ResponseWriter, r *http.Request) {
	var body apiGiveBody
	if err := decodeJSON(r, &body); err != nil {
		writeJSONBodyError(w, err, "a JSON object with from, to or team, badge, value and message")
		return
	}
	from := strings.TrimSpace(string(body.From))
	giver, err := h.store.PersonByEmployeeID(r.Context(), from)
	if errors.Is(err, store.ErrNotFound) {
		verr := &store.ValidationError{Problems: []store.Problem{{Field: "from", Code: "recognition_unknown_person", Arg: from}}}
		h.apiFail(w, r, verr)
		return
	}
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	// Chat integrations give peer recognition on someone's behalf: the same rules and allowance.
	to := make([]string, len(body.To))
	for i, e := range body.To {
		to[i] = string(e)
	}
	in := store.GiveInput{GiverID: giver.ID, Source: store.SourcePeer, To: to, Team: body.Team, BadgeID: body.Badge,
		ValueID: body.Value, Message: body.Message, IdempotencyKey: r.Header.Get("Idempotency-Key")}
	id, created, err := h.store.Give(r.Context(), in)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	rec, err := h.store.RecognitionByID(r.Context(), id, 0)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK // a replay with the same Idempotency-Key
	}
	w.Header().Set("Location", fmt.Sprintf("/recognition/%d", id))
	writeJSON(w, status, apiRecognition(rec))
}

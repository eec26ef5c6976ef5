package handlers

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
)

// apiChecks registers the checks JSON API routes (the caller has checked the bearer token).
// Tokens are organisation-wide, so the API sees every eligible person.
func (h *Handler) apiChecks(r chi.Router) {
	r.Get("/understanding", h.apiCurrentCheck)
	r.Get("/understanding/{id}", h.apiCheck)
	r.Get("/understanding/{id}/people", h.apiCheckPeople)
	r.With(requireScope(store.ScopeChecks)).Post("/understanding/{id}/interviews", h.apiCheckInterviews)
}

// apiOrg is the viewer the API acts as: the whole organisation.
var apiOrg = store.Person{Role: store.RoleAdmin}

type apiLongTerm struct {
	MinTenureDays   int      `json:"min_tenure_days"`
	EmploymentTypes []string `json:"employment_types"`
}

type apiCheckRow struct {
	Tier       string  `json:"tier,omitempty"`
	Department *string `json:"department,omitempty"`
	Baseline   *int    `json:"baseline,omitempty"`
	store.Counts
	Rate         float64 `json:"rate"`
	ResponseRate float64 `json:"response_rate"`
	MeetsTarget  bool    `json:"meets_target"`
	PeopleNeeded int     `json:"people_needed"`
}

type apiCheckReport struct {
	ID             int64       `json:"id"`
	Title          string      `json:"title"`
	TitleZH        string      `json:"title_zh"`
	Status         string      `json:"status"`
	OpensOn        string      `json:"opens_on"`
	ClosesOn       string      `json:"closes_on"`
	Target         float64     `json:"target"`
	PassMark       float64     `json:"pass_mark"`
	CultureVersion *int64      `json:"culture_version"`
	Retakes        int         `json:"retakes"`
	LongTerm       apiLongTerm `json:"long_term"`
	apiCheckRow
	Left         int           `json:"left_before_closing"`
	ByTier       []apiCheckRow `json:"by_tier"`
	ByDepartment []apiCheckRow `json:"by_department"`
}

func apiRow(c store.Counts, target int) apiCheckRow {
	return apiCheckRow{Counts: c, Rate: c.Rate(), ResponseRate: c.ResponseRate(),
		MeetsTarget: store.MeetsTarget(c.Understood, c.Eligible, target), PeopleNeeded: store.PeopleNeeded(c.Understood, c.Eligible, target)}
}

func apiReport(rep store.Report) apiCheckReport {
	c := rep.Check
	out := apiCheckReport{ID: c.ID, Title: c.Title, TitleZH: c.TitleZH, Status: c.Status, OpensOn: c.OpensOn.Format(store.DateLayout),
		ClosesOn: c.ClosesOn.Format(store.DateLayout), Target: float64(c.TargetPct) / 100, PassMark: c.PassMark, Retakes: c.Retakes,
		LongTerm:    apiLongTerm{MinTenureDays: c.MinTenureDays, EmploymentTypes: c.EmploymentTypes},
		apiCheckRow: apiRow(rep.Overall, c.TargetPct), Left: len(rep.Left),
		ByTier: []apiCheckRow{}, ByDepartment: []apiCheckRow{}}
	if c.CultureVersion != 0 {
		v := c.CultureVersion
		out.CultureVersion = &v
	}
	for _, g := range rep.ByTier {
		row := apiRow(g.Counts, c.TargetPct)
		row.Tier = g.Key
		b := g.Baseline
		row.Baseline = &b
		out.ByTier = append(out.ByTier, row)
	}
	for _, g := range rep.ByDepartment {
		row := apiRow(g.Counts, c.TargetPct)
		d := g.Key
		row.Department = &d
		out.ByDepartment = append(out.ByDepartment, row)
	}
	return out
}

func (h *Handler) apiCheckFromURL(r *http.Request) (store.Check, error) {
	c, err := h.checkFromURL(r)
	if err == nil && c.Status == store.CheckScheduled {
		err = store.ErrNotFound
	}
	return c, err
}

func (h *Handler) apiCurrentCheck(w http.ResponseWriter, r *http.Request) {
	c, err := h.store.CurrentCheck(r.Context())
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	h.apiWriteCheck(w, r, c)
}

func (h *Handler) apiCheck(w http.ResponseWriter, r *http.Request) {
	c, err := h.apiCheckFromURL(r)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	h.apiWriteCheck(w, r, c)
}

func (h *Handler) apiWriteCheck(w http.ResponseWriter, r *http.Request, c store.Check) {
	rep, err := h.store.CheckReport(r.Context(), c, apiOrg)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiReport(rep))
}

type apiCheckPerson struct {
	EmployeeID string   `json:"employee_id"`
	Name       string   `json:"name"`
	Tier       string   `json:"tier"`
	Department string   `json:"department"`
	Team       string   `json:"team"`
	Counted    bool     `json:"counted"`
	LeftOn     *string  `json:"left_on"`
	Result     string   `json:"result"`
	Method     *string  `json:"method"`
	Score      *float64 `json:"score"`
	EvidenceAt *string  `json:"evidence_at"`
	Reviewer   string   `json:"reviewer,omitempty"`
	// ReviewerType says what Reviewer names: "person", or "api_token" for an interview
	// posted through the API (Reviewer is then the token's name).
	ReviewerType string `json:"reviewer_type,omitempty"`
}

func (h *Handler) apiCheckPeople(w http.ResponseWriter, r *http.Request) {
	c, err := h.apiCheckFromURL(r)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	rep, err := h.store.CheckReport(r.Context(), c, apiOrg)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	out := []apiCheckPerson{}
	add := func(p store.PopulationRow) {
		ap := apiCheckPerson{EmployeeID: p.EmployeeID, Name: p.Name, Tier: p.Tier, Department: p.Department, Team: p.Team,
			Counted: p.Counted, Result: p.Outcome.Result, Reviewer: p.Outcome.Reviewer}
		if p.Outcome.Reviewer != "" {
			ap.ReviewerType = "person"
			if p.Outcome.ReviewerToken {
				ap.ReviewerType = "api_token"
			}
		}
		if !p.LeftOn.IsZero() {
			v := p.LeftOn.Format(store.DateLayout)
			ap.LeftOn = &v
		}
		if p.Outcome.Method != "" {
			m := p.Outcome.Method
			ap.Method = &m
			at := p.Outcome.EvidenceOn.UTC().Format("2006-01-02T15:04:05Z07:00")
			if m == store.MethodInterview {
				at = p.Outcome.EvidenceOn.Format(store.DateLayout)
			} else {
				s := p.Outcome.Score
				ap.Score = &s
			}
			ap.EvidenceAt = &at
		}
		out = append(out, ap)
	}
	for _, p := range rep.People {
		add(p)
	}
	for _, p := range rep.Left {
		add(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"check_id": c.ID, "people": out})
}

func (h *Handler) apiCheckInterviews(w http.ResponseWriter, r *http.Request) {
	c, err := h.apiCheckFromURL(r)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	inputs, err := decodeJSONArray[store.InterviewInput](r, store.MaxInterviewRows)
	if err != nil {
		writeJSONBodyError(w, err, "a JSON array of interview results (fields: employee_id, date, verdict, note)")
		return
	}
	n, err := h.store.RecordInterviewsByToken(r.Context(), c.ID, apiToken(r), inputs, 1)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"recorded": n, "check_id": c.ID})
}

package handlers

import (
	"errors"
	"net/http"
	"slices"

	"github.com/a-h/templ"

	"lodestar/store"
	"lodestar/views"
)

func (h *Handler) showHome(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	reports, err := h.store.CountDirectReports(r.Context(), p.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	inbox, err := h.store.Inbox(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tiles, err := h.homeTiles(r, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sections, err := h.homeSections(r, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.HomePage(views.HomeData{Me: p, TeamSize: reports, Inbox: inbox, Tiles: tiles, Sections: sections}))
}

// homeSections collects the cards each area puts on the home page, in order.
func (h *Handler) homeSections(r *http.Request, p store.Person) ([]templ.Component, error) {
	var out []templ.Component
	for _, section := range []func(*http.Request, store.Person) (templ.Component, error){
		h.cultureHome, h.checksHome, h.trainingHome, h.goalsHome, h.recognitionHome,
	} {
		c, err := section(r, p)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// homeTiles are the leader's tiles (the organisation) and the manager's (their reporting
// tree); nil for everyone else. Each figure comes from the store function behind the page
// the tile links to, called with the same viewer, so the tile and the page agree.
func (h *Handler) homeTiles(r *http.Request, p store.Person) (*views.HomeTiles, error) {
	leader := p.Role == store.RoleLeader || p.Role == store.RoleAdmin
	if !leader && p.Role != store.RoleManager {
		return nil, nil
	}
	t := &views.HomeTiles{Team: !leader}
	for _, tile := range []func(*http.Request, store.Person, *views.HomeTiles) error{
		h.homeCheckTile, h.homeGoalsTile, h.homeCultureTile, h.homeOnboardingTile, h.homeDesertTile,
	} {
		if err := tile(r, p, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// homeCheckTile: the latest open check's overall figures in the viewer's scope, and the
// change since the last closed check (the trend's last point, same scope) — counted by
// store.CheckOverall (a GROUP BY, or the organisation's kept figures), not full reports.
func (h *Handler) homeCheckTile(r *http.Request, p store.Person, t *views.HomeTiles) error {
	checks, err := h.store.ListChecks(r.Context())
	if err != nil {
		return err
	}
	i := slices.IndexFunc(checks, func(c store.Check) bool { return c.Status == store.CheckOpen })
	if i < 0 {
		return nil
	}
	overall, err := h.store.CheckOverall(r.Context(), checks[i], p)
	if err != nil {
		return err
	}
	today := store.Day(h.store.Now())
	tile := &views.CheckTile{Check: checks[i], Counts: overall,
		DaysLeft: max(0, int(store.Day(checks[i].ClosesOn).Sub(today).Hours()/24))}
	if last, ok := store.LatestClosedCheck(checks); ok {
		prev, err := h.store.CheckOverall(r.Context(), last, p)
		if err != nil {
			return err
		}
		tile.Previous, tile.PreviousTitle, tile.PreviousTitleZH = &prev, last.Title, last.TitleZH
	}
	t.Check = tile
	return nil
}

// homeGoalsTile: active goals at risk or off track — every goal for a leader, the goals a
// manager manages (GoalScope.CanManage) — and the five furthest behind their schedule.
func (h *Handler) homeGoalsTile(r *http.Request, p store.Person, t *views.HomeTiles) error {
	active, err := h.store.ActiveGoals(r.Context())
	if err != nil {
		return err
	}
	// For whoever manages every goal the scope reads no reporting tree (GoalViewScopeFor):
	// the leader's is the organisation, two thirds of this tile's CPU at 10,000 people.
	sc, err := h.store.GoalViewScopeFor(r.Context(), p)
	if err != nil {
		return err
	}
	today := h.store.Now()
	var behind []views.GoalBehind
	for _, g := range active {
		if !sc.CanManage(g) {
			continue
		}
		t.Goals.Total++
		switch g.Status {
		case store.StatusAtRisk:
			t.Goals.AtRisk++
		case store.StatusOffTrack:
			t.Goals.OffTrack++
		default:
			continue
		}
		behind = append(behind, views.GoalBehind{Goal: g, Expected: store.ExpectedShare(g.StartOn, g.DueOn, today)})
	}
	slices.SortStableFunc(behind, func(a, b views.GoalBehind) int {
		da, db := a.Expected-a.Goal.Progress, b.Expected-b.Goal.Progress
		switch {
		case da > db:
			return -1
		case da < db:
			return 1
		}
		return 0
	})
	t.Goals.MostBehind = behind[:min(5, len(behind))]
	return nil
}

// homeCultureTile: the current version's read rate over the organisation (leader) or the
// reporting tree (manager), the figures the acknowledgement report shows them.
func (h *Handler) homeCultureTile(r *http.Request, p store.Person, t *views.HomeTiles) error {
	tree := p.ID
	if !t.Team {
		tree = 0
	}
	version, counts, err := h.store.CultureReadCount(r.Context(), tree)
	if errors.Is(err, store.ErrNotFound) {
		return nil // nothing published yet
	}
	if err != nil {
		return err
	}
	t.Culture = &views.CultureTile{Version: version, Counts: counts}
	return nil
}

// homeOnboardingTile: the onboarding course's totals over the people whose training the
// viewer sees (the completion matrix's Totals, counted without building the matrix).
func (h *Handler) homeOnboardingTile(r *http.Request, p store.Person, t *views.HomeTiles) error {
	course, err := h.store.CourseByKey(r.Context(), store.OnboardingCourseKey)
	if errors.Is(err, store.ErrNotFound) || err == nil && !course.Published() {
		return nil
	}
	if err != nil {
		return err
	}
	scope, err := h.trainingScope(r, p)
	if err != nil {
		return err
	}
	totals, err := h.store.CourseTotalsFor(r.Context(), course.ID, scope)
	if err != nil {
		return err
	}
	t.Onboarding = &views.OnboardingTile{CourseID: course.ID, Totals: totals}
	return nil
}

// homeDesertTile: the fairness page's deserts over the viewer's reporting tree (a leader's
// tree is their organisation), counted by store.DesertCount.
func (h *Handler) homeDesertTile(r *http.Request, p store.Person, t *views.HomeTiles) error {
	deserts, people, err := h.store.DesertCount(r.Context(), p.ID)
	if err != nil {
		return err
	}
	t.Deserts = views.DesertTile{Deserts: deserts, People: people}
	return nil
}

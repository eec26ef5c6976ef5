package handlers

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountGoals registers the goals pages inside the signed-in group; routes that need a
// stricter permission add their own h.require(action).
func (h *Handler) mountGoals(r chi.Router) {
	r.Get("/goals", h.showMyGoals)
	r.Get("/goals/tree", h.showGoalTree)
	r.With(h.require(store.ActionSeeReports)).Get("/goals/team", h.showTeamGoals)
	r.Get("/goals/new", h.showNewGoal)
	r.Get("/goals/pick", h.pickGoalParent)
	r.Post("/goals", h.createGoal)
	r.Get("/goals/{id}", h.showGoal)
	r.Get("/goals/{id}/edit", h.showEditGoal)
	r.Post("/goals/{id}", h.updateGoal)
	r.Post("/goals/{id}/checkins", h.addCheckIn)
	r.Post("/goals/{id}/approve", h.approveGoal)
	r.Post("/goals/{id}/return", h.returnGoal)
}

// apiGoals registers the goals JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiGoals(r chi.Router) {
	r.Get("/goals", h.apiListGoals)
}

// goalsErr turns the store's "not allowed" into the handlers' forbidden.
func goalsErr(err error) error {
	if errors.Is(err, store.ErrGoalForbidden) {
		return errForbidden
	}
	return err
}

// goalsContext loads every goal and what the signed-in person may do with them.
func (h *Handler) goalsContext(r *http.Request) (*store.GoalSet, store.GoalScope, error) {
	sc, err := h.store.GoalScopeFor(r.Context(), me(r))
	if err != nil {
		return nil, sc, err
	}
	gs, err := h.store.Goals(r.Context())
	return gs, sc, err
}

func (h *Handler) showMyGoals(w http.ResponseWriter, r *http.Request) {
	gs, sc, err := h.goalsContext(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	d := views.MyGoalsData{CanCreate: sc.CanCreateAny(), IsManager: store.May(p, store.ActionSeeReports)}
	for _, g := range gs.OwnedBy(p.ID) {
		d.Mine = append(d.Mine, views.GoalWithChain{Goal: g, Chain: gs.Chain(g)})
	}
	for _, g := range gs.All {
		if g.Level == store.LevelTeam && p.Team != "" && g.Department == p.Department && g.Team == p.Team {
			d.TeamGoals = append(d.TeamGoals, views.GoalWithChain{Goal: g, Chain: gs.Chain(g)})
		}
	}
	h.render(w, r, http.StatusOK, views.MyGoalsPage(d))
}

// goalTreeBudget is how many goals one tree page shows, about 100 KB of HTML: levels are
// unfolded whole, top down, while they fit; the goals below the last one are opened on their
// own page (/goals/tree?goal=ID), so a page stays small however large the organisation is.
const goalTreeBudget = 150

// showGoalTree shows the cascade from the top (company and department goals at least), or
// with ?goal=ID the branch under one goal with the path above it.
func (h *Handler) showGoalTree(w http.ResponseWriter, r *http.Request) {
	sc, err := h.store.GoalViewScopeFor(r.Context(), me(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var open int64
	if raw := r.URL.Query().Get("goal"); raw != "" {
		if open, err = strconv.ParseInt(raw, 10, 64); err != nil || open == 0 {
			h.fail(w, r, store.ErrNotFound)
			return
		}
	}
	gs, err := h.store.GoalTreeStart(r.Context(), open)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.GoalTreeData{CanCreate: sc.CanCreateAny(), IsManager: store.May(me(r), store.ActionSeeReports)}
	top := gs.Roots()
	if open != 0 {
		g, _ := gs.Get(open)
		if !sc.CanSee(g) {
			h.fail(w, r, store.ErrNotFound)
			return
		}
		d.Open, d.Chain, top = g, gs.Chain(g), []*store.Goal{g}
	}
	depth, folded, err := h.goalTreeDepth(r, gs, top, sc, goalTreeBudget)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Roots = goalTreeNodes(visibleGoals(top, sc), sc, depth, folded)
	h.render(w, r, http.StatusOK, views.GoalTreePage(d))
}

// visibleGoals keeps the goals the person may see.
func visibleGoals(goals []*store.Goal, sc store.GoalScope) []*store.Goal {
	var out []*store.Goal
	for _, g := range goals {
		if sc.CanSee(g) {
			out = append(out, g)
		}
	}
	return out
}

// goalTreeDepth is how many levels below top one page unfolds: the first always (the company
// page shows its departments, an opened goal its children), each further level only if the
// page then still shows at most budget goals. It loads the levels it unfolds into gs and
// returns how many visible goals are folded under each goal of the last level. Each goal keeps
// its children's counts (all, active, personal), so a level's children are counted without
// reading them: at 100k the department goals' children are 6,000 team goals.
func (h *Handler) goalTreeDepth(r *http.Request, gs *store.GoalSet, top []*store.Goal, sc store.GoalScope, budget int) (int, map[int64]int, error) {
	level := visibleGoals(top, sc)
	shown, depth := len(level), 0
	for {
		visible, err := h.visibleChildCounts(r, level, sc)
		if err != nil {
			return 0, nil, err
		}
		below := 0
		for _, n := range visible {
			below += n
		}
		if below == 0 || (depth > 0 && shown+below > budget) {
			// "Rolled up from N goals" counts the folded goals' active children.
			for _, p := range level {
				p.FoldedActive = p.ChildActive
			}
			return depth, visible, nil
		}
		children, err := h.store.GoalChildren(r.Context(), gs, level)
		if err != nil {
			return 0, nil, err
		}
		next := visibleGoals(children, sc)
		shown += len(next)
		depth++
		level = next
	}
}

// visibleChildCounts is how many children of each parent the viewer may see: every child
// that is not a personal goal, and the personal goals sc.CanSee allows — all of them for a
// viewer who sees every goal; for anyone else the personal children are counted by owner
// in SQL, for the parents that keep any.
func (h *Handler) visibleChildCounts(r *http.Request, parents []*store.Goal, sc store.GoalScope) (map[int64]int, error) {
	visible := make(map[int64]int, len(parents))
	var personal []*store.Goal
	for _, p := range parents {
		switch {
		case sc.All:
			visible[p.ID] = p.ChildCount
		default:
			visible[p.ID] = p.ChildCount - p.ChildPersonal
			if p.ChildPersonal > 0 {
				personal = append(personal, p)
			}
		}
	}
	counts, err := h.store.GoalPersonalChildCounts(r.Context(), personal)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if sc.CanSee(&store.Goal{Level: store.LevelPerson, OwnerID: c.OwnerID}) {
			visible[c.ParentID] += c.N
		}
	}
	return visible, nil
}

// goalTreeNodes builds depth levels of the tree below goals; the last level's goals only
// carry the count of visible goals folded under them.
func goalTreeNodes(goals []*store.Goal, sc store.GoalScope, depth int, folded map[int64]int) []views.GoalNode {
	out := make([]views.GoalNode, 0, len(goals))
	for _, g := range goals {
		n := views.GoalNode{Goal: g}
		if depth > 0 {
			n.Children = goalTreeNodes(visibleGoals(g.Children, sc), sc, depth-1, folded)
		} else {
			n.Folded = folded[g.ID]
		}
		out = append(out, n)
	}
	return out
}

func (h *Handler) showTeamGoals(w http.ResponseWriter, r *http.Request) {
	gs, sc, err := h.goalsContext(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	d := views.TeamGoalsData{IsManager: true}
	for _, g := range gs.All {
		mine := g.Level == store.LevelTeam && (sc.Teams[g.Department+"|"+g.Team] || (g.Department == p.Department && g.Team == p.Team))
		if mine {
			d.TeamGoals = append(d.TeamGoals, g)
		}
		if g.Level == store.LevelPerson && g.State == store.GoalProposed && !g.Returned() && sc.CanManage(g) && sc.Reports[g.OwnerID] {
			d.Proposals = append(d.Proposals, g)
		}
	}
	reports, err := h.store.DirectReports(r.Context(), p.ID, 500)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, rp := range reports {
		d.People = append(d.People, views.TeamMemberGoals{Person: rp, Goals: gs.OwnedBy(rp.ID)})
	}
	h.render(w, r, http.StatusOK, views.TeamGoalsPage(d))
}

// goalFromURL returns the goal named in the URL if the person may see it (404 otherwise:
// a personal goal's existence is private too).
func (h *Handler) goalFromURL(r *http.Request) (*store.GoalSet, store.GoalScope, *store.Goal, error) {
	gs, sc, err := h.goalsContext(r)
	if err != nil {
		return nil, sc, nil, err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return nil, sc, nil, store.ErrNotFound
	}
	g, ok := gs.Get(id)
	if !ok || !sc.CanSee(g) {
		return nil, sc, nil, store.ErrNotFound
	}
	return gs, sc, g, nil
}

func (h *Handler) showGoal(w http.ResponseWriter, r *http.Request) {
	h.renderGoal(w, r, http.StatusOK, store.CheckInInput{}, "", nil)
}

// renderGoal shows the goal page with what was typed in its check-in or return form.
func (h *Handler) renderGoal(w http.ResponseWriter, r *http.Request, status int, in store.CheckInInput, note string, errs views.FieldErrors) {
	gs, sc, g, err := h.goalFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	checkIns, err := h.store.GoalCheckIns(r.Context(), g.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.GoalPageData{Goal: g, Chain: gs.Chain(g), CheckIns: checkIns, CanCheckIn: sc.CanCheckIn(g),
		CanEdit: sc.CanEdit(g), CanApprove: g.State == store.GoalProposed && !g.Returned() && sc.CanManage(g), Viewer: sc.Me.ID,
		CanAddGoal: g.State == store.GoalActive && g.Level != store.LevelPerson && (sc.CanCreateAny() ||
			(g.Level == store.LevelTeam && g.Department == sc.Me.Department && g.Team == sc.Me.Team)),
		Input: in, ReturnNote: note, Errors: errs, Today: h.store.Now()}
	for _, c := range g.Children {
		if sc.CanSee(c) {
			d.Children = append(d.Children, c)
		}
	}
	h.render(w, r, status, views.GoalPage(d))
}

func (h *Handler) addCheckIn(w http.ResponseWriter, r *http.Request) {
	_, _, g, err := h.goalFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := store.CheckInInput{Value: r.PostFormValue("value"), OnDate: r.PostFormValue("on_date"), Comment: r.PostFormValue("comment")}
	err = h.store.AddCheckIn(r.Context(), me(r), g.ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderGoal(w, r, http.StatusUnprocessableEntity, in, "", views.ErrorsFrom(err))
		return
	}
	if err != nil {
		h.fail(w, r, goalsErr(err))
		return
	}
	h.flash(w, "success", "goals.checkin_saved", "")
	redirect(w, r, "/goals/"+strconv.FormatInt(g.ID, 10))
}

func (h *Handler) approveGoal(w http.ResponseWriter, r *http.Request) {
	_, _, g, err := h.goalFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.ApproveGoal(r.Context(), me(r), g.ID); err != nil {
		h.fail(w, r, goalsErr(err))
		return
	}
	h.flash(w, "success", "goals.approved", g.Title)
	redirect(w, r, "/goals/"+strconv.FormatInt(g.ID, 10))
}

// returnGoal sends a proposal back to its owner with a note; the store checks, as for
// approval, that the signed-in person manages the goal.
func (h *Handler) returnGoal(w http.ResponseWriter, r *http.Request) {
	_, _, g, err := h.goalFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	note := r.PostFormValue("note")
	err = h.store.ReturnGoal(r.Context(), me(r), g.ID, note)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderGoal(w, r, http.StatusUnprocessableEntity, store.CheckInInput{}, note, views.ErrorsFrom(err))
		return
	}
	if err != nil {
		h.fail(w, r, goalsErr(err))
		return
	}
	h.flash(w, "success", "goals.returned", g.Title)
	redirect(w, r, "/goals/"+strconv.FormatInt(g.ID, 10))
}

// goalForm fills the choices of the goal form: owners, possible parents and priorities.
func (h *Handler) renderGoalForm(w http.ResponseWriter, r *http.Request, status int, d views.GoalFormData) {
	gs, sc, err := h.goalsContext(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Owners, err = h.store.GoalOwnerOptions(r.Context(), sc); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Goal == nil {
		if d.OwnerPicker, err = h.goalOwnerPicker(r, sc, d.Input, d.OwnerQuery, d.Errors); err != nil {
			h.fail(w, r, err)
			return
		}
		d.OwnerChoice = d.Input.Owner
		if d.OwnerPicker != nil && strings.HasPrefix(d.Input.Owner, "person:") && d.Input.Owner != "person:"+sc.Me.EmployeeID {
			d.OwnerChoice = goalOwnerPicked
		}
	}
	priorities, err := h.store.ListPriorities(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range priorities { // retired priorities only where the goal already links to one
		if !p.Retired || (d.Goal != nil && d.Goal.PriorityID == p.ID) {
			d.Priorities = append(d.Priorities, p)
		}
	}
	values, err := h.store.ListValues(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, v := range values { // likewise for values
		if !v.Retired || (d.Goal != nil && d.Goal.ValueID == v.ID) {
			d.Values = append(d.Values, v)
		}
	}
	d.Proposal = !sc.CanCreateAny() && (d.Goal == nil || d.Goal.State == store.GoalProposed)
	d.ParentPicker = goalParentPicker(gs, sc, d)
	h.render(w, r, status, views.GoalFormPage(d))
}

// goalParentPicker is the goal form's parent picker: the chosen parent, and the goals the
// person may put this one under (store.GoalScope.MayAttachUnder) matching the search typed
// without JavaScript, or the first of them before a search.
func goalParentPicker(gs *store.GoalSet, sc store.GoalScope, d views.GoalFormData) views.GoalParentPickerData {
	pp := views.GoalParentPickerData{SearchAction: "/goals/new#picker-parent_id", Src: "/goals/pick", Proposal: d.Proposal,
		Query: strings.TrimSpace(d.ParentQuery), Errors: d.Errors}
	var except int64
	if d.Goal != nil {
		except = d.Goal.ID
		pp.SearchAction = goalsPath(d.Goal.ID) + "/edit#picker-parent_id"
		pp.Src = "/goals/pick?for=" + strconv.FormatInt(d.Goal.ID, 10)
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(d.Input.ParentID), 10, 64); err == nil {
		if g, ok := gs.Get(id); ok && sc.CanSee(g) && g.ID != except {
			pp.Chosen = g
		}
	}
	pp.Goals, pp.More = gs.ParentChoices(sc, pp.Query, except, pickerPageSize)
	return pp
}

func goalsPath(id int64) string { return "/goals/" + strconv.FormatInt(id, 10) }

// pickGoalParent answers the parent picker's search as one types (static/js/picker.js):
// GET /goals/pick?q=…[&for=ID] → {"goals": [{"value", "name", "sub"}]}: the goals the viewer
// may put a goal under whose title (English or Chinese) or unit matches, in the reader's
// language, leaving out the goal being edited; at most pickerPageSize.
func (h *Handler) pickGoalParent(w http.ResponseWriter, r *http.Request) {
	gs, sc, err := h.goalsContext(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	except, _ := strconv.ParseInt(r.URL.Query().Get("for"), 10, 64)
	type goal struct {
		Value string `json:"value"`
		Name  string `json:"name"`
		Sub   string `json:"sub"`
	}
	out := struct {
		Goals []goal `json:"goals"`
	}{Goals: []goal{}}
	ctx := h.contentContext(r)
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		found, _ := gs.ParentChoices(sc, q, except, pickerPageSize)
		for _, g := range found {
			out.Goals = append(out.Goals, goal{Value: strconv.FormatInt(g.ID, 10), Name: g.TitleIn(views.L(ctx).Lang), Sub: views.GoalPickSub(ctx, g)})
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}

// goalInputFrom reads the goal form (from a POST body or the owner picker's search query).
func goalInputFrom(v url.Values) store.GoalInput {
	f := v.Get
	return store.GoalInput{Title: f("title"), TitleZH: f("title_zh"), KPIZH: f("kpi_zh"), Description: f("description"), Perspective: f("perspective"), KPI: f("kpi"),
		Unit: f("unit"), Direction: f("direction"), Baseline: f("baseline"), Target: f("target"), StartOn: f("start_on"),
		DueOn: f("due_on"), Owner: goalOwnerFrom(v), ParentID: f("parent_id"), PriorityID: f("priority_id"), ValueID: f("value_id"), Weight: f("weight")}
}

// goalOwnerFrom is the owner chosen: the owner select names a unit or the person themselves,
// or "person", which hands the choice to the person picker (owner_person).
func goalOwnerFrom(v url.Values) string {
	if goalOwnerIsPicked(v) {
		return "person:" + strings.TrimSpace(v.Get("owner_person"))
	}
	return v.Get("owner")
}

func goalInputFromForm(r *http.Request) store.GoalInput {
	r.ParseForm()
	return goalInputFrom(r.PostForm)
}

// goalOwnerPicked is the owner select's value for "the person chosen in the picker".
const goalOwnerPicked = "person"

// goalOwnerIsPicked says the picker names the owner: "person" is selected, or nothing is but
// someone is chosen in the picker.
func goalOwnerIsPicked(v url.Values) bool {
	return v.Get("owner") == goalOwnerPicked || (v.Get("owner") == "" && strings.TrimSpace(v.Get("owner_person")) != "")
}

// goalOwnerPicker is the goal form's owner picker (nil when the person may only own goals
// themselves): the chosen person, the index's matches after a search without JavaScript,
// only people the scope allows as owners.
func (h *Handler) goalOwnerPicker(r *http.Request, sc store.GoalScope, in store.GoalInput, query string, errs views.FieldErrors) (*views.PersonPickerData, error) {
	if !sc.MayPickOwners() {
		return nil, nil
	}
	d := &views.PersonPickerData{Name: "owner_person", LabelKey: "goals.owner_person", HintKey: "goals.owner_person_hint",
		SearchName: "owner_q", SearchAction: "/goals/new#picker-owner_person", Src: "/people/pick?scope=goal_owner",
		Select: "owner", SelectValue: goalOwnerPicked,
		Query: strings.TrimSpace(query), Errors: errs}
	if eid, ok := strings.CutPrefix(in.Owner, "person:"); ok && eid != "" && eid != sc.Me.EmployeeID {
		found, err := h.store.ActivePeopleByEmployeeID(r.Context(), []string{eid})
		if err != nil {
			return nil, err
		}
		d.Chosen = found
	}
	if d.Query != "" {
		res, err := h.goalOwnerSearch(r, sc, d.Query)
		if err != nil {
			return nil, err
		}
		d.Results = res
	}
	return d, nil
}

// goalOwnerSearch finds the people sc's person may make goal owners: a manager's search looks
// wider and keeps their reports.
func (h *Handler) goalOwnerSearch(r *http.Request, sc store.GoalScope, q string) ([]store.PersonHit, error) {
	limit := pickerPageSize
	if !sc.All {
		limit = 50
	}
	hits, err := h.store.SearchPeople(r.Context(), q, limit, 0)
	if err != nil {
		return nil, err
	}
	var out []store.PersonHit
	for _, p := range hits {
		if sc.MayOwn(p.ID) && len(out) < pickerPageSize {
			out = append(out, p)
		}
	}
	return out, nil
}

// checkGoalOwner refuses a picked owner the person may not choose, as a form error next to
// the picker (the store checks the scope again).
func (h *Handler) checkGoalOwner(r *http.Request, sc store.GoalScope) (views.FieldErrors, error) {
	if !goalOwnerIsPicked(r.PostForm) {
		return nil, nil
	}
	eid := strings.TrimSpace(r.PostFormValue("owner_person"))
	if eid == "" {
		return views.FieldErrors{"owner_person": {Field: "owner_person", Code: "required"}}, nil
	}
	found, err := h.store.ActivePeopleByEmployeeID(r.Context(), []string{eid})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 || !sc.MayOwn(found[0].ID) {
		return views.FieldErrors{"owner_person": {Field: "owner_person", Code: "goal_owner_not_allowed", Arg: eid}}, nil
	}
	return nil, nil
}

func (h *Handler) showNewGoal(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query(); q.Has("owner_q") || q.Has("parent_q") { // a picker's search without JavaScript
		h.renderGoalForm(w, r, http.StatusOK, views.GoalFormData{Input: goalInputFrom(q), OwnerQuery: q.Get("owner_q"), ParentQuery: q.Get("parent_q")})
		return
	}
	today := h.store.Now()
	p := me(r)
	in := store.GoalInput{Perspective: store.PerspectiveCustomer, Direction: store.DirectionHigher, Weight: "1",
		StartOn: today.Format(store.DateLayout), DueOn: today.AddDate(0, 6, 0).Format(store.DateLayout),
		ParentID: r.URL.Query().Get("parent")}
	if !store.May(p, store.ActionManageGoals) {
		in.Owner = "person:" + p.EmployeeID
	}
	if err := h.copyFromParent(r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderGoalForm(w, r, http.StatusOK, views.GoalFormData{Input: in})
}

// copyFromParent starts a goal added under another ("add under this goal") with the parent's
// KPI, unit, direction, perspective and priority: a sub-goal usually measures the same thing
// for a smaller part of the organisation. An unknown or hidden parent copies nothing.
func (h *Handler) copyFromParent(r *http.Request, in *store.GoalInput) error {
	id, err := strconv.ParseInt(in.ParentID, 10, 64)
	if err != nil {
		return nil
	}
	gs, sc, err := h.goalsContext(r)
	if err != nil {
		return err
	}
	parent, ok := gs.Get(id)
	if !ok || !sc.CanSee(parent) {
		return nil
	}
	in.KPI, in.Unit, in.Direction, in.Perspective = parent.KPI, parent.Unit, parent.Direction, parent.Perspective
	if parent.PriorityID != 0 {
		in.PriorityID = strconv.FormatInt(parent.PriorityID, 10)
	}
	return nil
}

func (h *Handler) createGoal(w http.ResponseWriter, r *http.Request) {
	in := goalInputFromForm(r)
	sc, err := h.store.GoalScopeFor(r.Context(), me(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if errs, err := h.checkGoalOwner(r, sc); err != nil || errs != nil {
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.renderGoalForm(w, r, http.StatusUnprocessableEntity, views.GoalFormData{Input: in, Errors: errs, OwnerQuery: r.PostFormValue("owner_q"), ParentQuery: r.PostFormValue("parent_q")})
		return
	}
	id, err := h.store.CreateGoal(r.Context(), me(r), in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderGoalForm(w, r, http.StatusUnprocessableEntity, views.GoalFormData{Input: in, Errors: views.ErrorsFrom(err), OwnerQuery: r.PostFormValue("owner_q"), ParentQuery: r.PostFormValue("parent_q")})
		return
	}
	if err != nil {
		h.fail(w, r, goalsErr(err))
		return
	}
	gs, err := h.store.Goals(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if g, ok := gs.Get(id); ok && g.State == store.GoalProposed {
		h.flash(w, "success", "goals.proposal_sent", in.Title)
	} else {
		h.flash(w, "success", "goals.created", in.Title)
	}
	redirect(w, r, "/goals/"+strconv.FormatInt(id, 10))
}

func (h *Handler) showEditGoal(w http.ResponseWriter, r *http.Request) {
	_, sc, g, err := h.goalFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !sc.CanEdit(g) {
		h.fail(w, r, errForbidden)
		return
	}
	if q := r.URL.Query(); q.Has("parent_q") { // the parent picker's search without JavaScript
		in := goalInputFrom(q)
		in.Owner = g.OwnerValue()
		h.renderGoalForm(w, r, http.StatusOK, views.GoalFormData{Goal: g, Input: in, ParentQuery: q.Get("parent_q")})
		return
	}
	h.renderGoalForm(w, r, http.StatusOK, views.GoalFormData{Goal: g, Input: store.InputFromGoal(g)})
}

func (h *Handler) updateGoal(w http.ResponseWriter, r *http.Request) {
	_, _, g, err := h.goalFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := goalInputFromForm(r)
	in.Owner = g.OwnerValue()
	err = h.store.UpdateGoal(r.Context(), me(r), g.ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderGoalForm(w, r, http.StatusUnprocessableEntity, views.GoalFormData{Goal: g, Input: in, Errors: views.ErrorsFrom(err), ParentQuery: r.PostFormValue("parent_q")})
		return
	}
	if err != nil {
		h.fail(w, r, goalsErr(err))
		return
	}
	if g.Returned() && g.OwnerID == me(r).ID {
		h.flash(w, "success", "goalret.flash_reproposed", in.Title)
	} else {
		h.flash(w, "success", "goals.saved", in.Title)
	}
	redirect(w, r, "/goals/"+strconv.FormatInt(g.ID, 10))
}

// goalsHome is the goals card on the home page (nil for none).
func (h *Handler) goalsHome(r *http.Request, p store.Person) (templ.Component, error) {
	gs, err := h.store.GoalsOwnedBy(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	return views.GoalsHomeCard(views.GoalsHomeData{Goals: gs.OwnedBy(p.ID), CanCreate: store.May(p, store.ActionSeeReports)}), nil
}

// goalsProfile is the goals section of a profile seen by viewer (nil for none).
func (h *Handler) goalsProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	sc, err := h.store.GoalScopeFor(r.Context(), viewer)
	if err != nil {
		return nil, err
	}
	gs, err := h.store.GoalsOwnedBy(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	var goals []*store.Goal
	for _, g := range gs.OwnedBy(p.ID) {
		if sc.CanSee(g) {
			goals = append(goals, g)
		}
	}
	if len(goals) == 0 {
		return nil, nil
	}
	return views.GoalsProfileSection(views.GoalsProfileData{Person: p, Goals: goals}), nil
}

// goalsBanner is a notice the goals area shows on every page (nil for none).
func (h *Handler) goalsBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}

// apiGoal is one goal in GET /api/v1/goals.
type apiGoal struct {
	ID              int64     `json:"id"`
	Title           string    `json:"title"`
	TitleZH         string    `json:"title_zh"`
	Description     string    `json:"description"`
	Level           string    `json:"level"`
	Owner           apiOwner  `json:"owner"`
	Perspective     string    `json:"perspective"`
	KPI             string    `json:"kpi"`
	KPIZH           string    `json:"kpi_zh"`
	Unit            string    `json:"unit"`
	Direction       string    `json:"direction"`
	Baseline        float64   `json:"baseline"`
	Target          float64   `json:"target"`
	Current         *float64  `json:"current"`
	StartOn         string    `json:"start_on"`
	DueOn           string    `json:"due_on"`
	Weight          float64   `json:"weight"`
	State           string    `json:"state"`
	Priority        *apiPrio  `json:"strategic_priority"`
	Value           *apiPrio  `json:"value"`
	Progress        float64   `json:"progress"`
	ProgressPercent int       `json:"progress_percent"`
	RolledUp        bool      `json:"rolled_up"`
	Status          string    `json:"status"`
	Stale           bool      `json:"stale"`
	LastCheckIn     *string   `json:"last_check_in"`
	CheckIns        int       `json:"check_ins"`
	Children        []apiGoal `json:"children"`
}

type apiOwner struct {
	Department string `json:"department,omitempty"`
	Team       string `json:"team,omitempty"`
	EmployeeID string `json:"employee_id,omitempty"`
	Name       string `json:"name,omitempty"`
}

type apiPrio struct {
	ID     int64  `json:"id"`
	NameEN string `json:"name_en"`
	NameZH string `json:"name_zh"`
}

func apiGoalTree(goals []*store.Goal) []apiGoal {
	out := make([]apiGoal, 0, len(goals))
	for _, g := range goals {
		a := apiGoal{ID: g.ID, Title: g.Title, TitleZH: g.TitleZH, KPIZH: g.KPIZH, Description: g.Description, Level: g.Level,
			Owner:       apiOwner{Department: g.Department, Team: g.Team, EmployeeID: g.OwnerEID, Name: g.OwnerName},
			Perspective: g.Perspective, KPI: g.KPI, Unit: g.Unit, Direction: g.Direction, Baseline: g.Baseline, Target: g.Target,
			StartOn: g.StartOn.Format(store.DateLayout), DueOn: g.DueOn.Format(store.DateLayout), Weight: g.Weight, State: g.State,
			Progress: math.Round(g.Progress*10000) / 10000, ProgressPercent: int(g.Progress*100 + 0.5), RolledUp: g.RolledUp,
			Status: g.Status, Stale: g.Stale, CheckIns: g.CheckInCount, Children: apiGoalTree(g.Children)}
		if g.HasCurrent {
			v := g.Current
			a.Current = &v
		}
		if !g.LastCheckIn.IsZero() {
			s := g.LastCheckIn.Format(store.DateLayout)
			a.LastCheckIn = &s
		}
		if g.PriorityID != 0 {
			a.Priority = &apiPrio{ID: g.PriorityID, NameEN: g.PriorityEN, NameZH: g.PriorityZH}
		}
		if g.ValueID != 0 {
			a.Value = &apiPrio{ID: g.ValueID, NameEN: g.ValueEN, NameZH: g.ValueZH}
		}
		out = append(out, a)
	}
	return out
}

// apiListGoals answers GET /api/v1/goals: the whole tree with progress and status.
func (h *Handler) apiListGoals(w http.ResponseWriter, r *http.Request) {
	gs, err := h.store.Goals(r.Context())
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"as_of": h.store.Now().Format(store.DateLayout), "goals": apiGoalTree(gs.Roots())})
}

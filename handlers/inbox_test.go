package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// inboxLine is one inbox item as the page shows it or the API returns it.
type inboxLine struct {
	Kind        string `json:"kind"`
	Count       int    `json:"count"`
	OldestSince string `json:"oldest_since"`
	Link        string `json:"link"`
}

func inboxPageLines(t *testing.T, sel *goquery.Selection) []inboxLine {
	t.Helper()
	var out []inboxLine
	sel.Find(`[data-testid="inbox-item"]`).Each(func(_ int, s *goquery.Selection) {
		n, err := strconv.Atoi(strings.ReplaceAll(s.AttrOr("data-count", ""), ",", ""))
		if err != nil {
			t.Fatalf("count %q: %v", s.AttrOr("data-count", ""), err)
		}
		out = append(out, inboxLine{Kind: s.AttrOr("data-kind", ""), Count: n, OldestSince: s.AttrOr("data-since", ""),
			Link: s.Find(`[data-testid="inbox-link"]`).AttrOr("href", "")})
	})
	return out
}

func inboxAPILines(t *testing.T, app *testApp, token, employeeID string) (int, []inboxLine, int) {
	t.Helper()
	res := apiPeopleCall(app, http.MethodGet, "/api/v1/inbox?employee_id="+employeeID, token, "")
	var body struct {
		Total int         `json:"total"`
		Items []inboxLine `json:"items"`
	}
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
			t.Fatalf("%s: %v", res.Body, err)
		}
	}
	return res.StatusCode, body.Items, body.Total
}

func headerInboxCount(t *testing.T, c *client, path string) int {
	t.Helper()
	text := strings.TrimSpace(c.get(path).doc(t).Find(`[data-testid="inbox-count"]`).Text())
	if text == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(text, ",", ""))
	if err != nil {
		t.Fatalf("header count %q", text)
	}
	return n
}

// The inbox page, the top of home, the header count and the API say the same thing, and an
// item goes from all of them when its work is done.
func TestInboxPageHomeHeaderAndAPIAgree(t *testing.T) {
	app := newDemoApp(t)
	token := apiPeopleToken(app, "chat bot")
	mgr := app.signedInAs("manager")

	check := func(wantKinds ...string) []inboxLine {
		t.Helper()
		page := inboxPageLines(t, mgr.get("/inbox").doc(t).Selection)
		home := inboxPageLines(t, mgr.get("/").doc(t).Find(`[data-testid="home-inbox"]`))
		status, api, total := inboxAPILines(t, app, token, "manager")
		if status != http.StatusOK {
			t.Fatalf("API: %d", status)
		}
		if !slices.Equal(page, api) || !slices.Equal(home, api) {
			t.Errorf("page %+v\nhome %+v\nAPI  %+v", page, home, api)
		}
		sum := 0
		var kinds []string
		for _, l := range api {
			sum += l.Count
			kinds = append(kinds, l.Kind)
		}
		if total != sum || headerInboxCount(t, mgr, "/people") != sum {
			t.Errorf("header %d, API total %d, items add up to %d", headerInboxCount(t, mgr, "/people"), total, sum)
		}
		for _, k := range wantKinds {
			if !slices.Contains(kinds, k) {
				t.Errorf("no %s item in %v", k, kinds)
			}
		}
		return api
	}
	before := check(store.InboxTrainingReview, store.InboxGoalApproval, store.InboxCheckReview, store.InboxTeamOverdue, store.InboxDesert)

	// Approving the proposal (the item's own link) takes it off the page, home, header and API.
	var approval inboxLine
	for _, l := range before {
		if l.Kind == store.InboxGoalApproval {
			approval = l
		}
	}
	if res := mgr.post(approval.Link+"/approve", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve %s: %d", approval.Link, res.StatusCode)
	}
	after := check()
	for _, l := range after {
		if l.Kind == store.InboxGoalApproval {
			t.Errorf("approved, still listed: %+v", l)
		}
	}
	if len(after) != len(before)-1 {
		t.Errorf("items before %d, after %d", len(before), len(after))
	}

	// The agent has no team items, and home starts with the inbox.
	agent := app.signedInAs("agent")
	doc := agent.get("/").doc(t)
	for _, l := range inboxPageLines(t, doc.Selection) {
		if l.Kind != store.InboxCheckOpen && l.Kind != store.InboxCultureRead {
			t.Errorf("agent's inbox lists %+v", l)
		}
	}
	if doc.Find(`main > section`).First().AttrOr("data-testid", "") != "home-inbox" {
		t.Error("the inbox is not the first section of the agent's home")
	}
	if doc.Find(`[data-testid="home-tiles"]`).Length() != 0 {
		t.Error("an agent's home shows the leader's tiles")
	}

	// The API: who is asked for must be given and exist; a token is required.
	if status, _, _ := inboxAPILines(t, app, token, ""); status != http.StatusUnprocessableEntity {
		t.Errorf("no employee_id: %d", status)
	}
	if status, _, _ := inboxAPILines(t, app, token, "nobody-here"); status != http.StatusNotFound {
		t.Errorf("unknown person: %d", status)
	}
	if status, _, _ := inboxAPILines(t, app, "", "manager"); status != http.StatusUnauthorized {
		t.Errorf("no token: %d", status)
	}
}

func tileInt(t *testing.T, s *goquery.Selection, attr string) int {
	t.Helper()
	v, ok := s.Attr(attr)
	if !ok {
		t.Fatalf("tile %s has no %s", s.AttrOr("data-testid", ""), attr)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Every tile's figure, for the leader (the organisation) and a manager (their tree), checked
// against the data as the pages the tiles link to count it.
func TestHomeTilesMatchTheData(t *testing.T) {
	app := newDemoApp(t)
	ctx := context.Background()
	today := app.store.Now()
	for _, who := range []string{"leader", "manager"} {
		t.Run(who, func(t *testing.T) {
			p, err := app.store.PersonByEmployeeID(ctx, who)
			if err != nil {
				t.Fatal(err)
			}
			doc := app.signedInAs(who).get("/").doc(t)
			tiles := doc.Find(`[data-testid="home-tiles"]`)
			if tiles.Length() != 1 {
				t.Fatal("no tiles")
			}
			if first := doc.Find(`main > section`).First().AttrOr("data-testid", ""); first != "home-inbox" {
				t.Errorf("first section %q, want the inbox", first)
			}

			// The open check: understood of eligible in the viewer's scope, people needed, days left.
			checks, err := app.store.ListChecks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var open store.Check
			for _, c := range checks {
				if c.Status == store.CheckOpen && open.ID == 0 {
					open = c
				}
			}
			rep, err := app.store.CheckReport(ctx, open, p)
			if err != nil {
				t.Fatal(err)
			}
			ct := tiles.Find(`[data-testid="tile-check"]`)
			if got, want := tileInt(t, ct, "data-understood"), rep.Overall.Understood; got != want {
				t.Errorf("check understood %d, want %d", got, want)
			}
			if got, want := tileInt(t, ct, "data-eligible"), rep.Overall.Eligible; got != want || want == 0 {
				t.Errorf("check eligible %d, want %d", got, want)
			}
			needed := store.PeopleNeeded(rep.Overall.Understood, rep.Overall.Eligible, open.TargetPct)
			if got := tileInt(t, ct, "data-needed"); got != needed || !strings.Contains(ct.Text(), strconv.Itoa(needed)+" more") && needed > 0 {
				t.Errorf("needed %d (%q), want %d", got, ct.Text(), needed)
			}
			days := int(store.Day(open.ClosesOn).Sub(store.Day(today)).Hours() / 24)
			if got := tileInt(t, ct, "data-days-left"); got != days {
				t.Errorf("days left %d, want %d", got, days)
			}
			if ct.Find(`[data-testid="tile-change"]`).Length() != 1 {
				t.Error("no change since the last check")
			}

			// Goals: active goals the viewer manages, at risk and off track.
			gs, err := app.store.Goals(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := app.store.GoalScopeFor(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			atRisk, offTrack, total := 0, 0, 0
			var behind []*store.Goal // furthest behind schedule first, cascade order among equals
			for _, g := range gs.All {
				if g.State == store.GoalActive && sc.CanManage(g) {
					total++
					atRisk += map[bool]int{true: 1}[g.Status == store.StatusAtRisk]
					offTrack += map[bool]int{true: 1}[g.Status == store.StatusOffTrack]
					if g.Status == store.StatusAtRisk || g.Status == store.StatusOffTrack {
						behind = append(behind, g)
					}
				}
			}
			gap := func(g *store.Goal) float64 { return store.ExpectedShare(g.StartOn, g.DueOn, today) - g.Progress }
			slices.SortStableFunc(behind, func(a, b *store.Goal) int {
				switch {
				case gap(a) > gap(b):
					return -1
				case gap(a) < gap(b):
					return 1
				}
				return 0
			})
			var wantBehind, gotBehind []string
			for _, g := range behind[:min(5, len(behind))] {
				wantBehind = append(wantBehind, strconv.FormatInt(g.ID, 10))
			}
			gt := tiles.Find(`[data-testid="tile-goals"]`)
			if tileInt(t, gt, "data-at-risk") != atRisk || tileInt(t, gt, "data-off-track") != offTrack {
				t.Errorf("goals %s/%s, want %d/%d", gt.AttrOr("data-at-risk", ""), gt.AttrOr("data-off-track", ""), atRisk, offTrack)
			}
			if n := gt.Find(`[data-goal]`).Length(); n != min(5, atRisk+offTrack) {
				t.Errorf("%d goals listed as most behind, want %d", n, min(5, atRisk+offTrack))
			}
			gt.Find(`[data-goal]`).Each(func(_ int, li *goquery.Selection) { gotBehind = append(gotBehind, li.AttrOr("data-goal", "")) })
			if !slices.Equal(gotBehind, wantBehind) || tileInt(t, gt, "data-total") != total {
				t.Errorf("goals most behind %v of %s, want %v of %d", gotBehind, gt.AttrOr("data-total", ""), wantBehind, total)
			}

			// Culture: the acknowledgement report's figure for the viewer.
			ack, err := app.store.CultureAckReport(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			want := ack.Overall
			if who == "manager" {
				want = *ack.Team
			}
			cu := tiles.Find(`[data-testid="tile-culture"]`)
			if tileInt(t, cu, "data-read") != want.Read || tileInt(t, cu, "data-total") != want.Total || want.Total == 0 {
				t.Errorf("culture %s of %s, want %d of %d", cu.AttrOr("data-read", ""), cu.AttrOr("data-total", ""), want.Read, want.Total)
			}

			// Onboarding: the onboarding column of the matrix over the viewer's people.
			course, err := app.store.CourseByKey(ctx, store.OnboardingCourseKey)
			if err != nil {
				t.Fatal(err)
			}
			var scope []int64
			if who == "manager" {
				if scope, err = app.store.OrgPeopleIDs(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			m, err := app.store.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: scope, CourseID: course.ID})
			if err != nil {
				t.Fatal(err)
			}
			passed, assigned, overdue := 0, 0, 0
			for _, row := range m.Rows {
				c := row.Cells[0]
				if c.Assigned {
					assigned++
				}
				if c.Assigned && c.Status == store.StatusPassed {
					passed++
				}
				if c.Status == store.StatusOverdue {
					overdue++
				}
			}
			ob := tiles.Find(`[data-testid="tile-onboarding"]`)
			if tileInt(t, ob, "data-passed") != passed || tileInt(t, ob, "data-assigned") != assigned || tileInt(t, ob, "data-overdue") != overdue || assigned == 0 {
				t.Errorf("onboarding %s/%s/%s, want %d/%d/%d", ob.AttrOr("data-passed", ""), ob.AttrOr("data-assigned", ""),
					ob.AttrOr("data-overdue", ""), passed, assigned, overdue)
			}

			// Deserts: the fairness rule over the viewer's reporting tree.
			f, err := app.store.TeamFairness(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			de := tiles.Find(`[data-testid="tile-deserts"]`)
			if tileInt(t, de, "data-deserts") != len(f.Desert) || tileInt(t, de, "data-people") != len(f.People) || len(f.People) == 0 {
				t.Errorf("deserts %s of %s, want %d of %d", de.AttrOr("data-deserts", ""), de.AttrOr("data-people", ""), len(f.Desert), len(f.People))
			}
		})
	}
}

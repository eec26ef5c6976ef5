package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// goalTreeMaxBytes is issue 11's bound on a page's HTML.
const goalTreeMaxBytes = 300 << 10

// walkGoalTree opens the goal tree as c and every branch page its "open" links lead to, and
// returns each goal shown with the progress text it had, checking every page's size and that
// each folded goal's count matches the goals its own page then shows under it.
func walkGoalTree(t *testing.T, c *client) map[int64]string {
	t.Helper()
	seen := map[int64]string{}
	queue := []string{"/goals/tree"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		res := c.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if len(res.Body) > goalTreeMaxBytes {
			t.Errorf("GET %s: %d bytes of HTML, more than %d", path, len(res.Body), goalTreeMaxBytes)
		}
		doc := res.doc(t)
		doc.Find("[data-testid=goal-tree] [data-testid=goal]").Each(func(_ int, s *goquery.Selection) {
			id, _ := strconv.ParseInt(s.AttrOr("data-goal-id", ""), 10, 64)
			progress := s.Find(".progress-text").Text()
			if before, ok := seen[id]; ok && before != progress {
				t.Errorf("goal %d shows %q on %s and %q elsewhere", id, progress, path, before)
			}
			seen[id] = progress
			if open := s.Closest(".goal-node").ChildrenFiltered("[data-testid=goal-open]"); open.Length() == 1 {
				href := open.AttrOr("href", "")
				if href != fmt.Sprintf("/goals/tree?goal=%d", id) {
					t.Errorf("goal %d opens %q", id, href)
				}
				queue = append(queue, href)
			}
		})
	}
	return seen
}

// The goal tree of a generated organisation (2,000 people, ~220 goals) is too big for one
// page under the budget: the top page shows the company and department goals, each branch
// below opens on its own page, and walking every page shows each goal the person may see —
// and only those — exactly once per page, with the same progress everywhere.
func TestGoalTreeDrillsDownAtScale(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	if err := app.store.Generate(ctx, store.GenOptions{People: 2000, Recognitions: 2000}); err != nil {
		t.Fatal(err)
	}
	outline, err := app.store.GoalOutline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signIn := func(login string) *client {
		c := app.client()
		if res := c.post("/login", url.Values{"login": {login}, "password": {store.DemoPassword}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in as %s: %d", login, res.StatusCode)
		}
		return c
	}
	agentPerson, err := app.store.PersonByEmployeeID(ctx, "agent")
	if err != nil {
		t.Fatal(err)
	}

	// The top page: company and department goals only, each department goal folded.
	leader := signIn("leader")
	top := leader.get("/goals/tree").doc(t)
	var wantTop, folded int
	for _, g := range outline.All {
		if g.Level == store.LevelCompany || g.Level == store.LevelDepartment {
			wantTop++
		}
		if g.Level == store.LevelDepartment && len(g.Children) > 0 {
			folded++
		}
	}
	if got := top.Find("[data-testid=goal]").Length(); got != wantTop {
		t.Errorf("top page shows %d goals, want the %d company and department goals", got, wantTop)
	}
	if got := top.Find("[data-testid=goal-open]").Length(); got != folded {
		t.Errorf("top page has %d branches to open, want %d", got, folded)
	}

	// Walking every branch shows the leader every goal.
	seen := walkGoalTree(t, leader)
	if len(seen) != len(outline.All) {
		t.Errorf("the leader's walk shows %d goals, the organisation has %d", len(seen), len(outline.All))
	}
	if len(outline.All) <= 150 {
		t.Fatalf("only %d goals: the organisation no longer exceeds one page's budget", len(outline.All))
	}

	// The agent sees every goal but other people's personal ones.
	seen = walkGoalTree(t, signIn("agent"))
	for _, g := range outline.All {
		_, shown := seen[g.ID]
		want := g.Level != store.LevelPerson || g.OwnerID == agentPerson.ID
		if shown != want {
			t.Errorf("agent: goal %d (%s, owner %d) shown %v, want %v", g.ID, g.Level, g.OwnerID, shown, want)
		}
	}

	// A branch page names the path above the goal; someone else's personal goal, or no goal, is not found.
	agent := signIn("agent")
	for _, g := range outline.All {
		if g.Level == store.LevelPerson && g.OwnerID != agentPerson.ID {
			if res := agent.get(fmt.Sprintf("/goals/tree?goal=%d", g.ID)); res.StatusCode != http.StatusNotFound {
				t.Errorf("agent opens another's personal goal in the tree: %d", res.StatusCode)
			}
			break
		}
	}
	for _, bad := range []string{"x", "0", "99999999"} {
		if res := agent.get("/goals/tree?goal=" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("goal=%s: %d, want 404", bad, res.StatusCode)
		}
	}
	for _, g := range outline.All {
		if g.Level != store.LevelTeam {
			continue
		}
		doc := agent.get(fmt.Sprintf("/goals/tree?goal=%d", g.ID)).doc(t)
		if got := doc.Find("[data-testid=goal-tree-path] li").Length(); got != 1+len(outline.Chain(g)) {
			t.Errorf("team goal's path has %d entries, want the whole tree plus %d goals above", got, len(outline.Chain(g)))
		}
		if doc.Find(fmt.Sprintf("[data-testid=goal-tree] > .goal-node [data-goal-id='%d']", g.ID)).Length() != 1 {
			t.Error("the opened goal is not at the top of its branch page")
		}
		break
	}
}

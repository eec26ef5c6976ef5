package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"lodestar/store"
)

// inboxItem returns the item of one kind (ok false when the inbox has none).
func inboxItem(t *testing.T, s *store.Store, p store.Person, kind string) (store.InboxItem, bool) {
	t.Helper()
	items, err := s.Inbox(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == kind {
			return it, true
		}
	}
	return store.InboxItem{}, false
}

func demoPerson(t *testing.T, s *store.Store, employeeID string) store.Person {
	t.Helper()
	p, err := s.PersonByEmployeeID(context.Background(), employeeID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The manager's inbox: each item is there while its work waits and goes when it is done.
func TestInboxItemsGoWhenTheWorkIsDone(t *testing.T) {
	ctx := context.Background()
	s, _ := demoLoaded(t)
	mgr := demoPerson(t, s, "manager")

	// A written training answer: reviewed → gone.
	it, ok := inboxItem(t, s, mgr, store.InboxTrainingReview)
	if !ok || it.Count != 1 || it.Who != "李娜 Li Na" || it.Link != "/training/reviews" || it.OldestSince.IsZero() {
		t.Fatalf("training review item: %+v (present %v)", it, ok)
	}
	liNa := demoPerson(t, s, "agent")
	pending, err := s.PendingReviews(ctx, []int64{liNa.ID}, nil)
	if err != nil || len(pending) != 1 {
		t.Fatalf("Li Na's pending answers: %v %v", pending, err)
	}
	if it.OldestSince != pending[0].SubmittedAt {
		t.Errorf("since %v, the answer was submitted %v", it.OldestSince, pending[0].SubmittedAt)
	}
	if _, err := s.ReviewAnswer(ctx, store.ReviewInput{AttemptID: pending[0].AttemptID, QuestionID: pending[0].Question.ID,
		ReviewerID: mgr.ID, Percent: 100, Feedback: "Good"}); err != nil {
		t.Fatal(err)
	}
	if it, ok := inboxItem(t, s, mgr, store.InboxTrainingReview); ok {
		t.Errorf("reviewed, still in the inbox: %+v", it)
	}

	// A goal proposal: approved → gone.
	it, ok = inboxItem(t, s, mgr, store.InboxGoalApproval)
	if !ok || it.Count != 1 {
		t.Fatalf("goal approval item: %+v (present %v)", it, ok)
	}
	var goalID int64
	if _, err := fmt.Sscanf(it.Link, "/goals/%d", &goalID); err != nil {
		t.Fatalf("link %q: %v", it.Link, err)
	}
	if err := s.ApproveGoal(ctx, mgr, goalID); err != nil {
		t.Fatal(err)
	}
	if it, ok := inboxItem(t, s, mgr, store.InboxGoalApproval); ok {
		t.Errorf("approved, still in the inbox: %+v", it)
	}

	// Written check answers: one reviewed → one fewer.
	it, ok = inboxItem(t, s, mgr, store.InboxCheckReview)
	if !ok || it.Count < 2 {
		t.Fatalf("check review item: %+v (present %v)", it, ok)
	}
	var checkID int64
	if _, err := fmt.Sscanf(it.Link, "/checks/%d/reviews", &checkID); err != nil {
		t.Fatalf("link %q: %v", it.Link, err)
	}
	c, err := s.CheckByID(ctx, checkID)
	if err != nil {
		t.Fatal(err)
	}
	queue, err := s.ReviewQueue(ctx, c, mgr)
	if err != nil || len(queue) == 0 {
		t.Fatalf("the linked check's queue: %v %v", queue, err)
	}
	if !slices.ContainsFunc(queue, func(q store.CheckReviewItem) bool { return q.SubmittedAt.Equal(it.OldestSince) }) {
		t.Errorf("the link goes to check %d, whose queue does not hold the oldest answer (%v)", checkID, it.OldestSince)
	}
	if err := s.ReviewCheckAttempt(ctx, queue[0].ID, mgr.ID, true, "fine"); err != nil {
		t.Fatal(err)
	}
	if after, _ := inboxItem(t, s, mgr, store.InboxCheckReview); after.Count != it.Count-1 {
		t.Errorf("after one review: %d waiting, want %d", after.Count, it.Count-1)
	}

	// Recognition deserts: the fairness page's rule over the direct reports; recognised → out.
	it, ok = inboxItem(t, s, mgr, store.InboxDesert)
	if !ok {
		t.Fatal("no recognition desert in the manager's team")
	}
	fair, err := s.TeamFairness(ctx, mgr.ID)
	if err != nil {
		t.Fatal(err)
	}
	direct := map[int64]bool{}
	_, total, err := s.ListPeople(ctx, store.PeopleFilter{ManagerID: mgr.ID, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	team, _, err := s.ListPeople(ctx, store.PeopleFilter{ManagerID: mgr.ID, Limit: total})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range team {
		direct[p.ID] = true
	}
	var deserts []store.FairnessRow
	for _, r := range fair.Desert {
		if direct[r.Person.ID] {
			deserts = append(deserts, r)
		}
	}
	if it.Count != len(deserts) {
		t.Errorf("deserts: inbox %d, fairness page %d", it.Count, len(deserts))
	}
	var who store.PersonRef
	for _, r := range deserts {
		if r.Person.Name == it.Who && r.Person.ID != liNa.ID {
			who = r.Person
		}
	}
	if who.ID == 0 {
		t.Fatalf("the item names %q, not one of the deserts %v", it.Who, deserts)
	}
	// It names the member waiting longest: since their last recognition, or their hire date.
	var longest store.PersonRef
	var since time.Time
	for _, r := range deserts {
		at := r.LastReceived
		if at.IsZero() {
			at = demoPerson(t, s, r.Person.EmployeeID).HiredOn
		}
		if longest.ID == 0 || at.Before(since) || at.Equal(since) && r.Person.ID < longest.ID {
			longest, since = r.Person, at
		}
	}
	if it.Who != longest.Name || !it.OldestSince.Equal(since) {
		t.Errorf("deserts: the item names %q since %v, want %q since %v", it.Who, it.OldestSince, longest.Name, since)
	}
	if _, _, err := s.Give(ctx, store.GiveInput{GiverID: liNa.ID, Source: "peer", To: []string{who.EmployeeID}, ValueID: 1,
		Message: "Thanks for the help with the queue"}); err != nil {
		t.Fatal(err)
	}
	if after, _ := inboxItem(t, s, mgr, store.InboxDesert); after.Count != it.Count-1 || after.Who == who.Name {
		t.Errorf("after recognising %s: %+v, want %d waiting", who.Name, after, it.Count-1)
	}

	// Overdue training: what the training matrix counts as overdue among the direct reports.
	it, _ = inboxItem(t, s, mgr, store.InboxTeamOverdue)
	ids := []int64{}
	for id := range direct {
		ids = append(ids, id)
	}
	m, err := s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if overdue := len(m.Overdue(s.Now())); it.Count != overdue || overdue == 0 {
		t.Errorf("overdue: inbox %d, matrix %d", it.Count, overdue)
	}
}

// An agent's own items: the open check and the culture version go when answered and read;
// stale goals appear after 30 days without a check-in and go with one. Team items never
// reach someone who cannot act on them.
func TestInboxOwnItems(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	agent, mgr := demoPerson(t, s, "agent"), demoPerson(t, s, "manager")
	items, err := s.Inbox(ctx, agent)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind != store.InboxCheckOpen && it.Kind != store.InboxCultureRead {
			t.Errorf("agent's inbox holds %+v", it)
		}
	}
	if len(items) != 2 || store.InboxTotal(items) != 2 {
		t.Fatalf("agent's inbox: %+v", items)
	}

	cr, ok := inboxItem(t, s, agent, store.InboxCultureRead)
	if !ok {
		t.Fatal("no culture item")
	}
	cur, err := s.CurrentCulture(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !cr.OldestSince.Equal(cur.PublishedAt) {
		t.Errorf("culture since %v, published %v", cr.OldestSince, cur.PublishedAt)
	}
	if err := s.AcknowledgeCulture(ctx, agent.ID, cur.Number); err != nil {
		t.Fatal(err)
	}
	if it, ok := inboxItem(t, s, agent, store.InboxCultureRead); ok {
		t.Errorf("acknowledged, still in the inbox: %+v", it)
	}

	ch, ok := inboxItem(t, s, agent, store.InboxCheckOpen)
	if !ok || ch.Who == "" {
		t.Fatalf("open check item: %+v", ch)
	}
	var checkID int64
	if _, err := fmt.Sscanf(ch.Link, "/checks/%d", &checkID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordInterviews(ctx, checkID, mgr, []store.InterviewInput{{EmployeeID: "agent",
		Date: s.Now().Format(store.DateLayout), Verdict: "understood", Note: "explained the priorities"}}, 1); err != nil {
		t.Fatal(err)
	}
	if it, ok := inboxItem(t, s, agent, store.InboxCheckOpen); ok {
		t.Errorf("answered, still in the inbox: %+v", it)
	}

	// Forty days on, the agent's active goals have had no check-in for 30 days.
	clk.advance(40 * 24 * time.Hour)
	gi, ok := inboxItem(t, s, agent, store.InboxGoalCheckIn)
	if !ok {
		t.Fatal("no stale goal after 40 days")
	}
	gs, err := s.GoalsOwnedBy(ctx, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The item names the goal waiting longest (its last check-in, or its start), the first
	// in cascade order among equals: as read from the goals themselves.
	var oldest *store.Goal
	since := func(g *store.Goal) time.Time {
		if g.LastCheckIn.IsZero() {
			return g.StartOn
		}
		return g.LastCheckIn
	}
	for _, g := range gs.OwnedBy(agent.ID) {
		if g.State == store.GoalActive && g.Stale && (oldest == nil || since(g).Before(since(oldest))) {
			oldest = g
		}
	}
	if oldest == nil || gi.Link != fmt.Sprintf("/goals/%d", oldest.ID) || gi.Who != oldest.Title || !gi.OldestSince.Equal(since(oldest)) {
		t.Errorf("inbox names %s %q since %v, want goal %+v", gi.Link, gi.Who, gi.OldestSince, oldest)
	}
	stale := 0
	for _, g := range gs.OwnedBy(agent.ID) {
		if g.State == store.GoalActive && g.Stale {
			stale++
			if err := s.AddCheckIn(ctx, agent, g.ID, store.CheckInInput{Value: fmt.Sprint(g.Baseline), OnDate: s.Now().Format(store.DateLayout)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if gi.Count != stale {
		t.Errorf("stale goals: inbox %d, goals %d", gi.Count, stale)
	}
	if it, ok := inboxItem(t, s, agent, store.InboxGoalCheckIn); ok {
		t.Errorf("checked in, still in the inbox: %+v", it)
	}

	// Two proposals returned a day apart: one item counting both, naming the first returned
	// with its note; a returned proposal is not a stale goal.
	var teamGoal int64 // the team goal the agent's goals serve
	for _, g := range gs.OwnedBy(agent.ID) {
		teamGoal = g.ParentID
	}
	var proposals []int64
	for i, title := range []string{"Learn billing", "Mentor a new hire"} {
		id, err := s.CreateGoal(ctx, agent, store.GoalInput{Title: title, Perspective: store.PerspectiveInternal, KPI: "cases",
			Direction: store.DirectionHigher, Baseline: "0", Target: "10", StartOn: s.Now().Format(store.DateLayout),
			DueOn: s.Now().AddDate(0, 3, 0).Format(store.DateLayout), Owner: "person:agent", ParentID: fmt.Sprint(teamGoal)})
		if err != nil {
			t.Fatal(err)
		}
		proposals = append(proposals, id)
		clk.advance(time.Duration(i+1) * time.Hour)
	}
	for i, id := range []int64{proposals[1], proposals[0]} { // the later proposal is returned first
		if err := s.ReturnGoal(ctx, mgr, id, fmt.Sprintf("note %d", i)); err != nil {
			t.Fatal(err)
		}
		clk.advance(24 * time.Hour)
	}
	ri, ok := inboxItem(t, s, agent, store.InboxGoalReturned)
	if !ok || ri.Count != 2 || ri.Who != "Mentor a new hire" || ri.Note != "note 0" || ri.Link != fmt.Sprintf("/goals/%d", proposals[1]) {
		t.Errorf("returned item %+v, want two, naming the first returned with its note", ri)
	}
	if it, ok := inboxItem(t, s, agent, store.InboxGoalCheckIn); ok {
		t.Errorf("returned proposals read as stale goals: %+v", it)
	}
}

// DesertCount is the fairness page's desert list, counted: for a manager and a leader.
func TestDesertCountIsTheFairnessDesert(t *testing.T) {
	s, _ := demoLoaded(t)
	for _, who := range []string{"manager", "leader", "E10001", "agent"} {
		p := demoPerson(t, s, who)
		f, err := s.TeamFairness(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		deserts, people, err := s.DesertCount(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if deserts != len(f.Desert) || people != len(f.People) {
			t.Errorf("%s: %d of %d, fairness %d of %d", who, deserts, people, len(f.Desert), len(f.People))
		}
		if who == "leader" && (deserts == 0 || people < 100) {
			t.Errorf("leader: %d of %d: the test would not notice a wrong rule", deserts, people)
		}
	}
}

// The inbox's "open check to answer" reads the kept snapshot row in one query; it must say
// what CheckStatusFor says (eligible, no response, nothing waiting for review) for everyone
// in a generated organisation — answered, waiting for review, silent, a leaver.
func TestInboxOpenCheckAgreesWithCheckStatus(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, everyone := generatedOrg(t, clk)
	checks, err := s.ListChecks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	compare := func(stage string) map[string]int {
		kinds := map[string]int{}
		for _, id := range everyone {
			want := store.InboxItem{Kind: store.InboxCheckOpen}
			for _, c := range checks {
				if c.Status != store.CheckOpen {
					continue
				}
				st, err := s.CheckStatusFor(ctx, c, id)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case !st.Eligible:
					kinds["not counted"]++
				case st.AwaitingReview:
					kinds["waiting for review"]++
				case st.Outcome.Result != store.ResultNoResponse:
					kinds["answered"]++
				default:
					kinds["to answer"]++
					if want.Count == 0 {
						want.OldestSince, want.Who, want.Link = c.OpensOn, c.Title, fmt.Sprintf("/checks/%d", c.ID)
					}
					want.Count++
				}
			}
			p, err := s.PersonByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			items, err := s.Inbox(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			got := store.InboxItem{Kind: store.InboxCheckOpen}
			for _, it := range items {
				if it.Kind == store.InboxCheckOpen {
					got = it
				}
			}
			if got.Count != want.Count || got.Link != want.Link || got.Who != want.Who || !got.OldestSince.Equal(want.OldestSince) {
				t.Fatalf("%s, person %d: inbox %+v, CheckStatusFor says %+v", stage, id, got, want)
			}
		}
		return kinds
	}
	kinds := compare("generated")
	for _, k := range []string{"not counted", "waiting for review", "answered", "to answer"} {
		if kinds[k] == 0 {
			t.Errorf("no one %s: %v", k, kinds)
		}
	}
	// Someone who has not answered leaves before the closing day: no longer counted.
	left := false
	for _, id := range everyone {
		p, _ := s.PersonByID(ctx, id)
		items, _ := s.Inbox(ctx, p)
		if len(items) > 0 && items[0].Kind == store.InboxCheckOpen && p.EmployeeID != "leader" {
			if err := s.Deactivate(ctx, 0, id, clk.now()); err != nil {
				t.Fatal(err)
			}
			left = true
			break
		}
	}
	if !left {
		t.Fatal("no one left to answer the check")
	}
	compare("after a leaver")
}

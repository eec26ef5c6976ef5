package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"lodestar/store"
	"lodestar/store/storetest"
)

// demoLoaded opens a fresh store on the test clock and loads the demo into it.
func demoLoaded(t *testing.T) (*store.Store, []store.Person) {
	t.Helper()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(context.Background()); err != nil {
		t.Fatalf("LoadDemo: %v", err)
	}
	return s, demoEveryone(t, s)
}

func demoEveryone(t *testing.T, s *store.Store) []store.Person {
	t.Helper()
	people, total, err := s.ListPeople(context.Background(), store.PeopleFilter{Active: "all", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(people) {
		t.Fatalf("listed %d of %d people", len(people), total)
	}
	return people
}

func demoIsChinese(name string) bool {
	for _, r := range name {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestDemoOrganisationShape(t *testing.T) {
	s, people := demoLoaded(t)
	now := newClock().t
	inRange := func(what string, got, lo, hi int) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %d, want %d–%d", what, got, lo, hi)
		}
	}
	total := len(people)
	inRange("people", total, 235, 265)

	tiers, roles := map[string]int{}, map[string]int{}
	var recent, nonPermanent, left, withEmail, chinese, english int
	departments := map[string]bool{}
	for _, p := range people {
		tiers[p.Tier]++
		roles[p.Role]++
		departments[p.Department] = true
		if p.TenureDays(now) < 90 {
			recent++
		}
		if p.EmploymentType != store.EmploymentPermanent {
			nonPermanent++
		}
		if !p.ActiveOn(now) {
			left++
			if !p.LeftOn.Before(now) || p.LeftOn.Before(p.HiredOn) {
				t.Errorf("%s left on %s (hired %s): want a past date after hiring", p.EmployeeID, p.LeftOn, p.HiredOn)
			}
		}
		if p.Email != "" {
			withEmail++
		}
		if demoIsChinese(p.Name) {
			chinese++
		} else {
			english++
		}
		if p.Title == "" || p.Department == "" || p.Team == "" {
			t.Errorf("%s has no title, department or team: %+v", p.EmployeeID, p)
		}
		if p.HiredOn.After(now) || p.HiredOn.Before(now.AddDate(-5, 0, -1)) {
			t.Errorf("%s hired on %s: want within the last five years", p.EmployeeID, p.HiredOn.Format(store.DateLayout))
		}
	}
	inRange("senior leaders", tiers[store.TierSeniorLeader], 5, 7)
	inRange("middle managers", tiers[store.TierMiddleManager], 22, 28)
	if got := tiers[store.TierFrontLine]; got != total-tiers[store.TierSeniorLeader]-tiers[store.TierMiddleManager] {
		t.Errorf("front line: %d", got)
	}
	if roles[store.RoleAdmin] != 1 || roles[store.RoleLeader] != tiers[store.TierSeniorLeader] {
		t.Errorf("roles %v: want one admin and a leader role for every senior leader", roles)
	}
	if roles[store.RoleManager] != tiers[store.TierMiddleManager]-1 { // admin is the middle manager without the manager role
		t.Errorf("managers %d, middle managers %d", roles[store.RoleManager], tiers[store.TierMiddleManager])
	}
	inRange("departments", len(departments), 4, 5)
	inRange("hired in the last 90 days (percent)", recent*100/total, 13, 17)
	inRange("temporary or contractor (percent)", nonPermanent*100/total, 8, 12)
	inRange("people who have left", left, 4, 8)
	if withEmail == 0 || withEmail == total {
		t.Errorf("%d of %d have an email: want some with, some without", withEmail, total)
	}
	inRange("Chinese names (percent)", chinese*100/total, 40, 80)
	if english < 30 {
		t.Errorf("English names: %d", english)
	}

	// Every demo person signs in with the demo password (a generated one as well).
	for _, id := range []string{"admin", "leader", "manager", "agent", "newhire", people[len(people)/2].EmployeeID} {
		p, err := s.PersonByEmployeeID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !p.ActiveOn(now) {
			continue
		}
		if _, err := s.Authenticate(context.Background(), id, store.DemoPassword, "127.0.0.1"); err != nil {
			t.Errorf("sign-in as %s: %v", id, err)
		}
	}
}

func TestDemoFixedAccounts(t *testing.T) {
	_, people := demoLoaded(t)
	now := newClock().t
	byID := map[string]store.Person{}
	for _, p := range people {
		byID[p.EmployeeID] = p
	}
	want := []struct {
		id, role, tier, team, manager string
		daysAgo                       int
	}{
		{"admin", store.RoleAdmin, store.TierMiddleManager, "Planning", "", 1500},
		{"leader", store.RoleLeader, store.TierSeniorLeader, "Leadership", "", 1700},
		{"manager", store.RoleManager, store.TierMiddleManager, "Voice Team 1", "leader", 1200},
		{"agent", store.RoleEmployee, store.TierFrontLine, "Voice Team 1", "manager", 500},
		{"newhire", store.RoleEmployee, store.TierFrontLine, "Voice Team 1", "manager", 10},
	}
	for _, w := range want {
		p, ok := byID[w.id]
		if !ok {
			t.Errorf("%s missing", w.id)
			continue
		}
		if p.Role != w.role || p.Tier != w.tier || p.Team != w.team || p.ManagerEmployeeID != w.manager ||
			p.EmploymentType != store.EmploymentPermanent || p.TenureDays(now) != w.daysAgo || !p.ActiveOn(now) || p.Email != "" {
			t.Errorf("%s: got %+v, want role %s tier %s team %s manager %q, permanent, hired %d days ago, active, no email",
				w.id, p, w.role, w.tier, w.team, w.manager, w.daysAgo)
		}
	}
	if byID["manager"].Department != "Inbound Voice" {
		t.Errorf("manager's department %q", byID["manager"].Department)
	}
	if !byID["agent"].IsLongTerm(now) || byID["agent"].TenureDays(now) <= 365 {
		t.Error("agent should be long-term, hired over a year ago")
	}
	team := 0
	for _, p := range people {
		if p.Team == "Voice Team 1" && p.ManagerEmployeeID == "manager" {
			team++
		}
	}
	if team < 8 || team > 11 {
		t.Errorf("manager has %d reports in Voice Team 1, want agent, newhire and ~8 more", team)
	}
}

func TestDemoReportingLines(t *testing.T) {
	_, people := demoLoaded(t)
	byID := map[string]store.Person{}
	for _, p := range people {
		byID[p.EmployeeID] = p
	}
	// No cycles: following managers upwards always ends at someone who reports to nobody.
	for _, p := range people {
		seen := map[string]bool{}
		for cur := p.EmployeeID; cur != ""; cur = byID[cur].ManagerEmployeeID {
			if seen[cur] {
				t.Fatalf("manager cycle through %s", cur)
			}
			seen[cur] = true
		}
	}
	teams := map[string][]store.Person{}
	for _, p := range people {
		if p.Team != "Leadership" {
			teams[p.Team] = append(teams[p.Team], p)
		}
		m, hasManager := byID[p.ManagerEmployeeID]
		switch p.Tier {
		case store.TierSeniorLeader:
			if p.EmployeeID != "leader" && p.ManagerEmployeeID != "leader" {
				t.Errorf("senior leader %s reports to %q, want leader", p.EmployeeID, p.ManagerEmployeeID)
			}
		case store.TierMiddleManager:
			if p.Role == store.RoleAdmin {
				continue
			}
			if !hasManager || m.Tier != store.TierSeniorLeader || (m.Department != p.Department && m.EmployeeID != "leader") {
				t.Errorf("manager %s (%s) reports to %q: want a senior leader of the department", p.EmployeeID, p.Department, p.ManagerEmployeeID)
			}
		}
	}
	if len(teams) < 20 {
		t.Errorf("%d teams", len(teams))
	}
	for name, members := range teams {
		var leads []store.Person
		for _, p := range members {
			if p.Role == store.RoleManager {
				leads = append(leads, p)
			}
		}
		if len(leads) != 1 {
			t.Errorf("%s has %d team leads, want 1", name, len(leads))
			continue
		}
		if n := len(members); n < 8 || n > 12 {
			t.Errorf("%s has %d members, want 8–12", name, n)
		}
		for _, p := range members {
			if p.Tier == store.TierFrontLine && p.ManagerEmployeeID != leads[0].EmployeeID {
				t.Errorf("%s in %s reports to %s, not the team lead %s", p.EmployeeID, name, p.ManagerEmployeeID, leads[0].EmployeeID)
			}
		}
		if !strings.Contains(leads[0].Title, "Lead") && !strings.Contains(leads[0].Title, "Manager") {
			t.Errorf("team lead %s has title %q", leads[0].EmployeeID, leads[0].Title)
		}
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	_, a := demoLoaded(t)
	_, b := demoLoaded(t)
	if !reflect.DeepEqual(a, b) {
		t.Error("two loads on the same day gave different organisations")
	}
}

func TestLoadDemoRefusesSecondRunAndRealData(t *testing.T) {
	ctx := context.Background()
	s, people := demoLoaded(t)
	if err := s.LoadDemo(ctx); err == nil {
		t.Error("second LoadDemo succeeded")
	}
	if got := demoEveryone(t, s); len(got) != len(people) {
		t.Errorf("second run changed the count: %d → %d", len(people), len(got))
	}

	real := mustOpenStore(t, newClock())
	if _, err := real.UpsertPeople(ctx, 0, []store.PersonInput{person("E1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	if err := real.LoadDemo(ctx); err == nil {
		t.Error("LoadDemo over real data succeeded")
	}
	if n, _ := real.CountPeople(ctx); n != 1 {
		t.Errorf("real data: %d people, want 1", n)
	}
	if loaded, _ := real.DemoLoaded(ctx); loaded {
		t.Error("demo marked loaded over real data")
	}
}

func TestLoadDemoIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	// The very last write of LoadDemo (the demo marker) fails: everything before it must go too.
	trigger := `CREATE TRIGGER demo_forced_failure BEFORE INSERT ON settings
		WHEN NEW.key = 'demo_loaded' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`
	if storetest.Postgres() {
		trigger = `CREATE FUNCTION demo_forced_failure() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'forced failure'; END $$;
		CREATE TRIGGER demo_forced_failure BEFORE INSERT ON settings
			FOR EACH ROW WHEN (NEW.key = 'demo_loaded') EXECUTE FUNCTION demo_forced_failure()`
	}
	if _, err := s.DB().ExecContext(ctx, trigger); err != nil {
		t.Fatal(err)
	}
	err := s.LoadDemo(ctx)
	if err == nil || !strings.Contains(err.Error(), "forced failure") {
		t.Fatalf("LoadDemo: %v, want the forced failure", err)
	}
	if n, _ := s.CountPeople(ctx); n != 0 {
		t.Errorf("after a failed load: %d people, want 0", n)
	}
	drop := "DROP TRIGGER demo_forced_failure"
	if storetest.Postgres() {
		drop += " ON settings"
	}
	if _, err := s.DB().ExecContext(ctx, drop); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatalf("LoadDemo after the failure: %v", err)
	}
	if loaded, _ := s.DemoLoaded(ctx); !loaded {
		t.Error("demo not marked loaded")
	}
}

// BenchmarkLoadDemo measures loading the whole demo into a fresh database (docs/performance.md).
func BenchmarkLoadDemo(b *testing.B) {
	for b.Loop() {
		s := mustOpenStore(b, newClock())
		if err := s.LoadDemo(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// The demo reads like a lived-in contact centre: nothing is dated in the future, and the
// praise board opens on what colleagues said, not on a wall of automatic badges.
func TestDemoHistoryIsInThePastAndTheBoardOpensOnPeople(t *testing.T) {
	s, _ := demoLoaded(t)
	ctx := context.Background()
	now := newClock().t.Format("2006-01-02T15:04:05Z")
	for _, q := range []string{
		"SELECT count(*) FROM recognitions WHERE created_at > ?",
		"SELECT count(*) FROM check_attempts WHERE submitted_at > ?1 OR reviewed_at > ?1",
		"SELECT count(*) FROM attempts WHERE submitted_at > ?1 OR started_at > ?1",
		"SELECT count(*) FROM course_completions WHERE passed_at > ?",
	} {
		var n int
		if err := s.DB().QueryRowContext(ctx, q, now).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows dated after now: %s", n, q)
		}
	}
	// The audit log tells the same story as the records it describes.
	var mismatched int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM events e JOIN culture_versions v ON e.subject_kind = 'culture_version' AND e.subject_id = v.id
		WHERE e.key = 'culture.published' AND e.at != v.published_at`).Scan(&mismatched); err != nil || mismatched != 0 {
		t.Errorf("%d culture publications audited at another time than published (%v)", mismatched, err)
	}
	cards, _, err := s.Board(ctx, store.BoardFilter{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	system := 0
	for _, c := range cards {
		if c.Source == store.SourceSystem {
			system++
		}
	}
	if system > len(cards)/2 || len(cards) == 0 || cards[0].Source == store.SourceSystem {
		for _, c := range cards {
			t.Logf("%v %s", c.CreatedAt, c.Source)
		}
		t.Errorf("%d of the board's first %d cards are automatic badges (the newest too?)", system, len(cards))
	}
}

package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// clock is a controllable time source for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func mustOpenStore(tb testing.TB, c *clock) *store.Store {
	tb.Helper()
	s, err := store.Open(storetest.DB(tb, "test.db"), store.WithClock(c.now))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// generatedOrg is a generated organisation of 1,200 people on clk, with everyone's id (the
// leader's reporting tree and the leader): for tests that hold a shortcut equal to the rule it
// stands for, over people in every state.
func generatedOrg(t *testing.T, clk *clock) (*store.Store, []int64) {
	t.Helper()
	ctx := context.Background()
	s := mustOpenStore(t, clk)
	if err := s.Generate(ctx, store.GenOptions{People: 1200, Recognitions: 100}); err != nil {
		t.Fatal(err)
	}
	leader, err := s.PersonByEmployeeID(ctx, "leader")
	if err != nil {
		t.Fatal(err)
	}
	everyone, err := s.OrgPeopleIDs(ctx, leader.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s, append(everyone, leader.ID)
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)} }

func person(id, manager string) store.PersonInput {
	return store.PersonInput{EmployeeID: id, Name: "Person " + id, Department: "Inbound Voice", Team: "Team A",
		ManagerEmployeeID: manager, Tier: store.TierFrontLine, Role: store.RoleEmployee,
		EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-15"}
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPeople(context.Background(), 0, []store.PersonInput{person("E1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = store.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	n, err := s.CountPeople(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("got %d people, %v; want 1", n, err)
	}
}

func TestBackupPassesIntegrityCheck(t *testing.T) {
	storetest.SkipOnPostgres(t, "VACUUM INTO a file; PostgreSQL is backed up with pg_dump")
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("E1", ""), person("E2", "E1")}, 0); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	verdict, err := b.IntegrityCheck(ctx)
	if err != nil || verdict != "ok" {
		t.Fatalf("integrity_check = %q, %v", verdict, err)
	}
	p, err := b.PersonByEmployeeID(ctx, "E2")
	if err != nil || p.ManagerEmployeeID != "E1" {
		t.Fatalf("backup lost data: %+v %v", p, err)
	}
}

func TestUpsertPeopleAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	bad := person("E3", "")
	bad.Tier = "boss"
	_, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("E1", ""), person("E2", "E1"), bad}, 2)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want validation error, got %v", err)
	}
	if len(verr.Problems) != 1 || verr.Problems[0].Row != 4 || verr.Problems[0].Field != "tier" {
		t.Fatalf("problems = %+v, want one for row 4 tier", verr.Problems)
	}
	if n, _ := s.CountPeople(ctx); n != 0 {
		t.Fatalf("a bad file wrote %d people", n)
	}
}

func TestUpsertManagerAfterReportsAndAbsentUntouched(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("OLD", "")}, 0); err != nil {
		t.Fatal(err)
	}
	res, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("R1", "M1"), person("M1", "")}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 2 {
		t.Fatalf("created %d, want 2", len(res.Created))
	}
	r1, _ := s.PersonByEmployeeID(ctx, "R1")
	if r1.ManagerEmployeeID != "M1" {
		t.Fatalf("R1 manager = %q", r1.ManagerEmployeeID)
	}
	if _, err := s.PersonByEmployeeID(ctx, "OLD"); err != nil {
		t.Fatalf("person absent from file was touched: %v", err)
	}
}

func TestValidationRules(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{func() store.PersonInput { p := person("X", ""); p.Email = "x@example.com"; return p }()}, 0); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		edit  func(*store.PersonInput)
		field string
		code  string
	}{
		{"missing id", func(p *store.PersonInput) { p.EmployeeID = "" }, "employee_id", "required"},
		{"missing name", func(p *store.PersonInput) { p.Name = " " }, "name", "required"},
		{"bad email", func(p *store.PersonInput) { p.Email = "not an email" }, "email", "invalid_email"},
		{"email taken", func(p *store.PersonInput) { p.Email = "X@example.com" }, "email", "email_taken"},
		{"bad role", func(p *store.PersonInput) { p.Role = "king" }, "role", "invalid_choice"},
		{"bad type", func(p *store.PersonInput) { p.EmploymentType = "intern" }, "employment_type", "invalid_choice"},
		{"bad date", func(p *store.PersonInput) { p.HiredOn = "15/01/2024" }, "hired_on", "invalid_date"},
		{"left before hired", func(p *store.PersonInput) { p.LeftOn = "2020-01-01" }, "left_on", "left_before_hired"},
		{"unknown manager", func(p *store.PersonInput) { p.ManagerEmployeeID = "NOPE" }, "manager_employee_id", "unknown_manager"},
		{"self manager", func(p *store.PersonInput) { p.ManagerEmployeeID = p.EmployeeID }, "manager_employee_id", "manager_self"},
		{"bad language", func(p *store.PersonInput) { p.Language = "fr" }, "language", "invalid_choice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := person("N1", "")
			tc.edit(&in)
			err := s.ValidatePeople(ctx, []store.PersonInput{in}, 0)
			var verr *store.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("want validation error, got %v", err)
			}
			got, ok := verr.FieldProblem(tc.field)
			if !ok || got.Code != tc.code {
				t.Fatalf("problems %+v, want %s/%s", verr.Problems, tc.field, tc.code)
			}
		})
	}
}

func TestManagerCycleRefused(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	err := s.ValidatePeople(ctx, []store.PersonInput{person("A", "B"), person("B", "A")}, 2)
	var verr *store.ValidationError
	if !errors.As(err, &verr) || verr.Problems[0].Code != "manager_cycle" {
		t.Fatalf("want manager_cycle, got %v", err)
	}
}

func TestTenureAndLongTerm(t *testing.T) {
	day := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	p := store.Person{EmploymentType: store.EmploymentPermanent, HiredOn: day.AddDate(0, 0, -90)}
	if p.TenureDays(day) != 90 || !p.IsLongTerm(day) {
		t.Fatalf("exactly 90 days: tenure %d long-term %v", p.TenureDays(day), p.IsLongTerm(day))
	}
	p.HiredOn = day.AddDate(0, 0, -89)
	if p.IsLongTerm(day) {
		t.Fatal("89 days counted as long-term")
	}
	p.HiredOn = day.AddDate(-2, 0, 0)
	p.EmploymentType = store.EmploymentTemporary
	if p.IsLongTerm(day) {
		t.Fatal("temporary counted as long-term")
	}
	p.EmploymentType = store.EmploymentPermanent
	p.LeftOn = day
	if p.ActiveOn(day) || p.IsLongTerm(day) {
		t.Fatal("a person is active on the day they left")
	}
}

// Opening a database that is already up to date takes no write lock, so a CLI command or a
// restart beside a busy server does not wait for (or fail on) its writers.
func TestOpenUpToDateDatabaseTakesNoWriteLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lodestar.db")
	first, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	ctx := context.Background()
	conn, err := first.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	second, err := store.Open(path)
	if err != nil {
		t.Fatalf("opening an up-to-date database while another connection writes: %v", err)
	}
	second.Close()
}

// A monitor that gives up while the write probe runs neither fails the probe nor leaves
// everyone a remembered "context canceled" for the next 10 s.
func TestWriteProbeIgnoresTheCallersCancellation(t *testing.T) {
	s := mustOpenStore(t, newClock())
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.CheckWritable(gone); err != nil {
		t.Errorf("probe for a caller that is gone: %v", err)
	}
	if err := s.CheckWritable(t.Context()); err != nil {
		t.Errorf("the next probe within 10 s: %v", err)
	}
	if v, _ := s.Setting(t.Context(), "health_write_probe", ""); v == "" {
		t.Errorf("no probe row written")
	}
}

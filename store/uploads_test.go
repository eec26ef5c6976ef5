package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// Another connection holds SQLite's write lock for the whole test: bad uploads are still
// checked and answered with their problems (not "database is locked" after the busy
// timeout), because finding problems never takes the write lock.
func TestBadUploadsAreCheckedWithoutTheWriteLock(t *testing.T) {
	storetest.SkipOnPostgres(t, "holds SQLite's write lock with BEGIN IMMEDIATE")
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 9, 20, 9, 0, 0, 0, time.UTC)}
	s := mustOpenStore(t, clk)
	ppl := checksOrg(t, s)
	id := checksMust[int64](t)(s.CreateCheck(ctx, ppl["L1"].ID, checksInput("Q4 check", "2026-10-01", "2026-10-14", "1")))
	checksAddQuestions(t, s, id)
	clk.t = time.Date(2026, 10, 2, 8, 0, 0, 0, time.UTC)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	badInterviews := make([]store.InterviewInput, 50)
	badPeople := make([]store.PersonInput, 50)
	for i := range 50 {
		badInterviews[i] = store.InterviewInput{EmployeeID: fmt.Sprint("NOPE", i), Date: "2026-10-02", Verdict: "understood"}
		badPeople[i] = checksPerson(fmt.Sprint("X", i), "", "no_such_tier", store.RoleEmployee, "Voice", "T1", store.EmploymentPermanent, "2024-01-01", "")
	}
	batch := checksMust[int64](t)(s.SaveImportBatch(ctx, ppl["L1"].ID, []byte("employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n"+
		"X1,,Someone,,Voice,T1,,no_such_tier,employee,permanent,2024-01-01,,\n")))

	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	for name, err := range map[string]error{
		"validate interviews": s.ValidateInterviews(ctx, id, ppl["M1"], badInterviews, 2),
		"record interviews":   second(s.RecordInterviews(ctx, id, ppl["M1"], badInterviews, 2)),
		"upsert people":       second(s.UpsertPeopleVia(ctx, 0, store.Plain("test"), badPeople, 2)),
		"confirm import":      second(s.ConfirmImportBatch(ctx, ppl["L1"].ID, batch)),
	} {
		var verr *store.ValidationError
		if !errors.As(err, &verr) {
			t.Errorf("%s while another writer holds the lock: %v, want its problems", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// An interview file over 5 MB is refused whole, never cut at 5 MB (which lost rows or
// stored a truncated note).
func TestInterviewCSVOverTheSizeLimitIsRefusedNotCut(t *testing.T) {
	row := "E1,2026-11-23,understood," + strings.Repeat("n", 2000) + "\n"
	file := "employee_id,date,verdict,note\n" + strings.Repeat(row, store.MaxImportBytes/len(row)+1)
	_, err := store.ParseInterviewCSV(strings.NewReader(file))
	var verr *store.ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 1 || verr.Problems[0].Code != "file_too_large" || verr.Problems[0].Arg != "5" {
		t.Fatalf("%d bytes: %v", len(file), err)
	}
}

// Blank rows count towards the row caps: a file of "," lines is refused at the cap instead
// of building millions of records.
func TestBlankCSVRowsCountTowardsTheRowCaps(t *testing.T) {
	var verr *store.ValidationError
	interviews := "employee_id,date,verdict,note\n" + strings.Repeat(" \n", store.MaxInterviewRows+1)
	if _, err := store.ParseInterviewCSV(strings.NewReader(interviews)); !errors.As(err, &verr) || verr.Problems[0].Code != "too_many_rows" {
		t.Errorf("interviews: %v", err)
	}
	people := strings.Join(store.PeopleColumns, ",") + "\n" + strings.Repeat(strings.Repeat(",", len(store.PeopleColumns)-1)+"\n", store.MaxImportRows+1)
	if _, err := store.ParsePeopleCSV(strings.NewReader(people)); !errors.As(err, &verr) || verr.Problems[0].Code != "too_many_rows" {
		t.Errorf("people: %v", err)
	}
}

package store_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

const importHeader = "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n"

// importProblems returns the problems of a validation error as "row field code" strings.
func importProblems(t *testing.T, err error) []string {
	t.Helper()
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var out []string
	for _, p := range verr.Problems {
		out = append(out, strings.Join([]string{strconv.Itoa(p.Row), p.Field, p.Code}, " "))
	}
	return out
}

func importWant(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("problems:\n got %q\nwant %q", got, want)
	}
}

func TestImportParseBOMChineseAndAnyColumnOrder(t *testing.T) {
	// Excel's "CSV UTF-8" starts with a byte-order mark; columns come in another order.
	csv := "\xef\xbb\xbfname,employee_id,tier,role,employment_type,hired_on,email,title,department,team,manager_employee_id,left_on,language\r\n" +
		"王小明,E100,front_line,employee,permanent,2024-03-01,,客服专员,呼入语音,一组,E200,,zh\r\n" +
		"\"Lee, Ann\",E200,middle_manager,manager,permanent,2020-01-01,ann@example.com,Team lead,Inbound Voice,A,,,\r\n" +
		",,,,,,,,,,,,\r\n"
	people, err := store.ParsePeopleCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 2 {
		t.Fatalf("got %d people, want 2 (the trailing empty row is ignored)", len(people))
	}
	want := store.PersonInput{EmployeeID: "E100", Name: "王小明", Title: "客服专员", Department: "呼入语音", Team: "一组",
		ManagerEmployeeID: "E200", Tier: "front_line", Role: "employee", EmploymentType: "permanent", HiredOn: "2024-03-01", Language: "zh"}
	if people[0] != want {
		t.Fatalf("row 2:\n got %+v\nwant %+v", people[0], want)
	}
	if people[1].Name != "Lee, Ann" || people[1].Email != "ann@example.com" {
		t.Fatalf("row 3: %+v", people[1])
	}
}

func TestImportParseHeaderProblems(t *testing.T) {
	cases := []struct {
		name, csv string
		want      []string
	}{
		{"unknown column", strings.TrimSuffix(importHeader, "\n") + ",shoe_size\nE1,,A,,,,,front_line,employee,permanent,2024-01-01,,,42\n",
			[]string{"1 shoe_size csv_unknown_column"}},
		{"missing columns", "employee_id,name,tier,role,employment_type,hired_on\nE1,A,front_line,employee,permanent,2024-01-01\n",
			[]string{"1 email csv_missing_column", "1 title csv_missing_column", "1 department csv_missing_column",
				"1 team csv_missing_column", "1 manager_employee_id csv_missing_column", "1 left_on csv_missing_column", "1 language csv_missing_column"}},
		{"duplicate column", strings.TrimSuffix(importHeader, "\n") + ",name\n", []string{"1 name csv_duplicate_column"}},
		{"empty file", "", []string{"0 file empty_file"}},
		{"only a BOM", "\xef\xbb\xbf \r\n", []string{"0 file empty_file"}},
		{"header only", importHeader, []string{"0 file no_people"}},
		{"not UTF-8 (GBK)", importHeader + "E1,,\xcd\xf5,,,,,front_line,employee,permanent,2024-01-01,,\n", []string{"0 file not_utf8"}},
		{"wrong cell count", importHeader + "E1,,A,,,,,front_line,employee,permanent,2024-01-01,,\nE2,,B\n", []string{"3 file csv_field_count"}},
		{"broken quotes", importHeader + "E1,,\"A,,,,,front_line,employee,permanent,2024-01-01,,\n", []string{"0 file csv_syntax"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := store.ParsePeopleCSV(strings.NewReader(c.csv))
			importWant(t, importProblems(t, err), c.want...)
		})
	}
}

func TestImportParseRefusesLargeFile(t *testing.T) {
	big := importHeader + strings.Repeat("E1,,A,,,,,front_line,employee,permanent,2024-01-01,,\n", store.MaxImportBytes/50)
	if len(big) <= store.MaxImportBytes {
		t.Fatalf("test file is only %d bytes", len(big))
	}
	_, err := store.ParsePeopleCSV(strings.NewReader(big))
	importWant(t, importProblems(t, err), "0 file file_too_large")
}

func TestImportPreviewSplitsCreateAndUpdate(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("M1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	people, err := store.ParsePeopleCSV(strings.NewReader(importHeader +
		"A1,,Agent One,,Inbound,A,M1,front_line,employee,permanent,2024-01-01,,\n" +
		"M1,,Manager Renamed,,Inbound,A,,middle_manager,manager,permanent,2020-01-01,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	pv, err := s.PreviewPeople(ctx, people, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Create) != 1 || pv.Create[0].EmployeeID != "A1" || len(pv.Update) != 1 || pv.Update[0].EmployeeID != "M1" {
		t.Fatalf("preview: %+v", pv)
	}
	if p, _ := s.PersonByEmployeeID(ctx, "M1"); p.Name != "Person M1" {
		t.Fatalf("preview wrote: name is %q", p.Name)
	}
	if n, _ := s.CountPeople(ctx); n != 1 {
		t.Fatalf("preview created people: %d", n)
	}
}

func TestImportPreviewListsEveryBadRow(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	people, err := store.ParsePeopleCSV(strings.NewReader(importHeader +
		"A1,,Agent One,,Inbound,A,,front_line,employee,permanent,2024-01-01,,\n" +
		"A2,,,,Inbound,A,,front_line,employee,permanent,2024-01-01,,\n" +
		"A3,,Agent Three,,Inbound,A,,front_line,boss,permanent,2024-13-01,,\n" +
		"A4,,Agent Four,,Inbound,A,NOPE,front_line,employee,permanent,2024-01-01,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.PreviewPeople(ctx, people, 2)
	importWant(t, importProblems(t, err), "3 name required", "4 role invalid_choice", "4 hired_on invalid_date", "5 manager_employee_id unknown_manager")
}

func TestImportBatchConfirmOnceAllOrNothing(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("KEEP", ""), person("M1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	good := []byte(importHeader +
		"A1,,新员工,,Inbound,A,M2,front_line,employee,temporary,2026-11-01,,zh\n" +
		"M2,,Manager Two,,Inbound,A,M1,middle_manager,manager,permanent,2020-01-01,,\n")
	id, err := s.SaveImportBatch(ctx, 0, good)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.ImportBatchByID(ctx, id)
	if err != nil || !bytes.Equal(b.Content, good) {
		t.Fatalf("batch: %v %q", err, b.Content)
	}
	res, err := s.ConfirmImportBatch(ctx, 0, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 2 || len(res.Updated) != 0 {
		t.Fatalf("result %+v", res)
	}
	a1, err := s.PersonByEmployeeID(ctx, "A1")
	if err != nil || a1.Name != "新员工" || a1.ManagerEmployeeID != "M2" {
		t.Fatalf("A1: %+v %v", a1, err)
	}
	if _, err := s.ConfirmImportBatch(ctx, 0, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second confirm: %v, want ErrNotFound", err)
	}
	if n, _ := s.CountPeople(ctx); n != 4 {
		t.Fatalf("people: %d, want 4 (KEEP, M1 untouched plus 2 new)", n)
	}

	// A batch that has become invalid since its preview writes nothing and stays for a fix.
	bad := []byte(importHeader +
		"A9,,Fine Row,,Inbound,A,,front_line,employee,permanent,2024-01-01,,\n" +
		"A10,,Bad Row,,Inbound,A,GONE,front_line,employee,permanent,2024-01-01,,\n")
	id, err = s.SaveImportBatch(ctx, 0, bad)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ConfirmImportBatch(ctx, 0, id)
	importWant(t, importProblems(t, err), "3 manager_employee_id unknown_manager")
	if n, _ := s.CountPeople(ctx); n != 4 {
		t.Fatalf("a bad batch changed people: %d", n)
	}
	if _, err := s.ImportBatchByID(ctx, id); err != nil {
		t.Fatalf("a refused batch must stay: %v", err)
	}

	// Unconfirmed uploads expire after a day.
	c.advance(25 * time.Hour)
	if _, err := s.ImportBatchByID(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired batch: %v", err)
	}
}

func TestImportCannotRemoveTheLastAdmin(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock()) // today is 2026-11-23
	admin := person("A1", "")
	admin.Role = store.RoleAdmin
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{admin, person("E1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	demoted := admin
	demoted.Role = store.RoleEmployee
	gone := admin
	gone.LeftOn = "2026-11-23"
	leavesLater := admin
	leavesLater.LeftOn = "2026-12-31"
	newAdmin := person("E1", "")
	newAdmin.Role = store.RoleAdmin
	cases := []struct {
		name   string
		inputs []store.PersonInput
		want   []string
	}{
		{"demoted", []store.PersonInput{person("E2", ""), demoted}, []string{"3 role last_admin"}},
		{"leaves today", []store.PersonInput{gone}, []string{"2 role last_admin"}},
		{"leaves later", []store.PersonInput{leavesLater}, nil},
		{"another admin in the same file", []store.PersonInput{demoted, newAdmin}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.PreviewPeople(ctx, c.inputs, 2)
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			importWant(t, importProblems(t, err), c.want...)
		})
	}
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{demoted}, 0); err == nil {
		t.Fatal("the admin form could demote the last admin")
	}
	if p, _ := s.PersonByEmployeeID(ctx, "A1"); p.Role != store.RoleAdmin {
		t.Fatalf("A1 is %s", p.Role)
	}
}

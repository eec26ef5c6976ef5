package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// tableDigest hashes every row of the tables, to tell whether a write changed anything.
func tableDigest(tb testing.TB, s *Store, tables ...string) string {
	tb.Helper()
	h := sha256.New()
	for _, t := range tables {
		rows, err := s.db.Query("SELECT * FROM " + t + " ORDER BY rowid")
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintf(h, "%s|%v\n", t, vals)
			n++
		}
		rows.Close()
		fmt.Fprintf(h, "%s rows %d\n", t, n)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// FuzzImportPeopleCSV feeds HR files through the real parse and write. Whatever the file:
// no panic; a refused file changes nothing (every row of people and the audit log as
// before); an accepted file stores only text the shared rules accept, dates in the window.
func FuzzImportPeopleCSV(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("..", "testdata", "people_example.csv"))
	if err != nil {
		f.Fatal(err)
	}
	const header = "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n"
	row := func(cells string) []byte { return []byte(header + cells + "\n") }
	for _, seed := range [][]byte{
		example,
		append([]byte("\xef\xbb\xbf"), example...),
		bytes.ReplaceAll(example, []byte("\n"), []byte("\r\n")),
		[]byte(header),
		[]byte(""),
		[]byte("\xff\xfe"),
		row(`A1,,Ana,,Ops,T,,front_line,employee,permanent,2024-01-01,,`),
		row(`A1,,Ana,,Ops,T,,front_line,admin,permanent,2024-01-01,,en`),
		row(`ADM,,Admin,,Ops,T,,front_line,employee,permanent,2024-01-01,,`), // removes the last admin
		row(`A1,,"Ana ` + "\u202E" + `zepol",,Ops,T,,front_line,employee,permanent,2024-01-01,,`),
		row("A1,,Ana\x00,,Ops,T,,front_line,employee,permanent,2024-01-01,,"),
		row("A1,,Ana\xe9,,Ops,T,,front_line,employee,permanent,2024-01-01,,"),
		row(`A1,,Ana,,Ops,T,,front_line,employee,permanent,0001-01-01,,`),
		row(`A1,,Ana,,Ops,T,,front_line,employee,permanent,2024-01-01,2023-01-01,`),
		row("A1,,Ana,,Ops,T,A2,front_line,employee,permanent,2024-01-01,,\nA2,,Bo,,Ops,T,A1,front_line,employee,permanent,2024-01-01,,"),
		row("A1,,Ana,,Ops,T,,front_line,employee,permanent,2024-01-01,,\nA1,,Bo,,Ops,T,,front_line,employee,permanent,2024-01-01,,"),
		row(`A1,a@x.io,Ana,,Ops,T,,front_line,employee,permanent,2024-01-01,,` + "\n" + `A2,A@x.io,Bo,,Ops,T,,front_line,employee,permanent,2024-01-01,,`),
		row(`"A1,,Ana`),
		row(`A1,,Ana,,Ops,T,,front_line,employee,permanent,2024-01-01,,,extra`),
		[]byte("employee_id,employee_id\n1,2\n"),
	} {
		f.Add(seed)
	}
	s, err := Open(filepath.Join(f.TempDir(), "fuzz.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []PersonInput{{EmployeeID: "ADM", Name: "Admin", Department: "Ops", Team: "T",
		Tier: TierFrontLine, Role: RoleAdmin, EmploymentType: EmploymentPermanent, HiredOn: "2020-01-01"}}, 0); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		people, err := ParsePeopleCSV(bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("parse: not a validation error: %v", err)
			}
			return
		}
		before := tableDigest(t, s, "people", "events")
		_, err = s.UpsertPeople(ctx, 0, people, 2)
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("upsert: not a validation error: %v", err)
			}
			if after := tableDigest(t, s, "people", "events"); after != before {
				t.Fatalf("a refused import changed the database")
			}
			return
		}
		for _, in := range people {
			p, err := s.PersonByEmployeeID(ctx, in.EmployeeID)
			if err != nil {
				t.Fatalf("imported %q not found: %v", in.EmployeeID, err)
			}
			for _, v := range []string{p.EmployeeID, p.Name, p.Email, p.Title, p.Department, p.Team} {
				if code := lineProblem(v); code != "" {
					t.Fatalf("stored %q: %s", v, code)
				}
			}
			if y := p.HiredOn.Year(); y < 1900 || y > 2100 {
				t.Fatalf("stored hire date %v", p.HiredOn)
			}
		}
	})
}

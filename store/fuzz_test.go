package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"lodestar/store"
)

// Fuzz targets for the file imports. `go test` runs the seeds; explore with
// go test ./store -run '^$' -fuzz FuzzPeopleCSVImport -fuzztime 30s

const fuzzPeopleHeader = "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n"

// FuzzPeopleCSVImport: any file either fails to parse or validate with a *ValidationError
// and writes nothing, or is written whole: every row's person is there afterwards.
func FuzzPeopleCSVImport(f *testing.F) {
	for _, seed := range []string{
		fuzzPeopleHeader + "E1,,Ann,,Inbound Voice,Team A,,front_line,employee,permanent,2024-01-01,,\n",
		fuzzPeopleHeader + "E1,a@x.example,Ann,Agent,Inbound Voice,Team A,E2,front_line,employee,permanent,2024-01-01,,zh\nE2,,Bo,,Inbound Voice,Team A,,middle_manager,manager,permanent,2023-01-01,,en\n",
		fuzzPeopleHeader + "E1,,Ann,,,,E1,front_line,employee,permanent,2024-01-01,,\n", // own manager
		fuzzPeopleHeader + "E1,,Ann,,,,,front_line,employee,permanent,0001-01-01,,\n",
		fuzzPeopleHeader + "E1,,\"Ann \"\"the\"\" agent\",,,,,front_line,employee,permanent,2024-01-01,,\nE1,,Dup,,,,,front_line,employee,permanent,2024-01-01,,\n",
		"\xef\xbb\xbf" + fuzzPeopleHeader + "E3,,李娜,,,,,FRONT_LINE,Employee,Permanent,2024-01-01,,\r\n",
		"employee_id,name\nE1,Ann\n",
		"\"unterminated,\n",
		"\xff\xfe\x00",
		"",
	} {
		f.Add([]byte(seed))
	}
	s := mustOpenStore(f, newClock())
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		before, err := s.CountPeople(ctx)
		if err != nil {
			t.Fatal(err)
		}
		inputs, err := store.ParsePeopleCSV(bytes.NewReader(data))
		if err == nil {
			_, err = s.UpsertPeople(ctx, 0, inputs, 2)
		}
		var verr *store.ValidationError
		if err != nil {
			if !errors.As(err, &verr) || len(verr.Problems) == 0 {
				t.Fatalf("refused without a list of problems: %v", err)
			}
			if after, _ := s.CountPeople(ctx); after != before {
				t.Fatalf("a refused file changed the number of people from %d to %d", before, after)
			}
			return
		}
		for _, in := range inputs {
			if _, err := s.PersonByEmployeeID(ctx, in.EmployeeID); err != nil {
				t.Fatalf("accepted file, but %q is not there: %v", in.EmployeeID, err)
			}
		}
	})
}

// FuzzInterviewCSV: parsing an interview upload never panics, and refuses only with a list of
// problems (which the upload page shows next to the file).
func FuzzInterviewCSV(f *testing.F) {
	for _, seed := range []string{
		"employee_id,date,verdict,note\nE1,2026-11-20,understood,Explained the promise\n",
		"employee_id,date,verdict,note\nE1,2026-11-20,not_understood,\"multi\nline\"\n",
		"employee_id,date,verdict\nE1,2026-11-20,understood\n",
		"note,verdict,date,employee_id\n,,,\n",
		"\"",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if _, err := store.ParseInterviewCSV(bytes.NewReader([]byte(data))); err != nil {
			var verr *store.ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 {
				t.Fatalf("refused without a list of problems: %v", err)
			}
		}
	})
}

package store_test

import (
	"bytes"
	"errors"
	"testing"

	"lodestar/store"
)

// Fuzz targets for the file imports. `go test` runs the seeds; explore with
// go test ./store -run '^$' -fuzz FuzzInterviewCSV -fuzztime 30s

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

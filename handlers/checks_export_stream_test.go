package handlers_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The evidence pack is written as it is made (CSV straight to the client, XLSX through
// excelize's StreamWriter): both files hold the same two sections, every row of each, with the
// header and the Chinese name columns, in the reader's language.
func TestChecksEvidencePackStreamsEveryRow(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	checksAttempt(t, app, id, "AG1", 88, false)
	checksAttempt(t, app, id, "AG2", 40, false)
	lead := app.signedIn("LEAD")
	for _, lang := range []struct{ code, header, people string }{
		{"en", "Employee ID", "People"}, {"zh", "工号", "人员明细"},
	} {
		if res := lead.post("/language", url.Values{"lang": {lang.code}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("language %s: %d", lang.code, res.StatusCode)
		}
		res := lead.get("/checks/" + itoa(id) + "/export.csv")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "\xef\xbb\xbf") {
			t.Fatalf("%s csv: %d", lang.code, res.StatusCode)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\xef\xbb\xbf")))
		cr.FieldsPerRecord = -1
		records, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// Sections: a line with the sheet's title, then its rows (csv.Reader skips the empty
		// line between them). The titles are the XLSX sheet names.
		xres := lead.get("/checks/" + itoa(id) + "/export.xlsx")
		f, err := excelize.OpenReader(bytes.NewReader([]byte(xres.Body)))
		if err != nil {
			t.Fatalf("%s xlsx: %v", lang.code, err)
		}
		sheets := f.GetSheetList()
		var sections [][][]string
		for _, rec := range records {
			if len(rec) == 1 && len(sections) < len(sheets) && rec[0] == sheets[len(sections)] {
				sections = append(sections, nil)
			}
			if len(sections) == 0 {
				t.Fatalf("%s csv starts with %v, not a sheet title", lang.code, rec)
			}
			sections[len(sections)-1] = append(sections[len(sections)-1], rec)
		}
		if len(sections) != 2 || sections[1][0][0] != lang.people {
			t.Fatalf("%s csv sections: %v", lang.code, sections)
		}
		people := sections[1][1:]
		if people[0][0] != lang.header || len(people[0]) < 14 {
			t.Errorf("%s csv people header: %v", lang.code, people[0])
		}
		// Every eligible person once: LEAD, MGR1, MGR2, AG1–AG6 (see checksSeedOrg).
		var ids []string
		for _, row := range people[1:] {
			ids = append(ids, row[0])
		}
		slices.Sort(ids)
		if want := []string{"AG1", "AG2", "AG3", "AG4", "AG5", "AG6", "LEAD", "MGR1", "MGR2"}; !slices.Equal(ids, want) {
			t.Errorf("%s csv people %v, want %v", lang.code, ids, want)
		}

		if len(sheets) != 2 || sheets[1] != lang.people {
			t.Errorf("%s xlsx sheets %v", lang.code, sheets)
		}
		for i, sec := range sections {
			rows, err := f.GetRows(sec[0][0])
			if err != nil {
				t.Fatal(err)
			}
			want := sec[1:]
			// csv.Reader skips the empty spacer lines the sheet keeps as empty rows.
			rows = slices.DeleteFunc(rows, func(r []string) bool { return len(r) == 0 })
			if len(rows) != len(want) {
				t.Errorf("%s xlsx sheet %q: %d rows, the CSV %d", lang.code, sec[0][0], len(rows), len(want))
				continue
			}
			for r := range rows {
				// Trailing empty cells are not stored in XLSX.
				w := want[r]
				for len(w) > 0 && w[len(w)-1] == "" {
					w = w[:len(w)-1]
				}
				if !slices.Equal(rows[r], w) {
					t.Errorf("%s sheet %d row %d: xlsx %q, csv %q", lang.code, i, r, rows[r], w)
				}
			}
		}
	}
}

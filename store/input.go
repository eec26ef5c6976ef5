package store

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Input hygiene: every store write that takes text calls checkLine (names, titles, other
// one-line values) or checkText (messages, comments, markdown, answers), so the pages, the
// API and the CSV imports accept and refuse exactly the same text. Nothing is silently
// stripped: a rejected value comes back with a problem next to its field, the form keeps
// what was typed. The rules are in docs/security.md.

// Problem codes for text that cannot be stored as it is.
const (
	codeTextEncoding  = "text_encoding"  // invalid UTF-8, or U+FFFD left where invalid bytes were decoded
	codeTextControl   = "text_control"   // NUL and other control characters
	codeTextBidi      = "text_bidi"      // bidirectional overrides, embeddings, isolates (and marks in one-line text)
	codeTextInvisible = "text_invisible" // zero-width characters
)

// lineProblem returns the problem code for a one-line value (a name or title), or "".
// Line breaks and tabs are control characters here; so are all bidi controls and marks and
// every zero-width character: in a name they only serve to make two names look alike.
func lineProblem(s string) string {
	return textCheck(s, false)
}

// textProblem returns the problem code for long free text, or "". Line breaks (\n) and tabs
// are allowed. Bidi overrides, embeddings and isolates are refused (they can show a message
// in an order other than its stored one); the implicit marks U+200E, U+200F and U+061C are
// allowed because right-to-left text needs them and they reorder nothing on their own.
// U+200D (zero-width joiner) and U+200C (non-joiner) are allowed: emoji sequences such as
// 👩‍💻 and Persian or Indic words are written with them. U+200B, U+2060 and U+FEFF are
// refused: they have no use inside a message but to hide text from a search or a filter.
func textProblem(s string) string {
	return textCheck(s, true)
}

func textCheck(s string, long bool) string {
	if !utf8.ValidString(s) {
		return codeTextEncoding
	}
	control, bidi, invisible := false, false, false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// JSON decoding turns invalid bytes into U+FFFD; refusing it makes the API
			// answer like the pages, which see the raw bytes.
			return codeTextEncoding
		case r == '\n' || r == '\t':
			control = control || !long
		case r == 0x2028 || r == 0x2029: // line and paragraph separators
			control = control || !long
		case unicode.IsControl(r): // C0 (with NUL and \r), DEL, C1
			control = true
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			bidi = true
		case r == 0x200E || r == 0x200F || r == 0x061C:
			bidi = bidi || !long
		case r == 0x200C || r == 0x200D:
			invisible = invisible || !long
		case r == 0x200B || r == 0x2060 || r == 0xFEFF:
			invisible = true
		}
	}
	switch {
	case control:
		return codeTextControl
	case bidi:
		return codeTextBidi
	case invisible:
		return codeTextInvisible
	}
	return ""
}

// checkLine adds a problem for field when the one-line value s may not be stored.
// It reports whether s is fine.
func checkLine(verr *ValidationError, row int, field, s string) bool {
	if code := lineProblem(s); code != "" {
		verr.add(row, field, code, "")
		return false
	}
	return true
}

// checkText writes the line breaks of *s as \n (browsers send \r\n, old Macs \r) and adds
// a problem for field when the long text may not be stored. It reports whether it is fine.
func checkText(verr *ValidationError, row int, field string, s *string) bool {
	*s = normaliseNewlines(*s)
	if code := textProblem(*s); code != "" {
		verr.add(row, field, code, "")
		return false
	}
	return true
}

func normaliseNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// Date windows. A date outside its window is a typing slip (0001-01-01, 2204-05-01), and
// stored it would skew tenure, progress and due-date figures for everyone.
type dateWindow int

const (
	// lifeDates are hire, leaving and hired-since dates: 1900-01-01 … 2100-12-31.
	lifeDates dateWindow = iota
	// workDates are operational dates (check-ins, due and start dates, check windows,
	// interviews, praise dates): within ten years either side of today.
	workDates
)

// WorkDateYears is how far from today an operational date may lie.
const WorkDateYears = 10

// dateBounds returns the first and last date of the window on the given day.
func dateBounds(w dateWindow, today time.Time) (time.Time, time.Time) {
	if w == lifeDates {
		return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	today = Day(today)
	return today.AddDate(-WorkDateYears, 0, 0), today.AddDate(WorkDateYears, 0, 0)
}

// checkDate parses a YYYY-MM-DD date and checks it lies in its window; on failure it adds
// invalid_date or date_out_of_range for field and returns false. It is the one date check
// the forms, the API and the CSV imports share. An empty raw value is the caller's to judge.
func checkDate(verr *ValidationError, row int, field, raw string, w dateWindow, today time.Time) (time.Time, bool) {
	d, err := ParseDate(raw)
	if err != nil {
		verr.add(row, field, "invalid_date", raw)
		return time.Time{}, false
	}
	first, last := dateBounds(w, today)
	if d.Before(first) || d.After(last) {
		verr.add(row, field, "date_out_of_range", first.Format(DateLayout)+" – "+last.Format(DateLayout))
		return time.Time{}, false
	}
	return d, true
}

// checkPersonText applies the one-line rules to every text field of a person (admin form,
// HR CSV and API alike). The fixed-choice fields are checked against their lists anyway.
func checkPersonText(verr *ValidationError, row int, in PersonInput) {
	for _, f := range []struct{ field, value string }{
		{"employee_id", in.EmployeeID}, {"email", in.Email}, {"name", in.Name}, {"title", in.Title},
		{"department", in.Department}, {"team", in.Team}, {"manager_employee_id", in.ManagerEmployeeID},
		{"title_zh", zh(in.TitleZH)}, {"department_zh", zh(in.DepartmentZH)}, {"team_zh", zh(in.TeamZH)},
	} {
		checkLine(verr, row, f.field, f.value)
	}
}

// checkTextValue is checkText for a value the caller normalises itself later.
func checkTextValue(verr *ValidationError, row int, field, s string) bool {
	return checkText(verr, row, field, &s)
}

// InputProblemCodes lists the problem codes of the shared text, date and password rules,
// so the views can check each has a message in both languages.
func InputProblemCodes() []string {
	return []string{codeTextEncoding, codeTextControl, codeTextBidi, codeTextInvisible, "date_out_of_range",
		"password_too_short", "password_too_long", "password_repeated", "password_sequence", "password_personal", "password_common"}
}

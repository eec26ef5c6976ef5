package store

import (
	"testing"
	"time"
)

func TestTextRules(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		line, txt string // wanted codes for a one-line field and for long text
	}{
		{"plain", "Ana López 李小龙", "", ""},
		{"empty", "", "", ""},
		{"emoji with ZWJ", "great work 👩‍💻", codeTextInvisible, ""},
		{"Persian ZWNJ", "می‌خواهم", codeTextInvisible, ""},
		{"newline and tab", "one\ntwo\tthree", codeTextControl, ""},
		{"carriage return", "one\rtwo", codeTextControl, codeTextControl}, // checkText normalises \r first
		{"NUL", "ab\x00c", codeTextControl, codeTextControl},
		{"bell", "ab\x07", codeTextControl, codeTextControl},
		{"DEL", "ab\x7f", codeTextControl, codeTextControl},
		{"C1 control", "ab\u0085", codeTextControl, codeTextControl},
		{"line separator", "a\u2028b", codeTextControl, ""},
		{"invalid UTF-8", "caf\xe9", codeTextEncoding, codeTextEncoding},
		{"truncated UTF-8", "李\xe5\xb0", codeTextEncoding, codeTextEncoding},
		{"replacement character", "caf\uFFFD", codeTextEncoding, codeTextEncoding},
		{"RLO override", "invoice\u202Efdp.exe", codeTextBidi, codeTextBidi},
		{"LRE embedding", "a\u202Ab", codeTextBidi, codeTextBidi},
		{"PDF", "a\u202Cb", codeTextBidi, codeTextBidi},
		{"RLI isolate", "a\u2067b", codeTextBidi, codeTextBidi},
		{"PDI", "a\u2069b", codeTextBidi, codeTextBidi},
		{"RLM mark", "שלום\u200F!", codeTextBidi, ""},
		{"LRM mark", "a\u200Eb", codeTextBidi, ""},
		{"ALM mark", "a\u061Cb", codeTextBidi, ""},
		{"zero-width space", "Al\u200Bice", codeTextInvisible, codeTextInvisible},
		{"word joiner", "Al\u2060ice", codeTextInvisible, codeTextInvisible},
		{"BOM inside", "Al\uFEFFice", codeTextInvisible, codeTextInvisible},
		{"control wins over bidi", "\u202E\x00", codeTextControl, codeTextControl},
	}
	for _, c := range cases {
		if got := lineProblem(c.in); got != c.line {
			t.Errorf("%s: lineProblem(%q) = %q, want %q", c.name, c.in, got, c.line)
		}
		v, verr := c.in, &ValidationError{}
		checkText(verr, 0, "f", &v)
		got := ""
		if len(verr.Problems) > 0 {
			got = verr.Problems[0].Code
		}
		if c.name == "carriage return" {
			// \r is a line break in long text: normalised to \n, then accepted.
			if got != "" || v != "one\ntwo" {
				t.Errorf("checkText(%q) = %q, %q; want accepted as %q", c.in, got, v, "one\ntwo")
			}
			continue
		}
		if got != c.txt {
			t.Errorf("%s: long text %q = %q, want %q", c.name, c.in, got, c.txt)
		}
	}
}

func TestCheckTextNormalisesLineBreaks(t *testing.T) {
	v := "a\r\nb\rc\n"
	if !checkText(&ValidationError{}, 0, "f", &v) || v != "a\nb\nc\n" {
		t.Fatalf("got %q", v)
	}
}

func TestDateWindows(t *testing.T) {
	today := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	cases := []struct {
		raw  string
		w    dateWindow
		code string
	}{
		{"2026-11-23", workDates, ""},
		{"2016-11-23", workDates, ""},
		{"2016-11-22", workDates, "date_out_of_range"},
		{"2036-11-23", workDates, ""},
		{"2036-11-24", workDates, "date_out_of_range"},
		{"0001-01-01", workDates, "date_out_of_range"},
		{"9999-12-31", workDates, "date_out_of_range"},
		{"1900-01-01", lifeDates, ""},
		{"1899-12-31", lifeDates, "date_out_of_range"},
		{"2100-12-31", lifeDates, ""},
		{"2101-01-01", lifeDates, "date_out_of_range"},
		{"0001-01-01", lifeDates, "date_out_of_range"},
		{"2026-02-30", lifeDates, "invalid_date"},
		{"23/11/2026", workDates, "invalid_date"},
		{" 2026-11-23 ", workDates, ""},
	}
	for _, c := range cases {
		verr := &ValidationError{}
		d, ok := checkDate(verr, 0, "d", c.raw, c.w, today)
		got := ""
		if len(verr.Problems) > 0 {
			got = verr.Problems[0].Code
		}
		if got != c.code || ok != (c.code == "") || (ok && d.IsZero()) {
			t.Errorf("checkDate(%q, %d) = %v, %v, %q; want code %q", c.raw, c.w, d, ok, got, c.code)
		}
	}
}

package views

import (
	"errors"
	"strconv"

	"lodestar/store"
)

// FieldErrors maps a field name to what is wrong with it (a problem code and detail).
type FieldErrors map[string]store.Problem

// ErrorsFrom turns a store validation error into per-field errors (first problem per field).
func ErrorsFrom(err error) FieldErrors {
	fe := FieldErrors{}
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			if _, seen := fe[p.Field]; !seen {
				fe[p.Field] = p
			}
		}
	}
	return fe
}

// Option is one choice of a select field; Key is translated.
type Option struct {
	Value string
	Key   string
	Text  string // used as-is when Key is empty (people's names, departments)
}

// ProblemText translates a problem: "problem.<code>" with its detail.
func (l Locale) ProblemText(p store.Problem) string {
	text := l.T("problem."+p.Code, p.Arg)
	if p.Allowed != "" {
		text = l.T("problem.invalid_choice_allowed", p.Arg, p.Allowed)
	}
	if p.Row > 0 {
		return l.T("problem.row", strconv.Itoa(p.Row), p.Field, text)
	}
	return text
}

package store

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with the input: which row (1-based, 0 for a single form),
// which field, and a code the views translate ("required", "invalid_date", …).
type Problem struct {
	Row   int
	Field string
	Code  string
	Arg   string // a detail for the message, e.g. the unknown manager's ID
}

// ValidationError carries every problem found, so forms and imports can show them all.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		s := p.Field + ": " + p.Code
		if p.Row > 0 {
			s = fmt.Sprintf("row %d: %s", p.Row, s)
		}
		if p.Arg != "" {
			s += " (" + p.Arg + ")"
		}
		parts = append(parts, s)
	}
	return "store: invalid input: " + strings.Join(parts, "; ")
}

// FieldProblem returns the first problem for a field, for showing next to that field.
func (e *ValidationError) FieldProblem(field string) (Problem, bool) {
	for _, p := range e.Problems {
		if p.Field == field {
			return p, true
		}
	}
	return Problem{}, false
}

func (e *ValidationError) add(row int, field, code, arg string) {
	e.Problems = append(e.Problems, Problem{Row: row, Field: field, Code: code, Arg: arg})
}

func (e *ValidationError) orNil() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

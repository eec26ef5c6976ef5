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
	// Allowed lists the accepted values ("a, b, c") when Code is "invalid_choice", so the
	// message can say what would have been right. A string keeps Problem comparable.
	Allowed string
}

// MaxProblems is how many problems a ValidationError lists; the rest are only counted, so
// a file of bad rows gets a short answer (the first problems and how many there were).
const MaxProblems = 100

// ValidationError carries the problems found, so forms and imports can show them together.
type ValidationError struct {
	Problems []Problem
	Omitted  int // problems found beyond the first MaxProblems
}

// Total is how many problems were found, listed or not.
func (e *ValidationError) Total() int { return len(e.Problems) + e.Omitted }

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
		if p.Allowed != "" {
			s += " allowed: " + p.Allowed
		}
		parts = append(parts, s)
	}
	if e.Omitted > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", e.Omitted))
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
	if len(e.Problems) >= MaxProblems {
		e.Omitted++
		return
	}
	e.Problems = append(e.Problems, Problem{Row: row, Field: field, Code: code, Arg: arg})
}

// addChoice records a value that is not one of allowed, listing the allowed values.
func (e *ValidationError) addChoice(row int, field, value string, allowed []string) {
	e.add(row, field, "invalid_choice", value)
	if n := len(e.Problems); n > 0 && e.Problems[n-1].Field == field && e.Problems[n-1].Allowed == "" {
		e.Problems[n-1].Allowed = strings.Join(allowed, ", ")
	}
}

func (e *ValidationError) orNil() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

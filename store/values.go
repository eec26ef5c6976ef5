package store

import (
	"context"
	"fmt"
	"strings"
)

// Value is one of the organisation's values, as other areas link to it.
type Value struct {
	ID        int64
	NameEN    string
	NameZH    string
	MeaningEN string
	MeaningZH string
	Retired   bool
}

// Name returns the value's name in lang ("en" or "zh"), falling back to the other language.
func (v Value) Name(lang string) string { return pick(lang, v.NameEN, v.NameZH) }

// Priority is one strategic priority of the service strategy.
type Priority struct {
	ID        int64
	NameEN    string
	NameZH    string
	SummaryEN string
	SummaryZH string
	Retired   bool
}

// Name returns the priority's name in lang, falling back to the other language.
func (p Priority) Name(lang string) string { return pick(lang, p.NameEN, p.NameZH) }

// pick is Pick (store/lang.go), the one content fallback rule.
func pick(lang, en, zh string) string { return Pick(lang, en, zh) }

// ListValues returns the values in order; retired ones only when asked (they stay
// linked from old records but are hidden from new use).
func (s *Store) ListValues(ctx context.Context, includeRetired bool) ([]Value, error) {
	q := "SELECT id, name_en, name_zh, meaning_en, meaning_zh, retired_at IS NOT NULL FROM culture_values"
	if !includeRetired {
		q += " WHERE retired_at IS NULL"
	}
	q += " ORDER BY position, id"
	// Kept under the board's number (recognition_kept.go): the board's month strip and its
	// value filter both list them, and most pages that link a value.
	return keptBoardRead(ctx, s, q, func() ([]Value, error) {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("store: list values: %w", err)
		}
		defer rows.Close()
		var out []Value
		for rows.Next() {
			var v Value
			if err := rows.Scan(&v.ID, &v.NameEN, &v.NameZH, &v.MeaningEN, &v.MeaningZH, &v.Retired); err != nil {
				return nil, fmt.Errorf("store: list values: %w", err)
			}
			out = append(out, v)
		}
		return out, rows.Err()
	})
}

// ListPriorities returns the strategic priorities in order.
func (s *Store) ListPriorities(ctx context.Context, includeRetired bool) ([]Priority, error) {
	q := "SELECT id, name_en, name_zh, summary_en, summary_zh, retired_at IS NOT NULL FROM strategic_priorities"
	if !includeRetired {
		q += " WHERE retired_at IS NULL"
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("store: list priorities: %w", err)
	}
	defer rows.Close()
	var out []Priority
	for rows.Next() {
		var p Priority
		if err := rows.Scan(&p.ID, &p.NameEN, &p.NameZH, &p.SummaryEN, &p.SummaryZH, &p.Retired); err != nil {
			return nil, fmt.Errorf("store: list priorities: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// bilingualSeparator joins the two languages of one flash argument.
const bilingualSeparator = "\x1f"

// BilingualArg is a flash argument written in both languages (a course title): the reader
// sees theirs.
func BilingualArg(en, zh string) string { return en + bilingualSeparator + zh }

// ArgIn is a flash argument in lang: one side of a BilingualArg (falling back to the other
// when empty), or the argument itself.
func ArgIn(arg, lang string) string {
	en, zh, ok := strings.Cut(arg, bilingualSeparator)
	if !ok {
		return arg
	}
	return pick(lang, en, zh)
}

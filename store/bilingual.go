package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// bilingualTitle validates a title typed in English and Chinese: one is required, the other
// optional, each a single line of at most max characters. A missing title is reported on
// the English field (the first of the pair on every form).
func bilingualTitle(verr *ValidationError, field, fieldZH, en, zh string, max int) (string, string) {
	en, zh = strings.TrimSpace(en), strings.TrimSpace(zh)
	one := func(f, v string) {
		if checkLine(verr, 0, f, v) && len([]rune(v)) > max {
			verr.add(0, f, "too_long", strconv.Itoa(max))
		}
	}
	if en == "" && zh == "" {
		verr.add(0, field, "required", "")
		return en, zh
	}
	one(field, en)
	one(fieldZH, zh)
	return en, zh
}

// Org unit kinds in org_unit_names.
const (
	UnitDepartment = "department"
	UnitTeam       = "team"
)

// OrgNames holds the Chinese names of departments and teams, keyed by the stored name.
// The zero value names nothing: every unit shows its stored name.
type OrgNames struct {
	zh map[string]string
}

func unitKey(kind, name string) string { return kind + "\x00" + name }

// Name is the unit's name in lang, falling back to the stored name.
func (n OrgNames) Name(lang, kind, name string) string {
	return pick(lang, name, n.zh[unitKey(kind, name)])
}

// ZH is the unit's Chinese name ("" when none is recorded).
func (n OrgNames) ZH(kind, name string) string { return n.zh[unitKey(kind, name)] }

// LoadOrgNames reads every recorded Chinese unit name (a few thousand at most: one row per
// department and team that has one).
func (s *Store) LoadOrgNames(ctx context.Context) (OrgNames, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT kind, name, name_zh FROM org_unit_names")
	if err != nil {
		return OrgNames{}, fmt.Errorf("store: org names: %w", err)
	}
	defer rows.Close()
	n := OrgNames{zh: map[string]string{}}
	for rows.Next() {
		var kind, name, zh string
		if err := rows.Scan(&kind, &name, &zh); err != nil {
			return OrgNames{}, fmt.Errorf("store: org names: %w", err)
		}
		n.zh[unitKey(kind, name)] = zh
	}
	return n, rows.Err()
}

// setUnitNameZH records the Chinese name of a department or team. An empty name or
// Chinese name changes nothing: a file or form that leaves the Chinese out keeps the
// name already known (the name is shared by everyone in the unit).
func setUnitNameZH(ctx context.Context, tx *sql.Tx, kind, name, zh string) error {
	if name == "" || zh == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO org_unit_names (kind, name, name_zh) VALUES (?, ?, ?)
		ON CONFLICT (kind, name) DO UPDATE SET name_zh = excluded.name_zh`, kind, name, zh)
	if err != nil {
		return fmt.Errorf("store: unit name: %w", err)
	}
	return nil
}

package views

import (
	"context"

	"lodestar/store"
)

// contentLang is the language content (titles, names people wrote) is shown in: every
// display of bilingual content picks through it and the store's …In(lang) helpers, which
// fall back to the other language when the reader's is empty.
func contentLang(ctx context.Context) string { return L(ctx).Lang }

type orgNamesKey struct{}

// WithOrgNames carries the Chinese names of departments and teams for one page (loaded by
// the handler for readers of a language other than English; see store.OrgNames).
func WithOrgNames(ctx context.Context, n store.OrgNames) context.Context {
	return context.WithValue(ctx, orgNamesKey{}, n)
}

// Dept and Team name a department or team stored by its name, in the reader's language.
func Dept(ctx context.Context, name string) string { return unitName(ctx, store.UnitDepartment, name) }
func Team(ctx context.Context, name string) string { return unitName(ctx, store.UnitTeam, name) }

func unitName(ctx context.Context, kind, name string) string {
	n, _ := ctx.Value(orgNamesKey{}).(store.OrgNames)
	return n.Name(contentLang(ctx), kind, name)
}

// deref is an optional text's value ("" when absent).
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// groupUnitName names a report group (a department, or a team with its department, told
// by the column label) in the reader's language.
func groupUnitName(ctx context.Context, labelKey string, g store.GroupRow) string {
	if labelKey != "people.team" {
		return Dept(ctx, g.Key)
	}
	if g.Department == "" {
		return Team(ctx, g.Team)
	}
	return Dept(ctx, g.Department) + " / " + Team(ctx, g.Team)
}

// fileUnit shows a unit as an HR file gives it: the name, and its Chinese name when the file
// has one (the preview shows the file, not what is stored).
func fileUnit(name string, zh *string) string {
	if deref(zh) == "" || deref(zh) == name {
		return name
	}
	return name + " (" + *zh + ")"
}

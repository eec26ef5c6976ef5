package store

import "strings"

// Culture sections and change kinds, as DiffCulture reports them (views translate
// "culture.section.<section>", "culture.change.<kind>" and "culture.field.<field>").
var (
	CultureSections    = []string{"vision", "mission", "strategy", "priority", "value"}
	CultureChangeKinds = []string{"added", "removed", "changed"}
	CultureFields      = []string{"text", "name", "summary", "meaning", "behaviours"}
)

// CultureFieldChange is one field of a section with its old and new text.
type CultureFieldChange struct {
	Field string
	Old   Text
	New   Text
}

// CultureChange is one section that differs between two versions: vision, mission or
// strategy (Kind "changed", or "added"/"removed" when one side is empty), or one priority or
// value, matched by id (renamed keeps the id; retired counts as removed).
type CultureChange struct {
	Section string
	Kind    string
	ID      int64
	OldName Text
	NewName Text
	Fields  []CultureFieldChange // only the fields that differ (all non-empty ones for added/removed)
}

// DiffCulture lists the sections that differ from old to new, in document order.
func DiffCulture(old, new CultureDoc) []CultureChange {
	var out []CultureChange
	for _, sec := range []struct {
		name     string
		old, new Text
	}{{"vision", old.Vision, new.Vision}, {"mission", old.Mission, new.Mission}, {"strategy", old.Strategy, new.Strategy}} {
		if c, ok := diffFields(sec.name, 0, Text{}, Text{}, []CultureFieldChange{{"text", sec.old, sec.new}}); ok {
			out = append(out, c)
		}
	}
	// Priorities and values: matched by id; new rows (id 0) never match.
	pOld := map[int64]CulturePriority{}
	for _, p := range old.ActivePriorities() {
		if p.ID != 0 {
			pOld[p.ID] = p
		}
	}
	pSeen := map[int64]bool{}
	for _, p := range new.ActivePriorities() {
		o, ok := pOld[p.ID]
		if p.ID == 0 || !ok {
			o = CulturePriority{}
		}
		pSeen[p.ID] = ok && p.ID != 0
		if c, ok := diffFields("priority", p.ID, o.Name, p.Name, []CultureFieldChange{
			{"name", o.Name, p.Name}, {"summary", o.Summary, p.Summary}}); ok {
			out = append(out, c)
		}
	}
	for _, p := range old.ActivePriorities() {
		if p.ID == 0 || !pSeen[p.ID] {
			if c, ok := diffFields("priority", p.ID, p.Name, Text{}, []CultureFieldChange{
				{"name", p.Name, Text{}}, {"summary", p.Summary, Text{}}}); ok {
				out = append(out, c)
			}
		}
	}
	vOld := map[int64]CultureValue{}
	for _, v := range old.ActiveValues() {
		if v.ID != 0 {
			vOld[v.ID] = v
		}
	}
	vSeen := map[int64]bool{}
	for _, v := range new.ActiveValues() {
		o, ok := vOld[v.ID]
		if v.ID == 0 || !ok {
			o = CultureValue{}
		}
		vSeen[v.ID] = ok && v.ID != 0
		if c, ok := diffFields("value", v.ID, o.Name, v.Name, []CultureFieldChange{
			{"name", o.Name, v.Name}, {"meaning", o.Meaning, v.Meaning}, {"behaviours", o.Behaviours, v.Behaviours}}); ok {
			out = append(out, c)
		}
	}
	for _, v := range old.ActiveValues() {
		if v.ID == 0 || !vSeen[v.ID] {
			if c, ok := diffFields("value", v.ID, v.Name, Text{}, []CultureFieldChange{
				{"name", v.Name, Text{}}, {"meaning", v.Meaning, Text{}}, {"behaviours", v.Behaviours, Text{}}}); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

func diffFields(section string, id int64, oldName, newName Text, fields []CultureFieldChange) (CultureChange, bool) {
	c := CultureChange{Section: section, ID: id, OldName: oldName, NewName: newName}
	oldEmpty, newEmpty := true, true
	for _, f := range fields {
		if !f.Old.Empty() {
			oldEmpty = false
		}
		if !f.New.Empty() {
			newEmpty = false
		}
		if f.Old.trimmed() != f.New.trimmed() {
			c.Fields = append(c.Fields, f)
		}
	}
	switch {
	case len(c.Fields) == 0:
		return c, false
	case oldEmpty:
		c.Kind = "added"
	case newEmpty:
		c.Kind = "removed"
	default:
		c.Kind = "changed"
	}
	return c, true
}

// DiffLine is one line of a line-based diff: Op is "same", "del" or "add".
type DiffLine struct {
	Op   string
	Text string
}

// LineDiff compares two texts line by line (longest common subsequence).
func LineDiff(old, new string) []DiffLine {
	a, b := splitLines(old), splitLines(new)
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{"same", a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{"del", a[i]})
			i++
		default:
			out = append(out, DiffLine{"add", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, DiffLine{"del", a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, DiffLine{"add", b[j]})
	}
	return out
}

func splitLines(s string) []string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

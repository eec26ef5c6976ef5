package views

import (
	"bytes"
	"context"
	"sort"

	"github.com/a-h/templ"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"

	"lodestar/store"
)

// RenderMarkdown turns user-written markdown into HTML that is safe to show: goldmark
// renders it, then bluemonday's UGC policy removes scripts, event handlers and unsafe
// links. It runs every time content is shown; rendered HTML is never stored.
func RenderMarkdown(src string) string {
	var buf bytes.Buffer
	if err := goldmark.Convert([]byte(src), &buf); err != nil {
		return strictPolicy.Sanitize(src)
	}
	return ugcPolicy.Sanitize(buf.String())
}

// The sanitising policies are built once: building UGCPolicy took two thirds of the culture
// page's time. A built policy is never changed afterwards and is safe for concurrent use.
var (
	ugcPolicy    = bluemonday.UGCPolicy()
	strictPolicy = bluemonday.StrictPolicy()
)

// Markdown renders user-written markdown, sanitised (see RenderMarkdown).
func Markdown(src string) templ.Component {
	return templ.Raw(RenderMarkdown(src))
}

// cultureFieldDiff is the line diff of one changed field in the reader's language; when
// that language's text did not change (only the other one did), it is the other
// language's diff, and shown says which language the lines are in.
func cultureFieldDiff(lang string, f store.CultureFieldChange) (shown string, lines []store.DiffLine) {
	in := func(t store.Text, lang string) string {
		if lang == store.LangHant {
			return store.ToTraditional(t.ZH)
		}
		if lang == store.LangZH {
			return t.ZH
		}
		return t.EN
	}
	shown = lang
	if in(f.Old, lang) == in(f.New, lang) {
		shown = store.LangZH
		if store.IsChinese(lang) {
			shown = store.LangEN
		}
	}
	return shown, store.LineDiff(in(f.Old, shown), in(f.New, shown))
}

// cultureChangeName is the heading of a changed priority or value: its new name, or
// its old one when it was removed.
func cultureChangeName(lang string, c store.CultureChange) string {
	if c.NewName.Empty() {
		return c.OldName.In(lang)
	}
	return c.NewName.In(lang)
}

func cultureDiffClass(op string) string {
	switch op {
	case "add":
		return "diff-add"
	case "del":
		return "diff-del"
	}
	return "diff-same"
}

func cultureKindTone(kind string) string {
	switch kind {
	case "added":
		return "ok"
	case "removed":
		return "bad"
	}
	return "warn"
}

// cultureDeptGroup is the people of one department, for the leaders' "not read" list.
type cultureDeptGroup struct {
	Department string
	People     []store.Person
}

// cultureByDepartment groups people by department, departments in name order, people in
// the order given.
func cultureByDepartment(people []store.Person) []cultureDeptGroup {
	var out []cultureDeptGroup
	index := map[string]int{}
	for _, p := range people {
		i, ok := index[p.Department]
		if !ok {
			i = len(out)
			index[p.Department] = i
			out = append(out, cultureDeptGroup{Department: p.Department})
		}
		out[i].People = append(out[i].People, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Department < out[j].Department })
	return out
}

func cultureDeptLabel(ctx context.Context, department string) string {
	if department == "" {
		return T(ctx, "culture.not_set")
	}
	return Dept(ctx, department)
}

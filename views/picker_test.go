package views

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// pickerRowsShown reads a picker's list as value:checked rows, the chosen list and the others.
func pickerRowsShown(doc *goquery.Document, testid string) (chosen, others []string) {
	read := func(list string) []string {
		var out []string
		doc.Find(`[data-testid=` + list + `] input[data-testid=` + testid + `]`).Each(func(_ int, s *goquery.Selection) {
			row := s.AttrOr("value", "") + ":" + s.AttrOr("type", "")
			if _, ok := s.Attr("checked"); ok {
				row += ":checked"
			}
			out = append(out, row)
		})
		return out
	}
	return read("picker-chosen"), read("picker-others")
}

// The person and goal pickers list their rows with one component: the chosen first and
// ticked, each once; a heading over the others only when there are some; the goal picker's
// "no parent" choice unless a proposal, and its line when more goals match than are listed.
func TestPickerListsShared(t *testing.T) {
	ctx := WithLocale(context.Background(), Locale{Lang: "en"})
	ann := store.PersonHit{EmployeeID: "E1", Name: "Ann", Team: "Voice 1"}
	bo := store.PersonHit{EmployeeID: "E2", Name: "Bo"}
	people := PersonPickerData{Name: "to", Multiple: true, LabelKey: "recognition.to_label", SearchName: "q",
		Query: "a", Chosen: []store.PersonHit{ann, ann}, Results: []store.PersonHit{ann, bo},
		Suggested: []store.PersonHit{bo}, SuggestedKey: "goalpick.suggested"}
	doc := renderDoc(t, ctx, PersonPicker(people))
	chosen, others := pickerRowsShown(doc, "picker-person")
	if !slices.Equal(chosen, []string{"E1:checkbox:checked"}) || !slices.Equal(others, []string{"E2:checkbox"}) {
		t.Errorf("people: chosen %v, others %v", chosen, others)
	}
	if got := doc.Find(`[data-picker-row=E1] .muted`).Text(); got != "E1 · Voice 1" {
		t.Errorf("a person's line = %q", got)
	}
	if got := doc.Find(`[data-testid=picker-heading]`).Text(); got != "Matches for “a”" {
		t.Errorf("people heading = %q", got)
	}
	people.Multiple, people.Query, people.Chosen = false, "", nil
	doc = renderDoc(t, ctx, PersonPicker(people))
	if chosen, others = pickerRowsShown(doc, "picker-person"); len(chosen) != 0 || !slices.Equal(others, []string{"E2:radio"}) {
		t.Errorf("one person, before a search: chosen %v, others %v", chosen, others)
	}
	if got := doc.Find(`[data-testid=picker-heading]`).Text(); got != "Goals you may choose" {
		t.Errorf("suggestions' heading = %q", got)
	}
	people.Chosen = []store.PersonHit{bo}
	doc = renderDoc(t, ctx, PersonPicker(people))
	if n := doc.Find(`[data-testid=picker-heading], [data-testid=picker-others]`).Length(); n != 0 {
		t.Errorf("nothing but the chosen: %d heading/list shown", n)
	}

	company := &store.Goal{ID: 1, Title: "Delight", Level: store.LevelCompany}
	inbound := &store.Goal{ID: 2, Title: "Inbound CSAT", Level: store.LevelDepartment, Department: "Inbound"}
	goals := GoalParentPickerData{SearchAction: "/goals/new", Src: "/goals/pick", Chosen: inbound,
		Query: "c", Goals: []*store.Goal{company, inbound}, More: true}
	doc = renderDoc(t, ctx, GoalParentPicker(goals))
	chosen, others = pickerRowsShown(doc, "picker-goal")
	if !slices.Equal(chosen, []string{":radio", "2:radio:checked"}) || !slices.Equal(others, []string{"1:radio"}) {
		t.Errorf("goals: chosen %v, others %v", chosen, others)
	}
	if got := strings.TrimSpace(doc.Find(`[data-picker-row=""]`).Text()); got != "None (a top-level goal)" {
		t.Errorf("no parent row = %q", got)
	}
	if got := doc.Find(`[data-picker-row="1"] .muted`).Text(); !strings.Contains(got, "Company") {
		t.Errorf("a goal's line = %q", got)
	}
	if doc.Find(`[data-testid=picker-more]`).Length() != 1 || doc.Find(`[data-testid=picker-heading]`).Text() != "Matches for “c”" {
		t.Error("goals: no 'more' line or wrong heading")
	}
	goals.Proposal, goals.Chosen, goals.Query, goals.More = true, nil, "", false
	doc = renderDoc(t, ctx, GoalParentPicker(goals))
	chosen, others = pickerRowsShown(doc, "picker-goal")
	if len(chosen) != 0 || !slices.Equal(others, []string{"1:radio", "2:radio"}) || doc.Find(`[data-testid=picker-more]`).Length() != 0 {
		t.Errorf("proposal: chosen %v, others %v", chosen, others)
	}
	if got := doc.Find(`[data-testid=picker-heading]`).Text(); got != "Goals you may choose" {
		t.Errorf("proposal heading = %q", got)
	}
}

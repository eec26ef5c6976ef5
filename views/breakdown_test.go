package views

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"lodestar/store"
)

// The drill-down every report shares: links keep the page's filters and name the department
// as the page does; the drilled-into department's figures sit in a block (not a <p>, which
// a bar cannot be inside); the phone orders come in the order given, labelled as their
// columns; the pager keeps the team chosen while a new order drops it.
func TestBreakdownTableSharedShape(t *testing.T) {
	ctx := WithLocale(context.Background(), Locale{Lang: "en"})
	links := BreakdownLinks{Path: "/training/team", DeptParam: "department", Keep: url.Values{"course": {"3"}}}
	if got, want := links.Href(store.BreakdownQuery{Department: "D2", Sort: store.SortNeeded, Page: 2}, "Team 7"),
		"/training/team?course=3&department=D2&page=2&team=Team+7#breakdown"; got != want {
		t.Errorf("href = %s, want %s", got, want)
	}
	if got, want := ReportHref(store.Check{ID: 4}, store.BreakdownQuery{Department: "D1", Sort: store.SortRate, Reverse: true}),
		"/checks/4/report?dept=D1&dir=rev&sort=rate#breakdown"; got != want {
		t.Errorf("report href = %s, want %s", got, want)
	}

	b := Breakdown{
		TestID: "some-breakdown", Links: links, Team: "Team 7",
		Query:        store.BreakdownQuery{Department: "D2", Sort: store.SortRate, Page: 2},
		ByDepartment: "Departments", ByTeam: "Teams",
		Figures: ProgressBar(0.5, "", 0, "half"),
		Table:   "some-table",
		Columns: []BreakdownColumn{
			{Label: "Team", Sort: store.SortName}, {Label: "People"}, {Label: "Done", Sort: store.SortRate}, {Label: "Behind", Sort: store.SortNeeded},
		},
		PhoneOrders: []string{store.SortNeeded, store.SortName},
		Shown:       1, Total: 51,
	}
	row := templ.Raw(`<tr data-testid="a-row"><td>x</td></tr>`)
	doc := renderDoc(t, templ.WithChildren(ctx, row), BreakdownTable(b))

	if doc.Find(`[data-testid=department-figures] .progress`).Length() != 1 {
		t.Error("the department's bar is not inside its figures")
	}
	form := doc.Find(`[data-testid=team-search]`)
	if action, _ := form.Attr("action"); action != "/training/team#breakdown" {
		t.Errorf("search goes to %s", action)
	}
	var hidden []string
	form.Find(`input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
		hidden = append(hidden, s.AttrOr("name", "")+"="+s.AttrOr("value", ""))
	})
	if !slices.Equal(hidden, []string{"course=3", "department=D2"}) {
		t.Errorf("search keeps %v", hidden)
	}
	var phone []string
	doc.Find(`[data-testid=sort-phone] a`).Each(func(_ int, s *goquery.Selection) { phone = append(phone, strings.TrimSpace(s.Text())) })
	if !slices.Equal(phone, []string{"Behind", "Team"}) {
		t.Errorf("phone orders = %v", phone)
	}
	if doc.Find(`[data-testid=some-table] thead th`).Eq(1).Find("a").Length() != 0 {
		t.Error("an unsorted column links to an order")
	}
	cur := doc.Find(`[data-testid=sort-rate]`)
	if _, ok := cur.Attr("aria-current"); !ok {
		t.Error("the current order is not marked")
	}
	if href := cur.AttrOr("href", ""); href != "/training/team?course=3&department=D2&dir=rev&sort=rate#breakdown" {
		t.Errorf("second click on the current order: %s", href)
	}
	if doc.Find(`[data-testid=some-table] tbody [data-testid=a-row]`).Length() != 1 {
		t.Error("the rows are not in the table")
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid=rows-shown]`).Text()); got != "Showing 51–51 of 51" {
		t.Errorf("rows shown = %q", got)
	}
	if href := doc.Find(`[data-testid=prev-page]`).AttrOr("href", ""); href != "/training/team?course=3&department=D2&sort=rate&team=Team+7#breakdown" {
		t.Errorf("previous page = %s", href)
	}
	if doc.Find(`[data-testid=next-page]`).Length() != 0 {
		t.Error("a next page after the last row")
	}

	// No rows: the search's word, no table.
	b.Query, b.Shown, b.Total = store.BreakdownQuery{Search: "zzz"}, 0, 0
	doc = renderDoc(t, templ.WithChildren(ctx, row), BreakdownTable(b))
	if got := strings.TrimSpace(doc.Find(`[data-testid=no-rows]`).Text()); !strings.Contains(got, "zzz") || doc.Find("table").Length() != 0 {
		t.Errorf("no rows: %q, %d tables", got, doc.Find("table").Length())
	}
	if got := doc.Find("h2").Text(); got != "Teams" {
		t.Errorf("a search's heading = %q", got)
	}
}

func renderDoc(t *testing.T, ctx context.Context, c templ.Component) *goquery.Document {
	t.Helper()
	var b strings.Builder
	if err := c.Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

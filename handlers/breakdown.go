package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"lodestar/store"
	"lodestar/views"
)

// breakdownQuery reads a drill-down's query: the department (in the parameter deptParam),
// team search, order (one of sorts, else the default) and page.
func breakdownQuery(r *http.Request, deptParam string, sorts ...string) store.BreakdownQuery {
	qv := r.URL.Query()
	q := store.BreakdownQuery{Department: qv.Get(deptParam), Search: strings.TrimSpace(qv.Get("q")), Sort: qv.Get("sort"),
		Reverse: qv.Get("dir") == "rev"}
	if !slices.Contains(sorts, q.Sort) {
		q.Sort = ""
	}
	q.Page, _ = strconv.Atoi(qv.Get("page"))
	q.Page = max(q.Page, 1)
	return q
}

// unitBreakdownQuery reads a training or culture drill-down's query (department and team
// name the unit, as the pages' filters do).
func unitBreakdownQuery(r *http.Request) store.BreakdownQuery {
	return breakdownQuery(r, "department", store.SortNeeded, store.SortRate, store.SortName)
}

// unitBreakdownData wraps a breakdown for the page at path, keeping the page's other
// parameters (its filters) in every link.
func unitBreakdownData(r *http.Request, path, area string, q store.BreakdownQuery, b store.UnitBreakdown) views.UnitBreakdownData {
	keep := url.Values{}
	for k, vs := range r.URL.Query() {
		switch k {
		case "department", "team", "q", "sort", "dir", "page":
		default:
			keep[k] = vs
		}
	}
	return views.UnitBreakdownData{Path: path, Keep: keep, Area: area, Query: q, Team: r.URL.Query().Get("team"), B: b}
}

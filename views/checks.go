package views

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"lodestar/store"
)

// Rate text and verdicts of the 80% check. Percentages are rounded down (store.FloorPercent)
// so a group short of the target is never shown at the target.

// CheckRateText is "76% · 152 of 200".
func CheckRateText(ctx context.Context, n, of int) string {
	l := L(ctx)
	return l.T("checks.rate_of", strconv.Itoa(store.FloorPercent(n, of))+"%", l.Num(n), l.Num(of))
}

// CheckVerdict says in words whether a group meets the target.
func CheckVerdict(ctx context.Context, c store.Counts, targetPct int) string {
	l := L(ctx)
	target := strconv.Itoa(targetPct) + "%"
	switch {
	case c.Eligible == 0:
		return l.T("checks.verdict_nobody")
	case store.MeetsTarget(c.Understood, c.Eligible, targetPct):
		return l.T("checks.verdict_meets", target)
	}
	need := store.PeopleNeeded(c.Understood, c.Eligible, targetPct)
	return l.T("checks.verdict_short", target, strconv.Itoa(store.FloorPercent(c.Understood, c.Eligible))+"%",
		l.N("checks.more_people", need))
}

// CheckVerdictTone is the pill colour of a verdict (the words always say it too).
func CheckVerdictTone(c store.Counts, targetPct int) string {
	switch {
	case c.Eligible == 0:
		return "neutral"
	case store.MeetsTarget(c.Understood, c.Eligible, targetPct):
		return "ok"
	}
	return "bad"
}

// CheckResultText translates a per-person result.
func CheckResultText(ctx context.Context, result string) string {
	return T(ctx, "checks.result."+result)
}

// CheckResultTone colours a result.
func CheckResultTone(result string) string {
	switch result {
	case store.ResultUnderstood:
		return "ok"
	case store.ResultPendingReview:
		return "warn"
	case store.ResultNotUnderstood:
		return "bad"
	}
	return "neutral"
}

// CheckMethodText translates an evidence method ("" for none).
func CheckMethodText(ctx context.Context, method string) string {
	if method == "" {
		return "—"
	}
	return T(ctx, "checks.method."+method)
}

// CheckStatusText translates a check's state.
func CheckStatusText(ctx context.Context, status string) string {
	return T(ctx, "checks.status."+status)
}

// CheckRuleText describes the long-term rule: "Permanent, at least 90 days' tenure on the opening date".
func CheckRuleText(ctx context.Context, c store.Check) string {
	var types []string
	for _, t := range c.EmploymentTypes {
		types = append(types, EmploymentText(ctx, t))
	}
	sep := ", "
	if L(ctx).Chinese() {
		sep = "、"
	}
	return T(ctx, "checks.rule_text", strings.Join(types, sep), strconv.Itoa(c.MinTenureDays))
}

// CheckCultureText says which culture version a check tests: the recorded number, else (a
// scheduled check) the one published when it opens, else that none had been published.
func CheckCultureText(ctx context.Context, c store.Check) string {
	switch {
	case c.CultureVersion != 0:
		return T(ctx, "checks.culture_version_rule", strconv.FormatInt(c.CultureVersion, 10))
	case c.Status == store.CheckScheduled:
		return T(ctx, "checks.culture_version_at_opening")
	default:
		return T(ctx, "checks.culture_version_none")
	}
}

func checkHref(c store.Check, suffix string) string {
	return fmt.Sprintf("/checks/%d%s", c.ID, suffix)
}

func pctString(n, of int) string { return strconv.Itoa(store.FloorPercent(n, of)) + "%" }

// CheckQueueButton is the report's link to the review queue: its total, and how many of
// those answers are practice (never counted), so it reconciles with the report's figures.
func CheckQueueButton(ctx context.Context, q store.ReviewQueueSummary) string {
	if q.Practice == 0 {
		return L(ctx).N("checks.review_queue_count", q.Total)
	}
	return L(ctx).N("checks.review_queue_practice", q.Total, L(ctx).Num(q.Practice))
}

// CheckReviewerText names who reviewed the deciding attempt or recorded the deciding
// interview: a person's name, or the API token that posted the interview.
func CheckReviewerText(ctx context.Context, o store.Outcome) string {
	if o.ReviewerToken {
		return T(ctx, "checks.recorded_via_token", o.Reviewer)
	}
	return o.Reviewer
}

// CheckRecorderText names who recorded an interview: a person, or the API token that posted it.
func CheckRecorderText(ctx context.Context, iv store.Interview) string {
	if iv.RecorderName == "" && iv.RecorderToken != "" {
		return T(ctx, "checks.recorded_via_token", iv.RecorderToken)
	}
	return iv.RecorderName
}

// ReportHref links the report page with a breakdown query (department, search, order, page),
// landing on the breakdown section.
func ReportHref(c store.Check, q store.BreakdownQuery) string {
	return reportLinks(c).Href(q, "")
}

// CheckListHref is the page of one of the report's people lists (from the person after
// f.AfterEmployeeID when it is set).
func CheckListHref(c store.Check, f store.ReportList) string {
	q := url.Values{}
	if f.Left {
		q.Set("list", "left")
	}
	if f.Department != "" {
		q.Set("dept", f.Department)
	}
	if f.Result != "" {
		q.Set("result", f.Result)
	}
	if f.AfterEmployeeID != "" {
		q.Set("after_name", f.AfterName)
		q.Set("after", f.AfterEmployeeID)
	}
	if len(q) == 0 {
		return checkHref(c, "/report/people")
	}
	return checkHref(c, "/report/people?"+q.Encode())
}

// checkCountHref links a count of the report to the n people it counts ("" when none).
func checkCountHref(c store.Check, f store.ReportList, n int) string {
	if n == 0 {
		return ""
	}
	return CheckListHref(c, f)
}

// checkListTitle names one of the report's people lists.
func checkListTitle(ctx context.Context, f store.ReportList) string {
	switch {
	case f.Left:
		return T(ctx, "checks.left_title")
	case f.Result == store.ResultNoResponse && f.Department == "":
		return T(ctx, "checks.non_respondents")
	case f.Department != "":
		return T(ctx, "report.people_in", Dept(ctx, f.Department))
	}
	return T(ctx, "checks.people")
}

// checkListNamesResult tells whether the list page shows the list's result beside its title
// (a result the title does not already say).
func checkListNamesResult(f store.ReportList) bool {
	return f.Result != "" && !(f.Result == store.ResultNoResponse && f.Department == "")
}

func reportLinks(c store.Check) BreakdownLinks {
	return BreakdownLinks{Path: checkHref(c, "/report"), DeptParam: "dept"}
}

// breakdown is the report's drill-down around its rows: understanding rate against the
// target, eligible people, and people still needed.
func (d CheckReportData) breakdown(ctx context.Context) Breakdown {
	c, q, dept := d.Summary.Check, d.Query, d.Summary.Department.Counts
	table := "by-department"
	if q.Teams() {
		table = "by-team"
	}
	return Breakdown{
		TestID: "breakdown", Links: reportLinks(c), Query: q,
		ByDepartment: T(ctx, "checks.by_department"), ByTeam: T(ctx, "checks.by_team"),
		Figures: ProgressBar(dept.Rate(), CheckVerdictTone(dept, c.TargetPct), float64(c.TargetPct)/100, CheckVerdict(ctx, dept, c.TargetPct)),
		Table:   table,
		Columns: []BreakdownColumn{
			{Label: breakdownLabel(ctx, q), Sort: store.SortName},
			{Label: T(ctx, "checks.understanding_rate"), Sort: store.SortRate},
			{Label: T(ctx, "report.eligible"), Sort: store.SortEligible},
			{Label: T(ctx, "report.needed"), Sort: store.SortNeeded},
		},
		PhoneOrders: []string{store.SortNeeded, store.SortRate, store.SortEligible, store.SortName},
		Shown:       len(d.Summary.Rows), Total: d.Summary.RowsTotal,
	}
}

// checkRightOptions lists a question's right options in the reader's language.
func checkRightOptions(ctx context.Context, q store.AnsweredQuestion) string {
	var out []string
	for _, o := range q.Options {
		if o.Correct {
			out = append(out, o.Text(trainingLang(ctx)))
		}
	}
	return strings.Join(out, T(ctx, "checks.list_sep"))
}

package handlers_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"lodestar/store"
)

// The culture hub and the goal pages in 简体中文 on a 375 px phone, for the leader, the
// manager and the agent: every page fits the screen, passes axe-core, is headed in Chinese
// and shows no English interface text. Words people wrote themselves (goal titles, KPI names,
// names of people, departments and teams, check-in comments) are single-language by design
// and are left out of the check; everything else on the page must be Chinese.
//
// LODESTAR_SCREENSHOTS=1 go test -run BrowserCultureZh -artifacts -outputdir /tmp/art ./handlers/
// keeps a full-page screenshot of every page visited.
func TestBrowserCultureZhOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	ctx := context.Background()
	user := cultureZhUserWords(t, site)

	// The agent's own goal with its months of check-ins.
	goals, err := site.store.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var agentGoal *store.Goal
	for _, g := range goals.All {
		if g.Level == store.LevelPerson && g.OwnerEID == "agent" && g.CheckInCount > 1 && g.State == store.GoalActive {
			agentGoal = g
			break
		}
	}
	if agentGoal == nil {
		t.Fatal("the demo has no personal goal of the agent with check-ins")
	}
	agentGoalPath := fmt.Sprintf("/goals/%d", agentGoal.ID)

	// The leader: the whole culture hub, the editor and its preview, the goal pages, and a
	// new company goal aligned to a value.
	b := site.browser(t)
	b.phone()
	b.signInAs("leader")
	cultureZhSwitch(b)
	cultureZhPage(b, user, "/culture", "h1", "企业文化")
	if n := b.count(`[data-testid=culture-value]`); n < 4 {
		t.Errorf("/culture shows %d values, want the demo's four or more", n)
	}
	cultureZhPage(b, user, "/culture/versions", "h1", "历史版本")
	cultureZhPage(b, user, "/culture/versions/1", "h1", "第 1 版")
	cultureZhPage(b, user, "/culture/changes", "h1", "版本变化")
	// Version 2 renamed a value in English only: the Chinese reader is told so, and the
	// English lines are marked as English.
	if got := b.texts(`[data-testid=diff-other-language]`); len(got) == 0 || !strings.Contains(got[0], "仅英文版本") {
		t.Errorf("/culture/changes: an English-only change is not labelled as one: %q", got)
	}
	if got := b.attr(`[data-testid=diff-other-language] + [data-testid=diff]`, "lang"); got != "en" {
		t.Errorf("/culture/changes: the English-only diff has lang %q", got)
	}
	cultureZhPage(b, user, "/culture/acknowledgements", "h1", "阅读确认")
	cultureZhPage(b, user, "/culture/edit", "h1", "编辑企业文化")
	for _, f := range []string{"#f-vision_en", "#f-p0_name_en", "#f-v0_behaviours_en"} {
		if got := b.attr(f, "lang"); got != "en" {
			t.Errorf("/culture/edit: %s has lang %q, want en (a screen reader reads it in English)", f, got)
		}
	}
	b.clickAndWait(`[data-testid=save-draft]`)
	if p := b.path(); p != "/culture/draft" {
		t.Fatalf("saving the draft led to %s", p)
	}
	cultureZhCheck(b, user, "/culture/draft", "h1", "")
	cultureZhPage(b, user, "/goals", "h1", "我的目标")
	if got := b.attr(`[data-testid=empty] a`, "href"); got != "/goals/tree" {
		t.Errorf("the leader's empty My goals links to %q, want the goal tree", got)
	}
	cultureZhTree(b, user)
	cultureZhPage(b, user, agentGoalPath, "h2", "")
	if n := b.count(`[data-testid=goal-checkins] tbody tr`); n < 2 {
		t.Errorf("the agent's goal shows %d check-ins", n)
	}
	cultureZhPage(b, user, "/goals/new", "h1", "新建目标")

	// A new company goal aligned to a value: the goal page names the value in Chinese.
	values, err := site.store.ListValues(ctx, false)
	if err != nil || len(values) == 0 {
		t.Fatalf("values: %v (%d)", err, len(values))
	}
	value := values[len(values)-1]
	title := "Warm greetings on every call"
	user.phrases = append([]string{title, "Greeting score"}, user.phrases...)
	b.fill(`#f-title`, title)
	browserEval[bool](b, fmt.Sprintf(`(document.querySelector("#f-owner").value = "company",
		document.querySelector("#f-value_id").value = %q, true)`, fmt.Sprint(value.ID)))
	b.fill(`#f-kpi`, "Greeting score")
	b.fill(`#f-baseline`, "70")
	b.fill(`#f-target`, "90")
	b.submitAndWait(`[data-testid=goal-form]`)
	if !strings.HasPrefix(b.path(), "/goals/") || b.count(`[data-testid=goal-value]`) != 1 {
		t.Fatalf("creating the goal led to %s: %q", b.path(), b.texts(`.error-text, .flash`))
	}
	if got := b.text(`[data-testid=goal-value]`); got != value.NameZH {
		t.Errorf("goal page names the value %q, want %q", got, value.NameZH)
	}
	cultureZhPage(b, user, b.path(), "h2", "")
	if h := browserEval[float64](b, `document.querySelector("[data-testid=goal-value]").getBoundingClientRect().height`); h < 44 {
		t.Errorf("the value's link is %.0f px tall, a tap target needs 44", h)
	}
	b.clickAndWait(`[data-testid=goal-value]`)
	if got := browserEval[string](b, `(document.querySelector(":target h3") || {}).textContent || ""`); got != value.NameZH {
		t.Errorf("the value's link lands on %q, want the value %q on /culture", got, value.NameZH)
	}

	// The manager: the team's acknowledgement report and the team's goals.
	m := site.browser(t)
	m.phone()
	m.signInAs("manager")
	cultureZhSwitch(m)
	cultureZhPage(m, user, "/culture/acknowledgements", "h1", "")
	if m.count(`[data-testid=ack-team]`) != 1 {
		t.Error("the manager's report has no tile for the team")
	}
	cultureZhPage(m, user, "/goals/team", "h1", "团队目标")
	if m.count(`[data-testid=goal-proposals]`) != 1 {
		t.Error("the manager's team goals show no proposal waiting for approval")
	}
	// The approve button sits beside or below the proposal, never in the middle of its text.
	if overlap := browserEval[bool](m, `(function () {
		var a = document.querySelector(".goal-proposal > span").getBoundingClientRect();
		var b = document.querySelector(".goal-proposal button").getBoundingClientRect();
		return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
	})()`); overlap {
		t.Error("/goals/team: the approve button overlaps the proposal's title and proposer")
	}

	// The agent: her goals under the chain up to the strategy, her goal, the proposal form.
	a := site.browser(t)
	a.phone()
	a.signInAs("agent")
	cultureZhSwitch(a)
	cultureZhPage(a, user, "/goals", "h1", "我的目标")
	if n := a.count(`[data-testid=my-goals] [data-testid=goal-chain]`); n == 0 {
		t.Error("the agent's goals show no chain up to the strategy")
	}
	cultureZhPage(a, user, agentGoalPath, "h2", "")
	if a.count(`[data-testid=checkin-form]`) != 1 {
		t.Error("the agent cannot record a check-in on her own goal")
	}
	cultureZhPage(a, user, "/goals/new", "h1", "提议个人目标")
	cultureZhPage(a, user, "/culture", "h1", "企业文化")
}

// cultureZhSwitch switches the signed-in person to 简体中文 with the footer switch.
func cultureZhSwitch(b *browser) {
	b.t.Helper()
	b.open("/")
	b.selectAndWait(`[data-testid=language-switch] select`, "zh")
	if got := b.attr("html", "lang"); got != "zh-Hans" {
		b.t.Fatalf("after the switch: html lang %q, want zh-Hans", got)
	}
}

// cultureZhPage opens path on the phone and checks it (see cultureZhCheck).
func cultureZhPage(b *browser, user cultureZhUser, path, heading, want string) {
	b.t.Helper()
	b.checkNoSidewaysScroll(path) // opens the page
	cultureZhCheck(b, user, path, heading, want)
}

// cultureZhCheck checks the page on screen: Chinese, headed in Chinese (want, when given, is
// part of the heading), accessible, and free of English interface text.
func cultureZhCheck(b *browser, user cultureZhUser, path, heading, want string) {
	b.t.Helper()
	cultureZhShot(b, path)
	if got := b.attr("html", "lang"); got != "zh-Hans" {
		b.t.Errorf("%s: html lang %q, want zh-Hans", path, got)
	}
	h := b.text(heading)
	if !cultureZhHasHan(h) || (want != "" && !strings.Contains(h, want)) {
		b.t.Errorf("%s: heading %s is %q, want Chinese (%q)", path, heading, h, want)
	}
	b.checkAccessible(path + " (zh, phone)")
	if leaks := cultureZhEnglish(b, user); len(leaks) > 0 {
		b.t.Errorf("%s: English interface text in Chinese:\n  %s", path, strings.Join(leaks, "\n  "))
	}
}

// cultureZhTree opens the goal tree, unfolds every level and checks the whole of it.
func cultureZhTree(b *browser, user cultureZhUser) {
	b.t.Helper()
	b.open("/goals/tree")
	n := browserEval[int](b, `(function () {
		var ds = document.querySelectorAll("details");
		ds.forEach(function (d) { d.open = true; });
		return ds.length;
	})()`)
	if n < 3 {
		b.t.Errorf("/goals/tree has %d foldable levels", n)
	}
	if w := browserEval[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
		b.t.Errorf("the fully expanded goal tree is %d px wide on a %d px screen", w[0], w[1])
	}
	cultureZhCheck(b, user, "/goals/tree", "h1", "目标树")
}

// cultureZhShot saves a screenshot when LODESTAR_SCREENSHOTS is set.
func cultureZhShot(b *browser, path string) {
	if os.Getenv("LODESTAR_SCREENSHOTS") != "" {
		b.screenshot("zh" + path)
	}
}

func cultureZhHasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// cultureZhUserData are the elements whose text people typed (in one language by design).
// Text that declares another language with a lang attribute is fine too.
const cultureZhUserData = `textarea, .avatar, [data-testid=goal-title], .goal-title, .goal-description, [lang]:not([lang^=zh])`

// cultureZhAllowed are Latin words a Chinese page may show: language names, product names
// and abbreviations Chinese contact centres use as they are.
var cultureZhAllowed = []string{"English", "Lodestar", "Markdown", "KPI", "COPC", "CSV",
	"wang", "wxm"} // the pinyin examples in the search hints

var cultureZhWord = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]*[A-Za-z]`)

// cultureZhEnglish lists the interface texts on the page (text, labels read aloud, the labels
// of stacked table cells, options, confirmations) that still contain an English word once the
// user's own words are taken out.
func cultureZhEnglish(b *browser, user cultureZhUser) []string {
	b.t.Helper()
	return browserEnglishLeaks(b, user, cultureZhUserData)
}

// browserEnglishLeaks is cultureZhEnglish with skip as the selector of people's words.
func browserEnglishLeaks(b *browser, user cultureZhUser, skip string) []string {
	b.t.Helper()
	texts := browserEval[[]string](b, fmt.Sprintf(`(function () {
		var skip = %s, out = [];
		var w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
		while ((n = w.nextNode())) {
			var e = n.parentElement;
			if (!e || e.closest("script, style") || e.closest(skip)) continue;
			var t = n.textContent.replace(/\s+/g, " ").trim();
			if (t) out.push(t);
		}
		var attrs = ["aria-label", "title", "placeholder", "data-label", "alt", "data-confirm"];
		document.querySelectorAll("[" + attrs.join("],[") + "]").forEach(function (e) {
			if (e.closest(skip)) return;
			attrs.forEach(function (a) { var v = e.getAttribute(a); if (v) out.push(v); });
		});
		document.querySelectorAll("input[type=submit], input[type=button]").forEach(function (e) { out.push(e.value); });
		out.push(document.title);
		return out;
	})()`, browserJSString(skip)))
	var leaks []string
	for _, t := range texts {
		rest := t
		for _, p := range user.phrases {
			rest = strings.ReplaceAll(rest, p, " ")
		}
		for _, w := range cultureZhWord.FindAllString(rest, -1) {
			if !slices.Contains(cultureZhAllowed, w) && !user.names[w] {
				leaks = append(leaks, fmt.Sprintf("%q in %q", w, t))
				break
			}
		}
	}
	return leaks
}

// cultureZhUserWords are the demo's user-written words, longest first: names of people,
// departments, teams and job titles; goal titles, descriptions, KPIs and units; check-in
// comments.
func cultureZhUserWords(t *testing.T, site *browserSite) cultureZhUser {
	t.Helper()
	ctx := context.Background()
	u := cultureZhUser{names: map[string]bool{}}
	seen := map[string]bool{}
	add := func(ss ...string) {
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" {
				seen[s] = true
			}
		}
	}
	var people []store.Person
	for {
		page, total, err := site.store.ListPeople(ctx, store.PeopleFilter{Active: "all", Limit: 1000, Offset: len(people)})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, page...)
		if len(page) == 0 || len(people) >= total {
			break
		}
	}
	for _, p := range people {
		add(p.Name, p.Department, p.Team, p.Title, p.Department+" / "+p.Team)
		for _, w := range cultureZhWord.FindAllString(p.Name, -1) {
			u.names[w] = true // "Li", "Na": too short to take out of the text, allowed as words
		}
	}
	goals, err := site.store.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goals.All {
		add(g.Title, g.Description, g.KPI, g.Unit, g.OwnerName)
		cis, err := site.store.GoalCheckIns(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cis {
			add(c.Comment)
		}
	}
	for s := range seen {
		if len(s) >= 3 {
			u.phrases = append(u.phrases, s)
		}
	}
	sort.Slice(u.phrases, func(i, j int) bool {
		a, b := u.phrases[i], u.phrases[j]
		return len(a) > len(b) || len(a) == len(b) && a < b
	})
	return u
}

// cultureZhUser is what people wrote: phrases taken out of the page's text before looking
// for English, and the words of people's names.
type cultureZhUser struct {
	phrases []string
	names   map[string]bool
}

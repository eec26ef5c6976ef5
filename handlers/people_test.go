package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestDirectorySearchAndFilters(t *testing.T) {
	app := newTestApp(t)
	app.seed(
		store.PersonInput{EmployeeID: "E1", Name: "张伟", Department: "Inbound Voice", Team: "Voice Team 1"},
		store.PersonInput{EmployeeID: "E2", Name: "Emily Chen", Department: "Chat & Email", Team: "Chat Team 1"},
		store.PersonInput{EmployeeID: "E3", Name: "Zhang Min", Department: "Chat & Email", Team: "Chat Team 2"},
		store.PersonInput{EmployeeID: "E4", Name: "Gone Person", Department: "Chat & Email", Team: "Chat Team 1", LeftOn: "2026-01-01"},
	)
	c := app.signedIn("E1")
	names := func(path string) string {
		return c.get(path).doc(t).Find("[data-testid=people-list] .person-name").Text()
	}
	cases := []struct{ query, want, notWant string }{
		{"/people?q=" + url.QueryEscape("张"), "张伟", "Emily"},
		{"/people?q=zhang", "Zhang Min", "Emily"},
		{"/people?department=" + url.QueryEscape("Chat & Email"), "Emily ChenZhang Min", "张伟"},
		{"/people?team=" + url.QueryEscape("Chat Team 1"), "Emily Chen", "Zhang"},
		{"/people", "Emily Chen", "Gone Person"},
	}
	for _, tc := range cases {
		got := names(tc.query)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWant) {
			t.Errorf("%s: got %q, want %q and not %q", tc.query, got, tc.want, tc.notWant)
		}
	}
	// A search term with LIKE wildcards matches literally.
	if got := names("/people?q=%25"); got != "" {
		t.Errorf("%%: got %q", got)
	}
}

func TestProfileShowsFactsAndHidesPrivateOnes(t *testing.T) {
	app := newTestApp(t)
	app.seed(
		store.PersonInput{EmployeeID: "M1", Name: "Manager One", Tier: store.TierMiddleManager, Role: store.RoleManager},
		store.PersonInput{EmployeeID: "E1", Name: "李娜", ManagerEmployeeID: "M1", HiredOn: "2025-08-01", Team: "Voice Team 1", EmploymentType: store.EmploymentContractor},
		store.PersonInput{EmployeeID: "E2"},
	)
	e1, _ := app.store.PersonByEmployeeID(t.Context(), "E1")
	doc := app.signedIn("E2").get("/people/" + itoa(e1.ID)).doc(t)
	facts := doc.Find("[data-testid=profile-facts]").Text()
	for _, want := range []string{"李娜", "Voice Team 1", "Manager One", "Front line", "1 year, 3 months"} {
		if !strings.Contains(doc.Text(), want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	if strings.Contains(facts, "Contractor") {
		t.Error("a colleague sees the employment type")
	}
	if own := app.signedIn("E1").get("/me").doc(t).Find("[data-testid=profile-facts]").Text(); !strings.Contains(own, "Contractor") {
		t.Error("a person does not see their own employment type")
	}
	if res := app.signedIn("E2").get("/people/99999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown profile: %d", res.StatusCode)
	}
}

func TestLanguageSwitchPersistsOnProfile(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", Name: "Li Na"})
	c := app.signedIn("E1")
	if doc := c.get("/").doc(t); doc.Find("html").AttrOr("lang", "") != "en" {
		t.Fatal("default is not English")
	}
	if res := c.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	if p, _ := app.store.PersonByEmployeeID(t.Context(), "E1"); p.Language != "zh" {
		t.Fatalf("language not stored on the profile: %q", p.Language)
	}
	// A new browser (a new session) gets Chinese from the profile.
	doc := app.signedIn("E1").get("/").doc(t)
	if doc.Find("html").AttrOr("lang", "") != "zh-Hans" || !strings.Contains(doc.Find("[data-testid=home-greeting]").Text(), "欢迎") {
		t.Fatalf("home not in Chinese: %q", doc.Find("h1").Text())
	}
}

func TestAcceptLanguageWhenNoProfileChoice(t *testing.T) {
	app := newTestApp(t)
	c := app.client()
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	if doc := c.do(req).doc(t); !strings.Contains(doc.Find("h1").Text(), "登录") {
		t.Fatalf("sign-in page not in Chinese: %q", doc.Find("h1").Text())
	}
}

func TestNavigationListsOnlyAllowedAreas(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"}, store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	nav := func(id string) string { return app.signedIn(id).get("/").doc(t).Find("nav.mainnav").Text() }
	if strings.Contains(nav("E1"), "Admin") {
		t.Error("employee sees the admin link")
	}
	if !strings.Contains(nav("A1"), "Admin") {
		t.Error("admin lacks the admin link")
	}
	// No dead links: every navigation target answers 200 for its viewer.
	for _, id := range []string{"E1", "A1"} {
		c := app.signedIn(id)
		c.get("/").doc(t).Find("nav.mainnav a").Each(func(_ int, a *goquery.Selection) {
			href := a.AttrOr("href", "")
			if res := c.get(href); res.StatusCode != http.StatusOK {
				t.Errorf("%s: nav link %s answers %d", id, href, res.StatusCode)
			}
		})
	}
}

func TestNotificationsPage(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	e1, _ := app.store.PersonByEmployeeID(t.Context(), "E1")
	c := app.signedIn("E1")
	if n := c.get("/").doc(t).Find("[data-testid=unread-count]").Length(); n != 0 {
		t.Fatal("unread count shown with nothing unread")
	}
	ev, err := app.store.RecordEvent(t.Context(), store.Event{Key: store.EventBadgeEarned, Subject: store.Ref{Kind: store.RefPerson, ID: e1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.store.Notify(t.Context(), ev, e1.ID); err != nil {
		t.Fatal(err)
	}
	if got := c.get("/").doc(t).Find("[data-testid=unread-count]").Text(); got != "1" {
		t.Fatalf("unread count %q", got)
	}
	c.post("/notifications/read", nil)
	if n := c.get("/").doc(t).Find("[data-testid=unread-count]").Length(); n != 0 {
		t.Fatal("still unread after marking read")
	}
}

// The language switch returns to the page it was used on; when that page was a form shown
// at its POST-only address (it came back with an error), it returns to the nearest page
// that answers GET instead of a 405.
func TestLanguageSwitchReturnsToAPageThatAnswersGET(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", Name: "Li Na"})
	c := app.signedIn("E1")
	switchFrom := func(page string) string {
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/language", strings.NewReader(url.Values{"lang": {"zh"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", app.srv.URL)
		req.Header.Set("Referer", app.srv.URL+page)
		res := c.do(req)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch from %s: %d", page, res.StatusCode)
		}
		return res.Header.Get("Location")
	}
	for page, want := range map[string]string{
		"/people?q=Li":        "/people?q=Li",
		"/notifications/read": "/notifications",
		"/no/such/page":       "/",
	} {
		if got := switchFrom(page); got != want {
			t.Errorf("switch from %s went to %s, want %s", page, got, want)
		}
	}
}

// The directory at size: a pinyin search pages by keyset through every match exactly once,
// the count stops at 1,000 ("1,000+ people"), and the team filter is typed (its suggestions
// are the chosen department's teams only).
func TestDirectoryPinyinPagingCountAndTeamFilter(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "ME", Name: "Me Myself", Department: "Chat", Team: "Chat Team 1"})
	// The 1,005 people only sit in the directory: no passwords (seed's bcrypt for each took
	// about 100 s of the test).
	var people []store.PersonInput
	given := []string{"小明", "芳", "伟", "静", "晓东"}
	for i := range 1005 {
		people = append(people, store.PersonInput{EmployeeID: fmt.Sprintf("W%04d", i), Name: fmt.Sprintf("王%s%d", given[i%len(given)], i),
			Department: "Voice", Team: fmt.Sprintf("Voice Team %d", i%40), Tier: store.TierFrontLine, Role: store.RoleEmployee,
			EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"})
	}
	if _, err := app.store.UpsertPeople(context.Background(), 0, people, 0); err != nil {
		t.Fatal(err)
	}
	c := app.signedIn("ME")
	seen := map[string]int{}
	path := "/people?q=wang"
	pages := 0
	for path != "" {
		doc := c.get(path).doc(t)
		if got := doc.Find("[data-testid=people-total]").Text(); got != "1,000+ people" {
			t.Fatalf("%s: count %q", path, got)
		}
		doc.Find("[data-testid=people-list] li").Each(func(_ int, li *goquery.Selection) {
			seen[li.Find(".person-name").Text()]++
		})
		path = doc.Find(`.pagination a[rel=next]`).AttrOr("href", "")
		if pages++; pages > 30 {
			t.Fatal("paging does not end")
		}
	}
	if len(seen) != 1005 {
		t.Errorf("paged through %d of 1005 matches in %d pages", len(seen), pages)
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s shown %d times", name, n)
		}
	}
	// A narrower search counts exactly: 王晓东… by the initials "wxd" (201 of them).
	if got := c.get("/people?q=wxd").doc(t).Find("[data-testid=people-total]").Text(); got != "201 people" {
		t.Errorf("wxd: %q", got)
	}
	// The team filter is a typed field; suggestions only once a department is chosen.
	doc := c.get("/people").doc(t)
	if doc.Find(`select[name=team]`).Length() != 0 || doc.Find(`input[name=team]`).Length() != 1 || doc.Find(`datalist#team-choices option`).Length() != 0 {
		t.Fatal("the team filter is still a list of every team")
	}
	doc = c.get("/people?department=Voice&team=" + url.QueryEscape("Voice Team 7")).doc(t)
	if n := doc.Find(`datalist#team-choices option`).Length(); n != 40 {
		t.Errorf("Voice's teams suggested: %d", n)
	}
	if got := doc.Find("[data-testid=people-total]").Text(); got != "25 people" || doc.Find(`input[name=team]`).AttrOr("value", "") != "Voice Team 7" {
		t.Errorf("one team: %q", got)
	}
	// A made-up cursor is a missing page, not an error.
	if res := c.get("/people?after=nonsense"); res.StatusCode != http.StatusNotFound {
		t.Errorf("bad cursor: %d", res.StatusCode)
	}
}

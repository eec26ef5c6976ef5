package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"lodestar/store"
)

// The XSS sweep: hostile text stored in every field a person can write, then every page that
// shows it opened in headless Chromium. A page fails on any JavaScript dialog, any element
// carrying the payloads' data-xss marker, any inline <script>, any event-handler attribute,
// any javascript: URL, or window.__xss being set. The CSP would block most script even if
// escaping broke, so the element checks are what catch a broken escape.

const (
	// xssText goes into plain-text fields (names, titles, messages, notes, answers).
	xssText = `<img src=x onerror="window.__xss=1;alert(1)" data-xss=img>"><script data-xss=script>window.__xss=1;alert(1)</script></title><svg onload="window.__xss=1;alert(1)" data-xss=svg>`
	// xssToken fits token names (100 characters).
	xssToken = `<img src=x onerror="window.__xss=1;alert(1)" data-xss=img>"><svg onload=alert(1) data-xss=svg>`
	// xssShort fits fields of 60 characters (badge names).
	xssShort = `</title><svg data-xss onload=alert(1)>`
	// xssMarkdown goes into markdown fields (culture, lessons): raw HTML and javascript: links.
	xssMarkdown = "Read this [click me](javascript:window.__xss=1) and ![img](javascript:alert(1)).\n\n" +
		xssText + "\n\n<a href=\"javascript:alert(1)\" data-xss=a>link</a> <iframe data-xss=iframe src=\"javascript:alert(1)\"></iframe>\n\n" +
		"[ref]: javascript:alert(1)\n"
)

// xssCheckJS lists what an injection left in the page.
const xssCheckJS = `(function () {
	var bad = [];
	if (typeof window.__xss !== "undefined") bad.push("window.__xss is set: a payload ran");
	document.querySelectorAll("[data-xss]").forEach(function (e) { bad.push("injected <" + e.tagName.toLowerCase() + " data-xss=" + e.getAttribute("data-xss") + ">"); });
	document.querySelectorAll("script").forEach(function (s) { if (!s.getAttribute("src")) bad.push("inline <script>: " + s.textContent.slice(0, 80)); });
	document.querySelectorAll("*").forEach(function (e) {
		for (var i = 0; i < e.attributes.length; i++) {
			var a = e.attributes[i], v = a.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
			if (a.name.indexOf("on") === 0) bad.push("event handler " + a.name + " on <" + e.tagName.toLowerCase() + ">");
			if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/.test(a.name) && (v.indexOf("javascript:") === 0 || v.indexOf("data:text/html") === 0))
				bad.push(a.name + "=" + a.value.slice(0, 60) + " on <" + e.tagName.toLowerCase() + ">");
		}
	});
	return bad;
})()`

// xssBrowser is a browser that records every JavaScript dialog and dismisses it.
type xssBrowser struct {
	*browser
	mu      sync.Mutex
	dialogs []string
}

func newXSSBrowser(t *testing.T, site *browserSite) *xssBrowser {
	t.Helper()
	xb := &xssBrowser{browser: site.browser(t)}
	dismiss := make(chan struct{}, 16)
	if err := chromedp.Listen(xb.ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			xb.mu.Lock()
			xb.dialogs = append(xb.dialogs, fmt.Sprintf("%s(%q) on %s", d.Type, d.Message, d.URL))
			xb.mu.Unlock()
			select { // dismissed from another goroutine: a listener may not run commands
			case dismiss <- struct{}{}:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			select {
			case <-xb.ctx.Done():
				return
			case <-dismiss:
				chromedp.Run(xb.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
					return err
				}))
			}
		}
	}()
	return xb
}

func (xb *xssBrowser) takeDialogs() []string {
	xb.mu.Lock()
	defer xb.mu.Unlock()
	d := xb.dialogs
	xb.dialogs = nil
	return d
}

// visit opens path and fails on any sign of an injection; shows names text the page must
// display (the payload, escaped), so a page that lost the payload does not pass unseen.
func (xb *xssBrowser) visit(who, path, shows string) {
	xb.t.Helper()
	xb.open(path)
	xb.visitHere(who, path, shows)
}

// visitHere runs visit's checks on the page already open.
func (xb *xssBrowser) visitHere(who, path, shows string) {
	xb.t.Helper()
	if p := xb.path(); strings.HasPrefix(p, "/login") || xb.count(`[data-testid=error-page]`) > 0 {
		xb.t.Errorf("%s %s: landed on %s or an error page, so the page was not tested", who, path, p)
	}
	for _, bad := range browserEval[[]string](xb.browser, xssCheckJS) {
		xb.t.Errorf("%s %s: %s", who, path, bad)
	}
	for _, d := range xb.takeDialogs() {
		xb.t.Errorf("%s %s: a JavaScript dialog opened: %s", who, path, d)
	}
	if shows != "" && !strings.Contains(browserEval[string](xb.browser, `document.documentElement.textContent`), shows) {
		xb.t.Errorf("%s %s: the page does not show the stored text %q (escaped), so it was not tested", who, path, shows)
	}
}

// TestBrowserXSSSweep stores the payloads through the people import, the people API and the
// store's own write paths (the ones the forms call), then opens every page showing them.
func TestBrowserXSSSweep(t *testing.T) {
	browserRequireChromium(t)
	f := newAuthzFixture(t)
	app := f.app
	ctx := context.Background()
	st := app.store
	person := func(emp string) store.Person {
		p, err := st.PersonByEmployeeID(ctx, emp)
		if err != nil {
			t.Fatalf("person %s: %v", emp, err)
		}
		return p
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("storing the payload in %s: %v", what, err)
		}
	}
	agent, manager, leader, admin := person("agent"), person("manager"), person("leader"), person("admin")

	// Names, titles and teams through the HR import (upload + confirm), as an admin does.
	adminClient := app.signedInAs("admin")
	csvFile := "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n" +
		"XSS1,," + csvQuote(xssText) + "," + csvQuote(xssText) + ",Inbound Voice,Voice Team 1,manager,front_line,employee,permanent,2024-01-01,,\n"
	res := adminClient.upload("/admin/import", "file", "people.csv", csvFile)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import upload: %d\n%s", res.StatusCode, res.Body)
	}
	preview := res.Header.Get("Location")
	if res := adminClient.post(preview+"/confirm", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import confirm: %d", res.StatusCode)
	}
	// And through the people API.
	req, _ := http.NewRequest(http.MethodPut, app.srv.URL+"/api/v1/people", strings.NewReader(fmt.Sprintf(
		`[{"employee_id":"XSS2","name":%q,"title":%q,"department":"Inbound Voice","team":"Voice Team 1","manager_employee_id":"manager","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-02-01"}]`,
		xssText, xssShort)))
	req.Header.Set("Authorization", "Bearer "+f.token)
	if res := app.client().do(req); res.StatusCode != http.StatusOK {
		t.Fatalf("PUT /api/v1/people: %d %s", res.StatusCode, res.Body)
	}
	imported, apiPerson := person("XSS1"), person("XSS2")

	// A badge with a hostile name and description, and recognitions and comments.
	badgeID, err := st.SaveBadge(ctx, leader.ID, 0, store.BadgeInput{NameEN: xssShort, NameZH: xssShort, DescriptionEN: xssText,
		DescriptionZH: xssText, CriteriaEN: xssText, Icon: "star", Colour: "teal", AwardedBy: store.AwardPeers})
	must("a badge", err)
	recID, _, err := st.Give(ctx, store.GiveInput{GiverID: imported.ID, To: []string{"agent", "XSS2"}, BadgeID: badgeID, Message: xssText})
	must("a recognition message", err)
	_, err = st.AddComment(ctx, recID, agent.ID, xssText)
	must("a comment", err)
	hiddenID, _, err := st.Give(ctx, store.GiveInput{GiverID: agent.ID, To: []string{"XSS1"}, ValueID: 1, Message: xssText})
	must("a second recognition", err)
	must("a hiding reason", st.HideRecognition(ctx, leader.ID, hiddenID, xssText))
	praiseID, _, err := st.Give(ctx, store.GiveInput{GiverID: manager.ID, Source: store.SourceCustomer, To: []string{"agent"}, ValueID: 1,
		Message: xssText, Channel: "phone", CustomerWords: xssText, PraisedOn: "2026-11-20"})
	must("a customer's words", err)
	// Questions and check titles, as leaders write them: the store refuses to change questions
	// that have been answered, so the demo's answered ones are rewritten in place.
	for _, q := range []string{`UPDATE questions SET prompt_en = ?1, prompt_zh = ?1, explanation_en = ?1, rubric_en = ?1`,
		`UPDATE question_options SET text_en = ?1, text_zh = ?1`, `UPDATE checks SET title = ?1`} {
		if _, err := st.DB().Exec(q, xssText); err != nil {
			t.Fatal(err)
		}
	}

	// Culture markdown: vision and a value's meaning, published.
	cur, err := st.CurrentCulture(ctx)
	must("the culture", err)
	doc := cur.Doc
	doc.Vision.EN = xssMarkdown
	doc.Mission.EN = xssMarkdown
	doc.Vision.ZH = xssMarkdown
	if len(doc.Values) > 0 {
		doc.Values[0].Meaning.EN = xssMarkdown
		doc.Values[0].Behaviours.EN = xssMarkdown
	}
	must("the culture draft", st.SaveCultureDraft(ctx, leader.ID, doc))
	_, err = st.PublishCulture(ctx, leader.ID)
	must("publishing the culture", err)

	// Lesson markdown, published.
	course, lesson := mustInt(t, f.ids["course"]), mustInt(t, f.ids["lesson"])
	must("a lesson", st.UpdateLesson(ctx, leader.ID, course, lesson, store.LessonInput{TitleEN: xssText, BodyEN: xssMarkdown, BodyZH: xssMarkdown}))
	must("publishing the course", st.PublishCourse(ctx, leader.ID, course))

	// A goal with a hostile title and description, and a check-in note on it.
	gs, err := st.Goals(ctx)
	must("the goals", err)
	g, _ := gs.Get(mustInt(t, f.ids["goal"]))
	in := store.InputFromGoal(g)
	in.Title, in.Description = xssText, xssMarkdown
	must("a goal title", st.UpdateGoal(ctx, manager, g.ID, in))
	must("a check-in note", st.AddCheckIn(ctx, agent, g.ID, store.CheckInInput{Value: store.FormatNumber(g.Baseline), OnDate: "2026-11-20", Comment: xssText}))

	// Written quiz answers (the quiz form stores the text as typed) and a check interview note.
	if _, err := st.DB().Exec(`UPDATE attempt_answers SET text = ? WHERE attempt_id IN (SELECT id FROM attempts WHERE person_id = ?) AND text != ''`, xssText, agent.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.RecordInterviews(ctx, mustInt(t, f.ids["check"]), manager, []store.InterviewInput{{EmployeeID: "agent", Date: "2026-11-23", Verdict: "understood", Note: xssText}}, 1)
	must("an interview note", err)
	// A token name, shown to admins.
	_, err = st.CreateToken(ctx, admin.ID, xssToken)
	must("a token name", err)
	// A second upload waiting for confirmation: its preview shows the names as typed.
	res = adminClient.upload("/admin/import", "file", "people.csv", strings.Replace(csvFile, "XSS1", "XSS3", 1))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second import upload: %d", res.StatusCode)
	}
	pendingPreview := res.Header.Get("Location")

	site := &browserSite{t: t, url: app.srv.URL, store: st, clock: app.clock}
	xb := newXSSBrowser(t, site)
	// The control: the listener does see a dialog (evaluated through CDP, which the CSP does not govern).
	xb.open("/login")
	browserEval[any](xb.browser, `alert("control"), 1`)
	if d := xb.takeDialogs(); len(d) != 1 {
		t.Fatalf("the dialog listener saw %v for one alert(); it would miss an injected one", d)
	}

	shown := "data-xss=img" // the escaped payload, as text
	id := itoa
	pages := []struct{ who, path, shows string }{
		{"agent", "/", ""},
		{"agent", "/me", shown},
		{"agent", "/people?q=XSS", shown},
		{"agent", "/people/" + id(imported.ID), shown},
		{"agent", "/people/" + id(apiPerson.ID), shown},
		{"agent", "/recognition", shown},
		{"agent", "/recognition/" + id(recID), shown},
		{"agent", "/recognition/" + id(praiseID), shown},
		{"agent", "/recognition/badges", ""},
		{"agent", "/recognition/give", ""},
		{"agent", "/notifications", ""},
		{"agent", "/culture", "click me"},
		{"agent", "/culture/versions/" + f.ids["version"], ""},
		{"agent", "/culture/changes", ""},
		{"agent", "/goals", shown},
		{"agent", "/goals/tree", ""},
		{"agent", "/goals/" + f.ids["goal"], shown},
		{"agent", "/training", ""},
		{"agent", "/training/courses/" + f.ids["course"], shown},
		{"agent", "/training/courses/" + f.ids["course"] + "/lessons/" + f.ids["lesson"], "click me"},
		{"agent", "/training/attempts/" + f.ids["pendingattempt"], shown},
		{"agent", "/checks", shown},
		{"agent", "/checks/" + f.ids["check"], shown},
		{"agent", "/training/attempts/" + f.ids["attempt"], shown},
		{"agent", "/checks/" + f.ids["closedcheck"] + "/people/" + f.ids["agent"], ""},
		{"manager", "/", ""},
		{"manager", "/people?team=Voice+Team+1", shown},
		{"manager", "/goals/team", ""},
		{"manager", "/training/team", shown},
		{"manager", "/training/reviews", shown},
		{"manager", "/checks/" + f.ids["closedcheck"] + "/reviews", ""},
		{"manager", "/checks/" + f.ids["check"] + "/people/" + f.ids["agent"], shown},
		{"manager", "/checks/" + f.ids["check"] + "/interviews", ""},
		{"manager", "/checks/" + f.ids["check"] + "/report", ""},
		{"manager", "/recognition/fairness", ""},
		{"leader", "/recognition/" + id(hiddenID), shown},
		{"leader", "/recognition/badges/" + id(badgeID), ""},
		{"leader", "/culture/edit", ""},
		{"leader", "/checks/" + f.ids["check"] + "/questions", shown},
		{"leader", "/training/manage", ""},
		{"leader", "/training/manage/courses/" + f.ids["course"], ""},
		{"leader", "/training/manage/courses/" + f.ids["course"] + "/lessons/" + f.ids["lesson"], ""},
		{"admin", "/admin/people?q=XSS", shown},
		{"admin", "/admin/people/" + id(imported.ID), ""},
		{"admin", "/admin/audit", ""},
		{"admin", "/admin/tokens", shown},
		{"admin", pendingPreview, shown},
	}
	signedIn := ""
	for _, p := range pages {
		if p.who != signedIn {
			if signedIn != "" {
				xb.clearCookies()
			}
			xb.signInAs(p.who)
			signedIn = p.who
		}
		xb.visit(p.who, p.path, p.shows)
	}
	// The person picker builds its options and the chosen row in the page's script: search for
	// the payload and choose the colleague it names.
	xb.clearCookies()
	xb.signInAs("agent")
	xb.open("/recognition/give")
	xb.fill(`[data-person-picker] input[type=search]`, "data-xss")
	xb.waitVisible(`[data-testid=picker-options] [role=option]`)
	if !browserEval[bool](xb.browser, `(function () {
		var row = Array.prototype.find.call(document.querySelectorAll("[data-testid=picker-options] [role=option]"), function (r) { return (r.dataset.name || "").indexOf("data-xss") >= 0; });
		if (!row) return false;
		row.click();
		return true;
	})()`) {
		t.Error("the person picker does not list the payload-named colleague, so it was not tested")
	}
	xb.visitHere("agent", "/recognition/give (search and tick)", "data-xss=img")
	// The same pages in Chinese (other messages, other fields).
	xb.selectAndWait(`[data-testid=language-switch] select`, "zh")
	for _, p := range []string{"/", "/me", "/recognition", "/recognition/" + id(recID), "/culture", "/goals/" + f.ids["goal"],
		"/training/courses/" + f.ids["course"] + "/lessons/" + f.ids["lesson"], "/notifications", "/people/" + id(imported.ID)} {
		xb.visit("agent (zh)", p, "")
	}
	xb.selectAndWait(`[data-testid=language-switch] select`, "en")
	// The people the payloads named sign in too: their own pages and header.
	for _, emp := range []string{"XSS1"} {
		xb.clearCookies()
		if _, err := st.ResetPassword(ctx, admin.ID, person(emp).ID); err != nil {
			t.Fatal(err)
		}
		must("a password", st.SetPassword(ctx, person(emp).ID, person(emp).ID, testPassword))
		xb.signIn(emp, testPassword)
		xb.visit(emp, "/", "")
		xb.visit(emp, "/me", shown)
	}
}

// csvQuote quotes a CSV cell (RFC 4180).
func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// upload posts a multipart form with one file, the way a browser on the same site does.
func (c *client) upload(path, field, name, content string) response {
	c.app.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile(field, name)
	part.Write([]byte(content))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", c.app.srv.URL)
	return c.do(req)
}

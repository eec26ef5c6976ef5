package handlers_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// recognitionWorld: manager M leads agents A and T (Voice 1); X is in another department
// under M2; LEFT has left; LEAD is a leader, ADMIN an admin.
type recognitionWorld struct {
	app   *testApp
	ids   map[string]int64
	value int64
	badge int64 // awarded by peers, tied to value
}

func recognitionSetup(t *testing.T) *recognitionWorld {
	t.Helper()
	app := newTestApp(t)
	app.seed(
		store.PersonInput{EmployeeID: "M", Name: "Mia Manager", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Voice", Team: "Leads", HiredOn: "2026-03-01"},
		store.PersonInput{EmployeeID: "M2", Name: "Max Manager", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Chat", Team: "Leads", HiredOn: "2026-03-01"},
		store.PersonInput{EmployeeID: "A", Name: "Ann Agent", ManagerEmployeeID: "M", Department: "Voice", Team: "Voice 1", HiredOn: "2026-03-01"},
		store.PersonInput{EmployeeID: "T", Name: "Tom Teammate", ManagerEmployeeID: "M", Department: "Voice", Team: "Voice 1", HiredOn: "2026-03-01"},
		store.PersonInput{EmployeeID: "X", Name: "Xia Other", ManagerEmployeeID: "M2", Department: "Chat", Team: "Chat 1", HiredOn: "2026-03-01"},
		store.PersonInput{EmployeeID: "LEAD", Name: "Lee Leader", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Voice", Team: "Leads", HiredOn: "2026-03-01"},
		store.PersonInput{EmployeeID: "ADMIN", Name: "Ada Admin", Role: store.RoleAdmin, Department: "IT", Team: "Ops", HiredOn: "2026-03-01"},
	)
	// Someone who has left (seeded separately: leavers cannot be given a password later).
	if _, err := app.store.UpsertPeople(context.Background(), 0, []store.PersonInput{{EmployeeID: "LEFT", Name: "Lou Left",
		ManagerEmployeeID: "M", Department: "Voice", Team: "Voice 1", Tier: store.TierFrontLine, Role: store.RoleEmployee,
		EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01", LeftOn: "2026-10-01"}}, 0); err != nil {
		t.Fatal(err)
	}
	w := &recognitionWorld{app: app, ids: map[string]int64{}}
	for _, e := range []string{"M", "M2", "A", "T", "X", "LEAD", "ADMIN", "LEFT"} {
		p, err := app.store.PersonByEmployeeID(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		w.ids[e] = p.ID
	}
	var err error
	if err = app.store.DB().QueryRow(`INSERT INTO culture_values (name_en, name_zh, created_at) VALUES ('Customer-centred', '以客户为中心', '2026-01-01T00:00:00Z') RETURNING id`).Scan(&w.value); err != nil {
		t.Fatal(err)
	}
	w.badge, err = app.store.SaveBadge(context.Background(), 0, 0, store.BadgeInput{NameEN: "Customer Champion", NameZH: "客户之星",
		Icon: "trophy", Colour: "gold", AwardedBy: store.AwardPeers, ValueID: w.value})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

const recognitionMessage = "Tom calmed an angry caller and fixed the billing error on the first call."

func (w *recognitionWorld) count(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.app.store.DB().QueryRow("SELECT count(*) FROM recognitions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// recognitionGiveForm reads the give form (with its one-time token) and fills it.
func recognitionGiveForm(t *testing.T, c *client, fields url.Values) url.Values {
	t.Helper()
	res := c.get("/recognition/give")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("give form: %d", res.StatusCode)
	}
	token, ok := res.doc(t).Find(`[data-testid=give-form] input[name=token]`).Attr("value")
	if !ok || len(token) < 16 {
		t.Fatalf("give form has no idempotency token: %q", token)
	}
	fields.Set("token", token)
	return fields
}

// The flow: an agent recognises a teammate with a badge → it appears on the board and
// on the teammate's profile, and the teammate sees a notification. (The lead ports it to chromedp.)
func TestRecognitionFlowAgentRecognisesTeammate(t *testing.T) {
	w := recognitionSetup(t)
	agent := w.app.signedIn("A")
	home := agent.get("/")
	if home.doc(t).Find(`[data-testid=give-recognition]`).AttrOr("href", "") != "/recognition/give" {
		t.Fatal("no one-click 'give recognition' link in the header")
	}
	give := agent.get("/recognition/give")
	if got := strings.TrimSpace(give.doc(t).Find(`[data-testid=allowance]`).Text()); got != "You have 10 of 10 peer recognitions left this month." {
		t.Fatalf("allowance line %q", got)
	}
	form := recognitionGiveForm(t, agent, url.Values{"to": {"T"}, "badge": {strconv.FormatInt(w.badge, 10)}, "message": {recognitionMessage}})
	res := agent.post("/recognition/give", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/recognition/") {
		t.Fatalf("give: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	where := res.Header.Get("Location")
	// A double submit (the same form posted again) creates one recognition and lands on the same page.
	again := agent.post("/recognition/give", form)
	if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != where || w.count(t) != 1 {
		t.Fatalf("replayed POST: %d %s, %d recognitions", again.StatusCode, again.Header.Get("Location"), w.count(t))
	}
	if got := strings.TrimSpace(agent.get("/recognition/give").doc(t).Find(`[data-testid=allowance]`).Text()); !strings.HasPrefix(got, "You have 9 of 10") {
		t.Fatalf("allowance after one: %q", got)
	}

	// On the board: giver, recipient, badge, value, message, source.
	board := agent.get("/recognition").doc(t)
	card := board.Find(`[data-testid=recognition-card]`)
	if card.Length() != 1 {
		t.Fatalf("%d cards on the board", card.Length())
	}
	if card.Find(`[data-testid=recognition-message]`).Text() != recognitionMessage ||
		card.Find(`[data-testid=recognition-giver]`).Text() != "Ann Agent" ||
		card.Find(`[data-testid=recognition-recipient]`).Text() != "Tom Teammate" ||
		!strings.Contains(card.Find(`[data-testid=badge-chip]`).Text(), "Customer Champion") ||
		!strings.Contains(card.Find(`[data-testid=recognition-value]`).Text(), "Customer-centred") ||
		!strings.Contains(card.Text(), "Peer recognition") {
		t.Fatalf("card: %s", card.Text())
	}

	// On the teammate's profile: the badge shelf counts it.
	tom := w.app.signedIn("T")
	profile := tom.get(fmt.Sprintf("/people/%d", w.ids["T"])).doc(t)
	shelf := profile.Find(`[data-testid=badge-shelf]`)
	if !strings.Contains(shelf.Text(), "Customer Champion") || strings.TrimSpace(shelf.Find(`[data-testid=shelf-count]`).Text()) != "× 1" {
		t.Fatalf("badge shelf: %q", shelf.Text())
	}
	// The profile says who gave each recognition received, linking to them.
	giver := profile.Find(`[data-testid=profile-received] [data-testid=profile-giver]`)
	if giver.Length() != 1 || strings.Join(strings.Fields(giver.Text()), " ") != "from Ann Agent" ||
		giver.Find("a").AttrOr("href", "") != fmt.Sprintf("/people/%d", w.ids["A"]) {
		t.Fatalf("profile giver: %q", giver.Text())
	}
	// The teammate is notified (the header shows the unread count), and so is the manager.
	page := tom.get("/recognition").doc(t)
	if page.Find(`[data-testid=unread-count]`).Text() != "1" {
		t.Fatalf("unread count %q", page.Find(`[data-testid=unread-count]`).Text())
	}
	notes := tom.get("/notifications").doc(t).Find(`[data-testid=notifications]`)
	if !strings.Contains(notes.Text(), "Ann Agent recognised you on the praise board.") || notes.Find("a").AttrOr("href", "") != where {
		t.Fatalf("notifications: %q", notes.Text())
	}
	if list := notificationTexts(t, w.app, w.ids["M"]); len(list) != 1 || list[0] != "Ann Agent recognised someone in your team. → "+where {
		t.Fatalf("manager's notifications: %q", list)
	}
	// Reactions toggle, one per person.
	id := strings.TrimPrefix(where, "/recognition/")
	for i, want := range []string{"1", "0"} {
		if res := tom.post("/recognition/"+id+"/react", url.Values{"back": {"/recognition"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/recognition" {
			t.Fatalf("react %d: %d", i, res.StatusCode)
		}
		if got := tom.get("/recognition").doc(t).Find(`[data-testid=reaction-count]`).Text(); got != want {
			t.Fatalf("reactions after toggle %d: %s, want %s", i, got, want)
		}
	}
	// Comments.
	if res := tom.post("/recognition/"+id+"/comments", url.Values{"body": {"Thank you, Ann!"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", res.StatusCode)
	}
	if got := tom.get(where).doc(t).Find(`[data-testid=comment]`).Text(); !strings.Contains(got, "Thank you, Ann!") {
		t.Fatalf("comment not shown: %q", got)
	}
}

func TestRecognitionGiveFormKeepsInputOnErrors(t *testing.T) {
	w := recognitionSetup(t)
	agent := w.app.signedIn("A")
	cases := []struct {
		name  string
		form  url.Values
		field string
		text  string
	}{
		{"too short", url.Values{"to": {"T"}, "value": {strconv.FormatInt(w.value, 10)}, "message": {"Nice job <b>Tom</b>"}}, "message", "at least 20 characters"},
		{"to self", url.Values{"to": {"A"}, "value": {strconv.FormatInt(w.value, 10)}, "message": {recognitionMessage}}, "to", "cannot recognise yourself"},
		{"to a leaver", url.Values{"to": {"LEFT"}, "value": {strconv.FormatInt(w.value, 10)}, "message": {recognitionMessage}}, "to", "Lou Left has left"},
		{"no badge or value", url.Values{"to": {"T"}, "message": {recognitionMessage}}, "badge", "Choose a badge or a value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := agent.post("/recognition/give", recognitionGiveForm(t, agent, tc.form))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			doc := res.doc(t)
			if got := doc.Find(`[data-testid=error-` + tc.field + `]`).Text(); !strings.Contains(got, tc.text) {
				t.Fatalf("error next to %s: %q", tc.field, got)
			}
			if got := doc.Find(`textarea[name=message]`).Text(); got != tc.form.Get("message") {
				t.Fatalf("message not kept: %q", got)
			}
			if !strings.Contains(res.Body, "Nice job &lt;b&gt;Tom&lt;/b&gt;") && tc.name == "too short" {
				t.Fatal("typed markup not escaped")
			}
			sel := doc.Find(`input[name=to][checked]`)
			if tc.form.Get("to") == "T" && (sel.Length() != 1 || sel.AttrOr("value", "") != tc.form.Get("to")) {
				t.Fatalf("chosen colleague not kept: %q", sel.AttrOr("value", ""))
			}
		})
	}
	if w.count(t) != 0 {
		t.Fatalf("%d recognitions written by failed submits", w.count(t))
	}
}

// recognitionPicker reads the person picker (views/picker.templ): the employee IDs of its rows
// in order (the chosen first, then the suggestions or matches), and those ticked.
func recognitionPicker(doc *goquery.Document) (shown, checked []string) {
	doc.Find(`[data-testid=picker-list] li`).Each(func(_ int, li *goquery.Selection) {
		box := li.Find(`input[name=to]`)
		shown = append(shown, box.AttrOr("value", ""))
		if _, on := box.Attr("checked"); on {
			checked = append(checked, box.AttrOr("value", ""))
		}
	})
	return shown, checked
}

// Before a search the picker offers the giver's own team only: the organisation is found by
// searching, never shipped with the page.
func TestRecognitionPickerOffersOwnTeamNotEveryone(t *testing.T) {
	w := recognitionSetup(t)
	doc := w.app.signedIn("A").get("/recognition/give").doc(t)
	shown, checked := recognitionPicker(doc)
	// Ann (Voice 1): Tom shares her team; Lou has left; Ann herself is not offered; Xia (Chat 1)
	// and the rest are found by a search.
	if got := strings.Join(shown, ","); got != "T" {
		t.Fatalf("offered before a search: %s", got)
	}
	if len(checked) != 0 {
		t.Fatalf("chosen before choosing: %v", checked)
	}
	if got := doc.Find(`[data-testid=picker-heading]`).Text(); !strings.Contains(got, "Your team") {
		t.Fatalf("heading: %q", got)
	}
	// The search box is a combobox for the script, pointing at its list.
	box := doc.Find(`[data-testid=picker-search]`)
	if box.AttrOr("role", "") != "combobox" || box.AttrOr("aria-controls", "") != "to-options" || doc.Find(`#to-options[role=listbox]`).Length() != 1 {
		t.Fatal("the search box is not a combobox with its listbox")
	}
	// The whole-team choice also offers the giver's team first.
	if got := doc.Find(`select[name=team] option`).Eq(1); got.AttrOr("value", "") != "Voice 1" || got.Parent().AttrOr("label", "") != "My team" {
		t.Fatalf("first team offered: %q in %q", got.AttrOr("value", ""), got.Parent().AttrOr("label", ""))
	}
	// A manager's own team includes the people who report to them (Ann and Tom, team Voice 1)
	// besides the other leads, by name.
	shown, _ = recognitionPicker(w.app.signedIn("M").get("/recognition/give").doc(t))
	if got := strings.Join(shown, ","); got != "A,LEAD,M2,T" {
		t.Fatalf("manager's picker: %s", got)
	}
	// In Chinese.
	agent := w.app.signedIn("A")
	agent.post("/language", url.Values{"lang": {"zh"}})
	if got := agent.get("/recognition/give").doc(t).Find(`[data-testid=picker-heading]`).Text(); !strings.Contains(got, "您的团队") {
		t.Fatalf("heading in Chinese: %q", got)
	}
}

// The search works without JavaScript: it is a GET of the whole form, so it finds people through
// the name index and brings back everything already chosen and typed.
func TestRecognitionPickerSearchKeepsChoices(t *testing.T) {
	w := recognitionSetup(t)
	agent := w.app.signedIn("A")
	form := agent.get("/recognition/give").doc(t).Find(`[data-testid=give-form]`)
	search := form.Find(`[data-testid=picker-search-submit]`)
	if form.Find(`input[type=search][name=q]`).Length() != 1 || search.AttrOr("formmethod", "") != "get" ||
		!strings.HasPrefix(search.AttrOr("formaction", ""), "/recognition/give") {
		t.Fatal("the search is not a GET of the give form")
	}
	cases := []struct{ q, want string }{
		{"xia", "X"},       // a name
		{"ADMIN", "ADMIN"}, // an employee ID, any case
		{"m", "M,M2"},      // one letter: the employee ID m exactly first, then names starting with it
		{"nobody", ""},     // no match
		{"ann", ""},        // the giver is never offered
		{"lou", ""},        // nor people who have left
	}
	for _, tc := range cases {
		shown, _ := recognitionPicker(agent.get("/recognition/give?q=" + url.QueryEscape(tc.q)).doc(t))
		if got := strings.Join(shown, ","); got != tc.want {
			t.Errorf("search %q shows %q, want %q", tc.q, got, tc.want)
		}
	}
	// Tom and Mia are chosen, a badge and a message typed; then a search for Xia.
	v := url.Values{"to": {"T", "M"}, "badge": {strconv.FormatInt(w.badge, 10)}, "message": {"Half a message, still typing"},
		"token": {"abc"}, "q": {"xia"}}
	res := agent.get("/recognition/give?" + v.Encode())
	doc := res.doc(t)
	shown, checked := recognitionPicker(doc)
	if strings.Join(shown, ",") != "T,M,X" || strings.Join(checked, ",") != "T,M" {
		t.Fatalf("after the search: shown %v, chosen %v", shown, checked)
	}
	if got := doc.Find(`[data-testid=picker-status]`).Text(); !strings.Contains(got, "1 colleague matches “xia”") {
		t.Fatalf("status: %q", got)
	}
	if doc.Find(`textarea[name=message]`).Text() != "Half a message, still typing" || doc.Find(`input[name=q]`).AttrOr("value", "") != "xia" ||
		doc.Find(`input[name=badge]:checked`).AttrOr("value", "") != strconv.FormatInt(w.badge, 10) {
		t.Fatal("the search lost what was typed")
	}
	if tok := doc.Find(`input[name=token]`).AttrOr("value", ""); tok == "abc" || len(tok) < 16 {
		t.Fatalf("the search reused the token from the address: %q", tok)
	}
	// An empty search goes back to the team, keeping the choices.
	v.Set("q", "")
	shown, checked = recognitionPicker(agent.get("/recognition/give?" + v.Encode()).doc(t))
	if strings.Join(shown, ",") != "T,M" || strings.Join(checked, ",") != "T,M" {
		t.Fatalf("after clearing the search: %v, chosen %v", shown, checked)
	}

	// A form error keeps the search, the choices and the text; then both are recognised at once.
	form2 := recognitionGiveForm(t, agent, url.Values{"to": {"T", "M"}, "badge": {strconv.FormatInt(w.badge, 10)}, "message": {"Too short"}, "q": {"xia"}})
	res = agent.post("/recognition/give", form2)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("short message: %d", res.StatusCode)
	}
	doc = res.doc(t)
	shown, checked = recognitionPicker(doc)
	if strings.Join(shown, ",") != "T,M,X" || strings.Join(checked, ",") != "T,M" || doc.Find(`input[name=q]`).AttrOr("value", "") != "xia" ||
		doc.Find(`textarea[name=message]`).Text() != "Too short" {
		t.Fatalf("after the error: shown %v, chosen %v", shown, checked)
	}
	form2.Set("message", recognitionMessage)
	res = agent.post("/recognition/give", form2)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("give to two: %d", res.StatusCode)
	}
	card := agent.get(res.Header.Get("Location")).doc(t).Find(`[data-testid=recognition-card]`)
	var to []string
	card.Find(`[data-testid=recognition-recipient]`).Each(func(_ int, s *goquery.Selection) { to = append(to, s.Text()) })
	if strings.Join(to, ",") != "Mia Manager,Tom Teammate" && strings.Join(to, ",") != "Tom Teammate,Mia Manager" {
		t.Fatalf("recipients: %v", to)
	}
	// A whole team still works from the same form.
	res = agent.post("/recognition/give", recognitionGiveForm(t, agent, url.Values{"team": {"Chat 1"}, "value": {strconv.FormatInt(w.value, 10)}, "message": {recognitionMessage}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("give to a team: %d", res.StatusCode)
	}
	// ?to= from a profile preselects the colleague, even one outside the team.
	if _, checked := recognitionPicker(agent.get("/recognition/give?to=X").doc(t)); strings.Join(checked, ",") != "X" {
		t.Fatalf("preselected: %v", checked)
	}
	// A chosen person who has left is not offered again (the store refuses them anyway).
	if shown, _ := recognitionPicker(agent.get("/recognition/give?to=LEFT").doc(t)); slices.Contains(shown, "LEFT") {
		t.Fatalf("a leaver offered as chosen: %v", shown)
	}
}

// GET /people/pick: the picker's search as one types. Signed in only (the authorization matrix
// checks anonymous and token callers); never people who have left; at most a page of matches,
// best first; the searcher left out when asked.
func TestPickPeopleEndpoint(t *testing.T) {
	w := recognitionSetup(t)
	var extra []store.PersonInput
	for i := range 30 {
		extra = append(extra, store.PersonInput{EmployeeID: fmt.Sprintf("W%02d", i), Name: fmt.Sprintf("王小明%02d", i), Department: "Voice", Team: "Voice 2",
			Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2025-01-01"})
	}
	extra = append(extra, store.PersonInput{EmployeeID: "WL", Name: "王小明离职", Department: "Voice", Team: "Voice 2",
		Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2025-01-01", LeftOn: "2026-06-01"})
	if _, err := w.app.store.UpsertPeople(context.Background(), 0, extra, 0); err != nil {
		t.Fatal(err)
	}
	agent := w.app.signedIn("A")
	pick := func(q string) []map[string]string {
		t.Helper()
		res := agent.get("/people/pick?" + q)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %s", q, res.StatusCode, res.Header.Get("Content-Type"))
		}
		var body struct{ People []map[string]string }
		if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
			t.Fatal(err)
		}
		return body.People
	}
	got := pick("q=wxm")
	if len(got) != 20 {
		t.Fatalf("a page is 20 matches, got %d", len(got))
	}
	for _, p := range got {
		if p["employee_id"] == "WL" {
			t.Fatal("a person who has left is listed")
		}
	}
	if got[0]["name"] != "王小明00" || got[0]["sub"] != "W00 · Voice 2" {
		t.Fatalf("first match: %v", got[0])
	}
	if got := pick("q=" + url.QueryEscape("王小明离职")); len(got) != 0 {
		t.Fatalf("the leaver by full name: %v", got)
	}
	if got := pick("q=ann"); len(got) != 1 || got[0]["employee_id"] != "A" {
		t.Fatalf("the searcher without except: %v", got)
	}
	if got := pick("q=ann&except=me"); len(got) != 0 {
		t.Fatalf("the searcher with except=me: %v", got)
	}
	if got := pick("q="); len(got) != 0 {
		t.Fatalf("an empty search: %v", got)
	}
	// Not signed in: sent to sign in, nothing listed.
	res := w.app.client().get("/people/pick?q=wxm")
	if strings.Contains(res.Body, "王小明") {
		t.Fatal("people listed to an anonymous caller")
	}
}

func TestRecognitionAllowanceOnThePage(t *testing.T) {
	w := recognitionSetup(t)
	admin := w.app.signedIn("ADMIN")
	res := admin.post("/recognition/settings", url.Values{"allowance": {"lots"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.doc(t).Find(`[data-testid=error-allowance]`).Text(), "0 to 100") ||
		res.doc(t).Find(`input[name=allowance]`).AttrOr("value", "") != "lots" {
		t.Fatalf("bad allowance: %d", res.StatusCode)
	}
	if res := admin.post("/recognition/settings", url.Values{"allowance": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save allowance: %d", res.StatusCode)
	}
	agent := w.app.signedIn("A")
	v := strconv.FormatInt(w.value, 10)
	if res := agent.post("/recognition/give", recognitionGiveForm(t, agent, url.Values{"to": {"T"}, "value": {v}, "message": {recognitionMessage}})); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first: %d", res.StatusCode)
	}
	res = agent.post("/recognition/give", recognitionGiveForm(t, agent, url.Values{"to": {"M"}, "value": {v}, "message": {recognitionMessage}}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.doc(t).Find(`[data-testid=error-form]`).Text(), "used all 1 peer recognitions") {
		t.Fatalf("over the allowance: %d", res.StatusCode)
	}
	// An employee cannot dodge the allowance by posting source=manager.
	res = agent.post("/recognition/give", recognitionGiveForm(t, agent, url.Values{"source": {"manager"}, "to": {"T"}, "value": {v}, "message": {recognitionMessage}}))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("employee posing as manager: %d", res.StatusCode)
	}
	// The manager's commendation does not use the allowance.
	mgr := w.app.signedIn("M")
	mgr.post("/recognition/give", recognitionGiveForm(t, mgr, url.Values{"to": {"T"}, "value": {v}, "message": {recognitionMessage}}))
	res = mgr.post("/recognition/give", recognitionGiveForm(t, mgr, url.Values{"source": {"customer"}, "to": {"A"}, "value": {v}, "message": {recognitionMessage},
		"channel": {"survey"}, "customer_words": {"Ann was wonderful, patient and kind."}, "praised_on": {"2026-11-20"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("customer praise: %d %s", res.StatusCode, res.Body)
	}
	card := mgr.get(res.Header.Get("Location")).doc(t)
	if !strings.Contains(card.Find(`[data-testid=customer-words]`).Text(), "Ann was wonderful") || !strings.Contains(card.Text(), "Customer praise") {
		t.Fatalf("customer card: %s", card.Find(`[data-testid=recognition-card]`).Text())
	}
	// The manager records praise only for their own team.
	res = mgr.post("/recognition/give", recognitionGiveForm(t, mgr, url.Values{"source": {"qa"}, "to": {"X"}, "value": {v}, "message": {recognitionMessage}, "qa_score": {"99"}}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.doc(t).Find(`[data-testid=error-to]`).Text(), "not in your team") {
		t.Fatalf("QA praise outside the team: %d", res.StatusCode)
	}
}

func TestRecognitionRolesAndModeration(t *testing.T) {
	w := recognitionSetup(t)
	ctx := context.Background()
	id, _, err := w.app.store.Give(ctx, store.GiveInput{GiverID: w.ids["A"], To: []string{"T"}, ValueID: w.value, Message: recognitionMessage})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/recognition/%d", id)
	agent := w.app.signedIn("A")
	for _, p := range []string{"/recognition/fairness", "/recognition/badges/new", "/recognition/settings", "/recognition/export.csv", fmt.Sprintf("/recognition/badges/%d", w.badge)} {
		if res := agent.get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("employee GET %s: %d", p, res.StatusCode)
		}
	}
	if res := agent.post(path+"/hide", url.Values{"reason": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("employee hides: %d", res.StatusCode)
	}
	mgr := w.app.signedIn("M")
	if res := mgr.get("/recognition/fairness"); res.StatusCode != http.StatusOK {
		t.Errorf("manager fairness: %d", res.StatusCode)
	}
	if res := mgr.get("/recognition/settings"); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager settings: %d", res.StatusCode)
	}
	lead := w.app.signedIn("LEAD")
	// Hiding a comment needs a reason too; the comment's author and the giver and recipient are told.
	cid, err := w.app.store.AddComment(ctx, id, w.ids["A"], "Told you so, Tom")
	if err != nil {
		t.Fatal(err)
	}
	cpath := fmt.Sprintf("/recognition/comments/%d/hide", cid)
	if res := agent.post(cpath, url.Values{"reason": {"spam"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("employee hides a comment: %d", res.StatusCode)
	}
	res := lead.post(cpath, url.Values{"reason": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find(`[data-testid=error-comment-reason]`).Length() != 1 {
		t.Fatalf("hide comment without a reason: %d", res.StatusCode)
	}
	if res := lead.post(cpath, url.Values{"reason": {"Off topic"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide comment: %d", res.StatusCode)
	}
	if got := agent.get(path).doc(t).Find(`[data-testid=comment]`).Length(); got != 0 {
		t.Fatalf("hidden comment still shown: %d", got)
	}
	if list := notificationTexts(t, w.app, w.ids["T"]); len(list) == 0 || !strings.HasPrefix(list[0], "A comment on a recognition was hidden: ") {
		t.Fatalf("recipient not told about the hidden comment: %q", list)
	}
	res = lead.post(path+"/hide", url.Values{"reason": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find(`[data-testid=error-reason]`).Length() != 1 {
		t.Fatalf("hide without reason: %d", res.StatusCode)
	}
	if res := lead.post(path+"/hide", url.Values{"reason": {"Posted twice by mistake"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide: %d", res.StatusCode)
	}
	if n := agent.get("/recognition").doc(t).Find(`[data-testid=recognition-card]`).Length(); n != 0 {
		t.Fatalf("hidden card still on the board: %d", n)
	}
	if res := agent.get(path); res.StatusCode != http.StatusNotFound {
		t.Fatalf("employee opens a hidden recognition: %d", res.StatusCode)
	}
	if got := lead.get(path).doc(t).Find(`[data-testid=hidden-notice]`).Text(); !strings.Contains(got, "Posted twice by mistake") {
		t.Fatalf("moderator view: %q", got)
	}
	if got := agent.get(fmt.Sprintf("/people/%d", w.ids["T"])).doc(t).Find(`[data-testid=recognition-profile] .stat-number`).First().Text(); got != "0" {
		t.Fatalf("profile still counts the hidden item: %s", got)
	}
	events, _, _ := w.app.store.ListEvents(ctx, 0, 5)
	if len(events) == 0 || events[0].Key != store.EventRecognitionHide || events[0].Actor != w.ids["LEAD"] {
		t.Fatalf("audit: %+v", events)
	}
	if got := auditLog(t, w.app, 1)[0]; !strings.HasSuffix(got, "(hidden) hidden: Posted twice by mistake") {
		t.Fatalf("audit reads %q", got)
	}
}

func TestRecognitionFairnessViewsAreScoped(t *testing.T) {
	w := recognitionSetup(t)
	mgr := w.app.signedIn("M")
	doc := mgr.get("/recognition/fairness").doc(t)
	var names []string
	doc.Find(`[data-testid=desert-person] .person-name`).Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
	// M's line: Ann and Tom (Lou has left); Xia reports to M2 and is not shown.
	if strings.Join(names, ",") != "Ann Agent,Tom Teammate" {
		t.Fatalf("desert list %v", names)
	}
	if doc.Find(`[data-testid=pairs]`).Length() != 0 {
		t.Fatal("a manager sees the organisation's reciprocal pairs")
	}
	lead := w.app.signedIn("LEAD")
	doc = lead.get("/recognition/fairness?department=Chat").doc(t)
	if got := doc.Find(`[data-testid=desert-person] .person-name`).Text(); !strings.Contains(got, "Xia Other") || strings.Contains(got, "Ann Agent") {
		t.Fatalf("department view: %q", got)
	}
	if doc.Find(`[data-testid=pairs]`).Length() != 1 {
		t.Fatal("leader sees no reciprocal pairs section")
	}
}

func TestRecognitionBadgeCatalogue(t *testing.T) {
	w := recognitionSetup(t)
	lead := w.app.signedIn("LEAD")
	res := lead.post("/recognition/badges", url.Values{"name_en": {"Mentor"}, "name_zh": {""}, "icon": {"heart"}, "colour": {"rose"}, "awarded_by": {"peers"}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find(`[data-testid=error-name_zh]`).Length() != 1 ||
		res.doc(t).Find(`input[name=name_en]`).AttrOr("value", "") != "Mentor" {
		t.Fatalf("badge without a Chinese name: %d", res.StatusCode)
	}
	res = lead.post("/recognition/badges", url.Values{"name_en": {"Mentor"}, "name_zh": {"导师"}, "icon": {"heart"}, "colour": {"rose"}, "awarded_by": {"peers"},
		"value_id": {strconv.FormatInt(w.value, 10)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create badge: %d", res.StatusCode)
	}
	if res := lead.post(fmt.Sprintf("/recognition/badges/%d/retire", w.badge), url.Values{"retire": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d", res.StatusCode)
	}
	agent := w.app.signedIn("A")
	page := agent.get("/recognition/badges").doc(t)
	if !strings.Contains(page.Text(), "Mentor") || !strings.Contains(page.Text(), "Retired") {
		t.Fatalf("catalogue: %s", page.Find(`[data-testid=badges]`).Text())
	}
	// The retired badge is not offered and cannot be awarded by a crafted POST.
	if agent.get("/recognition/give").doc(t).Find(fmt.Sprintf(`input[name=badge][value="%d"]`, w.badge)).Length() != 0 {
		t.Fatal("retired badge offered in the give form")
	}
	res = agent.post("/recognition/give", recognitionGiveForm(t, agent, url.Values{"to": {"T"}, "badge": {strconv.FormatInt(w.badge, 10)}, "message": {recognitionMessage}}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.doc(t).Find(`[data-testid=error-badge]`).Text(), "retired") {
		t.Fatalf("retired badge awarded: %d", res.StatusCode)
	}
}

func TestRecognitionPagesInChinese(t *testing.T) {
	w := recognitionSetup(t)
	agent := w.app.signedIn("A")
	agent.post("/language", url.Values{"lang": {"zh"}})
	w.app.store.SetLanguage(context.Background(), w.ids["A"], "zh")
	doc := agent.get("/recognition").doc(t)
	if got := doc.Find("h1").Text(); got != "表扬栏" {
		t.Fatalf("board title in Chinese: %q", got)
	}
	if got := strings.TrimSpace(agent.get("/recognition/give").doc(t).Find(`[data-testid=allowance]`).Text()); got != "本月您还可以给予 10 次同事认可（共 10 次）。" {
		t.Fatalf("allowance in Chinese: %q", got)
	}
}

func TestRecognitionCSVExportForAdmins(t *testing.T) {
	w := recognitionSetup(t)
	if _, _, err := w.app.store.Give(context.Background(), store.GiveInput{GiverID: w.ids["A"], Team: "Voice 1", BadgeID: w.badge,
		Message: "=HYPERLINK(\"x\") the whole team stayed late for the outage"}); err != nil {
		t.Fatal(err)
	}
	res := w.app.signedIn("ADMIN").get("/recognition/export.csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Header + one row per recipient: Tom (Lou has left, Ann gave it).
	if len(rows) != 2 || rows[1][3] != "A" || rows[1][5] != "T" || rows[1][7] != "Customer Champion" || rows[1][8] != "Customer-centred" || rows[1][12] != "false" {
		t.Fatalf("rows %v", rows)
	}
}

// recognitionAPI sends a JSON request with the bearer token.
func recognitionAPI(t *testing.T, w *recognitionWorld, method, path, token, body string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, w.app.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res := w.app.client().do(req)
	var out map[string]any
	json.Unmarshal([]byte(res.Body), &out)
	return res.StatusCode, out
}

func TestRecognitionAPIAppliesTheSameRules(t *testing.T) {
	w := recognitionSetup(t)
	ctx := context.Background()
	token, err := w.app.store.CreateToken(ctx, w.ids["ADMIN"], "chat bot")
	if err != nil {
		t.Fatal(err)
	}
	body := func(from, to string) string {
		return fmt.Sprintf(`{"from": %q, "to": [%q], "badge": %d, "message": %q}`, from, to, w.badge, recognitionMessage)
	}
	status, out := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, body("A", "T"), map[string]string{"Idempotency-Key": "chat-42"})
	if status != http.StatusCreated || out["source"] != "peer" || out["message"] != recognitionMessage {
		t.Fatalf("create: %d %v", status, out)
	}
	firstID := out["id"]
	status, out = recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, body("A", "T"), map[string]string{"Idempotency-Key": "chat-42"})
	if status != http.StatusOK || out["id"] != firstID || w.count(t) != 1 {
		t.Fatalf("replay: %d %v, %d recognitions", status, out, w.count(t))
	}
	problem := func(out map[string]any) string {
		ps, _ := out["problems"].([]any)
		if len(ps) == 0 {
			return ""
		}
		p := ps[0].(map[string]any)
		return p["field"].(string) + ":" + p["code"].(string)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"to self", body("A", "A"), "to:recognition_self"},
		{"to a leaver", body("A", "LEFT"), "to:recognition_person_left"},
		{"unknown giver", body("NOBODY", "T"), "from:recognition_unknown_person"},
		{"no badge or value", `{"from": "A", "to": ["T"], "message": "` + recognitionMessage + `"}`, "badge:recognition_badge_or_value"},
		{"short", `{"from": "A", "to": ["T"], "value": ` + strconv.FormatInt(w.value, 10) + `, "message": "ok"}`, "message:recognition_message_short"},
	} {
		status, out := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, tc.body, nil)
		if status != http.StatusUnprocessableEntity || problem(out) != tc.want {
			t.Errorf("%s: %d %v", tc.name, status, out)
		}
	}
	// Numeric employee IDs are accepted as written by chat tools.
	if _, err := w.app.store.UpsertPeople(ctx, 0, []store.PersonInput{{EmployeeID: "1002", Name: "Num Ber", Team: "Bots", Tier: store.TierFrontLine,
		Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2026-03-01"}}, 0); err != nil {
		t.Fatal(err)
	}
	if status, out := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, fmt.Sprintf(`{"from": 1002, "to": [1002], "value": %d, "message": %q}`, w.value, recognitionMessage), nil); status != http.StatusUnprocessableEntity || problem(out) != "to:recognition_self" {
		t.Errorf("numeric IDs: %d %v", status, out)
	}
	if status, _ := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, `{"from": "A", "to": "T"}`, nil); status != http.StatusBadRequest {
		t.Errorf("malformed body: %d", status)
	}
	// Team recognition through the API; then the allowance runs out like on the page.
	if err := w.app.store.SetMonthlyAllowance(ctx, 0, "2"); err != nil {
		t.Fatal(err)
	}
	status, out = recognitionAPI(t, w, "POST", "/api/v1/recognitions", token,
		fmt.Sprintf(`{"from": "A", "team": "Voice 1", "value": %d, "message": %q}`, w.value, recognitionMessage), nil)
	if status != http.StatusCreated || len(out["to"].([]any)) != 1 {
		t.Fatalf("team via API: %d %v", status, out)
	}
	status, out = recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, body("A", "M"), nil)
	if status != http.StatusUnprocessableEntity || problem(out) != "form:recognition_allowance_used" {
		t.Fatalf("allowance via API: %d %v", status, out)
	}
	// Reading: badges and keyset-paged recognitions.
	status, out = recognitionAPI(t, w, "GET", "/api/v1/badges", token, "", nil)
	if status != http.StatusOK || len(out["badges"].([]any)) != 6 {
		t.Fatalf("badges: %d %v", status, out)
	}
	status, out = recognitionAPI(t, w, "GET", "/api/v1/recognitions?limit=1", token, "", nil)
	next, _ := out["next"].(string)
	if status != http.StatusOK || len(out["recognitions"].([]any)) != 1 || next == "" {
		t.Fatalf("page 1: %d %v", status, out)
	}
	status, out = recognitionAPI(t, w, "GET", "/api/v1/recognitions?limit=1&after="+url.QueryEscape(next), token, "", nil)
	if status != http.StatusOK || len(out["recognitions"].([]any)) != 1 || out["next"] != nil ||
		out["recognitions"].([]any)[0].(map[string]any)["id"] != firstID {
		t.Fatalf("page 2: %d %v", status, out)
	}
	if status, _ := recognitionAPI(t, w, "GET", "/api/v1/recognitions", "wrong", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("no token: %d", status)
	}
}

func TestRecognitionTenureBadgeShownOnBoard(t *testing.T) {
	w := recognitionSetup(t) // everyone hired 2026-03-01
	agent := w.app.signedIn("A")
	if n := agent.get("/recognition?source=system").doc(t).Find(`[data-testid=recognition-card]`).Length(); n != 0 {
		t.Fatalf("%d tenure badges before a year", n)
	}
	w.app.clock.now = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	// Viewing the board awards nothing: the server's hourly job does.
	if n := agent.get("/recognition?source=system").doc(t).Find(`[data-testid=recognition-card]`).Length(); n != 0 {
		t.Fatalf("%d tenure badges awarded by a page view", n)
	}
	if err := w.app.store.AwardSystemBadges(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := agent.get("/recognition?source=system").doc(t)
	if n := doc.Find(`[data-testid=recognition-card]`).Length(); n != 7 {
		t.Fatalf("%d one-year badges on the board, want 7 (everyone active)", n)
	}
	// The profile's "recently received" says it in the reader's language, like the card does
	// (the stored message of a system award is English).
	agent.post("/language", url.Values{"lang": {"zh"}})
	got := agent.get(fmt.Sprintf("/people/%d", w.ids["A"])).doc(t).Find(`[data-testid=profile-received] [data-testid=profile-message]`).First().Text()
	if !strings.Contains(got, "自动获得徽章") {
		t.Fatalf("system award on the profile in Chinese: %q", got)
	}
}

func TestRecognitionRankingOptOutOnProfile(t *testing.T) {
	w := recognitionSetup(t)
	if _, _, err := w.app.store.Give(context.Background(), store.GiveInput{GiverID: w.ids["T"], To: []string{"A"}, ValueID: w.value, Message: recognitionMessage}); err != nil {
		t.Fatal(err)
	}
	agent := w.app.signedIn("A")
	if n := agent.get("/recognition").doc(t).Find(`[data-testid=strip-person]`).Length(); n != 1 {
		t.Fatalf("strip shows %d people, want Ann", n)
	}
	if res := agent.post("/recognition/ranking", url.Values{"opt_out": {"1"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/me" {
		t.Fatalf("opt out: %d", res.StatusCode)
	}
	if got := agent.get("/me").doc(t).Find(`[data-testid=ranking-form]`).Text(); !strings.Contains(got, "not shown") {
		t.Fatalf("profile after opting out: %q", got)
	}
	if n := agent.get("/recognition").doc(t).Find(`[data-testid=month-strip]`).Length(); n != 0 {
		t.Fatal("the strip still shows someone who opted out")
	}
	// Someone else's profile has no opt-out form, but a button to recognise them.
	doc := agent.get(fmt.Sprintf("/people/%d", w.ids["T"])).doc(t)
	if doc.Find(`[data-testid=ranking-form]`).Length() != 0 || doc.Find(`a[href="/recognition/give?to=T"]`).Length() != 1 {
		t.Fatal("profile of another person: wrong controls")
	}
}

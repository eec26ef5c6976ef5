package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

func cultureDoc() store.CultureDoc {
	return store.CultureDoc{
		Vision:   store.Text{EN: "Every customer leaves better off.", ZH: "让每位客户满意而归。"},
		Mission:  store.Text{EN: "Solve it the first time.", ZH: "一次解决问题。"},
		Strategy: store.Text{EN: "Three priorities."},
		Priorities: []store.CulturePriority{
			{Name: store.Text{EN: "First-contact resolution", ZH: "首次解决"}, Summary: store.Text{EN: "Fix it on the first call."}},
		},
		Values: []store.CultureValue{
			{Name: store.Text{EN: "Customer-centred", ZH: "以客户为中心"}, Meaning: store.Text{EN: "We start from the customer."},
				Behaviours: store.Text{EN: "- Listen first\n- Summarise the need"}},
			{Name: store.Text{EN: "Teamwork", ZH: "团队合作"}, Meaning: store.Text{EN: "We win together."}},
		},
	}
}

// culturePublish saves doc as the draft and publishes it.
func culturePublish(t *testing.T, s *store.Store, actor int64, doc store.CultureDoc) int {
	t.Helper()
	ctx := context.Background()
	if err := s.SaveCultureDraft(ctx, actor, doc); err != nil {
		t.Fatal(err)
	}
	n, err := s.PublishCulture(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func cultureProblems(err error) map[string]string {
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		return nil
	}
	out := map[string]string{}
	for _, p := range verr.Problems {
		out[p.Field] = p.Code
	}
	return out
}

func TestCulturePublishNumbersVersionsAndKeepsValueIDs(t *testing.T) {
	c := newClock()
	s := mustOpenStore(t, c)
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("L1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	leader, _ := s.PersonByEmployeeID(ctx, "L1")
	if _, err := s.CurrentCulture(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("current before publishing: %v", err)
	}
	if _, err := s.PublishCulture(ctx, leader.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("publishing without a draft: %v", err)
	}
	if n := culturePublish(t, s, leader.ID, cultureDoc()); n != 1 {
		t.Fatalf("first version numbered %d", n)
	}
	v1, err := s.CurrentCulture(ctx)
	if err != nil || v1.Number != 1 || v1.PublishedByName != "Person L1" || !v1.PublishedAt.Equal(c.t) {
		t.Fatalf("v1 %+v %v", v1, err)
	}
	values, _ := s.ListValues(ctx, false)
	if len(values) != 2 || values[0].NameZH != "以客户为中心" || values[1].NameEN != "Teamwork" {
		t.Fatalf("values after v1: %+v", values)
	}
	prios, _ := s.ListPriorities(ctx, false)
	if len(prios) != 1 || prios[0].NameEN != "First-contact resolution" {
		t.Fatalf("priorities after v1: %+v", prios)
	}
	// The draft starts from the published version, ids included.
	draft, err := s.CultureDraft(ctx)
	if err != nil || draft.ID != 0 || draft.Doc.Values[0].ID != values[0].ID {
		t.Fatalf("new draft %+v %v", draft, err)
	}
	// Rename a value: the id stays, the stable record takes the new name.
	doc := draft.Doc
	doc.Values[0].Name.EN = "Customer first"
	c.advance(24 * time.Hour)
	if n := culturePublish(t, s, leader.ID, doc); n != 2 {
		t.Fatalf("second version numbered %d", n)
	}
	after, _ := s.ListValues(ctx, false)
	if len(after) != 2 || after[0].ID != values[0].ID || after[0].NameEN != "Customer first" {
		t.Fatalf("values after rename: %+v", after)
	}
	// Older versions stay readable, unchanged.
	old, err := s.CultureVersionByNumber(ctx, 1)
	if err != nil || old.Doc.Values[0].Name.EN != "Customer-centred" {
		t.Fatalf("version 1 now %+v %v", old.Doc.Values, err)
	}
	list, _ := s.ListCultureVersions(ctx)
	if len(list) != 2 || list[0].Number != 2 || list[1].Number != 1 {
		t.Fatalf("versions %+v", list)
	}
}

func TestCulturePublishedValueCanBeRetiredNotDeleted(t *testing.T) {
	c := newClock()
	s := mustOpenStore(t, c)
	ctx := context.Background()
	culturePublish(t, s, 0, cultureDoc())
	fresh := func() store.CultureDoc { d, _ := s.CultureDraft(ctx); return d.Doc }

	// Dropping a published value from the document is refused.
	doc := fresh()
	doc.Values = doc.Values[:1]
	if got := cultureProblems(s.SaveCultureDraft(ctx, 0, doc)); got["values"] != "culture_published_missing" {
		t.Fatalf("dropping a published value: %v", got)
	}
	// Blanking it is refused too, next to its row.
	doc = fresh()
	doc.Values[1] = store.CultureValue{ID: doc.Values[1].ID}
	if got := cultureProblems(s.SaveCultureDraft(ctx, 0, doc)); got["v1_name_en"] != "culture_published_row" {
		t.Fatalf("blanking a published value: %v", got)
	}
	// A blank unpublished row is simply dropped; a named row needs a name.
	doc = fresh()
	doc.Values = append(doc.Values, store.CultureValue{}, store.CultureValue{Meaning: store.Text{ZH: "没有名字"}})
	if got := cultureProblems(s.SaveCultureDraft(ctx, 0, doc)); len(got) != 1 || got["v3_name_en"] != "required" {
		t.Fatalf("rows without a name: %v", got)
	}
	// Retiring is allowed: the record stays (for old links) but is hidden from new use.
	doc = fresh()
	teamwork := doc.Values[1].ID
	doc.Values[1].Retired = true
	culturePublish(t, s, 0, doc)
	active, _ := s.ListValues(ctx, false)
	all, _ := s.ListValues(ctx, true)
	if len(active) != 1 || len(all) != 2 || !all[1].Retired || all[1].ID != teamwork {
		t.Fatalf("after retiring: active %+v all %+v", active, all)
	}
	cur, _ := s.CurrentCulture(ctx)
	if len(cur.Doc.ActiveValues()) != 1 || len(cur.Doc.Values) != 2 {
		t.Fatalf("current version values %+v", cur.Doc.Values)
	}
	// Names are short.
	doc = fresh()
	doc.Values[0].Name.ZH = strings.Repeat("价", 201)
	if got := cultureProblems(s.SaveCultureDraft(ctx, 0, doc)); len(got) != 1 || got["v0_name_zh"] != "too_long" {
		t.Fatalf("long name: %v", got)
	}
	// Ids cannot be forged.
	doc = cur.Doc
	doc.Values = append(doc.Values, store.CultureValue{ID: 999, Name: store.Text{EN: "Forged"}})
	if got := cultureProblems(s.SaveCultureDraft(ctx, 0, doc)); got["v2_name_en"] != "invalid_choice" {
		t.Fatalf("forged id: %v", got)
	}
}

func TestCulturePublishNeedsVisionMissionAndAValue(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if err := s.SaveCultureDraft(ctx, 0, store.CultureDoc{Strategy: store.Text{EN: "draft"}}); err != nil {
		t.Fatalf("a partial draft can be saved: %v", err)
	}
	_, err := s.PublishCulture(ctx, 0)
	got := cultureProblems(err)
	want := map[string]string{"vision_en": "required", "mission_en": "required", "values": "culture_no_values"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	if _, err := s.CurrentCulture(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a refused publication published something")
	}
	// A Chinese-only vision is enough.
	doc := cultureDoc()
	doc.Vision = store.Text{ZH: "愿景"}
	culturePublish(t, s, 0, doc)
	// A version that changes nothing is refused (everyone would have to read it again for nothing)…
	draft, _ := s.CultureDraft(ctx)
	if err := s.SaveCultureDraft(ctx, 0, draft.Doc); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishCulture(ctx, 0); cultureProblems(err)["draft"] != "culture_unchanged" {
		t.Fatalf("unchanged draft: %v", err)
	}
	// …but a new order of the values is a change.
	draft.Doc.Values[0], draft.Doc.Values[1] = draft.Doc.Values[1], draft.Doc.Values[0]
	if n := culturePublish(t, s, 0, draft.Doc); n != 2 {
		t.Fatalf("reordered version numbered %d", n)
	}
}

func TestCultureTextFallsBackToTheOtherLanguage(t *testing.T) {
	cases := []struct {
		text       store.Text
		lang, want string
	}{
		{store.Text{EN: "Vision", ZH: "愿景"}, "zh", "愿景"},
		{store.Text{EN: "Vision", ZH: "愿景"}, "en", "Vision"},
		{store.Text{EN: "Vision"}, "zh", "Vision"},
		{store.Text{ZH: "愿景"}, "en", "愿景"},
	}
	for _, tc := range cases {
		if got := tc.text.In(tc.lang); got != tc.want {
			t.Errorf("%+v in %s = %q, want %q", tc.text, tc.lang, got, tc.want)
		}
	}
}

// Population: active people only. Known set-up, rates worked out by hand.
func TestCultureAcknowledgementRates(t *testing.T) {
	c := newClock()
	s := mustOpenStore(t, c)
	ctx := context.Background()
	mk := func(id, manager, dept, tier, role string) store.PersonInput {
		p := person(id, manager)
		p.Department, p.Tier, p.Role = dept, tier, role
		return p
	}
	in := []store.PersonInput{
		mk("L", "", "Voice", store.TierSeniorLeader, store.RoleLeader),
		mk("M", "L", "Voice", store.TierMiddleManager, store.RoleManager),
		mk("A1", "M", "Voice", store.TierFrontLine, store.RoleEmployee),
		mk("A2", "M", "Voice", store.TierFrontLine, store.RoleEmployee),
		mk("T", "M", "Voice", store.TierMiddleManager, store.RoleManager), // a team lead under M
		mk("A3", "T", "Voice", store.TierFrontLine, store.RoleEmployee),   // M's indirect report
		mk("C1", "L", "Chat", store.TierFrontLine, store.RoleEmployee),
		mk("C2", "L", "Chat", store.TierFrontLine, store.RoleEmployee),
		mk("GONE", "M", "Voice", store.TierFrontLine, store.RoleEmployee),
	}
	in[8].LeftOn = "2026-11-01" // left before today: not in the population
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	id := func(e string) int64 { p, _ := s.PersonByEmployeeID(ctx, e); return p.ID }
	culturePublish(t, s, id("L"), cultureDoc())
	// Acknowledging version 1 before version 2 exists does not count for version 2.
	if err := s.AcknowledgeCulture(ctx, id("C2"), 1); err != nil {
		t.Fatal(err)
	}
	draft, _ := s.CultureDraft(ctx)
	draft.Doc.Vision.EN = "New vision"
	culturePublish(t, s, id("L"), draft.Doc)
	for _, e := range []string{"L", "A1", "A3", "C1", "GONE"} {
		if err := s.AcknowledgeCulture(ctx, id(e), 2); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AcknowledgeCulture(ctx, id("A1"), 2); err != nil { // twice counts once
		t.Fatal(err)
	}
	if err := s.AcknowledgeCulture(ctx, id("A1"), 7); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("acknowledging an unknown version: %v", err)
	}
	names := func(ps []store.Person) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.EmployeeID)
		}
		return out
	}
	leader, _ := s.PersonByID(ctx, id("L"))
	rep, err := s.CultureAckReport(ctx, leader)
	if err != nil {
		t.Fatal(err)
	}
	// 8 active people; read: L, A1, A3, C1 = 4.
	if rep.Version != 2 || rep.Overall.Read != 4 || rep.Overall.Total != 8 || rep.Overall.Share() != 0.5 {
		t.Fatalf("overall %+v", rep.Overall)
	}
	wantTiers := []store.AckCount{{Name: store.TierFrontLine, Read: 3, Total: 5}, {Name: store.TierMiddleManager, Read: 0, Total: 2},
		{Name: store.TierSeniorLeader, Read: 1, Total: 1}}
	if !reflect.DeepEqual(rep.ByTier, wantTiers) {
		t.Fatalf("by tier %+v", rep.ByTier)
	}
	wantDepts := []store.AckCount{{Name: "Chat", Read: 1, Total: 2}, {Name: "Voice", Read: 3, Total: 6}}
	if !reflect.DeepEqual(rep.ByDepartment, wantDepts) {
		t.Fatalf("by department %+v", rep.ByDepartment)
	}
	wantTeams := []store.AckCount{{Name: "Team A", Parent: "Chat", Read: 1, Total: 2}, {Name: "Team A", Parent: "Voice", Read: 3, Total: 6}}
	if !reflect.DeepEqual(rep.ByTeam, wantTeams) {
		t.Fatalf("by team %+v", rep.ByTeam)
	}
	if rep.Team != nil {
		t.Fatal("a leader got a team row")
	}
	if got := names(rep.NotRead); !reflect.DeepEqual(got, []string{"A2", "C2", "M", "T"}) {
		t.Fatalf("leader sees not read %v", got)
	}
	// The manager: team = A1, A2, T, A3 (direct and indirect, active only); read A1, A3.
	manager, _ := s.PersonByID(ctx, id("M"))
	rep, err = s.CultureAckReport(ctx, manager)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Team == nil || rep.Team.Read != 2 || rep.Team.Total != 4 {
		t.Fatalf("team %+v", rep.Team)
	}
	if got := names(rep.NotRead); !reflect.DeepEqual(got, []string{"A2", "T"}) {
		t.Fatalf("manager sees not read %v (own team only)", got)
	}
	if rep.Overall.Total != 8 {
		t.Fatalf("manager's overall %+v", rep.Overall)
	}
}

func TestCultureReadingFor(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("A", "")}, 0); err != nil {
		t.Fatal(err)
	}
	a, _ := s.PersonByEmployeeID(ctx, "A")
	if r, _ := s.CultureReadingFor(ctx, a.ID); r.Current != 0 || r.Acknowledged {
		t.Fatalf("nothing published: %+v", r)
	}
	culturePublish(t, s, 0, cultureDoc())
	v1, _ := s.CurrentCulture(ctx)
	if r, _ := s.CultureReadingFor(ctx, a.ID); r.Current != 1 || r.Acknowledged || r.LastAcked != 0 || !r.CurrentPublished.Equal(v1.PublishedAt) {
		t.Fatalf("v1 unread: %+v (published %v)", r, v1.PublishedAt)
	}
	s.AcknowledgeCulture(ctx, a.ID, 1)
	if r, _ := s.CultureReadingFor(ctx, a.ID); !r.Acknowledged || r.LastAcked != 1 {
		t.Fatalf("v1 read: %+v", r)
	}
	draft, _ := s.CultureDraft(ctx)
	draft.Doc.Mission.ZH = "新的使命"
	culturePublish(t, s, 0, draft.Doc)
	v2, _ := s.CurrentCulture(ctx)
	if r, _ := s.CultureReadingFor(ctx, a.ID); r.Current != 2 || r.Acknowledged || r.LastAcked != 1 || !r.CurrentPublished.Equal(v2.PublishedAt) {
		t.Fatalf("v2 published: %+v (published %v)", r, v2.PublishedAt)
	}
}

// A reading request (store.WithReadMemo) asks each memoised question once: a change made
// meanwhile is not seen through it, while a context without a memo always reads afresh.
func TestReadMemoAnswersOncePerRequest(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("A", ""), person("B", "")}, 0); err != nil {
		t.Fatal(err)
	}
	a, _ := s.PersonByEmployeeID(ctx, "A")
	b, _ := s.PersonByEmployeeID(ctx, "B")
	culturePublish(t, s, 0, cultureDoc())
	reading := store.WithReadMemo(ctx)
	if !store.HasReadMemo(reading) || store.HasReadMemo(ctx) {
		t.Fatal("WithReadMemo did not mark only its own context")
	}
	if r, _ := s.CultureReadingFor(reading, a.ID); r.Acknowledged {
		t.Fatalf("before reading: %+v", r)
	}
	if err := s.AcknowledgeCulture(ctx, a.ID, 1); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.CultureReadingFor(reading, a.ID); r.Acknowledged {
		t.Fatalf("the memo read again: %+v", r)
	}
	if r, _ := s.CultureReadingFor(ctx, a.ID); !r.Acknowledged {
		t.Fatalf("without a memo the change is not seen: %+v", r)
	}
	// Each person's answer is their own.
	if err := s.AcknowledgeCulture(ctx, b.ID, 1); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.CultureReadingFor(reading, b.ID); !r.Acknowledged {
		t.Fatalf("B's reading came from A's answer: %+v", r)
	}
	// A new request reads afresh.
	if r, _ := s.CultureReadingFor(store.WithReadMemo(ctx), a.ID); !r.Acknowledged {
		t.Fatalf("a new request saw the old answer: %+v", r)
	}
}

func TestCultureDiff(t *testing.T) {
	old := cultureDoc()
	old.Priorities[0].ID = 1
	old.Values[0].ID, old.Values[1].ID = 1, 2
	old.Values = append(old.Values, store.CultureValue{ID: 3, Name: store.Text{EN: "Equality"}})
	new := cultureDoc()
	new.Priorities[0].ID = 1
	new.Values[0].ID, new.Values[1].ID = 1, 2
	new.Vision.ZH = "新的愿景" // changed in one language only
	new.Strategy = store.Text{}
	new.Values[0].Name.EN = "Customer first" // renamed, same id
	new.Values[0].Behaviours.EN = "- Listen first\n- Own the problem"
	new.Values[1].Retired = true // retired counts as removed
	new.Values = append(new.Values, store.CultureValue{ID: 3, Name: store.Text{EN: "Equality"}},
		store.CultureValue{Name: store.Text{EN: "Innovation"}}) // unchanged; added
	got := store.DiffCulture(old, new)
	type row struct {
		section, kind string
		id            int64
		fields        []string
	}
	var rows []row
	for _, c := range got {
		r := row{c.Section, c.Kind, c.ID, nil}
		for _, f := range c.Fields {
			r.fields = append(r.fields, f.Field)
		}
		rows = append(rows, r)
	}
	want := []row{
		{"vision", "changed", 0, []string{"text"}},
		{"strategy", "removed", 0, []string{"text"}},
		{"value", "changed", 1, []string{"name", "behaviours"}},
		{"value", "added", 0, []string{"name"}},
		{"value", "removed", 2, []string{"name", "meaning"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("diff\n got %+v\nwant %+v", rows, want)
	}
	if got[2].OldName.EN != "Customer-centred" || got[2].NewName.EN != "Customer first" {
		t.Fatalf("renamed value names %+v → %+v", got[2].OldName, got[2].NewName)
	}
	if d := store.DiffCulture(old, old); len(d) != 0 {
		t.Fatalf("no change reported %+v", d)
	}
}

func TestCultureLineDiff(t *testing.T) {
	got := store.LineDiff("- Listen first\n- Summarise the need\n- Thank", "- Listen first\n- Own the problem\n- Thank\n- Follow up")
	want := []store.DiffLine{{"same", "- Listen first"}, {"del", "- Summarise the need"}, {"add", "- Own the problem"},
		{"same", "- Thank"}, {"add", "- Follow up"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("line diff\n got %+v\nwant %+v", got, want)
	}
	if d := store.LineDiff("", "a"); !reflect.DeepEqual(d, []store.DiffLine{{"add", "a"}}) {
		t.Fatalf("from empty: %+v", d)
	}
}

// The demo has two published versions, the seeds' four values as stable records, and the
// agent account has read version 1 but not version 2 (so the banner and "what changed" show).
func TestCultureDemo(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	cur, err := s.CurrentCulture(ctx)
	if err != nil || cur.Number != 2 || cur.PublishedByName == "" || !cur.PublishedAt.Before(newClock().t) {
		t.Fatalf("current %+v %v", cur.Number, err)
	}
	values, _ := s.ListValues(ctx, false)
	var zh []string
	for _, v := range values {
		zh = append(zh, v.NameZH)
	}
	if !reflect.DeepEqual(zh, []string{"以客户为中心", "团队合作", "平等待人", "激励与创新"}) {
		t.Fatalf("values %v", zh)
	}
	if prios, _ := s.ListPriorities(ctx, false); len(prios) != 4 {
		t.Fatalf("%d priorities", len(prios))
	}
	old, _ := s.CultureVersionByNumber(ctx, 1)
	if len(store.DiffCulture(old.Doc, cur.Doc)) == 0 {
		t.Fatal("version 2 changes nothing")
	}
	agent, _ := s.PersonByEmployeeID(ctx, "agent")
	if r, _ := s.CultureReadingFor(ctx, agent.ID); r.Acknowledged || r.LastAcked != 1 {
		t.Fatalf("agent reading %+v", r)
	}
	leader, _ := s.PersonByEmployeeID(ctx, "leader")
	rep, err := s.CultureAckReport(ctx, leader)
	if err != nil || rep.Overall.Read == 0 || rep.Overall.Read == rep.Overall.Total {
		t.Fatalf("acknowledgements should be partial: %+v %v", rep.Overall, err)
	}
}

// Browsers send a textarea's line breaks as \r\n: saving the form unchanged must not make
// every multi-line text look changed (and so tell every reader the values changed).
func TestCultureFormLineBreaksAreNotAChange(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	doc := cultureDoc()
	doc.Values[0].Behaviours = store.Text{EN: "- Listen first\n- Own the problem", ZH: "- 先倾听\n- 负责到底"}
	culturePublish(t, s, 0, doc)
	published, err := s.CurrentCulture(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fromBrowser := published.Doc
	fromBrowser.Values = append([]store.CultureValue(nil), published.Doc.Values...)
	for i := range fromBrowser.Values {
		b := &fromBrowser.Values[i].Behaviours
		b.EN, b.ZH = strings.ReplaceAll(b.EN, "\n", "\r\n"), strings.ReplaceAll(b.ZH, "\n", "\r\n")
	}
	if err := s.SaveCultureDraft(ctx, 0, fromBrowser); err != nil {
		t.Fatal(err)
	}
	draft, err := s.CultureDraft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := store.DiffCulture(published.Doc, draft.Doc); len(d) != 0 {
		t.Errorf("an unchanged form reads as changed: %+v", d)
	}
}

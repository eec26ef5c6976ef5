package store_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lodestar/store"
)

// recognitionOrg seeds: M manages A, B, C (Team A); X is in Team B under M2; L left.
func recognitionOrg(t testing.TB) (*store.Store, *clock, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	mk := func(id, manager, team, role string) store.PersonInput {
		p := person(id, manager)
		p.Team, p.Role = team, role
		return p
	}
	left := mk("L", "M", "Team A", store.RoleEmployee)
	left.LeftOn = "2026-10-01"
	in := []store.PersonInput{
		mk("M", "", "Leads", store.RoleManager), mk("M2", "", "Leads", store.RoleManager),
		mk("A", "M", "Team A", store.RoleEmployee), mk("B", "M", "Team A", store.RoleEmployee),
		mk("C", "M", "Team A", store.RoleEmployee), mk("X", "M2", "Team B", store.RoleEmployee), left,
		mk("LEAD", "", "Leads", store.RoleLeader),
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, p := range in {
		got, err := s.PersonByEmployeeID(ctx, p.EmployeeID)
		if err != nil {
			t.Fatal(err)
		}
		ids[p.EmployeeID] = got.ID
	}
	return s, c, ids
}

func recognitionValue(t testing.TB, s *store.Store, name string) int64 {
	t.Helper()
	var id int64
	if err := s.DB().QueryRow("INSERT INTO culture_values (name_en, name_zh, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z') RETURNING id", name, name+"（中）").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func recognitionBadge(t testing.TB, s *store.Store, awardedBy string, valueID int64) int64 {
	t.Helper()
	id, err := s.SaveBadge(context.Background(), 0, 0, store.BadgeInput{NameEN: "Champion " + awardedBy, NameZH: "冠军", Icon: "star",
		Colour: "gold", AwardedBy: awardedBy, ValueID: valueID})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

const recognitionMsg = "Stayed late to fix a customer's broken order."

func recognitionGive(t testing.TB, s *store.Store, in store.GiveInput) int64 {
	t.Helper()
	if in.Message == "" {
		in.Message = recognitionMsg
	}
	id, _, err := s.Give(context.Background(), in)
	if err != nil {
		t.Fatalf("give %+v: %v", in, err)
	}
	return id
}

func recognitionProblem(t testing.TB, err error, field, code string) {
	t.Helper()
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want a validation error %s/%s, got %v", field, code, err)
	}
	p, ok := verr.FieldProblem(field)
	if !ok || p.Code != code {
		t.Fatalf("want %s: %s, got %v", field, code, verr)
	}
}

func TestRecognitionRecipientRules(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	cases := []struct {
		name        string
		in          store.GiveInput
		field, code string
	}{
		{"to yourself", store.GiveInput{GiverID: ids["A"], To: []string{"A"}, ValueID: v}, "to", "recognition_self"},
		{"to a leaver", store.GiveInput{GiverID: ids["A"], To: []string{"L"}, ValueID: v}, "to", "recognition_person_left"},
		{"to nobody", store.GiveInput{GiverID: ids["A"], ValueID: v}, "to", "recognition_no_recipient"},
		{"unknown person", store.GiveInput{GiverID: ids["A"], To: []string{"NOPE"}, ValueID: v}, "to", "recognition_unknown_person"},
		{"people and a team", store.GiveInput{GiverID: ids["A"], To: []string{"B"}, Team: "Team A", ValueID: v}, "to", "recognition_to_or_team"},
		{"no badge or value", store.GiveInput{GiverID: ids["A"], To: []string{"B"}}, "badge", "recognition_badge_or_value"},
		{"message too short", store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: "Thanks a lot!"}, "message", "recognition_message_short"},
		{"Chinese message too short", store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: "谢谢你帮我处理投诉"}, "message", "recognition_message_short"},
		{"leaver gives", store.GiveInput{GiverID: ids["L"], To: []string{"B"}, ValueID: v}, "from", "recognition_giver_inactive"},
		{"employee commends", store.GiveInput{GiverID: ids["A"], Source: store.SourceManager, To: []string{"B"}, ValueID: v}, "source", "recognition_source_forbidden"},
		{"manager commends outside the line", store.GiveInput{GiverID: ids["M"], Source: store.SourceManager, To: []string{"X"}, ValueID: v}, "to", "recognition_not_your_team"},
		{"customer praise without words", store.GiveInput{GiverID: ids["M"], Source: store.SourceCustomer, To: []string{"A"}, ValueID: v, Channel: "phone", PraisedOn: "2026-11-20"}, "customer_words", "required"},
		{"customer praise in the future", store.GiveInput{GiverID: ids["M"], Source: store.SourceCustomer, To: []string{"A"}, ValueID: v, Channel: "phone", CustomerWords: "Great", PraisedOn: "2026-11-24"}, "praised_on", "recognition_future_date"},
		{"QA score out of range", store.GiveInput{GiverID: ids["M"], Source: store.SourceQA, To: []string{"A"}, ValueID: v, QAScore: "101"}, "qa_score", "recognition_qa_score"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.Message == "" {
				tc.in.Message = recognitionMsg
			}
			_, _, err := s.Give(ctx, tc.in)
			recognitionProblem(t, err, tc.field, tc.code)
		})
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM recognitions").Scan(&n)
	if n != 0 {
		t.Fatalf("%d recognitions written by failed gives", n)
	}
	// Twenty characters exactly is enough; the message keeps its line breaks.
	id := recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: "Line one\r\nLine 2 ok!!"})
	r, err := s.RecognitionByID(ctx, id, 0)
	if err != nil || r.Message != "Line one\nLine 2 ok!!" {
		t.Fatalf("got %q, %v", r.Message, err)
	}
	// A Chinese character weighs two: ten of them say enough.
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: "谢谢你耐心帮我处理投诉"})
	// A manager may commend and record praise for their own line.
	recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], Source: store.SourceCustomer, To: []string{"A"}, ValueID: v,
		Channel: "phone", CustomerWords: "She solved it in one call", PraisedOn: "2026-11-20"})
	qa := recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], Source: store.SourceQA, To: []string{"C"}, ValueID: v, QAScore: "98",
		Channel: "chat", CustomerWords: "typed before switching to QA"})
	// Customer fields typed before switching to another source are not kept.
	if r, err := s.RecognitionByID(context.Background(), qa, ids["M"]); err != nil || r.CustomerWords != "" || r.Channel != "" {
		t.Errorf("a QA commendation kept customer fields: %q %q (%v)", r.Channel, r.CustomerWords, err)
	}
}

func TestRecognitionAllowancePerCalendarMonth(t *testing.T) {
	s, c, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	if err := s.SetMonthlyAllowance(ctx, ids["M"], "2"); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v})
	// A team recognition counts as one against the allowance, however many it reaches.
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], Team: "Team A", ValueID: v})
	a, _ := s.AllowanceFor(ctx, ids["A"])
	if a.Used != 2 || a.Remaining() != 0 {
		t.Fatalf("allowance %+v, want 2 used, 0 left", a)
	}
	_, _, err := s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"C"}, ValueID: v, Message: recognitionMsg})
	recognitionProblem(t, err, "form", "recognition_allowance_used")
	// Manager commendations and customer/QA records do not use an allowance.
	for i := 0; i < 3; i++ {
		recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], Source: store.SourceManager, To: []string{"A"}, ValueID: v})
	}
	recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], To: []string{"A"}, ValueID: v})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], To: []string{"B"}, ValueID: v})
	if a, _ := s.AllowanceFor(ctx, ids["M"]); a.Used != 2 {
		t.Fatalf("manager used %d, want 2 (the peer ones only)", a.Used)
	}
	// A new calendar month gives a fresh allowance.
	c.t = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"C"}, ValueID: v})
	if err := s.SetMonthlyAllowance(ctx, ids["M"], "abc"); err == nil {
		t.Fatal("allowance abc accepted")
	}
}

func TestRecognitionTeamReachesEveryActiveMember(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	id := recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], Team: "Team A", ValueID: v})
	r, err := s.RecognitionByID(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Recipients {
		got = append(got, p.EmployeeID)
	}
	// Team A is A (the giver), B, C and L (left): B and C receive it.
	if fmt.Sprint(got) != "[B C]" {
		t.Fatalf("recipients %v, want [B C]", got)
	}
	for _, who := range []string{"B", "C", "M"} {
		if list := notificationKeys(t, s, ids[who]); len(list) != 1 {
			t.Fatalf("%s has %d notifications, want 1", who, len(list))
		}
	}
	if list := notificationKeys(t, s, ids["L"]); len(list) != 0 {
		t.Fatal("the leaver was notified")
	}
	_, _, err = s.Give(ctx, store.GiveInput{GiverID: ids["A"], Team: "Nobody's team", ValueID: v, Message: recognitionMsg})
	recognitionProblem(t, err, "team", "recognition_team_empty")
}

func TestRecognitionDoubleSubmitCreatesOne(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	in := store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: recognitionMsg, IdempotencyKey: "tok-1"}
	id1, created1, err1 := s.Give(ctx, in)
	id2, created2, err2 := s.Give(ctx, in)
	if err1 != nil || err2 != nil || id1 != id2 || !created1 || created2 {
		t.Fatalf("got %d %v %v / %d %v %v", id1, created1, err1, id2, created2, err2)
	}
	// Simultaneous submits with one key (a double click racing itself) also make one.
	race := in
	race.IdempotencyKey = "tok-race"
	var wg sync.WaitGroup
	got := make([]int64, 6)
	errs := make([]error, 6)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _, errs[i] = s.Give(ctx, race)
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != got[0] {
			t.Fatalf("racing submit %d: id %d (first %d), %v", i, got[i], got[0], errs[i])
		}
	}
	// The same key from another giver is another recognition.
	in.GiverID = ids["C"]
	id3, _, _ := s.Give(ctx, in)
	if id3 == id1 {
		t.Fatal("keys are not scoped per giver")
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM recognitions").Scan(&n)
	if n != 3 {
		t.Fatalf("%d recognitions, want 3", n)
	}
}

func TestRecognitionBadgeRules(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Customer-centred")
	peers := recognitionBadge(t, s, store.AwardPeers, v)
	mgrs := recognitionBadge(t, s, store.AwardManagers, 0)
	// The badge's value is recorded when no value is chosen.
	id := recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, BadgeID: peers})
	if r, _ := s.RecognitionByID(ctx, id, 0); r.ValueID != v || r.Badge == nil || r.Badge.ID != peers {
		t.Fatalf("got %+v", r)
	}
	_, _, err := s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, BadgeID: mgrs, Message: recognitionMsg})
	recognitionProblem(t, err, "badge", "recognition_badge_not_allowed")
	recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], To: []string{"B"}, BadgeID: mgrs})
	system, _ := s.ListBadges(ctx, false)
	var sysID int64
	for _, b := range system {
		if b.SystemKey == store.BadgeOnboarding {
			sysID = b.ID
		}
	}
	_, _, err = s.Give(ctx, store.GiveInput{GiverID: ids["LEAD"], To: []string{"B"}, BadgeID: sysID, Message: recognitionMsg})
	recognitionProblem(t, err, "badge", "recognition_badge_not_allowed")
	// Retired: no new awards, history stays, never deleted.
	if err := s.SetBadgeRetired(ctx, ids["LEAD"], peers, true); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"C"}, BadgeID: peers, Message: recognitionMsg})
	recognitionProblem(t, err, "badge", "recognition_badge_retired")
	all, _ := s.ListBadges(ctx, true)
	for _, b := range all {
		if b.ID == peers && (!b.Retired || b.Awards != 1) {
			t.Fatalf("retired badge %+v, want retired with 1 award kept", b)
		}
	}
	if _, err := s.SaveBadge(ctx, 0, 0, store.BadgeInput{NameEN: "X", NameZH: "X", Icon: "nope", Colour: "gold", AwardedBy: store.AwardSystem}); err == nil {
		t.Fatal("a badge with an unknown icon that claims to be a system badge was accepted")
	}
}

func TestRecognitionHiddenLeavesBoardAndCounts(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	b := recognitionBadge(t, s, store.AwardPeers, v)
	keep := recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, BadgeID: b})
	hide := recognitionGive(t, s, store.GiveInput{GiverID: ids["C"], To: []string{"B"}, BadgeID: b})
	if err := s.HideRecognition(ctx, ids["LEAD"], hide, ""); err == nil {
		t.Fatal("hidden without a reason")
	}
	if err := s.HideRecognition(ctx, ids["LEAD"], hide, "Inside joke, not about service"); err != nil {
		t.Fatal(err)
	}
	board, _, _ := s.Board(ctx, store.BoardFilter{})
	if len(board) != 1 || board[0].ID != keep {
		t.Fatalf("board has %d cards", len(board))
	}
	prof, _ := s.ProfileRecognition(ctx, ids["B"])
	if prof.Received != 1 || len(prof.Shelf) != 1 || prof.Shelf[0].Count != 1 {
		t.Fatalf("profile %+v, want 1 received, badge x1", prof)
	}
	if g, _ := s.ProfileRecognition(ctx, ids["C"]); g.Given != 0 {
		t.Fatalf("C still shows %d given", g.Given)
	}
	strip, _ := s.MonthStrip(ctx, 3)
	if len(strip) != 1 || strip[0].People[0].Count != 1 {
		t.Fatalf("strip %+v", strip)
	}
	f, _ := s.TeamFairness(ctx, ids["M"])
	for _, r := range f.People {
		if r.Person.EmployeeID == "B" && r.Received != 1 || r.Person.EmployeeID == "C" && r.Given != 0 {
			t.Fatalf("fairness counts the hidden item: %+v", r)
		}
	}
	// Giver and recipient are told; the audit log has it.
	for _, who := range []string{"B", "C"} {
		if list := notificationKeys(t, s, ids[who]); len(list) == 0 || list[0] != store.EventRecognitionHide {
			t.Fatalf("%s not told: %+v", who, list)
		}
	}
	if entries := eventLog(t, s, 10); len(entries) == 0 || entries[0].Key != store.EventRecognitionHide {
		t.Fatalf("audit %+v", entries)
	}
	if _, err := s.ToggleReaction(ctx, hide, ids["A"]); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("reacting to a hidden item: %v", err)
	}
}

func TestRecognitionReactionsToggleAndComments(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	id := recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v})
	for i, want := range []bool{true, false, true} {
		got, err := s.ToggleReaction(ctx, id, ids["C"])
		if err != nil || got != want {
			t.Fatalf("toggle %d: %v %v", i, got, err)
		}
	}
	s.ToggleReaction(ctx, id, ids["M"])
	r, _ := s.RecognitionByID(ctx, id, ids["C"])
	if r.Reactions != 2 || !r.Reacted {
		t.Fatalf("reactions %d reacted %v, want 2 true", r.Reactions, r.Reacted)
	}
	if _, err := s.AddComment(ctx, id, ids["C"], "  "); err == nil {
		t.Fatal("empty comment accepted")
	}
	cid, err := s.AddComment(ctx, id, ids["C"], "Well deserved!")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.HideComment(ctx, ids["LEAD"], cid, "Off topic"); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListComments(ctx, id, false); len(list) != 0 {
		t.Fatal("hidden comment still listed")
	}
	if r, _ := s.RecognitionByID(ctx, id, 0); r.Comments != 0 {
		t.Fatalf("comment count %d after hiding", r.Comments)
	}
}

func TestRecognitionKeysetPagingUnderConcurrentInserts(t *testing.T) {
	s, c, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	if err := s.SetMonthlyAllowance(ctx, 0, "100"); err != nil {
		t.Fatal(err)
	}
	existing := map[int64]bool{}
	givers := []string{"A", "B", "C", "X"}
	for i := 0; i < 90; i++ {
		c.t = c.t.Add(time.Minute * time.Duration(i%2)) // many share a timestamp: the id breaks ties
		g := givers[i%4]
		to := "M"
		id := recognitionGive(t, s, store.GiveInput{GiverID: ids[g], To: []string{to}, ValueID: v, Source: store.SourcePeer})
		existing[id] = true
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 40; i++ {
			s.Give(ctx, store.GiveInput{GiverID: ids["M2"], To: []string{"X"}, ValueID: v, Message: recognitionMsg})
		}
	}()
	seen := map[int64]int{}
	after := ""
	for pages := 0; pages < 100; pages++ {
		list, next, err := s.Board(ctx, store.BoardFilter{After: after, Limit: 7})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			seen[r.ID]++
		}
		if next == "" {
			break
		}
		after = next
	}
	wg.Wait()
	for id, n := range seen {
		if n > 1 {
			t.Fatalf("recognition %d seen %d times", id, n)
		}
	}
	for id := range existing {
		if seen[id] != 1 {
			t.Fatalf("recognition %d that existed at the start was skipped", id)
		}
	}
	if _, _, err := s.Board(ctx, store.BoardFilter{After: "garbage"}); err == nil {
		t.Fatal("a bad cursor was accepted")
	}
}

func TestRecognitionBoardFilters(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v1 := recognitionValue(t, s, "Teamwork")
	v2 := recognitionValue(t, s, "Innovation")
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v1})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"X"}, ValueID: v2})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["M"], Source: store.SourceQA, To: []string{"C"}, ValueID: v2, QAScore: "97"})
	count := func(f store.BoardFilter) int {
		list, _, err := s.Board(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if n := count(store.BoardFilter{Team: "Team A"}); n != 2 {
		t.Fatalf("team filter: %d", n)
	}
	if n := count(store.BoardFilter{ValueID: v2}); n != 2 {
		t.Fatalf("value filter: %d", n)
	}
	if n := count(store.BoardFilter{Source: store.SourceQA}); n != 1 {
		t.Fatalf("source filter: %d", n)
	}
	if n := count(store.BoardFilter{Department: "Inbound Voice", ValueID: v1}); n != 1 {
		t.Fatalf("department+value filter: %d", n)
	}
}

func TestRecognitionDesertList(t *testing.T) {
	s, c, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	// B was recognised 61 days ago, C 59 days ago, A never; X is outside M's line.
	c.t = time.Date(2026, 9, 23, 9, 0, 0, 0, time.UTC)
	recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"B"}, ValueID: v})
	c.t = time.Date(2026, 9, 25, 9, 0, 0, 0, time.UTC)
	recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"C"}, ValueID: v})
	c.t = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f, err := s.TeamFairness(ctx, ids["M"])
	if err != nil {
		t.Fatal(err)
	}
	var desert []string
	for _, r := range f.Desert {
		desert = append(desert, r.Person.EmployeeID)
	}
	// Team: A, B, C (L left). A never, B 61 days ago: both in the desert; C is not.
	if fmt.Sprint(desert) != "[A B]" {
		t.Fatalf("desert %v, want [A B]", desert)
	}
	if len(f.Values) != 1 || f.Values[0].Count != 2 {
		t.Fatalf("values %+v, want Teamwork x2", f.Values)
	}
}

func TestRecognitionReciprocalPairsOnAKnownSet(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	if err := s.SetMonthlyAllowance(ctx, 0, "100"); err != nil {
		t.Fatal(err)
	}
	give := func(from, to string, n int) {
		for i := 0; i < n; i++ {
			recognitionGive(t, s, store.GiveInput{GiverID: ids[from], To: []string{to}, ValueID: v})
		}
	}
	// A↔B: 3 each way, A gave 4 in all (3/4 ≥ 50%), B gave 6 (3/6 = 50%): flagged.
	give("A", "B", 3)
	give("A", "C", 1)
	give("B", "A", 3)
	give("B", "C", 3)
	// C↔X: 3 and 2: not flagged (X gave X→C only 2 < 3).
	give("C", "X", 3)
	give("X", "C", 2)
	// M↔M2: 3 each way, but M gave 4 elsewhere too (3/7 < 50%): not flagged.
	give("M", "M2", 3)
	give("M", "A", 4)
	give("M2", "M", 3)
	pairs, err := s.ReciprocalPairs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 1 {
		t.Fatalf("pairs %+v, want A–B only", pairs)
	}
	p := pairs[0]
	if p.A.EmployeeID != "A" || p.B.EmployeeID != "B" || p.AToB != 3 || p.BToA != 3 || p.AGave != 4 || p.BGave != 6 {
		t.Fatalf("pair %+v", p)
	}
	// One more B→C makes it 3/7 < 50% for B: no longer flagged.
	give("B", "C", 1)
	if pairs, _ := s.ReciprocalPairs(ctx, ""); len(pairs) != 0 {
		t.Fatalf("pairs %+v, want none", pairs)
	}
}

func TestRecognitionTenureBadgesFollowTheClock(t *testing.T) {
	s, c, ids := recognitionOrg(t) // everyone hired 2024-01-15; L left
	ctx := context.Background()
	countBadge := func(key string) int {
		var n int
		s.DB().QueryRow(`SELECT count(*) FROM recognitions r JOIN badges b ON b.id = r.badge_id WHERE b.system_key = ?`, key).Scan(&n)
		return n
	}
	if err := s.AwardTenureBadges(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countBadge(store.BadgeTenure1); n != 7 {
		t.Fatalf("tenure_1 awarded %d times, want 7 (8 people, one left)", n)
	}
	if err := s.AwardTenureBadges(ctx); err != nil || countBadge(store.BadgeTenure1) != 7 {
		t.Fatal("awarding twice is not idempotent")
	}
	if countBadge(store.BadgeTenure3) != 0 {
		t.Fatal("three-year badge before three years")
	}
	c.t = time.Date(2027, 1, 14, 9, 0, 0, 0, time.UTC)
	s.AwardTenureBadges(ctx)
	if countBadge(store.BadgeTenure3) != 0 {
		t.Fatal("three-year badge a day early")
	}
	c.t = time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	s.AwardTenureBadges(ctx)
	if countBadge(store.BadgeTenure3) != 7 {
		t.Fatalf("three-year badge on the anniversary: %d", countBadge(store.BadgeTenure3))
	}
	if list := notificationKeys(t, s, ids["A"]); len(list) != 2 || list[0] != store.EventBadgeEarned {
		t.Fatalf("notifications %+v", list)
	}
}

func TestRecognitionMonthStripHonoursOptOutAndMonth(t *testing.T) {
	s, c, ids := recognitionOrg(t)
	ctx := context.Background()
	team := recognitionValue(t, s, "Teamwork")
	cust := recognitionValue(t, s, "Customer-centred")
	if err := s.SetMonthlyAllowance(ctx, 0, "50"); err != nil {
		t.Fatal(err)
	}
	// Last month does not count.
	c.t = time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"C"}, ValueID: team})
	}
	c.t = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	give := func(to string, value int64, n int) {
		for i := 0; i < n; i++ {
			recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{to}, ValueID: value})
		}
	}
	give("A", team, 3)
	give("B", team, 2)
	give("C", team, 1)
	give("M", team, 1)
	give("B", cust, 1)
	strip, err := s.MonthStrip(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	got := func() string {
		out := ""
		for _, v := range strip {
			out += v.NameEN + ":"
			for _, p := range v.People {
				out += fmt.Sprintf(" %s=%d", p.Person.EmployeeID, p.Count)
			}
			out += ";"
		}
		return out
	}
	// Teamwork: A 3, B 2, then C and M with 1 each (C by name, "Person C" < "Person M"); top 3.
	if want := "Teamwork: A=3 B=2 C=1;Customer-centred: B=1;"; got() != want {
		t.Fatalf("strip %q, want %q", got(), want)
	}
	if err := s.SetRankingOptOut(ctx, ids["A"], true); err != nil {
		t.Fatal(err)
	}
	strip, _ = s.MonthStrip(ctx, 3)
	if want := "Teamwork: B=2 C=1 M=1;Customer-centred: B=1;"; got() != want {
		t.Fatalf("after A opted out: %q, want %q", got(), want)
	}
	if p, _ := s.ProfileRecognition(ctx, ids["A"]); !p.OptedOut || p.Received != 3 {
		t.Fatalf("profile %+v: opted out, still counts 3 received", p)
	}
	s.SetRankingOptOut(ctx, ids["A"], false)
	strip, _ = s.MonthStrip(ctx, 3)
	if !strings.HasPrefix(got(), "Teamwork: A=3") {
		t.Fatalf("opting back in: %q", got())
	}
}

// The badge list's award counts are kept by triggers (migration 0011) instead of counted
// on every view: they must follow gives to several people, hiding and bringing back.
func TestRecognitionBadgeAwardCountsFollowChanges(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	peers := recognitionBadge(t, s, store.AwardPeers, 0)
	awards := func() int {
		t.Helper()
		all, err := s.ListBadges(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range all {
			if b.ID == peers {
				return b.Awards
			}
		}
		t.Fatal("badge not listed")
		return 0
	}
	two := recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B", "C"}, BadgeID: peers})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, BadgeID: peers})
	if n := awards(); n != 3 {
		t.Fatalf("%d awards after giving to two and then one, want 3", n)
	}
	if err := s.HideRecognition(ctx, ids["LEAD"], two, "off topic"); err != nil {
		t.Fatal(err)
	}
	if n := awards(); n != 1 {
		t.Fatalf("%d awards after hiding the one given to two people, want 1", n)
	}
	if _, err := s.DB().Exec("UPDATE recognitions SET hidden_at = NULL WHERE id = ?", two); err != nil {
		t.Fatal(err)
	}
	if n := awards(); n != 3 {
		t.Fatalf("%d awards once shown again, want 3", n)
	}
}

// The strip reads counts kept by triggers (migration 0012): hiding, showing again and
// re-dating a recognition must move them.
func TestRecognitionMonthStripFollowsHidingAndDates(t *testing.T) {
	s, c, ids := recognitionOrg(t)
	ctx := context.Background()
	team := recognitionValue(t, s, "Teamwork")
	c.t = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	first := recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"B", "C"}, ValueID: team})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["X"], To: []string{"B"}, ValueID: team})
	strip := func() string {
		t.Helper()
		list, err := s.MonthStrip(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, v := range list {
			for _, p := range v.People {
				out += fmt.Sprintf("%s=%d ", p.Person.EmployeeID, p.Count)
			}
		}
		return out
	}
	if got := strip(); got != "B=2 C=1 " {
		t.Fatalf("strip %q, want B=2 C=1", got)
	}
	if err := s.HideRecognition(ctx, ids["LEAD"], first, "duplicate"); err != nil {
		t.Fatal(err)
	}
	if got := strip(); got != "B=1 " {
		t.Fatalf("after hiding the shared one: %q, want B=1", got)
	}
	if _, err := s.DB().Exec("UPDATE recognitions SET hidden_at = NULL WHERE id = ?", first); err != nil {
		t.Fatal(err)
	}
	if got := strip(); got != "B=2 C=1 " {
		t.Fatalf("shown again: %q, want B=2 C=1", got)
	}
	if _, err := s.DB().Exec("UPDATE recognitions SET created_at = '2026-10-15T09:00:00Z' WHERE id = ?", first); err != nil {
		t.Fatal(err)
	}
	if got := strip(); got != "B=1 " {
		t.Fatalf("re-dated to last month: %q, want B=1", got)
	}
}

// 32 awards from one giver at once, several with their checks read before any of them writes: the
// allowance's conditional claim inside the write lets exactly the allowance through, refuses
// the rest as "allowance used", loses none, and the kept count matches the stored awards.
func TestRecognitionAllowanceHoldsUnderConcurrency(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	const limit, writers = 5, 32
	if err := s.SetMonthlyAllowance(ctx, ids["M"], strconv.Itoa(limit)); err != nil {
		t.Fatal(err)
	}
	// Hold the write lock while the awards start, so several read their checks (allowance
	// not yet used) before any of them writes: only the claim inside the write stops them.
	release, err := s.HoldWriteLock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var given, refused int
	var failures []error
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, _, err := s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: recognitionMsg,
				IdempotencyKey: fmt.Sprintf("concurrent-%d", i)})
			mu.Lock()
			defer mu.Unlock()
			var verr *store.ValidationError
			switch {
			case err == nil:
				given++
			case errors.As(err, &verr):
				if p, ok := verr.FieldProblem("form"); !ok || p.Code != "recognition_allowance_used" {
					failures = append(failures, err)
				}
				refused++
			default:
				failures = append(failures, err)
			}
		}()
	}
	close(start)
	time.Sleep(300 * time.Millisecond) // lets the awards read and queue; shorter only weakens the test
	release()
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d awards failed otherwise, first: %v", len(failures), failures[0])
	}
	if given != limit || refused != writers-limit {
		t.Errorf("%d given and %d refused, want %d and %d", given, refused, limit, writers-limit)
	}
	a, err := s.AllowanceFor(ctx, ids["A"])
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.CountRecognitionsMentioning(ctx, time.Time{}, recognitionMsg)
	if err != nil {
		t.Fatal(err)
	}
	if a.Used != limit || stored != limit {
		t.Errorf("kept count %d and %d stored, want %d", a.Used, stored, limit)
	}
}

// A profile's shelf lists each badge received with its count, most received first, and its
// counts say how many recognitions the person received and gave and whether they stay out
// of the ranking: read in one statement, each figure checked.
func TestProfileRecognitionShelfAndCounts(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	v := recognitionValue(t, s, "Teamwork")
	once := recognitionBadge(t, s, store.AwardPeers, v)
	twice, err := s.SaveBadge(ctx, 0, 0, store.BadgeInput{NameEN: "Helper", NameZH: "帮手", Icon: "heart", Colour: "teal",
		AwardedBy: store.AwardPeers, ValueID: v})
	if err != nil {
		t.Fatal(err)
	}
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, BadgeID: once})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, BadgeID: twice})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["C"], To: []string{"B"}, BadgeID: twice})
	recognitionGive(t, s, store.GiveInput{GiverID: ids["B"], To: []string{"A"}, BadgeID: once})
	if err := s.SetRankingOptOut(ctx, ids["B"], true); err != nil {
		t.Fatal(err)
	}
	p, err := s.ProfileRecognition(ctx, ids["B"])
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Shelf) != 2 || p.Shelf[0].Badge.ID != twice || p.Shelf[0].Count != 2 || p.Shelf[0].Badge.NameEN != "Helper" ||
		p.Shelf[1].Badge.ID != once || p.Shelf[1].Count != 1 {
		t.Errorf("shelf %+v, want Helper x2, then the other x1", p.Shelf)
	}
	if p.Received != 3 || p.Given != 1 || !p.OptedOut {
		t.Errorf("counts %+v, want 3 received, 1 given, opted out", p)
	}
	if a, _ := s.ProfileRecognition(ctx, ids["A"]); a.Received != 1 || a.Given != 2 || a.OptedOut {
		t.Errorf("A's counts %+v, want 1 received, 2 given, in the ranking", a)
	}
	if d, _ := s.ProfileRecognition(ctx, ids["X"]); len(d.Shelf) != 0 || d.Received != 0 || d.Given != 0 {
		t.Errorf("X, never recognised: %+v", d)
	}
}

package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"lodestar/store"
)

// wantProblem fails unless err is a validation error whose first problem for field has code.
func wantProblem(t *testing.T, what string, err error, field, code string) {
	t.Helper()
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Errorf("%s: want %s on %s, got %v", what, code, field, err)
		return
	}
	if p, ok := verr.FieldProblem(field); !ok || p.Code != code {
		t.Errorf("%s: want %s on %s, got %v", what, code, field, verr)
	}
}

// Every write that takes text refuses the same characters, whatever the caller (form, API,
// CSV) — the store is where the rule lives — and writes nothing when it does.
func TestEveryTextWriteRefusesHiddenCharacters(t *testing.T) {
	ctx := context.Background()
	s, _, ids := recognitionOrg(t)
	org, err := s.PersonByEmployeeID(ctx, "M")
	if err != nil {
		t.Fatal(err)
	}

	// People: admin form, HR CSV and API all go through UpsertPeople.
	p := person("N1", "")
	p.Name = "Alice\u202Eecila"
	_, err = s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 2)
	wantProblem(t, "person name", err, "name", "text_bidi")
	p = person("N1", "")
	p.Team = "Team\u200BA"
	_, err = s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 0)
	wantProblem(t, "person team", err, "team", "text_invisible")
	p = person("N1\x00", "")
	_, err = s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 0)
	wantProblem(t, "employee id", err, "employee_id", "text_control")
	p = person("N1", "")
	p.Title = "Agent\xff"
	_, err = s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 0)
	wantProblem(t, "person title", err, "title", "text_encoding")
	p = person("N1", "")
	p.HiredOn = "0001-01-01"
	_, err = s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 0)
	wantProblem(t, "hire date", err, "hired_on", "date_out_of_range")
	p = person("N1", "")
	p.LeftOn = "2204-05-01"
	_, err = s.UpsertPeople(ctx, 0, []store.PersonInput{p}, 0)
	wantProblem(t, "leaving date", err, "left_on", "date_out_of_range")
	if _, err := s.PersonByEmployeeID(ctx, "N1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused person was written: %v", err)
	}

	// Recognition: messages and comments are long text; ZWJ emoji are fine there.
	care := recognitionValue(t, s, "Care")
	_, _, err = s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: care, Message: "Thanks for\x00 the help with the queue"})
	wantProblem(t, "message NUL", err, "message", "text_control")
	_, _, err = s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: care, Message: "Thanks for the help \u202Ewith the queue"})
	wantProblem(t, "message bidi", err, "message", "text_bidi")
	rid, _, err := s.Give(ctx, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: care, Message: "Thanks for the help 👩‍💻\r\nwith the queue"})
	if err != nil {
		t.Fatalf("an emoji ZWJ sequence is ordinary text: %v", err)
	}
	rec, err := s.RecognitionByID(ctx, rid, ids["A"])
	if err != nil || rec.Message != "Thanks for the help 👩‍💻\nwith the queue" {
		t.Errorf("stored message %q, %v", rec.Message, err)
	}
	_, err = s.AddComment(ctx, rid, ids["C"], "well done\u2066")
	wantProblem(t, "comment", err, "body", "text_bidi")
	err = s.HideRecognition(ctx, ids["LEAD"], rid, "spam\nreally")
	wantProblem(t, "hide reason", err, "reason", "text_control")
	_, _, err = s.Give(ctx, store.GiveInput{GiverID: ids["M"], To: []string{"A"}, ValueID: care, Source: store.SourceCustomer, Channel: store.PraiseChannels[0],
		CustomerWords: "Very kind agent", PraisedOn: "0001-01-01", Message: recognitionMsg})
	wantProblem(t, "praise date", err, "praised_on", "date_out_of_range")

	// Goals and check-ins.
	g := goalsInput("person:A", 0)
	g.Title = "Raise\u200B CSAT"
	_, err = s.CreateGoal(ctx, org, g)
	wantProblem(t, "goal title", err, "title", "text_invisible")
	g = goalsInput("person:A", 0)
	g.DueOn = "9999-12-31"
	_, err = s.CreateGoal(ctx, org, g)
	wantProblem(t, "goal due date", err, "due_on", "date_out_of_range")
	goal := goalsMustCreate(t, s, org, goalsInput("person:A", 0))
	err = s.AddCheckIn(ctx, org, goal, store.CheckInInput{Value: "85", OnDate: "0001-01-01"})
	wantProblem(t, "check-in date", err, "on_date", "date_out_of_range")
	err = s.AddCheckIn(ctx, org, goal, store.CheckInInput{Value: "85", Comment: "ok\x1b[31m"})
	wantProblem(t, "check-in comment", err, "comment", "text_control")
	if cs, err := s.GoalCheckIns(ctx, goal); err != nil || len(cs) != 0 {
		t.Errorf("refused check-ins were written: %d, %v", len(cs), err)
	}

	// Training, badges, checks, tokens, culture.
	_, err = s.CreateCourse(ctx, ids["LEAD"], store.CourseInput{TitleEN: "Safety\u202E"})
	wantProblem(t, "course title", err, "title_en", "text_bidi")
	_, err = s.SaveBadge(ctx, 0, 0, store.BadgeInput{NameEN: "Star\u200D", NameZH: "星", Icon: "star", Colour: "gold", AwardedBy: store.AwardPeers})
	wantProblem(t, "badge name", err, "name_en", "text_invisible")
	in := store.DefaultCheckInput(s.Now())
	in.Title = "Q4\tcheck"
	_, err = s.CreateCheck(ctx, ids["LEAD"], in)
	wantProblem(t, "check title", err, "title", "text_control")
	in = store.DefaultCheckInput(s.Now())
	in.Title, in.ClosesOn = "Q4 check", "3026-01-01"
	_, err = s.CreateCheck(ctx, ids["LEAD"], in)
	wantProblem(t, "check closes", err, "closes_on", "date_out_of_range")
	_, err = s.CreateToken(ctx, 0, "HR\u202Esync")
	wantProblem(t, "token name", err, "name", "text_bidi")
	err = s.SaveCultureDraft(ctx, 0, store.CultureDoc{Vision: store.Text{EN: "Be kind\x00"}})
	wantProblem(t, "culture vision", err, "vision_en", "text_control")

	course, err := s.CreateCourse(ctx, ids["LEAD"], store.CourseInput{TitleEN: "Safety"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddLesson(ctx, ids["LEAD"], course, store.LessonInput{TitleEN: "One", BodyEN: "Read\u202Ethis"})
	wantProblem(t, "lesson body", err, "lesson_body_en", "text_bidi")
	_, err = s.AddLesson(ctx, ids["LEAD"], course, store.LessonInput{TitleEN: "One\u200B", BodyEN: "Read this"})
	wantProblem(t, "lesson title", err, "lesson_title_en", "text_invisible")
	_, _, err = s.CreateAssignmentRule(ctx, ids["LEAD"], store.AssignmentRuleInput{CourseID: course, Kind: store.RuleTier,
		Value: store.TierFrontLine, DueOn: "0001-01-01"})
	wantProblem(t, "training due date", err, "due_on", "date_out_of_range")
	set, err := s.CreateQuestionSet(ctx, store.QuestionSetOwnerCourse, store.QuestionSetSettings{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddQuestion(ctx, set, store.QuestionInput{Kind: store.QuestionWritten, PromptEN: "Why\x00?", RubricEN: "x"})
	wantProblem(t, "question prompt", err, "prompt_en", "text_control")
	_, err = s.AddQuestion(ctx, set, store.QuestionInput{Kind: store.QuestionSingle, PromptEN: "Which?",
		Options: []store.OptionInput{{TextEN: "a\u202E", Correct: true}, {TextEN: "b"}}})
	wantProblem(t, "question option", err, "options", "text_bidi")
}

// The HR CSV reports hidden characters and out-of-range dates on the row a spreadsheet shows.
func TestCSVImportReportsTextRulesByRow(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	csv := "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n" +
		"A1,,Ana,,Ops,T,,front_line,employee,permanent,2024-01-01,,\n" +
		"A2,,\"Bo\u202Eb\",,Ops,T,,front_line,employee,permanent,2024-01-01,,\n" +
		"A3,,Cy,,Ops,T\u200B,,front_line,employee,permanent,1066-10-14,,\n"
	people, err := store.ParsePeopleCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.UpsertPeople(ctx, 0, people, 2)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got %v", err)
	}
	want := []store.Problem{{Row: 3, Field: "name", Code: "text_bidi"}, {Row: 4, Field: "team", Code: "text_invisible"},
		{Row: 4, Field: "hired_on", Code: "date_out_of_range", Arg: "1900-01-01 – 2100-12-31"}}
	if len(verr.Problems) != len(want) {
		t.Fatalf("problems %v, want %v", verr.Problems, want)
	}
	for i := range want {
		if verr.Problems[i] != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i, verr.Problems[i], want[i])
		}
	}
	if n, _ := s.CountPeople(ctx); n != 0 {
		t.Errorf("%d people written", n)
	}
}

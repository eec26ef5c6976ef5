package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"lodestar/store"
)

func TestBilingualGoalRoundTripAndFallback(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	org := goalsOrg(t, s)
	leader := org["L1"]

	// Both languages.
	in := goalsInput("company", 0)
	in.Title, in.TitleZH, in.KPI, in.KPIZH = "Customer satisfaction 90%", "客户满意度达到 90%", "CSAT", "客户满意度"
	both := goalsMustCreate(t, s, leader, in)
	// Chinese only: the English reader falls back to it.
	in = goalsInput("company", 0)
	in.Title, in.TitleZH, in.KPI, in.KPIZH = "", "  降低单次联络成本 ", "", "单次联络成本"
	zhOnly := goalsMustCreate(t, s, leader, in)
	// English only: the Chinese reader falls back to it.
	in = goalsInput("company", 0)
	in.Title, in.TitleZH = "Net Promoter Score 35", ""
	enOnly := goalsMustCreate(t, s, leader, in)

	gs, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id                   int64
		en, zh, kpiEN, kpiZH string
	}{
		{both, "Customer satisfaction 90%", "客户满意度达到 90%", "CSAT", "客户满意度"},
		{zhOnly, "降低单次联络成本", "降低单次联络成本", "单次联络成本", "单次联络成本"},
		{enOnly, "Net Promoter Score 35", "Net Promoter Score 35", "CSAT", "CSAT"},
	} {
		g, ok := gs.Get(c.id)
		if !ok {
			t.Fatalf("goal %d missing", c.id)
		}
		if got := g.TitleIn("en"); got != c.en {
			t.Errorf("goal %d title in English = %q, want %q", c.id, got, c.en)
		}
		if got := g.TitleIn("zh"); got != c.zh {
			t.Errorf("goal %d title in Chinese = %q, want %q", c.id, got, c.zh)
		}
		if g.KPIIn("en") != c.kpiEN || g.KPIIn("zh") != c.kpiZH {
			t.Errorf("goal %d KPI = %q / %q, want %q / %q", c.id, g.KPIIn("en"), g.KPIIn("zh"), c.kpiEN, c.kpiZH)
		}
	}
	// The form comes back with both languages, and an edit keeps them.
	g, _ := gs.Get(both)
	back := store.InputFromGoal(g)
	if back.Title != "Customer satisfaction 90%" || back.TitleZH != "客户满意度达到 90%" || back.KPIZH != "客户满意度" {
		t.Fatalf("form from goal: %+v", back)
	}
	back.TitleZH = "客户满意度 90%"
	if err := s.UpdateGoal(ctx, leader, both, back); err != nil {
		t.Fatal(err)
	}
	gs, _ = s.Goals(ctx)
	if g, _ := gs.Get(both); g.TitleZH != "客户满意度 90%" || g.Title != "Customer satisfaction 90%" {
		t.Fatalf("after edit: %q / %q", g.Title, g.TitleZH)
	}
}

func TestBilingualGoalNeedsOneTitleAndOneKPI(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	in := goalsInput("company", 0)
	in.Title, in.TitleZH, in.KPI, in.KPIZH = " ", "", "", ""
	_, err := s.CreateGoal(context.Background(), org["L1"], in)
	importWant(t, importProblems(t, err), "0 title required", "0 kpi required")

	in = goalsInput("company", 0)
	in.TitleZH = strings.Repeat("长", 201)
	_, err = s.CreateGoal(context.Background(), org["L1"], in)
	importWant(t, importProblems(t, err), "0 title_zh too_long")
}

func TestBilingualCheckRoundTripAndFallback(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	checksOrg(t, s)
	in := checksInput("", "2026-12-01", "2026-12-14", "0")
	_, err := s.CreateCheck(ctx, 0, in)
	checksProblem(t, err, "required")

	in.TitleZH = "第四季度战略理解度检查"
	id, err := s.CreateCheck(ctx, 0, in)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.CheckByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.TitleIn("en") != "第四季度战略理解度检查" || c.TitleIn("zh") != "第四季度战略理解度检查" {
		t.Fatalf("Chinese only: %q / %q", c.TitleIn("en"), c.TitleIn("zh"))
	}
	back := store.InputFromCheck(c)
	back.Title = "Q4 strategy check"
	if err := s.UpdateCheck(ctx, 0, id, back); err != nil {
		t.Fatal(err)
	}
	c, _ = s.CheckByID(ctx, id)
	if c.TitleIn("en") != "Q4 strategy check" || c.TitleIn("zh") != "第四季度战略理解度检查" {
		t.Fatalf("both: %q / %q", c.TitleIn("en"), c.TitleIn("zh"))
	}
}

const bilingualHeader = "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language"

func TestBilingualImportWithAndWithoutChineseColumns(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	withZH := bilingualHeader + ",title_zh,department_zh,team_zh\n" +
		"E1,,Ann Lee,Customer Service Agent,Inbound Voice,Voice Team 1,,front_line,employee,permanent,2024-01-01,,,客服专员,呼入语音部,语音1组\n" +
		"E2,,Bo Chen,Team Lead,Inbound Voice,Voice Team 1,,middle_manager,manager,permanent,2022-01-01,,,,,\n"
	people, err := store.ParsePeopleCSV(strings.NewReader(withZH))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPeople(ctx, 0, people, 2); err != nil {
		t.Fatal(err)
	}
	e1, _ := s.PersonByEmployeeID(ctx, "E1")
	e2, _ := s.PersonByEmployeeID(ctx, "E2")
	if e1.TitleIn("zh") != "客服专员" || e1.DepartmentIn("zh") != "呼入语音部" || e1.TeamIn("zh") != "语音1组" {
		t.Fatalf("E1 in Chinese: %q %q %q", e1.TitleIn("zh"), e1.DepartmentIn("zh"), e1.TeamIn("zh"))
	}
	// E2's row left the unit names empty: the unit's Chinese name is shared, so E2 has it too;
	// its empty title_zh falls back to English.
	if e2.DepartmentIn("zh") != "呼入语音部" || e2.TeamIn("zh") != "语音1组" || e2.TitleIn("zh") != "Team Lead" {
		t.Fatalf("E2 in Chinese: %q %q %q", e2.TitleIn("zh"), e2.DepartmentIn("zh"), e2.TeamIn("zh"))
	}
	if e1.TitleIn("en") != "Customer Service Agent" || e1.DepartmentIn("en") != "Inbound Voice" {
		t.Fatalf("E1 in English: %q %q", e1.TitleIn("en"), e1.DepartmentIn("en"))
	}

	// An old file without the columns is valid and keeps the Chinese names already stored.
	old := bilingualHeader + "\n" +
		"E1,,Ann Lee,Customer Service Agent,Inbound Voice,Voice Team 1,,front_line,employee,permanent,2024-01-01,,\n"
	people, err = store.ParsePeopleCSV(strings.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPeople(ctx, 0, people, 2); err != nil {
		t.Fatal(err)
	}
	e1, _ = s.PersonByEmployeeID(ctx, "E1")
	if e1.TitleZH != "客服专员" || e1.DepartmentZH != "呼入语音部" || e1.TeamZH != "语音1组" {
		t.Fatalf("an old file changed the Chinese names: %+v", e1)
	}

	// A file whose rows give one unit two Chinese names is refused, and a refused file
	// changes nothing (the good first row included).
	bad := bilingualHeader + ",department_zh,title_zh\n" +
		"E1,,Ann Lee,Agent,Inbound Voice,Voice Team 1,,front_line,employee,permanent,2024-01-01,,,呼入部,专员\n" +
		"E3,,Cy Wu,Agent,Inbound Voice,Voice Team 1,,front_line,employee,bogus,2024-01-01,,,语音部,\n"
	people, err = store.ParsePeopleCSV(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.UpsertPeople(ctx, 0, people, 2)
	importWant(t, importProblems(t, err), "3 department_zh unit_name_conflict", "3 employment_type invalid_choice")
	e1, _ = s.PersonByEmployeeID(ctx, "E1")
	if e1.Title != "Customer Service Agent" || e1.TitleZH != "客服专员" || e1.DepartmentZH != "呼入语音部" {
		t.Fatalf("a refused file changed E1: %+v", e1)
	}
	if _, err := s.PersonByEmployeeID(ctx, "E3"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a refused file created E3: %v", err)
	}
}

func TestBilingualPersonInChineseOnly(t *testing.T) {
	// A unit typed only in Chinese is stored under its Chinese name and read in both languages.
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	in := person("E1", "")
	in.Department, in.Team, in.Title = "", "", ""
	in.DepartmentZH, in.TeamZH, in.TitleZH = store.Ptr("投诉部"), store.Ptr("投诉1组"), store.Ptr("投诉处理专员")
	if _, err := s.SavePerson(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	p, _ := s.PersonByEmployeeID(ctx, "E1")
	for _, lang := range []string{"en", "zh"} {
		if p.DepartmentIn(lang) != "投诉部" || p.TeamIn(lang) != "投诉1组" || p.TitleIn(lang) != "投诉处理专员" {
			t.Fatalf("%s: %q %q %q", lang, p.DepartmentIn(lang), p.TeamIn(lang), p.TitleIn(lang))
		}
	}
	// The admin form sends title_zh always: an empty one clears it.
	in = store.InputFromPerson(p)
	in.Title, in.TitleZH = "Complaints Handler", store.Ptr("")
	if _, err := s.SavePerson(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	p, _ = s.PersonByEmployeeID(ctx, "E1")
	if p.TitleIn("zh") != "Complaints Handler" {
		t.Fatalf("cleared Chinese title: %q", p.TitleIn("zh"))
	}
}

func TestBilingualDemoContentHasChinese(t *testing.T) {
	s, people := demoLoaded(t)
	ctx := context.Background()
	for _, p := range people {
		if p.Title != "" && p.TitleZH == "" {
			t.Errorf("%s: job title %q has no Chinese", p.EmployeeID, p.Title)
		}
		if p.Department != "" && p.DepartmentZH == "" {
			t.Errorf("%s: department %q has no Chinese", p.EmployeeID, p.Department)
		}
		if p.Team != "" && p.TeamZH == "" {
			t.Errorf("%s: team %q has no Chinese", p.EmployeeID, p.Team)
		}
	}
	names, err := s.LoadOrgNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gs, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs.All {
		if g.TitleZH == "" || g.KPIZH == "" {
			t.Errorf("goal %q / %q has no Chinese", g.Title, g.KPI)
		}
		if g.Department != "" && names.ZH(store.UnitDepartment, g.Department) == "" {
			t.Errorf("goal department %q has no Chinese", g.Department)
		}
		if g.Team != "" && names.ZH(store.UnitTeam, g.Team) == "" {
			t.Errorf("goal team %q has no Chinese", g.Team)
		}
	}
	checks, err := s.ListChecks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) == 0 {
		t.Fatal("the demo has no checks")
	}
	for _, c := range checks {
		if c.TitleZH == "" {
			t.Errorf("check %q has no Chinese", c.Title)
		}
	}
}

package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

func TestPinyinKeys(t *testing.T) {
	cases := []struct {
		name string
		want []string
	}{
		{"王小明", []string{"wangxiaoming", "wang xiao ming", "wxm", "wangxm"}},
		// Polyphonic surnames: the surname reading and the common one.
		{"单小明", []string{"shanxiaoming", "sxm", "shanxm", "danxiaoming"}},
		{"曾伟", []string{"zengwei", "zw", "cengwei"}},
		{"解明", []string{"xieming", "xm", "jieming"}},
		{"欧阳娜", []string{"ouyangna", "oyn", "ouyangn"}},
		{"吕静", []string{"lvjing", "lujing"}},
	}
	for _, c := range cases {
		got := store.PinyinKeys(c.name)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("PinyinKeys(%s) = %q, missing %q", c.name, got, w)
			}
		}
	}
	if got := store.PinyinKeys("John Smith"); len(got) != 0 {
		t.Errorf("a name without Chinese has no pinyin keys: %q", got)
	}
}

func namedPerson(id, name string) store.PersonInput {
	p := person(id, "")
	p.Name = name
	return p
}

func hitNames(hits []store.PersonHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Name)
	}
	return out
}

func TestSearchPeoplePinyinInitialsMixedAndCharacters(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	left := namedPerson("L1", "王离开")
	left.LeftOn = "2026-01-31"
	people := []store.PersonInput{
		namedPerson("P1", "王小明"), namedPerson("P2", "王芳"), namedPerson("P3", "黄旺"),
		namedPerson("P4", "单小明"), namedPerson("P5", "曾伟"), namedPerson("P6", "解明"),
		namedPerson("P7", "John Smith"), namedPerson("P8", "李小明"), left,
	}
	people[6].Email = "john.smith@example.com"
	if _, err := s.UpsertPeople(ctx, 0, people, 0); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q         string
		want      []string // must be found
		notWanted []string
		first     string // the best match, when it matters
	}{
		{q: "wang", want: []string{"王小明", "王芳", "黄旺"}, notWanted: []string{"王离开"}},
		{q: "wangxiaoming", want: []string{"王小明"}, notWanted: []string{"李小明", "单小明"}, first: "王小明"},
		{q: "wang xiao ming", want: []string{"王小明"}, notWanted: []string{"李小明"}},
		{q: "WXM", want: []string{"王小明"}, notWanted: []string{"李小明"}},
		{q: "wxm", want: []string{"王小明"}, notWanted: []string{"王芳", "单小明"}, first: "王小明"},
		{q: "wang xm", want: []string{"王小明"}, notWanted: []string{"王芳", "李小明"}},
		{q: "王xm", want: []string{"王小明"}, notWanted: []string{"王芳", "李小明"}},
		{q: "王小", want: []string{"王小明"}, notWanted: []string{"王芳", "李小明"}},
		{q: "王", want: []string{"王小明", "王芳"}, notWanted: []string{"黄旺", "王离开"}},
		{q: "王小明", want: []string{"王小明"}, notWanted: []string{"李小明"}, first: "王小明"},
		{q: "小明", want: []string{"王小明", "李小明", "单小明"}, notWanted: []string{"王芳"}},
		{q: "xiaoming", want: []string{"王小明", "李小明", "单小明"}, notWanted: []string{"王芳"}},
		{q: "shan", want: []string{"单小明"}},
		{q: "dan", want: []string{"单小明"}},
		{q: "zeng", want: []string{"曾伟"}},
		{q: "xie", want: []string{"解明"}},
		{q: "smith", want: []string{"John Smith"}},
		{q: "jo", want: []string{"John Smith"}},
		{q: "john.smith@", want: []string{"John Smith"}},
		{q: "P7", want: []string{"John Smith"}, first: "John Smith"},
		{q: `"; DROP`, notWanted: []string{"王小明"}}, // FTS syntax in a query is just text
	}
	for _, c := range cases {
		hits, err := s.SearchPeople(ctx, c.q, 20, 0)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		got := hitNames(hits)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q found %q, missing %s", c.q, got, w)
			}
		}
		for _, n := range c.notWanted {
			if slices.Contains(got, n) {
				t.Errorf("%q found %q, must not find %s", c.q, got, n)
			}
		}
		if c.first != "" && (len(got) == 0 || got[0] != c.first) {
			t.Errorf("%q found %q, want %s first", c.q, got, c.first)
		}
	}
	// "wang": the 王 (a pinyin form starts with wang) before 黄旺 (huangwang, wang inside).
	hits, _ := s.SearchPeople(ctx, "wangx", 20, 0)
	if got := hitNames(hits); len(got) == 0 || got[0] != "王小明" {
		t.Errorf("wangx: %q, want 王小明 first", got)
	}
	if hits, _ := s.SearchPeople(ctx, "  ", 20, 0); len(hits) != 0 {
		t.Errorf("an empty query finds nobody, got %q", hitNames(hits))
	}
}

// searchFinds reports whether q finds exactly the one person with employee ID id.
func searchFinds(t *testing.T, s *store.Store, q, id string) bool {
	t.Helper()
	hits, err := s.SearchPeople(context.Background(), q, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.EmployeeID == id {
			return true
		}
	}
	return false
}

// Every writer of names keeps the index: the admin form (SavePerson), the people API and the
// command-line import (UpsertPeopleVia), the web HR import (ConfirmImportBatch), the demo and
// gen, and the migration that fills the index for people already there.
func TestSearchIndexFollowsEveryWriter(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())

	t.Run("admin form", func(t *testing.T) {
		if _, err := s.SavePerson(ctx, 0, namedPerson("F1", "王小明")); err != nil {
			t.Fatal(err)
		}
		if !searchFinds(t, s, "wxm", "F1") {
			t.Fatal("new person not found by initials")
		}
		if _, err := s.SavePerson(ctx, 0, namedPerson("F1", "李娜")); err != nil {
			t.Fatal(err)
		}
		if searchFinds(t, s, "wxm", "F1") || searchFinds(t, s, "王小", "F1") || !searchFinds(t, s, "lina", "F1") || !searchFinds(t, s, "李", "F1") {
			t.Fatal("renamed person: old name still found or new one not")
		}
	})
	t.Run("API and CLI import", func(t *testing.T) {
		p := namedPerson("A1", "张伟")
		p.Email = "a1@example.com"
		if _, err := s.UpsertPeopleVia(ctx, 0, store.Plain("API token HR sync"), []store.PersonInput{p}, 1); err != nil {
			t.Fatal(err)
		}
		if !searchFinds(t, s, "zhangwei", "A1") || !searchFinds(t, s, "a1@exam", "A1") {
			t.Fatal("not found")
		}
		p.Name, p.Email = "陈静", "chen@example.com"
		if _, err := s.UpsertPeopleVia(ctx, 0, store.Plain("API token HR sync"), []store.PersonInput{p}, 1); err != nil {
			t.Fatal(err)
		}
		if searchFinds(t, s, "zhangwei", "A1") || searchFinds(t, s, "a1@exam", "A1") || !searchFinds(t, s, "chenjing", "A1") || !searchFinds(t, s, "chen@exa", "A1") {
			t.Fatal("index not updated by an API rename")
		}
	})
	t.Run("web HR import", func(t *testing.T) {
		csv := "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n" +
			"H1,,周杰,,Inbound,A,,front_line,employee,permanent,2024-01-01,,zh\n"
		id, err := s.SaveImportBatch(ctx, 0, []byte(csv))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmImportBatch(ctx, 0, id); err != nil {
			t.Fatal(err)
		}
		if !searchFinds(t, s, "zhoujie", "H1") || !searchFinds(t, s, "zj", "H1") {
			t.Fatal("imported person not found")
		}
	})
	t.Run("leaving", func(t *testing.T) {
		// Short queries read whether a person has left from their keys' rows: leaving (or
		// coming back through an import) must reach them.
		id, err := s.SavePerson(ctx, 0, namedPerson("D1", "欧阳娜"))
		if err != nil {
			t.Fatal(err)
		}
		countOu := func(active string) int {
			t.Helper()
			res, err := s.Directory(ctx, store.PeopleFilter{Query: "欧", Active: active}, "")
			if err != nil {
				t.Fatal(err)
			}
			return res.Count
		}
		if !searchFinds(t, s, "欧", "D1") || countOu("") != 1 || countOu("left") != 0 {
			t.Fatal("new person not found by one character")
		}
		if err := s.Deactivate(ctx, 0, id, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if searchFinds(t, s, "欧", "D1") || searchFinds(t, s, "oy", "D1") || countOu("") != 0 || countOu("left") != 1 {
			t.Fatal("a person who left is still found by a short query")
		}
		p := namedPerson("D1", "欧阳娜")
		if _, err := s.UpsertPeopleVia(ctx, 0, store.Plain("API token HR sync"), []store.PersonInput{p}, 1); err != nil {
			t.Fatal(err)
		}
		if !searchFinds(t, s, "欧", "D1") || countOu("") != 1 {
			t.Fatal("a person rehired through the API is not found by a short query")
		}
	})
	t.Run("demo and gen", func(t *testing.T) {
		g := mustOpenStore(t, newClock())
		if err := g.Generate(ctx, store.GenOptions{People: 400, Recognitions: 100}); err != nil {
			t.Fatal(err)
		}
		var genID, genName string
		all, _, err := g.ListPeople(ctx, store.PeopleFilter{Active: "all", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range all {
			if strings.HasPrefix(p.EmployeeID, "G") && len(store.PinyinKeys(p.Name)) > 0 {
				genID, genName = p.EmployeeID, p.Name
			}
		}
		if genID == "" {
			t.Fatal("no generated Chinese name")
		}
		if !searchFinds(t, g, store.PinyinKeys(genName)[0], genID) {
			t.Errorf("generated %s %s not found by pinyin", genID, genName)
		}
		if !searchFinds(t, g, "agent", "agent") {
			t.Error("demo person not found by login")
		}
	})
}

func TestSearchIndexFilledByMigrationForExistingPeople(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{namedPerson("O1", "王小明")}, 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Make the file look as it did before migration 0022.
	runSQL(t, path, "DROP TABLE people_search", "DROP TRIGGER people_left_on_to_search_keys", "DROP TABLE people_search_keys",
		"DELETE FROM schema_migrations WHERE name LIKE '%0022_people_search.sql' OR name LIKE '%0036_people_search_order.sql'")
	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !searchFinds(t, s, "wxm", "O1") || !searchFinds(t, s, "王", "O1") {
		t.Fatal("the migration did not index the people already there")
	}
}

// Migration 0036 gives people_search_keys its present form (each prefix with its rank, the
// name and whether the person has left) and refills it for the people already there.
func TestSearchKeysRefilledByMigration0036(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	left := namedPerson("O2", "王芳")
	left.LeftOn = "2025-01-31"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{namedPerson("O1", "王小明"), left}, 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Make the file look as it did before migration 0036: 0022's table of two-character keys.
	runSQL(t, path, "DROP TRIGGER people_left_on_to_search_keys", "DROP TABLE people_search_keys",
		`CREATE TABLE people_search_keys (key TEXT NOT NULL, person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
			PRIMARY KEY (key, person_id)) WITHOUT ROWID`,
		"INSERT INTO people_search_keys SELECT '王小', id FROM people",
		"DELETE FROM schema_migrations WHERE name LIKE '%0036_people_search_order.sql'")
	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !searchFinds(t, s, "王", "O1") || !searchFinds(t, s, "wx", "O1") || searchFinds(t, s, "王", "O2") {
		t.Fatal("the migration did not refill the short keys")
	}
	res, err := s.Directory(ctx, store.PeopleFilter{Query: "王", Active: "all"}, "")
	if err != nil || res.Count != 2 {
		t.Fatalf("王 among everyone: %v, %d, want 2", err, res.Count)
	}
}

// The directory pages through every match exactly once, with a query (ranked) and without.
func TestDirectoryKeysetPagesEveryMatchOnce(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	surnames := []string{"王", "黄", "汪", "李"}
	given := []string{"小明", "芳", "伟", "旺", "静"}
	var people []store.PersonInput
	n := 0
	for round := range 3 {
		for _, sn := range surnames {
			for _, g := range given {
				n++
				name := sn + g
				if round > 0 {
					name = fmt.Sprintf("%s%s%d", sn, g, round) // duplicates by pinyin, different names
				}
				people = append(people, namedPerson(fmt.Sprintf("K%03d", n), name))
			}
		}
	}
	// Same names twice: the id breaks the tie.
	people = append(people, namedPerson("K900", "王小明"), namedPerson("K901", "王小明"))
	if _, err := s.UpsertPeople(ctx, 0, people, 0); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"wang", "", "王", "xi"} {
		t.Run("q="+q, func(t *testing.T) {
			all, total, err := s.ListPeople(ctx, store.PeopleFilter{Query: q, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			after := ""
			pages := 0
			for {
				res, err := s.Directory(ctx, store.PeopleFilter{Query: q, Limit: 7}, after)
				if err != nil {
					t.Fatal(err)
				}
				if res.Count != total {
					t.Fatalf("count %d, want %d", res.Count, total)
				}
				for _, p := range res.People {
					seen[p.EmployeeID]++
				}
				pages++
				if res.Next == "" {
					break
				}
				if pages > 100 {
					t.Fatal("paging does not end")
				}
				after = res.Next
			}
			if len(seen) != len(all) {
				t.Errorf("paged %d people, the query matches %d", len(seen), len(all))
			}
			for _, p := range all {
				if seen[p.EmployeeID] != 1 {
					t.Errorf("%s %s shown %d times", p.EmployeeID, p.Name, seen[p.EmployeeID])
				}
			}
			if total < 8 {
				t.Fatalf("the case needs more than one page, %d matches", total)
			}
		})
	}
	// Ranked: an exact name first.
	res, err := s.Directory(ctx, store.PeopleFilter{Query: "王芳", Limit: 5}, "")
	if err != nil || len(res.People) == 0 || res.People[0].Name != "王芳" {
		t.Fatalf("王芳 first: %v %v", err, res.People)
	}
	if _, err := s.Directory(ctx, store.PeopleFilter{}, "x.y"); err != store.ErrNotFound {
		t.Errorf("a made-up cursor: %v", err)
	}
}

// runSQL runs statements straight on a closed store's SQLite file, to make it look as an
// older version left it.
func runSQL(t *testing.T, path string, statements ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range statements {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// TestDirectoryFillsTheListingFields holds what DirectoryResult.People promise: each of the
// listing's fields equal to the full read of the person, on the by-name, short-query and
// ranked paths (whatever columns the directory's queries leave out).
func TestDirectoryFillsTheListingFields(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	zh, dzh, tzh := "坐席", "呼入语音", "甲组"
	boss := person("B1", "")
	boss.Name, boss.Title, boss.Role, boss.Tier = "王伟", "Manager", store.RoleManager, store.TierMiddleManager
	w := person("W1", "B1")
	w.Name, w.Title, w.TitleZH, w.DepartmentZH, w.TeamZH, w.LeftOn = "王芳", "Agent", &zh, &dzh, &tzh, "2027-01-31"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{boss, w}, 0); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "王", "王芳", "wangfang"} {
		res, err := s.Directory(ctx, store.PeopleFilter{Query: q}, "")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, got := range res.People {
			want, err := s.PersonByID(ctx, got.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.EmployeeID != want.EmployeeID || got.Name != want.Name || got.Title != want.Title ||
				got.TitleZH != want.TitleZH || got.Department != want.Department || got.Team != want.Team ||
				got.Tier != want.Tier || !got.LeftOn.Equal(want.LeftOn) {
				t.Errorf("%q: directory %+v, person %+v", q, got, want)
			}
			found = found || got.EmployeeID == "W1" && got.TitleZH == zh && !got.LeftOn.IsZero()
		}
		if !found {
			t.Errorf("%q: W1 with its Chinese title and leaving date not listed: %+v", q, res.People)
		}
	}
}

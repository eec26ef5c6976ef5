package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// openSearchOrderStore is a generated organisation (Chinese and English names) plus names that
// test the ranks' edges: one character, a surname with two readings, a compound surname, two
// people of one name, English words, a short employee ID and e-mail address, one who left.
func openSearchOrderStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s := generatedStore(t, GenOptions{People: 600, Recognitions: 10})
	var in []PersonInput
	for i, name := range []string{"王", "王小明", "王小明", "单小明", "欧阳娜", "Wa Li", "John Smith", "Smith", "吕伟", "Jo", "汪"} {
		p := PersonInput{EmployeeID: fmt.Sprintf("Q%d", i), Name: name, Department: "Inbound Voice", Team: "Team A",
			Tier: TierFrontLine, Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: "2024-01-15"}
		switch i {
		case 9:
			p.EmployeeID = "wa"
		case 10:
			p.Email = "w@example.com"
			p.LeftOn = "2026-01-31"
		}
		in = append(in, p)
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	return s
}

// The ranks stored for short queries are the ranks the query's own rank expression gives
// (the one the longer queries sort by), for every key of every person.
func TestSearchKeysRankAsTheQueryWould(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s := openSearchOrderStore(t)
	rows, err := s.db.QueryContext(ctx, "SELECT key, rnk, person_id FROM people_search_keys")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		key      string
		rnk      int
		personID int64
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.key, &r.rnk, &r.personID); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	if len(all) < 5000 {
		t.Fatalf("only %d keys", len(all))
	}
	seen := map[int]int{}
	bad := 0
	for _, r := range all {
		sq, ok := newSearchQuery(r.key)
		if !ok || sq.short != r.key {
			t.Fatalf("key %q is not a short query of itself", r.key)
		}
		var want int
		if err := s.db.QueryRowContext(ctx, "SELECT "+sq.rank+" FROM people p"+searchRankJoin+"WHERE p.id = ?",
			append(append([]any{}, sq.rankArgs...), r.personID)...).Scan(&want); err != nil {
			t.Fatal(err)
		}
		seen[want]++
		if r.rnk != want && bad < 10 {
			bad++
			t.Errorf("person %d, key %q: stored rank %d, the query's rank %d", r.personID, r.key, r.rnk, want)
		}
	}
	if seen[0] == 0 || seen[1] == 0 || seen[2] == 0 {
		t.Errorf("ranks seen %v: the case needs all three", seen)
	}
}

// A short query's directory pages, walked to the end, are the matches in the order the ranked
// query sorts them (rank, name, id), each once, for the active, those who left and everyone;
// the count is theirs; a department filter on top keeps the order. The picker's first 20 are
// the same order's first 20.
func TestShortQueryPagesInRankOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s := openSearchOrderStore(t)
	for _, q := range []string{"王", "wa", "w", "W", "xi", "jo", "sm", "q1", "汪", "吕", "lv", "lu", "ou"} {
		for _, f := range []PeopleFilter{{Query: q}, {Query: q, Active: "left"}, {Query: q, Active: "all"}, {Query: q, Department: "Inbound Voice"}} {
			t.Run(fmt.Sprintf("%s/%s/%s", q, f.Active, f.Department), func(t *testing.T) {
				sq, _ := newSearchQuery(q)
				where, args := s.peopleWhere(f)
				// The ranked query as longer queries run it: every match sorted.
				rows, err := s.db.QueryContext(ctx, "SELECT p.id FROM people p"+searchRankJoin+"WHERE "+where+
					" ORDER BY "+sq.rank+", p.name, p.id", append(args, sq.rankArgs...)...)
				if err != nil {
					t.Fatal(err)
				}
				var want []int64
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						t.Fatal(err)
					}
					want = append(want, id)
				}
				rows.Close()
				var got []int64
				after := ""
				for pages := 0; ; pages++ {
					f.Limit = 7
					res, err := s.Directory(ctx, f, after)
					if err != nil {
						t.Fatal(err)
					}
					if res.Count != min(len(want), DirectoryCountCap+1) {
						t.Fatalf("count %d, want %d", res.Count, len(want))
					}
					for _, p := range res.People {
						got = append(got, p.ID)
					}
					if after = res.Next; after == "" || pages > 500 {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("pages give %d people %v…, the ranked query %d %v…", len(got), got[:min(10, len(got))], len(want), want[:min(10, len(want))])
				}
				if f.Active == "all" && len(want) == 0 {
					t.Fatalf("%q finds nobody: not a test", q)
				}
				if f.Active == "" && f.Department == "" {
					hits, err := s.SearchPeople(ctx, q, 20, 0)
					if err != nil {
						t.Fatal(err)
					}
					var ids []int64
					for _, h := range hits {
						ids = append(ids, h.ID)
					}
					if !slices.Equal(ids, want[:min(20, len(want))]) {
						t.Errorf("picker %v, want %v", ids, want[:min(20, len(want))])
					}
				}
			})
		}
	}
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// Name search (migration 0022). Every writer of people's names goes through writePeople or
// Generate, and both call indexPeople in their transaction, so the index never lags a name.

// surnameReadings are the readings of characters that are read differently as a surname
// (单 is dān in a word but Shàn as a surname). The first character of a name is indexed with
// both readings, so "shan" and "dan" find 单小明.
var surnameReadings = map[rune]string{
	'单': "shan", '曾': "zeng", '解': "xie", '区': "ou", '仇': "qiu", '朴': "piao", '查': "zha",
	'盖': "ge", '乐': "yue", '覃': "qin", '缪': "miao", '翟': "zhai", '种': "chong", '尉': "yu",
	'黑': "he", '秘': "bi", '员': "yun", '召': "shao", '繁': "po", '纪': "ji", '任': "ren",
	'华': "hua", '折': "she", '句': "gou", '隗': "wei", '长': "zhang", '万': "wan", '沈': "shen",
}

// compoundSurnames are two-character surnames: 欧阳娜 is Ouyang Na, so "ouyangn" finds her.
var compoundSurnames = []string{"欧阳", "司马", "诸葛", "上官", "东方", "慕容", "司徒", "尉迟", "夏侯",
	"皇甫", "公孙", "长孙", "令狐", "宇文", "端木", "万俟", "单于", "澹台", "轩辕", "呼延"}

func isHanRune(r rune) bool { return unicode.Is(unicode.Han, r) }

// syllables splits a name into pinyin syllables: each Chinese character becomes its reading
// (surname gives the first character's reading, or "" for the common one), each run of letters
// or digits stays one lower-case piece. Returns nil for a name without Chinese characters.
func syllables(name string, surname string) []string {
	if strings.IndexFunc(name, isHanRune) < 0 {
		return nil
	}
	args := pinyin.NewArgs() // pinyin.Normal: no tone marks; ü is written v (lv)
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	first := true
	for _, r := range name {
		switch {
		case isHanRune(r):
			flush()
			reading := ""
			if first && surname != "" {
				reading = surname
			} else if py := pinyin.SinglePinyin(r, args); len(py) > 0 {
				reading = py[0]
			}
			if reading != "" {
				out = append(out, reading)
			}
			first = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(unicode.ToLower(r))
			first = false
		default:
			flush()
		}
	}
	flush()
	return out
}

// PinyinKeys lists the pinyin forms a name is found by: the full pinyin with and without
// spaces, the initials, and the surname in full with the given name's initials (王小明:
// "wangxiaoming", "wang xiao ming", "wxm", "wangxm"), for the common reading and, when the
// first character reads differently as a surname, for that reading too. Forms with ü (written
// v) also come with u, as people type either. Empty for a name without Chinese characters.
func PinyinKeys(name string) []string {
	name = strings.TrimSpace(name)
	readings := []string{""}
	if r, _ := utf8.DecodeRuneInString(name); surnameReadings[r] != "" {
		readings = append(readings, surnameReadings[r])
	}
	surnameLen := 1
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) {
			surnameLen = 2
		}
	}
	var keys []string
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, reading := range readings {
		syl := syllables(name, reading)
		if len(syl) == 0 {
			continue
		}
		var initials strings.Builder
		for _, s := range syl {
			initials.WriteByte(s[0])
		}
		forms := []string{strings.Join(syl, ""), strings.Join(syl, " "), initials.String()}
		if len(syl) > surnameLen {
			forms = append(forms, strings.Join(syl[:surnameLen], "")+initials.String()[surnameLen:])
		}
		for _, f := range forms {
			add(f)
			if strings.Contains(f, "v") {
				add(strings.ReplaceAll(f, "v", "u"))
			}
		}
	}
	return keys
}

// searchEntry is what the index holds for one person.
type searchEntry struct {
	name, login, pinyin string
	prefixes            []prefixKey // for short queries (people_search_keys)
}

// prefixKey is one row of people_search_keys: a query of one or two characters equal to key
// finds the person, with rank rnk (what searchQuery.rank gives for that query).
type prefixKey struct {
	key string
	rnk int
}

// newSearchEntry builds the index entry of a person (name as stored in people).
func newSearchEntry(name, employeeID, email string) searchEntry {
	stored := name
	name = strings.TrimSpace(name)
	keys := PinyinKeys(name)
	e := searchEntry{name: name, login: strings.TrimSpace(employeeID + " " + email), pinyin: strings.Join(keys, " ")}
	lower := strings.ToLower(name)
	cands := []string{lower, strings.ToLower(employeeID), strings.ToLower(email)}
	cands = append(cands, strings.Fields(lower)...) // "Smith" finds John Smith
	if runes := []rune(strings.ReplaceAll(lower, " ", "")); len(runes) > 1 && isHanRune(runes[0]) {
		for i := 1; i < len(runes); i++ { // "小明" finds 王小明
			cands = append(cands, string(runes[i:]))
		}
	}
	for _, k := range keys {
		cands = append(cands, strings.Fields(k)...)
	}
	words := strings.Fields(e.pinyin)
	for _, c := range cands {
		r := []rune(strings.ReplaceAll(c, " ", ""))
		for n := 1; n <= min(2, len(r)); n++ {
			p := string(r[:n])
			if !slices.ContainsFunc(e.prefixes, func(k prefixKey) bool { return k.key == p }) {
				e.prefixes = append(e.prefixes, prefixKey{p, searchRank(p, stored, employeeID, email, words)})
			}
		}
	}
	return e
}

// searchRank is the rank searchQuery.rank gives a person for the query q (lower case, no
// spaces), worked out in Go for the short queries' stored ranks: 0 when the name, employee ID
// or email is q or one of the pinyin words is; 1 when the name or a pinyin word starts with q;
// else 2. (Go's lower case is Unicode's where SQLite's lower() folds ASCII only: É and é are
// the same here, a difference only in names with such letters.)
func searchRank(q, name, employeeID, email string, pinyinWords []string) int {
	name = strings.ToLower(name)
	if name == q || strings.ToLower(employeeID) == q || strings.ToLower(email) == q || slices.Contains(pinyinWords, q) {
		return 0
	}
	if strings.HasPrefix(name, q) || slices.ContainsFunc(pinyinWords, func(w string) bool { return strings.HasPrefix(w, q) }) {
		return 1
	}
	return 2
}

// shortKey is the first two characters of s (spaces removed), or s when shorter.
func shortKey(s string) string {
	r := []rune(strings.ReplaceAll(s, " ", ""))
	return string(r[:min(2, len(r))])
}

// indexPeople (re)writes the search entries of the given people; with ids nil, of everyone.
func (s *Store) indexPeople(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return s.writeSearchIndex(ctx, tx, ids, true, true)
}

// writeSearchIndex is indexPeople for the full-text table (fts), the short-query keys (keys)
// or both: the migrations that create each fill it alone (0022 people_search, 0036
// people_search_keys in its present form).
func (s *Store) writeSearchIndex(ctx context.Context, tx *sql.Tx, ids []int64, fts, keys bool) error {
	type row struct {
		id                     int64
		name, employeeID, mail string
		leftOn                 sql.NullString
	}
	var people []row
	q := "SELECT id, name, employee_id, COALESCE(email, ''), left_on FROM people"
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return nil
		}
		q += " WHERE id IN (SELECT value FROM json_each(?))"
		args = append(args, jsonIDs(ids))
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: index people: %w", err)
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name, &r.employeeID, &r.mail, &r.leftOn); err != nil {
			rows.Close()
			return fmt.Errorf("store: index people: %w", err)
		}
		people = append(people, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: index people: %w", err)
	}
	stmts := map[string]*sql.Stmt{}
	for name, q := range map[string]string{
		"del":     "DELETE FROM people_search WHERE rowid = ?",
		"delKeys": "DELETE FROM people_search_keys WHERE person_id = ?",
		"ins":     "INSERT INTO people_search (rowid, name, login, pinyin) VALUES (?, ?, ?, ?)",
		"insKey":  "INSERT INTO people_search_keys (key, rnk, name, person_id, left_on) VALUES (?, ?, ?, ?, ?)",
	} {
		if strings.Contains(q, "people_search_keys") && !keys || !strings.Contains(q, "people_search_keys") && !fts {
			continue // the other table, perhaps not in this form yet (during the migrations)
		}
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("store: index people: %w", err)
		}
		defer st.Close()
		stmts[name] = st
	}
	if ids == nil {
		// Everyone: empty both tables at once. Deleting row by row from the FTS table made
		// a rebuild of 100,000 people take over a minute.
		var clear []string
		if keys {
			clear = append(clear, "DELETE FROM people_search_keys")
		}
		if fts {
			clear = append(clear, "DELETE FROM people_search")
		}
		for _, q := range clear {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: index people: %w", err)
			}
		}
	}
	for _, p := range people {
		e := newSearchEntry(p.name, p.employeeID, p.mail)
		if fts {
			if ids != nil {
				if _, err := stmts["del"].ExecContext(ctx, p.id); err != nil {
					return fmt.Errorf("store: index person %d: %w", p.id, err)
				}
			}
			if _, err := stmts["ins"].ExecContext(ctx, p.id, e.name, e.login, e.pinyin); err != nil {
				return fmt.Errorf("store: index person %d: %w", p.id, err)
			}
		}
		if !keys {
			continue
		}
		if ids != nil {
			if _, err := stmts["delKeys"].ExecContext(ctx, p.id); err != nil {
				return fmt.Errorf("store: index person %d: %w", p.id, err)
			}
		}
		for _, k := range e.prefixes {
			if _, err := stmts["insKey"].ExecContext(ctx, k.key, k.rnk, p.name, p.id, p.leftOn); err != nil {
				return fmt.Errorf("store: index person %d: %w", p.id, err)
			}
		}
	}
	return nil
}

func jsonIDs(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	b.WriteByte(']')
	return b.String()
}

// searchQuery is a query turned into SQL: cand selects the ids of the people it finds (one
// column, id), rank orders them (0 exact, 1 a name or pinyin form starts with it, 2 elsewhere).
type searchQuery struct {
	cand     string
	candArgs []any
	anyCol   string   // the substring any column must hold (three characters or more)
	pinyin   []string // further substrings the pinyin column alone may hold
	rank     string
	rankArgs []any
	// short is the query of one or two characters (else ""): its matches, ranked, are the
	// people_search_keys rows with that key, in the table's order (rnk, name, person_id).
	short string
}

// ftsString quotes s as an FTS5 string (a substring to find, with the trigram tokenizer).
func ftsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// toPinyin replaces Chinese characters in q by their common reading ("王xm" → "wangxm").
func toPinyin(q string) string {
	args := pinyin.NewArgs()
	var b strings.Builder
	for _, r := range q {
		if isHanRune(r) {
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 {
				b.WriteString(py[0])
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// newSearchQuery builds the search for q (trimmed, spaces collapsed, any case); ok is false
// for an empty query.
func newSearchQuery(q string) (sq searchQuery, ok bool) {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	if q == "" {
		return sq, false
	}
	compact := strings.ReplaceAll(q, " ", "")
	if utf8.RuneCountInString(q) < 3 {
		// Trigrams need three characters: one or two go through the prefix keys.
		// people_search_keys holds every one- and two-character prefix with its rank: one key.
		sq.short = shortKey(compact)
		sq.cand = "SELECT person_id AS id FROM people_search_keys WHERE key = ?"
		sq.candArgs = []any{sq.short}
	} else {
		sq.anyCol = q
		if compact != q && utf8.RuneCountInString(compact) >= 3 {
			sq.pinyin = append(sq.pinyin, compact) // "wang xm" → wangxm
		}
		if strings.IndexFunc(compact, isHanRune) >= 0 && strings.IndexFunc(compact, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) >= 0 {
			sq.pinyin = append(sq.pinyin, toPinyin(compact)) // "王xm" → wangxm
		}
		terms := []string{ftsString(q)}
		for _, t := range sq.pinyin {
			terms = append(terms, "pinyin : "+ftsString(t))
		}
		sq.cand = "SELECT rowid AS id FROM people_search WHERE people_search MATCH ?"
		sq.candArgs = []any{strings.Join(terms, " OR ")}
	}
	like := escapeLike(q)
	sq.rank = `CASE WHEN lower(p.name) = ? OR lower(p.employee_id) = ? OR lower(COALESCE(p.email, '')) = ?
			OR (' ' || COALESCE(ps.pinyin, '') || ' ') LIKE ? ESCAPE '\' THEN 0
		WHEN lower(p.name) LIKE ? ESCAPE '\' OR (' ' || COALESCE(ps.pinyin, '')) LIKE ? ESCAPE '\' THEN 1
		ELSE 2 END`
	sq.rankArgs = []any{q, q, q, "% " + escapeLike(compact) + " %", like + "%", "% " + like + "%"}
	return sq, true
}

// searchCand is sq's candidate query for the store's engine. PostgreSQL has no FTS5: its
// people_search is a plain table with trigram (pg_trgm) indexes, which serve the same
// case-insensitive substring search as ILIKE.
func (s *Store) searchCand(sq searchQuery) (string, []any) {
	if !s.pg || sq.anyCol == "" {
		return sq.cand, sq.candArgs
	}
	like := "%" + escapeLike(sq.anyCol) + "%"
	q := `SELECT rowid AS id FROM people_search WHERE name ILIKE ? ESCAPE '\' OR login ILIKE ? ESCAPE '\' OR pinyin ILIKE ? ESCAPE '\'`
	args := []any{like, like, like}
	for _, t := range sq.pinyin {
		q += ` OR pinyin ILIKE ? ESCAPE '\'`
		args = append(args, "%"+escapeLike(t)+"%")
	}
	return q, args
}

// searchRankJoin brings the pinyin keys to the rank expression (by rowid: one seek per row).
const searchRankJoin = " LEFT JOIN people_search ps ON ps.rowid = p.id "

// PersonHit is one person found by SearchPeople (the person pickers).
type PersonHit struct {
	ID         int64
	EmployeeID string
	Name       string
	Title      string
	Team       string
}

// SearchPeople finds active people by name, employee ID, email or pinyin for the person
// pickers, best matches first (exact, then starting with the query, then by name), at most
// limit (1–50). An empty query finds nobody. People who have left are never returned.
// Except (a person's id, or 0) is left out: nobody recognises themselves.
func (s *Store) SearchPeople(ctx context.Context, q string, limit int, except int64) ([]PersonHit, error) {
	sq, ok := newSearchQuery(q)
	if !ok {
		return nil, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	q, args := s.searchSQL(sq, limit, except)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search people: %w", err)
	}
	defer rows.Close()
	var out []PersonHit
	for rows.Next() {
		var h PersonHit
		var rank int
		if err := rows.Scan(&h.ID, &h.EmployeeID, &h.Name, &h.Title, &h.Team, &rank); err != nil {
			return nil, fmt.Errorf("store: search people: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// searchSQL is SearchPeople's query.
func (s *Store) searchSQL(sq searchQuery, limit int, except int64) (string, []any) {
	if sq.short != "" {
		// The key's rows are already in the order shown: walk them, stop at the limit.
		return `SELECT p.id, p.employee_id, p.name, p.title, p.team, k.rnk
			FROM people_search_keys k JOIN people p ON p.id = k.person_id
			WHERE k.key = ? AND (k.left_on IS NULL OR k.left_on > ?) AND k.person_id != ?
			ORDER BY k.rnk, k.name, k.person_id LIMIT ?`, []any{sq.short, Day(s.now()).Format(DateLayout), except, limit}
	}
	cand, candArgs := s.searchCand(sq)
	args := append(append(append([]any{}, sq.rankArgs...), candArgs...), Day(s.now()).Format(DateLayout), except, limit)
	return `SELECT p.id, p.employee_id, p.name, p.title, p.team, ` + sq.rank + ` AS rnk
		FROM (` + cand + `) c JOIN people p ON p.id = c.id` + searchRankJoin + `
		WHERE (p.left_on IS NULL OR p.left_on > ?) AND p.id != ?
		ORDER BY rnk, p.name, p.id LIMIT ?`, args
}

// ActivePeopleByEmployeeID returns the active people among the given employee IDs (a picker's
// choices shown again), by name.
func (s *Store) ActivePeopleByEmployeeID(ctx context.Context, employeeIDs []string) ([]PersonHit, error) {
	if len(employeeIDs) == 0 {
		return nil, nil
	}
	// A picker's few choices, one placeholder each (on PostgreSQL json_each takes ids only).
	args := make([]any, 0, len(employeeIDs)+1)
	for _, id := range employeeIDs {
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.employee_id, p.name, p.title, p.team FROM people p
		WHERE p.employee_id IN (?`+strings.Repeat(", ?", len(employeeIDs)-1)+`) AND (p.left_on IS NULL OR p.left_on > ?)
		ORDER BY p.name, p.id`, append(args, Day(s.now()).Format(DateLayout))...)
	if err != nil {
		return nil, fmt.Errorf("store: people by employee id: %w", err)
	}
	defer rows.Close()
	var out []PersonHit
	for rows.Next() {
		var h PersonHit
		if err := rows.Scan(&h.ID, &h.EmployeeID, &h.Name, &h.Title, &h.Team); err != nil {
			return nil, fmt.Errorf("store: people by employee id: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// TeamColleagues lists personID's own team for a picker shown before any search: the active
// people who share their team, and their direct reports, by name (a team, not the organisation).
func (s *Store) TeamColleagues(ctx context.Context, personID int64) ([]PersonHit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.employee_id, p.name, p.title, p.team FROM people g
		JOIN people p ON (g.team != '' AND p.team = g.team) OR p.manager_id = g.id
		WHERE g.id = ? AND p.id != g.id AND (p.left_on IS NULL OR p.left_on > ?)
		ORDER BY p.name, p.id`, personID, Day(s.now()).Format(DateLayout))
	if err != nil {
		return nil, fmt.Errorf("store: team colleagues: %w", err)
	}
	defer rows.Close()
	var out []PersonHit
	for rows.Next() {
		var h PersonHit
		if err := rows.Scan(&h.ID, &h.EmployeeID, &h.Name, &h.Title, &h.Team); err != nil {
			return nil, fmt.Errorf("store: team colleagues: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

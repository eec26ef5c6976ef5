package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Text is one piece of culture content in both languages (markdown source).
type Text struct {
	EN string `json:"en"`
	ZH string `json:"zh"`
}

// In returns the text in lang ("en" or "zh"), falling back to the other language.
func (t Text) In(lang string) string { return pick(lang, t.EN, t.ZH) }

// Empty tells whether neither language has any text.
func (t Text) Empty() bool { return strings.TrimSpace(t.EN) == "" && strings.TrimSpace(t.ZH) == "" }

// trimmed drops surrounding space and writes line breaks as \n: browsers send a textarea's
// lines as \r\n, and an edit that only round-trips the form must not look like a change.
func (t Text) trimmed() Text { return Text{EN: cleanText(t.EN), ZH: cleanText(t.ZH)} }

func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

// CulturePriority is a strategic priority of the service strategy. ID is its
// strategic_priorities.id (0 until first published).
type CulturePriority struct {
	ID      int64 `json:"id"`
	Name    Text  `json:"name"`
	Summary Text  `json:"summary"`
	Retired bool  `json:"retired,omitempty"`
}

// CultureValue is one value with its meaning and observable behaviours. ID is its
// culture_values.id (0 until first published).
type CultureValue struct {
	ID         int64 `json:"id"`
	Name       Text  `json:"name"`
	Meaning    Text  `json:"meaning"`
	Behaviours Text  `json:"behaviours"`
	Retired    bool  `json:"retired,omitempty"`
}

// CultureDoc is the content of one culture version.
type CultureDoc struct {
	Vision     Text              `json:"vision"`
	Mission    Text              `json:"mission"`
	Strategy   Text              `json:"strategy"`
	Priorities []CulturePriority `json:"priorities"`
	Values     []CultureValue    `json:"values"`
}

// ActivePriorities are the priorities readers see (retired ones hidden).
func (d CultureDoc) ActivePriorities() []CulturePriority {
	var out []CulturePriority
	for _, p := range d.Priorities {
		if !p.Retired {
			out = append(out, p)
		}
	}
	return out
}

// ActiveValues are the values readers see (retired ones hidden).
func (d CultureDoc) ActiveValues() []CultureValue {
	var out []CultureValue
	for _, v := range d.Values {
		if !v.Retired {
			out = append(out, v)
		}
	}
	return out
}

// CultureVersion is a published version (Number > 0) or the draft (Number 0).
type CultureVersion struct {
	ID              int64
	Number          int
	Doc             CultureDoc
	UpdatedAt       time.Time
	UpdatedByName   string
	PublishedAt     time.Time
	PublishedByName string
}

const cultureColumns = `v.id, COALESCE(v.number, 0), v.content, v.updated_at, COALESCE(u.name, ''),
	COALESCE(v.published_at, ''), COALESCE(pb.name, '')`

const cultureFrom = ` FROM culture_versions v LEFT JOIN people u ON u.id = v.updated_by
	LEFT JOIN people pb ON pb.id = v.published_by `

func scanCultureVersion(row scanner) (CultureVersion, error) {
	var v CultureVersion
	var content, updated, published string
	if err := row.Scan(&v.ID, &v.Number, &content, &updated, &v.UpdatedByName, &published, &v.PublishedByName); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(content), &v.Doc); err != nil {
		return v, fmt.Errorf("culture version %d content: %w", v.ID, err)
	}
	v.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
	if published != "" {
		v.PublishedAt, _ = time.Parse(time.RFC3339, published)
	}
	return v, nil
}

func (s *Store) cultureWhere(ctx context.Context, q queryer, where string, args ...any) (CultureVersion, error) {
	row := q.QueryRowContext(ctx, "SELECT "+cultureColumns+cultureFrom+"WHERE "+where, args...)
	v, err := scanCultureVersion(row)
	if errors.Is(err, sql.ErrNoRows) {
		return v, ErrNotFound
	}
	if err != nil {
		return v, fmt.Errorf("store: culture version: %w", err)
	}
	return v, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// CurrentCulture returns the latest published version (ErrNotFound before the first).
func (s *Store) CurrentCulture(ctx context.Context) (CultureVersion, error) {
	return s.cultureWhere(ctx, s.db, "v.number = (SELECT max(number) FROM culture_versions)")
}

// CultureVersionByNumber returns one published version.
func (s *Store) CultureVersionByNumber(ctx context.Context, number int) (CultureVersion, error) {
	return s.cultureWhere(ctx, s.db, "v.number = ?", number)
}

// CultureDraft returns the draft; when there is none it returns a new one started from the
// latest published version (or empty), with ID 0.
func (s *Store) CultureDraft(ctx context.Context) (CultureVersion, error) {
	d, err := s.cultureWhere(ctx, s.db, "v.number IS NULL")
	if err == nil || !errors.Is(err, ErrNotFound) {
		return d, err
	}
	cur, err := s.CurrentCulture(ctx)
	if errors.Is(err, ErrNotFound) {
		return CultureVersion{}, nil
	}
	if err != nil {
		return CultureVersion{}, err
	}
	return CultureVersion{Doc: cur.Doc}, nil
}

// ListCultureVersions returns the published versions, newest first.
func (s *Store) ListCultureVersions(ctx context.Context) ([]CultureVersion, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+cultureColumns+cultureFrom+"WHERE v.number IS NOT NULL ORDER BY v.number DESC")
	if err != nil {
		return nil, fmt.Errorf("store: culture versions: %w", err)
	}
	defer rows.Close()
	var out []CultureVersion
	for rows.Next() {
		v, err := scanCultureVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: culture versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Field names of culture problems; the editor form uses the same names.
func cultureRowField(kind string, i int, field string) string {
	return fmt.Sprintf("%s%d_%s", kind, i, field)
}

// normaliseCultureDoc trims every text, drops rows that were never published and are now
// empty, and checks the rows: a row with content needs a name, a published row cannot be
// removed (retire it instead), and ids must be ones this store gave out.
func (s *Store) normaliseCultureDoc(ctx context.Context, q queryer, doc CultureDoc) (CultureDoc, error) {
	verr := &ValidationError{}
	out := CultureDoc{Vision: doc.Vision.trimmed(), Mission: doc.Mission.trimmed(), Strategy: doc.Strategy.trimmed()}
	knownValues, err := idSet(ctx, q, "SELECT id FROM culture_values")
	if err != nil {
		return out, err
	}
	knownPriorities, err := idSet(ctx, q, "SELECT id FROM strategic_priorities")
	if err != nil {
		return out, err
	}
	seenP := map[int64]bool{}
	for i, p := range doc.Priorities {
		p.Name, p.Summary = p.Name.trimmed(), p.Summary.trimmed()
		if p.ID != 0 && (!knownPriorities[p.ID] || seenP[p.ID]) {
			verr.add(0, cultureRowField("p", i, "name_en"), "invalid_choice", fmt.Sprint(p.ID))
			continue
		}
		seenP[p.ID] = true
		switch {
		case p.Name.Empty() && p.Summary.Empty() && p.ID == 0:
			continue // an unused blank row
		case p.Name.Empty() && p.Summary.Empty():
			verr.add(0, cultureRowField("p", i, "name_en"), "culture_published_row", "")
		case p.Name.Empty():
			verr.add(0, cultureRowField("p", i, "name_en"), "required", "")
		}
		out.Priorities = append(out.Priorities, p)
	}
	seenV := map[int64]bool{}
	for i, v := range doc.Values {
		v.Name, v.Meaning, v.Behaviours = v.Name.trimmed(), v.Meaning.trimmed(), v.Behaviours.trimmed()
		if v.ID != 0 && (!knownValues[v.ID] || seenV[v.ID]) {
			verr.add(0, cultureRowField("v", i, "name_en"), "invalid_choice", fmt.Sprint(v.ID))
			continue
		}
		seenV[v.ID] = true
		blank := v.Name.Empty() && v.Meaning.Empty() && v.Behaviours.Empty()
		switch {
		case blank && v.ID == 0:
			continue
		case blank:
			verr.add(0, cultureRowField("v", i, "name_en"), "culture_published_row", "")
		case v.Name.Empty():
			verr.add(0, cultureRowField("v", i, "name_en"), "required", "")
		}
		out.Values = append(out.Values, v)
	}
	// Rows missing altogether: every value and priority ever published stays in the document.
	for id := range knownValues {
		if !seenV[id] {
			verr.add(0, "values", "culture_published_missing", fmt.Sprint(id))
		}
	}
	for id := range knownPriorities {
		if !seenP[id] {
			verr.add(0, "priorities", "culture_published_missing", fmt.Sprint(id))
		}
	}
	checkCultureLengths(verr, doc)
	return out, verr.orNil()
}

// Limits on culture texts (in characters): names are short, other texts are prose.
const (
	cultureNameMax = 200
	cultureTextMax = 20000
)

// checkCultureLengths flags texts that are too long or that hold characters no text may
// (store/input.go); rows are named by their index in the
// form (raw), matching the fields the editor shows.
func checkCultureLengths(verr *ValidationError, raw CultureDoc) {
	check := func(field string, t Text, limit int) {
		for lang, v := range map[string]string{"en": t.EN, "zh": t.ZH} {
			// Names are one line; the rest is markdown.
			clean := checkTextValue
			if limit == cultureNameMax {
				clean = checkLine
			}
			if !clean(verr, 0, field+"_"+lang, v) {
				continue
			}
			if len([]rune(v)) > limit {
				verr.add(0, field+"_"+lang, "too_long", fmt.Sprint(limit))
			}
		}
	}
	check("vision", raw.Vision, cultureTextMax)
	check("mission", raw.Mission, cultureTextMax)
	check("strategy", raw.Strategy, cultureTextMax)
	for i, p := range raw.Priorities {
		check(cultureRowField("p", i, "name"), p.Name, cultureNameMax)
		check(cultureRowField("p", i, "summary"), p.Summary, cultureTextMax)
	}
	for i, v := range raw.Values {
		check(cultureRowField("v", i, "name"), v.Name, cultureNameMax)
		check(cultureRowField("v", i, "meaning"), v.Meaning, cultureTextMax)
		check(cultureRowField("v", i, "behaviours"), v.Behaviours, cultureTextMax)
	}
}

func idSet(ctx context.Context, q queryer, query string) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("store: ids: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// SaveCultureDraft validates doc and stores it as the draft (creating it if needed).
func (s *Store) SaveCultureDraft(ctx context.Context, actorID int64, doc CultureDoc) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		clean, err := s.normaliseCultureDoc(ctx, tx, doc)
		if err != nil {
			return err
		}
		return s.writeCultureDraft(ctx, tx, actorID, clean)
	})
}

func (s *Store) writeCultureDraft(ctx context.Context, tx *sql.Tx, actorID int64, doc CultureDoc) error {
	body, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("store: culture draft: %w", err)
	}
	res, err := tx.ExecContext(ctx, "UPDATE culture_versions SET content = ?, updated_by = ?, updated_at = ? WHERE number IS NULL",
		string(body), nullID(actorID), s.timestamp())
	if err != nil {
		return fmt.Errorf("store: culture draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.ExecContext(ctx, "INSERT INTO culture_versions (content, updated_by, updated_at) VALUES (?, ?, ?)",
			string(body), nullID(actorID), s.timestamp()); err != nil {
			return fmt.Errorf("store: culture draft: %w", err)
		}
	}
	return nil
}

// DiscardCultureDraft throws the draft away (nothing happens when there is none).
func (s *Store) DiscardCultureDraft(ctx context.Context, actorID int64) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM culture_versions WHERE number IS NULL")
	if err != nil {
		return fmt.Errorf("store: discard culture draft: %w", err)
	}
	return nil
}

// checkPublishable adds the rules a version must meet to be published.
func checkPublishable(doc CultureDoc) error {
	verr := &ValidationError{}
	if doc.Vision.Empty() {
		verr.add(0, "vision_en", "required", "")
	}
	if doc.Mission.Empty() {
		verr.add(0, "mission_en", "required", "")
	}
	if len(doc.ActiveValues()) == 0 {
		verr.add(0, "values", "culture_no_values", "")
	}
	return verr.orNil()
}

// PublishCulture publishes the draft as the next numbered version and returns its number.
// New values and priorities get their stable records; existing ones take the new names
// (ids never change, so links from other areas keep working); retired ones are hidden
// from new use. ErrNotFound when there is no draft.
func (s *Store) PublishCulture(ctx context.Context, actorID int64) (int, error) {
	var number int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		number, err = s.publishCultureTx(ctx, tx, actorID)
		return err
	})
	return number, err
}

func (s *Store) publishCultureTx(ctx context.Context, tx *sql.Tx, actorID int64) (int, error) {
	var number int
	err := func() error {
		draft, err := s.cultureWhere(ctx, tx, "v.number IS NULL")
		if err != nil {
			return err
		}
		doc, err := s.normaliseCultureDoc(ctx, tx, draft.Doc)
		if err != nil {
			return err
		}
		if err := checkPublishable(doc); err != nil {
			return err
		}
		// Publishing asks everyone to read again: refuse a version that changes nothing.
		if cur, err := s.cultureWhere(ctx, tx, "v.number = (SELECT max(number) FROM culture_versions)"); err == nil {
			if len(DiffCulture(cur.Doc, doc)) == 0 && !reordered(cur.Doc, doc) {
				verr := &ValidationError{}
				verr.add(0, "draft", "culture_unchanged", fmt.Sprint(cur.Number))
				return verr
			}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		now := s.timestamp()
		for i := range doc.Priorities {
			p := &doc.Priorities[i]
			if p.ID == 0 {
				if err := tx.QueryRowContext(ctx, "INSERT INTO strategic_priorities (created_at) VALUES (?) RETURNING id", now).Scan(&p.ID); err != nil {
					return fmt.Errorf("store: publish culture: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE strategic_priorities SET name_en = ?, name_zh = ?, summary_en = ?, summary_zh = ?,
				position = ?, retired_at = CASE WHEN ? = 1 THEN COALESCE(retired_at, ?) ELSE NULL END WHERE id = ?`,
				p.Name.EN, p.Name.ZH, p.Summary.EN, p.Summary.ZH, i, p.Retired, now, p.ID); err != nil {
				return fmt.Errorf("store: publish culture: %w", err)
			}
		}
		for i := range doc.Values {
			v := &doc.Values[i]
			if v.ID == 0 {
				if err := tx.QueryRowContext(ctx, "INSERT INTO culture_values (created_at) VALUES (?) RETURNING id", now).Scan(&v.ID); err != nil {
					return fmt.Errorf("store: publish culture: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE culture_values SET name_en = ?, name_zh = ?, meaning_en = ?, meaning_zh = ?,
				position = ?, retired_at = CASE WHEN ? = 1 THEN COALESCE(retired_at, ?) ELSE NULL END WHERE id = ?`,
				v.Name.EN, v.Name.ZH, v.Meaning.EN, v.Meaning.ZH, i, v.Retired, now, v.ID); err != nil {
				return fmt.Errorf("store: publish culture: %w", err)
			}
		}
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(max(number), 0) + 1 FROM culture_versions").Scan(&number); err != nil {
			return fmt.Errorf("store: publish culture: %w", err)
		}
		body, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE culture_versions SET number = ?, content = ?, published_by = ?, published_at = ?
			WHERE id = ?`, number, string(body), nullID(actorID), now, draft.ID); err != nil {
			return fmt.Errorf("store: publish culture: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventCulturePublish, Actor: actorID, Subject: Ref{RefVersion, draft.ID}, Args: []Arg{Num(number)}})
		return err
	}()
	return number, err
}

// AcknowledgeCulture records that personID has read published version number.
func (s *Store) AcknowledgeCulture(ctx context.Context, personID int64, number int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var versionID int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM culture_versions WHERE number = ?", number).Scan(&versionID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: acknowledge culture: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO culture_acknowledgements (version_id, person_id, at) VALUES (?, ?, ?)
			ON CONFLICT (version_id, person_id) DO NOTHING`, versionID, personID, s.timestamp())
		if err != nil {
			return fmt.Errorf("store: acknowledge culture: %w", err)
		}
		return nil
	})
}

// CultureReading is where one person stands with the culture: the current version (0 when
// nothing is published), whether they have acknowledged it, and the last version they did
// acknowledge (0 for none).
type CultureReading struct {
	Current          int
	CurrentPublished time.Time // when the current version was published
	Acknowledged     bool
	LastAcked        int
	AckedAt          time.Time
}

// The culture reading of person ?1: the current version (the highest number: drafts have
// none) with when it was published, and the highest version they have acknowledged with
// when. Each is found by its number through an index, with no sort (sorting the person's
// acknowledgements by version built a temporary table). cultureReadingWith names the two
// numbers, cultureCurrentPublished and cultureAckedAt read the two times; the inbox's one
// statement for a person's own items (inboxOwnSQL) reads it with the same parts.
const (
	cultureReadingWith = `cur AS (SELECT max(number) AS n FROM culture_versions),
	mine AS (SELECT max(v.number) AS n FROM culture_acknowledgements a JOIN culture_versions v ON v.id = a.version_id WHERE a.person_id = ?1)`
	cultureCurrentPublished = `COALESCE((SELECT published_at FROM culture_versions WHERE number = cur.n), '')`
	cultureAckedAt          = `COALESCE((SELECT a.at FROM culture_versions v JOIN culture_acknowledgements a ON a.version_id = v.id AND a.person_id = ?1
			WHERE v.number = mine.n), '')`
	cultureReadingSQL = "WITH " + cultureReadingWith + `
	SELECT COALESCE(cur.n, 0), ` + cultureCurrentPublished + `, COALESCE(mine.n, 0), ` + cultureAckedAt + `
	FROM cur, mine`
)

// CultureReadingFor tells where personID stands, in one query (once per reading request:
// the shell's banner and the home card ask; the inbox, reading it within its own statement,
// keeps its answer for them). Pages that ask before the header (the home card, a profile)
// keep it under the person's own number (keptOwnCard), which acknowledgements and numbered
// versions move (migration 0047).
func (s *Store) CultureReadingFor(ctx context.Context, personID int64) (CultureReading, error) {
	return keptOwnCard(ctx, s, "culture reading", personID, func(time.Time) (CultureReading, error) {
		return s.cultureReading(ctx, personID)
	})
}

func (s *Store) cultureReading(ctx context.Context, personID int64) (CultureReading, error) {
	var r CultureReading
	var published, at string
	err := s.db.QueryRowContext(ctx, cultureReadingSQL, personID).Scan(&r.Current, &published, &r.LastAcked, &at)
	if err != nil {
		return r, fmt.Errorf("store: culture reading: %w", err)
	}
	r.Acknowledged = r.Current > 0 && r.LastAcked == r.Current
	r.CurrentPublished, _ = time.Parse(time.RFC3339, published)
	r.AckedAt, _ = time.Parse(time.RFC3339, at)
	return r, nil
}

// AckCount is how many of a group have acknowledged the current version.
type AckCount struct {
	Name   string // the tier code, department or team name ("" for overall)
	Parent string // for a team: its department
	Read   int
	Total  int
}

// Share is Read/Total (0 for an empty group).
func (c AckCount) Share() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Read) / float64(c.Total)
}

// AckReport is the acknowledgement rate of the current version for one viewer.
type AckReport struct {
	Version      int
	Overall      AckCount
	ByTier       []AckCount
	ByDepartment []AckCount
	ByTeam       []AckCount // every team (department, team), rates only
	Team         *AckCount  // managers: everyone who reports to them, directly or not
	NotRead      []Person   // leaders and admins: everyone; managers: their team only
}

type extraScanner struct {
	row   scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }

// CultureAckReport computes the acknowledgement rates of the current version over the
// people active today, as viewer may see them. ErrNotFound before the first publication.
func (s *Store) CultureAckReport(ctx context.Context, viewer Person) (AckReport, error) {
	var rep AckReport
	var versionID int64
	err := s.db.QueryRowContext(ctx, "SELECT id, number FROM culture_versions WHERE number = (SELECT max(number) FROM culture_versions)").
		Scan(&versionID, &rep.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return rep, ErrNotFound
	}
	if err != nil {
		return rep, fmt.Errorf("store: acknowledgement report: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+`, EXISTS (SELECT 1 FROM culture_acknowledgements a
		WHERE a.version_id = ? AND a.person_id = p.id)`+personFrom+"ORDER BY p.name, p.employee_id", versionID)
	if err != nil {
		return rep, fmt.Errorf("store: acknowledgement report: %w", err)
	}
	defer rows.Close()
	today := s.now()
	type row struct {
		p    Person
		read bool
	}
	var people []row
	for rows.Next() {
		var r row
		if r.p, err = scanPerson(extraScanner{rows, []any{&r.read}}); err != nil {
			return rep, fmt.Errorf("store: acknowledgement report: %w", err)
		}
		if r.p.ActiveOn(today) {
			people = append(people, r)
		}
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	allNames := MayAll(viewer, ActionSeeReports)
	var team map[int64]bool
	if ReachOf(viewer, ActionSeeReports) == ReachBelow {
		reports := map[int64][]int64{}
		for _, r := range people {
			reports[r.p.ManagerID] = append(reports[r.p.ManagerID], r.p.ID)
		}
		team = map[int64]bool{}
		queue := slices.Clone(reports[viewer.ID])
		for len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			if team[id] || id == viewer.ID {
				continue
			}
			team[id] = true
			queue = append(queue, reports[id]...)
		}
		rep.Team = &AckCount{}
	}
	tiers := map[string]*AckCount{}
	for _, t := range Tiers {
		tiers[t] = &AckCount{Name: t}
	}
	depts := map[string]*AckCount{}
	teams := map[[2]string]*AckCount{}
	for _, r := range people {
		add := func(c *AckCount) {
			c.Total++
			if r.read {
				c.Read++
			}
		}
		add(&rep.Overall)
		add(tiers[r.p.Tier])
		if depts[r.p.Department] == nil {
			depts[r.p.Department] = &AckCount{Name: r.p.Department}
		}
		add(depts[r.p.Department])
		tk := [2]string{r.p.Department, r.p.Team}
		if teams[tk] == nil {
			teams[tk] = &AckCount{Name: r.p.Team, Parent: r.p.Department}
		}
		add(teams[tk])
		inTeam := team[r.p.ID]
		if inTeam {
			add(rep.Team)
		}
		if !r.read && (allNames || inTeam) {
			rep.NotRead = append(rep.NotRead, r.p)
		}
	}
	for _, t := range Tiers {
		if tiers[t].Total > 0 {
			rep.ByTier = append(rep.ByTier, *tiers[t])
		}
	}
	for _, c := range depts {
		rep.ByDepartment = append(rep.ByDepartment, *c)
	}
	sort.Slice(rep.ByDepartment, func(i, j int) bool { return rep.ByDepartment[i].Name < rep.ByDepartment[j].Name })
	for _, c := range teams {
		rep.ByTeam = append(rep.ByTeam, *c)
	}
	sort.Slice(rep.ByTeam, func(i, j int) bool {
		a, b := rep.ByTeam[i], rep.ByTeam[j]
		return a.Parent < b.Parent || a.Parent == b.Parent && a.Name < b.Name
	})
	return rep, nil
}

// reordered tells whether the priorities or values appear in a different order.
func reordered(a, b CultureDoc) bool {
	ids := func(d CultureDoc) []int64 {
		var out []int64
		for _, p := range d.ActivePriorities() {
			out = append(out, p.ID)
		}
		out = append(out, -1)
		for _, v := range d.ActiveValues() {
			out = append(out, v.ID)
		}
		return out
	}
	return !slices.Equal(ids(a), ids(b))
}

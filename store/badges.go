package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Who may award a badge.
const (
	AwardPeers    = "peers"
	AwardManagers = "managers"
	AwardLeaders  = "leaders"
	AwardSystem   = "system"
)

// System badge keys: awarded automatically, only on success.
const (
	BadgeOnboarding         = "onboarding"
	BadgeStrategyUnderstood = "strategy_understood"
	BadgeTenure1            = "tenure_1"
	BadgeTenure3            = "tenure_3"
	BadgeTenure5            = "tenure_5"
)

// AwardedBy lists who may award a badge, in display order.
var AwardedBy = []string{AwardPeers, AwardManagers, AwardLeaders, AwardSystem}

// BadgeIcons is the built-in SVG set under static/icons/badges/ (name without .svg).
var BadgeIcons = []string{"star", "heart", "trophy", "handshake", "lightbulb", "rocket", "shield",
	"medal", "target", "compass", "graduate", "calendar"}

// BadgeColours are the colours a badge may take (each has a CSS class badge-<colour>).
var BadgeColours = []string{"teal", "indigo", "green", "gold", "rose", "slate", "orange", "purple"}

// Badge is one entry of the badge catalogue.
type Badge struct {
	ID            int64
	SystemKey     string
	NameEN        string
	NameZH        string
	DescriptionEN string
	DescriptionZH string
	CriteriaEN    string
	CriteriaZH    string
	Icon          string
	Colour        string
	ValueID       int64
	AwardedBy     string
	Retired       bool
	Awards        int // people holding it, hidden recognitions left out
}

// Name returns the badge's name in lang, falling back to the other language.
func (b Badge) Name(lang string) string { return pick(lang, b.NameEN, b.NameZH) }

// Description returns the badge's description in lang.
func (b Badge) Description(lang string) string { return pick(lang, b.DescriptionEN, b.DescriptionZH) }

// Criteria returns the badge's criteria in lang.
func (b Badge) Criteria(lang string) string { return pick(lang, b.CriteriaEN, b.CriteriaZH) }

// BadgeInput is what the catalogue form submits.
type BadgeInput struct {
	NameEN        string
	NameZH        string
	DescriptionEN string
	DescriptionZH string
	CriteriaEN    string
	CriteriaZH    string
	Icon          string
	Colour        string
	ValueID       int64
	AwardedBy     string
}

// InputFromBadge fills the form from a stored badge.
func InputFromBadge(b Badge) BadgeInput {
	return BadgeInput{NameEN: b.NameEN, NameZH: b.NameZH, DescriptionEN: b.DescriptionEN, DescriptionZH: b.DescriptionZH,
		CriteriaEN: b.CriteriaEN, CriteriaZH: b.CriteriaZH, Icon: b.Icon, Colour: b.Colour, ValueID: b.ValueID, AwardedBy: b.AwardedBy}
}

const badgeColumns = `b.id, COALESCE(b.system_key, ''), b.name_en, b.name_zh, b.description_en, b.description_zh,
	b.criteria_en, b.criteria_zh, b.icon, b.colour, COALESCE(b.value_id, 0), b.awarded_by, b.retired_at IS NOT NULL`

func scanBadge(row scanner, extra ...any) (Badge, error) {
	var b Badge
	dest := append([]any{&b.ID, &b.SystemKey, &b.NameEN, &b.NameZH, &b.DescriptionEN, &b.DescriptionZH,
		&b.CriteriaEN, &b.CriteriaZH, &b.Icon, &b.Colour, &b.ValueID, &b.AwardedBy, &b.Retired}, extra...)
	err := row.Scan(dest...)
	return b, err
}

// ListBadges returns the catalogue (retired badges only when asked), with how many
// people hold each badge on visible recognitions.
func (s *Store) ListBadges(ctx context.Context, includeRetired bool) ([]Badge, error) {
	// b.awards is kept by triggers (migration 0011): counting on every view read every recognition.
	q := "SELECT " + badgeColumns + ", b.awards FROM badges b"
	if !includeRetired {
		q += " WHERE b.retired_at IS NULL"
	}
	q += " ORDER BY b.system_key IS NOT NULL, b.id"
	// Kept under the board's number (recognition_kept.go), which every award moves.
	return keptBoardRead(ctx, s, q, func() ([]Badge, error) {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("store: list badges: %w", err)
		}
		defer rows.Close()
		var out []Badge
		for rows.Next() {
			var n int
			b, err := scanBadge(rows, &n)
			if err != nil {
				return nil, fmt.Errorf("store: list badges: %w", err)
			}
			b.Awards = n
			out = append(out, b)
		}
		return out, rows.Err()
	})
}

// BadgeByID returns one badge.
func (s *Store) BadgeByID(ctx context.Context, id int64) (Badge, error) {
	return badgeWhere(ctx, s.db, "b.id = ?", id)
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func badgeWhere(ctx context.Context, q queryRower, where string, arg any) (Badge, error) {
	b, err := scanBadge(q.QueryRowContext(ctx, "SELECT "+badgeColumns+" FROM badges b WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, fmt.Errorf("store: badge: %w", err)
	}
	return b, nil
}

func (in *BadgeInput) normalise() {
	for _, f := range []*string{&in.NameEN, &in.NameZH, &in.DescriptionEN, &in.DescriptionZH, &in.CriteriaEN, &in.CriteriaZH, &in.Icon, &in.Colour, &in.AwardedBy} {
		*f = strings.TrimSpace(*f)
	}
	for _, f := range []*string{&in.DescriptionEN, &in.DescriptionZH, &in.CriteriaEN, &in.CriteriaZH} {
		*f = normaliseNewlines(*f)
	}
}

// keepValue is the value the badge already stands for: it may stay once retired (retiring
// hides a value from new use, it does not break links).
func (s *Store) validateBadge(ctx context.Context, tx *sql.Tx, in BadgeInput, system bool, keepValue int64) error {
	verr := &ValidationError{}
	if in.NameEN == "" {
		verr.add(0, "name_en", "required", "")
	}
	if in.NameZH == "" {
		verr.add(0, "name_zh", "required", "")
	}
	for field, v := range map[string]string{"name_en": in.NameEN, "name_zh": in.NameZH} {
		if checkLine(verr, 0, field, v) && utf8.RuneCountInString(v) > 60 {
			verr.add(0, field, "too_long", "60")
		}
	}
	for field, v := range map[string]string{"description_en": in.DescriptionEN, "description_zh": in.DescriptionZH,
		"criteria_en": in.CriteriaEN, "criteria_zh": in.CriteriaZH} {
		if checkTextValue(verr, 0, field, v) && utf8.RuneCountInString(v) > 500 {
			verr.add(0, field, "too_long", "500")
		}
	}
	if !slices.Contains(BadgeIcons, in.Icon) {
		verr.add(0, "icon", "invalid_choice", in.Icon)
	}
	if !slices.Contains(BadgeColours, in.Colour) {
		verr.add(0, "colour", "invalid_choice", in.Colour)
	}
	// System badges stay system badges; other badges cannot become one (nothing would award them).
	if system && in.AwardedBy != AwardSystem || !system && (in.AwardedBy == AwardSystem || !slices.Contains(AwardedBy, in.AwardedBy)) {
		verr.add(0, "awarded_by", "invalid_choice", in.AwardedBy)
	}
	if in.ValueID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM culture_values WHERE id = ? AND (retired_at IS NULL OR id = ?)", in.ValueID, keepValue).Scan(&n); err != nil {
			return fmt.Errorf("store: badge value: %w", err)
		}
		if n == 0 {
			verr.add(0, "value_id", "invalid_choice", fmt.Sprint(in.ValueID))
		}
	}
	return verr.orNil()
}

// SaveBadge creates a badge (id 0) or updates one, and audits it.
func (s *Store) SaveBadge(ctx context.Context, actorID, id int64, in BadgeInput) (int64, error) {
	in.normalise()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		system := false
		var keepValue int64
		if id != 0 {
			b, err := badgeWhere(ctx, tx, "b.id = ?", id)
			if err != nil {
				return err
			}
			system = b.SystemKey != ""
			keepValue = b.ValueID
		}
		if err := s.validateBadge(ctx, tx, in, system, keepValue); err != nil {
			return err
		}
		now := s.timestamp()
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO badges (name_en, name_zh, description_en, description_zh, criteria_en, criteria_zh,
				icon, colour, value_id, awarded_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				in.NameEN, in.NameZH, in.DescriptionEN, in.DescriptionZH, in.CriteriaEN, in.CriteriaZH, in.Icon, in.Colour,
				nullID(in.ValueID), in.AwardedBy, now, now).Scan(&id); err != nil {
				return fmt.Errorf("store: create badge: %w", err)
			}
			_, err := s.record(ctx, tx, Event{Key: EventBadgeCreate, Actor: actorID, Subject: Ref{RefBadge, id}})
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE badges SET name_en = ?, name_zh = ?, description_en = ?, description_zh = ?, criteria_en = ?,
			criteria_zh = ?, icon = ?, colour = ?, value_id = ?, awarded_by = ?, updated_at = ? WHERE id = ?`,
			in.NameEN, in.NameZH, in.DescriptionEN, in.DescriptionZH, in.CriteriaEN, in.CriteriaZH, in.Icon, in.Colour,
			nullID(in.ValueID), in.AwardedBy, now, id)
		if err != nil {
			return fmt.Errorf("store: update badge: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventBadgeUpdate, Actor: actorID, Subject: Ref{RefBadge, id}})
		return err
	})
	return id, err
}

// SetBadgeRetired retires a badge (no new awards; its history stays) or brings it back.
// Bringing back a system badge awards it retroactively to everyone who already qualifies.
func (s *Store) SetBadgeRetired(ctx context.Context, actorID, id int64, retired bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		b, err := badgeWhere(ctx, tx, "b.id = ?", id)
		if err != nil {
			return err
		}
		if retired {
			_, err = tx.ExecContext(ctx, "UPDATE badges SET retired_at = ?, updated_at = ? WHERE id = ? AND retired_at IS NULL", s.timestamp(), s.timestamp(), id)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE badges SET retired_at = NULL, updated_at = ? WHERE id = ?", s.timestamp(), id)
		}
		if err != nil {
			return fmt.Errorf("store: retire badge: %w", err)
		}
		key := EventBadgeRetire
		if !retired {
			key = EventBadgeReinstate
		}
		if _, err := s.record(ctx, tx, Event{Key: key, Actor: actorID, Subject: Ref{RefBadge, id}}); err != nil {
			return err
		}
		if !retired && b.SystemKey != "" {
			return s.backfillSystemBadge(ctx, tx, b.SystemKey)
		}
		return nil
	})
}

// backfillSystemBadge awards a system badge to everyone who already qualifies, dated
// when they earned it (so a catch-up never floods the top of the board with old news).
// Tenure is computed here (dated on the anniversary itself); the training and
// strategy-check areas answer through systemBadgeQualifiers.
func (s *Store) backfillSystemBadge(ctx context.Context, tx *sql.Tx, key string) error {
	if years := tenureYears[key]; years > 0 {
		return s.awardTenure(ctx, tx, key, years)
	}
	earned, err := s.systemBadgeQualifiers(ctx, tx, key)
	if err != nil {
		return err
	}
	for _, e := range earned {
		at := e.at
		if at.IsZero() || at.After(s.now()) {
			at = s.now()
		}
		if err := s.awardSystemBadgeAt(ctx, tx, e.personID, key, "", at); err != nil {
			return err
		}
	}
	return nil
}

var tenureYears = map[string]int{BadgeTenure1: 1, BadgeTenure3: 3, BadgeTenure5: 5}

// earnedBadge is one person who qualifies for a system badge, and when they first did.
type earnedBadge struct {
	personID int64
	at       time.Time
}

// systemBadgeQualifiers lists the people who already earned a non-tenure system badge, with
// the moment of their first success: everyone who passed the onboarding course (training's
// course_completions), and everyone who demonstrated understanding in a strategy check (a
// counted attempt at or above the pass mark with every written answer accepted — earned when
// the last answer was accepted — or an "understood" interview) — in both cases only those
// who do not hold the badge yet, so the catch-up stays cheap.
func (s *Store) systemBadgeQualifiers(ctx context.Context, q queryer, key string) ([]earnedBadge, error) {
	var query string
	switch key {
	case BadgeOnboarding:
		query = `SELECT cc.person_id, min(cc.passed_at) FROM course_completions cc JOIN courses c ON c.id = cc.course_id
			JOIN people pe ON pe.id = cc.person_id AND (pe.left_on IS NULL OR pe.left_on > ?1)
			WHERE c.key = '` + OnboardingCourseKey + `' AND NOT EXISTS (SELECT 1 FROM recognitions
			WHERE idempotency_key = 'system:` + BadgeOnboarding + `:' || cc.person_id || ':')
			GROUP BY cc.person_id ORDER BY cc.person_id`
	case BadgeStrategyUnderstood:
		// Open checks: live evidence of a snapshot person. Closed checks: only the frozen
		// result, so a review given after closing (or someone who left before it) earns nothing.
		query = `SELECT person_id, min(at) FROM (
				SELECT a.person_id, coalesce(a.reviewed_at, a.submitted_at) AS at FROM check_attempts a
					JOIN checks c ON c.id = a.check_id AND c.status = 'open'
					JOIN check_population p ON p.check_id = a.check_id AND p.person_id = a.person_id
					WHERE a.practice = 0 AND a.passed_mark = 1 AND a.written_status IN ('none', 'accepted')
				UNION ALL
				SELECT i.person_id, i.interviewed_on || 'T09:00:00Z' FROM check_interviews i
					JOIN checks c ON c.id = i.check_id AND c.status = 'open'
					JOIN check_population p ON p.check_id = i.check_id AND p.person_id = i.person_id
					WHERE i.verdict = 'understood'
				UNION ALL
				SELECT p.person_id, coalesce(p.final_reviewed_at, p.final_evidence_on, c.closed_at) FROM check_population p
					JOIN checks c ON c.id = p.check_id AND c.status = 'closed'
					WHERE p.final_counted = 1 AND p.final_result = '` + ResultUnderstood + `') shown
			JOIN people pe ON pe.id = shown.person_id AND (pe.left_on IS NULL OR pe.left_on > ?1)
			WHERE NOT EXISTS (SELECT 1 FROM recognitions
				WHERE idempotency_key = 'system:` + BadgeStrategyUnderstood + `:' || shown.person_id || ':')
			GROUP BY person_id ORDER BY person_id`
	default:
		return nil, nil
	}
	// Only people still here: awarding skips those who left, so listing them would leave the
	// catch-up "due" for ever and take the write lock on every run.
	rows, err := q.QueryContext(ctx, query, Day(s.now()).Format(DateLayout))
	if err != nil {
		return nil, fmt.Errorf("store: %s qualifiers: %w", key, err)
	}
	defer rows.Close()
	var earned []earnedBadge
	for rows.Next() {
		var e earnedBadge
		var at string
		if err := rows.Scan(&e.personID, &at); err != nil {
			return nil, err
		}
		e.at, err = time.Parse(time.RFC3339, at)
		if err != nil {
			e.at, _ = ParseDate(at) // a date alone; unparsable: awarded now
		}
		earned = append(earned, e)
	}
	return earned, rows.Err()
}

// awardTenure awards a tenure milestone to every active person whose anniversary has come,
// dated on the anniversary (or now, if that is earlier, for a clock set in the past).
func (s *Store) awardTenure(ctx context.Context, tx *sql.Tx, key string, years int) error {
	earned, err := s.tenureDue(ctx, tx, key, years)
	if err != nil {
		return err
	}
	for _, e := range earned {
		if err := s.awardSystemBadgeAt(ctx, tx, e.personID, key, "", e.at); err != nil {
			return err
		}
	}
	return nil
}

// tenureDue lists the active people whose anniversary has come and who do not hold the
// milestone yet (so the catch-up stays cheap), with the anniversary as the award time.
func (s *Store) tenureDue(ctx context.Context, q queryer, key string, years int) ([]earnedBadge, error) {
	today := Day(s.now())
	rows, err := q.QueryContext(ctx, `SELECT id, hired_on FROM people WHERE hired_on <= ? AND (left_on IS NULL OR left_on > ?)
		AND NOT EXISTS (SELECT 1 FROM recognitions WHERE idempotency_key = 'system:' || ? || ':' || people.id || ':') ORDER BY id`,
		today.AddDate(-years, 0, 0).Format(DateLayout), today.Format(DateLayout), key)
	if err != nil {
		return nil, fmt.Errorf("store: tenure: %w", err)
	}
	defer rows.Close()
	var list []earnedBadge
	for rows.Next() {
		var e earnedBadge
		var hired string
		if err := rows.Scan(&e.personID, &hired); err != nil {
			return nil, err
		}
		h, _ := ParseDate(hired)
		e.at = h.AddDate(years, 0, 0).Add(9 * time.Hour)
		if e.at.After(s.now()) {
			e.at = s.now()
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tenure: %w", err)
	}
	return list, nil
}

// AwardSystemBadgeTo awards a system badge to each person (idempotent): the retroactive
// hook for completions that existed before the badge did.
func (s *Store) AwardSystemBadgeTo(ctx context.Context, personIDs []int64, badgeKey string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.awardSystemBadgeTo(ctx, tx, personIDs, badgeKey) })
}

func (s *Store) awardSystemBadgeTo(ctx context.Context, tx *sql.Tx, personIDs []int64, badgeKey string) error {
	for _, id := range personIDs {
		if err := s.awardSystemBadge(ctx, tx, id, badgeKey, ""); err != nil {
			return err
		}
	}
	return nil
}

// awardSystemBadge awards a system badge once per person (per occasion, "" for badges
// earned once). A retired badge is not awarded. Recipients who have left are skipped.
func (s *Store) awardSystemBadge(ctx context.Context, tx *sql.Tx, personID int64, badgeKey, occasion string) error {
	return s.awardSystemBadgeAt(ctx, tx, personID, badgeKey, occasion, s.now())
}

func (s *Store) awardSystemBadgeAt(ctx context.Context, tx *sql.Tx, personID int64, badgeKey, occasion string, at time.Time) error {
	b, err := badgeWhere(ctx, tx, "b.system_key = ?", badgeKey)
	if err != nil {
		return fmt.Errorf("store: system badge %s: %w", badgeKey, err)
	}
	if b.Retired {
		return nil
	}
	var active int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE id = ? AND (left_on IS NULL OR left_on > ?)",
		personID, Day(s.now()).Format(DateLayout)).Scan(&active); err != nil {
		return fmt.Errorf("store: system badge: %w", err)
	}
	if active == 0 {
		return nil
	}
	key := fmt.Sprintf("system:%s:%d:%s", badgeKey, personID, occasion)
	var rid int64
	err = tx.QueryRowContext(ctx, `INSERT INTO recognitions (source, badge_id, value_id, message, idempotency_key, created_at)
		VALUES ('system', ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
		b.ID, nullID(b.ValueID), pick("en", b.CriteriaEN, b.CriteriaZH), key, at.UTC().Format(time.RFC3339)).Scan(&rid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // already awarded
	}
	if err != nil {
		return fmt.Errorf("store: award system badge: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (?, ?)", rid, personID); err != nil {
		return fmt.Errorf("store: award system badge: %w", err)
	}
	return s.recordAndNotify(ctx, tx, Event{Key: EventBadgeEarned, Subject: Ref{RefPerson, personID},
		Args: []Arg{RefArg(RefBadge, b.ID), RefArg(RefRecognition, rid)}}, personID)
}

// AwardSystemBadges catches up every system badge: tenure milestones and completions that
// happened before the badge existed or while it was retired (idempotent). It looks first
// with plain reads and takes the write lock only when something is due. The server runs it
// hourly in the background (never on a page view or on the start path).
func (s *Store) AwardSystemBadges(ctx context.Context) error {
	keys := []string{BadgeOnboarding, BadgeStrategyUnderstood, BadgeTenure1, BadgeTenure3, BadgeTenure5}
	var due []string
	for _, key := range keys {
		b, err := badgeWhere(ctx, s.db, "b.system_key = ?", key)
		if err != nil {
			return err
		}
		if b.Retired {
			continue
		}
		var earned []earnedBadge
		if years := tenureYears[key]; years > 0 {
			earned, err = s.tenureDue(ctx, s.db, key, years)
		} else {
			earned, err = s.systemBadgeQualifiers(ctx, s.db, key)
		}
		if err != nil {
			return err
		}
		if len(earned) > 0 {
			due = append(due, key)
		}
	}
	if len(due) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, key := range due {
			if err := s.backfillSystemBadge(ctx, tx, key); err != nil {
				return err
			}
		}
		return nil
	})
}

// AwardTenureBadges awards the 1, 3 and 5-year badges to everyone whose anniversary has
// passed (idempotent). The server runs AwardSystemBadges, which includes these, hourly in the background.
func (s *Store) AwardTenureBadges(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, key := range []string{BadgeTenure1, BadgeTenure3, BadgeTenure5} {
			if err := s.backfillSystemBadge(ctx, tx, key); err != nil {
				return err
			}
		}
		return nil
	})
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

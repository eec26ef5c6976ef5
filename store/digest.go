package store

// The weekly digest (issue 14): for each manager by email, and for each chat channel that
// receives digest.weekly, the week in their people — recognitions, recognition deserts,
// overdue training and the open checks' response. The scheduler sends it once per ISO week
// per recipient: a digest_runs row (migration 0031) is written in the same transaction that
// queues the email or delivery, so a restart neither misses nor doubles a week.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Digest recipients' kinds in digest_runs.
const (
	DigestManager = "manager"
	DigestChannel = "channel"
)

// DigestHour is when, on the Monday of each ISO week (in the server's time zone), the
// week's digests become due. A server down at that hour sends them at its first run after.
const DigestHour = 7

// DigestWeek is the ISO week t falls in ("2026-W49"), and the moment its digests are due.
func DigestWeek(t time.Time) (string, time.Time) {
	year, week := t.ISOWeek()
	day := time.Date(t.Year(), t.Month(), t.Day(), DigestHour, 0, 0, 0, t.Location())
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return fmt.Sprintf("%04d-W%02d", year, week), monday
}

// DigestScope is whose week a digest tells: a manager's reporting tree (ManagerID), or the
// people of a department and/or team (a channel's filter; both empty: everyone).
type DigestScope struct {
	ManagerID  int64
	Department string
	Team       string
}

// DigestCheck is one open strategy check's figures in the scope.
type DigestCheck struct {
	Check  Check
	Counts Counts
	Needed int // people still to understand to reach the check's target
}

// Digest is one week in a scope, the 7 days before the digest was due.
type Digest struct {
	From, To      time.Time
	DepartmentZH  string // the scope's department and team in Chinese ("" when none recorded)
	TeamZH        string
	People        int      // active people in the scope
	Recognitions  int      // visible recognitions (system awards aside) received in the week
	Recognised    int      // distinct people who received them
	Deserts       []string // names of people with no recognition in DesertDays days, A to Z (at most DigestNames)
	DesertCount   int
	Overdue       int // overdue training assignments
	OverduePeople int
	Checks        []DigestCheck
}

// DigestNames bounds the desert names a digest lists; the count says how many there are.
const DigestNames = 10

// scopeCTE is a WITH clause defining scope(id): the active people in sc on today, with its
// arguments (plain placeholders, so callers append theirs).
func scopeCTE(sc DigestScope, today string) (string, []any) {
	if sc.ManagerID != 0 {
		return `WITH RECURSIVE tree(id, depth) AS (SELECT id, 1 FROM people WHERE manager_id = ?
				UNION SELECT p.id, tree.depth + 1 FROM people p JOIN tree ON p.manager_id = tree.id WHERE tree.depth < 50),
			scope(id) AS (SELECT p.id FROM tree JOIN people p ON p.id = tree.id WHERE p.left_on IS NULL OR p.left_on > ?) `,
			[]any{sc.ManagerID, today}
	}
	return `WITH scope(id) AS (SELECT id FROM people WHERE (left_on IS NULL OR left_on > ?)
			AND (? = '' OR department = ?) AND (? = '' OR team = ?)) `,
		[]any{today, sc.Department, sc.Department, sc.Team, sc.Team}
}

// WeeklyDigest computes the digest of the week due at due for sc.
func (s *Store) WeeklyDigest(ctx context.Context, sc DigestScope, due time.Time) (Digest, error) {
	d := Digest{From: due.AddDate(0, 0, -7), To: due}
	now := s.now()
	today := Day(now).Format(DateLayout)
	cte, args := scopeCTE(sc, today)
	with := func(extra ...any) []any { return append(append([]any{}, args...), extra...) }

	err := s.db.QueryRowContext(ctx, cte+`SELECT count(DISTINCT r.id), count(DISTINCT rr.person_id)
		FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
		WHERE rr.person_id IN (SELECT id FROM scope) AND r.hidden_at IS NULL AND r.source != 'system'
		AND r.created_at >= ? AND r.created_at < ?`,
		with(d.From.UTC().Format(time.RFC3339), d.To.UTC().Format(time.RFC3339))...).Scan(&d.Recognitions, &d.Recognised)
	if err != nil {
		return d, fmt.Errorf("store: digest recognitions: %w", err)
	}

	// The fairness page's desert rule (DesertCount): no visible recognition, system awards
	// aside, in DesertDays days.
	rows, err := s.db.QueryContext(ctx, cte+`SELECT p.name, NOT EXISTS (SELECT 1 FROM recognition_recipients rr
			JOIN recognitions r ON r.id = rr.recognition_id
			WHERE rr.person_id = p.id AND r.hidden_at IS NULL AND r.source != 'system' AND r.created_at >= ?)
		FROM people p WHERE p.id IN (SELECT id FROM scope) ORDER BY p.name, p.id`,
		with(now.UTC().AddDate(0, 0, -DesertDays).Format(time.RFC3339))...)
	if err != nil {
		return d, fmt.Errorf("store: digest deserts: %w", err)
	}
	for rows.Next() {
		var name string
		var desert bool
		if err := rows.Scan(&name, &desert); err != nil {
			rows.Close()
			return d, fmt.Errorf("store: digest deserts: %w", err)
		}
		d.People++
		if desert {
			d.DesertCount++
			if len(d.Deserts) < DigestNames {
				d.Deserts = append(d.Deserts, name)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("store: digest deserts: %w", err)
	}

	// Overdue as the training matrix counts it: past due, not passed, in a published course.
	err = s.db.QueryRowContext(ctx, cte+`SELECT count(*), count(DISTINCT a.person_id) FROM assignments a
		JOIN courses c ON c.id = a.course_id AND c.published_revision_id IS NOT NULL AND c.archived_at IS NULL
		WHERE a.person_id IN (SELECT id FROM scope) AND a.due_on < ?
		AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.person_id = a.person_id AND cc.course_id = a.course_id)`,
		with(today)...).Scan(&d.Overdue, &d.OverduePeople)
	if err != nil {
		return d, fmt.Errorf("store: digest overdue: %w", err)
	}

	for _, u := range []struct {
		kind, name string
		zh         *string
	}{{"department", sc.Department, &d.DepartmentZH}, {"team", sc.Team, &d.TeamZH}} {
		if u.name == "" {
			continue
		}
		err := s.db.QueryRowContext(ctx, "SELECT name_zh FROM org_unit_names WHERE kind = ? AND name = ?", u.kind, u.name).Scan(u.zh)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return d, fmt.Errorf("store: digest unit names: %w", err)
		}
	}

	checks, err := s.openChecks(ctx)
	if err != nil {
		return d, err
	}
	for _, c := range checks {
		var counts Counts
		if sc.ManagerID != 0 {
			// The manager's report page figures: their tree in the check's snapshot lines.
			viewer := Person{ID: sc.ManagerID, Role: RoleManager}
			sum, err := s.CheckReportSummary(ctx, c, viewer, BreakdownQuery{})
			if err != nil {
				return d, err
			}
			counts = sum.Overall
		} else if counts, err = s.unitCheckCounts(ctx, c, sc); err != nil {
			return d, err
		}
		if counts.Eligible == 0 {
			continue
		}
		d.Checks = append(d.Checks, DigestCheck{Check: c, Counts: counts, Needed: PeopleNeeded(counts.Understood, counts.Eligible, c.TargetPct)})
	}
	return d, nil
}

// openChecks are the open checks, earliest opened first.
func (s *Store) openChecks(ctx context.Context) ([]Check, error) {
	return s.checksWhere(ctx, "WHERE status = 'open' ORDER BY opens_on, id")
}

// unitCheckCounts counts an open check's snapshot people of a department/team (the
// snapshot's units, as the report's breakdown groups them) who count.
func (s *Store) unitCheckCounts(ctx context.Context, c Check, sc DigestScope) (Counts, error) {
	var counts Counts
	rows, err := s.db.QueryContext(ctx, `SELECT cp.live_result, count(*) FROM check_population cp
		WHERE cp.check_id = ? AND (COALESCE(cp.left_on, '') = '' OR cp.left_on > ?)
		AND (? = '' OR cp.department = ?) AND (? = '' OR cp.team = ?) GROUP BY cp.live_result`,
		c.ID, c.ClosesOn.Format(DateLayout), sc.Department, sc.Department, sc.Team, sc.Team)
	if err != nil {
		return counts, fmt.Errorf("store: digest check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var result string
		var n int
		if err := rows.Scan(&result, &n); err != nil {
			return counts, fmt.Errorf("store: digest check: %w", err)
		}
		counts.AddN(result, n)
	}
	return counts, rows.Err()
}

// DigestManagersDue lists the managers whose digest for week is still to send: active, with
// an email address, at least one active direct report, the digest email not turned off (it
// is on by default), and no digest_runs row for the week.
func (s *Store) DigestManagersDue(ctx context.Context, week string) ([]Person, error) {
	today := Day(s.now()).Format(DateLayout)
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+personFrom+`WHERE p.role != ? AND COALESCE(p.email, '') != ''
		AND (p.left_on IS NULL OR p.left_on > ?)
		AND EXISTS (SELECT 1 FROM people r WHERE r.manager_id = p.id AND (r.left_on IS NULL OR r.left_on > ?))
		AND NOT EXISTS (SELECT 1 FROM email_preferences e WHERE e.person_id = p.id AND e.kind = ? AND e.enabled = 0)
		AND NOT EXISTS (SELECT 1 FROM digest_runs d WHERE d.kind = ? AND d.target_id = p.id AND d.iso_week = ?)
		ORDER BY p.id`, RoleEmployee, today, today, EmailWeeklyDigest, DigestManager, week)
	if err != nil {
		return nil, fmt.Errorf("store: digest managers: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: digest managers: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DigestChannelsDue lists the enabled channels receiving digest.weekly whose digest for week
// is still to send.
func (s *Store) DigestChannelsDue(ctx context.Context, week string) ([]Channel, error) {
	all, err := s.EnabledChannels(ctx)
	if err != nil {
		return nil, err
	}
	var out []Channel
	for _, c := range all {
		if !slices.Contains(c.Events, EmailWeeklyDigest) {
			continue
		}
		var sent bool
		if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM digest_runs WHERE kind = ? AND target_id = ? AND iso_week = ?)",
			DigestChannel, c.ID, week).Scan(&sent); err != nil {
			return nil, fmt.Errorf("store: digest channels: %w", err)
		}
		if !sent {
			out = append(out, c)
		}
	}
	return out, nil
}

// markDigest writes the week's marker for a recipient inside tx; false when another run (or
// another server) already did, in which case the caller queues nothing.
func (s *Store) markDigest(ctx context.Context, tx *sql.Tx, kind string, targetID int64, week string) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO digest_runs (kind, target_id, iso_week, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, target_id, iso_week) DO NOTHING`, kind, targetID, week, s.timestamp())
	if err != nil {
		return false, fmt.Errorf("store: digest run: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// QueueManagerDigest queues a manager's digest email and marks their week sent, in one
// transaction; false when the week was already sent.
func (s *Store) QueueManagerDigest(ctx context.Context, managerID int64, week string, e Email) (bool, error) {
	var queued bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ok, err := s.markDigest(ctx, tx, DigestManager, managerID, week)
		if err != nil || !ok {
			return err
		}
		queued = true
		return s.queueEmail(ctx, tx, e)
	})
	return queued, err
}

// QueueChannelDigest queues a channel's digest message and marks its week sent, in one
// transaction; false when the week was already sent.
func (s *Store) QueueChannelDigest(ctx context.Context, channelID int64, week string, m ChannelMessage) (bool, error) {
	var queued bool
	m.EventKey = EmailWeeklyDigest
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ok, err := s.markDigest(ctx, tx, DigestChannel, channelID, week)
		if err != nil || !ok {
			return err
		}
		queued = true
		return s.enqueueDelivery(ctx, tx, channelID, m, fmt.Sprintf("lodestar-digest-%d-%s", channelID, week))
	})
	return queued, err
}

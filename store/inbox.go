package store

// The inbox: what waits on one person (issue 12 §2). Every item is derived from the
// underlying state, never stored in the database, so it cannot drift: it goes away as soon as
// the work is done. A server keeps the items it read while a number the database moves with
// every change they read stays the same (inbox_kept.go), so a kept item is a fresh one. Items about team members go to their direct manager, the one
// person expected to act; a manager higher up sees their tree's state on the home tiles.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// Inbox item kinds, in the order the inbox lists them.
const (
	InboxTrainingReview = "training_review" // team members' written training answers to review
	InboxCheckReview    = "check_review"    // team members' written check answers to review
	InboxGoalApproval   = "goal_approval"   // team members' goal proposals to approve
	InboxTeamOverdue    = "team_overdue"    // team members' overdue training
	InboxDesert         = "recognition_desert"
	InboxCheckOpen      = "check_open"    // an open check the person has not answered
	InboxCultureRead    = "culture_read"  // a culture version the person has not acknowledged
	InboxGoalCheckIn    = "goal_checkin"  // own goals without a check-in for StaleAfterDays days
	InboxGoalReturned   = "goal_returned" // own goal proposals returned with a note, to change
)

// InboxKinds lists every kind (for translations and the API's documentation).
var InboxKinds = []string{InboxTrainingReview, InboxCheckReview, InboxGoalApproval, InboxTeamOverdue, InboxDesert,
	InboxCheckOpen, InboxCultureRead, InboxGoalCheckIn, InboxGoalReturned}

// InboxItem is one line of the inbox: Count things of one kind wait, the oldest since
// OldestSince, concerning Who (a team member's name, a goal's or a check's title; "" when
// it is the person themself), and Link is where to act.
type InboxItem struct {
	Kind        string
	Count       int
	OldestSince time.Time
	Who         string
	WhoZH       string // the Chinese title, when Who is a goal's or a check's title
	Note        string // a returned goal's note from the manager, as written
	Link        string
}

// InboxTotal is the header's count: every waiting thing, all kinds together.
func InboxTotal(items []InboxItem) int {
	n := 0
	for _, it := range items {
		n += it.Count
	}
	return n
}

// mayActForTeam: the roles whose pages the team items link to (reviews, the training
// matrix, the fairness page).
func mayActForTeam(p Person) bool {
	return p.Role == RoleManager || p.Role == RoleLeader || p.Role == RoleAdmin
}

// Inbox returns what waits on p today, in InboxKinds order, only the kinds with something
// waiting: p's own items and, for those who may act for a team, their direct reports', each
// kept under its number (inbox_kept.go: one primary-key read each when nothing changed, one
// indexed statement each when something did), so the header can show the count on every
// page (once per reading request: the header and the home page both show it).
func (s *Store) Inbox(ctx context.Context, p Person) ([]InboxItem, error) {
	return memoized(ctx, memoQuestion{what: "inbox", a: p.ID}, func() ([]InboxItem, error) {
		return s.inbox(ctx, p)
	})
}

func (s *Store) inbox(ctx context.Context, p Person) ([]InboxItem, error) {
	var all []InboxItem
	if mayActForTeam(p) {
		team, err := s.keptInboxTeam(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		all = team
	}
	own, err := s.keptInboxOwn(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var out []InboxItem
	for _, it := range append(all, own...) {
		if it.Count > 0 {
			out = append(out, it)
		}
	}
	return out, nil
}

// inboxTeamAllSQL runs the five team queries below as one statement: a manager's every page
// shows the inbox count, and five statements cost five times the driver's per-statement
// overhead for the same ten people. Each part returns its waiting rows as they are — part,
// since, the row's id (the tie-break), the team member's name, the link's id — and
// inboxTeam counts them and finds the oldest in Go: the parts once counted and sorted in SQL,
// and the thirteen temporary tables that took (a materialized set and a sort per part) were
// most of the statement's CPU. Each part binds ?1 the manager, ?2 today; the deserts ?3 their
// cut-off.
const inboxTeamAllSQL = inboxTrainingReviewSQL + `
	UNION ALL ` + inboxCheckReviewSQL + `
	UNION ALL ` + inboxGoalApprovalSQL + `
	UNION ALL ` + inboxTeamOverdueSQL + `
	UNION ALL ` + inboxDesertSQL

// inboxTeam returns the team items of manager me at now, in inboxTeamAllSQL's order, each
// with its link (the oldest's check or goal where the item names one), and until when time
// alone leaves them as they are: the next day (due dates pass, members leave), or the first
// moment a member's last recognition is DesertDays old.
func (s *Store) inboxTeam(ctx context.Context, me int64, now time.Time) ([]InboxItem, time.Time, error) {
	until := nextMidnight(now)
	desert := now.UTC().AddDate(0, 0, -DesertDays).Format(time.RFC3339)
	rows, err := s.db.QueryContext(ctx, inboxTeamAllSQL, me, Day(now).Format(DateLayout), desert)
	if err != nil {
		return nil, until, fmt.Errorf("store: inbox: %w", err)
	}
	defer rows.Close()
	out := []InboxItem{
		{Kind: InboxTrainingReview, Link: "/training/reviews"},
		{Kind: InboxCheckReview},
		{Kind: InboxGoalApproval},
		{Kind: InboxTeamOverdue, Link: "/training/team?status=" + StatusOverdue},
		{Kind: InboxDesert, Link: "/recognition/fairness"},
	}
	firstID := make([]int64, len(out)) // the id of the row each item names
	for rows.Next() {
		var i int
		var since, who string
		var id, link int64
		if err := rows.Scan(&i, &since, &id, &who, &link); err != nil {
			return nil, until, fmt.Errorf("store: inbox: %w", err)
		}
		if i < 0 || i >= len(out) {
			return nil, until, fmt.Errorf("store: inbox: team item %d", i)
		}
		if i == 4 && link == 0 { // a member not in a desert: when they would enter one
			until = earlier(until, desertFrom(since, now))
			continue
		}
		it := &out[i]
		at := parseStamp(since)
		if waitsLonger(it.Count, at, id, it.OldestSince, firstID[i]) {
			firstID[i], it.OldestSince, it.Who = id, at, who
			switch it.Kind {
			case InboxCheckReview:
				it.Link = fmt.Sprintf("/checks/%d/reviews", link)
			case InboxGoalApproval:
				it.Link = fmt.Sprintf("/goals/%d", link)
			}
		}
		it.Count++
	}
	return out, until, rows.Err()
}

// desertFrom is when a member whose last recognition was at (as stored) enters a desert:
// the first second at which now less DesertDays, written as inboxTeam writes it, sorts after
// it. A stamp not written that way (only those compare by their text as by their time) gives
// now: the items are not kept.
func desertFrom(at string, now time.Time) time.Time {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil || t.UTC().Format(time.RFC3339) != at {
		return now
	}
	return t.AddDate(0, 0, DesertDays).Add(time.Second)
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// waitsLonger tells whether a waiting row (since, id) goes before the one an item names so
// far (after count rows): the inbox names what has waited longest, the first made among equals.
func waitsLonger(count int, since time.Time, id int64, namedSince time.Time, namedID int64) bool {
	return count == 0 || since.Before(namedSince) || since.Equal(namedSince) && id < namedID
}

// parseStamp reads a stored timestamp or date ("" gives the zero time).
func parseStamp(v string) time.Time {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	t, _ := ParseDate(v)
	return t
}

// inboxTeamWhere keeps the manager's direct reports who are still here (?1 manager, ?2
// today), read from people_manager alone (migration 0045; the deserts also read each
// member's hire date from their row).
const inboxTeamWhere = `t.manager_id = ?1 AND (t.left_on IS NULL OR t.left_on > ?2)`

// inboxTrainingReviewSQL (part 0): written answers of course quizzes (not checks, whose
// engine attempts share the tables) waiting for a reviewer, one row an answer. The team's
// attempts are read by person (CROSS JOIN keeps the team outermost; the unary + keeps the set
// test a filter, not one seek per course revision), not the organisation's every waiting
// answer.
const inboxTrainingReviewSQL = `SELECT 0, a.submitted_at, a.id, t.name, 0 FROM people t
		CROSS JOIN attempts a CROSS JOIN attempt_answers aa
		WHERE ` + inboxTeamWhere + ` AND a.person_id = t.id AND aa.attempt_id = a.id AND aa.credit IS NULL
		AND a.submitted_at IS NOT NULL AND +a.set_id IN (SELECT question_set_id FROM course_revisions)`

// inboxCheckReviewSQL (part 1): check attempts whose written answers wait for a reviewer, in
// checks that have opened; the link goes to the oldest one's check.
const inboxCheckReviewSQL = `SELECT 1, a.submitted_at, a.id, t.name, a.check_id FROM people t
		JOIN check_attempts a ON a.person_id = t.id AND a.written_status = 'pending'
		JOIN checks c ON c.id = a.check_id AND c.status != 'scheduled'
		WHERE ` + inboxTeamWhere

// inboxGoalApprovalSQL (part 2): personal goals team members proposed, waiting for approval.
// The team's goals are read by owner (CROSS JOIN keeps the team outermost): left to itself,
// SQLite walked every personal goal of the organisation (goals_unit, level = 'person'), the
// most expensive part of every manager's page at 100,000 people.
const inboxGoalApprovalSQL = `SELECT 2, g.created_at, g.id, t.name, g.id FROM people t
		CROSS JOIN goals g WHERE ` + inboxTeamWhere + ` AND g.owner_id = t.id
		AND g.level = 'person' AND g.state = 'proposed' AND g.returned_at IS NULL`

// inboxTeamOverdueSQL (part 3): team members' assignments past their due date and not
// passed, in published courses (what the training matrix counts as overdue).
const inboxTeamOverdueSQL = `SELECT 3, a.due_on, a.id, t.name, 0 FROM people t JOIN assignments a ON a.person_id = t.id
		JOIN courses c ON c.id = a.course_id AND c.published_revision_id IS NOT NULL AND c.archived_at IS NULL
		WHERE ` + inboxTeamWhere + ` AND a.due_on < ?2
		AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.person_id = a.person_id AND cc.course_id = a.course_id)`

// inboxDesertSQL (part 4): every team member, the link column 1 for those with no visible
// recognition (system awards aside) since ?3 — the fairness page's desert rule — and since
// when: their last recognition, or their hire date. The others' last recognition tells when
// they would enter a desert (the kept items' expiry, inbox_kept.go). The last recognition is
// the kept recognition_last row (migration 0039: triggers on recipients and recognitions):
// one primary-key read per member instead of each member's recognitions (~74 random reads
// into a million rows per view at 100,000 people).
const inboxDesertSQL = `SELECT 4, CASE WHEN COALESCE(l.at, '') = '' THEN t.hired_on ELSE l.at END, t.id, t.name,
		CASE WHEN COALESCE(l.at, '') < ?3 THEN 1 ELSE 0 END
		FROM people t LEFT JOIN recognition_last l ON l.person_id = t.id
		WHERE ` + inboxTeamWhere

// inboxOwnSQL reads everything of a person's own that can wait on them (?1 the person) in
// one statement, each part's rows led by its number: on every page's header, three
// statements cost three times the driver's per-statement overhead for a handful of rows
// (under load the largest part of each: ~25–40 µs of CPU a statement at 100,000 people).
// The columns are shared (unused ones empty); inboxOwn reads them by part. No part is sorted
// in SQL: each has a few rows, ordered in Go.
//
// Part 0, the open checks that count the person and hold no answer of theirs yet —
// CheckStatusFor's rule (eligible, result "no response", no answer waiting for review) read
// from the kept snapshot row: live_result follows every attempt and interview in the same
// transaction (refreshLiveResult, the rule of DecideOutcome), and a leaver counts while they
// left after the closing day. Only an answer waiting for review needs the attempts: a
// practice one holds the person too. Columns: id, title, title_zh, opens_on.
//
// Part 1, the culture reading (one row; CultureReadingFor's parts, cultureReadingWith).
// Columns: the current number (id), published_at (d1), acknowledged at (d2), the
// acknowledged number (n).
//
// Part 2, the person's personal goals that can wait on them: the active ones with what
// staleness needs (the kept progress, 0023, makes the goals below them unnecessary) and the
// proposals returned to them with a note; with the cascade order's keys for the ties.
// Columns: id, title, title_zh, start_on (d1), due_on (d2), last_checkin (d3), returned_at
// (d4), progress (x), rolled_up (n), state, return_note, perspective, department, team.
const inboxOwnSQL = "WITH " + cultureReadingWith + `
	SELECT 0, c.id, c.title, c.title_zh, c.opens_on, '', '', '', 0.0, 0, '', '', '', '', ''
	FROM checks c WHERE c.status = 'open'
		AND EXISTS (SELECT 1 FROM check_population cp WHERE cp.check_id = c.id AND cp.person_id = ?1
			AND cp.live_result = 'no_response' AND (COALESCE(cp.left_on, '') = '' OR cp.left_on > c.closes_on))
		AND NOT EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = c.id AND a.person_id = ?1 AND a.written_status = 'pending')
	UNION ALL
	SELECT 1, COALESCE(cur.n, 0), '', '', ` + cultureCurrentPublished + `, ` + cultureAckedAt + `, '', '', 0.0, COALESCE(mine.n, 0), '', '', '', '', ''
	FROM cur, mine
	UNION ALL
	SELECT 2, g.id, g.title, g.title_zh, g.start_on, g.due_on, g.last_checkin, COALESCE(g.returned_at, ''), g.progress, g.rolled_up,
		g.state, g.return_note, g.perspective, g.department, g.team
	FROM goals g WHERE g.owner_id = ?1 AND g.level = 'person' AND (g.state = 'active' OR (g.state = 'proposed' AND g.returned_at IS NOT NULL))`

// inboxOwn returns the person's own items in InboxKinds order, all of them (empty ones
// too): the open checks (the earliest opened named), the culture version not yet
// acknowledged, the active goals gone stale (IsStale: no check-in for StaleAfterDays days;
// the stalest named, since its last check-in or start, the first in cascade order among
// equals) and the proposals returned for changes (the first returned named with its
// manager's note; editing one re-proposes it and the item goes). With the culture reading it
// reads (kept for the rest of the request by keptInboxOwn: CultureReadingFor).
func (s *Store) inboxOwn(ctx context.Context, me int64, now time.Time) ([]InboxItem, CultureReading, error) {
	openCheck := InboxItem{Kind: InboxCheckOpen}
	culture := InboxItem{Kind: InboxCultureRead, Link: "/culture"}
	checkIns := InboxItem{Kind: InboxGoalCheckIn}
	returned := InboxItem{Kind: InboxGoalReturned}
	var reading CultureReading
	rows, err := s.db.QueryContext(ctx, inboxOwnSQL, me)
	if err != nil {
		return nil, reading, fmt.Errorf("store: inbox own items: %w", err)
	}
	defer rows.Close()
	var stale []ownGoal
	var firstCheck, firstReturn int64
	for rows.Next() {
		var part int
		var id, n int64
		var title, titleZH, d1, d2, d3, d4, state, note, perspective, department, team string
		var x float64
		if err := rows.Scan(&part, &id, &title, &titleZH, &d1, &d2, &d3, &d4, &x, &n, &state, &note, &perspective, &department, &team); err != nil {
			return nil, reading, fmt.Errorf("store: inbox own items: %w", err)
		}
		switch part {
		case 0:
			opens, _ := ParseDate(d1)
			if waitsLonger(openCheck.Count, opens, id, openCheck.OldestSince, firstCheck) {
				firstCheck = id
				openCheck.OldestSince, openCheck.Who, openCheck.WhoZH, openCheck.Link = opens, title, titleZH, fmt.Sprintf("/checks/%d", id)
			}
			openCheck.Count++
		case 1:
			reading = CultureReading{Current: int(id), LastAcked: int(n)}
			reading.Acknowledged = reading.Current > 0 && reading.LastAcked == reading.Current
			reading.CurrentPublished, _ = time.Parse(time.RFC3339, d1)
			reading.AckedAt, _ = time.Parse(time.RFC3339, d2)
		case 2:
			if state == GoalProposed {
				at := parseStamp(d4)
				if waitsLonger(returned.Count, at, id, returned.OldestSince, firstReturn) {
					firstReturn = id
					returned.OldestSince, returned.Who, returned.WhoZH, returned.Note = at, title, titleZH, note
					returned.Link = fmt.Sprintf("/goals/%d", id)
				}
				returned.Count++
				continue
			}
			g := ownGoal{Goal: Goal{ID: id, Title: title, TitleZH: titleZH, Progress: x, RolledUp: n != 0,
				Perspective: perspective, Department: department, Team: team}}
			g.StartOn, _ = ParseDate(d1)
			g.DueOn, _ = ParseDate(d2)
			if d3 != "" {
				g.LastCheckIn, _ = ParseDate(d3)
			}
			g.Status = StatusOf(g.Progress, g.StartOn, g.DueOn, now)
			if !g.RolledUp && IsStale(g.LastCheckIn, g.StartOn, now, g.Status) {
				g.since = g.LastCheckIn
				if g.since.IsZero() {
					g.since = g.StartOn
				}
				stale = append(stale, g)
			}
		default:
			return nil, reading, fmt.Errorf("store: inbox own items: part %d", part)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, reading, fmt.Errorf("store: inbox own items: %w", err)
	}
	if reading.Current > 0 && !reading.Acknowledged {
		culture.Count, culture.OldestSince = 1, reading.CurrentPublished
	}
	if len(stale) > 0 {
		first := slices.MinFunc(stale, compareStale)
		checkIns.Count, checkIns.OldestSince, checkIns.Who, checkIns.WhoZH = len(stale), first.since, first.Title, first.TitleZH
		checkIns.Link = fmt.Sprintf("/goals/%d", first.ID)
	}
	return []InboxItem{openCheck, culture, checkIns, returned}, reading, nil
}

// ownGoal is a stale goal with the day it has waited since.
type ownGoal struct {
	Goal
	since time.Time
}

// compareStale orders stale goals by how long they have waited, then in cascade order (the
// order goalOrder gives one person's goals: unit, perspective in Perspectives' order, title,
// id).
func compareStale(a, b ownGoal) int {
	return cmp.Or(a.since.Compare(b.since), cmp.Compare(a.Department, b.Department), cmp.Compare(a.Team, b.Team),
		cmp.Compare(slices.Index(Perspectives, a.Perspective), slices.Index(Perspectives, b.Perspective)),
		cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
}

// desertTreeSQL walks ?1's reporting tree (the walk TeamFairness takes).
const desertTreeSQL = `WITH RECURSIVE team(id, depth) AS (SELECT id, 1 FROM people WHERE manager_id = ?1
		UNION SELECT p.id, team.depth + 1 FROM people p JOIN team ON p.manager_id = team.id WHERE team.depth < 50)`

// desertCountSQL counts the active people in ?1's reporting tree and those of them with no
// visible recognition (system awards aside) since ?2 — the fairness page's desert rule,
// without its per-person given/received counts, which took seconds over a leader's whole
// organisation. Each person's last recognition is one kept row (recognition_last, migration
// 0039), read by key: a leader's 100,000 people no longer read the recent recognitions.
const desertCountSQL = desertTreeSQL + `
	SELECT count(*), COALESCE(sum(NOT EXISTS (SELECT 1 FROM recognition_last l WHERE l.person_id = p.id AND l.at >= ?2)), 0)
	FROM people p WHERE p.id IN (SELECT id FROM team) AND (p.left_on IS NULL OR p.left_on > ?3)`

// everyoneBelowSQL tells whether ?1's reporting tree is everyone with a manager: ?1 has no
// manager and nobody else without one has reports. Every reporting line then ends at ?1
// (manager cycles are refused on every write), so the tree needs no walk.
const everyoneBelowSQL = `SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND manager_id IS NULL)
	AND NOT EXISTS (SELECT 1 FROM people r WHERE r.manager_id IS NULL AND r.id != ?1
		AND EXISTS (SELECT 1 FROM people c WHERE c.manager_id = r.id))`

// headsEveryone tells whether personID's reporting tree is everyone with a manager
// (everyoneBelowSQL): a top leader's counts then need no walk of the tree.
func (s *Store) headsEveryone(ctx context.Context, personID int64) (bool, error) {
	var everyone bool
	err := s.db.QueryRowContext(ctx, everyoneBelowSQL, personID).Scan(&everyone)
	return everyone, err
}

// desertCountEveryoneSQL is desertCountSQL for a tree of everyone with a manager (active:
// a.n), without a recursive walk of 100,000 people that had to set aside each one it met (0.5 s
// of a top leader's home) and without a lookup per person: the deserts are those people less
// the ones recognised since ?2 — every kept last recognition since then (r.n) but those of
// people outside the tree (x.n: leavers and people without a manager, a few, each looked up
// from people_manager's entries, which hold left_on since 0045). ~0.1 → ~0.04 s (sqlite3).
const desertCountEveryoneSQL = `SELECT a.n, a.n - (r.n - x.n) FROM
	(SELECT count(*) AS n FROM people p WHERE p.manager_id IS NOT NULL AND (p.left_on IS NULL OR p.left_on > ?3)) a,
	(SELECT count(*) AS n FROM recognition_last l WHERE l.at >= ?2) r,
	(SELECT count(*) AS n FROM people p CROSS JOIN recognition_last l WHERE l.person_id = p.id AND l.at >= ?2
		AND NOT (p.manager_id IS NOT NULL AND (p.left_on IS NULL OR p.left_on > ?3))) x`

// DesertCount returns how many active people are in managerID's reporting tree and how many
// of them are recognition deserts (len(TeamFairness(managerID).Desert), counted cheaply).
func (s *Store) DesertCount(ctx context.Context, managerID int64) (deserts, people int, err error) {
	now := s.now().UTC()
	everyone, err := s.headsEveryone(ctx, managerID)
	if err != nil {
		return 0, 0, fmt.Errorf("store: desert count: %w", err)
	}
	query := desertCountSQL
	if everyone {
		query = desertCountEveryoneSQL
	}
	err = s.db.QueryRowContext(ctx, query, managerID, now.AddDate(0, 0, -DesertDays).Format(time.RFC3339),
		Day(now).Format(DateLayout)).Scan(&people, &deserts)
	if err != nil {
		return 0, 0, fmt.Errorf("store: desert count: %w", err)
	}
	return deserts, people, nil
}

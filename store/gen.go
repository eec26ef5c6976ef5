package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// GenOptions sizes a generated organisation (lodestar gen). Progress, when set, hears
// each step's name and how long it took.
type GenOptions struct {
	People       int
	Recognitions int
	Progress     func(step string, took time.Duration)
}

// genSites name the extra departments' sites: department "Inbound Voice · Chengdu".
var genSites = []string{"Chengdu", "Manila", "Dublin", "Kraków", "Cape Town", "Austin", "Leeds", "Shenzhen",
	"Wuhan", "Cebu", "Porto", "Bogotá", "Pune", "Xi'an", "Glasgow", "Nairobi", "Hangzhou", "Belfast", "Davao", "Tianjin"}

// Generate fills an empty database with an organisation of about opt.People people and
// opt.Recognitions recognitions, for measuring Lodestar at scale. It starts from the demo
// (its accounts, culture, courses, badges and checks, with the password DemoPassword), adds
// the rest of the people under the demo leader before the demo's areas run — so the
// training rules, goal cascade and check snapshots cover everyone through the store's own
// rules — then bulk-inserts personal goals and three years of recognition. Each step is its
// own transaction: a failed run leaves a partial file to delete.
func (s *Store) Generate(ctx context.Context, opt GenOptions) error {
	n, err := s.CountPeople(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("store: generate: the database already has %d people", n)
	}
	hash, err := HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	step := func(name string, fn func(context.Context, *sql.Tx) error) error {
		start := time.Now()
		err := s.peopleTx(ctx, func(tx *sql.Tx) error {
			// A large page cache for this connection: the steps touch hundreds of MB.
			if s.pg {
				return fn(ctx, tx) // SQLite's page cache only
			}
			if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
				return err
			}
			return fn(ctx, tx)
		})
		if err != nil {
			return fmt.Errorf("store: generate %s: %w", name, err)
		}
		if opt.Progress != nil {
			opt.Progress(name, time.Since(start))
		}
		return nil
	}
	rng := rand.New(rand.NewPCG(demoSeed, 99))
	steps := []struct {
		name string
		fn   func(context.Context, *sql.Tx) error
	}{
		{"people", func(ctx context.Context, tx *sql.Tx) error {
			if err := s.demoPeople(ctx, tx, hash); err != nil {
				return err
			}
			if err := s.genPeople(ctx, tx, rng, opt.People); err != nil {
				return err
			}
			// genPeople inserts directly, for speed: the search index is built once after it.
			return s.indexPeople(ctx, tx, nil)
		}},
		{"culture", s.demoCulture},
		{"goals", s.demoGoals},
		{"training", s.demoTraining},
		{"training progress", func(ctx context.Context, tx *sql.Tx) error { return s.genTraining(ctx, tx, rng) }},
		{"checks", s.demoChecks},
		{"recognition", s.demoRecognition},
		{"personal goals", func(ctx context.Context, tx *sql.Tx) error { return s.genGoals(ctx, tx, rng, opt.People/12) }},
		{"more recognition", func(ctx context.Context, tx *sql.Tx) error {
			return s.genRecognitions(ctx, tx, rng, opt.Recognitions)
		}},
		{"chinese names", s.demoBilingual},
		{"allowances", rebuildAllowanceCounts},
		{"finish", func(ctx context.Context, tx *sql.Tx) error { return setSetting(ctx, tx, "demo_loaded", s.timestamp()) }},
	}
	for _, st := range steps {
		if err := step(st.name, st.fn); err != nil {
			return err
		}
	}
	return nil
}

// genIDPrefix starts the employee IDs of generated people (the demo's start with E).
const genIDPrefix = "G"

// genPeople adds people until there are total: departments of about 10,000 under a head
// who reports to the demo leader, then operations managers, senior team managers, team
// leads and teams of about 48 agents — six reporting levels counting the leader.
func (s *Store) genPeople(ctx context.Context, tx *sql.Tx, rng *rand.Rand, total int) error {
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people").Scan(&have); err != nil {
		return err
	}
	extra := total - have
	if extra <= 0 {
		return nil
	}
	var leaderID int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = 'leader'").Scan(&leaderID); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO people (employee_id, email, name, title, department, team, manager_id,
		tier, role, employment_type, hired_on, left_on, language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	today := Day(s.now())
	now := s.timestamp()
	parts := demoNameParts()
	seq := 0
	add := func(title, dept, team string, managerID int64, tier, role string, minDays, maxDays int) (int64, error) {
		seq++
		var name, lang string
		if rng.IntN(100) < 65 {
			sn := parts.surnames[rng.IntN(len(parts.surnames))]
			gn := parts.given[rng.IntN(len(parts.given))]
			name = sn[0] + gn[0]
			if rng.IntN(100) < 35 {
				lang = "zh"
			}
		} else {
			name = parts.first[rng.IntN(len(parts.first))] + " " + parts.last[rng.IntN(len(parts.last))]
		}
		var email any
		if role != RoleEmployee || rng.IntN(100) < 35 {
			email = fmt.Sprintf("g%06d@%s", seq, demoEmailDomain)
		}
		days := minDays + rng.IntN(maxDays-minDays+1)
		emp := EmploymentPermanent
		var left any
		if role == RoleEmployee {
			if rng.IntN(100) < 15 {
				days = 1 + rng.IntN(89) // recent hires
			}
			switch r := rng.IntN(100); {
			case r < 6:
				emp = EmploymentTemporary
			case r < 10:
				emp = EmploymentContractor
			}
			if days > 200 && rng.IntN(100) < 7 { // leavers, gone within the last year
				left = today.AddDate(0, 0, -1-rng.IntN(min(days-1, 365))).Format(DateLayout)
			}
		}
		var id int64
		if err := stmt.QueryRowContext(ctx, fmt.Sprintf("%s%06d", genIDPrefix, seq), email, name, title, dept, team, nullID(managerID),
			tier, role, emp, today.AddDate(0, 0, -days).Format(DateLayout), left, lang, now, now).Scan(&id); err != nil {
			return 0, fmt.Errorf("store: generate person: %w", err)
		}
		return id, nil
	}
	kinds := []struct{ dept, team, title string }{
		{"Inbound Voice", "Voice Team", "Customer Service Agent"},
		{"Chat & Email", "Chat Team", "Chat Agent"},
		{"Complaints & Service Recovery", "Complaints Team", "Complaints Handler"},
		{"Quality Assurance", "QA Team", "Quality Analyst"},
		{"Workforce Management", "Real-Time Team", "Real-Time Analyst"},
	}
	const perTeam, perDept = 50, 10000
	depts := max(1, (extra+perDept/2)/perDept)
	for d := range depts {
		kind := kinds[d%len(kinds)]
		site := genSites[(d/len(kinds))%len(genSites)]
		if d >= len(kinds)*len(genSites) {
			site = fmt.Sprintf("%s %d", site, d/(len(kinds)*len(genSites))+1)
		}
		dept := kind.dept + " · " + site
		quota := extra / depts
		if d == depts-1 {
			quota = extra - quota*(depts-1)
		}
		head, err := add("Head of "+dept, dept, "Leadership", leaderID, TierSeniorLeader, RoleLeader, 730, 2500)
		if err != nil {
			return err
		}
		quota--
		var ops, senior int64
		for t := 0; quota > 0; t++ {
			team := fmt.Sprintf("%s %s %d", site, kind.team, t+1)
			if t%25 == 0 {
				if ops, err = add("Operations Manager", dept, "Operations", head, TierMiddleManager, RoleManager, 500, 2500); err != nil {
					return err
				}
				quota--
			}
			if t%5 == 0 {
				if senior, err = add("Senior Team Manager", dept, team, ops, TierMiddleManager, RoleManager, 400, 2000); err != nil {
					return err
				}
				quota--
			}
			lead, err := add("Team Lead", dept, team, senior, TierMiddleManager, RoleManager, 365, 1800)
			if err != nil {
				return err
			}
			quota--
			for i := 0; i < perTeam-2 && quota > 0; i++ {
				title := kind.title
				if rng.IntN(100) < 20 {
					title = "Senior " + kind.title
				}
				if _, err := add(title, dept, team, lead, TierFrontLine, RoleEmployee, 90, 1825); err != nil {
					return err
				}
				quota--
			}
		}
	}
	return nil
}

// genGoals adds personal goals for active agents under their team's goal until there are
// about want goals in all.
func (s *Store) genGoals(ctx context.Context, tx *sql.Tx, rng *rand.Rand, want int) error {
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM goals").Scan(&have); err != nil {
		return err
	}
	if want <= have {
		return nil
	}
	today := Day(s.now()).Format(DateLayout)
	// Team goals by team, and the active agents who could own a personal goal under one.
	rows, err := tx.QueryContext(ctx, `SELECT p.id, g.id, g.start_on, g.due_on, g.priority_id FROM people p
		JOIN goals g ON g.level = 'team' AND g.department = p.department AND g.team = p.team
		WHERE p.role = 'employee' AND (p.left_on IS NULL OR p.left_on > ?) AND g.parent_id IS NOT NULL
		GROUP BY p.id`, today)
	if err != nil {
		return err
	}
	type cand struct {
		person, parent int64
		start, due     string
		priority       sql.NullInt64
	}
	var cands []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.person, &c.parent, &c.start, &c.due, &c.priority); err != nil {
			rows.Close()
			return err
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO goals (title, perspective, kpi, unit, direction, baseline, target,
		start_on, due_on, level, owner_id, parent_id, priority_id, weight, state, created_by, created_at, updated_at)
		VALUES (?, 'customer', ?, '%', 'higher', ?, ?, ?, ?, 'person', ?, ?, ?, 1, 'active', ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	checkin, err := tx.PrepareContext(ctx, `INSERT INTO goal_checkins (goal_id, value, comment, on_date, by_id, created_at)
		VALUES (?, ?, '', ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer checkin.Close()
	titles := [][2]string{{"Lift my first-contact resolution", "First-contact resolution"},
		{"Raise my customer satisfaction score", "CSAT"}, {"Improve my QA score", "QA score"}}
	now := s.timestamp()
	for _, c := range cands[:min(len(cands), want-have)] {
		t := titles[rng.IntN(len(titles))]
		base := float64(60 + rng.IntN(20))
		var id int64
		if err := stmt.QueryRowContext(ctx, t[0], t[1], base, base+float64(5+rng.IntN(10)), c.start, c.due, c.person, c.parent,
			c.priority, c.person, now, now).Scan(&id); err != nil {
			return fmt.Errorf("store: generate goal: %w", err)
		}
		if rng.IntN(2) == 0 {
			if _, err := checkin.ExecContext(ctx, id, base+float64(rng.IntN(6)), today, c.person, now); err != nil {
				return err
			}
		}
	}
	return refreshAllGoals(ctx, tx)
}

// genRecognitions adds peer and manager recognition over the last three years until there
// are about want in all: givers and recipients active on the day, recipients mostly from the
// giver's team, reactions and comments from colleagues, and a notification for the last
// month's recipients.
func (s *Store) genRecognitions(ctx context.Context, tx *sql.Tx, rng *rand.Rand, want int) error {
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM recognitions").Scan(&have); err != nil {
		return err
	}
	if want <= have {
		return nil
	}
	type person struct {
		id, manager int64
		team        string
		name        string
		hired, left string
		role        string
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, COALESCE(manager_id, 0), team, name, hired_on, COALESCE(left_on, ''), role FROM people ORDER BY id")
	if err != nil {
		return err
	}
	var people []person
	teams := map[string][]int{}
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.id, &p.manager, &p.team, &p.name, &p.hired, &p.left, &p.role); err != nil {
			rows.Close()
			return err
		}
		teams[p.team] = append(teams[p.team], len(people))
		people = append(people, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type badge struct {
		id    int64
		value sql.NullInt64
		by    string
	}
	var badges []badge
	brows, err := tx.QueryContext(ctx, "SELECT id, value_id, awarded_by FROM badges WHERE awarded_by IN ('peers', 'managers') AND retired_at IS NULL")
	if err != nil {
		return err
	}
	for brows.Next() {
		var b badge
		if err := brows.Scan(&b.id, &b.value, &b.by); err != nil {
			brows.Close()
			return err
		}
		badges = append(badges, b)
	}
	brows.Close()
	if len(badges) == 0 {
		return fmt.Errorf("no badges to give")
	}
	prep := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
	rec, err := prep(`INSERT INTO recognitions (source, giver_id, badge_id, value_id, message, uses_allowance, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer rec.Close()
	rcp, err := prep("INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
	if err != nil {
		return err
	}
	defer rcp.Close()
	react, err := prep("INSERT INTO recognition_reactions (recognition_id, person_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
	if err != nil {
		return err
	}
	defer react.Close()
	comment, err := prep("INSERT INTO recognition_comments (recognition_id, person_id, body, created_at) VALUES (?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer comment.Close()
	// Each recognition records its event, as giving one does; the last month's are unread
	// notifications for about half of their recipients.
	event, err := prep(`INSERT INTO events (at, key, actor_id, subject_kind, subject_id) VALUES (?, '` + string(EventRecognitionGiven) + `', ?, '` + string(RefRecognition) + `', ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer event.Close()
	notify, err := prep(`INSERT INTO notifications (person_id, event_id, read_at) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer notify.Close()

	now := s.now().UTC()
	span := int64(3 * 365 * 24 * time.Hour)
	active := func(p person, day string) bool { return p.hired <= day && (p.left == "" || p.left > day) }
	// Oldest first, so ids follow time as they do in use.
	stamps := make([]int64, want-have)
	for i := range stamps {
		stamps[i] = rng.Int64N(span)
	}
	sortDesc(stamps)
	for _, back := range stamps {
		at := now.Add(-time.Duration(back))
		day := at.Format(DateLayout)
		var giver, to person
		for {
			giver = people[rng.IntN(len(people))]
			if active(giver, day) {
				break
			}
		}
		mates := teams[giver.team]
		for tries := 0; ; tries++ {
			if tries < 5 && len(mates) > 1 {
				to = people[mates[rng.IntN(len(mates))]]
			} else {
				to = people[rng.IntN(len(people))]
			}
			if to.id != giver.id && active(to, day) {
				break
			}
		}
		b := badges[rng.IntN(len(badges))]
		source := SourcePeer
		if b.by == AwardManagers {
			if giver.role == RoleEmployee {
				b = badges[0]
			} else {
				source = SourceManager
			}
		}
		stamp := at.Format(time.RFC3339)
		var id int64
		if err := rec.QueryRowContext(ctx, source, giver.id, b.id, b.value, demoMessages[rng.IntN(len(demoMessages))],
			source == SourcePeer, stamp).Scan(&id); err != nil {
			return fmt.Errorf("store: generate recognition: %w", err)
		}
		var eventID int64
		if err := event.QueryRowContext(ctx, stamp, giver.id, id).Scan(&eventID); err != nil {
			return fmt.Errorf("store: generate recognition event: %w", err)
		}
		recipients := []person{to}
		if rng.IntN(10) == 0 && len(mates) > 2 { // now and then a second colleague shares it
			if p := people[mates[rng.IntN(len(mates))]]; p.id != giver.id && active(p, day) {
				recipients = append(recipients, p)
			}
		}
		for _, r := range recipients {
			if _, err := rcp.ExecContext(ctx, id, r.id); err != nil {
				return err
			}
			if now.Sub(at) < 30*24*time.Hour {
				var read any
				if rng.IntN(2) == 0 {
					read = stamp
				}
				if _, err := notify.ExecContext(ctx, r.id, eventID, read); err != nil {
					return err
				}
			}
		}
		for i, n := 0, rng.IntN(4); i < n; i++ {
			p := people[mates[rng.IntN(len(mates))]]
			if p.id != giver.id && active(p, day) {
				if _, err := react.ExecContext(ctx, id, p.id, at.Add(time.Duration(1+rng.IntN(300))*time.Minute).Format(time.RFC3339)); err != nil {
					return err
				}
			}
		}
		if rng.IntN(100) < 10 {
			p := people[mates[rng.IntN(len(mates))]]
			if active(p, day) {
				if _, err := comment.ExecContext(ctx, id, p.id, demoComments[rng.IntN(len(demoComments))],
					at.Add(time.Duration(5+rng.IntN(600))*time.Minute).Format(time.RFC3339)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func sortDesc(a []int64) {
	slices.SortFunc(a, func(x, y int64) int { return cmp.Compare(y, x) })
}

// genTraining gives generated people's assignments the demo's spread of progress in bulk:
// a fifth not started, some reading, a tenth failed, the rest passed — with scored attempts,
// lesson reads and completions dated after the assignment, never before the hire.
func (s *Store) genTraining(ctx context.Context, tx *sql.Tx, rng *rand.Rand) error {
	type asg struct {
		person, course, set, revision int64
		assigned, hired               string
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.person_id, a.course_id, r.question_set_id, r.id, a.assigned_at, p.hired_on
		FROM assignments a JOIN people p ON p.id = a.person_id JOIN courses c ON c.id = a.course_id
		JOIN course_revisions r ON r.id = c.published_revision_id
		WHERE p.employee_id LIKE ? ORDER BY a.id`, genIDPrefix+"%")
	if err != nil {
		return err
	}
	var list []asg
	for rows.Next() {
		var a asg
		if err := rows.Scan(&a.person, &a.course, &a.set, &a.revision, &a.assigned, &a.hired); err != nil {
			rows.Close()
			return err
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	lessons := map[int64][]int64{} // revision → lesson keys in order
	lrows, err := tx.QueryContext(ctx, "SELECT revision_id, lesson_key FROM lessons ORDER BY revision_id, position")
	if err != nil {
		return err
	}
	for lrows.Next() {
		var rev, key int64
		if err := lrows.Scan(&rev, &key); err != nil {
			lrows.Close()
			return err
		}
		lessons[rev] = append(lessons[rev], key)
	}
	lrows.Close()
	read, err := tx.PrepareContext(ctx, "INSERT INTO lesson_reads (person_id, course_id, lesson_key, read_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
	if err != nil {
		return err
	}
	defer read.Close()
	attempt, err := tx.PrepareContext(ctx, `INSERT INTO attempts (set_id, person_id, token, started_at, submitted_at, status,
		points, max_points, score, passed, scored_at) VALUES (?, ?, ?, ?, ?, 'scored', ?, 10, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer attempt.Close()
	done, err := tx.PrepareContext(ctx, `INSERT INTO course_completions (person_id, course_id, revision_id, attempt_id, passed_at)
		VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer done.Close()
	now := s.now().UTC()
	for i, a := range list {
		roll := rng.IntN(100)
		if roll < 20 {
			continue
		}
		from, err := time.Parse(time.RFC3339, a.assigned)
		if err != nil {
			from = now.AddDate(0, 0, -60)
		}
		if h, err := ParseDate(a.hired); err == nil && from.Before(h) {
			from = h
		}
		at := from.Add(time.Duration(rng.Int64N(int64(max(time.Hour, now.Sub(from))))))
		stamp := at.Format(time.RFC3339)
		keys := lessons[a.revision]
		if roll < 35 && len(keys) > 0 {
			keys = keys[:1]
		}
		for _, k := range keys {
			if _, err := read.ExecContext(ctx, a.person, a.course, k, stamp); err != nil {
				return err
			}
		}
		if roll < 35 {
			continue
		}
		passed := roll >= 45
		points := 9 + float64(rng.IntN(2))
		if !passed {
			points = float64(2 + rng.IntN(4))
		}
		var id int64
		if err := attempt.QueryRowContext(ctx, a.set, a.person, fmt.Sprintf("gen-%d-%d", i, rng.Int64()), stamp, stamp,
			points, points/10, passed, stamp).Scan(&id); err != nil {
			return fmt.Errorf("store: generate attempt: %w", err)
		}
		if passed {
			if _, err := done.ExecContext(ctx, a.person, a.course, a.revision, id, stamp); err != nil {
				return fmt.Errorf("store: generate completion: %w", err)
			}
		}
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// demoGoal is one goal of the demo scorecard before it is written.
type demoGoal struct {
	title, description string
	perspective        string
	kpi, unit          string
	direction          string
	baseline           float64
	target             float64
	priority           int // index into the demo priorities, -1 for none
	decimals           int
}

// demoPriorities are written only when the culture area has not published any.
func demoPriorities() [][4]string {
	return [][4]string{
		{"Resolve it the first time", "一次解决", "Customers should not have to call twice: fix the cause, not the symptom.", "客户不应为同一问题再次来电：解决根源，而非表象。"},
		{"Every customer feels heard", "让每位客户感到被倾听", "Listen first, explain plainly and follow through on every promise.", "先倾听，讲清楚，每一个承诺都要兑现。"},
		{"Grow our people", "成就我们的员工", "Training, coaching and recognition keep good people and make them better.", "通过培训、辅导与认可，留住优秀员工并帮助他们成长。"},
		{"Run a lean, reliable operation", "精益可靠的运营", "Spend time and money where customers notice, and keep the basics steady.", "把时间和资金花在客户感受得到的地方，并保持基础运营稳定。"},
	}
}

// demoCompanyGoals is the balanced scorecard: the first three cascade to departments and teams.
func demoCompanyGoals() []demoGoal {
	return []demoGoal{
		{"Customer satisfaction 90%", "Post-call survey, top two boxes. Action plan: coach empathy statements weekly; close the loop on every detractor within 48 hours.", PerspectiveCustomer, "Customer satisfaction (CSAT)", "%", DirectionHigher, 82, 90, 1, 1},
		{"First-contact resolution 80%", "Share of contacts with no repeat contact within 7 days. Action plan: knowledge-base clean-up, wider refund authority for agents.", PerspectiveCustomer, "First-contact resolution", "%", DirectionHigher, 68, 80, 0, 1},
		{"Average handle time down to 360 s", "Talk plus hold plus wrap-up. Never at the expense of resolution: FCR is watched alongside.", PerspectiveInternal, "Average handle time", "s", DirectionLower, 420, 360, 3, 0},
		{"Agent attrition below 18%", "", PerspectiveLearning, "Annualised agent attrition", "%", DirectionLower, 28, 18, 2, 1},
		{"12 training hours per agent per quarter", "", PerspectiveLearning, "Training hours per agent", "h", DirectionHigher, 6, 12, 2, 1},
		{"Cost per contact down to ¥27", "", PerspectiveFinancial, "Cost per contact", "¥", DirectionLower, 32, 27, 3, 2},
		{"Net Promoter Score 35", "", PerspectiveCustomer, "Net Promoter Score", "", DirectionHigher, 21, 35, 1, 0},
		{"Quality assurance score 92%", "", PerspectiveInternal, "QA score", "%", DirectionHigher, 85, 92, 0, 1},
	}
}

func demoCheckInComments() []string {
	return []string{
		"Coaching sessions on the new knowledge base are paying off.",
		"Peak season hurt us this month; recovery plan agreed with the team.",
		"两位新同事上线，数据略有波动。",
		"Callback process changed: fewer repeat calls.",
		"Steady. Keep going.",
		"本月开展了服务补救专项培训。",
		"System outage on the 12th cost us two days.",
		"Team huddles now start with one customer story.",
	}
}

// demoPace is how fast a goal moves compared with the calendar: 1 keeps pace.
type demoPace float64

const (
	paceOnTrack  demoPace = 1.05
	paceAtRisk   demoPace = 0.76
	paceOffTrack demoPace = 0.4
)

// demoGoals adds the goals area's demo content (called by LoadDemo inside its transaction):
// a balanced scorecard for the company, cascaded to every department and team that has
// front-line staff, a few personal goals (the agent's among them), eight months of
// monthly check-ins, a mix of statuses, one stale goal and one proposal waiting for approval.
func (s *Store) demoGoals(ctx context.Context, tx *sql.Tx) error {
	rng := rand.New(rand.NewPCG(2026, 3))
	comments := demoCheckInComments()
	today := Day(s.now())
	start := today.AddDate(0, 0, -240)
	due := start.AddDate(0, 0, 360)
	now := s.timestamp()

	priorities, err := demoGoalPriorities(ctx, tx, now)
	if err != nil {
		return err
	}
	type member struct {
		id               int64
		eid, name        string
		dept, team, role string
		managerID        int64
		hiredOn          string
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, employee_id, name, department, team, role, COALESCE(manager_id, 0), hired_on
		FROM people WHERE left_on IS NULL OR left_on > ? ORDER BY department, team, name, id`, today.Format(DateLayout))
	if err != nil {
		return fmt.Errorf("store: demo goals: %w", err)
	}
	var people []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.id, &m.eid, &m.name, &m.dept, &m.team, &m.role, &m.managerID, &m.hiredOn); err != nil {
			rows.Close()
			return fmt.Errorf("store: demo goals: %w", err)
		}
		people = append(people, m)
	}
	rows.Close()
	var leaderID int64
	for _, m := range people {
		if m.eid == "leader" || (leaderID == 0 && m.role == RoleLeader) {
			leaderID = m.id
		}
	}
	// Teams with front-line staff, and who manages each (the manager most of its agents report to).
	type team struct {
		dept, name string
		managerID  int64
		agents     []member
	}
	teamsByKey := map[string]*team{}
	var teams []*team
	for _, m := range people {
		if m.role != RoleEmployee || m.team == "" || m.dept == "" {
			continue
		}
		k := teamKey(m.dept, m.team)
		t, ok := teamsByKey[k]
		if !ok {
			t = &team{dept: m.dept, name: m.team}
			teamsByKey[k] = t
			teams = append(teams, t)
		}
		t.agents = append(t.agents, m)
	}
	for _, t := range teams {
		votes := map[int64]int{}
		for _, a := range t.agents {
			votes[a.managerID]++
		}
		for id, n := range votes {
			if id != 0 && (t.managerID == 0 || n > votes[t.managerID] || (n == votes[t.managerID] && id < t.managerID)) {
				t.managerID = id
			}
		}
		if t.managerID == 0 {
			t.managerID = leaderID
		}
	}
	var depts []string
	for _, t := range teams {
		if len(depts) == 0 || depts[len(depts)-1] != t.dept {
			depts = append(depts, t.dept)
		}
	}

	insert := func(g demoGoal, level, dept, teamName string, ownerID, parentID, createdBy int64, weight float64, gStart time.Time, state string) (int64, error) {
		var prio any
		if g.priority >= 0 && g.priority < len(priorities) {
			prio = priorities[g.priority]
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO goals (title, description, perspective, kpi, unit, direction, baseline, target,
			start_on, due_on, level, department, team, owner_id, parent_id, priority_id, weight, state, created_by, created_at, updated_at,
			title_zh, kpi_zh)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			g.title, g.description, g.perspective, g.kpi, g.unit, g.direction, g.baseline, g.target,
			gStart.Format(DateLayout), due.Format(DateLayout), level, dept, teamName, nullID(ownerID), nullID(parentID), prio,
			weight, state, nullID(createdBy), now, now, demoZH(g.title), demoZH(g.kpi)).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("store: demo goals: %w", err)
		}
		return id, nil
	}
	// checkIns writes monthly values that move at pace, the last one lastAgo days ago.
	checkIns := func(id int64, g demoGoal, gStart time.Time, pace demoPace, byID int64, lastAgo int) error {
		total := due.Sub(gStart).Hours() / 24
		for day := gStart.AddDate(0, 0, 14); !day.After(today.AddDate(0, 0, -lastAgo)); day = day.AddDate(0, 0, 30) {
			share := day.Sub(gStart).Hours() / 24 / total
			p := float64(pace)*share + (rng.Float64()-0.5)*0.04
			v := g.baseline + (g.target-g.baseline)*math.Max(-0.1, math.Min(1.1, p))
			scale := math.Pow(10, float64(g.decimals))
			v = math.Round(v*scale) / scale
			comment := ""
			if rng.IntN(3) == 0 {
				comment = comments[rng.IntN(len(comments))]
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO goal_checkins (goal_id, value, comment, on_date, by_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, v, comment, day.Format(DateLayout), nullID(byID), now); err != nil {
				return fmt.Errorf("store: demo goals: %w", err)
			}
		}
		return nil
	}
	randomPace := func() demoPace {
		switch n := rng.IntN(10); {
		case n < 5:
			return paceOnTrack + demoPace(rng.Float64()*0.1)
		case n < 8:
			return paceAtRisk + demoPace(rng.Float64()*0.04-0.02)
		}
		return paceOffTrack + demoPace(rng.Float64()*0.1-0.05)
	}

	// Company goals: the cascading ones are charted with the company-wide figure too.
	company := demoCompanyGoals()
	companyIDs := make([]int64, len(company))
	fixedPace := []demoPace{paceOnTrack, paceAtRisk, paceOnTrack, paceOffTrack, paceOnTrack, paceAtRisk, paceOnTrack, paceOnTrack}
	for i, g := range company {
		id, err := insert(g, LevelCompany, "", "", 0, 0, leaderID, 1, start, GoalActive)
		if err != nil {
			return err
		}
		companyIDs[i] = id
		lastAgo := 3
		if i == 4 { // training hours: nobody has checked in for seven weeks
			lastAgo = 50
		}
		if err := checkIns(id, g, start, fixedPace[i], leaderID, lastAgo); err != nil {
			return err
		}
	}
	// Departments and teams take the first three: CSAT, FCR and AHT.
	teamGoalIDs := map[string][]int64{}
	for _, d := range depts {
		deptIDs := make([]int64, 3)
		for i := 0; i < 3; i++ {
			g := company[i]
			g.title = d + ": " + g.title
			id, err := insert(g, LevelDepartment, d, "", 0, companyIDs[i], leaderID, 1, start, GoalActive)
			if err != nil {
				return err
			}
			deptIDs[i] = id
		}
		for _, t := range teams {
			if t.dept != d {
				continue
			}
			for i := 0; i < 3; i++ {
				g := company[i]
				g.title = t.name + ": " + g.title
				g.priority = -1
				id, err := insert(g, LevelTeam, t.dept, t.name, 0, deptIDs[i], t.managerID, 1, start, GoalActive)
				if err != nil {
					return err
				}
				teamGoalIDs[teamKey(t.dept, t.name)] = append(teamGoalIDs[teamKey(t.dept, t.name)], id)
				pace := randomPace()
				if t.name == "Voice Team 1" {
					pace = []demoPace{paceOnTrack, paceAtRisk, paceOffTrack}[i]
				}
				if err := checkIns(id, g, start, pace, t.managerID, 2+rng.IntN(10)); err != nil {
					return err
				}
			}
		}
	}
	// Personal goals: the agent, the new hire and the first agent of up to twelve teams.
	personal := []demoGoal{
		{"My CSAT at 91%", "", PerspectiveCustomer, "My customer satisfaction", "%", DirectionHigher, 84, 91, -1, 1},
		{"Resolve 82% on the first call", "", PerspectiveCustomer, "My first-contact resolution", "%", DirectionHigher, 70, 82, -1, 1},
	}
	chosen := 0
	sort.SliceStable(teams, func(i, j int) bool { return teams[i].name == "Voice Team 1" && teams[j].name != "Voice Team 1" })
	for _, t := range teams {
		ids := teamGoalIDs[teamKey(t.dept, t.name)]
		for _, a := range t.agents {
			switch {
			case a.eid == "agent":
				for i, g := range personal {
					id, err := insert(g, LevelPerson, "", "", a.id, ids[i], t.managerID, []float64{2, 1}[i], start, GoalActive)
					if err != nil {
						return err
					}
					if err := checkIns(id, g, start, []demoPace{paceOnTrack, paceAtRisk}[i], a.id, 4); err != nil {
						return err
					}
				}
			case a.eid == "newhire":
				// A proposal waiting for the manager's approval.
				g := demoGoal{"Learn the billing system in my first month", "", PerspectiveLearning, "Billing calls handled without help", "%", DirectionHigher, 0, 90, -1, 0}
				hired, _ := ParseDate(a.hiredOn)
				if _, err := insert(g, LevelPerson, "", "", a.id, ids[1], a.id, 1, hired, GoalProposed); err != nil {
					return err
				}
			case chosen < 12 && a.eid != "agent" && a.eid != "newhire" && a.id == t.agents[0].id:
				chosen++
				k := rng.IntN(len(personal)) // under the team goal it serves (CSAT or first-contact resolution)
				g := personal[k]
				id, err := insert(g, LevelPerson, "", "", a.id, ids[k], t.managerID, 1, start, GoalActive)
				if err != nil {
					return err
				}
				if err := checkIns(id, g, start, randomPace(), a.id, 3+rng.IntN(12)); err != nil {
					return err
				}
			}
		}
	}
	return refreshAllGoals(ctx, tx)
}

// demoGoalPriorities returns the strategic priorities' IDs, writing four when there are none.
func demoGoalPriorities(ctx context.Context, tx *sql.Tx, now string) ([]int64, error) {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM strategic_priorities").Scan(&n); err != nil {
		return nil, fmt.Errorf("store: demo priorities: %w", err)
	}
	if n == 0 {
		for i, p := range demoPriorities() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO strategic_priorities (name_en, name_zh, summary_en, summary_zh, position, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, p[0], p[1], p[2], p[3], i+1, now); err != nil {
				return nil, fmt.Errorf("store: demo priorities: %w", err)
			}
		}
	}
	return ids(ctx, tx, "SELECT id FROM strategic_priorities WHERE retired_at IS NULL ORDER BY position, id")
}

package store

import (
	"strings"
)

// MayAttachUnder tells whether the person may put a goal under p: only an active goal above
// the personal level; leaders and admins any; managers company goals, their own
// department's goals and the goals of their teams; others (their goals are proposals)
// their own team's goals. The goal form's parent picker offers exactly these, and saving
// refuses any other new parent.
func (sc GoalScope) MayAttachUnder(p *Goal) bool {
	if p.State != GoalActive || p.Level == LevelPerson {
		return false
	}
	if sc.All {
		return true
	}
	if !sc.CanCreateAny() {
		return p.Level == LevelTeam && p.Department == sc.Me.Department && p.Team == sc.Me.Team
	}
	switch p.Level {
	case LevelCompany:
		return true
	case LevelDepartment:
		// A team lead cascades from their own department's goals without managing them.
		return sc.Departments[p.Department] || p.Department == sc.Me.Department
	case LevelTeam:
		return sc.Departments[p.Department] || sc.Teams[teamKey(p.Department, p.Team)]
	}
	return false
}

// ParentChoices lists, in cascade order, the goals sc's person may put a goal under whose
// title (English or Chinese) or owning unit contains q ("" matches all), leaving out the goal
// being edited (except, 0 none); at most limit, and whether more matched.
func (gs *GoalSet) ParentChoices(sc GoalScope, q string, except int64, limit int) ([]*Goal, bool) {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []*Goal
	for _, g := range gs.All {
		if g.ID == except || !sc.MayAttachUnder(g) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(g.Title+"\x00"+g.TitleZH+"\x00"+g.Department+"\x00"+g.Team), q) {
			continue
		}
		if len(out) == limit {
			return out, true
		}
		out = append(out, g)
	}
	return out, false
}

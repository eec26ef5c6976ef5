package store

// The one place that decides who may do what. Pages (route guards and what a page offers),
// the API and the store all ask here; nothing else compares roles. docs/architecture.md,
// "Policy: who may do what", prints the table.

// Action is something a person may or may not do.
type Action string

const (
	// ActionUseSite: sign in and use the everyday pages (own goals, training, checks, giving
	// peer recognition).
	ActionUseSite Action = "use_site"
	// ActionSeePerson: see a person's private record (training attempts and results, check
	// standing and answers).
	ActionSeePerson Action = "see_person"
	// ActionSeeReports: the team pages and reports (team goals, culture read report, training
	// team and item analysis, check report and exports, fairness). Reach says whose people.
	ActionSeeReports Action = "see_reports"
	// ActionReview: review written answers, record interviews, remind, assign refreshers.
	ActionReview Action = "review"
	// ActionManageGoals: create, edit and approve goals for others (a manager: their department,
	// their own and their reports' teams, and everyone below them).
	ActionManageGoals Action = "manage_goals"
	// ActionCommend: give manager commendations and record customer or QA praise.
	ActionCommend Action = "commend"
	// ActionAwardLeaderBadge: award badges that only leaders award.
	ActionAwardLeaderBadge Action = "award_leader_badge"
	// ActionManageContent: edit and publish culture, create and run checks, manage training
	// (courses, rules and settings).
	ActionManageContent Action = "manage_content"
	// ActionModerate: manage badges, hide recognitions and comments.
	ActionModerate Action = "moderate"
	// ActionAdminister: the admin pages, recognition settings and export.
	ActionAdminister Action = "administer"
)

// Reach is how far a permission goes.
type Reach int

const (
	ReachNone  Reach = iota // not at all
	ReachSelf               // only for oneself
	ReachBelow              // for oneself and the people below one in the reporting lines
	ReachAll                // for anyone
)

// policyTable: action × role → reach. A role missing from a row has ReachNone.
var policyTable = map[Action]map[string]Reach{
	ActionUseSite:          {RoleEmployee: ReachAll, RoleManager: ReachAll, RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionSeePerson:        {RoleEmployee: ReachSelf, RoleManager: ReachBelow, RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionSeeReports:       {RoleManager: ReachBelow, RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionReview:           {RoleManager: ReachBelow, RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionManageGoals:      {RoleManager: ReachBelow, RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionCommend:          {RoleManager: ReachBelow, RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionAwardLeaderBadge: {RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionManageContent:    {RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionModerate:         {RoleLeader: ReachAll, RoleAdmin: ReachAll},
	ActionAdminister:       {RoleAdmin: ReachAll},
}

// Actions lists every action, in the order the docs print them.
var Actions = []Action{ActionUseSite, ActionSeePerson, ActionSeeReports, ActionReview, ActionManageGoals, ActionCommend,
	ActionAwardLeaderBadge, ActionManageContent, ActionModerate, ActionAdminister}

// ReachOf is how far p may do a. Unknown roles and actions reach nothing.
func ReachOf(p Person, a Action) Reach { return policyTable[a][p.Role] }

// May tells whether p may do a at all (for someone: check the target with MayOn).
func May(p Person, a Action) bool { return ReachOf(p, a) != ReachNone }

// MayAll tells whether p may do a for anyone in the organisation (leaders' whole-org views).
func MayAll(p Person, a Action) bool { return ReachOf(p, a) == ReachAll }

// MayOn tells whether p may do a for the person targetID; below says whether targetID is below
// p in the reporting lines that count for the action (the caller works that out, e.g. from a
// check's snapshot, only when ReachOf is ReachBelow).
func MayOn(p Person, a Action, targetID int64, below bool) bool {
	switch ReachOf(p, a) {
	case ReachAll:
		return true
	case ReachBelow:
		return p.ID == targetID || below
	case ReachSelf:
		return p.ID == targetID
	}
	return false
}

// MayAwardBadge tells whether p may award a badge whose rule is awardedBy.
func MayAwardBadge(p Person, awardedBy string) bool {
	switch awardedBy {
	case AwardPeers:
		return May(p, ActionUseSite)
	case AwardManagers:
		return May(p, ActionCommend)
	case AwardLeaders:
		return May(p, ActionAwardLeaderBadge)
	}
	return false
}

// RolesThatMay lists the roles that may do a at all, in Roles order (route guards, docs).
func RolesThatMay(a Action) []string {
	var out []string
	for _, r := range Roles {
		if policyTable[a][r] != ReachNone {
			out = append(out, r)
		}
	}
	return out
}

package views

import "context"

// teamChoices puts the giver's own team first for the "whole team" select.
func teamChoices(teams []string, myTeam string) (mine []string, others []string) {
	for _, t := range teams {
		if t == myTeam && myTeam != "" {
			mine = append(mine, t)
		} else {
			others = append(others, t)
		}
	}
	return mine, others
}

// otherTeamsLabel heads the give form's other teams: "Other teams", or, when only one
// department's teams are listed (a large organisation), "Teams in <department>".
func otherTeamsLabel(ctx context.Context, department string) string {
	if department == "" {
		return T(ctx, "recognition.other_teams")
	}
	return T(ctx, "recognition.teams_in", Dept(ctx, department))
}

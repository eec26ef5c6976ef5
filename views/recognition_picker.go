package views

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

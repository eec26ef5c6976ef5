package views

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"lodestar/store"
)

// The colleague picker on the give-recognition form. The server narrows the list for a search
// (GET /recognition/give?q=…, so it works without JavaScript); static/js/recognition.js applies
// the same rule as one types. Both match every word of the query against the same text.

// ColleagueGroup is one section of the picker: the giver's own team, or one other team. Shown is
// false when a search leaves nobody in it.
type ColleagueGroup struct {
	Team   string
	Mine   bool
	Shown  bool
	People []PickerRow
}

// PickerRow is one colleague in the picker; Shown is false when a search hides the row. Every row
// is rendered (hidden ones with the hidden attribute), so the script can widen the search again.
type PickerRow struct {
	store.Colleague
	Shown bool
}

// colleagueSearchText is what a search is matched against: name, employee ID and team, in lower
// case (also written into each row for the script).
func colleagueSearchText(c store.Colleague) string {
	return strings.ToLower(c.Name + " " + c.EmployeeID + " " + c.Team)
}

// ColleagueMatches reports whether every word of q matches the colleague's name, employee ID or
// team, ignoring case. A short word (one or two letters or digits) must start a word there, so
// "chat 3" finds Chat Team 3 and not every employee ID with a 3 in it; a longer word, or one in
// Chinese (names are not split into words), may occur anywhere: "10093" finds E10093, "娜" finds
// 李娜. An empty query matches everyone.
func ColleagueMatches(c store.Colleague, q string) bool {
	text := colleagueSearchText(c)
	words := strings.Fields(text)
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !searchWordMatches(text, words, w) {
			return false
		}
	}
	return true
}

func searchWordMatches(text string, words []string, w string) bool {
	if utf8.RuneCountInString(w) >= 3 || strings.IndexFunc(w, isCJK) >= 0 {
		return strings.Contains(text, w)
	}
	for _, t := range words {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// colleaguePicker groups the colleagues (ordered by the store: own team first, then by team and
// name) and marks as shown those who match q and those already chosen (a search never hides a
// choice). matched counts the colleagues who match q.
func colleaguePicker(list []store.Colleague, q string, chosen []string) (groups []ColleagueGroup, matched int) {
	for _, c := range list {
		match := ColleagueMatches(c, q)
		if match {
			matched++
		}
		shown := match || slices.Contains(chosen, c.EmployeeID)
		n := len(groups)
		if n == 0 || groups[n-1].Mine != c.Mine || !c.Mine && groups[n-1].Team != c.Team {
			groups = append(groups, ColleagueGroup{Team: c.Team, Mine: c.Mine})
			n++
		}
		groups[n-1].People = append(groups[n-1].People, PickerRow{Colleague: c, Shown: shown})
		groups[n-1].Shown = groups[n-1].Shown || shown
	}
	return groups, matched
}

// chosenNames lists the names of the chosen colleagues in the picker's order.
func chosenNames(list []store.Colleague, chosen []string) []string {
	var out []string
	for _, c := range list {
		if slices.Contains(chosen, c.EmployeeID) {
			out = append(out, c.Name)
		}
	}
	return out
}

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

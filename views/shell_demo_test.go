package views

import "testing"

// Avatars show the given name of a Chinese name, also when a romanised name follows it.
func TestInitialsOfChineseAndMixedNames(t *testing.T) {
	cases := map[string]string{
		"Emily Chen":     "EC",
		"李娜 Li Na":       "娜",
		"王磊 Wang Lei":    "磊",
		"张伟":             "伟",
		"欧阳子涵":           "子涵",
		"Sam":            "S",
		"  ":             "?",
		"Daniel O'Brien": "DO",
	}
	for name, want := range cases {
		if got := Initials(name); got != want {
			t.Errorf("Initials(%q) = %q, want %q", name, got, want)
		}
	}
}

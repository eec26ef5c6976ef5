package store

import "testing"

// Check-in values are accepted the way people type them.
func TestGoalNumbersAsPeopleTypeThem(t *testing.T) {
	for in, want := range map[string]float64{"89.2": 89.2, "89.2%": 89.2, " 1,250 ": 1250, "８９．２％": 89.2, "-3": -3, "－3": -3} {
		if got, ok := parseNumber(in); !ok || got != want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "abc", "%", "NaN", "Inf", "1.2.3"} {
		if _, ok := parseNumber(bad); ok {
			t.Errorf("parseNumber(%q) accepted", bad)
		}
	}
}

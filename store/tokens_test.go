package store_test

import (
	"context"
	"errors"
	"testing"

	"lodestar/store"
)

// A token's last day may be today (and it works all of today); a past day or one more than
// five years ahead is refused, the latter naming the latest day allowed.
func TestTokenLastDay(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock()) // 2026-11-23
	for _, tt := range []struct{ expires, code, arg string }{
		{"2026-11-23", "", ""},
		{"2031-11-23", "", ""},
		{"2026-11-22", "expiry_past", ""},
		{"2031-11-24", "expiry_too_far", "2031-11-23"},
	} {
		secret, err := s.CreateScopedToken(ctx, 0, store.TokenInput{Name: "job " + tt.expires, ExpiresOn: tt.expires})
		var verr *store.ValidationError
		switch {
		case tt.code == "" && err != nil:
			t.Errorf("%s: %v", tt.expires, err)
		case tt.code == "":
			if _, err := s.AuthenticateToken(ctx, secret); err != nil {
				t.Errorf("%s: token refused today: %v", tt.expires, err)
			}
		case !errors.As(err, &verr) || verr.Problems[0].Code != tt.code || verr.Problems[0].Arg != tt.arg:
			t.Errorf("%s: %v, want %s (%s)", tt.expires, err, tt.code, tt.arg)
		}
	}
}

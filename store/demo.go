package store

import (
	"context"
	"database/sql"
	"fmt"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "lodestar-demo"

// DemoAccount is one of the fixed demo sign-ins listed in the README.
type DemoAccount struct {
	EmployeeID  string
	Description string
}

// DemoAccounts lists the fixed demo sign-ins.
func DemoAccounts() []DemoAccount {
	return []DemoAccount{
		{"admin", "administrator"},
		{"leader", "senior leader (publishes culture and goals, opens strategy checks)"},
		{"manager", "middle manager with a team of agents"},
		{"agent", "front-line agent in manager's team, permanent, hired over a year ago"},
		{"newhire", "front-line agent in manager's team, hired 10 days ago"},
	}
}

// DemoLoaded tells whether LoadDemo has run on this database.
func (s *Store) DemoLoaded(ctx context.Context) (bool, error) {
	v, err := s.Setting(ctx, "demo_loaded", "")
	return v != "", err
}

// LoadDemo fills an empty database with the demo contact centre, in one transaction:
// either the whole demo is there or nothing is.
func (s *Store) LoadDemo(ctx context.Context) error {
	n, err := s.CountPeople(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("store: demo: the database already has %d people", n)
	}
	hash, err := HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	return s.peopleTx(ctx, func(tx *sql.Tx) error {
		if err := s.demoPeople(ctx, tx, hash); err != nil {
			return err
		}
		for _, step := range []func(context.Context, *sql.Tx) error{
			s.demoCulture, s.demoGoals, s.demoTraining, s.demoChecks, s.demoRecognition, rebuildAllowanceCounts,
		} {
			if err := step(ctx, tx); err != nil {
				return err
			}
		}
		if err := s.demoBilingual(ctx, tx); err != nil {
			return err
		}
		return setSetting(ctx, tx, "demo_loaded", s.timestamp())
	})
}

// CreateFirstAdmin gives an empty database its first administrator (employee ID "admin")
// and returns the one-time password to print.
func (s *Store) CreateFirstAdmin(ctx context.Context) (string, error) {
	today := Day(s.now()).Format(DateLayout)
	if _, err := s.UpsertPeople(ctx, 0, []PersonInput{{EmployeeID: "admin", Name: "Administrator", Tier: TierSeniorLeader,
		Role: RoleAdmin, EmploymentType: EmploymentPermanent, HiredOn: today}}, 0); err != nil {
		return "", err
	}
	p, err := s.PersonByEmployeeID(ctx, "admin")
	if err != nil {
		return "", err
	}
	return s.ResetPassword(ctx, 0, p.ID)
}

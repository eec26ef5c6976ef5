package store

import (
	"context"
	"database/sql"
)

// demoPeople writes the demo organisation's people. Every demo person gets hash as password.
func (s *Store) demoPeople(ctx context.Context, tx *sql.Tx, hash string) error {
	today := Day(s.now())
	d := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format(DateLayout) }
	people := []PersonInput{
		{EmployeeID: "admin", Name: "Alex Admin", Title: "Systems Administrator", Department: "Workforce Management", Team: "Planning", Tier: TierMiddleManager, Role: RoleAdmin, EmploymentType: EmploymentPermanent, HiredOn: d(1500)},
		{EmployeeID: "leader", Name: "陈静 Chen Jing", Title: "Head of Customer Service", Department: "Inbound Voice", Team: "Leadership", Tier: TierSeniorLeader, Role: RoleLeader, EmploymentType: EmploymentPermanent, HiredOn: d(1700)},
		{EmployeeID: "manager", Name: "王磊 Wang Lei", Title: "Team Lead", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "leader", Tier: TierMiddleManager, Role: RoleManager, EmploymentType: EmploymentPermanent, HiredOn: d(1200)},
		{EmployeeID: "agent", Name: "李娜 Li Na", Title: "Customer Service Agent", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "manager", Tier: TierFrontLine, Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: d(500)},
		{EmployeeID: "newhire", Name: "Sam Taylor", Title: "Customer Service Agent", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "manager", Tier: TierFrontLine, Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: d(10)},
	}
	for i := range people {
		people[i].normalise()
	}
	if err := s.validatePeople(ctx, tx, people, 1); err != nil {
		return err
	}
	if _, err := s.writePeople(ctx, tx, people); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE people SET password_hash = ?", hash)
	return err
}

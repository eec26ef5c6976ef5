package store

import (
	"context"
	"fmt"
)

// trainingVersionSQL reads the number migration 0053's triggers move with every change a
// manager's training matrix reads (people, published courses, assignments, lessons read,
// attempts, completions).
const trainingVersionSQL = `SELECT COALESCE(sum(n), 0) FROM training_versions`

// teamMatricesKept bounds the kept matrices (one per manager, filter and day), and
// teamMatrixKeptRows the matrices kept: a row is about 1 KB (the person and a cell per
// course), so they hold 50 MB at most. A larger tree's matrix (a senior manager's) is read
// on each view, as before.
const (
	teamMatricesKept   = 200
	teamMatrixKeptRows = 250
)

// keptTeamMatrix answers a manager's matrix (f.Below) from what is kept under the training
// number, or through read. The key holds every field of the filter and the day, as a cell
// becomes overdue with the date alone. Callers share the kept matrix and must not change it.
func (s *Store) keptTeamMatrix(ctx context.Context, f MatrixFilter, read func() (Matrix, error)) (Matrix, error) {
	key := fmt.Sprintf("%d|%q|%q|%q|%d|%q|%q|%s", f.Below, f.Department, f.Team, f.Tier, f.CourseID, f.EmployeeID, f.Status,
		Day(s.now()).Format(DateLayout))
	return keptReadIf(ctx, s, &s.teamMatrices, trainingVersionSQL, teamMatricesKept, key, read,
		func(m Matrix) bool { return len(m.Rows) <= teamMatrixKeptRows })
}

package store

import (
	"context"
	"testing"
)

// A manager's matrix is kept while their tree is small; a larger one (a senior manager's) is
// read on each view, so a few large trees cannot hold much memory.
func TestLargeTeamMatricesAreNotKept(t *testing.T) {
	ctx := context.Background()
	s := openDemoStore(t)
	manager, err := s.PersonByEmployeeID(ctx, "manager")
	if err != nil {
		t.Fatal(err)
	}
	// kept counts the matrices kept under the training number as it now is.
	kept := func() int {
		var version int64
		if err := s.db.QueryRowContext(ctx, trainingVersionSQL).Scan(&version); err != nil {
			t.Fatal(err)
		}
		s.teamMatrices.mu.Lock()
		defer s.teamMatrices.mu.Unlock()
		if s.teamMatrices.number != version {
			return 0
		}
		return len(s.teamMatrices.byKey)
	}
	read := func() int {
		t.Helper()
		m, err := s.CompletionMatrix(WithReadMemo(ctx), MatrixFilter{Below: manager.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(m.Rows)
	}
	if rows := read(); rows == 0 || rows > teamMatrixKeptRows || kept() != 1 {
		t.Fatalf("the demo manager's matrix (%d rows): %d kept", rows, kept())
	}
	// Hire enough people into the team to pass the bound.
	if _, err := s.db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO people (employee_id, name, department, team, manager_id, tier, role, employment_type, hired_on,
			language, title, title_zh, created_at, updated_at)
		SELECT 'LT' || i, 'Large Team ' || i, ?, ?, ?, 'front_line', 'employee', 'permanent', '2024-01-01', 'en', '', '',
			'2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n`,
		teamMatrixKeptRows, manager.Department, manager.Team, manager.ID); err != nil {
		t.Fatal(err)
	}
	if rows := read(); rows <= teamMatrixKeptRows || kept() != 0 {
		t.Errorf("a matrix of %d rows: %d kept", rows, kept())
	}
}

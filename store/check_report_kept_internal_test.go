package store

import (
	"context"
	"strings"
	"testing"
)

// A leader's list page is kept by its filter, keyset included; a keyset longer than any
// name (typed into the address bar) is read but not kept, so nobody can fill the kept reads
// with long keys.
func TestKeptReportKeepsNoLongKeys(t *testing.T) {
	ctx := context.Background()
	s := openDemoStore(t)
	c, err := s.CurrentCheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leader, err := s.PersonByEmployeeID(ctx, "leader")
	if err != nil {
		t.Fatal(err)
	}
	kept := func() int {
		s.reports.mu.Lock()
		defer s.reports.mu.Unlock()
		return len(s.reports.byKey)
	}
	for _, f := range []ReportList{{AfterName: "M", AfterEmployeeID: "0", Limit: 10}, {AfterName: strings.Repeat("长", 400), AfterEmployeeID: "0", Limit: 10}} {
		before := kept()
		if _, err := s.CheckReportPeople(WithReadMemo(ctx), c, leader, f); err != nil {
			t.Fatal(err)
		}
		if long := len(f.AfterName) > 200; kept() != before+map[bool]int{false: 1, true: 0}[long] {
			t.Errorf("a keyset of %d bytes: %d kept reads, were %d", len(f.AfterName), kept(), before)
		}
	}
}

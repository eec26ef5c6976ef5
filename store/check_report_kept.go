package store

import (
	"context"
	"fmt"
)

// What an organisation-wide 80% report reads — its figures, its people lists a page at a
// time, its item analysis — is kept (Store.reports, kept.go) while nothing it is read from
// has changed: a leader's report page ran fourteen statements at 100,000 people, every view
// the same ones with the same answers. Whether they changed is one primary-key read: triggers
// move check_report_versions' number (migration 0050) in the same transaction as any change
// of a snapshot row, of evidence, of a reviewer's or token's name, or of the answers and
// questions the analysis counts, or of a check itself, whichever server or program wrote it.
// Only the organisation's reads are kept (the same for every viewer who sees it all); a
// manager's tree is read per viewer. Each person's standings (their profile) are kept under
// the same number, apart (Store.standings, check_profile.go). Like the kept inbox items, an answer serves at most keptInboxesFor
// (writes no trigger sees).

// keptReportsMax bounds the kept reads: a check's figures at a few levels, each page of each
// list, its analysis; past it the map starts again. A list page is at most 101 people (~30 KB
// kept), so the bound holds them to ~15 MB.
const keptReportsMax = 500

const checkReportVersionSQL = `SELECT COALESCE(max(n), 0) FROM check_report_versions`

// keptReportRead answers key from what is kept under the report's number, or through read.
func keptReportRead[T any](ctx context.Context, s *Store, key string, read func() (T, error)) (T, error) {
	return keptRead(ctx, s, &s.reports, checkReportVersionSQL, keptReportsMax, key, read)
}

// keptScopesMax bounds what is kept of managers' trees (Store.scopes): a tree's rows (at most
// scopeRowsMax people, ~80 KB), its review queue's counts, its item analysis.
const keptScopesMax = 300

// keptScopeRead answers what a report page reads of viewer's tree in check c — the tree's rows,
// the review queue's counts, the item analysis — from what is kept under the report's number,
// or through read. The number moves with anyone's manager too (migration 0052), as the tree is
// walked through the people's managers as well as the snapshot's.
func keptScopeRead[T any](ctx context.Context, s *Store, c Check, viewerID int64, what string, read func() (T, error)) (T, error) {
	key := fmt.Sprintf("%s %d %s %s %d", what, c.ID, c.Status, c.ClosesOn.Format(DateLayout), viewerID)
	return keptRead(ctx, s, &s.scopes, checkReportVersionSQL, keptScopesMax, key, read)
}

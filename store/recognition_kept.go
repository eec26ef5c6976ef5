package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// What the recognition board reads — each page of recognitions with their recipients and
// counts, the month strip, the badge and value lists — is kept (Store.board, kept.go) while
// nothing it is read from has changed: five statements on every view, the same for every
// viewer but for which recognitions they reacted to themselves, which is read apart
// (markReacted). Whether anything changed is one primary-key read: triggers move
// board_versions' number (migration 0051) in the same transaction as any change of a
// recognition, its recipients, reactions or visible comments, a badge (its holder count
// too), a value, an opt-out from the strip, or a named person's name, team, department or
// leaving day, whichever server or program wrote it. A person's received and given lists (their
// profile) are kept apart (Store.boardOf), so that many profiles viewed do not push the board's
// own pages out. Every award moves the number: under a stream of awards pages are read afresh,
// as before.

// keptBoardMax bounds the kept board reads: each filter's pages as people page through them, the
// strip, the lists; a page is at most 101 recognitions (~1.5 KB each). Past it the map starts
// again.
const keptBoardMax = 300

// keptBoardOfMax bounds the kept profile lists (5 recognitions each, ~8 KB).
const keptBoardOfMax = 1000

const boardVersionSQL = `SELECT COALESCE(sum(n), 0) FROM board_versions`

// boardPage is one page of the board as read for everyone (Reacted unset).
type boardPage struct {
	cards []Recognition
	next  string
}

// keptBoardRead answers key from what is kept under the board's number, or through read.
func keptBoardRead[T any](ctx context.Context, s *Store, key string, read func() (T, error)) (T, error) {
	return keptRead(ctx, s, &s.board, boardVersionSQL, keptBoardMax, key, read)
}

// Board returns one page of visible recognitions, newest first, and the cursor of the
// next page ("" on the last page). Keyset pagination on (created_at, id): no OFFSET.
func (s *Store) Board(ctx context.Context, f BoardFilter) ([]Recognition, string, error) {
	viewer := f.ViewerID
	f.ViewerID = 0 // the page is the same for everyone
	kept, most := &s.board, keptBoardMax
	if f.RecipientID != 0 || f.GiverID != 0 {
		kept, most = &s.boardOf, keptBoardOfMax
	}
	page, err := keptRead(ctx, s, kept, boardVersionSQL, most, fmt.Sprintf("board %#v", f), func() (boardPage, error) {
		return s.readBoard(ctx, f)
	})
	if err != nil {
		return nil, "", err
	}
	cards := slices.Clone(page.cards) // the kept page is shared: never changed
	if err := s.markReacted(ctx, cards, viewer); err != nil {
		return nil, "", err
	}
	return cards, page.next, nil
}

// markReacted marks the recognitions the viewer reacted to: one look-up by primary key for each
// recognition anyone reacted to (none when nobody has).
func (s *Store) markReacted(ctx context.Context, list []Recognition, viewerID int64) error {
	var ids []any
	for _, r := range list {
		if r.Reactions > 0 {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 || viewerID == 0 {
		return nil
	}
	// As many places as recognitions on the page (the rest repeat the first): one statement
	// text per page size, not per number of recognitions with reactions.
	for len(ids) < len(list) {
		ids = append(ids, ids[0])
	}
	rows, err := s.db.QueryContext(ctx, reactedSQL(len(ids)), append([]any{viewerID}, ids...)...)
	if err != nil {
		return fmt.Errorf("store: reactions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("store: reactions: %w", err)
		}
		for i := range list {
			if list[i].ID == id {
				list[i].Reacted = true
			}
		}
	}
	return rows.Err()
}

// reactedSQL: which of n recognitions person ?1 reacted to. A CAST for the person: ids 0 and 1
// would make SQLite compile the statement again (TestHotStatementsStayCompiled).
func reactedSQL(n int) string {
	return `SELECT recognition_id FROM recognition_reactions WHERE person_id = CAST(? AS BIGINT) AND recognition_id IN (?` +
		strings.Repeat(", ?", n-1) + `)`
}

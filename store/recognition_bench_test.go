package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"lodestar/store"
)

// BenchmarkRecognitionBoard measures the praise board's page query on a million
// recognitions (go test ./store/ -run x -bench RecognitionBoard). Numbers: docs/recognition.md.
func BenchmarkRecognitionBoard(b *testing.B) {
	s, _, ids := recognitionOrg(b)
	ctx := context.Background()
	v := recognitionValue(b, s, "Teamwork")
	start := time.Now()
	// A million recognitions, one a minute, givers and recipients spread over the org.
	if _, err := s.DB().Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
		INSERT INTO recognitions (source, giver_id, value_id, message, created_at)
		SELECT 'peer', ?, ?, 'Helped a customer sort out a difficult billing problem', strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || i || ' minutes') FROM n`,
		ids["A"], v); err != nil {
		b.Fatal(err)
	}
	if _, err := s.DB().Exec(`INSERT INTO recognition_recipients (recognition_id, person_id)
		SELECT id, CASE id % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END FROM recognitions`, ids["B"], ids["C"], ids["X"]); err != nil {
		b.Fatal(err)
	}
	b.Logf("1,000,000 recognitions written in %v", time.Since(start))
	// A cursor half way down the board.
	var at string
	var id int64
	s.DB().QueryRow("SELECT created_at, id FROM recognitions WHERE id = 500000").Scan(&at, &id)
	deep := at + "~" + strconv.FormatInt(id, 10)
	for _, bc := range []struct {
		name string
		f    store.BoardFilter
	}{
		{"first page", store.BoardFilter{}},
		{"deep page", store.BoardFilter{After: deep}},
		{"value filter", store.BoardFilter{ValueID: v}},
		{"team filter", store.BoardFilter{Team: "Team B"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.f.Limit = 20
			for b.Loop() {
				list, _, err := s.Board(ctx, bc.f)
				if err != nil || len(list) != 20 {
					b.Fatalf("%d cards, %v", len(list), err)
				}
			}
		})
	}
}

package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"lodestar/store"
)

// BenchmarkGiveParallel gives peer awards between random people of a generated organisation
// from many goroutines at once, as 32 writers through the API do: ns/op is the write path's
// throughput (awards/s ≈ 10⁹ / ns/op). Profile it with -cpuprofile.
//
//	go test -run '^$' -bench GiveParallel -cpu 2 ./store/
func BenchmarkGiveParallel(b *testing.B) {
	s, err := store.Open(filepath.Join(b.TempDir(), "give.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const people = 2000
	if err := s.Generate(context.Background(), store.GenOptions{People: people, Recognitions: people}); err != nil {
		b.Fatal(err)
	}
	var refused, failed, seq atomic.Int64
	b.SetParallelism(16) // 32 writers on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(uint64(seq.Add(1)), 7))
		ctx := context.Background()
		for pb.Next() {
			from, to := 1+rng.IntN(people*8/10), 1+rng.IntN(people*8/10)
			if from == to {
				continue
			}
			giver, err := s.PersonByEmployeeID(ctx, fmt.Sprintf("G%06d", from))
			if err != nil {
				b.Fatal(err)
			}
			_, _, err = s.Give(ctx, store.GiveInput{GiverID: giver.ID, Source: store.SourcePeer, To: []string{fmt.Sprintf("G%06d", to)},
				ValueID: 1, Message: "Thank you for staying with the customer until it was solved.",
				IdempotencyKey: fmt.Sprintf("b-%d-%d", time.Now().UnixNano(), seq.Add(1))})
			var verr *store.ValidationError
			switch {
			case errors.As(err, &verr):
				refused.Add(1) // a leaver, or the giver's allowance is spent
			case err != nil:
				failed.Add(1)
			}
		}
	})
	b.ReportMetric(float64(refused.Load()), "refused")
	if failed.Load() > 0 {
		b.Errorf("%d awards failed", failed.Load())
	}
}

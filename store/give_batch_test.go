package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// Group commit (give_batch.go): awards that arrive while another is being written wait and
// are written together in one transaction, each under its own savepoint.

// giveResult is one award's outcome in a batch test.
type giveResult struct {
	id      int64
	created bool
	err     error
}

// batchOrg is recognitionOrg with an allowance no test here reaches.
func batchOrg(t *testing.T) (*store.Store, map[string]int64, int64) {
	t.Helper()
	s, _, ids := recognitionOrg(t)
	if err := s.SetMonthlyAllowance(context.Background(), ids["LEAD"], "100"); err != nil {
		t.Fatal(err)
	}
	return s, ids, recognitionValue(t, s, "Teamwork")
}

// queueBehindLock holds the write lock, lets one award start (it takes the lead and waits for
// the lock alone), then starts gives — which queue behind it — and releases the lock once they
// have all queued. It returns every outcome of gives, in order.
func queueBehindLock(t *testing.T, s *store.Store, ids map[string]int64, v int64, gives []store.GiveInput) []giveResult {
	t.Helper()
	ctx := context.Background()
	release, err := s.HoldWriteLock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var first error
	go func() {
		defer wg.Done()
		_, _, first = s.Give(ctx, store.GiveInput{GiverID: ids["M"], To: []string{"A"}, ValueID: v, Message: "The first award, written alone."})
	}()
	waitForQueue(t, s, 0, true) // it has taken the lead and waits for the lock
	out := make([]giveResult, len(gives))
	for i, in := range gives {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &out[i]
			r.id, r.created, r.err = s.Give(ctx, in)
		}()
	}
	waitForQueue(t, s, len(gives), true) // they have all been checked and wait behind it
	release()
	wg.Wait()
	if first != nil {
		t.Fatalf("the first award: %v", first)
	}
	return out
}

// waitForQueue waits until waiting awards are queued behind a writer (writing), or fails.
func waitForQueue(t *testing.T, s *store.Store, waiting int, writing bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, w := s.GiveQueue()
		if n == waiting && w == writing {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("give queue: %d waiting (writing %v), want %d (%v)", n, w, waiting, writing)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stored tells whether recognition id exists.
func stored(t *testing.T, s *store.Store, id int64) bool {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM recognitions WHERE id = ?", id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func batchGives(ids map[string]int64, v int64, n int, message string) []store.GiveInput {
	givers := []string{"A", "B", "C", "X"}
	var out []store.GiveInput
	for i := range n {
		from := givers[i%len(givers)]
		to := givers[(i+1)%len(givers)]
		out = append(out, store.GiveInput{GiverID: ids[from], To: []string{to}, ValueID: v,
			Message: fmt.Sprintf("%s (%d)", message, i), IdempotencyKey: fmt.Sprintf("batch-%d", i)})
	}
	return out
}

func TestGiveGroupCommitWritesQueuedAwardsInOneTransaction(t *testing.T) {
	s, ids, v := batchOrg(t)
	before := s.GiveTransactions()
	const n = 24
	out := queueBehindLock(t, s, ids, v, batchGives(ids, v, n, recognitionMsg))
	for i, r := range out {
		if r.err != nil || !r.created || !stored(t, s, r.id) {
			t.Fatalf("award %d: id %d created %v err %v; want stored", i, r.id, r.created, r.err)
		}
	}
	// The first award alone, then the 24 queued behind it together.
	if got := s.GiveTransactions() - before; got != 2 {
		t.Errorf("%d awards took %d transactions, want 2", n+1, got)
	}
}

func TestGiveSameKeyTwiceInOneBatchMakesOneRecognition(t *testing.T) {
	s, ids, v := batchOrg(t)
	in := store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: recognitionMsg, IdempotencyKey: "double-click"}
	out := queueBehindLock(t, s, ids, v, []store.GiveInput{in, in})
	if out[0].err != nil || out[1].err != nil {
		t.Fatalf("errors: %v, %v", out[0].err, out[1].err)
	}
	if out[0].id != out[1].id || out[0].created == out[1].created {
		t.Errorf("got %+v and %+v; want one recognition, created once", out[0], out[1])
	}
	n, err := s.CountRecognitionsMentioning(context.Background(), time.Time{}, recognitionMsg)
	if err != nil || n != 1 {
		t.Errorf("%d stored (%v), want 1", n, err)
	}
}

// An award the allowance refuses (another in the same batch took the last of it) is refused
// alone; the awards around it are stored.
func TestGiveRefusedAwardInABatchDoesNotFailTheOthers(t *testing.T) {
	s, ids, v := batchOrg(t)
	if err := s.SetMonthlyAllowance(context.Background(), ids["LEAD"], "2"); err != nil {
		t.Fatal(err)
	}
	var gives []store.GiveInput
	for i := range 4 { // A has an allowance of 2: two of these four are refused
		gives = append(gives, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v,
			Message: fmt.Sprintf("From A (%d): %s", i, recognitionMsg), IdempotencyKey: fmt.Sprintf("a-%d", i)})
	}
	gives = append(gives, store.GiveInput{GiverID: ids["C"], To: []string{"X"}, ValueID: v, Message: "From C: " + recognitionMsg, IdempotencyKey: "c"})
	out := queueBehindLock(t, s, ids, v, gives)
	given, refused := 0, 0
	for i, r := range out {
		var verr *store.ValidationError
		switch {
		case r.err == nil && stored(t, s, r.id):
			given++
		case errors.As(r.err, &verr):
			refused++
		default:
			t.Errorf("award %d: %+v", i, r)
		}
	}
	if given != 3 || refused != 2 || out[4].err != nil {
		t.Errorf("%d given, %d refused (C's: %v); want 3 and 2, C's given", given, refused, out[4].err)
	}
}

// poison makes the database reject any recognition whose message says POISON: RAISE(ABORT)
// undoes the statement, RAISE(ROLLBACK) the whole transaction.
// On PostgreSQL a trigger's exception undoes the statement (ABORT's meaning); nothing in a
// trigger there ends the whole transaction, so ROLLBACK is SQLite-only.
func poison(t *testing.T, s *store.Store, how string) {
	t.Helper()
	q := `CREATE TRIGGER poison BEFORE INSERT ON recognitions WHEN NEW.message LIKE '%POISON%'
		BEGIN SELECT RAISE(` + how + `, 'poisoned award'); END`
	if storetest.Postgres() {
		if how != "ABORT" {
			t.Fatalf("poison %s: SQLite only", how)
		}
		q = `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'poisoned award'; END $$;
		CREATE TRIGGER poison BEFORE INSERT ON recognitions
			FOR EACH ROW WHEN (NEW.message LIKE '%POISON%') EXECUTE FUNCTION poison()`
	}
	_, err := s.DB().Exec(q)
	if err != nil {
		t.Fatal(err)
	}
}

// An award that fails inside the batch for a reason of its own is rolled back to its
// savepoint: the others in the transaction are stored, and no award is written twice.
func TestGiveFailingAwardIsRolledBackAloneInItsBatch(t *testing.T) {
	s, ids, v := batchOrg(t)
	poison(t, s, "ABORT")
	before := s.GiveTransactions()
	gives := batchGives(ids, v, 8, recognitionMsg)
	gives = append(gives[:4], append([]store.GiveInput{{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: "POISON here: " + recognitionMsg}}, gives[4:]...)...)
	out := queueBehindLock(t, s, ids, v, gives)
	for i, r := range out {
		if i == 4 {
			if r.err == nil || stored(t, s, r.id) {
				t.Errorf("the poisoned award: %+v, want refused", r)
			}
			continue
		}
		if r.err != nil || !stored(t, s, r.id) {
			t.Errorf("award %d: %+v, want stored", i, r)
		}
	}
	if got := s.GiveTransactions() - before; got != 2 {
		t.Errorf("%d transactions, want 2 (the first award, then one batch)", got)
	}
}

// A batch whose transaction fails as a whole stores nothing and reports nothing as given;
// each award is then tried alone, so only the bad one fails.
func TestGiveBatchThatFailsWholeIsWrittenAgainOneByOne(t *testing.T) {
	storetest.SkipOnPostgres(t, "RAISE(ROLLBACK) in a trigger ends the whole transaction; PostgreSQL has no such statement")
	s, ids, v := batchOrg(t)
	poison(t, s, "ROLLBACK")
	before := s.GiveTransactions()
	gives := batchGives(ids, v, 6, recognitionMsg)
	gives = append(gives, store.GiveInput{GiverID: ids["A"], To: []string{"B"}, ValueID: v, Message: "POISON here: " + recognitionMsg})
	out := queueBehindLock(t, s, ids, v, gives)
	for i, r := range out {
		if r.err == nil != stored(t, s, r.id) {
			t.Errorf("award %d: %+v, acknowledged %v but stored %v", i, r, r.err == nil, stored(t, s, r.id))
		}
		if (r.err == nil) == (i == len(gives)-1) {
			t.Errorf("award %d: %+v; want only the poisoned one refused", i, r)
		}
	}
	n, err := s.CountRecognitionsMentioning(context.Background(), time.Time{}, recognitionMsg)
	if err != nil || n != 6 {
		t.Errorf("%d stored (%v), want 6, each once", n, err)
	}
	// The first award; the batch of 7 that failed; 7 alone.
	if got := s.GiveTransactions() - before; got != 1+1+7 {
		t.Errorf("%d transactions, want 9", got)
	}
}

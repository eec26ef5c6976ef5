package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lodestar/store"
)

// sharedDatabase is the database two app servers share: a throwaway PostgreSQL database
// pgops_<random> made from the admin URL in LODESTAR_TEST_POSTGRES when it is set (dropped
// afterwards), else one SQLite file, which several processes may open at once.
func sharedDatabase(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("LODESTAR_TEST_POSTGRES")
	if admin == "" {
		return filepath.Join(t.TempDir(), "shared.db")
	}
	if _, err := exec.LookPath("psql"); err != nil {
		t.Skip("LODESTAR_TEST_POSTGRES is set but psql, which creates the throwaway database, is not installed")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("LODESTAR_TEST_POSTGRES: %v", err)
	}
	name := "pgops_" + randomHex(6)
	psql := func(sql string) error {
		out, err := exec.Command("psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", sql).CombinedOutput()
		if err != nil {
			return fmt.Errorf("psql %q: %v\n%s", sql, err, out)
		}
		return nil
	}
	if err := psql("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Log(err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

var (
	allowanceLine   = regexp.MustCompile(`data-testid="allowance">[^<]*?(\d+)[^<\d]+(\d+)`)
	firstValue      = regexp.MustCompile(`(?s)id="f-value" name="value">.*?<option value="(\d+)"`)
	adminPersonLink = regexp.MustCompile(`href="/admin/people/(\d+)"`)
	formKeyField    = regexp.MustCompile(`name="form_key" value="([^"]+)"`)
)

// TestTwoServersShareOneDatabase runs two real "lodestar serve" processes on one database
// (issue 16): a session made on A works on B; a recognition given on A is on B's board; a
// form sent twice, once to each, acts once (a give's token, an admin's form key); sign-in throttling counts failures on both;
// concurrent gives split between A and B never pass the monthly allowance; the hourly
// work runs once; and when A is killed mid-burst, B keeps serving, every acknowledged write
// is stored, and B takes over the background work.
func TestTwoServersShareOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two server processes")
	}
	db := sharedDatabase(t)
	// A short lease so that B takes over within seconds of A's death (long enough that a
	// renewal slowed by the test's own write bursts does not lose it).
	a := startServe(t, "--db", db, "--demo", "--lease-ttl", "3s")
	b := startServe(t, "--db", db, "--lease-ttl", "3s")
	c := noRedirects

	// A session made on A is a session on B: sessions live in the database.
	agent := signInAt(t, c, a.url, "agent", store.DemoPassword)
	board := mustCall(t, c, "GET", b.url+"/recognition", agent, nil)
	if board.status != http.StatusOK || !strings.Contains(board.body, `data-testid="board"`) {
		t.Fatalf("B with A's cookie: %d %s", board.status, board.location)
	}
	m := firstValue.FindStringSubmatch(board.body)
	if m == nil {
		t.Fatal("no company value on the board's filter")
	}
	value := m[1]
	give := func(base, cookie, to, source, token string) (answer, error) {
		return call(c, "POST", base+"/recognition/give", cookie, url.Values{"to": {to}, "value": {value}, "source": {source},
			"message": {"Thank you for staying late to clear the callback queue " + token}, "token": {token}})
	}

	// Given on A, on B's board; the same form sent again to B (a double submit that the
	// load balancer split) is the same recognition, not a second one.
	token := randomHex(16)
	first, err := give(a.url, agent, "newhire", "peer", token)
	if err != nil || first.status != http.StatusSeeOther || !recognitionPath.MatchString(first.location) {
		t.Fatalf("give on A: %+v %v", first, err)
	}
	id := recognitionPath.FindStringSubmatch(first.location)[1]
	if board := mustCall(t, c, "GET", b.url+"/recognition", agent, nil); !strings.Contains(board.body, `data-id="`+id+`"`) {
		t.Fatalf("recognition %s given on A is not on B's board", id)
	}
	again, err := give(b.url, agent, "newhire", "peer", token)
	if err != nil || again.status != http.StatusSeeOther || again.location != first.location {
		t.Fatalf("the same form sent to B: %d %q, want 303 to %s (%v)", again.status, again.location, first.location, err)
	}

	// The allowance is counted in the database: concurrent gives, half to each server, get
	// exactly what is left of it.
	left := func(base string) int {
		page := mustCall(t, c, "GET", base+"/recognition/give", agent, nil)
		m := allowanceLine.FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("no allowance line on %s's give page", base)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	remaining := left(b.url)
	if remaining < 1 {
		t.Fatalf("the demo agent has %d recognitions left; the test needs some", remaining)
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range 2*remaining + 4 {
		base := a.url
		if i%2 == 1 {
			base = b.url
		}
		wg.Go(func() {
			res, err := give(base, agent, "newhire", "peer", randomHex(16))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("give on %s: %v", base, err)
				return
			}
			statuses[res.status]++
		})
	}
	wg.Wait()
	if statuses[http.StatusSeeOther] != remaining || statuses[http.StatusUnprocessableEntity] != remaining+4 {
		t.Fatalf("concurrent gives with %d left: answers %v, want %d given (303) and the rest refused (422)", remaining, statuses, remaining)
	}
	if got := left(a.url); got != 0 {
		t.Fatalf("A says %d left after the allowance was used up", got)
	}

	// Sign-in throttling counts failures in the database: wrong passwords spread over A
	// and B lock the account on both.
	for i := range store.MaxAccountFailures {
		base := a.url
		if i%2 == 1 {
			base = b.url
		}
		if res := mustCall(t, c, "POST", base+"/login", "", url.Values{"login": {"leader"}, "password": {"wrong-" + strconv.Itoa(i)}}); res.status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i, res.status)
		}
	}
	for _, base := range []string{a.url, b.url} {
		if res := mustCall(t, c, "POST", base+"/login", "", url.Values{"login": {"leader"}, "password": {store.DemoPassword}}); res.status != http.StatusTooManyRequests {
			t.Fatalf("right password after %d failures spread over both servers: %d at %s, want 429", store.MaxAccountFailures, res.status, base)
		}
	}

	// A form key (the administrator's password reset) used on A is used on B too: the
	// reset sent again to B, as a refresh through the load balancer might, is not redone.
	admin := signInAt(t, c, a.url, "admin", store.DemoPassword)
	m = adminPersonLink.FindStringSubmatch(mustCall(t, c, "GET", a.url+"/admin/people?q=newhire", admin, nil).body)
	if m == nil {
		t.Fatal("newhire is not in the admin's people list")
	}
	personPath := "/admin/people/" + m[1]
	m = formKeyField.FindStringSubmatch(mustCall(t, c, "GET", a.url+personPath, admin, nil).body)
	if m == nil {
		t.Fatal("no form key on the admin's person page")
	}
	resetPath := personPath + "/password"
	if res := mustCall(t, c, "POST", a.url+resetPath, admin, url.Values{"form_key": {m[1]}}); res.status != http.StatusOK {
		t.Fatalf("password reset on A: %d, want 200 with the new password", res.status)
	}
	if res := mustCall(t, c, "POST", b.url+resetPath, admin, url.Values{"form_key": {m[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("the same reset form sent to B: %d, want 303 (already done, not again)", res.status)
	}

	// The background work runs on A only (it started first and took the lease), and the
	// hourly work ran once between the two, whatever each server's start-up pass did.
	a.waitLog(t, "hourly work done")
	if l := b.logLines("holding the background lease: running background work here"); len(l) != 0 {
		t.Fatalf("B runs background work while A does: %v", l)
	}
	hourly := func() map[string]int {
		slots := map[string]int{}
		for _, p := range []*proc{a, b} {
			for _, rec := range p.logLines("hourly work done") {
				slots[fmt.Sprint(rec["slot"])]++
			}
		}
		return slots
	}
	for slot, n := range hourly() {
		if n != 1 {
			t.Fatalf("the hourly work for %s ran %d times", slot, n)
		}
	}

	// Kill A (no clean shutdown, no lease release) in the middle of a burst of writes that
	// a load balancer spreads over both; every write acknowledged by either is stored, and
	// B keeps answering throughout.
	manager := signInAt(t, c, b.url, "manager", store.DemoPassword)
	type ack struct{ server, location string }
	var acked []ack
	var failedOnB []string
	killed := make(chan struct{})
	var killOnce sync.Once
	kill := func() {
		killOnce.Do(func() {
			if err := a.cmd.Process.Kill(); err != nil {
				t.Error(err)
			}
			<-a.exited
			close(killed)
		})
	}
	var bw sync.WaitGroup
	for w := range 4 {
		bw.Go(func() {
			for i := range 15 {
				server, base := "A", a.url
				if (w+i)%2 == 1 {
					server, base = "B", b.url
				}
				res, err := give(base, manager, "agent", "manager", randomHex(16))
				mu.Lock()
				switch {
				case err == nil && res.status == http.StatusSeeOther && recognitionPath.MatchString(res.location):
					acked = append(acked, ack{server, res.location})
				case server == "B":
					failedOnB = append(failedOnB, fmt.Sprintf("%d %v", res.status, err))
				}
				n := len(acked)
				mu.Unlock()
				if n == 12 {
					kill()
				}
			}
		})
	}
	bw.Wait()
	kill()
	if len(failedOnB) > 0 {
		t.Fatalf("B failed %d writes during the burst: %v", len(failedOnB), failedOnB)
	}
	afterKill := 0
	for _, w := range acked {
		res := mustCall(t, c, "GET", b.url+w.location, manager, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s acknowledged %s, but B answers %d for it", w.server, w.location, res.status)
		}
		if w.server == "B" {
			afterKill++
		}
	}
	if len(acked) < 12 || afterKill == 0 {
		t.Fatalf("%d writes acknowledged (%d by B): the burst did not go through the kill", len(acked), afterKill)
	}

	// B takes over the background work once A's lease has expired, and the hourly work
	// A did this hour is not done again.
	rec := b.waitLog(t, "holding the background lease: running background work here")
	if holder := fmt.Sprint(rec["holder"]); !strings.Contains(holder, ":"+strconv.Itoa(b.cmd.Process.Pid)+":") {
		t.Fatalf("B logged taking the lease as %q", holder)
	}
	if res := mustCall(t, c, "GET", b.url+"/healthz", "", nil); res.status != http.StatusOK {
		t.Fatalf("B's health after A died: %d", res.status)
	}
	time.Sleep(200 * time.Millisecond) // B's first scheduler pass, which must not redo the hour
	for slot, n := range hourly() {
		if n != 1 {
			t.Fatalf("after the takeover the hourly work for %s has run %d times", slot, n)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"lodestar/handlers"
	"lodestar/store"
)

// cmdBuffer is an io.Writer that the server goroutine and the test may share.
type cmdBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (c *cmdBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.Write(p)
}

func (c *cmdBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}

func cmdEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// cmdRun runs a one-off command to completion.
func cmdRun(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr, cmdEnv(env))
	return stdout.String(), stderr.String(), err
}

var cmdRunningAt = regexp.MustCompile(`running at (http://[^/\s]+)/`)

// cmdServer is a running "lodestar serve".
type cmdServer struct {
	url    string
	stdout *cmdBuffer
	stop   context.CancelFunc
	done   chan error
}

// cmdServe starts serve and waits until it prints its address.
func cmdServe(t *testing.T, env map[string]string, args ...string) *cmdServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &cmdServer{stdout: &cmdBuffer{}, stop: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, append([]string{"serve"}, args...), s.stdout, &cmdBuffer{}, cmdEnv(env)) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := cmdRunningAt.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url = m[1]
			t.Cleanup(func() {
				cancel()
				<-s.done
			})
			return s
		}
		select {
		case err := <-s.done:
			cancel()
			t.Fatalf("serve ended before listening: %v\n%s", err, s.stdout.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start:\n%s", s.stdout.String())
	return nil
}

// shutdown cancels the server's context and returns run's result.
func (s *cmdServer) shutdown(t *testing.T) error {
	t.Helper()
	s.stop()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
		return nil
	}
}

const cmdGoodCSV = "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n" +
	"E1,,王小红,,Inbound Voice,A,M1,front_line,employee,permanent,2024-01-01,,zh\n" +
	"M1,,Manager One,,Inbound Voice,A,,middle_manager,manager,permanent,2020-01-01,,\n"

func cmdWrite(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func cmdOpen(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestImportPeopleGoodFileThenBadFileChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	out, errOut, err := cmdRun(t, nil, "import-people", "--db", db, cmdWrite(t, "good.csv", "\xef\xbb\xbf"+cmdGoodCSV))
	if err != nil || !strings.Contains(out, "2 created, 0 updated") {
		t.Fatalf("good file: %v\n%s%s", err, out, errOut)
	}
	bad := strings.Replace(cmdGoodCSV, "Manager One", "Renamed", 1) +
		"E2,,Bad Person,,Inbound Voice,A,GHOST,front_line,employee,permanent,2024-02-30,,\n" +
		"E3,,Other,,Inbound Voice,A,,front_line,chief,permanent,2024-01-01,,\n"
	out, errOut, err = cmdRun(t, map[string]string{"LODESTAR_DB": db}, "import-people", cmdWrite(t, "bad.csv", bad))
	if err == nil || !strings.Contains(err.Error(), "3 problems") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("bad file: err %v", err)
	}
	for _, want := range []string{
		"Row 4, hired_on: Write the date as YYYY-MM-DD (got \"2024-02-30\").",
		"Row 4, manager_employee_id: No person with employee ID \"GHOST\"",
		"Row 5, role: “chief” is not one of the allowed values: employee, manager, leader, admin.",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("a refused import printed to stdout: %q", out)
	}
	st := cmdOpen(t, db)
	ctx := context.Background()
	if n, _ := st.CountPeople(ctx); n != 2 {
		t.Fatalf("people after the bad file: %d, want 2", n)
	}
	if m, _ := st.PersonByEmployeeID(ctx, "M1"); m.Name != "Manager One" {
		t.Fatalf("the bad file renamed M1 to %q", m.Name)
	}
	if entries := auditTexts(t, st, 1); len(entries) != 1 || entries[0] != "People imported: 2 added, 0 updated · command-line import of good.csv" {
		t.Fatalf("audit of the import: %q", entries)
	}
	if e, _ := st.PersonByEmployeeID(ctx, "E1"); e.Name != "王小红" || e.ManagerEmployeeID != "M1" {
		t.Fatalf("E1: %+v", e)
	}
	// A bad header is refused with the column named.
	_, errOut, err = cmdRun(t, nil, "import-people", "--db", db, cmdWrite(t, "h.csv", "employee_id,name,colour\nE9,X,red\n"))
	if err == nil || !strings.Contains(errOut, `Unknown column "colour"`) || !strings.Contains(errOut, `lacks the column "hired_on"`) {
		t.Fatalf("bad header: %v\n%s", err, errOut)
	}
	// The example file in the docs imports.
	out, _, err = cmdRun(t, nil, "import-people", "--db", filepath.Join(t.TempDir(), "ex.db"), "../../testdata/people_example.csv")
	if err != nil || !strings.Contains(out, "5 created") {
		t.Fatalf("example file: %v %s", err, out)
	}
	if _, _, err := cmdRun(t, nil, "import-people", "-h"); err != nil {
		t.Fatalf("-h: %v", err)
	}
}

func TestTokenCreatePrintsATokenTheAPIAccepts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	out, _, err := cmdRun(t, nil, "token", "create", "--db", db, "--name", "CI sync")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	secret := lines[len(lines)-1]
	if !strings.HasPrefix(secret, "lst_") || strings.ContainsAny(secret, " \t") {
		t.Fatalf("last line is not the token alone: %q", secret)
	}
	st := cmdOpen(t, db)
	h := handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer h.Close()
	srv := httptest.NewServer(h.Routes())
	defer srv.Close()
	for token, want := range map[string]int{secret: http.StatusOK, secret + "x": http.StatusUnauthorized} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/people", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("token %q…: %d, want %d", token[:8], res.StatusCode, want)
		}
	}
	tokens, _ := st.ListTokens(context.Background())
	if len(tokens) != 1 || tokens[0].Name != "CI sync" || tokens[0].LastUsedAt.IsZero() {
		t.Fatalf("tokens: %+v", tokens)
	}
	if _, _, err := cmdRun(t, nil, "token", "create", "--db", db); err == nil {
		t.Fatal("token create without --name succeeded")
	}
	if _, _, err := cmdRun(t, nil, "token", "create", "-h"); err != nil {
		t.Fatalf("-h: %v", err)
	}
}

func TestBackupWhileAnotherConnectionWrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	st := cmdOpen(t, db)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	written := 0
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			in := store.PersonInput{EmployeeID: fmt.Sprintf("W%05d", i), Name: "Writer", Tier: store.TierFrontLine,
				Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"}
			if _, err := st.UpsertPeople(context.Background(), 0, []store.PersonInput{in}, 0); err != nil {
				t.Errorf("writer: %v", err)
				return
			}
			written++
		}
	}()
	time.Sleep(100 * time.Millisecond)
	backupFile := filepath.Join(dir, "copy.db")
	out, _, err := cmdRun(t, map[string]string{"LODESTAR_DB": db}, "backup", backupFile)
	time.Sleep(50 * time.Millisecond)
	stop()
	wg.Wait()
	if err != nil || !strings.Contains(out, backupFile) {
		t.Fatalf("backup: %v %s", err, out)
	}
	copyStore := cmdOpen(t, backupFile)
	if v, err := copyStore.IntegrityCheck(context.Background()); err != nil || v != "ok" {
		t.Fatalf("integrity: %q %v", v, err)
	}
	n, _ := copyStore.CountPeople(context.Background())
	if n == 0 || n > written {
		t.Fatalf("backup has %d people, the writer wrote %d", n, written)
	}
	if _, _, err := cmdRun(t, nil, "backup", "-h"); err != nil {
		t.Fatalf("-h: %v", err)
	}
}

func cmdSignIn(t *testing.T, base, login, password string) int {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"login": {login}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return res.StatusCode
	}
	res, err = c.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestServeEmptyDatabasePrintsFirstAdminPassword(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db)
	m := regexp.MustCompile(`one-time password.*:\n\s+(\S+)\n`).FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("no first-admin password printed:\n%s", s.stdout.String())
	}
	// The printed password is temporary: every page leads to the change-password form.
	if got := cmdSignIn(t, s.url, "admin", m[1]); got != http.StatusSeeOther {
		t.Fatalf("sign-in with the printed password: %d, want 303 to the change-password form", got)
	}
	if got := cmdSignIn(t, s.url, "admin", m[1]+"x"); got == http.StatusOK {
		t.Fatalf("sign-in with a wrong password worked")
	}
	res, err := http.Get(s.url + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v", err)
	}
	res.Body.Close()
	if err := s.shutdown(t); err != nil {
		t.Fatalf("serve returned %v", err)
	}
	// A second start prints no new password.
	s = cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db)
	if strings.Contains(s.stdout.String(), "one-time password") {
		t.Fatalf("second start printed a password again")
	}
}

func TestServeDemoLoadsOnceAndNeverOverRealData(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db, "--demo")
	if !strings.Contains(s.stdout.String(), "Loading the demo organisation") || !strings.Contains(s.stdout.String(), store.DemoPassword) {
		t.Fatalf("first demo start:\n%s", s.stdout.String())
	}
	if got := cmdSignIn(t, s.url, "agent", store.DemoPassword); got != http.StatusOK {
		t.Fatalf("demo sign-in as agent: %d", got)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatal(err)
	}
	st := cmdOpen(t, db)
	before, _ := st.CountPeople(context.Background())
	s = cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db, "--demo")
	if !strings.Contains(s.stdout.String(), "already loaded") || strings.Contains(s.stdout.String(), "Loading") {
		t.Fatalf("second demo start:\n%s", s.stdout.String())
	}
	if after, _ := st.CountPeople(context.Background()); after != before || before == 0 {
		t.Fatalf("people %d → %d: the demo loaded twice", before, after)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatal(err)
	}

	real := filepath.Join(t.TempDir(), "real.db")
	if _, _, err := cmdRun(t, nil, "import-people", "--db", real, cmdWrite(t, "p.csv", cmdGoodCSV)); err != nil {
		t.Fatal(err)
	}
	var stdout cmdBuffer
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", real, "--demo"}, &stdout, &cmdBuffer{}, cmdEnv(nil))
	if err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Fatalf("--demo over real people: %v", err)
	}
	if strings.Contains(stdout.String(), "running at") {
		t.Fatalf("the server started over real data")
	}
	if n, _ := cmdOpen(t, real).CountPeople(context.Background()); n != 2 {
		t.Fatalf("real database has %d people, want 2", n)
	}
}

func TestServeShutdownLetsInFlightRequestsFinish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	st := cmdOpen(t, db)
	secret, err := st.CreateToken(context.Background(), 0, "slow client")
	if err != nil {
		t.Fatal(err)
	}
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db)

	// A PUT whose body arrives slowly is in flight when the shutdown starts.
	body, w := io.Pipe()
	req, _ := http.NewRequest(http.MethodPut, s.url+"/api/v1/people", body)
	req.Header.Set("Authorization", "Bearer "+secret)
	type result struct {
		status int
		body   string
		err    error
	}
	resc := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			resc <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		resc <- result{status: res.StatusCode, body: string(b)}
	}()
	io.WriteString(w, `[{"employee_id":"SLOW1","name":"Slow Person",`)
	time.Sleep(300 * time.Millisecond)
	s.stop()
	time.Sleep(300 * time.Millisecond)
	select {
	case err := <-s.done:
		w.CloseWithError(io.ErrUnexpectedEOF)
		s.done <- err // for the cleanup
		t.Fatalf("serve returned (%v) while a request was in flight", err)
	default:
	}
	io.WriteString(w, `"tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"}]`)
	w.Close()
	r := <-resc
	if r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, `"created": 1`) {
		t.Fatalf("in-flight request: %d %q %v", r.status, r.body, r.err)
	}
	if err := s.shutdown(t); err != nil {
		t.Fatalf("serve returned %v after a graceful shutdown", err)
	}
	if p, err := st.PersonByEmployeeID(context.Background(), "SLOW1"); err != nil || p.Name != "Slow Person" {
		t.Fatalf("the in-flight write was lost: %v", err)
	}
	// New connections are refused after the shutdown.
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Fatalf("the server still answers after shutdown")
	}
}

func TestServeReadsAddrAndDBFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "from-env.db")
	s := cmdServe(t, map[string]string{"LODESTAR_ADDR": "127.0.0.1:0", "LODESTAR_DB": db})
	if !strings.Contains(s.stdout.String(), "database "+db) {
		t.Fatalf("serve ignored LODESTAR_DB:\n%s", s.stdout.String())
	}
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") || strings.HasSuffix(s.url, ":8080") {
		t.Fatalf("serve ignored LODESTAR_ADDR: %s", s.url)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("no database at LODESTAR_DB: %v", err)
	}
	// A flag beats the environment.
	other := filepath.Join(t.TempDir(), "flag.db")
	s2 := cmdServe(t, map[string]string{"LODESTAR_ADDR": "127.0.0.1:0", "LODESTAR_DB": db}, "--db", other)
	if !strings.Contains(s2.stdout.String(), "database "+other) {
		t.Fatalf("--db did not win over LODESTAR_DB:\n%s", s2.stdout.String())
	}
	if _, _, err := cmdRun(t, nil, "serve", "-h"); err != nil {
		t.Fatalf("-h: %v", err)
	}
}

// Dated work happens at start-up without anyone opening a page: people already past an
// anniversary hold their tenure badges as soon as the server listens.
func TestServeAwardsDueMilestonesAtStartUp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	if _, errOut, err := cmdRun(t, nil, "import-people", "--db", db, cmdWrite(t, "good.csv", cmdGoodCSV)); err != nil {
		t.Fatalf("import: %v %s", err, errOut)
	}
	cmdServe(t, nil, "--db", db, "--addr", "127.0.0.1:0")
	st := cmdOpen(t, db)
	// E1 was hired on 2024-01-01, M1 on 2020-01-01; the server runs on the real clock.
	want := 0
	for _, hired := range []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)} {
		for _, years := range []int{1, 3, 5} {
			if !hired.AddDate(years, 0, 0).After(time.Now()) {
				want++
			}
		}
	}
	// The scheduler's first pass runs in the background as the server starts (the start
	// path does no catch-up work): wait for it, as someone opening the board would.
	var awards []store.Recognition
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if awards, _, err = st.Board(context.Background(), store.BoardFilter{Source: store.SourceSystem, Limit: 20}); err != nil {
			t.Fatal(err)
		}
		if len(awards) >= want || time.Now().After(deadline) {
			break
		}
	}
	if len(awards) != want {
		t.Fatalf("%d tenure badges after start-up, want %d", len(awards), want)
	}
}

// The collector follows --gc-percent / --memory-limit-mb unless Go's own GOGC / GOMEMLIMIT
// are set, which win.
func TestTuneGC(t *testing.T) {
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) })
	none := func(string) string { return "" }
	tuneGC(config{GCPercent: 400, MemoryLimitMB: 160}, none)
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("GC percent %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != 160<<20 {
		t.Errorf("memory limit %d, want %d", got, 160<<20)
	}
	goEnv := func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] }
	tuneGC(config{GCPercent: 400, MemoryLimitMB: 160}, goEnv)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: GC percent %d, want it left alone (100)", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: memory limit %d, want it left alone", got)
	}
}

package main

// Crash and backup drills on the real binary: go build, lodestar serve --demo on a temp
// database and a loopback port, 32 writers giving recognitions through the JSON API with a
// token made by "lodestar token create". The crash drill SIGKILLs the server mid-burst and
// restarts it; the backup drill runs "lodestar backup" while the writers run and opens the
// copy. Bounded: at most drillMaxWrites writes per writer and drillBurst of wall time.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lodestar/store"
)

const (
	drillWriters   = 32
	drillMaxWrites = 60               // per writer
	drillBurst     = 20 * time.Second // the writers stop after this, whatever happens
)

// drillBinary builds cmd/lodestar once per test binary.
var drillBinary struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

func drillBuild(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the drills need the go tool to build the binary: %v", err)
		}
		t.Skipf("skipping: no go tool to build the binary (%v)", err)
	}
	drillBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "lodestar-drill-")
		if err != nil {
			drillBinary.err = err
			return
		}
		drillBinary.path = filepath.Join(dir, "lodestar")
		drillBinary.out, drillBinary.err = exec.Command(goTool, "build", "-o", drillBinary.path, ".").CombinedOutput()
	})
	if drillBinary.err != nil {
		t.Fatalf("go build: %v\n%s", drillBinary.err, drillBinary.out)
	}
	return drillBinary.path
}

// drillProc is one running "lodestar serve" process.
type drillProc struct {
	cmd    *exec.Cmd
	url    string
	done   chan error
	output *cmdBuffer
}

var drillRunningAt = regexp.MustCompile(`running at (http://127\.0\.0\.1:\d+)/`)

// drillServe starts the binary on a free loopback port and waits until it listens.
func drillServe(t *testing.T, bin string, args ...string) *drillProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "LODESTAR_ADDR=", "LODESTAR_DB=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &drillProc{cmd: cmd, done: make(chan error, 1), output: &cmdBuffer{}}
	cmd.Stderr = p.output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.output.Write([]byte(sc.Text() + "\n"))
			if m := drillRunningAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() { p.kill() })
	select {
	case p.url = <-found:
		return p
	case err := <-p.done:
		t.Fatalf("lodestar serve %v exited before listening: %v\n%s", args, err, p.output)
	case <-time.After(60 * time.Second):
		t.Fatalf("lodestar serve %v did not listen within 60 s\n%s", args, p.output)
	}
	return nil
}

// kill sends SIGKILL (no shutdown, no checkpoint) and waits for the process to end.
func (p *drillProc) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
}

// stop asks for a graceful shutdown (SIGTERM) and waits for it.
func (p *drillProc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("lodestar serve did not stop cleanly: %v\n%s", err, p.output)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("lodestar serve did not stop within 30 s")
	}
}

// drillSite is a demo server ready for writers: a token, the employee IDs and a monthly
// allowance big enough that nobody runs out.
type drillSite struct {
	bin, db string
	proc    *drillProc
	token   string
	people  []string
}

func newDrillSite(t *testing.T) *drillSite {
	t.Helper()
	bin := drillBuild(t)
	s := &drillSite{bin: bin, db: filepath.Join(t.TempDir(), "lodestar.db")}
	s.proc = drillServe(t, bin, "--demo", "--db", s.db)
	out, err := exec.Command(bin, "token", "create", "--db", s.db, "--name", "drill").CombinedOutput()
	if err != nil {
		t.Fatalf("lodestar token create: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	s.token = strings.TrimSpace(lines[len(lines)-1])

	// The admin raises the allowance through the settings page, as a person would.
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c.Jar, _ = cookiejar.New(nil)
	post := func(path string, form url.Values) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, s.proc.url+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", s.proc.url)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post("/login", url.Values{"login": {"admin"}, "password": {store.DemoPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", res.StatusCode)
	}
	if res := post("/recognition/settings", url.Values{"allowance": {"100"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("raising the allowance: %d", res.StatusCode)
	}

	var list struct {
		People []struct {
			EmployeeID string `json:"employee_id"`
			LeftOn     string `json:"left_on"`
		} `json:"people"`
	}
	req, _ := http.NewRequest(http.MethodGet, s.proc.url+"/api/v1/people", nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/people: %d %v", res.StatusCode, err)
	}
	for _, p := range list.People {
		if p.LeftOn == "" {
			s.people = append(s.people, p.EmployeeID)
		}
	}
	if len(s.people) < drillWriters+1 {
		t.Fatalf("the demo has only %d active people", len(s.people))
	}
	return s
}

// drillWrites is what the writers sent and what was acknowledged (201), by message.
type drillWrites struct {
	mu    sync.Mutex
	acked []string
	sent  map[string]bool
	n     atomic.Int64  // acknowledged so far
	done  chan struct{} // closed when every writer has returned
}

func (w *drillWrites) ackedSnapshot() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.acked...)
}

// write runs drillWriters writers until stop is closed, each write a recognition from
// writer i's giver with a unique message. A write counts as acknowledged only when the
// server answered 201 Created.
func (s *drillSite) write(ctx context.Context, run string) *drillWrites {
	w := &drillWrites{sent: map[string]bool{}, done: make(chan struct{})}
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for i := range drillWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := s.people[i], s.people[i+1]
			for j := range drillMaxWrites {
				if ctx.Err() != nil {
					return
				}
				msg := fmt.Sprintf("%s writer %d write %d", run, i, j)
				body, _ := json.Marshal(map[string]any{"from": from, "to": []string{to}, "value": 1, "message": msg})
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.proc.url+"/api/v1/recognitions", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+s.token)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", msg)
				w.mu.Lock()
				w.sent[msg] = true
				w.mu.Unlock()
				res, err := client.Do(req)
				if err != nil {
					return // the server is gone (killed) or the burst is over
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusCreated {
					w.mu.Lock()
					w.acked = append(w.acked, msg)
					w.mu.Unlock()
					w.n.Add(1)
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(w.done)
	}()
	return w
}

// waitFor waits until n writes are acknowledged, the writers finish, or the burst ends.
func (w *drillWrites) waitFor(t *testing.T, n int64) {
	t.Helper()
	deadline := time.After(drillBurst)
	for w.n.Load() < n {
		select {
		case <-w.done:
			return
		case <-deadline:
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// drillMessages opens the database file (no server running) and returns the messages of the
// run's recognitions, after checking PRAGMA integrity_check.
func drillMessages(t *testing.T, path, run string) map[string]bool {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	defer st.Close()
	var check string
	if err := st.DB().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("PRAGMA integrity_check on %s: %q %v", path, check, err)
	}
	rows, err := st.DB().Query("SELECT message FROM recognitions WHERE message LIKE ?", run+" writer %")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		out[m] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCrashDrill: 32 writers, SIGKILL mid-burst, restart on the same file: every write the
// server acknowledged is there, nothing that was never sent is, and the file is intact.
func TestCrashDrill(t *testing.T) {
	s := newDrillSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), drillBurst)
	defer cancel()
	w := s.write(ctx, "crash")
	w.waitFor(t, 150)
	s.proc.kill() // SIGKILL while the writers are still sending
	cancel()
	<-w.done
	acked := w.ackedSnapshot()
	if len(acked) < 150 {
		t.Fatalf("only %d writes were acknowledged before the kill; the drill needs a burst\n%s", len(acked), s.proc.output)
	}
	if len(acked) == drillWriters*drillMaxWrites {
		t.Fatalf("every write finished before the kill: nothing was in flight")
	}

	// Restart on the same file: it must start, answer, and keep every acknowledged write.
	again := drillServe(t, s.bin, "--db", s.db)
	res, err := http.Get(again.url + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("after the restart /healthz: %v %v", res, err)
	}
	res.Body.Close()
	again.stop(t)
	got := drillMessages(t, s.db, "crash")
	for _, m := range acked {
		if !got[m] {
			t.Errorf("acknowledged write %q is missing after the crash", m)
		}
	}
	for m := range got {
		if !w.sent[m] {
			t.Errorf("the database holds %q, which nobody sent", m)
		}
	}
	t.Logf("%d writes acknowledged before SIGKILL, %d in the database after the restart", len(acked), len(got))
}

// TestBackupDrill: "lodestar backup" while 32 writers run; the copy opens, serves, passes
// integrity_check and holds every write acknowledged before the backup began.
func TestBackupDrill(t *testing.T) {
	s := newDrillSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), drillBurst)
	defer cancel()
	w := s.write(ctx, "backup")
	w.waitFor(t, 100)
	before := w.ackedSnapshot()
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	out, err := exec.Command(s.bin, "backup", "--db", s.db, copyPath).CombinedOutput()
	after := w.n.Load()
	if err != nil {
		t.Fatalf("lodestar backup under load: %v\n%s", err, out)
	}
	cancel()
	<-w.done
	if len(before) < 100 {
		t.Fatalf("only %d writes acknowledged before the backup; the drill needs load", len(before))
	}
	if after == int64(len(before)) {
		t.Logf("note: no write was acknowledged while the backup ran")
	}
	s.proc.stop(t)

	// Restore: a server starts on the copy and answers with the token made before the backup.
	restored := drillServe(t, s.bin, "--db", copyPath)
	req, _ := http.NewRequest(http.MethodGet, restored.url+"/api/v1/recognitions", nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the restored server: GET /api/v1/recognitions %v %v", res, err)
	}
	res.Body.Close()
	restored.stop(t)

	got := drillMessages(t, copyPath, "backup")
	for _, m := range before {
		if !got[m] {
			t.Errorf("write %q was acknowledged before the backup began but is not in the copy", m)
		}
	}
	for m := range got {
		if !w.sent[m] {
			t.Errorf("the copy holds %q, which nobody sent", m)
		}
	}
	if len(got) < len(before) {
		t.Errorf("the copy holds %d writes, fewer than the %d acknowledged before the backup", len(got), len(before))
	}
	t.Logf("%d writes acknowledged before the backup, %d in the copy, %d acknowledged in all", len(before), len(got), len(w.ackedSnapshot()))
	// The original, after its graceful stop, holds every acknowledged write too.
	orig := drillMessages(t, s.db, "backup")
	for _, m := range w.ackedSnapshot() {
		if !orig[m] {
			t.Errorf("acknowledged write %q is missing from the original", m)
		}
	}
}

package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Helpers for tests that run real "lodestar serve" processes (twoserver_test.go,
// nginx_test.go), on the binary the drills build once per test run (drillBuild).

// proc is a running "lodestar serve" process.
type proc struct {
	cmd    *exec.Cmd
	url    string
	stdout *cmdBuffer
	stderr *cmdBuffer
	exited chan struct{}
}

// startServe starts "lodestar serve --addr 127.0.0.1:0 ARGS…" and waits until it listens.
// The process is stopped (SIGTERM, then SIGKILL) when the test ends.
func startServe(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{stdout: &cmdBuffer{}, stderr: &cmdBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(drillBuild(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	// Only this test's settings: a LODESTAR_* variable of the caller must not leak in.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LODESTAR_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.exited:
		case <-time.After(20 * time.Second):
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := cmdRunningAt.FindStringSubmatch(p.stdout.String()); m != nil {
			p.url = m[1]
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("serve exited:\n%s\n%s", p.stdout, p.stderr)
		default:
		}
	}
	t.Fatalf("serve did not start:\n%s\n%s", p.stdout, p.stderr)
	return nil
}

// logLines returns the process's JSON log records whose msg is msg.
func (p *proc) logLines(msg string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(p.stderr.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// waitLog waits until the process has logged msg, and fails the test after a while.
func (p *proc) waitLog(t *testing.T, msg string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if l := p.logLines(msg); len(l) > 0 {
			return l[0]
		}
	}
	t.Fatalf("no %q in the log:\n%s", msg, p.stderr)
	return nil
}

// noRedirects is a client that shows redirects instead of following them, and keeps no
// cookies: each request carries the cookie the test gives it.
var noRedirects = &http.Client{Timeout: 30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type answer struct {
	status   int
	location string
	body     string
	cookies  []*http.Cookie
}

// call sends one request with the session cookie (when given) and reads the whole answer.
func call(c *http.Client, method, u, cookie string, form url.Values) (answer, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return answer{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", "en")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b), cookies: res.Cookies()}, err
}

// mustCall is call that fails the test on a transport error.
func mustCall(t *testing.T, c *http.Client, method, u, cookie string, form url.Values) answer {
	t.Helper()
	a, err := call(c, method, u, cookie, form)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return a
}

// signInAt signs in with a demo account and returns the session cookie header value.
func signInAt(t *testing.T, c *http.Client, base, login, password string) string {
	t.Helper()
	a := mustCall(t, c, "POST", base+"/login", "", url.Values{"login": {login}, "password": {password}})
	if a.status != http.StatusSeeOther {
		t.Fatalf("sign-in as %s at %s: %d", login, base, a.status)
	}
	for _, ck := range a.cookies {
		if ck.Name == "lodestar_session" {
			return ck.Name + "=" + ck.Value
		}
	}
	t.Fatalf("sign-in as %s set no session cookie", login)
	return ""
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

var recognitionPath = regexp.MustCompile(`^/recognition/(\d+)$`)

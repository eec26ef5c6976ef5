package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"lodestar/store"
)

// repeatReader yields the same byte for ever: a large body without holding it in memory.
type repeatReader byte

func (b repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// rawMultipart sends a multipart form with one file of size bytes over a raw connection,
// streaming the body while it reads the answer (a server may answer before reading it all).
func rawMultipart(t *testing.T, base, path, cookie string, size int64) (int, string) {
	t.Helper()
	return rawMultipartFile(t, base, path, cookie, io.LimitReader(repeatReader('a'), size), size)
}

// rawMultipartFile is rawMultipart with the file's content read from file (size bytes).
func rawMultipartFile(t *testing.T, base, path, cookie string, file io.Reader, size int64) (int, string) {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	head := "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n"
	tail := "\r\n--XYZ--\r\n"
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: %d\r\n",
		path, u.Host, int64(len(head))+size+int64(len(tail)))
	if cookie != "" {
		fmt.Fprintf(conn, "Cookie: %s\r\n", cookie)
	}
	io.WriteString(conn, "\r\n")
	go func() {
		// Write errors are expected once the server has answered and closed.
		io.Copy(conn, io.MultiReader(strings.NewReader(head), file, strings.NewReader(tail)))
	}()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// signInCookie signs in over HTTP and returns the session cookie as a Cookie header value.
func signInCookie(t *testing.T, base, login string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"login": {login}, "password": {store.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: %d", login, res.StatusCode)
	}
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "lodestar_session" {
			return c, ck.Name + "=" + ck.Value
		}
	}
	t.Fatalf("no session cookie for %s", login)
	return nil, ""
}

// firstMatch fetches a page and returns the first submatch of re in it.
func firstMatch(t *testing.T, c *http.Client, pageURL string, re *regexp.Regexp) string {
	t.Helper()
	res, err := c.Get(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := re.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("%s: nothing matches %s", pageURL, re)
	}
	return m[1]
}

// The real server, with its own temporary folder: multipart bodies far over any limit,
// anonymous and signed in, are refused with a clear page and leave no file behind.
func TestServeRefusesHugeMultipartBodiesAndLeavesNoTempFiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	tmp := filepath.Join(t.TempDir(), "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	// mime/multipart spills to os.TempDir(), which reads TMPDIR on every call.
	t.Setenv("TMPDIR", tmp)
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db, "--demo")

	agent, agentCookie := signInCookie(t, s.url, "agent")
	goal := firstMatch(t, agent, s.url+"/goals", regexp.MustCompile(`href="/goals/(\d+)"`))
	manager, managerCookie := signInCookie(t, s.url, "manager")
	check := firstMatch(t, manager, s.url+"/checks", regexp.MustCompile(`href="/checks/(\d+)/report"`))

	const noFiles, tooLarge, sentTooMuch = "This page does not take file uploads", "The file is larger than 5 MB", "Too much sent at once"
	for _, tc := range []struct {
		path, cookie string
		size         int64
		status       int
		text         string
	}{
		{"/login", "", 33 << 20, http.StatusRequestEntityTooLarge, sentTooMuch},
		{"/language", "", 33 << 20, http.StatusRequestEntityTooLarge, sentTooMuch},
		{"/goals/" + goal + "/checkins", agentCookie, 40 << 20, http.StatusRequestEntityTooLarge, sentTooMuch},
		// Within the limit, a file where none is taken is the wrong kind of body.
		{"/login", "", 1 << 10, http.StatusUnsupportedMediaType, noFiles},
		{"/goals/" + goal + "/checkins", agentCookie, 100 << 10, http.StatusUnsupportedMediaType, noFiles},
		{"/checks/" + check + "/interviews/upload", managerCookie, 6 << 20, http.StatusRequestEntityTooLarge, tooLarge},
		{"/checks/" + check + "/interviews/upload", managerCookie, 40 << 20, http.StatusRequestEntityTooLarge, tooLarge},
	} {
		status, body := rawMultipart(t, s.url, tc.path, tc.cookie, tc.size)
		if status != tc.status || !strings.Contains(body, tc.text) {
			t.Errorf("POST %s (%d KB): status %d, want %d with %q", tc.path, tc.size>>10, status, tc.status, tc.text)
		}
	}
	// Files within the limit (4.5 MB, so most of it spills to a temporary file) are read
	// whole and checked: the answer lists the rows' problems, and the files are removed too.
	_, adminCookie := signInCookie(t, s.url, "admin")
	for _, tc := range []struct{ path, cookie, header string }{
		{"/admin/import", adminCookie, "employee_id,name\n"},
		{"/checks/" + check + "/interviews/upload", managerCookie, "employee_id,question,level,note\n"},
	} {
		file := tc.header + strings.Repeat("nobody,x\n", (4<<20+512<<10)/9)
		status, body := rawMultipartFile(t, s.url, tc.path, tc.cookie, strings.NewReader(file), int64(len(file)))
		if status != http.StatusUnprocessableEntity {
			t.Errorf("POST %s (4.5 MB): status %d, want 422 with the file's problems: %.300s", tc.path, status, body)
		}
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left in the temp folder: %s", e.Name())
	}
}

// getOnce sends GET /healthz on conn and reads the answer, leaving the connection open.
func getOnce(conn net.Conn, r *bufio.Reader) error {
	io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: lodestar\r\n\r\n")
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	return res.Body.Close()
}

// closedByServer reads conn until the server closes it; the deadline only keeps a failing
// test from hanging.
func closedByServer(conn net.Conn, r io.Reader) error {
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err := io.Copy(io.Discard, r)
	if errors.Is(err, syscall.ECONNRESET) {
		// The server closed it with bytes of ours unread (a trickled body), so the
		// kernel answered them with a reset: closed by the server all the same.
		return nil
	}
	return err // nil: EOF, the server closed it
}

func TestServeClosesIdleAndTricklingConnections(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db, "--idle-timeout", "300ms", "--read-timeout", "500ms")
	u, _ := url.Parse(s.url)

	// An idle keep-alive connection is closed after the idle timeout.
	idle, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	br := bufio.NewReader(idle)
	if err := getOnce(idle, br); err != nil {
		t.Fatal(err)
	}
	if err := closedByServer(idle, br); err != nil {
		t.Errorf("idle keep-alive connection: %v, want closed by the server", err)
	}

	// A body trickling in (1 byte every 50 ms of a declared 1,000) is cut off by the read timeout.
	slow, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	io.WriteString(slow, "POST /login HTTP/1.1\r\nHost: lodestar\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				if _, err := slow.Write([]byte("a")); err != nil {
					return
				}
			}
		}
	}()
	if err := closedByServer(slow, slow); err != nil {
		t.Errorf("trickling body: %v, want closed by the server", err)
	}
}

// With --max-conns 2 and two connections open, a third is served only once one of them
// has been closed (here by the idle timeout): when its answer arrives, one of the two is
// already closed.
func TestServeCapsOpenConnections(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db, "--idle-timeout", "2s", "--max-conns", "2")
	u, _ := url.Parse(s.url)
	var open []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := getOnce(conn, bufio.NewReader(conn)); err != nil {
			t.Fatal(err)
		}
		open = append(open, conn)
	}
	third, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	third.SetDeadline(time.Now().Add(20 * time.Second))
	if err := getOnce(third, bufio.NewReader(third)); err != nil {
		t.Fatal(err)
	}
	closed := 0
	for _, conn := range open {
		// A closed connection has its end of file waiting already; an open one times out.
		conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		if _, err := conn.Read(make([]byte, 1)); errors.Is(err, io.EOF) {
			closed++
		}
	}
	if closed == 0 {
		t.Fatalf("a third connection was served while two were open")
	}
}

// One address cannot take every connection: with room for 4 and 2 per address, the third
// and fourth connections from 127.0.0.1 are closed, and 127.0.0.2 is still served while the
// first two stay open (idle keep-alive, held for a minute).
func TestServeCapsConnectionsPerClientAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", db, "--max-conns", "4", "--max-conns-per-client", "2")
	u, _ := url.Parse(s.url)
	dial := func(from string) net.Conn {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
		conn, err := d.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		return conn
	}
	served := 0
	for range 4 {
		conn := dial("127.0.0.1")
		if getOnce(conn, bufio.NewReader(conn)) == nil {
			served++
		}
	}
	if served != 2 {
		t.Errorf("%d connections from one address served, want 2", served)
	}
	other := dial("127.0.0.2")
	if err := getOnce(other, bufio.NewReader(other)); err != nil {
		t.Fatalf("another address while the first holds its connections: %v", err)
	}
}

func TestServeRefusesBadLimitSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	for env, want := range map[string]string{
		"LODESTAR_READ_TIMEOUT":         "LODESTAR_READ_TIMEOUT",
		"LODESTAR_WRITE_TIMEOUT":        "LODESTAR_WRITE_TIMEOUT",
		"LODESTAR_IDLE_TIMEOUT":         "LODESTAR_IDLE_TIMEOUT",
		"LODESTAR_MAX_CONNS":            "LODESTAR_MAX_CONNS",
		"LODESTAR_MAX_CONNS_PER_CLIENT": "LODESTAR_MAX_CONNS_PER_CLIENT",
	} {
		_, _, err := cmdRun(t, map[string]string{env: "-1"}, "serve", "--addr", "127.0.0.1:0", "--db", db)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s=-1: %v", env, err)
		}
	}
}

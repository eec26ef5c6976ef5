package handlers_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lodestar/handlers"
	"lodestar/store"
	"lodestar/store/storetest"
)

// onlyReader hides a reader's length, so the request goes out chunked without Content-Length
// and only the server's body limit can stop it.
type onlyReader struct{ io.Reader }

func TestAPIBodiesRefuseTrailingDataAndOversizeWith413(t *testing.T) {
	w := recognitionSetup(t)
	token, err := w.app.store.CreateToken(t.Context(), w.ids["ADMIN"], "chat bot")
	if err != nil {
		t.Fatal(err)
	}
	good := fmt.Sprintf(`{"from": "A", "to": ["T"], "badge": %d, "message": %q}`, w.badge, recognitionMessage)
	for body, want := range map[string]string{
		good + "garbage": "nothing after it",
		good + good:      "nothing after it",
		good + "]":       "nothing after it",
	} {
		status, out := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, body, nil)
		if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out["error"]), want) {
			t.Errorf("%.40s…: %d %v, want 400 with %q", body, status, out, want)
		}
	}
	long := fmt.Sprintf(`{"from": "A", "to": ["T"], "badge": %d, "message": %q}`, w.badge, strings.Repeat("x", 70<<10))
	if status, out := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, long, nil); status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(fmt.Sprint(out["error"]), "64 KB") {
		t.Errorf("70 KB body: %d %v, want 413 naming 64 KB", status, out)
	}
	// Without Content-Length the limit is met while reading.
	req, _ := http.NewRequest("POST", w.app.srv.URL+"/api/v1/recognitions", onlyReader{strings.NewReader(long)})
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if res := w.app.client().do(req); res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, "64 KB") {
		t.Errorf("chunked 70 KB body: %d %s", res.StatusCode, res.Body)
	}
	if status, out := recognitionAPI(t, w, "GET", "/api/v1/recognitions", token, "", nil); status != http.StatusOK || len(out["recognitions"].([]any)) != 0 {
		t.Fatalf("refused bodies recorded recognitions: %d %v", status, out)
	}
	// A multipart body is refused unread.
	status, out := recognitionAPI(t, w, "POST", "/api/v1/recognitions", token, "--x--\r\n", map[string]string{"Content-Type": "multipart/form-data; boundary=x"})
	if status != http.StatusUnsupportedMediaType || !strings.Contains(fmt.Sprint(out["error"]), "multipart") {
		t.Errorf("multipart: %d %v", status, out)
	}
}

// 1.2 million empty people fit in 5 MB; the array is refused at the row cap, at once.
func TestAPIPutPeopleRefusesMoreRowsThanTheCap(t *testing.T) {
	app := newTestApp(t)
	token := apiPeopleToken(app, "HR")
	body := "[" + strings.Repeat("{},", 1_200_000) + "{}]"
	res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, body)
	want := fmt.Sprintf("more than %d items", store.MaxImportRows)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, want) || len(res.Body) > 1000 {
		t.Fatalf("status %d, %d bytes: %.300s", res.StatusCode, len(res.Body), res.Body)
	}
}

func TestPageFormsOverTheLimitOrWithFilesAreRefusedWithAClearPage(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	for _, tc := range []struct {
		lang, want string
	}{
		{"en", "What you sent is larger than this page accepts"},
		{"zh-CN", "您提交的内容超出了此页面允许的大小"},
	} {
		// A sign-in form takes a few KB: 100 KB is refused before the password is checked.
		form := url.Values{"login": {"E1"}, "password": {strings.Repeat("p", 100<<10)}}
		req, _ := http.NewRequest("POST", app.srv.URL+"/login", onlyReader{strings.NewReader(form.Encode())})
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", tc.lang)
		res := app.client().do(req)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: 100 KB sign-in: %d %.200s", tc.lang, res.StatusCode, res.Body)
		}
	}
	// An ordinary form takes up to 1 MB (long markdown); 2 MB is refused, nothing changes.
	c := app.signedIn("E1")
	res := c.post("/account/password", url.Values{"current": {testPassword}, "new": {strings.Repeat("n", 2<<20)}, "confirm": {"x"}})
	if res.StatusCode != http.StatusRequestEntityTooLarge || res.doc(t).Find(`[data-testid="error-page"]`).Length() != 1 {
		t.Errorf("2 MB form: %d", res.StatusCode)
	}
	// A file sent to a form that takes none: 415, the page says so.
	req, _ := http.NewRequest("POST", app.srv.URL+"/language", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nzh\r\n--x--\r\n"))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if res := app.client().do(req); res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(res.Body, "This page does not take file uploads") {
		t.Errorf("multipart language switch: %d", res.StatusCode)
	}
}

// /healthz writes a probe row at most every 10 s; while another connection holds the write
// lock (a stuck writer: nothing can be written) it answers 503 with the reason, and pages
// and API calls that only read keep working, even when they are due to refresh the
// session's seen_at mark or the token's last use; a sign-in, which must be saved, fails.
func TestHealthzTellsUpFromUpButCannotWrite(t *testing.T) {
	storetest.SkipOnPostgres(t, "holds SQLite's write lock with BEGIN IMMEDIATE")
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"}, store.PersonInput{EmployeeID: "E2"})
	signedIn := app.signedIn("E1")
	token := apiPeopleToken(app, "reader")
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", token, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("API before: %d", res.StatusCode)
	}
	ctx := t.Context()
	probe := func() string { v, _ := app.store.Setting(ctx, "health_write_probe", ""); return v }
	if res := app.client().get("/healthz"); res.StatusCode != http.StatusOK || res.Body != "ok\n" {
		t.Fatalf("healthy: %d %q", res.StatusCode, res.Body)
	}
	first := probe()
	if first == "" {
		t.Fatalf("no probe row written")
	}
	// Monitors polling every second share one write per 10 s.
	app.clock.now = app.clock.now.Add(5 * time.Second)
	if res := app.client().get("/healthz"); res.StatusCode != http.StatusOK || probe() != first {
		t.Fatalf("within 10 s: %d, probe %q → %q", res.StatusCode, first, probe())
	}

	// Past the session's touch interval and the token's: the next calls want a write each.
	app.clock.now = app.clock.now.Add(6 * time.Minute)
	conn, err := app.store.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	app.clock.now = app.clock.now.Add(10 * time.Second)
	res := app.client().get("/healthz")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "database cannot be written: database is locked") {
		t.Errorf("write lock held elsewhere: %d %q", res.StatusCode, res.Body)
	}
	if res := app.client().get("/login"); res.StatusCode != http.StatusOK {
		t.Errorf("a page that only reads: %d", res.StatusCode)
	}
	if res := signedIn.get("/me"); res.StatusCode != http.StatusOK {
		t.Errorf("a signed-in page that only reads: %d", res.StatusCode)
	}
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", token, ""); res.StatusCode != http.StatusOK {
		t.Errorf("an API call that only reads: %d %.200s", res.StatusCode, res.Body)
	}
	if res := app.client().post("/login", url.Values{"login": {"E2"}, "password": {testPassword}}); res.StatusCode == http.StatusSeeOther {
		t.Errorf("a sign-in that could not be saved looked like it worked")
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	// The failure is remembered until the next probe, which then succeeds.
	if res := app.client().get("/healthz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("right after the lock is released: %d", res.StatusCode)
	}
	app.clock.now = app.clock.now.Add(10 * time.Second)
	if res := app.client().get("/healthz"); res.StatusCode != http.StatusOK || probe() == first {
		t.Errorf("after the next probe: %d %q", res.StatusCode, res.Body)
	}
}

// The body-limit tables name routes by pattern: a renamed route would silently fall back
// to the default (and an upload route would refuse its files), so each entry must exist.
func TestBodyLimitTablesNameRealRoutes(t *testing.T) {
	app := newTestApp(t)
	registered := map[string]bool{}
	for _, rt := range app.routes() {
		registered[rt.method+" "+rt.pattern] = true
	}
	for route := range handlers.BodyLimits {
		if !registered[route] {
			t.Errorf("body limit for %q, which is not a route", route)
		}
	}
	for route := range handlers.UploadRoutes {
		if _, ok := handlers.BodyLimits[route]; !ok || !registered[route] {
			t.Errorf("upload route %q is not a route with its own limit", route)
		}
	}
}

// answerBeforeBody sends a POST's headers declaring a body of declared bytes, then only its
// first sent bytes, and reads the answer. A server that read the body before answering would
// wait for the rest for ever: the connection's deadline then fails the test.
func answerBeforeBody(t *testing.T, base, path string, header map[string]string, declared int64, sent int) (int, string) {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n", path, u.Host, declared)
	for k, v := range header {
		fmt.Fprintf(conn, "%s: %s\r\n", k, v)
	}
	io.WriteString(conn, "\r\n")
	io.WriteString(conn, "csv="+strings.Repeat("a", sent-4))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST %s: no answer before the body was sent: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// A 15 MB form (within the interview confirm's limit) is refused before any of it is read
// when it comes from another site, from nobody signed in, or from someone who may not use
// the route: only the first 4 KB are ever sent.
func TestBigFormsAreRefusedUnreadBeforeTheCallerIsKnown(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	employee := app.signedIn("E1")
	const declared, sent = 15 << 20, 4 << 10
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"cross-site, anonymous", map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"anonymous", nil, http.StatusRequestEntityTooLarge},
		{"employee", map[string]string{"Cookie": "lodestar_session=" + employee.sessionCookie(), "Origin": app.srv.URL, "Sec-Fetch-Site": "same-origin"}, http.StatusForbidden},
	} {
		status, body := answerBeforeBody(t, app.srv.URL, "/checks/1/interviews/confirm", tc.header, declared, sent)
		if status != tc.status || !strings.Contains(body, `data-testid="error-page"`) {
			t.Errorf("%s: %d, want %d: %.200s", tc.name, status, tc.status, body)
		}
	}
}

// The body limit is looked up on the path the router routes on: with an encoded slash,
// "/checks/1/interviews%2Fupload" is no upload route to chi, so it takes no files either.
func TestBodyLimitFollowsTheRoutersPath(t *testing.T) {
	app := newTestApp(t)
	req, _ := http.NewRequest("POST", app.srv.URL+"/checks/1/interviews%2Fupload", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"csv\"\r\n\r\na\r\n--x--\r\n"))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if res := app.client().do(req); res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("multipart to an encoded look-alike of the upload route: %d, want 415", res.StatusCode)
	}
}

// Without a length, a file sent where none is taken is read only as far as the limit to
// tell 413 (over it) from 415 (within it).
func TestChunkedFilesWhereNoneIsTakenAre413OverTheLimit(t *testing.T) {
	app := newTestApp(t)
	for size, want := range map[int]int{1 << 10: http.StatusUnsupportedMediaType, 100 << 10: http.StatusRequestEntityTooLarge} {
		body := "--x\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\n" + strings.Repeat("z", size) + "\r\n--x--\r\n"
		req, _ := http.NewRequest("POST", app.srv.URL+"/language", onlyReader{strings.NewReader(body)})
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		if res := app.client().do(req); res.StatusCode != want {
			t.Errorf("chunked multipart of %d KB to /language: %d, want %d", size>>10, res.StatusCode, want)
		}
	}
}

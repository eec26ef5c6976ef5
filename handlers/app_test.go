package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"lodestar/handlers"
	"lodestar/store"
	"lodestar/store/storetest"
)

// testApp is a real Lodestar: a SQLite file, the real router, a real HTTP server.
type testApp struct {
	t     testing.TB
	store *store.Store
	srv   *httptest.Server
	clock *testClock
}

type testClock struct{ now time.Time }

func (c *testClock) Now() time.Time { return c.now }

const testPassword = "correct-horse-battery"

func newTestApp(t testing.TB, options ...func(*handlers.Deps)) *testApp {
	t.Helper()
	return newTestAppAt(t, storetest.DB(t, "lodestar.db"), options...)
}

// newTestAppAt is newTestApp on the database file at path (empty or prepared).
func newTestAppAt(t testing.TB, path string, options ...func(*handlers.Deps)) *testApp {
	t.Helper()
	clock := &testClock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	st, err := store.Open(path, store.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	deps := handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, option := range options {
		option(&deps)
	}
	h := handlers.New(deps)
	srv := httptest.NewServer(h.Routes())
	t.Cleanup(func() {
		srv.Close()
		h.Close()
		st.Close()
	})
	return &testApp{t: t, store: st, srv: srv, clock: clock}
}

// seed creates people with the test password; inputs get sensible defaults.
func (a *testApp) seed(people ...store.PersonInput) {
	a.t.Helper()
	ctx := context.Background()
	for i := range people {
		p := &people[i]
		if p.Name == "" {
			p.Name = "Person " + p.EmployeeID
		}
		if p.Tier == "" {
			p.Tier = store.TierFrontLine
		}
		if p.Role == "" {
			p.Role = store.RoleEmployee
		}
		if p.EmploymentType == "" {
			p.EmploymentType = store.EmploymentPermanent
		}
		if p.HiredOn == "" {
			p.HiredOn = "2024-01-01"
		}
	}
	if _, err := a.store.UpsertPeople(ctx, 0, people, 0); err != nil {
		a.t.Fatal(err)
	}
	for _, p := range people {
		got, err := a.store.PersonByEmployeeID(ctx, p.EmployeeID)
		if err != nil {
			a.t.Fatal(err)
		}
		if err := a.store.SetPassword(ctx, got.ID, got.ID, testPassword); err != nil {
			a.t.Fatal(err)
		}
	}
}

// client is one browser: its own cookie jar, no automatic redirects.
type client struct {
	app  *testApp
	http *http.Client
}

func (a *testApp) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{app: a, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signedIn returns a client signed in as employeeID.
func (a *testApp) signedIn(employeeID string) *client {
	a.t.Helper()
	c := a.client()
	res := c.post("/login", url.Values{"login": {employeeID}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("sign-in as %s: status %d", employeeID, res.StatusCode)
	}
	return c
}

type response struct {
	*http.Response
	Body string
}

func (r response) doc(t testing.TB) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (c *client) do(req *http.Request) response {
	c.app.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.app.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, Body: string(b)}
}

func (c *client) get(path string) response {
	c.app.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	return c.do(req)
}

// post sends a form the way a browser on the same site does.
func (c *client) post(path string, form url.Values) response {
	c.app.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.app.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

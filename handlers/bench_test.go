package handlers_test

// Benchmarks of the busiest pages on the demo organisation, through the real router
// (sessions in SQLite, sign-in check, handler, templ rendering). See docs/performance.md.
//
//	go test -bench . -run '^$' ./handlers/

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lodestar/handlers"
	"lodestar/store"
)

// demoBenchSite is the real router on a copy of the demo database, with the session
// cookie of one signed-in person.
type demoBenchSite struct {
	router http.Handler
	store  *store.Store
	cookie *http.Cookie
}

func demoBenchOpen(b *testing.B, employeeID string) *demoBenchSite {
	b.Helper()
	path := filepath.Join(b.TempDir(), "lodestar.db")
	if err := os.WriteFile(path, browserDemoBytes(b), 0o600); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.WithClock(func() time.Time { return browserDemoClock }))
	if err != nil {
		b.Fatal(err)
	}
	h := handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	b.Cleanup(func() {
		h.Close()
		st.Close()
	})
	site := &demoBenchSite{router: h.Routes(), store: st}
	form := url.Values{"login": {employeeID}, "password": {store.DemoPassword}}
	req := httptest.NewRequest(http.MethodPost, "http://lodestar.test/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	site.router.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("sign-in as %s: status %d", employeeID, rec.Code)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "lodestar_session" {
			site.cookie = c
		}
	}
	if site.cookie == nil {
		b.Fatal("sign-in set no session cookie")
	}
	return site
}

// get serves one page and fails unless it is a 200 with the wanted marker.
// It uses Errorf, not Fatalf, because RunParallel calls it from other goroutines.
func (s *demoBenchSite) get(b *testing.B, path, want string) {
	req := httptest.NewRequest(http.MethodGet, "http://lodestar.test"+path, nil)
	req.AddCookie(s.cookie)
	rec := httptest.NewRecorder()
	s.router.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
		b.Errorf("GET %s: status %d, marker %q missing", path, rec.Code, want)
	}
}

func (s *demoBenchSite) personPath(b *testing.B, employeeID string) string {
	p, err := s.store.PersonByEmployeeID(context.Background(), employeeID)
	if err != nil {
		b.Fatal(err)
	}
	return "/people/" + itoa(p.ID)
}

// demoBenchPages are the measured pages: the directory (first page, a name search, a
// department filter), a profile and the home page.
func demoBenchPages(b *testing.B, s *demoBenchSite) []struct{ name, path, want string } {
	return []struct{ name, path, want string }{
		{"directory", "/people", `data-testid="people-list"`},
		{"directory_search", "/people?q=" + url.QueryEscape("王"), `data-testid="people-list"`},
		{"directory_department", "/people?department=" + url.QueryEscape("Inbound Voice"), `data-testid="people-list"`},
		{"profile", s.personPath(b, "agent"), `data-testid="profile-facts"`},
		{"home", "/", `data-testid="home-greeting"`},
	}
}

// BenchmarkPages serves each page from one goroutine: the time of one request.
func BenchmarkPages(b *testing.B) {
	s := demoBenchOpen(b, "manager")
	for _, p := range demoBenchPages(b, s) {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				s.get(b, p.path, p.want)
			}
		})
	}
}

// BenchmarkPagesParallel serves each page from GOMAXPROCS goroutines at once: the
// throughput of the machine (req/s = 1e9 / ns/op).
func BenchmarkPagesParallel(b *testing.B) {
	s := demoBenchOpen(b, "manager")
	for _, p := range demoBenchPages(b, s) {
		b.Run(p.name, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					s.get(b, p.path, p.want)
				}
			})
		})
	}
}

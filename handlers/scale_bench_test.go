package handlers_test

// BenchmarkScale serves the hot pages of a generated 10,000-person organisation (lodestar
// gen) through the real router, so a regression in a query plan or a page's size shows in
// CI's output (.ci/test runs it once per page with -benchtime 1x). The 100,000-person figures
// come from `lodestar bench`: docs/performance.md.
//
//	go test -run '^$' -bench Scale -benchtime 20x ./handlers/

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"lodestar/handlers"
	"lodestar/store"
)

// scaleImage is the generated database, built once per test binary and copied per benchmark.
var scaleImage struct {
	once  sync.Once
	bytes []byte
	err   error
}

const scalePeople = 10000

func scaleBytes(b *testing.B) []byte {
	b.Helper()
	scaleImage.once.Do(func() {
		dir, err := os.MkdirTemp("", "lodestar-scale-")
		if err != nil {
			scaleImage.err = err
			return
		}
		defer os.RemoveAll(dir)
		st, err := store.Open(filepath.Join(dir, "build.db"), store.WithClock(func() time.Time { return browserDemoClock }))
		if err != nil {
			scaleImage.err = err
			return
		}
		defer st.Close()
		start := time.Now()
		if err := st.Generate(context.Background(), store.GenOptions{People: scalePeople, Recognitions: 10 * scalePeople}); err != nil {
			scaleImage.err = err
			return
		}
		b.Logf("generated %d people in %v", scalePeople, time.Since(start).Round(time.Millisecond))
		image := filepath.Join(dir, "scale.db")
		if err := st.Backup(context.Background(), image); err != nil {
			scaleImage.err = err
			return
		}
		scaleImage.bytes, scaleImage.err = os.ReadFile(image)
	})
	if scaleImage.err != nil {
		b.Fatalf("generating the organisation: %v", scaleImage.err)
	}
	return scaleImage.bytes
}

// scaleSite is the router on a copy of the generated database with the demo accounts signed in.
type scaleSite struct {
	router  http.Handler
	cookies map[string]*http.Cookie
}

func scaleOpen(b *testing.B) *scaleSite {
	b.Helper()
	path := filepath.Join(b.TempDir(), "lodestar.db")
	if err := os.WriteFile(path, scaleBytes(b), 0o600); err != nil {
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
	site := &scaleSite{router: h.Routes(), cookies: map[string]*http.Cookie{}}
	for _, who := range []string{"agent", "manager", "leader"} {
		form := url.Values{"login": {who}, "password": {store.DemoPassword}}
		req := httptest.NewRequest(http.MethodPost, "http://lodestar.test/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		site.router.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.Name == "lodestar_session" {
				site.cookies[who] = c
			}
		}
		if site.cookies[who] == nil {
			b.Fatalf("sign-in as %s: status %d", who, rec.Code)
		}
	}
	return site
}

var scaleBranchLink = regexp.MustCompile(`/goals/tree\?goal=\d+`)

func BenchmarkScale(b *testing.B) {
	s := scaleOpen(b)
	deep := url.QueryEscape(browserDemoClock.AddDate(0, 0, -400).UTC().Format(time.RFC3339) + "~" + fmt.Sprint(int64(1)<<40))
	pages := []struct{ name, as, path string }{
		{"home", "agent", "/"},
		{"board", "agent", "/recognition"},
		{"board_deep", "agent", "/recognition?after=" + deep},
		{"profile", "agent", "/me"},
		{"directory", "manager", "/people"},
		{"search", "manager", "/people?q=" + url.QueryEscape("王")},
		{"search_pinyin", "manager", "/people?q=wang"},
		{"search_initials", "manager", "/people?q=wxd"},
		{"search_deep", "manager", "/people?q=wang&after=1.5000"},
		{"picker", "agent", "/people/pick?except=me&q=wang"},
		{"picker_initials", "agent", "/people/pick?except=me&q=wxd"},
		{"give_form", "agent", "/recognition/give"},
		{"goal_tree", "agent", "/goals/tree"},
		{"my_training", "agent", "/training"},
		{"team_matrix", "manager", "/training/team"},
		{"report_manager", "manager", "/checks/3/report"},
		{"report_leader", "leader", "/checks/3/report"},
		{"report_department", "leader", "/checks/3/report?dept=Inbound+Voice"},
		{"checks_trend", "leader", "/checks"},
		{"culture", "agent", "/culture"},
		// The inbox's count is in every page's header; its page and the two homes with tiles.
		{"inbox", "manager", "/inbox"},
		{"home_manager", "manager", "/"},
		{"home_leader", "leader", "/"},
	}
	// The goal tree's first branch below the top page, as its "open" link names it.
	top := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "http://lodestar.test/goals/tree", nil)
	req.AddCookie(s.cookies["agent"])
	s.router.ServeHTTP(top, req)
	if branch := scaleBranchLink.FindString(top.Body.String()); branch != "" {
		pages = append(pages, struct{ name, as, path string }{"goal_tree_branch", "agent", branch})
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "http://lodestar.test"+p.path, nil)
				req.AddCookie(s.cookies[p.as])
				rec := httptest.NewRecorder()
				s.router.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s as %s: status %d", p.path, p.as, rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "html-bytes")
		})
	}
}

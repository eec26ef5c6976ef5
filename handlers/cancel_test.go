package handlers_test

import (
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// cancellingWriter is a client that goes away: once more than after bytes have reached it,
// the request's context is cancelled, as the server does when the connection closes.
type cancellingWriter struct {
	*httptest.ResponseRecorder
	written, after int
	cancel         context.CancelFunc
}

func (c *cancellingWriter) Write(p []byte) (int, error) {
	c.written += len(p)
	if c.written > c.after {
		c.cancel()
	}
	return c.ResponseRecorder.Write(p)
}

// The recognition export is complete (one row per recipient of every recognition, oldest
// first), and a request whose client has gone stops its query: the export (a million rows at
// 100k) stops reading soon after the context is cancelled instead of running to the end, and
// the store's export returns the context's error.
func TestRecognitionExportIsCompleteAndStopsWhenTheClientLeaves(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	if err := app.store.Generate(ctx, store.GenOptions{People: 1000, Recognitions: 20000}); err != nil {
		t.Fatal(err)
	}

	// In the store: the rows stop coming once the context is cancelled.
	total := 0
	if err := app.store.ExportRecognitions(ctx, func(store.ExportRow) error { total++; return nil }); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	seen := 0
	err := app.store.ExportRecognitions(cctx, func(store.ExportRow) error {
		if seen++; seen == 100 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || seen >= total/2 {
		t.Errorf("cancelled export: %v after %d of %d rows", err, seen, total)
	}

	// Through the router: the whole export, then one whose client leaves after 16 KB.
	admin := app.client()
	if res := admin.post("/login", url.Values{"login": {"admin"}, "password": {store.DemoPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	full := admin.get("/recognition/export.csv")
	if full.StatusCode != http.StatusOK || len(full.Body) < 1<<20 {
		t.Fatalf("full export: %d, %d bytes", full.StatusCode, len(full.Body))
	}
	records, err := csv.NewReader(strings.NewReader(full.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	records = records[1:] // the header
	ids := map[string]bool{}
	for i, rec := range records {
		ids[rec[0]] = true
		if i > 0 && rec[1] < records[i-1][1] {
			t.Fatalf("row %d (%s) is older than the row before it (%s)", i, rec[1], records[i-1][1])
		}
	}
	recognitions, err := app.store.CountRecognitionsMentioning(ctx, time.Time{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != total || len(ids) != recognitions || len(records) <= recognitions {
		t.Errorf("export has %d rows for %d recognitions; the store has %d recipient rows and %d recognitions",
			len(records), len(ids), total, recognitions)
	}

	rctx, rcancel := context.WithCancel(ctx)
	defer rcancel()
	req := httptest.NewRequestWithContext(rctx, http.MethodGet, app.srv.URL+"/recognition/export.csv", nil)
	u, _ := url.Parse(app.srv.URL)
	for _, ck := range admin.http.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	w := &cancellingWriter{ResponseRecorder: httptest.NewRecorder(), after: 16 << 10, cancel: rcancel}
	app.srv.Config.Handler.ServeHTTP(w, req)
	if w.written >= len(full.Body)/2 {
		t.Errorf("the export went on after its client left: %d of %d bytes written", w.written, len(full.Body))
	}
}

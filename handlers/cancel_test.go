package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

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

// A request whose client has gone stops its query: the recognition export (a million rows
// at 100k) stops reading soon after the context is cancelled instead of running to the end,
// and the store's export returns the context's error.
func TestCancelledExportStopsItsQuery(t *testing.T) {
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

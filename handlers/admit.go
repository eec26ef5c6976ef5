package handlers

import (
	"net/http"
	"runtime"
	"strings"
)

// admission lets a few requests work at once and queues the rest in arrival order.
//
// Under a burst (64 connections on two cores) every request started at once, and they all
// queued for the database pool's eight connections, which go.dev/src/database/sql hands to
// a waiter chosen at random: most pages answered in tens of milliseconds while the unlucky
// ones waited a second, and each waiting request held its memory. With the gate, waiting
// happens before any work starts and in order (a Go channel's waiters are served first
// come, first served), so the slowest answers are close to the typical ones and the work in
// progress — and its memory — stays small. A waiter whose client gives up leaves the queue.
type admission chan struct{}

// defaultMaxInFlight is the gate's width when Deps.MaxInFlight is 0: enough to keep every
// core busy while another request waits on the disk or the network.
func defaultMaxInFlight() int { return 4 * runtime.GOMAXPROCS(0) }

// newAdmission returns a gate for n requests at once (nil, no gate, for n < 0).
func newAdmission(n int) admission {
	if n < 0 {
		return nil
	}
	if n == 0 {
		n = defaultMaxInFlight()
	}
	return make(admission, n)
}

// admit runs next once the gate lets the request in. Only reading requests queue here:
// writes (awards above all) have their own queue, the group commit of store/give_batch.go,
// which writes more awards per transaction the more of them wait together — gated eight at
// a time, 32 writers gave ~1,000 awards/s instead of ~1,160. Downloads are let through too:
// an export streams for seconds and would hold a place the whole time.
func (a admission) admit(next http.Handler) http.Handler {
	if a == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || isDownload(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case a <- struct{}{}:
		case <-r.Context().Done():
			return // the client gave up while queued: nothing was done
		}
		defer func() { <-a }()
		next.ServeHTTP(w, r)
	})
}

// isDownload tells the export routes (CSV and XLSX files) by their paths.
func isDownload(path string) bool {
	return strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".xlsx")
}

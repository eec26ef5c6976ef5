package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The gate lets n reading requests work at once: the next waits until one ends, a waiter
// whose client gives up never runs, downloads and writes are not held, and a negative width
// means no gate.
func TestAdmissionGate(t *testing.T) {
	inside := make(chan string, 10)
	release := map[string]chan struct{}{} // one per path, so each request is ended on purpose
	for _, path := range []string{"/first", "/second", "/gone", "/training/team.csv", "/recognition"} {
		release[path] = make(chan struct{})
	}
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inside <- r.URL.Path
		<-release[r.URL.Path]
	})
	gate := newAdmission(1)
	h := gate.admit(slow)
	serveMethod := func(ctx context.Context, method, path string) chan struct{} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil).WithContext(ctx))
		}()
		return done
	}
	serve := func(ctx context.Context, path string) chan struct{} { return serveMethod(ctx, "GET", path) }
	ctx := context.Background()
	firstDone := serve(ctx, "/first")
	if got := <-inside; got != "/first" {
		t.Fatalf("first in: %s", got)
	}
	secondDone := serve(ctx, "/second")
	gone, cancel := context.WithCancel(ctx)
	goneDone := serve(gone, "/gone")
	select {
	case got := <-inside:
		t.Fatalf("%s started while the one place was taken", got)
	case <-time.After(100 * time.Millisecond):
	}
	// A download is not queued behind the pages.
	downloadDone := serve(ctx, "/training/team.csv")
	if got := <-inside; got != "/training/team.csv" {
		t.Fatalf("download: %s", got)
	}
	close(release["/training/team.csv"])
	<-downloadDone
	// Nor is a write: awards queue in the store's group commit instead.
	writeDone := serveMethod(ctx, "POST", "/recognition")
	if got := <-inside; got != "/recognition" {
		t.Fatalf("write: %s", got)
	}
	close(release["/recognition"])
	<-writeDone
	cancel()
	<-goneDone // the client gave up while queued
	close(release["/first"])
	<-firstDone
	if got := <-inside; got != "/second" {
		t.Fatalf("after the first: %s started", got)
	}
	close(release["/second"])
	<-secondDone
	select {
	case got := <-inside:
		t.Fatalf("%s ran after its client gave up", got)
	default:
	}

	if newAdmission(-1) != nil || newAdmission(-1).admit(slow) == nil {
		t.Fatal("a negative width must mean no gate")
	}
	if got := cap(newAdmission(0)); got != defaultMaxInFlight() {
		t.Fatalf("default width %d, want %d", got, defaultMaxInFlight())
	}
}

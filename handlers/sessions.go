package handlers

import (
	"context"
	"net/http"

	"lodestar/views"
)

// showOnce returns the request with which to render the answer to the POST that made a
// secret (a new password, an API token): the page shows it as its flash. The secret is not
// put in the session, so it never sits in the database, and no cache may keep the page.
func showOnce(w http.ResponseWriter, r *http.Request, key, secret string) *http.Request {
	w.Header().Set("Cache-Control", "no-store")
	return r.WithContext(context.WithValue(r.Context(), shownOnceKey, views.Flash{Kind: "success", Key: key, Secret: secret}))
}

// noStore asks browsers and proxies to keep no copy of any answer: pages and API answers
// hold people's data and are different for each person. Static assets set their own
// long-lived caching after this runs.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

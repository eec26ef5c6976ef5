package handlers

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// Request body limits. Every route gets the default unless listed in bodyLimits, and only
// the routes in uploadRoutes accept multipart/form-data: a new route is safe by default.
const (
	// smallBodyLimit fits a sign-in or a language switch many times over.
	smallBodyLimit = 16 << 10
	// formBodyLimit is any other form or JSON body: long culture or lesson markdown fits.
	formBodyLimit = 1 << 20
	// multipartOverhead is room for the form's boundaries, headers and small fields around the file.
	multipartOverhead = 64 << 10
	// uploadBodyLimit is an upload form: the largest file accepted plus its overhead.
	uploadBodyLimit = store.MaxImportBytes + multipartOverhead
	// multipartMemory is how much of an upload is kept in memory before the rest spills to
	// a temporary file; the spilled files are removed when the request ends.
	multipartMemory = 1 << 20
)

// bodyLimits are the routes whose bodies may be larger or must be smaller than formBodyLimit,
// keyed "METHOD pattern" as the router knows them.
var bodyLimits = map[string]int64{
	"POST /login":                         smallBodyLimit,
	"POST /logout":                        smallBodyLimit,
	"POST /language":                      smallBodyLimit,
	"POST /admin/import":                  uploadBodyLimit,
	"POST /checks/{id}/interviews/upload": uploadBodyLimit,
	// The previewed CSV comes back in a hidden field; percent-encoding can triple its size.
	"POST /checks/{id}/interviews/confirm":       3*store.MaxImportBytes + multipartOverhead,
	"PUT /api/v1/people":                         store.MaxImportBytes,
	"POST /api/v1/understanding/{id}/interviews": store.MaxImportBytes,
	"POST /api/v1/recognitions":                  64 << 10,
}

// uploadRoutes are the only routes that accept multipart/form-data.
var uploadRoutes = map[string]bool{
	"POST /admin/import":                  true,
	"POST /checks/{id}/interviews/upload": true,
}

// formInHandler are the routes whose handler reads its own body, after every role and
// object check: the upload routes and the interview confirm (up to 15 MB). readForm leaves
// them alone, so nobody can make the server read a body that large for a route they may not use.
var formInHandler = map[string]bool{
	"POST /admin/import":                   true,
	"POST /checks/{id}/interviews/upload":  true,
	"POST /checks/{id}/interviews/confirm": true,
}

// bodyRoute is the route a request body was sized for, kept in the request context for
// limitAnonymous and readForm.
type bodyRoute struct {
	route string
	limit int64
}

// hasBody tells whether the request carries a body at all.
func hasBody(r *http.Request) bool { return r.Body != nil && r.Body != http.NoBody }

// limitBodies caps every request body before any handler reads it, and reads none of it.
// The route is looked up in root (the finished router) on the path chi routes on, so limits
// follow the registered patterns. A body declared over the route's limit is refused at once
// (413); a multipart body sent to a route that takes no files is refused unparsed (415, or
// 413 when over the limit). Page forms are parsed later by readForm, once the session and
// role checks have passed.
func (h *Handler) limitBodies(root *chi.Mux) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !hasBody(r) {
				next.ServeHTTP(w, r)
				return
			}
			route := r.Method + " " + root.Find(chi.NewRouteContext(), r.Method, routingPath(r))
			limit, ok := bodyLimits[route]
			if !ok {
				limit = formBodyLimit
			}
			// Upload routes read up to their limit and answer with the form and the size allowed.
			if r.ContentLength > limit && !uploadRoutes[route] {
				h.refuseBody(w, r, http.StatusRequestEntityTooLarge, limit)
				return
			}
			mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if mediaType == "multipart/form-data" && !uploadRoutes[route] {
				status := http.StatusUnsupportedMediaType
				// Sent without a length: read (and drop) up to the limit to tell which answer is
				// right, but never more than 1 MB before anyone is known.
				probe := min(limit, formBodyLimit)
				if n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, probe+1)); n > limit {
					status = http.StatusRequestEntityTooLarge
				}
				h.refuseBody(w, r, status, limit)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			ctx := context.WithValue(r.Context(), bodyRouteKey, bodyRoute{route: route, limit: limit})
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// routingPath is the path chi routes on: the raw (still escaped) path when there is one.
func routingPath(r *http.Request) string {
	if r.URL.RawPath != "" {
		return r.URL.RawPath
	}
	return r.URL.Path
}

// limitAnonymous runs in the page chain once the session is loaded: nobody signed in may
// send more than smallBodyLimit, whatever the route (the public forms need no more, and the
// other routes send them to /login unread).
func (h *Handler) limitAnonymous(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := currentPerson(r); ok || !hasBody(r) {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > smallBodyLimit {
			h.render(w, r, http.StatusRequestEntityTooLarge, views.ErrorPage(http.StatusRequestEntityTooLarge, "error.too_large"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, smallBodyLimit)
		next.ServeHTTP(w, r)
	})
}

// readForm parses a url-encoded page form behind the cross-site, session and role checks,
// so an oversized form is a 413 page rather than a silently empty form. Routes in
// formInHandler parse their own body.
func (h *Handler) readForm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		br, _ := r.Context().Value(bodyRouteKey).(bodyRoute)
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if !hasBody(r) || formInHandler[br.route] || mediaType != "application/x-www-form-urlencoded" {
			next.ServeHTTP(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			h.formFailed(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// formFailed answers a form that could not be read: 413 when it was over the limit, 400
// when it was cut short (the read timeout, a client gone) or not form-encoded; a handler
// never sees a half-read form.
func (h *Handler) formFailed(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.render(w, r, http.StatusRequestEntityTooLarge, views.ErrorPage(http.StatusRequestEntityTooLarge, "error.too_large"))
		return
	}
	h.render(w, r, http.StatusBadRequest, views.ErrorPage(http.StatusBadRequest, "error.invalid"))
}

// isAPI tells whether the request is for the JSON API, which answers errors in JSON.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// refuseBody answers 413 (too large) or 415 (a file sent where none is taken): a JSON error
// for the API, a translated page otherwise. The unread body is not parsed.
func (h *Handler) refuseBody(w http.ResponseWriter, r *http.Request, status int, limit int64) {
	if isAPI(r) {
		msg := "the body is larger than the " + sizeText(limit) + " this route accepts"
		if status == http.StatusUnsupportedMediaType {
			msg = "this route does not take multipart/form-data: send JSON"
		}
		writeJSONError(w, status, msg)
		return
	}
	key := "error.too_large"
	if status == http.StatusUnsupportedMediaType {
		key = "error.no_files"
	}
	h.renderEarly(w, r, status, views.ErrorPage(status, key))
}

// renderEarly renders a page from middleware that runs before the page chain: it loads
// the session itself, for the reader's language and header.
func (h *Handler) renderEarly(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	h.loadSession(h.loadPerson(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, status, c)
	}))).ServeHTTP(w, r)
}

// readUpload reads one uploaded file of a multipart form (on a route listed in uploadRoutes).
// Parts beyond multipartMemory spill to temporary files, which are removed before it returns.
// ok is false when the form holds no such file; err is a *http.MaxBytesError when the
// body was over the route's limit.
func readUpload(r *http.Request, field string) (content []byte, ok bool, err error) {
	if err := r.ParseMultipartForm(multipartMemory); err != nil {
		return nil, false, err
	}
	defer r.MultipartForm.RemoveAll()
	f, _, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	content, err = io.ReadAll(io.LimitReader(f, store.MaxImportBytes+1))
	return content, err == nil, err
}

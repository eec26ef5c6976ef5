package handlers

import (
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

// limitBodies caps every request body before any handler reads it. The route is looked up
// in root (the finished router) so limits follow the registered patterns. Page forms are
// parsed here, so an oversized form is a 413 page rather than a silently empty form; a
// multipart body sent to a route that takes no files is refused without being parsed.
func (h *Handler) limitBodies(root *chi.Mux) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body == nil || r.Body == http.NoBody {
				next.ServeHTTP(w, r)
				return
			}
			route := r.Method + " " + root.Find(chi.NewRouteContext(), r.Method, r.URL.Path)
			limit, ok := bodyLimits[route]
			if !ok {
				limit = formBodyLimit
			}
			mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if mediaType == "multipart/form-data" && !uploadRoutes[route] {
				h.refuseBody(w, r, http.StatusUnsupportedMediaType, limit)
				return
			}
			// Upload routes read up to their limit and answer with the form and the size allowed.
			if r.ContentLength > limit && !uploadRoutes[route] {
				h.refuseBody(w, r, http.StatusRequestEntityTooLarge, limit)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if mediaType == "application/x-www-form-urlencoded" && !isAPI(r) {
				if err := r.ParseForm(); err != nil {
					var tooBig *http.MaxBytesError
					if errors.As(err, &tooBig) {
						h.refuseBody(w, r, http.StatusRequestEntityTooLarge, limit)
						return
					}
					// A body cut short (the read timeout, a client gone) or not form-encoded:
					// never hand a half-read form to a handler.
					h.renderEarly(w, r, http.StatusBadRequest, views.ErrorPage(http.StatusBadRequest, "error.invalid"))
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
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
	h.sessions.LoadAndSave(h.loadPerson(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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

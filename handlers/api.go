package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
)

// apiRoutes registers the JSON API under /api/v1; every route needs a bearer token.
func (h *Handler) apiRoutes(r chi.Router) {
	r.Use(h.requireToken)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "no such API route")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusMethodNotAllowed, "method not allowed on this route")
	})
	h.apiPeople(r)
	h.apiInvite(r)
	h.apiCulture(r)
	h.apiGoals(r)
	h.apiTraining(r)
	h.apiChecks(r)
	h.apiRecognition(r)
}

// requireToken lets through requests carrying a valid "Authorization: Bearer TOKEN".
func (h *Handler) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(secret) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="lodestar"`)
			writeJSONError(w, http.StatusUnauthorized, "missing bearer token")
			return
		}
		tok, err := h.store.AuthenticateToken(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			if errors.Is(err, store.ErrBadToken) || errors.Is(err, store.ErrTokenExpired) {
				message := "unknown or revoked token"
				if errors.Is(err, store.ErrTokenExpired) {
					message = "token expired: ask an administrator for a new one"
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="lodestar", error="invalid_token"`)
				writeJSONError(w, http.StatusUnauthorized, message)
				return
			}
			h.log.Error("api token", "err", err)
			writeJSONError(w, http.StatusInternalServerError, "something went wrong")
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tokenKey, tok)))
	})
}

// requireScope lets through requests whose token may write the given area (a store.Scope…
// constant); every API route that writes names its area with it. Others get 403 with what
// the token may do, so whoever runs the integration knows which token to ask for.
func requireScope(scope string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tok := apiToken(r)
			if !tok.MayWrite(scope) {
				may := "read"
				if len(tok.Scopes) > 0 {
					may += ", " + strings.Join(tok.Scopes, ", ")
				}
				writeJSON(w, http.StatusForbidden, map[string]any{
					"error":        fmt.Sprintf("this token may not write %s: its scope is %s", scope, may),
					"needed_scope": scope,
					"token_scopes": append([]string{"read"}, tok.Scopes...),
				})
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// apiToken is the token the API request came with (behind requireToken).
func apiToken(r *http.Request) store.Token {
	t, _ := r.Context().Value(tokenKey).(store.Token)
	return t
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// writeJSONError writes {"error": message}.
func writeJSONError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"error": message})
}

// apiFail maps an error to a JSON error the same way fail does for pages.
func (h *Handler) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var verr *store.ValidationError
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, "not found")
	case errors.Is(err, errForbidden):
		writeJSONError(w, http.StatusForbidden, "forbidden")
	case errors.As(err, &verr):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "invalid input", "problems": apiProblems(verr)})
	default:
		h.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSONError(w, http.StatusInternalServerError, "something went wrong")
	}
}

// apiProblem is one validation problem in an API error; Item is the 0-based index in the body.
type apiProblem struct {
	Item   *int   `json:"item,omitempty"`
	Field  string `json:"field"`
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"`
}

func apiProblems(verr *store.ValidationError) []apiProblem {
	out := make([]apiProblem, 0, len(verr.Problems))
	for _, p := range verr.Problems {
		ap := apiProblem{Field: p.Field, Code: p.Code, Detail: p.Arg}
		if p.Row > 0 {
			item := p.Row - 1
			ap.Item = &item
		}
		out = append(out, ap)
	}
	return out
}

package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	h.apiCredentials(r)
	h.apiChannels(r)
	h.apiInbox(r)
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

// viaToken names the API token of the call in the events it causes.
func viaToken(r *http.Request) store.Arg {
	return store.Msg("event.via.api_token", store.RefArg(store.RefToken, apiToken(r).ID))
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
		body := map[string]any{"error": "invalid input", "problems": apiProblems(verr), "total_problems": verr.Total()}
		if verr.Omitted > 0 {
			body["error"] = fmt.Sprintf("invalid input: the first %d of %d problems are listed", len(verr.Problems), verr.Total())
		}
		writeJSON(w, http.StatusUnprocessableEntity, body)
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
	// Allowed lists the accepted values of an "invalid_choice" problem.
	Allowed []string `json:"allowed,omitempty"`
}

func apiProblems(verr *store.ValidationError) []apiProblem {
	out := make([]apiProblem, 0, len(verr.Problems))
	for _, p := range verr.Problems {
		ap := apiProblem{Field: p.Field, Code: p.Code, Detail: p.Arg}
		if p.Allowed != "" {
			ap.Allowed = strings.Split(p.Allowed, ", ")
		}
		if p.Row > 0 {
			item := p.Row - 1
			ap.Item = &item
		}
		out = append(out, ap)
	}
	return out
}

// errTooManyItems is returned by decodeJSONArray for an array longer than allowed.
type errTooManyItems struct{ max int }

func (e errTooManyItems) Error() string {
	return fmt.Sprintf("the array holds more than %d items: send at most %d per request", e.max, e.max)
}

// errTrailingData is returned when something follows the one JSON value of a body.
var errTrailingData = errors.New("the body must hold one JSON value and nothing after it")

// jsonDecoder reads a request body (already capped by limitBodies) refusing unknown fields.
func jsonDecoder(r *http.Request) *json.Decoder {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	return dec
}

// jsonEnd checks that nothing but white space follows the value just decoded.
func jsonEnd(dec *json.Decoder) error {
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return errTrailingData
	}
	return nil
}

// decodeJSON reads the body of an API request as exactly one JSON value into v: unknown
// fields and anything after the value are errors. Every API route reads its body through
// decodeJSON or decodeJSONArray and answers a failure with writeJSONBodyError.
func decodeJSON(r *http.Request, v any) error {
	dec := jsonDecoder(r)
	if err := dec.Decode(v); err != nil {
		return err
	}
	return jsonEnd(dec)
}

// decodeJSONArray is decodeJSON for a JSON array of at most max items. It decodes one item
// at a time and stops at item max+1, so a body of a million tiny objects costs nothing.
func decodeJSONArray[T any](r *http.Request, max int) ([]T, error) {
	dec := jsonDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errNotArray
	}
	out := []T{}
	for dec.More() {
		if len(out) == max {
			return nil, errTooManyItems{max}
		}
		var item T
		if err := dec.Decode(&item); err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	if _, err := dec.Token(); err != nil { // the closing ]
		return nil, err
	}
	return out, jsonEnd(dec)
}

var errNotArray = errors.New("not an array")

// writeJSONBodyError explains why a request body is not the JSON expected (want says what
// is): 413 when it is over the route's limit or holds too many items, else 400.
func writeJSONBodyError(w http.ResponseWriter, err error, want string) {
	var tooBig *http.MaxBytesError
	var tooMany errTooManyItems
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	status, msg := http.StatusBadRequest, ""
	switch {
	case errors.As(err, &tooBig):
		status, msg = http.StatusRequestEntityTooLarge, "the body is larger than the "+sizeText(tooBig.Limit)+" this route accepts"
	case errors.As(err, &tooMany):
		status, msg = http.StatusRequestEntityTooLarge, err.Error()
	case errors.Is(err, io.EOF):
		msg = "the body is empty: send " + want
	case errors.Is(err, errTrailingData):
		msg = err.Error()
	case errors.Is(err, errNotArray):
		msg = "the body must be " + want
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		msg = "the body is not valid JSON: " + err.Error()
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			msg = "the body must be " + want
		} else {
			msg = fmt.Sprintf("field %q must be a %s, not a JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
		}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		msg = "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + ": the body must be " + want
	default:
		msg = "the body is not " + want + ": " + err.Error()
	}
	writeJSONError(w, status, msg)
}

// sizeText writes a byte count for people: "64 KB", "5 MB".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

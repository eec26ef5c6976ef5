package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"lodestar/views"
)

// Flash messages ("Recognition sent", "Saved") ride in a short-lived cookie of their own from
// the POST that sets one to the next page shown, not in the session: a flash in the session
// made every form's POST, and the page that showed it, write the session row — a write
// transaction of its own, contending with awards for SQLite's one writer (profiled: a sixth of
// an award's CPU, and most of its tail latency). The cookie holds only which message to show
// (a catalogue key, its argument, a count); never a secret (showOnce renders those directly).

// flashMaxAge bounds how long an unshown message waits; flashArgMax bounds its argument (a
// name or a title): percent-encoded, 250 characters stay well inside the 4 KB browsers keep
// of a cookie, where a longer one would be dropped and the message lost.
const (
	flashMaxAge = 10 * 60 // seconds
	flashArgMax = 250     // characters
)

// flashCookieName is the cookie's name. With secure cookies it carries the __Host- prefix:
// browsers then take it only from this host over HTTPS, never set by a sibling subdomain.
func (h *Handler) flashCookieName() string {
	if h.secureCookies {
		return "__Host-lodestar_flash"
	}
	return "lodestar_flash"
}

// flash sets the message the next page shows.
func (h *Handler) flash(w http.ResponseWriter, kind, key, arg string) {
	h.setFlash(w, views.Flash{Kind: kind, Key: key, Arg: arg})
}

// flashCount is a flash whose message counts something: the page picks the plural form.
func (h *Handler) flashCount(w http.ResponseWriter, kind, key string, n int) {
	h.setFlash(w, views.Flash{Kind: kind, Key: key, Count: n, Counted: true})
}

func (h *Handler) setFlash(w http.ResponseWriter, f views.Flash) {
	v := url.Values{"kind": {f.Kind}, "key": {f.Key}}
	if f.Arg != "" {
		v.Set("arg", clipText(f.Arg, flashArgMax))
	}
	if f.Counted {
		v.Set("count", strconv.Itoa(f.Count))
	}
	// Query encoding leaves only characters a cookie value may hold.
	http.SetCookie(w, h.flashCookieOf(v.Encode(), flashMaxAge))
}

// popFlash reads the flash the request carries and clears it, so it is shown once. A cookie
// this server did not write (edited by hand, or from an older version) shows nothing unless
// it names a message of the catalogue in a known kind: it can show its own browser one of
// our messages, nothing else.
func (h *Handler) popFlash(w http.ResponseWriter, r *http.Request) views.Flash {
	c, err := r.Cookie(h.flashCookieName())
	if err != nil {
		return views.Flash{Kind: "info"}
	}
	http.SetCookie(w, h.flashCookieOf("", -1))
	v, err := url.ParseQuery(c.Value)
	if err != nil {
		return views.Flash{Kind: "info"}
	}
	f := views.Flash{Kind: v.Get("kind"), Key: v.Get("key"), Arg: v.Get("arg")}
	if n, err := strconv.Atoi(v.Get("count")); err == nil {
		f.Count, f.Counted = n, true
	}
	known := views.Known(f.Key)
	if f.Counted {
		known = views.Known(f.Key + ".other")
	}
	if !known || (f.Kind != "success" && f.Kind != "error" && f.Kind != "info") {
		return views.Flash{Kind: "info"}
	}
	return f
}

func (h *Handler) flashCookieOf(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: h.flashCookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.secureCookies, SameSite: http.SameSiteLaxMode}
}

// clipText cuts s to at most n characters, marking the cut with "…".
func clipText(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	return string(runes[:n-1]) + "…"
}

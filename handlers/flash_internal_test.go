package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"lodestar/views"
)

// A flash written to a response comes back from the next request as it was set — counted ones
// with their count — and reading it clears the cookie.
func TestFlashCookieRoundTrip(t *testing.T) {
	h := &Handler{secureCookies: true}
	for _, want := range []views.Flash{
		{Kind: "success", Key: "admin.person_saved", Arg: "王小明 & <Ann>; \"quoted\", 100%"},
		{Kind: "error", Key: "recognition.given"},
		{Kind: "success", Key: "checks.refresher_assigned", Count: 7, Counted: true},
		{Kind: "info", Key: "checks.refresher_assigned", Count: 0, Counted: true},
	} {
		set := httptest.NewRecorder()
		if want.Counted {
			h.flashCount(set, want.Kind, want.Key, want.Count)
		} else {
			h.flash(set, want.Kind, want.Key, want.Arg)
		}
		cookies := set.Result().Cookies()
		if len(cookies) != 1 || cookies[0].Name != "__Host-lodestar_flash" || cookies[0].Path != "/" || cookies[0].Domain != "" || !cookies[0].HttpOnly || !cookies[0].Secure || cookies[0].SameSite != http.SameSiteLaxMode || cookies[0].MaxAge <= 0 {
			t.Fatalf("%s: cookie %+v", want.Key, cookies)
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.AddCookie(cookies[0])
		shown := httptest.NewRecorder()
		if got := h.popFlash(shown, r); got != want {
			t.Errorf("flash %+v came back as %+v", want, got)
		}
		cleared := shown.Result().Cookies()
		if len(cleared) != 1 || cleared[0].Name != "__Host-lodestar_flash" || cleared[0].MaxAge >= 0 {
			t.Errorf("%s: shown but not cleared: %+v", want.Key, cleared)
		}
	}
	// Without secure cookies (plain HTTP) the name cannot carry the prefix.
	plain := httptest.NewRecorder()
	(&Handler{}).flash(plain, "success", "recognition.given", "")
	if c := plain.Result().Cookies(); len(c) != 1 || c[0].Name != "lodestar_flash" || c[0].Secure {
		t.Errorf("plain HTTP: %+v", c)
	}
	// A long argument (a title in emoji and Chinese) is cut so that the cookie stays under the
	// 4 KB a browser keeps, and says it was cut.
	long := strings.Repeat("😀服", 400)
	set := httptest.NewRecorder()
	h.flash(set, "success", "admin.person_saved", long)
	c := set.Result().Cookies()[0]
	if size := len(c.Name) + len(c.Value); size > 3800 {
		t.Errorf("a long argument makes a %d-byte cookie", size)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(c)
	if got := h.popFlash(httptest.NewRecorder(), r).Arg; !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) || !strings.HasSuffix(got, "…") || len([]rune(got)) != 250 {
		t.Errorf("long argument came back as %d characters: %q…", len([]rune(got)), string([]rune(got)[:10]))
	}
	// No cookie: nothing shown and nothing cleared.
	none := httptest.NewRecorder()
	if got := h.popFlash(none, httptest.NewRequest(http.MethodGet, "/", nil)); got.Key != "" || len(none.Result().Cookies()) != 0 {
		t.Errorf("no cookie: %+v, %v", got, none.Result().Cookies())
	}
}

package handlers_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"lodestar/store"
)

// The agent's, manager's and leader's pages in English, 简体中文 and 繁體中文 on a 375 px
// phone: each page fits the screen and carries the right <html lang>; the Chinese pages show
// no English interface text (what people wrote — names, goal, check and recognition texts —
// is taken out first: bilingual content is another piece of work) and no doubled
// punctuation. A zh-TW browser that nobody has signed in with gets the sign-in page in
// Traditional Chinese.
func TestBrowserThreeLanguagesOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	user := languagesUserWords(t, site)

	b := site.browser(t)
	b.phone()
	// A Taiwan browser: the headless browser's Accept-Language is set for this page load.
	browserRun(b, "zh-TW Accept-Language", browserSetAcceptLanguage("zh-TW,zh;q=0.9"))
	b.open("/login")
	if got := b.attr("html", "lang"); got != "zh-Hant" {
		t.Errorf("a zh-TW browser's sign-in page: html lang %q, want zh-Hant", got)
	}
	if got := b.text("h1"); got != "登入" {
		t.Errorf("a zh-TW browser's sign-in page: heading %q, want 登入", got)
	}
	if leaks := browserEnglishLeaks(b, user, languagesUserData); len(leaks) > 0 {
		t.Errorf("/login (zh-TW): English interface text:\n  %s", strings.Join(leaks, "\n  "))
	}
	browserRun(b, "English Accept-Language", browserSetAcceptLanguage("en-GB"))

	pages := map[string][]string{
		"agent":   {"/", "/me", "/culture", "/goals", "/training", "/recognition", "/checks", "/people", "/notifications"},
		"manager": {"/", "/goals/team", "/training/team", "/recognition/fairness", "/checks"},
		"leader":  {"/", "/culture/acknowledgements", "/goals/tree", "/checks", "/recognition/give"},
	}
	for _, who := range []string{"agent", "manager", "leader"} {
		b.signInAs(who)
		for _, lang := range []struct{ code, html string }{{"zh-Hant", "zh-Hant"}, {"zh", "zh-Hans"}, {"en", "en"}} {
			b.open("/")
			b.selectAndWait(`[data-testid=language-switch] select`, lang.code)
			for _, path := range pages[who] {
				b.checkNoSidewaysScroll(path)
				where := fmt.Sprintf("%s %s as %s", path, lang.code, who)
				if got := b.attr("html", "lang"); got != lang.html {
					t.Errorf("%s: html lang %q, want %q", where, got, lang.html)
				}
				if lang.code == "en" {
					continue
				}
				if leaks := browserEnglishLeaks(b, user, languagesUserData); len(leaks) > 0 {
					t.Errorf("%s: English interface text:\n  %s", where, strings.Join(leaks, "\n  "))
				}
				body := b.text("body")
				if m := languagesDoubledPunct.FindString(body); m != "" {
					t.Errorf("%s: doubled punctuation %q", where, m)
				}
				if lang.code == "zh-Hant" {
					if m := languagesSimplifiedUI.FindString(b.text("header, nav, h1")); m != "" {
						t.Errorf("%s: Simplified character %q in the Traditional page's header or heading", where, m)
					}
				}
			}
		}
		b.signOut()
	}
}

var (
	languagesDoubledPunct = regexp.MustCompile(`[。！？，；：]\s*[。！？，；：·]`)
	// Characters that exist only in Simplified script and that the interface's headings use.
	languagesSimplifiedUI = regexp.MustCompile(`[们这说对个为会时过还没发现应该么样点让给请认识问题设置据号经议员关业务户网络线条约质检录码项边开门间长东车书买卖写学实际简页标导训练认证层级价值观]`)
)

// languagesUserWords adds, to what the culture walk takes out, the other texts people write
// in one language today: strategy check titles and recognition messages.
func languagesUserWords(t *testing.T, site *browserSite) cultureZhUser {
	t.Helper()
	u := cultureZhUserWords(t, site)
	checks, err := site.store.ListChecks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, c := range checks {
		extra = append(extra, c.Title)
	}
	u.phrases = append(extra, u.phrases...)
	// Employee IDs ("agent", "manager" in the demo) are identifiers, not interface text.
	people, _, err := site.store.ListPeople(context.Background(), store.PeopleFilter{Active: "all", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		u.names[p.EmployeeID] = true
	}
	return u
}

// languagesUserData adds the recognition texts people wrote to the culture walk's selector.
const languagesUserData = cultureZhUserData + ", .rec-text, [data-testid=customer-words], [data-testid=profile-message]"

// browserSetAcceptLanguage makes the browser send acceptLanguage from the next request on.
func browserSetAcceptLanguage(acceptLanguage string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Accept-Language": acceptLanguage}})
		return err
	})
}

package views

import (
	"context"
	"strings"

	"lodestar/store"
)

// Shell is what the page frame needs about the request: who is signed in, the
// navigation, the flash message and any banners. Handlers build it once per page.
type Shell struct {
	Signed   bool
	PersonID int64
	Name     string
	Role     string
	Path     string
	Nav      []NavItem
	Flash    Flash
	Unread   int
	Inbox    int // what waits on the person (store.InboxTotal)
	Banners  []Banner
}

// Flash is a one-time message after a redirect. Key is a message key; Secret is a
// value shown once (a new password or API token) in the answer to the POST that made it,
// never stored, not even in the session.
type Flash struct {
	Kind   string // success, error, info
	Key    string
	Arg    string
	Secret string
	// Count, when Counted, fills a counted message (Key.one/.other…) in the reader's plural.
	Count   int
	Counted bool
}

// FlashText is the flash in the reader's language.
func FlashText(ctx context.Context, f Flash) string {
	if f.Counted {
		return L(ctx).N(f.Key, f.Count)
	}
	return T(ctx, f.Key, store.ArgIn(f.Arg, L(ctx).Lang))
}

// Banner is a notice shown on every page until its cause is dealt with.
type Banner struct {
	Key     string
	Href    string
	LinkKey string
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Href    string
	Key     string
	Current bool
}

// navArea is an area of the product and the action it needs (store/policy.go; "": everyone
// signed in).
type navArea struct {
	href   string
	key    string
	action store.Action
}

// navAreas lists the areas in navigation order. Only areas that exist are listed.
func navAreas() []navArea {
	return []navArea{
		{href: "/", key: "nav.home"},
		{href: "/people", key: "nav.people"},
		{href: "/culture", key: "nav.culture"},
		{href: "/goals", key: "nav.goals"},
		{href: "/training", key: "nav.training"},
		{href: "/checks", key: "nav.checks"},
		{href: "/recognition", key: "nav.recognition"},
		{href: "/admin", key: "nav.admin", action: store.ActionAdminister},
	}
}

// NavFor returns the navigation a role sees, marking the area the path belongs to.
func NavFor(role, path string) []NavItem {
	var items []NavItem
	for _, a := range navAreas() {
		if a.action != "" && !store.May(store.Person{Role: role}, a.action) {
			continue
		}
		current := path == a.href || (a.href != "/" && strings.HasPrefix(path, a.href+"/")) || (a.href != "/" && path == a.href)
		items = append(items, NavItem{Href: a.href, Key: a.key, Current: current})
	}
	return items
}

// May tells whether the signed-in person may do a (store.May), for what a page offers.
func (s Shell) May(a store.Action) bool { return s.Signed && store.May(store.Person{Role: s.Role}, a) }

type shellKey struct{}

// WithShell puts the shell in the context the layout renders with.
func WithShell(ctx context.Context, s Shell) context.Context {
	return context.WithValue(ctx, shellKey{}, s)
}

// ShellFrom returns the context's shell (empty when none).
func ShellFrom(ctx context.Context) Shell {
	s, _ := ctx.Value(shellKey{}).(Shell)
	return s
}

// Initials returns up to two initials for an avatar: the first character of a
// Chinese name's given part or the first letters of the first and last English words.
func Initials(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "?"
	}
	words := strings.Fields(name)
	if r := []rune(words[0]); r[0] > 0x2E80 { // a CJK name first ("李娜 Li Na"): initials of the CJK part
		words = words[:1]
	}
	if len(words) == 1 {
		r := []rune(words[0])
		if len(r) > 1 && r[0] > 0x2E80 { // CJK: show the last two characters (the given name)
			return string(r[len(r)-min(2, len(r)-1):])
		}
		return strings.ToUpper(string(r[0]))
	}
	first := []rune(words[0])
	last := []rune(words[len(words)-1])
	return strings.ToUpper(string(first[0]) + string(last[0]))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

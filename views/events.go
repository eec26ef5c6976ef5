package views

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lodestar/store"
)

// Events are rendered from their typed arguments: nothing is parsed back out of text. Every
// event message takes the same positions: %[1]s the actor, %[2]s the subject, %[3]s… the
// arguments in the order the store recorded them. Names are the current ones (store.Names).

// EventText is an event as the audit log tells it: "event.<key>".
func EventText(ctx context.Context, e store.Event, names store.Names) string {
	return eventMessage(ctx, "event."+string(e.Key), e, names)
}

// NotificationText is an event as told to one reader: "notify.<key>", or
// "notify.<key>.<reason>" when they are told for a reason (a manager hears of their team).
func NotificationText(ctx context.Context, n store.Notification, names store.Names) string {
	key := "notify." + string(n.Event.Key)
	if n.Reason != "" {
		key += "." + n.Reason
	}
	return eventMessage(ctx, key, n.Event, names)
}

func eventMessage(ctx context.Context, key string, e store.Event, names store.Names) string {
	args := e.Args
	if e.Key == store.EventLegacyAudit && len(args) == 3 {
		args = []store.Arg{args[0], store.List(args[1], args[2])} // action: subject · detail
	}
	out := []any{ActorText(ctx, e.Actor, names), refText(ctx, e.Subject, names)}
	for _, a := range args {
		out = append(out, argText(ctx, a, names))
	}
	return T(ctx, key, out...)
}

// ActorText names who acted; no actor is the system (the scheduler, an import).
func ActorText(ctx context.Context, actor int64, names store.Names) string {
	if actor == 0 {
		return T(ctx, "admin.audit_system")
	}
	return refText(ctx, store.Ref{Kind: store.RefPerson, ID: actor}, names)
}

// EventLink is where an event leads its reader: its subject's page, or nothing when the
// subject is gone or hidden.
func EventLink(e store.Event, names store.Names) string {
	if n, ok := names[e.Subject]; ok && (n.Gone || n.Hidden) {
		return ""
	}
	id := e.Subject.ID
	switch e.Subject.Kind {
	case store.RefRecognition:
		return fmt.Sprintf("/recognition/%d", id)
	case store.RefGoal:
		return fmt.Sprintf("/goals/%d", id)
	case store.RefCheck:
		return fmt.Sprintf("/checks/%d", id)
	case store.RefAttempt:
		return fmt.Sprintf("/training/attempts/%d", id)
	case store.RefCourse:
		return fmt.Sprintf("/training/courses/%d", id)
	case store.RefPerson:
		if e.Key == store.EventBadgeEarned && len(e.Args) > 0 && e.Args[0].Ref != nil {
			return fmt.Sprintf("/people/%d#badge-%d", id, e.Args[0].Ref.ID)
		}
		return fmt.Sprintf("/people/%d", id)
	}
	return ""
}

// refText is a reference's current name; a thing deleted since says so, as does a hidden one.
func refText(ctx context.Context, r store.Ref, names store.Names) string {
	if r.Kind == "" || r.ID == 0 {
		return ""
	}
	kind := T(ctx, "event.kind."+string(r.Kind))
	n, ok := names[r]
	if !ok || n.Gone {
		return T(ctx, "event.deleted", kind, r.ID)
	}
	text := n.In(L(ctx).Lang)
	switch {
	case r.Kind == store.RefVersion:
		text = T(ctx, "event.version", text)
	case text == "":
		text = T(ctx, "event.numbered", kind, r.ID)
	}
	if n.Hidden {
		return T(ctx, "event.hidden", text)
	}
	return text
}

// argText renders one typed argument in the reader's language.
func argText(ctx context.Context, a store.Arg, names store.Names) string {
	l := L(ctx)
	switch a.K {
	case "num":
		return l.Num(int(a.N))
	case "count":
		return l.N(a.Key, int(a.N))
	case "date":
		if d, err := store.ParseDate(a.S); err == nil {
			return l.Date(d)
		}
		return a.S
	case "ref":
		if a.Ref != nil {
			return refText(ctx, *a.Ref, names)
		}
	case "text":
		return store.Name{EN: a.EN, ZH: a.ZH}.In(l.Lang)
	case "plain":
		return a.S
	case "code":
		if _, ok := catalogue[a.Key+a.S]; ok {
			return T(ctx, a.Key+a.S)
		}
		return a.S
	case "field":
		if len(a.List) == 1 {
			return T(ctx, "event.field", T(ctx, a.Key), argText(ctx, a.List[0], names))
		}
	case "change":
		if len(a.List) == 2 {
			return T(ctx, "event.change", T(ctx, a.Key), orDash(argText(ctx, a.List[0], names)), orDash(argText(ctx, a.List[1], names)))
		}
	case "list":
		var parts []string
		for _, item := range a.List {
			if s := argText(ctx, item, names); s != "" {
				parts = append(parts, s)
			}
		}
		sep := "event.separator"
		if a.Key != "" {
			sep = a.Key
		}
		return strings.Join(parts, T(ctx, sep))
	case "msg":
		args := make([]any, len(a.List))
		for i, item := range a.List {
			args[i] = argText(ctx, item, names)
		}
		return T(ctx, a.Key, args...)
	case "legacy":
		s := store.LegacyArg(a.S, l.Lang)
		if len(s) == len(store.DateLayout) {
			if d, err := time.Parse(store.DateLayout, s); err == nil {
				return l.Date(d)
			}
		}
		return s
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

package handlers

import (
	"context"
	"html"
	"strings"

	"lodestar/store"
	"lodestar/views"
)

// MailNotifications queues an email for each notification recorded since the last pass whose
// reader chose that kind by email (and has an address), in the reader's language, with the
// link to act on and the one-click unsubscribe link. Without a configured public address no
// email can carry its links, so none is queued (the admin Email page says where to set it).
func (h *Handler) MailNotifications(ctx context.Context) (int, error) {
	cursor, err := h.store.EmailCursor(ctx)
	if err != nil {
		return 0, err
	}
	list, names, err := h.store.NotificationsAfter(ctx, cursor, 500)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	base := h.configuredBaseURL(ctx)
	today := h.store.Now()
	var emails []store.Email
	for _, m := range list {
		kind := store.EmailKindOf(m.Event.Key)
		p := m.Person
		if kind == "" || base == "" || p.Email == "" || !p.ActiveOn(today) {
			continue
		}
		if !m.Prefs[kind] {
			continue
		}
		token, err := h.store.UnsubscribeToken(ctx, p.ID, kind)
		if err != nil {
			return 0, err
		}
		lang := p.Language
		if lang == "" {
			lang = "en"
		}
		l := views.Locale{Lang: lang}
		text := views.NotificationText(views.WithLocale(ctx, l), m.Notification, names)
		link := base + views.EventLink(m.Event, names)
		unsubscribe := base + "/unsubscribe/" + token
		footer := l.T("emailnotify.footer", l.T("emailprefs.kind."+kind))
		emails = append(emails, store.Email{To: p.Email, Language: lang, UnsubscribeURL: unsubscribe,
			Subject: l.T("emailnotify.subject", firstLine(text, 100)),
			Text:    text + "\n\n" + link + "\n\n-- \n" + footer + "\n" + unsubscribe,
			HTML: "<p>" + html.EscapeString(text) + "</p><p><a href=\"" + html.EscapeString(link) + "\">" + html.EscapeString(l.T("emailnotify.open")) +
				"</a></p><hr><p style=\"color:#666;font-size:small\">" + html.EscapeString(footer) + " <a href=\"" + html.EscapeString(unsubscribe) + "\">" +
				html.EscapeString(l.T("emailnotify.unsubscribe")) + "</a></p>"})
	}
	return len(emails), h.store.QueueNotificationEmails(ctx, emails, list[len(list)-1].ID)
}

// firstLine shortens text to its first line and at most n characters, for a subject.
func firstLine(text string, n int) string {
	text, _, _ = strings.Cut(text, "\n")
	if r := []rune(text); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return text
}

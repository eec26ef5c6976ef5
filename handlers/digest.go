package handlers

import (
	"context"
	"html"
	"strings"

	"lodestar/store"
	"lodestar/views"
)

// SendWeeklyDigests queues this ISO week's digests once they are due (Monday, DigestHour):
// an email to each manager who has not turned it off, in their language, about their
// reporting tree; and a message to each channel receiving digest.weekly, in the channel's
// language, about its department/team (everyone without a filter). Each recipient's week is
// marked in the transaction that queues it, so the scheduler may call this every hour, on
// any number of servers and across restarts: each digest goes once. A week whose due time
// passed while the server was down goes at the first run after; a week missed entirely is
// not sent late (the current week's digest says the same, fresher).
func (h *Handler) SendWeeklyDigests(ctx context.Context) (int, error) {
	now := h.store.Now()
	week, due := store.DigestWeek(now)
	if now.Before(due) {
		return 0, nil
	}
	base := h.configuredBaseURL(ctx)
	queued := 0
	if base != "" { // an email without the public address could carry no links
		managers, err := h.store.DigestManagersDue(ctx, week)
		if err != nil {
			return 0, err
		}
		for _, p := range managers {
			d, err := h.store.WeeklyDigest(ctx, store.DigestScope{ManagerID: p.ID}, due)
			if err != nil {
				return queued, err
			}
			token, err := h.store.UnsubscribeToken(ctx, p.ID, store.EmailWeeklyDigest)
			if err != nil {
				return queued, err
			}
			ok, err := h.store.QueueManagerDigest(ctx, p.ID, week, digestEmail(p, d, base, base+"/unsubscribe/"+token))
			if err != nil {
				return queued, err
			}
			if ok {
				queued++
			}
		}
	}
	channels, err := h.store.DigestChannelsDue(ctx, week)
	if err != nil {
		return queued, err
	}
	for _, c := range channels {
		d, err := h.store.WeeklyDigest(ctx, store.DigestScope{Department: c.Department, Team: c.Team}, due)
		if err != nil {
			return queued, err
		}
		ok, err := h.store.QueueChannelDigest(ctx, c.ID, week, channelDigest(c, d, base))
		if err != nil {
			return queued, err
		}
		if ok {
			queued++
		}
	}
	return queued, nil
}

// digestEmail is a manager's digest email: each line with its link, and the unsubscribe link.
func digestEmail(p store.Person, d store.Digest, base, unsubscribe string) store.Email {
	lang := p.Language
	if lang == "" {
		lang = store.LangEN
	}
	l := views.Locale{Lang: lang}
	last := d.To.AddDate(0, 0, -1)
	heading := l.T("digest.heading", l.Date(d.From), l.Date(last))
	footer := l.T("emailnotify.footer", l.T("emailprefs.kind."+store.EmailWeeklyDigest))
	var text, body strings.Builder
	text.WriteString(heading + "\n\n")
	body.WriteString("<h2>" + html.EscapeString(heading) + "</h2><ul>")
	for _, line := range views.DigestLines(l, d, true) {
		text.WriteString("- " + line.Text + "\n")
		body.WriteString("<li>" + html.EscapeString(line.Text))
		if line.Link != "" {
			text.WriteString("  " + base + line.Link + "\n")
			body.WriteString(` <a href="` + html.EscapeString(base+line.Link) + `">` + html.EscapeString(l.T("emailnotify.open")) + "</a>")
		}
		body.WriteString("</li>")
	}
	text.WriteString("\n-- \n" + footer + "\n" + unsubscribe)
	body.WriteString(`</ul><hr><p style="color:#666;font-size:small">` + html.EscapeString(footer) + ` <a href="` + html.EscapeString(unsubscribe) + `">` +
		html.EscapeString(l.T("emailnotify.unsubscribe")) + "</a></p>")
	return store.Email{To: p.Email, Language: lang, UnsubscribeURL: unsubscribe,
		Subject: l.T("digest.subject", l.Date(last)), Text: text.String(), HTML: body.String()}
}

// channelDigest is a channel's digest message: its unit's week, in the channel's language.
func channelDigest(c store.Channel, d store.Digest, base string) store.ChannelMessage {
	l := views.Locale{Lang: c.Language}
	unit := strings.TrimPrefix(strings.TrimSuffix(store.Pick(c.Language, c.Department, d.DepartmentZH)+" / "+
		store.Pick(c.Language, c.Team, d.TeamZH), " / "), " / ")
	if unit == "" {
		unit = l.T("digest.everyone")
	}
	var lines []string
	for _, line := range views.DigestLines(l, d, false) {
		lines = append(lines, "- "+line.Text)
	}
	m := store.ChannelMessage{Title: l.T("digest.channel_title", unit, l.Date(d.From), l.Date(d.To.AddDate(0, 0, -1))),
		Body: strings.Join(lines, "\n")}
	if base != "" {
		m.Link = base + "/"
	}
	return m
}

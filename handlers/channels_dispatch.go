package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"lodestar/store"
	"lodestar/views"
)

// dispatchBatch is how many events one pass hands to the channels.
const dispatchBatch = 500

// DispatchEvents hands the events recorded since the last pass to the channels that receive
// them, each message written in the channel's language, and moves the cursor on. Handing an
// event to a channel twice (a pass that died before moving the cursor) adds one delivery:
// the outbox keys deliveries by channel and event.
func (h *Handler) DispatchEvents(ctx context.Context) (int, error) {
	cursor, err := h.store.ChannelCursor(ctx)
	if err != nil {
		return 0, err
	}
	events, err := h.store.EventsAfter(ctx, cursor, dispatchBatch)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	channels, err := h.store.EnabledChannels(ctx)
	if err != nil {
		return 0, err
	}
	base := h.configuredBaseURL(ctx)
	queued := 0
	for _, e := range events {
		subject := &eventSubject{}
		for _, c := range channels {
			if !slices.Contains(c.Events, string(e.Key)) || e.At.Before(c.CreatedAt) {
				continue
			}
			m, ok, err := h.channelMessage(ctx, e, c, base, subject)
			if err != nil {
				return queued, err
			}
			if !ok {
				continue
			}
			if err := h.store.EnqueueEventDelivery(ctx, c.ID, m); err != nil {
				return queued, err
			}
			queued++
		}
	}
	return queued, h.store.SetChannelCursor(ctx, events[len(events)-1].ID)
}

// eventSubject holds what one event's messages read about its recognition, so that an
// event handed to several channels reads it once, not once per channel.
type eventSubject struct {
	loaded             bool
	recognition        store.Recognition
	found              bool
	departments, teams []string
}

func (h *Handler) subjectRecognition(ctx context.Context, id int64, sub *eventSubject) error {
	if sub.loaded {
		return nil
	}
	r, err := h.store.RecognitionByID(ctx, id, 0)
	if err != nil && err != store.ErrNotFound {
		return err
	}
	sub.loaded, sub.recognition, sub.found = true, r, err == nil && !r.Hidden
	if sub.found {
		sub.departments, sub.teams, err = h.store.RecognitionUnits(ctx, r.ID)
	}
	return err
}

// channelMessage writes event e for channel c, or says it is not for c (outside its
// department or team filter, or about something gone or hidden).
func (h *Handler) channelMessage(ctx context.Context, e store.Event, c store.Channel, base string, sub *eventSubject) (store.ChannelMessage, bool, error) {
	l := views.Locale{Lang: c.Language}
	lang := c.Language
	m := store.ChannelMessage{EventKey: string(e.Key), EventID: e.ID, SubjectKind: string(e.Subject.Kind), SubjectID: e.Subject.ID}
	switch e.Key {
	case store.EventRecognitionGiven:
		if err := h.subjectRecognition(ctx, e.Subject.ID, sub); err != nil || !sub.found {
			return m, false, err
		}
		r := sub.recognition
		if c.Department != "" && !slices.Contains(sub.departments, c.Department) || c.Team != "" && !slices.Contains(sub.teams, c.Team) {
			return m, false, nil
		}
		var to []string
		for _, p := range r.Recipients {
			to = append(to, p.Name)
		}
		names := strings.Join(to, l.T("recognition.list_sep"))
		switch {
		case r.Giver.ID == 0 && r.Badge != nil:
			m.Title = l.T("dispatch.badge_earned", names, r.Badge.Name(lang))
		case r.Badge != nil:
			m.Title = l.T("dispatch.recognised_badge", r.Giver.Name, names, r.Badge.Name(lang))
		default:
			m.Title = l.T("dispatch.recognised", r.Giver.Name, names)
		}
		m.Body = r.Message
		if v := r.ValueName(lang); v != "" {
			m.Body += "\n" + l.T("dispatch.value", v)
		}
		m.Link = base + "/recognition/" + strconv.FormatInt(r.ID, 10)
	case store.EventCulturePublish:
		m.Title = l.T("dispatch.culture_published")
		m.Body = l.T("dispatch.culture_body")
		m.Link = base + "/culture"
	case store.EventCheckOpen, store.EventCheckClosing, store.EventCheckClose:
		chk, err := h.store.CheckByID(ctx, e.Subject.ID)
		if err != nil {
			return m, false, ignoreNotFound(err)
		}
		title := store.Pick(lang, chk.Title, chk.TitleZH)
		m.Link = base + "/checks/" + strconv.FormatInt(chk.ID, 10)
		switch e.Key {
		case store.EventCheckOpen:
			m.Title = l.T("dispatch.check_opened", title, l.Date(chk.ClosesOn))
			m.Body = l.T("dispatch.check_opened_body")
		case store.EventCheckClosing:
			m.Title = l.T("dispatch.check_closing", title, l.Date(chk.ClosesOn))
			m.Body = l.T("dispatch.check_closing_body")
		default:
			sum, err := h.store.CheckReportSummary(ctx, chk, store.Person{Role: store.RoleAdmin}, store.BreakdownQuery{})
			if err != nil {
				return m, false, err
			}
			o := sum.Overall
			m.Title = l.T("dispatch.check_closed", title)
			if o.Eligible > 0 {
				m.Body = l.T("dispatch.check_result", l.Percent(float64(o.Understood)/float64(o.Eligible)), l.Num(o.Understood), l.Num(o.Eligible))
			}
			m.Link += "/report"
		}
	case store.EventGoalAtRisk:
		g, err := h.store.GoalByID(ctx, e.Subject.ID)
		if err != nil {
			return m, false, ignoreNotFound(err)
		}
		department, team := g.Department, g.Team
		if g.Level == store.LevelPerson {
			owner, err := h.store.PersonByID(ctx, g.OwnerID)
			if err != nil {
				return m, false, ignoreNotFound(err)
			}
			department, team = owner.Department, owner.Team
		}
		if c.Department != "" && c.Department != department || c.Team != "" && c.Team != team {
			return m, false, nil
		}
		status := g.Status
		if len(e.Args) > 0 && e.Args[0].K == "code" {
			status = e.Args[0].S // as it turned, not as it is when the dispatcher reads it
		}
		m.Title = l.T("dispatch.goal_at_risk", store.Pick(lang, g.Title, g.TitleZH), l.T("goals.status."+status))
		m.Body = l.T("dispatch.goal_progress", l.Percent(g.Progress), l.Percent(store.ExpectedShare(g.StartOn, g.DueOn, h.store.Now())), l.Date(g.DueOn))
		if g.Level == store.LevelPerson {
			m.Body = l.T("dispatch.goal_owner", g.OwnerName) + "\n" + m.Body
		}
		m.Link = base + "/goals/" + strconv.FormatInt(g.ID, 10)
	default:
		return m, false, nil
	}
	return m, true, nil
}

func ignoreNotFound(err error) error {
	if err == store.ErrNotFound {
		return nil
	}
	return err
}

// RunEventDispatcher hands new events to the channels, and new notifications to email, every
// interval until ctx ends.
func (h *Handler) RunEventDispatcher(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := h.DispatchEvents(ctx); err != nil && ctx.Err() == nil {
			h.log.Error("event dispatch", "err", err)
		}
		if _, err := h.MailNotifications(ctx); err != nil && ctx.Err() == nil {
			h.log.Error("notification emails", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

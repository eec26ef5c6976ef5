package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// EventKey names what happened. The list is fixed (EventKeys); views has a message for each
// key in every language, and notifications a message for each key that notifies.
type EventKey string

// The event keys. Add a key here, to EventKeys, and its messages to views/messages_events.go.
const (
	EventPersonCreate       EventKey = "person.created"
	EventPersonUpdate       EventKey = "person.updated"
	EventPersonDeactivate   EventKey = "person.deactivated"
	EventPeopleImport       EventKey = "people.imported"
	EventPasswordChange     EventKey = "password.changed"
	EventPasswordReset      EventKey = "password.reset"
	EventPasswordResetAsked EventKey = "password.reset_requested"
	EventLinkUsed           EventKey = "link.used"
	EventInvitationSend     EventKey = "invitation.sent"
	EventEmailRetry         EventKey = "email.retried"
	EventSettingChange      EventKey = "setting.changed"
	EventTokenCreate        EventKey = "token.created"
	EventTokenRevoke        EventKey = "token.revoked"
	EventSSOProviderCreate  EventKey = "sso_provider.created"
	EventSSOProviderUpdate  EventKey = "sso_provider.updated"
	EventSSOSignIn          EventKey = "sso.signed_in"
	EventCulturePublish     EventKey = "culture.published"
	EventGoalCreate         EventKey = "goal.created"
	EventGoalPropose        EventKey = "goal.proposed"
	EventGoalUpdate         EventKey = "goal.updated"
	EventGoalApprove        EventKey = "goal.approved"
	EventGoalReturn         EventKey = "goal.returned"
	EventGoalAtRisk         EventKey = "goal.at_risk" // a check-in turned it from on track to at risk or off track
	EventCourseCreate       EventKey = "course.created"
	EventCourseUpdate       EventKey = "course.updated"
	EventCoursePublish      EventKey = "course.published"
	EventCourseAssigned     EventKey = "course.assigned"
	EventRuleCreate         EventKey = "rule.created"
	EventRuleRetire         EventKey = "rule.retired"
	EventTrainingReviewed   EventKey = "training.reviewed"
	EventCheckCreate        EventKey = "check.created"
	EventCheckUpdate        EventKey = "check.updated"
	EventCheckOpen          EventKey = "check.opened"
	EventCheckOpenLate      EventKey = "check.opened_late"
	EventCheckClose         EventKey = "check.closed"
	EventCheckClosing       EventKey = "check.closing"
	EventCheckQuestion      EventKey = "check.question_changed"
	EventCheckInterviews    EventKey = "check.interviews_recorded"
	EventCheckRemind        EventKey = "check.reminded"
	EventCheckReviewed      EventKey = "check.reviewed"
	EventBadgeCreate        EventKey = "badge.created"
	EventBadgeUpdate        EventKey = "badge.updated"
	EventBadgeRetire        EventKey = "badge.retired"
	EventBadgeReinstate     EventKey = "badge.reinstated"
	EventBadgeEarned        EventKey = "badge.earned"
	EventRecognitionGiven   EventKey = "recognition.given"
	EventRecognitionComment EventKey = "recognition.commented"
	EventRecognitionHide    EventKey = "recognition.hidden"
	EventCommentHide        EventKey = "recognition.comment_hidden"
	EventChannelCreate      EventKey = "channel.created"
	EventChannelUpdate      EventKey = "channel.updated"
	EventChannelTest        EventKey = "channel.tested"
	EventChannelRetry       EventKey = "channel.delivery_retried"
	EventLegacyAudit        EventKey = "legacy.audit"        // an audit_log row from before events (0018)
	EventLegacyNotification EventKey = "legacy.notification" // a notification from before events (0018)
)

// EventKeys is every key, for the completeness test and for readers that list them.
func EventKeys() []EventKey {
	return []EventKey{
		EventPersonCreate, EventPersonUpdate, EventPersonDeactivate, EventPeopleImport,
		EventPasswordChange, EventPasswordReset, EventPasswordResetAsked, EventLinkUsed, EventInvitationSend,
		EventEmailRetry, EventSettingChange, EventTokenCreate, EventTokenRevoke,
		EventSSOProviderCreate, EventSSOProviderUpdate, EventSSOSignIn, EventCulturePublish,
		EventGoalCreate, EventGoalPropose, EventGoalUpdate, EventGoalApprove, EventGoalReturn, EventGoalAtRisk,
		EventCourseCreate, EventCourseUpdate, EventCoursePublish, EventCourseAssigned, EventRuleCreate, EventRuleRetire,
		EventTrainingReviewed, EventCheckCreate, EventCheckUpdate, EventCheckOpen, EventCheckOpenLate, EventCheckClose,
		EventCheckClosing, EventCheckQuestion, EventCheckInterviews, EventCheckRemind, EventCheckReviewed,
		EventBadgeCreate, EventBadgeUpdate, EventBadgeRetire, EventBadgeReinstate, EventBadgeEarned,
		EventRecognitionGiven, EventRecognitionComment, EventRecognitionHide, EventCommentHide,
		EventChannelCreate, EventChannelUpdate, EventChannelTest, EventChannelRetry,
		EventLegacyAudit, EventLegacyNotification,
	}
}

// NotifyReasons lists, per key that notifies, the reasons a reader is told ("" the plain
// one): each pair has its own notification message.
func NotifyReasons() map[EventKey][]string {
	return map[EventKey][]string{
		EventGoalPropose:        {""},
		EventGoalApprove:        {""},
		EventGoalReturn:         {""},
		EventGoalAtRisk:         {""},
		EventCourseAssigned:     {""},
		EventTrainingReviewed:   {""},
		EventCheckOpen:          {""},
		EventCheckOpenLate:      {""},
		EventCheckClosing:       {""},
		EventCheckRemind:        {""},
		EventCheckReviewed:      {""},
		EventBadgeEarned:        {""},
		EventRecognitionGiven:   {"", ReasonTeam},
		EventRecognitionComment: {""},
		EventRecognitionHide:    {""},
		EventCommentHide:        {""},
		EventLegacyNotification: {""},
	}
}

// ReasonTeam: the reader is told as the manager of someone concerned.
const ReasonTeam = "team"

// RefKind is the kind of thing a reference points at.
type RefKind string

const (
	RefPerson      RefKind = "person"
	RefCourse      RefKind = "course"
	RefCheck       RefKind = "check"
	RefBadge       RefKind = "badge"
	RefGoal        RefKind = "goal"
	RefRecognition RefKind = "recognition"
	RefComment     RefKind = "comment"
	RefRule        RefKind = "rule"
	RefVersion     RefKind = "culture_version"
	RefToken       RefKind = "token"
	RefSSOProvider RefKind = "sso_provider"
	RefAttempt     RefKind = "attempt"
	RefChannel     RefKind = "channel"
)

// Ref points at one thing by kind and id; its name is looked up when the event is shown.
type Ref struct {
	Kind RefKind `json:"kind"`
	ID   int64   `json:"id"`
}

// Arg is one typed event argument. Build them with the constructors below; views render
// each kind in the reader's language (a number with separators, a date, a current name).
type Arg struct {
	K    string `json:"k"`             // num, count, date, ref, text, plain, code, field, change, list, msg, legacy
	N    int64  `json:"n,omitempty"`   // num
	S    string `json:"s,omitempty"`   // date (YYYY-MM-DD), plain text, code value
	Ref  *Ref   `json:"r,omitempty"`   // ref
	EN   string `json:"en,omitempty"`  // text
	ZH   string `json:"zh,omitempty"`  // text
	Key  string `json:"key,omitempty"` // code: message prefix; field/change: label message; msg: message; list: separator message
	List []Arg  `json:"l,omitempty"`   // field/change: value(s); list: items; msg: its arguments
}

// Num is a count or other whole number.
func Num(n int) Arg { return Arg{K: "num", N: int64(n)} }

// Count is a number with its noun, in the plural form the reader's language asks for: the
// views message key+".one"/".other" (CLDR plural categories).
func Count(key string, n int) Arg { return Arg{K: "count", Key: key, N: int64(n)} }

// DateArg is a calendar day.
func DateArg(t time.Time) Arg { return Arg{K: "date", S: t.Format(DateLayout)} }

// RefArg points at a person, course, check, badge… shown with its name at the time of reading.
func RefArg(kind RefKind, id int64) Arg { return Arg{K: "ref", Ref: &Ref{Kind: kind, ID: id}} }

// Titles is a title written in both languages.
func Titles(en, zh string) Arg { return Arg{K: "text", EN: en, ZH: zh} }

// Plain is text people typed (a reason, a team name, a file name), shown as written.
func Plain(s string) Arg { return Arg{K: "plain", S: s} }

// Code is a stored code translated by the message prefix+value ("role.", "manager"); an
// unknown value shows as stored.
func Code(prefix, value string) Arg { return Arg{K: "code", Key: prefix, S: value} }

// Field is "label: value", the label a message key.
func Field(label string, value Arg) Arg { return Arg{K: "field", Key: label, List: []Arg{value}} }

// Change is "label: before → after".
func Change(label string, before, after Arg) Arg {
	return Arg{K: "change", Key: label, List: []Arg{before, after}}
}

// List joins its items with the language's separator ("; ", "；").
func List(items ...Arg) Arg { return Arg{K: "list", List: items} }

// ListWith joins its items with the separator message sep (a list of areas: ", ", "、").
func ListWith(sep string, items ...Arg) Arg { return Arg{K: "list", Key: sep, List: items} }

// Msg is a message of its own with arguments ("via API token “%s”").
func Msg(key string, args ...Arg) Arg { return Arg{K: "msg", Key: key, List: args} }

// Event is one recorded change.
type Event struct {
	ID      int64
	At      time.Time
	Key     EventKey
	Actor   int64 // 0: the system
	Subject Ref
	Args    []Arg
}

// record writes one event inside the caller's transaction and returns its id.
func (s *Store) record(ctx context.Context, tx *sql.Tx, e Event) (int64, error) {
	if e.Args == nil {
		e.Args = []Arg{}
	}
	args, err := json.Marshal(e.Args)
	if err != nil {
		return 0, fmt.Errorf("store: record %s: %w", e.Key, err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO events (at, key, actor_id, subject_kind, subject_id, args)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		s.timestamp(), string(e.Key), nullID(e.Actor), string(e.Subject.Kind), e.Subject.ID, string(args)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: record %s: %w", e.Key, err)
	}
	return id, nil
}

// notify tells recipients about an event (one unread row each), for the plain reason.
func (s *Store) notify(ctx context.Context, tx *sql.Tx, eventID int64, recipients ...int64) error {
	return s.notifyFor(ctx, tx, eventID, "", recipients...)
}

// notifyFor tells recipients about an event for a reason (ReasonTeam) that picks the wording.
func (s *Store) notifyFor(ctx context.Context, tx *sql.Tx, eventID int64, reason string, recipients ...int64) error {
	for _, pid := range recipients {
		if pid == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO notifications (person_id, event_id, reason) VALUES (?, ?, ?)",
			pid, eventID, reason); err != nil {
			return fmt.Errorf("store: notify: %w", err)
		}
	}
	return nil
}

// recordAndNotify records an event and tells recipients about it.
func (s *Store) recordAndNotify(ctx context.Context, tx *sql.Tx, e Event, recipients ...int64) error {
	id, err := s.record(ctx, tx, e)
	if err != nil {
		return err
	}
	return s.notify(ctx, tx, id, recipients...)
}

// RecordEvent records an event outside any other write (the command line, a test).
func (s *Store) RecordEvent(ctx context.Context, e Event) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.record(ctx, tx, e)
		return err
	})
	return id, err
}

// Notify tells recipients about a recorded event outside any other write.
func (s *Store) Notify(ctx context.Context, eventID int64, recipients ...int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.notify(ctx, tx, eventID, recipients...) })
}

const eventColumns = "e.id, e.at, e.key, COALESCE(e.actor_id, 0), e.subject_kind, e.subject_id, e.args"

func scanEvent(sc interface{ Scan(...any) error }, extra ...any) (Event, error) {
	var e Event
	var at, kind, args string
	if err := sc.Scan(append([]any{&e.ID, &at, &e.Key, &e.Actor, &kind, &e.Subject.ID, &args}, extra...)...); err != nil {
		return e, err
	}
	e.At, _ = time.Parse(time.RFC3339, at)
	e.Subject.Kind = RefKind(kind)
	if err := json.Unmarshal([]byte(args), &e.Args); err != nil {
		return e, fmt.Errorf("event %d args: %w", e.ID, err)
	}
	return e, nil
}

// eventsPageSQL is the audit log's read: newest first from before an id (keyset).
const eventsPageSQL = "SELECT " + eventColumns + " FROM events e WHERE e.id < ? ORDER BY e.id DESC LIMIT ?"

// ListEvents returns up to limit events older than before (0: the newest), newest first,
// with the names they refer to.
func (s *Store) ListEvents(ctx context.Context, before int64, limit int) ([]Event, Names, error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.db.QueryContext(ctx, eventsPageSQL, before, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: list events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, nil, fmt.Errorf("store: list events: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: list events: %w", err)
	}
	names, err := s.eventNames(ctx, out)
	return out, names, err
}

// EventsAfter returns up to limit events with an id above after, oldest first: the way a
// consumer (a chat or email fan-out) follows the table.
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events after: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("store: events after: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Notification is one event as told to one person.
type Notification struct {
	ID     int64
	Event  Event
	Reason string
	Read   bool
}

// notificationsPageSQL is the notifications page's read: a person's newest first.
const notificationsPageSQL = "SELECT " + eventColumns + `, n.id, n.reason, n.read_at IS NOT NULL
	FROM notifications n JOIN events e ON e.id = n.event_id WHERE n.person_id = ? ORDER BY n.id DESC LIMIT ?`

// unreadSQL counts a person's unread notifications (the header's count).
const unreadSQL = "SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL"

// UnreadNotifications counts a person's unread notifications, once per reading request (the
// header's count; SignedInPerson reads it with the person).
func (s *Store) UnreadNotifications(ctx context.Context, personID int64) (int, error) {
	return memoized(ctx, memoQuestion{what: unreadSQL, a: personID}, func() (int, error) {
		var n int
		if err := s.db.QueryRowContext(ctx, unreadSQL, personID).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: unread notifications: %w", err)
		}
		return n, nil
	})
}

// ListNotifications returns a person's newest notifications with the names they refer to.
func (s *Store) ListNotifications(ctx context.Context, personID int64, limit int) ([]Notification, Names, error) {
	rows, err := s.db.QueryContext(ctx, notificationsPageSQL, personID, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: list notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	var events []Event
	for rows.Next() {
		var n Notification
		e, err := scanEvent(rows, &n.ID, &n.Reason, &n.Read)
		if err != nil {
			return nil, nil, fmt.Errorf("store: list notifications: %w", err)
		}
		n.Event = e
		out = append(out, n)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: list notifications: %w", err)
	}
	names, err := s.eventNames(ctx, events)
	return out, names, err
}

// MarkNotificationsRead marks a person's notifications read up to id upTo (the newest the
// page showed: one that arrived since stays unread); upTo 0 marks them all.
func (s *Store) MarkNotificationsRead(ctx context.Context, personID, upTo int64) error {
	if upTo <= 0 {
		upTo = 1 << 62
	}
	_, err := s.db.ExecContext(ctx, "UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL AND id <= ?",
		s.timestamp(), personID, upTo)
	if err != nil {
		return fmt.Errorf("store: mark read: %w", err)
	}
	return nil
}

// Name is a referenced thing as it is now: its name in both languages, or that it is gone
// (deleted) or hidden.
type Name struct {
	EN, ZH string
	Gone   bool
	Hidden bool
}

// In is the name in lang ("en", "zh"), falling back to the other language.
func (n Name) In(lang string) string { return pick(lang, n.EN, n.ZH) }

// Names maps references to their current names.
type Names map[Ref]Name

// nameSQL looks up the current name of each kind's ids (a JSON array): id, en, zh, hidden.
var nameSQL = map[RefKind]string{
	RefPerson: "SELECT id, name, '', 0 FROM people WHERE id IN (SELECT value FROM json_each(?))",
	RefCourse: `SELECT c.id, r.title_en, r.title_zh, 0 FROM courses c
		JOIN course_revisions r ON r.id = COALESCE(c.published_revision_id, c.draft_revision_id) WHERE c.id IN (SELECT value FROM json_each(?))`,
	RefCheck:       "SELECT id, title, title_zh, 0 FROM checks WHERE id IN (SELECT value FROM json_each(?))",
	RefBadge:       "SELECT id, name_en, name_zh, 0 FROM badges WHERE id IN (SELECT value FROM json_each(?))",
	RefGoal:        "SELECT id, title, title_zh, 0 FROM goals WHERE id IN (SELECT value FROM json_each(?))",
	RefRecognition: "SELECT id, '', '', hidden_at IS NOT NULL FROM recognitions WHERE id IN (SELECT value FROM json_each(?))",
	RefComment:     "SELECT id, '', '', hidden_at IS NOT NULL FROM recognition_comments WHERE id IN (SELECT value FROM json_each(?))",
	RefRule:        "SELECT id, '', '', 0 FROM assignment_rules WHERE id IN (SELECT value FROM json_each(?))",
	RefVersion:     "SELECT id, CAST(number AS TEXT), '', 0 FROM culture_versions WHERE id IN (SELECT value FROM json_each(?))",
	RefToken:       "SELECT id, name, '', 0 FROM api_tokens WHERE id IN (SELECT value FROM json_each(?))",
	RefSSOProvider: "SELECT id, key, '', 0 FROM sso_providers WHERE id IN (SELECT value FROM json_each(?))",
	RefAttempt:     "SELECT id, '', '', 0 FROM attempts WHERE id IN (SELECT value FROM json_each(?))",
	RefChannel:     "SELECT id, name, '', 0 FROM channels WHERE id IN (SELECT value FROM json_each(?))",
}

// eventNames looks up every reference the events make (actor, subject, arguments): one
// query per kind, whatever the number of events.
func (s *Store) eventNames(ctx context.Context, events []Event) (Names, error) {
	ids := map[RefKind][]int64{}
	seen := map[Ref]bool{}
	add := func(r Ref) {
		if r.Kind == "" || r.ID == 0 || seen[r] {
			return
		}
		seen[r] = true
		ids[r.Kind] = append(ids[r.Kind], r.ID)
	}
	var walk func(args []Arg)
	walk = func(args []Arg) {
		for _, a := range args {
			if a.Ref != nil {
				add(*a.Ref)
			}
			walk(a.List)
		}
	}
	for _, e := range events {
		add(Ref{Kind: RefPerson, ID: e.Actor})
		add(e.Subject)
		walk(e.Args)
	}
	names := Names{}
	for kind, list := range ids {
		q, ok := nameSQL[kind]
		if !ok {
			continue
		}
		b, _ := json.Marshal(list)
		rows, err := s.db.QueryContext(ctx, q, string(b))
		if err != nil {
			return nil, fmt.Errorf("store: event names %s: %w", kind, err)
		}
		for rows.Next() {
			var id int64
			var n Name
			if err := rows.Scan(&id, &n.EN, &n.ZH, &n.Hidden); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: event names %s: %w", kind, err)
			}
			names[Ref{Kind: kind, ID: id}] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: event names %s: %w", kind, err)
		}
	}
	for r := range seen {
		if _, ok := names[r]; !ok {
			names[r] = Name{Gone: true}
		}
	}
	return names, nil
}

// LegacyArg is one text argument of a notification stored before events: the two languages
// of a title were joined by a unit separator.
func LegacyArg(arg, lang string) string {
	en, zh, ok := strings.Cut(arg, bilingualSeparator)
	if !ok {
		return arg
	}
	return pick(lang, en, zh)
}

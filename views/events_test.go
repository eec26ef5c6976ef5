package views

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// Every event key has its audit message in both languages, and every key that notifies has
// a message per reason. The list comes from the store's constants, not from its source text.
func TestEventKeysHaveMessages(t *testing.T) {
	keys := store.EventKeys()
	if len(keys) < 40 {
		t.Fatalf("only %d event keys", len(keys))
	}
	seen := map[store.EventKey]bool{}
	has := func(key string) {
		t.Helper()
		m, ok := catalogue[key]
		if !ok || strings.TrimSpace(m.en) == "" || strings.TrimSpace(m.zh) == "" {
			t.Errorf("%s has no message in both languages", key)
		}
	}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("event key %s listed twice", k)
		}
		seen[k] = true
		has("event." + string(k))
	}
	for k, reasons := range store.NotifyReasons() {
		if !seen[k] {
			t.Errorf("%s notifies but is not in EventKeys", k)
		}
		for _, r := range reasons {
			if r == "" {
				has("notify." + string(k))
			} else {
				has("notify." + string(k) + "." + r)
			}
		}
	}
	// Every reference kind has a word for "deleted #12" and unnamed things.
	for _, kind := range []store.RefKind{store.RefPerson, store.RefCourse, store.RefCheck, store.RefBadge, store.RefGoal,
		store.RefRecognition, store.RefComment, store.RefRule, store.RefVersion, store.RefToken, store.RefSSOProvider, store.RefAttempt} {
		has("event.kind." + string(kind))
	}
}

// Counted messages follow CLDR: English has one and other, Chinese only other.
func TestPluralsFollowCLDR(t *testing.T) {
	en, zh := Locale{Lang: "en"}, Locale{Lang: "zh"}
	for _, c := range []struct {
		n        int
		enForm   string
		enText   string
		zhText   string
		flashTxt string
	}{
		{0, ".other", "0 people", "0 人", "Reminder sent to 0 people."},
		{1, ".one", "1 person", "1 人", "Reminder sent to 1 person."},
		{2, ".other", "2 people", "2 人", "Reminder sent to 2 people."},
		{5, ".other", "5 people", "5 人", "Reminder sent to 5 people."},
	} {
		if got := en.pluralForm(c.n); got != c.enForm {
			t.Errorf("en form of %d: %s, want %s", c.n, got, c.enForm)
		}
		if got := zh.pluralForm(c.n); got != ".other" {
			t.Errorf("zh form of %d: %s, want .other", c.n, got)
		}
		if got := en.N("event.people", c.n); got != c.enText {
			t.Errorf("en %d: %q, want %q", c.n, got, c.enText)
		}
		if got := zh.N("event.people", c.n); got != c.zhText {
			t.Errorf("zh %d: %q, want %q", c.n, got, c.zhText)
		}
		// A flash takes the count, never a pre-formatted "1 people".
		ctx := WithLocale(context.Background(), en)
		if got := FlashText(ctx, Flash{Key: "checks.reminded", Count: c.n, Counted: true}); got != c.flashTxt {
			t.Errorf("flash %d: %q, want %q", c.n, got, c.flashTxt)
		}
	}
}

func openEventStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "events.db"),
		store.WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func renderHTML(t *testing.T, lang string, render func(ctx context.Context, b *bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := render(WithLocale(context.Background(), Locale{Lang: lang}), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A team named "Night; Weekend" and a check titled "version 2" read as typed in the audit
// log and the notifications, in both languages: nothing is split or parsed out of them. A
// renamed check reads with its current title.
func TestHostileNamesRenderInBothLanguages(t *testing.T) {
	ctx := context.Background()
	s := openEventStore(t)
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{
		{EmployeeID: "E1", Name: "Wang Fang", Team: "Day", Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: "permanent", HiredOn: "2024-01-01"},
	}, 2); err != nil {
		t.Fatal(err)
	}
	e1, err := s.PersonByEmployeeID(ctx, "E1")
	if err != nil {
		t.Fatal(err)
	}
	in := store.InputFromPerson(e1)
	in.Team = "Night; Weekend"
	if _, err := s.SavePerson(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	checkIn := store.DefaultCheckInput(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	checkIn.Title = "version 2"
	checkIn.OpensOn, checkIn.ClosesOn = "2026-12-01", "2026-12-14"
	checkID, err := s.CreateCheck(ctx, 0, checkIn)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := s.RecordEvent(ctx, store.Event{Key: store.EventCheckOpen, Subject: store.Ref{Kind: store.RefCheck, ID: checkID},
		Args: []store.Arg{store.DateArg(time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC))}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Notify(ctx, opened, e1.ID); err != nil {
		t.Fatal(err)
	}
	audit := func(lang string) string {
		events, names, err := s.ListEvents(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		return renderHTML(t, lang, func(ctx context.Context, b *bytes.Buffer) error {
			return AuditPage(AuditData{Events: events, Names: names}).Render(ctx, b)
		})
	}
	notes := func(lang string) string {
		list, names, err := s.ListNotifications(ctx, e1.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		return renderHTML(t, lang, func(ctx context.Context, b *bytes.Buffer) error {
			return NotificationsPage(list, names).Render(ctx, b)
		})
	}
	for _, c := range []struct{ lang, team, created, note string }{
		{"en", "Team: Day → Night; Weekend", "Strategy check “version 2” created", "The strategy check “version 2” is open until 14 Dec 2026"},
		{"zh", "团队：Day → Night; Weekend", "创建了战略理解度检查“version 2”", "战略理解度检查“version 2”已开放，截止日期 2026年12月14日"},
	} {
		page := audit(c.lang)
		if !strings.Contains(page, c.team) || !strings.Contains(page, c.created) {
			t.Errorf("%s audit log lacks %q or %q:\n%s", c.lang, c.team, c.created, page)
		}
		if strings.Contains(page, "第 2 版") {
			t.Errorf("%s: the title was read as a version number", c.lang)
		}
		if n := notes(c.lang); !strings.Contains(n, c.note) || !strings.Contains(n, `href="/checks/`) {
			t.Errorf("%s notifications lack %q:\n%s", c.lang, c.note, n)
		}
	}
	// Renamed: every rendering follows the current title.
	checkIn.Title = "version 3"
	if err := s.UpdateCheck(ctx, 0, checkID, checkIn); err != nil {
		t.Fatal(err)
	}
	if page := audit("en"); strings.Contains(page, "version 2") || !strings.Contains(page, "Strategy check “version 3” created") {
		t.Errorf("renamed check still reads with its old title")
	}
}

// Rows stored before events (English sentences in audit_log, kind + text arguments in
// notifications) are moved over by migration 0018 and still read in both languages, with
// their read marks and links.
func TestMigratedLegacyRowsRender(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "legacy.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{
		{EmployeeID: "E1", Name: "Wang Fang", Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: "permanent", HiredOn: "2024-01-01"},
	}, 2); err != nil {
		t.Fatal(err)
	}
	e1, _ := s.PersonByEmployeeID(ctx, "E1")
	// Put the database back to its shape before 0018, with rows as the old code wrote them.
	for _, q := range []string{
		"DROP TABLE notifications", "DROP TABLE events",
		`CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_id INTEGER REFERENCES people(id),
			action TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE notifications (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people(id), kind TEXT NOT NULL,
			args TEXT NOT NULL DEFAULT '[]', link TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, read_at TEXT)`,
		`INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES ('2026-11-01T09:00:00Z', NULL, 'check.create', 'version 2', '')`,
		`INSERT INTO notifications (person_id, kind, args, link, created_at, read_at) VALUES
			(?, 'checks_opened', '["version 2","2026-12-02"]', '/checks/5', '2026-11-02T09:00:00Z', NULL),
			(?, 'training_reviewed', '["Culture` + "\x1f" + `文化"]', '/training/attempts/9', '2026-11-03T09:00:00Z', '2026-11-04T09:00:00Z')`,
		"DELETE FROM schema_migrations WHERE name LIKE '%0018_events%'",
	} {
		var args []any
		if strings.Contains(q, "?") {
			args = []any{e1.ID, e1.ID}
		}
		if _, err := s.DB().ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.UnreadNotifications(ctx, e1.ID); n != 1 {
		t.Errorf("unread after migration: %d, want 1", n)
	}
	events, names, err := s.ListEvents(ctx, 0, 10)
	if err != nil || len(events) < 3 {
		t.Fatalf("events %v %v", events, err)
	}
	list, nnames, err := s.ListNotifications(ctx, e1.ID, 10)
	if err != nil || len(list) != 2 {
		t.Fatalf("notifications %v %v", list, err)
	}
	en, zh := WithLocale(ctx, Locale{Lang: "en"}), WithLocale(ctx, Locale{Lang: "zh"})
	var audit []string
	for _, e := range events {
		audit = append(audit, EventText(en, e, names)+" | "+EventText(zh, e, names))
	}
	if got := strings.Join(audit, "\n"); !strings.Contains(got, "Strategy check created: version 2 | 创建战略理解度检查：version 2") {
		t.Errorf("legacy audit rows:\n%s", got)
	}
	for _, c := range []struct {
		n        store.Notification
		en, zh   string
		link     string
		wantRead bool
	}{
		{list[0], "Your written answer in the quiz of Culture has been reviewed", "您在“文化”测验中的书面回答已评审", "/training/attempts/9", true},
		{list[1], "The strategy check “version 2” is open until 2 Dec 2026", "战略理解度检查“version 2”已开放，截止日期 2026年12月2日", "/checks/5", false},
	} {
		if got := NotificationText(en, c.n, nnames); !strings.Contains(got, c.en) {
			t.Errorf("en: %q lacks %q", got, c.en)
		}
		if got := NotificationText(zh, c.n, nnames); !strings.Contains(got, c.zh) {
			t.Errorf("zh: %q lacks %q", got, c.zh)
		}
		if c.n.Read != c.wantRead {
			t.Errorf("%q read = %t", c.en, c.n.Read)
		}
		// The check and the attempt do not exist in this database: no link to a missing page.
		if got := EventLink(c.n.Event, nnames); got != "" {
			t.Errorf("link to a missing subject: %q", got)
		}
		if c.n.Event.Subject.ID == 0 || !strings.HasSuffix(c.link, "/"+strconv.FormatInt(c.n.Event.Subject.ID, 10)) {
			t.Errorf("subject %+v, want it from %s", c.n.Event.Subject, c.link)
		}
	}
}

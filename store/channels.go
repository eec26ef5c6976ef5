package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Channel kinds: where a channel posts.
const (
	ChannelWeCom    = "wecom"    // 企业微信 group robot
	ChannelDingTalk = "dingtalk" // 钉钉 custom robot, optionally signed
	ChannelSlack    = "slack"    // Slack incoming webhook
	ChannelTeams    = "teams"    // Microsoft Teams incoming webhook / workflow
	ChannelGeneric  = "generic"  // JSON with an HMAC-SHA256 signature and an idempotency key
)

// ChannelKinds lists the kinds in display order.
var ChannelKinds = []string{ChannelWeCom, ChannelDingTalk, ChannelSlack, ChannelTeams, ChannelGeneric}

// ChannelEventKeys are the events a channel may receive.
var ChannelEventKeys = []string{string(EventRecognitionGiven), string(EventCulturePublish), string(EventCheckOpen),
	string(EventCheckClosing), string(EventCheckClose), string(EventGoalAtRisk), "digest.weekly"}

// ChannelRateLimit is how many messages a channel of kind may get per minute: WeCom and
// DingTalk robots refuse more than 20; the others are kept to a pace chat readers can follow.
func ChannelRateLimit(kind string) int {
	switch kind {
	case ChannelWeCom, ChannelDingTalk:
		return 20
	default:
		return 60
	}
}

// Delivery statuses and the retry rules.
const (
	DeliveryQueued  = "queued"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"  // given up: shown in the log, retried only by an admin
	DeliveryDropped = "dropped" // its subject was hidden before it went out

	deliveryFirstRetry = 30 * time.Second // doubled after each failure, at most deliveryMaxRetry
	deliveryMaxRetry   = 30 * time.Minute
	deliveryGiveUp     = 24 * time.Hour  // after this, a delivery still failing is given up
	deliveryClaimLease = 2 * time.Minute // a claimed delivery is tried again after this if its worker died
)

// Channel is a configured chat destination. Its URL and secret are never shown again once
// saved: URLHint shows where it posts without the token in it.
type Channel struct {
	ID         int64
	Kind       string
	Name       string
	URLHint    string
	HasSecret  bool
	Events     []string
	Department string
	Team       string
	Language   string
	Enabled    bool
	CreatedAt  time.Time
	Queued     int // deliveries waiting
	Failed     int // deliveries given up
}

// ChannelInput is what the channel form and the API send. An empty URL or Secret on an
// update keeps the stored one.
type ChannelInput struct {
	Kind       string
	Name       string
	URL        string
	Secret     string
	Events     []string
	Department string
	Team       string
	Language   string
	Enabled    bool
}

// urlHint is a webhook address with its path and query (which carry the token) hidden.
func urlHint(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "…"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

func (s *Store) validateChannel(in *ChannelInput, creating bool) error {
	in.Name, in.URL, in.Department, in.Team = strings.TrimSpace(in.Name), strings.TrimSpace(in.URL), strings.TrimSpace(in.Department), strings.TrimSpace(in.Team)
	verr := &ValidationError{}
	if !slices.Contains(ChannelKinds, in.Kind) {
		verr.add(0, "kind", "invalid_choice", in.Kind)
	}
	switch {
	case in.Name == "":
		verr.add(0, "name", "required", "")
	case utf8.RuneCountInString(in.Name) > 100:
		verr.add(0, "name", "too_long", "100")
	default:
		checkLine(verr, 0, "name", in.Name)
	}
	if in.URL == "" && creating {
		verr.add(0, "url", "required", "")
	} else if in.URL != "" {
		if u, err := url.Parse(in.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.URL) > 2000 {
			verr.add(0, "url", "channel_url", "")
		}
	}
	if len(in.Secret) > 500 {
		verr.add(0, "secret", "too_long", "500")
	}
	if len(in.Events) == 0 {
		verr.add(0, "events", "required", "")
	}
	for _, e := range in.Events {
		if !slices.Contains(ChannelEventKeys, e) {
			verr.add(0, "events", "invalid_choice", e)
		}
	}
	in.Events = slices.Compact(slices.Sorted(slices.Values(in.Events)))
	if in.Language == "" {
		in.Language = "en"
	}
	if !slices.Contains([]string{"en", "zh", "zh-Hant"}, in.Language) {
		verr.add(0, "language", "invalid_choice", in.Language)
	}
	checkLine(verr, 0, "department", in.Department)
	checkLine(verr, 0, "team", in.Team)
	if len(verr.Problems) > 0 {
		return verr
	}
	return nil
}

// CreateChannel saves a new channel (audited) and returns its id.
func (s *Store) CreateChannel(ctx context.Context, actorID int64, in ChannelInput) (int64, error) {
	if err := s.validateChannel(&in, true); err != nil {
		return 0, err
	}
	sealedURL, err := s.seal("channel_url", in.URL)
	if err != nil {
		return 0, err
	}
	sealedSecret, err := s.seal("channel_secret", in.Secret)
	if err != nil {
		return 0, err
	}
	events, _ := json.Marshal(in.Events)
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		err := tx.QueryRowContext(ctx, `INSERT INTO channels (kind, name, url, secret, events, department, team, language, enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Kind, in.Name, sealedURL, sealedSecret, string(events),
			in.Department, in.Team, in.Language, in.Enabled, now, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create channel: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventChannelCreate, Actor: actorID, Subject: Ref{RefChannel, id}, Args: []Arg{Code("channels.kind.", in.Kind)}})
		return err
	})
	return id, err
}

// UpdateChannel changes a channel; an empty URL or secret keeps the stored one.
func (s *Store) UpdateChannel(ctx context.Context, actorID, id int64, in ChannelInput) error {
	if err := s.validateChannel(&in, false); err != nil {
		return err
	}
	events, _ := json.Marshal(in.Events)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE channels SET kind = ?, name = ?, events = ?, department = ?, team = ?, language = ?, enabled = ?, updated_at = ?
			WHERE id = ?`, in.Kind, in.Name, string(events), in.Department, in.Team, in.Language, in.Enabled, s.timestamp(), id)
		if err != nil {
			return fmt.Errorf("store: update channel: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		for column, value := range map[string]string{"url": in.URL, "secret": in.Secret} {
			if value == "" {
				continue
			}
			sealed, err := s.seal("channel_"+column, value)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE channels SET "+column+" = ? WHERE id = ?", sealed, id); err != nil {
				return fmt.Errorf("store: update channel: %w", err)
			}
		}
		_, err = s.record(ctx, tx, Event{Key: EventChannelUpdate, Actor: actorID, Subject: Ref{RefChannel, id}, Args: []Arg{Code("channels.kind.", in.Kind)}})
		return err
	})
}

const channelColumns = `SELECT c.id, c.kind, c.name, c.url, c.secret != '', c.events, c.department, c.team, c.language, c.enabled, c.created_at,
	(SELECT count(*) FROM channel_deliveries d WHERE d.channel_id = c.id AND d.status = 'queued'),
	(SELECT count(*) FROM channel_deliveries d WHERE d.channel_id = c.id AND d.status = 'failed')
	FROM channels c `

func (s *Store) scanChannel(row interface{ Scan(...any) error }) (Channel, error) {
	var c Channel
	var sealedURL, events, created string
	if err := row.Scan(&c.ID, &c.Kind, &c.Name, &sealedURL, &c.HasSecret, &events, &c.Department, &c.Team, &c.Language,
		&c.Enabled, &created, &c.Queued, &c.Failed); err != nil {
		return c, err
	}
	if plain, err := s.unseal("channel_url", sealedURL); err == nil {
		c.URLHint = urlHint(plain)
	} else {
		c.URLHint = "…"
	}
	json.Unmarshal([]byte(events), &c.Events)
	c.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return c, nil
}

// ListChannels lists the channels by name.
func (s *Store) ListChannels(ctx context.Context) ([]Channel, error) {
	rows, err := s.db.QueryContext(ctx, channelColumns+"ORDER BY c.name, c.id")
	if err != nil {
		return nil, fmt.Errorf("store: channels: %w", err)
	}
	defer rows.Close()
	var out []Channel
	for rows.Next() {
		c, err := s.scanChannel(rows)
		if err != nil {
			return nil, fmt.Errorf("store: channels: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// EnabledChannels lists the channels that receive events, without the delivery counts the
// admin list shows (the dispatcher asks every few seconds; counting a channel's whole
// delivery history each time would grow with it).
func (s *Store) EnabledChannels(ctx context.Context) ([]Channel, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.kind, c.name, c.url, c.secret != '', c.events, c.department, c.team, c.language,
		c.enabled, c.created_at, 0, 0 FROM channels c WHERE c.enabled = 1 ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("store: enabled channels: %w", err)
	}
	defer rows.Close()
	var out []Channel
	for rows.Next() {
		c, err := s.scanChannel(rows)
		if err != nil {
			return nil, fmt.Errorf("store: enabled channels: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChannelByID is one channel (without its URL and secret).
func (s *Store) ChannelByID(ctx context.Context, id int64) (Channel, error) {
	c, err := s.scanChannel(s.db.QueryRowContext(ctx, channelColumns+"WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: channel: %w", err)
	}
	return c, nil
}

// ChannelMessage is what a delivery says, already in the channel's language.
type ChannelMessage struct {
	EventKey    string
	EventID     int64 // 0 when not from an event (a test message)
	SubjectKind string
	SubjectID   int64
	Title       string
	Body        string // plain lines
	Link        string // absolute
}

// enqueueDelivery adds a delivery inside the caller's transaction. The idempotency key is
// the channel and the event, so handing the same event to a channel twice adds it once.
func (s *Store) enqueueDelivery(ctx context.Context, tx *sql.Tx, channelID int64, m ChannelMessage, key string) error {
	now := s.now().UTC()
	_, err := tx.ExecContext(ctx, `INSERT INTO channel_deliveries (channel_id, event_key, event_id, subject_kind, subject_id, idempotency_key,
		title, body, link, next_attempt_at, give_up_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (idempotency_key) DO NOTHING`,
		channelID, m.EventKey, nullID(m.EventID), m.SubjectKind, m.SubjectID, key, m.Title, m.Body, m.Link,
		now.Format(time.RFC3339), now.Add(deliveryGiveUp).Format(time.RFC3339), now.Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("store: enqueue delivery: %w", err)
	}
	return nil
}

// EnqueueEventDelivery queues m for the channel (once per channel and event).
func (s *Store) EnqueueEventDelivery(ctx context.Context, channelID int64, m ChannelMessage) error {
	key := fmt.Sprintf("lodestar-%d-%d", channelID, m.EventID)
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.enqueueDelivery(ctx, tx, channelID, m, key) })
}

// SendTestMessage queues a test message for the channel (audited).
func (s *Store) SendTestMessage(ctx context.Context, actorID, channelID int64, m ChannelMessage) error {
	if _, err := s.ChannelByID(ctx, channelID); err != nil {
		return err
	}
	m.EventKey = "test"
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.enqueueDelivery(ctx, tx, channelID, m, "lodestar-test-"+NewFormKey()); err != nil {
			return err
		}
		_, err := s.record(ctx, tx, Event{Key: EventChannelTest, Actor: actorID, Subject: Ref{RefChannel, channelID}})
		return err
	})
}

// Delivery is one message for one channel, with what the worker needs to send it.
type Delivery struct {
	ID             int64
	ChannelID      int64
	Kind           string
	URL            string // only filled for the worker (ClaimDueDeliveries)
	Secret         string // idem
	EventKey       string
	IdempotencyKey string
	Title          string
	Body           string
	Link           string
	Status         string
	Attempts       int
	LastCode       int
	LastError      string
	CreatedAt      time.Time
	SentAt         time.Time
}

// ClaimDueDeliveries takes up to limit queued deliveries whose time has come, no more per
// channel than its rate limit leaves this minute, and leases them to this worker. Deliveries
// about a recognition hidden since are dropped instead.
func (s *Store) ClaimDueDeliveries(ctx context.Context, limit int) ([]Delivery, error) {
	now := s.now().UTC()
	var waiting bool
	if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM channel_deliveries WHERE status = 'queued' AND next_attempt_at <= ?)",
		now.Format(time.RFC3339)).Scan(&waiting); err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	if !waiting {
		return nil, nil
	}
	var out []Delivery
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		if _, err := tx.ExecContext(ctx, `UPDATE channel_deliveries SET status = 'dropped', last_error = 'hidden by a moderator'
			WHERE status = 'queued' AND subject_kind = 'recognition'
			AND EXISTS (SELECT 1 FROM recognitions r WHERE r.id = channel_deliveries.subject_id AND r.hidden_at IS NOT NULL)`); err != nil {
			return fmt.Errorf("store: drop hidden deliveries: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT d.id, d.channel_id, c.kind, c.url, c.secret, d.event_key, d.idempotency_key, d.title, d.body, d.link, d.attempts,
			(SELECT count(*) FROM channel_deliveries x WHERE x.channel_id = d.channel_id AND x.status = 'sent' AND x.sent_at > ?)
			FROM channel_deliveries d JOIN channels c ON c.id = d.channel_id
			WHERE d.status = 'queued' AND d.next_attempt_at <= ? AND c.enabled = 1 ORDER BY d.next_attempt_at, d.id LIMIT ?`,
			now.Add(-time.Minute).Format(time.RFC3339), now.Format(time.RFC3339), limit*4)
		if err != nil {
			return fmt.Errorf("store: claim deliveries: %w", err)
		}
		taken := map[int64]int{}
		for rows.Next() {
			var d Delivery
			var sentLastMinute int
			if err := rows.Scan(&d.ID, &d.ChannelID, &d.Kind, &d.URL, &d.Secret, &d.EventKey, &d.IdempotencyKey, &d.Title, &d.Body,
				&d.Link, &d.Attempts, &sentLastMinute); err != nil {
				rows.Close()
				return fmt.Errorf("store: claim deliveries: %w", err)
			}
			if len(out) >= limit || sentLastMinute+taken[d.ChannelID] >= ChannelRateLimit(d.Kind) {
				continue // this channel's minute is full: it waits for the next claim
			}
			taken[d.ChannelID]++
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: claim deliveries: %w", err)
		}
		lease := now.Add(deliveryClaimLease).Format(time.RFC3339)
		for i := range out {
			if _, err := tx.ExecContext(ctx, "UPDATE channel_deliveries SET next_attempt_at = ? WHERE id = ?", lease, out[i].ID); err != nil {
				return fmt.Errorf("store: claim deliveries: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].URL, err = s.unseal("channel_url", out[i].URL); err != nil {
			return nil, err
		}
		if out[i].Secret, err = s.unseal("channel_secret", out[i].Secret); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeliveryDone records a delivery the receiver accepted.
func (s *Store) DeliveryDone(ctx context.Context, id int64, code int) error {
	_, err := s.db.ExecContext(ctx, `UPDATE channel_deliveries SET status = 'sent', attempts = attempts + 1, last_code = ?, last_error = '', sent_at = ?
		WHERE id = ?`, code, s.timestamp(), id)
	if err != nil {
		return fmt.Errorf("store: delivery sent: %w", err)
	}
	return nil
}

// DeliveryRefused records a failed attempt: tried again with exponential backoff, or given
// up (failed) once its give-up time has passed.
func (s *Store) DeliveryRefused(ctx context.Context, id int64, code int, cause error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var attempts int
		var giveUp string
		if err := tx.QueryRowContext(ctx, "SELECT attempts, give_up_at FROM channel_deliveries WHERE id = ?", id).Scan(&attempts, &giveUp); err != nil {
			return fmt.Errorf("store: delivery failed: %w", err)
		}
		attempts++
		wait := deliveryFirstRetry << min(attempts-1, 10)
		wait = min(wait, deliveryMaxRetry)
		now := s.now().UTC()
		status := DeliveryQueued
		if end, _ := time.Parse(time.RFC3339, giveUp); !now.Before(end) {
			status = DeliveryFailed
		}
		msg := cause.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		_, err := tx.ExecContext(ctx, `UPDATE channel_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_code = ?, last_error = ? WHERE id = ?`,
			status, attempts, now.Add(wait).Format(time.RFC3339), code, msg, id)
		if err != nil {
			return fmt.Errorf("store: delivery failed: %w", err)
		}
		return nil
	})
}

// RetryDelivery puts a failed delivery back in the queue for now, with a new give-up time.
func (s *Store) RetryDelivery(ctx context.Context, actorID, channelID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now().UTC()
		res, err := tx.ExecContext(ctx, `UPDATE channel_deliveries SET status = 'queued', next_attempt_at = ?, give_up_at = ?
			WHERE id = ? AND channel_id = ? AND status = 'failed'`, now.Format(time.RFC3339), now.Add(deliveryGiveUp).Format(time.RFC3339), id, channelID)
		if err != nil {
			return fmt.Errorf("store: retry delivery: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = s.record(ctx, tx, Event{Key: EventChannelRetry, Actor: actorID, Subject: Ref{RefChannel, channelID}, Args: []Arg{Num(int(id))}})
		return err
	})
}

// ChannelLog lists a channel's newest deliveries (without URL or secret).
func (s *Store) ChannelLog(ctx context.Context, channelID int64, limit int) ([]Delivery, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, channel_id, event_key, idempotency_key, title, body, link, status, attempts, last_code, last_error,
		created_at, COALESCE(sent_at, '') FROM channel_deliveries WHERE channel_id = ? ORDER BY id DESC LIMIT ?`, channelID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: channel log: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var created, sent string
		if err := rows.Scan(&d.ID, &d.ChannelID, &d.EventKey, &d.IdempotencyKey, &d.Title, &d.Body, &d.Link, &d.Status, &d.Attempts,
			&d.LastCode, &d.LastError, &created, &sent); err != nil {
			return nil, fmt.Errorf("store: channel log: %w", err)
		}
		d.CreatedAt, _ = time.Parse(time.RFC3339, created)
		d.SentAt, _ = time.Parse(time.RFC3339, sent)
		out = append(out, d)
	}
	return out, rows.Err()
}

const settingChannelCursor = "channel_event_cursor"

// ChannelCursor is the last event handed to the channels. The first time (no cursor yet) it
// starts at the newest event: channels receive what happens from then on, not the history.
func (s *Store) ChannelCursor(ctx context.Context) (int64, error) {
	v, err := s.Setting(ctx, settingChannelCursor, "")
	if err != nil {
		return 0, err
	}
	if v != "" {
		return strconv.ParseInt(v, 10, 64)
	}
	var newest int64
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(max(id), 0) FROM events").Scan(&newest); err != nil {
		return 0, fmt.Errorf("store: channel cursor: %w", err)
	}
	return newest, s.SetChannelCursor(ctx, newest)
}

// SetChannelCursor records that every event up to id was handed to the channels.
func (s *Store) SetChannelCursor(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingChannelCursor, strconv.FormatInt(id, 10)) })
}

// RecognitionUnits are the departments and teams of a recognition's recipients (for a
// channel's department or team filter).
func (s *Store) RecognitionUnits(ctx context.Context, recognitionID int64) (departments, teams []string, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT p.department, p.team FROM recognition_recipients rr JOIN people p ON p.id = rr.person_id
		WHERE rr.recognition_id = ?`, recognitionID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: recognition units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d, t string
		if err := rows.Scan(&d, &t); err != nil {
			return nil, nil, fmt.Errorf("store: recognition units: %w", err)
		}
		departments, teams = append(departments, d), append(teams, t)
	}
	return departments, teams, rows.Err()
}

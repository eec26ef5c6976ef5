package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sources of a recognition; the card shows it.
const (
	SourcePeer     = "peer"
	SourceManager  = "manager"
	SourceCustomer = "customer"
	SourceQA       = "qa"
	SourceSystem   = "system"
)

// Sources lists every source in display order.
var Sources = []string{SourcePeer, SourceManager, SourceCustomer, SourceQA, SourceSystem}

// PraiseChannels are the ways a customer's praise reaches us.
var PraiseChannels = []string{"phone", "chat", "email", "survey"}

// Recognition rules (docs/recognition.md).
const (
	MessageMinRunes         = 20
	MessageMaxRunes         = 1000
	CommentMaxRunes         = 500
	DefaultMonthlyAllowance = 10
	AllowanceSetting        = "recognition.monthly_allowance"
	DesertDays              = 60
	FairnessDays            = 90
	ReciprocalMin           = 3
)

// PersonRef is a person as a recognition card shows them.
type PersonRef struct {
	ID         int64
	EmployeeID string
	Name       string
	Team       string
}

// BadgeRef is a badge as a recognition card shows it.
type BadgeRef struct {
	ID     int64
	NameEN string
	NameZH string
	Icon   string
	Colour string
}

// Name returns the badge's name in lang.
func (b BadgeRef) Name(lang string) string { return pick(lang, b.NameEN, b.NameZH) }

// Recognition is one card on the praise board.
type Recognition struct {
	ID            int64
	Source        string
	Giver         PersonRef // zero for system awards
	Badge         *BadgeRef
	ValueID       int64
	ValueEN       string
	ValueZH       string
	Message       string
	Team          string
	Channel       string
	CustomerWords string
	PraisedOn     time.Time
	QAScore       int // -1 when none
	CreatedAt     time.Time
	Hidden        bool
	HiddenReason  string
	Recipients    []PersonRef
	Reactions     int
	Reacted       bool // by the viewer
	Comments      int
	Cursor        string
}

// ValueName returns the value's name in lang ("" when none).
func (r Recognition) ValueName(lang string) string { return pick(lang, r.ValueEN, r.ValueZH) }

// GiveInput is a recognition as the give form or the API submits it.
type GiveInput struct {
	GiverID        int64
	Source         string
	To             []string // employee IDs
	Team           string
	BadgeID        int64
	ValueID        int64
	Message        string
	Channel        string // customer praise
	CustomerWords  string // customer praise
	PraisedOn      string // customer praise, YYYY-MM-DD
	QAScore        string // QA commendation, 0..100
	IdempotencyKey string // a double submit with the same key creates one recognition
}

func (in *GiveInput) normalise() {
	in.Source = strings.TrimSpace(in.Source)
	if in.Source == "" {
		in.Source = SourcePeer
	}
	in.Team = strings.TrimSpace(in.Team)
	in.Message = strings.TrimSpace(strings.ReplaceAll(in.Message, "\r\n", "\n"))
	in.Channel = strings.TrimSpace(in.Channel)
	in.CustomerWords = strings.TrimSpace(strings.ReplaceAll(in.CustomerWords, "\r\n", "\n"))
	in.PraisedOn = strings.TrimSpace(in.PraisedOn)
	in.QAScore = strings.TrimSpace(in.QAScore)
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	var to []string
	for _, e := range in.To {
		if e = strings.TrimSpace(e); e != "" && !slices.Contains(to, e) {
			to = append(to, e)
		}
	}
	in.To = to
}

// Allowance is a person's peer recognitions this calendar month.
type Allowance struct {
	Limit int
	Used  int
}

// Remaining is what is left this month (never below zero).
func (a Allowance) Remaining() int { return max(0, a.Limit-a.Used) }

// MonthlyAllowance is the admin setting (default 10).
func (s *Store) MonthlyAllowance(ctx context.Context) (int, error) {
	v, err := s.Setting(ctx, AllowanceSetting, strconv.Itoa(DefaultMonthlyAllowance))
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return DefaultMonthlyAllowance, nil
	}
	return n, nil
}

// SetMonthlyAllowance changes the allowance (0..100), audited.
func (s *Store) SetMonthlyAllowance(ctx context.Context, actorID int64, value string) error {
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < 0 || n > 100 {
		verr := &ValidationError{}
		verr.add(0, "allowance", "recognition_allowance_range", strings.TrimSpace(value))
		return verr
	}
	return s.SetSetting(ctx, actorID, AllowanceSetting, strconv.Itoa(n))
}

// AllowanceFor tells how many peer recognitions a person used this calendar month. Two plain
// reads: the figures are shown, not enforced (Give reads them again in its transaction), and a
// read-only transaction around them cost its BEGIN and ROLLBACK (~9 of ~22 µs) on every home
// view.
//
// Kept under the person's own number (keptOwnCard), at most until the UTC month ends (the
// month allowance_counts are kept by).
func (s *Store) AllowanceFor(ctx context.Context, personID int64) (Allowance, error) {
	return keptOwnCard(ctx, s, "allowance", personID, func(now time.Time) (Allowance, error) {
		return s.allowance(ctx, nil, personID, now)
	})
}

func (s *Store) allowance(ctx context.Context, tx *sql.Tx, personID int64, now time.Time) (Allowance, error) {
	var a Allowance
	v := strconv.Itoa(DefaultMonthlyAllowance)
	if err := s.queryRowTx(ctx, tx, sqlSetting, AllowanceSetting).Scan(&v); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("store: allowance: %w", err)
	}
	a.Limit, _ = strconv.Atoi(v)
	// Hidden recognitions still count: hiding does not refund the allowance.
	err := s.queryRowTx(ctx, tx, sqlAllowanceUsed, personID, now.UTC().Format("2006-01")).Scan(&a.Used)
	if err != nil {
		return a, fmt.Errorf("store: allowance: %w", err)
	}
	return a, nil
}

// Give records a recognition and notifies the recipients and their managers. It
// returns the recognition's ID and whether it is new (false: a replayed submit).
func (s *Store) Give(ctx context.Context, in GiveInput) (int64, bool, error) {
	in.normalise()
	key := ""
	if in.IdempotencyKey != "" {
		key = fmt.Sprintf("give:%d:%s", in.GiverID, in.IdempotencyKey)
	}
	var id int64
	var created bool
	var err error
	for attempt := 1; ; attempt++ {
		id, created, err = s.giveOnce(ctx, in, key)
		var verr *ValidationError
		// Two submits with one key can race: the loser's write finds the database locked or
		// its snapshot stale. Trying again finds the winner's recognition by its key.
		if err == nil || key == "" || errors.As(err, &verr) || !isBusy(err) || attempt == 5 {
			return id, created, err
		}
		time.Sleep(time.Duration(attempt*10) * time.Millisecond)
	}
}

func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "UNIQUE constraint") ||
		strings.Contains(msg, "SQLSTATE 23505") // PostgreSQL's unique violation
}

func (s *Store) giveOnce(ctx context.Context, in GiveInput, key string) (int64, bool, error) {
	// The checks read outside the write transaction, so 32 writers do not queue behind each
	// other's lookups; inside it only the idempotency key and the allowance are checked again,
	// the two things another award can change in between.
	if id, ok, err := s.recognitionByKey(ctx, nil, key); ok || err != nil {
		return id, false, err // the same submit again: the first one stands
	}
	plan, err := s.checkGive(ctx, in)
	if err != nil {
		// A double submit racing at the last of the allowance: the first one stands.
		if id, ok, kerr := s.recognitionByKey(ctx, nil, key); ok || kerr != nil {
			return id, false, kerr
		}
		return 0, false, err
	}
	return s.writeGiveQueued(ctx, plan, key) // give_batch.go: one commit for concurrent awards
}

// recognitionByKey finds the recognition an idempotency key made (ok false: none, or no key).
func (s *Store) recognitionByKey(ctx context.Context, tx *sql.Tx, key string) (int64, bool, error) {
	if key == "" {
		return 0, false, nil
	}
	var id int64
	err := s.queryRowTx(ctx, tx, sqlRecognitionByKey, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: give: %w", err)
	}
	return id, true, nil
}

type giveRecipient struct {
	id        int64
	name      string
	managerID int64
}

// givePlan is a checked award, ready to write.
type givePlan struct {
	in             GiveInput
	giver          Person
	recipients     []giveRecipient
	valueID        int64
	praisedOn      any
	qaScore        any
	usesAllowance  bool
	allowanceLimit int
}

// checkGive validates an award against the database as it is now, outside any transaction.
func (s *Store) checkGive(ctx context.Context, in GiveInput) (givePlan, error) {
	var tx *sql.Tx // reads outside a transaction (queryRowTx with no tx)
	verr := &ValidationError{}
	today := Day(s.now()).Format(DateLayout)
	giver, err := scanPersonRow(s.queryRowTx(ctx, tx, sqlPersonByID, in.GiverID))
	if errors.Is(err, ErrNotFound) || err == nil && !giver.ActiveOn(s.now()) {
		verr.add(0, "from", "recognition_giver_inactive", "")
		return givePlan{}, verr
	}
	if err != nil {
		return givePlan{}, err
	}
	switch in.Source {
	case SourcePeer:
	case SourceManager, SourceCustomer, SourceQA:
		if !May(giver, ActionCommend) {
			verr.add(0, "source", "recognition_source_forbidden", in.Source)
		}
	default:
		verr.add(0, "source", "invalid_choice", in.Source)
	}

	// Recipients: named colleagues or a whole team, never yourself, never people who left.
	var recipients []giveRecipient
	switch {
	case len(in.To) > 0 && in.Team != "":
		verr.add(0, "to", "recognition_to_or_team", "")
	case len(in.To) == 0 && in.Team == "":
		verr.add(0, "to", "recognition_no_recipient", "")
	case in.Team != "":
		rows, err := s.db.QueryContext(ctx, `SELECT id, name, COALESCE(manager_id, 0) FROM people WHERE team = ? AND id != ?
			AND (left_on IS NULL OR left_on > ?) ORDER BY id`, in.Team, in.GiverID, today)
		if err != nil {
			return givePlan{}, fmt.Errorf("store: give: team: %w", err)
		}
		for rows.Next() {
			var r giveRecipient
			if err := rows.Scan(&r.id, &r.name, &r.managerID); err != nil {
				rows.Close()
				return givePlan{}, err
			}
			recipients = append(recipients, r)
		}
		rows.Close()
		if len(recipients) == 0 {
			verr.add(0, "team", "recognition_team_empty", in.Team)
		}
	default:
		if len(in.To) > 50 {
			verr.add(0, "to", "recognition_too_many", "50")
			break
		}
		for _, emp := range in.To {
			p, err := scanPersonRow(s.queryRowTx(ctx, tx, sqlPersonByEmployeeID, emp))
			switch {
			case errors.Is(err, ErrNotFound):
				verr.add(0, "to", "recognition_unknown_person", emp)
			case err != nil:
				return givePlan{}, err
			case p.ID == in.GiverID:
				verr.add(0, "to", "recognition_self", "")
			case !p.ActiveOn(s.now()):
				verr.add(0, "to", "recognition_person_left", p.Name)
			default:
				recipients = append(recipients, giveRecipient{id: p.ID, name: p.Name, managerID: p.ManagerID})
			}
		}
	}
	// Managers commend and record praise for their own reporting line; leaders and admins for
	// anyone (the policy's reach).
	if in.Source != SourcePeer && ReachOf(giver, ActionCommend) == ReachBelow {
		for _, r := range recipients {
			ok, err := reportsTo(ctx, s.db, r.id, giver.ID)
			if err != nil {
				return givePlan{}, err
			}
			if !ok {
				verr.add(0, "to", "recognition_not_your_team", r.name)
				break
			}
		}
	}

	// A badge or a value; the badge's value is used when no value is chosen.
	valueID := in.ValueID
	if in.BadgeID == 0 && in.ValueID == 0 {
		verr.add(0, "badge", "recognition_badge_or_value", "")
	}
	if in.BadgeID != 0 {
		b, err := scanBadge(s.queryRowTx(ctx, tx, sqlBadgeByID, in.BadgeID))
		if errors.Is(err, sql.ErrNoRows) {
			err = ErrNotFound
		}
		switch {
		case errors.Is(err, ErrNotFound):
			verr.add(0, "badge", "invalid_choice", strconv.FormatInt(in.BadgeID, 10))
		case err != nil:
			return givePlan{}, err
		case b.Retired:
			verr.add(0, "badge", "recognition_badge_retired", b.NameEN)
		case !MayAwardBadge(giver, b.AwardedBy):
			verr.add(0, "badge", "recognition_badge_not_allowed", b.NameEN)
		case valueID == 0:
			valueID = b.ValueID
		}
	}
	if in.ValueID != 0 {
		var n int
		if err := s.queryRowTx(ctx, tx, sqlActiveValue, in.ValueID).Scan(&n); err != nil {
			return givePlan{}, fmt.Errorf("store: give: value: %w", err)
		}
		if n == 0 {
			verr.add(0, "value", "invalid_choice", strconv.FormatInt(in.ValueID, 10))
		}
	}
	if !checkText(verr, 0, "message", &in.Message) {
		// refused as it is: the length rules would only repeat the problem
	} else if messageWeight(in.Message) < MessageMinRunes {
		verr.add(0, "message", "recognition_message_short", strconv.Itoa(MessageMinRunes))
	} else if n := utf8.RuneCountInString(in.Message); n > MessageMaxRunes {
		verr.add(0, "message", "too_long", strconv.Itoa(MessageMaxRunes))
	}

	var praisedOn any
	qaScore := any(nil)
	switch in.Source {
	case SourceCustomer:
		if !slices.Contains(PraiseChannels, in.Channel) {
			verr.add(0, "channel", "invalid_choice", in.Channel)
		}
		if in.CustomerWords == "" {
			verr.add(0, "customer_words", "required", "")
		} else if !checkText(verr, 0, "customer_words", &in.CustomerWords) {
			// refused as it is
		} else if utf8.RuneCountInString(in.CustomerWords) > MessageMaxRunes {
			verr.add(0, "customer_words", "too_long", strconv.Itoa(MessageMaxRunes))
		}
		if in.PraisedOn == "" {
			verr.add(0, "praised_on", "required", "")
		} else if d, ok := checkDate(verr, 0, "praised_on", in.PraisedOn, workDates, s.now()); !ok {
			// reported
		} else if d.After(Day(s.now())) {
			verr.add(0, "praised_on", "recognition_future_date", in.PraisedOn)
		} else {
			praisedOn = d.Format(DateLayout)
		}
	case SourceQA:
		n, err := strconv.Atoi(in.QAScore)
		if err != nil || n < 0 || n > 100 {
			verr.add(0, "qa_score", "recognition_qa_score", in.QAScore)
		} else {
			qaScore = n
		}
	}
	if in.Source != SourceCustomer { // fields typed for another source before switching
		in.Channel, in.CustomerWords = "", ""
	}
	plan := givePlan{in: in, giver: giver, recipients: recipients, valueID: valueID, praisedOn: praisedOn, qaScore: qaScore,
		usesAllowance: in.Source == SourcePeer}
	if plan.usesAllowance && len(verr.Problems) == 0 {
		a, err := s.allowance(ctx, tx, in.GiverID, s.now())
		if err != nil {
			return givePlan{}, err
		}
		if a.Remaining() == 0 {
			verr.add(0, "form", "recognition_allowance_used", strconv.Itoa(a.Limit))
		}
		plan.allowanceLimit = a.Limit
	}
	return plan, verr.orNil()
}

// writeGive writes a checked award: claims one of the giver's allowance for a peer
// recognition (refused when another award took the last one since the check), then the
// recognition, its recipients and the notifications.
func (s *Store) writeGive(ctx context.Context, tx *sql.Tx, plan givePlan, key string) (int64, error) {
	in, recipients := plan.in, plan.recipients
	stamp := s.timestamp()
	if plan.usesAllowance {
		res, err := s.execTx(ctx, tx, sqlAllowanceClaim, in.GiverID, stamp[:7], plan.allowanceLimit)
		if err != nil {
			return 0, fmt.Errorf("store: give: allowance: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			verr := &ValidationError{}
			verr.add(0, "form", "recognition_allowance_used", strconv.Itoa(plan.allowanceLimit))
			return 0, verr
		}
	}
	var id int64
	if err := s.queryRowTx(ctx, tx, sqlInsertRecognition,
		in.Source, in.GiverID, nullID(in.BadgeID), nullID(plan.valueID), in.Message, in.Team, in.Channel, in.CustomerWords,
		plan.praisedOn, plan.qaScore, plan.usesAllowance, nullString(key), stamp).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: give: %w", err)
	}
	ev, err := s.record(ctx, tx, Event{Key: EventRecognitionGiven, Actor: in.GiverID, Subject: Ref{RefRecognition, id}})
	if err != nil {
		return 0, err
	}
	told := map[int64]bool{in.GiverID: true}
	for _, r := range recipients {
		if _, err := s.execTx(ctx, tx, sqlInsertRecipient, id, r.id); err != nil {
			return 0, fmt.Errorf("store: give: recipient: %w", err)
		}
		if err := s.notify(ctx, tx, ev, r.id); err != nil {
			return 0, err
		}
		told[r.id] = true
	}
	// Each recipient's manager hears once per recognition.
	for _, r := range recipients {
		if r.managerID == 0 || told[r.managerID] {
			continue
		}
		told[r.managerID] = true
		if err := s.notifyFor(ctx, tx, ev, ReasonTeam, r.managerID); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func personByIDTx(ctx context.Context, tx *sql.Tx, id int64) (Person, error) {
	p, err := scanPerson(tx.QueryRowContext(ctx, sqlPersonByID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

func personTxByEmployeeID(ctx context.Context, tx *sql.Tx, emp string) (Person, error) {
	p, err := scanPerson(tx.QueryRowContext(ctx, sqlPersonByEmployeeID, emp))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

// CountRecognitionsMentioning counts the recognitions created at or after since whose
// message contains text: lodestar bench marks its run's awards so it can check afterwards
// that every award it was told was saved is in the database.
func (s *Store) CountRecognitionsMentioning(ctx context.Context, since time.Time, text string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM recognitions WHERE created_at >= ? AND instr(message, ?) > 0",
		since.UTC().Format(time.RFC3339), text).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count recognitions: %w", err)
	}
	return n, nil
}

// scanPersonRow is scanPerson with ErrNotFound for no row.
func scanPersonRow(row *sql.Row) (Person, error) {
	p, err := scanPerson(row)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

// reportsTo tells whether personID is somewhere below managerID in the reporting lines.
func reportsTo(ctx context.Context, q queryer, personID, managerID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `WITH RECURSIVE up(id, depth) AS (
		SELECT manager_id, 1 FROM people WHERE id = ? AND manager_id IS NOT NULL
		UNION SELECT p.manager_id, up.depth + 1 FROM people p JOIN up ON p.id = up.id WHERE p.manager_id IS NOT NULL AND up.depth < 50)
		SELECT count(*) FROM up WHERE id = ?`, personID, managerID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: reports to: %w", err)
	}
	return n > 0, nil
}

// ReportsTo tells whether personID is in managerID's reporting line (directly or below).
func (s *Store) ReportsTo(ctx context.Context, personID, managerID int64) (bool, error) {
	return reportsTo(ctx, s.db, personID, managerID)
}

// BoardFilter narrows the praise board. After is the keyset cursor of the last card seen.
type BoardFilter struct {
	Department  string
	Team        string
	ValueID     int64
	BadgeID     int64
	Source      string
	RecipientID int64
	GiverID     int64
	After       string
	Limit       int
	ViewerID    int64 // marks the viewer's own reactions
}

// EncodeCursor and decodeCursor: "created_at~id", the board's keyset position.
func encodeCursor(createdAt string, id int64) string {
	return createdAt + "~" + strconv.FormatInt(id, 10)
}

func decodeCursor(c string) (string, int64, bool) {
	at, idText, ok := strings.Cut(c, "~")
	if !ok {
		return "", 0, false
	}
	if _, err := time.Parse(time.RFC3339, at); err != nil {
		return "", 0, false
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return "", 0, false
	}
	return at, id, true
}

const recognitionColumns = `r.id, r.source, COALESCE(g.id, 0), COALESCE(g.employee_id, ''), COALESCE(g.name, ''), COALESCE(g.team, ''),
	COALESCE(b.id, 0), COALESCE(b.name_en, ''), COALESCE(b.name_zh, ''), COALESCE(b.icon, ''), COALESCE(b.colour, ''),
	COALESCE(v.id, 0), COALESCE(v.name_en, ''), COALESCE(v.name_zh, ''), r.message, r.team, r.channel, r.customer_words,
	COALESCE(r.praised_on, ''), COALESCE(r.qa_score, -1), r.created_at, r.hidden_at IS NOT NULL, r.hidden_reason,
	(SELECT count(*) FROM recognition_reactions x WHERE x.recognition_id = r.id),
	(SELECT count(*) FROM recognition_comments c WHERE c.recognition_id = r.id AND c.hidden_at IS NULL)`

const recognitionFrom = ` FROM recognitions r LEFT JOIN people g ON g.id = r.giver_id LEFT JOIN badges b ON b.id = r.badge_id
	LEFT JOIN culture_values v ON v.id = r.value_id `

func scanRecognition(row scanner) (Recognition, error) {
	var r Recognition
	var b BadgeRef
	var praised, created string
	err := row.Scan(&r.ID, &r.Source, &r.Giver.ID, &r.Giver.EmployeeID, &r.Giver.Name, &r.Giver.Team,
		&b.ID, &b.NameEN, &b.NameZH, &b.Icon, &b.Colour, &r.ValueID, &r.ValueEN, &r.ValueZH, &r.Message, &r.Team,
		&r.Channel, &r.CustomerWords, &praised, &r.QAScore, &created, &r.Hidden, &r.HiddenReason,
		&r.Reactions, &r.Comments)
	if err != nil {
		return r, err
	}
	if b.ID != 0 {
		r.Badge = &b
	}
	if praised != "" {
		r.PraisedOn, _ = ParseDate(praised)
	}
	r.CreatedAt, _ = time.Parse(time.RFC3339, created)
	r.Cursor = encodeCursor(created, r.ID)
	return r, nil
}

// readBoard reads one page of visible recognitions as Board returns it, but for the viewer's
// own reactions.
func (s *Store) readBoard(ctx context.Context, f BoardFilter) (boardPage, error) {
	where := []string{"r.hidden_at IS NULL"}
	var args []any
	if f.After != "" {
		at, id, ok := decodeCursor(f.After)
		if !ok {
			verr := &ValidationError{}
			verr.add(0, "after", "recognition_bad_cursor", f.After)
			return boardPage{}, verr
		}
		where = append(where, "(r.created_at, r.id) < (?, ?)")
		args = append(args, at, id)
	}
	if f.Department != "" || f.Team != "" {
		cond := "EXISTS (SELECT 1 FROM recognition_recipients rr JOIN people p ON p.id = rr.person_id WHERE rr.recognition_id = r.id"
		if f.Department != "" {
			cond += " AND p.department = ?"
			args = append(args, f.Department)
		}
		if f.Team != "" {
			cond += " AND p.team = ?"
			args = append(args, f.Team)
		}
		where = append(where, cond+")")
	}
	// CAST, not a bare "?": value and badge ids are small numbers, and SQLite compiles a
	// statement again whenever a "column = ?" it planned with goes from 0 or 1 to another
	// value or back (MonthStrip below; TestHotStatementsStayCompiled).
	if f.ValueID != 0 {
		where = append(where, "r.value_id = CAST(? AS BIGINT)")
		args = append(args, f.ValueID)
	}
	if f.BadgeID != 0 {
		where = append(where, "r.badge_id = CAST(? AS BIGINT)")
		args = append(args, f.BadgeID)
	}
	if f.Source != "" {
		where = append(where, "r.source = ?")
		args = append(args, f.Source)
	}
	if f.RecipientID != 0 {
		where = append(where, "r.id IN (SELECT recognition_id FROM recognition_recipients WHERE person_id = ?)")
		args = append(args, f.RecipientID)
	}
	if f.GiverID != 0 {
		where = append(where, "r.giver_id = ?")
		args = append(args, f.GiverID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	// The limit stays bound: it comes from the page's ?limit=, and a statement text per
	// value would crowd the statement cache. (A changed bound limit makes SQLite compile
	// the statement again; the board's 20 and a profile's 5 share no filter.)
	rows, err := s.db.QueryContext(ctx, "SELECT "+recognitionColumns+recognitionFrom+"WHERE "+strings.Join(where, " AND ")+
		" ORDER BY r.created_at DESC, r.id DESC LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return boardPage{}, fmt.Errorf("store: board: %w", err)
	}
	var out []Recognition
	for rows.Next() {
		r, err := scanRecognition(rows)
		if err != nil {
			rows.Close()
			return boardPage{}, fmt.Errorf("store: board: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return boardPage{}, fmt.Errorf("store: board: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].Cursor
	}
	if err := s.fillRecipients(ctx, out); err != nil {
		return boardPage{}, err
	}
	return boardPage{cards: out, next: next}, nil
}

func (s *Store) fillRecipients(ctx context.Context, list []Recognition) error {
	if len(list) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ph := make([]string, len(list))
	args := make([]any, len(list))
	for i, r := range list {
		idx[r.ID] = i
		ph[i] = "?"
		args[i] = r.ID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rr.recognition_id, p.id, p.employee_id, p.name, p.team FROM recognition_recipients rr
		JOIN people p ON p.id = rr.person_id WHERE rr.recognition_id IN (`+strings.Join(ph, ",")+`) ORDER BY p.name, p.id`, args...)
	if err != nil {
		return fmt.Errorf("store: recipients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rid int64
		var p PersonRef
		if err := rows.Scan(&rid, &p.ID, &p.EmployeeID, &p.Name, &p.Team); err != nil {
			return fmt.Errorf("store: recipients: %w", err)
		}
		list[idx[rid]].Recipients = append(list[idx[rid]].Recipients, p)
	}
	return rows.Err()
}

// RecognitionByID returns one recognition, hidden or not (the caller decides who may see it).
func (s *Store) RecognitionByID(ctx context.Context, id, viewerID int64) (Recognition, error) {
	r, err := scanRecognition(s.db.QueryRowContext(ctx, "SELECT "+recognitionColumns+recognitionFrom+"WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: recognition: %w", err)
	}
	list := []Recognition{r}
	if err := s.fillRecipients(ctx, list); err != nil {
		return r, err
	}
	if err := s.markReacted(ctx, list, viewerID); err != nil {
		return r, err
	}
	return list[0], nil
}

// ToggleReaction adds the person's reaction or takes it back; it tells whether they now react.
func (s *Store) ToggleReaction(ctx context.Context, recognitionID, personID int64) (bool, error) {
	reacted := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := visibleRecognition(ctx, tx, recognitionID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM recognition_reactions WHERE recognition_id = ? AND person_id = ?", recognitionID, personID)
		if err != nil {
			return fmt.Errorf("store: reaction: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO recognition_reactions (recognition_id, person_id, created_at) VALUES (?, ?, ?)",
			recognitionID, personID, s.timestamp()); err != nil {
			return fmt.Errorf("store: reaction: %w", err)
		}
		reacted = true
		return nil
	})
	return reacted, err
}

func visibleRecognition(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM recognitions WHERE id = ? AND hidden_at IS NULL", id).Scan(&n); err != nil {
		return fmt.Errorf("store: recognition: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Comment is a reply under a recognition.
type Comment struct {
	ID           int64
	Author       PersonRef
	Body         string
	CreatedAt    time.Time
	Hidden       bool
	HiddenReason string
}

// AddComment adds a plain-text comment and tells the giver and recipients.
func (s *Store) AddComment(ctx context.Context, recognitionID, personID int64, body string) (int64, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := visibleRecognition(ctx, tx, recognitionID); err != nil {
			return err
		}
		verr := &ValidationError{}
		if body == "" {
			verr.add(0, "body", "required", "")
		} else if !checkText(verr, 0, "body", &body) {
			// refused as it is
		} else if utf8.RuneCountInString(body) > CommentMaxRunes {
			verr.add(0, "body", "too_long", strconv.Itoa(CommentMaxRunes))
		}
		if err := verr.orNil(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "INSERT INTO recognition_comments (recognition_id, person_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			recognitionID, personID, body, s.timestamp()).Scan(&id); err != nil {
			return fmt.Errorf("store: comment: %w", err)
		}
		people, err := recognitionPeople(ctx, tx, recognitionID)
		if err != nil {
			return err
		}
		people = slices.DeleteFunc(people, func(pid int64) bool { return pid == personID })
		return s.recordAndNotify(ctx, tx, Event{Key: EventRecognitionComment, Actor: personID, Subject: Ref{RefRecognition, recognitionID},
			Args: []Arg{RefArg(RefComment, id)}}, people...)
	})
	return id, err
}

// recognitionPeople lists the giver (if any) and the recipients of a recognition.
func recognitionPeople(ctx context.Context, tx *sql.Tx, recognitionID int64) ([]int64, error) {
	return ids(ctx, tx, `SELECT giver_id FROM recognitions WHERE id = ? AND giver_id IS NOT NULL
		UNION SELECT person_id FROM recognition_recipients WHERE recognition_id = ?`, recognitionID, recognitionID)
}

// ListComments returns a recognition's comments, oldest first; hidden ones only when asked.
func (s *Store) ListComments(ctx context.Context, recognitionID int64, includeHidden bool) ([]Comment, error) {
	q := `SELECT c.id, p.id, p.employee_id, p.name, p.team, c.body, c.created_at, c.hidden_at IS NOT NULL, c.hidden_reason
		FROM recognition_comments c JOIN people p ON p.id = c.person_id WHERE c.recognition_id = ?`
	if !includeHidden {
		q += " AND c.hidden_at IS NULL"
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY c.id", recognitionID)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		var at string
		if err := rows.Scan(&c.ID, &c.Author.ID, &c.Author.EmployeeID, &c.Author.Name, &c.Author.Team, &c.Body, &at, &c.Hidden, &c.HiddenReason); err != nil {
			return nil, fmt.Errorf("store: comments: %w", err)
		}
		c.CreatedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

func reasonProblem(reason string) error {
	verr := &ValidationError{}
	if reason == "" {
		verr.add(0, "reason", "required", "")
	} else if !checkLine(verr, 0, "reason", reason) {
		// refused as it is
	} else if utf8.RuneCountInString(reason) > 500 {
		verr.add(0, "reason", "too_long", "500")
	}
	return verr.orNil()
}

// HideRecognition takes a recognition off the board and out of every count, with a
// reason; the audit log records it and the giver and recipients are told.
func (s *Store) HideRecognition(ctx context.Context, actorID, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := visibleRecognition(ctx, tx, id); err != nil {
			return err
		}
		if err := reasonProblem(reason); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE recognitions SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ?",
			s.timestamp(), actorID, reason, id); err != nil {
			return fmt.Errorf("store: hide recognition: %w", err)
		}
		people, err := recognitionPeople(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.recordAndNotify(ctx, tx, Event{Key: EventRecognitionHide, Actor: actorID, Subject: Ref{RefRecognition, id},
			Args: []Arg{Plain(reason)}}, people...)
	})
}

// HideComment hides a comment with a reason; its author and the recognition's giver and
// recipients are told, and the audit log records it. It returns the recognition's ID.
func (s *Store) HideComment(ctx context.Context, actorID, commentID int64, reason string) (int64, error) {
	reason = strings.TrimSpace(reason)
	var rid, author int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT recognition_id, person_id FROM recognition_comments WHERE id = ? AND hidden_at IS NULL", commentID).Scan(&rid, &author)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: hide comment: %w", err)
		}
		if err := reasonProblem(reason); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE recognition_comments SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ?",
			s.timestamp(), actorID, reason, commentID); err != nil {
			return fmt.Errorf("store: hide comment: %w", err)
		}
		people, err := recognitionPeople(ctx, tx, rid)
		if err != nil {
			return err
		}
		if !slices.Contains(people, author) {
			people = append(people, author)
		}
		return s.recordAndNotify(ctx, tx, Event{Key: EventCommentHide, Actor: actorID, Subject: Ref{RefRecognition, rid},
			Args: []Arg{Plain(reason), RefArg(RefComment, commentID)}}, people...)
	})
	return rid, err
}

// ShelfItem is one badge on a profile's shelf and how many times the person received it.
type ShelfItem struct {
	Badge BadgeRef
	Count int
}

// RecognitionProfile is what a profile shows: the badge shelf and the counts.
type RecognitionProfile struct {
	Shelf    []ShelfItem
	Received int
	Given    int
	OptedOut bool
}

// profileRecognitionSQL reads a person's (?1) badge shelf — each badge they received in a
// visible recognition, with how often, most often first — and, in a last row, how many
// visible recognitions they received (a recognition for a value alone has no badge) and
// gave, and whether they stay out of the ranking (1/0: PostgreSQL unions no boolean with
// integers). One statement: home and the profile show it on every view.
const profileRecognitionSQL = `SELECT 0, b.id, b.name_en, b.name_zh, b.icon, b.colour, count(*), 0 FROM recognition_recipients rr
		JOIN recognitions r ON r.id = rr.recognition_id JOIN badges b ON b.id = r.badge_id
		WHERE rr.person_id = ?1 AND r.hidden_at IS NULL GROUP BY b.id, b.name_en, b.name_zh, b.icon, b.colour
	UNION ALL SELECT 1,
		(SELECT count(*) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id WHERE rr.person_id = ?1 AND r.hidden_at IS NULL),
		'', '', '', '', (SELECT count(*) FROM recognitions WHERE giver_id = ?1 AND hidden_at IS NULL),
		CASE WHEN EXISTS (SELECT 1 FROM recognition_ranking_optouts WHERE person_id = ?1) THEN 1 ELSE 0 END
	ORDER BY 1, 7 DESC, 2`

// ProfileRecognition gathers a person's badge shelf and visible counts, kept under their own
// number (keptOwnCard): the home page and every view of their profile show them.
func (s *Store) ProfileRecognition(ctx context.Context, personID int64) (RecognitionProfile, error) {
	return keptOwnCard(ctx, s, "profile recognition", personID, func(time.Time) (RecognitionProfile, error) {
		return s.profileRecognition(ctx, personID)
	})
}

func (s *Store) profileRecognition(ctx context.Context, personID int64) (RecognitionProfile, error) {
	var out RecognitionProfile
	rows, err := s.db.QueryContext(ctx, profileRecognitionSQL, personID)
	if err != nil {
		return out, fmt.Errorf("store: profile recognition: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var part int
		var it ShelfItem
		var optedOut bool
		if err := rows.Scan(&part, &it.Badge.ID, &it.Badge.NameEN, &it.Badge.NameZH, &it.Badge.Icon, &it.Badge.Colour, &it.Count, &optedOut); err != nil {
			return out, fmt.Errorf("store: profile recognition: %w", err)
		}
		if part == 0 {
			out.Shelf = append(out.Shelf, it)
		} else {
			out.Received, out.Given, out.OptedOut = int(it.Badge.ID), it.Count, optedOut
		}
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: profile recognition: %w", err)
	}
	return out, nil
}

// SetRankingOptOut keeps a person out of (or lets them back into) the "this month" strip.
func (s *Store) SetRankingOptOut(ctx context.Context, personID int64, optOut bool) error {
	var err error
	if optOut {
		_, err = s.db.ExecContext(ctx, "INSERT INTO recognition_ranking_optouts (person_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING", personID, s.timestamp())
	} else {
		_, err = s.db.ExecContext(ctx, "DELETE FROM recognition_ranking_optouts WHERE person_id = ?", personID)
	}
	if err != nil {
		return fmt.Errorf("store: ranking opt-out: %w", err)
	}
	return nil
}

// StripValue is one value in the "this month" strip with its most recognised people.
type StripValue struct {
	ValueID int64
	NameEN  string
	NameZH  string
	People  []PersonCount
}

// Name returns the value's name in lang.
func (v StripValue) Name(lang string) string { return pick(lang, v.NameEN, v.NameZH) }

// PersonCount is a person and a number of recognitions.
type PersonCount struct {
	Person PersonRef
	Count  int
}

// monthStripValueSQL: one value's most recognised people in month ?1 who are here on ?3
// and have not opted out, at most ?4.
const monthStripValueSQL = `SELECT c.value_id, p.id, p.employee_id, p.name, p.team, c.n
	FROM recognition_month_counts c JOIN people p ON p.id = c.person_id
	WHERE c.month = ? AND c.value_id = CAST(? AS BIGINT) AND c.n > 0 AND (p.left_on IS NULL OR p.left_on > ?)
	AND p.id NOT IN (SELECT person_id FROM recognition_ranking_optouts)
	ORDER BY c.n DESC, c.person_id DESC LIMIT ?`

// monthStripSQL reads n values' strips in one statement: monthStripValueSQL for each, each
// its own index walk stopped at its limit (a statement per value cost the driver's overhead
// per value on every board view).
func monthStripSQL(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("SELECT * FROM (%s) AS v%d", monthStripValueSQL, i)
	}
	return strings.Join(parts, " UNION ALL ")
}

// MonthStrip honours the most recognised people per value this calendar month (up to
// perValue each), leaving out hidden recognitions, people who left and people who opted out.
func (s *Store) MonthStrip(ctx context.Context, perValue int) ([]StripValue, error) {
	month := monthStart(s.now().UTC()).Format("2006-01")
	today := Day(s.now()).Format(DateLayout)
	return keptBoardRead(ctx, s, fmt.Sprintf("strip %s %s %d", month, today, perValue), func() ([]StripValue, error) {
		return s.readMonthStrip(ctx, month, today, perValue)
	})
}

func (s *Store) readMonthStrip(ctx context.Context, month, today string, perValue int) ([]StripValue, error) {
	// Counts per month, value and person are kept by triggers (migration 0012): each value's
	// leaders come from an index walk that stops after perValue people, however busy the month.
	// Ties go to the later-joined person (higher id), the index's own order: ordering ties by
	// name made SQLite read and sort every person on the cut-off count (thousands at 100,000).
	// Every value is asked (the board lists them anyway: one read per page); those nobody was
	// recognised for this month are left out.
	values, err := s.ListValues(ctx, true)
	if err != nil {
		return nil, err
	}
	people := map[int64][]PersonCount{} // by value
	// A few values a statement: SQLite compounds at most 500 parts.
	for chunk := range slices.Chunk(values, 50) {
		// A CAST, not a bare "?", for the value id: SQLite marks a statement whose "column = ?"
		// may be bound to 0 or 1 to be compiled again whenever a value crosses between {0, 1}
		// and anything else (11% of the board's CPU once). A CAST keeps the index and is never
		// such a parameter (TestHotStatementsStayCompiled); on PostgreSQL it types the
		// parameter as the column's integer (a unary plus made it a float and lost the index).
		var args []any
		for _, v := range chunk {
			args = append(args, month, v.ID, today, max(perValue, 0))
		}
		rows, err := s.db.QueryContext(ctx, monthStripSQL(len(chunk)), args...)
		if err != nil {
			return nil, fmt.Errorf("store: month strip: %w", err)
		}
		for rows.Next() {
			var valueID int64
			var pc PersonCount
			if err := rows.Scan(&valueID, &pc.Person.ID, &pc.Person.EmployeeID, &pc.Person.Name, &pc.Person.Team, &pc.Count); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: month strip: %w", err)
			}
			people[valueID] = append(people[valueID], pc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: month strip: %w", err)
		}
	}
	var out []StripValue
	for _, v := range values {
		if strip := people[v.ID]; len(strip) > 0 {
			// Each part's order, as its walk gave it (UNION ALL keeps it on both engines, but
			// SQL does not promise it).
			slices.SortStableFunc(strip, func(a, b PersonCount) int {
				return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.Person.ID, a.Person.ID))
			})
			out = append(out, StripValue{ValueID: v.ID, NameEN: v.NameEN, NameZH: v.NameZH, People: strip})
		}
	}
	return out, nil
}

// FairnessRow is one person in a fairness view: recognition given and received in the
// window (system awards and hidden items left out) and when they were last recognised.
type FairnessRow struct {
	Person       PersonRef
	Given        int
	Received     int
	LastReceived time.Time // zero: never
}

// ValueCount is how often a value was recognised.
type ValueCount struct {
	ValueID int64
	NameEN  string
	NameZH  string
	Count   int
}

// Name returns the value's name in lang.
func (v ValueCount) Name(lang string) string { return pick(lang, v.NameEN, v.NameZH) }

// Fairness is a manager's (or a department's) view of how recognition is spread.
type Fairness struct {
	Since       time.Time // start of the given/received window (FairnessDays)
	DesertSince time.Time // start of the desert window (DesertDays)
	People      []FairnessRow
	Desert      []FairnessRow // active members with no recognition received since DesertSince
	Values      []ValueCount
}

// TeamFairness covers everyone in managerID's reporting line (walking manager_id down).
func (s *Store) TeamFairness(ctx context.Context, managerID int64) (Fairness, error) {
	return s.fairness(ctx, `WITH RECURSIVE team(id, depth) AS (SELECT id, 1 FROM people WHERE manager_id = ?
		UNION SELECT p.id, team.depth + 1 FROM people p JOIN team ON p.manager_id = team.id WHERE team.depth < 50)
		SELECT id FROM team`, managerID)
}

// DepartmentFairness covers everyone in a department.
func (s *Store) DepartmentFairness(ctx context.Context, department string) (Fairness, error) {
	return s.fairness(ctx, "SELECT id FROM people WHERE department = ?", department)
}

func (s *Store) fairness(ctx context.Context, members string, arg any) (Fairness, error) {
	now := s.now().UTC()
	f := Fairness{Since: now.AddDate(0, 0, -FairnessDays), DesertSince: now.AddDate(0, 0, -DesertDays)}
	since, desert := f.Since.Format(time.RFC3339), f.DesertSince.Format(time.RFC3339)
	today := Day(now).Format(DateLayout)
	rows, err := s.db.QueryContext(ctx, `WITH m AS (`+members+`)
		SELECT p.id, p.employee_id, p.name, p.team,
		(SELECT count(*) FROM recognitions r WHERE r.giver_id = p.id AND r.hidden_at IS NULL AND r.source != 'system' AND r.created_at >= ?),
		(SELECT count(*) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
			WHERE rr.person_id = p.id AND r.hidden_at IS NULL AND r.source != 'system' AND r.created_at >= ?),
		(SELECT COALESCE(max(r.created_at), '') FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
			WHERE rr.person_id = p.id AND r.hidden_at IS NULL AND r.source != 'system')
		FROM people p WHERE p.id IN (SELECT id FROM m) AND (p.left_on IS NULL OR p.left_on > ?)
		ORDER BY p.name, p.id`, arg, since, since, today)
	if err != nil {
		return f, fmt.Errorf("store: fairness: %w", err)
	}
	for rows.Next() {
		var fr FairnessRow
		var last string
		if err := rows.Scan(&fr.Person.ID, &fr.Person.EmployeeID, &fr.Person.Name, &fr.Person.Team, &fr.Given, &fr.Received, &last); err != nil {
			rows.Close()
			return f, fmt.Errorf("store: fairness: %w", err)
		}
		if last != "" {
			fr.LastReceived, _ = time.Parse(time.RFC3339, last)
		}
		f.People = append(f.People, fr)
		if last == "" || last < desert {
			f.Desert = append(f.Desert, fr)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("store: fairness: %w", err)
	}
	vrows, err := s.db.QueryContext(ctx, `WITH m AS (`+members+`)
		SELECT v.id, v.name_en, v.name_zh, count(DISTINCT r.id) FROM recognitions r
		JOIN recognition_recipients rr ON rr.recognition_id = r.id JOIN culture_values v ON v.id = r.value_id
		WHERE rr.person_id IN (SELECT id FROM m) AND r.hidden_at IS NULL AND r.source != 'system' AND r.created_at >= ?
		GROUP BY v.id ORDER BY count(DISTINCT r.id) DESC, v.position, v.id`, arg, since)
	if err != nil {
		return f, fmt.Errorf("store: fairness values: %w", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var v ValueCount
		if err := vrows.Scan(&v.ValueID, &v.NameEN, &v.NameZH, &v.Count); err != nil {
			return f, fmt.Errorf("store: fairness values: %w", err)
		}
		f.Values = append(f.Values, v)
	}
	return f, vrows.Err()
}

// ReciprocalPair is two people who give each other most of their peer recognition.
// A signal for a human to look at, never a penalty.
type ReciprocalPair struct {
	A, B         PersonRef
	AToB, BToA   int // individually addressed peer recognitions in the window
	AGave, BGave int // all individually addressed peer recognitions each gave in the window
}

// ReciprocalPairs flags pairs A, B where, over the last FairnessDays days of visible,
// individually addressed peer recognitions (team-wide ones left out), A recognised B at
// least ReciprocalMin times and B recognised A at least ReciprocalMin times, and each
// of those is at least half of everything that person gave. department "" means all.
func (s *Store) ReciprocalPairs(ctx context.Context, department string) ([]ReciprocalPair, error) {
	since := s.now().UTC().AddDate(0, 0, -FairnessDays).Format(time.RFC3339)
	rows, err := s.db.QueryContext(ctx, `WITH peer AS (
			SELECT r.id, r.giver_id FROM recognitions r WHERE r.source = 'peer' AND r.team = '' AND r.hidden_at IS NULL AND r.created_at >= ?),
		given AS (SELECT peer.giver_id AS g, rr.person_id AS t, count(*) AS n FROM peer JOIN recognition_recipients rr ON rr.recognition_id = peer.id GROUP BY 1, 2),
		totals AS (SELECT giver_id AS g, count(*) AS n FROM peer GROUP BY 1)
		SELECT pa.id, pa.employee_id, pa.name, pa.team, pb.id, pb.employee_id, pb.name, pb.team, a.n, b.n, ta.n, tb.n
		FROM given a JOIN given b ON b.g = a.t AND b.t = a.g AND a.g < a.t
		JOIN totals ta ON ta.g = a.g JOIN totals tb ON tb.g = b.g
		JOIN people pa ON pa.id = a.g JOIN people pb ON pb.id = b.g
		WHERE a.n >= ? AND b.n >= ? AND a.n * 2 >= ta.n AND b.n * 2 >= tb.n
		AND (? = '' OR pa.department = ? OR pb.department = ?)
		ORDER BY a.n + b.n DESC, pa.id`, since, ReciprocalMin, ReciprocalMin, department, department, department)
	if err != nil {
		return nil, fmt.Errorf("store: reciprocal pairs: %w", err)
	}
	defer rows.Close()
	var out []ReciprocalPair
	for rows.Next() {
		var p ReciprocalPair
		if err := rows.Scan(&p.A.ID, &p.A.EmployeeID, &p.A.Name, &p.A.Team, &p.B.ID, &p.B.EmployeeID, &p.B.Name, &p.B.Team,
			&p.AToB, &p.BToA, &p.AGave, &p.BGave); err != nil {
			return nil, fmt.Errorf("store: reciprocal pairs: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ExportRow is one recipient of one recognition in the CSV export.
type ExportRow struct {
	ID                  int64
	CreatedAt           string
	Source              string
	GiverEmployeeID     string
	GiverName           string
	RecipientEmployeeID string
	RecipientName       string
	Badge               string
	Value               string
	Team                string
	Reactions           int
	Comments            int
	Hidden              bool
	// The Chinese names (issue 15: exports carry both languages).
	BadgeZH, ValueZH, TeamZH string
}

// exportRecognitionsSQL walks the recognitions in the board index's order and looks up each
// one's recipients, so rows stream from the first. CROSS JOIN keeps recognitions outermost:
// with a plain JOIN SQLite read the recipients first and sorted the whole history (a million
// rows at 100k) before the first row — 87 s before the first byte.
const exportRecognitionsSQL = `SELECT r.id, r.created_at, r.source, COALESCE(g.employee_id, ''), COALESCE(g.name, ''),
		p.employee_id, p.name, COALESCE(b.name_en, ''), COALESCE(v.name_en, ''), r.team,
		(SELECT count(*) FROM recognition_reactions x WHERE x.recognition_id = r.id),
		(SELECT count(*) FROM recognition_comments c WHERE c.recognition_id = r.id AND c.hidden_at IS NULL),
		r.hidden_at IS NOT NULL, COALESCE(b.name_zh, ''), COALESCE(v.name_zh, ''), COALESCE(u.name_zh, '')
		FROM recognitions r CROSS JOIN recognition_recipients rr JOIN people p ON p.id = rr.person_id
		LEFT JOIN people g ON g.id = r.giver_id LEFT JOIN badges b ON b.id = r.badge_id LEFT JOIN culture_values v ON v.id = r.value_id
		LEFT JOIN org_unit_names u ON u.kind = 'team' AND u.name = r.team
		WHERE rr.recognition_id = r.id
		ORDER BY r.created_at, r.id`

// ExportRecognitions streams every recognition, one row per recipient, oldest first;
// hidden ones are included and marked, since the export is the raw record.
func (s *Store) ExportRecognitions(ctx context.Context, fn func(ExportRow) error) error {
	rows, err := s.db.QueryContext(ctx, exportRecognitionsSQL)
	if err != nil {
		return fmt.Errorf("store: export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		// As the check export: a driver may hold many rows already read (pgx does), so a
		// download the client abandoned stops here, not at the end of the buffer.
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: export: %w", err)
		}
		var e ExportRow
		if err := rows.Scan(&e.ID, &e.CreatedAt, &e.Source, &e.GiverEmployeeID, &e.GiverName, &e.RecipientEmployeeID, &e.RecipientName,
			&e.Badge, &e.Value, &e.Team, &e.Reactions, &e.Comments, &e.Hidden, &e.BadgeZH, &e.ValueZH, &e.TeamZH); err != nil {
			return fmt.Errorf("store: export: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Colleague is a person the give form offers, with whether they belong to the giver's own team.
type Colleague struct {
	PersonRef
	Mine bool // same team as the giver, or reports to the giver
}

// ActiveColleagues lists the people personID may recognise (everyone active but personID) for the
// give form's picker: the giver's own team first (people who share the giver's team, and the
// giver's direct reports), then everyone else by team, each group by name.
func (s *Store) ActiveColleagues(ctx context.Context, personID int64) ([]Colleague, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.employee_id, p.name, p.team,
			CASE WHEN (p.team != '' AND p.team = g.team) OR p.manager_id = g.id THEN 1 ELSE 0 END AS mine
		FROM people p JOIN people g ON g.id = ?
		WHERE p.id != g.id AND (p.left_on IS NULL OR p.left_on > ?)
		ORDER BY mine DESC, p.team, p.name, p.id`, personID, Day(s.now()).Format(DateLayout))
	if err != nil {
		return nil, fmt.Errorf("store: colleagues: %w", err)
	}
	defer rows.Close()
	var out []Colleague
	for rows.Next() {
		var c Colleague
		if err := rows.Scan(&c.ID, &c.EmployeeID, &c.Name, &c.Team, &c.Mine); err != nil {
			return nil, fmt.Errorf("store: colleagues: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// messageWeight measures a message against the minimum length. A Chinese (or Japanese,
// Korean) character carries about as much as a short English word, so it counts as two:
// "耐心帮我处理了投诉电话" (11 characters) says as much as 20 letters of English.
func messageWeight(s string) int {
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// rebuildAllowanceCounts counts every giver's peer recognitions per month afresh: for the
// demo and gen, which insert recognitions in bulk rather than through Give.
func rebuildAllowanceCounts(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM allowance_counts"); err != nil {
		return fmt.Errorf("store: allowance counts: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO allowance_counts (person_id, month, used)
		SELECT giver_id, substr(created_at, 1, 7), count(*) FROM recognitions
		WHERE uses_allowance = 1 AND giver_id IS NOT NULL GROUP BY 1, 2`)
	if err != nil {
		return fmt.Errorf("store: allowance counts: %w", err)
	}
	return nil
}

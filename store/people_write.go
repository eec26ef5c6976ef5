package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// PersonInput is a person as written by the admin form, the HR CSV and the API.
// Field names and JSON keys match the CSV columns (docs/import.md).
type PersonInput struct {
	EmployeeID        string `json:"employee_id"`
	Email             string `json:"email"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Department        string `json:"department"`
	Team              string `json:"team"`
	ManagerEmployeeID string `json:"manager_employee_id"`
	Tier              string `json:"tier"`
	Role              string `json:"role"`
	EmploymentType    string `json:"employment_type"`
	HiredOn           string `json:"hired_on"`
	LeftOn            string `json:"left_on"`
	Language          string `json:"language"`
	// The Chinese names (optional CSV columns, optional API keys). nil leaves what is
	// stored; a department's or team's Chinese name is shared by the unit, so an empty one
	// also leaves it (an empty title_zh clears the person's Chinese title).
	TitleZH      *string `json:"title_zh,omitempty"`
	DepartmentZH *string `json:"department_zh,omitempty"`
	TeamZH       *string `json:"team_zh,omitempty"`
}

// zh is an optional Chinese name's text ("" when absent).
func zh(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Ptr returns a pointer to s, for PersonInput's optional Chinese names.
func Ptr(s string) *string { return &s }

// InputFromPerson turns a stored person back into the input shape (GET → PUT round trip).
func InputFromPerson(p Person) PersonInput {
	in := PersonInput{
		EmployeeID: p.EmployeeID, Email: p.Email, Name: p.Name, Title: p.Title,
		Department: p.Department, Team: p.Team, ManagerEmployeeID: p.ManagerEmployeeID,
		Tier: p.Tier, Role: p.Role, EmploymentType: p.EmploymentType,
		HiredOn: p.HiredOn.Format(DateLayout), Language: p.Language,
		TitleZH: Ptr(p.TitleZH), DepartmentZH: Ptr(p.DepartmentZH), TeamZH: Ptr(p.TeamZH),
	}
	if !p.LeftOn.IsZero() {
		in.LeftOn = p.LeftOn.Format(DateLayout)
	}
	return in
}

func (in *PersonInput) normalise() {
	for _, f := range []*string{&in.EmployeeID, &in.Email, &in.Name, &in.Title, &in.Department, &in.Team,
		&in.ManagerEmployeeID, &in.Tier, &in.Role, &in.EmploymentType, &in.HiredOn, &in.LeftOn, &in.Language} {
		*f = strings.TrimSpace(*f)
	}
	for _, f := range []**string{&in.TitleZH, &in.DepartmentZH, &in.TeamZH} {
		if *f != nil {
			*f = Ptr(strings.TrimSpace(**f))
		}
	}
	// A unit typed only in Chinese is stored under its Chinese name (the unit's key).
	if in.Department == "" && zh(in.DepartmentZH) != "" {
		in.Department, in.DepartmentZH = *in.DepartmentZH, nil
	}
	if in.Team == "" && zh(in.TeamZH) != "" {
		in.Team, in.TeamZH = *in.TeamZH, nil
	}
	// HR exports spell enumerations and language tags many ways; what they mean is strict.
	in.Tier = NormalizeChoice(in.Tier)
	in.Role = NormalizeChoice(in.Role)
	in.EmploymentType = NormalizeChoice(in.EmploymentType)
	in.Language = NormalizeLanguage(in.Language)
}

// UpsertResult says what a write did.
type UpsertResult struct {
	Created []int64
	Updated []int64
}

// UpsertPeople validates every input and, only when all are valid, creates or updates
// them by employee ID in one transaction. People not in the list are untouched. A manager
// may appear after their reports. Rows are numbered from firstRow (CSV: 2, after the header).
func (s *Store) UpsertPeople(ctx context.Context, actorID int64, inputs []PersonInput, firstRow int) (UpsertResult, error) {
	return s.UpsertPeopleVia(ctx, actorID, Arg{}, inputs, firstRow)
}

// UpsertPeopleVia is UpsertPeople whose people.imported event also says how the people came
// (an event argument: the API token, the command line's file, the web import).
func (s *Store) UpsertPeopleVia(ctx context.Context, actorID int64, via Arg, inputs []PersonInput, firstRow int) (UpsertResult, error) {
	var res UpsertResult
	if len(inputs) > MaxImportRows {
		return res, &ValidationError{Problems: []Problem{{Field: "file", Code: "too_many_rows", Arg: strconv.Itoa(MaxImportRows)}}}
	}
	// Bad rows are found in a read-only transaction, so they never hold the write lock;
	// the write transaction checks again (cheap for valid rows) in case the database changed.
	if err := s.ValidatePeople(ctx, inputs, firstRow); err != nil {
		return res, err
	}
	err := s.peopleTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.upsertPeopleTx(ctx, tx, actorID, via, inputs, firstRow)
		return err
	})
	return res, err
}

// upsertPeopleTx is UpsertPeopleVia inside a transaction the caller owns.
func (s *Store) upsertPeopleTx(ctx context.Context, tx *sql.Tx, actorID int64, via Arg, inputs []PersonInput, firstRow int) (UpsertResult, error) {
	if err := s.validatePeople(ctx, tx, inputs, firstRow); err != nil {
		return UpsertResult{}, err
	}
	res, err := s.writePeople(ctx, tx, inputs)
	if err != nil {
		return res, err
	}
	if err := s.afterPeopleWritten(ctx, tx, actorID, res); err != nil {
		return res, err
	}
	_, err = s.record(ctx, tx, Event{Key: EventPeopleImport, Actor: actorID, Args: []Arg{Num(len(res.Created)), Num(len(res.Updated)), via}})
	return res, err
}

// PersonTextMaxRunes bounds a person's name, title, department and team (each language).
// Besides keeping pages readable, it keeps the 80% report's covering indexes (migration 0042:
// name, department and team in one entry) under PostgreSQL's btree entry limit of ~2.7 KB:
// three values of 200 characters are at most 2.4 KB even in four-byte UTF-8.
const PersonTextMaxRunes = 200

// ValidatePeople reports every problem with the inputs without writing anything (import preview).
func (s *Store) ValidatePeople(ctx context.Context, inputs []PersonInput, firstRow int) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	return s.validatePeople(ctx, tx, inputs, firstRow)
}

func (s *Store) validatePeople(ctx context.Context, tx *sql.Tx, inputs []PersonInput, firstRow int) error {
	verr := &ValidationError{}
	inFile := map[string]int{}
	emails := map[string]int{}
	unitZH := map[string]string{} // kind+name → the Chinese name the file gives it
	for i := range inputs {
		inputs[i].normalise()
	}
	for i, in := range inputs {
		row := firstRow + i
		if firstRow == 0 {
			row = 0
		}
		checkPersonText(verr, row, in)
		for _, u := range []struct{ field, kind, name, zh string }{
			{"department_zh", UnitDepartment, in.Department, zh(in.DepartmentZH)},
			{"team_zh", UnitTeam, in.Team, zh(in.TeamZH)},
		} {
			if u.zh == "" {
				continue
			}
			k := unitKey(u.kind, u.name)
			if prev, ok := unitZH[k]; ok && prev != u.zh {
				verr.add(row, u.field, "unit_name_conflict", prev)
			}
			unitZH[k] = u.zh
		}
		if in.EmployeeID == "" {
			verr.add(row, "employee_id", "required", "")
		} else if len(in.EmployeeID) > 64 || strings.ContainsAny(in.EmployeeID, " \t/") {
			verr.add(row, "employee_id", "invalid_employee_id", in.EmployeeID)
		} else if prev, dup := inFile[in.EmployeeID]; dup {
			verr.add(row, "employee_id", "duplicate_in_file", fmt.Sprint(prev))
		} else {
			inFile[in.EmployeeID] = row
		}
		if in.Name == "" {
			verr.add(row, "name", "required", "")
		}
		for _, f := range []struct{ field, value string }{
			{"name", in.Name}, {"title", in.Title}, {"department", in.Department}, {"team", in.Team},
			{"title_zh", zh(in.TitleZH)}, {"department_zh", zh(in.DepartmentZH)}, {"team_zh", zh(in.TeamZH)},
		} {
			if utf8.RuneCountInString(f.value) > PersonTextMaxRunes {
				verr.add(row, f.field, "too_long", strconv.Itoa(PersonTextMaxRunes))
			}
		}
		if in.Email != "" {
			if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
				verr.add(row, "email", "invalid_email", in.Email)
			} else if prev, dup := emails[strings.ToLower(in.Email)]; dup {
				verr.add(row, "email", "duplicate_in_file", fmt.Sprint(prev))
			} else {
				emails[strings.ToLower(in.Email)] = row
				var owner string
				err := tx.QueryRowContext(ctx, "SELECT employee_id FROM people WHERE email = ?", in.Email).Scan(&owner)
				if err == nil && owner != in.EmployeeID {
					verr.add(row, "email", "email_taken", owner)
				}
			}
		}
		if !slices.Contains(Tiers, in.Tier) {
			verr.addChoice(row, "tier", in.Tier, Tiers)
		}
		if !slices.Contains(Roles, in.Role) {
			verr.addChoice(row, "role", in.Role, Roles)
		}
		if !slices.Contains(EmploymentTypes, in.EmploymentType) {
			verr.addChoice(row, "employment_type", in.EmploymentType, EmploymentTypes)
		}
		if in.Language != "" && !slices.Contains(Languages, in.Language) {
			verr.addChoice(row, "language", in.Language, Languages)
		}
		var hired time.Time
		hok := false
		if in.HiredOn == "" {
			verr.add(row, "hired_on", "required", "")
		} else {
			hired, hok = checkDate(verr, row, "hired_on", in.HiredOn, lifeDates, s.now())
		}
		if in.LeftOn != "" {
			if left, ok := checkDate(verr, row, "left_on", in.LeftOn, lifeDates, s.now()); ok && hok && left.Before(hired) {
				verr.add(row, "left_on", "left_before_hired", in.HiredOn)
			}
		}
	}
	// Managers may be in the file (anywhere) or already in the database.
	for i, in := range inputs {
		row := firstRow + i
		if firstRow == 0 {
			row = 0
		}
		m := in.ManagerEmployeeID
		if m == "" {
			continue
		}
		if m == in.EmployeeID {
			verr.add(row, "manager_employee_id", "manager_self", m)
			continue
		}
		if _, ok := inFile[m]; ok {
			continue
		}
		var id int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = ?", m).Scan(&id); err != nil {
			verr.add(row, "manager_employee_id", "unknown_manager", m)
		}
	}
	if len(verr.Problems) == 0 {
		if cycle := s.managerCycle(ctx, tx, inputs); cycle != "" {
			verr.add(firstRow, "manager_employee_id", "manager_cycle", cycle)
		}
	}
	if len(verr.Problems) == 0 {
		if i, err := s.lastAdminRemoved(ctx, tx, inputs); err != nil {
			return err
		} else if i >= 0 {
			row := firstRow + i
			if firstRow == 0 {
				row = 0
			}
			verr.add(row, "role", "last_admin", inputs[i].EmployeeID)
		}
	}
	return verr.orNil()
}

// lastAdminRemoved returns the index of an input that would leave Lodestar without any
// active administrator (by changing their role or giving them a leaving date), or -1.
// A database that has no active administrator yet is not held to this.
func (s *Store) lastAdminRemoved(ctx context.Context, tx *sql.Tx, inputs []PersonInput) (int, error) {
	today := Day(s.now()).Format(DateLayout)
	rows, err := tx.QueryContext(ctx, "SELECT employee_id FROM people WHERE role = ? AND (left_on IS NULL OR left_on > ?)", RoleAdmin, today)
	if err != nil {
		return -1, fmt.Errorf("store: admins: %w", err)
	}
	admins := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return -1, fmt.Errorf("store: admins: %w", err)
		}
		admins[e] = true
	}
	rows.Close()
	if len(admins) == 0 {
		return -1, nil
	}
	removed := -1
	for i, in := range inputs {
		active := in.LeftOn == "" || in.LeftOn > today
		switch {
		case in.Role == RoleAdmin && active:
			admins[in.EmployeeID] = true
		case admins[in.EmployeeID]:
			delete(admins, in.EmployeeID)
			removed = i
		}
	}
	if len(admins) > 0 {
		return -1, nil
	}
	return removed, nil
}

// managerCycle returns an employee ID that would end up managing itself, or "".
func (s *Store) managerCycle(ctx context.Context, tx *sql.Tx, inputs []PersonInput) string {
	managerOf := map[string]string{}
	rows, err := tx.QueryContext(ctx, "SELECT p.employee_id, COALESCE(m.employee_id, '') FROM people p LEFT JOIN people m ON m.id = p.manager_id")
	if err == nil {
		for rows.Next() {
			var e, m string
			if rows.Scan(&e, &m) == nil {
				managerOf[e] = m
			}
		}
		rows.Close()
	}
	for _, in := range inputs {
		managerOf[in.EmployeeID] = in.ManagerEmployeeID
	}
	for _, in := range inputs {
		seen := map[string]bool{}
		for cur := in.EmployeeID; cur != ""; cur = managerOf[cur] {
			if seen[cur] {
				return in.EmployeeID
			}
			seen[cur] = true
		}
	}
	return ""
}

func (s *Store) writePeople(ctx context.Context, tx *sql.Tx, inputs []PersonInput) (UpsertResult, error) {
	var res UpsertResult
	now := s.timestamp()
	// Statements are prepared once: parsing the SQL again for every row took half the time
	// of a large import, all of it inside the write lock.
	stmts := map[string]*sql.Stmt{}
	for name, q := range map[string]string{
		"find": "SELECT id FROM people WHERE employee_id = ?",
		"insert": `INSERT INTO people (employee_id, email, name, title, department, team,
			tier, role, employment_type, hired_on, left_on, language, created_at, updated_at, title_zh)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, '')) RETURNING id`,
		"update": `UPDATE people SET email = ?, name = ?, title = ?, department = ?, team = ?,
			tier = ?, role = ?, employment_type = ?, hired_on = ?, left_on = ?, language = ?, updated_at = ?,
			title_zh = COALESCE(?, title_zh)
			WHERE id = ?`,
		"manager": "UPDATE people SET manager_id = (SELECT id FROM people WHERE employee_id = ?) WHERE employee_id = ?",
	} {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return res, fmt.Errorf("store: prepare %s: %w", name, err)
		}
		defer st.Close()
		stmts[name] = st
	}
	// First pass: upsert everyone without managers, so a manager later in the file exists.
	for _, in := range inputs {
		var id int64
		err := stmts["find"].QueryRowContext(ctx, in.EmployeeID).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = stmts["insert"].QueryRowContext(ctx,
				in.EmployeeID, nullString(in.Email), in.Name, in.Title, in.Department, in.Team,
				in.Tier, in.Role, in.EmploymentType, in.HiredOn, nullString(in.LeftOn), in.Language, now, now, in.TitleZH).Scan(&id)
			if err != nil {
				return res, fmt.Errorf("store: insert person %s: %w", in.EmployeeID, err)
			}
			res.Created = append(res.Created, id)
		case err != nil:
			return res, fmt.Errorf("store: find person %s: %w", in.EmployeeID, err)
		default:
			_, err = stmts["update"].ExecContext(ctx,
				nullString(in.Email), in.Name, in.Title, in.Department, in.Team,
				in.Tier, in.Role, in.EmploymentType, in.HiredOn, nullString(in.LeftOn), in.Language, now, in.TitleZH, id)
			if err != nil {
				return res, fmt.Errorf("store: update person %s: %w", in.EmployeeID, err)
			}
			res.Updated = append(res.Updated, id)
		}
		if err := setUnitNameZH(ctx, tx, UnitDepartment, in.Department, zh(in.DepartmentZH)); err != nil {
			return res, err
		}
		if err := setUnitNameZH(ctx, tx, UnitTeam, in.Team, zh(in.TeamZH)); err != nil {
			return res, err
		}
	}
	for _, in := range inputs {
		if _, err := stmts["manager"].ExecContext(ctx, nullString(in.ManagerEmployeeID), in.EmployeeID); err != nil {
			return res, fmt.Errorf("store: set manager of %s: %w", in.EmployeeID, err)
		}
	}
	// Every writer of names comes through here, so the search index changes with the name.
	if err := s.indexPeople(ctx, tx, slices.Concat(res.Created, res.Updated)); err != nil {
		return res, err
	}
	return res, nil
}

// afterPeopleWritten runs the follow-ups every new or changed person gets, in the same
// transaction (training assignment rules hook in here).
func (s *Store) afterPeopleWritten(ctx context.Context, tx *sql.Tx, actorID int64, res UpsertResult) error {
	return s.applyRulesTo(ctx, tx, actorID, append(append([]int64{}, res.Created...), res.Updated...))
}

// Deactivate records that a person left on the given day (today when zero).
func (s *Store) Deactivate(ctx context.Context, actorID, personID int64, day time.Time) error {
	if day.IsZero() {
		day = s.now()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE people SET left_on = ?, updated_at = ? WHERE id = ?",
			Day(day).Format(DateLayout), s.timestamp(), personID)
		if err != nil {
			return fmt.Errorf("store: deactivate: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = s.record(ctx, tx, Event{Key: EventPersonDeactivate, Actor: actorID, Subject: Ref{RefPerson, personID}, Args: []Arg{DateArg(Day(day))}})
		return err
	})
}

// SavePerson creates or updates one person from the admin form, auditing each changed field.
func (s *Store) SavePerson(ctx context.Context, actorID int64, in PersonInput) (int64, error) {
	var id int64
	err := s.peopleTx(ctx, func(tx *sql.Tx) error {
		inputs := []PersonInput{in}
		if err := s.validatePeople(ctx, tx, inputs, 0); err != nil {
			return err
		}
		in = inputs[0]
		var before PersonInput
		existing := false
		if p, err := s.personTx(ctx, tx, in.EmployeeID); err == nil {
			before, existing = InputFromPerson(p), true
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		res, err := s.writePeople(ctx, tx, inputs)
		if err != nil {
			return err
		}
		if err := s.afterPeopleWritten(ctx, tx, actorID, res); err != nil {
			return err
		}
		if !existing {
			id = res.Created[0]
			_, err := s.record(ctx, tx, Event{Key: EventPersonCreate, Actor: actorID, Subject: Ref{RefPerson, id},
				Args: []Arg{Plain(in.EmployeeID), Code("role.", in.Role)}})
			return err
		}
		id = res.Updated[0]
		if changes := diffPerson(before, in); len(changes) > 0 {
			_, err := s.record(ctx, tx, Event{Key: EventPersonUpdate, Actor: actorID, Subject: Ref{RefPerson, id},
				Args: []Arg{Plain(in.EmployeeID), List(changes...)}})
			return err
		}
		return nil
	})
	return id, err
}

func (s *Store) personTx(ctx context.Context, tx *sql.Tx, employeeID string) (Person, error) {
	p, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+personFrom+"WHERE p.employee_id = ?", employeeID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

// diffPerson lists the changed fields, each labelled by the person form's message key.
func diffPerson(a, b PersonInput) []Arg {
	var changes []Arg
	add := func(label, codePrefix, x, y string) {
		if x == y {
			return
		}
		value := func(v string) Arg {
			if d, err := ParseDate(v); codePrefix == "date" && err == nil {
				return DateArg(d)
			}
			if codePrefix != "" && codePrefix != "date" && v != "" {
				return Code(codePrefix, v)
			}
			return Plain(v)
		}
		changes = append(changes, Change(label, value(x), value(y)))
	}
	add("people.email", "", a.Email, b.Email)
	add("people.name", "", a.Name, b.Name)
	add("people.title_field", "", a.Title, b.Title)
	if b.TitleZH != nil {
		add("content.job_title_zh", "", zh(a.TitleZH), *b.TitleZH)
	}
	if zh(b.DepartmentZH) != "" {
		add("content.department_zh", "", zh(a.DepartmentZH), *b.DepartmentZH)
	}
	if zh(b.TeamZH) != "" {
		add("content.team_zh", "", zh(a.TeamZH), *b.TeamZH)
	}
	add("people.department", "", a.Department, b.Department)
	add("people.team", "", a.Team, b.Team)
	add("people.manager_id", "", a.ManagerEmployeeID, b.ManagerEmployeeID)
	add("people.tier", "tier.", a.Tier, b.Tier)
	add("people.role", "role.", a.Role, b.Role)
	add("people.employment_type", "employment.", a.EmploymentType, b.EmploymentType)
	add("people.hired_on", "date", a.HiredOn, b.HiredOn)
	add("people.left_on", "date", a.LeftOn, b.LeftOn)
	add("people.language", "", a.Language, b.Language)
	return changes
}

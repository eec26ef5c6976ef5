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
}

// InputFromPerson turns a stored person back into the input shape (GET → PUT round trip).
func InputFromPerson(p Person) PersonInput {
	in := PersonInput{
		EmployeeID: p.EmployeeID, Email: p.Email, Name: p.Name, Title: p.Title,
		Department: p.Department, Team: p.Team, ManagerEmployeeID: p.ManagerEmployeeID,
		Tier: p.Tier, Role: p.Role, EmploymentType: p.EmploymentType,
		HiredOn: p.HiredOn.Format(DateLayout), Language: p.Language,
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
	return s.UpsertPeopleVia(ctx, actorID, "", inputs, firstRow)
}

// UpsertPeopleVia is UpsertPeople that also records in the audit log how the people came
// (e.g. "API token HR sync", "import-people staff.csv").
func (s *Store) UpsertPeopleVia(ctx context.Context, actorID int64, via string, inputs []PersonInput, firstRow int) (UpsertResult, error) {
	var res UpsertResult
	if len(inputs) > MaxImportRows {
		return res, &ValidationError{Problems: []Problem{{Field: "file", Code: "too_many_rows", Arg: strconv.Itoa(MaxImportRows)}}}
	}
	// Bad rows are found in a read-only transaction, so they never hold the write lock;
	// the write transaction checks again (cheap for valid rows) in case the database changed.
	if err := s.ValidatePeople(ctx, inputs, firstRow); err != nil {
		return res, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.upsertPeopleTx(ctx, tx, actorID, via, inputs, firstRow)
		return err
	})
	return res, err
}

// upsertPeopleTx is UpsertPeopleVia inside a transaction the caller owns.
func (s *Store) upsertPeopleTx(ctx context.Context, tx *sql.Tx, actorID int64, via string, inputs []PersonInput, firstRow int) (UpsertResult, error) {
	if err := s.validatePeople(ctx, tx, inputs, firstRow); err != nil {
		return UpsertResult{}, err
	}
	res, err := s.writePeople(ctx, tx, inputs)
	if err != nil {
		return res, err
	}
	if err := s.afterPeopleWritten(ctx, tx, res); err != nil {
		return res, err
	}
	return res, s.audit(ctx, tx, actorID, "people.upsert", via, fmt.Sprintf("created %d, updated %d", len(res.Created), len(res.Updated)))
}

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
	for i := range inputs {
		inputs[i].normalise()
	}
	for i, in := range inputs {
		row := firstRow + i
		if firstRow == 0 {
			row = 0
		}
		checkPersonText(verr, row, in)
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
		} else if len([]rune(in.Name)) > 200 {
			verr.add(row, "name", "too_long", "200")
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
			tier, role, employment_type, hired_on, left_on, language, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		"update": `UPDATE people SET email = ?, name = ?, title = ?, department = ?, team = ?,
			tier = ?, role = ?, employment_type = ?, hired_on = ?, left_on = ?, language = ?, updated_at = ?
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
				in.Tier, in.Role, in.EmploymentType, in.HiredOn, nullString(in.LeftOn), in.Language, now, now).Scan(&id)
			if err != nil {
				return res, fmt.Errorf("store: insert person %s: %w", in.EmployeeID, err)
			}
			res.Created = append(res.Created, id)
		case err != nil:
			return res, fmt.Errorf("store: find person %s: %w", in.EmployeeID, err)
		default:
			_, err = stmts["update"].ExecContext(ctx,
				nullString(in.Email), in.Name, in.Title, in.Department, in.Team,
				in.Tier, in.Role, in.EmploymentType, in.HiredOn, nullString(in.LeftOn), in.Language, now, id)
			if err != nil {
				return res, fmt.Errorf("store: update person %s: %w", in.EmployeeID, err)
			}
			res.Updated = append(res.Updated, id)
		}
	}
	for _, in := range inputs {
		if _, err := stmts["manager"].ExecContext(ctx, nullString(in.ManagerEmployeeID), in.EmployeeID); err != nil {
			return res, fmt.Errorf("store: set manager of %s: %w", in.EmployeeID, err)
		}
	}
	return res, nil
}

// afterPeopleWritten runs the follow-ups every new or changed person gets, in the same
// transaction (training assignment rules hook in here).
func (s *Store) afterPeopleWritten(ctx context.Context, tx *sql.Tx, res UpsertResult) error {
	return s.applyRulesTo(ctx, tx, append(append([]int64{}, res.Created...), res.Updated...))
}

// Deactivate records that a person left on the given day (today when zero).
func (s *Store) Deactivate(ctx context.Context, actorID, personID int64, day time.Time) error {
	if day.IsZero() {
		day = s.now()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var employeeID string
		if err := tx.QueryRowContext(ctx, "SELECT employee_id FROM people WHERE id = ?", personID).Scan(&employeeID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: deactivate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE people SET left_on = ?, updated_at = ? WHERE id = ?",
			Day(day).Format(DateLayout), s.timestamp(), personID); err != nil {
			return fmt.Errorf("store: deactivate: %w", err)
		}
		return s.audit(ctx, tx, actorID, "person.deactivate", employeeID, Day(day).Format(DateLayout))
	})
}

// SavePerson creates or updates one person from the admin form, auditing each changed field.
func (s *Store) SavePerson(ctx context.Context, actorID int64, in PersonInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
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
		if err := s.afterPeopleWritten(ctx, tx, res); err != nil {
			return err
		}
		if !existing {
			id = res.Created[0]
			return s.audit(ctx, tx, actorID, "person.create", in.EmployeeID, in.Name+" ("+in.Role+")")
		}
		id = res.Updated[0]
		if changes := diffPerson(before, in); changes != "" {
			return s.audit(ctx, tx, actorID, "person.update", in.EmployeeID, changes)
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

// diffPerson describes changed fields as "field: old → new; …".
func diffPerson(a, b PersonInput) string {
	var parts []string
	add := func(field, x, y string) {
		if x != y {
			parts = append(parts, field+": "+x+" → "+y)
		}
	}
	add("email", a.Email, b.Email)
	add("name", a.Name, b.Name)
	add("title", a.Title, b.Title)
	add("department", a.Department, b.Department)
	add("team", a.Team, b.Team)
	add("manager", a.ManagerEmployeeID, b.ManagerEmployeeID)
	add("tier", a.Tier, b.Tier)
	add("role", a.Role, b.Role)
	add("employment_type", a.EmploymentType, b.EmploymentType)
	add("hired_on", a.HiredOn, b.HiredOn)
	add("left_on", a.LeftOn, b.LeftOn)
	add("language", a.Language, b.Language)
	return strings.Join(parts, "; ")
}

package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxImportBytes is the largest HR file accepted (CSV upload, CLI and API body).
const MaxImportBytes = 5 << 20

// MaxImportRows is the most people one HR file, CLI import or API request may hold. It
// bounds the one write transaction that applies them; a larger organisation sends its
// people in several files or requests (a manager must come first or in the same one).
const MaxImportRows = 5000

// PeopleColumns are the CSV columns of the HR import, in the documented order (docs/import.md).
// Every column must be present in the header, in any order; cells may be empty where allowed.
var PeopleColumns = []string{"employee_id", "email", "name", "title", "department", "team",
	"manager_employee_id", "tier", "role", "employment_type", "hired_on", "left_on", "language"}

// OptionalPeopleColumns may be in the header or not (files written before them stay valid):
// the Chinese job title, department and team.
var OptionalPeopleColumns = []string{"title_zh", "department_zh", "team_zh"}

// importBatchLifetime is how long an uploaded file waits for its confirmation.
const importBatchLifetime = 24 * time.Hour

// ParsePeopleCSV reads an HR file: UTF-8 with or without a byte-order mark, a header row
// naming every column of PeopleColumns in any order, then one person per row. Rows are
// numbered as a spreadsheet does: the header is row 1, the first person row 2. Trailing
// empty rows are ignored. Problems with the file itself come back as a *ValidationError
// (field "file" for the whole file, the column name for header problems).
func ParsePeopleCSV(r io.Reader) ([]PersonInput, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("store: read CSV: %w", err)
	}
	verr := &ValidationError{}
	if len(data) > MaxImportBytes {
		verr.add(0, "file", "file_too_large", fmt.Sprint(MaxImportBytes>>20))
		return nil, verr
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		verr.add(0, "file", "empty_file", "")
		return nil, verr
	}
	if !utf8.Valid(data) {
		verr.add(0, "file", "not_utf8", "")
		return nil, verr
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	// Read row by row and stop past the row cap, so a file of tiny rows costs little.
	var records [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				line = perr.Line
			}
			verr.add(0, "file", "csv_syntax", fmt.Sprint(line))
			return nil, verr
		}
		records = append(records, rec)
		// Blank rows count too: a file of nothing but "," lines must not build millions of records.
		if len(records) > MaxImportRows+1 {
			verr.add(0, "file", "too_many_rows", fmt.Sprint(MaxImportRows))
			return nil, verr
		}
	}
	header := records[0]
	index := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name == "":
			verr.add(1, "file", "csv_empty_column", fmt.Sprint(i+1))
		case !isPeopleColumn(name):
			verr.add(1, name, "csv_unknown_column", name)
		default:
			if _, dup := index[name]; dup {
				verr.add(1, name, "csv_duplicate_column", name)
			}
			index[name] = i
		}
	}
	for _, col := range PeopleColumns {
		if _, ok := index[col]; !ok {
			verr.add(1, col, "csv_missing_column", col)
		}
	}
	if len(verr.Problems) > 0 {
		return nil, verr
	}
	rows := records[1:]
	for len(rows) > 0 && emptyRecord(rows[len(rows)-1]) {
		rows = rows[:len(rows)-1]
	}
	if len(rows) == 0 {
		verr.add(0, "file", "no_people", "")
		return nil, verr
	}
	people := make([]PersonInput, 0, len(rows))
	for i, rec := range rows {
		if len(rec) != len(header) {
			verr.add(i+2, "file", "csv_field_count", fmt.Sprint(len(header)))
			continue
		}
		cell := func(col string) string { return rec[index[col]] }
		optional := func(col string) *string {
			if i, ok := index[col]; ok {
				return Ptr(rec[i])
			}
			return nil
		}
		people = append(people, PersonInput{
			TitleZH: optional("title_zh"), DepartmentZH: optional("department_zh"), TeamZH: optional("team_zh"),
			EmployeeID: cell("employee_id"), Email: cell("email"), Name: cell("name"), Title: cell("title"),
			Department: cell("department"), Team: cell("team"), ManagerEmployeeID: cell("manager_employee_id"),
			Tier: cell("tier"), Role: cell("role"), EmploymentType: cell("employment_type"),
			HiredOn: cell("hired_on"), LeftOn: cell("left_on"), Language: cell("language"),
		})
	}
	if len(verr.Problems) > 0 {
		return nil, verr
	}
	return people, nil
}

func isPeopleColumn(name string) bool {
	return slices.Contains(PeopleColumns, name) || slices.Contains(OptionalPeopleColumns, name)
}

func emptyRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ImportPreview is what a valid import would do: who is created and who is updated.
type ImportPreview struct {
	Create []PersonInput
	Update []PersonInput
}

// PreviewPeople validates the inputs like UpsertPeople (rows numbered from firstRow) and,
// when every row is valid, splits them into people to create and people to update.
// Nothing is written.
func (s *Store) PreviewPeople(ctx context.Context, inputs []PersonInput, firstRow int) (ImportPreview, error) {
	var pv ImportPreview
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return pv, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := s.validatePeople(ctx, tx, inputs, firstRow); err != nil {
		return pv, err
	}
	for _, in := range inputs {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = ?", in.EmployeeID).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			pv.Create = append(pv.Create, in)
		case err != nil:
			return pv, fmt.Errorf("store: preview: %w", err)
		default:
			pv.Update = append(pv.Update, in)
		}
	}
	return pv, nil
}

// ImportBatch is an uploaded HR file waiting between preview and confirmation.
type ImportBatch struct {
	ID        int64
	CreatedBy int64
	CreatedAt time.Time
	Content   []byte
}

// SaveImportBatch keeps an uploaded file until it is confirmed, and forgets batches
// older than a day that were never confirmed.
func (s *Store) SaveImportBatch(ctx context.Context, actorID int64, content []byte) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cutoff := s.now().Add(-importBatchLifetime).UTC().Format(time.RFC3339)
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_batches WHERE created_at < ?", cutoff); err != nil {
			return fmt.Errorf("store: expire import batches: %w", err)
		}
		err := tx.QueryRowContext(ctx, "INSERT INTO import_batches (created_by, created_at, content) VALUES (?, ?, ?) RETURNING id",
			nullID(actorID), s.timestamp(), content).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: save import batch: %w", err)
		}
		return nil
	})
	return id, err
}

// ImportBatchByID returns a waiting upload; ErrNotFound when it was confirmed, expired or never existed.
func (s *Store) ImportBatchByID(ctx context.Context, id int64) (ImportBatch, error) {
	var b ImportBatch
	var created string
	err := s.db.QueryRowContext(ctx, "SELECT id, COALESCE(created_by, 0), created_at, content FROM import_batches WHERE id = ?", id).
		Scan(&b.ID, &b.CreatedBy, &created, &b.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, fmt.Errorf("store: import batch: %w", err)
	}
	b.CreatedAt, _ = time.Parse(time.RFC3339, created)
	if s.now().Sub(b.CreatedAt) > importBatchLifetime {
		return ImportBatch{}, ErrNotFound
	}
	return b, nil
}

// ConfirmImportBatch writes the people of a waiting upload (all or nothing, rows numbered
// from 2 after the header) and removes the upload in the same transaction, so a batch is
// applied at most once.
func (s *Store) ConfirmImportBatch(ctx context.Context, actorID, id int64) (UpsertResult, error) {
	var res UpsertResult
	b, err := s.ImportBatchByID(ctx, id)
	if err != nil {
		return res, err
	}
	inputs, err := ParsePeopleCSV(bytes.NewReader(b.Content))
	if err != nil {
		return res, err
	}
	// As in UpsertPeopleVia: bad rows are found before the write lock is taken.
	if err := s.ValidatePeople(ctx, inputs, 2); err != nil {
		return res, err
	}
	err = s.peopleTx(ctx, func(tx *sql.Tx) error {
		del, err := tx.ExecContext(ctx, "DELETE FROM import_batches WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("store: confirm import: %w", err)
		}
		if n, _ := del.RowsAffected(); n == 0 {
			return ErrNotFound // confirmed meanwhile by another request
		}
		res, err = s.upsertPeopleTx(ctx, tx, actorID, Msg("event.via.web_import"), inputs, 2)
		return err
	})
	return res, err
}

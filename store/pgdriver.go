package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// The store writes its SQL once, with SQLite's `?` placeholders. On PostgreSQL a thin
// database/sql connector around pgx's stdlib driver rewrites them to `$n` and changes nothing
// else in the text; the optional driver interfaces are forwarded so database/sql keeps using
// pgx's fast paths (context queries, prepared statements, session reset, validity checks).

// openPostgres opens a pool on the PostgreSQL database at url.
func openPostgres(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)}), nil
}

type pgConnector struct{ inner driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is pgx's connection with the placeholders rewritten on the way in.
type pgConn struct{ inner driver.Conn }

var (
	_ driver.QueryerContext     = (*pgConn)(nil)
	_ driver.ExecerContext      = (*pgConn)(nil)
	_ driver.ConnBeginTx        = (*pgConn)(nil)
	_ driver.ConnPrepareContext = (*pgConn)(nil)
	_ driver.NamedValueChecker  = (*pgConn)(nil)
	_ driver.SessionResetter    = (*pgConn)(nil)
	_ driver.Validator          = (*pgConn)(nil)
	_ driver.Pinger             = (*pgConn)(nil)
)

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	q, _ := pgPlaceholders(query)
	st, err := c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return pgStmt{st}, nil
}

// pgStmt is a prepared statement whose rows come back as SQLite's would.
type pgStmt struct{ driver.Stmt }

func (s pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

// pgRows returns a boolean result (a comparison, EXISTS) as 1 or 0, as SQLite does, so it
// scans into an int as well as into a bool on both engines.
type pgRows struct{ driver.Rows }

func (r pgRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	for i, v := range dest {
		if b, ok := v.(bool); ok {
			dest[i] = int64(0)
			if b {
				dest[i] = int64(1)
			}
		}
	}
	return nil
}

func (c *pgConn) Close() error { return c.inner.Close() }

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, args := pgQuery(query, args)
	rows, err := c.inner.(driver.QueryerContext).QueryContext(ctx, q, args)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	q, args := pgQuery(query, args)
	return c.inner.(driver.ExecerContext).ExecContext(ctx, q, args)
}

// pgQuery rewrites the placeholders and passes each numbered one its argument. SQLite lets a
// query leave some of its numbered arguments unused (?1, ?3 of three); PostgreSQL must know
// every parameter's type, so the used ones are numbered again from $1 and the rest dropped.
func pgQuery(query string, args []driver.NamedValue) (string, []driver.NamedValue) {
	q, used := pgPlaceholders(query)
	if len(used) == 0 {
		return q, args // no ? at all: PostgreSQL's own $n (the session store's queries)
	}
	if len(used) == len(args) {
		identity := true
		for i, n := range used {
			identity = identity && n == i+1
		}
		if identity {
			return q, args
		}
	}
	for _, n := range used {
		if n > len(args) {
			return q, args // too few arguments: let the driver say so
		}
	}
	q, _ = pgRenumber(query, used)
	out := make([]driver.NamedValue, len(used))
	for i, n := range used {
		out[i] = args[n-1]
		out[i].Ordinal = i + 1
	}
	return q, out
}

// pgBool is a Go bool on its way to PostgreSQL: an integer where the column is one (the
// schema keeps flags in integer columns, as SQLite stores a bool as 1 or 0), a boolean where
// the query tests it (CASE WHEN ? …).
type pgBool bool

func (b pgBool) Int64Value() (pgtype.Int8, error) {
	if b {
		return pgtype.Int8{Int64: 1, Valid: true}, nil
	}
	return pgtype.Int8{Int64: 0, Valid: true}, nil
}

func (b pgBool) BoolValue() (pgtype.Bool, error) { return pgtype.Bool{Bool: bool(b), Valid: true}, nil }

// CheckNamedValue lets a bool through as pgBool; the rest is pgx's business.
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = pgBool(b)
		return nil
	}
	if ch, ok := c.inner.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func (c *pgConn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *pgConn) IsValid() bool {
	if v, ok := c.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *pgConn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return errors.New("store: driver cannot ping")
}

// pgPlaceholders rewrites SQLite's `?` and `?NNN` placeholders to PostgreSQL's `$n`, leaving
// string literals, quoted identifiers and comments alone. A bare `?` takes the number after
// the largest one used so far, as in SQLite. used lists the distinct numbers in order of
// first use.
func pgPlaceholders(query string) (q string, used []int) {
	return pgRenumber(query, nil)
}

// pgRenumber is pgPlaceholders writing $i for the number order[i-1] when order is given.
func pgRenumber(query string, order []int) (q string, used []int) {
	if !strings.Contains(query, "?") {
		return query, nil
	}
	seen := map[int]bool{}
	emit := func(b *strings.Builder, k int) {
		if !seen[k] {
			seen[k] = true
			used = append(used, k)
		}
		if order != nil {
			k = slices.Index(order, k) + 1
		}
		b.WriteString("$" + strconv.Itoa(k))
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case ch == '\'' || ch == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == ch {
					if j+1 < len(query) && query[j+1] == ch { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(query))
			b.WriteString(query[i:end])
			i = end - 1
		case ch == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case ch == '/' && i+1 < len(query) && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			end := len(query)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(query[i:end])
			i = end - 1
		case ch == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 {
				k, _ := strconv.Atoi(query[i+1 : j])
				n = max(n, k)
				emit(&b, k)
				i = j - 1
			} else {
				n++
				emit(&b, n)
			}
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), used
}

package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"strings"
)

// Every pooled connection keeps its most recently used statements compiled. modernc's SQLite
// compiles a statement's SQL again on every Query and Exec: profiled under load at 100,000
// people, compiling (sqlite3RunParser, name resolution, the query planner, code generation)
// was about half of the CPU of every page, for the same few dozen statements each time. A
// cached statement is bound, stepped and reset instead.

// stmtCacheSize is how many compiled statements one connection keeps. A page runs a few
// dozen distinct statements; the whole site a few hundred, so the busiest pages stay compiled
// while a rare export or report gets compiled again.
const stmtCacheSize = 200

// cachingConnector opens connections that keep compiled statements.
type cachingConnector struct{ inner driver.Connector }

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn)
}

func (c cachingConnector) Driver() driver.Driver { return c.inner.Driver() }

// sqliteConn is what database/sql uses of the driver's connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is a driver connection with a least-recently-used set of compiled statements.
// database/sql hands a connection to one caller at a time, so it needs no lock; a statement
// whose rows are still open (a query run again inside the loop over its own rows) is busy,
// and the second run gets a statement of its own.
type cachingConn struct {
	sqliteConn
	byQuery map[string]*list.Element // of *cachedStmt
	lru     list.List                // front: most recently used
}

type cachedStmt struct {
	query  string
	stmt   driver.Stmt
	busy   bool // rows open on it
	closed bool // evicted while busy: close when its rows close
}

func newCachingConn(c driver.Conn) (driver.Conn, error) {
	sc, ok := c.(sqliteConn)
	if !ok {
		c.Close()
		return nil, errors.New("store: the SQLite driver's connection lacks an interface the statement cache needs")
	}
	return &cachingConn{sqliteConn: sc, byQuery: map[string]*list.Element{}}, nil
}

// cacheable: single data statements only. Transaction control, PRAGMA, VACUUM and schema
// changes run rarely and some must not stay compiled.
func cacheable(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	if len(q) < 6 {
		return false
	}
	switch strings.ToUpper(q[:4]) {
	case "SELE", "WITH", "INSE", "UPDA", "DELE":
	default:
		return false
	}
	// A script of several statements is compiled one by one on every run anyway.
	body := strings.TrimRight(query, " \t\r\n;")
	return !strings.Contains(body, ";")
}

// stmt returns the connection's compiled statement for query, compiling it on first use;
// nil when the query is not cacheable or its statement is busy.
func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if e, ok := c.byQuery[query]; ok {
		cs := e.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(e)
		return cs, nil
	}
	if !cacheable(query) {
		return nil, nil
	}
	st, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{query: query, stmt: st}
	c.byQuery[query] = c.lru.PushFront(cs)
	if c.lru.Len() > stmtCacheSize {
		old := c.lru.Back()
		c.lru.Remove(old)
		ocs := old.Value.(*cachedStmt)
		delete(c.byQuery, ocs.query)
		ocs.closed = true
		if !ocs.busy {
			ocs.stmt.Close()
		}
	}
	return cs, nil
}

// Reads run to the end of their statement once started: the driver is handed a context that
// is never done. With a cancellable one (every request's), modernc starts a goroutine for each
// statement to watch it and installs a progress handler that calls back into Go every 1,000
// steps — ~2.6 µs a statement and a fifth of the inbox's ~76 µs at 100,000 people, for an
// interrupt that only ever stopped one statement: database/sql still checks the request's
// context before each query and closes the rows of a request that is gone, so a page whose
// reader left stops at its next statement, and no read here runs longer than a leader's
// counts (well under a second). Everything that returns rows runs so: reads inside a
// transaction too, and the few writes that return rows (INSERT … RETURNING); a cancelled
// transaction is still rolled back by database/sql. Plain writes (ExecContext) and the wait
// for a write transaction's BEGIN keep the interrupt.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	ctx = context.WithoutCancel(ctx)
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

// PrepareContext prepares a statement whose reads run to their end, as QueryContext's do.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return uninterruptedStmt{st}, nil
}

// uninterruptedStmt is a prepared statement whose reads run with a context that is never done
// (see QueryContext).
type uninterruptedStmt struct{ driver.Stmt }

func (s uninterruptedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.Stmt.(driver.StmtQueryContext).QueryContext(context.WithoutCancel(ctx), args)
}

func (s uninterruptedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// Close finalizes the cached statements first: SQLite closes a connection with statements
// still compiled only lazily.
func (c *cachingConn) Close() error {
	for e := c.lru.Front(); e != nil; e = e.Next() {
		if cs := e.Value.(*cachedStmt); !cs.busy {
			cs.stmt.Close()
		}
	}
	c.lru.Init()
	clear(c.byQuery)
	return c.sqliteConn.Close()
}

// cachedRows frees its statement for the next run when closed (the driver resets it).
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	if r.cs.closed {
		r.cs.stmt.Close()
	}
	return err
}

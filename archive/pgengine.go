package archive

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The PostgreSQL engine keeps the keys in one table of a database on the office's server, so
// that every workstation works on the same archive. It speaks plain SQL with $n parameters and
// reads no system catalog, so that PostgreSQL-protocol databases (openGauss, KingbaseES) need
// configuration, not code.
//
// Two tables, named with a shendang_ prefix so that they sit beside a database's other tables
// without touching them:
//
//	shendang_schema (id integer primary key check (id = 1), version integer not null)
//	shendang_kv     (key bytea primary key, value bytea not null)
//
// bytea compares bytewise (memcmp, then length) and has no collation, so ORDER BY key is the
// byte order the engine interface promises, whatever the database's locale.
//
// Other desks learn of a write through LISTEN/NOTIFY, without a table of their own: a transaction
// runs `SELECT pg_notify('shendang_changes', '')` (a function call, not a catalog query) before
// its first write, so the notice goes out only if it commits, and a watcher (pgwatch.go)
// holds one dedicated connection, made from the pool's config but not taken from the pool,
// running LISTEN shendang_changes and WaitForNotification.

// pgPage is how many rows a scan reads per query: fn runs on a buffered page because a pgx
// connection cannot run fn's own queries while a result is still open.
const pgPage = 512

// pgInline is the largest value a scan page carries; a larger value is read by itself just
// before fn sees it, so a page of blobs never holds more than pgPage×pgInline bytes.
const pgInline = 32 << 10

// pgCommitTimeout bounds a COMMIT that the server never answers; the outcome is then unknown.
const pgCommitTimeout = time.Minute

// pgEngine keeps the keys in a PostgreSQL database through a connection pool.
type pgEngine struct {
	pool *pgxpool.Pool
	// conn is the pool's connection config, for the watcher's own connection.
	conn *pgx.ConnConfig
	// where is host:port/dbname, for describe; it never holds the password.
	where string
}

var _ engine = (*pgEngine)(nil)

// openPostgres connects to the database url names (a postgres:// URL or a key=value string;
// the password from the URL, PGPASSWORD or ~/.pgpass), applies the engine's schema migrations
// and returns the engine. Errors: the connection's failure (unreachable, authentication,
// no such database), wrapped; ErrIncompatibleStore (an *Error) for a database whose 审档 schema
// is newer than this program's or is not one.
func openPostgres(ctx context.Context, url string) (*pgEngine, error) {
	e, err := connectPostgres(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := migratePostgres(ctx, e.pool); err != nil {
		e.pool.Close()
		return nil, fmt.Errorf("open %s: %w", e.where, err)
	}
	return e, nil
}

// errNoPassword marks a refused sign-in to the server when no password was given: not in the
// URL, not in PGPASSWORD, not in the .pgpass file.
var errNoPassword = errors.New("the server asks for a password and none was given")

// connectPostgres connects to the database url names, without looking at its tables. Errors:
// the connection's failure, wrapped, and marked errNoPassword when the server refused a
// password that nobody gave.
func connectPostgres(ctx context.Context, url string) (*pgEngine, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse the server's address: %w", err)
	}
	cc := cfg.ConnConfig
	if cc.RuntimeParams["application_name"] == "" {
		cc.RuntimeParams["application_name"] = pgAppName()
	}
	e := &pgEngine{conn: cc.Copy(), where: net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port))) + "/" + cc.Database}
	e.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		if err = e.pool.Ping(ctx); err != nil {
			e.pool.Close()
		}
	}
	if err != nil {
		var pe *pgconn.PgError
		if cc.Password == "" && errors.As(err, &pe) && pe.Code == "28P01" { // invalid_password
			err = fmt.Errorf("%w: %w", errNoPassword, err)
		}
		return nil, fmt.Errorf("connect to %s: %w", e.where, err)
	}
	return e, nil
}

// describe names the server and database, never the user's password.
func (e *pgEngine) describe() string { return "单位服务器 " + e.where }

// close closes the pool; every write was committed or rolled back by its transaction.
func (e *pgEngine) close() error {
	e.pool.Close()
	return nil
}

// view runs fn in a REPEATABLE READ READ ONLY transaction: one snapshot for all its reads.
func (e *pgEngine) view(ctx context.Context, fn func(kvReader) error) error {
	tx, err := e.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return serverError(fmt.Errorf("begin a read on %s: %w", e.where, err))
	}
	t := &pgTx{ctx: ctx, tx: tx}
	err = fn(t)
	// A read-only transaction commits nothing: ending it either way is the same.
	_ = tx.Rollback(context.WithoutCancel(ctx))
	if err == nil {
		err = t.failed
	}
	return pgConflict(err)
}

// update runs fn in one SERIALIZABLE READ WRITE transaction and commits it when fn returns nil.
// A serialization failure or deadlock, in fn's statements or at COMMIT, is errConflict; a COMMIT
// whose answer was lost is errInDoubt.
func (e *pgEngine) update(ctx context.Context, fn func(kvWriter) error) error {
	tx, err := e.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite})
	if err != nil {
		return serverError(fmt.Errorf("begin a write on %s: %w", e.where, err))
	}
	t := &pgTx{ctx: ctx, tx: tx}
	if err := fn(t); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return pgConflict(err)
	}
	if t.failed != nil {
		// fn went on after a statement failed: the server has aborted the transaction.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return pgConflict(t.failed)
	}
	// The person's cancel must not cut a COMMIT in half: it would leave the outcome unknown.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pgCommitTimeout)
	defer cancel()
	if err := tx.Commit(cctx); err != nil {
		return commitError(err)
	}
	return nil
}

// commitError sorts a failed COMMIT: the server refused it (nothing committed; errConflict for
// a serialization failure), it was never sent (nothing committed), or the answer was lost
// (errInDoubt).
func commitError(err error) error {
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && !pgLostConnection(pe.Code):
		return pgConflict(fmt.Errorf("commit: %w", err))
	case pgconn.SafeToRetry(err):
		return fmt.Errorf("commit not sent, nothing committed: %w", err)
	default:
		return fmt.Errorf("%w: %w", errInDoubt, err)
	}
}

// pgLostConnection reports whether a SQLSTATE says the session ended (class 08, connection
// exception; 57, operator intervention such as a shutdown; 58, system error; XX, internal
// error) rather than that the server refused one statement.
func pgLostConnection(code string) bool {
	switch code[:2] {
	case "08", "57", "58", "XX":
		return true
	}
	return false
}

// pgConflict marks err with errConflict when PostgreSQL reported a serialization failure
// (40001), a deadlock (40P01) or a duplicate key (23505: put's INSERT lost a race with another
// transaction's insert of the same key); other errors pass unchanged.
func pgConflict(err error) error {
	var pe *pgconn.PgError
	if err == nil || errors.Is(err, errConflict) || !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "40001", "40P01", "23505":
		return fmt.Errorf("%w: %w", errConflict, err)
	}
	return err
}

// pgTx is one transaction, read-only for view and read-write for update. A pgx connection runs
// one statement at a time: mu has the goroutines that read at once (kvReader) take turns, a
// statement or a scan's page each.
type pgTx struct {
	ctx context.Context
	tx  pgx.Tx
	mu  sync.Mutex
	// failed is the first statement failure: after it the server refuses everything until the
	// transaction ends, so update must not try to commit.
	failed error
	// announced says the transaction has written, and so announced its commit (see announce).
	announced bool
}

// announce, before the transaction's first write, has its commit announced to the other desks'
// watchers: a notice is sent when, and only if, the transaction commits.
func (t *pgTx) announce() error {
	if t.announced {
		return nil
	}
	if _, err := t.tx.Exec(t.ctx, `SELECT pg_notify($1, '')`, pgChannel); err != nil {
		return t.fail("announce", []byte(pgChannel), err)
	}
	t.announced = true
	return nil
}

var _ kvWriter = (*pgTx)(nil)

// fail records the first failure of the transaction and returns err wrapped with what.
func (t *pgTx) fail(what string, key []byte, err error) error {
	err = fmt.Errorf("%s %q: %w", what, key, err)
	if t.failed == nil {
		t.failed = err
	}
	return err
}

// get returns key's value, or errNoKey.
func (t *pgTx) get(key []byte) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var v []byte
	err := t.tx.QueryRow(t.ctx, `SELECT value FROM shendang_kv WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNoKey
	}
	if err != nil {
		return nil, t.fail("get", key, err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// put writes key. It tries UPDATE first and INSERTs when no row changed, rather than
// INSERT … ON CONFLICT, which openGauss spells differently; a concurrent insert of the same key
// then fails with 23505, which update reports as errConflict.
func (t *pgTx) put(key, value []byte) error {
	if value == nil {
		value = []byte{} // nil would be NULL; the value column is NOT NULL
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.announce(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE shendang_kv SET value = $2 WHERE key = $1`, key, value)
	if err != nil {
		return t.fail("put", key, err)
	}
	if tag.RowsAffected() > 0 {
		return nil
	}
	if _, err := t.tx.Exec(t.ctx, `INSERT INTO shendang_kv (key, value) VALUES ($1, $2)`, key, value); err != nil {
		return t.fail("put", key, err)
	}
	return nil
}

// del removes key; an absent key is no error.
func (t *pgTx) del(key []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.announce(); err != nil {
		return err
	}
	if _, err := t.tx.Exec(t.ctx, `DELETE FROM shendang_kv WHERE key = $1`, key); err != nil {
		return t.fail("delete", key, err)
	}
	return nil
}

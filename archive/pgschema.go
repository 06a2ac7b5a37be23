package archive

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The engine's tables are versioned: shendang_schema holds one row with the number of
// pgMigrations applied. This is the layout of the tables, not of the keys (that is meta/schema,
// SchemaVersion, read and written by the rules above the engine).
//
// The tables are named without a schema, so they live in the first schema of the connection's
// search_path; an office that keeps 审档 in its own schema says so in the URL
// (…?search_path=shendang) rather than in code.

// pgMigrations are the statements that take the tables from version i to i+1, in order. A
// migration is never edited once released; a change is a new one at the end.
var pgMigrations = [][]string{
	// 1: the ordered key table.
	{`CREATE TABLE shendang_kv (key bytea PRIMARY KEY, value bytea NOT NULL)`},
}

// pgSchemaVersion is the table layout this program reads and writes.
var pgSchemaVersion = len(pgMigrations)

// errPGCreateRace marks a failure to create the version table because another process created
// it at the same moment: reading the version again then finds that process's work.
var errPGCreateRace = errors.New("the version table was created concurrently")

// migratePostgres brings the database's tables to pgSchemaVersion. An up-to-date database is
// only read (SELECT on the version table), so a user without the right to create tables can
// use one that an administrator set up. Errors: ErrIncompatibleStore for a newer layout or for
// shendang_ tables that 审档 did not make; the server's refusal (no right to create tables).
func migratePostgres(ctx context.Context, pool *pgxpool.Pool) error {
	var err error
	for range 3 {
		var vs []int
		vs, err = pgVersions(ctx, pool)
		found := !errors.Is(err, errPGNoVersion)
		switch {
		case found && err != nil:
			return err
		case found && len(vs) != 1:
			return notOurTables(fmt.Errorf("%d rows in shendang_schema", len(vs)))
		case found && vs[0] == pgSchemaVersion:
			return nil
		}
		if err = migratePostgresOnce(ctx, pool, found); !errors.Is(err, errPGCreateRace) {
			return err
		}
	}
	return err
}

// errPGNoVersion is pgVersions' answer for a database without the version table.
var errPGNoVersion = errors.New("no table shendang_schema")

// pgVersions reads the version table's rows (one, in a 审档 database); errPGNoVersion when
// there is no such table.
func pgVersions(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}) ([]int, error) {
	rows, err := q.Query(ctx, `SELECT version FROM shendang_schema`)
	if err == nil {
		var vs []int
		if vs, err = pgx.CollectRows(rows, pgx.RowTo[int]); err == nil {
			return vs, nil
		}
	}
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && pe.Code == "42P01": // undefined_table
		return nil, errPGNoVersion
	case errors.As(err, &pe) && pe.Code == "42703": // undefined_column: someone else's table
		return nil, notOurTables(err)
	}
	return nil, fmt.Errorf("read the schema version: %w", err)
}

// migratePostgresOnce applies the missing migrations in one transaction that holds the version
// table locked (LOCK TABLE, which openGauss and KingbaseES have too; no advisory locks), so two
// processes starting at once apply them once: the second waits, then finds the work done.
// found says whether the version table existed; when it did not, this transaction creates it.
func migratePostgresOnce(ctx context.Context, pool *pgxpool.Pool, found bool) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("begin the schema migration: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if !found {
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS shendang_schema
			(id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)`)
		if err != nil {
			return fmt.Errorf("%w: %w", errPGCreateRace, err)
		}
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE shendang_schema IN EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("lock the schema version: %w", err)
	}
	vs, err := pgVersions(ctx, tx)
	if err != nil {
		return err
	}
	v := 0 // a version table this transaction has just made has no row yet
	switch {
	case len(vs) == 1:
		v = vs[0]
	case len(vs) > 1 || found:
		return notOurTables(fmt.Errorf("%d rows in shendang_schema", len(vs)))
	}
	switch {
	case v == pgSchemaVersion:
		return nil // another process did it while this one waited for the lock
	case v > pgSchemaVersion:
		return newerTables(v)
	}
	if err := applyMigrations(ctx, tx, v, len(vs) == 0); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit the schema migration: %w", err)
	}
	return nil
}

// applyMigrations runs the migrations after version v and stamps pgSchemaVersion, inserting
// the version row when there is none yet.
func applyMigrations(ctx context.Context, tx pgx.Tx, v int, insert bool) error {
	for i := v; i < pgSchemaVersion; i++ {
		for _, stmt := range pgMigrations[i] {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return migrationError(i+1, err)
			}
		}
	}
	stamp := `UPDATE shendang_schema SET version = $1 WHERE id = 1`
	if insert {
		stamp = `INSERT INTO shendang_schema (id, version) VALUES (1, $1)`
	}
	if _, err := tx.Exec(ctx, stamp, pgSchemaVersion); err != nil {
		return fmt.Errorf("stamp schema version %d: %w", pgSchemaVersion, err)
	}
	return nil
}

// migrationError wraps the failure of migration n; a table that already exists means the
// shendang_ tables are not 审档's own (or not in the state their version says).
func migrationError(n int, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42P07" { // duplicate_table
		return notOurTables(err)
	}
	return fmt.Errorf("schema migration %d: %w", n, err)
}

// newerTables is ErrIncompatibleStore for tables of layout v, made by a later 审档.
func newerTables(v int) error {
	return fail(ErrIncompatibleStore, "单位服务器上的审档数据库由较新版本的审档建立（数据库结构第 %d 版，本程序认识到第 %d 版）。请先升级本机的审档；数据库没有被改动。", v, pgSchemaVersion)
}

// notOurTables is ErrIncompatibleStore for shendang_ tables that 审档 did not make.
func notOurTables(cause error) error {
	return fmt.Errorf("%w (%v)", fail(ErrIncompatibleStore,
		"单位服务器上的数据库里已有名为 shendang_schema 或 shendang_kv 的表，但不是审档建立的，不能使用。请换一个数据库，或请管理员检查这两张表；数据库没有被改动。"), cause)
}

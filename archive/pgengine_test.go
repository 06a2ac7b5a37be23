package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// What the PostgreSQL engine does beyond the conformance suite: its schema, its address, and
// how it sorts a failed COMMIT.

// pgConnect opens a plain connection to u for a test to look at or tamper with the tables.
func pgConnect(t *testing.T, u string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), u)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

func TestPostgresDescribe(t *testing.T) {
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("postgres", "s3cret-pw") // the test server trusts any password
	e, err := openPostgres(context.Background(), u.String())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer e.close()
	if got, want := e.describe(), "单位服务器 "+u.Host+u.Path; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestPostgresConcurrentOpen starts four engines on one new database at once: the migration
// runs once and every one opens.
func TestPostgresConcurrentOpen(t *testing.T) {
	u := pgtest.URL(t)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			var e *pgEngine
			if e, errs[i] = openPostgres(context.Background(), u); errs[i] == nil {
				e.close()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("open: %v", err)
	}
	var rows, version int
	err := pgConnect(t, u).QueryRow(context.Background(), `SELECT count(*), max(version) FROM shendang_schema`).Scan(&rows, &version)
	if err != nil || rows != 1 || version != pgSchemaVersion {
		t.Errorf("got %d rows with version %d, %v, want 1 with %d", rows, version, err, pgSchemaVersion)
	}
}

func TestPostgresUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	e, err := openPostgres(context.Background(), "postgres://u:s3cret-pw@"+addr+"/db?connect_timeout=5")
	if err == nil {
		e.close()
		t.Fatal("open: got nil, want the connection's failure")
	}
	if strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("got %q, want an error that does not show the password", err)
	}
}

// TestPostgresInDoubt ends the transaction's session on the server just before COMMIT: the
// engine cannot know whether the COMMIT was done, so it says errInDoubt (here it was not).
func TestPostgresInDoubt(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	e, err := openPostgres(ctx, u)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer e.close()
	admin := pgConnect(t, u)
	err = e.update(ctx, func(w kvWriter) error {
		if err := w.put([]byte("k"), []byte("v")); err != nil {
			return err
		}
		var pid int
		if err := w.(*pgTx).tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		var ended bool
		return admin.QueryRow(ctx, `SELECT pg_terminate_backend($1, 10000)`, pid).Scan(&ended)
	})
	if !errors.Is(err, errInDoubt) || errors.Is(err, errConflict) || !OutcomeUnknown(err) {
		t.Fatalf("update: got %v, want errInDoubt (OutcomeUnknown)", err)
	}
	t.Logf("update: %v", err)
	if v, err := suiteGet(e, []byte("k")); !errors.Is(err, errNoKey) {
		t.Errorf("get k: got %q, %v, want errNoKey (the server never committed)", v, err)
	}
}

// notSent is an error pgconn would report for a message it never sent.
type notSent struct{}

func (notSent) Error() string     { return "write failed" }
func (notSent) SafeToRetry() bool { return true }

func TestCommitError(t *testing.T) {
	pgErr := func(code string) error { return &pgconn.PgError{Severity: "ERROR", Code: code} }
	tests := []struct {
		name                 string
		err                  error
		conflict, inDoubt    bool
		wantSameErrorWrapped bool
	}{
		{"serialization failure", pgErr("40001"), true, false, true},
		{"deadlock", pgErr("40P01"), true, false, true},
		{"duplicate key", pgErr("23505"), true, false, true},
		{"deferred check failed", pgErr("23514"), false, false, true},
		{"session terminated", pgErr("57P01"), false, true, true},
		{"connection failure", pgErr("08006"), false, true, true},
		{"connection closed", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), false, true, true},
		{"never sent", notSent{}, false, false, true},
	}
	for _, tt := range tests {
		got := commitError(tt.err)
		if errors.Is(got, errConflict) != tt.conflict || errors.Is(got, errInDoubt) != tt.inDoubt || !errors.Is(got, tt.err) {
			t.Errorf("%s: got %v, want conflict %v, in doubt %v, wrapping the cause", tt.name, got, tt.conflict, tt.inDoubt)
		}
	}
}

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

func TestPostgresSchema(t *testing.T) {
	tests := []struct {
		name    string
		opened  bool     // open it as a 审档 database first
		setup   []string // then run these
		wantErr error
		check   string // a query after openPostgres, and what its one value must be
		want    string
	}{
		{"empty database", false, nil, nil, `SELECT version FROM shendang_schema`, "1"},
		{"opened before", true, nil, nil, `SELECT count(*) FROM shendang_schema`, "1"},
		{"unrelated tables", false, []string{`CREATE TABLE other (x text)`, `INSERT INTO other VALUES ('kept')`},
			nil, `SELECT x FROM other`, "kept"},
		{"newer schema", true, []string{`UPDATE shendang_schema SET version = 99`},
			ErrIncompatibleStore, `SELECT version FROM shendang_schema`, "99"},
		{"someone else's shendang_schema", false, []string{`CREATE TABLE shendang_schema (name text)`},
			ErrIncompatibleStore, `SELECT count(*) FROM shendang_schema`, "0"},
		{"empty shendang_schema", false, []string{`CREATE TABLE shendang_schema (id integer, version integer)`},
			ErrIncompatibleStore, `SELECT count(*) FROM shendang_schema`, "0"},
		{"shendang_kv without a version", false, []string{`CREATE TABLE shendang_kv (k text)`},
			ErrIncompatibleStore, `SELECT count(*) FROM shendang_kv`, "0"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := pgtest.URL(t)
			c := pgConnect(t, u)
			if tt.opened {
				e, err := openPostgres(ctx, u)
				if err != nil {
					t.Fatalf("first open: %v", err)
				}
				e.close()
			}
			for _, sql := range tt.setup {
				if _, err := c.Exec(ctx, sql); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			e, err := openPostgres(ctx, u)
			if err == nil {
				e.close()
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("open: got %v, want %v", err, tt.wantErr)
			}
			if msg, ok := Message(err); err != nil && (!ok || !strings.Contains(msg, "数据库没有被改动")) {
				t.Errorf("got message %q, %v, want a Chinese sentence that says the database was left alone", msg, ok)
			}
			var got string
			if err := c.QueryRow(ctx, tt.check).Scan(&got); err != nil || got != tt.want {
				t.Errorf("%s: got %q, %v, want %q", tt.check, got, err, tt.want)
			}
		})
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
	if !errors.Is(err, errInDoubt) || errors.Is(err, errConflict) {
		t.Fatalf("update: got %v, want errInDoubt", err)
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

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		prefix, want string
		none         bool
	}{
		{"", "", true},
		{"a", "b", false},
		{"item/", "item0", false},
		{"a\xfe", "a\xff", false},
		{"a\xff", "b", false},
		{"a\xff\xff", "b", false},
		{"\xff", "", true},
		{"\xff\xff\xff", "", true},
		{"\x00", "\x01", false},
	}
	for _, tt := range tests {
		got := prefixEnd([]byte(tt.prefix))
		if (got == nil) != tt.none || string(got) != tt.want {
			t.Errorf("prefixEnd(%q): got %q (nil %v), want %q (nil %v)", tt.prefix, got, got == nil, tt.want, tt.none)
		}
	}
}

func TestScanQuery(t *testing.T) {
	tests := []struct {
		name string
		kr   keyRange
		want string
	}{
		{"everything", keyRange{}, "SELECT key, CASE WHEN octet_length(value) <= 32768 THEN value END FROM shendang_kv ORDER BY key LIMIT 512"},
		{"prefix keys only", keyRange{prefix: []byte("a/"), keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 AND key < $2 ORDER BY key LIMIT 512"},
		{"all-0xff prefix reverse", keyRange{prefix: []byte("\xff"), reverse: true, keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 ORDER BY key DESC LIMIT 512"},
		{"start reverse", keyRange{prefix: []byte("a/"), start: []byte("a/5"), reverse: true, keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 AND key <= $2 ORDER BY key DESC LIMIT 512"},
		{"start without prefix", keyRange{start: []byte("b"), keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 ORDER BY key LIMIT 512"},
	}
	for _, tt := range tests {
		if got, _ := scanBounds(tt.kr).query(tt.kr); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

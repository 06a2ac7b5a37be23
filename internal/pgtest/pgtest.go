// Package pgtest gives tests a real PostgreSQL server: one throwaway cluster per test binary,
// made with initdb in a temporary directory and listening on 127.0.0.1 on a free port, and a
// fresh empty database per test.
//
// PostgreSQL must be installed (make test-deps installs Debian's postgresql package; the
// programs are found on PATH or under /usr/lib/postgresql/<version>/bin). Two variables change
// that:
//
//	SHENDANG_NO_POSTGRES=1       skip every PostgreSQL test, loudly, where it cannot be installed
//	SHENDANG_PGTEST_URL=postgres://user@host:port/postgres
//	                             use that server (a role that may CREATE DATABASE) instead of
//	                             starting one: an openGauss or KingbaseES server, say
//
// A test binary that uses URL should call Stop at the end of its TestMain; without it the
// server still stops when the binary exits (on Linux), and its directory is removed by the next
// run.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

var (
	once    sync.Once
	srv     *server // the cluster this binary started, nil for an outside one
	admin   *url.URL
	failure error
	skipMsg sync.Once

	mu    sync.Mutex // guards conn
	conn  *pgx.Conn  // the admin connection that makes and drops databases
	count atomic.Int64

	passwordOnce sync.Once
	passwordErr  error
)

// URL returns the URL of a new empty database on the test server, dropped when t ends (after
// t's own cleanups, so close what you opened on it in a t.Cleanup). It starts the server on
// first use. Without PostgreSQL it fails t, or skips it when SHENDANG_NO_POSTGRES=1.
func URL(t testing.TB) string {
	t.Helper()
	if os.Getenv("SHENDANG_NO_POSTGRES") == "1" {
		skipMsg.Do(func() {
			fmt.Fprintln(os.Stderr, "!!! SHENDANG_NO_POSTGRES=1: every PostgreSQL test of this package is SKIPPED; the server engine is NOT tested.")
		})
		t.Skip("SHENDANG_NO_POSTGRES=1: PostgreSQL test skipped")
	}
	once.Do(start)
	if failure != nil {
		t.Fatalf("no PostgreSQL for the tests: %v\n(make test-deps installs it; SHENDANG_NO_POSTGRES=1 skips these tests where it cannot be installed)", failure)
	}
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), count.Add(1))
	if err := adminExec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(name); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	u := *admin
	u.Path = "/" + name
	return u.String()
}

// Stop stops the server this binary started and removes its directory; for TestMain, after
// m.Run. It does nothing when no server was started.
func Stop() {
	mu.Lock()
	if conn != nil {
		_ = conn.Close(context.Background())
		conn = nil
	}
	mu.Unlock()
	if srv != nil {
		srv.stop()
	}
}

// start finds or starts the server and opens the admin connection; it sets failure when it
// cannot.
func start() {
	if s := os.Getenv("SHENDANG_PGTEST_URL"); s != "" {
		admin, failure = url.Parse(s)
	} else {
		srv, failure = startServer()
		if failure == nil {
			admin = srv.url()
		}
	}
	if failure != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, failure = pgx.Connect(ctx, admin.String())
}

// adminExec runs one statement on the admin connection.
func adminExec(sql string) error {
	mu.Lock()
	defer mu.Unlock()
	if conn == nil {
		return errors.New("the test server was stopped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := conn.Exec(ctx, sql)
	return err
}

// dropDatabase drops a test's database, ending sessions the test left open (WITH (FORCE),
// PostgreSQL 13 and later; plain DROP where the server does not know it).
func dropDatabase(name string) error {
	err := adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42601" { // syntax_error
		err = adminExec("DROP DATABASE IF EXISTS " + name)
	}
	return err
}

// passwordRole is the group role whose members the cluster this package starts asks for a
// password (see initdb); passwordUser is its one member, made on first use.
const (
	passwordRole = "pgtest_password"
	passwordUser = "pgtest_clerk"
)

// PasswordURL is URL for a user the server asks for a password: a new empty database owned by
// that user, its URL without the password, and the password. The user is the same for every
// test of the binary. It skips t on a server given by SHENDANG_PGTEST_URL, whose
// authentication this package does not set.
func PasswordURL(t testing.TB) (u, password string) {
	t.Helper()
	dbURL := URL(t)
	if srv == nil {
		t.Skip("SHENDANG_PGTEST_URL: the outside server's authentication is not known; password test skipped")
	}
	password = fmt.Sprintf("口令 %d", os.Getpid()) // a space and Chinese, to be escaped in a URL
	passwordOnce.Do(func() {
		passwordErr = adminExec("CREATE ROLE " + passwordRole + " NOLOGIN")
		if passwordErr == nil {
			passwordErr = adminExec(fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE %s", passwordUser, password, passwordRole))
		}
	})
	if passwordErr != nil {
		t.Fatalf("create the user with a password: %v", passwordErr)
	}
	parsed, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := adminExec("ALTER DATABASE " + strings.TrimPrefix(parsed.Path, "/") + " OWNER TO " + passwordUser); err != nil {
		t.Fatalf("give the database to %s: %v", passwordUser, err)
	}
	parsed.User = url.User(passwordUser)
	return parsed.String(), password
}

// Exec runs sql on the database at dbURL, for a test that prepares or tampers with its tables.
func Exec(t testing.TB, dbURL, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

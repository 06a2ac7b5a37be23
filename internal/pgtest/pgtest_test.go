package pgtest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func TestURLGivesFreshDatabases(t *testing.T) {
	ctx := context.Background()
	var names []string
	for range 2 {
		c, err := pgx.Connect(ctx, URL(t))
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		t.Cleanup(func() { c.Close(ctx) })
		var name string
		var tables int
		if err := c.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, `CREATE TABLE probe (n integer)`); err != nil {
			t.Fatalf("got %v creating a table in a fresh database, want none", err)
		}
		if err := c.QueryRow(ctx, `SELECT count(*) FROM probe`).Scan(&tables); err != nil || tables != 0 {
			t.Fatalf("got %d rows, %v, want 0, nil", tables, err)
		}
		names = append(names, name)
	}
	if names[0] == names[1] {
		t.Errorf("got database %q twice, want a fresh one per call", names[0])
	}
}

// TestPasswordURL: the user of PasswordURL is refused without its password and let in with it.
func TestPasswordURL(t *testing.T) {
	u, password := PasswordURL(t)
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	withPassword := *parsed
	withPassword.User = url.UserPassword(parsed.User.Username(), password)
	tests := []struct {
		name string
		url  string
		ok   bool
	}{
		{"no password", u, false},
		{"wrong password", (&url.URL{Scheme: "postgres", User: url.UserPassword(parsed.User.Username(), "不对"), Host: parsed.Host, Path: parsed.Path, RawQuery: parsed.RawQuery}).String(), false},
		{"the password", withPassword.String(), true},
	}
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, err := pgx.Connect(ctx, tt.url)
			if err == nil {
				c.Close(ctx)
			}
			if got := err == nil; got != tt.ok {
				t.Fatalf("connect: got %v, want connected %v", err, tt.ok)
			}
		})
	}
}

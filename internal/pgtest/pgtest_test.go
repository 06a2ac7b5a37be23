package pgtest

import (
	"context"
	"os"
	"testing"

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

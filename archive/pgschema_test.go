package archive

import (
	"context"
	"errors"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/internal/pgtest"
)

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

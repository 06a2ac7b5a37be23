package archive

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// TestVerifyReportsRowsEditedOnTheServer edits rows of shendang_kv with SQL, as someone with psql
// and the database's password could: Verify reports each edit and names the filed item by its
// 档号.
func TestVerifyReportsRowsEditedOnTheServer(t *testing.T) {
	serverOnly(t)
	text := func(from, to string) string {
		return `UPDATE shendang_kv SET value = convert_to(replace(convert_from(value, 'UTF8'), '` + from + `', '` + to + `'), 'UTF8') WHERE key = $1`
	}
	cases := []struct {
		name string
		sql  string
		key  func(o *office, it *Item) string
		want string
	}{
		{"a record's decision", text(`"Decision":"approve"`, `"Decision":"return"`),
			func(_ *office, it *Item) string { return string(keyRecord(it.ID, 4)) }, KindRecordChanged},
		{"an audit entry", text("建档", "退回"), func(o *office, _ *Item) string {
			head, err := o.LastAudit()
			must(t, err)
			return string(keyAudit(head.Seq))
		}, KindAuditEdited},
		{"a stored file", `UPDATE shendang_kv SET value = overlay(value placing '\xff'::bytea from 1 for 1) WHERE key = $1`,
			func(_ *office, it *Item) string { return string(keyBlob(it.Current().SHA256)) }, KindFileChanged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := pgtest.URL(t)
			s, err := OpenServer(context.Background(), url)
			must(t, err)
			t.Cleanup(func() { s.Close() })
			o := setUpOffice(t, s)
			it := o.propose(t, seedDraft)
			o.through(t, it.ID)
			f, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 2})
			must(t, err)
			if p := problems(t, s); p != "" {
				t.Fatalf("before the edit: %s", p)
			}

			conn, err := pgx.Connect(t.Context(), url)
			must(t, err)
			defer conn.Close(context.Background())
			tag, err := conn.Exec(t.Context(), c.sql, []byte(c.key(o, it)))
			must(t, err)
			if tag.RowsAffected() != 1 {
				t.Fatalf("the edit changed %d rows, want 1", tag.RowsAffected())
			}
			want := c.want + " " + f.Code + ": "
			if p := problems(t, s); !strings.Contains(p, want) {
				t.Errorf("verify reports:\n%s\nwant a problem starting %q", p, want)
			}
		})
	}
}

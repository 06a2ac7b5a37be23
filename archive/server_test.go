package archive

import (
	"context"
	"errors"
	neturl "net/url"
	"path/filepath"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/internal/pgtest"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://shendang:%E7%A7%98%E5%AF%86@db.example:5432/archive?sslmode=require", "postgres://shendang@db.example:5432/archive?sslmode=require"},
		{"postgres://shendang@db.example/archive", "postgres://shendang@db.example/archive"},
		{"postgresql://db.example/archive", "postgresql://db.example/archive"},
		{"postgres://a b:%zz@x/", "（无法解析的服务器地址）"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsServerAddress(t *testing.T) {
	for in, want := range map[string]bool{
		"postgres://x/y": true, "POSTGRESQL://x/y": true, "/home/审档/store": false, `C:\审档\store`: false, "postgres": false,
	} {
		if got := IsServerAddress(in); got != want {
			t.Errorf("IsServerAddress(%q): got %v, want %v", in, got, want)
		}
	}
}

// TestOpenServerErrors: each way a server cannot be used is said in Chinese, as ErrServer, and
// never shows the password.
func TestOpenServerErrors(t *testing.T) {
	good, err := neturl.Parse(pgtest.URL(t))
	must(t, err)
	noDB := *good
	noDB.Path = "/no_such_database"
	noDB.User = neturl.UserPassword(good.User.Username(), "口令-不应出现")
	tests := []struct {
		name, url, want string
	}{
		{"unreachable", "postgres://u:口令-不应出现@127.0.0.1:1/x?connect_timeout=5", "连不上单位服务器"},
		{"no such database", noDB.String(), "没有这个数据库"},
		{"not a URL", "postgres://u:口令-不应出现@[::1/x", "地址写得不对"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenServer(context.Background(), tt.url)
			msg, ok := Message(err)
			if !errors.Is(err, ErrServer) || !ok || !strings.Contains(msg, tt.want) {
				t.Fatalf("got %v (%q), want ErrServer saying %q", err, msg, tt.want)
			}
			if strings.Contains(err.Error(), "口令-不应出现") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

// TestProbeServer: a probe says what OpenServer would find, in each state of the database,
// and changes nothing: an empty database stays without tables.
func TestProbeServer(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, url string)
		want    ServerProbe
		wantErr error
		said    string
	}{
		{"empty database", nil, ServerProbe{}, nil, ""},
		{"tables, no office yet", func(t *testing.T, url string) { openClose(t, url) }, ServerProbe{Ready: true}, nil, ""},
		{"an office of two", func(t *testing.T, url string) {
			s, err := OpenServer(ctx, url)
			must(t, err)
			defer s.Close()
			must(t, s.SetUp(User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password", probeSettings))
			must(t, s.CreateUser("admin", User{Name: "wangwu", FullName: "王五", Roles: []Role{RoleDrafter}, Division: "LSC"}, "wangwu-password"))
		}, ServerProbe{Ready: true, Users: 2, Fonds: "厦门市司法局"}, nil, ""},
		{"newer tables", func(t *testing.T, url string) {
			openClose(t, url)
			pgExec(t, url, `UPDATE shendang_schema SET version = 99`)
		}, ServerProbe{}, ErrIncompatibleStore, "较新版本"},
		{"newer records", func(t *testing.T, url string) {
			openClose(t, url)
			pgExec(t, url, `UPDATE shendang_kv SET value = '99'::bytea WHERE key = 'meta/schema'::bytea`)
		}, ServerProbe{}, ErrIncompatibleStore, "单位服务器上的审档数据由较新版本"},
		{"someone else's table", func(t *testing.T, url string) {
			pgExec(t, url, `CREATE TABLE shendang_schema (name text)`)
		}, ServerProbe{}, ErrIncompatibleStore, "不是审档建立的"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := pgtest.URL(t)
			if tt.prepare != nil {
				tt.prepare(t, url)
			}
			got, err := ProbeServer(ctx, url)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got %v, want %v", err, tt.wantErr)
			}
			if msg, _ := Message(err); !strings.Contains(msg, tt.said) {
				t.Errorf("got message %q, want it to say %q", msg, tt.said)
			}
			if err != nil {
				return
			}
			if !strings.HasPrefix(got.Where, "单位服务器 127.0.0.1:") {
				t.Errorf("got where %q, want the server named", got.Where)
			}
			got.Where = ""
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	t.Run("leaves an empty database alone", func(t *testing.T) {
		url := pgtest.URL(t)
		if _, err := ProbeServer(ctx, url); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := pgConnect(t, url).QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename LIKE 'shendang%'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("tables after a probe: got %d, %v, want 0", n, err)
		}
	})
}

// TestServerPassword: a server that asks for a password nobody gave is ErrPasswordNeeded (and
// ErrServer); one given wrong is the refused user name or password; the right one opens.
func TestServerPassword(t *testing.T) {
	url, password := pgtest.PasswordURL(t)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	with := func(p string) string {
		u, err := neturl.Parse(url)
		must(t, err)
		u.User = neturl.UserPassword(u.User.Username(), p)
		return u.String()
	}
	tests := []struct {
		name    string
		url     string
		env     string
		wantErr error
		said    string
	}{
		{"none given", url, "", ErrPasswordNeeded, "要求输入密码"},
		{"wrong", with("不对"), "", ErrServer, "拒绝了这个用户名或密码"},
		{"in the URL", with(password), "", nil, ""},
		{"in PGPASSWORD", url, password, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PGPASSWORD", tt.env)
			for _, open := range []func() error{
				func() error { _, err := ProbeServer(context.Background(), tt.url); return err },
				func() error {
					s, err := OpenServer(context.Background(), tt.url)
					if err == nil {
						s.Close()
					}
					return err
				},
			} {
				err := open()
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				if msg, _ := Message(err); !strings.Contains(msg, tt.said) {
					t.Errorf("got message %q, want it to say %q", msg, tt.said)
				}
				if err != nil && strings.Contains(err.Error(), password) {
					t.Errorf("the error shows the password: %v", err)
				}
			}
		})
	}
	if !errors.Is(ErrPasswordNeeded, ErrServer) {
		t.Error("ErrPasswordNeeded is not an ErrServer")
	}
}

// probeSettings are the settings of the office TestProbeServer sets up.
var probeSettings = Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"LSC", "律师工作处"}}, DefaultRetention: Years10}

// openClose opens the store on the server at url once, which makes its tables.
func openClose(t *testing.T, url string) {
	t.Helper()
	s, err := OpenServer(context.Background(), url)
	must(t, err)
	must(t, s.Close())
}

// pgExec runs sql on the database at url.
func pgExec(t *testing.T, url, sql string) {
	t.Helper()
	if _, err := pgConnect(t, url).Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

package archive

import (
	"context"
	"errors"
	"net/url"
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
	good, err := url.Parse(pgtest.URL(t))
	must(t, err)
	noDB := *good
	noDB.Path = "/no_such_database"
	noDB.User = url.UserPassword(good.User.Username(), "口令-不应出现")
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

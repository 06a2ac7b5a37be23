package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanStart(t *testing.T) {
	const given, kept = "postgres://a@given/x", "postgres://b@kept/y"
	tests := []struct {
		name       string
		given      string
		remembered storeChoice
		localStore bool
		tour       bool
		want       startPlan
	}{
		{"first start", "", storeChoice{}, false, false, startPlan{ask: true}},
		{"the data directory's store", "", storeChoice{}, true, false, startPlan{}},
		{"a remembered server wins over the local store", "", storeChoice{Server: kept}, true, false, startPlan{server: kept, remembered: true}},
		{"--store wins over the remembered server", given, storeChoice{Server: kept}, true, false, startPlan{server: given}},
		{"--store on a first start", given, storeChoice{}, false, false, startPlan{server: given}},
		{"the tour never asks", "", storeChoice{}, false, true, startPlan{}},
		{"the tour on --store", given, storeChoice{}, false, true, startPlan{server: given}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := planStart(tt.given, tt.remembered, tt.localStore, tt.tour); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestServerAddressURL(t *testing.T) {
	tests := []struct {
		name     string
		addr     serverAddress
		password string
		want     string // the URL, or the start of the sentence
	}{
		{"plain", serverAddress{host: "db.example.gov.cn", port: "5432", database: "shendang", user: "clerk"}, "", "postgres://clerk@db.example.gov.cn:5432/shendang"},
		{"spaces trimmed", serverAddress{host: " 10.0.0.5 ", port: " 6543 ", database: " shendang ", user: " clerk "}, "", "postgres://clerk@10.0.0.5:6543/shendang"},
		{"IPv6", serverAddress{host: "::1", port: "5432", database: "shendang", user: "clerk"}, "", "postgres://clerk@[::1]:5432/shendang"},
		{"a password with @ : / and Chinese", serverAddress{host: "h", port: "5432", database: "shendang", user: "clerk"}, "p@ss:w/rd 口令", "postgres://clerk:p%40ss%3Aw%2Frd%20%E5%8F%A3%E4%BB%A4@h:5432/shendang"},
		{"a user with @", serverAddress{host: "h", port: "5432", database: "shendang", user: "wang@office"}, "", "postgres://wang%40office@h:5432/shendang"},
		{"no host", serverAddress{host: "", port: "5432", database: "shendang", user: "clerk"}, "", "请填写服务器地址"},
		{"port not a number", serverAddress{host: "h", port: "五四三二", database: "shendang", user: "clerk"}, "", "端口应为 1 到 65535"},
		{"port too high", serverAddress{host: "h", port: "70000", database: "shendang", user: "clerk"}, "", "端口应为 1 到 65535"},
		{"no database", serverAddress{host: "h", port: "5432", database: " ", user: "clerk"}, "", "请填写数据库名"},
		{"no user", serverAddress{host: "h", port: "5432", database: "shendang", user: ""}, "", "请填写用户名"},
		{"the administrator's connection settings kept", serverAddress{host: "h", port: "5432", database: "shendang", user: "clerk", query: "sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem"}, "",
			"postgres://clerk@h:5432/shendang?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.addr.url(tt.password)
			if err != nil {
				got = userMessage(err)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if err != nil {
				return
			}
			u, perr := url.Parse(got)
			if perr != nil {
				t.Fatal(perr)
			}
			if p, _ := u.User.Password(); p != tt.password || u.User.Username() != strings.TrimSpace(tt.addr.user) {
				t.Errorf("the URL gives user %q password %q, want %q %q", u.User.Username(), p, tt.addr.user, tt.password)
			}
			if back := addressOf(got); back.host != strings.TrimSpace(tt.addr.host) || back.port != strings.TrimSpace(tt.addr.port) || back.database != strings.TrimSpace(tt.addr.database) || back.query != tt.addr.query {
				t.Errorf("addressOf(%q): got %+v, want the form's fields", got, back)
			}
		})
	}
}

func TestWithPassword(t *testing.T) {
	tests := []struct{ in, password, want string }{
		{"postgres://clerk@h:5432/shendang", "a b@c", "postgres://clerk:a%20b%40c@h:5432/shendang"},
		{"postgres://clerk@h:5432/shendang", "", "postgres://clerk@h:5432/shendang"},
		{"postgres://h:5432/shendang", "x", "postgres://:x@h:5432/shendang"},
	}
	for _, tt := range tests {
		if got := withPassword(tt.in, tt.password); got != tt.want {
			t.Errorf("withPassword(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStoreChoiceFile: the remembered server is kept without its password, read back, and
// forgotten; a damaged file is an error, read as no choice.
func TestStoreChoiceFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "新的数据目录")
	if c, err := loadStoreChoice(dir); err != nil || c.Server != "" {
		t.Fatalf("nothing remembered: got %+v, %v, want none", c, err)
	}
	if err := rememberServer(dir, "postgres://clerk:%E7%A7%98%E5%AF%86@db:5432/shendang"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, choiceFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "%E7%A7%98") || strings.Contains(string(b), "clerk:") {
		t.Errorf("%s holds the password: %s", choiceFile, b)
	}
	if c, err := loadStoreChoice(dir); err != nil || c.Server != "postgres://clerk@db:5432/shendang" {
		t.Errorf("read back: got %+v, %v, want the server without its password", c, err)
	}
	if err := rememberServer(dir, "postgres://clerk:口令@db/x"); err == nil {
		t.Error("remembered a server address that does not parse")
	}
	if err := forgetServer(dir); err != nil {
		t.Fatal(err)
	}
	if err := forgetServer(dir); err != nil {
		t.Errorf("forget twice: %v", err)
	}
	if c, err := loadStoreChoice(dir); err != nil || c.Server != "" {
		t.Errorf("forgotten: got %+v, %v, want none", c, err)
	}
	for _, bad := range []string{"{", `{"server": "/home/审档"}`} {
		write(t, filepath.Join(dir, choiceFile), bad)
		if c, err := loadStoreChoice(dir); err == nil || c.Server != "" {
			t.Errorf("%s holding %q: got %+v, %v, want an error and no choice", choiceFile, bad, c, err)
		}
	}
}

// FuzzStoreChoice: whatever the file holds, reading it neither panics nor gives a server that
// is not a postgres:// URL.
func FuzzStoreChoice(f *testing.F) {
	for _, seed := range []string{"", "{}", `{"server":"postgres://a@b/c"}`, `{"server":"/x"}`, "{", "null", `{"server":1}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, choiceFile), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := loadStoreChoice(dir)
		if err != nil && c.Server != "" {
			t.Errorf("an error with a server %q", c.Server)
		}
		if c.Server != "" && !strings.HasPrefix(strings.ToLower(c.Server), "postgres") {
			t.Errorf("got server %q, want a postgres:// URL", c.Server)
		}
	})
}

// FuzzServerAddress: whatever is typed into the form, the URL made of it either is refused
// with a sentence or gives back the same user, password and database, and never panics.
func FuzzServerAddress(f *testing.F) {
	f.Add("db.example.gov.cn", "5432", "shendang", "clerk", "p@ss:w/rd 口令")
	f.Add("::1", "1", "库", "wang@office", "")
	f.Add("h", "0", "", "", "%zz")
	f.Fuzz(func(t *testing.T, host, port, database, user, password string) {
		got, err := serverAddress{host: host, port: port, database: database, user: user}.url(password)
		if err != nil {
			if userMessage(err) == "" {
				t.Fatal("refused without a sentence")
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Skip("a host net/url cannot carry") // refused again when connecting, in Chinese
		}
		p, _ := u.User.Password()
		if u.User.Username() != strings.TrimSpace(user) || p != password {
			t.Errorf("%q gives user %q password %q, want %q %q", got, u.User.Username(), p, strings.TrimSpace(user), password)
		}
		if u.Path != "/"+strings.TrimSpace(database) {
			t.Errorf("%q gives database %q, want %q", got, u.Path, strings.TrimSpace(database))
		}
	})
}

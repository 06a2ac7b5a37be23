package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"shendang.gov.cn/shendang/archive"
)

// choiceFile names the file in the data directory that remembers which store the window opens:
// the office server's URL, never its password (the password comes from PGPASSWORD, the .pgpass
// file, or is asked for at each start).
const choiceFile = "store.json"

// storeChoice is what choiceFile holds.
type storeChoice struct {
	// Server is the office server's postgres:// URL without the password; "" for the data
	// directory's own store.
	Server string `json:"server,omitempty"`
}

// loadStoreChoice reads the remembered choice of dataDir; the zero choice when there is none.
// A file that cannot be read or holds no server URL is an error, for the log: the window then
// starts as if nothing was remembered.
func loadStoreChoice(dataDir string) (storeChoice, error) {
	var c storeChoice
	b, err := os.ReadFile(filepath.Join(dataDir, choiceFile))
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err == nil && c.Server != "" && !archive.IsServerAddress(c.Server) {
		err = errors.New("not a postgres:// URL")
	}
	if err != nil {
		return storeChoice{}, fmt.Errorf("read %s: %w", filepath.Join(dataDir, choiceFile), err)
	}
	return c, nil
}

// rememberServer makes the window open on the server at serverURL at its next starts; the
// password, if the URL holds one, is dropped before anything is written.
func rememberServer(dataDir, serverURL string) error {
	u, err := url.Parse(serverURL)
	if err != nil {
		return errors.New("remember the server: its address does not parse") // the error would show the password
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	b, err := json.MarshalIndent(storeChoice{Server: u.String()}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	return writeFileAtomically(filepath.Join(dataDir, choiceFile), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// forgetServer makes the window open on the data directory's own store again.
func forgetServer(dataDir string) error {
	err := os.Remove(filepath.Join(dataDir, choiceFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// hasLocalStore reports whether dataDir holds a store of its own.
func hasLocalStore(dataDir string) bool {
	_, err := os.Stat(filepath.Join(storeDir(dataDir), "MANIFEST"))
	return err == nil
}

// startPlan is where the window opens.
type startPlan struct {
	server     string // the office server's URL; "" for the data directory's store or the question
	remembered bool   // server is the remembered choice, which the person may change at start
	ask        bool   // nothing says where: ask 本机使用 or 连接单位服务器
}

// planStart decides where the window opens: --store or SHENDANG_STORE (given), then the
// remembered server, then the data directory's own store; a data directory with none of these
// asks. The tour shows the data directory's store, as before there was a question.
func planStart(given string, remembered storeChoice, localStore, tour bool) startPlan {
	switch {
	case given != "":
		return startPlan{server: given}
	case tour:
		return startPlan{}
	case remembered.Server != "":
		return startPlan{server: remembered.Server, remembered: true}
	case localStore:
		return startPlan{}
	}
	return startPlan{ask: true}
}

// serverAddress is the office server as the connection form asks for it.
type serverAddress struct {
	host, port, database, user string
	// query is what the URL says after ?: the connection settings an administrator wrote in
	// the address by hand (sslmode=verify-full…). The form does not show it, and keeps it.
	query string
}

// defaultServer is what the form shows before anything is typed.
var defaultServer = serverAddress{port: "5432", database: "shendang"}

// url is the address as a postgres:// URL, with password when one is given; net/url escapes
// what a user name, password or database may hold. Errors: a userError naming the field to
// fill in or correct.
func (a serverAddress) url(password string) (string, error) {
	a.host, a.port = strings.TrimSpace(a.host), strings.TrimSpace(a.port)
	a.database, a.user = strings.TrimSpace(a.database), strings.TrimSpace(a.user)
	port, err := strconv.Atoi(a.port)
	switch {
	case a.host == "":
		return "", userError("请填写服务器地址（主机名或 IP 地址）。")
	case err != nil || port < 1 || port > 65535:
		return "", userError("端口应为 1 到 65535 之间的数字，通常是 5432。")
	case a.database == "":
		return "", userError("请填写数据库名，通常是 shendang。")
	case a.user == "":
		return "", userError("请填写用户名。")
	}
	u := url.URL{Scheme: "postgres", User: url.User(a.user), Host: net.JoinHostPort(a.host, a.port), Path: "/" + a.database, RawQuery: a.query}
	if password != "" {
		u.User = url.UserPassword(a.user, password)
	}
	return u.String(), nil
}

// addressOf reads the form's fields back from a server URL, for changing the connection; what
// it cannot read stays as defaultServer has it.
func addressOf(serverURL string) serverAddress {
	a := defaultServer
	u, err := url.Parse(serverURL)
	if err != nil {
		return a
	}
	a.host = u.Hostname()
	if p := u.Port(); p != "" {
		a.port = p
	}
	if db := strings.TrimPrefix(u.Path, "/"); db != "" {
		a.database = db
	}
	if u.User != nil {
		a.user = u.User.Username()
	}
	a.query = u.RawQuery
	return a
}

// place names the server and database for a person, as the status line does: host:port/db.
func (a serverAddress) place() string { return net.JoinHostPort(a.host, a.port) + "/" + a.database }

// withPassword is serverURL with password in it, for connecting; never for showing or saving.
func withPassword(serverURL, password string) string {
	u, err := url.Parse(serverURL)
	if err != nil || password == "" {
		return serverURL
	}
	name := ""
	if u.User != nil {
		name = u.User.Username()
	}
	u.User = url.UserPassword(name, password)
	return u.String()
}

// userOf is the user name in a server URL, "" when it names none.
func userOf(serverURL string) string {
	u, err := url.Parse(serverURL)
	if err != nil || u.User == nil {
		return ""
	}
	return u.User.Username()
}

package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// server is a PostgreSQL cluster this binary made and runs.
type server struct {
	dir    string // the temporary directory: data/ and postgres.log
	port   int
	cmd    *exec.Cmd
	exited chan struct{} // closed when postgres has exited
}

// dirPrefix starts the name of every cluster directory, followed by the owning test binary's
// process id, so that a later run can remove the ones whose binary is gone.
const dirPrefix = "shendang-pgtest-"

// startServer runs initdb in a new temporary directory and starts postgres on it.
func startServer() (*server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	sweep()
	dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", dirPrefix, os.Getpid()))
	if err != nil {
		return nil, err
	}
	attr, err := procAttr(dir)
	if err == nil {
		err = initdb(bin, dir, attr)
	}
	for try := 0; err == nil && try < 3; try++ {
		var s *server
		if s, err = launch(bin, dir, attr); err == nil {
			return s, nil
		}
		if !strings.Contains(err.Error(), "could not bind") {
			break
		}
	}
	_ = os.RemoveAll(dir)
	return nil, err
}

// findBin returns the directory that holds initdb and postgres: PATH first, then Debian's
// /usr/lib/postgresql/<version>/bin (newest version first) and the PGDG layout /usr/pgsql-*/bin.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	var dirs []string
	for _, pattern := range []string{"/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin"} {
		m, _ := filepath.Glob(pattern)
		sort.Slice(m, func(i, j int) bool { return version(m[i]) > version(m[j]) })
		dirs = append(dirs, m...)
	}
	for _, d := range dirs {
		if isFile(filepath.Join(d, "initdb")) && isFile(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL is not installed: no initdb on PATH, under /usr/lib/postgresql/*/bin or /usr/pgsql-*/bin")
}

// version is the major version in a directory name such as /usr/lib/postgresql/15/bin.
func version(dir string) int {
	for _, part := range strings.FieldsFunc(dir, func(r rune) bool { return r == '/' || r == '-' }) {
		if n, err := strconv.Atoi(part); err == nil {
			return n
		}
	}
	return 0
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// sweep removes the directories of clusters whose test binary is no longer running.
func sweep() {
	m, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, d := range m {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(filepath.Base(d), dirPrefix), "-", 2)[0])
		if err == nil && pid != os.Getpid() && !alive(pid) {
			_ = os.RemoveAll(d)
		}
	}
}

// initdb makes the cluster in dir/data: trust authentication (it listens on 127.0.0.1 only)
// except for the members of passwordRole, who must give their password (scram-sha-256);
// UTF-8, the C locale, no fsync.
func initdb(bin, dir string, attr *syscall.SysProcAttr) error {
	cmd := exec.Command(filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"),
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	cmd.Dir, cmd.SysProcAttr = dir, attr
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	// pg_hba.conf is read top down, first match wins: these lines go before initdb's trust.
	hba := filepath.Join(dir, "data", "pg_hba.conf")
	trust, err := os.ReadFile(hba)
	if err != nil {
		return err
	}
	first := fmt.Sprintf("host all +%[1]s 127.0.0.1/32 scram-sha-256\nhost all +%[1]s ::1/128 scram-sha-256\n", passwordRole)
	return os.WriteFile(hba, append([]byte(first), trust...), 0o600)
}

// DurableEnv is the variable that, set to 1, starts the test server with PostgreSQL's durability settings as an
// office server runs (fsync, synchronous commit, full page writes): for benchmarks whose
// figures must mean what they would on the office's server. Otherwise they are off, as tests
// need no durability.
const DurableEnv = "SHENDANG_PGTEST_DURABLE"

// durability is the server settings DurableEnv chooses.
func durability() []string {
	if os.Getenv(DurableEnv) == "1" {
		return []string{"-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on"}
	}
	return []string{"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"}
}

// launch starts postgres on a free port, without unix sockets and with durability off (see
// DurableEnv), and waits until it takes connections.
func launch(bin, dir string, attr *syscall.SysProcAttr) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "postgres.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // postgres has its own descriptor once started
	args := append([]string{"-D", filepath.Join(dir, "data"),
		"-p", strconv.Itoa(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "max_connections=200", "-c", "shared_buffers=32MB"}, durability()...)
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Dir, cmd.SysProcAttr = dir, attr
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	s := &server{dir: dir, port: port, cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.exited) }()
	if err := s.ready(30 * time.Second); err != nil {
		s.stop()
		log, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	return s, nil
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on just now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// ready waits until the server accepts a connection, it exits, or limit passes.
func (s *server) ready(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := pgx.Connect(ctx, s.url().String())
		cancel()
		if err == nil {
			return c.Close(context.Background())
		}
		select {
		case <-s.exited:
			return errors.New("postgres exited while starting")
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not take connections within %v: %w", limit, err)
		}
	}
}

// url is the admin URL of the server's postgres database.
func (s *server) url() *url.URL {
	return &url.URL{Scheme: "postgres", User: url.User("postgres"),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)), Path: "/postgres",
		RawQuery: "sslmode=disable"}
}

// stop asks postgres for a fast shutdown, kills it after ten seconds, and removes the directory.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	_ = os.RemoveAll(s.dir)
}
